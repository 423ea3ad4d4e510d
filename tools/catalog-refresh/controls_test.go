package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// controlsRepo makes a checkout whose rules/data/controls.json is b.
func controlsRepo(t *testing.T, b []byte) string {
	t.Helper()
	repo := t.TempDir()
	data := filepath.Join(repo, "rules", "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, controlsFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return repo
}

// The shipped rules/data/controls.json is exactly what the parser makes of
// the page text it was written from: testdata/securityhub-pages holds the
// rows of AWS's controls change log and Security Hub document history
// that were read (as mirrored in crowecawcaw/aws-docs-history; the
// commits are in controls.json's "version"), in the pages' own Markdown,
// with the tables' padding collapsed.
func TestShippedControlsAreWhatThePagesSay(t *testing.T) {
	shipped, err := os.ReadFile(filepath.Join("..", "..", "rules", "data", controlsFile))
	if err != nil {
		t.Fatal(err)
	}
	repo := controlsRepo(t, shipped)
	var out, errs bytes.Buffer
	code, err := runControls(&out, &errs, repo, securityHubSource("", "testdata/securityhub-pages"), true)
	if code != 0 || err != nil || out.Len() > 0 || errs.String() != "catalog-refresh: the retired controls match the Security Hub pages\n" {
		t.Errorf("code %d, err %v, warnings:\n%s\ndiff:\n%s", code, err, errs.String(), out.String())
	}
	got, _ := os.ReadFile(filepath.Join(repo, "rules", "data", controlsFile))
	if !bytes.Equal(got, shipped) {
		t.Errorf("controls.json changed:\n%s", got)
	}
}

// What counts as a retirement, a notice, and neither, on each page.
func TestControlEvents(t *testing.T) {
	log := `| Date of change | Control ID and title | Description of change |
| --- | --- | --- |
| May 1, 2027 | [[X.1] A control](x-controls.md#x-1 "x") | Security Hub CSPM will retire this control and remove from all applicable Security Hub CSPM standards on June 2, 2027. |
| April 1, 2027 | [Y.2] Another<br>[Z.3] And another | Security Hub CSPM retired these controls and removed them from all applicable standards. |
| March 1, 2027 | [[W.4] Kept](w.md) | Security Hub CSPM removed this control from the PCI DSS v4.0.1 standard. |
| February 1, 2027 | [[L.2] Runtimes](l.md) | Security Hub CSPM no longer supports ` + "`go1.x`" + ` because these are retired runtimes. |
| January 1, 2027 | [[V.5] Announced](v.md) | Security Hub CSPM provided notice that this control will be retired. |
`
	events, rows := parseChangeLog(log)
	if rows != 5 {
		t.Errorf("%d rows, want 5", rows)
	}
	want := []controlEvent{
		{ID: "X.1", Date: "2027-05-01", From: "change log", Notice: true, Planned: "2027-06-02"},
		{ID: "Y.2", Date: "2027-04-01", From: "change log"},
		{ID: "Z.3", Date: "2027-04-01", From: "change log"},
		{ID: "V.5", Date: "2027-01-01", From: "change log", Notice: true},
	}
	if !reflect.DeepEqual(events, want) {
		t.Errorf("change log:\n got %+v\nwant %+v", events, want)
	}
	hist := `| Change | Description | Date |
| --- | --- | --- |
| Updates | We retired the Y.2 control and removed it. Since EC2-Classic networking was retired, nothing. | May 5, 2027 |
| Updates | Due to limits, we are planning to retire the Q.7 and remove the control on<br>July 1, 2027. | April 4, 2027 |
| Controls | Security Hub CSPM released [Q.8](q.md). | March 3, 2027 |
`
	more, rows := parseSecurityHubHistory(hist)
	if rows != 3 {
		t.Errorf("%d history rows, want 3", rows)
	}
	wantMore := []controlEvent{
		{ID: "Y.2", Date: "2027-05-05", From: "document history"},
		{ID: "Q.7", Date: "2027-04-04", From: "document history", Notice: true, Planned: "2027-07-01"},
	}
	if !reflect.DeepEqual(more, wantMore) {
		t.Errorf("history:\n got %+v\nwant %+v", more, wantMore)
	}
	controls, warnings := mergeControls(append(events, more...))
	wantControls := []shippedControl{
		{ID: "Q.7", Retired: "2027-07-01", RetiredFrom: "document history (announced)", Notice: "2027-04-04", NoticeFrom: "document history"},
		{ID: "X.1", Retired: "2027-06-02", RetiredFrom: "change log (announced)", Notice: "2027-05-01", NoticeFrom: "change log"},
		// The earliest retirement counts: the history's later entry does not move it.
		{ID: "Y.2", Retired: "2027-04-01", RetiredFrom: "change log"},
		{ID: "Z.3", Retired: "2027-04-01", RetiredFrom: "change log"},
	}
	if !reflect.DeepEqual(controls, wantControls) {
		t.Errorf("merged:\n got %+v\nwant %+v", controls, wantControls)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "V.5 announced for retirement without a date") {
		t.Errorf("warnings: %q", warnings)
	}
}

// A page whose layout changed reads as empty: that is an error (2), not a
// catalog with no retired controls; and a control the pages stop naming is
// kept, with a warning, while a new one is added, with a warning.
func TestControlsRefreshWhenItCannotSee(t *testing.T) {
	shipped, err := os.ReadFile(filepath.Join("..", "..", "rules", "data", controlsFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sh := filepath.Join(dir, securityHubDir)
	if err := os.MkdirAll(sh, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(sh, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(changeLogPage, "<html>moved</html>")
	write(cisPage, "| Control ID and title | CIS v1.2.0 requirement |\n| --- | --- |\n| [[IAM.20] Avoid the use of the root user](x.md) | 1.1 |\n")
	write(securityHubHistoryPage, "| Change | Description | Date |\n| --- | --- | --- |\n| x | y | May 5, 2027 |\n")
	repo := controlsRepo(t, shipped)
	var out, errs bytes.Buffer
	if code, err := runControls(&out, &errs, repo, securityHubSource("", dir), true); code != 2 || err == nil || !strings.Contains(err.Error(), "read as empty") {
		t.Errorf("an empty change log: code %d, err %v", code, err)
	}
	// A CIS page without its mapping table is as blind as an empty log.
	write(cisPage, "<html>moved</html>")
	write(changeLogPage, "| Date of change | Control | Description |\n| --- | --- | --- |\n| May 1, 2027 | [New.1] A control | Security Hub CSPM retired this control and removed it from all standards. |\n")
	if code, err := runControls(&out, &errs, repo, securityHubSource("", dir), true); code != 2 || err == nil || !strings.Contains(err.Error(), "0 CIS mapping rows") {
		t.Errorf("a CIS page without its table: code %d, err %v", code, err)
	}
	write(cisPage, "| Control ID and title | CIS v1.2.0 requirement |\n| --- | --- |\n| [[IAM.20] Avoid the use of the root user](x.md) | 1.1 |\n")
	write(changeLogPage, "| Date of change | Control | Description |\n| --- | --- | --- |\n| May 1, 2027 | [New.1] A control | Security Hub CSPM retired this control and removed it from all standards. |\n")
	code, err := runControls(&out, &errs, repo, securityHubSource("", dir), true)
	if code != 1 || err != nil {
		t.Fatalf("code %d, err %v\n%s", code, err, errs.String())
	}
	for _, w := range []string{
		"new retired Security Hub control New.1 (2027-05-01, change log)",
		"retired Security Hub control S3.4 is named on neither page any more: kept",
	} {
		if !strings.Contains(errs.String(), w) {
			t.Errorf("the warnings lack %q:\n%s", w, errs.String())
		}
	}
	got, _ := os.ReadFile(filepath.Join(repo, "rules", "data", controlsFile))
	for _, w := range []string{`{"id": "New.1", "retired": "2027-05-01", "retired_from": "change log"},`, `{"id": "S3.4", "retired": "2023-09-20", "retired_from": "change log"},`} {
		if !bytes.Contains(got, []byte(w)) {
			t.Errorf("controls.json lacks %s:\n%s", w, got)
		}
	}
}

// The history's rows before 2023 word a retirement otherwise: "is
// retiring the control [X]" and "has retired X", each naming one control
// in bold. A PCI DSS v3.2.1 control keeps its own ID, read whole:
// PCI.EC2.3 is not EC2.3, a current control. "Is retiring" with a later
// date in the row is a notice; a control removed from a standard or a
// release rolled back is neither.
func TestOlderHistoryWording(t *testing.T) {
	hist := `| Change | Description | Date |
| --- | --- | --- |
| [EC2.27 is retired](x.md "x.md") | Security Hub CSPM has retired **EC2.27<br>• Running EC2<br>Instances should not use key pairs**, a former control. | July 20, 2022 |
| Retiring the PCI.EC2.3 control | Security Hub CSPM is retiring the control **[PCI.EC2.3] Unused EC2<br>security groups should be removed**. When a control is retired, it<br>no longer displays on the console. | August 27, 2021 |
| Retiring the Q.9 control | Security Hub CSPM is retiring the control **[Q.9] A control** on<br>October 1, 2021. | August 1, 2021 |
| Removed the RDS.11 control | Removed the RDS.11 control from the Foundational Security Best Practices<br>standard. | March 3, 2021 |
| Updates | We retired the PCI.S3.9 control. | February 1, 2021 |
| [ElasticBeanstalk.3 rolled back](x.md "x.md") | Security Hub CSPM rolled back the control *_[ElasticBeanstalk.3] Elastic Beanstalk<br>should stream logs to CloudWatch_<br>• from the FSBP standard in all<br>Regions. | December 21, 2022 |
`
	events, rows := parseSecurityHubHistory(hist)
	if rows != 6 {
		t.Errorf("%d rows, want 6", rows)
	}
	want := []controlEvent{
		{ID: "EC2.27", Date: "2022-07-20", From: "document history"},
		{ID: "PCI.EC2.3", Date: "2021-08-27", From: "document history"},
		{ID: "Q.9", Date: "2021-08-01", From: "document history", Notice: true, Planned: "2021-10-01"},
		{ID: "PCI.S3.9", Date: "2021-02-01", From: "document history"}, // not S3.9
	}
	if !reflect.DeepEqual(events, want) {
		t.Errorf("history:\n got %+v\nwant %+v", events, want)
	}
}

// The CIS page's mapping table gives each control its requirement in each
// version: a number is that version's control ID for it; "Not supported –
// …" is none; a column that is not a version's is not read.
func TestCISMapping(t *testing.T) {
	md := `| Control ID and title | CIS v5.0.0 requirement | CIS v1.2.0 requirement | Notes |
| --- | --- | --- | --- |
| [[IAM.20] Avoid the use of the root user](iam-controls.md#iam-20 "x") | Not supported – CIS removed this requirement | 1.1 | 9.9 |
| [[EC2.7] EBS default encryption should be enabled](x.md) | 5.1.1 | Not supported | |
| [[IAM.22] IAM user credentials unused](x.md) | 1.11 | Not supported – CIS added this requirement in later versions | |
| Not a control | 1.2 | 1.3 | |
`
	ids, rows := parseCISMapping(md)
	if rows != 3 {
		t.Errorf("%d rows, want 3", rows)
	}
	want := map[string][]string{
		"IAM.20": {"cis-aws-foundations-benchmark/v/1.2.0/1.1"},
		"EC2.7":  {"cis-aws-foundations-benchmark/v/5.0.0/5.1.1"},
		"IAM.22": {"cis-aws-foundations-benchmark/v/5.0.0/1.11"},
	}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("got %v\nwant %v", ids, want)
	}
	// Rows before a header are not read: the page's other lists are not the table.
	if ids, rows := parseCISMapping("| [[IAM.20] Avoid](x.md) | 1.1 |\n"); rows != 0 || len(ids) != 0 {
		t.Errorf("no header: %d rows, %v", rows, ids)
	}
}
