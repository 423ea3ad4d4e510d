package scanner

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Block collections: mappings, sequences, and what stands below a key.

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
	n := r.node(Node{Kind: Object})
	base, keys := len(r.fields), map[string]bool(nil)
	for {
		key, ok := r.key(false)
		if !ok {
			r.giveUp()
		}
		r.pos++ // ':'
		v := r.value(indent, true)
		r.addField(base, &keys, key, v)
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
	n.Fields = r.takeFields(base)
	return r.collection(n, tag)
}

// addField adds an entry of the mapping whose fields start at base in
// r.fields as parseYAML does: only a string key makes a field. A repeated
// key gives up: that is yaml.v3's to judge. A few keys are compared one
// by one; keys, made past 16, holds a larger mapping's.
func (r *yamlReader) addField(base int, keys *map[string]bool, key, v *Node) {
	if key.Kind != String {
		return
	}
	switch fs := r.fields[base:]; {
	case *keys != nil:
		if (*keys)[key.Str] {
			r.giveUp()
		}
		(*keys)[key.Str] = true
	default:
		for i := range fs {
			if fs[i].Key == key.Str {
				r.giveUp()
			}
		}
		if len(fs) >= 16 {
			*keys = make(map[string]bool, 4*len(fs))
			for i := range fs {
				(*keys)[fs[i].Key] = true
			}
			(*keys)[key.Str] = true
		}
	}
	r.fields = append(r.fields, Field{Key: key.Str, KeyRange: key.Range, Value: v})
}

// sequence reads a block sequence whose first "-" is at pos, in column
// indent.
func (r *yamlReader) sequence(indent int, tag string) *Node {
	n := r.node(Node{Kind: Array, BlockList: true})
	base := len(r.items)
	for {
		r.pos++ // '-'
		v := r.value(indent, false)
		r.items = append(r.items, v)
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
	n.Items = r.takeItems(base)
	return r.collection(n, tag)
}

// collection finishes a collection as parseYAML does.
func (r *yamlReader) collection(n *Node, tag string) *Node {
	n.Range = r.f.span(n)
	if tag != "" {
		return r.node(Node{Kind: Dynamic, Str: tag, Range: n.Range})
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
		// A sequence item may be a sequence or a mapping that starts on
		// the dash's line ("- - a", "- k: v").
		col := r.pos - r.lineStart()
		if r.isDash(r.pos) {
			r.enter()
			defer r.leave()
			return r.sequence(col, "")
		}
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
// past the key's ':' or the dash, or, with tag, where the tag starts.
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
		// A tagged empty value ("AvailabilityZones: !GetAZs"): yaml.v3
		// places its empty scalar where the tag ends.
		end := at
		for end < len(r.src) && !isSpace(r.src[end]) {
			end++
		}
		return r.scalar(r.node(Node{Kind: Scalar, Range: Range{end, end}, Full: Range{end, end}}), 0, tag)
	}
	// An empty value: yaml.v3 places its null where the ':' or '-' ends.
	return r.scalar(r.node(Node{Kind: Scalar, Range: Range{at, at}, Full: Range{at, at}}), 0, "")
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
// context); one that starts with an indicator gives up elsewhere. A '-'
// starts one when no blank follows ("-1", "-foo"), as yaml.v3 reads it;
// the reader takes it when neither a flow indicator nor '#' follows.
func (r *yamlReader) plainStart(i int) bool {
	switch c := r.at(i); c {
	case '-':
		n := r.at(i + 1)
		return n != 0 && strings.IndexByte(" \n,[]{}#", n) < 0
	case 0, '\n', ' ', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}
