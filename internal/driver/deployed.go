package driver

import (
	"errors"
	"fmt"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// sensitiveLine is what a report shows for the line of a finding inside a
// value the plan marks sensitive.
const sensitiveLine = "(a sensitive value: not shown)"

// placeDeployed names the resource a finding in a Terraform plan or a
// synthesized template is in, and hides what the plan marks sensitive:
// the finding stays (a false green is worse), but no report shows the
// value, not even the finding type it names.
func placeDeployed(f *scanner.File, d rules.Diagnostic, fd *report.Finding) {
	dep := f.DeployedAt(d.Range)
	if dep == nil {
		return
	}
	fd.Logical = &report.Logical{Kind: dep.Kind, Name: dep.Name}
	if !dep.IsSensitive(d.Range) {
		return
	}
	fd.Text, fd.FindingType, fd.Suggested, fd.Fixes = "", "", nil, nil
	fd.Line = scanner.Window{Text: sensitiveLine, Column: fd.Start.Column}
	fd.Message = fmt.Sprintf("a value of %s that the plan marks sensitive has a %s finding; the value is not shown: read it in the configuration",
		dep.Name, d.Rule.Name)
}

// planNotices says what a user should know about how a Terraform plan was
// read: a format gdlint does not know is read for what can be read; a plan
// that does not parse, or is too large for a tree, is scanned as text,
// which loses what reading it as a plan gives.
func (s *session) planNotices(t job, f *scanner.File) {
	if f != nil && errors.Is(f.Err, scanner.ErrTooManyValues) && scanner.IsTerraformPlan(f.Src) {
		s.notice(report.Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf(
			"is a Terraform plan too large to read as one (%v): scanned as text, so a reference is reported once for each copy the plan holds, with no resource address, and no rule is found dead (GDL004)",
			f.Err)})
		return
	}
	if f == nil || f.Plan == nil {
		return
	}
	if n := f.Plan.Untreed; n > 0 {
		s.notice(report.Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf(
			"is a Terraform plan too large to analyse whole: the planned values of %d resources past %d values are read as text, so their references are reported, with their addresses, but no rule among them is found dead (GDL004)",
			n, scanner.MaxTreeValues)})
	}
	if !f.Plan.KnownFormat() {
		s.notice(report.Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf(
			"is a Terraform plan of format_version %q, which gdlint does not know (it reads 0.x and 1.x); read as 1.x: resource_changes[].change.after of what is not deleted",
			f.Plan.FormatVersion)})
	}
}
