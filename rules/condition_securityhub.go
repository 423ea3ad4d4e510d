package rules

import (
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// securityHubReader reads Security Hub automation rules (V1) and insights,
// whose filters are written with a Comparison or comparison.
var securityHubReader = conditionReader{
	kind:      KindSecurityHub,
	words:     []string{"omparison"},
	operators: patternSpellings(securityHubOps),
	read:      unclaimed(securityHubCriteria),
}

// ocsfReader reads Security Hub V2 (OCSF) automation rules, whose string
// filters are written with a Comparison too.
var ocsfReader = conditionReader{
	kind:      KindSecurityHub,
	words:     []string{"omparison"},
	operators: patternSpellings(securityHubOps),
	read:      unclaimed(ocsfCriteria),
}

// securityHubOps maps Security Hub string-filter comparisons.
var securityHubOps = map[string]opSpec{
	"EQUALS": {OpEquals, false}, "PREFIX": {OpPrefix, false}, "CONTAINS": {OpContains, false},
	"NOT_EQUALS": {OpEquals, true}, "PREFIX_NOT_EQUALS": {OpPrefix, true}, "NOT_CONTAINS": {OpContains, true},
	"CONTAINS_WORD": {OpContainsWord, false},
}

// securityHubCriteria reads Security Hub Type filters: CloudFormation and
// the API's "Type": [{"Comparison": …, "Value": …}], and Terraform's
// repeated type { comparison = … value = … } blocks, which a Terraform
// plan (and Terraform's JSON syntax) writes as a list of objects.
func securityHubCriteria(n *scanner.Node) []Condition {
	c := Condition{Kind: KindSecurityHub, Conjunctive: true}
	if f, ok := n.Field("Type"); ok && f.Value.Value().Kind == scanner.Array {
		c.At = f.KeyRange
		for _, it := range f.Value.Value().Items {
			c.securityHubOperand(it.Value().Get("Comparison"), it.Value().Get("Value"))
		}
	}
	for _, f := range n.Fields {
		if f.Key != "type" {
			continue
		}
		blocks := []*scanner.Node{f.Value}
		if f.Value.Kind == scanner.Array {
			blocks = f.Value.Items
		}
		for _, b := range blocks {
			if b.Kind == scanner.Object && b.Get("comparison") != nil {
				if c.At == (scanner.Range{}) {
					c.At = f.KeyRange
				}
				c.securityHubOperand(b.Get("comparison"), b.Get("value"))
			}
		}
	}
	if len(c.Operands) == 0 {
		return nil
	}
	return []Condition{c.closeFilter()}
}

func (c *Condition) securityHubOperand(cmp, val *scanner.Node) {
	if cmp == nil || val == nil || cmp.Kind != scanner.String {
		return
	}
	spec, ok := securityHubOps[cmp.Str]
	if !ok {
		c.Open = true // a comparison gdlint does not know: assume it can match
		return
	}
	c.addOperand(Operand{Op: spec.op, Negated: spec.negated, ASFF: true, Node: val, Written: cmp.Str})
}

// ocsfTypeField is the OCSF field that holds a finding's types, in the V2
// (OCSF) automation rules' criteria; GuardDuty's types are written there
// as in ASFF.
const ocsfTypeField = "finding_info.types"

// ocsfCriteria reads a V2 automation rule's criteria, {"CompositeFilters":
// [{"StringFilters": [{"FieldName": "finding_info.types", "Filter":
// {"Comparison", "Value"}}], "Operator"}], "CompositeOperator"} (API and
// CloudFormation). Filters on one field are alternatives. A composite
// joined by OR to filters on other fields, or an OR of composites one of
// which puts no condition on the type, can match current findings
// whatever the types say: the condition is open.
func ocsfCriteria(n *scanner.Node) []Condition {
	comps := n.Get("CompositeFilters").Value()
	if comps == nil || comps.Kind != scanner.Array {
		return nil
	}
	c := Condition{Kind: KindSecurityHub}
	orComposites := strings.EqualFold(str(n.Get("CompositeOperator")), "OR")
	for _, comp := range comps.Items {
		comp = comp.Value()
		types, others := 0, 0
		for _, f := range comp.UniqueFields() {
			v := f.Value.Value()
			if !strings.HasSuffix(f.Key, "Filters") || v == nil || v.Kind != scanner.Array {
				continue
			}
			for _, it := range v.Items {
				it = it.Value()
				field, ok := it.Field("FieldName")
				if f.Key != "StringFilters" || !ok || str(field.Value) != ocsfTypeField {
					others++
					continue
				}
				types++
				if c.At == (scanner.Range{}) {
					c.At = field.Value.Range
				}
				filter := it.Get("Filter").Value()
				c.securityHubOperand(filter.Get("Comparison"), filter.Get("Value"))
			}
		}
		orFilters := strings.EqualFold(str(comp.Get("Operator")), "OR")
		if types == 0 && orComposites || types > 0 && others > 0 && orFilters {
			c.Open = true
		}
	}
	if len(c.Operands) == 0 {
		return nil
	}
	return []Condition{c.closeFilter()}
}
