package rules

import (
	"fmt"
	"strings"
)

// UnknownFindingType (GDL002) reports a type-shaped value in a type
// position that GuardDuty neither generates nor ever generated.
var UnknownFindingType = &Rule{
	ID:    "GDL002",
	Name:  "unknown-finding-type",
	Short: "Unknown GuardDuty finding type in a type condition",
	Full: "A value in a finding-type condition (an EventBridge pattern's detail.type, a GuardDuty filter's " +
		"type criterion, a Security Hub Type filter) has the shape of a finding type but is neither an active " +
		"nor a retired one. EventBridge matching is case-sensitive, so a misspelt or wrongly cased type " +
		"silently never matches.",
	Why: "A typo in a type condition fails silently: nothing rejects the rule, and it never fires for the " +
		"finding it was written for.",
	HowToFix: "Correct the type: gdlint suggests the closest known type, ignoring case first and then by " +
		"edit distance. If the type is new and gdlint does not know it yet, upgrade gdlint.",
	DefaultLevel:     LevelWarning,
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
			if s, ok := p.Catalog.Suggest(v); ok {
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

// Known reports whether typ is an active or retired type.
func (c *Catalog) Known(typ string, ignoreCase bool) bool {
	if c.active[typ] || c.byType[typ] != nil {
		return true
	}
	if ignoreCase {
		_, ok := c.foldMatch(typ)
		return ok
	}
	return false
}

func (c *Catalog) foldMatch(typ string) (string, bool) {
	for _, t := range c.universe() {
		if strings.EqualFold(t, typ) {
			return t, true
		}
	}
	return "", false
}

// universe is every type GuardDuty generates or generated.
func (c *Catalog) universe() []string { return c.all }

// Suggest returns the known type closest to typ: one equal but for case,
// else the nearest within a small edit distance.
func (c *Catalog) Suggest(typ string) (string, bool) {
	if t, ok := c.foldMatch(typ); ok {
		return t, true
	}
	best, bestDist := "", 4 // at most 3 edits
	for _, t := range c.universe() {
		if d := editDistance(typ, t, bestDist); d < bestDist {
			best, bestDist = t, d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between a and b, or limit when
// it is at least limit.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
