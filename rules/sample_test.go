package rules

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Each sample shape is recognised, and each stops being one when any of
// the values it hinges on is written as a pattern writes it, in a list.
func TestSampleShapes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sample map[string]any
		hinges []string // each, in an array, makes it no sample
	}{
		{"EventBridge event", map[string]any{
			"version": "0", "id": "e1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
			"account": "111122223333", "time": "2021-01-01T00:00:00Z", "region": "us-east-1", "resources": []any{},
			"detail": map[string]any{"type": "Backdoor:EC2/XORDDOS"},
		}, []string{"detail-type", "source", "version", "id", "account", "time", "region"}},
		{"GuardDuty finding", map[string]any{
			"schemaVersion": "2.0", "id": "f1", "type": "Backdoor:EC2/XORDDOS", "service": map[string]any{"serviceName": "guardduty"},
		}, []string{"schemaVersion", "type", "id"}},
		{"ASFF finding", map[string]any{
			"SchemaVersion": "2018-10-08", "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
			"GeneratorId": "g", "Types": []any{"TTPs/Backdoor:EC2-XORDDOS"},
		}, []string{"SchemaVersion", "ProductArn", "GeneratorId"}},
		{"ECS document", map[string]any{
			"@timestamp": "2022-01-01T00:00:00Z", "ecs": map[string]any{"version": "8.11.0"},
		}, []string{"@timestamp"}},
	} {
		if !isSampleShape(parseJSON(t, tc.sample)) {
			t.Errorf("%s: not recognised", tc.name)
		}
		for _, k := range tc.hinges {
			m := map[string]any{}
			for kk, v := range tc.sample {
				m[kk] = v
			}
			m[k] = []any{m[k]}
			if isSampleShape(parseJSON(t, m)) {
				t.Errorf("%s with %s in a list: taken for a sample", tc.name, k)
			}
		}
	}
	// The event's detail.type as a pattern writes it.
	ev := map[string]any{"id": "e1", "time": "t", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
		"detail": map[string]any{"type": []any{"Backdoor:EC2/XORDDOS"}}}
	if isSampleShape(parseJSON(t, ev)) {
		t.Error("an envelope whose detail.type is a list: taken for a sample")
	}
}

func parseJSON(t *testing.T, v any) *scanner.Node {
	t.Helper()
	src, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	f := scanner.ParseAs("x.json", src, scanner.JSON)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	return f.Root
}

// sampleLikeKeys are the keys the shapes look at, in the spellings
// patterns, filters and findings use: a generated pattern is made of them.
var sampleLikeKeys = []string{
	"id", "time", "account", "region", "version", "source", "detail-type", "detailType", "resources",
	"schemaVersion", "SchemaVersion", "schema_version", "type", "Type", "service", "Service", "arn", "accountId",
	"createdAt", "ProductArn", "GeneratorId", "Types", "@timestamp", "ecs", "detail", "severity",
}

// A property of every EventBridge pattern, whatever its keys: its values
// are in arrays ("the value to match is in a JSON array", EventBridge User
// Guide, Event pattern syntax), so no object in it has a sample's shape,
// its detail.type is read as a condition, and a retired type in it is an
// error. Patterns are generated from the keys the
// shapes look at, with envelope keys, finding keys and operators.
func TestPatternsAreNeverSamples(t *testing.T) {
	rng := rand.New(rand.NewSource(24))
	l := NewLinter(Builtin())
	for i := 0; i < 3000; i++ {
		p := randomPattern(rng, 0)
		p["source"] = []any{"aws.guardduty"}
		detail, _ := p["detail"].(map[string]any)
		if detail == nil {
			detail = randomPattern(rng, 1)
			p["detail"] = detail
		}
		detail["type"] = []any{"Backdoor:EC2/XORDDOS"}
		src, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		f := scanner.ParseAs("p.json", src, scanner.JSON)
		if f.Err != nil {
			t.Fatal(f.Err)
		}
		if s := sampleNodes(f.Root); len(s) > 0 {
			t.Fatalf("pattern taken for a sample: %s", src)
		}
		res := l.Lint("p.json", src, scanner.JSON)
		var rules []string
		for _, d := range res.Diagnostics {
			rules = append(rules, d.Rule.ID+":"+d.Category.String())
		}
		if got := strings.Join(rules, " "); !strings.Contains(got, "GDL001:value") {
			t.Fatalf("pattern %s: got %q, want GDL001 as a value", src, got)
		}
	}
}

// randomPattern is an EventBridge pattern object: each field an array of
// values or operators, or a nested pattern.
func randomPattern(rng *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for n := 1 + rng.Intn(6); n > 0; n-- {
		k := sampleLikeKeys[rng.Intn(len(sampleLikeKeys))]
		if depth < 2 && rng.Intn(4) == 0 {
			m[k] = randomPattern(rng, depth+1)
			continue
		}
		var vals []any
		for j := rng.Intn(3); j >= 0; j-- {
			switch rng.Intn(5) {
			case 0:
				vals = append(vals, rng.Intn(10))
			case 1:
				op := []string{"prefix", "suffix", "wildcard", "equals-ignore-case", "anything-but"}[rng.Intn(5)]
				vals = append(vals, map[string]any{op: fmt.Sprint("v", rng.Intn(9))})
			case 2:
				vals = append(vals, map[string]any{"exists": rng.Intn(2) == 0})
			default:
				vals = append(vals, []string{"2.0", "GuardDuty Finding", "aws.guardduty", "111122223333", "x"}[rng.Intn(5)])
			}
		}
		m[k] = vals
	}
	return m
}

// The rule's documentation names every sample key.
func TestSampleKeysDocumented(t *testing.T) {
	page, err := os.ReadFile("../docs/rules/GDL001.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range SampleKeys {
		if !strings.Contains(string(page), strings.TrimSuffix(k, "s")) {
			t.Errorf("docs/rules/GDL001.md does not name the sample key %s", k)
		}
	}
}
