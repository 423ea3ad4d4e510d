package scanner

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// hcl's parser recurses once per bracket, and also once per unary
// operator ("!!!!x", "- - -1"), per conditional ("a ? b : a ? b : ..."),
// per full splat ("a[*][*]...") and per nested template directive
// ("%{if}%{if}..."); binary operators ("a+a+a"), indexes ("a[x][x]") and
// splats build a tree as deep as the chain is long, which hcl's walker
// (VisitAll) then recurses over. A Go stack overflow is fatal, and long
// before it a deep chain costs seconds and hundreds of megabytes. So no
// file reaches hcl before hclGuard has bounded all of these.
//
// hclDepthScan is a lexer of its own, not hcl's: hcl's makes a token of
// about a hundred bytes for each byte of "!!!!", where this one keeps a
// stack only as deep as the bound. It follows hcl's lexer (scan_tokens.rl)
// where depth depends on it: comments, quoted templates with their escapes
// and interpolations, heredocs and their closing markers, and hcl's count
// of braces that tells a "}" closing "${" from one closing an object. Its
// measure is an upper bound: every open bracket, quote, heredoc and
// interpolation counts 1, and every operator, index, splat and if or for
// directive counts 1 at its level until a ',' or (where hcl reads line
// breaks: a body, an object) a line break ends the expression. Reading
// unlike hcl's lexer could hide depth only where it ended an expression
// hcl continues, so TestHCLCommentsMatchLexer and FuzzHCLDepth hold its
// comments (and so its strings and heredocs) to hcl's lexer, and
// TestHCLDepthBoundsTree and FuzzHCLDepth its measure to hcl's tree.

// hclOperators are the bytes that start an operator hcl counts (see op).
var hclOperators = [256]bool{'!': true, '-': true, '+': true, '*': true, '/': true, '%': true, '<': true, '>': true, '&': true, '|': true, '?': true}

// hclLevel is one open bracket, string or interpolation.
type hclLevel struct {
	kind  byte // 0 the file, '(' '[' '{', '"' a quoted string, '<' a heredoc, '$' "${" or "%{"
	nl    bool // a line break ends an expression here (a body, an object)
	ops   int  // operators and indexes since the expression at this level began
	brace int  // '$': hcl's brace count when it opened
	// '<': where its closing marker is in the source, and whether the
	// next line may be it. (No pointers: a deep file's stack is not
	// scanned by the collector.)
	marker      Range
	startOfLine bool
}

type hclDepthScan struct {
	src      []byte
	pos      int
	levels   []hclLevel
	interps  []int // indexes of the '$' levels, innermost last
	braces   int   // hcl's count of open braces, interpolations included
	depth    int   // levels plus the operators counted in each
	peak     int   // the greatest depth reached
	values   int   // an upper bound of the values in hcl's tree so far
	words    int   // names and numbers: with values, hcl's tokens
	limit    int   // stop past this depth; 0: read to the end
	lastTerm bool  // the last token may end an operand: a '[' after it indexes
	unsure   bool  // something this lexer may read unlike hcl's (a non-ASCII heredoc marker)
	// lastBlockEnd is where the file's last "*/" starts (-1: none), once
	// blockEndKnown.
	lastBlockEnd  int
	blockEndKnown bool
	f             *File // when set, receives every comment's range
	// commentsEnd: no comment starting here or later is recorded.
	commentsEnd int
}

// hclGuard returns errTooDeepHCL when hcl may recurse, or build a tree,
// deeper than maxDepth on src, and ErrTooManyValues when its tree may
// hold more than MaxTreeValues values, operators counted: each is a node
// of hcl's tree, and a megabyte of them, a thousand to a line, took hcl
// 25 seconds and 330 MB. (mayExceedTree, which every format goes
// through first, counts separators and brackets only.)
func hclGuard(src []byte) error {
	if len(src) <= maxDepth {
		return nil // every level costs at least one byte
	}
	s := hclDepthScan{src: src, limit: maxDepth}
	if s.run(); !s.over() {
		return nil
	}
	switch {
	case s.peak > maxDepth || s.unsure:
		return errTooDeepHCL
	case s.values > MaxTreeValues:
		return ErrTooManyValues
	}
	return errTooManyTokens{}
}

// over reports whether the scan has passed a bound of hclGuard.
func (s *hclDepthScan) over() bool {
	return s.peak > s.limit || s.unsure || s.values > MaxTreeValues || s.values+s.words > maxHCLTokens
}

// maxHCLTokens bounds the tokens hcl is given in one file. hcl makes about
// a hundred bytes of each, and on this project's machine lexes and parses
// a few hundred thousand a second: a megabyte of "x x x ..." (500,000
// tokens, no operator, no depth, invalid after the second) took it 4 to 6
// seconds and 140 MB, and --max-file-size allows 32 MiB. Ordinary
// Terraform holds about 150,000 a megabyte.
const maxHCLTokens = 1_000_000

// errTooManyTokens is a file read as text because of maxHCLTokens; it is
// ErrTooManyValues to errors.Is, since tokens make hcl's tree.
type errTooManyTokens struct{}

func (errTooManyTokens) Error() string     { return fmt.Sprintf("more than %d tokens", maxHCLTokens) }
func (errTooManyTokens) Is(err error) bool { return err == ErrTooManyValues }

// hclComments records the comments of an HCL file that hcl is not to
// read, as hcl's lexer finds them, in one pass and without tokens.
//
// hcl's lexer stops at some invalid UTF-8 and at a lone CR in a heredoc,
// and makes the rest of the file one invalid token: no comment is
// recorded past either, so a type there is not taken for commentary.
func hclComments(f *File) {
	s := hclDepthScan{src: f.Src, f: f, commentsEnd: len(f.Src)}
	if !utf8.Valid(f.Src) {
		for i := 0; i < len(f.Src); {
			r, n := utf8.DecodeRune(f.Src[i:])
			if r == utf8.RuneError && n == 1 {
				s.commentsEnd = i
				break
			}
			i += n
		}
	}
	s.run()
}

func (s *hclDepthScan) run() {
	if hasBOM(s.src) {
		s.pos = 3
	}
	s.levels = append(s.levels[:0], hclLevel{nl: true})
	for s.pos < len(s.src) {
		if s.limit > 0 && s.over() {
			return
		}
		switch s.top().kind {
		case '"':
			s.quoted()
		case '<':
			s.heredocLine()
		default:
			s.token()
		}
	}
}

func (s *hclDepthScan) top() *hclLevel { return &s.levels[len(s.levels)-1] }

// push opens a level. Reading comments, only strings, heredocs and
// interpolations, which change how hcl lexes, are levels (brackets are
// not), and past maxCommentLevels of them the scan stops: 32 MiB of
// "${"${... would cost a stack of gigabytes. No comment is recorded past
// that point.
func (s *hclDepthScan) push(l hclLevel) {
	if s.f != nil && len(s.levels) > maxCommentLevels {
		s.commentsEnd = min(s.commentsEnd, s.pos)
		s.pos = len(s.src)
		return
	}
	s.levels = append(s.levels, l)
	s.grow()
}

// maxCommentLevels bounds the nesting of strings hclComments follows.
const maxCommentLevels = 100_000

func (s *hclDepthScan) grow() {
	s.values++
	s.depth++
	s.peak = max(s.peak, s.depth)
	s.lastTerm = false
}

// pop closes the innermost level.
func (s *hclDepthScan) pop() {
	if len(s.levels) > 1 {
		s.depth -= 1 + s.top().ops
		s.levels = s.levels[:len(s.levels)-1]
	}
	s.lastTerm = true
}

// op counts an operator or index at the current level.
func (s *hclDepthScan) op() {
	s.top().ops++
	s.grow()
}

// endExpr starts a new expression at the current level (after ',' or a
// line break where hcl reads line breaks).
func (s *hclDepthScan) endExpr() {
	s.depth -= s.top().ops
	s.top().ops = 0
	s.lastTerm = false
}

func (s *hclDepthScan) at(i int) byte {
	if i < len(s.src) {
		return s.src[i]
	}
	return 0
}

// token reads one token in hcl's main mode (outside strings).
func (s *hclDepthScan) token() {
	c := s.src[s.pos]
	switch {
	case c == ' ' || c == '\t' || c == '\r':
		s.pos++
	case c == '\n':
		s.pos++
		s.values++
		if s.top().nl {
			s.endExpr()
		}
	case c == '#' || c == '/' && s.at(s.pos+1) == '/':
		s.lineComment()
	case c == '/' && s.at(s.pos+1) == '*' && s.blockEnds(s.pos):
		// Only a terminated "/*" is a comment to hcl; an unterminated
		// one is '/' and '*', read below.
		end := s.pos + 2 + bytes.Index(s.src[s.pos+2:], []byte("*/")) + 2
		s.comment(s.pos, end)
		s.pos = end
	case c == '"':
		s.pos++
		s.push(hclLevel{kind: '"'})
	case c == '<' && s.at(s.pos+1) == '<' && s.heredocStart():
	case c == '{':
		s.pos++
		s.braces++
		if s.f == nil {
			s.push(hclLevel{kind: '{', nl: !s.forNext()})
		}
	case c == '}' || c == '~' && s.at(s.pos+1) == '}':
		s.closeBrace(c == '~')
	case c == '(' || c == '[':
		s.pos++
		if c == '[' && s.lastTerm {
			s.op() // an index or splat: hcl's tree grows by one
		}
		if s.f == nil {
			s.push(hclLevel{kind: c})
		}
	case c == ')' || c == ']':
		s.pos++
		if k := s.top().kind; k == '(' && c == ')' || k == '[' && c == ']' {
			s.pop()
		}
		s.lastTerm = true
	case c == ',':
		s.pos++
		s.values++
		s.endExpr()
	default:
		s.other(c)
	}
}

// other reads names, numbers and operators.
func (s *hclDepthScan) other(c byte) {
	switch {
	case isIdentStart(c) || c >= utf8.RuneSelf:
		for s.pos++; s.pos < len(s.src) && (isIdentByte(s.src[s.pos]) || s.src[s.pos] >= utf8.RuneSelf); s.pos++ {
		}
		s.words++
		s.lastTerm = true
	case c >= '0' && c <= '9':
		s.words++
		// hcl's NumberLit: digits, '.', and an exponent with its sign.
		for s.pos++; s.pos < len(s.src); s.pos++ {
			d := s.src[s.pos]
			if (d == '+' || d == '-') && (s.src[s.pos-1] == 'e' || s.src[s.pos-1] == 'E') && s.at(s.pos+1) >= '0' && s.at(s.pos+1) <= '9' {
				continue // "1e+5"; in "1e+x" the '+' is an operator
			}
			if !(d >= '0' && d <= '9' || d == '.' || d == 'e' || d == 'E') {
				break
			}
		}
		s.lastTerm = true
	case c == '=' || c == ':' || c == '.':
		// Assignment, object and for syntax, traversals: a flat list in
		// hcl's tree. "==", "=>", "::" and "..." likewise are one token.
		s.pos++
		if c == '=' && s.at(s.pos) == '=' {
			s.pos++
			s.op()
			return
		}
		if c == '=' && s.at(s.pos) == '>' {
			s.pos++ // "=>"
		}
		if c == '.' {
			s.values++ // a step of a traversal, kept in a list
		}
		s.lastTerm = c == '.'
	case hclOperators[c]:
		s.pos++
		if n := s.at(s.pos); n == '=' && c != '?' || (c == '&' || c == '|') && n == c {
			s.pos++ // "!=", "<=", ">=", "&&", "||": one operator
		}
		s.op()
		s.lastTerm = c == '*' // "a[*]" then "[0]"; "a.*" then "[0]"
	default:
		s.pos++ // ';', '`', control characters: hcl's invalid tokens
		s.words++
		s.lastTerm = true
	}
}

// lineComment skips a "#" or "//" comment up to its line break, which
// ends an expression as any other: hcl reads the comment as one.
func (s *hclDepthScan) lineComment() {
	end := len(s.src)
	if i := bytes.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
		end = s.pos + i
		s.comment(s.pos, end+1)
	} else {
		s.comment(s.pos, end)
	}
	s.pos = end
}

// blockEnds reports whether the "/*" at i has its "*/". The last "*/" of
// the file is found once: searching from every "/*" of a file of them
// would cost the square of its size.
func (s *hclDepthScan) blockEnds(i int) bool {
	if !s.blockEndKnown {
		s.lastBlockEnd, s.blockEndKnown = bytes.LastIndex(s.src, []byte("*/")), true
	}
	return s.lastBlockEnd >= i+2
}

func (s *hclDepthScan) comment(start, end int) {
	if s.f != nil && start < s.commentsEnd {
		s.f.addComment(Range{start, end})
	}
}

// forNext reports whether the first token after a '{' may be "for": a
// for expression, where line breaks do not end expressions.
func (s *hclDepthScan) forNext() bool {
	i := s.pos
	for i < len(s.src) {
		switch c := s.src[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '#' || c == '/' && s.at(i+1) == '/':
			nl := bytes.IndexByte(s.src[i:], '\n')
			if nl < 0 {
				return false
			}
			i += nl + 1
		case c == '/' && s.at(i+1) == '*':
			if !s.blockEnds(i) {
				return false
			}
			i += 2 + bytes.Index(s.src[i+2:], []byte("*/")) + 2
		default:
			return bytes.HasPrefix(s.src[i:], []byte("for"))
		}
	}
	return false
}

// closeBrace reads "}" or "~}" as hcl's lexer does: it closes the
// innermost "${" or "%{" when hcl's brace count is back where that
// opened, and an object or body otherwise.
func (s *hclDepthScan) closeBrace(tilde bool) {
	s.pos++
	if tilde {
		s.pos++
	}
	if n := len(s.interps); n > 0 && s.levels[s.interps[n-1]].brace == s.braces {
		s.braces--
		for len(s.levels) > s.interps[n-1] {
			s.pop()
		}
		s.interps = s.interps[:n-1]
		return
	}
	s.braces--
	if s.top().kind == '{' {
		s.pop()
	}
	s.lastTerm = true
}

// heredocStart reads "<<MARKER" or "<<-MARKER" and its line break, and
// opens the heredoc; it reports false, reading nothing, when there is no
// heredoc here ("a << b" is two operators to hcl).
func (s *hclDepthScan) heredocStart() bool {
	i := s.pos + 2
	if s.at(i) == '-' {
		i++
	}
	start := i
	for i < len(s.src) {
		c := s.src[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(s.src[i:])
			if !unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue) {
				break
			}
			s.unsure = true // hcl's Unicode tables may not be Go's
			i += n
			continue
		}
		if !isIdentByte(c) || i == start && !isIdentStart(c) {
			break
		}
		i++
	}
	if i == start {
		return false
	}
	marker := Range{start, i}
	if s.at(i) == '\r' {
		i++
	}
	if s.at(i) != '\n' {
		return false
	}
	s.pos = i + 1
	s.push(hclLevel{kind: '<', marker: marker, startOfLine: true})
	return true
}

// heredocLine reads a heredoc from pos to the end of its line, or to an
// interpolation. A line that is the marker (spaces around it allowed)
// closes it, when the line starts in the heredoc and holds nothing else.
func (s *hclDepthScan) heredocLine() {
	l := len(s.levels) - 1 // an index: push may move the stack
	eol := len(s.src)
	if i := bytes.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
		eol = s.pos + i
	}
	if h := &s.levels[l]; h.startOfLine && eol < len(s.src) && bytes.Equal(bytes.TrimSpace(s.src[s.pos:eol+1]), s.src[h.marker.Start:h.marker.End]) {
		s.pos = eol
		if eol > 0 && s.src[eol-1] == '\r' {
			s.pos--
		}
		s.pop() // the line break is hcl's newline token, read in main mode
		return
	}
	if i := bytes.IndexByte(s.src[s.pos:eol], '\r'); i >= 0 && s.pos+i+1 < eol {
		s.commentsEnd = min(s.commentsEnd, s.pos+i) // a CR without LF: hcl's lexer stops
	}
	for s.pos < eol {
		if s.template() {
			s.levels[l].startOfLine = false
			return
		}
	}
	if s.pos < len(s.src) {
		s.pos++ // '\n'
		s.levels[l].startOfLine = true
	}
}

// quoted reads a quoted template up to its closing quote or an
// interpolation; a line break does not end it in hcl's lexer.
func (s *hclDepthScan) quoted() {
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == '"':
			s.pos++
			s.pop()
			return
		case c == '\\':
			s.pos++
			if c := s.at(s.pos); c != 0 && c != '\n' && c != '\r' {
				s.pos++
			}
		default:
			if s.template() {
				return
			}
		}
	}
}

// template reads one byte of template text, or "$${" and "%%{" (text),
// or opens "${" or "%{" and reports true. An "if" or "for" directive
// counts at the string's level: hcl's template parser recurses for each
// one not yet closed, and they are counted until the string ends.
func (s *hclDepthScan) template() bool {
	c := s.src[s.pos]
	if c != '$' && c != '%' {
		s.pos++
		return false
	}
	switch n := s.at(s.pos + 1); {
	case n == c && s.at(s.pos+2) == '{':
		s.pos += 3
		return false
	case n != '{':
		s.pos++
		return false
	}
	s.pos += 2
	if s.at(s.pos) == '~' {
		s.pos++
	}
	if c == '%' {
		word := bytes.TrimLeft(s.src[s.pos:min(len(s.src), s.pos+64)], " \t\r\n")
		if bytes.HasPrefix(word, []byte("if")) || bytes.HasPrefix(word, []byte("for")) {
			s.op()
		}
	}
	s.braces++
	s.interps = append(s.interps, len(s.levels))
	s.push(hclLevel{kind: '$', brace: s.braces})
	return true
}
