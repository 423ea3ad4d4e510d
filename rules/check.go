package rules

import "github.com/gdlint/gdlint/scanner"

// Linter runs a set of rules against files, using one catalog.
type Linter struct {
	Catalog *Catalog
	Rules   []*Rule
}

// NewLinter returns a linter with every rule over the given catalog.
func NewLinter(c *Catalog) *Linter { return &Linter{Catalog: c, Rules: All()} }

// Result is what linting one file produced.
type Result struct {
	// File is nil when the file was rejected before parsing: it cannot
	// hold anything the rules look for.
	File        *scanner.File
	Diagnostics []Diagnostic
}

// Lint checks one file's source. A file with no reference to a retired type
// is rejected by one pass of the matcher and never parsed. The format
// decides how the file is read; Unknown reads it as text.
func (l *Linter) Lint(path string, src []byte, format scanner.Format) Result {
	matches := l.Catalog.Matcher().FindAll(nil, src)
	if len(matches) == 0 {
		return Result{}
	}
	f := scanner.ParseAs(path, src, format)
	var diags []Diagnostic
	for _, r := range l.Rules {
		r.Run(&Pass{File: f, Catalog: l.Catalog, Matches: matches, rule: r, diags: &diags})
	}
	SortDiagnostics(diags)
	return Result{File: f, Diagnostics: diags}
}

func rangeOf(m Match) scanner.Range { return scanner.Range{Start: m.Start, End: m.End} }
