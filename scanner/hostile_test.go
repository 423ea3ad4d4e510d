package scanner

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// 100,000 levels of nesting in every format with a tree: a warning and a
// text scan, never a stack overflow (which Go cannot recover from).
func TestDeepNesting(t *testing.T) {
	const n = 100000
	typ := `"Backdoor:EC2/XORDDOS"`
	for name, src := range map[string]string{
		"x.json":    strings.Repeat("[", n) + typ + strings.Repeat("]", n),
		"x.tf.json": `{"a": ` + strings.Repeat("[", n) + typ + strings.Repeat("]", n) + "}",
		"x.yaml":    "a: " + strings.Repeat("[", n) + typ + strings.Repeat("]", n) + "\n",
		"x.tf":      "a = " + strings.Repeat("[", n) + typ + strings.Repeat("]", n) + "\n",
		"y.tf":      "a = " + strings.Repeat("(", n) + typ + strings.Repeat(")", n) + "\n",
		"z.tf":      "a = " + strings.Repeat("{a=", n) + typ + strings.Repeat("}", n) + "\n",
		"t.tf":      "a = " + strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n) + "\n",
		// No bracket at all, but hcl recurses once per operator, and a
		// megabyte of them overflowed its stack (fatal in Go).
		"not.tf":      "a = " + strings.Repeat("!", 1<<20) + typ + "\n",
		"neg.tf":      "a = " + strings.Repeat("-", 1<<20) + "1\nb = " + typ + "\n",
		"cond.tf":     "a = " + strings.Repeat("a ? b : ", 1<<17) + typ + "\n",
		"vars.tfvars": "a = " + strings.Repeat("a ? ", 1<<18) + typ + strings.Repeat(" : b", 1<<18) + "\n",
		"splat.tf":    "a = a" + strings.Repeat("[*]", 1<<18) + "\nb = " + typ + "\n",
		"if.tf":       `a = "` + strings.Repeat("%{if a}", 1<<17) + `Backdoor:EC2/XORDDOS"` + "\n",
		// Deeper than the tree gdlint builds, within yaml.v3's own bound
		// of 10,000: the scalars below level 1000 were in no string, and
		// a type there read as a comment.
		"mid.yaml":  strings.Repeat("- ", 5000) + typ + "\n",
		"flow.yaml": "a: " + strings.Repeat("[", 5000) + typ + strings.Repeat("]", 5000) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			f := Parse(name, []byte(src))
			if f.Err == nil {
				t.Fatalf("no error: %s was read as deep as it goes", name)
			}
			if f.Root != nil {
				t.Error("a tree was built anyway")
			}
		})
	}
	// Brackets in strings and comments cannot hide depth from the check:
	// their count bounds it from above.
	fooled := "# " + strings.Repeat("]", 3000) + "\na = " + strings.Repeat(`["]",`, 3000) + strings.Repeat("]", 3000) + "\n"
	if f := Parse("fooled.tf", []byte(fooled)); f.Err == nil {
		t.Error("3000 real levels passed the depth check")
	}
	// A file with many brackets but little depth still parses.
	wide := "a = [" + strings.Repeat("[1], ", 5000) + "]\n"
	if f := Parse("wide.tf", []byte(wide)); f.Err != nil || f.Root == nil {
		t.Errorf("a wide, shallow file: %v", f.Err)
	}
}

// Operators are values of hcl's tree, each a node and about three tokens:
// a file of more than MaxTreeValues of them, none deep (a megabyte of them,
// a thousand to a line, took hcl 25 seconds and 330 MB), is read as text.
func TestManyOperatorsAreValues(t *testing.T) {
	src := strings.Repeat("a = "+strings.Repeat("!", 990)+"x\n", MaxTreeValues/990+1) + `b = "Backdoor:EC2/XORDDOS"` + "\n"
	// ErrTooManyValues comes from the guard, before hcl is called: the
	// cost is the guard's one pass (measured in docs/robustness.md, not
	// timed here, where a loaded machine or -race would make it flaky).
	f := Parse("ops.tf", []byte(src))
	if !errors.Is(f.Err, ErrTooManyValues) || f.Root != nil {
		t.Errorf("error %v, tree %v", f.Err, f.Root != nil)
	}
	// So are the steps of a traversal, kept in a list: hcl read 300,000
	// of them (the fast reader gives up on the tab) in seconds.
	steps := "a =\tx" + strings.Repeat(".b", MaxTreeValues+1) + "\n"
	if f := ParseWith("steps.tf", []byte(steps), HCL, Options{}); !errors.Is(f.Err, ErrTooManyValues) {
		t.Errorf("a traversal of %d steps: error %v", MaxTreeValues+1, f.Err)
	}
	// And every token counts: hcl lexed a megabyte of "x x x" (500,000
	// tokens) in seconds, and --max-file-size allows 32 MiB.
	words := "a = [" + strings.Repeat("x ", maxHCLTokens) + "]\n"
	if f := ParseWith("words.tf", []byte(words), HCL, Options{}); !errors.Is(f.Err, ErrTooManyValues) {
		t.Errorf("%d names: error %v", maxHCLTokens, f.Err)
	}
	// Under the bound, and in a chain under maxDepth, hcl reads them.
	if f := Parse("ops.tf", []byte(strings.Repeat("a = !!!x\n", 100))); f.Err == nil || errors.Is(f.Err, ErrTooManyValues) || errors.Is(f.Err, errTooDeepHCL) {
		t.Errorf("a short file of operators: %v", f.Err) // hcl's own error: "a" is set twice
	}
}

// A file too large for a tree keeps hcl's comments: a '#' line in a
// heredoc is the heredoc's text (its type an error, as when the file is
// parsed), not a comment (a note).
func TestTooManyValuesKeepsHCLComments(t *testing.T) {
	src := "a = <<EOT\n# Backdoor:EC2/XORDDOS\nEOT\n# a comment\n" + strings.Repeat("b = 1\n", MaxTreeValues)
	f := Parse("big.tf", []byte(src))
	if !errors.Is(f.Err, ErrTooManyValues) {
		t.Fatalf("error %v", f.Err)
	}
	if f.InComment(strings.Index(src, "Backdoor")) {
		t.Error("the heredoc's line was taken for a comment")
	}
	if !f.InComment(strings.Index(src, "a comment")) {
		t.Error("the comment was not")
	}
}

// A YAML alias bomb ("billion laughs") costs nothing: aliases are not
// followed.
func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [\"Backdoor:EC2/XORDDOS\"]\n")
	for i := 1; i <= 30; i++ {
		refs := strings.TrimSuffix(strings.Repeat("*a"+strconv.Itoa(i-1)+", ", 10), ", ")
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + refs + "]\n")
	}
	start := time.Now()
	f := Parse("bomb.yaml", []byte(b.String()))
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	n := 0
	Walk(f.Root, func(*Node) bool { n++; return true })
	if n > 1000 {
		t.Errorf("the tree has %d nodes: aliases were expanded", n)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// A bug in a fast reader costs speed, not the file: the library reads it.
func TestFastReaderPanicFallsBack(t *testing.T) {
	f := &File{Path: "x.tf", Src: []byte(`a = "Backdoor:EC2/XORDDOS"` + "\n"), Format: HCL}
	before := fastReaderBugs.Load()
	if tryFastReader(f, func() { panic("a bug") }) {
		t.Fatal("a panicking reader was taken as having read the file")
	}
	if f.Root != nil || f.Strings != nil || fastReaderBugs.Load() != before+1 {
		t.Fatalf("root %v strings %v bugs %d", f.Root, f.Strings, fastReaderBugs.Load()-before)
	}
	if f.FastReaderBug != "a bug" { // for the notice that names --no-fast-readers
		t.Fatalf("the bug is not recorded: %q", f.FastReaderBug)
	}
	var gaveUp File
	tryFastReader(&gaveUp, func() { panic(giveUp{}) })
	if gaveUp.FastReaderBug != "" {
		t.Fatalf("giving up is recorded as a bug: %q", gaveUp.FastReaderBug)
	}
	parseHCL(f, Options{})
	if f.Err != nil || f.Root == nil {
		t.Fatalf("the library path did not read it: %v", f.Err)
	}
}

// Options.NoFastReaders keeps the fast readers out, and the library builds
// the same tree they would have.
func TestNoFastReaders(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		format    Format
	}{
		{"x.tf", "a = [\"Backdoor:EC2/XORDDOS\"]\n", HCL},
		{"x.yaml", "detail:\n  type: [Backdoor:EC2/XORDDOS]\n", YAML},
	} {
		before := fastReads.Load()
		fast := ParseWith(tc.path, []byte(tc.src), tc.format, Options{})
		if fastReads.Load() != before+1 {
			t.Fatalf("%s: the fast reader did not read a plain file", tc.path)
		}
		slow := ParseWith(tc.path, []byte(tc.src), tc.format, Options{NoFastReaders: true})
		if fastReads.Load() != before+1 {
			t.Errorf("%s: a fast reader ran with NoFastReaders", tc.path)
		}
		if !reflect.DeepEqual(fast.Root, slow.Root) || !reflect.DeepEqual(fast.Strings, slow.Strings) {
			t.Errorf("%s: the library built another tree", tc.path)
		}
	}
}

// A JSON error points at the offending byte, and a raw control character
// in a string is one: json.Valid rejects it, and so does the parser.
func TestJSONErrorPositions(t *testing.T) {
	for src, want := range map[string]string{
		`{"a": }`:                "1:7:",
		"{\"a\": \"x\ty\"}":      "1:9:",
		"{\"a\": \"x\n\"}":       "1:9:",
		"{\n  \"a\": 1,\n  ]\n}": "3:3:",
		"{\"a\": \"x\\\n\"}":     "1:10:",
		"{\"a\": \"\x01\"}":      "1:8:",
	} {
		f := ParseAs("x.json", []byte(src), JSON)
		if f.Err == nil || !strings.HasPrefix(f.Err.Error(), want) {
			t.Errorf("%q: error %v, want it at %s", src, f.Err, want)
		}
		if json.Valid([]byte(src)) {
			t.Errorf("%q: json.Valid accepts it", src)
		}
	}
}

// YAML string ranges are where yaml.v3 puts the value, in every corner:
// after properties and the comments that follow them, over every line of
// a folded plain scalar, below a block indicator's comment, with an
// indentation indicator, and where yaml.v3 ends an anchor at a ':'.
func TestYAMLStringRangesInCorners(t *testing.T) {
	for src, want := range map[string][]string{
		"- !Sub # legacy\n  'Backdoor:EC2/XORDDOS'\n":            {"'Backdoor:EC2/XORDDOS'"},
		"a: !Sub\n# Backdoor:EC2/XORDDOS\nb: x\n":                {"a", "b", "x"},
		"a: one\n  two\n\n  three\nb: x\n":                       {"a", "one\n  two\n\n  three", "b", "x"},
		"a: | # a comment\n  text\n":                             {"a", "  text\n"},
		"a: |1\n    more\n  less\nb: x\n":                        {"a", "    more\n  less\n", "b", "x"},
		"- &a:b Backdoor:EC2/XORDDOS\n":                          {":b Backdoor:EC2/XORDDOS"},
		"&a:b k: v # Backdoor:EC2/XORDDOS\n":                     {":b k", "v"},
		"a: &anchor # note\n  'Recon:IAMUser/UserPermissions'\n": {"a", "'Recon:IAMUser/UserPermissions'"},
	} {
		f := ParseAs("x.yaml", []byte(src), YAML)
		var got []string
		for _, r := range f.Strings {
			got = append(got, src[r.Start:r.End])
		}
		if f.Err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: strings %q (%v), want %q", src, got, f.Err, want)
		}
	}
}
