package scanner

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// hclGen writes random valid HCL expressions from every construct of the
// grammar, with chains (of operators, conditionals, indexes, splats,
// directives) up to maxChain long.
type hclGen struct {
	r        *rand.Rand
	maxChain int
	heredocs int
}

func (g *hclGen) chain() int { return 1 + g.r.IntN(g.maxChain) }

func (g *hclGen) atom() string {
	return []string{"1", "x", `"s"`, "var.a.b", "true", "null", "1.5e-3", `"Backdoor:EC2/XORDDOS"`}[g.r.IntN(8)]
}

// expr returns an expression nested at most d constructs deep (each of
// them possibly a chain).
func (g *hclGen) expr(d int) string {
	if d <= 0 {
		return g.atom()
	}
	e := func() string { return g.expr(d - 1) }
	a := g.atom
	n := g.chain()
	rep := func(f func() string) string {
		var b strings.Builder
		for range n {
			b.WriteString(f())
		}
		return b.String()
	}
	switch g.r.IntN(22) {
	case 0:
		return strings.Repeat("!", n) + e()
	case 1:
		return strings.Repeat("- ", n) + e()
	case 2:
		ops := []string{" + ", " * ", " == ", " && ", " || ", " < ", " >= ", " != ", " / ", " % ", " - "}
		return e() + rep(func() string { return ops[g.r.IntN(len(ops))] + a() }) + " + " + e()
	case 3:
		return rep(func() string { return a() + " ? " + a() + " : " }) + e()
	case 4:
		return strings.Repeat("a ? ", n) + e() + strings.Repeat(" : b", n)
	case 5:
		return "(" + e() + ")"
	case 6:
		return "[" + e() + ", " + e() + ",\n]"
	case 7:
		return "{\n a = " + e() + "\n \"b\" = " + a() + ", c: " + e() + "\n}"
	case 8:
		return "f(" + e() + ", " + a() + ")"
	case 9:
		return "x" + rep(func() string { return "[" + a() + "]" }) + "[" + e() + "]"
	case 10:
		return "x" + strings.Repeat("[*]", n) + ".a + " + e()
	case 11:
		return "x" + strings.Repeat(".*.a[0]", n) + " + " + e()
	case 12:
		return "(" + e() + ")" + strings.Repeat(".b", n)
	case 13:
		return `"a ${` + e() + `} b"`
	case 14:
		return `"` + rep(func() string { return "%{ if " + a() + " }x" }) + "${" + e() + "}" + strings.Repeat("%{ else }y%{ endif }", n) + `"`
	case 15:
		return `"%{ for v in ` + e() + ` }${v}%{ endfor }"`
	case 16:
		return "[for v in " + e() + " : " + a() + " if " + e() + "]"
	case 17:
		return "{for k, v in " + e() + " :\n k => " + e() + "...}"
	case 18:
		g.heredocs++
		m := fmt.Sprintf("EOT%d", g.heredocs)
		return "[<<-" + m + "\n  a ${" + e() + "} # not a comment\n  " + m + "\n]"
	case 19:
		return "f(" + e() + "...)"
	case 20:
		return "x /* a, comment */ + " + e()
	default:
		return "[ # a comment, with a comma\n" + e() + "\n]"
	}
}

// file wraps expressions in attributes and blocks.
func (g *hclGen) file(d int) string {
	var b strings.Builder
	for i := range 1 + g.r.IntN(3) {
		fmt.Fprintf(&b, "a%d = %s\n", i, g.expr(d))
	}
	fmt.Fprintf(&b, "block \"l\" {\n  # comment\n  b = %s\n  inner {\n    c = %s\n  }\n}\n", g.expr(d), g.expr(d))
	return b.String()
}

// astDepth is the depth of hcl's syntax tree: how deep VisitAll and the
// tree gdlint builds go.
func astDepth(n hclsyntax.Node) int {
	w := &depthWalker{}
	hclsyntax.Walk(n, w)
	return w.max
}

type depthWalker struct{ cur, max int }

func (w *depthWalker) Enter(hclsyntax.Node) hcl.Diagnostics {
	w.cur++
	w.max = max(w.max, w.cur)
	return nil
}

func (w *depthWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	w.cur--
	return nil
}

// hclDepth is the measure with no limit: the peak over the whole file.
func hclDepth(src []byte) int {
	s := hclDepthScan{src: src}
	s.run()
	return s.peak
}

// treePerLevel is how many levels of hcl's tree one level of the measure
// may stand for (an object is ObjectConsExpr, ObjectConsKeyExpr and the
// key; a block is Block, Body, Attribute), and the file's own body and
// attribute two more levels.
const treePerLevel = 4

func treeBound(measure int) int { return treePerLevel * (measure + 2) }

// The measure bounds hcl's tree from above, whatever the construct: a file
// whose tree is deeper than maxDepth is never handed to hcl. (hcl's
// parser recurses at most a few frames per level of its tree.)
func TestHCLDepthBoundsTree(t *testing.T) {
	worst := 0.0
	for seed := range uint64(400) {
		g := &hclGen{r: rand.New(rand.NewPCG(seed, 1)), maxChain: 40}
		src := g.file(1 + g.r.IntN(5))
		file, diags := hclsyntax.ParseConfig([]byte(src), "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("seed %d: the generator wrote invalid HCL: %v\n%s", seed, diags, src)
		}
		tree, measure := astDepth(file.Body.(*hclsyntax.Body)), hclDepth([]byte(src))
		worst = max(worst, float64(tree)/float64(measure))
		if tree > treeBound(measure) {
			t.Errorf("seed %d: measured %d, but hcl's tree is %d deep:\n%s", seed, measure, tree, src)
		}
	}
	t.Logf("hcl's tree is at most %.1f times as deep as measured", worst)
}

// The guard rejects nothing hcl reads at a modest depth: random files of
// every construct, nested up to 6 deep with chains up to 10, parse with
// hcl into a tree, as do the fixtures.
func TestHCLGuardPassesShallow(t *testing.T) {
	worst := 0.0
	for seed := range uint64(400) {
		g := &hclGen{r: rand.New(rand.NewPCG(seed, 2)), maxChain: 10}
		src := []byte(g.file(1 + g.r.IntN(6)))
		file, diags := hclsyntax.ParseConfig(src, "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("seed %d: the generator wrote invalid HCL: %v\n%s", seed, diags, src)
		}
		tree := astDepth(file.Body.(*hclsyntax.Body))
		worst = max(worst, float64(hclDepth(src))/float64(tree))
		if tree > maxDepth/4 {
			continue
		}
		if f := ParseWith("x.tf", src, HCL, Options{NoFastReaders: true}); f.Err != nil || f.Root == nil {
			t.Errorf("seed %d: a tree %d deep (measured %d) was not parsed: %v", seed, tree, hclDepth(src), f.Err)
		}
	}
	t.Logf("the measure is at most %.1f times the depth of hcl's tree", worst)
	fixtures, _ := filepath.Glob("../testdata/*/*.tf")
	more, _ := filepath.Glob("../testdata/*.tf")
	for _, path := range append(fixtures, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if hclGuard(src) != nil {
			t.Errorf("%s: taken for too deep (measured %d)", path, hclDepth(src))
		}
	}
}

// hclComments finds the comments hcl's lexer finds: the text path of a
// deep file tells comments from code as hcl would.
func TestHCLCommentsMatchLexer(t *testing.T) {
	srcs := []string{
		"a = 1 # c\nb = \"# not\" // c2\n/* c3 */ c = <<EOT\n# not ${x # in an interpolation, a comment\n}\nEOT\n",
		"a = \"${ {a = 1} } # }\" # c\n",
		"a = \"${\"${\"#\"}\"}\" # c\n",
		"a = <<-EOT\n  EOT x\n  $${ # }\n  EOT\n# c\n",
		"a = \"\\\" # \\\\\" # c\n",
		"a = \"%{if x}#%{endif}\" # c\n",
		"a = << EOT\n# c\n",
		"a = <<EOT\r\nx\r\nEOT\r\n# c\r\n",
		"a = \"unterminated\n# still a string\n",
		"a = ~} # c\n",
		"a = \"${ x ~} # not\" # c\n",
	}
	for seed := range uint64(300) {
		g := &hclGen{r: rand.New(rand.NewPCG(seed, 3)), maxChain: 3}
		srcs = append(srcs, g.file(1+g.r.IntN(4)))
	}
	fixtures, _ := filepath.Glob("../testdata/*/*.tf")
	for _, path := range fixtures {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(src))
	}
	for _, src := range srcs {
		want := &File{Src: []byte(src)}
		tokens, _ := hclsyntax.LexConfig(want.Src, "", hcl.InitialPos)
		commentsFrom(want, tokens)
		got := &File{Src: []byte(src)}
		hclComments(got)
		if !reflect.DeepEqual(got.Comments, want.Comments) {
			t.Errorf("%q:\ncomments %v\nhcl's    %v", src, got.Comments, want.Comments)
		}
	}
}

// FuzzHCLDepth holds the depth scan to hcl on any input: its comments are
// those of hcl's lexer, and hcl's tree is never deeper than treePerLevel
// times its measure. Inputs it measures past maxDepth are not handed to
// hcl, here as in gdlint.
func FuzzHCLDepth(f *testing.F) {
	for seed := range uint64(20) {
		g := &hclGen{r: rand.New(rand.NewPCG(seed, 4)), maxChain: 5}
		f.Add([]byte(g.file(1 + g.r.IntN(3))))
	}
	for _, c := range hclCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		want := &File{Src: src}
		tokens, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
		commentsFrom(want, tokens)
		got := &File{Src: src}
		hclComments(got)
		if utf8.Valid(src) && !reflect.DeepEqual(got.Comments, want.Comments) || !subset(got.Comments, want.Comments) {
			t.Fatalf("comments %v, hcl's %v", got.Comments, want.Comments)
		}
		measure := hclDepth(src)
		if measure > maxDepth {
			return
		}
		file, _ := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			if tree := astDepth(body); tree > treeBound(measure) {
				t.Fatalf("measured %d, hcl's tree is %d deep", measure, tree)
			}
		}
	})
}

// subset reports whether every range of a is in b.
func subset(a, b []Range) bool {
	for _, r := range a {
		if !slices.Contains(b, r) {
			return false
		}
	}
	return true
}

// The comments of a deep file cost memory in proportion to its strings'
// nesting, capped, not to its brackets: 8 MiB of '(' (gdlint's value
// bound does not count parentheses) kept a level each, 450 MB.
func TestHCLCommentsBoundedMemory(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		comment   bool // the comment after the deep part is found
	}{
		{"parens", "a = " + strings.Repeat("(", 8<<20) + "\n# c\n", true},
		{"interpolations", "a = " + strings.Repeat(`"${`, 1<<20) + "\n# c\n", false},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f := &File{Src: []byte(tc.src)}
		hclComments(f)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
			t.Errorf("%s: allocated %d MB", tc.name, alloc>>20)
		}
		if found := len(f.Comments) == 1; found != tc.comment {
			t.Errorf("%s: comments %v", tc.name, f.Comments)
		}
	}
}
