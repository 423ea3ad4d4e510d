package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gdlint/gdlint/rules"
)

// What the pages say, read from AWS's published Markdown. The readers are
// lenient about layout (tables, headings, links, Markdown escapes) and
// strict about types: a token counts only when it fits the finding-type
// grammar (rules.ValidTypeName).

// retiredType is a type as the retired page describes it.
type retiredType struct {
	Type, Severity, DataSource string
}

// historyEntry is one row of the document history.
type historyEntry struct {
	Title, Description, Date string // Date is YYYY-MM-DD
}

var (
	anchorRE   = regexp.MustCompile(`<a name="[^"]*"></a>`)
	linkRE     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	typeTokRE  = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*:[A-Za-z0-9]+/[A-Za-z0-9.!&_-]*[A-Za-z0-9]`)
	bulletRE   = regexp.MustCompile(`^\s*[-+*]\s+(.*)$`)
	severityRE = regexp.MustCompile(`Default severity:\s*(Critical|High|Medium|Low)`)
	retireRE   = regexp.MustCompile(`(?i)retire|deprecat`)
	// sentenceRE ends a sentence: a type's own dots and "!" are never
	// followed by a space.
	sentenceRE  = regexp.MustCompile(`[.!?;](?:\s+|$)`)
	announceRE  = regexp.MustCompile(`(?i)\bwill (?:also )?(?:be )?(?:retire|deprecate)|\b(?:scheduled|planned|plans|going) to (?:be )?(?:retire|deprecate)`)
	effectiveRE = regexp.MustCompile(`(?i)\b(?:effective|starting|beginning|as of|from|on)\s+(?:on\s+)?((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})`)
	renameRE    = regexp.MustCompile(`(\S+) (?:has been changed to|was changed to|has been renamed to|was renamed to|is renamed to|became) (\S+)`)
)

// plain turns a line of Markdown into its text: links to their text,
// anchors, emphasis and backslash escapes removed. AWS's generated pages
// also write "!" as "\$1" inside some type names (C&CActivity.B\$1DNS),
// which is read as the "!" it stands for.
func plain(s string) string {
	s = anchorRE.ReplaceAllString(s, "")
	s = linkRE.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, `\$1`, "!")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == '*' || c == '`':
		default:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// types returns the finding types in text, in order, each once.
func types(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range typeTokRE.FindAllString(text, -1) {
		if rules.ValidTypeName(t) && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// cells splits a Markdown table row into its cells' text; a line that is
// no row, or the separator row, gives nil.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || strings.Trim(line, "|-: ") == "" {
		return nil
	}
	parts := strings.Split(strings.Trim(line, "|"), "|")
	for i := range parts {
		parts[i] = plain(parts[i])
	}
	return parts
}

// parseRetired reads the retired-types page: a heading per type, with its
// default severity and data source (or, for some, feature) below it.
func parseRetired(md string) []retiredType {
	var out []retiredType
	for _, line := range strings.Split(md, "\n") {
		switch text := plain(strings.TrimLeft(line, "#")); {
		case strings.HasPrefix(line, "## "):
			if rules.ValidTypeName(text) {
				out = append(out, retiredType{Type: text})
			}
		case len(out) == 0:
		case out[len(out)-1].Severity == "" && severityRE.MatchString(text):
			out[len(out)-1].Severity = severityRE.FindStringSubmatch(text)[1]
		case out[len(out)-1].DataSource == "" && strings.Contains(text, "Data source:"):
			_, after, _ := strings.Cut(text, "Data source:")
			out[len(out)-1].DataSource = strings.TrimSpace(after)
		case out[len(out)-1].DataSource == "" && strings.Contains(text, "Feature:"):
			// The EKS types name a protection plan's feature instead.
			_, after, _ := strings.Cut(text, "Feature:")
			out[len(out)-1].DataSource = strings.TrimSpace(after) + " (listed as 'Feature' on the retired page)"
		}
	}
	return out
}

// parseListed reads the finding types a page lists, in page order: the
// first cell of a table row, and a bullet whose whole text is a type. The
// active-types page holds one table; the Custom Detection Rules page
// lists some tactics' types in tables ("| **Type** | signal | severity |")
// and others as bullets ("- ****Type****", with the signals as nested
// bullets, which are no types).
func parseListed(md string) []string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		if c := cells(line); len(c) > 1 {
			if rules.ValidTypeName(c[0]) {
				out = append(out, c[0])
			}
			continue
		}
		if m := bulletRE.FindStringSubmatch(line); m != nil {
			if t := plain(m[1]); rules.ValidTypeName(t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// unlisted warns of the types a page names that parseListed did not read
// as listed: a layout the readers do not know, which would drop them.
func unlisted(md string, listed []string, page string) []string {
	read := map[string]bool{}
	for _, t := range listed {
		read[t] = true
	}
	var out []string
	for _, line := range strings.Split(md, "\n") {
		for _, t := range types(plain(line)) {
			if !read[t] {
				read[t] = true
				out = append(out, t+" is named on the "+page+" but not as a table's first cell or a bullet of its own: left out; check the page's layout")
			}
		}
	}
	return out
}

// datedRow is a row of a document history's table (change, description,
// date), with its date read.
type datedRow struct {
	cells []string
	date  time.Time
}

// datedRows returns the rows of a document history's table whose last
// cell is a date ("May 29, 2026"): not the header, nor a row without one.
func datedRows(md string) []datedRow {
	var out []datedRow
	for _, line := range strings.Split(md, "\n") {
		c := cells(line)
		if len(c) < 3 {
			continue
		}
		d, err := time.Parse("January 2, 2006", c[len(c)-1])
		if err != nil {
			continue
		}
		out = append(out, datedRow{c, d})
	}
	return out
}

// parseHistory reads the document history's table: change, description,
// date ("May 29, 2026"), newest first.
func parseHistory(md string) []historyEntry {
	var out []historyEntry
	for _, r := range datedRows(md) {
		out = append(out, historyEntry{Title: r.cells[0], Description: strings.Join(r.cells[1:len(r.cells)-1], " "), Date: r.date.Format(time.DateOnly)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

// retirement is when the document history says a type retires: the
// effective date, and the entry that says so.
type retirement struct {
	Date  string // YYYY-MM-DD, the effective date
	Entry historyEntry
}

// basis is the retired_basis retired.json records for r.
func (r retirement) basis() string {
	b := fmt.Sprintf("documented: Document history entry '%s' (%s)", strings.TrimRight(r.Entry.Title, "."), r.Entry.Date)
	if r.Date != r.Entry.Date {
		b += ", effective " + r.Date
	}
	return b
}

// retirements reads when each type an entry about retiring (or
// deprecating) types names retires. AWS announces some retirements ahead,
// so an entry's own date can be the announcement's, not the retirement's:
//
//   - a sentence that names the type and a date ("Effective **June 30,
//     2026**, GuardDuty retires X", "X was retired on June 30, 2026") gives
//     that date; of several such entries, the newest speaks last;
//   - a sentence that names the type in the future tense without a date
//     ("X will be retired in a later release") gives none: the type is
//     in notice only;
//   - otherwise the type retired on the entry's date, the earliest such
//     entry's when several name it.
//
// A stated date wins over an entry's date. The second result lists the
// types only ever announced, which keep the date the catalog has.
func retirements(h []historyEntry) (map[string]retirement, []string) {
	stated, dated := map[string]retirement{}, map[string]retirement{}
	announced := map[string]bool{}
	for i := len(h) - 1; i >= 0; i-- { // oldest first
		e := h[i]
		if !retireRE.MatchString(e.Title + " " + e.Description) {
			continue
		}
		for _, s := range sentenceRE.Split(e.Title+". "+e.Description, -1) {
			ts := types(s)
			if len(ts) == 0 {
				continue
			}
			on, hasDate := statedDate(s)
			for _, t := range ts {
				switch {
				case hasDate:
					stated[t] = retirement{Date: on, Entry: e} // newest wins
				case announceRE.MatchString(s):
					announced[t] = true
				case dated[t].Date == "":
					dated[t] = retirement{Date: e.Date, Entry: e} // earliest wins
				}
			}
		}
	}
	for t, r := range stated {
		dated[t] = r
	}
	var undated []string
	for t := range announced {
		if _, ok := dated[t]; !ok {
			undated = append(undated, t)
		}
	}
	sort.Strings(undated)
	return dated, undated
}

// statedDate finds the date a sentence gives ("effective June 30, 2026",
// "on June 30, 2026", "starting June 30, 2026").
func statedDate(s string) (string, bool) {
	m := effectiveRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	d, err := time.Parse("January 2, 2006", m[1])
	if err != nil {
		return "", false
	}
	return d.Format(time.DateOnly), true
}

// renames reads the renames the history records: "OLD has been changed to
// NEW", "OLD was renamed to NEW".
func renames(h []historyEntry) []rules.Renamed {
	var out []rules.Renamed
	for i := len(h) - 1; i >= 0; i-- {
		e := h[i]
		for _, m := range renameRE.FindAllStringSubmatch(e.Description, -1) {
			old, next := strings.TrimRight(m[1], ".,;"), strings.TrimRight(m[2], ".,;")
			if rules.ValidTypeName(old) && rules.ValidTypeName(next) {
				out = append(out, rules.Renamed{Type: old, RenamedTo: next, On: e.Date,
					Basis:  "Document history entry '" + strings.TrimRight(e.Title, ".") + "' (" + e.Date + ")",
					Source: historyURL})
			}
		}
	}
	return out
}
