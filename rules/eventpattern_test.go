package rules

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Every hand-kept entry says where it comes from and when it was checked,
// names what to write instead, and is listed on GDL005's page.
func TestDeadEventsData(t *testing.T) {
	page, err := os.ReadFile("../docs/rules/GDL005.md")
	if err != nil {
		t.Fatal(err)
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	entries := BuiltinDeadEvents()
	if len(entries) < 3 {
		t.Fatalf("%d entries", len(entries))
	}
	for _, e := range entries {
		if e.Field != "source" && e.Field != "detail-type" {
			t.Errorf("%s: field %q", e.Value, e.Field)
		}
		if !strings.HasPrefix(e.URL, "https://") || !date.MatchString(e.Checked) || e.Service == "" || e.Why == "" || len(e.Instead) == 0 {
			t.Errorf("%s: incomplete entry %+v", e.Value, e)
		}
		if e.RetiredOn != "" && !date.MatchString(e.RetiredOn) {
			t.Errorf("%s: retired %q", e.Value, e.RetiredOn)
		}
		if !strings.Contains(string(page), "`"+e.Value+"`") || !strings.Contains(string(page), e.URL) {
			t.Errorf("%s: not on docs/rules/GDL005.md with its source", e.Value)
		}
	}
}

func lintEvents(t *testing.T, c *Catalog, name, src string) []Diagnostic {
	t.Helper()
	l := &Linter{Catalog: c, Rules: []*Rule{DeadEventSource, PatternKeyNotInEvent}}
	return l.Lint(name, []byte(src), scanner.Detect(name)).Diagnostics
}

// Inspector Classic is dated: before 2026-05-20 (--as-of) its source is
// upcoming, a warning; from that day a live value, an error.
func TestDeadEventAsOf(t *testing.T) {
	const src = `{"source": ["aws.inspector"], "detail-type": ["Inspector Assessment Run"]}`
	for date, want := range map[string]Category{"2026-05-19": CategoryUpcoming, "2026-05-20": CategoryValue, "": CategoryValue} {
		c := Builtin()
		if date != "" {
			c = c.AsOf(date)
		}
		ds := lintEvents(t, c, "p.json", src)
		if len(ds) != 1 || ds[0].Category != want {
			t.Errorf("as of %q: %+v, want one %s", date, ds, want)
			continue
		}
		if want == CategoryUpcoming && !strings.Contains(ds[0].Message, "stops matching on 2026-05-20") {
			t.Errorf("as of %q: %s", date, ds[0].Message)
		}
	}
}

// The key rename is offered where it is certain: a live pattern without
// the right key. Not where the pattern holds detail-type already (the
// rename would write a key twice), nor in prose (a Description).
func TestPatternKeyFix(t *testing.T) {
	for _, c := range []struct {
		name, src string
		fix       bool
	}{
		{"t.json", `{"source": ["aws.ec2"], "detailType": ["EC2 Instance State-change Notification"]}`, true},
		{"t.yaml", "source: [aws.ec2]\nDetailType: [x]\n", true},
		{"t.json", `{"source": ["aws.ec2"], "detailType": ["a"], "detail-type": ["b"]}`, false},
		{"t.yaml", "Description: '{\"source\": [\"aws.ec2\"], \"detailType\": [\"x\"]}'\n", false},
	} {
		ds := lintEvents(t, Builtin(), c.name, c.src)
		i := slices.IndexFunc(ds, func(d Diagnostic) bool { return d.Rule == PatternKeyNotInEvent })
		if i < 0 {
			t.Errorf("%s %q: no GDL006", c.name, c.src)
			continue
		}
		if got := len(ds[i].Fixes) > 0; got != c.fix {
			t.Errorf("%s %q: fix %v, want %v", c.name, c.src, got, c.fix)
		}
		if c.fix && ds[i].Fixes[0].Edits[0].NewText != "detail-type" {
			t.Errorf("%s: fix writes %q", c.name, ds[i].Fixes[0].Edits[0].NewText)
		}
	}
}

// What is not a pattern stays silent: a service's own fields under a
// pattern's detail, an event (values are strings), an object with keys no
// event has, and a PutEvents entry.
func TestEventPatternShape(t *testing.T) {
	for _, src := range []string{
		`{"source": ["aws.ec2"], "detail-type": ["x"], "detail": {"detailType": ["Macie Alert"], "source": ["aws.inspector"]}}`,
		`{"source": "aws.inspector", "detail-type": "Macie Alert", "detail": {}}`,
		`{"source": ["aws.inspector"], "name": ["x"], "detailType": ["y"]}`,
		`{"Entries": [{"Source": "aws.inspector", "DetailType": "Macie Alert", "Detail": "{}"}]}`,
	} {
		if ds := lintEvents(t, Builtin(), "x.json", src); len(ds) != 0 {
			t.Errorf("%s: %d findings, first %s", src, len(ds), ds[0].Message)
		}
	}
	// A $or branch is a pattern of its own.
	ds := lintEvents(t, Builtin(), "x.json", `{"$or": [{"source": ["aws.inspector"]}, {"detail-type": ["Macie Alert"]}]}`)
	if len(ds) != 2 {
		t.Errorf("$or branches: %d findings, want 2", len(ds))
	}
}

func BenchmarkEventPatterns(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; i < 2000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`{"source": ["aws.securityhub"], "detail-type": ["Security Hub Findings - Imported"], "detail": {"findings": {"Severity": {"Label": ["HIGH"]}}}}`)
	}
	sb.WriteString("]")
	f := scanner.Parse("big.json", []byte(sb.String()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		eventPatterns(f.Root)
	}
}

// The pre-filter's cost on what most trees hold: Terraform with no
// condition and no event word, which it rejects. Run it against the
// pre-filter without eventWords to see what the event rules cost.
func BenchmarkMayProduceTerraform(b *testing.B) {
	block := "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.1.0\"\n  tags    = { Name = \"detail of the network\", Team = \"platform\" }\n}\n"
	src := []byte(strings.Repeat(block, 1<<20/len(block)))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if mayProduce(src, scanner.HCL) {
			b.Fatal("a plain module is parsed")
		}
	}
}

// In code, a dead value is read where its line names its field, as a
// pattern built a field at a time is written; the same words in a title,
// a log message, a comment or a longer string are not.
func TestDeadValuesInCode(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      int
	}{
		{"r.ts", "new Rule(this, 'R', { eventPattern: { source: ['aws.macie'], detailType: ['Macie Alert'] } });\n", 1},
		{"h.py", "if event[\"detail-type\"] == \"Macie Alert\":\n    pass\n", 1},
		{"s.go", "p := map[string]any{\"source\": []string{\"aws.inspector\"}}\n", 1},
		{"t.py", "title = 'Security Hub Findings'\nlog.info(\"Security Hub Findings\")\n", 0},
		{"c.py", "# detail-type: 'Security Hub Findings'\n", 0},
		{"l.py", "p['detail-type'] = ['Security Hub Findings - Imported']\np['source'] = ['aws.inspector2']\n", 0},
		{"v.ts", "const DETAIL_TYPE = 'Macie Finding';\nnew Rule(this, 'R', { eventPattern: { detailType: [DETAIL_TYPE] } });\n", 0},
	} {
		if got := len(lintEvents(t, Builtin(), c.name, c.src)); got != c.want {
			t.Errorf("%s %q: %d findings, want %d", c.name, c.src, got, c.want)
		}
	}
}
