package scanner

import (
	"bytes"
	"encoding/json"
	"testing"
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
