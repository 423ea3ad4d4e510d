package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/gdlint/gdlint/rules"
)

// The consolidation page is Security Hub's, not GuardDuty's: it is read
// from its own base.
const (
	consolidationPage = "asff-changes-consolidation.md"
	consolidationURL  = "https://docs.aws.amazon.com/securityhub/latest/userguide/asff-changes-consolidation.html"
)

// The page's sections whose tables are read, by the start of their
// heading (AWS writes an en dash in the first).
const (
	sectionRemoved   = "## Consolidated control findings"
	sectionGenerator = "## Generator IDs before and after"
	sectionControls  = "## How consolidation impacts control IDs"
)

var (
	insteadRE       = regexp.MustCompile(`See (\S+) instead`)
	securityCtrlRE  = regexp.MustCompile(`^\[\[([A-Za-z0-9]+\.[0-9]+)\]`)
	controlIDRE     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.]*[0-9]$`)
	securityGenIDRE = regexp.MustCompile(`^security-control/[A-Za-z0-9]+\.[0-9]+$`)
)

// parseConsolidation reads the page's three tables: the ASFF fields
// consolidated control findings changed (the ProductFields keys marked
// "Removed"), the GeneratorIds before and after, and the standard-specific
// control IDs with the security control IDs that replace them. A row that
// does not read as its table's rows do is a warning, not a guess.
func parseConsolidation(md string) (rules.Consolidation, []string) {
	var c rules.Consolidation
	var warnings []string
	section := ""
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "## ") {
			section = line
			continue
		}
		raw := rawCells(line)
		if raw == nil {
			continue
		}
		switch {
		case strings.HasPrefix(section, sectionRemoved) && len(raw) == 3:
			field, after := plain(raw[0]), plain(raw[2])
			key, ok := strings.CutPrefix(field, "ProductFields.")
			if !ok || !strings.HasPrefix(after, "Removed") {
				continue
			}
			c.RemovedProductFields = append(c.RemovedProductFields, rules.RemovedField{Key: key, Instead: instead(after)})
		case strings.HasPrefix(section, sectionGenerator) && len(raw) == 2:
			old, new := plain(raw[0]), plain(raw[1])
			if strings.HasPrefix(old, "GeneratorID") {
				continue // the header
			}
			if !securityGenIDRE.MatchString(new) || strings.ContainsAny(old, " \t") {
				warnings = append(warnings, fmt.Sprintf("consolidation page: a GeneratorId row not read: %q", line))
				continue
			}
			c.GeneratorIDs = append(c.GeneratorIDs, rules.IDChange{Old: old, New: new})
		case strings.HasPrefix(section, sectionControls) && len(raw) == 3:
			std := plain(raw[0])
			if std == "Standard" {
				continue // the header
			}
			old, _, _ := strings.Cut(plain(raw[1]), " ")
			m := securityCtrlRE.FindStringSubmatch(strings.TrimSpace(raw[2]))
			if m == nil || !controlIDRE.MatchString(old) {
				warnings = append(warnings, fmt.Sprintf("consolidation page: a control ID row not read: %q", line))
				continue
			}
			c.ControlIDs = append(c.ControlIDs, rules.ControlIDChange{Standard: std, Old: old, New: m[1]})
		}
	}
	return c, warnings
}

// rawCells splits a Markdown table row into its cells, as written; a line
// that is no row, or the separator row, gives nil.
func rawCells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || strings.Trim(line, "|-: ") == "" {
		return nil
	}
	return strings.Split(strings.Trim(line, "|"), "|")
}

// instead is what the page says to read in place of a removed field: the
// field it names ("See Compliance.SecurityControlId instead"), or its
// explanation.
func instead(after string) string {
	if m := insteadRE.FindStringSubmatch(after); m != nil {
		return strings.TrimSuffix(m[1], ".")
	}
	s := strings.TrimSpace(strings.TrimPrefix(after, "Removed."))
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "<br>", " ")), " ")
}

// consolidationFile is consolidation.json as the page says it should be:
// the page's tables, with the current file's source, version and note
// kept while the tables are unchanged. When they change, read becomes
// today and version says the page was read from AWS's site, for the
// maintainer to check.
func consolidationFile(cur []byte, page rules.Consolidation) ([]byte, error) {
	var c rules.Consolidation
	if err := json.Unmarshal(cur, &c); err != nil {
		return nil, fmt.Errorf("consolidation.json: %w", err)
	}
	if c.Source == "" {
		c.Source = consolidationURL
	}
	same := reflect.DeepEqual(c.RemovedProductFields, page.RemovedProductFields) &&
		reflect.DeepEqual(c.GeneratorIDs, page.GeneratorIDs) && reflect.DeepEqual(c.ControlIDs, page.ControlIDs)
	if !same {
		c.Read = time.Now().UTC().Format("2006-01-02")
		c.Version = "the page as published at " + consolidationURL + " on " + c.Read
	}
	c.RemovedProductFields, c.GeneratorIDs, c.ControlIDs = page.RemovedProductFields, page.GeneratorIDs, page.ControlIDs
	return encode(c), nil
}
