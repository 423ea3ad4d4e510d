package scanner

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// sameAsHCL checks readHCL against hcl's parser on src; see sameAs.
func sameAsHCL(t testing.TB, src []byte) bool {
	t.Helper()
	return sameAs(t, "x.tf", HCL, src, readHCL, parseHCLWithHCL)
}

// sameAs checks a fast reader against the library path it stands in
// front of: when the fast reader accepts src, the library must accept it
// too, and both must give the same tree and string ranges. When it gives
// up, it must leave nothing behind. It reports whether it accepted.
func sameAs(t testing.TB, path string, format Format, src []byte, fast func(*File) bool, slow func(*File)) bool {
	t.Helper()
	ff := &File{Path: path, Src: src, Format: format}
	bugs := fastReaderBugs.Load()
	accepted := fast(ff)
	if fastReaderBugs.Load() != bugs {
		t.Fatalf("the fast reader panicked (a bug; in use it falls back to the library):\n%s", src)
	}
	if !accepted {
		if ff.Root != nil || ff.Strings != nil {
			t.Fatalf("the fast reader gave up but left a tree or strings behind\n%s", src)
		}
		return false
	}
	sf := &File{Path: path, Src: src, Format: format}
	slow(sf)
	if sf.Err != nil {
		t.Fatalf("the fast reader accepted what the library rejects (%v):\n%s", sf.Err, src)
	}
	ff.normalize()
	sf.normalize()
	if !reflect.DeepEqual(ff.Strings, sf.Strings) {
		t.Fatalf("string ranges differ\nfast    %v\nlibrary %v\n%s", ff.Strings, sf.Strings, src)
	}
	if !reflect.DeepEqual(ff.Root, sf.Root) {
		t.Fatalf("trees differ\nfast    %s\nlibrary %s\n%s", dumpNode(ff.Root), dumpNode(sf.Root), src)
	}
	return true
}

func dumpNode(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, indent string)
	walk = func(n *Node, indent string) {
		if n == nil {
			b.WriteString("nil")
			return
		}
		fmt.Fprintf(&b, "%d %q R%v F%v L%q", n.Kind, n.Str, n.Range, n.Full, n.Labels)
		for _, f := range n.Fields {
			fmt.Fprintf(&b, "\n%s%s %v: ", indent, f.Key, f.KeyRange)
			walk(f.Value, indent+"  ")
		}
		for _, it := range n.Items {
			fmt.Fprintf(&b, "\n%s- ", indent)
			walk(it, indent+"  ")
		}
		if n.Doc != nil {
			fmt.Fprintf(&b, "\n%sdoc: ", indent)
			walk(n.Doc, indent+"  ")
		}
	}
	walk(n, "  ")
	return b.String()
}

// hclCases are inputs in the fast reader's subset (fast: it must accept
// them, or it is no faster than hcl) and just outside it (it must give
// up, or agree with hcl).
var hclCases = []fastCase{
	{"", true},
	{"# only a comment", true},
	{"a = 1\n", true},
	{"a = 1", true},
	{"a = 1.5\nb = true\nc = null\nd = false\n", true},
	{"a = 1.5e3\n", true},
	{"a = \"x\" # c\nb = \"y\" // c\nc = \"z\" /* c */\n", true},
	{"a = \"esc \\\" \\\\ \\n \\t \\u00e9 \\U0001F600\"\n", true},
	{"a = \"caf\u0065\u0301 \u65e5\u672c\"\n", true},
	{"a = \"100% $5 {x}\"\n", true},
	{"a = var.x\nb = local.a.b-c\nc = data.aws_caller_identity.current\n", true},
	{"a = [1, \"two\", [3], {k = 4},]\nb = []\nc = [\n  1,\n  2\n]\n", true},
	{"a = {\n  k = 1\n  \"q\" = \"v\", r: 2\n  detail-type = [\"x\"]\n}\nb = {}\n", true},
	{"a = jsonencode({\n  source = [\"aws.guardduty\"]\n  detail = { type = [\"A:B/C\"] }\n})\n", true},
	{"a = yamlencode([1])\nb = lookup(var.m, \"k\", \"d\")\nc = f()\nd = g(1,\n  2,\n)\n", true},
	{"a = (1)\nb = ( \"x\" )\n", true},
	{"a = <<EOF\n{\"source\": [\"aws.guardduty\"]}\nEOF\n", true},
	{"a = <<EOF\nline\n  EOF  \nb = 1\n", true},
	{"a = [<<A\nx\nA\n, <<B\ny\nB\n]\n", true},
	{"resource \"aws_cloudwatch_event_rule\" \"r\" {\n  name = \"x\"\n  nested {\n    k = 1\n  }\n}\n", true},
	{"block {}\nblock { a = 1 }\nlabelled x \"y\" { }\n", true},
	{"resource \"a\" \"b\" { # comment\n  a = 1\n} # after\n", true},
	{"a = {\n  # comment\n  k = 1 # trailing\n}\n", true},
	{"a = [ # c\n  1, // c\n  /* c */ 2\n]\n", true},
	{"a = \"${var.x}\"\n", true},
	{"a = \"%{if true}x%{endif}\"\n", true},
	{"a = \"$${literal}\"\n", true},
	{"a = \"${var.prefix}Recon:IAMUser/X-${\"in}ner\"}-${{a = 1}.a}\"\n", true},
	{"a = [\"${x}\", \"${ x ? \"A:B\" : \"C:D\" }\"]\n", true},
	{"a = \"${\"unterminated}\n", false},
	{"a = \"${x # c\n}\"\n", false},
	{"a = \"${<<EOF\nx\nEOF\n}\"\n", false},
	{"a = \"${1 +}\"\n", false},
	{"a = 1 + 2\n", true},
	{"a = var.x ? 1 : 2\n", true},
	{"a = -1\n", true},
	{"a = !true\n", true},
	{"a = [for x in y : x]\n", true},
	{"a = {for k, v in y : k => v}\n", true},
	{"a = var.x[0]\n", true},
	{"a = var.x.*.id\n", true},
	{"a = f(var.x...)\n", true},
	{"a = provider::p::f(1)\n", true},
	// Expressions the reader hands to hcl's expression parser, as real
	// Terraform writes them, and what ends them.
	{"count = var.on == \"true\" ? 1 : 0\nb = var.a != \"\" ? true : false # c\n", true},
	{"resource \"a\" \"b\" {\n  count = module.this.enabled && var.x ? 1 : 0\n  n = \"${var.p}Recon:IAMUser/X\"\n}\n", true},
	{"b { a = var.x ? \"A:B/C\" : \"D:E/F\" }\n", true},
	{"a = var.x ? [\n  \"A:B/C\", # c\n  \"D:E/F\", // c\n] : []\n", true},
	{"a = merge(var.t, {\n  k = \"v\"\n}) // c\n", true},
	{"a = var.x ? {\n  k = 1\n} : { k = 2 }\nb = 1\n", true},
	{"a = x /* c */ + 1\n", true},
	{"a = x ? 1 : 2 /* c */\n", false},
	// Operators the reader reads itself (TestReadHCLPlainOperators), and
	// their neighbours, which hcl reads.
	{"count = module.this.enabled && var.s3 ? 1 : 0\nb = var.x.y ? \"ENABLED\" : \"DISABLED\"\nc = !(var.a && var.b)\nd = local.e == true ? 1 : 0\ne = x.y[0].name\nf = a || b != null\ng = a >= 1 && b <= 2 || c < 3 && d > 4\nh = !!a\ni = (a) && (b || c) # c\nj = a ? (b) : !c // c\n", true},
	{"a = (x && y)\nb = (x ? 1 : 0)\nc = (x[0])\nd = x ? y ? 1 : 2 : 3\ne = x ? 1 : y ? 2 : 3\nf = x && \"\"\ng = x == \"a\\nb\"\nh = x == \"${y}\"\ni = x[y]\nk = x == 1.5\nl = f(x) && y\nm = x.0 && y\nn = true[0] && x\no = x == -1\np = x + 1\n", true},
	{"a = x &&\n  y\n", false},
	{"a = x && (\n  y)\n", true},
	{"a = x && for\n", true},
	{"a = x[0]y\n", false},
	{"a = x && \"y\n", false},
	{"a = x && y)\n", false},
	{"a = x ? 1\n", false},
	{"a = x ?? 1 : 2\n", false},
	{"a = x && && y\n", false},
	{"a = x !== y\n", false},
	{"a = x & y\n", false},
	{"a = x = y\n", false},
	{"a = x == y ==\n", false},
	{"a = x[0\n", false},
	{"a = x[]\n", false},
	{"a = 1x && y\n", false},
	{"a = x \u00e9 y\n", false},
	{"a = x && y\u00e9\n", true},
	{"a = x && y\u00e9 ? 1 : 0\n", true},
	{"a = 1 +\n  2\n", false},
	{"a = var.x\n  ? 1 : 2\n", false},
	{"a = x ? <<EOF\ny\nEOF\n: 1\n", false},
	{"a = x ? 1 : 2 b = 3\n", false},
	{"a = (x ? 1 : 2\n", false},
	{"a = x ? 1 : 2)\n", false},
	{"a = 1e999999999\n", true},
	{"a = 1e99999999999999999999\n", false},
	{"a = \"${x}\" + 1\n", true},
	// Templates of literal text and references, which the reader reads
	// itself (TestReadHCLPlainTemplates), and their neighbours.
	{"a = \"x${var.x}y\"\nb = \"${ aws_s3_bucket.b.arn }/*\"\nc = \"${a}${b}\"\nd = \"${a.b-c.d_e}\"\n", true},
	{"a = \"\\n${a}\\t\\\"\\\\ \\u00e9 \\U0001F600\"\ne = \"$5 ${a} 100% $ %\"\n", true},
	{"a = \"\\q${a}\"\n", false},
	{"a = \"${a}\\q\"\n", false},
	{"a = \"\\ud800${a}\"\n", false},
	{"a = \"\\${a}\"\n", false},
	{"a = \"${a.0}\"\nb = \"${a[0]}\"\nc = \"${f(x)}\"\nd = \"${true}\"\ne = \"${a.*.b}\"\nf = \"${ a }\"\n", true},
	{"a = \"%{if a}x%{endif}${b}\"\nb = \"$${a} ${b}\"\nc = \"%%{a} ${b}\"\nd = \"$$ ${b}\"\ne = \"${~a~}\"\n", true},
	{"a = \"${a.}\"\n", false},
	{"a = \"${.a}\"\n", false},
	{"a = \"${a b}\"\n", false},
	{"a = \"${}\"\n", false},
	{"a = \"${\u00e9}\"\nb = \"${a\u00e9}\"\nc = \"\u00e9${a}\"\n", true},
	{"a = \"${for}\"\nb = \"${null.x}\"\n", true},
	{"a = <<EOF\n{\n  \"Resource\": \"${aws_s3_bucket.b.arn}/*\",\n  \"q\": \"\\d $ %\"\n}\nEOF\n", true},
	{"a = <<-EOF\n    ${a.b}\n  x\n  EOF\nb = <<EOF\n${ a }\n  EOF  \n", true},
	{"a = <<EOF\n${a}\t\n\t${b}\nEOF\n", true},
	{"a = <<EOF\n${a}\n%{if b}x%{endif}\nEOF\n", true},
	{"a = <<EOF\n${a}EOF\nEOF\n", true},
	{"a = [\"${a}\", {k = \"x${b}\"}, f(\"${c}\")]\nb {\n  c = \"${d.e}\"\n}\n", true},
	{"a = <<EOF\naws guardduty list-detectors --region ${var.region}\nEOF\nb = 1\n", true},
	{"a = <<-EOT\n    x ${var.a}\n  %{ if var.b }Recon:IAMUser/X%{ endif }\n  EOT\n", true},
	{"a = <<EOF\n$${literal} %%{literal}\nEOF\n", true},
	{"a = <<EOF\n${\n  var.a\n}\nEOF\n", true},
	{"a = <<EOF\n${\nEOF\n}\nEOF\n", false},
	{"a = <<EOF\n${\"EOF\"}\nEOF\n", true},
	{"a = <<EOF\n${x}\nEOF", false},
	{"a = <<EOF\n${x\nEOF\n", false},
	{"a = <<-EOF\n  x ${var.a}\n  EOF\n", true},
	{"a = <<-EOF\n  x\n  EOF\n", true},
	{"a = <<-EOT\n    {\n      \"source\": [\"aws.guardduty\"]\n\n  \n    }\n  EOT\n", true},
	{"a = <<-EOT\n\n    x\n  y\nEOT\n", true},
	{"a = <<-EOT\n   \n  \nEOT\n", true},
	{"a = <<-EOT\nx\n  y\nEOT\n", true},
	{"a = <<-EOT\n  \u00e9\n   \u00a0x\nEOT\n", false},
	{"a = <<EOF\nEOF\n", false},
	{"a = <<EOF\nx\nEOF", false},
	{"a = 1\r\n", false},
	{"a =\t1\n", false},
	{"a = 1\t\n", false},
	{"a\t= 1\n", false},
	{"\ta = 1\n", false},
	{"a = 1 # x\ty\n/* \t */\nb = 2 // \t\n", true},
	{"a = [\n  1,\t\n]\n", true},
	{"a = \"x\ty\"\n", true},
	{"a = \"${x}\ty\"\n", true},
	{"a = x ?\t1 : 2\n", true},
	// Tabs in a heredoc: hcl reads a template; the reader gives up on others.
	{"policy = <<EOF\n{\n  \"Resource\": [\n    \"${var.arn}/*\"\t\t    \n  ]\n}\nEOF\nb = 1\n", true},
	{"a = <<-EOF\n\t  x ${var.a}\n  \ty\n  EOF\n", true},
	{"a = <<EOF\n${x}\n\tEOF\n", true},
	{"a = <<EOF\nx\ty\nEOF\n", false},
	{"a = <<EOF\nx\n\tEOF\n", false},
	{"a = <<EOF\nx\nEOF\t\n", false},
	{"a = <<-EOF\n\tx\n\tEOF\n", false},
	{"\ufeffa = 1\n", false},
	{"a = \"\xff\"\n", false},
	{"a = 1\na = 2\n", false},
	{numbered(40, "k%d = 1\n", ""), true},
	{numbered(40, "k%d = 1\n", "k3 = 2\n"), false},
	{numbered(40, "k%d = 1\n", "k30 = 2\n"), false},
	{"a = 1 b = 2\n", false},
	{"a = \"x\n", false},
	{"a = \"\\q\"\n", false},
	{"a = {\n  k = 1 j = 2\n}\n", false},
	{"a = {\n  k\n  = 1\n}\n", false},
	{"a = 1,\n", false},
	{"a = 0x10\n", false},
	{"a = 1.\n", false},
	{"b { a = 1\n}\n", false},
	{"b { c {} }\n", false},
	{"b {\n  a = 1 }\n", false},
	{"b {\n", false},
	{"b \"x\" = 1\n", false},
	{"\"a\" = 1\n", false},
	{"a = 1 /* unterminated\n", false},
	{"a = f (1)\n", true},
	{"a = { true = 1 }\n", true},
	{"a = { for = 1 }\n", false},
	{"a == 1\n", false},
	{"a = \"\\ud800\"\n", false},
	{"é = 1\n", false},
	{"a = 1\n}\n", false},
}

// numbered is n lines made from format and the line's number, then extra.
func numbered(n int, format, extra string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String() + extra
}

// fastCase is an input, and whether a fast reader must accept it (must
// give up otherwise).
type fastCase struct {
	src  string
	fast bool
}

// checkCases runs a differential check on each case, and checks that the
// fast reader accepts exactly the cases marked fast.
func checkCases(t *testing.T, cases []fastCase, same func(testing.TB, []byte) bool) {
	for _, c := range cases {
		if got := same(t, []byte(c.src)); got != c.fast {
			t.Errorf("fast reader accepted = %v, want %v for\n%s", got, c.fast, c.src)
		}
	}
}

func TestReadHCLAgreesWithHCL(t *testing.T) { checkCases(t, hclCases, sameAsHCL) }

// TestReadHCLPlainTemplates checks that the reader reads templates of
// literal text and references itself, handing hcl nothing, and hands it
// the others (TestReadHCLAgreesWithHCL holds both to hcl).
func TestReadHCLPlainTemplates(t *testing.T) {
	for _, c := range []struct {
		src      string
		handOffs int64
	}{
		{"a = \"x${var.x}y\"\nb = \"${ aws_s3_bucket.b.arn }/*\"\nc = \"${a}${b}\"\nd = \"${a}\"\n", 0},
		{"a = \"\\n${a}\\t \\u00e9 $5 100%\"\n", 0},
		{"a = <<EOF\n{\n  \"Resource\": \"${aws_s3_bucket.b.arn}/*\"\t\n}\nEOF\nb = <<-EOF\n  ${a.b}\n  EOF\n", 0},
		{"a = \"${a[0]}\"\nb = \"%{if a}x%{endif}\"\nc = \"$${a}\"\nd = \"${true}\"\ne = <<EOF\n${f(x)}\nEOF\n", 5},
		{"a = \"\\u00e9${a}\"\nb = \"${a\u00e9}\"\n", 1},
	} {
		before := hclHandOffs.Load()
		if !sameAsHCL(t, []byte(c.src)) {
			t.Errorf("the reader gave up on\n%s", c.src)
		}
		if got := hclHandOffs.Load() - before; got != c.handOffs {
			t.Errorf("%d expressions handed to hcl, want %d, for\n%s", got, c.handOffs, c.src)
		}
	}
}

// TestReadHCLPlainOperators checks that the reader reads references and
// literals joined by logical and comparison operators itself, handing hcl
// nothing, and hands it the others (TestReadHCLAgreesWithHCL holds both
// to hcl).
func TestReadHCLPlainOperators(t *testing.T) {
	for _, c := range []struct {
		src      string
		handOffs int64
	}{
		{"count = module.this.enabled && var.on ? 1 : 0\nb = var.c.d ? \"ENABLED\" : \"DISABLED\"\nc = !(var.a && var.b)\nd = x.y[0].name\ne = local.n == true\n", 0},
		{"a = (x && y)\nb = x + 1\nc = f(x) && y\nd = x ? y ? 1 : 2 : 3\ne = x == \"${y}\"\n", 5},
	} {
		before := hclHandOffs.Load()
		if !sameAsHCL(t, []byte(c.src)) {
			t.Errorf("the reader gave up on\n%s", c.src)
		}
		if got := hclHandOffs.Load() - before; got != c.handOffs {
			t.Errorf("%d expressions handed to hcl, want %d, for\n%s", got, c.handOffs, c.src)
		}
	}
}

// TestReadHCLGuardsWholeFile checks that the expressions the fast reader
// hands to hcl one at a time (operators, interpolation), each small, do
// not let it read a file hcl's path reads as text: hcl's tree of the whole
// file would pass MaxTreeValues. (Outside hclCases: the fuzzer would
// spend its time on these.)
func TestReadHCLGuardsWholeFile(t *testing.T) {
	ops := strings.Repeat("1+", 22) + "1"
	checkCases(t, []fastCase{
		{numbered(20000, "k%d = "+ops+"\n", ""), false},
		{numbered(20000, "k%d = \"${"+ops+"}\"\n", ""), false},
		{numbered(200, "k%d = \"${"+ops+"}\"\n", ""), true},
	}, sameAsHCL)
}

// TestReadHCLOnCorpus runs the differential check on every HCL file in
// the repository's test data and in hcl's own spec suite.
func TestReadHCLOnCorpus(t *testing.T) {
	checkCorpus(t, []string{"..", hclModuleDir(t)}, []string{".tf", ".hcl", ".tfvars"}, sameAsHCL)
}

// checkCorpus runs a differential check on every file under roots whose
// name ends in one of exts. It fails when there are few such files, or
// when the fast reader accepted none of them.
func checkCorpus(t *testing.T, roots, exts []string, same func(testing.TB, []byte) bool) {
	var files []string
	for _, root := range roots {
		if root == "" {
			continue
		}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && slices.ContainsFunc(exts, func(e string) bool { return strings.HasSuffix(p, e) }) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 10 {
		t.Fatalf("found only %d files", len(files))
	}
	accepted := 0
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if same(t, src) {
			accepted++
		}
	}
	t.Logf("%d of %d files read by the fast reader", accepted, len(files))
	if accepted == 0 {
		t.Error("the fast reader accepted no file")
	}
}

// hclModuleDir is hcl's module directory, for its spec suite, or "".
func hclModuleDir(t *testing.T) string {
	out, err := goList("github.com/hashicorp/hcl/v2")
	if err != nil {
		t.Logf("hcl's spec suite not found: %v", err)
		return ""
	}
	return string(bytes.TrimSpace(out))
}

func FuzzReadHCL(f *testing.F) {
	for _, c := range hclCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsHCL(t, src)
	})
}

func goList(module string) ([]byte, error) {
	return exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
}

// TestReadHCLDeepTemplates checks that strings nested in interpolation
// a million deep cost the fast reader a bounded stack: it gives up. With
// the stack capped at 16 MB, recursing once per level would kill the
// test binary.
func TestReadHCLDeepTemplates(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(16 << 20))
	const depth = 1_000_000
	src := "a = " + strings.Repeat(`"${`, depth) + strings.Repeat(`}"`, depth) + "\n"
	if readHCL(&File{Src: []byte(src)}) {
		t.Fatal("readHCL accepted a million nested templates")
	}
}
