package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// RetiredFindingType (GDL001) reports every reference to a retired type.
var RetiredFindingType = &Rule{
	ID:               "GDL001",
	Name:             "retired-finding-type",
	Short:            "Reference to a retired GuardDuty finding type",
	SecuritySeverity: "5.0",
	Precision:        "very-high",
	Tags:             []string{"security", "guardduty", "dead-code"},
	Run:              runRetired,
}

func runRetired(p *Pass) {
	fixes := retiredFixes(p)
	code := p.File.Format.IsCode()
	for _, m := range p.Matches {
		if p.Catalog.shared[m.Retired.Type] != nil && p.otherServiceContext(m) {
			continue // another service's finding type, in its context
		}
		upcoming := p.Catalog.Upcoming(m.Retired)
		excluded := p.Catalog.ExcludedHere(m.Retired)
		cat, action := CategoryValue, "remove it"
		switch {
		case p.File.Prose:
			cat, action = CategoryProse, "update the documentation"
		case p.File.InComment(m.Start):
			cat, action = CategoryComment, "update the comment"
		case p.inSample(m):
			cat, action = CategorySample, "update the sample"
		case p.inProse(m):
			cat, action = CategoryProse, "update the text"
		case excluded != nil:
			partition, region := p.Catalog.Place()
			p.Report(Diagnostic{
				Category:    CategoryUpcoming,
				Range:       rangeOf(m),
				Message:     excludedMessage(m, excluded, partition, region, p.Catalog.SuggestedHere(m.Retired)),
				FindingType: m.Retired.Type,
				Suggested:   p.Catalog.SuggestedHere(m.Retired),
			})
			continue
		case upcoming && p.inExclusion(m):
			cat, action = CategoryUpcoming, "excluding it does nothing after that; remove it then"
		case upcoming:
			cat, action = CategoryUpcoming, "plan to remove it"
		case p.inExclusion(m):
			cat, action = CategoryExclusion, "it is excluded here, which is a no-op; remove it"
		case m.Retired.RenamedTo != "":
			action = "replace it with " + m.Retired.RenamedTo
			if code {
				cat = CategoryCode
			}
		case code:
			cat = CategoryCode
		}
		d := Diagnostic{
			Category:    cat,
			Range:       rangeOf(m),
			Message:     p.Catalog.retiredMessage(m, p.File.Src, action),
			FindingType: m.Retired.Type,
			Suggested:   p.Catalog.SuggestedHere(m.Retired),
		}
		if fx, ok := fixes[d.Range]; ok && !upcoming {
			d.Fixes = []SuggestedFix{fx}
		}
		p.Report(d)
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

type retiredMessageKey struct {
	retired *Retired
	action  string
}

// retiredMessage is RetiredMessage, memoised in the catalog for references
// written as the type itself: a tree full of findings repeats a few dozen
// messages, and building each again was 8% of a dense run. The memo lives
// and dies with its catalog, and holds at most a message per retired type
// and action.
func (c *Catalog) retiredMessage(m Match, src []byte, action string) string {
	upcoming := c.Upcoming(m.Retired)
	if m.ASFF {
		return RetiredMessage(m, string(src[m.Start:m.End]), action, upcoming)
	}
	k := retiredMessageKey{m.Retired, action}
	if msg, ok := c.messages.Load(k); ok {
		return msg.(string)
	}
	msg := RetiredMessage(m, m.Retired.Type, action, upcoming)
	c.messages.Store(k, msg)
	return msg
}

// RetiredMessage explains a reference to a retired type, short enough to
// read in an annotation: which type, that GuardDuty retired it (or renamed
// it, or will retire it: upcoming) and when, what to do, and the
// successors: the new name of a rename, which AWS names, else gdlint's
// suggestions. Why that matters, and AWS's list, are in the rule's
// documentation (explain, SARIF help, the docs page), not repeated in every
// message.
func RetiredMessage(m Match, spelled, action string, upcoming bool) string {
	r := m.Retired
	var b strings.Builder
	switch {
	case m.ASFF && upcoming:
		fmt.Fprintf(&b, "%s is the Security Hub spelling of %s, to be retired by GuardDuty on %s; ", spelled, r.Type, r.RetiredOn)
	case m.ASFF:
		fmt.Fprintf(&b, "%s is the Security Hub spelling of %s, ", spelled, r.Type)
	case upcoming:
		fmt.Fprintf(&b, "%s will be retired by GuardDuty on %s; ", r.Type, r.RetiredOn)
	default:
		fmt.Fprintf(&b, "%s was ", r.Type)
	}
	switch {
	case upcoming:
	case r.RenamedTo != "":
		fmt.Fprintf(&b, "renamed to %s on %s (AWS document history); ", r.RenamedTo, r.RetiredOn)
	case r.RetiredOn != "":
		fmt.Fprintf(&b, "retired by GuardDuty on %s; ", r.RetiredOn)
	default:
		b.WriteString("retired by GuardDuty (AWS gives no date); ")
	}
	b.WriteString(action)
	switch s := r.SuggestedReplacements; {
	case r.RenamedTo != "":
	case len(s) == 0:
		b.WriteString(" (no current type covers the same activity)")
	default:
		b.WriteString(successorNote(s, []string{r.Type}))
	}
	return b.String()
}

// excludedMessage explains a retired type deployed where the notice that
// retired it did not take effect: GuardDuty may still generate it there.
func excludedMessage(m Match, e *Exclusion, partition, region string, suggested []string) string {
	where := partition
	if !slices.Contains(e.Partitions, partition) {
		where = region
	}
	msg := fmt.Sprintf("%s was retired by GuardDuty on %s, but AWS's notice of %s excluded %s, so GuardDuty may still generate it here; keep it until AWS retires it in %s",
		m.Retired.Type, orNoDate(m.Retired.RetiredOn), e.Date, where, where)
	if len(suggested) > 0 {
		msg += successorNote(suggested, []string{m.Retired.Type})
	}
	return msg
}

func orNoDate(d string) string {
	if d == "" {
		return "a date AWS does not give"
	}
	return d
}
