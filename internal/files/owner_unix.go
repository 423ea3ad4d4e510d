//go:build unix

package files

import (
	"os"
	"syscall"
)

// keepOwner gives name the owner and group of the file info describes,
// when gdlint runs as root (an ordinary user's files are theirs already,
// and only root may give a file away).
func keepOwner(name string, info os.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	return os.Lchown(name, int(st.Uid), int(st.Gid))
}

// LinkCount is the number of hard links to a file.
func LinkCount(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
