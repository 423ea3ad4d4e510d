package rules

import (
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

func lintWith(t *testing.T, c *Catalog, path, src string) []Diagnostic {
	t.Helper()
	l := &Linter{Catalog: c, Rules: All()}
	return l.Lint(path, []byte(src), scanner.Detect(path)).Diagnostics
}

func find(ds []Diagnostic, rule *Rule) *Diagnostic {
	for i := range ds {
		if ds[i].Rule == rule {
			return &ds[i]
		}
	}
	return nil
}

// A renamed type is a retired name: GDL001 says to what and when, and in a
// value an EventBridge pattern alerts on, the fix is AWS's new name.
func TestRenamedTypes(t *testing.T) {
	c := Builtin().AsOf("2026-12-01")
	pattern := `{"source": ["aws.guardduty"], "detail": {"type": ["Policy:IAMUser/S3BlockPublicAccessDisabled"]}}`
	ds := lintWith(t, c, "pattern.json", pattern)
	d := find(ds, RetiredFindingType)
	if d == nil {
		t.Fatalf("no GDL001: %v", ds)
	}
	want := "Policy:IAMUser/S3BlockPublicAccessDisabled was renamed to Policy:S3/BucketBlockPublicAccessDisabled on 2020-05-28 (AWS document history); replace it with Policy:S3/BucketBlockPublicAccessDisabled"
	if d.Message != want || d.Category != CategoryValue {
		t.Errorf("message %q (%v), want %q", d.Message, d.Category, want)
	}
	if len(d.Fixes) != 1 || d.Fixes[0].Edits[0].NewText != `"Policy:S3/BucketBlockPublicAccessDisabled"` && d.Fixes[0].Edits[0].NewText != "Policy:S3/BucketBlockPublicAccessDisabled" {
		t.Fatalf("fixes %+v", d.Fixes)
	}
	if !strings.Contains(d.Fixes[0].Message, "(renamed by AWS)") {
		t.Errorf("fix message %q", d.Fixes[0].Message)
	}
	fixed, _ := ApplyFixes([]byte(pattern), ds)
	if !strings.Contains(string(fixed), `["Policy:S3/BucketBlockPublicAccessDisabled"]`) {
		t.Errorf("fixed: %s", fixed)
	}
	if n := find(ds, RuleNeverMatches); n == nil || !strings.Contains(n.Message, "(renamed by AWS: Policy:IAMUser/S3BlockPublicAccessDisabled to Policy:S3/BucketBlockPublicAccessDisabled)") {
		t.Errorf("GDL004: %+v", n)
	}

	// In a suppression rule the new name would archive live findings: no
	// replacement there, as for the replace: map.
	filter := "resource \"aws_guardduty_filter\" \"f\" {\n  action = \"ARCHIVE\"\n  finding_criteria {\n    criterion {\n      field  = \"type\"\n      equals = [\"UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration\"]\n    }\n  }\n}\n"
	for _, d := range lintWith(t, c, "f.tf", filter) {
		if len(d.Fixes) > 0 {
			t.Errorf("a suppression rule got a fix: %+v", d)
		}
	}
	// Security Hub's spelling of an old name.
	ds = lintWith(t, c, "rule.yaml", "Type: AWS::SecurityHub::AutomationRule\nProperties:\n  Criteria:\n    Type:\n      - Comparison: EQUALS\n        Value: TTPs/Stealth:IAMUser-S3ServerAccessLoggingDisabled\n")
	if d := find(ds, RetiredFindingType); d == nil || !strings.Contains(d.Message, "is the Security Hub spelling of Stealth:IAMUser/S3ServerAccessLoggingDisabled, renamed to Stealth:S3/ServerAccessLoggingDisabled on 2020-05-28") {
		t.Errorf("Security Hub spelling: %+v", ds)
	}
}

// A retirement still ahead of the catalog's date is a warning that says
// "will be", GDL004 says after when, and nothing is fixed: the type still
// occurs.
func TestUpcomingRetirement(t *testing.T) {
	c := Builtin().AsOf("2026-05-01") // the two Kubernetes types retire on 2026-05-29
	pattern := `{"source": ["aws.guardduty"], "detail": {"type": ["PrivilegeEscalation:Kubernetes/PrivilegedContainer", "Backdoor:EC2/XORDDOS"]}}`
	ds := lintWith(t, c, "pattern.json", pattern)
	var up, dead *Diagnostic
	for i := range ds {
		switch d := &ds[i]; {
		case d.Rule == RetiredFindingType && d.FindingType == "PrivilegeEscalation:Kubernetes/PrivilegedContainer":
			up = d
		case d.Rule == RetiredFindingType:
			dead = d
		}
	}
	if up == nil || up.Category != CategoryUpcoming || !strings.HasPrefix(up.Message, "PrivilegeEscalation:Kubernetes/PrivilegedContainer will be retired by GuardDuty on 2026-05-29; plan to remove it") || len(up.Fixes) > 0 {
		t.Errorf("upcoming: %+v", up)
	}
	if DefaultLevelFor(RetiredFindingType, CategoryUpcoming) != LevelWarning {
		t.Error("an upcoming retirement is a warning")
	}
	// The retired type keeps its removal: the list keeps the upcoming one,
	// which still occurs.
	if dead == nil || dead.Category != CategoryValue || len(dead.Fixes) != 1 {
		t.Errorf("retired: %+v", dead)
	}
	n := find(ds, RuleNeverMatches)
	if n == nil || n.Category != CategoryUpcoming || !strings.HasPrefix(n.Message, "this EventBridge pattern will never fire after 2026-05-29") {
		t.Errorf("GDL004: %+v", n)
	}
	// On the day after, the same file is dead, not upcoming.
	ds = lintWith(t, Builtin().AsOf("2026-05-30"), "pattern.json", pattern)
	if n := find(ds, RuleNeverMatches); n == nil || n.Category != CategoryValue || !strings.Contains(n.Message, "never fires: every type it allows is retired") {
		t.Errorf("after the date: %+v", n)
	}
	// Without a date nothing is upcoming.
	if Builtin().Upcoming(Builtin().Lookup("PrivilegeEscalation:Kubernetes/PrivilegedContainer")) {
		t.Error("a catalog without a date has nothing upcoming")
	}
}
