package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// TestExclusionsAreFacts holds the embedded exclusions to the catalog:
// each names retired types, successors that are active, a date and a
// source, and places in the partitions gdlint knows.
func TestExclusionsAreFacts(t *testing.T) {
	cat := Builtin()
	es := BuiltinExclusions()
	if len(es) < 2 {
		t.Fatalf("%d exclusions, want the 2021 and 2022 notices", len(es))
	}
	for _, e := range es {
		if e.Date == "" || e.Source == "" || e.Notice == "" || len(e.Retired) == 0 {
			t.Errorf("%+v: want a date, a source, the notice and its types", e)
		}
		for _, p := range e.Partitions {
			if p != "aws-us-gov" && p != "aws-cn" {
				t.Errorf("%s: partition %q", e.Date, p)
			}
		}
		for _, typ := range e.Retired {
			r := cat.Lookup(typ)
			if r == nil || r.RetiredOn != e.Date {
				t.Errorf("%s: %s is not a type retired that day", e.Date, typ)
			}
		}
		for _, typ := range e.NotBrought {
			if !cat.IsActive(typ) {
				t.Errorf("%s: successor %s is not active", e.Date, typ)
			}
		}
	}
}

const partitionPattern = `{"source": ["aws.guardduty"], "detail": {"type": [
  "Exfiltration:S3/ObjectRead.Unusual",
  "Recon:IAMUser/UserPermissions",
  "Behavior:IAMUser/InstanceLaunchUnusual"
]}}`

// TestCatalogIn reads one pattern in each kind of place: where a notice
// left a type out, GDL001 is a warning that names the notice and offers no
// fix, the rule is not dead (no GDL004), and successors the notice did not
// bring there are left out, for every type.
func TestCatalogIn(t *testing.T) {
	type ref struct {
		cat      Category
		excluded string // the place the message names, or ""
	}
	for _, tc := range []struct {
		partition, region string
		want              map[string]ref
		dead              bool
	}{
		{"", "", map[string]ref{"Exfiltration:S3/ObjectRead.Unusual": {CategoryValue, ""}, "Recon:IAMUser/UserPermissions": {CategoryValue, ""}}, true},
		{"aws", "us-east-1", map[string]ref{"Exfiltration:S3/ObjectRead.Unusual": {CategoryValue, ""}, "Recon:IAMUser/UserPermissions": {CategoryValue, ""}}, true},
		{"aws", "ap-northeast-3", map[string]ref{"Exfiltration:S3/ObjectRead.Unusual": {CategoryUpcoming, "ap-northeast-3"}, "Recon:IAMUser/UserPermissions": {CategoryValue, ""}}, false},
		{"aws-cn", "cn-north-1", map[string]ref{"Exfiltration:S3/ObjectRead.Unusual": {CategoryUpcoming, "aws-cn"}, "Recon:IAMUser/UserPermissions": {CategoryUpcoming, "aws-cn"}}, false},
		{"aws-us-gov", "us-gov-west-1", map[string]ref{"Exfiltration:S3/ObjectRead.Unusual": {CategoryUpcoming, "aws-us-gov"}, "Recon:IAMUser/UserPermissions": {CategoryUpcoming, "aws-us-gov"}}, false},
	} {
		cat := Builtin()
		if tc.partition != "" {
			cat = cat.In(tc.partition, tc.region)
		}
		res := NewLinter(cat).Lint("p.json", []byte(partitionPattern), scanner.JSON)
		dead := false
		for _, d := range res.Diagnostics {
			if d.Rule.ID == "GDL004" {
				dead = true
				continue
			}
			if d.Rule.ID != "GDL001" {
				t.Errorf("%s/%s: %s %s", tc.partition, tc.region, d.Rule.ID, d.Message)
				continue
			}
			w, ok := tc.want[d.FindingType]
			if !ok {
				w = ref{CategoryValue, ""} // InstanceLaunchUnusual: no notice left a place out
			}
			if d.Category != w.cat {
				t.Errorf("%s/%s: %s is %v, want %v", tc.partition, tc.region, d.FindingType, d.Category, w.cat)
			}
			if named := strings.Contains(d.Message, "notice of"); named != (w.excluded != "") || w.excluded != "" && !strings.Contains(d.Message, "excluded "+w.excluded) {
				t.Errorf("%s/%s: %s: %q, want the notice excluding %q", tc.partition, tc.region, d.FindingType, d.Message, w.excluded)
			}
			if w.excluded != "" && len(d.Fixes) > 0 {
				t.Errorf("%s/%s: %s: a fix removes a type still generated there", tc.partition, tc.region, d.FindingType)
			}
			for _, s := range d.Suggested {
				if tc.partition == "aws-cn" && (strings.Contains(s, "IAMUser/AnomalousBehavior") || strings.HasPrefix(s, "Exfiltration:S3/AnomalousBehavior")) {
					t.Errorf("aws-cn: %s: suggests %s, which AWS did not bring to China", d.FindingType, s)
				}
			}
			if tc.partition == "" && d.FindingType == "Behavior:IAMUser/InstanceLaunchUnusual" && !slices.Contains(d.Suggested, "Discovery:IAMUser/AnomalousBehavior") {
				t.Errorf("aws: %s: suggestions %v lost", d.FindingType, d.Suggested)
			}
		}
		if dead != tc.dead {
			t.Errorf("%s/%s: GDL004 %v, want %v", tc.partition, tc.region, dead, tc.dead)
		}
	}
}
