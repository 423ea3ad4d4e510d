package rules

import "fmt"

// UnknownFindingType (GDL002) reports a type-shaped value in a type
// position that GuardDuty neither generates nor ever generated.
var UnknownFindingType = &Rule{
	ID:               "GDL002",
	Name:             "unknown-finding-type",
	Short:            "Unknown GuardDuty finding type in a type condition",
	SecuritySeverity: "4.0",
	Precision:        "high",
	Tags:             []string{"security", "guardduty", "correctness"},
	Run:              runUnknown,
}

func runUnknown(p *Pass) {
	for _, c := range p.Conditions {
		for _, o := range c.Operands {
			if o.Op != OpEquals || o.Dynamic() {
				continue
			}
			v, ok := o.value()
			if !ok || !ValidTypeName(v) || p.Catalog.Known(v, o.IgnoreCase) {
				continue
			}
			r := o.Node.Range
			if o.ASFF {
				if raw := string(p.File.Src[r.Start:r.End]); raw != o.Node.Str {
					continue // escaped: cannot point inside it exactly
				}
				r.Start += asffStart(o.Node.Str)
			}
			msg := fmt.Sprintf("%s is not a GuardDuty finding type, so this %s never matches it", v, c.Kind)
			var suggested []string
			if ms, ok := LookupMisspelling(v); ok && p.Catalog.Known(ms.Type, false) {
				msg = fmt.Sprintf("%s is how %s spells %s, the type GuardDuty generates: this %s never matches %s; use %s",
					v, ms.Where, ms.Type, c.Kind, v, ms.Type)
				suggested = []string{ms.Type}
			} else if s, ok := p.Catalog.Suggest(v); ok {
				state := "active"
				if p.Catalog.Lookup(s) != nil {
					state = "retired"
				}
				msg += fmt.Sprintf("; did you mean %s (%s)?", s, state)
				suggested = []string{s}
			} else {
				msg += "; check the spelling against the GuardDuty finding-type list"
			}
			p.Report(Diagnostic{Range: r, Message: msg, FindingType: v, Suggested: suggested})
		}
	}
}
