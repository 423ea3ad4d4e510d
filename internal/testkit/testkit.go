// Package testkit holds what the tests of several packages need: writing a
// tree, and reading back a SARIF log. Only tests import it; it knows
// nothing of how gdlint works.
package testkit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Write writes data to path, making its directories.
func Write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ReadSARIF returns how many results a SARIF log has per level, and the
// texts of its tool execution notifications.
func ReadSARIF(t testing.TB, b []byte) (levels map[string]int, notes []string) {
	t.Helper()
	var log struct {
		Runs []struct {
			Results []struct {
				Level string `json:"level"`
			} `json:"results"`
			Invocations []struct {
				Notes []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	levels = map[string]int{}
	for _, r := range log.Runs[0].Results {
		levels[r.Level]++
	}
	for _, n := range log.Runs[0].Invocations[0].Notes {
		notes = append(notes, n.Message.Text)
	}
	return levels, notes
}
