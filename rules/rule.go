// Package rules knows GuardDuty: the catalog of finding types, the matcher
// that finds references to them, the conditions a file holds (EventBridge
// patterns, filter criteria, Security Hub filters), the EventBridge
// sources, detail-types and keys no event carries, and the rules, which
// turn references and conditions into diagnostics with exact byte ranges,
// a Category and the fixes that resolve them. Levels are policy: one table
// of defaults (DefaultLevelFor) and a Policy on top, applied by whoever
// reports. It knows nothing about disks, configuration files or output
// formats.
package rules

import (
	"sort"

	"github.com/gdlint/gdlint/scanner"
)

// Rule is one check: a plain value with its metadata and a Run function.
// Rules never print; they report diagnostics to their Pass, each with the
// fixes that resolve it.
type Rule struct {
	ID    string // GDL001; fixed forever, users write it in configs
	Name  string // retired-finding-type
	Short string // one sentence; the rest of its documentation is docs/rules/ID.md
	// SecuritySeverity is GitHub code scanning's 0.0–10.0 score of the
	// rule's errors, as text, below 7.0 (High): a report scores warnings
	// and notes lower (see internal/report's securitySeverity).
	SecuritySeverity string
	Precision        string // SARIF precision: very-high, high, medium, low
	Tags             []string

	Run func(*Pass)
}

// DefaultLevel is the level of the rule's main finding, a value in live
// configuration; some findings (a mention in a comment) are reported lower.
func (r *Rule) DefaultLevel() Level { return DefaultLevelFor(r, CategoryValue) }

// Diagnostic is one finding. Range indexes into the file's source and
// covers exactly the offending text.
type Diagnostic struct {
	Rule        *Rule
	Category    Category // what the text is; the Policy makes it a level
	Range       scanner.Range
	Message     string
	FindingType string   // the canonical finding type the finding is about
	Suggested   []string // suggested replacement types (never an AWS mapping)
	// Fixes are alternatives: each resolves the diagnostic on its own, and
	// --fix applies the first. A rule offers only fixes that cannot change
	// which live findings its condition matches.
	Fixes []SuggestedFix
}

// SuggestedFix is a set of edits that resolves a diagnostic. Its edits are
// applied together or not at all.
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
	// Replace maps retired types to the replacement a fix may write (the
	// config's replace:). No entry, no replacement: gdlint never guesses.
	Replace map[string]string
	// Account is what is known of the account the file is deployed in
	// (Linter.Account): the zero value for a file in a repository.
	Account Account

	rule   *Rule
	report func(Diagnostic)
	file   *fileMemo // what the file's passes share, worked out once

	exclusions []scanner.Range // excluding operands' ranges, sorted; built on first use
	prose      []scanner.Range // prose keys' values, sorted; built on first use
	samples    []scanner.Range // samples (events, findings kept as data), sorted; built on first use
	// otherDocs says, by other service, whether the file names it as a
	// document does (macie2, aws.macie); filled on first use.
	otherDocs map[*OtherService]bool
	operands  []scanner.Range // every condition operand's range, sorted; built on first use
	sentence  *sentenceMemo   // the last sentence otherServiceContext read
	leadIn    *leadInMemo     // the last list lead-in it read
	longLine  scanner.Range   // a stretch of a line too long to be a list item
	// otherItems are, by other service, the string items of lists that
	// hold a type only it generates, sorted; built on first use.
	otherItems map[*OtherService][]scanner.Range
}

// Report records a diagnostic of the pass's rule.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.rule
	p.report(d)
}

// All is every rule gdlint has, in ID order. GDL000 has no Run: the
// linter reports it while applying ignore directives. The slice is shared:
// do not change it.
func All() []*Rule { return allRules }

var allRules = []*Rule{UnusedIgnore, RetiredFindingType, UnknownFindingType, OperatorMatchesRetired, RuleNeverMatches, DeadEventSource, PatternKeyNotInEvent, PreConsolidationControlID, RemovedProductField, RetiredControl}

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
