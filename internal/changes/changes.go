// Package changes tells which lines of a repository changed since a git
// revision, by asking git itself: git diff against the revision (the work
// tree included) and git's list of untracked files, which are new whole.
// It knows git's output and nothing of findings or reports.
package changes

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Set is the lines changed since a revision, by path relative to the
// repository root (slash-separated). A path whose file is new counts whole.
type Set struct {
	Root  string // the repository root, absolute
	lines map[string]map[int]bool
	whole map[string]bool
}

// Since returns what changed in the repository holding dir since rev: with
// mergeBase, since the merge base of rev and HEAD, as a pull request's
// changes are counted.
func Since(dir, rev string, mergeBase bool) (*Set, error) {
	root, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git repository (%v)", dir, err)
	}
	s := &Set{Root: strings.TrimSpace(string(root)), lines: map[string]map[int]bool{}, whole: map[string]bool{}}
	base := rev
	if mergeBase {
		out, err := git(s.Root, "merge-base", rev, "HEAD")
		if err != nil {
			return nil, fmt.Errorf("no merge base of %s and HEAD: %v", rev, err)
		}
		base = strings.TrimSpace(string(out))
	}
	if _, err := git(s.Root, "rev-parse", "--verify", "--quiet", base+"^{commit}"); err != nil {
		return nil, fmt.Errorf("%s is not a revision of this repository", rev)
	}
	diff, err := git(s.Root, "diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-renames", base, "--")
	if err != nil {
		return nil, err
	}
	s.readDiff(diff)
	untracked, err := git(s.Root, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	for _, p := range bytes.Split(untracked, []byte{0}) {
		if len(p) > 0 {
			s.whole[string(p)] = true
		}
	}
	return s, nil
}

// readDiff reads the new side of a unified diff with no context: each
// hunk's added lines, and files that did not exist before.
func (s *Set) readDiff(diff []byte) {
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(nil, 16<<20)
	path, isNew := "", false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			path, isNew = "", false
		case strings.HasPrefix(line, "--- "):
			isNew = line == "--- /dev/null"
		case strings.HasPrefix(line, "+++ "):
			path = ""
			if name, ok := strings.CutPrefix(unquote(line[4:]), "b/"); ok {
				path = name
			}
			if isNew && path != "" {
				s.whole[path] = true
			}
		case strings.HasPrefix(line, "@@ ") && path != "":
			start, count, ok := newRange(line)
			if !ok {
				continue
			}
			if s.lines[path] == nil {
				s.lines[path] = map[int]bool{}
			}
			for l := start; l < start+count; l++ {
				s.lines[path][l] = true
			}
		}
	}
}

// newRange reads "@@ -a,b +c,d @@": the new side's first line and count
// (a missing count is 1).
func newRange(hunk string) (start, count int, ok bool) {
	f := strings.Fields(hunk)
	if len(f) < 3 || !strings.HasPrefix(f[2], "+") {
		return 0, 0, false
	}
	a, b, hasCount := strings.Cut(f[2][1:], ",")
	start, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, false
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(b); err != nil {
			return 0, 0, false
		}
	}
	return start, count, true
}

// unquote reads a path as git quotes one that holds unusual bytes.
func unquote(p string) string {
	if strings.HasPrefix(p, `"`) {
		if u, err := strconv.Unquote(p); err == nil {
			return u
		}
	}
	return p
}

// Changed reports whether line of the file at path (absolute, or relative
// to the working directory) is new since the revision.
func (s *Set) Changed(path string, line int) bool {
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return true
	}
	rel, err := filepath.Rel(s.Root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return true // outside the repository: not git's to judge
	}
	rel = filepath.ToSlash(rel)
	return s.whole[rel] || s.lines[rel][line]
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && stderr.Len() > 0 {
			return nil, errors.New(strings.TrimSpace(strings.SplitN(stderr.String(), "\n", 2)[0]))
		}
		return nil, err
	}
	return out, nil
}
