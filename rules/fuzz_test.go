package rules

import (
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// FuzzLint lints arbitrary bytes as each format and checks what must hold
// for any input: no panic, every range inside the file, every GDL001 range
// slicing to exactly a retired type or a Security Hub spelling of one, and
// diagnostics in order.
func FuzzLint(f *testing.F) {
	for _, tc := range formatCases {
		f.Add(uint8(0), []byte(tc.src))
	}
	f.Add(uint8(1), []byte(`{"source":["aws.guardduty"],"detail":{"type":[{"prefix":"UnauthorizedAccess:EC2/TorIP"},{"anything-but":{"wildcard":"*XORDDOS"}}]}}`))
	f.Add(uint8(2), []byte("source: [aws.guardduty]\n$or:\n  - detail: {type: [Backdoor:EC2/XORDDOS]}\n"))
	f.Add(uint8(3), []byte("criterion {\n field = \"type\"\n equals = [\"Recon:IAMUser/UserPermissions\"]\n}\n"))
	f.Add(uint8(4), []byte(`{"Criterion": {"type": {"Matches": ["Recon:IAMUser/*Permissions"]}}}`))
	paths := []string{"x.tf", "x.json", "x.yaml", "x.tf.json", "x.py", "x.md", "x.sh", "x.template"}
	linter := NewLinter(Builtin())
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		path := paths[int(which)%len(paths)]
		res := linter.Lint(path, src, scanner.Detect(path))
		prev := -1
		for _, d := range res.Diagnostics {
			checkRangeSlicesToType(t, res.File, d)
			if d.Range.Start < prev {
				t.Fatalf("diagnostics out of order")
			}
			prev = d.Range.Start
		}
	})
}
