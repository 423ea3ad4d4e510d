package rules

import (
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// formatCases place a type (written T) in every format and context gdlint
// reads, with the level the reference must get there.
var formatCases = []struct {
	name, path, src string
	level           Level
}{
	{"hcl string", "x.tf", "locals {\n  a = [\"@T@\"]\n}\n", LevelError},
	{"hcl heredoc", "x.tf", "locals {\n  p = <<-EOT\n    {\"type\": [\"@T@\"]}\n  EOT\n}\n", LevelError},
	{"hcl jsonencode", "x.tf", "locals {\n  p = jsonencode({ detail = { type = [\"@T@\"] } })\n}\n", LevelError},
	{"hcl escaped json", "x.tf", "locals {\n  p = \"{\\\"type\\\":[\\\"@T@\\\"]}\"\n}\n", LevelError},
	{"hcl map key", "x.tf", "locals {\n  m = { \"@T@\" = 1 }\n}\n", LevelError},
	{"hcl hash comment", "x.tf", "# @T@\nlocals {}\n", LevelNote},
	{"hcl slash comment", "x.tf", "locals {} // @T@\n", LevelNote},
	{"hcl block comment", "x.tf", "/* @T@ */\nlocals {}\n", LevelNote},
	{"tfvars", "x.tfvars", "a = [\"@T@\"]\n", LevelError},
	{"terragrunt", "terragrunt.hcl", "inputs = { a = \"@T@\" }\n", LevelError},
	{"terraform json", "x.tf.json", "{\"locals\": {\"a\": \"@T@\"}}\n", LevelError},
	{"json", "x.json", "{\"detail\": {\"type\": [\"@T@\"]}}\n", LevelError},
	{"json escaped", "x.json", "{\"EventPattern\": \"{\\\"type\\\":[\\\"@T@\\\"]}\"}\n", LevelError},
	{"jsonc comment", "x.jsonc", "{\n  // @T@\n  \"a\": 1\n}\n", LevelNote},
	{"yaml plain", "x.yaml", "detail:\n  type:\n    - @T@\n", LevelError},
	{"yaml quoted", "x.yaml", "a: \"@T@\"\n", LevelError},
	{"yaml single quoted", "x.yml", "a: '@T@'\n", LevelError},
	{"yaml flow", "x.yaml", "a: [x, @T@]\n", LevelError},
	{"yaml block", "x.yaml", "p: |\n  {\"type\": [\"@T@\"]}\n", LevelError},
	{"yaml folded", "x.yaml", "p: >-\n  {\"type\":\n  [\"@T@\"]}\n", LevelError},
	{"yaml !Sub", "x.yaml", "d: !Sub \"${AWS::Region} @T@\"\n", LevelError},
	{"yaml comment", "x.yaml", "a: 1 # @T@\n", LevelNote},
	{"yaml broken, string", "x.yaml", "a: [\nb: \"@T@\"\n", LevelError},
	{"yaml broken, comment", "x.yaml", "a: [\n# @T@\n", LevelNote},
	{"cfn json template", "x.template", "{\"Resources\": {\"R\": {\"Type\": \"AWS::Events::Rule\", \"Properties\": {\"EventPattern\": {\"detail\": {\"type\": [\"@T@\"]}}}}}}\n", LevelError},
	{"cfn yaml template", "x.template", "Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        detail:\n          type: [@T@]\n", LevelError},
	{"json template", "x.json.tpl", "{\"type\": ${jsonencode([\"@T@\"])}}\n", LevelError},
	{"python string", "x.py", "R = {\"@T@\": 1}\n", LevelError},
	{"python comment", "x.py", "x = 1  # @T@\n", LevelNote},
	{"python docstring", "x.py", "def f():\n    \"\"\"Handles @T@.\"\"\"\n", LevelNote},
	{"typescript string", "x.ts", "const t = ['@T@'];\n", LevelError},
	{"typescript template", "x.ts", "const t = `@T@`;\n", LevelError},
	{"typescript comment", "x.ts", "/** @T@ */\nconst t = 1;\n", LevelNote},
	{"go string", "x.go", "package x\n\nvar t = \"@T@\"\n", LevelError},
	{"go comment", "x.go", "package x // @T@\n", LevelNote},
	{"java string", "X.java", "class X { String t = \"@T@\"; }\n", LevelError},
	{"ruby comment", "x.rb", "# @T@\n", LevelNote},
	{"rego string", "x.rego", "package x\nt := \"@T@\"\n", LevelError},
	{"shell argument", "x.sh", "aws guardduty create-sample-findings --finding-types @T@\n", LevelError},
	{"shell comment", "x.sh", "echo $# # @T@\n", LevelNote},
	{"sql string", "x.sql", "SELECT 1 WHERE t = '@T@';\n", LevelError},
	{"sql comment", "x.sql", "SELECT 1; -- @T@\n", LevelNote},
	{"kql", "x.kql", "Table | where ActivityType == \"@T@\"\n", LevelError},
	{"spl", "x.spl", "index=gd detail.type=@T@\n", LevelError},
	{"spl comment", "x.spl", "```@T@```\n", LevelNote},
	{"markdown", "x.md", "# Runbook\n\nWhen `@T@` fires, page.\n", LevelNote},
	{"text", "x.txt", "@T@.\n", LevelNote},
}

func TestEveryRetiredTypeInEveryFormat(t *testing.T) {
	linter := NewLinter(Builtin())
	for _, tc := range formatCases {
		for _, eol := range []string{"\n", "\r\n"} {
			for _, r := range Builtin().RetiredTypes() {
				for _, spelling := range append([]string{r.Type}, SecurityHubSpellings(r.Type)...) {
					src := strings.ReplaceAll(tc.src, "\n", eol)
					src = strings.ReplaceAll(src, "@T@", spelling)
					want := strings.Index(src, spelling)
					res := linter.Lint(tc.path, []byte(src), scanner.Detect(tc.path))
					res.Diagnostics = only(res.Diagnostics, RetiredFindingType)
					name := tc.name + " " + map[string]string{"\n": "LF", "\r\n": "CRLF"}[eol] + " " + spelling
					if len(res.Diagnostics) != 1 {
						t.Errorf("%s: %d diagnostics, want 1 in\n%s", name, len(res.Diagnostics), src)
						continue
					}
					d := res.Diagnostics[0]
					if d.Range.Start != want || d.Range.End != want+len(spelling) || d.FindingType != r.Type || (Policy{}).Level(d.Rule, d.Category) != tc.level {
						t.Errorf("%s: got %v %s %s, want [%d,%d) %s %s", name, d.Range, (Policy{}).Level(d.Rule, d.Category), d.FindingType,
							want, want+len(spelling), tc.level, r.Type)
					}
				}
			}
		}
	}
}

func only(ds []Diagnostic, r *Rule) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Rule == r {
			out = append(out, d)
		}
	}
	return out
}
