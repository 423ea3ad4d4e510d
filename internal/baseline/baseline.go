// Package baseline records a run's findings so that a later run reports
// only new ones. Entries are keyed on path, rule, finding type and the
// occurrence's index among identical ones in that file, never on line
// numbers. It knows findings and files, not how findings are made.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
)

// A baseline records findings so that only new ones are reported. Entries
// are keyed on path, rule, finding type and the occurrence's index among
// identical ones in that file, never on line numbers: an edit elsewhere in
// a file does not bring old findings back.
type file struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one recorded finding.
type Entry struct {
	Path        string `json:"path"`
	Rule        string `json:"rule"`
	FindingType string `json:"findingType"`
	Index       int    `json:"index"`
}

// Baseline is a baseline file read back.
type Baseline struct {
	entries map[Entry]bool
}

// Keys gives each of one file's findings its baseline key, in order. Paths
// are relative to the repository root, so that a run from a subdirectory
// matches the same entries.
func Keys(fs []report.Finding, root string) []Entry {
	seen := map[Entry]int{}
	out := make([]Entry, len(fs))
	path := ""
	for i, f := range fs {
		if i == 0 {
			path = f.Path
			if rel := files.RelTo(root, filepath.FromSlash(f.Path)); rel != "" {
				path = rel
			}
		}
		same := Entry{Path: path, Rule: f.Rule.ID, FindingType: f.FindingType}
		out[i] = same
		out[i].Index = seen[same]
		seen[same]++
	}
	return out
}

// Write records entries in path, sorted, replacing it atomically.
func Write(path string, entries []Entry) error {
	b := file{Version: 1, Findings: entries}
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
	return files.WriteAtomic(path, buf.Bytes())
}

// Read reads a baseline file; anything but one gdlint wrote is an error.
func Read(path string) (*Baseline, error) {
	raw, err := files.ReadSettings(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (write one with --write-baseline)", textsafe.Clean(path), err)
	}
	var b file
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err = dec.Decode(&b)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data after the baseline")
		}
	}
	if err != nil || b.Version != 1 {
		return nil, fmt.Errorf("%s: not a gdlint baseline (version 1); rewrite it with --write-baseline", textsafe.Clean(path))
	}
	base := &Baseline{entries: map[Entry]bool{}}
	for _, e := range b.Findings {
		base.entries[e] = true
	}
	return base, nil
}

// Filter drops the findings the baseline holds and counts them.
func (b *Baseline) Filter(fs []report.Finding, root string) ([]report.Finding, int) {
	var kept []report.Finding
	for i, k := range Keys(fs, root) {
		if !b.entries[k] {
			kept = append(kept, fs[i])
		}
	}
	return kept, len(fs) - len(kept)
}
