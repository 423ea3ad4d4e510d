package report

import (
	"bytes"
	"regexp"
	"strings"
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
// summary's limit): a larger file is not its report.
const maxMarkdown = summaryLimit

// The Markdown report's lines other than its rows, each short: a
// regular expression of one line costs nothing. They are compiled on
// first use (a file that sniffs as a Markdown report), not at every start.
const mdFiles = `(?:[0-9]+ (?:file|resource)s?(?: \([0-9]+ skipped: unreadable, too large or binary\))?|0 files \(none read: nothing was checked\))`

var (
	mdClean   = lazyRegexp(`\ANo problems found in ` + mdFiles + `\.\z`)
	mdCounts  = lazyRegexp(`\A[0-9]+ problems? \([0-9]+ errors?, [0-9]+ warnings?, [0-9]+ notes?\) in ` + mdFiles + `\.\z`)
	mdLeft    = lazyRegexp(`\A[0-9]+ more findings? not shown: the summary is kept under GitHub's 1 MiB limit; the SARIF report has them all\.\z`)
	mdRowCell = lazyRegexp("\\A`[^`]*:[0-9]+:[0-9]+`\\z")
)

// lazyRegexp is expr compiled on its first use.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// ownMarkdown checks the Markdown report line by line: its title, its
// counts, the table's head, each row, and the line that counts the rows
// left out.
func ownMarkdown(src []byte) bool {
	if len(src) > maxMarkdown || !bytes.HasSuffix(src, []byte("\n")) {
		return false
	}
	lines := strings.Split(string(src[:len(src)-1]), "\n")
	if len(lines) < 3 || lines[0] != "## gdlint: retired GuardDuty finding types" || lines[1] != "" || len(lines[2]) > 256 {
		return false
	}
	if mdClean().MatchString(lines[2]) {
		return len(lines) == 3
	}
	if !mdCounts().MatchString(lines[2]) || len(lines) < 6 || lines[3] != "" ||
		lines[4] != "| level | rule | location | finding type | message |" || lines[5] != "| --- | --- | --- | --- | --- |" {
		return false
	}
	rows := lines[6:]
	if n := len(rows); n >= 2 && rows[n-2] == "" {
		if !mdLeft().MatchString(rows[n-1]) {
			return false
		}
		rows = rows[:n-2]
	}
	for _, r := range rows {
		if !mdRow(r) {
			return false
		}
	}
	return true
}

// mdRow checks a table row as the writer writes it: | level | rule |
// `path:line:col` | `type` or nothing | message |, each cell as cell()
// writes it (no line break, no backtick but the code span's, every pipe
// escaped).
func mdRow(r string) bool {
	if !strings.HasPrefix(r, "|") || !strings.HasSuffix(r, "|") || len(r) < 2 {
		return false
	}
	var cells []string
	start := 1
	for i := 1; i < len(r); i++ {
		if r[i] == '|' && r[i-1] != '\\' {
			cells = append(cells, r[start:i])
			start = i + 1
		}
	}
	if start != len(r) || len(cells) != 5 {
		return false
	}
	for i, c := range cells {
		if len(c) < 2 || c[0] != ' ' || c[len(c)-1] != ' ' {
			return false
		}
		cells[i] = c[1 : len(c)-1]
	}
	lv, id, loc, typ, msg := cells[0], cells[1], cells[2], cells[3], cells[4]
	return (lv == "error" || lv == "warning" || lv == "note") && ruleID(id) && mdRowCell().MatchString(loc) &&
		(typ == "" || len(typ) >= 2 && typ[0] == '`' && typ[len(typ)-1] == '`' && !strings.Contains(typ[1:len(typ)-1], "`")) &&
		!strings.Contains(msg, "`")
}
