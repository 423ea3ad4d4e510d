package rules

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/gdlint/gdlint/scanner"
)

// directive is one gdlint:ignore or gdlint:ignore-file comment.
type directive struct {
	line  int // 1-based line of the directive
	file  bool
	rules []ruleRef
	at    scanner.Range // the directive text, for reporting it unused
	used  map[string]bool
}

// ruleRef is a rule as a directive names it: its ID (GDL001), in any case,
// its name (retired-finding-type), or all (ID allRules).
type ruleRef struct {
	written string // as written, for the messages
	id      string // the rule's ID, allRulesID, or "" for no rule of gdlint's
}

// allRulesID is the ID a directive's "all" stands for.
const allRulesID = "*"

const directiveWord = "gdlint:ignore"

// directiveRE reads "gdlint:ignore[-file] RULE": the rules and what
// follows them ("-- reason", for the humans).
var directiveRE = lazyRegexp(`^gdlint:ignore(-file)?[ \t]+(` + ruleWord + `)(.*)$`)

// listRE reads one more rule of a directive's list, after a comma or
// white space.
var listRE = lazyRegexp(`^([ \t]*,[ \t]*|[ \t]+)(` + ruleWord + `)`)

// ruleWord is a word that may name a rule: letters and digits, with
// single hyphens or underscores inside ("GDL001:" names GDL001).
const ruleWord = `[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*`

// lazyRegexp is expr compiled on its first use: the package's regular
// expressions serve only files that hold a directive or a ProductFields,
// and compiling them at init cost every start.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

var ruleIDRE = lazyRegexp(`^(?i:gdl)[0-9]{3}$`)

// resolveRule is the rule a directive's word names: an ID in any case, a
// rule's name, or all; id is "" when it names none of gdlint's.
func resolveRule(word string) (r ruleRef, looksLikeRule bool) {
	r.written = word
	switch {
	case strings.EqualFold(word, "all"):
		r.id = allRulesID
	case ruleIDRE().MatchString(word):
		if rule := ByID(strings.ToUpper(word)); rule != nil {
			r.id = rule.ID
		}
		return r, true
	default:
		for _, rule := range All() {
			if strings.EqualFold(word, rule.Name) {
				r.id = rule.ID
			}
		}
	}
	return r, r.id != ""
}

// parseRules reads a directive's rules: the first word is always one,
// as is any word after a comma; a word after white space only when it
// reads as a rule (GDL001 GDL003), so "GDL001 because ..." names GDL001.
func parseRules(first, rest string) []ruleRef {
	r, _ := resolveRule(first)
	out := []ruleRef{r}
	for {
		m := listRE().FindStringSubmatch(rest)
		if m == nil {
			return out
		}
		r, ok := resolveRule(m[2])
		if !ok && !strings.Contains(m[1], ",") {
			return out
		}
		out = append(out, r)
		rest = rest[len(m[0]):]
	}
}

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
		m := directiveRE().FindSubmatch(text)
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
		d.rules = parseRules(string(m[2]), string(m[3]))
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
		for _, r := range d.rules {
			id := r.id
			if id == "" {
				continue
			}
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
// on the line itself or the line before, or a file-wide one; one that
// names the rule wins over one that says all.
func (ix directiveIndex) covering(id string, line int) *directive {
	for _, k := range []string{id, allRulesID} {
		if d := ix.byLine[lineRule{line, k}]; d != nil {
			return d
		}
		if d := ix.byLine[lineRule{line - 1, k}]; d != nil {
			return d
		}
		if d := ix.file[k]; d != nil {
			return d
		}
	}
	return nil
}
