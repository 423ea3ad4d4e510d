package scanner

// Expressions of references and operators, which the fast HCL reader
// builds itself instead of handing them to hcl's expression parser.

// plainOps reads src[start:end], an attribute's value the reader does not
// read as a term, when it is references, numbers, plain quoted strings
// and the literals joined by logical and comparison operators, with '!'
// and parentheses, and at most one conditional on top:
// "module.this.enabled && var.on ? 1 : 0", "local.n == true",
// "!(var.a && var.b)", "x.y[0].name". hcl's node of any of these is
// Dynamic, its source, and its strings are the quoted ones. It reports
// false for anything else (a call, arithmetic, a template, a value in
// parentheses alone, a line break), which hcl then reads.
func (r *hclReader) plainOps(start, end int) (*Node, bool) {
	p := &opsScan{src: r.src[:end], pos: start}
	if !p.conditional() || p.pos != end || !p.dynamic {
		return nil, false
	}
	for _, s := range p.strs {
		r.f.addString(s)
	}
	rg := Range{start, end}
	return &Node{Kind: Dynamic, Str: r.text(rg), Range: rg, Full: rg}, true
}

// opsScan is plainOps' scanner: src ends where the value ends.
type opsScan struct {
	src     []byte
	pos     int
	depth   int
	strs    []Range
	dynamic bool // an operator, or an index, outside parentheses
}

func (p *opsScan) at(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

func (p *opsScan) spaces() {
	for p.at(p.pos) == ' ' {
		p.pos++
	}
}

// conditional reads "chain", or "chain ? chain : chain".
func (p *opsScan) conditional() bool {
	if !p.chain() {
		return false
	}
	if p.at(p.pos) != '?' {
		return true
	}
	p.pos++
	p.dynamic = p.dynamic || p.depth == 0
	if !p.chain() || p.at(p.pos) != ':' {
		return false
	}
	p.pos++
	return p.chain()
}

// chain reads operands joined by binary operators, and the spaces around.
func (p *opsScan) chain() bool {
	for {
		p.spaces()
		if !p.operand() {
			return false
		}
		p.spaces()
		n := p.binary()
		if n == 0 {
			return true
		}
		p.pos += n
		p.dynamic = p.dynamic || p.depth == 0
	}
}

// binary returns the length of the logical or comparison operator at pos,
// or 0.
func (p *opsScan) binary() int {
	c, d := p.at(p.pos), p.at(p.pos+1)
	switch {
	case c == '&' && d == '&', c == '|' && d == '|', c == '=' && d == '=', c == '!' && d == '=':
		return 2
	case (c == '<' || c == '>') && d == '=':
		return 2
	case (c == '<' || c == '>') && d != '<' && d != '>':
		return 1
	}
	return 0
}

// operand reads "!"s and a term.
func (p *opsScan) operand() bool {
	top := p.depth == 0
	for p.at(p.pos) == '!' {
		p.pos++
		p.spaces()
		if top {
			p.dynamic = true
		}
	}
	switch c := p.at(p.pos); {
	case c == '(':
		if p.depth++; p.depth > fastDepth {
			return false
		}
		p.pos++
		if !p.conditional() || p.at(p.pos) != ')' {
			return false
		}
		p.pos++
		p.depth--
		return true
	case c == '"':
		return p.str()
	case c >= '0' && c <= '9':
		for c := p.at(p.pos); c >= '0' && c <= '9'; c = p.at(p.pos) {
			p.pos++
		}
		c := p.at(p.pos)
		return !isIdentByte(c) && c != '.' && c < 0x80
	case isIdentStart(c):
		return p.reference(top)
	}
	return false
}

// str reads a quoted string of plain text: no escape, interpolation,
// directive or control character, and not empty.
func (p *opsScan) str() bool {
	start := p.pos
	for p.pos++; ; p.pos++ {
		switch c := p.at(p.pos); {
		case c == '"':
			if p.pos == start+1 {
				return false
			}
			p.pos++
			p.strs = append(p.strs, Range{start, p.pos})
			return true
		case c < ' ' || c == 0x7f || c == '\\' || c == '$' || c == '%':
			return false
		}
	}
}

// reference reads a name and its attributes and indexes ("a.b[0].c"),
// or one of the literals true, false and null. A name followed by '('
// (a call), a keyword, or a name past ASCII is not read.
func (p *opsScan) reference(top bool) bool {
	for first := true; ; first = false {
		s := p.pos
		if !isIdentStart(p.at(p.pos)) {
			return false
		}
		for isIdentByte(p.at(p.pos)) {
			p.pos++
		}
		if p.at(p.pos) >= 0x80 || p.at(p.pos) == '(' {
			return false
		}
		if first {
			switch string(p.src[s:p.pos]) {
			case "true", "false", "null":
				c := p.at(p.pos)
				return c != '.' && c != '['
			case "for", "if", "in", "else", "endif", "endfor":
				return false
			}
		}
		for p.at(p.pos) == '[' {
			p.pos++
			d := p.pos
			for c := p.at(p.pos); c >= '0' && c <= '9'; c = p.at(p.pos) {
				p.pos++
			}
			if p.pos == d || p.at(p.pos) != ']' {
				return false
			}
			p.pos++
			if top {
				p.dynamic = true
			}
		}
		if p.at(p.pos) != '.' {
			return true
		}
		p.pos++
	}
}
