package scanner

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// readYAML is a fast reader for the plain subset of YAML that most
// CloudFormation and SAM templates are written in: documents of block
// mappings and sequences, whose values are one-line plain or quoted
// scalars, literal and folded block scalars, one-line flow collections,
// and short-form tags (!Ref, !Sub, !GetAtt ...). It builds exactly the
// tree and string ranges that parseYAMLWithYAML builds from yaml.v3 (a
// differential test and fuzz target hold it to that), several times
// faster, because it makes no events or tokens and computes no columns.
//
// Anything outside the subset (anchors and aliases, multi-line plain or
// quoted scalars, directives, complex keys, empty values, tabs, CR, and
// any plain scalar whose type yaml.v3 resolves by rules this reader does
// not repeat) and anything yaml.v3 would reject makes it give up, and the
// file goes to yaml.v3 whole. So yaml.v3 stays the judge: readYAML
// accepts only what yaml.v3 accepts.
func readYAML(f *File) bool {
	src := f.Src
	if bytes.IndexByte(src, '\r') >= 0 || bytes.IndexByte(src, '\t') >= 0 || hasBOM(src) || !yamlPrintable(src) {
		return false
	}
	r := &yamlReader{f: f, cursor: cursor{src: src}}
	return tryFastReader(f, r.stream)
}

// stream reads the documents of the stream.
func (r *yamlReader) stream() {
	var docs []*Node
	for marked := false; ; {
		switch indent := r.nextLine(); indent {
		case endOfFile:
			if marked {
				r.giveUp() // an empty document
			}
			r.f.setDocuments(docs)
			return
		case docMarker:
			if marked {
				r.giveUp() // an empty document
			}
			r.pos += 3
			r.endOfLine()
			marked = true
		case 0:
			if len(docs) > 0 && !marked {
				r.giveUp() // what a block left over: not a new document
			}
			docs = append(docs, r.block(0, ""))
			marked = false
		default:
			r.giveUp()
		}
	}
}

// What nextLine returns when no line with content follows.
const (
	endOfFile = -1
	docMarker = -2 // a "---" line: the start of a document
)

// maxYAMLKey is the longest implicit key, in bytes, that readYAML reads:
// YAML allows 1024 characters, and a byte count cannot exceed them below
// that.
const maxYAMLKey = 1000

type yamlReader struct {
	cursor
	f *File
}

// yamlPrintable reports whether src holds only what yaml.v3 reads as
// printable text, with no line breaks but '\n' (YAML also breaks lines at
// NEL, LS and PS).
func yamlPrintable(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		rn, n := utf8.DecodeRune(src[i:])
		switch {
		case rn == utf8.RuneError && n == 1,
			rn < 0xA0, // C1 controls and NEL
			rn == 0x2028 || rn == 0x2029,
			rn >= 0xD800 && rn < 0xE000,
			rn == 0xFEFF || rn == 0xFFFE || rn == 0xFFFF:
			return false
		}
		i += n
	}
	return true
}

// nextLine moves from the start of a line past blank and comment-only
// lines, and returns the indentation of the next line with content,
// endOfFile, or docMarker. pos is left at that line's start.
func (r *yamlReader) nextLine() int {
	for r.pos < len(r.src) {
		i := r.pos
		for i < len(r.src) && r.src[i] == ' ' {
			i++
		}
		switch r.at(i) {
		case '\n':
			r.pos = i + 1
			continue
		case '#':
			r.skipLine(i)
			continue
		case 0:
			r.pos = len(r.src)
			return endOfFile
		}
		if i == r.pos {
			if bytes.HasPrefix(r.src[i:], []byte("---")) && (r.at(i+3) == ' ' || r.at(i+3) == '\n' || i+3 == len(r.src)) {
				return docMarker
			}
			if r.at(i) == '%' || bytes.HasPrefix(r.src[i:], []byte("...")) {
				r.giveUp() // directives and document ends
			}
		}
		return i - r.pos
	}
	return endOfFile
}

// endOfLine moves past spaces and a comment to the next line; anything
// else there gives up.
func (r *yamlReader) endOfLine() {
	i := r.pos
	for r.at(i) == ' ' {
		i++
	}
	switch r.at(i) {
	case 0:
		r.pos = len(r.src)
	case '\n':
		r.pos = i + 1
	case '#':
		if r.at(i-1) != ' ' {
			r.giveUp() // "a#b" is not a comment
		}
		r.skipLine(i)
	default:
		r.giveUp()
	}
}

// block reads the block collection whose first line starts at pos and
// is indented by indent; tag is its tag ("!Or"), if any.
func (r *yamlReader) block(indent int, tag string) *Node {
	r.enter()
	defer r.leave()
	r.pos += indent
	if r.isDash(r.pos) {
		return r.sequence(indent, tag)
	}
	return r.mapping(indent, tag)
}

func (r *yamlReader) isDash(i int) bool {
	return r.at(i) == '-' && (r.at(i+1) == ' ' || r.at(i+1) == '\n' || i+1 == len(r.src))
}

// mapping reads a block mapping whose first key is at pos, in column
// indent.
func (r *yamlReader) mapping(indent int, tag string) *Node {
	n := &Node{Kind: Object}
	var keys keySet
	for {
		key, ok := r.key(false)
		if !ok {
			r.giveUp()
		}
		r.pos++ // ':'
		v := r.value(indent, true)
		r.addField(n, &keys, key, v)
		next := r.nextLine()
		if next < indent {
			break
		}
		if next > indent {
			r.giveUp()
		}
		r.pos += indent
		if r.isDash(r.pos) {
			r.giveUp()
		}
	}
	return r.collection(n, tag)
}

// addField adds a mapping's entry as parseYAML does: only a string key
// makes a field. A repeated key gives up: that is yaml.v3's to judge.
func (r *yamlReader) addField(n *Node, keys *keySet, key, v *Node) {
	if key.Kind != String {
		return
	}
	if !keys.add(key.Str) {
		r.giveUp()
	}
	n.Fields = append(n.Fields, Field{Key: key.Str, KeyRange: key.Range, Value: v})
}

// sequence reads a block sequence whose first "-" is at pos, in column
// indent.
func (r *yamlReader) sequence(indent int, tag string) *Node {
	n := &Node{Kind: Array, BlockList: true}
	for {
		r.pos++ // '-'
		n.Items = append(n.Items, r.value(indent, false))
		next := r.nextLine()
		if next < indent {
			break
		}
		r.pos += next
		if next > indent || !r.isDash(r.pos) {
			if next == indent {
				r.pos -= next // the parent mapping's next key
				break
			}
			r.giveUp()
		}
	}
	return r.collection(n, tag)
}

// collection finishes a collection as parseYAML does.
func (r *yamlReader) collection(n *Node, tag string) *Node {
	n.Range = r.f.span(n)
	if tag != "" {
		return &Node{Kind: Dynamic, Str: tag, Range: n.Range}
	}
	return cfnIntrinsic(n)
}

// value reads what follows a key's ':' or a sequence's '-': a value on
// the same line, or a block on the lines below. indent is the column of
// the key or dash. On return pos is at the start of a line.
func (r *yamlReader) value(indent int, inMapping bool) *Node {
	at := r.pos // just past the ':' or '-'
	if c := r.at(r.pos); c != ' ' && c != '\n' && c != 0 {
		r.giveUp()
	}
	for r.at(r.pos) == ' ' {
		r.pos++
	}
	switch c := r.at(r.pos); {
	case c == '\n' || c == 0 || c == '#' && r.at(r.pos-1) == ' ':
		r.endOfLine()
		return r.below(indent, inMapping, at, "")
	case !inMapping:
		// A sequence item may be a mapping that starts on the dash's line.
		col := r.pos - r.lineStart()
		save := r.pos
		_, _, isKey := r.scanKey(false)
		r.pos = save
		if isKey {
			r.enter()
			defer r.leave()
			return r.mapping(col, "")
		}
	}
	v := r.inline(indent, false, inMapping)
	// A block scalar or a tagged block collection reads its lines to the
	// start of the next one; every other value ends on its own line,
	// which must end here.
	if r.at(r.pos-1) != '\n' {
		r.endOfLine()
	}
	return v
}

// below reads a value that starts on the lines below its key or dash
// (with tag, below the tag): a block collection, a plain scalar, or
// nothing. pos is at the start of the line after the key's; at is just
// past the key's ':' or the dash.
func (r *yamlReader) below(indent int, inMapping bool, at int, tag string) *Node {
	next := r.nextLine()
	switch {
	case tag == "" && next > indent && r.inlineStart(r.pos+next) && !r.isKeyAt(r.pos+next):
		// A scalar, a tagged value or a flow collection on the lines
		// below its key or dash.
		r.pos += next
		v := r.inline(indent, false, inMapping)
		if r.at(r.pos-1) != '\n' { // as in value: a block has read its lines
			r.endOfLine()
		}
		return v
	case next > indent || inMapping && next == indent && r.isDash(r.pos+next):
		return r.block(next, tag)
	case tag != "":
		r.giveUp() // a tagged empty value
	}
	// An empty value: yaml.v3 places its null where the ':' or '-' ends.
	return r.scalar(&Node{Kind: Scalar, Range: Range{at, at}, Full: Range{at, at}}, 0, "")
}

// inlineStart reports whether what starts at i is read by inline: a
// plain or quoted scalar, a tag, or a flow collection.
func (r *yamlReader) inlineStart(i int) bool {
	switch r.at(i) {
	case '!', '"', '\'', '[', '{':
		return true
	}
	return r.plainStart(i)
}

// isKeyAt reports whether a mapping key starts at i.
func (r *yamlReader) isKeyAt(i int) bool {
	save := r.pos
	r.pos = i
	_, _, ok := r.scanKey(false)
	r.pos = save
	return ok
}

func (r *yamlReader) lineStart() int {
	return bytes.LastIndexByte(r.src[:r.pos], '\n') + 1
}

// scanKey moves past a mapping key (a plain or quoted scalar on one
// line) and the spaces after it, to the ':' that ends it. It returns the
// key's range and style, and reports false when there is no key here.
// In a flow mapping (flow), a key holding a flow indicator gives up.
func (r *yamlReader) scanKey(flow bool) (Range, yaml.Style, bool) {
	start := r.pos
	var rg Range
	style := yaml.Style(0)
	switch r.at(r.pos) {
	case '"', '\'':
		if !r.quotedOnLine() {
			return Range{}, 0, false // a multi-line quoted scalar is no key
		}
		style = r.skipQuoted(-1)
		rg = Range{start, r.pos}
	default:
		if !r.plainStart(r.pos) {
			return Range{}, 0, false
		}
		for {
			c := r.at(r.pos)
			if c == 0 || c == '\n' || c == ':' && r.isValueIndicator(r.pos) || c == '#' && r.at(r.pos-1) == ' ' {
				break
			}
			if flow && strings.IndexByte(",[]{}?", c) >= 0 {
				r.giveUp()
			}
			r.pos++
		}
		end := r.pos
		for end > start && r.src[end-1] == ' ' {
			end--
		}
		rg = Range{start, end}
	}
	r.spaces()
	if r.at(r.pos) != ':' || !r.isValueIndicator(r.pos) {
		return Range{}, 0, false
	}
	if r.pos-start > maxYAMLKey {
		r.giveUp() // YAML limits an implicit key to 1024 characters
	}
	return rg, style, true
}

// key reads a mapping key and moves to the ':' after it; it reports false
// when there is no key here.
func (r *yamlReader) key(flow bool) (*Node, bool) {
	rg, style, ok := r.scanKey(flow)
	switch {
	case !ok:
		return nil, false
	case style != 0:
		return r.scalar(r.quotedNode(rg, style), style, ""), true
	}
	return r.scalar(r.plain(rg), 0, ""), true
}

// isValueIndicator reports whether the ':' at i ends a key.
func (r *yamlReader) isValueIndicator(i int) bool {
	c := r.at(i + 1)
	return c == ' ' || c == '\n' || i+1 == len(r.src)
}

// plainStart reports whether a plain scalar may start at i (in block
// context); one that starts with an indicator gives up elsewhere.
func (r *yamlReader) plainStart(i int) bool {
	switch c := r.at(i); c {
	case 0, '\n', ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

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
// it reports false and leaves pos alone. A comment, a key or an indicator
// at the start of a continuation line gives up.
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
		if strings.IndexByte("#-?:,[]{}&*!|>'\"%@`", c) >= 0 {
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
	return r.plainValue(rg, string(r.src[rg.Start:rg.End]))
}

// plainValue is plain for a scalar whose value is not its source: one
// folded from several lines.
func (r *yamlReader) plainValue(rg Range, v string) *Node {
	n := &Node{Kind: String, Str: v, Range: rg, Full: rg}
	if v[0] == '<' {
		r.giveUp() // merge keys
	}
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
// quoted line continuation) gives up.
func (r *yamlReader) foldQuoted(raw []byte, double bool) []byte {
	lines := bytes.Split(raw, []byte{'\n'})
	out := make([]byte, 0, len(raw))
	breaks := 0
	for i, line := range lines {
		if i > 0 {
			line = bytes.TrimLeft(line, " ")
		}
		if i < len(lines)-1 {
			line = bytes.TrimRight(line, " ")
			if n := len(line) - len(bytes.TrimRight(line, "\\")); double && n%2 == 1 {
				r.giveUp() // an escaped line break
			}
		}
		if i > 0 && i < len(lines)-1 && len(line) == 0 {
			breaks++ // an empty line
			continue
		}
		if i > 0 {
			if breaks == 0 {
				out = append(out, ' ')
			}
			out = append(out, bytes.Repeat([]byte{'\n'}, breaks)...)
			breaks = 0
		}
		out = append(out, line...)
	}
	return out
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
	return &Node{Kind: String, Str: v, Range: rg, Full: rg}
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

// flow reads a flow sequence or mapping. It may span lines, as JSON
// written as YAML and Prettier's output do, when every line it continues
// on is indented past indent (the column of its key or dash) and holds no
// comment; a plain scalar in it ends on its line. indent is -1 for a
// collection at the top of a document.
func (r *yamlReader) flow(tag string, indent int) *Node {
	r.enter()
	defer r.leave()
	n, closing := &Node{Kind: Array}, byte(']')
	if r.src[r.pos] == '{' {
		n.Kind, closing = Object, '}'
	}
	var keys keySet
	r.pos++
	r.flowSpace(indent)
	for empty := r.at(r.pos) == closing; !empty; {
		if n.Kind == Object {
			key, ok := r.key(true)
			if !ok {
				r.giveUp()
			}
			r.pos++ // ':'
			if c := r.at(r.pos); c != ' ' && c != '\n' {
				r.giveUp() // "a:b" is one scalar, "{a:1}" a key with no value
			}
			r.flowSpace(indent)
			r.addField(n, &keys, key, r.flowValue(indent))
		} else {
			n.Items = append(n.Items, r.flowValue(indent))
		}
		r.flowSpace(indent)
		if r.at(r.pos) == closing {
			break
		}
		if r.at(r.pos) != ',' || r.at(r.pos+1) != ' ' && r.at(r.pos+1) != '\n' {
			r.giveUp() // no separator, or one without a space
		}
		r.pos++
		r.flowSpace(indent)
		if r.at(r.pos) == closing {
			break // a trailing comma
		}
	}
	r.pos++
	switch r.at(r.pos) {
	case ' ', '\n', 0, ',', ']', '}':
	default:
		r.giveUp()
	}
	return r.collection(n, tag)
}

// flowSpace moves past spaces inside a flow collection, and past line
// breaks to lines indented past indent (blank lines too); a comment, or a
// line that is not indented past indent and column 0, gives up.
func (r *yamlReader) flowSpace(indent int) {
	for {
		r.spaces()
		switch r.at(r.pos) {
		case '#':
			r.giveUp()
		case '\n':
			r.pos++
			start := r.pos
			r.spaces()
			if col := r.pos - start; r.at(r.pos) != '\n' && (col <= indent || col == 0) {
				r.giveUp()
			}
			continue
		}
		return
	}
}

// flowValue reads a value inside a flow collection.
func (r *yamlReader) flowValue(indent int) *Node {
	switch r.at(r.pos) {
	case '#', '\n', 0, ',', ']', '}', '-', '?', ':':
		r.giveUp()
	}
	return r.inline(indent, true, false)
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
	for pos := r.pos; pos < end; {
		nl := bytes.IndexByte(r.src[pos:end], '\n')
		if nl < 0 {
			r.giveUp() // the last line has no newline
		}
		line := r.src[pos : pos+nl]
		sp := 0
		for sp < len(line) && line[sp] == ' ' {
			sp++
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
	switch chomp {
	case '-':
	case '+':
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
	return r.scalar(&Node{Kind: String, Str: string(out), Range: rg, Full: rg}, style, tag)
}
