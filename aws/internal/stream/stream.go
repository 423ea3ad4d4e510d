// Package stream writes what gdlint-aws read as the stream gdlint aws
// lints: JSON lines, versioned, the only interface between the two
// programs (docs/design.md, "The gdlint-aws stream"). The first line is
// the header, {"stream":"gdlint-aws","version":1}; then lines by "type":
//
//	progress  {"done","total"}: account-region pairs read, of those known
//	resource  {"arn","kind","name","region","account","document",
//	          "controlFindingGenerator"}: one deployed rule, filter or
//	          insight; document is its JSON, as a string, so that line
//	          and column in it are exact; controlFindingGenerator is
//	          Security Hub's setting in its account and region, as
//	          DescribeHub gave it, absent where it is not known
//	gap       {"service","operations","reason","failure","places":[{"account","region"}],
//	          "what","where"}: what was not read; failure: the run must
//	          fail; what and where say it in words
//	coverage  {"accounts","regions"}: where something was read
//	failure   {"message"}: not everything was read; what came before is
//	          reported and the run fails
//	error     {"message","detail"}: nothing was read (no credentials, no
//	          region); there is no report
//	end       the stream is whole: without it, the reader must fail
//
// A reader fails on a version or a type it does not know: a new line type
// is a new version. Fields are only added within a version.
package stream

import (
	"encoding/json"
	"io"
	"sync"
)

// Version is the stream's version.
const Version = 1

// Place is an account and region ("" for the account as a whole).
type Place struct {
	Account string `json:"account"`
	Region  string `json:"region,omitempty"`
}

// Line is one line of the stream; Type says which fields it has.
type Line struct {
	Type string `json:"type"`

	Done  int `json:"done,omitempty"`
	Total int `json:"total,omitempty"`

	ARN      string `json:"arn,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Name     string `json:"name,omitempty"`
	Region   string `json:"region,omitempty"`
	Account  string `json:"account,omitempty"`
	Document string `json:"document,omitempty"`
	// ControlFindingGenerator is optional: a reader that does not know
	// it, or a line without it, leaves the setting unknown, which the
	// rules read as "not known" (warnings), never as a pass.
	ControlFindingGenerator string `json:"controlFindingGenerator,omitempty"`

	Service    string   `json:"service,omitempty"`
	Operations []string `json:"operations,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	Failure    bool     `json:"failure,omitempty"`
	Places     []Place  `json:"places,omitempty"`
	What       string   `json:"what,omitempty"`  // the gap's service and operations, for people
	Where      string   `json:"where,omitempty"` // its places, grouped, for people

	Accounts []string `json:"accounts,omitempty"`
	Regions  []string `json:"regions,omitempty"`

	Message string `json:"message,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// Writer writes a stream; its methods may be called from several
// goroutines.
type Writer struct {
	mu  sync.Mutex
	enc *json.Encoder
	err error
}

// NewWriter writes the header to w.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	s := &Writer{enc: enc}
	s.err = enc.Encode(struct {
		Stream  string `json:"stream"`
		Version int    `json:"version"`
	}{"gdlint-aws", Version})
	return s
}

// Write writes one line.
func (s *Writer) Write(l Line) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = s.enc.Encode(l)
	}
}

// End writes the end line, and gives the first error of writing.
func (s *Writer) End() error {
	s.Write(Line{Type: "end"})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
