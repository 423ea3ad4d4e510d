package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/rules"
)

func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	p := filepath.Join(dir, ".gdlint.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every problem in a config is an error at its line.
func TestLoadReportsTheLine(t *testing.T) {
	for text, want := range map[string]string{
		"rules:\n  GDL999: off\n":                      ":2: rules: unknown rule \"GDL999\"",
		"exclude:\n  - \"[\"\n":                        ":2: exclude: bad glob",
		"rules: {}\nrules: {}\n":                       ":2: duplicate key \"rules\"",
		"fail-on: sometimes\n":                         ":1: fail-on: \"sometimes\" is not one of",
		"a: 1\n---\nb: 2\n":                            ":2: a second YAML document",
		"replace:\n  Backdoor:EC2/XORDDOS: Recon:x\n":  ":2: replace: \"Recon:x\" is not a finding type",
		"retired:\n  - note: no type\n":                ":2: retired: an entry has no type",
		"nonsense: true\n":                             ":1: unknown key \"nonsense\"",
		"active:\n  - UnauthorizedAccess:EC2/Tor IP\n": ":2: active:",
	} {
		p := writeConfig(t, t.TempDir(), text)
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), p) {
			t.Errorf("%q: got %v, want %s%s...", text, err, p, want)
		}
	}
}

func TestLoadReadsEveryKey(t *testing.T) {
	dir := t.TempDir()
	p := writeConfig(t, dir, `exclude: [legacy/**]
rules: {GDL002: off, GDL001: warning}
retired:
  - {type: "Recon:IAMUser/BrandNew", retired: "2026-11-20"}
active: ["Recon:IAMUser/Shiny"]
replace: {"Recon:IAMUser/UserPermissions": "Discovery:IAMUser/AnomalousBehavior"}
fail-on: warning
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := c.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if cat.Lookup("Recon:IAMUser/BrandNew") == nil || !cat.IsActive("Recon:IAMUser/Shiny") {
		t.Error("the config's types are not in the catalog")
	}
	pol := c.Policy()
	if pol.Enabled("GDL002") || pol.Level(rules.RetiredFindingType, rules.CategoryValue) != rules.LevelWarning {
		t.Errorf("policy %+v", pol)
	}
	if c.FailOn != "warning" || c.Replace["Recon:IAMUser/UserPermissions"] != "Discovery:IAMUser/AnomalousBehavior" {
		t.Errorf("config %+v", c)
	}
	for path, want := range map[string]bool{
		filepath.Join(dir, "legacy", "a.tf"):               true,
		filepath.Join(dir, "infra", "a.tf"):                false,
		filepath.Join(filepath.Dir(dir), "legacy", "a.tf"): false, // outside the config's directory
	} {
		if got := c.Excluded(path); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", path, got, want)
		}
	}
	if (&Config{}).Excluded("legacy/a.tf") || (*Config)(nil).Excluded("x") {
		t.Error("no config excludes something")
	}
}

// Find looks upwards to the repository root, and outside a repository no
// higher than the working directory.
func TestFindStopsAtTheProject(t *testing.T) {
	parent := t.TempDir()
	writeConfig(t, parent, "")
	proj := filepath.Join(parent, "proj")
	sub := filepath.Join(proj, "infra", "deep")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub, proj); got != "" {
		t.Errorf("outside a repository, found %s above the working directory", got)
	}
	if got := Find(sub, parent); got != filepath.Join(parent, ".gdlint.yaml") {
		t.Errorf("from the working directory's subtree: %q", got)
	}
	os.Mkdir(filepath.Join(proj, ".git"), 0o755)
	if got := Find(sub, parent); got != "" {
		t.Errorf("inside a repository, found %s above its root", got)
	}
	want := writeConfig(t, proj, "")
	if got := Find(sub, "/"); got != want {
		t.Errorf("the repository root's config: got %q, want %q", got, want)
	}
}

// Overrides apply, in order, to the paths their globs name, relative to
// the config file's directory.
func TestPolicyFor(t *testing.T) {
	dir := t.TempDir()
	p := writeConfig(t, dir, `rules: {GDL002: off}
overrides:
  - paths: ["tests/**"]
    rules: {GDL001: note}
  - paths: ["tests/old/**"]
    rules: {GDL001: off, GDL002: warning}
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasOverrides() || (&Config{}).HasOverrides() {
		t.Error("HasOverrides")
	}
	r := rules.RetiredFindingType
	for path, want := range map[string]rules.Level{
		filepath.Join(dir, "infra", "a.tf"):        rules.LevelError,
		filepath.Join(dir, "tests", "a.json"):      rules.LevelNote,
		filepath.Join(dir, "tests", "old", "a.tf"): rules.LevelOff,
	} {
		pol := c.PolicyFor(path)
		if got := pol.Level(r, rules.CategoryValue); got != want || pol.Enabled("GDL001") != (want != rules.LevelOff) {
			t.Errorf("%s: GDL001 at %s, want %s", path, got, want)
		}
	}
	if c.PolicyFor(filepath.Join(dir, "tests", "old", "a.tf")).Enabled("GDL002") != true ||
		c.PolicyFor(filepath.Join(dir, "tests", "a.tf")).Enabled("GDL002") {
		t.Error("an override's rules replace only the rules it names")
	}
	if _, set := c.Rules["GDL001"]; set || len(c.Rules) != 1 {
		t.Error("PolicyFor changed the config's own rules")
	}
}
