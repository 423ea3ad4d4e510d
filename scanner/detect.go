package scanner

import (
	"path"
	"strings"
)

// Format is a file format gdlint knows how to read.
type Format uint8

const (
	Unknown       Format = iota
	HCL                  // Terraform .tf, .tfvars, Terragrunt .hcl
	TerraformJSON        // .tf.json, .tfvars.json
	JSON                 // .json; comments (JSONC) are tolerated
	YAML                 // .yaml, .yml
	Template             // .template: CloudFormation, JSON or YAML by content
	TextConfig           // .json.tpl, .tpl, .tftpl: configuration that is not valid until rendered
	Python
	JavaScript // and TypeScript
	Go
	Java
	Ruby
	Rego
	Shell
	SQL
	KQL
	SPL
	Markdown
	Text
)

var formatNames = [...]string{
	Unknown: "unknown", HCL: "hcl", TerraformJSON: "terraform-json", JSON: "json", YAML: "yaml",
	Template: "template", TextConfig: "text-config", Python: "python", JavaScript: "javascript",
	Go: "go", Java: "java", Ruby: "ruby", Rego: "rego", Shell: "shell", SQL: "sql", KQL: "kql",
	SPL: "spl", Markdown: "markdown", Text: "text",
}

// IsCode reports whether f is a programming or query language: its strings
// are code, not configuration.
func (f Format) IsCode() bool { return f >= Python && f <= SPL }

// IsProse reports whether f is documentation (Markdown, plain text): read
// as written, with no string and no escape decoded.
func (f Format) IsProse() bool { return f == Markdown || f == Text }

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "unknown"
}

// suffixes maps file-name endings to formats. Longer endings are tried
// first, so "x.tf.json" is Terraform JSON, not JSON.
var suffixes = []struct {
	suffix string
	format Format
}{
	{".tfvars.json", TerraformJSON}, {".tf.json", TerraformJSON}, {".json.tpl", TextConfig},
	{".tf", HCL}, {".tfvars", HCL}, {".hcl", HCL},
	{".json", JSON}, {".jsonc", JSON}, {".json5", JSON},
	{".yaml", YAML}, {".yml", YAML}, {".template", Template},
	{".tpl", TextConfig}, {".tftpl", TextConfig},
	{".py", Python}, {".pyi", Python},
	{".js", JavaScript}, {".mjs", JavaScript}, {".cjs", JavaScript}, {".jsx", JavaScript},
	{".ts", JavaScript}, {".mts", JavaScript}, {".cts", JavaScript}, {".tsx", JavaScript},
	{".go", Go}, {".java", Java}, {".rb", Ruby}, {".rego", Rego},
	{".sh", Shell}, {".bash", Shell}, {".zsh", Shell},
	{".sql", SQL}, {".kql", KQL}, {".spl", SPL},
	{".md", Markdown}, {".markdown", Markdown}, {".txt", Text}, {".rst", Text},
}

// Detect classifies a file by its name alone. It is pure: it touches no
// disk. It returns Unknown for files gdlint does not read while walking.
func Detect(name string) Format {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for _, s := range suffixes {
		if strings.HasSuffix(base, s.suffix) && len(base) > len(s.suffix) {
			return s.format
		}
	}
	return Unknown
}

// reportPrefixes are the exact first bytes of each report gdlint writes
// that SniffReport knows, by format name.
var reportPrefixes = []struct {
	format string
	prefix string
}{
	{"sarif", `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"gdlint",`},
	{"json", `{"schemaVersion":1,"tool":{"name":"gdlint","version":`},
	{"rdjson", `{"source":{"name":"gdlint","url":"https://github.com/gdlint/gdlint"},"diagnostics":[`},
	{"gitlab", `[{"description":"`},
	{"checkstyle", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"},
	{"junit", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gdlint\">\n"},
	{"markdown", "## gdlint: "},
}

// SniffReport names the report format src may be written in by gdlint
// (sarif, json, rdjson, gitlab, checkstyle, junit, markdown), from its
// first bytes alone, or returns "". It is pure and costs a byte compare
// for a file that starts with none of { [ < #. A match is only a
// candidate: the report package checks the whole text before a file is
// taken for a report.
func SniffReport(src []byte) string {
	if len(src) == 0 {
		return ""
	}
	switch src[0] {
	case '{', '[', '<', '#':
	default:
		return ""
	}
	for _, p := range reportPrefixes {
		if len(src) >= len(p.prefix) && string(src[:len(p.prefix)]) == p.prefix {
			return p.format
		}
	}
	return ""
}
