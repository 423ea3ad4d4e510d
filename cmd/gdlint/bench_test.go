package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/rules"
)

// filler returns one block of ordinary content for a file of the given
// extension, and gd one block that names GuardDuty types.
var blocks = map[string]struct {
	filler, gd string
}{
	".tf": {
		"resource \"aws_s3_bucket\" \"b%[1]d\" {\n  bucket = \"bucket-%[1]d\"\n  tags = {\n    Team = \"platform\"\n    CostCenter = \"cc-%[1]d\"\n  }\n}\n\n",
		"resource \"aws_cloudwatch_event_rule\" \"gd%[1]d\" {\n  event_pattern = jsonencode({\n    source = [\"aws.guardduty\"]\n    detail = { type = [%[2]q, %[3]q] }\n  })\n}\n\n",
	},
	".yaml": {
		"  Bucket%[1]d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"bucket-%[1]d-${AWS::Region}\"\n      Tags:\n        - Key: Team\n          Value: platform\n",
		"  Rule%[1]d:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [aws.guardduty]\n        detail:\n          type: [%[2]q, %[3]q]\n",
	},
	".json": {
		"{\"id\": %[1]d, \"name\": \"service-%[1]d\", \"tags\": {\"team\": \"platform\", \"url\": \"https://example.com/%[1]d\"}},\n",
		"{\"id\": %[1]d, \"pattern\": {\"source\": [\"aws.guardduty\"], \"detail\": {\"type\": [%[2]q, %[3]q]}}},\n",
	},
	".py": {
		"def handler_%[1]d(event, context):\n    # Process the record: key=value\n    return {\"status\": %[1]d, \"body\": event.get(\"body\")}\n\n",
		"ROUTES_%[1]d = {\n    %[2]q: \"page\",\n    %[3]q: \"ticket\",\n}\n\n",
	},
	".md": {
		"## Section %[1]d\n\nSee the runbook: restart the service, then check the logs.\n\n",
		"## GuardDuty %[1]d\n\nWhen `%[2]s` or `%[3]s` fires, page the on-call.\n\n",
	},
}

// genTree writes a deterministic tree under dir: files spread over
// the given extensions, 30 blocks each. In a sparse tree one file in a
// hundred names GuardDuty types; in a dense one every block does. It
// returns the tree's size in bytes.
func genTree(tb testing.TB, dir string, files int, dense bool, exts ...string) int64 {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	retired := rules.Builtin().RetiredTypes()
	active := rules.Builtin().ActiveTypes()
	var total int64
	for i := range files {
		ext := exts[i%len(exts)]
		bl := blocks[ext]
		var b strings.Builder
		switch ext {
		case ".yaml":
			b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
		case ".json":
			b.WriteString("[\n")
		}
		for j := range 30 {
			n := i*100 + j
			fmt.Fprintf(&b, bl.filler, n)
			if dense || (i%100 == 0 && j == 0) {
				fmt.Fprintf(&b, bl.gd, n, retired[rng.IntN(len(retired))].Type, active[rng.IntN(len(active))])
			}
		}
		if ext == ".json" {
			b.WriteString("{\"end\": true}\n]\n")
		}
		sub := filepath.Join(dir, fmt.Sprintf("mod%03d", i%50))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%05d%s", i, ext)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(b.Len())
	}
	return total
}

func benchScan(b *testing.B, files int, dense bool, exts ...string) {
	dir := b.TempDir()
	size := genTree(b, dir, files, dense, exts...)
	b.SetBytes(size)
	c := &Command{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	for b.Loop() {
		if code := c.Main([]string{"--format", "sarif", "--fail-on", "never", dir}); code != ExitClean {
			b.Fatalf("exit %d", code)
		}
	}
}

var allExts = []string{".tf", ".yaml", ".json", ".py", ".md"}

// The sparse benchmarks are a monorepo where GuardDuty is rare: the cost
// that matters is rejecting files that cannot hold a finding.
func BenchmarkScanSparse(b *testing.B)      { benchScan(b, 2000, false, ".tf") }
func BenchmarkScanSparseMixed(b *testing.B) { benchScan(b, 2000, false, allExts...) }

// The dense benchmarks are every file full of GuardDuty rules: parse and
// report cost, per format.
func BenchmarkScanDenseHCL(b *testing.B)  { benchScan(b, 300, true, ".tf") }
func BenchmarkScanDenseYAML(b *testing.B) { benchScan(b, 300, true, ".yaml") }
func BenchmarkScanDenseJSON(b *testing.B) { benchScan(b, 300, true, ".json") }
func BenchmarkScanDenseCode(b *testing.B) { benchScan(b, 300, true, ".py", ".md") }
