package rules

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

func TestBuiltinCatalogCounts(t *testing.T) {
	c := Builtin()
	retired, renamed := 0, 0
	for _, r := range c.RetiredTypes() {
		if r.RenamedTo != "" {
			renamed++
		} else {
			retired++
		}
	}
	if retired != 21 || renamed != 3 {
		t.Errorf("retired types: got %d and %d renamed, want the 21 of the current English AWS page and the 3 renames of the document history", retired, renamed)
	}
	if got := len(c.ActiveTypes()); got != 229 {
		t.Errorf("active types: got %d, want 229", got)
	}
	// The two types the English page added on 2026-05-29, which older and
	// translated copies lack.
	for _, typ := range []string{"PrivilegeEscalation:Kubernetes/PrivilegedContainer", "Persistence:Kubernetes/ContainerWithSensitiveMount"} {
		if r := c.Lookup(typ); r == nil || r.RetiredOn != "2026-05-29" {
			t.Errorf("%s: want retired on 2026-05-29, got %+v", typ, r)
		}
	}
}

func TestCatalogIsConsistent(t *testing.T) {
	c := Builtin()
	for _, r := range c.RetiredTypes() {
		if !ValidTypeName(r.Type) {
			t.Errorf("retired %q does not fit the type grammar", r.Type)
		}
		if c.IsActive(r.Type) {
			t.Errorf("%q is both active and retired", r.Type)
		}
		if r.RenamedTo != "" {
			// A rename: AWS names the new name, which must be active, and
			// is the one suggestion.
			if !c.IsActive(r.RenamedTo) || len(r.SuggestedReplacements) != 1 || r.SuggestedReplacements[0] != r.RenamedTo {
				t.Errorf("%s: renamed to %q (active: %v), suggestions %q", r.Type, r.RenamedTo, c.IsActive(r.RenamedTo), r.SuggestedReplacements)
			}
			if !strings.HasPrefix(r.RetiredBasis, "documented: Document history entry") || r.RetiredOn == "" {
				t.Errorf("%s: a rename needs its history entry and date, got %q %q", r.Type, r.RetiredBasis, r.RetiredOn)
			}
			continue
		}
		if r.ReplacementBasis != "inferred" && len(r.SuggestedReplacements) > 0 {
			t.Errorf("%s: replacement basis %q; AWS maps no retired type one to one", r.Type, r.ReplacementBasis)
		}
		for _, s := range r.SuggestedReplacements {
			if !c.IsActive(s) {
				t.Errorf("%s: suggested replacement %q is not an active type", r.Type, s)
			}
		}
		for _, s := range r.SecurityHubTypes {
			if !strings.HasSuffix(s, SecurityHubSpellings(r.Type)[0]) {
				t.Errorf("%s: documented Security Hub type %q does not end in the ASFF spelling", r.Type, s)
			}
		}
		if r.Source != RetiredSourceURL {
			t.Errorf("%s: source %q", r.Type, r.Source)
		}
	}
	for _, a := range c.ActiveTypes() {
		if !ValidTypeName(a) {
			t.Errorf("active %q does not fit the type grammar", a)
		}
	}
}

// The embedded data must carry every fact of the shared facts file.
func TestCatalogMatchesFacts(t *testing.T) {
	raw, err := os.ReadFile("../../shared/facts/retired-finding-types.json")
	if err != nil {
		t.Skip("facts not beside the checkout:", err)
	}
	var facts []Retired
	if err := json.Unmarshal(raw, &facts); err != nil {
		t.Fatal(err)
	}
	c := Builtin()
	for _, f := range facts {
		r := c.Lookup(f.Type)
		if r == nil {
			t.Errorf("%s: missing from the embedded catalog", f.Type)
			continue
		}
		f.Source = r.Source
		f.Exclusions = r.Exclusions // gdlint's own data (partitions.json), not the facts file's
		a, _ := json.Marshal(f)
		b, _ := json.Marshal(r)
		if string(a) != string(b) {
			t.Errorf("%s: embedded facts differ:\n got %s\nwant %s", f.Type, b, a)
		}
	}
}

func TestTypeGrammar(t *testing.T) {
	for _, s := range []string{"Backdoor:EC2/C&CActivity.B!DNS", "Recon:IAMUser/TorIPCaller", "Impact:S3/AnomalousBehavior.Write"} {
		if !ValidTypeName(s) {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range []string{"", "Recon", "Recon:IAMUser", "Recon:/X", ":IAMUser/X", "Recon:IAMUser/", "Recon IAMUser/X", "Recon:IAMUser/X Y"} {
		if ValidTypeName(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}

func TestUserRetiredWinsOverActive(t *testing.T) {
	c, err := NewCatalog([]Retired{{Type: "Recon:IAMUser/TorIPCaller"}}, []string{"Recon:IAMUser/TorIPCaller", "Recon:IAMUser/MaliciousIPCaller"})
	if err != nil {
		t.Fatal(err)
	}
	if c.IsActive("Recon:IAMUser/TorIPCaller") || c.Lookup("Recon:IAMUser/TorIPCaller") == nil {
		t.Error("a type the user lists as retired must count as retired")
	}
	if _, err := NewCatalog([]Retired{{Type: "not a type"}}, nil); err == nil {
		t.Error("a malformed type must be refused")
	}
}

// TestRetiredMessagePerCatalog checks that memoised messages follow the
// catalog: the same type retired on different dates in two catalogs gets
// each catalog's own date, in either order and on a second lint.
func TestRetiredMessagePerCatalog(t *testing.T) {
	const src = `type = "Backdoor:EC2/XORDDOS"` + "\n"
	lint := func(date string) string {
		retired := BuiltinRetired()
		for i := range retired {
			if retired[i].Type == "Backdoor:EC2/XORDDOS" {
				retired[i].RetiredOn = date
			}
		}
		c, err := NewCatalog(retired, BuiltinActive())
		if err != nil {
			t.Fatal(err)
		}
		res := NewLinter(c).Lint("x.tf", []byte(src), scanner.HCL)
		for _, d := range res.Diagnostics {
			if d.Rule.ID == "GDL001" {
				return d.Message
			}
		}
		t.Fatalf("no GDL001 in %q", src)
		return ""
	}
	for _, date := range []string{"2001-01-01", "2002-02-02", "2001-01-01"} {
		if msg := lint(date); !strings.Contains(msg, "retired by GuardDuty on "+date) {
			t.Errorf("catalog retiring it on %s says: %s", date, msg)
		}
	}
}
