package driver

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/scanner"
)

// skipDirs are never descended into unless named on the command line: they
// hold copies of code (modules, build output, VCS data), not the user's own.
var skipDirs = map[string]bool{
	".git": true, ".terraform": true, ".terragrunt-cache": true, "node_modules": true, "cdk.out": true,
}

// target is one file to read.
type target struct {
	seq     int            // its place in walk order
	path    string         // what to open
	display string         // slash-separated, relative to the working directory when inside it
	format  scanner.Format // how to read it
	named   bool           // named on the command line: failing to read it fails the run
	root    string         // the absolute scan root it was found under (for a named file, the working directory)
	stdin   bool           // read standard input, not path
	arg     int            // the index of the command-line path it came from
	walkErr error          // the walk could not read it (a directory): counted as skipped, not read
}

// Stdin is the path that names standard input.
const Stdin = "-"

// walker turns command-line paths into targets. It reports what it skips
// that a user would want to know about through notice.
type walker struct {
	seq       int // targets emitted so far
	cwd       string
	stdinName string                 // what standard input is called (--stdin-filename), or ""
	excludes  []string               // from the command line
	more      func(path string) bool // the config's excludes, by display path; may be nil
	notice    func(report.Notice)
	// own are the files this run writes or reads as its own state (the
	// reports, the baseline), by absolute path: never linted.
	own     map[string]bool
	ownBase map[string]bool // the base names of own, made on first use
	// failed is called for a path named on the command line that cannot
	// be read: the run must not pass on it.
	failed func(path string, err error)
	debug  func(msg, path string)
	arg    int          // the index of the command-line path being walked
	dirs   map[int]bool // the command-line paths that are directories walked
}

// CheckPaths fails on a command-line path that does not exist, before any
// work starts: a typo must not pass as a clean run.
func CheckPaths(paths []string) error {
	for _, p := range paths {
		if p == Stdin {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// walk sends every target under the given paths to emit. Files named
// explicitly are read whatever their name, unless an exclude names them
// (pre-commit names every file, and the config's excludes must still
// hold); a directory named explicitly is walked even if it is one of
// skipDirs, and through a symlink.
func (w *walker) walk(paths []string, emit func(target)) {
	for i, root := range paths {
		w.arg = i
		if root == Stdin {
			display := w.stdinName
			if display == "" {
				display = "<stdin>"
			} else {
				display = w.display(display)
			}
			if w.excluded(display, display) {
				w.debug("skipped: excluded", display)
				continue
			}
			w.emit(emit, target{path: Stdin, display: display, format: scanner.Detect(display), named: true, root: w.cwd, stdin: true})
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			w.failed(w.display(root), files.UnwrapPathError(err))
			continue
		}
		if info.IsDir() {
			w.walkDir(root, emit)
			continue
		}
		display := w.display(root)
		switch {
		case w.isOwn(root):
			w.debug("skipped: a file this run writes, or reads as its config or baseline", display)
		case w.excluded(filepath.ToSlash(root), display):
			w.debug("skipped: excluded", display)
		case !info.Mode().IsRegular():
			w.failed(display, errors.New("not a regular file"))
		default:
			w.emit(emit, target{path: root, display: display, format: scanner.Detect(root), named: true, root: w.cwd})
		}
	}
}

// isOwn reports whether p is one of the run's own files (own holds
// files.Canonical paths). Most files are told apart by their base name,
// without making the path absolute.
func (w *walker) isOwn(p string) bool {
	if len(w.own) == 0 {
		return false
	}
	if w.ownBase == nil {
		w.ownBase = map[string]bool{}
		for abs := range w.own {
			w.ownBase[filepath.Base(abs)] = true
		}
	}
	if !w.ownBase[filepath.Base(p)] {
		return false
	}
	if abs, err := filepath.Abs(p); err == nil && w.own[abs] {
		return true
	}
	return w.own[files.Canonical(p)] // reached through a symlinked directory
}

// emit numbers a target in walk order and hands it on.
func (w *walker) emit(emit func(target), t target) {
	t.seq, t.arg = w.seq, w.arg
	w.seq++
	emit(t)
}

// walkDir walks a directory named on the command line. A root that is a
// symlink is walked where it points, with paths shown under the name the
// user gave; links met inside stay unfollowed.
func (w *walker) walkDir(root string, emit func(target)) {
	real := root
	if info, err := os.Lstat(root); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if r, err := filepath.EvalSymlinks(root); err == nil {
			real = r
		}
	}
	absRoot, _ := filepath.Abs(real)
	if _, err := os.ReadDir(real); err != nil {
		w.failed(w.display(root), files.UnwrapPathError(err))
		return
	}
	if w.dirs == nil {
		w.dirs = map[int]bool{}
	}
	w.dirs[w.arg] = true
	// Every path walkTree gives is real joined with a clean relative path,
	// so the path shown and the display path are joined to it without
	// cleaning each one again: on a tree of 10,000 files the walk, one
	// goroutine that the workers wait on, spent a third of its time in
	// filepath.Clean.
	real, shownRoot, displayRoot := filepath.Clean(real), filepath.Clean(root), w.display(root)
	// A root given as a clean path that is no symlink (gdlint infra, not
	// ./infra/ or a link) is shown as it is walked, and, when relative on a
	// system that separates with '/', displayed so too: then p is both,
	// and not joined again for each entry.
	shownIsReal := shownRoot == real
	displayIsReal := filepath.Separator == '/' && displayRoot == real
	_ = walkTree(real, func(p string, d fs.DirEntry, err error) error {
		rel := relUnder(real, p)
		shown, display := p, p
		if !shownIsReal {
			shown = joinClean(shownRoot, rel, filepath.Separator)
		}
		if !displayIsReal {
			display = joinClean(displayRoot, filepath.ToSlash(rel), '/')
		}
		rel = filepath.ToSlash(rel)
		if err != nil {
			// Not read, and counted so: a directory past the system's
			// path limit, or one the user may not list, is a gap in the
			// run that its summary shows.
			w.emit(emit, target{path: shown, display: display, root: absRoot, walkErr: files.UnwrapPathError(err)})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != real && (skipDirs[d.Name()] || w.excluded(rel, display)) {
				return filepath.SkipDir
			}
			return nil
		}
		if w.excluded(rel, display) {
			return nil
		}
		format := scanner.Detect(p)
		switch t := d.Type(); {
		case t&fs.ModeSymlink != 0:
			w.symlink(p, display, absRoot, format)
			return nil
		case !t.IsRegular():
			if format != scanner.Unknown {
				w.notice(report.Notice{Path: display, Level: "warning", Message: "not a regular file (" + t.String() + "); skipped"})
			}
			return nil
		}
		if format != scanner.Unknown && !w.isOwn(p) {
			w.emit(emit, target{path: shown, display: display, format: format, root: absRoot})
		}
		return nil
	})
}

// walkTree is filepath.WalkDir for a clean root: the same calls in the
// same order, each directory read with os.ReadDir, but each name joined
// to its directory's path with joinClean rather than filepath.Join. Under
// a clean root every path is clean and a name is one element, so the two
// agree; Join cleans the path it makes, a loop over each of its bytes,
// for every entry (1.7% of the CPU of runs over the Sigma and Panther
// rules).
func walkTree(root string, fn fs.WalkDirFunc) error {
	info, err := os.Lstat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = walkTreeDir(root, fs.FileInfoToDirEntry(info), fn)
	}
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

// walkTreeDir is filepath.WalkDir's walk of one entry and what is under it.
func walkTreeDir(path string, d fs.DirEntry, fn fs.WalkDirFunc) error {
	if err := fn(path, d, nil); err != nil || !d.IsDir() {
		if err == filepath.SkipDir && d.IsDir() {
			err = nil // the directory is skipped
		}
		return err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		// A second call, to report the error.
		if err = fn(path, d, err); err != nil {
			if err == filepath.SkipDir && d.IsDir() {
				err = nil
			}
			return err
		}
	}
	for _, e := range entries {
		if err := walkTreeDir(joinClean(path, e.Name(), filepath.Separator), e, fn); err != nil {
			if err == filepath.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// relUnder is p relative to dir, for a p that walkTree(dir) gave:
// dir itself, or dir joined with a clean relative path. dir is clean.
func relUnder(dir, p string) string {
	switch {
	case p == dir:
		return "."
	case dir == ".":
		return p // filepath.Join(".", name) is name
	}
	if strings.HasSuffix(dir, string(filepath.Separator)) { // the root directory
		return p[len(dir):]
	}
	return p[len(dir)+1:]
}

// joinClean is filepath.Join(dir, rel) (path.Join with '/') for a clean
// dir and a clean relative rel that does not start with "..".
func joinClean(dir, rel string, sep byte) string {
	switch {
	case rel == ".":
		return dir
	case dir == ".":
		return rel
	case len(dir) == 2 && dir[1] == ':' && filepath.VolumeName(dir) == dir:
		// Windows' drive-relative "C:" (the drive's working directory):
		// Join makes "C:x", and "C:\x" would be the drive's root.
		return dir + rel
	case dir[len(dir)-1] == sep:
		return dir + rel
	}
	return dir + string(sep) + rel
}

// symlink decides about a link met while walking. Links are not followed:
// one into the tree names a file scanned at its real path, and one out of
// the tree points at code that is not the user's to lint. A broken or
// looping link is reported, since it usually is a mistake.
func (w *walker) symlink(p, display, absRoot string, format scanner.Format) {
	dest, err := filepath.EvalSymlinks(p)
	if err != nil {
		w.notice(report.Notice{Path: display, Level: "warning", Message: "broken or looping symlink; skipped: " + files.UnwrapPathError(err).Error()})
		return
	}
	absDest, _ := filepath.Abs(dest)
	if absDest == absRoot || strings.HasPrefix(absDest, absRoot+string(filepath.Separator)) {
		return // scanned where it really is
	}
	if format != scanner.Unknown {
		w.notice(report.Notice{Path: display, Level: "note", Message: "symlink to " + dest + " outside the scan root; not followed (name the target to scan it)"})
	}
}

func (w *walker) excluded(rel, display string) bool {
	for _, g := range w.excludes {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		if ok, _ := doublestar.Match(g, display); ok {
			return true
		}
	}
	return w.more != nil && w.more(display)
}

// display is the path shown to users: relative to the working directory
// when the file is inside it, slash-separated on every OS.
func (w *walker) display(p string) string {
	if filepath.IsAbs(p) && w.cwd != "" {
		if rel, err := filepath.Rel(w.cwd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			p = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}
