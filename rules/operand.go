package rules

import (
	"slices"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// Op is how an operand compares a finding type.
type Op uint8

const (
	OpEquals       Op = iota + 1 // exact string; EventBridge value, filter Equals, Security Hub EQUALS
	OpPrefix                     // EventBridge prefix, Security Hub PREFIX
	OpSuffix                     // EventBridge suffix
	OpWildcard                   // EventBridge wildcard: '*' only, with \* and \\ escapes
	OpMatches                    // GuardDuty filter Matches: '*' and '?'
	OpContains                   // Security Hub CONTAINS
	OpContainsWord               // Security Hub CONTAINS_WORD: the value as a whole word
)

var opNames = map[Op]string{
	OpEquals: "equals", OpPrefix: "prefix", OpSuffix: "suffix", OpWildcard: "wildcard",
	OpMatches: "matches", OpContains: "contains", OpContainsWord: "contains-word",
}

func (o Op) String() string { return opNames[o] }

// Operand is one value a condition compares finding types with.
type Operand struct {
	Op         Op
	IgnoreCase bool
	// Negated operands exclude (anything-but, not_equals, NotEquals,
	// NOT_EQUALS ...): the condition matches every other type.
	Negated bool
	// ASFF operands are Security Hub Types values
	// ("TTPs/Discovery/Recon:IAMUser-UserPermissions").
	ASFF bool
	// Node is the operand's value; Dynamic when it is known only at
	// deployment.
	Node *scanner.Node
	// Written is how the user wrote the operator, for messages.
	Written string
	// List is the list Node is an element of, when the operator takes a
	// list ("type": [...], Equals: [...]); nil for a lone value.
	List *scanner.Node

	// What the operand matches among known types, filled in once per file
	// by Linter.Lint (see Catalog.Eval).
	Retired []*Retired
	Active  int
	Unknown bool
}

// Dynamic reports whether the operand's value is unknown until deployment.
func (o Operand) Dynamic() bool {
	return o.Node.Kind != scanner.String || strings.Contains(o.Node.Str, "${")
}

// value is the operand's comparison text: for a Security Hub value, the
// finding-type part in GuardDuty's own spelling.
func (o Operand) value() (string, bool) {
	v := o.Node.Str
	if !o.ASFF {
		return v, true
	}
	return asffToType(v, o.Op == OpEquals)
}

// asffToType turns a Security Hub Types value into GuardDuty's spelling:
// "TTPs/Discovery/Recon:IAMUser-UserPermissions" is
// "Recon:IAMUser/UserPermissions". AWS's table comes first, for the
// values that drop or move part of the type
// ("TTPs/AnomalousBehavior/Execution:Kubernetes-ExecInPod",
// "TTPs/DefenseEvasion/EC2:Unusual-DNS-Resolver"). Otherwise a value with
// no ':' names no finding type (a Security Hub category, or another
// product's type): not ok.
func asffToType(v string, whole bool) (string, bool) {
	if t, ok := documentedType(v); ok {
		return t, true
	}
	colon := strings.IndexByte(v, ':')
	if colon < 0 {
		return "", false
	}
	if slash := strings.LastIndexByte(v[:colon], '/'); slash >= 0 {
		v, colon = v[slash+1:], colon-slash-1
	}
	if strings.IndexByte(v[colon:], '/') >= 0 {
		return v, true // already GuardDuty's spelling
	}
	if i := strings.IndexAny(v[colon:], "-."); i >= 0 {
		return v[:colon+i] + "/" + v[colon+i+1:], true
	}
	return v, !whole
}

// asffStart is the offset of the finding-type part within a Security Hub
// value, so a diagnostic can point at it.
func asffStart(v string) int {
	colon := strings.IndexByte(v, ':')
	if colon < 0 {
		return 0
	}
	return strings.LastIndexByte(v[:colon], '/') + 1
}

// Eval reports which known types an operand (taken positively) matches:
// the retired ones, how many active ones, and whether the answer is
// unknown (a Dynamic value, or a Security Hub value that names no type).
func (c *Catalog) Eval(o Operand) (retired []*Retired, active int, unknown bool) {
	if o.Dynamic() {
		return nil, 0, true
	}
	v, ok := o.value()
	if ok && o.Op == OpEquals && !o.IgnoreCase {
		if r := c.byType[v]; r != nil && c.ExcludedHere(r) == nil {
			return []*Retired{r}, 0, false
		} else if r != nil {
			return nil, 1, false // its notice excluded this place: still generated here
		}
		if c.active[v] {
			return nil, 1, false
		}
		return nil, 0, o.ASFF // an exact value no type has (GDL002's)
	}
	match, ok := c.predicate(o)
	if !ok {
		return nil, 0, true
	}
	for i := range c.retired {
		switch r := &c.retired[i]; {
		case !match(r.Type):
		case c.ExcludedHere(r) != nil:
			active++ // its notice excluded this place: still generated here
		default:
			retired = append(retired, r)
		}
	}
	for _, t := range c.activeList {
		if match(t) {
			active++
		}
	}
	if o.ASFF && len(retired) == 0 && active == 0 {
		return nil, 0, true // a Security Hub value that names no GuardDuty type
	}
	return retired, active, false
}

// predicate returns what the operand (taken positively) matches, as a
// test of a finding type in GuardDuty's spelling; not ok when that cannot
// be known (a Dynamic value, or a Security Hub value that names no type).
func (c *Catalog) predicate(o Operand) (match func(string) bool, ok bool) {
	if o.Dynamic() {
		return nil, false
	}
	v, ok := o.value()
	match = o.matcher(v)
	if !ok && o.ASFF && (o.Op == OpContains || o.Op == OpContainsWord) && o.Node.Str != "" {
		// A CONTAINS value without the ':' ("XORDDOS") is compared with
		// every spelling of each type. If it names none, it is about
		// another product's types: unknown.
		v = o.Node.Str
		contains := strings.Contains
		if o.Op == OpContainsWord {
			contains = containsWord
		}
		match = func(t string) bool {
			for _, s := range append(SecurityHubSpellings(t), t) {
				if contains(s, v) {
					return true
				}
			}
			return false
		}
		ok = true
	}
	return match, ok
}

// Allowed evaluates a Conjunctive condition whole, as GuardDuty and
// Security Hub do: the types it lets through are those that a positive
// operand matches (every type, when it has none) and no negated operand
// matches. It reports them as Eval does. A positive operand that cannot be
// evaluated, or that names no known type (a type newer than the catalog,
// another product's), makes the answer unknown, as it does for Eval's
// callers; a negated one that cannot be evaluated only narrows the set,
// so it is left out.
func (c *Catalog) Allowed(cond Condition) (retired []*Retired, active int, unknown bool) {
	var pos, neg []func(string) bool
	var named []*Retired // the positive operands' retired types, in the order they name them
	for _, o := range cond.Operands {
		if !o.Negated {
			rs, act, unk := c.Eval(o)
			if unk || len(rs) == 0 && act == 0 {
				return nil, 0, true
			}
			named = append(named, rs...)
		}
		m, ok := c.predicate(o)
		switch {
		case !ok:
		case o.Negated:
			neg = append(neg, m)
		default:
			pos = append(pos, m)
		}
	}
	lets := func(t string) bool {
		matches := func(m func(string) bool) bool { return m(t) }
		return (len(pos) == 0 || slices.ContainsFunc(pos, matches)) && !slices.ContainsFunc(neg, matches)
	}
	for i := range c.retired {
		named = append(named, &c.retired[i]) // then the rest, which pass only where no operand is positive
	}
	seen := map[*Retired]bool{}
	for _, r := range named {
		switch {
		case seen[r] || !lets(r.Type):
		case c.ExcludedHere(r) != nil:
			active++ // its notice excluded this place: still generated here
		default:
			retired = append(retired, r)
		}
		seen[r] = true
	}
	for _, t := range c.activeList {
		if lets(t) {
			active++
		}
	}
	return retired, active, false
}

func (o Operand) matcher(v string) func(string) bool {
	fold := func(s string) string { return s }
	if o.IgnoreCase {
		v = strings.ToLower(v)
		fold = strings.ToLower
	}
	switch o.Op {
	case OpPrefix:
		return func(t string) bool { return strings.HasPrefix(fold(t), v) }
	case OpSuffix:
		return func(t string) bool { return strings.HasSuffix(fold(t), v) }
	case OpContains:
		return func(t string) bool { return strings.Contains(fold(t), v) }
	case OpContainsWord:
		return func(t string) bool { return containsWord(fold(t), v) }
	case OpWildcard:
		g := parseGlob(v, false)
		return func(t string) bool { return g.match(fold(t)) }
	case OpMatches:
		g := parseGlob(v, true)
		return func(t string) bool { return g.match(fold(t)) }
	}
	return func(t string) bool { return fold(t) == v }
}

// glob is a wildcard pattern: literal runs separated by '*' (any run)
// and, in a GuardDuty Matches pattern, '?': at most one character, as AWS
// documents it ("*" matches any run, "?" at most 1 character).
type glob []globPart

type globPart struct {
	lit  string
	star bool // '*'
	any  bool // '?'
}

// parseGlob reads an EventBridge wildcard ('*' only; "\*" and "\\" are
// escapes) or, with question, a GuardDuty Matches pattern ('*' and '?').
func parseGlob(p string, question bool) glob {
	var g glob
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			g = append(g, globPart{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\' && !question && i+1 < len(p) && (p[i+1] == '*' || p[i+1] == '\\'):
			lit.WriteByte(p[i+1])
			i++
		case c == '*':
			flush()
			if n := len(g); n == 0 || !g[n-1].star { // "**" is "*"
				g = append(g, globPart{star: true})
			}
		case c == '?' && question:
			flush()
			g = append(g, globPart{any: true})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return g
}

// match reports whether s matches the whole glob. It tracks the set of
// offsets of s each part can end at, so a pattern of many stars costs the
// product of the lengths, never a search that backtracks.
func (g glob) match(s string) bool {
	at := make([]bool, len(s)+1) // offsets the parts so far can end at
	next := make([]bool, len(s)+1)
	at[0] = true
	for _, p := range g {
		clear(next)
		any := false
		for i, ok := range at {
			if !ok {
				continue
			}
			switch {
			case p.star: // from the first offset reached, every later one
				for j := i; j <= len(s); j++ {
					next[j] = true
				}
				any = true
			case p.any:
				next[i] = true
				if i < len(s) {
					next[i+1] = true
				}
			case strings.HasPrefix(s[i:], p.lit):
				next[i+len(p.lit)] = true
			}
			any = true
			if p.star {
				break
			}
		}
		if !any {
			return false
		}
		at, next = next, at
	}
	return at[len(s)]
}

// containsWord reports whether w occurs in s as a whole word: not glued to
// a letter or digit on either side. ("XORDDOS" is a word of
// "Backdoor:EC2/XORDDOS"; "XORDD" and "EC2/XOR" are not.)
func containsWord(s, w string) bool {
	if w == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }
