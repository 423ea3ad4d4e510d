package changes

import "testing"

func TestReadDiff(t *testing.T) {
	s := &Set{Root: "/r", lines: map[string]map[int]bool{}, whole: map[string]bool{}}
	s.readDiff([]byte(`diff --git a/a.tf b/a.tf
--- a/a.tf
+++ b/a.tf
@@ -3 +3 @@ locals {
-  b = 1
+  b = 2
@@ -9,0 +10,2 @@
+x
+y
@@ -20,3 +21,0 @@
diff --git "a/t\tab.tf" "b/t\tab.tf"
--- "a/t\tab.tf"
+++ "b/t\tab.tf"
@@ -1 +1 @@
diff --git a/new.tf b/new.tf
new file mode 100644
--- /dev/null
+++ b/new.tf
@@ -0,0 +1,3 @@
`))
	for _, tc := range []struct {
		path string
		line int
		want bool
	}{
		{"a.tf", 3, true}, {"a.tf", 4, false}, {"a.tf", 10, true}, {"a.tf", 11, true}, {"a.tf", 12, false},
		{"a.tf", 21, false}, {"t\tab.tf", 1, true}, {"new.tf", 99, true}, {"other.tf", 1, false},
	} {
		if got := s.whole[tc.path] || s.lines[tc.path][tc.line]; got != tc.want {
			t.Errorf("%q:%d: %v, want %v", tc.path, tc.line, got, tc.want)
		}
	}
}
