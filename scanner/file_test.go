package scanner

import (
	"strings"
	"testing"
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
