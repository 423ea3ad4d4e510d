package scanner

import (
	"bytes"
	"unicode/utf8"
)

// readYAML is a fast reader for the plain subset of YAML that most
// CloudFormation and SAM templates are written in. It builds exactly the
// tree and string ranges that parseYAMLWithYAML builds from yaml.v3,
// several times faster, because it makes no events or tokens and computes
// no columns. Anything outside its subset, and anything yaml.v3 would
// reject, makes it give up, and the file goes to yaml.v3 whole: yaml.v3
// stays the judge of what is valid.
//
// What the subset is, is not listed here, where it would go stale:
// yamlCases (yamlfast_test.go) is the list, each case marked read or given
// up on, and TestReadYAMLAgreesWithYAML and FuzzReadYAML hold the reader
// to yaml.v3 on it. The reader is split by concern: this file (the stream
// and its lines), yamlfast_block.go (block collections),
// yamlfast_scalar.go (scalars) and yamlfast_flow.go (flow collections).
func readYAML(f *File) bool {
	src := f.Src
	if bytes.IndexByte(src, '\r') >= 0 || bytes.IndexByte(src, '\t') >= 0 || hasBOM(src) || !yamlPrintable(src) {
		return false
	}
	r := &yamlReader{f: f, cursor: cursor{src: src}, str: string(src)}
	return tryFastReader(f, r.stream)
}

// stream reads the documents of the stream.
func (r *yamlReader) stream() {
	r.f.Strings = make([]Range, 0, len(r.src)/32+4) // about one scalar in 32 bytes
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
	// str is src as a string: a plain scalar's value is a slice of it,
	// not a copy each.
	str string
	// nodes is a slab the reader's nodes are taken from, a block at a
	// time, rather than one allocation each.
	nodes []Node
	slab  int // the size of the last block of nodes
	// fields and items are the entries of the collections being read,
	// the innermost last: each collection copies its own out, at its
	// exact size, when it ends, rather than growing a slice of its own.
	fields []Field
	items  []*Node
}

// node returns a new node holding n, from the slab.
func (r *yamlReader) node(n Node) *Node {
	if len(r.nodes) == 0 {
		// Each block twice the last: a small document takes a few nodes,
		// a template thousands. (cap(r.nodes) is 0 here: the last block
		// was sliced to its end.)
		r.slab = min(256, max(8, 2*r.slab))
		r.nodes = make([]Node, r.slab)
	}
	p := &r.nodes[0]
	r.nodes = r.nodes[1:]
	*p = n
	return p
}

// takeFields removes the fields from base on from r.fields and returns
// them (nil for none, as append leaves a slice with nothing added).
func (r *yamlReader) takeFields(base int) []Field {
	fs := r.fields[base:]
	r.fields = r.fields[:base]
	if len(fs) == 0 {
		return nil
	}
	return append([]Field(nil), fs...)
}

// takeItems is takeFields for r.items.
func (r *yamlReader) takeItems(base int) []*Node {
	its := r.items[base:]
	r.items = r.items[:base]
	if len(its) == 0 {
		return nil
	}
	return append([]*Node(nil), its...)
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
