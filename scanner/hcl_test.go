package scanner

import (
	"strings"
	"testing"
)

func commentTexts(f *File) []string {
	var out []string
	for _, c := range f.Comments {
		out = append(out, strings.TrimRight(string(f.Src[c.Start:c.End]), "\r\n"))
	}
	return out
}

func TestHCLInComment(t *testing.T) {
	src := `# hash C1
// slashes C2
/* block C3 */
a = "# not a comment S1 // nor this"
b = <<EOF
# inside a heredoc: a string S2
EOF
c = <<-EOT
    S3 indented
  EOT
resource "x" "label S4" {
  k = { "key S5" = "v" }
  t = "${"nested S6"}"
}
d = 1 # trailing C4
`
	f := Parse("x.tf", []byte(src))
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	for _, needle := range []string{"C1", "C2", "C3", "C4", "S1", "S2", "S3", "S4", "S5", "S6"} {
		off := strings.Index(src, needle)
		if got, want := f.InComment(off), needle[0] == 'C'; got != want {
			t.Errorf("InComment(%s) = %v, want %v", needle, got, want)
		}
	}
}

func TestHCLBrokenStillHasComments(t *testing.T) {
	f := Parse("x.tf", []byte("resource \"a\" {\n  # a comment\n  x = [\n"))
	if f.Err == nil {
		t.Fatal("want a parse error")
	}
	if se, ok := f.Err.(*SyntaxError); !ok || se.Line < 1 {
		t.Errorf("want a positioned SyntaxError, got %T %v", f.Err, f.Err)
	}
	if got := commentTexts(f); len(got) != 1 || got[0] != "# a comment" {
		t.Errorf("comments = %q", got)
	}
}

func TestTerraformJSON(t *testing.T) {
	if f := Parse("x.tf.json", []byte(`{"locals": {"a": "b"}}`)); f.Err != nil {
		t.Errorf("valid: %v", f.Err)
	}
	if f := Parse("x.tf.json", []byte(`{"locals": `)); f.Err == nil {
		t.Error("truncated JSON must report an error")
	}
}

// checkFile asserts the properties every parse must keep, whatever the
// input: comment ranges lie in the file, sorted and disjoint, and every
// offset converts to a sane position.
func checkFile(t *testing.T, f *File) {
	t.Helper()
	for _, rs := range [][]Range{f.Comments, f.Strings} {
		prev := 0
		for _, c := range rs {
			if c.Start < prev || c.End <= c.Start || c.End > len(f.Src) {
				t.Fatalf("bad range %v after %d in %d bytes", c, prev, len(f.Src))
			}
			prev = c.End
		}
	}
	Walk(f.Root, func(n *Node) bool {
		if n.Range.Start < 0 || n.Range.End > len(f.Src) || n.Range.End < n.Range.Start {
			t.Fatalf("node range %v outside %d bytes", n.Range, len(f.Src))
		}
		for _, fl := range n.Fields {
			if fl.KeyRange.Start < 0 || fl.KeyRange.End > len(f.Src) || fl.KeyRange.End < fl.KeyRange.Start {
				t.Fatalf("key range %v outside %d bytes", fl.KeyRange, len(f.Src))
			}
		}
		return true
	})
	if len(f.Src) > 0 {
		p := f.Position(len(f.Src) - 1)
		if p.Line < 1 || p.Column < 1 || p.UTF16Column < p.Column {
			t.Fatalf("bad position %+v", p)
		}
	}
}

func FuzzHCL(f *testing.F) {
	f.Add([]byte("# c\na = \"x\" // d\nb = <<EOF\n# x\nEOF\n/* e */"))
	f.Add([]byte("a = <<-EOT\n  {\"type\": [\"x\"]}\n  EOT\n"))
	f.Add([]byte("a = \"${b} \\\" # c\" # d\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFile(t, Parse("fuzz.tf", src))
	})
}

func FuzzTerraformJSON(f *testing.F) {
	f.Add([]byte(`{"resource": {"a": {"b": {"c": "d"}}}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFile(t, Parse("fuzz.tf.json", src))
	})
}
