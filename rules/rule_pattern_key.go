package rules

import (
	"fmt"
	"slices"

	"github.com/gdlint/gdlint/scanner"
)

// PatternKeyNotInEvent (GDL006) reports a top-level key of an EventBridge
// pattern that spells an event's field wrongly: detailType for
// detail-type, as a CDK CfnRule or a hand-written template passes it
// through (aws-cdk #14282). EventBridge matches keys exactly, so the
// pattern waits for a field no event has and never fires. It also reports
// a key under a Security Hub pattern's detail.findings that no finding of
// its detail-types has: ASFF's in a "Findings Imported V2" pattern, OCSF's
// in a "Security Hub Findings - Imported" one (finding_fields.go).
var PatternKeyNotInEvent = &Rule{
	ID:               "GDL006",
	Name:             "pattern-key-not-in-event",
	Short:            "EventBridge pattern key that no event carries (detailType for detail-type)",
	SecuritySeverity: "6.5",
	Precision:        "high",
	Tags:             []string{"security", "eventbridge", "dead-code", "detection-gap"},
	Run:              runPatternKey,
}

// detailTypeSpellings are the spellings of detail-type GDL006 recognises
// a pattern by: the pre-filter looks for them. A pattern written with
// none (only a misspelled Source, or DETAIL_TYPE) is not read: every
// spelling here holds a 'y', so the pre-filter finds them all in the one
// pass it makes for 'y' (an upper-case spelling made it a pass longer).
var detailTypeSpellings = []string{"detail-type", "detailType", "detail_type", "DetailType", "Detail-Type", "Detail_Type", "detailtype", "Detailtype"}

func runPatternKey(p *Pass) {
	outer := -1 // the end of the last outermost pattern: its $or branches are judged with it
	for _, n := range p.eventPatterns() {
		if n.Range.Start >= outer {
			outer = n.Range.End
			p.findingFields(n, nil, nil)
		}
		if !slices.ContainsFunc(n.Fields, func(f scanner.Field) bool { return slices.Contains(detailTypeSpellings, f.Key) }) {
			continue
		}
		for _, f := range n.Fields {
			want := envelopeField(f.Key)
			if want == "" || want == f.Key {
				continue
			}
			cat := p.patternCategory(f.KeyRange)
			d := Diagnostic{
				Category: cat,
				Range:    f.KeyRange,
				Message:  fmt.Sprintf("no event has a field %q (EventBridge matches keys exactly), so this pattern never fires; write %q", f.Key, want),
			}
			if n.Get(want) == nil && cat == CategoryValue && string(p.File.Src[f.KeyRange.Start:f.KeyRange.End]) == f.Key {
				d.Fixes = []SuggestedFix{{
					Message: fmt.Sprintf("rename %s to %s", f.Key, want),
					Edits:   []TextEdit{{Range: f.KeyRange, NewText: want}},
				}}
			}
			p.Report(d)
		}
	}
}
