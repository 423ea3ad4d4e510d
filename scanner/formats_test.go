package scanner

import (
	"strings"
	"testing"
)

func TestYAMLScalarRanges(t *testing.T) {
	src := "a: plain S1 # C1\n" +
		"b: \"quoted S2 # not a comment\"\n" +
		"c: 'single S3 '' # still'\n" +
		"d: !Sub \"tagged S4\"\n" +
		"e: &anchor anchored S5\n" +
		"f: |\n  block S6\n  # not a comment S7\n\n  more S8\n" +
		"# C2\n" +
		"g: [flow S9, x] # C3\n" +
		"S10: key\n"
	f := Parse("x.yaml", []byte(src))
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	for _, needle := range []string{"S1 ", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "C1", "C2", "C3"} {
		off := strings.Index(src, needle)
		if got, want := f.InComment(off), needle[0] == 'C'; got != want {
			t.Errorf("InComment(%s) = %v, want %v", needle, got, want)
		}
	}
}

func TestJSONWithComments(t *testing.T) {
	f := Parse("x.jsonc", []byte("{\n  // c1\n  \"a\": \"http://x/*y*/\" /* c2 */\n}\n"))
	if f.Err != nil {
		t.Fatalf("JSONC should be valid: %v", f.Err)
	}
	if got := commentTexts(f); strings.Join(got, "|") != "// c1|/* c2 */" {
		t.Errorf("comments = %q", got)
	}
	if f := Parse("x.json", []byte(`{"a": [1,}`)); f.Err == nil {
		t.Error("invalid JSON must report an error")
	} else if _, ok := f.Err.(*SyntaxError); !ok {
		t.Errorf("want a positioned error, got %v", f.Err)
	}
}

func TestTemplateByContent(t *testing.T) {
	if f := Parse("x.template", []byte("  {\"Resources\": {}}")); f.Format != JSON {
		t.Errorf("JSON template read as %v", f.Format)
	}
	if f := Parse("x.template", []byte("Resources: {}\n")); f.Format != YAML {
		t.Errorf("YAML template read as %v", f.Format)
	}
}

func TestCodeComments(t *testing.T) {
	tests := []struct {
		path, src string
		comments  []string
	}{
		{"x.py", "a = '#' # c1\nb = \"\"\"\n# no\n\"\"\"\n", []string{"# c1"}},
		{"x.py", "def f():\n    \"\"\"doc\"\"\"\n    return 1\n", []string{`"""doc"""`}},
		{"x.sh", "echo $# \"#\" '#' # c1\n", []string{"# c1"}},
		{"x.ts", "const u = 'http://x'; // c1\nconst t = `/* no */`; /* c2 */\n", []string{"// c1", "/* c2 */"}},
		{"x.go", "var s = `// no` // c1\n", []string{"// c1"}},
		{"x.sql", "SELECT 'it''s -- no' -- c1\n", []string{"-- c1"}},
		{"x.spl", "index=x \"```no```\" ```c1```\n", []string{"```c1```"}},
		{"x.rb", "a = 1 # c1\n=begin\nc2\n=end\n", []string{"# c1", "\n=begin\nc2\n=end"}},
	}
	for _, tt := range tests {
		f := Parse(tt.path, []byte(tt.src))
		got := commentTexts(f)
		if strings.Join(got, "|") != strings.Join(tt.comments, "|") {
			t.Errorf("%s %q: comments %q, want %q", tt.path, tt.src, got, tt.comments)
		}
	}
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"a": "b", // c` + "\n" + `"d": [1, /* e */ 2]}`))
	f.Add([]byte("\xef\xbb\xbf{\"a\": \"\\\"#\"}"))
	f.Fuzz(func(t *testing.T, src []byte) { checkFile(t, Parse("fuzz.json", src)) })
}

func FuzzYAML(f *testing.F) {
	f.Add([]byte("a: !Sub \"x\" # c\nb: |\n  y\n  # z\nc: [d, 'e''f']\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n---\nc: >-\n  d\n"))
	f.Add([]byte("a: [\n# broken\n"))
	f.Fuzz(func(t *testing.T, src []byte) { checkFile(t, Parse("fuzz.yaml", src)) })
}

func FuzzCode(f *testing.F) {
	f.Add(uint8(0), []byte("a = '''x''' # c\n\"\"\"d\"\"\"\n"))
	f.Add(uint8(1), []byte("const a = `x${'y'}` // c\n/* d */"))
	f.Add(uint8(2), []byte("echo $# '#' \"\\\"\" # c\n"))
	formats := []Format{Python, JavaScript, Shell, Go, Java, Ruby, Rego, SQL, KQL, SPL}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		checkFile(t, ParseAs("fuzz", src, formats[int(which)%len(formats)]))
	})
}
