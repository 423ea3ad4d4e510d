//go:build unix

package files

import (
	"errors"
	"io"
	"syscall"
)

// Read reads a whole file once, into buf when it is large enough (a
// worker reuses one buffer for every file it reads: nothing keeps a file's
// bytes once it is linted). It reads the size fstat reports, refusing files
// over max bytes; a file that shrinks meanwhile is read as it now is, and
// one that grows is read to the size it had.
//
// The file is opened with O_NONBLOCK, so that a file that turned into a
// FIFO after the walk saw it cannot block the open; fstat then refuses
// anything but a regular file (O_NONBLOCK does not change how a regular
// file reads).
//
// It calls open, fstat, read and close directly: os.Open would also try to
// register the file with the network poller, a failing syscall for every
// regular file, which shows on a tree of 20,000 files.
func Read(path string, max int64, buf []byte) ([]byte, error) {
	return ReadUnless(path, max, buf, nil)
}

// ReadUnless is Read, but a file larger than HeadSize whose first HeadSize
// bytes skip refuses is not read further: ReadUnless returns those bytes
// and ErrSkipped. A file of HeadSize bytes or fewer is read whole, and
// skip is not called: the caller sees all of it anyway.
func ReadUnless(path string, max int64, buf []byte, skip func(head []byte) bool) ([]byte, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	})
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if _, err := ignoringEINTR(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		return nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, errors.New("not a regular file")
	}
	size := int64(st.Size)
	if size > max {
		return nil, &TooLargeError{size, max}
	}
	if size == 0 {
		// Files in /proc and /sys report no size: read them to EOF.
		b, err := io.ReadAll(io.LimitReader(fdReader(fd), max+1))
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > max {
			return nil, &TooLargeError{int64(len(b)), max}
		}
		return b, nil
	}
	return readSized(fdReader(fd), size, buf, skip)
}

// fdReader reads a file descriptor with read(2).
type fdReader int

func (fd fdReader) Read(p []byte) (int, error) {
	n, err := ignoringEINTR(func() (int, error) { return syscall.Read(int(fd), p) })
	if n == 0 && err == nil && len(p) > 0 {
		return 0, io.EOF
	}
	if n < 0 {
		n = 0
	}
	return n, err
}

func ignoringEINTR(fn func() (int, error)) (int, error) {
	for {
		n, err := fn()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
