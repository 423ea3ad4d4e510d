package scanner

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// The fast readers (readHCL, readYAML) stand in front of hcl and yaml.v3
// for files in a plain subset of each format. They build exactly what the
// library path builds, or give up and leave the file to the library.

// tryFastReader runs read, a fast reader of f, which sets f's Strings
// (started empty here) and Root, or gives up by panicking with giveUp.
// Then f is left as it was, and tryFastReader reports false. Any other
// panic (a bug in the reader) is taken the same way: the library reads
// the file, so a bug costs speed, not the file; f.FastReaderBug says what
// happened, for a notice, and FastReaderBugs counts them, for tests.
func tryFastReader(f *File, read func()) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			if _, gaveUp := v.(giveUp); !gaveUp {
				fastReaderBugs.Add(1)
				f.FastReaderBug = fmt.Sprint(v)
			}
			f.Strings, f.Root, ok = nil, nil, false
		}
	}()
	f.Strings = []Range{}
	read()
	fastReads.Add(1)
	return true
}

// giveUp is the panic value with which a fast reader leaves input it
// does not read; tryFastReader recovers it.
type giveUp struct{}

// fastDepth bounds nesting in the fast readers: deeper files go to hcl or
// yaml.v3, which have their own guards.
const fastDepth = 100

// cursor is what both fast readers keep of where they are: the source, the
// offset they read at, and how many levels of nesting they are in.
type cursor struct {
	src   []byte
	pos   int
	depth int
}

func (c *cursor) giveUp() { panic(giveUp{}) }

// at returns the byte at offset i, or 0 outside the source: the one way a
// fast reader looks at a byte, here or ahead.
func (c *cursor) at(i int) byte {
	if i >= 0 && i < len(c.src) {
		return c.src[i]
	}
	return 0
}

// peek is the byte at pos, or 0 at the end.
func (c *cursor) peek() byte { return c.at(c.pos) }

func (c *cursor) eof() bool { return c.pos >= len(c.src) }

// enter counts one more level of nesting, giving up past fastDepth; every
// enter is paired with a deferred leave.
func (c *cursor) enter() {
	c.depth++
	if c.depth > fastDepth {
		c.giveUp()
	}
}

func (c *cursor) leave() { c.depth-- }

// spaces moves past ' ' characters.
func (c *cursor) spaces() {
	for c.at(c.pos) == ' ' {
		c.pos++
	}
}

// skipLine moves pos to the start of the line after the one holding i, or
// to the end.
func (c *cursor) skipLine(i int) {
	if nl := bytes.IndexByte(c.src[i:], '\n'); nl >= 0 {
		c.pos = i + nl + 1
	} else {
		c.pos = len(c.src)
	}
}

// escapeRules are the backslash escapes a format's quoted strings may hold,
// as far as a fast reader reads them: simple maps the character after '\'
// to the byte it stands for (0: not read), \uXXXX is always read,
// \UXXXXXXXX when long, and \xXX when hex. hcl and yaml.v3 agree on
// these where both allow them; an escape outside the rules makes the
// reader give up, and the library decides.
type escapeRules struct {
	simple [128]byte
	long   bool
	hex    bool
}

func newEscapeRules(long bool, pairs ...string) *escapeRules {
	e := &escapeRules{long: long}
	for _, p := range pairs {
		e.simple[p[0]] = p[1]
	}
	return e
}

var (
	hclEscapes  = newEscapeRules(true, "n\n", "r\r", "t\t", `""`, `\\`)
	yamlEscapes = &escapeRules{simple: newEscapeRules(false, "n\n", "t\t", `""`, `\\`, "  ").simple, hex: true}
)

// jsonEscapes are JSON's escapes but for surrogate pairs, which
// decodeEscapes leaves to encoding/json.
var jsonEscapes = newEscapeRules(false, "n\n", "r\r", "t\t", `""`, `\\`, "//", "b\b", "f\f")

// decodeEscapes decodes raw, a quoted string's content, by rules; anything
// else after a backslash, and an escape that is no Unicode scalar value
// (a surrogate), gives up. (Strings inside strings, where gdlint must map
// every decoded byte back to the file and read leniently, have their own
// decoder: unescape in node.go.)
func (c *cursor) decodeEscapes(raw []byte, rules *escapeRules) string {
	s, ok := decodeEscapes(raw, rules)
	if !ok {
		c.giveUp()
	}
	return s
}

// decodeEscapes is the cursor's decodeEscapes for callers that do not
// give up by panicking: it reports false where that would give up.
func decodeEscapes(raw []byte, rules *escapeRules) (string, bool) {
	var out strings.Builder // its String is its buffer: one allocation, not two
	out.Grow(len(raw))      // what it decodes is no longer than raw
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if ch != '\\' {
			out.WriteByte(ch)
			continue
		}
		i++
		if i >= len(raw) {
			return "", false
		}
		e := raw[i]
		if e < utf8.RuneSelf && rules.simple[e] != 0 {
			out.WriteByte(rules.simple[e])
			continue
		}
		n := 4
		switch {
		case e == 'u':
		case e == 'U' && rules.long:
			n = 8
		case e == 'x' && rules.hex:
			n = 2 // a code point, as \u: "\xe9" is "é"
		default:
			return "", false
		}
		if i+1+n > len(raw) {
			return "", false
		}
		v, err := strconv.ParseUint(string(raw[i+1:i+1+n]), 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return "", false
		}
		out.WriteRune(rune(v))
		i += n
	}
	return out.String(), true
}

// keySet is a set of keys (an HCL body's attributes, a YAML mapping's
// keys): a slice while small, a map beyond.
type keySet struct {
	list []string
	set  map[string]bool
}

// add adds k and reports whether it was new.
func (s *keySet) add(k string) bool {
	if s.set != nil {
		if s.set[k] {
			return false
		}
		s.set[k] = true
		return true
	}
	for _, x := range s.list {
		if x == k {
			return false
		}
	}
	s.list = append(s.list, k)
	if len(s.list) > 16 {
		s.set = make(map[string]bool, 2*len(s.list))
		for _, x := range s.list {
			s.set[x] = true
		}
	}
	return true
}

// fastReaderBugs counts fast-reader panics other than giving up,
// fastReads the files a fast reader read, and hclHandOffs the
// expressions the fast HCL reader handed to hcl's expression parser, for
// tests.
var fastReaderBugs, fastReads, hclHandOffs atomic.Int64
