package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/rules"
)

// A rule is one table entry (rules.All) and this holds it complete, with
// rules' TestDefaultLevelTable (a default level for each): each rule has
// its metadata, a documentation page (which explain and SARIF
// help read), and fixtures that show it firing: an expectation in
// testdata/ or, for what only a run shows (GDL000), a CLI script that
// prints it. A page with no rule fails too. A golden file would not catch
// a missing page: -update rewrites it.
func TestRuleRegistry(t *testing.T) {
	shown := map[string]bool{}
	want := regexp.MustCompile(`\bwant(?:[+-]\d+)?[ \t]+(GDL\d{3})|^\d+ (GDL\d{3})|\\?\[(GDL\d{3})\\?\]`)
	for _, dir := range []string{"../../testdata", "testdata/script"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, line := range strings.Split(string(src), "\n") {
				for _, m := range want.FindAllStringSubmatch(line, -1) {
					shown[m[1]+m[2]+m[3]] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]bool{}
	for _, r := range rules.All() {
		ids[r.ID] = true
		if docs.Rule(r.ID) == (docs.Page{}) {
			t.Errorf("%s: no page docs/rules/%s.md", r.ID, r.ID)
		}
		if !shown[r.ID] {
			t.Errorf("%s: no fixture in testdata/ expects it, and no CLI script shows it", r.ID)
		}
		if r.Name == "" || r.Short == "" || r.Precision == "" || r.SecuritySeverity == "" {
			t.Errorf("%s: metadata missing: %+v", r.ID, r)
		}
	}
	pages, err := fs.Glob(os.DirFS("../../docs/rules"), "*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if id := strings.TrimSuffix(p, ".md"); !ids[id] {
			t.Errorf("docs/rules/%s documents no rule", p)
		}
	}
}
