package rules

import "fmt"

// Category says what the text a diagnostic points at is: rules know that,
// and report it. How serious that is, the Level, is policy: DefaultLevel
// maps each rule and category to a level (DefaultLevelFor), and a Policy applies the user's
// configuration on top. (go/analysis keeps severity out of its diagnostics
// for the same reason.)
type Category uint8

const (
	// CategoryValue is a value in live configuration: an EventBridge
	// pattern, a filter criterion, a Terraform or CloudFormation value.
	// It is the zero value: a rule that says nothing reports this.
	CategoryValue Category = iota
	// CategoryCode is a string literal in code (a Lambda's routing table).
	CategoryCode
	// CategoryExclusion is an operand that excludes (anything-but,
	// not_equals): excluding a type that never occurs does nothing.
	CategoryExclusion
	// CategoryComment is a comment, or an ignore directive in one.
	CategoryComment
	// CategoryProse is a document written for people (Markdown, text).
	CategoryProse
	// CategoryUpcoming is a live value naming a type whose retirement
	// date is still ahead (a config entry, or --as-of in the past):
	// GuardDuty generates it today, so it is worth planning for, not yet
	// dead.
	CategoryUpcoming
	// CategorySample is a sample event or finding kept as data (a
	// detection rule's test input, an example log, a saved GuardDuty
	// event): not a rule, so nothing stops working, but the sample no
	// longer looks like what GuardDuty sends.
	CategorySample
	// CategorySetting is a live value whose effect an account setting
	// decides, and the setting is not known where the value was read (a
	// file in a repository: Security Hub's ControlFindingGenerator decides
	// whether a pre-consolidation control identifier still matches). Read
	// from the account (gdlint aws, Linter.Account), the same value is
	// CategoryValue where the setting makes it dead, and no finding where
	// the setting keeps it alive.
	CategorySetting
	numCategories
)

var categoryNames = [...]string{
	CategoryValue: "value", CategoryCode: "code", CategoryExclusion: "exclusion",
	CategoryComment: "comment", CategoryProse: "prose", CategoryUpcoming: "upcoming",
	CategorySample: "sample", CategorySetting: "setting",
}

func (c Category) String() string {
	if c < numCategories {
		return categoryNames[c]
	}
	return fmt.Sprintf("Category(%d)", c)
}

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

// defaultLevels is the one table of default levels: by rule, the level of
// each category. A category a rule does not list gets the rule's level for
// CategoryValue, its main level.
var defaultLevels = map[*Rule][numCategories]Level{
	UnusedIgnore: {LevelNote, LevelNote, LevelNote, LevelNote, LevelNote, LevelNote, LevelNote, LevelNote},
	RetiredFindingType: {
		CategoryValue: LevelError, CategoryCode: LevelError, CategoryExclusion: LevelWarning,
		CategoryComment: LevelNote, CategoryProse: LevelNote, CategoryUpcoming: LevelWarning,
		CategorySample: LevelNote, CategorySetting: LevelWarning,
	},
	UnknownFindingType:     {LevelWarning, LevelWarning, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	OperatorMatchesRetired: {LevelWarning, LevelWarning, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	RuleNeverMatches:       {LevelError, LevelError, LevelError, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	DeadEventSource:        {LevelError, LevelError, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	PatternKeyNotInEvent:   {LevelError, LevelError, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	// A pre-consolidation identifier in a file is a setting (the account's
	// ControlFindingGenerator decides); read from an account that emits
	// consolidated findings it is a value or code: an error.
	PreConsolidationControlID: {LevelError, LevelError, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	RemovedProductField:       {LevelError, LevelError, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
	// GDL009: enabling or matching a retired control is an error, disabling
	// it (an exclusion) a warning: dead, harmless configuration.
	RetiredControl: {LevelError, LevelError, LevelWarning, LevelNote, LevelNote, LevelWarning, LevelNote, LevelWarning},
}

// DefaultLevelFor is the level of a rule's diagnostic in category c when
// no configuration says otherwise.
func DefaultLevelFor(r *Rule, c Category) Level {
	row, ok := defaultLevels[r]
	if !ok {
		return LevelWarning // a rule outside the table (a test's): a warning
	}
	if c >= numCategories {
		c = CategoryValue
	}
	return row[c]
}

// Policy is the levels a run reports at: the defaults, with the
// configured level of a rule (by ID) on top. The zero Policy is the
// defaults.
type Policy struct {
	Levels map[string]Level // rule ID to level; LevelOff turns the rule off
}

// Enabled reports whether rule id runs at all.
func (p Policy) Enabled(id string) bool {
	lv, ok := p.Levels[id]
	return !ok || lv != LevelOff
}

// Level is the level of a diagnostic of rule r in category c. A configured
// level replaces the rule's main level; a category the defaults put lower
// (a comment, an exclusion) never rises above the configured level, nor
// above its own default.
func (p Policy) Level(r *Rule, c Category) Level {
	def := DefaultLevelFor(r, c)
	lv, ok := p.Levels[r.ID]
	if !ok {
		return def
	}
	if def >= r.DefaultLevel() {
		return lv
	}
	return min(def, lv)
}

// Rules is every rule the policy leaves on, in ID order.
func (p Policy) Rules() []*Rule {
	var out []*Rule
	for _, r := range All() {
		if p.Enabled(r.ID) {
			out = append(out, r)
		}
	}
	return out
}
