package driver

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

// unifiedDiff is the --diff output for one file, with the names git
// writes: a/PATH and b/PATH, quoted the way git quotes them when they hold
// a tab, a newline, a quote or a backslash, so that `git apply` reads the
// whole name (unquoted, it ends a name at a tab).
func unifiedDiff(path string, old, new []byte) []byte {
	return diff.Diff(gitQuote("a/"+path), old, gitQuote("b/"+path), new)
}

// gitQuote quotes a path as git does (quote.c): in double quotes, with C
// escapes for the usual controls and octal for other bytes below 0x20
// and DEL; a path that needs none is left as it is.
func gitQuote(p string) string {
	needs := false
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '"' || c == '\\' {
			needs = true
			break
		}
	}
	if !needs {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// DiffWriter writes the --diff output. A diff shows the repository's own
// lines, which can be anything, including a GitHub workflow command; under
// GitHub Actions it is wrapped in ::stop-commands::, the runner's own way
// to print text it must not act on, with a token nobody can guess.
type DiffWriter struct {
	W io.Writer
	// Actions is true under GitHub Actions (GITHUB_ACTIONS=true).
	Actions bool
	token   string
}

// Add writes one file's diff.
func (d *DiffWriter) Add(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if d.Actions && d.token == "" {
		var raw [16]byte
		_, _ = rand.Read(raw[:])
		d.token = "gdlint-diff-" + hex.EncodeToString(raw[:])
		if _, err := fmt.Fprintf(d.W, "::stop-commands::%s\n", d.token); err != nil {
			return err
		}
	}
	_, err := d.W.Write(b)
	return err
}

// Close ends the output; it writes nothing unless commands were stopped.
func (d *DiffWriter) Close() error {
	if d.token == "" {
		return nil
	}
	_, err := fmt.Fprintf(d.W, "::%s::\n", d.token)
	return err
}
