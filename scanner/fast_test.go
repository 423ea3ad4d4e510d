package scanner

import "testing"

// The fast readers' one escape decoder reads, per format, exactly the
// escapes listed for it, and gives up on the rest.
func TestDecodeEscapes(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		rules *escapeRules
		want  string // "" with ok false: gives up
		ok    bool
	}{
		{`a\nb\t\"\\`, hclEscapes, "a\nb\t\"\\", true},
		{`\r`, hclEscapes, "\r", true},
		{`\r`, yamlEscapes, "", false}, // yaml.v3 reads it; the fast reader leaves it to yaml.v3
		{`\u00e9\U0001F600`, hclEscapes, "é😀", true},
		{`\U0001F600`, yamlEscapes, "", false},
		{`\u00e9`, yamlEscapes, "é", true},
		{`\ud800`, hclEscapes, "", false}, // a surrogate is no character
		{`\ud800`, yamlEscapes, "", false},
		{`\u12`, hclEscapes, "", false},
		{`\x41`, hclEscapes, "", false},
		{`trailing\`, yamlEscapes, "", false},
	} {
		got, ok := func() (s string, ok bool) {
			defer func() {
				if v := recover(); v != nil {
					if _, gaveUp := v.(giveUp); !gaveUp {
						panic(v)
					}
					s, ok = "", false
				}
			}()
			c := &cursor{}
			return c.decodeEscapes([]byte(tc.raw), tc.rules), true
		}()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q: got %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCursor(t *testing.T) {
	c := &cursor{src: []byte("ab\ncd")}
	if c.at(-1) != 0 || c.at(5) != 0 || c.peek() != 'a' || c.at(3) != 'c' {
		t.Error("at")
	}
	c.skipLine(0)
	if c.pos != 3 {
		t.Errorf("skipLine: pos %d", c.pos)
	}
	c.skipLine(3)
	if c.pos != 5 || !c.eof() {
		t.Errorf("skipLine to the end: pos %d", c.pos)
	}
	defer func() {
		if _, gaveUp := recover().(giveUp); !gaveUp || c.depth != fastDepth+1 {
			t.Errorf("enter did not give up past fastDepth (depth %d)", c.depth)
		}
	}()
	for range fastDepth + 1 {
		c.enter()
	}
}
