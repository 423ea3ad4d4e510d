package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// TestSecurityHubTableWhole holds every row of AWS's Security Hub table:
// each ASFF value, as a whole and by its type part where only one type has
// that part, names the row's type; in a Security Hub rule's EQUALS it is
// never GDL002, and it is GDL001 exactly when the type is retired.
func TestSecurityHubTableWhole(t *testing.T) {
	tab := BuiltinSecurityHubTable()
	if tab.Source == "" || tab.Read == "" || len(tab.Rows) < 200 {
		t.Fatalf("table without its source or date, or short: %q %q %d rows", tab.Source, tab.Read, len(tab.Rows))
	}
	cat := Builtin()
	parts := map[string]map[string]bool{}
	for _, r := range tab.Rows {
		for _, v := range r.ASFF {
			p := asffPart(v)
			if parts[p] == nil {
				parts[p] = map[string]bool{}
			}
			parts[p][r.Type] = true
		}
	}
	l := NewLinter(cat)
	values := 0
	for _, r := range tab.Rows {
		if !cat.Known(r.Type, false) {
			t.Errorf("%s: the table's type is neither active nor retired in the catalog", r.Type)
		}
		for _, v := range r.ASFF {
			values++
			if got, ok := cat.Canonical(v); !ok || got != r.Type {
				t.Errorf("%q names %q (%v), want %s", v, got, ok, r.Type)
			}
			if p := asffPart(v); len(parts[p]) == 1 {
				if got, ok := cat.Canonical(p); !ok || got != r.Type {
					t.Errorf("type part %q names %q (%v), want %s", p, got, ok, r.Type)
				}
			}
			val, _ := json.Marshal(v)
			src := `{"Resources": {"R": {"Type": "AWS::SecurityHub::AutomationRule", "Properties": {"RuleName": "r", "RuleOrder": 1,
  "Criteria": {"Type": [{"Comparison": "EQUALS", "Value": ` + string(val) + `}]}}}}}`
			retired := 0
			for _, d := range l.Lint("t.json", []byte(src), scanner.JSON).Diagnostics {
				switch {
				case d.Rule.ID == "GDL002":
					t.Errorf("%q: GDL002: %s", v, d.Message)
				case d.Rule.ID == "GDL001" && d.FindingType == r.Type:
					retired++
				case d.Rule.ID == "GDL001":
					t.Errorf("%q: GDL001 for %s, want %s", v, d.FindingType, r.Type)
				}
			}
			if want := cat.Lookup(r.Type) != nil; (retired > 0) != want {
				t.Errorf("%q: %d GDL001, want retired=%v", v, retired, want)
			}
		}
	}
	t.Logf("%d rows, %d values", len(tab.Rows), values)
}

// TestMisspellingsNameActiveTypes keeps each misspelling pointing at a
// type GuardDuty generates, under a spelling it does not.
func TestMisspellingsNameActiveTypes(t *testing.T) {
	cat := Builtin()
	for _, m := range BuiltinMisspellings() {
		if !cat.IsActive(m.Type) || cat.Known(m.Spelling, false) || !ValidTypeName(m.Spelling) || m.Source == "" || !strings.HasPrefix(m.Where, "AWS") {
			t.Errorf("%+v: want a valid unknown spelling of an active type, with where and source", m)
		}
	}
}

// TestOtherServiceContextEdges puts Macie's shared spelling at the edges
// of prose and data (file start and end, an item with no lead-in, CRLF,
// blank lines of spaces): nothing panics, and the verdict follows the
// sentence or list it is in.
func TestOtherServiceContextEdges(t *testing.T) {
	const typ = "Policy:IAMUser/S3BlockPublicAccessDisabled"
	l := NewLinter(Builtin())
	for _, tc := range []struct {
		src     string
		format  scanner.Format
		reports bool
	}{
		{typ, scanner.Markdown, true},
		{"- " + typ, scanner.Markdown, true},
		{"Macie: " + typ, scanner.Markdown, false},
		{typ + " is a Macie finding", scanner.Markdown, false},
		{"Macie findings:\r\n\r\n- " + typ + "\r\n- " + typ + "\r\n", scanner.Markdown, false},
		{"Macie findings.\n \t\n" + typ, scanner.Markdown, true},
		{"Macie.\n- " + typ + "\n\nGuardDuty: " + typ, scanner.Markdown, true},
		{"Immaculate " + typ, scanner.Markdown, true},
		{strings.Repeat("x", 3*maxSentence) + " Macie " + strings.Repeat("y", 3*maxSentence) + " " + typ, scanner.Text, true},
		{`["` + typ + `"]`, scanner.JSON, true},
		{`["SensitiveData:S3Object/Personal", "` + typ + `"]`, scanner.JSON, false},
		{`{"client": "macie2", "t": "` + typ + `"}`, scanner.JSON, false},
		{`{"source": ["aws.macie"], "detail": {"type": ["` + typ + `"]}}`, scanner.JSON, false},
		{`{"source": ["aws.guardduty", "aws.macie"], "detail": {"type": ["` + typ + `"]}}`, scanner.JSON, true},
	} {
		got := false
		for _, d := range l.Lint("f", []byte(tc.src), tc.format).Diagnostics {
			got = got || d.Rule.ID == "GDL001"
		}
		if got != tc.reports {
			t.Errorf("%.60q: GDL001 %v, want %v", tc.src, got, tc.reports)
		}
	}
}
