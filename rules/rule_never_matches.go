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
		var retired []*Retired
		seen := map[string]bool{}
		dead := true
		for _, o := range c.Operands {
			if o.Negated {
				continue
			}
			rs, active, unknown := o.Retired, o.Active, o.Unknown
			if unknown || active > 0 || len(rs) == 0 {
				dead = false // a current type, a deployment-time value, or an unknown one (GDL002)
				break
			}
			for _, r := range rs {
				if !seen[r.Type] {
					seen[r.Type] = true
					retired = append(retired, r)
				}
			}
		}
		if !dead || len(retired) == 0 {
			continue
		}
		d := Diagnostic{
			Range: c.At,
			Message: fmt.Sprintf("this %s never fires: every type it allows is retired (%s); replace them%s or delete the rule",
				c.Kind, typeList(retired, 3), suggestion(retired)),
			FindingType: retired[0].Type,
			Suggested:   successors(retired),
		}
		if last := lastUpcoming(p.Catalog, retired); last != "" {
			d.Category = CategoryUpcoming
			d.Message = fmt.Sprintf("this %s will never fire after %s: every type it allows is retired by then (%s); replace them%s or delete the rule",
				c.Kind, last, typeList(retired, 3), suggestion(retired))
		}
		p.Report(d)
	}
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
