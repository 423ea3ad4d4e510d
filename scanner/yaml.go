package scanner

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseYAML reads every document of a YAML stream with yaml.v3 and records
// the raw range of every scalar (keys included) as a string. yaml.v3 gives
// a node's start only, as a 1-based line and a column in runes, pointing
// at its tag or anchor when it has one and at the indicator of a block
// scalar; scalarRange finds the end from there. A type outside every
// scalar can only be in a comment. Short-form CloudFormation tags (!Sub,
// !Ref, !GetAtt ...) are ordinary tags to yaml.v3. Aliases are not
// followed, so an alias bomb costs nothing.
//
// When the stream does not parse, the comments come from a YAML-aware
// lexer instead, and the file is still scanned.
func parseYAML(f *File) {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	dec := yaml.NewDecoder(bytes.NewReader(f.Src))
	strs := []Range{}
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Err = err
			lex(f, yamlSpec)
			return
		}
		walkYAML(&doc, func(n *yaml.Node) {
			if r, ok := f.scalarRange(n); ok {
				strs = addRange(strs, r)
			}
		})
	}
	f.Strings = strs
}

// walkYAML calls fn for every scalar under n, depth first, without
// following aliases. It uses an explicit stack: nesting depth is the
// input's to choose.
func walkYAML(n *yaml.Node, fn func(*yaml.Node)) {
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch n.Kind {
		case yaml.ScalarNode:
			fn(n)
		case yaml.DocumentNode, yaml.SequenceNode, yaml.MappingNode:
			for i := len(n.Content) - 1; i >= 0; i-- {
				stack = append(stack, n.Content[i])
			}
		}
	}
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
