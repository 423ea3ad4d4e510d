package main

import (
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
	renameRE   = regexp.MustCompile(`(\S+) (?:has been changed to|was changed to|has been renamed to|was renamed to|is renamed to|became) (\S+)`)
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

// parseHistory reads the document history's table: change, description,
// date ("May 29, 2026"), newest first.
func parseHistory(md string) []historyEntry {
	var out []historyEntry
	for _, line := range strings.Split(md, "\n") {
		c := cells(line)
		if len(c) < 3 {
			continue
		}
		d, err := time.Parse("January 2, 2006", c[len(c)-1])
		if err != nil {
			continue // the header, or a row without a date
		}
		out = append(out, historyEntry{Title: c[0], Description: strings.Join(c[1:len(c)-1], " "), Date: d.Format(time.DateOnly)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

// retirements maps each type a "retired" entry of the history names to
// the entry's date: the earliest, should two entries name it.
func retirements(h []historyEntry) map[string]historyEntry {
	out := map[string]historyEntry{}
	for i := len(h) - 1; i >= 0; i-- { // oldest first
		e := h[i]
		if !strings.Contains(strings.ToLower(e.Title+" "+e.Description), "retire") {
			continue
		}
		for _, t := range types(e.Description) {
			if _, seen := out[t]; !seen {
				out[t] = e
			}
		}
	}
	return out
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
