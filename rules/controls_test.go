package rules

import (
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/gdlint/gdlint/scanner"
)

// The embedded controls are well formed: IDs a control's shape, once
// each, sorted; dates real; a notice before its retirement; each fact
// with the page it came from.
func TestControlsData(t *testing.T) {
	cc := BuiltinControls()
	if cc.Source == "" || cc.History == "" || cc.Read == "" || cc.Version == "" {
		t.Errorf("controls.json lacks its sources: %+v", cc)
	}
	if len(cc.Controls) == 0 {
		t.Fatal("no controls")
	}
	from := regexp.MustCompile(`^(change log|document history)( \(announced\))?$`)
	ids := []string{}
	for _, c := range cc.Controls {
		ids = append(ids, c.ID)
		if controlIDEnd([]byte(c.ID), 0) != len(c.ID) {
			t.Errorf("%q is no control ID", c.ID)
		}
		for _, d := range []string{c.Retired, c.Notice} {
			if _, err := time.Parse(time.DateOnly, d); err != nil && d != "" {
				t.Errorf("%s: bad date %q", c.ID, d)
			}
		}
		if c.Retired == "" || !from.MatchString(c.RetiredFrom) {
			t.Errorf("%s: retirement %q from %q", c.ID, c.Retired, c.RetiredFrom)
		}
		if (c.Notice == "") != (c.NoticeFrom == "") || c.Notice != "" && (c.Notice >= c.Retired || !from.MatchString(c.NoticeFrom)) {
			t.Errorf("%s: notice %q from %q, retired %q", c.ID, c.Notice, c.NoticeFrom, c.Retired)
		}
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("controls not sorted: %v", ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			t.Errorf("%s twice", ids[i])
		}
	}
}

func TestControlIDEnd(t *testing.T) {
	for s, want := range map[string]int{
		"S3.4": 4, "S3.4/finding": 4, "S3.4.": 4, "S3.4,": 4, "RedshiftServerless.7": 20,
		"PCI.EC2.3": 9, "PCI.EC2.3]": 9, "PCI.EC2.3.1": -1, "PCI.4": 5, "PCI.": -1, "PCI": -1,
		"S3.40": 5, "S3.4.1": -1, "S3.4a": -1, "S3.4_x": -1, "S3.": -1, "3.4": -1, ".4": -1, "S3": -1, "": -1,
	} {
		if got := controlIDEnd([]byte(s), 0); got != want {
			t.Errorf("controlIDEnd(%q) = %d, want %d", s, got, want)
		}
	}
}

// --as-of moves a retirement AWS gave notice of: before the notice,
// nothing; between notice and retirement, a live value is upcoming (a
// disable list, harmless either way, is not reported); from the
// retirement, an error and a warning.
func TestRetiredControlAsOf(t *testing.T) {
	src := []byte(`Resources:
  AppSync1:
    Type: AWS::SecurityHub::SecurityControl
    Properties:
      SecurityControlId: AppSync.1
securityHub:
  standards:
    - controlsToDisable: [IAM.1, AppSync.1]
`)
	for date, want := range map[string][]Category{
		"2026-01-01": nil,
		"2026-02-10": {CategoryUpcoming},
		"2026-03-09": {CategoryValue, CategoryExclusion},
		"":           {CategoryValue, CategoryExclusion},
	} {
		l := &Linter{Catalog: Builtin().AsOf(date), Rules: []*Rule{RetiredControl}}
		var got []Category
		for _, d := range l.Lint("c.yaml", src, scanner.YAML).Diagnostics {
			got = append(got, d.Category)
		}
		if len(got) != len(want) {
			t.Errorf("as of %q: %v, want %v", date, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("as of %q: %v, want %v", date, got, want)
			}
		}
	}
}

// A standard-specific ID (CIS v1.2.0's 1.1, which is IAM.20) is read only
// with its standard's path and that version, in a control ARN or a
// pre-consolidation GeneratorId, and only whole: 1.1 of another version
// or standard, 1.10, and 1.1.1 are other controls.
func TestStandardSpecificControlForms(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{`arn:aws:securityhub:us-east-1:111122223333:control/cis-aws-foundations-benchmark/v/1.2.0/1.1"`, "IAM.20 (CIS v1.2.0 1.1)"},
		{`"${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/1.1",`, "IAM.20 (CIS v1.2.0 1.1)"},
		{`GeneratorId: arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.1`, "IAM.20 (CIS v1.2.0 1.1)"},
		{`control/cis-aws-foundations-benchmark/v/1.4.0/1.1"`, ""},
		{`control/cis-aws-foundations-benchmark/v/1.2.0/1.10"`, ""},
		{`control/cis-aws-foundations-benchmark/v/1.2.0/1.1.1"`, ""},
		{`control/cis-aws-foundations-benchmark/v/1.2.0/1.1a"`, ""},
		{`control/aws-foundational-security-best-practices/v/1.0.0/1.1"`, ""},
		{`control/xcis-aws-foundations-benchmark/v/1.2.0/1.1"`, ""},
		{`cis-aws-foundations-benchmark/v/1.2.0/1.1`, "IAM.20 (CIS v1.2.0 1.1)"}, // at the text's ends
	} {
		refs := controlForms([]byte(tc.text))
		got := ""
		if len(refs) == 1 {
			got = refs[0].Control.ID
			if s := tc.text[refs[0].Start:refs[0].End]; s[:len("cis-")] != "cis-" || s[len(s)-3:] != "1.1" {
				t.Errorf("%s: range %q", tc.text, s)
			}
		}
		if got != tc.want || len(refs) > 1 {
			t.Errorf("%s: got %q (%d refs), want %q", tc.text, got, len(refs), tc.want)
		}
		if tc.want != "" && !retiredControlIDs.in([]byte(tc.text)) {
			t.Errorf("%s: the pre-filter's IDs miss it", tc.text)
		}
	}
}
