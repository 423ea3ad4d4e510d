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

// TestRefresh runs the tool on small pages written for the test in the
// structure of AWS's Markdown (testdata/pages): two types newly retired
// (one with a feature for data source); a severity changed; a rename in the history; new
// active types (spelled with "\\!" and with the older "\\$1" for "!"); the
// Custom Detection Rules types in tables and in bullet lists; and a retired
// type listed on the active page by mistake.
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
		`+    "type": "Discovery:S3/AnnouncedFirst.Example",`,
		`+    "retired": "2026-09-20",`,
		`+    "data_source": "S3 Protection (listed as 'Feature' on the retired page)",`,
		`-    "default_severity": "Medium",`,
		`+    "default_severity": "Low",`,
		`+    "type": "Stealth:IAMUser/S3ServerAccessLoggingDisabled",`,
		`+Backdoor:EC2/C&CActivity.B!DNS`,
		`+Trojan:EC2/DropPoint!DNS`,
		`+Persistence:Kubernetes/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount`,
		`+CredentialAccess:EC2/UnsecuredCredentials`,  // a table
		`+DefenseImpairment:EC2/DisableOrModifyTools`, // "- ****T****"
		`+DefenseImpairment:Route53Resolver/DisableOrModifyTools`,
		`+Impact:SES/ResourceHijacking`, // "+ **T**"
		`+Persistence:IAM/AccountManipulation`,
		`+  "checked_through": "2026-10-06",`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the diff lacks %q:\n%s", want, out.String())
		}
	}
	for _, unwanted := range []string{"MALICIOUS", "Signal"} {
		if strings.Contains(out.String(), unwanted) {
			t.Errorf("the diff has %q:\n%s", unwanted, out.String())
		}
	}
	for _, want := range []string{
		"new retired type Impact:EC2/NewlyRetired.Example: write its suggested_replacements",
		"new retired type Discovery:S3/AnnouncedFirst.Example: write its suggested_replacements",
		"new rename Stealth:IAMUser/S3ServerAccessLoggingDisabled → Stealth:S3/ServerAccessLoggingDisabled",
		"Recon:IAMUser/UserPermissions is on an active page and retired: left out of active.txt",
	} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("the warnings lack %q:\n%s", want, errs.String())
		}
	}
	if n := strings.Count(errs.String(), "\n"); n != 4 {
		t.Errorf("%d warnings, want 4:\n%s", n, errs.String())
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

// TestListedTypes reads the Custom Detection Rules test page, whose
// tactics list their types in tables and in bullet lists, as AWS's page
// does (7 of its 25 types in tables, 18 in bullets): every type, in page
// order, and nothing else (not the signals in the nested bullets, nor a
// bold bullet that is no type).
func TestListedTypes(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("testdata", "pages", pageNames["custom"]))
	if err != nil {
		t.Fatal(err)
	}
	got := parseListed(string(md))
	want := []string{
		"CredentialAccess:EC2/UnsecuredCredentials",
		"DefenseImpairment:EC2/DisableOrModifyTools",
		"DefenseImpairment:Route53Resolver/DisableOrModifyTools",
		"Execution:SageMaker/CommandAndScriptingInterpreter",
		"Impact:SES/ResourceHijacking",
		"Persistence:IAM/AccountManipulation",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if w := unlisted(string(md), got, "page"); len(w) != 0 {
		t.Errorf("warnings on the test page: %q", w)
	}
}

// TestUnlisted: a type the page names in a layout the readers do not know
// is a warning, not a silent drop.
func TestUnlisted(t *testing.T) {
	md := "### Impact\n\n**Impact:S3/DataDestruction**: a definition list, not a table or a bullet\n\n- ****Impact:SES/ResourceHijacking****\n"
	listed := parseListed(md)
	if len(listed) != 1 || listed[0] != "Impact:SES/ResourceHijacking" {
		t.Fatalf("listed %q", listed)
	}
	w := unlisted(md, listed, "Custom Detection Rules page")
	if len(w) != 1 || !strings.HasPrefix(w[0], "Impact:S3/DataDestruction is named on the Custom Detection Rules page but not") {
		t.Errorf("warnings %q", w)
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

// pagesWith copies the test pages into a directory, with the page of
// kind what replaced by md.
func pagesWith(t *testing.T, what, md string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range pageNames {
		b, _ := os.ReadFile(filepath.Join("testdata/pages", name))
		_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	_ = os.WriteFile(filepath.Join(dir, pageNames[what]), []byte(md), 0o644)
	return dir
}

// TestEmptyPageIsAnError: a page that reads as empty (moved, or a layout
// the readers do not know) stops the refresh rather than empty the
// catalog; the Custom Detection Rules page is one of them.
func TestEmptyPageIsAnError(t *testing.T) {
	for _, what := range []string{"active", "custom"} {
		repo := repoWith(t, "testdata/data")
		dir := pagesWith(t, what, "<html>moved</html>")
		if code, err := run(&bytes.Buffer{}, &bytes.Buffer{}, repo, source{dir: dir}, true); code != 2 || err == nil || !strings.Contains(err.Error(), "layout may have changed") {
			t.Errorf("%s: code %d, err %v", what, code, err)
		}
	}
}

// TestCustomPageLink: the active-types page links the Custom Detection
// Rules page by the name the tool reads; when it no longer does, the page
// may have moved, and the refresh says so.
func TestCustomPageLink(t *testing.T) {
	md, _ := os.ReadFile(filepath.Join("testdata/pages", pageNames["active"]))
	if !strings.Contains(string(md), "[Custom Detection Rules finding types]("+pageNames["custom"]+")") {
		t.Fatalf("the test page does not link %s as AWS's page does", pageNames["custom"])
	}
	moved := strings.ReplaceAll(string(md), "("+pageNames["custom"]+")", "(custom-detection-rules-findings.md)")
	var errs bytes.Buffer
	if _, err := run(&bytes.Buffer{}, &errs, repoWith(t, "testdata/data"), source{dir: pagesWith(t, "active", moved)}, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errs.String(), "the active-types page does not link findings-custom-detection-rules.md") {
		t.Errorf("warnings:\n%s", errs.String())
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
