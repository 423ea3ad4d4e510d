package main

// The retired Security Hub controls (rules/data/controls.json, GDL009),
// read from two of AWS's Security Hub pages: the controls change log and
// the document history. This file is on its own so that it merges
// cleanly with the other readers; main.go only calls runControls.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

const (
	defaultSecurityHubBase = "https://docs.aws.amazon.com/securityhub/latest/userguide/"
	controlsFile           = "controls.json"
	changeLogPage          = "controls-change-log.md"
	securityHubHistoryPage = "doc-history.md"
	// cisPage maps each control to its requirement in each CIS AWS
	// Foundations Benchmark version: a retired control keeps its row there,
	// and the row is where its standard-specific ID is written.
	cisPage = "cis-aws-foundations-benchmark.md"
	// cisStandard is the standard's path in its controls' ARNs and
	// GeneratorIds: …:control/cis-aws-foundations-benchmark/v/1.2.0/1.1.
	cisStandard = "cis-aws-foundations-benchmark"
	// securityHubDir is where, under -pages DIR, the Security Hub pages
	// are: their history has the GuardDuty history's file name.
	securityHubDir = "securityhub"
)

// controlEvent is one thing a page says of a control: that it was retired
// on Date, or (a notice) that it will be, on Planned where the page says.
type controlEvent struct {
	ID, Date, From string
	Notice         bool
	Planned        string
}

var (
	bracketIDRE = regexp.MustCompile(`\[([A-Za-z][A-Za-z0-9]*\.[0-9]+)\]`)
	// A control's ID as the pages write it: a security control ID (S3.4),
	// or a PCI DSS v3.2.1 control's own (PCI.EC2.3), read whole, so that
	// PCI.EC2.3 is never read as EC2.3, another, current control.
	bareIDRE = regexp.MustCompile(`\b(?:PCI\.)?[A-Z][A-Za-z0-9]*\.[0-9]+\b`)
	// A change-log row's description. "retired runtimes" and "EC2-Classic
	// networking was retired" are not a control's retirement.
	logRetiredRE = regexp.MustCompile(`(?i)\bretired (?:this|these|the) controls?\b`)
	logNoticeRE  = regexp.MustCompile(`(?i)\bwill retire (?:this|these|the) controls?\b|\bnotice that (?:this|these|the) controls? will be retired\b`)
	// A document-history row's description names the controls itself.
	histRetiredRE = regexp.MustCompile(`(?i)\bwe retired the (.+?) controls?\b`)
	histNoticeRE  = regexp.MustCompile(`(?i)\bplanning to retire the (.+?)(?: controls?\b| and remove\b)`)
	// The history's rows before 2023 name one control, right after the
	// verb (the cells' emphasis removed): "Security Hub CSPM is retiring
	// the control [Lambda.4] Lambda functions …" (August 2021) and
	// "Security Hub CSPM has retired EC2.27 • Running EC2 Instances …"
	// (July 2022).
	histOldRE = regexp.MustCompile(`(?i)\b(is retiring|has retired)(?: the control)?\s+\[?((?:PCI\.)?[A-Z][A-Za-z0-9]*\.[0-9]+)\b`)
	// The CIS page's mapping table: a column per version ("CIS v1.2.0
	// requirement"), and in it a requirement's number, or "Not supported
	// – …".
	cisColumnRE      = regexp.MustCompile(`^CIS v([0-9]+\.[0-9]+\.[0-9]+) requirement$`)
	cisRequirementRE = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)+$`)
	plannedRE        = regexp.MustCompile(`(?i)\b(?:on|after)\s+((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})`)
)

// parseChangeLog reads the change log's table: date, control ID and
// title, description. rows counts the dated rows, so that a page whose
// layout changed reads as empty, not as "nothing retired".
func parseChangeLog(md string) (events []controlEvent, rows int) {
	for _, line := range strings.Split(md, "\n") {
		c := cells(line)
		if len(c) < 3 {
			continue
		}
		d, err := time.Parse("January 2, 2006", c[0])
		if err != nil {
			continue
		}
		rows++
		desc := strings.ReplaceAll(strings.Join(c[2:], " "), "<br>", " ")
		retired, notice := logRetiredRE.MatchString(desc), logNoticeRE.MatchString(desc)
		if !retired && !notice {
			continue
		}
		for _, m := range bracketIDRE.FindAllStringSubmatch(c[1], -1) {
			events = append(events, event(m[1], d, "change log", !retired, desc))
		}
	}
	return events, rows
}

// parseSecurityHubHistory reads the document history's table: change,
// description, date.
func parseSecurityHubHistory(md string) (events []controlEvent, rows int) {
	for _, r := range datedRows(md) {
		c, d := r.cells, r.date
		rows++
		desc := strings.ReplaceAll(strings.Join(c[1:len(c)-1], " "), "<br>", " ")
		for _, m := range histRetiredRE.FindAllStringSubmatch(desc, -1) {
			for _, id := range bareIDRE.FindAllString(m[1], -1) {
				events = append(events, event(id, d, "document history", false, desc))
			}
		}
		for _, m := range histNoticeRE.FindAllStringSubmatch(desc, -1) {
			for _, id := range bareIDRE.FindAllString(m[1], -1) {
				events = append(events, event(id, d, "document history", true, desc))
			}
		}
		for _, m := range histOldRE.FindAllStringSubmatch(desc, -1) {
			events = append(events, oldHistoryEvent(m[2], d, strings.EqualFold(m[1], "is retiring"), desc))
		}
	}
	return events, rows
}

// parseCISMapping reads the CIS page's table "Mapping of controls to CIS
// requirements in each version": for each control, the standard-specific
// IDs it has in each version, as its controls' ARNs write them
// (cis-aws-foundations-benchmark/v/1.2.0/1.1 for IAM.20). rows counts the
// controls' rows, so that a table whose layout changed reads as empty.
func parseCISMapping(md string) (ids map[string][]string, rows int) {
	ids = map[string][]string{}
	var versions []string // by column; "" where a column is not a version
	for _, line := range strings.Split(md, "\n") {
		c := cells(line)
		if len(c) < 2 {
			continue
		}
		if c[0] == "Control ID and title" {
			versions = make([]string, len(c))
			for i, h := range c {
				if m := cisColumnRE.FindStringSubmatch(h); m != nil {
					versions[i] = m[1]
				}
			}
			continue
		}
		m := bracketIDRE.FindStringSubmatch(c[0])
		if versions == nil || m == nil {
			continue
		}
		rows++
		for i := 1; i < len(c) && i < len(versions); i++ {
			if versions[i] != "" && cisRequirementRE.MatchString(c[i]) {
				ids[m[1]] = append(ids[m[1]], cisStandard+"/v/"+versions[i]+"/"+c[i])
			}
		}
	}
	return ids, rows
}

// oldHistoryEvent is a row in the older wording. "Has retired" is a
// retirement on the row's date. "Is retiring", with no later date, is
// one too: the row is the day AWS took the control off its pages ("When a
// control is retired, it no longer displays on the console, and Security
// Hub does not perform checks against it"); with a later date in the row
// it is a notice, retiring then.
func oldHistoryEvent(id string, d time.Time, retiring bool, desc string) controlEvent {
	if retiring {
		if e := event(id, d, "document history", true, desc); e.Planned > e.Date {
			return e
		}
	}
	return event(id, d, "document history", false, desc)
}

func event(id string, d time.Time, from string, notice bool, desc string) controlEvent {
	e := controlEvent{ID: id, Date: d.Format(time.DateOnly), From: from, Notice: notice}
	if m := plannedRE.FindStringSubmatch(desc); notice && m != nil {
		if p, err := time.Parse("January 2, 2006", m[1]); err == nil {
			e.Planned = p.Format(time.DateOnly)
		}
	}
	return e
}

// shippedControl is one entry of controls.json, in its field order.
type shippedControl struct {
	ID          string `json:"id"`
	Retired     string `json:"retired"`
	RetiredFrom string `json:"retired_from"`
	Notice      string `json:"notice,omitempty"`
	NoticeFrom  string `json:"notice_from,omitempty"`
	// StandardIDs are the control's standard-specific IDs that name it
	// alone (from the CIS page): retired with it.
	StandardIDs []string `json:"standard_ids,omitempty"`
}

// mergeControls makes the controls of the events: a control's retirement
// is its earliest retirement event (the change log's, on a tie, as it is
// read first); a control only announced retires on the date its notice
// gives, and one announced without a date is left out, with a warning.
// Its notice is the earliest notice before its retirement.
func mergeControls(events []controlEvent) ([]shippedControl, []string) {
	by := map[string]*shippedControl{}
	var warnings []string
	for _, e := range events {
		if e.Notice {
			continue
		}
		c := by[e.ID]
		if c == nil {
			c = &shippedControl{ID: e.ID}
			by[e.ID] = c
		}
		if c.Retired == "" || e.Date < c.Retired {
			c.Retired, c.RetiredFrom = e.Date, e.From
		}
	}
	for _, e := range events {
		if !e.Notice {
			continue
		}
		c := by[e.ID]
		if c == nil {
			if e.Planned == "" {
				warnings = append(warnings, fmt.Sprintf("Security Hub control %s announced for retirement without a date (%s, %s): left out", e.ID, e.From, e.Date))
				continue
			}
			c = &shippedControl{ID: e.ID, Retired: e.Planned, RetiredFrom: e.From + " (announced)"}
			by[e.ID] = c
		}
		if e.Date < c.Retired && (c.Notice == "" || e.Date < c.Notice) {
			c.Notice, c.NoticeFrom = e.Date, e.From
		}
	}
	out := make([]shippedControl, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, warnings
}

// controlsFileWith is controls.json with its header (source, pages'
// versions, note: what a maintainer writes) kept from cur and its
// controls replaced, one a line.
func controlsFileWith(cur []byte, controls []shippedControl) ([]byte, error) {
	var head map[string]json.RawMessage
	if err := json.Unmarshal(cur, &head); err != nil {
		return nil, fmt.Errorf("%s: %w", controlsFile, err)
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for _, k := range []string{"source", "history", "read", "version", "note"} {
		v, ok := head[k]
		if !ok {
			return nil, fmt.Errorf("%s: no %q", controlsFile, k)
		}
		fmt.Fprintf(&b, "  %q: %s,\n", k, v)
	}
	b.WriteString("  \"controls\": [\n")
	for i, c := range controls {
		line, err := marshalNoEscape(c)
		if err != nil {
			return nil, err
		}
		for _, r := range [][2]string{{`":"`, `": "`}, {`":[`, `": [`}, {`","`, `", "`}} {
			line = bytes.ReplaceAll(line, []byte(r[0]), []byte(r[1]))
		}
		b.WriteString("    ")
		b.Write(line)
		if i < len(controls)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ]\n}\n")
	return b.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// securityHubSource is where the Security Hub pages are: under the
// securityhub directory of -pages DIR, or at base.
func securityHubSource(base, dir string) source {
	if dir != "" {
		return source{dir: filepath.Join(dir, securityHubDir)}
	}
	return source{base: base}
}

// runControls refreshes rules/data/controls.json from the two pages, as
// run does the GuardDuty files: 0 unchanged, 1 changed (the diff on
// stdout), 2 an error. A page that reads as empty is an error; a control
// the pages no longer name is kept, with a warning.
func runControls(stdout, stderr io.Writer, repo string, src source, write bool) (int, error) {
	log, err := src.read(changeLogPage)
	if err != nil {
		return 2, err
	}
	hist, err := src.read(securityHubHistoryPage)
	if err != nil {
		return 2, err
	}
	cis, err := src.read(cisPage)
	if err != nil {
		return 2, err
	}
	events, logRows := parseChangeLog(log)
	more, histRows := parseSecurityHubHistory(hist)
	cisIDs, cisRows := parseCISMapping(cis)
	if logRows == 0 || histRows == 0 || cisRows == 0 {
		return 2, fmt.Errorf("a Security Hub page read as empty (%d change-log rows, %d history rows, %d CIS mapping rows): the pages' layout may have changed", logRows, histRows, cisRows)
	}
	controls, warnings := mergeControls(append(events, more...))
	for i := range controls {
		controls[i].StandardIDs = cisIDs[controls[i].ID]
	}
	path := filepath.Join(repo, "rules", "data", controlsFile)
	cur, err := os.ReadFile(path)
	if err != nil {
		return 2, err
	}
	var old struct {
		Controls []shippedControl `json:"controls"`
	}
	if err := json.Unmarshal(cur, &old); err != nil {
		return 2, fmt.Errorf("%s: %w", controlsFile, err)
	}
	named := map[string]bool{}
	for _, c := range controls {
		named[c.ID] = true
	}
	was := map[string]bool{}
	for _, c := range old.Controls {
		was[c.ID] = true
		if !named[c.ID] {
			controls = append(controls, c)
			warnings = append(warnings, "retired Security Hub control "+c.ID+" is named on neither page any more: kept")
		}
	}
	for _, c := range controls {
		if !was[c.ID] {
			warnings = append(warnings, fmt.Sprintf("new retired Security Hub control %s (%s, %s)", c.ID, c.Retired, c.RetiredFrom))
		}
	}
	sort.Slice(controls, func(i, j int) bool { return controls[i].ID < controls[j].ID })
	next, err := controlsFileWith(cur, controls)
	if err != nil {
		return 2, err
	}
	sort.Strings(warnings)
	for _, w := range warnings {
		fmt.Fprintln(stderr, "catalog-refresh:", w)
	}
	if bytes.Equal(cur, next) {
		fmt.Fprintln(stderr, "catalog-refresh: the retired controls match the Security Hub pages")
		return 0, nil
	}
	if err := diff(stdout, path, next); err != nil {
		return 2, err
	}
	if write {
		if err := os.WriteFile(path, next, 0o644); err != nil {
			return 2, err
		}
	}
	return 1, nil
}
