package rules

import (
	"sort"

	"github.com/gdlint/gdlint/scanner"
)

// DeadEvent is one EventBridge source or detail-type no event carries
// (rules/data/events.json): kept by hand, since AWS publishes no such
// list, each with the page that shows it.
type DeadEvent struct {
	Field     string   `json:"field"` // "source" or "detail-type"
	Value     string   `json:"value"`
	Service   string   `json:"service"`
	RetiredOn string   `json:"retired,omitempty"` // YYYY-MM-DD, or empty: never sent, or no date given
	Instead   []string `json:"instead"`           // what events carry instead
	Why       string   `json:"why"`
	URL       string   `json:"url"`
	Checked   string   `json:"checked"`
	// Clients are how code names a retired service's SDK client, quoted
	// or in its package's name ('inspector', @aws-sdk/client-inspector,
	// not inspector2's), and Operations the API operations only that
	// service had (DescribeFindings): in code that names the client, a
	// call of one is a call into an API AWS revoked.
	Clients          []string `json:"clients,omitempty"`
	Operations       []string `json:"operations,omitempty"`
	OperationsSource string   `json:"operations_source,omitempty"`
}

// BuiltinDeadEvents returns the embedded list, a fresh copy.
func BuiltinDeadEvents() []DeadEvent {
	return cloneDeadEvents(dataDeadEvents)
}

// deadEvent returns the entry of events.json for a field ("source",
// "detail-type") and value, or nil. The list is a handful of entries, each
// (field, value) once (TestDeadEventsAreUnique): a scan costs less than a
// map's key and hash, and nothing is built at start.
func deadEvent(field, value string) *DeadEvent {
	for i := range dataDeadEvents {
		if e := &dataDeadEvents[i]; e.Value == value && e.Field == field {
			return e
		}
	}
	return nil
}

// envelopeFields are the top-level fields of every EventBridge event: a
// pattern's top-level keys can only match these.
var envelopeFields = []string{"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail", "replay-name"}

// envelopeField returns the envelope field a pattern key spells, exactly
// or not (detailType, detail_type, Source), or "". It is called for every
// key of every object, so it allocates nothing.
func envelopeField(key string) string {
	if len(key) > 2*len("replay-name") {
		return ""
	}
	var buf [2 * len("replay-name")]byte
	norm := buf[:0]
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == '-' || c == '_':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		norm = append(norm, c)
	}
	for _, f := range envelopeFields {
		if squashed(f) == string(norm) {
			return f
		}
	}
	return ""
}

// squashed is an envelope field without its dash: detailtype.
func squashed(f string) string {
	switch f {
	case "detail-type":
		return "detailtype"
	case "replay-name":
		return "replayname"
	}
	return f
}

// isEventPattern reports whether an object has an EventBridge pattern's
// shape: every key is an envelope field in some spelling (or $or), and a
// source or detail-type, in some spelling, holds a list, as every value a
// pattern matches on must. A sample event (its source a string) or a
// resource's properties (other keys) is not one.
func isEventPattern(n *scanner.Node) bool {
	if n.Kind != scanner.Object || len(n.Fields) == 0 {
		return false
	}
	list := false
	for _, f := range n.Fields {
		if f.Key == "$or" {
			continue
		}
		field := envelopeField(f.Key)
		if field == "" {
			return false
		}
		if v := f.Value.Value(); (field == "source" || field == "detail-type") && v != nil && v.Kind == scanner.Array {
			list = true
		}
	}
	return list
}

// eventPatterns returns the objects of a tree with a pattern's shape, in
// source order, nested documents included. A pattern's detail holds the
// service's own fields, which may be called anything: only its $or
// branches are searched for more patterns.
// fileMemo holds what several rules read from one file, worked out once
// for all of them: a tree walk each would cost the hot path twice.
type fileMemo struct {
	patterns     []*scanner.Node
	patternsRead bool
	// shFields are the Security Hub fields GDL007 and GDL008 read
	// (securityHubFields).
	shFields     []scanner.Field
	shFieldsRead bool
	// consolidation says whether the file may hold what GDL007 and GDL008
	// report (mayHoldConsolidation), worked out once for both.
	consolidation     bool
	consolidationRead bool
}

// eventPatterns is the file's EventBridge patterns (eventPatterns of its
// root), found once for GDL005 and GDL006.
func (p *Pass) eventPatterns() []*scanner.Node {
	if p.file == nil {
		return eventPatterns(p.File.Root)
	}
	if !p.file.patternsRead {
		p.file.patterns, p.file.patternsRead = eventPatterns(p.File.Root), true
	}
	return p.file.patterns
}

func eventPatterns(root *scanner.Node) []*scanner.Node {
	var out []*scanner.Node
	scanner.Walk(root, func(n *scanner.Node) bool {
		if !isEventPattern(n) {
			return true
		}
		out = append(out, n)
		for _, f := range n.Fields {
			if f.Key == "$or" {
				out = append(out, eventPatterns(f.Value)...)
			}
		}
		return false
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start < out[j].Range.Start })
	return out
}

// patternCategory is what the text at r is, for the event-pattern rules:
// a document's, a sample's, code's or a live value. A pattern is read
// from the file's tree, so it is never in a comment (and File.InComment,
// which is "outside every string" in HCL, would take a bare key for one).
func (p *Pass) patternCategory(r scanner.Range) Category {
	switch {
	case p.File.Prose:
		return CategoryProse
	case p.inSample(Match{Start: r.Start, End: r.End}):
		return CategorySample
	case p.inProse(Match{Start: r.Start, End: r.End}):
		return CategoryProse
	case p.File.Format.IsCode():
		return CategoryCode
	}
	return CategoryValue
}
