package rules

import (
	"bytes"

	"github.com/gdlint/gdlint/scanner"
)

// Linter runs a set of rules against files, using one catalog.
type Linter struct {
	Catalog *Catalog
	Rules   []*Rule
	// Levels is the policy: a rule ID's configured level. LevelOff turns
	// the rule off. A rule not listed keeps its levels.
	Levels map[string]Level
	// Replace maps retired types to the replacement a fix may write. No
	// entry, no replacement: gdlint never guesses one.
	Replace map[string]string
	// MaxPerRule is how many diagnostics one rule lists for one file
	// (0: DefaultMaxPerRule). The rest are counted, not kept, so that a
	// file full of references costs memory for the listed ones only.
	MaxPerRule int
}

// DefaultMaxPerRule is how many diagnostics a rule lists for one file.
const DefaultMaxPerRule = 10000

// NewLinter returns a linter with every rule over the given catalog.
func NewLinter(c *Catalog) *Linter { return &Linter{Catalog: c, Rules: All()} }

// Result is what linting one file produced.
type Result struct {
	// File is nil when the file was rejected before parsing: it cannot
	// hold anything the rules look for.
	File        *scanner.File
	Diagnostics []Diagnostic
	// Suppressed counts the diagnostics an ignore directive suppressed.
	Suppressed int
	// Unlisted counts, by level, the diagnostics over a rule's MaxPerRule:
	// reported, but not in Diagnostics.
	Unlisted [LevelError + 1]int
}

// Lint checks one file's source. A file that names no retired type and
// none of the words a GuardDuty condition is written with is rejected
// without being parsed: one pass of the matcher and a few vectorised
// substring searches. The format decides how the file is read; Unknown
// reads it as text.
func (l *Linter) Lint(path string, src []byte, format scanner.Format) Result {
	matches := l.Catalog.Matcher().FindAll(nil, src)
	if len(matches) == 0 && !mayHoldCondition(src) {
		return Result{}
	}
	f := scanner.ParseAs(path, src, format)
	conds := FindConditions(f.Root, func(s string) bool { return l.Catalog.Known(s, false) })
	for i := range conds {
		for j := range conds[i].Operands {
			o := &conds[i].Operands[j]
			o.Retired, o.Active, o.Unknown = l.Catalog.Eval(*o)
		}
	}
	dirs, malformed := directives(f)
	res := Result{File: f}
	kept := &collector{linter: l, dirs: indexDirectives(dirs), res: &res, max: l.MaxPerRule}
	if kept.max <= 0 {
		kept.max = DefaultMaxPerRule
	}
	for _, r := range l.Rules {
		if r.Run != nil && l.enabled(r.ID) {
			r.Run(&Pass{File: f, Catalog: l.Catalog, Matches: matches, Conditions: conds, rule: r, report: kept.add})
		}
	}
	if l.enabled(UnusedIgnore.ID) {
		for _, d := range unusedIgnores(dirs, malformed, l.enabled) {
			kept.add(d)
		}
	}
	addFixes(f, conds, res.Diagnostics, l.Replace)
	SortDiagnostics(res.Diagnostics)
	return res
}

// collector takes the diagnostics of one file as rules report them: it
// applies the level policy and the ignore directives at once, and keeps at
// most max per rule, counting the rest.
type collector struct {
	linter *Linter
	dirs   directiveIndex
	res    *Result
	max    int
	n      map[*Rule]int
}

func (c *collector) add(d Diagnostic) {
	if d.Rule != UnusedIgnore {
		if dir := c.dirs.covering(d.Rule.ID, c.res.File.LineOf(d.Range.Start)); dir != nil {
			dir.used[d.Rule.ID] = true
			c.res.Suppressed++
			return
		}
	}
	d.Level = c.linter.level(d)
	if c.n == nil {
		c.n = map[*Rule]int{}
	}
	if c.n[d.Rule] >= c.max {
		c.res.Unlisted[d.Level]++
		return
	}
	c.n[d.Rule]++
	c.res.Diagnostics = append(c.res.Diagnostics, d)
}

func (l *Linter) enabled(id string) bool {
	lv, ok := l.Levels[id]
	return !ok || lv != LevelOff
}

// level applies the policy: a configured level replaces the rule's main
// level, and a finding the rule reported lower (a mention in a comment, a
// no-op exclusion) never rises above it.
func (l *Linter) level(d Diagnostic) Level {
	lv, ok := l.Levels[d.Rule.ID]
	if !ok {
		return d.Level
	}
	if d.Level >= d.Rule.DefaultLevel {
		return lv
	}
	return min(d.Level, lv)
}

// conditionWords are what every GuardDuty condition gdlint reads is written
// with: an EventBridge pattern names aws.guardduty or "GuardDuty Finding", a
// Terraform or CloudFormation filter its resource type, an API filter
// "Criterion", a Security Hub rule its resource type; and an ignore
// directive starts with gdlint:ignore. Each is found by an anchor that
// leaves out the first letter, whose case varies, so four vectorised
// searches cover seven words; a hit is then checked whole.
var conditionWords = []struct {
	anchor string
	words  []string // the anchor with what comes before it
}{
	{"uardduty", []string{"guardduty"}},
	{"uardDuty", []string{"GuardDuty"}},
	{"riterion", []string{"Criterion", "criterion"}},
	{"ecurity", []string{"securityhub", "SecurityHub"}},
	{"dlint:ignore", []string{directiveWord}},
}

func mayHoldCondition(src []byte) bool {
	for _, cw := range conditionWords {
		anchor := []byte(cw.anchor)
		for off := 0; ; {
			i := bytes.Index(src[off:], anchor)
			if i < 0 {
				break
			}
			at := off + i - 1 // where the whole word would start
			for _, w := range cw.words {
				if at >= 0 && bytes.HasPrefix(src[at:], []byte(w)) {
					return true
				}
			}
			off += i + 1
		}
	}
	return false
}

func rangeOf(m Match) scanner.Range { return scanner.Range{Start: m.Start, End: m.End} }
