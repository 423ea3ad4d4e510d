package scanner

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// NodeKind is the kind of a value in a file's value tree.
type NodeKind uint8

const (
	Object  NodeKind = iota + 1
	Array            // a list, tuple or sequence
	String           // a string whose value is known
	Scalar           // a number, boolean or null
	Dynamic          // a value not known until deployment: var.x, ${...}, !Ref, Fn::GetAtt
)

// Node is a value in a file's tree, in the same shape whatever the format:
// HCL bodies, blocks and expressions, JSON and YAML documents, and JSON
// documents found inside strings. Every range indexes the file's source.
type Node struct {
	Kind NodeKind
	// Str is a String's decoded value, or a Dynamic's source text.
	Str string
	// Range is the raw source of the value; for a String, its content
	// without quotes (what a type inside it was written as).
	Range Range
	// Full is the value's whole raw source, quotes (or escaped quotes)
	// included: what removing it from a list removes. It is zero where
	// the extent is not known exactly (a YAML block mapping), and then no
	// fix may use it.
	Full Range
	// BlockList marks a YAML block sequence ("- item" lines), whose items
	// are removed a line at a time.
	BlockList bool
	// Fields are an Object's members in source order. HCL blocks are
	// fields too: key is the block type, value an Object with Labels.
	Fields []Field
	// Items are an Array's elements.
	Items []*Node
	// Labels are an HCL block's labels ("aws_guardduty_filter", "main").
	Labels []string
	// Doc is the JSON document a String holds, when it holds one (an
	// EventBridge pattern in a heredoc, an escaped string or a YAML block).
	Doc *Node
}

// Field is one member of an Object.
type Field struct {
	Key      string
	KeyRange Range
	Value    *Node
}

// Get returns the value of the field named key, or nil. Where a key is
// written twice (JSON allows it), the last one counts, as EventBridge and
// JSON decoders take it.
func (n *Node) Get(key string) *Node {
	if f, ok := n.Field(key); ok {
		return f.Value
	}
	return nil
}

// Field returns the field named key: the last one, where it is written
// twice.
func (n *Node) Field(key string) (Field, bool) {
	if n != nil && n.Kind == Object {
		for i := len(n.Fields) - 1; i >= 0; i-- {
			if f := n.Fields[i]; f.Key == key {
				return f, true
			}
		}
	}
	return Field{}, false
}

// repeatsKey reports whether a few fields repeat a key, comparing pairs.
func repeatsKey(fs []Field) bool {
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if fs[i].Key == fs[j].Key {
				return true
			}
		}
	}
	return false
}

// UniqueFields are n's fields with only the last of each key, in order:
// what a JSON decoder or EventBridge reads of an object. (HCL blocks of
// one type, which repeat on purpose, are n.Fields.)
func (n *Node) UniqueFields() []Field {
	if n == nil || n.Kind != Object {
		return nil
	}
	if len(n.Fields) <= 16 && !repeatsKey(n.Fields) { // the usual case, without allocating
		return n.Fields
	}
	last := make(map[string]int, len(n.Fields)) // key → index of its last field
	for i, f := range n.Fields {
		last[f.Key] = i
	}
	if len(last) == len(n.Fields) {
		return n.Fields
	}
	out := make([]Field, 0, len(last))
	for i, f := range n.Fields {
		if last[f.Key] == i {
			out = append(out, f)
		}
	}
	return out
}

// Value returns the node a String stands for when it holds a JSON
// document, else the node itself.
func (n *Node) Value() *Node {
	if n != nil && n.Kind == String && n.Doc != nil {
		return n.Doc
	}
	return n
}

// Walk calls fn for n and every node under it, nested documents included,
// depth first, in source order. When fn returns false, Walk does not look
// inside that node. It uses an explicit stack: nesting depth is the input's.
func Walk(n *Node, fn func(*Node) (descend bool)) {
	if n == nil {
		return
	}
	stack := []*Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !fn(n) {
			continue
		}
		if n.Doc != nil {
			stack = append(stack, n.Doc)
		}
		for i := len(n.Items) - 1; i >= 0; i-- {
			stack = append(stack, n.Items[i])
		}
		for i := len(n.Fields) - 1; i >= 0; i-- {
			stack = append(stack, n.Fields[i].Value)
		}
	}
}

// maxDepth bounds the nesting gdlint builds a tree for. Deeper input is
// reported as a parse error; the file is still scanned as text.
const maxDepth = 1000

// errTooDeep is returned for input nested deeper than maxDepth, and
// errTooDeepHCL for HCL, whose depth counts more than brackets.
var (
	errTooDeep    = &SyntaxError{Msg: "nested deeper than 1000 levels; structure not analysed"}
	errTooDeepHCL = &SyntaxError{Msg: "nested deeper than 1000 levels (brackets, strings, operators, indexes, splats or directives); structure not analysed"}
)

// decoded is text decoded from a literal, with the source offset of every
// byte: off[i] is where the escape that produced byte i starts, and
// off[len(text)] is the end of the literal.
type decoded struct {
	text []byte
	off  []int
}

func (d *decoded) rangeOf(start, end int) Range { return Range{d.off[start], d.off[end]} }

// identity is a literal without escapes: a heredoc, a YAML block scalar.
// Indentation stays; to JSON it is whitespace.
func identity(src []byte, r Range) *decoded {
	d := &decoded{text: src[r.Start:r.End], off: make([]int, r.Len()+1)}
	for i := range d.off {
		d.off[i] = r.Start + i
	}
	return d
}

// unescape decodes backslash escapes (JSON, HCL and YAML double-quoted
// strings), and HCL's "$${" and "%%{". It returns nil when there is
// nothing to decode, so the caller can use identity.
func unescape(src []byte, r Range, hcl bool) *decoded {
	raw := src[r.Start:r.End]
	if bytes.IndexByte(raw, '\\') < 0 && (!hcl || (!bytes.Contains(raw, []byte("$${")) && !bytes.Contains(raw, []byte("%%{")))) {
		return nil
	}
	d := &decoded{text: make([]byte, 0, len(raw)), off: make([]int, 0, len(raw)+1)}
	emit := func(at int, b ...byte) {
		for _, c := range b {
			d.text = append(d.text, c)
			d.off = append(d.off, r.Start+at)
		}
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		if hcl && (c == '$' || c == '%') && i+2 < len(raw) && raw[i+1] == c && raw[i+2] == '{' {
			emit(i, c, '{')
			i += 3
			continue
		}
		if c != '\\' || i+1 >= len(raw) {
			emit(i, c)
			i++
			continue
		}
		switch e := raw[i+1]; e {
		case 'n':
			emit(i, '\n')
		case 't':
			emit(i, '\t')
		case 'r':
			emit(i, '\r')
		case 'b':
			emit(i, '\b')
		case 'f':
			emit(i, '\f')
		case 'u', 'U':
			n := 4
			if e == 'U' {
				n = 8
			}
			if i+2+n <= len(raw) {
				if v, err := strconv.ParseUint(string(raw[i+2:i+2+n]), 16, 32); err == nil {
					emit(i, utf8.AppendRune(nil, rune(v))...)
					i += 2 + n
					continue
				}
			}
			emit(i, e)
		default: // \" \\ \/ and anything unknown: the character itself
			emit(i, e)
		}
		i += 2
	}
	d.off = append(d.off, r.End)
	return d
}

// yamlSingle decodes a YAML single-quoted scalar's content (” is ').
func yamlSingle(src []byte, r Range) *decoded {
	raw := src[r.Start:r.End]
	if !bytes.Contains(raw, []byte("''")) {
		return nil
	}
	d := &decoded{}
	for i := 0; i < len(raw); i++ {
		d.text = append(d.text, raw[i])
		d.off = append(d.off, r.Start+i)
		if raw[i] == '\'' && i+1 < len(raw) && raw[i+1] == '\'' {
			i++
		}
	}
	d.off = append(d.off, r.End)
	return d
}

// mayHoldDoc is the cheap test run on a literal's raw content before any
// decoding: a JSON document starts with '{' or '[' after white space
// (written raw, or as an escape such as \n in an escaped string).
func mayHoldDoc(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case ' ', '\t', '\r', '\n':
		case '\\':
			i++ // an escaped white-space character
		case '{', '[':
			return true
		default:
			return false
		}
	}
	return false
}

// nestedDoc parses a string's content as a JSON document when it looks
// like one, with every range mapped back to the file. It returns nil for
// anything else: most strings are not documents.
func nestedDoc(d *decoded) *Node {
	t := bytes.TrimLeft(d.text, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return nil
	}
	p := &jsonParser{src: d.text, d: d}
	n, err := p.document()
	if err != nil {
		return nil
	}
	return n
}
