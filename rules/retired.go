package rules

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gdlint/gdlint/scanner"
)

// RetiredFindingType (GDL001) reports every reference to a retired type.
var RetiredFindingType = &Rule{
	ID:    "GDL001",
	Name:  "retired-finding-type",
	Short: "Reference to a retired GuardDuty finding type",
	Full: "GuardDuty has retired this finding type and no longer generates it. Anything that waits for it " +
		"(an EventBridge rule, a GuardDuty filter or suppression rule, a Security Hub automation rule, a " +
		"handler in rule code) is dead code. In a comment or a document the mention is stale documentation.",
	Why: "A retired type is never generated again and cannot be re-enabled, so a rule that names it can never " +
		"fire for it. When every type a rule names is retired, the rule is a silent hole in detection.",
	HowToFix: "Remove the retired type. If the rule should keep covering the same behaviour, add a current type " +
		"instead: gdlint names suggested successors, which are its own inference from the retirement notes, " +
		"never a mapping that AWS published. Check the suggestion against the GuardDuty finding-type docs.",
	DefaultLevel:     LevelError,
	SecuritySeverity: "5.0",
	Precision:        "very-high",
	Tags:             []string{"security", "guardduty", "dead-code"},
	Run:              runRetired,
}

func runRetired(p *Pass) {
	for _, m := range p.Matches {
		level, action := LevelError, "remove it"
		switch {
		case p.File.Prose:
			level, action = LevelNote, "update the documentation"
		case p.File.InComment(m.Start):
			level, action = LevelNote, "update the comment"
		case p.inExclusion(m):
			level, action = LevelWarning, "it is excluded here, which is a no-op; remove it"
		}
		p.Report(Diagnostic{
			Level:       level,
			Range:       rangeOf(m),
			Message:     retiredMessage(m, p.File.Src, action),
			FindingType: m.Retired.Type,
			Suggested:   m.Retired.SuggestedReplacements,
		})
	}
}

// inExclusion reports whether a reference is an operand that excludes
// (anything-but, not_equals, NotEquals, NOT_EQUALS): excluding a type that
// never occurs does nothing, and the rule is alive through what it allows.
// The excluding operands are sorted once per file, so each lookup is a
// binary search however many operands and references there are.
func (p *Pass) inExclusion(m Match) bool {
	if p.exclusions == nil {
		p.exclusions = []scanner.Range{}
		for _, c := range p.Conditions {
			for _, o := range c.Operands {
				if o.Negated {
					p.exclusions = append(p.exclusions, o.Node.Range)
				}
			}
		}
		sort.Slice(p.exclusions, func(i, j int) bool { return p.exclusions[i].Start < p.exclusions[j].Start })
	}
	// Operands are leaves of one tree (strings, dynamic values), so their
	// ranges are disjoint: only the last one starting at or before m can
	// hold it.
	i := sort.Search(len(p.exclusions), func(i int) bool { return p.exclusions[i].Start > m.Start }) - 1
	return i >= 0 && m.End <= p.exclusions[i].End
}

// retiredMessages memoises RetiredMessage for references written as the
// type itself: a tree full of findings repeats a few dozen messages, and
// building each again was 8% of a dense run. The key holds the catalog's
// record, not the type's name, so catalogs that differ never share one.
var retiredMessages sync.Map // retiredMessageKey → string

type retiredMessageKey struct {
	retired *Retired
	action  string
}

func retiredMessage(m Match, src []byte, action string) string {
	if m.ASFF {
		return RetiredMessage(m, string(src[m.Start:m.End]), action)
	}
	k := retiredMessageKey{m.Retired, action}
	if msg, ok := retiredMessages.Load(k); ok {
		return msg.(string)
	}
	msg := RetiredMessage(m, m.Retired.Type, action)
	retiredMessages.Store(k, msg)
	return msg
}

// RetiredMessage explains a reference to a retired type: which type, that
// GuardDuty retired it and when, what to do, and where to read more.
func RetiredMessage(m Match, spelled, action string) string {
	r := m.Retired
	var b strings.Builder
	if m.ASFF {
		fmt.Fprintf(&b, "%s is the Security Hub spelling of %s, ", spelled, r.Type)
	} else {
		fmt.Fprintf(&b, "%s ", r.Type)
	}
	if r.RetiredOn != "" {
		fmt.Fprintf(&b, "was retired by GuardDuty on %s and is never generated again; ", r.RetiredOn)
	} else {
		b.WriteString("was retired by GuardDuty (AWS publishes no date) and is never generated again; ")
	}
	b.WriteString(action)
	switch s := r.SuggestedReplacements; len(s) {
	case 0:
		b.WriteString(" (no current type covers the same activity)")
	case 1:
		fmt.Fprintf(&b, " (suggested successor, not an AWS mapping: %s)", s[0])
	case 2:
		fmt.Fprintf(&b, " (suggested successors, not an AWS mapping: %s or %s)", s[0], s[1])
	default:
		fmt.Fprintf(&b, " (suggested successors, not an AWS mapping: %s, %s and %d more)", s[0], s[1], len(s)-2)
	}
	b.WriteString("; see " + RetiredSourceURL)
	return b.String()
}
