package rules

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// A differential test of the three condition readers against an oracle
// written from AWS's documentation, not from gdlint's code: random
// EventBridge patterns, GuardDuty filter criteria and Security Hub filters
// over retired, active and unknown types, each lint compared with what
// the oracle says a rule lets through. Each oracle rule names the
// documentation line it comes from.
//
// What is compared:
//   - GDL004 is reported on a condition exactly when the oracle lets some
//     retired type through and no active or unknown one;
//   - an operator operand (prefix, wildcard, Matches, PREFIX ...) that the
//     oracle says matches only retired types is reported there, by GDL003
//     or by GDL001 when it spells a retired type whole; one that matches a
//     current or unknown type is not reported by GDL003;
//   - no diagnostic is reported twice.
func TestConditionSemantics(t *testing.T) {
	c := Builtin()
	u := newUniverse(c)
	l := NewLinter(c)
	rng := rand.New(rand.NewPCG(20261203, 24))
	n := 0
	for range 3000 {
		var g generated
		switch rng.IntN(3) {
		case 0:
			g = genEventBridge(rng, u)
		case 1:
			g = genFilter(rng, u)
		default:
			g = genSecurityHub(rng, u)
		}
		checkAgainstOracle(t, l, u, g)
		n++
	}
	if n < 3000 {
		t.Fatalf("%d documents", n)
	}
}

// universe is every type a finding can carry: the catalog's retired and
// active types and two that no catalog lists (a type AWS may add).
type universe struct {
	retired, current []string
	isRetired        map[string]bool
}

func newUniverse(c *Catalog) *universe {
	u := &universe{isRetired: map[string]bool{}}
	for _, r := range c.retired {
		if !c.Upcoming(&r) {
			u.retired = append(u.retired, r.Type)
			u.isRetired[r.Type] = true
		}
	}
	u.current = append(append(u.current, c.activeList...), "Backdoor:EC2/NotInTheCatalog", "Impact:S3/AlsoNotInTheCatalog")
	return u
}

func (u *universe) all() []string { return append(append([]string(nil), u.retired...), u.current...) }

func (u *universe) pick(rng *rand.Rand) string {
	if rng.IntN(3) == 0 {
		return u.retired[rng.IntN(len(u.retired))]
	}
	return u.current[rng.IntN(len(u.current))]
}

// A generated document: its JSON, the oracle's test of a finding type for
// the whole condition, and each operator operand's own test with where its
// value is written.
type generated struct {
	src      string
	fires    func(typ string) bool
	operands []oracleOperand
}

type oracleOperand struct {
	start, end int // the value's text, without quotes
	matches    func(typ string) bool
	what       string
}

// doc builds a document's JSON and records where operand values are.
type doc struct {
	b        strings.Builder
	operands []oracleOperand
}

func (d *doc) raw(s string) { d.b.WriteString(s) }

// str writes a JSON string; with m, it is an operator operand.
func (d *doc) str(s string, m func(string) bool, what string) {
	d.b.WriteByte('"')
	start := d.b.Len()
	d.b.WriteString(s) // generated values hold no byte JSON escapes
	if m != nil {
		d.operands = append(d.operands, oracleOperand{start, d.b.Len(), m, what})
	}
	d.b.WriteByte('"')
}

// cutPrefix and cutSuffix return a part of typ, cut at a random place.
// Every generated positive operand matches the type it was made from, so
// that the universe holds a type it lets through.
func cutPrefix(rng *rand.Rand, typ string) string {
	return typ[:len(typ)/2+rng.IntN(len(typ)-len(typ)/2)+1]
}

func cutSuffix(rng *rand.Rand, typ string) string {
	return typ[rng.IntN(len(typ)/2+1):]
}

// withStar replaces a run of typ with star ("*"), or at most one byte of
// it with "?", so that the pattern still matches typ.
func withStar(rng *rand.Rand, typ, star string) string {
	i := rng.IntN(len(typ))
	j := i + rng.IntN(len(typ)-i+1)
	if star == "?" {
		j = i + rng.IntN(2)
	}
	return typ[:i] + star + typ[j:]
}

func mangleCase(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, ch := range b {
		if rng.IntN(2) == 0 {
			if 'a' <= ch && ch <= 'z' {
				b[i] = ch - 32
			} else if 'A' <= ch && ch <= 'Z' {
				b[i] = ch + 32
			}
		}
	}
	return string(b)
}

// globRE turns a wildcard into a regexp: EventBridge's "*" ("the wildcard
// character (*) ... matches any number of characters", eb-create-pattern-
// operators.md, Matching using wildcards), and with question GuardDuty's
// "?", which matches at most one character (GuardDuty filter criteria,
// Matches; shared/facts README).
func globRE(p string, question bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range p {
		switch {
		case r == '*':
			b.WriteString(".*")
		case r == '?' && question:
			b.WriteString(".?")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// ebValue writes one element of a pattern's type array and returns what
// it matches. EventBridge, eb-create-pattern-operators.md: "Or ...
// PaymentType is "Credit" or "Debit"": the elements of an array are
// alternatives.
func ebValue(rng *rand.Rand, u *universe, d *doc) func(string) bool {
	typ := u.pick(rng)
	switch rng.IntN(11) {
	case 0, 1: // "Equals: Name is "Alice"": exact and case-sensitive
		d.str(typ, nil, "")
		return func(t string) bool { return t == typ }
	case 2: // "Begins with": prefix
		p := cutPrefix(rng, typ)
		m := func(t string) bool { return strings.HasPrefix(t, p) }
		d.raw(`{"prefix": `)
		d.str(p, m, "prefix")
		d.raw(`}`)
		return m
	case 3: // "Ends with": suffix
		s := cutSuffix(rng, typ)
		m := func(t string) bool { return strings.HasSuffix(t, s) }
		d.raw(`{"suffix": `)
		d.str(s, m, "suffix")
		d.raw(`}`)
		return m
	case 4: // "Begins with (ignore case)"
		p := mangleCase(rng, cutPrefix(rng, typ))
		m := func(t string) bool { return strings.HasPrefix(strings.ToLower(t), strings.ToLower(p)) }
		d.raw(`{"prefix": {"equals-ignore-case": `)
		d.str(p, m, "prefix equals-ignore-case")
		d.raw(`}}`)
		return m
	case 5: // "Equals (ignore case)"
		v := mangleCase(rng, typ)
		m := func(t string) bool { return strings.EqualFold(t, v) }
		d.raw(`{"equals-ignore-case": `)
		d.str(v, m, "equals-ignore-case")
		d.raw(`}`)
		return m
	case 6: // "Wildcard"
		w := withStar(rng, typ, "*")
		re := globRE(w, false)
		d.raw(`{"wildcard": `)
		d.str(w, re.MatchString, "wildcard")
		d.raw(`}`)
		return re.MatchString
	case 7: // "Anything-but: State is any value besides ..."
		other := u.pick(rng)
		d.raw(`{"anything-but": [`)
		d.str(typ, nil, "")
		d.raw(`, `)
		d.str(other, nil, "")
		d.raw(`]}`)
		return func(t string) bool { return t != typ && t != other }
	case 8: // "Anything-but (begins with)"
		p := cutPrefix(rng, typ)
		d.raw(`{"anything-but": {"prefix": `)
		d.str(p, nil, "")
		d.raw(`}}`)
		return func(t string) bool { return !strings.HasPrefix(t, p) }
	case 9: // "Exists matching works on the presence or absence of a field":
		// every GuardDuty finding has a detail.type.
		exists := rng.IntN(2) == 0
		fmt.Fprintf(&d.b, `{"exists": %v}`, exists)
		return func(string) bool { return exists }
	default: // "Numeric matching works with values that are JSON numbers"
		d.raw(`{"numeric": [">", 0]}`)
		return func(string) bool { return false }
	}
}

func ebTypeList(rng *rand.Rand, u *universe, d *doc) func(string) bool {
	var alts []func(string) bool
	d.raw(`[`)
	for i := range 1 + rng.IntN(3) {
		if i > 0 {
			d.raw(`, `)
		}
		alts = append(alts, ebValue(rng, u, d))
	}
	d.raw(`]`)
	return anyOf(alts)
}

func anyOf(fs []func(string) bool) func(string) bool {
	return func(t string) bool {
		for _, f := range fs {
			if f(t) {
				return true
			}
		}
		return false
	}
}

// genEventBridge writes a pattern for GuardDuty findings. With $or, a
// branch that does not constrain the type lets every type through when
// detail has no type of its own ("Or (multiple fields): Location is "New
// York", or Day is "Monday""); a branch without a type of its own is
// still held to detail's type, which the pattern's other fields AND
// ("And: Location is "New York" and Day is "Monday"").
func genEventBridge(rng *rand.Rand, u *universe) generated {
	d := &doc{}
	d.raw(`{"source": ["aws.guardduty"], "detail": {`)
	var fires func(string) bool
	switch rng.IntN(3) {
	case 0:
		d.raw(`"type": `)
		fires = ebTypeList(rng, u, d)
	case 1: // detail.type, and a $or over other fields
		d.raw(`"type": `)
		fires = ebTypeList(rng, u, d)
		d.raw(`, "$or": [{"severity": [8]}, {"region": ["us-east-1"]}]`)
	default: // $or branches, each with its type or none
		d.raw(`"$or": [`)
		var alts []func(string) bool
		for i := range 2 {
			if i > 0 {
				d.raw(`, `)
			}
			if rng.IntN(4) == 0 {
				d.raw(`{"severity": [8]}`)
				alts = append(alts, func(string) bool { return true })
				continue
			}
			d.raw(`{"type": `)
			alts = append(alts, ebTypeList(rng, u, d))
			d.raw(`}`)
		}
		d.raw(`]`)
		fires = anyOf(alts)
	}
	d.raw("}}\n")
	return generated{src: d.b.String(), fires: fires, operands: d.operands}
}

// genFilter writes a GuardDuty filter's criterion on type. GuardDuty's
// "Filtering findings" page: "Each attribute in the filter criteria is
// evaluated as an AND operator. Multiple values for the same attribute
// are evaluated as AND/OR": the values of one operator are alternatives,
// and an exclusion (NotEquals, NotMatches) holds with the rest. Equals and
// Matches together are not documented; the oracle takes either, the
// reading under which fewer filters are dead.
func genFilter(rng *rand.Rand, u *universe) generated {
	d := &doc{}
	d.raw(`{"Name": "f", "Action": "ARCHIVE", "FindingCriteria": {"Criterion": {"type": {`)
	var pos, neg []func(string) bool
	ops := rng.Perm(6)[:1+rng.IntN(3)]
	for i, op := range ops {
		if i > 0 {
			d.raw(`, `)
		}
		name := []string{"Equals", "Eq", "NotEquals", "Neq", "Matches", "NotMatches"}[op]
		negated := strings.HasPrefix(name, "N")
		fmt.Fprintf(&d.b, `%q: [`, name)
		for j := range 1 + rng.IntN(3) {
			if j > 0 {
				d.raw(`, `)
			}
			typ := u.pick(rng)
			var m func(string) bool
			if strings.HasSuffix(name, "atches") {
				w := withStar(rng, typ, []string{"*", "?"}[rng.IntN(2)])
				m = globRE(w, true).MatchString
				what := name
				if negated {
					d.str(w, nil, "")
				} else {
					d.str(w, m, what)
				}
			} else {
				m = func(t string) bool { return t == typ }
				d.str(typ, nil, "")
			}
			if negated {
				neg = append(neg, m)
			} else {
				pos = append(pos, m)
			}
		}
		d.raw(`]`)
	}
	d.raw("}}}}\n")
	return generated{src: d.b.String(), fires: conjunction(pos, neg), operands: d.operands}
}

// conjunction lets through what a positive test matches (anything, with
// none) and no negative one does.
func conjunction(pos, neg []func(string) bool) func(string) bool {
	return func(t string) bool {
		return (len(pos) == 0 || anyOf(pos)(t)) && !anyOf(neg)(t)
	}
}

// asff is how a GuardDuty finding's Types entry is written in Security
// Hub: namespace/category/, then the type with its '/' as '-' (shared
// facts: "Security Hub (ASFF)"). The oracle's findings all carry one
// category, as the generated filters do.
func asff(typ string) string { return "TTPs/Any/" + strings.Replace(typ, "/", "-", 1) }

// genSecurityHub writes a Security Hub automation rule's Type filters.
// API_StringFilter: "CONTAINS, EQUALS, and PREFIX filters on the same
// field are joined by OR"; "NOT_CONTAINS, NOT_EQUALS, and
// PREFIX_NOT_EQUALS filters on the same field are joined by AND"; PREFIX
// may be combined with NOT_EQUALS or PREFIX_NOT_EQUALS, and "Security Hub
// first processes the PREFIX filters, and then the NOT_EQUALS or
// PREFIX_NOT_EQUALS filters". Combinations it refuses (EQUALS with
// NOT_EQUALS, CONTAINS with anything else) are not generated.
func genSecurityHub(rng *rand.Rand, u *universe) generated {
	d := &doc{}
	d.raw(`{"RuleName": "r", "Criteria": {"Type": [`)
	combos := [][]string{{"EQUALS", "PREFIX"}, {"PREFIX", "NOT_EQUALS", "PREFIX_NOT_EQUALS"}, {"NOT_EQUALS", "PREFIX_NOT_EQUALS"}, {"CONTAINS"}, {"NOT_CONTAINS"}}
	combo := combos[rng.IntN(len(combos))]
	var pos, neg []func(string) bool
	for i := range 1 + rng.IntN(4) {
		if i > 0 {
			d.raw(`, `)
		}
		cmp := combo[rng.IntN(len(combo))]
		typ := u.pick(rng)
		v := asff(typ)
		colon := strings.IndexByte(v, ':')
		var m func(string) bool
		switch cmp {
		case "EQUALS", "NOT_EQUALS":
			m = func(t string) bool { return asff(t) == v }
		case "PREFIX", "PREFIX_NOT_EQUALS":
			v = v[:colon+1+rng.IntN(len(v)-colon)]
			m = func(t string) bool { return strings.HasPrefix(asff(t), v) }
		default: // CONTAINS, NOT_CONTAINS: a run that holds the type's ':'
			v = v[strings.LastIndexByte(v[:colon], '/')+1+rng.IntN(colon-strings.LastIndexByte(v[:colon], '/')) : colon+1+rng.IntN(len(v)-colon)]
			m = func(t string) bool { return strings.Contains(asff(t), v) }
		}
		negated := strings.HasPrefix(cmp, "NOT") || strings.HasPrefix(cmp, "PREFIX_NOT")
		fmt.Fprintf(&d.b, `{"Comparison": %q, "Value": `, cmp)
		if negated || cmp == "EQUALS" {
			d.str(v, nil, "")
		} else {
			d.str(v, m, cmp)
		}
		d.raw(`}`)
		if negated {
			neg = append(neg, m)
		} else {
			pos = append(pos, m)
		}
	}
	d.raw("]}}\n")
	return generated{src: d.b.String(), fires: conjunction(pos, neg), operands: d.operands}
}

func checkAgainstOracle(t *testing.T, l *Linter, u *universe, g generated) {
	t.Helper()
	res := l.Lint("p.json", []byte(g.src), scanner.JSON)
	if res.File != nil && res.File.Err != nil { // nil: rejected unparsed, as holding nothing to report
		t.Fatalf("%s: not read: %v", g.src, res.File.Err)
	}
	firesRetired, firesCurrent := false, false
	for _, typ := range u.all() {
		if g.fires(typ) {
			if u.isRetired[typ] {
				firesRetired = true
			} else {
				firesCurrent = true
			}
		}
	}
	wantDead := firesRetired && !firesCurrent
	dead := 0
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		key := fmt.Sprintf("%s %d %d", d.Rule.ID, d.Range.Start, d.Range.End)
		if seen[key] {
			t.Errorf("%s: %s reported twice at %d", g.src, d.Rule.ID, d.Range.Start)
		}
		seen[key] = true
		if d.Rule == RuleNeverMatches {
			dead++
		}
	}
	if (dead > 0) != wantDead {
		t.Errorf("%s: GDL004 reported %d times; the oracle says dead = %v", g.src, dead, wantDead)
	}
	for _, o := range g.operands {
		retiredOnly, some := true, false
		for _, typ := range u.all() {
			if o.matches(typ) {
				some = true
				retiredOnly = retiredOnly && u.isRetired[typ]
			}
		}
		want := some && retiredOnly
		got := false
		for _, d := range res.Diagnostics {
			inside := d.Range.Start >= o.start && d.Range.End <= o.end
			if inside && (d.Rule == OperatorMatchesRetired || d.Rule == RetiredFindingType) {
				got = true
			}
			if inside && d.Rule == OperatorMatchesRetired && !want {
				t.Errorf("%s: GDL003 on %s %q, which matches a current or unknown type", g.src, o.what, g.src[o.start:o.end])
			}
		}
		if want && !got {
			t.Errorf("%s: %s %q matches only retired types, and nothing reports it", g.src, o.what, g.src[o.start:o.end])
		}
	}
}
