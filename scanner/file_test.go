package scanner

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPosition(t *testing.T) {
	tests := []struct {
		name, src, needle string
		line, col, u16    int
		lineText          string
	}{
		{"first byte", "X", "X", 1, 1, 1, "X"},
		{"lf", "a\nbc X", "X", 2, 4, 4, "bc X"},
		{"crlf", "a\r\nbc X\r\n", "X", 2, 4, 4, "bc X"},
		{"tab is one column", "\t\tX", "X", 1, 3, 3, "\t\tX"},
		{"bom is not a column", "\xEF\xBB\xBFab X", "X", 1, 4, 4, "ab X"},
		{"bom on line 1 only", "\xEF\xBB\xBFa\nb X", "X", 2, 3, 3, "b X"},
		{"japanese", "# 日本語の説明 X", "X", 1, 10, 10, "# 日本語の説明 X"},
		{"astral plane is two utf-16 units", "😀 X", "X", 1, 3, 4, "😀 X"},
		{"end of file", "ab", "", 1, 3, 3, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &File{Src: []byte(tt.src)}
			off := len(tt.src)
			if tt.needle != "" {
				off = strings.Index(tt.src, tt.needle)
			}
			p := f.Position(off)
			if p.Line != tt.line || p.Column != tt.col || p.UTF16Column != tt.u16 {
				t.Errorf("Position(%d) = %+v, want line %d col %d utf16 %d", off, p, tt.line, tt.col, tt.u16)
			}
			if got := string(f.Line(p.Line)); got != tt.lineText {
				t.Errorf("Line(%d) = %q, want %q", p.Line, got, tt.lineText)
			}
		})
	}
}

func TestNormalizeSortsAndMerges(t *testing.T) {
	f := &File{}
	for _, r := range []Range{{10, 20}, {30, 40}, {0, 5}, {15, 32}, {50, 50}} {
		f.addComment(r)
	}
	f.normalize()
	want := []Range{{0, 5}, {10, 40}}
	if len(f.Comments) != len(want) || f.Comments[0] != want[0] || f.Comments[1] != want[1] {
		t.Fatalf("got %v, want %v", f.Comments, want)
	}
	for off, in := range map[int]bool{0: true, 4: true, 5: false, 9: false, 10: true, 39: true, 40: false} {
		if f.InComment(off) != in {
			t.Errorf("InComment(%d) = %v", off, !in)
		}
	}
}

func TestDetect(t *testing.T) {
	for name, want := range map[string]Format{
		"main.tf": HCL, "x/terraform.tfvars": HCL, "terragrunt.hcl": HCL, "MAIN.TF": HCL,
		"main.tf.json": TerraformJSON, "prod.tfvars.json": TerraformJSON,
		"README": Unknown, "main.tfstate": Unknown, `dir\win.tf`: HCL,
	} {
		if got := Detect(name); got != want {
			t.Errorf("Detect(%q) = %v, want %v", name, got, want)
		}
	}
}

// naivePosition is Position as the definition says it, one byte at a time
// from the start of the file: the reference the fast version is held to.
func naivePosition(src []byte, off int) (line, col, u16 int) {
	line, col, u16 = 1, 1, 1
	i := 0
	if hasBOM(src) {
		i = 3
	}
	for i < off {
		switch c := src[i]; {
		case c == '\n', c == '\r' && (i+1 >= len(src) || src[i+1] != '\n'):
			line, col, u16 = line+1, 1, 1
			i++
		case c == '\r':
			i++ // the CR of a CRLF is not a column
			if i < off {
				continue
			}
			col++
			u16++
		default:
			r, n := utf8.DecodeRune(src[i:])
			i += n
			col++
			u16++
			if r >= 0x10000 {
				u16++
			}
		}
	}
	return line, col, u16
}

// Position agrees with the naive count on every offset of lines of every
// ending, long lines with marks among them, and in any order of calls.
func TestPositionMatchesNaive(t *testing.T) {
	long := strings.Repeat("日本😀ab\t", 900) // ~ 12 KB: column marks are used
	srcs := []string{
		"a\nb\r\nc\rd\r\re\n\r\nf",
		"\xEF\xBB\xBF" + long + "\r" + long + "\r\n" + long,
		"\r\r\n\n\r",
		long + "\xff\xfe" + long,
		"",
	}
	for _, src := range srcs {
		f := &File{Src: []byte(src)}
		offs := rand.Perm(len(src) + 1)
		for _, off := range offs {
			if off < len(src) && off > 0 && !utf8.RuneStart(src[off]) {
				continue
			}
			if hasBOM(f.Src) && off < 3 {
				continue
			}
			if off > 0 && src[off-1] == '\r' && off < len(src) && src[off] == '\n' {
				continue // between CR and LF: not a character boundary
			}
			p := f.Position(off)
			l, c, u := naivePosition(f.Src, off)
			if p.Line != l || p.Column != c || p.UTF16Column != u {
				t.Fatalf("%q: Position(%d) = %d:%d (utf16 %d), want %d:%d (utf16 %d)", src[:min(len(src), 20)], off, p.Line, p.Column, p.UTF16Column, l, c, u)
			}
			if got := f.LineOf(off); got != l {
				t.Fatalf("LineOf(%d) = %d, want %d", off, got, l)
			}
		}
	}
}

func TestCROnlyLines(t *testing.T) {
	f := &File{Src: []byte("a\rbb X\rc")}
	p := f.Position(strings.Index(string(f.Src), "X"))
	if p.Line != 2 || p.Column != 4 {
		t.Errorf("got %d:%d, want 2:4", p.Line, p.Column)
	}
	if got := string(f.Line(2)); got != "bb X" {
		t.Errorf("Line(2) = %q", got)
	}
}

func TestWindowClipsLongLines(t *testing.T) {
	line := strings.Repeat("日", 5000) + "TARGET" + strings.Repeat("x", 5000)
	f := &File{Src: []byte("first\n" + line + "\nlast")}
	at := strings.Index(string(f.Src), "TARGET")
	w := f.Window(Range{at, at + 6}, 10)
	if w.Text != strings.Repeat("日", 10)+"TARGET"+strings.Repeat("x", 10) || !w.Before || !w.After || w.Column != 4991 {
		t.Errorf("got %+v", w)
	}
	w = f.Window(Range{0, 5}, 10)
	if w.Text != "first" || w.Before || w.After || w.Column != 1 {
		t.Errorf("short line: %+v", w)
	}
}
