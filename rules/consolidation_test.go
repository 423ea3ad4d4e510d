package rules

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// The embedded data is whole and consistent: every row of AWS's tables is
// there, every consolidated GeneratorId is security-control/ and a
// security control ID, and the index notes where the mapping is not one
// to one.
func TestConsolidationData(t *testing.T) {
	c := BuiltinConsolidation()
	if c.Source == "" || c.Read == "" || c.Version == "" {
		t.Errorf("source, read and version must be set: %+v", c)
	}
	if len(c.GeneratorIDs) != 470 || len(c.ControlIDs) != 123 || len(c.RemovedProductFields) != 8 {
		t.Errorf("%d GeneratorIds, %d control IDs, %d removed keys", len(c.GeneratorIDs), len(c.ControlIDs), len(c.RemovedProductFields))
	}
	for _, r := range c.GeneratorIDs {
		if !strings.HasPrefix(r.New, securityControlPrefix) || standardPrefix(r.Old) == "" {
			t.Errorf("row %+v", r)
		}
	}
	for old, want := range map[string]bool{
		"aws-foundational-security-best-practices/v/1.0.0/EC2.6":                       true,
		"pci-dss/v/3.2.1/PCI.EC2.6":                                                    true,
		"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/2.9": true,
		"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.1": false, // 1.1 and 3.3 are both CloudWatch.1
		"cis-aws-foundations-benchmark/v/1.4.0/4.3":                                    false, // 1.7 and 4.3 are both CloudWatch.1
		"cis-aws-foundations-benchmark/v/1.4.0/3.6":                                    false, // S3.9 in one table, CloudTrail.7 in the other
	} {
		if got := consolidationData().oneToOne()[old]; got != want {
			t.Errorf("oneToOne[%s] = %v, want %v", old, got, want)
		}
	}
	if b, err := json.Marshal(c); err != nil || len(b) == 0 {
		t.Fatal(err)
	}
}

// What the account's ControlFindingGenerator makes of each finding:
// unknown (a file), a warning; SECURITY_CONTROL, an error; STANDARD_CONTROL,
// nothing, since the old identifiers still match there. An ARN-form
// GeneratorId and a standard-specific ID in SecurityControlId match under
// neither setting: errors under all three.
func TestConsolidationAccountSetting(t *testing.T) {
	src := []byte(`{"source": ["aws.securityhub"], "detail": {"findings": {
  "GeneratorId": ["pci-dss/v/3.2.1/PCI.EC2.6", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.4.0/rule/2.1.2"],
  "Compliance": {"SecurityControlId": ["PCI.EC2.6"]},
  "ProductFields": {"StandardsControlArn": [{"exists": true}]}}}}`)
	for _, tc := range []struct {
		setting string
		want    []string // rule:category, in order
	}{
		{"", []string{"GDL007:setting", "GDL007:value", "GDL007:value", "GDL008:setting"}},
		{"SECURITY_CONTROL", []string{"GDL007:value", "GDL007:value", "GDL007:value", "GDL008:value"}},
		{"STANDARD_CONTROL", []string{"GDL007:value", "GDL007:value"}},
	} {
		l := NewLinter(Builtin())
		l.Account.ControlFindingGenerator = tc.setting
		var got []string
		for _, d := range l.Lint("rule.json", src, scanner.JSON).Diagnostics {
			if d.Rule == PreConsolidationControlID || d.Rule == RemovedProductField {
				got = append(got, d.Rule.ID+":"+d.Category.String())
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%q: got %v, want %v", tc.setting, got, tc.want)
		}
	}
}

// A file that holds a GeneratorId, a removed key on a ProductFields line
// or a SecurityControlId condition is parsed; one that holds none of
// GDL007's and GDL008's words does not pass for them (other rules' words,
// GDL009's security-control/, may still make it pass).
func TestConsolidationPrefilter(t *testing.T) {
	for src, want := range map[string]bool{
		`x = "aws-foundational-security-best-practices/v/1.0.0/EC2.6"`: true,
		`f["ProductFields"]["StandardsControlArn"]`:                    true,
		`{"ComplianceSecurityControlId": [{"Value": "PCI.EC2.6"}]}`:    true,
		`x = "security-control/EC2.6"`:                                 false,
		`StandardsControlArn: arn,`:                                    false,
	} {
		if got := consolidationWords.in([]byte(src)); got != want {
			t.Errorf("consolidationWords.in(%s) = %v, want %v", src, got, want)
		}
		if want && !mayProduce([]byte(src), scanner.Unknown) {
			t.Errorf("mayProduce(%s) = false, want true", src)
		}
	}
}

// The pre-filter's standards are a constant, so that no start decodes the
// mapping; they must be exactly the standards the data's GeneratorIds
// name, or a GeneratorId of a new standard would be rejected unread.
func TestConsolidationStandardsAreTheData(t *testing.T) {
	got := slices.Clone(consolidationData().standards)
	want := slices.Clone(consolidationStandards)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the data's standards are %q; consolidationStandards has %q", got, want)
	}
}

// BenchmarkGeneratorRefsRepeatedStandard is one line of a standard's name
// repeated with no separator, 1 MB: each repeat once restarted the read of
// the whole token, quadratic (58.7 s for the file before the fix). Run
// with go test -bench GeneratorRefs ./rules.
func BenchmarkGeneratorRefsRepeatedStandard(b *testing.B) {
	src := []byte("# " + strings.Repeat("pci-dss/v/", 100000) + "\n")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		generatorRefs(src, nil)
	}
}
