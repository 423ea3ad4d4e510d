package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

// checkstyleWriter writes checkstyle XML: a <file> per file with findings,
// an <error> per finding. reviewdog -f=checkstyle and Jenkins' warnings
// plugin read it.
type checkstyleWriter struct {
	w   io.Writer
	err error
}

func newCheckstyleWriter(w io.Writer) *checkstyleWriter {
	c := &checkstyleWriter{w: w}
	c.printf("%s<checkstyle version=\"4.3\">\n", xml.Header)
	return c
}

func (c *checkstyleWriter) printf(format string, args ...any) {
	if c.err == nil {
		_, c.err = fmt.Fprintf(c.w, format, args...)
	}
}

func checkstyleSeverity(l rules.Level) string {
	switch l {
	case rules.LevelError:
		return "error"
	case rules.LevelWarning:
		return "warning"
	}
	return "info"
}

func (c *checkstyleWriter) Add(fs []Finding) error {
	if len(fs) == 0 {
		return c.err
	}
	c.printf("  <file name=\"%s\">\n", xmlAttr(fs[0].Path))
	for _, f := range fs {
		c.printf("    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"%s\" source=\"gdlint.%s\"/>\n",
			f.Start.Line, f.Start.ByteColumn, checkstyleSeverity(f.Level), xmlAttr(f.Message), f.Rule.ID)
	}
	c.printf("  </file>\n")
	return c.err
}

func (c *checkstyleWriter) Finish(*Summary) error {
	c.printf("</checkstyle>\n")
	return c.err
}

// xmlAttr escapes s for an XML attribute, after textsafe.Clean (what a
// terminal would act on is written as \x1b): XML 1.0 allows no control
// character but tab and the line breaks, and strangers' text may hold one.
func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(strings.Map(xmlChar, textsafe.Clean(s))))
	return strings.NewReplacer(`"`, "&#34;", "\n", "&#xA;", "\t", "&#x9;").Replace(b.String())
}

func xmlChar(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return r
	case r < 0x20, r >= 0xD800 && r < 0xE000, r == 0xFFFE, r == 0xFFFF:
		return '\uFFFD'
	}
	return r
}
