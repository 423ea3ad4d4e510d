package report

import (
	"regexp"
	"sync"
)

// A report gdlint wrote names every retired type it found, so linting it
// would report each finding again, and a run would fail on its own
// output. IsOwnReport recognises one by its whole text, strictly: the file
// must be, byte for byte, what this version's writer of that format
// writes, with gdlint's markers (tool name, schema, rule IDs). A file
// that only looks like a report, or holds one more key, one more element
// or one more line, is not one, and is linted as usual. The text report is
// not recognised: its source lines are strangers' text.

// IsOwnReport reports whether src is a report gdlint writes in format
// (as scanner.SniffReport names it).
func IsOwnReport(format string, src []byte) bool {
	switch format {
	case "sarif":
		return ownSARIF(src)
	case "json":
		return ownJSON(src)
	case "rdjson":
		return ownRDJSON(src)
	case "gitlab":
		return ownGitLab(src)
	case "checkstyle":
		return ownCheckstyle(src)
	case "junit":
		return ownJUnit(src)
	case "markdown":
		return ownMarkdown(src)
	}
	return false
}

// maxMarkdown is the most the Markdown writer writes (a GitHub step
// summary's limit): a larger file is not its report, and the grammar is
// never run on more.
const maxMarkdown = summaryLimit

// markdownGrammar is the Markdown report as a regular expression of its
// whole text, as its writer writes it. Go's regexps run in linear time,
// and the text is at most maxMarkdown bytes.
var markdownGrammar = sync.OnceValue(func() *regexp.Regexp {
	const id = `GDL[0-9]{3}`
	const level = `(?:error|warning|note)`
	// cell is text as cell() writes it: no line break, no backtick, every
	// pipe escaped.
	const cell = `(?:[^|\n\r` + "`" + `\\]|\\\||\\)*`
	files := `(?:[0-9]+ (?:file|resource)s?(?: \([0-9]+ skipped: unreadable, too large or binary\))?|0 files \(none read: nothing was checked\))`
	row := `\| ` + level + ` \| ` + id + " \\| `" + cell + ":[0-9]+:[0-9]+` \\| (?:`" + cell + "`)? \\| " + cell + ` \|\n`
	return regexp.MustCompile(`\A## gdlint: retired GuardDuty finding types\n\n` +
		`(?:No problems found in ` + files + `\.\n` +
		`|[0-9]+ problems? \([0-9]+ errors?, [0-9]+ warnings?, [0-9]+ notes?\) in ` + files + `\.\n\n` +
		`\| level \| rule \| location \| finding type \| message \|\n\| --- \| --- \| --- \| --- \| --- \|\n` +
		`(?:` + row + `)*` +
		`(?:\n[0-9]+ more findings? not shown: the summary is kept under GitHub's 1 MiB limit; the SARIF report has them all\.\n)?)\z`)
})

func ownMarkdown(src []byte) bool {
	return len(src) <= maxMarkdown && markdownGrammar().Match(src)
}
