package textsafe

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestGuardWriter(t *testing.T) {
	for in, want := range map[string]string{
		"::error::x\n":      `\x3a:error::x` + "\n",
		"  ::a\nb ::c\n":    `  \x3a:a` + "\nb ::c\n",
		"x ##[add-mask]y\n": `x ##\x5badd-mask]y` + "\n",
		"Fn::Sub: ok\n":     "Fn::Sub: ok\n",
		":: \n:x\n":         `\x3a: ` + "\n:x\n",
		"#\n#[x\n":          "#\n#[x\n",
		"trailing ::":       "trailing ::",
		"\t\t:":             "\t\t:",
	} {
		for _, chunk := range []int{1, 3, 1000} {
			var out bytes.Buffer
			g := NewGuardWriter(&out)
			for b := []byte(in); len(b) > 0; {
				n := min(chunk, len(b))
				g.Write(b[:n])
				b = b[n:]
			}
			g.Flush()
			if out.String() != want {
				t.Errorf("%q in chunks of %d: got %q, want %q", in, chunk, out.String(), want)
			}
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttab":           "plain\ttab",
		"esc\x1b[31mred":       `esc\x1b[31mred`,
		"bell\a cr\r":          `bell\x07 cr\x0d`,
		"c1 \u009b sep \u2028": `c1 \x9b sep \u2028`,
		"bad \xff byte":        `bad \xff byte`,
		"日本語":                  "日本語",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanKeeping("a\nb\rc", '\n'); got != "a\nb\\x0dc" {
		t.Errorf("CleanKeeping kept the wrong characters: %q", got)
	}
}

// JSONSafe changes how strings are written, never what they hold.
func TestJSONSafeKeepsValues(t *testing.T) {
	for _, s := range []string{"##[error]x", "del\x7f", "c1 \u0085\u009f", "plain"} {
		raw, _ := json.Marshal(s)
		safe := JSONSafe(raw)
		var back string
		if err := json.Unmarshal(safe, &back); err != nil || back != s {
			t.Errorf("%q: read back %q (%v) from %s", s, back, err, safe)
		}
		if bytes.Contains(safe, []byte("##[")) || bytes.IndexByte(safe, 0x7f) >= 0 {
			t.Errorf("%q: %s still holds what a log acts on", s, safe)
		}
	}
}
