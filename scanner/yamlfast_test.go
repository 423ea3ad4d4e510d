package scanner

import (
	"fmt"
	"runtime/debug"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sameAsYAML checks readYAML against yaml.v3 on src; see sameAs.
func sameAsYAML(t testing.TB, src []byte) bool {
	t.Helper()
	return sameAs(t, "x.yaml", YAML, src, readYAML, parseYAMLWithYAML)
}

var yamlCases = []fastCase{
	{"", true},
	{"# only a comment\n\n", true},
	{"a: 1\n", true},
	{"a: 1", true},
	{"a: b\nc: d # comment\n'q': \"v\"\n\"k\": 'it''s'\n", true},
	{"Resources:\n  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [aws.guardduty]\n        detail:\n          type: [\"Recon:IAMUser/X\", 'B:C/D']\n", true},
	{"a:\n- x\n- y\nb: z\n", true},
	{"a:\n  - x\n  -   y\n  - Key: Team\n    Value: v\n  -\n    k: v\nb: [a, b c, \"d\", 'e', !Ref x, [n]]\n", true},
	{"- a\n- b: c\n  d: e\n", true},
	{"a: !Sub \"bucket-${AWS::Region}\"\nb: !Sub plain\nc: !Ref Foo\nd: !GetAtt A.Arn\ne: !Join [\",\", [a, b]]\n", true},
	{"a: true\nb: False\nc: ~\nd: null\ne: 443\nf: yes\ng: on\n", true},
	// Compact nested sequences and tagged empty values, as CloudFormation
	// writes them ("- - ECSLogGroup", "AvailabilityZones: !GetAZs").
	{"a: !Join\n  - '-'\n  - - x\n    - !Ref y\nb: 1\n", true},
	{"- - a\n  - b\n- - - c\n    - d\n  - e\n- f\n", true},
	{"- - a: 1\n    b: 2\n  - c\n", true},
	{"- -\n  - a\n", true},
	{"- - \n- x\n", true},
	{"a:\n  - - x\n  - y\nb: z\n", true},
	{"a: !GetAZs\nb: \"true\"\nc:\n  d: !GetAZs   \n  e: !Sub\nf: !Ref\n", true},
	{"- !GetAZs\n- x\n", true},
	{"a:\n  b: !GetAZs\nc: 1\n", true},
	{"a: !GetAZs\n  b: 1\n", true},
	{"a: !GetAZs # c\nb: 1\n", false},
	{"a: !GetAZs", false}, // a tag at the end of the file, with no line break
	{"true: 1\n123: 2\nk: v\n", true},
	{"a: \"esc \\\" \\\\ \\n \\t \\u00e9\"\n", true},
	{"a: \"\\/\"\n", false},
	{"a: Recon:IAMUser/X\nb: arn:aws:iam::1:role/x\nc: [Recon:IAMUser/X]\n", true},
	{"a: caf\u00e9 \u65e5\u672c # \u30b3\u30e1\u30f3\u30c8\n", true},
	{"a: []\nb: x#y\n", true},
	{"a: {Ref: X}\nb: [{prefix: \"Recon:\"}, {anything-but: [x, y]}, {}]\nc: {'q': 1, 2: z}\n", true},
	{"a: |\n  {\"source\": [\"aws.guardduty\"],\n   \"x\": 1}\n\n  z\nb: |-\n  x\n\n\nc: |+\n  k\n\n\nd: >\n  f\n  g\n\n  h\ne: >-\n  x\n", true},
	{"- |\n  item\n- !Sub |\n  a ${x}\n- !Sub >\n  plain\n", true},
	{"a: {x: 1, x: 2}\n", false},
	{numbered(40, "k%d: v\n", ""), true},
	{numbered(40, "k%d: v\n", "k3: again\n"), false},
	{numbered(40, "k%d: v\n", "k30: again\n"), false},
	{"a: {x:1}\n", false},
	{"a: |2\n   x\n", false},
	{"a: |\n\n  x\n", false},
	// More-indented lines, and lines of spaces past the indentation, are
	// content; a folded scalar keeps the line breaks around them.
	{"a: >\n  x\n    y\n", true},
	{"a: |\n  x\n     \n", true},
	{"a: >\n  one\n  two\n\n    code\n      more\n\n  three\n  four\nb: >-\n  p\n     \n  q\nc: |+\n  k\n    \n\nd: >\n  x\n\n\n    y\n  z\n", true},
	{"- >\n  a\n   b\n  c\n- |-\n  # not a comment\n    indented\n", true},
	{"a: |\nb: 1\n", false},
	// A block scalar that ends the file without a line break.
	{"a: |\n  x", true},
	{"a: |-\n  x\n  y", true},
	{"a: |+\n  x", true},
	{"a: >\n  x\n  y", true},
	{"a: >\n  x\n    y", true},
	{"- |\n  a ${{ b }} \\\n  c", true},
	{"a: |\n  x\n\n  y", false},
	{"a: |\n  x\n  ", false},
	{"a: |\n  ", false},
	{"a: &x 1\nb: *x\n", false},
	{"a: plain\n  continued\n", true},
	// Multi-line plain scalars, as cfn-flip and hand-written templates
	// write descriptions.
	{"Description: 'x'\nb: first line\n  second, with [brackets] and {braces}  \n\n\n    third\nc: d\n", true},
	{"Description:\n  Creates the stack. - 'easy' in the\n  repo, https://example.com/x (sra-1)\nMetadata:\n  k: v\n", true},
	{"a:\n  - one\n    two\n  - three\nb:\n  x\n   y\n", true},
	{"a: 2001-12-14\n  21:59:43.10\n", true}, // folds to a timestamp
	{"a: x\n  b: c\n", false},
	{"a: x\n  # c\n  y\n", false},
	{"a: x # c\n  y\n", false},
	{"a: x\n  - y\n", false},
	// Past its first line, a plain scalar's line may start with a quote
	// or another indicator but '#', '-' and ':'.
	{"Description:\n  This template enables -\n  's3_block' solution, https://x (sra-1)\n  \"q\" `b` @c %d !e &f *g |h >i [j] {k} ,l ?m\nb: c\n", true},
	{"a: x\n  'y'\n", true},
	{"a: x\n  &b\n  *c\n  !d\n  |e\n  >f\n  %g\n  @h\n  `i\n  [j\n  ]k\n  {l\n  }m\n  ,n\n  ?o\n  \"p\nq: r\n", true},
	{"- x\n  'y\n  [z]\n- w\n", true},
	{"a: x\n  \"y\n", true},
	{"a: x\n  ? y\n", true},
	{"a: x\n  : y\n", false},
	{"a: x\n  'y': z\n", false},
	{"a: [x,\n  'y']\n", true},
	{"a: x\n  y #c\n", false},
	{"a: x\n y\nb: c\n", true},
	{"a:\n  b\n  c: d\n", false},
	{"- a\n  b\n- c\n", true},
	{"a:\n  x\n---\nb: c\n", true},
	{"a: x\n\n", true},

	// Multi-line quoted scalars fold as YAML folds them.
	{"a: \"multi\n  line\"\n", true},
	{"a: 'it''s\n   folded  \n\n\n   twice'\nb: \"\n  lead \\t\n  x\\\\\n  y \"\nc: \"a\n  \"\n- x\n", false},
	{"a: 'it''s\n   folded  \n\n\n   twice'\nb: \"\n  lead \\t\n  x\\\\\n  y \"\nc: \"a\n  \"\n", true},
	{"- \"one\n  two\"\n- 'three\n\n  four'\n", true},
	// Escaped line breaks in a double-quoted scalar: the next line joins
	// with no space.
	{"a: \"x\\\n  y\"\n", true},
	{"a: \"x  \\\n\n\n  y \\\n  \\\n  z\\\n  \"\nb: \"\\\n  w\\\n\n  \"\nc: \"p\n\n  q\\\n  r\\\\\n  s\"\n", true},
	{"- \"kubectl \\\n  --x \\\n  ${y}\"\n", true},
	{"a: \"x\\ \n  y\"\n", false},
	{"a: 'x\\\n  y'\n", true},
	{"a: \"x\\\ny\"\n", false},
	{"a: [\"x\\\n  y\"]\n", false},
	{"a: \"x\\\n---\n\"\n", false},
	{"\"k\\\n  l\": v\n", false},
	{"a:\n  \"k\\\n  l\": v\n", false},
	{"a: \"x\ny\"\n", false},         // a line not indented past the key
	{"a:\n  b: \"x\n  y\"\n", false}, // nor here
	{"a: \"x\n---\n\"\n", false},
	{"a: [\"x\n  y\"]\n", false},
	{"\"multi\n  key\": v\n", false},
	{"---\na: 1\n", true},
	{"a: 1\n---\nb: 2\n", true},
	{"--- # c\n- a\n--- \nb: [c]\n---\nc: d\n", true},
	{"---\n---\na: 1\n", false},
	{"a: 1\n---\n", false},
	{"--- a\n", false},
	{"a: 1\n...\n", false},
	{strings.Repeat("k", 1025) + ": v\n", false},
	{"%YAML 1.2\n---\na: 1\n", false},
	{"? complex\n: key\n", false},
	{"a:\n", true}, // an empty value: null, placed where the ':' ends
	{"a:\nb:   # c\nc: 1\nd:\n  - \n  -\n  - x\n- \n", false},
	{"a:\nb:   # c\nc: 1\nd:\n  -\n  - x\ne:", true},
	{"- \n-\n- x\n", true},
	// Tagged block collections, as CloudFormation writes conditions.
	{"Conditions:\n  cA: !Or\n    - !Equals [!Ref 'AWS::Region', ap-northeast-1]\n    - !Equals [!Ref Env, prod]\n  cB: !Not\n    - !Condition cA\n  cC: !And\n  - x\n  - y\nR:\n  P: !Join\n    - ''\n    - [a, !Ref b]\n  M: !If\n    a: b\n", true},
	{"a: !Or\nb: 1\n", true}, // a tagged empty value
	{"a: !Equals  \n  - x\n  - y\n", true},
	// A tagged value, a quoted scalar or a flow collection on the line
	// below its key.
	{"a:\n  !If\n  - c\n  - x\nb:\n  !Ref x\nc:\n  'q'\nd:\n  [1, 2]\ne:\n  {k: v}\nf:\n  \"x\n  y\"\n", true},
	{"a:\n  'k': v\n", true},
	{"a: !Or\n", true},

	{"a: 1\na: 2\n", false},
	// Plain scalars are typed by yaml.v3's own resolver, so the reader
	// takes what real templates write: dates, CIDRs, versions, floats.
	{"a: 1.5\n", true},
	{"a: -1\n", true},
	// A plain scalar that starts with '-' ("Protocol: -1" in
	// CloudFormation's network ACL entries), as a value, key or item.
	{"Protocol: -1\nb: -.5\nc: -foo bar\n-2: k\nd:\n  - -1\n  - -x\ne: [-1, -y]\nf: {k: -1}\n", true},
	{"a: -\n", false},
	{"a: [-, x]\n", false},
	{"a: [-]\n", false},
	{"a: -#\n", false},
	{"a: --- x\n", true},
	{"a:\n  -1\n", true},
	{"---x: 1\n", true},
	{"a: -1\n  -2\n", false},
	// '<' starts a string but for a merge key.
	{"Id: <id>\nb: [<x>]\n<k>: v\nc: <\n", true},
	{"a: <<\n", false},
	{"a: <<x\n", false},
	{"a: 2024-01-01\n", true},
	{"a: 0x10\n", true},
	{"a: .inf\n", true},
	{"AWSTemplateFormatVersion: 2010-09-09\nb: 0.0.0.0/0\nc: 2012-10-17\nd: 1.2.3\ne: 1_000\nf: 0o17\ng: 123456789012345678901234\nh: 2001-12-14t21:59:43.10-05:00\ni: +.5\nj: .Inf\nk: .nan\nl: 012\nm: 1e3\n", true},
	{"- 10.0.0.0/16\n- 123456789012\n- 0x\n- 1:2\n- 1.0\n", true},
	{"2024-01-01: a\n1.5: b\n", true},
	{"<<: x\n", false},
	{"a: b: c\n", false},
	{"a: 1\r\n", false},
	{"a:\t1\n", false},
	{"\ufeffa: 1\n", false},
	{"a: \"\\x41 \\xe9 \\x7F \\x00\"\n", true},
	{"a: \"\\x4\"\n", false},
	{"a: \"\\xg1\"\n", false},
	{"a: \"\\U0001F600\"\n", false},
	{"a: !!str 1\n", false},
	{"a: !Ref\n", true},
	{"a: [a,b]\n", false},
	{"a: [!Ref ResourceName,'Forensics']\nb: [x,\"y\", 'z',\"w\"]\nc: {k: 1,'l': 2,\"m\": 3}\nd: ['a','b' ]\n", true},
	{"a: [a,'b'c]\n", false},
	{"a: [a,'b\n  c']\n", false},
	{"a: [a,'']\nb: [a,\"\"]\n", true},
	{"a: [\"arn:aws:iam:\",!Ref \"AWS::AccountId\", x]\nb: [[a],[b],{c: d}]\nc: {k: [1],\"l\": {m: n}}\n", true},
	{"c: {k: [1],l: {m: n}}\n", false},
	{"a: [a,!Ref]\n", false},
	{"a: [a,!]\n", false},
	{"a: [a,[b]c]\n", false},
	{"a: \"x\\ y \\ \"\nb: \"\\ lead\"\nc: \"p\\\n  \\ command\"\n", true},
	{"a: \"x\\ \n  y\"\n", false},
	{"a: [a, ]\n", true}, // a trailing comma
	{"a: {x: 1, }\nb: [[a, ], {}, ]\n", true},
	{"a: [a, , b]\n", false},
	{"a: [a\n", false},
	// Flow collections over several lines: JSON written as YAML, and
	// Prettier's output of it (test events in detection-rule packs).
	{"Tests:\n  - Name: x\n    Resource:\n      {\n        \"AccountId\": \"1\",\n        \"Tags\": null,\n\n        \"Detectors\":\n          [\n            \"a:b\",\n            'c',\n          ],\n        \"Empty\": [],\n        \"N\": {\"k\": [1, {\"x\": y}]},\n      }\n  - Name: z\n", true},
	{"a: [\n    x,\n    \"y\"\n  ]\nb: {\n  k: v\n  , l: w}\n", true},
	{"- [a,\n   b]\n- {\n    a: 1\n  }\n", true},
	{"a: [\n  x,\n]\n", false},    // the closing line is not indented past the key
	{"{\n  \"a\": 1\n}\n", false}, // nor at a document's top
	{"a: [\n  x,\ny]\n", false},
	{"a: [x\n  y]\n", false}, // a plain scalar over two lines
	{"a: [\"x\n  y\"]\n", false},
	{"a: [x, # comment\n  y]\n", false},
	{"a: [\n  # comment\n  y]\n", false},
	{"a: {k:\n  v}\n", true},
	{"a: {k:v}\n", false},
	{"a: [\n---\n]\n", false},
	{"plain scalar document\n", false},
	{"  a: 1\n", false},
	{"a:\n  b: 1\n c: 2\n", false},
	{"a:\n  - x\n  b: y\n", false},
	{"- a\nb: c\n", false},
	{"a: 1 #c\nb\n", false},
	{"a: x\u2028y\n", false},
	{"a: \x01\n", false},
}

func TestReadYAMLAgreesWithYAML(t *testing.T) { checkCases(t, yamlCases, sameAsYAML) }

// TestReadYAMLOnCorpus runs the differential check on every YAML file in
// the repository.
func TestReadYAMLOnCorpus(t *testing.T) {
	checkCorpus(t, []string{".."}, []string{".yaml", ".yml", ".template"}, sameAsYAML)
}

func FuzzReadYAML(f *testing.F) {
	for _, c := range yamlCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsYAML(t, src)
	})
}

// TestFastReadersDeepNesting checks that 100,000-deep nesting costs the
// fast readers a bounded stack: with the stack capped at 16 MB,
// recursing once per level would kill the test binary. They give up, and
// the libraries' own guards take over.
func TestFastReadersDeepNesting(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(16 << 20))
	const depth = 100_000
	var block strings.Builder // indentation grows with depth: 2,000 levels
	for i := range 2000 {
		fmt.Fprintf(&block, "%sk:\n", strings.Repeat(" ", i))
	}
	for name, tc := range map[string]struct {
		read func(*File) bool
		src  string
	}{
		"hcl tuples":   {readHCL, "a = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"},
		"hcl blocks":   {readHCL, strings.Repeat("b {\n", depth) + strings.Repeat("}\n", depth)},
		"yaml flow":    {readYAML, "a: " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"},
		"yaml block":   {readYAML, block.String() + strings.Repeat(" ", 2000) + "k: v\n"},
		"yaml in seqs": {readYAML, strings.Repeat("- ", depth) + "x\n"},
	} {
		if tc.read(&File{Src: []byte(tc.src)}) {
			t.Errorf("%s: the fast reader accepted %d levels", name, depth)
		}
	}
}

// TestYAMLResolvable checks yamlResolvable against yaml.v3: no plain
// scalar starting with another byte resolves to anything but !!str.
func TestYAMLResolvable(t *testing.T) {
	for b := 0; b < 256; b++ {
		if strings.IndexByte(yamlResolvable, byte(b)) >= 0 {
			continue
		}
		for _, rest := range []string{"", "1", "0", ".5", "rue", "ull", "es", "n", "inf", "x10", "2024-01-01", "<"} {
			v := string(rune(b)) + rest
			if b >= 0x80 {
				v = string([]byte{byte(b)}) + rest
			}
			if tag := (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag(); tag != "!!str" {
				t.Errorf("%q resolves to %s: add %q to yamlResolvable", v, tag, string(rune(b)))
			}
		}
	}
}
