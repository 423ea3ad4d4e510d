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

// genTree writes a deterministic tree of Terraform files under dir and
// returns its size in bytes. In a sparse tree one file in a hundred names a
// GuardDuty type; in a dense one every file is a pattern full of them.
func genTree(tb testing.TB, dir string, files int, dense bool) int64 {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	retired := rules.Builtin().RetiredTypes()
	active := rules.Builtin().ActiveTypes()
	var total int64
	for i := range files {
		var b strings.Builder
		for j := range 30 {
			fmt.Fprintf(&b, "resource \"aws_s3_bucket\" \"b%d_%d\" {\n  bucket = \"bucket-%d-%d\"\n  tags = {\n    Team = \"platform\"\n    CostCenter = \"cc-%d\"\n  }\n}\n\n",
				i, j, i, rng.IntN(1e6), rng.IntN(100))
			if dense || (i%100 == 0 && j == 0) {
				fmt.Fprintf(&b, "resource \"aws_cloudwatch_event_rule\" \"gd%d_%d\" {\n  event_pattern = jsonencode({\n    source = [\"aws.guardduty\"]\n    detail = { type = [%q, %q] }\n  })\n}\n\n",
					i, j, retired[rng.IntN(len(retired))].Type, active[rng.IntN(len(active))])
			}
		}
		sub := filepath.Join(dir, fmt.Sprintf("mod%03d", i%50))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%05d.tf", i)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(b.Len())
	}
	return total
}

func benchScan(b *testing.B, files int, dense bool) {
	dir := b.TempDir()
	size := genTree(b, dir, files, dense)
	b.SetBytes(size)
	c := &Command{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	for b.Loop() {
		if code := c.Main([]string{"--format", "sarif", "--fail-on", "never", dir}); code != ExitClean {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkScanSparse is a monorepo where GuardDuty is rare: the cost that
// matters is rejecting the files that cannot hold a finding.
func BenchmarkScanSparse(b *testing.B) { benchScan(b, 2000, false) }

// BenchmarkScanDense is every file a GuardDuty rule: parse and report cost.
func BenchmarkScanDense(b *testing.B) { benchScan(b, 300, true) }
