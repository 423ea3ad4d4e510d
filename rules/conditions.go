package rules

import (
	"slices"

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
	// Conjunctive means the negated operands are ANDed with the positive
	// ones, as in a GuardDuty criterion and a Security Hub filter: the
	// condition allows what a positive operand matches and no negated one
	// does (Catalog.Allowed). In an EventBridge pattern each value is an
	// alternative of its own, so an anything-but opens the condition.
	Conjunctive bool
}

// The kinds of condition. An EventBridge rule alerts or routes on what it
// matches; a GuardDuty filter may archive it (a suppression rule), and a
// Security Hub automation rule updates the findings it matches.
const (
	KindEventBridge     = "EventBridge pattern"
	KindGuardDutyFilter = "GuardDuty filter"
	KindSecurityHub     = "Security Hub rule"
)

// A conditionReader reads one kind of finding-type condition from a
// file's tree. To add a kind of condition, write a reader in a file of its
// own (condition_*.go) and add it to conditionReaders: the pre-filter's
// words and operators come from this table, and TestConditionReaders
// holds each reader to them.
type conditionReader struct {
	kind string
	// words are what the reader's conditions are written with: a file that
	// holds none of them (and names no known type) has none of its
	// conditions, so the pre-filter need not parse it.
	words []string
	// operators are the spellings of the operators the reader reads that
	// match types by pattern (prefix, wildcard, Matches...), whose operands
	// may have no finding type's shape.
	operators []string
	// keyed says the operators are written as an object's keys
	// ({"prefix": …}, {"Matches": […]}), not as values: the pre-filter
	// then looks for them where a key can be (operatorScope).
	keyed bool
	// read returns the conditions written at the object n, and the keys of
	// n they claim: those are not searched for other conditions.
	read func(n *scanner.Node, known func(string) bool) (conds []Condition, claimed []string)
}

// conditionReaders are every kind of condition gdlint reads, tried in
// this order on each object of a tree. An object an EventBridge pattern
// claims is not read as anything else.
var conditionReaders = []conditionReader{eventBridgeReader, guardDutyFilterReader, securityHubReader, ocsfReader}

// opSpec is what an operator spelling compares with.
type opSpec struct {
	op      Op
	negated bool
}

// patternSpellings returns the spellings in ops that match by pattern.
func patternSpellings(ops map[string]opSpec) []string {
	var out []string
	for k, spec := range ops {
		if spec.op != OpEquals {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// unclaimed makes a reader of a function whose conditions claim no keys.
func unclaimed(find func(*scanner.Node) []Condition) func(*scanner.Node, func(string) bool) ([]Condition, []string) {
	return func(n *scanner.Node, _ func(string) bool) ([]Condition, []string) { return find(n), nil }
}

// FindConditions returns the type conditions in a file's tree, nested
// documents included. A pattern inside a pattern is not looked for twice,
// and nothing inside a sample (an event or finding kept as data, see
// sampleNodes) is a condition. known tells a GuardDuty finding type from
// any other string.
func FindConditions(root *scanner.Node, known func(string) bool) []Condition {
	out := findConditions(root, known, nil)
	if len(out) == 0 {
		return out // the usual file: no second walk
	}
	samples := sampleNodes(root)
	if len(samples) == 0 {
		return out
	}
	skip := make(map[*scanner.Node]bool, len(samples))
	for _, n := range samples {
		skip[n] = true
	}
	return findConditions(root, known, skip)
}

// findConditions is FindConditions, not looking inside the nodes in skip.
func findConditions(root *scanner.Node, known func(string) bool, skip map[*scanner.Node]bool) []Condition {
	var out []Condition
	scanner.Walk(root, func(n *scanner.Node) bool {
		if skip[n] {
			return false
		}
		if n.Kind != scanner.Object {
			return true
		}
		for _, r := range conditionReaders {
			conds, claimed := r.read(n, known)
			out = append(out, conds...)
			if claimed == nil {
				continue
			}
			for _, f := range n.Fields {
				if !slices.Contains(claimed, f.Key) {
					out = append(out, findConditions(f.Value, known, skip)...)
				}
			}
			return false
		}
		return true
	})
	return out
}

func (c *Condition) addOperand(o Operand) {
	if o.Node.Kind == scanner.String || o.Node.Kind == scanner.Dynamic {
		c.Operands = append(c.Operands, o)
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

// str is a String node's value, or "".
func str(n *scanner.Node) string {
	if n = n.Value(); n != nil && n.Kind == scanner.String {
		return n.Str
	}
	return ""
}
