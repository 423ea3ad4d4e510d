package scanner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// jsonParser builds a Node tree from JSON, tolerating // and /* */
// comments. With d set, src is text decoded from a literal and every range
// is mapped back to the file through d.
type jsonParser struct {
	src   []byte
	d     *decoded
	pos   int
	depth int
	file  []byte // the file's source, for decoding nested strings; nil inside a nested document
	// comments, when set, receives the range of every comment skipped.
	comments *[]Range
	// fields and items are the entries of the collections being read,
	// the innermost last: each collection copies its own out, at its
	// exact size, when it ends, rather than growing a slice of its own.
	fields []Field
	items  []*Node
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf("offset %d: ", p.pos) + fmt.Sprintf(format, args...)}
}

// rangeOf maps [start, end) of p.src to the file.
func (p *jsonParser) rangeOf(start, end int) Range {
	if p.d != nil {
		return p.d.rangeOf(start, end)
	}
	return Range{start, end}
}

func (p *jsonParser) document() (*Node, error) {
	if hasBOM(p.src) {
		p.pos = 3
	}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, p.errorf("unexpected %q after the document", p.src[p.pos])
	}
	return n, nil
}

func (p *jsonParser) space() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '/':
			start := p.pos
			if i := bytes.IndexByte(p.src[p.pos:], '\n'); i >= 0 {
				p.pos += i
			} else {
				p.pos = len(p.src)
			}
			p.comment(start)
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '*':
			start := p.pos
			if i := bytes.Index(p.src[p.pos+2:], []byte("*/")); i >= 0 {
				p.pos += i + 4
			} else {
				p.pos = len(p.src)
			}
			p.comment(start)
		default:
			return
		}
	}
}

func (p *jsonParser) comment(start int) {
	if p.comments != nil {
		*p.comments = append(*p.comments, p.rangeOf(start, p.pos))
	}
}

func (p *jsonParser) value() (*Node, error) {
	p.space()
	if p.pos >= len(p.src) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.src[p.pos]; c {
	case '{', '[':
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return nil, errTooDeep
		}
		if c == '{' {
			return p.object()
		}
		return p.array()
	case '"':
		return p.string()
	default:
		start := p.pos
		for p.pos < len(p.src) && !bytes.ContainsRune([]byte(" \t\r\n,]}/"), rune(p.src[p.pos])) {
			p.pos++
		}
		tok := p.src[start:p.pos]
		if len(tok) == 0 || !json.Valid(tok) {
			return nil, p.errorf("invalid value %q", tok)
		}
		r := p.rangeOf(start, p.pos)
		return &Node{Kind: Scalar, Str: string(tok), Range: r, Full: r}, nil
	}
}

func (p *jsonParser) object() (*Node, error) {
	start := p.pos
	p.pos++ // {
	n := &Node{Kind: Object}
	base := len(p.fields)
	for {
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == '}' && len(p.fields) == base {
			break
		}
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, p.errorf("want a quoted key")
		}
		key, keyRange, err := p.key()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.errorf("want ':' after a key")
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.fields = append(p.fields, Field{Key: key, KeyRange: keyRange, Value: v})
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		break
	}
	if p.pos >= len(p.src) || p.src[p.pos] != '}' {
		return nil, p.errorf("want ',' or '}'")
	}
	p.pos++
	if fs := p.fields[base:]; len(fs) > 0 {
		n.Fields = append([]Field(nil), fs...)
		p.fields = p.fields[:base]
	}
	n.Range = p.rangeOf(start, p.pos)
	n.Full = n.Range
	return cfnIntrinsic(n), nil
}

func (p *jsonParser) array() (*Node, error) {
	start := p.pos
	p.pos++ // [
	n := &Node{Kind: Array}
	base := len(p.items)
	for {
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ']' && len(p.items) == base {
			break
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.items = append(p.items, v)
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		break
	}
	if p.pos >= len(p.src) || p.src[p.pos] != ']' {
		return nil, p.errorf("want ',' or ']'")
	}
	p.pos++
	if its := p.items[base:]; len(its) > 0 {
		n.Items = append([]*Node(nil), its...)
		p.items = p.items[:base]
	}
	n.Range = p.rangeOf(start, p.pos)
	n.Full = n.Range
	return n, nil
}

// string reads a quoted string. Its Range is the content without quotes;
// a string that holds a JSON document gets it as Doc (only at the file's
// own level: a document nested twice is not looked into).
func (p *jsonParser) string() (*Node, error) {
	start := p.pos
	s, err := p.quoted()
	if err != nil {
		return nil, err
	}
	end := p.pos
	raw := p.src[start+1 : end-1]
	n := &Node{Kind: String, Str: s, Range: p.rangeOf(start+1, end-1), Full: p.rangeOf(start, end)}
	if p.file != nil && p.d == nil && mayHoldDoc(raw) {
		d := unescape(p.file, n.Range, false)
		if d == nil {
			d = identity(p.file, n.Range)
		}
		n.Doc = nestedDoc(d)
	}
	return n, nil
}

// key reads an object's key, a string of which a Field keeps the value
// and range: no node, and no document looked for in it (half the strings
// of a JSON file are keys).
func (p *jsonParser) key() (string, Range, error) {
	start := p.pos
	s, err := p.quoted()
	if err != nil {
		return "", Range{}, err
	}
	return s, p.rangeOf(start+1, p.pos-1), nil
}

// quoted reads the quoted string at p.pos and returns its value.
func (p *jsonParser) quoted() (string, error) {
	start := p.pos
	end := jsonDQ.skip(p.src, start+1)
	if end > len(p.src) || end-start < 2 || p.src[end-1] != '"' {
		return "", p.errorf("unterminated string")
	}
	raw := p.src[start+1 : end-1]
	for i, c := range raw {
		if c < 0x20 { // a raw tab, CR or other control character: JSON allows none
			p.pos = start + 1 + i
			return "", p.errorf("invalid character %q in string", c)
		}
	}
	p.pos = end
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), nil
	}
	s, ok := unquoteJSON(raw)
	if !ok { // the rare string left to encoding/json
		if err := json.Unmarshal(p.src[start:end], &s); err != nil {
			return "", p.errorf("invalid string: %v", err)
		}
	}
	return s, nil
}

// cfnIntrinsic turns a CloudFormation long-form function ({"Ref": ...},
// {"Fn::Sub": ...}) into a Dynamic node: its value is known only at
// deployment.
func cfnIntrinsic(n *Node) *Node {
	if len(n.Fields) == 1 {
		if k := n.Fields[0].Key; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return &Node{Kind: Dynamic, Str: k, Range: n.Range, Full: n.Full}
		}
	}
	return n
}

// parseJSONTree builds the tree of a whole JSON file.
func parseJSONTree(src []byte) (*Node, error) {
	p := &jsonParser{src: src, file: src}
	return p.document()
}

// unquoteJSON decodes raw, a JSON string's content with a backslash in
// it, as encoding/json does, without its validity scan and reflection;
// FuzzUnquoteJSON holds it to encoding/json. It reports false for what it
// leaves to encoding/json: surrogate pairs, invalid escapes, and invalid
// UTF-8, which encoding/json replaces with U+FFFD.
func unquoteJSON(raw []byte) (string, bool) {
	if !utf8.Valid(raw) {
		return "", false
	}
	return decodeEscapes(raw, jsonEscapes)
}
