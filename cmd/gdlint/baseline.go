package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
)

// A baseline records findings so that only new ones are reported. Entries
// are keyed on path, rule, finding type and the occurrence's index among
// identical ones in that file, never on line numbers: an edit elsewhere in
// a file does not bring old findings back.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Path        string `json:"path"`
	Rule        string `json:"rule"`
	FindingType string `json:"findingType"`
	Index       int    `json:"index"`
}

type baseline struct {
	entries map[baselineEntry]bool
}

// keys gives each of one file's findings its baseline key, in order. Paths
// are relative to the repository root, so that a run from a subdirectory
// matches the same entries.
func keys(fs []Finding, root string) []baselineEntry {
	seen := map[baselineEntry]int{}
	out := make([]baselineEntry, len(fs))
	path := ""
	for i, f := range fs {
		if i == 0 {
			path = f.Path
			if rel := relTo(root, filepath.FromSlash(f.Path)); rel != "" {
				path = rel
			}
		}
		same := baselineEntry{Path: path, Rule: f.Diag.Rule.ID, FindingType: f.Diag.FindingType}
		out[i] = same
		out[i].Index = seen[same]
		seen[same]++
	}
	return out
}

func writeBaseline(path string, entries []baselineEntry) error {
	b := baselineFile{Version: 1, Findings: entries}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.FindingType != y.FindingType {
			return x.FindingType < y.FindingType
		}
		return x.Index < y.Index
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

func readBaseline(path string) (*baseline, error) {
	raw, err := readSettingsFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v (write one with --write-baseline)", clean(path), err)
	}
	var b baselineFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err = dec.Decode(&b)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data after the baseline")
		}
	}
	if err != nil || b.Version != 1 {
		return nil, fmt.Errorf("%s: not a gdlint baseline (version 1); rewrite it with --write-baseline", clean(path))
	}
	base := &baseline{entries: map[baselineEntry]bool{}}
	for _, e := range b.Findings {
		base.entries[e] = true
	}
	return base, nil
}

// filter drops the findings the baseline holds and counts them.
func (b *baseline) filter(fs []Finding, root string) ([]Finding, int) {
	var kept []Finding
	for i, k := range keys(fs, root) {
		if !b.entries[k] {
			kept = append(kept, fs[i])
		}
	}
	return kept, len(fs) - len(kept)
}

// maxSettingsFile bounds a config or baseline file: such a file is read
// whole, and one named by mistake (a device, a huge log) must not be.
const maxSettingsFile = 256 << 20

// readSettingsFile reads a config or baseline file, which must be a
// regular file: /dev/zero or a FIFO would never end.
func readSettingsFile(path string) ([]byte, error) {
	b, err := readFile(path, maxSettingsFile, nil)
	var tl *tooLargeError
	if errors.As(err, &tl) {
		return nil, fmt.Errorf("%d bytes, more than a settings file can be (%d)", tl.size, tl.max)
	}
	if err != nil {
		return nil, unwrapPathError(err)
	}
	return b, nil
}
