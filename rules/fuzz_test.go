package rules

import (
	"os"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// FuzzLint lints arbitrary bytes as each format and checks what must hold
// for any input: no panic, every range inside the file, every GDL001 range
// slicing to exactly a retired type or a Security Hub spelling of one,
// diagnostics in order, and fixes that keep the file parsing.
func FuzzLint(f *testing.F) {
	for _, tc := range formatCases {
		f.Add(uint8(0), []byte(tc.src))
	}
	f.Add(uint8(1), []byte(`{"source":["aws.guardduty"],"detail":{"type":[{"prefix":"UnauthorizedAccess:EC2/TorIP"},{"anything-but":{"wildcard":"*XORDDOS"}}]}}`))
	f.Add(uint8(2), []byte("source: [aws.guardduty]\n$or:\n  - detail: {type: [Backdoor:EC2/XORDDOS]}\n"))
	f.Add(uint8(3), []byte("criterion {\n field = \"type\"\n equals = [\"Recon:IAMUser/UserPermissions\"]\n}\n"))
	f.Add(uint8(4), []byte(`{"Criterion": {"type": {"Matches": ["Recon:IAMUser/*Permissions"]}}}`))
	f.Add(uint8(2), []byte("controlsToDisable: [IAM.1, S3.4]\nSecurityControlId: \"Glue.\\u0032\"\nGeneratorId: [security-control/SNS.2, a/v/1.0.0/EC2.29]\n"))
	f.Add(uint8(4), []byte("import boto3\nhub = boto3.client('securityhub')\nX = ['S3.4', \"EC2.29\"]  # security-control/IAM.20\n"))
	f.Add(uint8(1), []byte(`{"source":["aws.securityhub"],"detail":{"findings":{"GeneratorId":["pci-dss/v/3.2.1/PCI.EC2.6","aws-foundational-security-best-practices/v/1.0.0/EC2.6"],"ProductFields":{"StandardsControlArn":[{"exists":true}]}}}}`))
	f.Add(uint8(2), []byte("detail:\n  findings:\n    GeneratorId: [\"pci-dss/v/3.2.1/PCI.EC2.6\", ':securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.4.0/rule/2.1.2']\n"))
	seeds := map[string]int{"controls-to-disable.yaml": 2, "lists.tf": 0, "lists.json": 1, "lists.yaml": 2, "crlf.yaml": 2, "comments.tf": 0, "comments.jsonc": 1, "comments-flow.yaml": 2}
	for p, which := range seeds {
		if src, err := os.ReadFile("testdata/fix/" + p); err == nil {
			f.Add(uint8(which), src)
		}
	}
	paths := []string{"x.tf", "x.json", "x.yaml", "x.tf.json", "x.py", "x.md", "x.sh", "x.template"}
	linter := NewLinter(Builtin())
	linter.Replace = map[string]string{"Recon:IAMUser/UserPermissions": "Discovery:IAMUser/AnomalousBehavior"}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		path := paths[int(which)%len(paths)]
		res := linter.Lint(path, src, scanner.Detect(path))
		// Fixing and re-parsing agree: a file that parsed still parses
		// once fixed, and a second round of fixes changes nothing.
		if fixedSrc, fixed := ApplyFixes(src, res.Diagnostics); len(fixed) > 0 {
			if err := scanner.ParseAs(path, fixedSrc, scanner.Detect(path)).Err; err != nil {
				t.Fatalf("fixed file no longer parses: %v\n%s", err, fixedSrc)
			}
			again := linter.Lint(path, fixedSrc, scanner.Detect(path))
			if _, more := ApplyFixes(fixedSrc, again.Diagnostics); len(more) > 0 {
				t.Fatalf("a second round fixes %d more", len(more))
			}
		}
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

// FuzzRejection holds the pre-filter to the linter: whatever the bytes,
// a file linted with rejection before parsing gets the same findings as
// one always parsed. Seeds sit on the filter's edges: escapes that decode
// to a type's characters, and those that do not.
func FuzzRejection(f *testing.F) {
	for _, s := range []string{
		`{"source": ["aws.guardduty"], "detail": {"type": ["Recon:IAMUser\/UserPermission"]}}`,
		`{"source": ["aws.guardduty"], "detail": {"type": ["Recon\u003aIAMUser/UserPermission"]}}`,
		"source: [aws.guardduty]\ndetail:\n  type: [\"Recon:IAMUser\\x2fUserPermission\"]\n",
		"source: [\"aws.gu\\\n  ardduty\"]\ndetail:\n  type:\n    - prefix: Backdoor:EC2/XORDD\n",
		"Parameters:\n  P:\n    AllowedPattern: '^[\\w+=,.@-]+$'\n    Description: \"GuardDuty \\\"x\\\"\"\n",
		`{"Criteria": {"Type": [{"Comparison": "PREFIX", "Value": "TTPs\/Discovery\/Recon:IAMUser-User"}]}, "x": "SecurityHub"}`,
		"locals {\n  t = { source = [\"aws.guardduty\"], detail = { type = [\"Recon:IAMUser\\u002FX\"] } }\n}\n",
		"securityHub:\n  standards:\n    - name: AWS Foundational Security Best Practices v1.0.0\n      controlsToDisable:\n        - Lambda.4\n        - IAM.1\n",
		`{"security-hub-frameworks": {"standards": [{"controls-to-disable": ["PCI.EC2.3", "S3\u002e4"]}]}}`,
		"GeneratorId: [security-control/SNS.2, aws-foundational-security-best-practices/v/1.0.0/EC2.6]\n",
		"Pattern:\n  source: [aws.guardduty]\n  detail:\n    type:\n      - ? wildcard # an operator\n        : \"*XORDDOS*\"\n",
		`{"source": ["aws.guardduty"], "detail": {"type": [{"wildcard" /* an operator */ : "*XORDDOS*"}]}}`,
	} {
		for which := range 5 {
			f.Add(uint8(which), []byte(s))
		}
	}
	paths := []string{"x.json", "x.yaml", "x.tf", "x.py", "x.md"}
	l := NewLinter(Builtin())
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		rejectionAgrees(t, l, paths[int(which)%len(paths)], src)
	})
}
