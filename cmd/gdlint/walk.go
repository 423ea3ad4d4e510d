package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"golang.org/x/text/encoding/unicode"

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
}

// walker turns command-line paths into targets. It reports what it skips
// that a user would want to know about through notice.
type walker struct {
	seq      int // targets emitted so far
	cwd      string
	excludes []string // from the command line
	config   *Config  // its excludes are relative to its directory
	notice   func(Notice)
}

// checkRoots fails on a command-line path that does not exist, before any
// work starts: a typo must not pass as a clean run.
func checkRoots(paths []string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("%s: %v", p, err)
		}
	}
	return nil
}

// walk sends every target under the given paths to emit. Files named
// explicitly are always read, whatever their name; a directory named
// explicitly is walked even if it is one of skipDirs.
func (w *walker) walk(paths []string, emit func(target)) {
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			w.notice(Notice{Path: w.display(root), Level: "warning", Message: err.Error()})
			continue
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				w.notice(Notice{Path: w.display(root), Level: "warning", Message: "not a regular file; skipped"})
				continue
			}
			w.emit(emit, target{path: root, display: w.display(root), format: scanner.Detect(root)})
			continue
		}
		w.walkDir(root, emit)
	}
}

// emit numbers a target in walk order and hands it on.
func (w *walker) emit(emit func(target), t target) {
	t.seq = w.seq
	w.seq++
	emit(t)
}

func (w *walker) walkDir(root string, emit func(target)) {
	absRoot, _ := filepath.Abs(root)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		display := w.display(p)
		if err != nil {
			w.notice(Notice{Path: display, Level: "warning", Message: "cannot read: " + unwrapPathError(err).Error()})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != root && (skipDirs[d.Name()] || w.excluded(rel, display)) {
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
				w.notice(Notice{Path: display, Level: "warning", Message: "not a regular file (" + t.String() + "); skipped"})
			}
			return nil
		}
		if format != scanner.Unknown {
			w.emit(emit, target{path: p, display: display, format: format})
		}
		return nil
	})
}

// symlink decides about a link met while walking. Links are not followed:
// one into the tree names a file scanned at its real path, and one out of
// the tree points at code that is not the user's to lint. A broken or
// looping link is reported, since it usually is a mistake.
func (w *walker) symlink(p, display, absRoot string, format scanner.Format) {
	dest, err := filepath.EvalSymlinks(p)
	if err != nil {
		w.notice(Notice{Path: display, Level: "warning", Message: "broken or looping symlink; skipped: " + unwrapPathError(err).Error()})
		return
	}
	absDest, _ := filepath.Abs(dest)
	if absDest == absRoot || strings.HasPrefix(absDest, absRoot+string(filepath.Separator)) {
		return // scanned where it really is
	}
	if format != scanner.Unknown {
		w.notice(Notice{Path: display, Level: "note", Message: "symlink to " + dest + " outside the scan root; not followed (name the target to scan it)"})
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
	if w.config != nil && len(w.config.Exclude) > 0 {
		if r := relTo(w.config.Dir(), filepath.FromSlash(display)); r != "" {
			for _, g := range w.config.Exclude {
				if ok, _ := doublestar.Match(g, r); ok {
					return true
				}
			}
		}
	}
	return false
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

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

type tooLargeError struct{ size, max int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("%d bytes, over --max-file-size (%d); skipped", e.size, e.max)
}

// decodeUTF16 converts a file that starts with a UTF-16 byte-order mark
// (little- or big-endian) to UTF-8, without the mark.
func decodeUTF16(src []byte) ([]byte, bool) {
	if len(src) < 2 || !(src[0] == 0xFF && src[1] == 0xFE || src[0] == 0xFE && src[1] == 0xFF) {
		return nil, false
	}
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(src)
	if err != nil {
		return nil, false
	}
	return out, true
}

// looksBinary is the usual heuristic: a NUL byte in the first 8000 bytes.
func looksBinary(src []byte) bool {
	return bytes.IndexByte(src[:min(len(src), 8000)], 0) >= 0
}
