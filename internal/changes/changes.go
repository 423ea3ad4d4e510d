// Package changes tells which lines of a repository changed since a git
// revision, by asking git itself: git diff against the revision (the work
// tree included) and git's list of untracked files, which are new whole.
// It knows git's output and nothing of findings or reports.
//
// git is asked in a form that no attribute of the repository, no user or
// repository config and no environment variable can change (see gitDiff),
// and what it prints is read strictly: anything the reader does not expect
// fails the run, and a file git will not show line by line counts as
// changed whole. A change set that missed a line would hide a finding.
package changes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Set is the lines changed since a revision, by path relative to the
// repository root (slash-separated). A path whose file is new counts whole,
// and so does everything under a directory in dirs.
type Set struct {
	Root  string            // the repository root, absolute, symlinks resolved
	lines map[string][]span // added lines, in order
	whole map[string]bool
	dirs  []string // directories new or changed whole, each ending in "/"

	mu      sync.Mutex
	located map[string]located // by the path Changed was given
	maps    map[string]lineMap // by path, for the files with findings not counted whole
}

// Since returns what changed in the repository holding dir since rev: with
// mergeBase, since the merge base of rev and HEAD, as a pull request's
// changes are counted.
func Since(dir, rev string, mergeBase bool) (*Set, error) {
	root, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git repository (%w)", dir, err)
	}
	top := strings.TrimSuffix(string(root), "\n")
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	if err := checkVersion(top); err != nil {
		return nil, err
	}
	s := newSet(top)
	base, err := resolve(s.Root, rev, mergeBase)
	if err != nil {
		return nil, err
	}
	if err := s.gitDiff(base); err != nil {
		return nil, err
	}
	if err := s.untracked(); err != nil {
		return nil, err
	}
	if err := s.unseen(); err != nil {
		return nil, err
	}
	return s, nil
}

func newSet(root string) *Set {
	return &Set{Root: root, lines: map[string][]span{}, whole: map[string]bool{}, maps: map[string]lineMap{}, located: map[string]located{}}
}

// checkVersion fails on a git older than 2.30, whose rev-parse does not
// know --end-of-options: every revision would be "not a commit".
func checkVersion(dir string) error {
	out, err := git(dir, "version")
	if err != nil {
		return err
	}
	if major, minor, ok := gitVersion(string(out)); ok && (major < 2 || major == 2 && minor < 30) {
		return fmt.Errorf("--new-from-rev needs git 2.30 or newer; this is %s", strings.TrimSpace(string(out)))
	}
	return nil
}

// gitVersion reads "git version 2.39.5" (or "2.37.1 (Apple Git-137.1)",
// "2.41.0.windows.1").
func gitVersion(out string) (major, minor int, ok bool) {
	v, found := strings.CutPrefix(strings.TrimSpace(out), "git version ")
	if !found {
		return 0, 0, false
	}
	parts := strings.SplitN(strings.Fields(v + " ")[0], ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil
}

// resolve names the commit rev means (or its merge base with HEAD). A rev
// never reaches git as an option: "--independent" is a revision that does
// not exist, not merge-base's flag.
func resolve(root, rev string, mergeBase bool) (string, error) {
	out, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil || rev == "" {
		return "", fmt.Errorf("%s is not a commit of this repository", quoteRev(rev))
	}
	base := strings.TrimSpace(string(out))
	if !mergeBase {
		return base, nil
	}
	out, err = git(root, "merge-base", "--end-of-options", base, "HEAD")
	if err != nil {
		return "", fmt.Errorf("no merge base of %s and HEAD (a shallow clone may lack it): %w", quoteRev(rev), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// quoteRev shows a revision in an error message: quoted, so that
// whatever bytes it holds stay on one line and cannot reach a terminal.
func quoteRev(rev string) string {
	if len(rev) > 200 {
		rev = rev[:200] + "..."
	}
	return fmt.Sprintf("%q", rev)
}

// gitDiff reads base against the work tree. Every option that config or
// attributes could change is given on the command line (which wins over
// both): fixed prefixes, no colour, no external diff or textconv driver,
// text even for "binary" files, no renames, paths from the root, quoted
// paths, no context, myers, submodules shown as commits. --raw and
// --numstat (with -z, so names are exact bytes) list every changed file and
// its count of added lines; the patch says which lines.
func (s *Set) gitDiff(base string) error {
	cmd := gitCmd(s.Root, "-c", "core.quotePath=true", "-c", "core.fsmonitor=false", "-c", "core.safecrlf=false",
		"-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "color.ui=never",
		"diff", "--raw", "--numstat", "--patch", "-z", "--unified=0", "--inter-hunk-context=0",
		"--text", "--no-textconv", "--no-ext-diff", "--no-color", "--no-renames", "--no-relative",
		"--src-prefix=a/", "--dst-prefix=b/", "--diff-algorithm=myers", "--submodule=short",
		"--ignore-submodules=none", "--end-of-options", base, "--")
	return run(cmd, func(r io.Reader) error {
		d := &diffReader{set: s, r: newReader(r), files: map[string]*file{}}
		return d.read()
	})
}

// untracked adds the files git does not track, ignored ones included: none
// was in the revision, so all are new. A directory git lists whole (all of
// it untracked, or another repository) is new whole.
func (s *Set) untracked() error {
	out, err := git(s.Root, "-c", "core.quotePath=true", "-c", "core.fsmonitor=false",
		"ls-files", "-z", "--others", "--directory", "--full-name")
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, p := range bytes.Split(out, []byte{0}) {
		switch {
		case len(p) == 0:
		case p[len(p)-1] == '/':
			s.dirs = append(s.dirs, string(p))
		default:
			s.whole[string(p)] = true
		}
	}
	return nil
}

// unseen counts whole the tracked files whose work tree git does not look
// at: marked assume-unchanged or skip-worktree (sparse checkout), whatever
// is in them now did not go through the diff.
func (s *Set) unseen() error {
	out, err := git(s.Root, "-c", "core.quotePath=true", "ls-files", "-z", "-v", "--full-name")
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) < 3 || rec[1] != ' ' {
			continue
		}
		if tag := rec[0]; tag == 'S' || (tag >= 'a' && tag <= 'z') {
			s.whole[string(rec[2:])] = true
		}
	}
	return nil
}

// Changed reports whether line of the file at path (absolute, or relative
// to the working directory) is new since the revision. line counts lines
// as gdlint does, where a lone "\r" ends one too.
func (s *Set) Changed(path string, line int) bool {
	abs, rel, inside := s.locate(path)
	if !inside {
		return true // outside the repository: not git's to judge
	}
	if s.whole[rel] {
		return true
	}
	for _, d := range s.dirs {
		if strings.HasPrefix(rel, d) {
			return true
		}
	}
	m := s.lineMap(abs, rel)
	changed := s.lines[rel]
	switch {
	case m.whole:
		return true
	case len(changed) == 0:
		return false
	case m.git == nil:
		return contains(changed, line)
	case line < 1 || line >= len(m.git):
		return true // not a line of the file as it is now: not git's to judge
	}
	return contains(changed, m.git[line])
}

// locate is path made absolute, its symlinks resolved (a link named on the
// command line is read where it points), and relative to the root; once
// per path.
func (s *Set) locate(path string) (abs, rel string, inside bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.located[path]; ok {
		return w.abs, w.rel, w.inside
	}
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		rel, err = filepath.Rel(s.Root, abs)
		inside = err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
		rel = filepath.ToSlash(rel)
	}
	s.located[path] = located{abs, rel, inside}
	return abs, rel, inside
}

type located struct {
	abs, rel string
	inside   bool
}

// span is the lines from start to end, end excluded.
type span struct{ start, end int }

// contains reports whether a span of spans, in order, holds line.
func contains(spans []span, line int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].end > line })
	return i < len(spans) && spans[i].start <= line
}

// lineMap tells how gdlint's line numbers in a file become git's.
type lineMap struct {
	git   []int // gdlint's line number (index) to git's; nil: the same
	whole bool  // no map: the file counts whole
}

// lineMap reads the file at abs, once. git ends lines at "\n" only; gdlint
// also at a lone "\r", and it reads UTF-16 and UTF-32 (with a byte-order
// mark) as text, where git splits lines at every 0x0A byte, which need not
// be a line feed. A file that holds "$Id:" counts whole: under the ident
// attribute, which a pull request can set, git reads "$Id: anything $" as
// "$Id$", so what is between never shows in a diff. A file that cannot be
// read counts whole.
func (s *Set) lineMap(abs, rel string) lineMap {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.maps[rel]; ok {
		return m
	}
	var m lineMap
	src, err := os.ReadFile(abs)
	switch {
	case err != nil || wideBOM(src) || bytes.Contains(src, []byte("$Id:")):
		m.whole = true
	case hasLoneCR(src):
		m.git = loneCRMap(src)
	}
	s.maps[rel] = m
	return m
}

// wideBOM reports whether src starts with a UTF-16 or UTF-32 byte-order mark.
func wideBOM(src []byte) bool {
	for _, bom := range []string{"\xff\xfe", "\xfe\xff", "\x00\x00\xfe\xff"} {
		if bytes.HasPrefix(src, []byte(bom)) {
			return true
		}
	}
	return false
}

// loneCRMap maps each of gdlint's line numbers in src (index) to git's.
func loneCRMap(src []byte) []int {
	m := []int{0, 1}
	gitLine := 1
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\n':
			gitLine++
			m = append(m, gitLine)
		case src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			m = append(m, gitLine)
		}
	}
	return m
}

func hasLoneCR(src []byte) bool {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 == len(src) || src[i+1] != '\n' {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// gitEnv is the environment git runs in: the caller's, less the variables
// that would change what git diff prints (GIT_DIFF_OPTS adds context, an
// external diff replaces the patch) or which objects it sees.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE",
			"GIT_NO_REPLACE_OBJECTS", "GIT_TRACE", "GIT_TRACE2", "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_NO_REPLACE_OBJECTS=1", "GIT_PAGER=cat", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
}

func gitCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	return cmd
}

func git(dir string, args ...string) ([]byte, error) {
	var out []byte
	err := run(gitCmd(dir, args...), func(r io.Reader) (err error) {
		out, err = io.ReadAll(r)
		return err
	})
	return out, err
}

// run starts cmd and hands its stdout to read while it runs. A read error
// stops git; git's own failure is told by the first line of its stderr.
func run(cmd *exec.Cmd, read func(io.Reader) error) error {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr := &limitedBuffer{max: 4096}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot run git: %w", err)
	}
	rerr := read(stdout)
	if rerr != nil {
		_ = cmd.Process.Kill()
	} else {
		// Drain what the reader left (nothing, when it read to EOF) so
		// git is not blocked writing.
		_, rerr = io.Copy(io.Discard, stdout)
	}
	werr := cmd.Wait()
	if rerr != nil {
		return rerr
	}
	if werr != nil {
		var ee *exec.ExitError
		if errors.As(werr, &ee) && stderr.Len() > 0 {
			line, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
			return fmt.Errorf("git %s: %s", cmdName(cmd), strings.TrimSpace(line))
		}
		return fmt.Errorf("git %s: %w", cmdName(cmd), werr)
	}
	return nil
}

// cmdName is git's subcommand in cmd: the first argument that is not an
// option or a -c value.
func cmdName(cmd *exec.Cmd) string {
	args := cmd.Args[1:]
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "-c":
			i++
		case !strings.HasPrefix(args[i], "-"):
			return args[i]
		}
	}
	return ""
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
