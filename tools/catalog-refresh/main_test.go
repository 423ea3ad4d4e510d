package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/want")

// repoWith makes a checkout whose rules/data holds the files of dir.
func repoWith(t *testing.T, dir string) string {
	t.Helper()
	repo := t.TempDir()
	data := filepath.Join(repo, "rules", "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range dataFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return repo
}

// TestRefresh runs the tool on small pages written for the test in AWS's
// Markdown structure: a type newly retired, a severity changed, a rename
// in the history, new active types (one spelled with AWS's "\$1" for "!"),
// and a retired type listed on the active page by mistake.
func TestRefresh(t *testing.T) {
	repo := repoWith(t, "testdata/data")
	var out, errs bytes.Buffer
	code, err := run(&out, &errs, repo, source{dir: "testdata/pages"}, true)
	if err != nil || code != 1 {
		t.Fatalf("code %d, err %v\n%s", code, err, errs.String())
	}
	for _, want := range []string{
		`+    "type": "Impact:EC2/NewlyRetired.Example",`,
		`+    "retired": "2026-10-06",`,
		`-    "default_severity": "Medium",`,
		`+    "default_severity": "Low",`,
		`+    "type": "Stealth:IAMUser/S3ServerAccessLoggingDisabled",`,
		`+Backdoor:EC2/C&CActivity.B!DNS`,
		`+Execution:Runtime/CustomRuleMatch`,
		`+  "checked_through": "2026-10-06",`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the diff lacks %q:\n%s", want, out.String())
		}
	}
	for _, want := range []string{
		"new retired type Impact:EC2/NewlyRetired.Example: write its suggested_replacements",
		"new rename Stealth:IAMUser/S3ServerAccessLoggingDisabled → Stealth:S3/ServerAccessLoggingDisabled",
		"Recon:IAMUser/UserPermissions is on an active page and retired: left out of active.txt",
	} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("the warnings lack %q:\n%s", want, errs.String())
		}
	}
	for _, name := range dataFiles {
		got, _ := os.ReadFile(filepath.Join(repo, "rules", "data", name))
		golden := filepath.Join("testdata", "want", name)
		if *update {
			_ = os.MkdirAll(filepath.Dir(golden), 0o755)
			_ = os.WriteFile(golden, got, 0o644)
		}
		want, _ := os.ReadFile(golden)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update and review):\n%s", name, golden, got)
		}
	}
	// Refreshed, the catalog matches the pages: a second run changes nothing.
	out.Reset()
	errs.Reset()
	if code, err := run(&out, &errs, repo, source{dir: "testdata/pages"}, true); code != 0 || err != nil || out.Len() > 0 {
		t.Errorf("second run: code %d, err %v, diff:\n%s", code, err, out.String())
	}
}

// TestRoundTrip checks that the shipped data files come back byte for byte
// when nothing changes: a refresh's diff is only what the pages changed.
func TestRoundTrip(t *testing.T) {
	var entries []*object
	cur, err := os.ReadFile("../../rules/data/retired.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(cur, &entries); err != nil {
		t.Fatal(err)
	}
	if got := encode(entries); !bytes.Equal(got, cur) {
		t.Errorf("retired.json does not round-trip:\n%s", got)
	}
}

func TestEmptyPageIsAnError(t *testing.T) {
	repo := repoWith(t, "testdata/data")
	dir := t.TempDir()
	for _, name := range pageNames {
		b, _ := os.ReadFile(filepath.Join("testdata/pages", name))
		_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	_ = os.WriteFile(filepath.Join(dir, pageNames["active"]), []byte("<html>moved</html>"), 0o644)
	if code, err := run(&bytes.Buffer{}, &bytes.Buffer{}, repo, source{dir: dir}, true); code != 2 || err == nil || !strings.Contains(err.Error(), "layout may have changed") {
		t.Errorf("code %d, err %v", code, err)
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		`**[Backdoor:EC2/C&CActivity\.B\$1DNS](x.md#y)**`:       "Backdoor:EC2/C&CActivity.B!DNS",
		"## Impact:S3/ObjectDelete\\.Unusual<a name=\"x\"></a>": "## Impact:S3/ObjectDelete.Unusual",
		"`Execution:Runtime/X`":                                 "Execution:Runtime/X",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}
