package report

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

func TestSnippetMarker(t *testing.T) {
	const typ = "Backdoor:EC2/XORDDOS"
	underline := "^" + strings.Repeat("~", len(typ)-1)
	tests := []struct {
		name, line, wantMarker string
	}{
		{"plain", `a = ["` + typ + `"]`, strings.Repeat(" ", 6) + underline},
		{"tabs stay tabs", "\t\t\"" + typ + "\"", "\t\t " + underline},
		{"wide characters take two cells", "# 検出 " + typ, strings.Repeat(" ", 2+4+1) + underline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &scanner.File{Src: []byte(tt.line)}
			off := strings.Index(tt.line, typ)
			line, marker := snippet(Finding{Start: f.Position(off), End: f.Position(off + len(typ)), Line: f.Window(scanner.Range{Start: off, End: off + len(typ)}, SnippetWidth), Text: typ})
			if line != tt.line || marker != tt.wantMarker {
				t.Errorf("snippet:\n%s\n%s\nwant marker:\n%s", line, marker, tt.wantMarker)
			}
		})
	}
}

func TestSnippetClipsLongLines(t *testing.T) {
	const typ = "Backdoor:EC2/XORDDOS"
	src := strings.Repeat("x", 5000) + typ + strings.Repeat("y", 5000)
	f := &scanner.File{Src: []byte(src)}
	line, marker := snippet(Finding{Start: f.Position(5000), End: f.Position(5000 + len(typ)), Line: f.Window(scanner.Range{Start: 5000, End: 5000 + len(typ)}, SnippetWidth), Text: typ})
	if len([]rune(line)) > 2*SnippetWidth+len(typ)+2 {
		t.Fatalf("line not clipped: %d runes", len([]rune(line)))
	}
	if !strings.HasPrefix(line, "…") || !strings.HasSuffix(line, "…") {
		t.Errorf("clipped line should show ellipses: %q", line)
	}
	if i := strings.IndexByte(marker, '^'); []rune(line)[i] != 'B' {
		t.Errorf("marker at %d does not point at the type in %q", i, line)
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"infra/main.tf": "infra/main.tf",
		"fixtures/Recon:IAMUser-UserPermissions.json": "fixtures/Recon%3AIAMUser-UserPermissions.json",
		"my dir/a b.tf": "my%20dir/a%20b.tf",
		"日本/x.tf":       "%E6%97%A5%E6%9C%AC/x.tf",
		"a#b?c%d.tf":    "a%23b%3Fc%25d.tf",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCappedAdmits checks that asking admits first (and skipping what it
// refuses) keeps and counts exactly what adding everything would.
func TestCappedAdmits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 200 {
		capN := 1 + rng.IntN(20)
		all, gated := capped{total: capN}, capped{total: capN}
		for i := range rng.IntN(80) {
			l := rules.Level(1 + rng.IntN(int(rules.LevelError)))
			all.add(l, i)
			if gated.admits(l) {
				gated.add(l, i)
			} else {
				gated.seq++ // the sequence number the skipped finding had
			}
		}
		if !reflect.DeepEqual(all.inOrder(), gated.inOrder()) || all.dropped != gated.dropped {
			t.Fatalf("trial %d (cap %d): kept %v dropped %v; gated kept %v dropped %v",
				trial, capN, all.inOrder(), all.dropped, gated.inOrder(), gated.dropped)
		}
	}
}
