package rules

import "github.com/gdlint/gdlint/scanner"

// Linter runs a set of rules against files, using one catalog. Which
// rules run is the caller's policy (Policy.Rules); levels are not the
// linter's business at all.
type Linter struct {
	Catalog *Catalog
	// Rules are the rules to run; GDL000 reports unused ignores when it is
	// among them.
	Rules []*Rule
	// Replace maps retired types to the replacement a fix may write. No
	// entry, no replacement: gdlint never guesses one.
	Replace map[string]string
	// MaxPerRule is how many diagnostics one rule lists for one file
	// (0: DefaultMaxPerRule). The rest are counted, not kept, so that a
	// file full of references costs memory for the listed ones only.
	MaxPerRule int
	// Parse is how files are read: the zero value uses the fast readers
	// where they apply.
	Parse scanner.Options
	// Account is what is known of the account the files are deployed in:
	// nothing (the zero value) for files in a repository; gdlint aws sets
	// it for each account and region it read.
	Account Account
}

// Account is what gdlint knows of the AWS account (and region) a document
// is deployed in. Each field's zero value means "not known".
type Account struct {
	// ControlFindingGenerator is Security Hub's setting there, as
	// DescribeHub returns it: "SECURITY_CONTROL" (consolidated control
	// findings: GeneratorId security-control/<ID>) or "STANDARD_CONTROL"
	// (a finding per standard, with the standard-specific GeneratorIds),
	// or "" where it is not known (Security Hub not enabled, not read).
	ControlFindingGenerator string
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
	// Unlisted counts the diagnostics over a rule's MaxPerRule, by rule
	// and category: reported, but not in Diagnostics.
	Unlisted map[RuleCategory]int
}

// RuleCategory is a rule and a category, which a Policy makes a level.
type RuleCategory struct {
	Rule     *Rule
	Category Category
}

// Lint checks one file's source. A file that cannot produce a finding is
// rejected without being parsed (see mayProduce): one pass of the matcher
// and a few vectorised substring searches. The format decides how the
// file is read; Unknown reads it as text.
func (l *Linter) Lint(path string, src []byte, format scanner.Format) Result {
	return l.lint(path, src, format, true)
}

// lint is Lint; with reject false it parses every file, which the tests
// use to hold the rejection to what linting would have found.
func (l *Linter) lint(path string, src []byte, format scanner.Format, reject bool) Result {
	matches, namesActive := l.Catalog.Matcher().find(nil, src)
	if reject && len(matches) == 0 && !namesActive && !mayProduce(src, format) {
		return Result{}
	}
	f := scanner.ParseWith(path, src, format, l.Parse)
	if f.Only != nil {
		matches = within(matches, f.Only)
	}
	conds := FindConditions(f.Root, func(s string) bool { return l.Catalog.Known(s, false) })
	for i := range conds {
		for j := range conds[i].Operands {
			o := &conds[i].Operands[j]
			o.Retired, o.Active, o.Unknown = l.Catalog.Eval(*o)
		}
	}
	dirs, malformed := directives(f)
	res := Result{File: f}
	kept := &collector{dirs: indexDirectives(dirs), res: &res, max: l.MaxPerRule}
	if kept.max <= 0 {
		kept.max = DefaultMaxPerRule
	}
	runs := map[string]bool{}
	shared := &fileMemo{}
	for _, r := range l.Rules {
		runs[r.ID] = true
		if r.Run != nil {
			r.Run(&Pass{File: f, Catalog: l.Catalog, Matches: matches, Conditions: conds, Replace: l.Replace, Account: l.Account, rule: r, report: kept.add, file: shared})
		}
	}
	if runs[UnusedIgnore.ID] {
		for _, d := range unusedIgnores(dirs, malformed, func(id string) bool { return runs[id] }) {
			kept.add(d)
		}
	}
	SortDiagnostics(res.Diagnostics)
	return res
}

// collector takes the diagnostics of one file as rules report them: it
// applies the ignore directives at once, and keeps at most max per rule,
// counting the rest.
type collector struct {
	dirs directiveIndex
	res  *Result
	max  int
	n    map[*Rule]int
}

func (c *collector) add(d Diagnostic) {
	if d.Rule != UnusedIgnore {
		if dir := c.dirs.covering(d.Rule.ID, c.res.File.LineOf(d.Range.Start)); dir != nil {
			dir.used[d.Rule.ID] = true
			c.res.Suppressed++
			return
		}
	}
	if c.n == nil {
		c.n = map[*Rule]int{}
	}
	if c.n[d.Rule] >= c.max {
		if c.res.Unlisted == nil {
			c.res.Unlisted = map[RuleCategory]int{}
		}
		c.res.Unlisted[RuleCategory{d.Rule, d.Category}]++
		return
	}
	c.n[d.Rule]++
	c.res.Diagnostics = append(c.res.Diagnostics, d)
}

func rangeOf(m Match) scanner.Range { return scanner.Range{Start: m.Start, End: m.End} }
