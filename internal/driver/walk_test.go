package driver

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/gdlint/gdlint/internal/report"
)

// The walk joins paths without cleaning each one: what it shows and opens
// is what filepath.Join and the display rule give, for every way a root
// can be written.
func TestWalkPathsAsJoined(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, name := range []string{"tree/a.tf", "tree/sub/b.yaml", "tree/..dots/c.json", "tree/sub/deeper/d.tf"} {
		write(t, name, []byte("locals {}\n"))
	}
	abs, _ := filepath.Abs("tree")
	outside := t.TempDir()
	write(t, filepath.Join(outside, "e.tf"), []byte("locals {}\n"))
	for _, root := range []string{"tree", "./tree/", "tree/sub/..", "tree//sub", abs, abs + string(filepath.Separator), ".", outside, filepath.Join(outside, ".")} {
		w := &walker{cwd: dir, notice: func(n report.Notice) { t.Errorf("%s: notice %v", root, n) },
			failed: func(p string, err error) { t.Errorf("%s: %s failed: %v", root, p, err) }, debug: func(string, string) {}}
		var got []target
		w.walk([]string{root}, func(tg target) { got = append(got, tg) })
		want := 4
		if root == outside || root == filepath.Join(outside, ".") {
			want = 1
		} else if filepath.Base(filepath.Clean(root)) == "sub" {
			want = 2
		}
		if len(got) != want {
			t.Errorf("%s: %d files found, want %d", root, len(got), want)
		}
		for _, tg := range got {
			if _, err := os.Stat(tg.path); err != nil {
				t.Errorf("%s: %v", root, err)
			}
			rel, err := filepath.Rel(filepath.Clean(root), tg.path)
			if err != nil || filepath.Join(root, rel) != tg.path {
				t.Errorf("%s: path %q is not the root joined with a relative path (%q)", root, tg.path, rel)
			}
			if want := w.display(tg.path); tg.display != want {
				t.Errorf("%s: display %q, want %q", root, tg.display, want)
			}
		}
	}
	joins := [][3]string{{".", "a", "a"}, {"x", ".", "x"}, {"/", "a/b", "/a/b"}, {"x/y", "..z", "x/y/..z"}, {"../up", "a", "../up/a"}, {"C:x", "a", "C:x/a"}}
	if runtime.GOOS == "windows" {
		// A drive-relative root: "C:a" is in the drive's working
		// directory, "C:/a" at its root.
		joins = append(joins, [3]string{"C:", "a", "C:a"}, [3]string{"C:/", "a", "C:/a"})
	} else {
		joins = append(joins, [3]string{"C:", "a", "C:/a"}) // a directory named "C:"
	}
	for _, c := range joins {
		if got := joinClean(c[0], c[1], '/'); got != c[2] || got != filepath.ToSlash(filepath.Join(c[0], c[1])) {
			t.Errorf("joinClean(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	sep := string(filepath.Separator)
	if !slices.Equal([]string{relUnder(sep, sep+"a"), relUnder(sep+"x", sep+"x"), relUnder(sep+"x", filepath.Join(sep+"x", "a", "b"))},
		[]string{"a", ".", filepath.Join("a", "b")}) || relUnder(".", "a") != "a" {
		t.Error("relUnder")
	}
}

// BenchmarkWalk walks a tree of 40 directories of 25 files each, the
// walker alone (nothing read), for its allocations per entry.
func BenchmarkWalk(b *testing.B) {
	dir := b.TempDir()
	for d := range 40 {
		for f := range 25 {
			p := filepath.Join(dir, "tree", "dir"+strconv.Itoa(d), "file"+strconv.Itoa(f)+".tf")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Chdir(dir)
	b.ResetTimer()
	n := 0
	for range b.N {
		w := &walker{cwd: dir, notice: func(report.Notice) {}, failed: func(string, error) {}, debug: func(string, string) {}}
		w.walk([]string{"tree"}, func(target) { n++ })
	}
	if n != 1000*b.N {
		b.Fatalf("%d files found, want %d", n, 1000*b.N)
	}
}

// walkTree makes the calls filepath.WalkDir makes, in its order, with the
// same paths and errors, for clean roots of every kind (".", relative,
// absolute, a file, a missing path), with a skipped directory, a name
// that starts with "..", and a symlink to a directory (not followed).
func TestWalkTreeAsWalkDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, name := range []string{"tree/a.tf", "tree/B/b.yaml", "tree/..dots/c.json", "tree/b/deeper/d.tf", "tree/skip/e.tf", "tree/z"} {
		write(t, name, nil)
	}
	if err := os.Symlink("B", filepath.Join("tree", "link")); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("tree")
	for _, root := range []string{"tree", ".", abs, filepath.Join("tree", "b"), filepath.Join("tree", "a.tf"), "gone"} {
		calls := func(walk func(string, fs.WalkDirFunc) error) []string {
			var out []string
			err := walk(root, func(p string, d fs.DirEntry, err error) error {
				out = append(out, fmt.Sprintf("%s %v %v", p, d != nil && d.IsDir(), err))
				if d != nil && d.Name() == "skip" {
					return filepath.SkipDir
				}
				return nil
			})
			return append(out, fmt.Sprint(err))
		}
		if got, want := calls(walkTree), calls(filepath.WalkDir); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", root, got, want)
		}
	}
}
