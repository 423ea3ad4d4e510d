package scanner

import "bytes"

// lexSpec describes the comments and string literals of a language well
// enough to tell which bytes are inside a comment: a comment opener inside
// a string is not a comment, and a quote inside a comment opens no string.
type lexSpec struct {
	line  []string    // line-comment openers: "#", "//", "--"
	block [][2]string // block comments: {"/*", "*/"}
	strs  []strSpec   // string literals, longest opener first
	// wordHash: '#' opens a comment only at the start of a word (after
	// whitespace or at a line start), as in shell and YAML, where "$#" and
	// "a#b" are not comments.
	wordHash bool
	// docstrings: a triple-quoted string that stands alone as a statement
	// (Python's docstrings, and strings used as block comments) is
	// documentation, so it counts as a comment.
	docstrings bool
}

type strSpec struct {
	open, close string
	escape      byte // 0: no escapes (raw strings)
	doubled     bool // the close written twice is an escaped close ('' in SQL, YAML)
	oneLine     bool // a newline ends an unterminated string
	// noContinuation: a backslash before a line break escapes nothing, and
	// the line break still ends the string (JSON has no continuation
	// lines, where Python and JavaScript do).
	noContinuation bool
}

var (
	hashLine  = []string{"#"}
	slashLine = []string{"//"}
	cBlock    = [][2]string{{"/*", "*/"}}

	dq       = strSpec{open: `"`, close: `"`, escape: '\\', oneLine: true}
	jsonDQ   = strSpec{open: `"`, close: `"`, escape: '\\', oneLine: true, noContinuation: true}
	sq       = strSpec{open: `'`, close: `'`, escape: '\\', oneLine: true}
	backtick = strSpec{open: "`", close: "`", escape: '\\'}
	rawTick  = strSpec{open: "`", close: "`"}
	tripleDQ = strSpec{open: `"""`, close: `"""`, escape: '\\'}
	tripleSQ = strSpec{open: `'''`, close: `'''`, escape: '\\'}
	sqlSQ    = strSpec{open: `'`, close: `'`, doubled: true}
	sqlDQ    = strSpec{open: `"`, close: `"`, doubled: true}
	yamlSQ   = strSpec{open: `'`, close: `'`, doubled: true}
	splTicks = [][2]string{{"```", "```"}}
	jsonSpec = lexSpec{line: slashLine, block: cBlock, strs: []strSpec{jsonDQ}}
	yamlSpec = lexSpec{line: hashLine, wordHash: true, strs: []strSpec{{open: `"`, close: `"`, escape: '\\'}, yamlSQ}}
)

var codeSpecs = map[Format]lexSpec{
	Python:     {line: hashLine, strs: []strSpec{tripleDQ, tripleSQ, dq, sq}, docstrings: true},
	JavaScript: {line: slashLine, block: cBlock, strs: []strSpec{dq, sq, backtick}},
	Go:         {line: slashLine, block: cBlock, strs: []strSpec{dq, sq, rawTick}},
	Java:       {line: slashLine, block: cBlock, strs: []strSpec{tripleDQ, dq, sq}},
	Ruby:       {line: hashLine, block: [][2]string{{"\n=begin", "\n=end"}}, strs: []strSpec{dq, sq}},
	Rego:       {line: hashLine, strs: []strSpec{dq, rawTick}},
	SQL:        {line: []string{"--"}, block: cBlock, strs: []strSpec{sqlSQ, sqlDQ}},
	KQL:        {line: slashLine, strs: []strSpec{dq, sq}},
	SPL:        {block: splTicks, strs: []strSpec{dq}},
}

// lex records the comment ranges of src under spec. It never fails: an
// unterminated string or comment runs to the end of the file.
func lex(f *File, spec lexSpec) {
	src := f.Src
	for i := 0; i < len(src); {
		if s, ok := spec.stringAt(src, i); ok {
			end := s.skip(src, i+len(s.open))
			if spec.docstrings && len(s.open) == 3 && statementStart(src, i) {
				f.addComment(Range{i, end})
			}
			i = end
			continue
		}
		if end, ok := spec.commentAt(src, i); ok {
			f.addComment(Range{i, end})
			i = end
			continue
		}
		i++
	}
}

func (spec *lexSpec) stringAt(src []byte, i int) (strSpec, bool) {
	for _, s := range spec.strs {
		if bytes.HasPrefix(src[i:], []byte(s.open)) {
			return s, true
		}
	}
	return strSpec{}, false
}

// commentAt reports whether a comment opens at i, and where it ends (a line
// comment stops before its newline).
func (spec *lexSpec) commentAt(src []byte, i int) (int, bool) {
	for _, open := range spec.line {
		if !bytes.HasPrefix(src[i:], []byte(open)) {
			continue
		}
		if spec.wordHash && open == "#" && i > 0 && !isSpace(src[i-1]) {
			continue
		}
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			return len(src), true
		}
		return i + end, true
	}
	for _, b := range spec.block {
		if !bytes.HasPrefix(src[i:], []byte(b[0])) {
			continue
		}
		end := bytes.Index(src[i+len(b[0]):], []byte(b[1]))
		if end < 0 {
			return len(src), true
		}
		return i + len(b[0]) + end + len(b[1]), true
	}
	return 0, false
}

// skip returns the offset just past the string whose body starts at i.
func (s strSpec) skip(src []byte, i int) int {
	c0 := s.close[0]
	for i < len(src) {
		switch c := src[i]; {
		case c != c0 && c != s.escape && c != '\n':
			i++ // most bytes: no call, no compare of the close
		case s.escape != 0 && c == s.escape:
			if s.noContinuation && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r') {
				return i + 1
			}
			i += 2
		case bytes.HasPrefix(src[i:], []byte(s.close)):
			i += len(s.close)
			if s.doubled && bytes.HasPrefix(src[i:], []byte(s.close)) {
				i += len(s.close)
				continue
			}
			return i
		case s.oneLine && src[i] == '\n':
			return i
		default:
			i++
		}
	}
	return len(src)
}

// statementStart reports whether the literal at i is the first thing on its
// line and the line before does not leave an expression open (an
// assignment, a call, a collection, a continuation).
func statementStart(src []byte, i int) bool {
	j := i - 1
	for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
		j--
	}
	if j >= 0 && src[j] != '\n' {
		return false
	}
	for j >= 0 && isSpace(src[j]) {
		j--
	}
	if j < 0 {
		return true
	}
	switch src[j] {
	case '=', '(', '[', '{', ',', '\\', '+', '%':
		return false
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
