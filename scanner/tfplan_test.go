package scanner

import (
	"os"
	"strings"
	"testing"
)

func TestIsTerraformPlan(t *testing.T) {
	for src, want := range map[string]bool{
		`{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[]}`:                  true,
		"\xef\xbb\xbf\n{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {}\n}":                true,
		`{"format_version":"1.0","configuration":{}}`:                                                 true,
		`{"format_version":"1.0","values":{}}`:                                                        false, // terraform show -json of a state
		`{"resource_changes":[]}`:                                                                     false,
		`["format_version","resource_changes"]`:                                                       false,
		`{"x":"` + strings.Repeat("a", planSniff) + `","format_version":"1.2","resource_changes":[]}`: false,
	} {
		if got := IsTerraformPlan([]byte(src)); got != want {
			t.Errorf("IsTerraformPlan(%.60q) = %v, want %v", src, got, want)
		}
	}
}

func TestReadPlan(t *testing.T) {
	src, err := os.ReadFile("../testdata/terraform-plan/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	// Named anything: recognised by content.
	f := ParseAs("tfplan", src, Unknown)
	if f.Plan == nil || f.Err != nil {
		t.Fatalf("not read as a plan: %v", f.Err)
	}
	if !f.Plan.KnownFormat() || f.Plan.FormatVersion != "1.2" {
		t.Errorf("format %q", f.Plan.FormatVersion)
	}
	var addrs []string
	for _, r := range f.Plan.Resources {
		addrs = append(addrs, r.Address)
		if !strings.Contains(string(src[r.Range().Start:r.Range().End]), `"name"`) {
			t.Errorf("%s: range %v is not its planned value", r.Address, r.Range())
		}
	}
	want := `module.alerts.aws_cloudwatch_event_rule.guardduty aws_cloudwatch_event_rule.per_env["prod"] aws_guardduty_filter.suppress[0] aws_guardduty_filter.suppress[1] aws_cloudwatch_event_rule.secret aws_cloudwatch_event_rule.later`
	if got := strings.Join(addrs, " "); got != want {
		t.Errorf("resources:\n got %s\nwant %s", got, want)
	}
	if f.Plan.Deleted != 1 {
		t.Errorf("deleted = %d, want 1", f.Plan.Deleted)
	}
	if len(f.Only) != len(f.Plan.Resources) || f.Root.Kind != Array || len(f.Root.Items) != len(f.Plan.Resources) {
		t.Errorf("Only %d, Root %d items, for %d resources", len(f.Only), len(f.Root.Items), len(f.Plan.Resources))
	}
	// after_unknown: the second operand of suppress[0] is known after apply.
	eq := f.Plan.Resources[2].After.Get("finding_criteria").Items[0].Get("criterion").Items[0].Get("equals")
	if eq.Items[0].Kind != String || eq.Items[1].Kind != Dynamic {
		t.Errorf("suppress[0] equals kinds = %v, %v; want String, Dynamic", eq.Items[0].Kind, eq.Items[1].Kind)
	}
	later := f.Plan.Resources[5].After.Get("event_pattern")
	if later != nil {
		t.Errorf("later's pattern, unknown and absent from after, is %v", later.Kind)
	}
	// after_sensitive: the secret rule's pattern.
	sec := f.Plan.Resources[4]
	if len(sec.Sensitive) != 1 || sec.Sensitive[0] != sec.After.Get("event_pattern").Full {
		t.Errorf("secret's sensitive ranges = %v", sec.Sensitive)
	}
	for _, r := range f.Plan.Resources[:4] {
		if len(r.Sensitive) != 0 {
			t.Errorf("%s: sensitive %v", r.Address, r.Sensitive)
		}
	}
}

func TestPlanOfUnknownFormat(t *testing.T) {
	src := `{"format_version":"2.0","resource_changes":[{"address":"aws_x.y","type":"aws_x","name":"y","change":{"actions":["create"],"after":{"a":"b"}}}],"variables":{"v":{"value":"c"}}}`
	f := Parse("p.json", []byte(src))
	if f.Plan == nil || f.Plan.KnownFormat() || len(f.Plan.Resources) != 1 {
		t.Fatalf("plan %+v", f.Plan)
	}
	// What sniffs like a plan but has no resource_changes list (or no
	// format_version string) at its top is read as any JSON: leaving its
	// text out would hide what it holds.
	for _, src := range []string{
		`{"format_version":"1.2","resource_changes":{}}`,
		`{"format_version":"1.2","configuration":{"a":"Backdoor:EC2/XORDDOS"}}`,
		`{"format_version":1,"resource_changes":[]}`,
		`{"format_version":"1.2","x":{"resource_changes":[]}}`,
	} {
		f = Parse("p.json", []byte(src))
		if f.Plan != nil || f.Only != nil || f.Root == nil || f.Root.Kind != Object {
			t.Errorf("%s read as a plan: %+v", src, f.Plan)
		}
	}
}

func TestModulePath(t *testing.T) {
	for addr, want := range map[string]string{
		"":                             "",
		"module.alerts":                "alerts",
		`module.a["x.y]"].module.b[0]`: "a.b",
		`module.a["q\"]"].module.b`:    "a.b",
		"module.a.module.b.module.c":   "a.b.c",
		`module.a[`:                    "a",
	} {
		if got := ModulePath(addr); got != want {
			t.Errorf("ModulePath(%q) = %q, want %q", addr, got, want)
		}
	}
}

// FuzzReadPlan holds what the linter and the driver rely on for any input
// that reads as a plan: Only and Deployed are sorted, disjoint and inside
// the file, and each Deployed range holds its sensitive ranges.
func FuzzReadPlan(f *testing.F) {
	for _, name := range []string{"plan.json", "securityhub.json"} {
		if src, err := os.ReadFile("../testdata/terraform-plan/" + name); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":["create"],"after":{"a":["x",null]},"after_unknown":{"a":[false,true]},"after_sensitive":{"a":[true]}}}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		file := Parse("plan.json", src)
		if file.Plan == nil {
			return
		}
		for i, r := range file.Only {
			if r.Start < 0 || r.End > len(src) || r.Start > r.End || i > 0 && file.Only[i-1].End > r.Start {
				t.Fatalf("Only %v", file.Only)
			}
		}
		for i, d := range file.Deployed {
			if d.Range.Start < 0 || d.Range.End > len(src) || i > 0 && file.Deployed[i-1].Range.End > d.Range.Start {
				t.Fatalf("Deployed %+v", file.Deployed)
			}
			for _, s := range d.Sensitive {
				if s.Start < d.Range.Start || s.End > d.Range.End {
					t.Fatalf("sensitive %v outside %v", s, d.Range)
				}
			}
		}
	})
}
