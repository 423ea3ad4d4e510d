// Package files is how gdlint touches the disk: it reads a file once,
// bounded and without blocking on what is not a regular file, and replaces
// a file atomically, never leaving it half-written. It knows nothing of
// what the files hold.
package files

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// TooLargeError is a file over the size Read was given.
type TooLargeError struct{ Size, Max int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%d bytes, over --max-file-size (%d); skipped", e.Size, e.Max)
}

// UnwrapPathError is the error inside a *fs.PathError: the caller names
// the path its own way (the display path, not the one opened).
func UnwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// maxSettingsFile bounds a config or baseline file: such a file is read
// whole, and one named by mistake (a device, a huge log) must not be.
const maxSettingsFile = 256 << 20

// ReadSettings reads a config or baseline file, which must be a regular
// file: /dev/zero or a FIFO would never end.
func ReadSettings(path string) ([]byte, error) {
	b, err := Read(path, maxSettingsFile, nil)
	var tl *TooLargeError
	if errors.As(err, &tl) {
		return nil, fmt.Errorf("%d bytes, more than a settings file can be (%d)", tl.Size, tl.Max)
	}
	if err != nil {
		return nil, UnwrapPathError(err)
	}
	return b, nil
}

// RelTo is p relative to dir, slash-separated, or "" when p is outside dir.
func RelTo(dir, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// Canonical is p made absolute, with the symlinks of what exists of it
// resolved: two names for one file give one path.
func Canonical(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// IsRepoRoot reports whether dir holds .git (a directory, or the file a
// worktree has).
func IsRepoRoot(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// RepoRoot is the first directory from dir upwards that holds .git, or dir
// itself when there is none.
func RepoRoot(dir string) string {
	for d := dir; ; {
		if IsRepoRoot(d) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}
