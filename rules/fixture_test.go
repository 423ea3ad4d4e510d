package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Fixtures under ../testdata carry their expectations. Where the format has
// comments, a comment holds them:
//
//	"UnauthorizedAccess:EC2/TorIPCaller", # want GDL001
//	# want-3 GDL001:error GDL001:note      (for line 3 above this one)
//	x = "..." # want GDL001:note "update the comment"
//
// Where it has not (JSON), a sidecar file NAME.want holds lines of
// "LINE RULE[:level] ...". A rule without a level matches any level. A
// quoted regexp after a rule must match the diagnostic's message (Go
// syntax, with \" for a quote), so that a fixture can pin what matters in
// the wording without a golden file of every message. Both a missing and
// an unexpected diagnostic fail the test.
var (
	wantRE  = regexp.MustCompile(`\bwant([+-]\d+)?((?:[ \t]+GDL\d{3}(?::[a-z]+)?(?:[ \t]+"(?:[^"\\]|\\.)*")?)+)`)
	tokenRE = regexp.MustCompile(`GDL\d{3}(?::[a-z]+)?|"(?:[^"\\]|\\.)*"`)
)

// want is one expected diagnostic: "GDL001" or "GDL001:note", and an
// optional regexp its message must match.
type want struct {
	spec    string
	message *regexp.Regexp
}

type expectation map[int][]want // line -> what is expected there

// parseWantList reads "GDL001 GDL002:note \"regexp\" ..." into wants.
func parseWantList(t *testing.T, where, list string) []want {
	var out []want
	for _, tok := range tokenRE.FindAllString(list, -1) {
		if tok[0] != '"' {
			out = append(out, want{spec: tok})
			continue
		}
		if len(out) == 0 || out[len(out)-1].message != nil {
			t.Fatalf("%s: a message regexp must follow a rule: %s", where, tok)
		}
		expr, err := strconv.Unquote(tok)
		if err == nil {
			out[len(out)-1].message, err = regexp.Compile(expr)
		}
		if err != nil {
			t.Fatalf("%s: bad message regexp %s: %v", where, tok, err)
		}
	}
	return out
}

func parseWants(t *testing.T, path string, src []byte) expectation {
	exp := expectation{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		for _, m := range wantRE.FindAllStringSubmatch(sc.Text(), -1) {
			target := line
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				target += n
			}
			exp[target] = append(exp[target], parseWantList(t, fmt.Sprintf("%s:%d", path, line), m[2])...)
		}
	}
	return exp
}

func parseSidecar(t *testing.T, path string) (expectation, bool) {
	raw, err := os.ReadFile(path + ".want")
	if err != nil {
		return nil, false
	}
	exp := expectation{}
	for i, l := range strings.Split(string(raw), "\n") {
		fields := strings.Fields(l)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < 2 {
			t.Fatalf("%s.want:%d: want \"LINE RULE[:level] [\"regexp\"] ...\"", path, i+1)
		}
		rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), fields[0]))
		exp[n] = append(exp[n], parseWantList(t, fmt.Sprintf("%s.want:%d", path, i+1), rest)...)
	}
	return exp, true
}

// fixtureFiles lists the files under dir that gdlint reads.
func fixtureFiles(t *testing.T, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && scanner.Detect(p) != scanner.Unknown {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// got is one reported diagnostic, as a fixture states it.
type got struct {
	spec    string // "GDL001:error"
	message string
	text    string // the source it points at
}

func TestFixtures(t *testing.T) {
	linter := NewLinter(Builtin())
	files := fixtureFiles(t, "../testdata")
	if len(files) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			exp, ok := parseSidecar(t, path)
			if !ok {
				exp = parseWants(t, path, src)
			}
			res := linter.Lint(path, src, scanner.Detect(path))
			// A fixture meant to be valid must parse, or it would only
			// test the text fallback.
			broken := strings.Contains(path, "broken") || strings.Contains(path, "half-written")
			if res.File != nil && (res.File.Err != nil) != broken {
				t.Errorf("parse error %v; only fixtures named broken or half-written may fail to parse", res.File.Err)
			}
			compareExpectations(t, exp, gotByLine(t, res))
		})
	}
}

func gotByLine(t *testing.T, res Result) map[int][]got {
	t.Helper()
	out := map[int][]got{}
	for _, d := range res.Diagnostics {
		line := res.File.Position(d.Range.Start).Line
		out[line] = append(out[line], got{
			spec:    d.Rule.ID + ":" + Policy{}.Level(d.Rule, d.Category).String(),
			message: d.Message,
			text:    string(res.File.Src[d.Range.Start:d.Range.End]),
		})
		checkRangeSlicesToType(t, res.File, d)
	}
	return out
}

func compareExpectations(t *testing.T, exp expectation, gotAt map[int][]got) {
	t.Helper()
	lines := map[int]bool{}
	for l := range exp {
		lines[l] = true
	}
	for l := range gotAt {
		lines[l] = true
	}
	sorted := make([]int, 0, len(lines))
	for l := range lines {
		sorted = append(sorted, l)
	}
	sort.Ints(sorted)
	for _, l := range sorted {
		left := append([]got(nil), gotAt[l]...)
		var missing []string
		for _, w := range exp[l] {
			i := indexMatching(left, w)
			if i < 0 {
				m := w.spec
				if w.message != nil {
					m += fmt.Sprintf(" %q", w.message)
				}
				missing = append(missing, m)
				continue
			}
			left = append(left[:i], left[i+1:]...)
		}
		if len(missing) > 0 {
			t.Errorf("line %d: missing %v (got %v)", l, missing, gotAt[l])
		}
		for _, u := range left {
			t.Errorf("line %d: unexpected %s: %q: %s", l, u.spec, u.text, u.message)
		}
	}
}

// indexMatching finds a got entry ("GDL001:error") that satisfies w
// ("GDL001" or "GDL001:error", and its message regexp).
func indexMatching(gs []got, w want) int {
	for i, g := range gs {
		if (g.spec == w.spec || strings.HasPrefix(g.spec, w.spec+":")) && (w.message == nil || w.message.MatchString(g.message)) {
			return i
		}
	}
	return -1
}

// checkRangeSlicesToType asserts the exactness property: a GDL001 range
// covers exactly the type text, in its canonical or Security Hub spelling.
func checkRangeSlicesToType(t *testing.T, f *scanner.File, d Diagnostic) {
	t.Helper()
	if d.Range.Start < 0 || d.Range.End > len(f.Src) || d.Range.End <= d.Range.Start {
		t.Fatalf("%s: range %v outside the file (%d bytes)", d.Rule.ID, d.Range, len(f.Src))
	}
	if d.Rule == RetiredControl {
		// Exactly a retired control, or an escaped string that decodes to
		// one of its forms (reported whole).
		got := string(f.Src[d.Range.Start:d.Range.End])
		if LookupControl(got) == nil && retiredStandardControls()[strings.Replace(got, "/rule/", "/", 1)] == nil && !strings.Contains(got, `\`) {
			t.Errorf("GDL009 range slices to %q, not a retired control", got)
		}
		return
	}
	if d.Rule != RetiredFindingType {
		return
	}
	got := strings.ReplaceAll(string(f.Src[d.Range.Start:d.Range.End]), `\/`, "/") // JSON's escaped slash
	for _, s := range append([]string{d.FindingType}, SecurityHubSpellings(d.FindingType)...) {
		if got == s {
			return
		}
	}
	t.Errorf("GDL001 range slices to %q, not a spelling of %s", got, d.FindingType)
}

// Messages are short enough to read in an annotation: over every fixture
// the median is at most 200 characters, and none repeats a URL, which
// belongs in the rule's documentation.
func TestMessagesAreShort(t *testing.T) {
	linter := NewLinter(Builtin())
	var lengths []int
	for _, path := range fixtureFiles(t, "../testdata") {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range linter.Lint(path, src, scanner.Detect(path)).Diagnostics {
			lengths = append(lengths, len(d.Message))
			if strings.Contains(d.Message, "://") {
				t.Errorf("%s: a URL in the message: %s", path, d.Message)
			}
		}
	}
	sort.Ints(lengths)
	if len(lengths) < 100 {
		t.Fatalf("only %d messages", len(lengths))
	}
	if m := lengths[len(lengths)/2]; m > 200 {
		t.Errorf("median message length %d, over 200", m)
	}
}

// rejectionAgrees checks that src lints the same whether or not it may be
// rejected before parsing.
func rejectionAgrees(t *testing.T, l *Linter, name string, src []byte) {
	t.Helper()
	format := scanner.Detect(name)
	fast, slow := l.lint(name, src, format, true), l.lint(name, src, format, false)
	var a, b []string
	for _, d := range fast.Diagnostics {
		a = append(a, fmt.Sprintf("%s %v %s", d.Rule.ID, d.Range, d.Message))
	}
	for _, d := range slow.Diagnostics {
		b = append(b, fmt.Sprintf("%s %v %s", d.Rule.ID, d.Range, d.Message))
	}
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("%s: rejected or not, different findings:\n%s\n---\n%s\nsource:\n%s", name, strings.Join(a, "\n"), strings.Join(b, "\n"), src)
	}
}

// Rejecting a file before parsing never loses a finding: every fixture,
// and files made to sit on the edge, lint the same with and without it.
func TestRejectionLosesNothing(t *testing.T) {
	l := NewLinter(Builtin())
	check := func(name string, src []byte, _ scanner.Format) { t.Helper(); rejectionAgrees(t, l, name, src) }
	for _, path := range fixtureFiles(t, "../testdata") {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		check(path, src, scanner.Detect(path))
	}
	for name, src := range map[string]string{
		"unknown.json":  `{"source": ["aws.guardduty"], "detail": {"type": ["Recon:IAMUser/UserPermission"]}}`,
		"asff.json":     `{"Criteria": {"Type": [{"Comparison": "EQUALS", "Value": "TTPs/Discovery/Recon:IAMUser-UserPermission"}]}, "x": "SecurityHub"}`,
		"prefix.json":   `{"source": ["aws.guardduty"], "detail": {"type": [{"prefix": "UnauthorizedAccess:EC2/TorIP"}]}}`,
		"wildcard.json": `{"source": ["aws.guardduty"], "detail": {"type": [{"wildcard": "*XORDDO*"}]}}`,
		"contains.json": `{"Criteria": {"Type": [{"Comparison": "CONTAINS", "Value": "XORDDOS"}]}, "x": "SecurityHub"}`,
		"escaped.json":  `{"source": ["aws.guardduty"], "detail": {"type": ["Recon:IAMUser\/UserPermission"]}}`,
		"prose.yaml":    "logsource:\n  product: aws\n  service: guardduty\ndetection:\n  selection:\n    eventName: x\n",
		"ignore.tf":     "# gdlint:ignore GDL001 -- stale\nlocals {}\n",
		// A pattern that names a known type is GuardDuty's without a source.
		"known-prefix.json":   `{"detail": {"type": ["Recon:IAMUser/MaliciousIPCaller", {"prefix": "Backdoor:EC2/XORDD"}]}}`,
		"known-wildcard.yaml": "detail:\n  type:\n    - Recon:IAMUser/MaliciousIPCaller\n    - wildcard: '*XORDDOS*'\n",
		"known-unknown.json":  `{"detail": {"type": ["Recon:IAMUser/MaliciousIPCaller", "Recon:IAMUser/Foo"]}}`,
		// Security Hub criteria name no resource type when they are an API call's input.
		"criteria.json": `{"Type": [{"Comparison": "CONTAINS", "Value": "XORDDOS"}]}`,
		"ocsf.json":     `{"CompositeFilters": [{"StringFilters": [{"FieldName": "finding_info.types", "Filter": {"Comparison": "CONTAINS", "Value": "XORDDOS"}}]}]}`,
		"criteria.tf":   "locals {\n  t = { comparison = \"CONTAINS\", value = \"XORDDOS\" }\n}\nresource \"x\" \"y\" {\n  criteria {\n    type {\n      comparison = \"PREFIX\"\n      value = \"TTPs/Backdoor:EC2-XORD\"\n    }\n  }\n}\n",
		// Escapes that hide a condition word.
		"unicode.json": `{"source": ["aws.gu\u0061rdduty"], "detail": {"type": [{"prefix": "Backdoor:EC2/XORDD"}]}}`,
		"hex.yaml":     "source: [\"aws.gu\\x61rdduty\"]\ndetail:\n  type:\n    - prefix: Backdoor:EC2/XORDD\n",
		"fold.yaml":    "source: [\"aws.gu\\\n  ardduty\"]\ndetail:\n  type:\n    - prefix: Backdoor:EC2/XORDD\n",
		// The same in prose, where nothing decodes it, and in shell, where a
		// continuation joins the word.
		"fold.md":    "source: [\"aws.gu\\\n  ardduty\"]\ndetail:\n  type:\n    - prefix: Backdoor:EC2/XORDD\n",
		"fold.txt":   "source: [\"aws.gu\\\n  ardduty\"]\ndetail:\n  type:\n    - prefix: Backdoor:EC2/XORDD\n",
		"fold.sh":    "aws events put-rule --event-pattern '{\"source\": [\"aws.gu\\\nardduty\"], \"detail\": {\"type\": [{\"prefix\": \"Backdoor:EC2/XORDD\"}]}}'\n",
		"runbook.md": "Archive the finding:\n\n```sh\naws securityhub batch-update-findings \\\n  --finding-identifiers Id=x,ProductArn=y \\\n  --workflow Status=SUPPRESSED # EC2.27\n```\n",
		"key.json":   `{"Crit\u0065rion": {"type": {"Matches": ["*XORDDOS*"]}}}`,
		"upper.tf":   "locals {\n  p = { source = [\"aws.gu\\U00000061rdduty\"], detail = { type = [{ prefix = \"Backdoor:EC2/XORDD\" }] } }\n}\n",
		// Escapes that spell a type's '/' or ':'.
		"slash-u.json":    `{"source": ["aws.guardduty"], "detail": {"type": ["Recon:IAMUser\u002FUserPermission"]}}`,
		"colon-u.json":    `{"source": ["aws.guardduty"], "detail": {"type": ["Recon\u003aIAMUser/UserPermission"]}}`,
		"slash-x.yaml":    "source: [aws.guardduty]\ndetail:\n  type: [\"Recon:IAMUser\\x2fUserPermission\"]\n",
		"slash-esc.yaml":  "source: [aws.guardduty]\ndetail:\n  type: [\"Recon:IAMUser\\/UserPermission\"]\n",
		"asff-slash.json": `{"Criteria": {"Type": [{"Comparison": "EQUALS", "Value": "TTPs\/Discovery\/Recon:IAMUser-UserPermission"}]}, "x": "SecurityHub"}`,
		"regex.yaml":      "Parameters:\n  P:\n    AllowedPattern: '^[\\w+=,.@-]{1,64}$'\n    Description: \"GuardDuty \\\"delegated\\\" admin\\tid\"\n",
	} {
		check(name, []byte(src), scanner.Detect(name))
	}
	if mayProduce([]byte("logsource:\n  service: guardduty\n"), scanner.Unknown) {
		t.Error("a GuardDuty logsource with no type and no operator is parsed")
	}
	// A runbook's shell continuations are no YAML escaped line break: prose
	// decodes nothing, so they hide no word there.
	runbook := []byte("List them:\n\n```sh\naws guardduty list-findings \\\n  --detector-id $ID \\\n  --max-results 10\n```\n")
	if mayProduce(runbook, scanner.Markdown) {
		t.Error("a runbook's shell continuation makes prose parsed")
	}
	if !mayProduce(runbook, scanner.YAML) {
		t.Error("an escaped line break in a format that decodes one is not seen")
	}
	for _, src := range []string{`C:\Users\x`, `\xampp`, `"\u00e9"`, `\\u0061`, "\\n"} {
		if mayHideWord([]byte(src), false) {
			t.Errorf("%s: seen as hiding a word", src)
		}
	}
	if mayProduce([]byte("Parameters:\n  Id:\n    AllowedPattern: '^[\\w+=,.@-]{1,64}$'\n    Description: \"GuardDuty \\\"admin\\\" account\"\n"), scanner.Unknown) {
		t.Error("a template whose only backslashes are a regular expression's and escaped quotes is parsed")
	}
	// An escaped '/' counts where it makes a token a type's shape, not
	// anywhere (security-reference-architecture's templates hold one in
	// every KMS key ARN pattern).
	if mayProduce([]byte("Parameters:\n  Key:\n    AllowedPattern: '^$|^arn:(aws[a-zA-Z-]*){1}:kms:[a-z0-9-]+:\\d{12}:key\\/[a-f0-9]{8}$'\n    Description: GuardDuty delivery key\n"), scanner.Unknown) {
		t.Error("a template whose only escaped '/' is a regular expression's is parsed")
	}
	for _, src := range []string{`"Recon:IAMUser\/X"`, `"TTPs\/Discovery\/Recon:IAMUser-X"`} {
		if !hasTypeShape([]byte(src), false) {
			t.Errorf("%s: a type's shape with an escaped '/' not seen", src)
		}
	}
	if mayProduce([]byte(`{"Description": "AWS::GuardDuty::Filter, s3keyprefix, ApprovedPatches"}`), scanner.Unknown) {
		t.Error("a resource specification's prose is parsed")
	}
}

// Every operator of every table the conditions are read with, in every
// format and in spellings that are not operators, with values that have
// no finding type's shape: rejection loses nothing. A new operator the
// pre-filter does not know fails here.
func TestRejectionLosesNoOperator(t *testing.T) {
	l := NewLinter(Builtin())
	var filter, hub []string
	for k := range filterOps {
		filter = append(filter, k)
	}
	for k := range securityHubOps {
		hub = append(hub, k)
	}
	variants := func(k string) []string {
		return []string{k, strings.ToUpper(k), strings.ToLower(k), strings.ToUpper(k[:1]) + k[1:]}
	}
	values := []string{"*XORDDOS*", "XORDDOS", "Backdoor:EC2/XORD", "TTPs/Backdoor:EC2-XORD", "Backdoor:EC2/XORDDOS"}
	n := 0
	for _, v := range values {
		for _, k := range eventBridgeOperators {
			for _, k := range variants(k) {
				rejectionAgrees(t, l, "p.json", fmt.Appendf(nil, `{"source": ["aws.guardduty"], "detail": {"type": [{%q: %q}]}}`, k, v))
				rejectionAgrees(t, l, "p.json", fmt.Appendf(nil, `{"detail": {"type": [{"anything-but": {%q: %q}}]}}`, k, v))
				rejectionAgrees(t, l, "p.yaml", fmt.Appendf(nil, `Pattern:
  source: [aws.guardduty]
  detail:
    type:
      - %s: %q
`, k, v))
				rejectionAgrees(t, l, "p.tf", fmt.Appendf(nil, `locals {
  p = jsonencode({source = ["aws.guardduty"], detail = {type = [{ %q = %q }]}})
}
`, k, v))
				n += 4
			}
		}
		for _, k := range filter {
			for _, k := range variants(k) {
				rejectionAgrees(t, l, "f.json", fmt.Appendf(nil, `{"FindingCriteria": {"Criterion": {"type": {%q: [%q]}}}}`, k, v))
				rejectionAgrees(t, l, "f.yaml", fmt.Appendf(nil, `Criterion:
  type:
    %s:
      - %s
`, k, v))
				rejectionAgrees(t, l, "f.tf", fmt.Appendf(nil, "resource \"aws_guardduty_filter\" \"f\" {\n  finding_criteria {\n    criterion {\n      field = \"type\"\n      %s = [%q]\n    }\n  }\n}\n", k, v))
				n += 3
			}
		}
		for _, k := range hub {
			for _, k := range variants(k) {
				rejectionAgrees(t, l, "h.json", fmt.Appendf(nil, `{"Type": "AWS::SecurityHub::AutomationRule", "Criteria": {"Type": [{"Comparison": %q, "Value": %q}]}}`, k, v))
				rejectionAgrees(t, l, "h.tf", fmt.Appendf(nil, "resource \"aws_securityhub_automation_rule\" \"r\" {\n  criteria {\n    type {\n      comparison = %q\n      value = %q\n    }\n  }\n}\n", k, v))
				n += 2
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d documents", n)
	}
}

// eventBridgeOperators lists exactly the keys patternOperator reads as
// operators that compare a type's text; numeric and cidr match no type,
// and any other key leaves the condition open.
func TestEventBridgeOperators(t *testing.T) {
	candidates := append([]string{"Prefix", "PREFIX", "exists", "numeric", "cidr", "equals", "anything_but", "$or"}, eventBridgeOperators...)
	for _, k := range candidates {
		f := scanner.ParseAs("p.json", fmt.Appendf(nil, `{%q: "Backdoor:EC2/XORDDOS"}`, k), scanner.JSON)
		if f.Err != nil {
			t.Fatal(f.Err)
		}
		var c Condition
		c.patternOperator(f.Root, false)
		if k == "numeric" || k == "cidr" { // never matches a type: neither open nor an operand
			if c.Open || len(c.Operands) > 0 {
				t.Errorf("%q: read as matching a type", k)
			}
			continue
		}
		known := !c.Open || len(c.Operands) > 0
		if want := slices.Contains(eventBridgeOperators, k); known != want {
			t.Errorf("%q: read as an operator %v, listed %v", k, known, want)
		}
	}
}

// A keyed operator is seen wherever JSON or YAML can write a key, though
// the pre-filter looks only where a key may be (mayBeKey): before its ':'
// past line breaks, comments and escapes, and as YAML's explicit keys.
// Each file fires a rule linted whole, so each case can fail. (An alias
// as a key, "{*op : x}", makes no condition today: TestMayBeKey holds
// keyMarked to those spellings, so that reading them later cannot make a
// false green.)
func TestRejectionSeesEveryKeySpelling(t *testing.T) {
	l := NewLinter(Builtin())
	pattern := `{"source": ["aws.guardduty"], "detail": {"type": [{%s "*XORDDOS*"}]}}`
	yamlPattern := "Pattern:\n  source: [aws.guardduty]\n  detail:\n    type:\n      - %s\n"
	for name, src := range map[string]string{
		"lines.json":        fmt.Sprintf(pattern, "\"wildcard\"\n\n:"),
		"comment.json":      fmt.Sprintf(pattern, `"wildcard" /* an operator */ :`),
		"line-comment.json": fmt.Sprintf(pattern, "\"wildcard\" // an operator\n:"),
		"nested.json":       `{"P": "{\"source\": [\"aws.guardduty\"], \"detail\": {\"type\": [{\"wildcard\"\n: \"*XORDDOS*\"}]}}"}`,
		"nested-u.json":     `{"P": "{\"source\": [\"aws.guardduty\"], \"detail\": {\"type\": [{\"wildcard\"\u000a: \"*XORDDOS*\"}]}}"}`,
		"space.yaml":        fmt.Sprintf(yamlPattern, `wildcard : "*XORDDOS*"`),
		"explicit.yaml":     fmt.Sprintf(yamlPattern, "? wildcard\n        : \"*XORDDOS*\""),
		"explicit-c.yaml":   fmt.Sprintf(yamlPattern, "? wildcard # an operator\n        : \"*XORDDOS*\""),
		"explicit-b.yaml":   fmt.Sprintf(yamlPattern, "? |-\n          wildcard\n        : \"*XORDDOS*\""),
	} {
		if res := l.lint(name, []byte(src), scanner.Detect(name), false); len(res.Diagnostics) == 0 {
			t.Errorf("%s: no finding linted whole; the case tests nothing:\n%s", name, src)
			continue
		}
		rejectionAgrees(t, l, name, []byte(src))
	}
}
