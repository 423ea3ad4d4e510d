package rules

import (
	"fmt"
	"sort"
	"strings"
)

// OperatorMatchesRetired (GDL003) reports an operand that can only ever
// match retired types.
var OperatorMatchesRetired = &Rule{
	ID:               "GDL003",
	Name:             "operator-matches-retired",
	Short:            "Pattern operator matches only retired GuardDuty finding types",
	SecuritySeverity: "5.0",
	Precision:        "very-high",
	Tags:             []string{"security", "guardduty", "dead-code"},
	Run:              runOperator,
}

func runOperator(p *Pass) {
	for _, c := range p.Conditions {
		for _, o := range c.Operands {
			if o.Negated || (o.Op == OpEquals && !o.IgnoreCase) {
				continue // exact values are GDL001's and GDL002's
			}
			retired, active, unknown := o.Retired, o.Active, o.Unknown
			if unknown || active > 0 || len(retired) == 0 || p.spellsRetired(o) {
				continue
			}
			d := Diagnostic{
				Range: o.Node.Range,
				Message: fmt.Sprintf("%s %q matches only retired types (%s), so it never matches; remove it%s",
					o.Written, o.Node.Str, typeList(retired, 3), suggestion(p.Catalog, retired)),
				FindingType: retired[0].Type,
				Suggested:   successors(p.Catalog, retired),
			}
			if last := lastUpcoming(p.Catalog, retired); last != "" {
				d.Category = CategoryUpcoming
				d.Message = fmt.Sprintf("%s %q matches only types retired by %s (%s), so it will never match after that; plan to remove it%s",
					o.Written, o.Node.Str, last, typeList(retired, 3), suggestion(p.Catalog, retired))
			}
			p.Report(d)
		}
	}
}

// spellsRetired reports whether the operand's text holds a whole retired
// type, which GDL001 already reports, so the finding is not reported twice.
// Matches are sorted and disjoint, so the first one starting inside the
// operand is the only one to check.
func (p *Pass) spellsRetired(o Operand) bool {
	r := o.Node.Range
	i := sort.Search(len(p.Matches), func(i int) bool { return p.Matches[i].Start >= r.Start })
	return i < len(p.Matches) && p.Matches[i].End <= r.End
}

// typeList names up to n types, and how many more.
func typeList(rs []*Retired, n int) string {
	var names []string
	for i, r := range rs {
		if i == n {
			names = append(names, fmt.Sprintf("and %d more", len(rs)-n))
			break
		}
		names = append(names, r.Type)
	}
	return strings.Join(names, ", ")
}

// successors is the union of the suggested replacements of rs, in order,
// without those not brought to the catalog's place (Catalog.In).
func successors(c *Catalog, rs []*Retired) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rs {
		for _, s := range c.SuggestedHere(r) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// suggestion is the successors of rs as a parenthetical, or "" when
// there are none.
func suggestion(c *Catalog, rs []*Retired) string {
	var inferred []*Retired
	var renames []string
	for _, r := range rs {
		if r.RenamedTo != "" {
			renames = append(renames, r.Type+" to "+r.RenamedTo)
		} else {
			inferred = append(inferred, r)
		}
	}
	out := ""
	if s := successors(c, inferred); len(s) > 0 {
		types := make([]string, len(inferred))
		for i, r := range inferred {
			types[i] = r.Type
		}
		out = successorNote(s, types)
	}
	if len(renames) > 0 {
		out += " (renamed by AWS: " + strings.Join(renames, ", ") + ")"
	}
	return out
}

// successorNote is the one wording of gdlint's suggestions, everywhere a
// message names them: " (suggested successor, not an AWS mapping: X)".
// AWS names no successor for a retired type; the suggestions are gdlint's
// own inference, and every message must say so. A list cut short says
// where the rest are: gdlint explain, for the retired types suggested for.
func successorNote(s, types []string) string {
	switch len(s) {
	case 1:
		return " (suggested successor, not an AWS mapping: " + s[0] + ")"
	case 2:
		return " (suggested successors, not an AWS mapping: " + s[0] + " or " + s[1] + ")"
	}
	where := "gdlint explain TYPE lists them"
	if len(types) == 1 {
		where = "gdlint explain " + types[0] + " lists them"
	}
	return fmt.Sprintf(" (suggested successors, not an AWS mapping: %s, %s and %d more; %s)", s[0], s[1], len(s)-2, where)
}
