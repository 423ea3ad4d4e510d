// Command catalog-refresh regenerates gdlint's catalog (rules/data) from
// AWS's published Markdown pages: the retired finding types, the active
// types table, the Custom Detection Rules types and the document history;
// Security Hub's consolidated control findings page (GeneratorIds, control
// IDs and removed ProductFields keys before and after); the retired
// Security Hub controls from Security Hub's controls change log and
// document history (controls.go); and checks the hand-kept events.json
// against the Inspector, Macie and Security Hub pages (events.go).
// It prints the diff, and with -write puts the new files in place.
//
//	cd tools/catalog-refresh && go run . [-repo ../..] [-pages DIR] [-write]
//
// It is a maintainer's tool, in a module of its own: pre-commit's
// language: golang runs go install ./... in gdlint's module, which must
// never build it. It knows nothing of linting: only the pages and the
// data files' shapes. A scheduled workflow (.github/workflows/catalog-refresh.yml)
// runs it weekly and opens a pull request when the catalog changes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

const (
	defaultBase = "https://docs.aws.amazon.com/guardduty/latest/ug/"
	historyURL  = "https://docs.aws.amazon.com/guardduty/latest/ug/doc-history.html"
)

// pageNames are the Markdown pages read, by what they hold. The Custom
// Detection Rules types are on findings-custom-detection-rules.md, the
// page the active-types page links as "Custom Detection Rules finding
// types"; run warns when that link is gone.
var pageNames = map[string]string{
	"retired": "guardduty_finding-types-retired.md",
	"active":  "guardduty_finding-types-active.md",
	"custom":  "findings-custom-detection-rules.md",
	"history": "doc-history.md",
	// Security Hub's page of what consolidated control findings changed.
	"consolidation": consolidationPage,
}

// dataFiles are the files under rules/data that a refresh writes.
var dataFiles = []string{"retired.json", "renamed.json", "active.txt", "history.json", "events.json", "consolidation.json"}

func main() {
	repo := flag.String("repo", "../..", "the gdlint checkout whose rules/data to refresh")
	base := flag.String("base", defaultBase, "where the GuardDuty pages are published")
	dir := flag.String("pages", "", "read the pages from this directory instead (tests, offline runs)")
	write := flag.Bool("write", false, "write the refreshed files; without it, only show the diff")
	shBase := flag.String("securityhub-base", defaultSecurityHubBase, "where the Security Hub pages are published (with -pages: DIR/securityhub)")
	flag.Parse()
	code, err := run(os.Stdout, os.Stderr, *repo, source{base: *base, securityHub: *shBase, dir: *dir}, *write)
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog-refresh:", err)
	}
	// The retired Security Hub controls (controls.go): an error in either
	// is an error (2), else a change in either a change (1).
	ccode, err := runControls(os.Stdout, os.Stderr, *repo, securityHubSource(*shBase, *dir), *write)
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog-refresh:", err)
	}
	os.Exit(max(code, ccode))
}

// source is where the pages come from: the GuardDuty pages from base,
// the Security Hub page from securityHub, all of them from dir if set.
type source struct{ base, securityHub, dir string }

func (s source) read(name string) (string, error) {
	base := s.base
	if name == consolidationPage {
		base = s.securityHub
	}
	if s.dir != "" {
		b, err := os.ReadFile(filepath.Join(s.dir, name))
		return string(b), err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(base + name)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s%s: %s", base, name, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	return string(b), err
}

// run refreshes repo's data from src; it exits 0 when nothing changed, 1
// when something did (the diff is on stdout), 2 on an error.
func run(stdout, stderr io.Writer, repo string, src source, write bool) (int, error) {
	p, err := readPages(src)
	if err != nil {
		return 2, err
	}
	data := filepath.Join(repo, "rules", "data")
	cur := map[string][]byte{}
	for _, name := range dataFiles {
		b, err := os.ReadFile(filepath.Join(data, name))
		if err != nil {
			return 2, err
		}
		cur[name] = b
	}
	r, err := refresh(cur, p)
	if err != nil {
		return 2, err
	}
	warnings := append(p.warnings, r.warnings...)
	sort.Strings(warnings)
	for _, w := range warnings {
		fmt.Fprintln(stderr, "catalog-refresh:", w)
	}
	changed := false
	for _, name := range dataFiles {
		if bytes.Equal(cur[name], r.files[name]) {
			continue
		}
		changed = true
		if err := diff(stdout, filepath.Join(data, name), r.files[name]); err != nil {
			return 2, err
		}
		if write {
			if err := os.WriteFile(filepath.Join(data, name), r.files[name], 0o644); err != nil {
				return 2, err
			}
		}
	}
	if !changed {
		fmt.Fprintln(stderr, "catalog-refresh: the catalog matches the pages")
		return 0, nil
	}
	return 1, nil
}

// readPages reads the five pages from src. The active-types and Custom
// Detection Rules pages list their types in tables and in bullet lists; a
// type named anywhere else on them is a warning (the layout may have
// changed under the readers), and so is an active-types page that no
// longer links the Custom Detection Rules page by the name read.
func readPages(src source) (pages, error) {
	var p pages
	for what, name := range pageNames {
		md, err := src.read(name)
		if err != nil {
			return p, err
		}
		switch what {
		case "retired":
			p.retired = parseRetired(md)
		case "active":
			p.active = parseListed(md)
			p.warnings = append(p.warnings, unlisted(md, p.active, "active-types page")...)
			if !strings.Contains(md, "("+pageNames["custom"]) {
				p.warnings = append(p.warnings, "the active-types page does not link "+pageNames["custom"]+": has the Custom Detection Rules page moved?")
			}
		case "custom":
			p.custom = parseListed(md)
			p.warnings = append(p.warnings, unlisted(md, p.custom, "Custom Detection Rules page")...)
		case "history":
			p.history = parseHistory(md)
		case "consolidation":
			var w []string
			p.consolidation, w = parseConsolidation(md)
			p.warnings = append(p.warnings, w...)
		}
	}
	var err error
	p.events, err = readEventPages(src) // events.go
	return p, err
}

// diff prints the unified diff from the file at path to next, with diff(1).
func diff(w io.Writer, path string, next []byte) error {
	tmp, err := os.CreateTemp("", "catalog-refresh-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(next); err != nil {
		return err
	}
	tmp.Close()
	cmd := exec.Command("diff", "-u", "--label", path, "--label", path+" (refreshed)", path, tmp.Name())
	cmd.Stdout = w
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return nil // the files differ: that is the diff
		}
		return fmt.Errorf("diff: %w", err)
	}
	return nil
}
