package rules

import (
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// Condition is the finding-type condition of one rule: an EventBridge
// pattern's detail.type, a GuardDuty filter's "type" criterion, or a
// Security Hub automation rule's or insight's Type filter.
type Condition struct {
	Kind string        // KindEventBridge, KindGuardDutyFilter or KindSecurityHub
	At   scanner.Range // where the condition is written: reported by GDL004
	// Operands are every value the condition compares types with.
	Operands []Operand
	// Open means some alternative puts no constraint on the type (a $or
	// branch without detail.type, exists, anything-but, a criterion with
	// only exclusions): the rule can match current types whatever its
	// operands say.
	Open bool
}

// The kinds of condition. An EventBridge rule alerts or routes on what it
// matches; a GuardDuty filter may archive it (a suppression rule), and a
// Security Hub automation rule updates the findings it matches.
const (
	KindEventBridge     = "EventBridge pattern"
	KindGuardDutyFilter = "GuardDuty filter"
	KindSecurityHub     = "Security Hub rule"
)

// FindConditions returns the type conditions in a file's tree, nested
// documents included. A pattern inside a pattern is not looked for twice.
// known tells a GuardDuty finding type from any other string.
func FindConditions(root *scanner.Node, known func(string) bool) []Condition {
	var out []Condition
	scanner.Walk(root, func(n *scanner.Node) bool {
		if n.Kind != scanner.Object {
			return true
		}
		if c, ok := eventPattern(n, known); ok {
			out = append(out, c)
			// Its detail and $or branches are this pattern's; other keys
			// (a template's, a document's next to the pattern) may hold
			// more conditions.
			for _, f := range n.Fields {
				if f.Key != "detail" && f.Key != "$or" {
					out = append(out, FindConditions(f.Value, known)...)
				}
			}
			return false
		}
		out = append(out, filterCriteria(n)...)
		out = append(out, securityHubCriteria(n)...)
		out = append(out, ocsfCriteria(n)...)
		return true
	})
	return out
}

// eventPattern reads an EventBridge pattern for GuardDuty findings: an
// object with a detail (or $or branches) that has a source of aws.guardduty
// or a detail-type of "GuardDuty Finding" (camelCase detailType too, as
// CDK writes it), or, for a pattern kept without them, a detail.type that
// names a known finding type.
func eventPattern(n *scanner.Node, known func(string) bool) (Condition, bool) {
	if n.Get("detail") == nil && n.Get("$or") == nil {
		return Condition{}, false
	}
	c := Condition{Kind: KindEventBridge}
	branches := []*scanner.Node{n}
	if or := n.Get("$or").Value(); or != nil && or.Kind == scanner.Array {
		branches = or.Items
	}
	for _, b := range branches {
		detail := b.Value().Get("detail").Value()
		if detail == nil {
			detail = n.Get("detail").Value()
		}
		if detail == nil || detail.Kind != scanner.Object {
			c.Open = true
			continue
		}
		subs := []*scanner.Node{detail}
		if or := detail.Get("$or").Value(); or != nil && or.Kind == scanner.Array {
			subs = or.Items
		}
		for _, s := range subs {
			f, ok := s.Value().Field("type")
			if !ok {
				f, ok = detail.Field("type")
			}
			if !ok {
				c.Open = true
				continue
			}
			if c.At == (scanner.Range{}) {
				c.At = f.KeyRange
			}
			c.patternValues(f.Value.Value())
		}
	}
	guardDuty := has(n.Get("source"), "aws.guardduty") ||
		has(n.Get("detail-type"), "GuardDuty Finding") || has(n.Get("detailType"), "GuardDuty Finding")
	for _, o := range c.Operands {
		guardDuty = guardDuty || (!o.Dynamic() && known(o.Node.Str))
	}
	return c, guardDuty
}

// has reports whether a pattern field's values include s.
func has(n *scanner.Node, s string) bool {
	n = n.Value()
	if n == nil {
		return false
	}
	if n.Kind == scanner.String {
		return n.Str == s
	}
	for _, it := range n.Items {
		if it.Kind == scanner.String && it.Str == s {
			return true
		}
	}
	return false
}

// patternValues reads the values of detail.type: strings, and objects
// holding one operator each.
func (c *Condition) patternValues(v *scanner.Node) {
	items, list := []*scanner.Node{v}, (*scanner.Node)(nil)
	if v.Kind == scanner.Array {
		items, list = v.Items, v
	}
	for _, it := range items {
		switch it.Kind {
		case scanner.String, scanner.Dynamic:
			c.Operands = append(c.Operands, Operand{Op: OpEquals, Node: it, Written: "value", List: list})
		case scanner.Object:
			c.patternOperator(it, false)
		}
	}
}

// eventBridgeOperators are the operators patternOperator reads.
var eventBridgeOperators = []string{"prefix", "suffix", "wildcard", "equals-ignore-case", "anything-but"}

// patternOperator reads {"prefix": …}, {"suffix": …}, {"equals-ignore-case": …},
// {"wildcard": …} and {"anything-but": …} in all their forms. Operators
// that do not compare text (exists, numeric, cidr) leave the type open.
func (c *Condition) patternOperator(obj *scanner.Node, negated bool) {
	for _, f := range obj.UniqueFields() {
		v := f.Value.Value()
		op, ignoreCase := OpEquals, false
		switch f.Key {
		case "prefix":
			op = OpPrefix
		case "suffix":
			op = OpSuffix
		case "wildcard":
			op = OpWildcard
		case "equals-ignore-case":
			ignoreCase = true
		case "anything-but":
			if negated {
				continue
			}
			c.Open = true // it matches every type it does not list
			switch v.Kind {
			case scanner.Object:
				c.patternOperator(v, true)
			case scanner.Array:
				for _, it := range v.Items {
					c.addOperand(Operand{Op: OpEquals, Negated: true, Node: it, Written: "anything-but", List: v})
				}
			default:
				c.addOperand(Operand{Op: OpEquals, Negated: true, Node: v, Written: "anything-but"})
			}
			continue
		default:
			c.Open = true
			continue
		}
		written := f.Key
		if negated {
			written = "anything-but " + f.Key
		}
		if inner := v.Get("equals-ignore-case"); v.Kind == scanner.Object && inner != nil {
			v, ignoreCase = inner.Value(), true
			written += " equals-ignore-case"
		}
		vals, list := []*scanner.Node{v}, (*scanner.Node)(nil)
		if v.Kind == scanner.Array {
			vals, list = v.Items, v
		}
		for _, it := range vals {
			c.addOperand(Operand{Op: op, IgnoreCase: ignoreCase, Negated: negated, Node: it, Written: written, List: list})
		}
	}
}

func (c *Condition) addOperand(o Operand) {
	if o.Node.Kind == scanner.String || o.Node.Kind == scanner.Dynamic {
		c.Operands = append(c.Operands, o)
	}
}

// filterOps maps GuardDuty filter criterion operators, as AWS and
// Terraform spell them, to operands: the API's lower camel case, the
// Pascal case of CloudFormation and the SDKs' JSON (Eq and Neq are the
// deprecated forms of Equals and NotEquals), and Terraform's snake case.
// Other spellings are not operators: AWS does not read them either. The
// pre-filter finds the Matches operators by these spellings
// (patternOperators), which a test holds to this table.
var filterOps = map[string]struct {
	op      Op
	negated bool
}{
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
			c := Condition{Kind: KindGuardDutyFilter, At: f.KeyRange}
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
			c := Condition{Kind: KindGuardDutyFilter, At: field.Range}
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

// closeFilter marks a criterion with no positive operand open: it only
// excludes, so it matches every other type.
func (c Condition) closeFilter() Condition {
	c.Open = c.Open || !c.hasPositive()
	return c
}

func (c *Condition) hasPositive() bool {
	for _, o := range c.Operands {
		if !o.Negated {
			return true
		}
	}
	return false
}

// securityHubOps maps Security Hub string-filter comparisons.
var securityHubOps = map[string]struct {
	op      Op
	negated bool
}{
	"EQUALS": {OpEquals, false}, "PREFIX": {OpPrefix, false}, "CONTAINS": {OpContains, false},
	"NOT_EQUALS": {OpEquals, true}, "PREFIX_NOT_EQUALS": {OpPrefix, true}, "NOT_CONTAINS": {OpContains, true},
	"CONTAINS_WORD": {OpContainsWord, false},
}

// securityHubCriteria reads Security Hub Type filters: CloudFormation and
// the API's "Type": [{"Comparison": …, "Value": …}], and Terraform's
// repeated type { comparison = … value = … } blocks.
func securityHubCriteria(n *scanner.Node) []Condition {
	c := Condition{Kind: KindSecurityHub}
	if f, ok := n.Field("Type"); ok && f.Value.Value().Kind == scanner.Array {
		c.At = f.KeyRange
		for _, it := range f.Value.Value().Items {
			c.securityHubOperand(it.Value().Get("Comparison"), it.Value().Get("Value"))
		}
	}
	for _, f := range n.Fields {
		if f.Key == "type" && f.Value.Kind == scanner.Object && f.Value.Get("comparison") != nil {
			if c.At == (scanner.Range{}) {
				c.At = f.KeyRange
			}
			c.securityHubOperand(f.Value.Get("comparison"), f.Value.Get("value"))
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

// str is a String node's value, or "".
func str(n *scanner.Node) string {
	if n = n.Value(); n != nil && n.Kind == scanner.String {
		return n.Str
	}
	return ""
}
