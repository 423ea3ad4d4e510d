package rules

import (
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// A call of an operation only Inspector Classic had is an error from the
// day AWS ended it, a warning (upcoming) under an earlier --as-of; only a
// call, only of a Classic-only operation, only where the code names the
// Classic client quoted whole (not inspector2's), and not in a comment.
func TestInspectorClassicCalls(t *testing.T) {
	for _, tc := range []struct {
		name, src, asOf string
		want            []Category
	}{
		{"boto3", "import boto3\nc = boto3.client('inspector')\nc.describe_findings(findingArns=[])\n", "", []Category{CategoryCode}},
		{"as of before", "import boto3\nc = boto3.client('inspector')\nc.describe_findings(findingArns=[])\n", "2026-05-19", []Category{CategoryUpcoming}},
		{"as of the day", "import boto3\nc = boto3.client('inspector')\nc.describe_findings(findingArns=[])\n", "2026-05-20", []Category{CategoryCode}},
		{"inspector2", "import boto3\nc = boto3.client('inspector2')\nc.describe_findings(findingArns=[])\n", "", nil},
		{"no client named", "c.describe_findings(findingArns=[])\n", "", nil},
		{"shared operation", "c = boto3.client(\"inspector\")\nc.list_findings(filter={})\n", "", nil},
		{"not a call", "c = boto3.client(\"inspector\")\nname = describe_findings_v1\nop = c.describe_findings\n", "", nil},
		{"own method", "c = boto3.client(\"inspector\")\nself.send_describe_findings(x)\n", "", nil},
		{"comment", "c = boto3.client(\"inspector\")\n# c.describe_findings(findingArns=[])\n", "", nil},
		{"go", "import \"github.com/aws/aws-sdk-go-v2/service/inspector\"\nout, err := svc.DescribeFindings(ctx, &inspector.DescribeFindingsInput{})\n", "", []Category{CategoryCode}},
	} {
		path := "x.py"
		if tc.name == "go" {
			path = "x.go"
		}
		l := &Linter{Catalog: Builtin().AsOf(tc.asOf), Rules: []*Rule{DeadEventSource}}
		var got []Category
		for _, d := range l.Lint(path, []byte(tc.src), scanner.Detect(path)).Diagnostics {
			got = append(got, d.Category)
		}
		if len(got) != len(tc.want) || len(got) > 0 && got[0] != tc.want[0] {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
