package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/rules"
)

// The job summary lists errors first, then warnings, then notes, whatever
// order they arrive in, and links each location to its line in the
// repository: the path from the repository root, percent-encoded.
func TestSummaryByLevelWithLinks(t *testing.T) {
	fs := append(append(fakeFindings(2, rules.LevelNote), fakeFindings(2, rules.LevelError)...), fakeFindings(1, rules.LevelWarning)...)
	fs[0].Path = "my dir/a#b.tf"
	var buf bytes.Buffer
	opts := Options{Blob: "https://github.com/acme/infra/blob/0123abc/", RepoDir: "services/x"}
	if err := render(newMarkdownWriter(&buf, opts), &Summary{}, fs); err != nil {
		t.Fatal(err)
	}
	var levels []string
	for _, m := range regexp.MustCompile(`(?m)^\| (error|warning|note) \|`).FindAllStringSubmatch(buf.String(), -1) {
		levels = append(levels, m[1])
	}
	if strings.Join(levels, " ") != "error error warning note note" {
		t.Errorf("rows by level: %v\n%s", levels, buf.String())
	}
	for _, want := range []string{
		"| note | GDL001 | [`my dir/a#b.tf:1:3`](https://github.com/acme/infra/blob/0123abc/services/x/my%20dir/a%23b.tf#L1) |",
		"| error | GDL001 | [`dir,with:odd%name/f1.tf:2:3`](https://github.com/acme/infra/blob/0123abc/services/x/dir%2Cwith%3Aodd%25name/f1.tf#L2) |",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no row %s in:\n%s", want, buf.String())
		}
	}
	// Outside the repository, or with no repository known, no link.
	fs = fakeFindings(1, rules.LevelError)
	fs[0].Path = "../../../elsewhere.tf" // services/x/../../.. is above the root
	buf.Reset()
	if err := render(newMarkdownWriter(&buf, opts), &Summary{}, fs); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "](") || !strings.Contains(buf.String(), "| `../../../elsewhere.tf:1:3` |") {
		t.Errorf("a path out of the repository is linked:\n%s", buf.String())
	}
}

// The annotations' notice says exactly how many findings the job summary
// lists, when the summary cannot hold them all, and that it lists all of
// them when it can.
func TestNoticeAgreesWithSummary(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   []Finding
	}{
		{"all fit", append(fakeFindings(30, rules.LevelNote), fakeFindings(25, rules.LevelError)...)},
		{"over the size limit", append(fakeFindings(3000, rules.LevelNote), fakeFindings(20000, rules.LevelError)...)},
	} {
		opts := Options{Summary: true, Blob: "https://github.com/acme/infra/blob/0123abc/"}
		var md, gh bytes.Buffer
		if err := render(newMarkdownWriter(&md, opts), &Summary{}, tc.fs); err != nil {
			t.Fatal(err)
		}
		if err := render(newGitHubWriter(&gh, opts), &Summary{}, tc.fs); err != nil {
			t.Fatal(err)
		}
		rows := len(regexp.MustCompile(`(?m)^\| (error|warning|note) \|`).FindAllString(md.String(), -1))
		notice := regexp.MustCompile(`(?m)^::notice title=gdlint::.*$`).FindString(gh.String())
		want := "the job summary lists all 55 findings"
		if rows < len(tc.fs) {
			want = "the job summary lists " + itoa(rows) + " of the " + itoa(len(tc.fs)) + " findings, the most severe first"
			if !strings.Contains(md.String(), itoa(len(tc.fs)-rows)+" more findings not shown") {
				t.Errorf("%s: the summary does not count the %d rows it left out", tc.name, len(tc.fs)-rows)
			}
		}
		if !strings.HasSuffix(notice, want) {
			t.Errorf("%s: %d rows in the summary; notice %q, want it to end %q", tc.name, rows, notice, want)
		}
		if md.Len() > 1<<20 {
			t.Errorf("%s: summary of %d bytes", tc.name, md.Len())
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
