package driver

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/testkit"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

const goodTF = "locals {\n  a = [\"Backdoor:EC2/XORDDOS\"]\n}\n"

func write(t *testing.T, path string, data []byte) { testkit.Write(t, path, data) }

// A panic while linting costs the format's reading, not the file: it is
// linted again as text. Only if that fails too is the run failed.
func TestPanicRescansAsText(t *testing.T) {
	var panicky = func(always bool) *rules.Rule {
		r := *rules.RetiredFindingType
		run := r.Run
		r.Run = func(p *rules.Pass) {
			if always || p.File.Format == scanner.HCL {
				panic("a bug")
			}
			run(p)
		}
		return &r
	}
	for _, always := range []bool{false, true} {
		s := &session{linter: &rules.Linter{Catalog: rules.Builtin(), Rules: []*rules.Rule{panicky(always)}},
			opts: Options{MaxFileSize: 1 << 20}, notice: func(report.Notice) {}}
		dir := t.TempDir()
		p := filepath.Join(dir, "good.tf")
		write(t, p, []byte(goodTF))
		r, _ := s.lintOne(target{path: p, display: "good.tf", format: scanner.HCL}, nil)
		switch {
		case !always && (r.failed != nil || len(r.Findings) != 1):
			t.Errorf("a panic in the HCL path lost the file: %v, %d findings", r.failed, len(r.Findings))
		case always && r.failed == nil:
			t.Errorf("a file that could not be linted at all did not fail the run")
		}
	}
}

// A file deleted between the walk and the read is reported, and the run
// goes on; a file shorter than its stat said is read as it is.
func TestFileChangesDuringTheScan(t *testing.T) {
	dir := t.TempDir()
	gone := filepath.Join(dir, "gone.tf")
	write(t, gone, []byte(goodTF))
	var notices []report.Notice
	s := &session{
		linter: rules.NewLinter(rules.Builtin()),
		opts:   Options{MaxFileSize: 1 << 20},
		notice: func(n report.Notice) { notices = append(notices, n) },
		log:    zerolog.Nop(),
	}
	w := &walker{notice: s.notice}
	var targets []target
	w.walk([]string{dir}, func(t target) { targets = append(targets, t) })
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	r, _ := s.lintOne(targets[0], nil)
	if r.Read || len(notices) != 1 || !strings.Contains(notices[0].Message, "cannot read: no such file or directory") {
		t.Errorf("read=%v notices=%v", r.Read, notices)
	}
}

// A file that changed after it was read is left alone.
func TestWriteFixRefusesChangedFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "changed.json"), []byte("what is there now"))
	var said string
	s := &session{opts: Options{MaxFileSize: 1 << 20}, notice: func(n report.Notice) { said = n.Message }}
	if s.writeFix(target{path: filepath.Join(dir, "changed.json"), display: "changed.json"}, []byte("what was read"), []byte("fixed")) {
		t.Error("wrote over a file that changed since it was read")
	}
	if !strings.Contains(said, "changed on disk") {
		t.Errorf("notice %q", said)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "changed.json")); string(b) != "what is there now" {
		t.Errorf("content %q", b)
	}
}

// Results come back in walk order whatever order the workers finish in,
// each finding at the level the policy gives it, and a named path that
// does not exist fails the run after the rest is done.
func TestRunInWalkOrderAtPolicyLevels(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var want []string
	for i := range 40 {
		name := filepath.Join("tree", string(rune('a'+i/26)), string(rune('a'+i%26))+".tf")
		write(t, name, []byte(goodTF+"# Backdoor:EC2/XORDDOS\n"))
		want = append(want, filepath.ToSlash(name))
	}
	policy := rules.Policy{Levels: map[string]rules.Level{"GDL001": rules.LevelWarning}}
	l := &rules.Linter{Catalog: rules.Builtin(), Rules: policy.Rules()}
	var got []string
	err := Run(l, Options{Paths: []string{"tree"}, MaxFileSize: 1 << 20, Policy: policy, Log: zerolog.Nop()},
		func(report.Notice) {}, func(r Result) {
			got = append(got, r.Path)
			if len(r.Findings) != 2 || r.Findings[0].Level != rules.LevelWarning || r.Findings[1].Level != rules.LevelNote {
				t.Errorf("%s: findings %+v", r.Path, r.Findings)
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order:\n got %v\nwant %v", got, want)
	}
	var notices []report.Notice
	err = Run(l, Options{Paths: []string{"tree/a/a.tf", "gone.tf"}, MaxFileSize: 1 << 20, Policy: policy, Log: zerolog.Nop()},
		func(n report.Notice) { notices = append(notices, n) }, func(Result) {})
	if err == nil || !strings.Contains(err.Error(), "gone.tf") || len(notices) != 1 {
		t.Errorf("a missing named path: %v, notices %v", err, notices)
	}
}

// A fast reader's bug is not silence: the run names it, and the flag that
// keeps the fast readers out, while the library's reading stands.
func TestFastReaderBugIsANotice(t *testing.T) {
	f := scanner.ParseAs("a.tf", []byte("a = 1\n"), scanner.HCL)
	f.FastReaderBug = "runtime error: index out of range [3] with length 3\x1b[2J"
	ns := readNotices("a.tf", f)
	if len(ns) != 1 || ns[0].Level != "warning" || !strings.Contains(ns[0].Message, "--no-fast-readers") ||
		!strings.Contains(ns[0].Message, "index out of range") || strings.ContainsRune(ns[0].Message, 0x1b) {
		t.Fatalf("notices: %+v", ns)
	}
	if ns := readNotices("a.tf", scanner.ParseAs("a.tf", []byte("a = 1\n"), scanner.HCL)); len(ns) != 0 {
		t.Fatalf("a clean read has notices: %+v", ns)
	}
}

// A run's failures are one line, the first and how many more, and every
// one of them is still there for errors.Is.
func TestFailuresAreOneLine(t *testing.T) {
	a, b := errors.New("a: cannot read"), os.ErrPermission
	err := firstOf([]error{a, b, errors.New("c")})
	if err.Error() != "a: cannot read (and 2 more)" || !errors.Is(err, os.ErrPermission) || !errors.Is(err, a) {
		t.Fatalf("%q", err)
	}
	if firstOf([]error{a}) != a {
		t.Fatal("one failure is not itself")
	}
}

// Batches of consecutive files, arriving in any order, come out in walk
// order, each file once.
func TestInWalkOrder(t *testing.T) {
	batch := func(first, n int) []fileResult {
		var b []fileResult
		for i := range n {
			b = append(b, fileResult{seq: first + i})
		}
		return b
	}
	results := make(chan []fileResult, 8)
	for _, b := range [][]fileResult{batch(5, 3), batch(1, 4), batch(10, 1), nil, batch(0, 1), batch(8, 2)} {
		results <- b
	}
	close(results)
	var got []int
	inWalkOrder(results, func(r fileResult) { got = append(got, r.seq) })
	if len(got) != 11 {
		t.Fatalf("got %v", got)
	}
	for i, seq := range got {
		if seq != i {
			t.Fatalf("got %v, want 0 to 10 in order", got)
		}
	}
}

// BenchmarkRunNothingToFind is the per-file cost of files that cannot
// produce a finding: 1,000 Terraform files of 2 KB that name nothing
// GuardDuty, in 40 directories, walked, read, pre-filtered and put in
// order.
func BenchmarkRunNothingToFind(b *testing.B) {
	dir := b.TempDir()
	src := []byte(strings.Repeat("resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"example-logs\"\n}\n\n", 30))
	for d := range 40 {
		for f := range 25 {
			p := filepath.Join(dir, "tree", "dir"+string(rune('a'+d%26))+string(rune('a'+d/26)), "file"+string(rune('a'+f))+".tf")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, src, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Chdir(dir)
	l := rules.NewLinter(rules.Builtin())
	b.ResetTimer()
	for range b.N {
		n := 0
		err := Run(l, Options{Paths: []string{"tree"}, MaxFileSize: 1 << 20, Log: zerolog.Nop()}, func(report.Notice) {}, func(r Result) {
			if r.Read {
				n++
			}
		})
		if err != nil || n != 1000 {
			b.Fatalf("%d files read: %v", n, err)
		}
	}
}
