package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// UnusedIgnore (GDL000) reports an ignore directive that suppresses
// nothing, so stale ignores do not pile up.
var UnusedIgnore = &Rule{
	ID:    "GDL000",
	Name:  "unused-ignore",
	Short: "gdlint:ignore directive that suppresses nothing",
	Full: "A gdlint:ignore or gdlint:ignore-file directive names a rule that reports nothing where the " +
		"directive applies: on its own line or the next, or anywhere in the file.",
	Why: "A stale ignore hides the next real finding at that place, and tells readers about a problem that " +
		"is gone.",
	HowToFix:         "Remove the directive, or the rule IDs in it that suppress nothing.",
	DefaultLevel:     LevelNote,
	SecuritySeverity: "1.0",
	Precision:        "very-high",
	Tags:             []string{"maintainability"},
}

// directive is one gdlint:ignore or gdlint:ignore-file comment.
type directive struct {
	line  int // 1-based line of the directive
	file  bool
	rules []string
	at    scanner.Range // the directive text, for reporting it unused
	used  map[string]bool
}

const directiveWord = "gdlint:ignore"

// directiveRE reads "gdlint:ignore[-file] GDL001[,GDL003]"; what follows
// ("-- reason") is for the humans.
var directiveRE = regexp.MustCompile(`^gdlint:ignore(-file)?[ \t]+(GDL\d{3}(?:[ \t]*[, \t][ \t]*GDL\d{3})*)\b`)

// directives finds the ignore directives of a file: in a comment in every
// format that has them, anywhere in prose, and for JSON (which has no
// comments) in the top-level "//" key's value. It returns the malformed
// ones apart, to be reported.
func directives(f *scanner.File) (dirs []*directive, malformed []scanner.Range) {
	for off := 0; ; {
		i := bytes.Index(f.Src[off:], []byte(directiveWord))
		if i < 0 {
			return dirs, malformed
		}
		at := off + i
		off = at + len(directiveWord)
		json := inJSONComment(f, at)
		if !(f.Prose || f.InComment(at) || json) {
			continue
		}
		text := f.Src[at:]
		if end := bytes.IndexByte(text, '\n'); end >= 0 {
			text = text[:end]
		}
		if json {
			text = text[:bytes.IndexByte(append(text, '"'), '"')]
		}
		text = bytes.TrimRight(text, " \t\r")
		text = bytes.TrimRight(bytes.TrimSuffix(bytes.TrimSuffix(text, []byte("*/")), []byte("-->")), " \t")
		m := directiveRE.FindSubmatch(text)
		if m == nil {
			malformed = append(malformed, scanner.Range{Start: at, End: at + len(text)})
			continue
		}
		d := &directive{
			line: f.Position(at).Line,
			file: len(m[1]) > 0,
			at:   scanner.Range{Start: at, End: at + len(bytes.TrimRight(text, "\r"))},
			used: map[string]bool{},
		}
		d.rules = strings.FieldsFunc(string(m[2]), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		dirs = append(dirs, d)
	}
}

// inJSONComment reports whether off is inside the value of a top-level "//"
// key, JSON's stand-in for a comment.
func inJSONComment(f *scanner.File, off int) bool {
	if f.Format != scanner.JSON && f.Format != scanner.TerraformJSON {
		return false
	}
	for _, fl := range f.Root.Fields {
		if fl.Key == "//" && fl.Value.Kind == scanner.String && fl.Value.Range.Contains(off) {
			return true
		}
	}
	return false
}

// applyIgnores splits diagnostics into those kept and those an ignore
// directive suppresses, and reports the directives (or rule IDs in them)
// that suppress nothing. enabled tells whether a rule runs at all: an
// ignore for a rule turned off is not reported.
func applyIgnores(f *scanner.File, diags []Diagnostic, enabled func(string) bool) (kept, suppressed, unused []Diagnostic) {
	dirs, malformed := directives(f)
	for _, r := range malformed {
		unused = append(unused, Diagnostic{
			Rule: UnusedIgnore, Level: UnusedIgnore.DefaultLevel, Range: r,
			Message: "this ignore names no rule, so it suppresses nothing; write gdlint:ignore GDL001 -- reason",
		})
	}
	if len(dirs) == 0 {
		return diags, nil, unused
	}
	for _, d := range diags {
		line := f.Position(d.Range.Start).Line
		if dir := covering(dirs, d.Rule.ID, line); dir != nil {
			dir.used[d.Rule.ID] = true
			suppressed = append(suppressed, d)
			continue
		}
		kept = append(kept, d)
	}
	for _, dir := range dirs {
		var stale []string
		for _, id := range dir.rules {
			if !dir.used[id] && (ByID(id) == nil || enabled(id)) {
				stale = append(stale, id)
			}
		}
		if len(stale) == 0 {
			continue
		}
		where := "on this line or the next"
		if dir.file {
			where = "in this file"
		}
		unused = append(unused, Diagnostic{
			Rule:    UnusedIgnore,
			Level:   UnusedIgnore.DefaultLevel,
			Range:   dir.at,
			Message: fmt.Sprintf("this ignore suppresses nothing for %s %s; remove it", strings.Join(stale, ", "), where),
		})
	}
	return kept, suppressed, unused
}

func covering(dirs []*directive, id string, line int) *directive {
	for _, dir := range dirs {
		if (dir.file || dir.line == line || dir.line == line-1) && contains(dir.rules, id) {
			return dir
		}
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
