package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gdlint/gdlint/rules"
)

// object is a JSON object that keeps its keys' order, so that rewriting
// retired.json changes only what the pages changed.
type object struct {
	keys []string
	vals map[string]json.RawMessage
}

func (o *object) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	o.vals = map[string]json.RawMessage{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		o.set(k.(string), v)
	}
	return nil
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(o.vals[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (o *object) set(k string, v json.RawMessage) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *object) str(k string) string {
	var s string
	_ = json.Unmarshal(o.vals[k], &s)
	return s
}

func (o *object) setStr(k, v string) {
	b, _ := json.Marshal(v)
	o.set(k, b)
}

// encode writes v as the data files are written: two-space indents, no
// HTML escaping, a final newline.
func encode(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// pages are the five pages, read.
type pages struct {
	retired []retiredType
	active  []string // the active-types table
	custom  []string // the Custom Detection Rules types
	history []historyEntry
	events  map[string]string // the pages events.json is checked against, by name
	// consolidation is Security Hub's consolidation page's tables.
	consolidation rules.Consolidation
	// warnings are what reading the pages found for the maintainer.
	warnings []string
}

// refreshed is the data files as the pages say they should be, and what
// the maintainer should look at.
type refreshed struct {
	files    map[string][]byte // name under rules/data → content
	warnings []string
}

// refresh merges what the pages say into the current data files (by name
// under rules/data). Facts the pages give (which types are retired and
// active, dates, severities, renames) come from the pages; what gdlint
// adds (suggested replacements and their notes, Security Hub spellings)
// is kept; a type new to the retired page gets no suggestion, for the
// maintainer to write.
func refresh(cur map[string][]byte, p pages) (refreshed, error) {
	out := refreshed{files: map[string][]byte{}}
	c := p.consolidation
	if len(p.retired) == 0 || len(p.active) == 0 || len(p.custom) == 0 || len(p.history) == 0 ||
		len(c.GeneratorIDs) == 0 || len(c.ControlIDs) == 0 || len(c.RemovedProductFields) == 0 {
		return out, fmt.Errorf("a page read as empty (%d retired, %d active, %d Custom Detection Rules types, %d history entries; %d GeneratorIds, %d control IDs, %d removed ProductFields keys): the pages' layout may have changed",
			len(p.retired), len(p.active), len(p.custom), len(p.history), len(c.GeneratorIDs), len(c.ControlIDs), len(c.RemovedProductFields))
	}
	cf, err := consolidationFile(cur["consolidation.json"], c)
	if err != nil {
		return out, err
	}
	out.files["consolidation.json"] = cf
	var entries []*object
	if err := json.Unmarshal(cur["retired.json"], &entries); err != nil {
		return out, fmt.Errorf("retired.json: %w", err)
	}
	var renamed []rules.Renamed
	if err := json.Unmarshal(cur["renamed.json"], &renamed); err != nil {
		return out, fmt.Errorf("renamed.json: %w", err)
	}
	newest := p.history[0]
	h, err := historyFile(cur["history.json"], newest)
	if err != nil {
		return out, err
	}
	out.files["history.json"] = h

	entries, out.warnings = mergeRetired(entries, p)
	out.files["retired.json"] = encode(entries)

	known := map[string]bool{}
	for _, r := range renamed {
		known[r.Type] = true
	}
	for _, r := range renames(p.history) {
		if !known[r.Type] {
			known[r.Type] = true
			renamed = append(renamed, r)
			out.warnings = append(out.warnings, "new rename "+r.Type+" → "+r.RenamedTo)
		}
	}
	out.files["renamed.json"] = encode(renamed)

	retired := map[string]bool{}
	for _, e := range entries {
		retired[e.str("type")] = true
	}
	for _, r := range renamed {
		retired[r.Type] = true
	}
	var active bytes.Buffer
	fmt.Fprintf(&active, "# Active Amazon GuardDuty finding types as of the AWS GuardDuty User Guide's active-types table and Custom Detection Rules page (document history up to %s). One exact type string per line.\n", newest.Date)
	seen := map[string]bool{}
	for _, t := range append(append([]string(nil), p.active...), p.custom...) {
		if seen[t] {
			continue
		}
		seen[t] = true
		if retired[t] {
			out.warnings = append(out.warnings, t+" is on an active page and retired: left out of active.txt")
			continue
		}
		active.WriteString(t + "\n")
	}
	out.files["active.txt"] = active.Bytes()
	ev, warnings, err := refreshEvents(cur["events.json"], p.events)
	out.files["events.json"], out.warnings = ev, append(out.warnings, warnings...)
	return out, err
}

// mergeRetired brings retired.json's entries in line with the retired
// page and the history's retirement dates, and says what the maintainer
// should look at.
func mergeRetired(entries []*object, p pages) ([]*object, []string) {
	var warnings []string
	dates, undated := retirements(p.history)
	for _, t := range undated {
		warnings = append(warnings, "the document history announces "+t+"'s retirement without a date: its retired date is left as it was")
	}
	byType := map[string]*object{}
	for _, e := range entries {
		byType[e.str("type")] = e
	}
	onPage := map[string]bool{}
	for _, r := range p.retired {
		onPage[r.Type] = true
		e := byType[r.Type]
		if e == nil {
			e = &object{vals: map[string]json.RawMessage{}}
			// The keys in the data file's order, filled below or by the
			// maintainer.
			for _, k := range []string{"type", "retired", "retired_basis", "default_severity", "data_source"} {
				e.setStr(k, "")
			}
			e.setStr("type", r.Type)
			e.set("suggested_replacements", json.RawMessage("[]"))
			e.setStr("source", rules.RetiredSourceURL)
			entries = append(entries, e)
			byType[r.Type] = e
			warnings = append(warnings, "new retired type "+r.Type+": write its suggested_replacements (inferred) and their note")
		}
		if h, ok := dates[r.Type]; ok && e.str("retired") != h.Date {
			e.setStr("retired", h.Date)
			e.setStr("retired_basis", h.basis())
		}
		if r.Severity != "" {
			e.setStr("default_severity", r.Severity)
		}
		if e.str("data_source") == "" && r.DataSource != "" {
			e.setStr("data_source", r.DataSource)
		}
	}
	for _, e := range entries {
		if !onPage[e.str("type")] {
			warnings = append(warnings, e.str("type")+" is no longer on the retired page: kept (AWS does not bring retired types back); check why")
		}
	}
	return entries, warnings
}

// historyFile is history.json after a refresh whose newest history entry
// is newest. It moves only when the history has an entry newer than the
// one the catalog was checked through: the same date keeps the file as it
// is, whatever words its entry field has, so that a refresh against the
// pages the catalog came from changes nothing (and opens no pull request).
// An older newest entry is an error: the pages are a stale copy, and
// would take back what a newer refresh wrote.
func historyFile(cur []byte, newest historyEntry) ([]byte, error) {
	var h rules.History
	if err := json.Unmarshal(cur, &h); err != nil {
		return nil, fmt.Errorf("history.json: %w", err)
	}
	switch {
	case newest.Date == h.CheckedThrough:
		return cur, nil
	case newest.Date < h.CheckedThrough:
		return nil, fmt.Errorf("the document history's newest entry is of %s, older than the %s the catalog was checked through: the pages may be a stale copy", newest.Date, h.CheckedThrough)
	}
	return encode(rules.History{CheckedThrough: newest.Date,
		Entry: strings.TrimRight(newest.Title, "."), Source: historyURL}), nil
}
