package report

import (
	"bytes"
	"runtime"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// writeReport is what gdlint writes in format for fs, through the guard
// the command puts in front of the line-oriented formats.
func writeReport(t *testing.T, format string, fs []Finding, sum *Summary) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w = &buf
	var guard *textsafe.GuardWriter
	opts := Options{Version: "v1.2.3", Root: "/src", PerRuleCap: 10000, NoticeCap: 1000, FailOn: rules.LevelWarning}
	var wr Writer
	var err error
	if LineOriented(format) {
		guard = textsafe.NewGuardWriter(w)
		wr, err = New(format, guard, opts)
	} else {
		wr, err = New(format, w, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := render(wr, sum, fs); err != nil {
		t.Fatal(err)
	}
	if guard != nil {
		if err := guard.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// recognisable are the formats IsOwnReport knows: all but text and github
// (workflow commands, never a file in a tree).
var recognisable = []string{"sarif", "json", "rdjson", "gitlab", "checkstyle", "junit", "markdown"}

// hostileFindings are findings whose paths and messages hold what each
// format must escape.
func hostileFindings() []Finding {
	fs := append(fakeFindings(3, rules.LevelError), fakeFindings(2, rules.LevelNote)...)
	fs[0].Path = `a "quoted" <dir>/&amp;/x'y.tf`
	fs[0].Message = "tab\there, ::error::, ##[group], \x1b[31m, <b>&</b> | `code` \\| end"
	fs[1].Suggested = []string{"Discovery:IAMUser/AnomalousBehavior"}
	fs[1].Fixes = []Fix{{Message: "remove it", Edits: []Edit{{NewText: "x"}}}}
	fs[2].Rule = rules.RuleNeverMatches
	fs[2].FindingType = ""
	return fs
}

// Every report gdlint writes is recognised as its own, with findings or
// without, whatever the findings hold.
func TestOwnReportsAreRecognised(t *testing.T) {
	cases := map[string]func() ([]Finding, *Summary){
		"findings": func() ([]Finding, *Summary) {
			return hostileFindings(), &Summary{Files: 3, Skipped: 1, Notices: []Notice{{Path: "b.tf", Level: "warning", Message: "does not parse"}}}
		},
		"clean": func() ([]Finding, *Summary) { return nil, &Summary{Files: 1} },
		"live":  func() ([]Finding, *Summary) { return hostileFindings()[:1], &Summary{Files: 4, Unit: "resource"} },
	}
	for name, make := range cases {
		for _, format := range recognisable {
			fs, sum := make()
			out := writeReport(t, format, fs, sum)
			if format == "gitlab" && len(fs) == 0 {
				continue // "[]": nothing in it to lint, nothing to recognise
			}
			got := scanner.SniffReport(out)
			if got != format || !IsOwnReport(got, out) {
				t.Errorf("%s, %s: not recognised (sniffed %q):\n%s", name, format, got, out)
			}
		}
	}
}

// A file that is a report plus anything, or a report that is not
// gdlint's, is not a report: it is linted.
func TestLookalikesAreNotReports(t *testing.T) {
	for _, format := range recognisable {
		out := string(writeReport(t, format, hostileFindings(), &Summary{Files: 3}))
		tampered := map[string]string{
			"a byte more":  out + " ",
			"a line more":  out + "Backdoor:EC2/XORDDOS\n",
			"no last byte": out[:len(out)-1],
		}
		switch format {
		case "sarif", "json", "rdjson":
			tampered["one key more"] = strings.Replace(out, `{"`, `{"Resources":{},"`, 1)
			tampered["a key twice"] = strings.Replace(out, `"message":`, `"message":"x","message":`, 1)
			tampered["a key in another case"] = strings.Replace(out, `"message":`, `"Message":`, 1)
		case "gitlab":
			tampered["another tool"] = strings.ReplaceAll(out, `"check_name":"GDL001 retired-finding-type"`, `"check_name":"other"`)
			tampered["one key more"] = strings.Replace(out, `{"description"`, `{"source":["aws.guardduty"],"description"`, 1)
		case "checkstyle":
			tampered["another source"] = strings.Replace(out, `source="gdlint.GDL001"`, `source="other"`, 1)
			tampered["a comment"] = strings.Replace(out, "  </file>\n", "  </file>\n<!-- Backdoor:EC2/XORDDOS -->\n", 1)
		case "junit":
			tampered["an element more"] = strings.Replace(out, "    </testcase>\n", "    <properties/>\n    </testcase>\n", 1)
		case "markdown":
			tampered["prose after the table"] = out + "\nSee Backdoor:EC2/XORDDOS.\n"
			tampered["a row of another shape"] = strings.Replace(out, "| --- |\n", "| --- |\n| Backdoor:EC2/XORDDOS |\n", 1)
		}
		for what, src := range tampered {
			if src == out {
				t.Fatalf("%s, %s: the tampering changed nothing", format, what)
			}
			if k := scanner.SniffReport([]byte(src)); k != "" && IsOwnReport(k, []byte(src)) {
				t.Errorf("%s with %s is taken for a report", format, what)
			}
		}
	}
	for _, src := range []string{"", "[]\n", "{}", "<x/>", "# notes\n", `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"other"`} {
		if k := scanner.SniffReport([]byte(src)); k != "" && IsOwnReport(k, []byte(src)) {
			t.Errorf("%q is taken for a report", src)
		}
	}
}

// A lookalike made of many small values (a SARIF tool with a million
// one-key rules) costs memory in proportion to its size, not to what
// decoding it whole into gdlint's types would take (80 times its size):
// the check stops at the first value that is not gdlint's or is over its
// bound.
func TestLookalikeCostsLittleMemory(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"gdlint","rules":[`)
	for i := range 300000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"GDL001"}`)
	}
	b.WriteString(`]}},"invocations":[{"executionSuccessful":true}],"columnKind":"utf16CodeUnits","results":[]}]}` + "\n")
	src := []byte(b.String())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	own := IsOwnReport(scanner.SniffReport(src), src)
	runtime.ReadMemStats(&after)
	if own {
		t.Fatal("a SARIF of bare rules is taken for a report")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(8*len(src)) {
		t.Errorf("checking %d bytes allocated %d", len(src), alloc)
	}
}
