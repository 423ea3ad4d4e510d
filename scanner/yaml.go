package scanner

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseYAML reads every document of a YAML stream into the file's tree:
// with readYAML when the stream is in its plain subset, else with yaml.v3
// (parseYAMLWithYAML), which reads every document of the stream into the
// file's tree and records the raw range of every scalar (keys included) as
// a string. yaml.v3 gives a node's start only, as a 1-based line and a
// column in runes, pointing at its tag or anchor when it has one and at
// the indicator of a block scalar; scalarRange finds the end from there. A
// type outside every scalar can only be in a comment. Short-form
// CloudFormation tags (!Sub, !Ref, !GetAtt ...) are ordinary tags to
// yaml.v3, and make a value Dynamic. Aliases are not followed, so an alias
// bomb costs nothing.
//
// When the stream does not parse, the comments come from a YAML-aware
// lexer instead, and the file is still scanned.
func parseYAML(f *File, opts Options) {
	if !opts.NoFastReaders && readYAML(f) {
		return
	}
	parseYAMLWithYAML(f)
}

// parseYAMLWithYAML is parseYAML without the fast reader: yaml.v3 alone.
func parseYAMLWithYAML(f *File) {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	dec := yaml.NewDecoder(bytes.NewReader(f.Src))
	f.Strings = []Range{}
	var docs []*Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil && yamlTooDeep(&doc) {
			err = errTooDeep
		}
		if err != nil {
			f.Err, f.Strings, f.Root = err, nil, nil
			lex(f, yamlSpec)
			return
		}
		if n := f.yamlNode(&doc, 0); n != nil {
			docs = append(docs, n)
		}
	}
	f.setDocuments(docs)
}

// yamlTooDeep reports whether a document nests deeper than maxDepth.
// yaml.v3 stops at 10,000 levels of flow and of indentation (its own
// recursion is safe there), but the tree gdlint builds stops at maxDepth,
// and the scalars below it would be in no string: a type in them would
// read as a comment. So a deeper document is read as text, as a deep
// JSON or HCL file is. Aliases are not followed.
func yamlTooDeep(doc *yaml.Node) bool {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{doc, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth > maxDepth {
			return true
		}
		for _, c := range it.n.Content {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
	return false
}

// setDocuments makes a YAML stream's documents the file's tree: the one
// document, or an Array of several.
func (f *File) setDocuments(docs []*Node) {
	switch len(docs) {
	case 0:
	case 1:
		f.Root = docs[0]
	default:
		f.Root = &Node{Kind: Array, Items: docs, Range: Range{0, len(f.Src)}}
	}
}

// yamlNode converts a yaml.v3 node, recording scalar ranges on the way.
func (f *File) yamlNode(y *yaml.Node, depth int) *Node {
	if depth > maxDepth {
		return &Node{Kind: Dynamic}
	}
	custom := strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!")
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return f.yamlNode(y.Content[0], depth+1)
	case yaml.MappingNode, yaml.SequenceNode:
		n := &Node{Kind: Object}
		if y.Kind == yaml.SequenceNode {
			n.Kind = Array
			n.BlockList = y.Style&yaml.FlowStyle == 0
		}
		if y.Kind == yaml.SequenceNode {
			for _, c := range y.Content {
				if v := f.yamlNode(c, depth+1); v != nil {
					n.Items = append(n.Items, v)
				}
			}
		} else {
			for i := 0; i+1 < len(y.Content); i += 2 {
				k, v := f.yamlNode(y.Content[i], depth+1), f.yamlNode(y.Content[i+1], depth+1)
				if k != nil && v != nil && k.Kind == String {
					n.Fields = append(n.Fields, Field{Key: k.Str, KeyRange: k.Range, Value: v})
				}
			}
		}
		n.Range = f.span(n)
		if custom {
			return &Node{Kind: Dynamic, Str: y.Tag, Range: n.Range}
		}
		return cfnIntrinsic(n)
	case yaml.ScalarNode:
		r, ok := f.scalarRange(y)
		if !ok {
			return nil
		}
		f.addScalar(r, y.Style)
		n := &Node{Kind: Scalar, Str: y.Value, Range: r, Full: r}
		if y.Tag == "!!str" || (custom && y.Tag == "!Sub" && !strings.Contains(y.Value, "${")) {
			n.Kind = String
			f.yamlContent(n, y.Style)
		} else if custom {
			n.Kind = Dynamic
		}
		return n
	}
	return &Node{Kind: Dynamic, Str: "*" + y.Value} // an alias: not followed
}

// yamlContent narrows a String's range to its content (inside the quotes,
// after a block indicator's line) and parses a JSON document in it.
func (f *File) yamlContent(n *Node, style yaml.Style) {
	r := n.Range
	var d *decoded
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		r = Range{r.Start + 1, max(r.Start+1, r.End-1)}
		d = unescape(f.Src, r, false)
	case style&yaml.SingleQuotedStyle != 0:
		r = Range{r.Start + 1, max(r.Start+1, r.End-1)}
		d = yamlSingle(f.Src, r)
	case style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		if nl := bytes.IndexByte(f.Src[r.Start:r.End], '\n'); nl >= 0 {
			r.Start += nl + 1
		} else {
			r.Start = r.End
		}
	default:
		for r.End > r.Start && isSpace(f.Src[r.End-1]) {
			r.End--
		}
	}
	n.Range = r
	if !mayHoldDoc(f.Src[r.Start:r.End]) {
		return
	}
	if d == nil {
		d = identity(f.Src, r)
	}
	n.Doc = nestedDoc(d)
}

// span is the range from a collection's first child to its last.
func (f *File) span(n *Node) Range {
	var first, last Range
	switch {
	case len(n.Items) > 0:
		first, last = n.Items[0].Range, n.Items[len(n.Items)-1].Range
	case len(n.Fields) > 0:
		first, last = n.Fields[0].KeyRange, n.Fields[len(n.Fields)-1].Value.Range
	}
	return Range{first.Start, max(first.Start, last.End)}
}

// offsetOf converts yaml.v3's 1-based line and rune column to a byte offset.
func (f *File) offsetOf(line, col int) (int, bool) {
	if line < 1 || line > len(f.lines) || col < 1 {
		return 0, false
	}
	off := f.lines[line-1]
	if line == 1 && hasBOM(f.Src) {
		off = 3
	}
	for ; col > 1; col-- {
		if off >= len(f.Src) || f.Src[off] == '\n' {
			return 0, false
		}
		_, n := utf8.DecodeRune(f.Src[off:])
		off += n
	}
	return off, true
}

// addScalar records a scalar's source as a string: for a block scalar,
// from the line after its indicator, since a comment may follow the
// indicator ("key: | # note") and is a comment, not the string.
func (f *File) addScalar(r Range, style yaml.Style) {
	if style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		if nl := bytes.IndexByte(f.Src[r.Start:r.End], '\n'); nl >= 0 {
			r.Start += nl + 1
		} else {
			r.Start = r.End
		}
	}
	f.addString(r)
}

// scalarRange returns the raw source range of a scalar node: from its first
// byte (after any tag and anchor, and comments after them) to its closing
// quote, the end of its block, or, for a plain scalar, its last character,
// however many lines it folds. An empty plain scalar ("key: !Sub" with
// nothing after) is an empty range where its properties end.
func (f *File) scalarRange(n *yaml.Node) (Range, bool) {
	start, ok := f.offsetOf(n.Line, n.Column)
	if !ok {
		return Range{}, false
	}
	src := f.Src
	nodeStart := start
	start, propsEnd := skipProperties(src, start)
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if !quoted && n.Value == "" {
		return Range{propsEnd, propsEnd}, true
	}
	if start >= len(src) {
		return Range{}, false
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && src[start] == '"':
		return Range{start, strSpec{close: `"`, escape: '\\'}.skip(src, start+1)}, true
	case n.Style&yaml.SingleQuotedStyle != 0 && src[start] == '\'':
		return Range{start, yamlSQ.skip(src, start+1)}, true
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && (src[start] == '|' || src[start] == '>'):
		return Range{start, f.blockEnd(start)}, true
	}
	// A plain scalar has no escapes: its source is its value, with each
	// line break folded to a space (or, after blank lines, to newlines).
	if end, ok := plainEnd(src, start, n.Value); ok {
		return Range{start, end}, true
	}
	// yaml.v3 ends an anchor's name at a ':' ("&a:b x" is the anchor a and
	// the scalar ":b x"), where YAML would not: the scalar may start
	// inside what looked like the properties.
	for p := nodeStart + 1; p < start; p++ {
		if end, ok := plainEnd(src, p, n.Value); ok {
			return Range{p, end}, true
		}
	}
	// Not found as folded (a value yaml.v3 resolved some other way): the
	// rest of the line, up to a comment.
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += start
	}
	if c := bytes.Index(src[start:end], []byte(" #")); c >= 0 {
		end = start + c
	}
	return Range{start, end}, true
}

// skipProperties moves past a node's properties ("!Sub ", "!!str ",
// "&anchor ", an anchor name may hold ':'), and the blanks, line breaks and
// comments after them, to where the node's content starts. propsEnd is
// where the last property ends (start itself when there is none).
func skipProperties(src []byte, start int) (content, propsEnd int) {
	propsEnd = start
	for start < len(src) && (src[start] == '!' || src[start] == '&') {
		for start < len(src) && !isSpace(src[start]) {
			start++
		}
		propsEnd = start
		for start < len(src) {
			switch {
			case isSpace(src[start]):
				start++
				continue
			case src[start] == '#' && isSpace(src[start-1]):
				if nl := bytes.IndexByte(src[start:], '\n'); nl >= 0 {
					start += nl + 1
				} else {
					start = len(src)
				}
				continue
			}
			break
		}
	}
	return start, propsEnd
}

// plainEnd matches value, a plain scalar's value as yaml.v3 gives it, to
// the source from start, and returns where the scalar ends. Within a line
// the value is the source; a line break with the blanks around it is a
// space in the value, and n blank lines are n newlines.
func plainEnd(src []byte, start int, value string) (int, bool) {
	i, j := start, 0
	for j < len(value) {
		if i >= len(src) {
			return 0, false
		}
		if c := src[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			if c != value[j] {
				return 0, false
			}
			i++
			j++
			continue
		}
		k, breaks := i, 0
		for k < len(src) && isSpace(src[k]) {
			if src[k] == '\n' {
				breaks++
			}
			k++
		}
		if breaks == 0 { // blanks within a line are the value's own
			if !strings.HasPrefix(value[j:], string(src[i:k])) {
				return 0, false
			}
			j += k - i
			i = k
			continue
		}
		fold := " "
		if breaks > 1 {
			fold = strings.Repeat("\n", breaks-1)
		}
		if !strings.HasPrefix(value[j:], fold) {
			return 0, false
		}
		j += len(fold)
		i = k
	}
	return i, true
}

// blockEnd returns where the block scalar whose indicator is at ind ends:
// its content is every following line that is blank or indented at least
// as much as its first non-blank line, or, with an indentation indicator
// ("|2", ">1-"), as much as the indicator's line plus the indicator.
func (f *File) blockEnd(ind int) int {
	src := f.Src
	nl := bytes.IndexByte(src[ind:], '\n')
	if nl < 0 {
		return len(src)
	}
	pos, indent := ind+nl+1, -1
	if d := indentIndicator(src[ind+1 : ind+nl]); d > 0 {
		lineStart := bytes.LastIndexByte(src[:ind], '\n') + 1
		lead := 0
		for lineStart+lead < ind && src[lineStart+lead] == ' ' {
			lead++
		}
		indent = lead + d
	}
	for pos < len(src) {
		eol := bytes.IndexByte(src[pos:], '\n')
		next := len(src)
		if eol >= 0 {
			next = pos + eol + 1
		}
		line := bytes.TrimRight(src[pos:next], "\r\n")
		if len(bytes.TrimLeft(line, " ")) > 0 {
			w := len(line) - len(bytes.TrimLeft(line, " "))
			if indent < 0 {
				indent = w
			}
			if w < indent || w == 0 {
				return pos
			}
		}
		pos = next
	}
	return len(src)
}

// indentIndicator reads a block scalar header's indentation indicator, the
// digit among its chomping indicator ("2-", "-2"), or 0 when it has none.
func indentIndicator(header []byte) int {
	for _, c := range header {
		switch {
		case c >= '1' && c <= '9':
			return int(c - '0')
		case c == '-' || c == '+':
		default:
			return 0
		}
	}
	return 0
}
