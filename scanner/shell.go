package scanner

import "bytes"

// lexShell records the comments of a shell script. A table of quotes
// (lexSpec) cannot read shell: a backslash outside quotes escapes a quote,
// "$(...)" inside double quotes opens a command whose own quotes nest, and
// a heredoc's body is data whatever quotes it holds. Each of these, read
// as a plain quote, opens a string that runs to the end of the file, and
// every later comment is then taken for code.
func lexShell(f *File) {
	l := &shellLexer{f: f, src: f.Src}
	l.pos = l.words(0, 0)
}

type shellLexer struct {
	f   *File
	src []byte
	pos int
	// heredocs are the delimiters of the heredocs opened on the current
	// line, whose bodies start on the next.
	heredocs []heredocDelim
}

type heredocDelim struct {
	word      string
	stripTabs bool // <<-: the body's and the delimiter's leading tabs go
}

// maxShellNesting bounds command substitution inside double quotes inside
// command substitution: deeper input is read as if flat.
const maxShellNesting = 64

// words reads shell words from i, recording comments, until the end of
// the source or, inside a command substitution (depth > 0), the ')' that
// ends it. It returns where it stopped: after that ')'.
func (l *shellLexer) words(i int, depth int) int {
	src := l.src
	parens := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\':
			i += 2 // escapes any byte, a quote or a line break included
		case c == '\'':
			i = l.singleQuoted(i + 1)
		case c == '"':
			i = l.doubleQuoted(i+1, depth)
		case c == '`':
			i = l.backticks(i + 1)
		case c == '#' && (i == 0 || isSpace(src[i-1]) || src[i-1] == ';' || src[i-1] == '(' || src[i-1] == '|' || src[i-1] == '&'):
			end := bytes.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			l.f.addComment(Range{i, i + end})
			i += end
		case c == '<' && i+1 < len(src) && src[i+1] == '<' && (i+2 >= len(src) || src[i+2] != '<'):
			i = l.heredocStart(i + 2)
		case c == '\n':
			i = l.heredocBodies(i + 1)
		case c == '(' && depth > 0:
			parens++
			i++
		case c == ')' && depth > 0:
			if parens == 0 {
				return i + 1
			}
			parens--
			i++
		default:
			i++
		}
	}
	return len(src)
}

func (l *shellLexer) singleQuoted(i int) int {
	if end := bytes.IndexByte(l.src[i:], '\''); end >= 0 {
		return i + end + 1
	}
	return len(l.src)
}

// doubleQuoted skips a double-quoted string whose body starts at i. In it,
// a backslash escapes, and "$(" and backticks open commands whose quotes
// are their own.
func (l *shellLexer) doubleQuoted(i int, depth int) int {
	src := l.src
	for i < len(src) {
		switch c := src[i]; {
		case c == '\\':
			i += 2
		case c == '"':
			return i + 1
		case c == '`':
			i = l.backticks(i + 1)
		case c == '$' && i+1 < len(src) && src[i+1] == '(' && depth < maxShellNesting:
			i = l.words(i+2, depth+1)
		default:
			i++
		}
	}
	return len(src)
}

func (l *shellLexer) backticks(i int) int {
	for i < len(l.src) {
		switch l.src[i] {
		case '\\':
			i += 2
		case '`':
			return i + 1
		default:
			i++
		}
	}
	return len(l.src)
}

// heredocStart reads a heredoc's delimiter after "<<" ("-" strips tabs;
// the word may be quoted, which only turns expansion off) and notes it; the
// body begins on the next line.
func (l *shellLexer) heredocStart(i int) int {
	src := l.src
	d := heredocDelim{}
	if i < len(src) && src[i] == '-' {
		d.stripTabs = true
		i++
	}
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	var word []byte
	for i < len(src) && !isSpace(src[i]) && bytes.IndexByte([]byte(";|&<>()"), src[i]) < 0 {
		switch c := src[i]; c {
		case '\'', '"':
			end := bytes.IndexByte(src[i+1:], c)
			if end < 0 {
				return len(src)
			}
			word = append(word, src[i+1:i+1+end]...)
			i += end + 2
		case '\\':
			if i+1 < len(src) {
				word = append(word, src[i+1])
			}
			i += 2
		default:
			word = append(word, c)
			i++
		}
	}
	if len(word) > 0 {
		d.word = string(word)
		l.heredocs = append(l.heredocs, d)
	}
	return i
}

// heredocBodies skips, from the start of a line, the bodies of the
// heredocs the line before opened, each up to its delimiter line.
func (l *shellLexer) heredocBodies(i int) int {
	src := l.src
	for _, d := range l.heredocs {
		for i < len(src) {
			end := bytes.IndexByte(src[i:], '\n')
			line := src[i:]
			next := len(src)
			if end >= 0 {
				line, next = src[i:i+end], i+end+1
			}
			line = bytes.TrimSuffix(line, []byte("\r"))
			if d.stripTabs {
				line = bytes.TrimLeft(line, "\t")
			}
			i = next
			if string(line) == d.word {
				break
			}
		}
	}
	l.heredocs = l.heredocs[:0]
	return i
}
