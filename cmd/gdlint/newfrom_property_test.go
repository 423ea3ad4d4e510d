package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The property --new-from-rev must hold: over random edits to a real git
// repository (adds, edits, deletions, renames, mode changes, names with
// spaces, tabs, quotes, newlines and bytes that are not UTF-8, attributes
// files, long lines, CRLF files; committed, staged, in the work tree or
// untracked), the findings it reports are exactly the findings of a full
// run on lines that changed, where what changed is computed here, by a
// longest common subsequence of the old and new contents, not by git.
//
// Edits never insert a line that was in the file before (every inserted
// line is new text), so every longest common subsequence keeps the same
// lines with findings and any minimal diff, git's included, agrees on them.
//
// Seeded and bounded: GDLINT_PROPERTY_SEED=N runs seed N alone, as a
// failure names it.
func TestNewFromRevProperty(t *testing.T) {
	if testing.Short() {
		t.Skip("real git repositories")
	}
	seeds := []uint64{}
	if s := os.Getenv("GDLINT_PROPERTY_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, n)
	} else {
		for i := uint64(1); i <= 40; i++ {
			seeds = append(seeds, i)
		}
	}
	deadline := time.Now().Add(4 * time.Second)
	ran := 0
	for _, seed := range seeds {
		if ran >= 3 && time.Now().After(deadline) {
			break
		}
		ran++
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			propertyRound(t, seed)
		})
	}
	t.Logf("%d seeds", ran)
}

// tree is a work tree's files: path (slash-separated) to content.
type tree map[string]string

var propNames = []string{
	"main.tf", "infra rules.tf", "tab\there.tf", `q"uote.tf`, `back\slash.tf`, "ü é.tf",
	"bad\xff\xfe.tf", "new\nline.tf", "-dash.tf", "dir with space/x.tf", "deep/a/b.tf",
	"deep/a/c d.tf", "colon:name.tf", "lead space/ y.tf", "trail.tf ",
}

var propTypes = []string{"Backdoor:EC2/XORDDOS", "Recon:IAMUser/UserPermissions", "CryptoCurrency:EC2/BitcoinTool.A",
	"Stealth:IAMUser/LoggingConfigurationModified"}

var propAttrs = []string{"*.tf -diff", "*.tf binary", "*.tf diff=nothing", "*.tf -text", "*.tf whitespace=-trailing",
	"main.tf -diff", "x.tf binary", "* linguist-generated", "*.tf diff", "*.tf -merge"}

type propRepo struct {
	t       *testing.T
	r       *rand.Rand
	dir     string
	files   tree
	crlf    map[string]bool
	counter int
}

func propertyRound(t *testing.T, seed uint64) {
	p := &propRepo{t: t, r: rand.New(rand.NewPCG(seed, 0x9d1)), dir: gitRepo(t), files: tree{}, crlf: map[string]bool{}}
	// gitRepo made main with infra/old.tf; start from it.
	p.files["infra/old.tf"] = "locals {\n  a = 1\n  b = 2\n  c = 3\n}\n"
	gitIn(t, p.dir, "checkout", "-q", "main")
	for range 2 + p.r.IntN(5) {
		p.addFile()
	}
	if p.r.IntN(2) == 0 {
		p.writeAttrs()
	}
	p.sync()
	gitIn(t, p.dir, "add", "-A")
	gitIn(t, p.dir, "commit", "-q", "-m", "base")
	base := maps(p.files)
	gitIn(t, p.dir, "checkout", "-q", "change")
	gitIn(t, p.dir, "reset", "-q", "--hard", "main")
	if p.r.IntN(2) == 0 { // main moves on, with a file the branch never has
		gitIn(t, p.dir, "checkout", "-q", "main")
		write(t, filepath.Join(p.dir, "main only.tf"), []byte("locals {\n  x = [\""+propTypes[0]+"\"]\n}\n"))
		gitIn(t, p.dir, "add", "-A")
		gitIn(t, p.dir, "commit", "-q", "-m", "main moves")
		gitIn(t, p.dir, "checkout", "-q", "change")
	}
	for range p.r.IntN(3) {
		p.edits()
		gitIn(t, p.dir, "add", "-A")
		gitIn(t, p.dir, "commit", "-q", "--allow-empty", "-m", "change")
	}
	p.edits() // in the work tree: some staged, some not, some untracked
	for path := range p.files {
		if p.r.IntN(3) == 0 {
			gitIn(t, p.dir, "add", "--", path)
		}
	}

	full := p.findings()
	var want []string
	for _, f := range full {
		path, line := f.path, f.line
		old, existed := base[path]
		if !existed || changedLines(old, p.files[path])[line] {
			want = append(want, f.key)
		}
	}
	for _, flag := range []string{"--new-from-rev", "--new-from-merge-base"} {
		got := keys(p.findings(flag, "main"))
		if !slices.Equal(got, want) {
			t.Errorf("GDLINT_PROPERTY_SEED=%d, %s main: got %d findings, want %d\ngot:  %q\nwant: %q\nfull: %q",
				seed, flag, len(got), len(want), got, want, keys(full))
		}
	}
}

func maps(t tree) tree {
	c := tree{}
	for k, v := range t {
		c[k] = v
	}
	return c
}

// fresh is a line never seen before: a retired type in a list or a
// comment, or none.
func (p *propRepo) fresh() string {
	p.counter++
	typ := propTypes[p.r.IntN(len(propTypes))]
	switch p.r.IntN(6) {
	case 0:
		return fmt.Sprintf("  k%d = %d", p.counter, p.counter)
	case 1:
		return fmt.Sprintf("  # k%d %s", p.counter, typ)
	case 2: // longer than the reader's 64 KiB buffer
		return fmt.Sprintf("  k%d = [\"%s\", \"%s\"]", p.counter, strings.Repeat("x", 70<<10+p.r.IntN(8<<10)), typ)
	}
	return fmt.Sprintf("  k%d = [\"%s\"]", p.counter, typ)
}

func (p *propRepo) unused() (string, bool) {
	var free []string
	for _, n := range propNames {
		if _, ok := p.files[n]; !ok {
			free = append(free, n)
		}
	}
	if len(free) == 0 {
		return "", false
	}
	return free[p.r.IntN(len(free))], true
}

func (p *propRepo) addFile() {
	name, ok := p.unused()
	if !ok {
		return
	}
	lines := []string{"locals {"}
	for range 1 + p.r.IntN(8) {
		lines = append(lines, p.fresh())
	}
	p.crlf[name] = p.r.IntN(4) == 0
	p.files[name] = p.join(name, append(lines, "}"))
}

func (p *propRepo) join(name string, lines []string) string {
	eol := "\n"
	if p.crlf[name] {
		eol = "\r\n"
	}
	return strings.Join(lines, eol) + eol
}

func (p *propRepo) writeAttrs() {
	var lines []string
	for range 1 + p.r.IntN(3) {
		lines = append(lines, propAttrs[p.r.IntN(len(propAttrs))])
	}
	at := ".gitattributes"
	if p.r.IntN(3) == 0 {
		at = "deep/.gitattributes"
	}
	p.files[at] = strings.Join(lines, "\n") + "\n"
}

// edits changes the tree at random, then writes it.
func (p *propRepo) edits() {
	for range 1 + p.r.IntN(4) {
		var tfs []string
		for n := range p.files {
			if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf ") {
				tfs = append(tfs, n)
			}
		}
		slices.Sort(tfs)
		switch op := p.r.IntN(10); {
		case op == 0 || len(tfs) == 0:
			p.addFile()
		case op == 1:
			delete(p.files, tfs[p.r.IntN(len(tfs))])
		case op == 2: // a rename, perhaps with an edit
			from := tfs[p.r.IntN(len(tfs))]
			if to, ok := p.unused(); ok {
				p.files[to], p.crlf[to] = p.files[from], p.crlf[from]
				delete(p.files, from)
				if p.r.IntN(2) == 0 {
					p.editFile(to)
				}
			}
		case op == 3:
			p.writeAttrs()
		case op == 4:
			name := tfs[p.r.IntN(len(tfs))]
			p.sync()
			if err := os.Chmod(filepath.Join(p.dir, filepath.FromSlash(name)), 0o755); err != nil {
				p.t.Fatal(err)
			}
		default:
			p.editFile(tfs[p.r.IntN(len(tfs))])
		}
	}
	p.sync()
}

// editFile deletes, replaces and inserts lines between the first and the
// last, inserting only new text.
func (p *propRepo) editFile(name string) {
	eol := "\n"
	if p.crlf[name] {
		eol = "\r\n"
	}
	lines := strings.Split(strings.TrimSuffix(p.files[name], eol), eol)
	first, last, body := lines[0], lines[len(lines)-1], slices.Clone(lines[1:len(lines)-1])
	for range 1 + p.r.IntN(3) {
		switch i := p.r.IntN(len(body) + 1); {
		case i < len(body) && p.r.IntN(2) == 0:
			body = slices.Delete(body, i, i+1)
		case i < len(body) && p.r.IntN(2) == 0:
			body[i] = p.fresh()
		default:
			body = slices.Insert(body, i, p.fresh())
		}
	}
	p.files[name] = p.join(name, append(append([]string{first}, body...), last))
}

// sync makes the work tree hold p.files, and nothing else but .git and
// what main alone has.
func (p *propRepo) sync() {
	_ = filepath.WalkDir(p.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || path == p.dir {
			return err
		}
		rel := filepath.ToSlash(path[len(p.dir)+1:])
		switch {
		case d.IsDir() && rel == ".git":
			return filepath.SkipDir
		case d.IsDir():
			return nil
		}
		if _, ok := p.files[rel]; !ok && rel != "main only.tf" {
			if err := os.Remove(path); err != nil {
				p.t.Fatal(err)
			}
		}
		return nil
	})
	for name, content := range p.files {
		path := filepath.Join(p.dir, filepath.FromSlash(name))
		if old, err := os.ReadFile(path); err == nil && string(old) == content {
			continue
		}
		write(p.t, path, []byte(content))
	}
}

type propFinding struct {
	path, key string
	line      int
}

// findings runs gdlint over the whole work tree, with args, and returns
// its findings sorted, each with the path it names in p.files.
func (p *propRepo) findings(args ...string) []propFinding {
	p.t.Helper()
	code, stdout, stderr := lintDir(p.t, p.dir, append(args, "-f", "json", "--fail-on", "error", ".")...)
	if code != ExitClean && code != ExitFindings {
		p.t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var out struct {
		Diagnostics []struct {
			Path, Rule, Level string
			Line, Column      int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		p.t.Fatalf("%v: %v\n%s", args, err, stdout)
	}
	// JSON holds each byte that is not UTF-8 as U+FFFD.
	byShown := map[string]string{}
	for name := range p.files {
		byShown[string([]rune(name))] = name
	}
	var fs []propFinding
	for _, d := range out.Diagnostics {
		name, ok := byShown[d.Path]
		if !ok && d.Path != "main only.tf" {
			p.t.Fatalf("a finding in %q, which is not in the tree", d.Path)
		}
		fs = append(fs, propFinding{path: name, line: d.Line,
			key: fmt.Sprintf("%q:%d:%d %s %s", name, d.Line, d.Column, d.Rule, d.Level)})
	}
	slices.SortFunc(fs, func(a, b propFinding) int { return strings.Compare(a.key, b.key) })
	return fs
}

func keys(fs []propFinding) []string {
	var ks []string
	for _, f := range fs {
		ks = append(ks, f.key)
	}
	return ks
}

// changedLines is the lines of new (numbered from 1) outside one longest
// common subsequence of old's lines and new's.
func changedLines(old, new string) map[int]bool {
	a, b := strings.SplitAfter(old, "\n"), strings.SplitAfter(new, "\n")
	// lcs[i][j] is the length of a longest common subsequence of a[i:], b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	changed := map[int]bool{}
	i, j := 0, 0
	for j < len(b) {
		switch {
		case i < len(a) && a[i] == b[j]:
			i, j = i+1, j+1
		case i < len(a) && lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			changed[j+1] = true
			j++
		}
	}
	return changed
}
