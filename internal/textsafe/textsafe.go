// Package textsafe keeps text from strangers from acting where gdlint
// prints it: in a terminal, and in a CI log whose runner executes workflow
// commands. It knows nothing of findings or formats; every writer of text
// goes through it.
package textsafe

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// A repository is written by strangers, and its file names and lines reach
// terminals and CI logs. Two layers keep them from acting there:
//
//   - Clean escapes, in every value gdlint prints, what a terminal or a
//     log viewer would act on: C0 and C1 control characters (ESC and CSI
//     start escape and OSC sequences, BEL rings, CR rewrites the line), DEL
//     and the Unicode line separators. A tab stays a tab.
//   - GuardWriter sits on every line-oriented stream that is not meant to
//     hold workflow commands (the text and Markdown reports, logs, errors)
//     and escapes what the GitHub Actions runner would execute: "::" as the
//     first non-blank characters of a line, and "##[" anywhere in one.
//
// Escapes are Go-style (\x1b, \u2028), so what was there can be read back.

// Clean escapes control characters in s; see above.
func Clean(s string) string { return CleanKeeping(s, -1) }

// CleanKeeping is Clean, but leaves the character keep as it is: a
// workflow command's message escapes its newlines its own way.
func CleanKeeping(s string, keep rune) string {
	needsEscape := func(r rune) bool { return r != keep && needsEscape(r) }
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r) || r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r < 0x20 && r != '\t' || r >= 0x7f && r <= 0x9f || r == 0x2028 || r == 0x2029
}

// GuardWriter escapes workflow commands line by line: a line whose first
// non-blank characters are "::" gets its first ':' written as \x3a, and
// every "##[" is written as ##\x5b. It holds back at most the start of an
// unfinished line, so it can tell where lines start.
type GuardWriter struct {
	w       io.Writer
	pending []byte       // the start of the current line, while it is only blanks or ':'
	midLine bool         // the current line already has a non-blank character written
	hashes  int          // trailing '#' characters written, which a '[' would complete
	out     bytes.Buffer // reused by every Write: the text report writes per finding
}

func NewGuardWriter(w io.Writer) *GuardWriter { return &GuardWriter{w: w} }

func (g *GuardWriter) Write(p []byte) (int, error) {
	g.out.Reset()
	for _, c := range p {
		g.put(&g.out, c)
	}
	_, err := g.w.Write(g.out.Bytes())
	return len(p), err
}

func (g *GuardWriter) put(out *bytes.Buffer, c byte) {
	if !g.midLine {
		switch {
		case c == ' ' || c == '\t':
			g.pending = append(g.pending, c)
			return
		case c == ':':
			if n := len(g.pending); n > 0 && g.pending[n-1] == ':' {
				out.Write(g.pending[:n-1])
				out.WriteString(`\x3a:`)
				g.pending, g.midLine = g.pending[:0], true
				return
			}
			g.pending = append(g.pending, c)
			return
		}
		out.Write(g.pending)
		g.pending, g.midLine = g.pending[:0], true
	}
	switch {
	case c == '\n':
		g.midLine, g.hashes = false, 0
	case c == '[' && g.hashes >= 2:
		out.WriteString(`\x5b`) // "##" is out already: the '[' is escaped
		g.hashes = 0
		return
	case c == '#':
		g.hashes++
	default:
		g.hashes = 0
	}
	out.WriteByte(c)
}

// Flush writes what is held back of an unfinished line.
func (g *GuardWriter) Flush() error {
	if len(g.pending) == 0 {
		return nil
	}
	_, err := g.w.Write(g.pending)
	g.pending, g.midLine = g.pending[:0], true
	return err
}

// lockedWriter serialises writes: the workers log, the progress line
// ticks and the run reports on one stderr.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// GuardedStderr is the stderr every part of a run writes to: serialised,
// and with workflow commands escaped.
func GuardedStderr(w io.Writer) io.Writer {
	return &lockedWriter{w: NewGuardWriter(w)}
}

// JSONSafe rewrites JSON that encoding/json wrote so that no string in it
// holds what a CI log or a terminal would act on: "##[" becomes
// "#\u0023[" (the runner executes "##[command]" anywhere in a line), and
// DEL and the C1 controls, which encoding/json leaves raw, become \u
// escapes. Every such byte sits inside a string, since JSON's own syntax
// is none of them, so the value read back is the same.
func JSONSafe(b []byte) []byte {
	if !bytes.Contains(b, []byte("##[")) && bytes.IndexByte(b, 0x7f) < 0 && bytes.IndexByte(b, 0xc2) < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '#' && i+2 < len(b) && b[i+1] == '#' && b[i+2] == '[':
			out = append(out, `#\u0023[`...)
			i += 2
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, b[i+1])
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}
