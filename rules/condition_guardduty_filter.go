package rules

import "github.com/gdlint/gdlint/scanner"

// guardDutyFilterReader reads GuardDuty filter and suppression-rule
// criteria, always written under a Criterion or criterion key.
var guardDutyFilterReader = conditionReader{
	kind:      KindGuardDutyFilter,
	words:     []string{"Criterion", "criterion"},
	operators: patternSpellings(filterOps),
	keyed:     true,
	read:      unclaimed(filterCriteria),
}

// filterOps maps GuardDuty filter criterion operators, as AWS and
// Terraform spell them, to operands: the API's lower camel case, the
// Pascal case of CloudFormation and the SDKs' JSON (Eq and Neq are the
// deprecated forms of Equals and NotEquals), and Terraform's snake case.
// Other spellings are not operators: AWS does not read them either. The
// pre-filter finds the Matches operators by these spellings
// (keyOperators), which a test holds to this table.
var filterOps = map[string]opSpec{
	"eq": {OpEquals, false}, "Eq": {OpEquals, false}, "equals": {OpEquals, false}, "Equals": {OpEquals, false},
	"neq": {OpEquals, true}, "Neq": {OpEquals, true}, "notEquals": {OpEquals, true}, "NotEquals": {OpEquals, true},
	"not_equals": {OpEquals, true},
	"matches":    {OpMatches, false}, "Matches": {OpMatches, false},
	"notMatches": {OpMatches, true}, "NotMatches": {OpMatches, true}, "not_matches": {OpMatches, true},
}

// filterCriteria reads GuardDuty filter and suppression-rule criteria on
// the field "type": {"Criterion": {"type": {"Equals": [...]}}} (API, CLI,
// CloudFormation) and Terraform's criterion { field = "type" equals = [...] }
// blocks (a list of objects in Terraform's JSON syntax). Either way the
// criterion is named: an object elsewhere with a field "type" is not a
// GuardDuty filter.
func filterCriteria(n *scanner.Node) []Condition {
	var out []Condition
	for _, key := range []string{"Criterion", "criterion"} {
		crit := n.Get(key).Value()
		if crit == nil || crit.Kind != scanner.Object {
			continue
		}
		if f, ok := crit.Field("type"); ok && f.Value.Value().Kind == scanner.Object {
			c := Condition{Kind: KindGuardDutyFilter, At: f.KeyRange, Conjunctive: true}
			for _, op := range f.Value.Value().UniqueFields() {
				c.filterOperands(op.Key, op.Value.Value())
			}
			out = append(out, c.closeFilter())
		}
	}
	for _, f := range n.Fields {
		if f.Key != "criterion" {
			continue
		}
		blocks := []*scanner.Node{f.Value.Value()}
		if v := f.Value.Value(); v.Kind == scanner.Array {
			blocks = v.Items
		}
		for _, b := range blocks {
			b = b.Value()
			field := b.Get("field")
			if field == nil || field.Kind != scanner.String || field.Str != "type" {
				continue
			}
			c := Condition{Kind: KindGuardDutyFilter, At: field.Range, Conjunctive: true}
			for _, op := range b.Fields {
				c.filterOperands(op.Key, op.Value.Value())
			}
			if len(c.Operands) > 0 {
				out = append(out, c.closeFilter())
			}
		}
	}
	return out
}

func (c *Condition) filterOperands(key string, v *scanner.Node) {
	spec, ok := filterOps[key]
	if !ok {
		return
	}
	vals, list := []*scanner.Node{v}, (*scanner.Node)(nil)
	if v.Kind == scanner.Array {
		vals, list = v.Items, v
	}
	for _, it := range vals {
		c.addOperand(Operand{Op: spec.op, Negated: spec.negated, Node: it, Written: key, List: list})
	}
}
