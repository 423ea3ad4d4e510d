package rules

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Each schema says where its fields come from and when they were read;
// every counterpart names a field of each schema; GDL006's page cites
// each source.
func TestFindingFieldsData(t *testing.T) {
	page, err := os.ReadFile("../docs/rules/GDL006.md")
	if err != nil {
		t.Fatal(err)
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	schemas, counterparts := BuiltinFindingFields()
	byName := map[string]FindingSchema{}
	for _, s := range schemas {
		byName[s.Name] = s
		if !strings.HasPrefix(s.URL, "https://") || s.From == "" || !date.MatchString(s.Checked) || s.Source == "" || len(s.Finding) == 0 {
			t.Errorf("%s: incomplete schema", s.Name)
		}
		for _, dt := range s.DetailTypes {
			if !slices.Contains(s.Detail[dt], "findings") {
				t.Errorf("%s: %q has no findings in its detail", s.Name, dt)
			}
		}
		if !strings.Contains(string(page), s.URL) {
			t.Errorf("%s: %s is not cited on docs/rules/GDL006.md", s.Name, s.URL)
		}
	}
	if len(byName) != 2 || !byName["ASFF"].Closed || byName["OCSF"].Closed {
		t.Fatalf("want a closed ASFF and an open OCSF schema, have %v", schemas)
	}
	for _, c := range counterparts {
		if !slices.Contains(byName["ASFF"].Finding, c.ASFF) || !slices.Contains(byName["OCSF"].Finding, c.OCSF) || !strings.HasPrefix(c.Path, c.OCSF) {
			t.Errorf("counterpart %+v names a field its schema lacks", c)
		}
	}
	// OCSF's list is open because OCSF names every attribute in lower case:
	// a listed field that is not would make the rule's naming test wrong.
	for _, f := range byName["OCSF"].Finding {
		if strings.ToLower(f) != f {
			t.Errorf("OCSF field %q is not lower-case", f)
		}
	}
}

// Each alternative of a pattern is judged with the detail-types it
// matches: a $or branch inherits its parent's, or has its own; a condition
// that matches an absent field (exists: false) is not dead; what gdlint
// cannot judge is silent.
func TestFindingFieldsAlternatives(t *testing.T) {
	for _, c := range []struct {
		src  string
		keys []string
	}{
		{`{"source":["aws.securityhub"],"$or":[{"detail-type":["Findings Imported V2"],"detail":{"findings":{"Title":["x"]}}},{"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Title":["x"]}}}]}`, []string{"Title"}},
		{`{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"$or":[{"detail":{"findings":{"Types":["x"]}}},{"detail":{"findings":{"status":["New"]}}}]}`, []string{"Types"}},
		{`{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"Note":[{"exists":false}],"Title":[{"exists":true}]}}}`, []string{"Title"}},
		{`{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"Findings":{"severity":["High"]}}}`, []string{"Findings"}},
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"actionName":["x"],"findings":{}}}`, []string{"actionName"}},
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Insight Results","Findings Imported V2"],"detail":{"findings":{"Title":["x"]}}}`, nil},
		{`{"source":["aws.securityhub","aws.guardduty"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"Title":["x"]}}}`, nil},
		{`{"detail-type":["Findings Imported V2"],"detail":{"findings":{"Title":["x"],"some_new_ocsf_field":["x"]}}}`, []string{"Title"}},
		// One alternative needs fields no single event has.
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported","Findings Imported V2"],"detail":{"findings":{"Severity":{"Label":["HIGH"]},"severity":["High"]}}}`, []string{"Severity", "severity"}},
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported","Findings Imported V2"],"detail":{"findings":{"Severity":{"Label":["HIGH"]},"Workflow":{"Status":["NEW"]}}}}`, nil},
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported","Findings Imported V2"],"detail":{"findings":{"Severity":{"Label":["HIGH"]},"$or":[{"severity":["High"]},{"finding_info":{"title":["x"]}}]}}}`, []string{"Severity"}},
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Custom Action","Findings Imported V2"],"detail":{"actionName":["x"],"findings":{"severity":["High"]}}}`, []string{"actionName"}},
		{`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Custom Action","Findings Imported V2"],"detail":{"actionName":["x"],"findings":{"Severity":{"Label":["HIGH"]}}}}`, nil},
	} {
		var got []string
		for _, d := range lintEvents(t, Builtin(), "p.json", c.src) {
			got = append(got, c.src[d.Range.Start:d.Range.End])
		}
		if !slices.Equal(got, c.keys) {
			t.Errorf("%s: reported %q, want %q", c.src, got, c.keys)
		}
	}
}
