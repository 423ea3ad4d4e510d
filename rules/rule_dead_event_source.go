package rules

import (
	"fmt"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// DeadEventSource (GDL005) reports an EventBridge pattern's source or
// detail-type that no event carries: a retired service's (Macie Classic's
// "Macie Alert", Inspector Classic's aws.inspector) or one the service
// never sent ("Security Hub Findings"). The list is rules/data/events.json.
var DeadEventSource = &Rule{
	ID:               "GDL005",
	Name:             "dead-event-source",
	Short:            "EventBridge pattern waits for a source or detail-type no event carries",
	SecuritySeverity: "6.5",
	Precision:        "high",
	Tags:             []string{"security", "eventbridge", "dead-code", "detection-gap"},
	Run:              runDeadEventSource,
}

func runDeadEventSource(p *Pass) {
	for _, n := range p.eventPatterns() {
		for _, f := range n.Fields {
			field := envelopeField(f.Key)
			v := f.Value.Value()
			if (field != "source" && field != "detail-type") || v == nil || v.Kind != scanner.Array {
				continue
			}
			p.deadValues(field, v)
		}
	}
	p.deadValuesInCode()
	p.deadServiceCalls()
}

// deadValues reports the values of a pattern's source or detail-type list
// that no event carries. Only plain strings are read: an operator
// (prefix, anything-but) may match current values too.
func (p *Pass) deadValues(field string, list *scanner.Node) {
	var dead []*scanner.Node
	live := false
	for _, it := range list.Items {
		if it.Kind == scanner.String && deadEvent(field, it.Str) != nil {
			dead = append(dead, it)
		} else {
			live = true
		}
	}
	for _, it := range dead {
		p.reportDead(deadEvent(field, it.Str), it.Range, p.patternCategory(it.Range), live)
	}
}

// reportDead reports a dead value at r, upcoming where its retirement is
// still ahead of the catalog's date.
func (p *Pass) reportDead(e *DeadEvent, r scanner.Range, cat Category, live bool) {
	upcoming := e.RetiredOn != "" && p.Catalog.Date() != "" && e.RetiredOn > p.Catalog.Date()
	if upcoming && cat == CategoryValue || upcoming && cat == CategoryCode {
		cat = CategoryUpcoming
	}
	p.Report(Diagnostic{
		Category: cat,
		Range:    r,
		Message:  deadEventMessage(e, upcoming, live),
	})
}

// deadEventMessage says which value, whose it was, since when, and what
// events carry instead.
func deadEventMessage(e *DeadEvent, upcoming, live bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q ", e.Field, e.Value)
	switch {
	case upcoming:
		fmt.Fprintf(&b, "stops matching on %s, when AWS ends %s; plan to write %s", e.RetiredOn, e.Service, insteadList(e.Instead))
		return b.String()
	case e.RetiredOn != "":
		fmt.Fprintf(&b, "is %s's, which AWS ended on %s: no event carries it", e.Service, e.RetiredOn)
	case e.Value == "Security Hub Findings":
		fmt.Fprintf(&b, "is no detail-type %s sends", e.Service)
	default:
		fmt.Fprintf(&b, "is %s's, which AWS discontinued: no event carries it", e.Service)
	}
	if live {
		fmt.Fprintf(&b, "; write %s or remove it", insteadList(e.Instead))
	} else {
		fmt.Fprintf(&b, ", so this pattern never fires; write %s", insteadList(e.Instead))
	}
	return b.String()
}

// insteadList quotes the first replacement and offers the rest as
// alternatives: "Security Hub Findings - Imported" (or "... - Custom Action").
func insteadList(s []string) string {
	if len(s) == 0 {
		return "a current value"
	}
	out := fmt.Sprintf("%q", s[0])
	if len(s) > 1 {
		q := make([]string, len(s)-1)
		for i, x := range s[1:] {
			q[i] = fmt.Sprintf("%q", x)
		}
		out += " (or " + strings.Join(q, ", ") + ")"
	}
	return out
}
