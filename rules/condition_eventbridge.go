package rules

import (
	"slices"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// eventBridgeReader reads EventBridge patterns for GuardDuty findings.
// A pattern is written with aws.guardduty or "GuardDuty Finding", or names
// a known type, which the matcher sees.
var eventBridgeReader = conditionReader{
	kind:      KindEventBridge,
	words:     []string{"guardduty", "GuardDuty"},
	operators: eventBridgeOperators,
	keyed:     true,
	read: func(n *scanner.Node, known func(string) bool) ([]Condition, []string) {
		if c, ok := eventPattern(n, known); ok {
			// Its detail and $or branches are this pattern's; other keys
			// (a template's, a document's next to the pattern) may hold
			// more conditions.
			return []Condition{c}, []string{"detail", "$or"}
		}
		return nil, nil
	},
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
	// A type field that several $or branches fall back to is one
	// condition on the type, read once: each of its operands is reported
	// once.
	var read []scanner.Range
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
			if slices.Contains(read, f.KeyRange) {
				continue
			}
			read = append(read, f.KeyRange)
			if c.At == (scanner.Range{}) {
				c.At = f.KeyRange
			}
			c.patternValues(f.Value.Value())
		}
	}
	guardDuty := has(n.Get("source"), "aws.guardduty") ||
		has(n.Get("detail-type"), "GuardDuty Finding") || has(n.Get("detailType"), "GuardDuty Finding")
	if !guardDuty && otherSource(n.Get("source")) {
		return c, false // another service's events (aws.macie): its types are its own
	}
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
// {"wildcard": …} and {"anything-but": …} in all their forms. Of the
// operators that do not compare text, numeric and cidr never match a type
// (numeric matching "works with values that are JSON numbers", and a type
// is no IP address) and neither does exists false (every finding has a
// type); exists true, and an operator gdlint does not know, leave the
// type open.
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
		case "numeric", "cidr":
			continue // a finding type is never a JSON number or an IP address: matches nothing
		case "exists":
			if v.Kind != scanner.Scalar || !strings.EqualFold(v.Str, "false") {
				c.Open = true // every finding has a type
			}
			continue // exists false: no finding lacks a type
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
