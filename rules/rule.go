// Package rules knows GuardDuty: the catalog of finding types, the matcher
// that finds references to them, and the checks that turn references into
// diagnostics. It knows nothing about disks or output formats.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// Level is how serious a diagnostic is. The zero value is LevelOff.
type Level uint8

const (
	LevelOff Level = iota
	LevelNote
	LevelWarning
	LevelError
)

var levelNames = [...]string{LevelOff: "off", LevelNote: "note", LevelWarning: "warning", LevelError: "error"}

func (l Level) String() string { return levelNames[l] }

// ParseLevel reads "off", "note", "warning" or "error".
func ParseLevel(s string) (Level, error) {
	for l, n := range levelNames {
		if n == s {
			return Level(l), nil
		}
	}
	return LevelOff, fmt.Errorf("unknown level %q (want off, note, warning or error)", s)
}

// Rule is one check: a plain value with its documentation and a Run
// function. Rules never print; they report diagnostics to their Pass.
type Rule struct {
	ID       string // GDL001; fixed forever, users write it in configs
	Name     string // retired-finding-type
	Short    string // one sentence
	Full     string // a paragraph
	Why      string
	HowToFix string
	// DefaultLevel is the level of the rule's main finding; some findings
	// (a mention in a comment) are reported lower.
	DefaultLevel Level
	// SecuritySeverity is GitHub code scanning's 0.0–10.0 score, as text.
	SecuritySeverity string
	Precision        string // SARIF precision: very-high, high, medium, low
	Tags             []string

	Run func(*Pass)
}

// HelpURI is where the rule's documentation lives.
func (r *Rule) HelpURI() string {
	return "https://github.com/gdlint/gdlint/blob/main/README.md#" + strings.ToLower(r.ID) + "-" + r.Name
}

// Diagnostic is one finding. Range indexes into the file's source and
// covers exactly the offending text.
type Diagnostic struct {
	Rule        *Rule
	Level       Level
	Range       scanner.Range
	Message     string
	FindingType string   // the canonical finding type the finding is about
	Suggested   []string // suggested replacement types (never an AWS mapping)
	Fixes       []SuggestedFix
}

// SuggestedFix is an edit that resolves a diagnostic.
type SuggestedFix struct {
	Message string // a verb phrase: "remove UnauthorizedAccess:EC2/TorIPCaller"
	Edits   []TextEdit
}

// TextEdit replaces Range with NewText. Edits of one fix never overlap.
type TextEdit struct {
	Range   scanner.Range
	NewText string
}

// Pass is one file handed to one rule.
type Pass struct {
	File    *scanner.File
	Catalog *Catalog
	// Matches are the file's references to retired types, in order.
	Matches []Match
	// Conditions are the file's finding-type conditions.
	Conditions []Condition

	rule   *Rule
	report func(Diagnostic)

	exclusions []scanner.Range // excluding operands' ranges, sorted; built on first use
}

// Report records a diagnostic. A zero Level means the rule's default.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.rule
	if d.Level == LevelOff {
		d.Level = p.rule.DefaultLevel
	}
	p.report(d)
}

// All is every rule gdlint has, in ID order. GDL000 has no Run: the
// linter reports it while applying ignore directives. The slice is shared:
// do not change it.
func All() []*Rule { return allRules }

var allRules = []*Rule{UnusedIgnore, RetiredFindingType, UnknownFindingType, OperatorMatchesRetired, RuleNeverMatches}

// ByID returns the rule with the given ID, or nil.
func ByID(id string) *Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// SortDiagnostics orders diagnostics by position, then rule, then message,
// so output is the same on every run.
func SortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Range.Start != b.Range.Start {
			return a.Range.Start < b.Range.Start
		}
		if a.Range.End != b.Range.End {
			return a.Range.End < b.Range.End
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
}
