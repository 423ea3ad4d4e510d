package report

import (
	"fmt"
	"io"

	"github.com/gdlint/gdlint/internal/textsafe"
)

// compactWriter writes one line a finding and nothing else, for editors'
// quickfix lists and problem matchers (tflint's compact, golangci-lint's
// line-number):
//
//	path:line:col: level: message [GDL001]
//
// The column counts bytes, as Vim's %c and Go's tools count it. A clean run
// writes nothing; notices go to stderr as in every format.
type compactWriter struct {
	w io.Writer
}

func (s *compactWriter) Add(fs []Finding) error {
	for _, f := range fs {
		if _, err := fmt.Fprintf(s.w, "%s:%d:%d: %s: %s [%s]\n", textsafe.Clean(f.Path), f.Start.Line, f.Start.ByteColumn,
			f.Level, textsafe.Clean(f.Message), f.Rule.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *compactWriter) Finish(*Summary) error { return nil }
