package rules

import (
	"fmt"
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
		var stale, unknown []string
		for _, r := range dir.rules {
			switch {
			case r.id == "":
				unknown = append(unknown, r.written)
			case r.id == allRulesID:
				if len(dir.used) == 0 {
					stale = append(stale, r.written)
				}
			case !dir.used[r.id] && enabled(r.id):
				stale = append(stale, r.written)
			}
		}
		where := "on this line or the next"
		if dir.file {
			where = "in this file"
		}
		if len(unknown) > 0 {
			unused = append(unused, Diagnostic{
				Rule: UnusedIgnore, Category: CategoryComment, Range: dir.at,
				Message: fmt.Sprintf("this ignore names %s, which gdlint has no rule of, so it suppresses nothing for it; "+
					"name a rule by ID (GDL001) or name (retired-finding-type), or write all", quoteList(unknown)),
			})
		}
		if len(stale) > 0 {
			unused = append(unused, Diagnostic{
				Rule: UnusedIgnore, Category: CategoryComment, Range: dir.at,
				Message: fmt.Sprintf("this ignore suppresses nothing for %s %s; remove it", strings.Join(stale, ", "), where),
			})
		}
	}
	return unused
}

// quoteList is "a", "b" and "c", each quoted.
func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
