package baseline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

func finding(path string, line int, typ string) report.Finding {
	return report.Finding{Path: path, Start: scanner.Position{Line: line}, Rule: rules.RetiredFindingType, FindingType: typ}
}

// Keys number identical findings in a file by occurrence, never by line,
// and make paths relative to the repository root.
func TestKeys(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	fs := []report.Finding{
		finding("infra/a.tf", 3, "Backdoor:EC2/XORDDOS"),
		finding("infra/a.tf", 9, "Backdoor:EC2/XORDDOS"),
		finding("infra/a.tf", 12, "Recon:IAMUser/TorIPCaller"),
	}
	got := Keys(fs, root)
	want := []Entry{
		{"infra/a.tf", "GDL001", "Backdoor:EC2/XORDDOS", 0},
		{"infra/a.tf", "GDL001", "Backdoor:EC2/XORDDOS", 1},
		{"infra/a.tf", "GDL001", "Recon:IAMUser/TorIPCaller", 0},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("key %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// Moving every finding down a line changes no key.
	for i := range fs {
		fs[i].Start.Line += 40
	}
	for i, k := range Keys(fs, root) {
		if k != want[i] {
			t.Errorf("a moved finding changed its key: %+v", k)
		}
	}
}

// What is written reads back, and filters exactly what it recorded: a
// third occurrence where the baseline holds two is new.
func TestWriteReadFilter(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	old := []report.Finding{finding("a.tf", 1, "Backdoor:EC2/XORDDOS"), finding("a.tf", 2, "Backdoor:EC2/XORDDOS")}
	p := filepath.Join(dir, "base.json")
	if err := Write(p, Keys(old, dir)); err != nil {
		t.Fatal(err)
	}
	b, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	now := append(old, finding("a.tf", 3, "Backdoor:EC2/XORDDOS"), finding("b.tf", 1, "Backdoor:EC2/XORDDOS"))
	kept, n := b.Filter(now, dir)
	if n != 2 || len(kept) != 2 || kept[0].Start.Line != 3 || kept[1].Path != "b.tf" {
		t.Errorf("filtered %d, kept %+v", n, kept)
	}
}

func TestReadRefusesWhatGdlintDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"garbage.json": `{"version": 1, "findings": []}{}`,
		"version.json": `{"version": 2, "findings": []}`,
		"unknown.json": `{"version": 1, "findings": [], "extra": true}`,
		"notjson.json": `findings: []`,
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		if _, err := Read(p); err == nil || !strings.Contains(err.Error(), "rewrite it with --write-baseline") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "write one with --write-baseline") {
		t.Errorf("missing: %v", err)
	}
}
