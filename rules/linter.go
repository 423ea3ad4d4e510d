package rules

import (
	"bytes"
	"slices"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

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
	if reject && len(matches) == 0 && !namesActive && !mayProduce(src) {
		return Result{}
	}
	f := scanner.ParseWith(path, src, format, l.Parse)
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
	for _, r := range l.Rules {
		runs[r.ID] = true
		if r.Run != nil {
			r.Run(&Pass{File: f, Catalog: l.Catalog, Matches: matches, Conditions: conds, Replace: l.Replace, rule: r, report: kept.add})
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

// conditionWords are what every GuardDuty condition gdlint reads is written
// with, unless its pattern names a known type (which the matcher sees): an
// EventBridge pattern's aws.guardduty or "GuardDuty Finding", a GuardDuty
// filter's Criterion or criterion, a Security Hub rule's or insight's
// Comparison or comparison ("omparison"). Each is what its reader in
// conditions.go requires.
var (
	conditionWords = []string{"guardduty", "GuardDuty", "Criterion", "criterion", "omparison"}
	directiveWords = newWordSet(directiveWord)
	// signals finds either in one pass: most files hold neither.
	signals = newWordSet(append(conditionWords, directiveWord)...)
)

// mayProduce reports whether a file that names no known type may still
// produce a finding: an ignore directive (GDL000), or a GuardDuty
// condition (one of conditionWords) with a value that has a finding
// type's shape (GDL002) or an operator that matches by pattern (GDL003 and
// GDL004). A file that mentions GuardDuty in prose or in a logsource, with
// no type and no operator, is not parsed. An escape that may stand for a
// letter can hide a condition word ("aws.gu\u0061rdduty"): such a file is
// looked at as if it held one.
func mayProduce(src []byte) bool {
	if !signals.in(src) && !mayHideWord(src) {
		return false
	}
	return directiveWords.in(src) || hasTypeShape(src) || patternOperators.in(src)
}

// mayHideWord reports whether src holds an escape that JSON, HCL or YAML
// decodes to a printable ASCII character (\u0061, \x61, \U00000061), or a
// backslash that ends a line (YAML's escaped line break, which joins
// "aws.gu\" and "ardduty").
func mayHideWord(src []byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\\')
		if i < 0 {
			return false
		}
		at := off + i
		rest := src[at+1:]
		switch {
		case len(rest) > 0 && (rest[0] == '\n' || rest[0] == '\r'):
			return true
		case hexPrintable(rest, 'u', 2), hexPrintable(rest, 'x', 0), hexPrintable(rest, 'U', 6):
			return true
		}
		off = at + 1
		if len(rest) > 0 && rest[0] == '\\' {
			off++ // an escaped backslash escapes nothing after it
		}
	}
}

// hexPrintable reports whether b is letter, then zeros zeros, then two hex
// digits of a printable ASCII character (0x20 to 0x7e).
func hexPrintable(b []byte, letter byte, zeros int) bool {
	if len(b) < 1+zeros+2 || b[0] != letter {
		return false
	}
	for _, c := range b[1 : 1+zeros] {
		if c != '0' {
			return false
		}
	}
	hi, lo := b[1+zeros], b[2+zeros]
	return '2' <= hi && hi <= '7' && isHex(lo) && !(hi == '7' && (lo == 'f' || lo == 'F'))
}

// patternOperators are the spellings of every operator that matches types
// by pattern, as whole tokens: EventBridge's, GuardDuty's Matches and
// NotMatches, and Security Hub's comparisons other than equality. They
// come from the tables the conditions are read with.
var patternOperators = newTokenSet(patternOperatorSpellings()...)

func patternOperatorSpellings() []string {
	words := append([]string(nil), eventBridgeOperators...)
	for k, spec := range filterOps {
		if spec.op != OpEquals {
			words = append(words, k)
		}
	}
	for k, spec := range securityHubOps {
		if spec.op != OpEquals {
			words = append(words, k)
		}
	}
	slices.Sort(words)
	return words
}

// hasTypeShape reports whether src holds a token with a finding type's
// shape (ValidTypeName), or a part of one after '/' or ':', or a
// backslash, which may stand for a '/' in an escaped string.
func hasTypeShape(src []byte) bool {
	if bytes.IndexByte(src, '\\') >= 0 {
		return true // "Recon:IAMUser\/X" decodes to a type: parse to be exact
	}
	for pos := 0; pos < len(src); {
		i := bytes.IndexByte(src[pos:], ':')
		if i < 0 {
			return false
		}
		colon := pos + i
		start, end := colon, colon+1
		for start > 0 && typeChar[src[start-1]] {
			start--
		}
		for end < len(src) && typeChar[src[end]] {
			end++
		}
		pos = end
		for s := start; s < colon; s++ {
			if s > start && src[s-1] != '/' && src[s-1] != ':' {
				continue
			}
			tok := strings.TrimRight(string(src[s:end]), ".:!")
			if ValidTypeName(tok) {
				return true
			}
			if t, ok := asffToType(tok, true); ok && ValidTypeName(t) { // Security Hub's spelling
				return true
			}
		}
	}
	return false
}

func rangeOf(m Match) scanner.Range { return scanner.Range{Start: m.Start, End: m.End} }
