package changes

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestHeaderPath(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"a/x.tf b/x.tf", "x.tf", true},
		{"a/infra rules.tf b/infra rules.tf", "infra rules.tf", true},
		{"a/a b/c b/a b/c", "a b/c", true},
		{`"a/t\tab.tf" "b/t\tab.tf"`, "t\tab.tf", true},
		{`"a/n\"l\n\303\274\377.tf" "b/n\"l\n\303\274\377.tf"`, "n\"l\nü\xff.tf", true},
		{"a/x.tf b/y.tf", "", false},
		{"x.tf x.tf", "", false},
		{`"a/x" "b/y"`, "", false},
		{`"a/x\q" "b/x\q"`, "", false},
		{`"a/x`, "", false},
	} {
		got, ok := headerPath([]byte(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestHunkHeader(t *testing.T) {
	for _, tc := range []struct {
		in                      string
		oldCount, start, newCnt int
		ok                      bool
	}{
		{"@@ -3 +3 @@ locals {", 1, 3, 1, true},
		{"@@ -9,0 +10,2 @@", 0, 10, 2, true},
		{"@@ -20,3 +21,0 @@ @@ +1,5 @@", 3, 21, 0, true},
		{"@@ -1 +x @@", 0, 0, 0, false},
		{"@@ -1 +1", 0, 0, 0, false},
		{"@@@ -1 -1 +1 @@@", 0, 0, 0, false},
	} {
		o, s, n, ok := hunkHeader([]byte(tc.in))
		if ok != tc.ok || ok && (o != tc.oldCount || s != tc.start || n != tc.newCnt) {
			t.Errorf("%q: %d %d %d %v", tc.in, o, s, n, ok)
		}
	}
}

// read runs the diff reader over out, as git diff --raw --numstat
// --patch -z prints it.
func read(out string) (*Set, error) {
	s := newSet("/r")
	d := &diffReader{set: s, r: newReader(iotest.OneByteReader(strings.NewReader(out))), files: map[string]*file{}}
	if err := d.records(); err != nil {
		return s, err
	}
	if err := d.patch(); err != nil {
		return s, err
	}
	for _, p := range d.order { // settle, less git check-attr
		if f := d.files[p]; f.status != 'M' || f.sections == 0 || f.binaryPatch || f.numBinary || f.added != f.plus {
			s.whole[p] = f.status != 'D'
		}
	}
	return s, nil
}

const raw = ":100644 100644 1111111 2222222 M\x00a.tf\x00:100644 100644 1111111 2222222 M\x00b.tf\x00" +
	"2\t1\ta.tf\x003\t0\tb.tf\x00\x00"

func TestReadPatch(t *testing.T) {
	long := strings.Repeat("+", 3<<20)
	s, err := read(raw + "diff --git a/a.tf b/a.tf\nindex 1..2 100644\n--- a/a.tf\n+++ b/a.tf\n" +
		"@@ -3 +3 @@ locals {\n-  b = 1\n+  b = 2\n\\ No newline at end of file\n@@ -9,0 +10 @@\n" + long + "\n" +
		"diff --git a/b.tf b/b.tf\n--- a/b.tf\n+++ b/b.tf\n@@ -1,0 +2,3 @@\n+diff --git a/a.tf b/a.tf\n+@@ -1 +1 @@\n+\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		line int
		want bool
	}{
		{"a.tf", 3, true}, {"a.tf", 4, false}, {"a.tf", 10, true}, {"a.tf", 11, false},
		{"b.tf", 1, false}, {"b.tf", 2, true}, {"b.tf", 4, true}, {"b.tf", 5, false},
	} {
		if got := s.whole[tc.path] || contains(s.lines[tc.path], tc.line); got != tc.want {
			t.Errorf("%q:%d: %v, want %v", tc.path, tc.line, got, tc.want)
		}
	}
}

// Whatever the reader does not expect is an error, never "unchanged".
func TestReadPatchFailsClosed(t *testing.T) {
	for name, out := range map[string]string{
		"cut inside a hunk":       raw + "diff --git a/a.tf b/a.tf\n@@ -1 +1,2 @@\n+x\n",
		"cut mid-line":            raw + "diff --git a/a.tf b/a.tf\n@@ -1 +1 @@\n+x",
		"cut in the records":      ":100644 100644 1111111 2222222 M\x00a.t",
		"a path git did not list": raw + "diff --git a/c.tf b/c.tf\n@@ -1 +1 @@\n+x\n",
		"a path twice":            raw + "diff --git a/a.tf b/a.tf\ndiff --git a/a.tf b/a.tf\n",
		"a line after a hunk":     raw + "diff --git a/a.tf b/a.tf\n@@ -1 +1 @@\n-x\n+y\n+z\n",
		"a bad hunk header":       raw + "diff --git a/a.tf b/a.tf\n@@ -1 +1\n",
		"a bad record":            "1\tx\x00\x00",
		"a line before a file":    raw + "+x\n",
	} {
		if _, err := read(out); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := read(""); err != nil {
		t.Errorf("no change: %v", err)
	}
}

// A file whose patch holds fewer added lines than --numstat counted, or
// which git showed as binary, counts whole.
func TestReadPatchWholeWhenUnsure(t *testing.T) {
	s, err := read(raw + "diff --git a/a.tf b/a.tf\n@@ -1 +1 @@\n-x\n+y\n" +
		"diff --git a/b.tf b/b.tf\nBinary files a/b.tf and b/b.tf differ\n")
	if err != nil {
		t.Fatal(err)
	}
	if !s.whole["a.tf"] || !s.whole["b.tf"] {
		t.Errorf("whole: %v", s.whole)
	}
}

func TestReaderLongLines(t *testing.T) {
	line := bytes.Repeat([]byte("x"), maxKept+10)
	r := newReader(bytes.NewReader(append(append(line, '\n'), "next\n"...)))
	got, long, err := r.line()
	if err != nil || !long || len(got) != maxKept {
		t.Fatalf("long line: %d %v %v", len(got), long, err)
	}
	if got, long, err := r.line(); string(got) != "next" || long || err != nil {
		t.Fatalf("next: %q %v %v", got, long, err)
	}
	if _, _, err := r.line(); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
}

func TestLoneCR(t *testing.T) {
	for src, want := range map[string]bool{"a\r\nb": false, "a\rb": true, "a\r": true, "a\r\n\r\nb\r": true, "": false} {
		if hasLoneCR([]byte(src)) != want {
			t.Errorf("%q: want %v", src, want)
		}
	}
}

func TestGitVersion(t *testing.T) {
	for _, tc := range []struct {
		out          string
		major, minor int
		ok           bool
	}{
		{"git version 2.39.5\n", 2, 39, true},
		{"git version 2.37.1 (Apple Git-137.1)\n", 2, 37, true},
		{"git version 2.41.0.windows.1\n", 2, 41, true},
		{"git version 2.25.1", 2, 25, true},
		{"version 2", 0, 0, false},
		{"git version x.y", 0, 0, false},
	} {
		major, minor, ok := gitVersion(tc.out)
		if ok != tc.ok || ok && (major != tc.major || minor != tc.minor) {
			t.Errorf("%q: %d.%d %v", tc.out, major, minor, ok)
		}
	}
}
