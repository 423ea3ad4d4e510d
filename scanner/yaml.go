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
		if err != nil {
			f.Err, f.Strings = err, nil
			lex(f, yamlSpec)
			return
		}
		if n := f.yamlNode(&doc, 0); n != nil {
			docs = append(docs, n)
		}
	}
	f.setDocuments(docs)
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
		f.addString(r)
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

// scalarRange returns the raw source range of a scalar node: from its first
// byte (after any tag and anchor) to its closing quote, the end of its
// block, or, for a plain scalar, the end of its line or a following comment.
func (f *File) scalarRange(n *yaml.Node) (Range, bool) {
	start, ok := f.offsetOf(n.Line, n.Column)
	if !ok {
		return Range{}, false
	}
	src := f.Src
	// Skip properties: "!Sub ", "!!str ", "&anchor ".
	for start < len(src) && (src[start] == '!' || src[start] == '&') {
		for start < len(src) && !isSpace(src[start]) {
			start++
		}
		for start < len(src) && isSpace(src[start]) {
			start++
		}
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
	// A plain scalar has no escapes: on one line, its source is its value.
	// Otherwise (a multi-line plain scalar) take the rest of the line, up
	// to a comment.
	if v := n.Value; v != "" && bytes.HasPrefix(src[start:], []byte(v)) {
		return Range{start, start + len(v)}, true
	}
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

// blockEnd returns where the block scalar whose indicator is at ind ends:
// its content is every following line that is blank or indented at least
// as much as its first non-blank line.
func (f *File) blockEnd(ind int) int {
	src := f.Src
	nl := bytes.IndexByte(src[ind:], '\n')
	if nl < 0 {
		return len(src)
	}
	pos, indent := ind+nl+1, -1
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
