package rules

import (
	"fmt"

	"github.com/gdlint/gdlint/scanner"
)

// RuleNeverMatches (GDL004) reports a rule whose type condition can only
// match retired types: the whole rule can never fire.
var RuleNeverMatches = &Rule{
	ID:               "GDL004",
	Name:             "rule-never-matches",
	Short:            "Rule can never fire: every finding type it matches is retired",
	SecuritySeverity: "6.5",
	Precision:        "high",
	Tags:             []string{"security", "guardduty", "dead-code", "detection-gap"},
	Run:              runNever,
}

func runNever(p *Pass) {
	for _, c := range p.Conditions {
		if c.Open || c.At == (scanner.Range{}) {
			continue
		}
		retired, dead := p.deadTypes(c)
		if !dead || len(retired) == 0 {
			continue
		}
		d := Diagnostic{
			Range: c.At,
			Message: fmt.Sprintf("this %s never fires: every type it allows is retired (%s); replace them%s or delete the rule",
				c.Kind, typeList(retired, 3), suggestion(p.Catalog, retired)),
			FindingType: retired[0].Type,
			Suggested:   successors(p.Catalog, retired),
		}
		if last := lastUpcoming(p.Catalog, retired); last != "" {
			d.Category = CategoryUpcoming
			d.Message = fmt.Sprintf("this %s will never fire after %s: every type it allows is retired by then (%s); replace them%s or delete the rule",
				c.Kind, last, typeList(retired, 3), suggestion(p.Catalog, retired))
		}
		p.Report(d)
	}
}

// deadTypes returns the retired types a condition allows, and whether it
// allows nothing else: no current type, no unknown or deployment-time
// value. A Conjunctive condition is evaluated whole (Catalog.Allowed); in
// an EventBridge pattern each positive operand is an alternative.
func (p *Pass) deadTypes(c Condition) (retired []*Retired, dead bool) {
	if c.Conjunctive {
		rs, active, unknown := p.Catalog.Allowed(c)
		return rs, !unknown && active == 0
	}
	seen := map[string]bool{}
	for _, o := range c.Operands {
		if o.Negated {
			continue
		}
		if o.Unknown || o.Active > 0 || len(o.Retired) == 0 {
			return nil, false // a current type, a deployment-time value, or an unknown one (GDL002)
		}
		for _, r := range o.Retired {
			if !seen[r.Type] {
				seen[r.Type] = true
				retired = append(retired, r)
			}
		}
	}
	return retired, true
}

// lastUpcoming is the latest retirement date among rs still ahead of the
// catalog's date, or "" when every one is retired already.
func lastUpcoming(c *Catalog, rs []*Retired) string {
	last := ""
	for _, r := range rs {
		if c.Upcoming(r) && r.RetiredOn > last {
			last = r.RetiredOn
		}
	}
	return last
}
