package driver

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// lintPlan lints a plan file written from src, and returns its findings
// and notices.
func lintPlan(t *testing.T, src string) ([]report.Finding, []report.Notice) {
	p := filepath.Join(t.TempDir(), "plan.json")
	write(t, p, []byte(src))
	var notices []report.Notice
	s := &session{linter: rules.NewLinter(rules.Builtin()), opts: Options{MaxFileSize: 1 << 30},
		notice: func(n report.Notice) { notices = append(notices, n) }}
	r, _ := s.lintOne(target{path: p, display: "plan.json", format: scanner.JSON}, nil)
	return r.Findings, notices
}

// hugePlan is a plan of n dead rules, each also in planned_values, whose
// tree would pass scanner.MaxTreeValues.
func hugePlan(n int) string {
	var changes, planned strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			changes.WriteString(",")
			planned.WriteString(",")
		}
		after := fmt.Sprintf(`{"name":"r%d","event_pattern":"{\"source\":[\"aws.guardduty\"],\"detail\":{\"type\":[\"Backdoor:EC2/XORDDOS\"]}}","tags":{"a":"1","b":"2","c":"3"}}`, i)
		fmt.Fprintf(&changes, `{"address":"aws_cloudwatch_event_rule.r[%d]","type":"aws_cloudwatch_event_rule","name":"r","change":{"actions":["create"],"after":%s,"after_unknown":{"arn":true}}}`, i, after)
		fmt.Fprintf(&planned, `{"address":"aws_cloudwatch_event_rule.r[%d]","values":%s}`, i, after)
	}
	return `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + planned.String() +
		`]}},"resource_changes":[` + changes.String() + `],"configuration":{"root_module":{}}}`
}

// A plan whose tree would pass the bound is still read as a plan, a
// resource change at a time: one finding per resource, each with its
// address, and every dead rule found while the planned values fit.
func TestLargePlanIsReadAsAPlan(t *testing.T) {
	const n = 8000 // below the per-rule cap, so that a repeat would show
	src := hugePlan(n)
	if c := strings.Count(src, ",") + strings.Count(src, "{") + strings.Count(src, "["); c <= scanner.MaxTreeValues {
		t.Fatalf("the plan holds at most %d values: not past the bound", c)
	}
	findings, notices := lintPlan(t, src)
	count := map[string]int{}
	for _, f := range findings {
		if f.Logical == nil {
			t.Fatalf("finding without its resource: %+v", f)
		}
		count[f.Rule.ID]++
	}
	if count["GDL001"] != n || count["GDL004"] != n {
		t.Errorf("GDL001 %d, GDL004 %d, for %d dead rules", count["GDL001"], count["GDL004"], n)
	}
	for _, nt := range notices {
		if nt.Level == "warning" {
			t.Errorf("warning: %+v", nt)
		}
	}
}

// Past the bound, planned values are read as text (no GDL004), with their
// addresses, which a warning says.
func TestHugePlanIsReadAsAPlan(t *testing.T) {
	const n = scanner.MaxTreeValues / 8
	findings, notices := lintPlan(t, hugePlan(n))
	gdl001, gdl004 := 0, 0
	for _, f := range findings {
		if f.Logical == nil || !strings.HasPrefix(f.Logical.Name, "aws_cloudwatch_event_rule.r[") {
			t.Fatalf("finding without its resource: %+v", f)
		}
		switch f.Rule.ID {
		case "GDL001":
			gdl001++
		case "GDL004":
			gdl004++
		}
	}
	// A rule lists at most DefaultMaxPerRule per file; the rest are counted.
	if gdl001 != min(n, rules.DefaultMaxPerRule) || gdl004 == 0 || gdl004 >= n {
		t.Errorf("GDL001 %d, GDL004 %d, for %d dead rules", gdl001, gdl004, n)
	}
	for _, nt := range notices {
		if nt.Level == "warning" && strings.Contains(nt.Message, "too large to analyse whole") {
			return
		}
	}
	t.Errorf("no warning: %+v", notices)
}

// A huge plan that cannot be read as one (truncated) is scanned as text,
// and the run says what that loses.
func TestHugeBrokenPlanIsAWarning(t *testing.T) {
	src := hugePlan(scanner.MaxTreeValues / 8)
	findings, notices := lintPlan(t, src[:len(src)-10])
	if len(findings) == 0 {
		t.Fatal("no findings in the text scan")
	}
	for _, n := range notices {
		if n.Level == "warning" && strings.Contains(n.Message, "is a Terraform plan too large to read as one") {
			return
		}
	}
	t.Errorf("no warning: %+v", notices)
}
