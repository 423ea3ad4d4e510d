package scanner

import (
	"bytes"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"golang.org/x/text/unicode/norm"
)

// readHCL is a fast reader for the plain subset of HCL native syntax that
// most Terraform is written in. It builds exactly the tree and string
// ranges that hcl's parser gives, several times faster, because it makes
// no tokens and computes no columns. A string with interpolation or
// directives is handed to hcl's expression parser on its own: its extent
// is plain to see, its insides are hcl's business. Anything outside its
// subset, and anything hcl would reject, makes it give up, and the file
// goes to hcl whole: hcl stays the judge of what is valid.
//
// What the subset is, is not listed here, where it would go stale:
// hclCases (hclfast_test.go) is the list, each case marked read or given
// up on, and TestReadHCLAgreesWithHCL and FuzzReadHCL hold the reader to
// hcl on it.
func readHCL(f *File) bool {
	src := f.Src
	// A tab is not refused here: the reader reads only spaces as space,
	// so it gives up at a tab wherever it reads one, and a tab goes on
	// only in what hcl reads for it (a template, an expression) or skips
	// (a comment).
	if bytes.IndexByte(src, '\r') >= 0 || !utf8.Valid(src) || hasBOM(src) {
		return false
	}
	return tryFastReader(f, func() {
		// Depth -1: the top-level body is level 0, as hcl's tree and
		// hclExpr count it.
		r := &hclReader{f: f, cursor: cursor{src: src, depth: -1}}
		start := r.firstToken()
		f.Root = r.body(true)
		f.Root.Range = Range{start, len(src)}
	})
}

// firstToken returns where hcl's first token after comments starts: its
// top-level body starts there. A line comment stands for its newline, and
// hcl gives that newline the comment's range.
func (r *hclReader) firstToken() int {
	defer func() { r.pos = 0 }()
	for {
		r.space()
		start := r.pos
		if c := r.peek(); c == '#' || c == '/' && r.at(r.pos+1) == '/' {
			r.lineEnd()
			if r.src[r.pos-1] != '\n' {
				continue // a comment that ends the file stands for nothing
			}
		}
		return start
	}
}

type hclReader struct {
	cursor
	f       *File
	guarded bool // the file has passed hclGuard (exprWithHCL)
}

// space skips spaces and /* */ comments on the current line (a block
// comment may span lines; hcl then sees no newline either).
func (r *hclReader) space() {
	for r.pos < len(r.src) {
		switch c := r.src[r.pos]; {
		case c == ' ':
			r.pos++
		case c == '/' && r.at(r.pos+1) == '*':
			end := bytes.Index(r.src[r.pos+2:], []byte("*/"))
			if end < 0 {
				r.giveUp()
			}
			r.pos += 2 + end + 2
		default:
			return
		}
	}
}

// lineEnd reports whether a newline (or a line comment, which ends with
// one) is next, and consumes it.
func (r *hclReader) lineEnd() bool {
	switch c := r.peek(); {
	case c == '\n':
		r.pos++
		return true
	case c == '#' || c == '/' && r.at(r.pos+1) == '/':
		r.skipLine(r.pos)
		return true
	}
	return false
}

// blank skips spaces, comments and newlines.
func (r *hclReader) blank() {
	for {
		r.space()
		if !r.lineEnd() {
			return
		}
	}
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '-' }

// ident reads a name; anything else there gives up.
func (r *hclReader) ident() Range {
	start := r.pos
	if !isIdentStart(r.peek()) {
		r.giveUp()
	}
	for r.pos < len(r.src) && isIdentByte(r.src[r.pos]) {
		r.pos++
	}
	if c := r.peek(); c >= utf8.RuneSelf {
		r.giveUp() // a non-ASCII name goes on: hcl's rules for it are Unicode's
	}
	return Range{start, r.pos}
}

func (r *hclReader) text(rg Range) string { return string(r.src[rg.Start:rg.End]) }

// body reads a body's items up to its closing brace (not consumed) or,
// at the top, the end of the file.
func (r *hclReader) body(top bool) *Node {
	r.enter()
	defer r.leave()
	n := &Node{Kind: Object}
	var attrs keySet
	for {
		r.blank()
		if r.eof() {
			if !top {
				r.giveUp()
			}
			return n
		}
		if !top && r.peek() == '}' {
			return n
		}
		name := r.ident()
		r.space()
		if r.peek() == '=' {
			key := r.text(name)
			if !attrs.add(key) {
				r.giveUp() // hcl: "Attribute redefined"
			}
			v, _ := r.attribute()
			n.Fields = append(n.Fields, Field{Key: key, KeyRange: name, Value: v})
			if !r.eof() && !r.lineEnd() {
				r.giveUp()
			}
			continue
		}
		v := r.block()
		n.Fields = append(n.Fields, Field{Key: r.text(name), KeyRange: name, Value: v})
	}
}

// attribute reads "= expr" after an attribute's name, and the spaces
// after it. It returns the value and where its source ends. An
// expression the reader does not read itself (an operator, a conditional,
// an index, a for expression: "count = var.on ? 1 : 0") is handed to
// hcl's expression parser on its own, as a template is.
func (r *hclReader) attribute() (*Node, int) {
	r.pos++ // '='
	if c := r.peek(); c == '=' || c == '>' {
		r.giveUp()
	}
	r.space()
	start, strs := r.pos, len(r.f.Strings)
	v, ok := r.fastExpr()
	if ok {
		end := r.pos
		r.space()
		if r.atAttributeEnd() {
			return v, end
		}
	}
	r.pos, r.f.Strings = start, r.f.Strings[:strs]
	v = r.exprWithHCL()
	end := r.pos
	r.space()
	return v, end
}

// fastExpr is expr, reporting false where it gives up.
func (r *hclReader) fastExpr() (v *Node, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			if _, gaveUp := p.(giveUp); !gaveUp {
				panic(p) // a bug: tryFastReader's to count
			}
		}
	}()
	return r.expr(), true
}

// atAttributeEnd reports whether what follows an attribute's value ends
// it: the end of the file or line, a comment, or a one-line block's '}'.
func (r *hclReader) atAttributeEnd() bool {
	switch c := r.peek(); {
	case r.eof(), c == '\n', c == '#', c == '}':
		return true
	case c == '/':
		return r.at(r.pos+1) == '/'
	}
	return false
}

// exprWithHCL reads the expression at pos with hcl's expression parser:
// exprEnd finds where it ends, and hcl must read exactly that much. The
// whole file must pass hclGuard first, as it must on hcl's path, since an
// expression of operators makes hcl's tree larger than the file looks.
func (r *hclReader) exprWithHCL() *Node {
	r.guardFile()
	start := r.pos
	end := r.exprEnd(start)
	for end > start && r.src[end-1] == ' ' {
		end--
	}
	if n, ok := r.plainOps(start, end); ok {
		r.pos = end
		return n
	}
	hclHandOffs.Add(1)
	e, diags := hclsyntax.ParseExpression(r.src[start:end], r.f.Path, hcl.Pos{Byte: start, Line: 1, Column: 1})
	if diags.HasErrors() || e.Range().Start.Byte != start || e.Range().End.Byte != end {
		r.giveUp()
	}
	r.addTemplates(e)
	r.pos = end
	return r.f.hclExpr(e, r.depth+1) // the depth expr would read it at
}

// guardFile gives up unless the whole file passes hclGuard, as it must on
// hcl's path: what the reader hands hcl's expression parser (operators,
// interpolation) makes hcl's tree larger than the file looks, so a file
// of many small expressions, each within bounds, may be one hcl's path
// reads as text. It runs once per file, before the first such expression.
func (r *hclReader) guardFile() {
	if !r.guarded {
		if hclGuard(r.src) != nil {
			r.giveUp()
		}
		r.guarded = true
	}
}

// exprEnd returns where the attribute value that starts at i ends: at
// the first line break, comment or unmatched closing bracket outside
// brackets and strings (hcl ends an attribute there too; inside brackets
// a line break does not end it). It gives up on a heredoc, and on
// brackets nested past fastDepth.
func (r *hclReader) exprEnd(i int) int {
	depth := 0
	for i < len(r.src) {
		switch c := r.src[i]; c {
		case '\n', '#':
			if depth == 0 {
				return i
			}
			if c == '#' {
				r.skipLine(i)
				i = r.pos
				continue
			}
		case '/':
			switch r.at(i + 1) {
			case '/':
				if depth == 0 {
					return i
				}
				r.skipLine(i)
				i = r.pos
				continue
			case '*':
				end := bytes.Index(r.src[i+2:], []byte("*/"))
				if end < 0 {
					r.giveUp()
				}
				i += 2 + end + 2
				continue
			}
		case '"':
			i, _ = r.templateEnd(i)
			continue
		case '<':
			if r.at(i+1) == '<' {
				r.giveUp() // a heredoc
			}
		case '(', '[', '{':
			if depth++; depth > fastDepth {
				r.giveUp()
			}
		case ')', ']', '}':
			if depth == 0 {
				return i
			}
			depth--
		}
		i++
	}
	if depth > 0 {
		r.giveUp()
	}
	return i
}

// block reads a block's labels and braced body; the name is read.
func (r *hclReader) block() *Node {
	var labels []string
	for {
		switch c := r.peek(); {
		case c == '"':
			start := r.pos
			s, _ := r.quoted()
			for i := 0; i < len(s); i++ {
				if s[i] >= utf8.RuneSelf {
					r.giveUp()
				}
			}
			labels = append(labels, s)
			r.f.addString(Range{start, r.pos})
		case isIdentStart(c):
			id := r.ident()
			labels = append(labels, r.text(id))
			r.f.addString(id)
		case c == '{':
			open := r.pos
			r.pos++
			r.space()
			var v *Node
			switch {
			case r.peek() == '}':
				v = &Node{Kind: Object}
			case r.lineEnd():
				v = r.body(false)
			default: // a single-line block holds one attribute
				v = &Node{Kind: Object}
				name := r.ident()
				r.space()
				if r.peek() != '=' {
					r.giveUp()
				}
				r.enter() // the block's body, as body would
				val, end := r.attribute()
				r.leave()
				v.Fields = []Field{{Key: r.text(name), KeyRange: name, Value: val}}
				v.Range = Range{name.Start, end} // hcl's: the attribute's
				if r.peek() != '}' {
					r.giveUp()
				}
			}
			r.pos++ // '}'
			if v.Range == (Range{}) {
				v.Range = Range{open, r.pos}
			}
			v.Labels = labels
			r.space()
			if !r.eof() && !r.lineEnd() {
				r.giveUp()
			}
			return v
		default:
			r.giveUp()
		}
		r.space()
	}
}

// expr reads one expression and returns its node; what follows it is
// for the caller to judge, so an operator, index or splat after a term
// makes the caller give up.
func (r *hclReader) expr() *Node {
	r.enter()
	defer r.leave()
	start := r.pos
	switch c := r.peek(); {
	case c == '"':
		if end, tmpl := r.templateEnd(start); tmpl {
			return r.template(start, end)
		}
		s, content := r.quoted()
		full := Range{start, r.pos}
		r.f.addString(full)
		return r.f.hclString(s, content, full, true)
	case c == '<':
		return r.heredoc()
	case c >= '0' && c <= '9':
		r.number()
		rg := Range{start, r.pos}
		return &Node{Kind: Scalar, Str: r.text(rg), Range: rg, Full: rg}
	case c == '[':
		return r.tuple()
	case c == '{':
		return r.object()
	case c == '(':
		r.pos++
		r.blank()
		v := r.expr()
		r.blank()
		if r.peek() != ')' {
			r.giveUp()
		}
		r.pos++
		return v
	case isIdentStart(c):
		id := r.ident()
		switch name := r.text(id); name {
		case "true", "false", "null":
			return &Node{Kind: Scalar, Str: name, Range: id, Full: id}
		}
		if r.peek() == '(' {
			return r.call(id)
		}
		for r.peek() == '.' { // a reference: var.x, local.a.b
			r.pos++
			r.ident()
		}
		rg := Range{id.Start, r.pos}
		return &Node{Kind: Dynamic, Str: r.text(rg), Range: rg, Full: rg}
	}
	r.giveUp()
	return nil
}

// call reads a function call; the name is read and '(' is next.
func (r *hclReader) call(name Range) *Node {
	r.pos++ // '('
	args := r.list(')')
	rg := Range{name.Start, r.pos}
	if fn := r.text(name); (fn == "jsonencode" || fn == "yamlencode") && len(args) == 1 {
		return args[0]
	}
	return &Node{Kind: Dynamic, Str: r.text(rg), Range: rg, Full: rg}
}

func (r *hclReader) tuple() *Node {
	start := r.pos
	r.pos++
	r.blank()
	r.notFor()
	n := &Node{Kind: Array, Items: r.list(']')}
	n.Range = Range{start, r.pos}
	n.Full = n.Range
	return n
}

// list reads comma-separated expressions (a trailing comma allowed) and
// the closing bracket after them; newlines and comments between them do
// not count.
func (r *hclReader) list(closing byte) []*Node {
	var items []*Node
	for {
		r.blank()
		if r.peek() == closing {
			break
		}
		items = append(items, r.expr())
		r.blank()
		if r.peek() == ',' {
			r.pos++
			continue
		}
		if r.peek() != closing {
			r.giveUp()
		}
	}
	r.pos++
	return items
}

// notFor gives up on a for expression.
func (r *hclReader) notFor() {
	if bytes.HasPrefix(r.src[r.pos:], []byte("for")) && (r.pos+3 >= len(r.src) || !isIdentByte(r.src[r.pos+3])) {
		r.giveUp()
	}
}

func (r *hclReader) object() *Node {
	start := r.pos
	r.pos++
	n := &Node{Kind: Object}
	r.blank()
	r.notFor()
	for {
		r.blank()
		if r.peek() == '}' {
			break
		}
		var key string
		var kr Range
		switch c := r.peek(); {
		case c == '"':
			qs := r.pos
			s, content := r.quoted()
			r.f.addString(Range{qs, r.pos})
			key, kr = s, content
		case isIdentStart(c):
			kr = r.ident()
			key = r.text(kr)
			switch key {
			case "true", "false", "null":
				r.giveUp()
			}
		default:
			r.giveUp()
		}
		r.space()
		switch r.peek() {
		case '=':
			if c := r.at(r.pos + 1); c == '=' || c == '>' {
				r.giveUp()
			}
		case ':':
			if r.at(r.pos+1) == ':' {
				r.giveUp()
			}
		default:
			r.giveUp()
		}
		r.pos++
		r.space()
		v := r.expr()
		n.Fields = append(n.Fields, Field{Key: key, KeyRange: kr, Value: v})
		r.space()
		switch {
		case r.peek() == ',':
			r.pos++
		case r.peek() == '}':
		case r.lineEnd():
		default:
			r.giveUp()
		}
	}
	r.pos++
	n.Range = Range{start, r.pos}
	n.Full = n.Range
	return n
}

// number reads a number literal as hcl's scanner does, without exponent.
func (r *hclReader) number() {
	digits := func() {
		if c := r.peek(); c < '0' || c > '9' {
			r.giveUp()
		}
		for c := r.peek(); c >= '0' && c <= '9'; c = r.peek() {
			r.pos++
		}
	}
	digits()
	if c := r.at(r.pos + 1); r.peek() == '.' && c >= '0' && c <= '9' {
		r.pos++
		digits()
	}
	// An exponent gives up: hcl rejects one too large for a big.Float.
	if c := r.peek(); isIdentByte(c) || c == '.' || c >= utf8.RuneSelf {
		r.giveUp()
	}
}

// quoted reads a quoted string without interpolation and returns its
// value and its raw content range.
func (r *hclReader) quoted() (string, Range) {
	r.pos++ // '"'
	start := r.pos
	escaped, ascii := false, true // ascii: no raw byte above 0x7f
	for {
		if r.pos >= len(r.src) {
			r.giveUp()
		}
		c := r.src[r.pos]
		switch {
		case c == '"':
			content := Range{start, r.pos}
			r.pos++
			raw := r.src[content.Start:content.End]
			var s string
			if escaped {
				s = r.decodeEscapes(raw, hclEscapes)
			} else {
				s = string(raw)
			}
			if !ascii || escaped {
				s = nfc(s)
			}
			return s, content
		case c == '\\':
			escaped = true
			r.pos += 2
		case c == '$' || c == '%':
			if n := r.at(r.pos + 1); n == '{' || n == c {
				r.giveUp() // interpolation, a directive, or their escapes
			}
			r.pos++
		case c < ' ' || c == 0x7f:
			r.giveUp() // a newline or a control character
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			r.pos++
		}
	}
}

// heredoc reads a heredoc without interpolation: "<<MARKER", or the
// flush form "<<-MARKER", whose lines lose their common indentation.
func (r *hclReader) heredoc() *Node {
	start := r.pos
	if r.at(r.pos+1) != '<' {
		r.giveUp()
	}
	r.pos += 2
	flush := r.peek() == '-'
	if flush {
		r.pos++
	}
	marker := r.src[r.ident().Start:r.pos]
	if r.peek() != '\n' {
		r.giveUp()
	}
	r.pos++
	content := r.pos
	ascii, tmpl := true, false // tmpl: interpolation or a directive
	tabs := false              // a tab in a line, the marker's included
	indent := -1               // the least indentation of a line that is not blank
	for {
		nl := bytes.IndexByte(r.src[r.pos:], '\n')
		if nl < 0 {
			r.giveUp() // unterminated, or a marker without a newline
		}
		line := r.src[r.pos : r.pos+nl]
		if bytes.Equal(bytes.TrimSpace(line), marker) {
			if r.pos == content {
				r.giveUp() // empty: hcl's ranges differ
			}
			if tmpl {
				// hcl reads it, to the line break after the marker.
				if n, ok := r.plainTemplate(start, r.pos+nl, content, r.pos, false); ok {
					return n
				}
				return r.templateIn(start, r.pos+nl, r.pos+nl+1)
			}
			if tabs || bytes.IndexByte(line, '\t') >= 0 {
				r.giveUp() // hcl's space around the marker and in a flush heredoc's indentation
			}
			body := Range{content, r.pos}
			r.pos += nl // the newline ends the attribute
			full := Range{start, r.pos}
			r.f.addString(full)
			var s string
			if flush && indent > 0 {
				s, body = r.dedent(body, indent)
			} else {
				s = r.text(body)
			}
			if !ascii {
				s = nfc(s)
			}
			return r.f.hclString(s, body, full, false)
		}
		spaces := 0
		for spaces < len(line) && line[spaces] == ' ' {
			spaces++
		}
		if spaces < len(line) {
			if line[spaces] >= utf8.RuneSelf {
				r.giveUp() // hcl counts indentation in Unicode spaces and graphemes
			}
			if indent < 0 || spaces < indent {
				indent = spaces
			}
		}
		for i, c := range line {
			switch {
			case c == '$' || c == '%':
				if i+1 < len(line) && (line[i+1] == '{' || line[i+1] == c) {
					tmpl = true
				}
			case c == '\t':
				tabs = true // read by hcl in a template, else given up on
			case c < ' ' || c == 0x7f:
				r.giveUp()
			case c >= utf8.RuneSelf:
				ascii = false
			}
		}
		r.pos += nl + 1
	}
}

// dedent strips indent spaces from each line of a flush heredoc's body
// that is not blank (hcl leaves blank lines as they are), and returns the
// value and the range hcl gives it: from the first line's text.
func (r *hclReader) dedent(body Range, indent int) (string, Range) {
	out := make([]byte, 0, body.Len())
	for pos := body.Start; pos < body.End; {
		nl := pos + bytes.IndexByte(r.src[pos:body.End], '\n') + 1
		line := r.src[pos:nl]
		if len(bytes.TrimLeft(line, " ")) > 1 {
			line = line[indent:]
			if pos == body.Start {
				body.Start += indent
			}
		}
		out = append(out, line...)
		pos = nl
	}
	return string(out), body
}

// templateEnd returns the end of the quoted string that starts at i, and
// whether it uses template syntax: interpolation, a directive, or their
// escapes ("$${", "%%{").
func (r *hclReader) templateEnd(i int) (int, bool) {
	r.enter()
	defer r.leave()
	tmpl := false
	for i++; ; {
		if i >= len(r.src) {
			r.giveUp()
		}
		switch c := r.src[i]; c {
		case '"':
			return i + 1, tmpl
		case '\\':
			i += 2
		case '\n':
			r.giveUp()
		case '$', '%':
			switch {
			case r.at(i+1) == c && r.at(i+2) == '{':
				tmpl = true
				i += 3
			case r.at(i+1) == '{':
				tmpl = true
				i = r.interpEnd(i + 2)
			default:
				i++
			}
		default:
			i++
		}
	}
}

// interpEnd returns the end of the "${...}" or "%{...}" whose contents
// start at i. It gives up on comments and heredocs in there.
func (r *hclReader) interpEnd(i int) int {
	r.enter()
	defer r.leave()
	braces := 0
	for {
		if i >= len(r.src) {
			r.giveUp()
		}
		switch r.src[i] {
		case '{':
			braces++
		case '}':
			if braces == 0 {
				return i + 1
			}
			braces--
		case '"':
			i, _ = r.templateEnd(i)
			continue
		case '#':
			r.giveUp()
		case '/', '<':
			if c := r.at(i + 1); c == '/' || c == '*' || c == '<' {
				r.giveUp()
			}
		}
		i++
	}
}

// template reads a quoted string with template syntax, src[start:end],
// with hcl's expression parser: its extent is known, so hcl reads only
// the string, with its ranges placed in the file. A heredoc's source
// (src[start:subEnd]) holds the line break after its end marker, which
// hcl needs to see the marker.
func (r *hclReader) template(start, end int) *Node {
	if n, ok := r.plainTemplate(start, end, start+1, end-1, true); ok {
		return n
	}
	return r.templateIn(start, end, end)
}

// plainTemplate makes, without hcl, the node of the template src[start:end]
// when its content, src[from:to], is literal text and interpolated
// references ("${var.x}", "${ aws_s3_bucket.b.arn }"), hcl's commonest
// template: hcl's node of it is Dynamic, its source. The literal text of a
// quoted one may hold only hcl's escapes; neither may hold a directive or
// an escape of one, nor another expression in "${...}". It reports false
// for anything else, which hcl then reads.
func (r *hclReader) plainTemplate(start, end, from, to int, quoted bool) (*Node, bool) {
	interps, lit := 0, from // lit: where the current literal text starts
	passthru := false       // the content is one interpolation
	for i := from; i < to; {
		switch c := r.src[i]; {
		case c == '\\' && quoted:
			i += 2
			continue
		case c == '$' || c == '%':
			if n := r.at(i + 1); n == c || c == '%' && n == '{' {
				return nil, false // "$$", "%%", "%{": escapes, directives
			} else if n != '{' {
				break
			}
			if quoted && !hclLiteral(r.src[lit:i]) {
				return nil, false
			}
			j, ok := r.plainInterp(i + 2)
			if !ok {
				return nil, false
			}
			interps++
			passthru = i == from && j == to
			i, lit = j, j
			continue
		case quoted && (c < ' ' || c == 0x7f):
			return nil, false
		}
		i++
	}
	if interps == 0 || quoted && !hclLiteral(r.src[lit:to]) {
		return nil, false
	}
	r.guardFile() // hcl's path must take the file, as for templateIn
	full := Range{start, end}
	if !(quoted && interps == 1 && passthru) {
		r.f.addString(full) // hcl's TemplateExpr; a lone "${x}" it unwraps
	}
	r.pos = end
	return &Node{Kind: Dynamic, Str: r.text(full), Range: full, Full: full}, true
}

// hclLiteral reports whether raw, literal text of a quoted template,
// holds only escapes hcl reads the way the fast reader does.
func hclLiteral(raw []byte) bool {
	if bytes.IndexByte(raw, '\\') < 0 {
		return true
	}
	_, ok := decodeEscapes(raw, hclEscapes)
	return ok
}

// plainInterp reads a reference between "${" and "}", with spaces around
// it, whose name starts at i, and returns where the "}" ends. It reports
// false for anything else: a keyword, a call, an operator, an index, a
// name past ASCII.
func (r *hclReader) plainInterp(i int) (int, bool) {
	for r.at(i) == ' ' {
		i++
	}
	root := true
	for {
		s := i
		if !isIdentStart(r.at(i)) {
			return 0, false
		}
		for isIdentByte(r.at(i)) {
			i++
		}
		if r.at(i) >= utf8.RuneSelf {
			return 0, false
		}
		if root {
			switch string(r.src[s:i]) {
			case "true", "false", "null", "for", "if", "in", "else", "endif", "endfor":
				return 0, false
			}
			root = false
		}
		if r.at(i) != '.' {
			break
		}
		i++
	}
	for r.at(i) == ' ' {
		i++
	}
	if r.at(i) != '}' {
		return 0, false
	}
	return i + 1, true
}

func (r *hclReader) templateIn(start, end, subEnd int) *Node {
	r.guardFile()
	hclHandOffs.Add(1)
	sub := r.src[start:subEnd]
	e, diags := hclsyntax.ParseExpression(sub, r.f.Path, hcl.Pos{Byte: start, Line: 1, Column: 1})
	if diags.HasErrors() || e.Range().Start.Byte != start || e.Range().End.Byte != end {
		r.giveUp()
	}
	switch e.(type) {
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
	default:
		r.giveUp()
	}
	r.addTemplates(e)
	r.pos = end
	return r.f.hclExpr(e, r.depth)
}

// nfc normalises a string value as cty.StringVal does, which hcl's
// literals go through: to Unicode NFC.
func nfc(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

// addTemplates records the string ranges of the templates in an
// expression hcl read for the fast reader, as parseHCLWithHCL would.
func (r *hclReader) addTemplates(e hclsyntax.Expression) {
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if t, ok := n.(*hclsyntax.TemplateExpr); ok {
			r.f.addString(byteRange(t.SrcRange))
		}
		return nil
	})
}
