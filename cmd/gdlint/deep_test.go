package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// deepConstruct is one construct of a grammar, repeated: prefix, open n
// times, the core (which holds a retired type), close n times, suffix.
type deepConstruct struct {
	name, ext          string
	prefix, open, core string
	close, suffix      string
	// parses: the file's own structure is shallow and it may parse: the
	// repetition is a list, not nesting (a.b.c..., *a, *a, ...), or it is
	// inside a string, where a document too deep to read is a string.
	parses bool
}

const deepType = `"Backdoor:EC2/XORDDOS"`

// deepConstructs are the constructs of HCL, YAML, JSON (and shell) that
// nest, or that a parser might recurse on: brackets, and, in HCL, every
// operator, conditional, traversal, splat, template and directive.
var deepConstructs = []deepConstruct{
	// HCL: unary operators, binary chains, conditionals.
	{name: "not", ext: ".tf", prefix: "a = ", open: "!", core: deepType},
	{name: "neg", ext: ".tfvars", prefix: "a = ", open: "-", core: "1", suffix: "\nb = " + deepType},
	{name: "neg-spaced", ext: ".tf", prefix: "a = ", open: "- ", core: "1", suffix: "\nb = " + deepType},
	{name: "plus", ext: ".tf", prefix: "a = ", open: "1 + ", core: deepType},
	{name: "times", ext: ".tf", prefix: "a = ", open: "2*", core: deepType},
	{name: "equal", ext: ".tf", prefix: "a = ", open: "x == ", core: deepType},
	{name: "and", ext: ".tfvars", prefix: "a = ", open: "x && ", core: deepType},
	{name: "cond-false", ext: ".tf", prefix: "a = ", open: "a ? b : ", core: deepType},
	{name: "cond-true", ext: ".tfvars", prefix: "a = ", open: "a ? ", core: deepType, close: " : b"},
	{name: "cond-cond", ext: ".tf", prefix: "a = ", open: "a ? b : c ? ", core: deepType, close: " : d"},
	// HCL: brackets, calls, indexes, traversals, splats.
	{name: "paren", ext: ".tf", prefix: "a = ", open: "(", core: deepType, close: ")"},
	{name: "tuple", ext: ".tf", prefix: "a = ", open: "[", core: deepType, close: "]"},
	{name: "object", ext: ".tf", prefix: "a = ", open: "{a = ", core: deepType, close: "}"},
	{name: "object-colon", ext: ".tf", prefix: "a = ", open: "{\"a\": ", core: deepType, close: "}"},
	{name: "call", ext: ".tf", prefix: "a = ", open: "f(", core: deepType, close: ")"},
	{name: "call-args", ext: ".tf", prefix: "a = ", open: "f(1, ", core: deepType, close: ", 2)"},
	{name: "index-in-index", ext: ".tf", prefix: "a = x", open: "[x", core: "[" + deepType, close: "]"},
	{name: "index-literal", ext: ".tf", prefix: "a = x", open: "[0]", suffix: "\nb = " + deepType},
	{name: "index-var", ext: ".tf", prefix: "a = x", open: "[y]", suffix: "\nb = " + deepType},
	{name: "splat", ext: ".tf", prefix: "a = x", open: "[*]", suffix: "\nb = " + deepType},
	{name: "splat-attr", ext: ".tf", prefix: "a = x", open: ".*.a[0]", suffix: "\nb = " + deepType},
	{name: "traversal", ext: ".tf", prefix: "a = x", open: ".b", suffix: "\nb = " + deepType, parses: true},
	{name: "paren-traversal", ext: ".tf", prefix: "a = ", open: "(x).b", core: deepType},
	{name: "for-tuple", ext: ".tf", prefix: "a = ", open: "[for x in ", core: deepType, close: " : x]"},
	{name: "for-object", ext: ".tf", prefix: "a = ", open: "{for k, v in ", core: deepType, close: " : k => v}"},
	{name: "blocks", ext: ".tf", open: "b {\n", core: "a = " + deepType + "\n", close: "}\n"},
	// HCL: templates and directives.
	{name: "interp", ext: ".tf", prefix: "a = ", open: `"${`, core: deepType, close: `}"`},
	{name: "interp-tilde", ext: ".tf", prefix: "a = ", open: `"${~ `, core: deepType, close: ` ~}"`},
	{name: "if", ext: ".tf", prefix: `a = "`, open: "%{if a}", core: "Backdoor:EC2/XORDDOS", close: "%{endif}", suffix: `"`},
	{name: "if-else", ext: ".tf", prefix: `a = "`, open: "%{if a}x%{else}", core: "Backdoor:EC2/XORDDOS", close: "%{endif}", suffix: `"`},
	{name: "for-directive", ext: ".tf", prefix: `a = "`, open: "%{for x in y}", core: "Backdoor:EC2/XORDDOS", close: "%{endfor}", suffix: `"`},
	{name: "heredoc", ext: ".tf", prefix: "a = ", open: "<<E\n${", core: deepType, close: "}\nE\n"},
	{name: "heredoc-directive", ext: ".tf", prefix: "a = <<E\n", open: "%{if a}\n", core: "Backdoor:EC2/XORDDOS\n", close: "%{endif}\n", suffix: "E"},
	// YAML.
	{name: "block-seq", ext: ".yaml", open: "- ", core: deepType},
	{name: "flow-seq", ext: ".yaml", prefix: "a: ", open: "[", core: deepType, close: "]"},
	{name: "flow-map", ext: ".yaml", prefix: "a: ", open: "{a: ", core: deepType, close: "}"},
	{name: "anchors", ext: ".yaml", prefix: "a: ", open: "&a [", core: deepType, close: "]"},
	{name: "tags", ext: ".yaml", prefix: "a: ", open: "!t [", core: deepType, close: "]"},
	{name: "complex-keys", ext: ".yaml", open: "? ", core: deepType},
	{name: "seq-of-maps", ext: ".yaml", open: "- a: ", core: deepType},
	{name: "aliases", ext: ".yaml", prefix: "a: &a x\nb: [", open: "*a, ", core: deepType, close: "", suffix: "]", parses: true},
	{name: "template", ext: ".template", prefix: "Resources: ", open: "[", core: deepType, close: "]"},
	// JSON, and JSON inside strings.
	{name: "json-array", ext: ".json", open: "[", core: deepType, close: "]"},
	{name: "json-object", ext: ".json", open: `{"a": `, core: deepType, close: "}"},
	{name: "json-in-string", ext: ".json", prefix: `{"a": "`, open: "[", core: `\"Backdoor:EC2/XORDDOS\"`, close: "]", suffix: `"}`, parses: true},
	{name: "tf-json", ext: ".tf.json", prefix: `{"a": `, open: `{"a": `, core: deepType, close: "}", suffix: "}"},
	{name: "json-in-hcl", ext: ".tf", prefix: "a = <<E\n", open: "[", core: deepType, close: "]", suffix: "\nE", parses: true},
	{name: "json-in-yaml", ext: ".yaml", prefix: "a: '", open: "[", core: deepType, close: "]", suffix: "'", parses: true},
	// Shell: command substitutions inside double quotes.
	{name: "shell", ext: ".sh", prefix: "echo ", open: `"$(echo `, core: deepType, close: `)"`},
}

// build writes the construct repeated n times.
func (c deepConstruct) build(n int) []byte {
	var b strings.Builder
	b.Grow(len(c.prefix) + n*(len(c.open)+len(c.close)) + len(c.core) + len(c.suffix) + 1)
	b.WriteString(c.prefix)
	for range n {
		b.WriteString(c.open)
	}
	b.WriteString(c.core)
	for range n {
		b.WriteString(c.close)
	}
	b.WriteString(c.suffix + "\n")
	return []byte(b.String())
}

// Every construct, a megabyte of it and just past gdlint's bound of 1,000
// levels, in one tree with an ordinary file: the run finishes with the
// exit code of its findings, the ordinary file's finding is there, and
// each deep file is read as text with a notice, its retired type still
// found. (A megabyte of '!' or '-' overflowed hcl's stack, which Go cannot
// recover from: the run died and every finding was lost. Between 1,000
// and 10,000 levels of YAML a retired type was a note, read as a comment.)
func TestDeepInputsOfEveryConstruct(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.tf"), []byte(goodTF))
	for _, c := range deepConstructs {
		perByte := len(c.open) + len(c.close)
		write(t, filepath.Join(dir, "mb-"+c.name+c.ext), c.build((1<<20)/perByte))
		write(t, filepath.Join(dir, "past-"+c.name+c.ext), c.build(1500))
	}
	start := time.Now()
	code, stdout, stderr := lintDir(t, dir, "-f", "json", ".")
	t.Logf("%d constructs in %v", len(deepConstructs), time.Since(start))
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d (findings): %s", code, ExitFindings, stderr)
	}
	var rep struct {
		Diagnostics []struct{ Rule, Level, Path, FindingType string }
		Notices     []struct{ Path, Level, Message string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v: %.300s", err, stdout)
	}
	found, text := map[string]bool{}, map[string]string{}
	for _, d := range rep.Diagnostics {
		if d.Rule == "GDL001" && d.FindingType == "Backdoor:EC2/XORDDOS" && d.Level == "error" {
			found[d.Path] = true
		}
	}
	for _, n := range rep.Notices {
		if strings.Contains(n.Message, "scanned as text") {
			text[n.Path] = n.Message
		}
	}
	if !found["good.tf"] {
		t.Errorf("the ordinary file's finding is missing")
	}
	for _, c := range deepConstructs {
		for _, size := range []string{"mb-", "past-"} {
			path := size + c.name + c.ext
			if !found[path] {
				t.Errorf("%s: its retired type was not found as an error", path)
			}
			if _, ok := text[path]; !ok && !c.parses && c.ext != ".sh" {
				t.Errorf("%s: not read as text", path)
			}
		}
	}
	if t.Failed() {
		t.Logf("notices: %s", fmt.Sprint(text))
	}
}
