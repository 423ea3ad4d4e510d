package scanner

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Scalars on a line: plain and quoted, over several lines, and their types.

// inline reads a value that starts on the current line: a tagged,
// quoted, flow, plain or block scalar one. flow says whether it stands
// inside a flow collection; indent is the column of the key or dash it
// belongs to, which a block scalar's lines must be indented past.
func (r *yamlReader) inline(indent int, flow, inMapping bool) *Node {
	tag := ""
	if r.at(r.pos) == '!' {
		start := r.pos
		r.pos++
		for c := r.at(r.pos); c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '.' || c == '_' || c == '-'; c = r.at(r.pos) {
			r.pos++
		}
		tag = string(r.src[start:r.pos])
		if !flow && tag != "!" {
			i := r.pos
			for r.at(i) == ' ' {
				i++
			}
			if r.at(i) == '\n' {
				// A tagged block collection: "Condition: !Or" and its
				// items on the lines below.
				r.pos = i + 1
				return r.below(indent, inMapping, start, tag)
			}
		}
		if tag == "!" || r.at(r.pos) != ' ' {
			r.giveUp() // "!", "!!str", verbatim tags, and tags with no value
		}
		for r.at(r.pos) == ' ' {
			r.pos++
		}
	}
	switch c := r.at(r.pos); c {
	case '"', '\'':
		start := r.pos
		lines := -1 // in a flow collection, one line
		if !flow {
			lines = indent
		}
		style := r.skipQuoted(lines)
		return r.scalar(r.quotedNode(Range{start, r.pos}, style), style, tag)
	case '[', '{':
		return r.flow(tag, indent)
	case '|', '>':
		if flow {
			r.giveUp()
		}
		return r.blockScalar(tag, indent)
	}
	if !r.plainStart(r.pos) {
		r.giveUp()
	}
	start := r.pos
	for {
		c := r.at(r.pos)
		if c == 0 || c == '\n' || c == '#' && r.at(r.pos-1) == ' ' {
			break
		}
		if c == ':' && (r.isValueIndicator(r.pos) || flow && strings.IndexByte(",[]{}?", r.at(r.pos+1)) >= 0) {
			r.giveUp() // "a: b: c", or a flow mapping entry
		}
		if flow && c == '?' {
			r.giveUp() // in a flow collection, '?' ends a plain scalar
		}
		if flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
			break
		}
		r.pos++
	}
	end := r.pos
	for end > start && r.src[end-1] == ' ' {
		end--
	}
	if !flow && r.at(r.pos) == '\n' {
		if end2, folded, ok := r.moreLines(indent, start, end); ok {
			n := r.plainValue(Range{start, end2}, folded)
			return r.scalar(n, 0, tag)
		}
	}
	return r.scalar(r.plain(Range{start, end}), 0, tag)
}

// moreLines reads the lines that continue a plain scalar in block
// context: each following line indented past indent (the column of its
// key or dash), with blank lines between. pos is at the '\n' that ends
// the scalar's first line, [start, end) without trailing spaces. It
// returns the scalar's end and its value folded as YAML folds plain
// scalars (a line break between two lines is a space, n blank lines are
// n newlines, and each line loses its indentation and trailing spaces),
// and leaves pos at the '\n' or end of the last line; with no such line
// it reports false and leaves pos alone. A comment, a key, '-' or ':' at
// the start of a continuation line gives up.
func (r *yamlReader) moreLines(indent, start, end int) (int, string, bool) {
	var b []byte // nil until a continuation line is found
	for p := r.pos; r.at(p) == '\n'; {
		breaks, q, ind := 0, p, 0 // q at the '\n' that ends the line before
		for {
			breaks++
			i := q + 1
			for r.at(i) == ' ' {
				i++
			}
			q, ind = i, i-(q+1)
			if r.at(i) != '\n' {
				break
			}
		}
		c := r.at(q)
		if c == 0 || ind <= indent {
			break // the end of the file, or a line that is not the scalar's
		}
		// Past the first line only a comment, a document marker and ": "
		// end a plain scalar in block context (yaml.v3 reads "'",
		// '"' and the other indicators there as text).
		if c == '#' || c == '-' || c == ':' {
			r.giveUp()
		}
		e := q
		for c := r.at(e); c != 0 && c != '\n'; c = r.at(e) {
			if c == ':' && r.isValueIndicator(e) || c == '#' && r.at(e-1) == ' ' {
				r.giveUp() // "a: b" on a continuation line, or a comment
			}
			e++
		}
		le := e
		for le > q && r.src[le-1] == ' ' {
			le--
		}
		if b == nil {
			b = append(b, r.src[start:end]...)
		}
		if breaks == 1 {
			b = append(b, ' ')
		}
		for k := 1; k < breaks; k++ {
			b = append(b, '\n')
		}
		b = append(b, r.src[q:le]...)
		end, r.pos, p = le, e, e
	}
	return end, string(b), b != nil
}

// yamlResolvable are the first bytes of every plain scalar yaml.v3
// resolves to anything but !!str (its resolve table's hints): a scalar
// that starts with any other byte is a string without asking, and the
// resolver's map lookup and deferred call are skipped.
// TestYAMLResolvable holds this to yaml.v3.
const yamlResolvable = "+-.0123456789yYnNtTfFoO~<"

// plain makes the node of a plain scalar: its value is its source. Its
// Kind is String when yaml.v3 resolves it to !!str, Scalar when to a
// number, boolean, null or timestamp. The resolving is yaml.v3's own:
// ShortTag on a node without a tag runs the resolver its parser runs on
// every plain scalar, so dates, floats, hex and numbers past int64 are
// typed as yaml.v3 types them.
func (r *yamlReader) plain(rg Range) *Node {
	return r.plainValue(rg, r.str[rg.Start:rg.End])
}

// plainValue is plain for a scalar whose value is not its source: one
// folded from several lines.
func (r *yamlReader) plainValue(rg Range, v string) *Node {
	if strings.HasPrefix(v, "<<") {
		r.giveUp() // merge keys ("<id>" is a string)
	}
	n := r.node(Node{Kind: String, Str: v, Range: rg, Full: rg})
	if strings.IndexByte(yamlResolvable, v[0]) >= 0 && (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag() != "!!str" {
		n.Kind = Scalar
	}
	return n
}

// skipQuoted moves past a one-line quoted scalar and returns its style.
func (r *yamlReader) skipQuoted(indent int) yaml.Style {
	q := r.src[r.pos]
	for r.pos++; ; r.pos++ {
		switch c := r.at(r.pos); {
		case c == 0 || c == '\n' && indent < 0:
			r.giveUp() // a key, or in a flow collection: one line only
		case c == '\n':
			r.nextQuotedLine(indent)
		case c == '\'' && q == '\'' && r.at(r.pos+1) == '\'':
			r.pos++
		case c == q:
			r.pos++
			if q == '\'' {
				return yaml.SingleQuotedStyle
			}
			return yaml.DoubleQuotedStyle
		case c == '\\' && q == '"' && r.at(r.pos+1) == '\n':
			// An escaped line break: the next line is checked as any.
			if indent < 0 {
				r.giveUp()
			}
			r.pos++
			r.nextQuotedLine(indent)
		case c == '\\' && q == '"':
			r.pos++
		}
	}
}

// quotedOnLine reports whether the quoted scalar at pos closes on its
// own line.
func (r *yamlReader) quotedOnLine() bool {
	q := r.src[r.pos]
	for i := r.pos + 1; i < len(r.src); i++ {
		switch c := r.src[i]; {
		case c == '\n':
			return false
		case c == '\'' && q == '\'' && r.at(i+1) == '\'':
			i++
		case c == q:
			return true
		case c == '\\' && q == '"':
			if r.at(i+1) == '\n' {
				return false // an escaped line break
			}
			i++
		}
	}
	return false
}

// nextQuotedLine checks the line after the '\n' at pos, inside a quoted
// scalar that belongs to a key or dash in column indent: a line with
// content must be indented past it, and no line may hold a document
// marker. (YAML asks the first; yaml.v3 rejects the second.)
func (r *yamlReader) nextQuotedLine(indent int) {
	i := r.pos + 1
	for r.at(i) == ' ' {
		i++
	}
	c := r.at(i)
	switch {
	case c == '\n':
	case c == 0 || i-(r.pos+1) <= indent:
		r.giveUp()
	case i == r.pos+1 && (bytes.HasPrefix(r.src[i:], []byte("---")) || bytes.HasPrefix(r.src[i:], []byte("..."))):
		r.giveUp()
	}
}

// foldQuoted folds the lines of a multi-line quoted scalar's content as
// YAML does: the spaces around each line break go, one break is a space,
// and n breaks are n-1 newlines. A backslash before a break (a double-
// quoted line continuation) takes the break and the space around it.
func (r *yamlReader) foldQuoted(raw []byte, double bool) []byte {
	lines := bytes.Split(raw, []byte{'\n'})
	out := make([]byte, 0, len(raw))
	breaks := 0
	escaped := false // the last line with content ended in an escaped line break
	for i, line := range lines {
		if i > 0 {
			line = bytes.TrimLeft(line, " ")
		}
		if i < len(lines)-1 {
			if double && oddBackslashes(line) {
				// An escaped line break: the backslash and the break go,
				// and the next line joins this one with no space (empty
				// lines between still count).
				out = r.joinQuoted(out, i, escaped, breaks)
				out = append(out, line[:len(line)-1]...)
				breaks, escaped = 0, true
				continue
			}
			line = bytes.TrimRight(line, " ")
			if double && oddBackslashes(line) {
				r.giveUp() // "\\ " ends the line: an escaped space
			}
		}
		if i > 0 && i < len(lines)-1 && len(line) == 0 {
			breaks++ // an empty line
			continue
		}
		out = append(r.joinQuoted(out, i, escaped, breaks), line...)
		breaks, escaped = 0, false
	}
	return out
}

// joinQuoted adds to out what stands between two lines of a quoted
// scalar, when line i is not the first: a space for one line break, a
// newline for each empty line between, and nothing for an escaped line
// break but those newlines.
func (r *yamlReader) joinQuoted(out []byte, i int, escaped bool, breaks int) []byte {
	if i == 0 {
		return out
	}
	if breaks == 0 && !escaped {
		out = append(out, ' ')
	}
	return append(out, bytes.Repeat([]byte{'\n'}, breaks)...)
}

// oddBackslashes reports whether line ends with an odd number of
// backslashes: its last one escapes what follows.
func oddBackslashes(line []byte) bool {
	n := len(line) - len(bytes.TrimRight(line, "\\"))
	return n%2 == 1
}

// quotedNode makes the node of the quoted scalar at rg, quotes included.
func (r *yamlReader) quotedNode(rg Range, style yaml.Style) *Node {
	raw := r.src[rg.Start+1 : rg.End-1]
	if bytes.IndexByte(raw, '\n') >= 0 {
		raw = r.foldQuoted(raw, style == yaml.DoubleQuotedStyle)
	}
	v := ""
	switch {
	case style == yaml.SingleQuotedStyle:
		v = strings.ReplaceAll(string(raw), "''", "'")
	case bytes.IndexByte(raw, '\\') < 0:
		v = string(raw)
	default:
		v = r.decodeEscapes(raw, yamlEscapes)
	}
	return r.node(Node{Kind: String, Str: v, Range: rg, Full: rg})
}

// scalar finishes a scalar's node as parseYAML does: with its range
// recorded, its tag applied, and its content narrowed.
func (r *yamlReader) scalar(n *Node, style yaml.Style, tag string) *Node {
	r.f.addScalar(n.Range, style)
	str := n.Kind == String && tag == "" // resolved to !!str
	switch {
	case str || tag == "!Sub" && !strings.Contains(n.Str, "${"):
		n.Kind = String
		r.f.yamlContent(n, style)
	case tag != "":
		n.Kind = Dynamic
	default:
		n.Kind = Scalar
	}
	return n
}

// blockScalar reads a literal (|) or folded (>) block scalar whose
// indicator is at pos, belonging to a key or dash in column indent. It
// gives up on indentation indicators and leading blank lines: there
// YAML's rules for the indentation take more than this reader repeats.
func (r *yamlReader) blockScalar(tag string, indent int) *Node {
	start := r.pos
	folded := r.src[r.pos] == '>'
	r.pos++
	chomp := r.at(r.pos)
	if chomp == '-' || chomp == '+' {
		r.pos++
	}
	if c := r.at(r.pos); c >= '0' && c <= '9' {
		r.giveUp()
	}
	r.endOfLine()
	end := r.f.blockEnd(start)
	var out []byte
	content, blanks := -1, 0 // content: the lines' indentation, once known
	prevMore := false        // the last content line was more indented than content
	broken := true           // the last line ends with a line break
	for pos := r.pos; pos < end; {
		nl := bytes.IndexByte(r.src[pos:end], '\n')
		if nl < 0 {
			// The file ends without a line break: yaml.v3 then keeps
			// none after the last line, whatever the chomping.
			nl, broken = end-pos, false
		}
		line := r.src[pos : pos+nl]
		sp := 0
		for sp < len(line) && line[sp] == ' ' {
			sp++
		}
		if !broken && (sp == len(line) || blanks > 0) {
			r.giveUp() // blank lines before the end of the file
		}
		switch {
		case sp == len(line) && content < 0:
			r.giveUp() // a leading blank line: it may set the indentation
		case sp == len(line) && sp <= content: // an empty line
			blanks++
		case content < 0:
			if sp <= indent {
				r.giveUp() // an empty scalar
			}
			content = sp
			out = append(out, line[sp:]...)
		default:
			// A line more indented than the content (spaces only, too) is
			// content with its extra spaces, and a folded scalar keeps the
			// line breaks around it, as YAML folds.
			more := sp > content
			switch {
			case !folded:
				out = append(out, '\n')
				out = append(out, bytes.Repeat([]byte{'\n'}, blanks)...)
			case prevMore || more:
				out = append(out, bytes.Repeat([]byte{'\n'}, blanks+1)...)
			case blanks == 0:
				out = append(out, ' ')
			default:
				out = append(out, bytes.Repeat([]byte{'\n'}, blanks)...)
			}
			out = append(out, line[content:]...)
			blanks, prevMore = 0, more
		}
		pos += nl + 1
	}
	if content < 0 {
		r.giveUp()
	}
	switch {
	case chomp == '-' || !broken:
	case chomp == '+':
		out = append(out, bytes.Repeat([]byte{'\n'}, blanks+1)...)
	default:
		out = append(out, '\n')
	}
	r.pos = end
	style := yaml.LiteralStyle
	if folded {
		style = yaml.FoldedStyle
	}
	rg := Range{start, end}
	return r.scalar(r.node(Node{Kind: String, Str: string(out), Range: rg, Full: rg}), style, tag)
}
