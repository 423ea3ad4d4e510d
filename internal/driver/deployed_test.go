package driver

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// A plan too large for a tree is scanned as text, which loses what reading
// it as a plan gives (one finding per resource, addresses, GDL004): the
// run says so in a warning, not in a note nobody sees.
func TestHugePlanIsAWarning(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"format_version":"1.2","resource_changes":[`)
	for i := 0; i <= scanner.MaxTreeValues/4; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"address":"aws_x.y[%d]","change":{"actions":["create"],"after":{"a":"Backdoor:EC2/XORDDOS"}}}`, i)
	}
	b.WriteString("]}")
	p := filepath.Join(t.TempDir(), "plan.json")
	write(t, p, []byte(b.String()))
	var notices []report.Notice
	s := &session{linter: rules.NewLinter(rules.Builtin()), opts: Options{MaxFileSize: 1 << 30},
		notice: func(n report.Notice) { notices = append(notices, n) }}
	r, _ := s.lintOne(target{path: p, display: "plan.json", format: scanner.JSON}, nil)
	if len(r.Findings) == 0 {
		t.Fatal("no findings in the text scan")
	}
	for _, n := range notices {
		if n.Level == "warning" && strings.Contains(n.Message, "is a Terraform plan too large to read as one") {
			return
		}
	}
	t.Errorf("no warning: %+v", notices)
}
