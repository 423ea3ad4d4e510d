package scanner

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// unquoteAgrees holds unquoteJSON to encoding/json: whatever it decodes,
// encoding/json decodes to the same string. raw is what the parser hands
// it: one string's content, with no control character.
func unquoteAgrees(t *testing.T, raw []byte) {
	t.Helper()
	quoted := append(append([]byte{'"'}, raw...), '"')
	if jsonDQ.skip(quoted, 1) != len(quoted) || bytes.ContainsFunc(raw, func(r rune) bool { return r < 0x20 }) {
		return
	}
	got, ok := unquoteJSON(raw)
	if !ok {
		return // left to encoding/json
	}
	var want string
	if err := json.Unmarshal(quoted, &want); err != nil {
		t.Fatalf("unquoteJSON(%q) = %q, but encoding/json refuses it: %v", raw, got, err)
	}
	if got != want {
		t.Fatalf("unquoteJSON(%q) = %q, encoding/json %q", raw, got, want)
	}
}

var unquoteCases = []struct {
	raw string
	ok  bool
}{
	{`a\nb`, true},
	{`\"\\\/\b\f\n\r\t`, true},
	{`Recon:IAMUser\/TorIPCaller`, true},
	{`\u00e9\u65e5\u0000`, true},
	{"caf\u00e9 \\n", true},
	{`\ud83d\ude00`, false}, // a surrogate pair: encoding/json's
	{`\x41`, false},
	{`\u12`, false},
	{`\`, false},
	{"\xff\\n", false}, // invalid UTF-8: encoding/json writes U+FFFD
}

func TestUnquoteJSON(t *testing.T) {
	for _, c := range unquoteCases {
		if _, ok := unquoteJSON([]byte(c.raw)); ok != c.ok {
			t.Errorf("unquoteJSON(%q): ok = %v, want %v", c.raw, ok, c.ok)
		}
		unquoteAgrees(t, []byte(c.raw))
	}
}

func FuzzUnquoteJSON(f *testing.F) {
	for _, c := range unquoteCases {
		f.Add([]byte(c.raw))
	}
	f.Fuzz(unquoteAgrees)
}

// jsonTreeAgrees holds the JSON tree to encoding/json: for valid JSON, the
// tree's values are what encoding/json decodes (the last of a repeated
// key, as both take it; a CloudFormation function is a Dynamic node, and
// stands for the one-key object it was), and every key's range is its
// source. Only UTF-8 is compared: a string of other bytes keeps them in the
// tree (gdlint matches bytes), where encoding/json writes U+FFFD.
func jsonTreeAgrees(t *testing.T, src []byte) {
	t.Helper()
	if !json.Valid(src) || !utf8.Valid(src) {
		return
	}
	root, err := parseJSONTree(src)
	if err != nil {
		if errors.Is(err, errTooDeep) {
			return
		}
		t.Fatalf("%q: valid JSON, but %v", src, err)
	}
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	var want any
	if err := d.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if got, want := treeValue(t, src, root), jsonValue(want); !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: the tree holds %#v, encoding/json %#v", src, got, want)
	}
}

// dynamic stands for a CloudFormation function in both values.
type dynamic string

func treeValue(t *testing.T, src []byte, n *Node) any {
	switch n.Kind {
	case Object:
		m := map[string]any{}
		for _, f := range n.Fields {
			var key string
			if err := json.Unmarshal(src[f.KeyRange.Start-1:f.KeyRange.End+1], &key); err != nil || key != f.Key {
				t.Fatalf("%q: key %q has the range of %q", src, f.Key, src[f.KeyRange.Start:f.KeyRange.End])
			}
			m[f.Key] = treeValue(t, src, f.Value)
		}
		return m
	case Array:
		a := []any{}
		for _, it := range n.Items {
			a = append(a, treeValue(t, src, it))
		}
		return a
	case String:
		return n.Str
	case Dynamic:
		return dynamic(n.Str)
	}
	switch n.Str {
	case "true", "false":
		return n.Str == "true"
	case "null":
		return nil
	}
	return json.Number(n.Str)
}

func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for k := range v {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return dynamic(k)
				}
			}
		}
		for k, e := range v {
			v[k] = jsonValue(e)
		}
		return v
	case []any:
		a := []any{}
		for _, e := range v {
			a = append(a, jsonValue(e))
		}
		return a
	}
	return v
}

func TestJSONTreeAgrees(t *testing.T) {
	for _, src := range []string{
		`{"a": "b", "c": [1, -2.5e3, true, false, null, "d\n\u00e9"], "e": {}, "f": [], "a": "last"}`,
		`{"Ref": "x"}`, `{"x": {"Fn::GetAtt": ["A", "B"]}, "y": {"Ref": "z", "w": 1}}`,
		`[{"k\"ey": "v"}, {"": ""}, [[["deep"]]]]`, `"s"`, `12`, ` { "sp" : [ 1 , 2 ] } `,
	} {
		jsonTreeAgrees(t, []byte(src))
	}
}

func FuzzJSONTree(f *testing.F) {
	f.Add([]byte(`{"a": "b", "c": [1, -2.5e3, true, null, "d\n\u00e9"], "a": {"Ref": "x"}}`))
	f.Add([]byte(`[{"k\"ey": "v"}, {"": ""}, [[["deep"]]]]`))
	f.Fuzz(func(t *testing.T, src []byte) { jsonTreeAgrees(t, src) })
}
