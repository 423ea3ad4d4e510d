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
	ID:               "GDL000",
	Name:             "unused-ignore",
	Short:            "gdlint:ignore directive that suppresses nothing",
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
	jsonComments := jsonCommentRanges(f)
	for off := 0; ; {
		i := bytes.Index(f.Src[off:], []byte(directiveWord))
		if i < 0 {
			return dirs, malformed
		}
		at := off + i
		off = at + len(directiveWord)
		json := inRanges(jsonComments, at)
		if !(f.Prose || f.InComment(at) || json) {
			continue
		}
		// A directive is short; reading at most maxDirective bytes of its
		// line keeps a megabyte line of directives linear.
		text := f.Src[at:min(len(f.Src), at+maxDirective)]
		if end := bytes.IndexAny(text, "\n\r"); end >= 0 {
			text = text[:end]
		}
		if json {
			text = text[:bytes.IndexByte(append(text, '"'), '"')]
		}
		text = bytes.TrimRight(text, " \t")
		text = bytes.TrimRight(bytes.TrimSuffix(bytes.TrimSuffix(text, []byte("*/")), []byte("-->")), " \t")
		m := directiveRE.FindSubmatch(text)
		if m == nil {
			malformed = append(malformed, scanner.Range{Start: at, End: at + len(text)})
			continue
		}
		d := &directive{
			line: f.LineOf(at),
			file: len(m[1]) > 0,
			at:   scanner.Range{Start: at, End: at + len(text)},
			used: map[string]bool{},
		}
		d.rules = strings.FieldsFunc(string(m[2]), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		dirs = append(dirs, d)
	}
}

// maxDirective is the most of a line a directive is read from.
const maxDirective = 512

// jsonCommentRanges are the values of top-level "//" keys, JSON's stand-in
// for a comment, in a JSON file whose tree is known.
func jsonCommentRanges(f *scanner.File) []scanner.Range {
	if f.Format != scanner.JSON && f.Format != scanner.TerraformJSON || f.Root == nil {
		return nil
	}
	var out []scanner.Range
	for _, fl := range f.Root.Fields {
		if fl.Key == "//" && fl.Value.Kind == scanner.String {
			out = append(out, fl.Value.Range)
		}
	}
	return out
}

func inRanges(rs []scanner.Range, off int) bool {
	for _, r := range rs {
		if r.Contains(off) {
			return true
		}
	}
	return false
}

// unusedIgnores reports the malformed directives, and the directives (or
// rule IDs in them) that suppressed nothing. enabled tells whether a rule
// runs at all: an ignore for a rule turned off is not reported.
func unusedIgnores(dirs []*directive, malformed []scanner.Range, enabled func(string) bool) (unused []Diagnostic) {
	for _, r := range malformed {
		unused = append(unused, Diagnostic{
			Rule: UnusedIgnore, Category: CategoryComment, Range: r,
			Message: "this ignore names no rule, so it suppresses nothing; write gdlint:ignore GDL001 -- reason",
		})
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
			Rule:     UnusedIgnore,
			Category: CategoryComment,
			Range:    dir.at,
			Message:  fmt.Sprintf("this ignore suppresses nothing for %s %s; remove it", strings.Join(stale, ", "), where),
		})
	}
	return unused
}

// directiveIndex finds the directive covering a diagnostic in constant
// time, however many directives a file has: by line and rule, and the
// file-wide ones by rule. The first directive written wins.
type directiveIndex struct {
	byLine map[lineRule]*directive
	file   map[string]*directive
}

type lineRule struct {
	line int
	rule string
}

func indexDirectives(dirs []*directive) directiveIndex {
	ix := directiveIndex{byLine: map[lineRule]*directive{}, file: map[string]*directive{}}
	for _, d := range dirs {
		for _, id := range d.rules {
			if d.file {
				if ix.file[id] == nil {
					ix.file[id] = d
				}
			} else if k := (lineRule{d.line, id}); ix.byLine[k] == nil {
				ix.byLine[k] = d
			}
		}
	}
	return ix
}

// covering returns the directive that suppresses rule id on a line: one
// on the line itself or the line before, or a file-wide one.
func (ix directiveIndex) covering(id string, line int) *directive {
	if d := ix.byLine[lineRule{line, id}]; d != nil {
		return d
	}
	if d := ix.byLine[lineRule{line - 1, id}]; d != nil {
		return d
	}
	return ix.file[id]
}
