//go:build !unix

package files

import (
	"errors"
	"io"
	"os"
)

// Read reads a whole file once, into buf when it is large enough (a
// worker reuses one buffer for every file it reads: nothing keeps a file's
// bytes once it is linted). It reads the size stat reports, refusing files
// over max bytes; a file that shrinks meanwhile is read as it now is, and
// one that grows is read to the size it had.
func Read(path string, max int64, buf []byte) ([]byte, error) {
	return ReadUnless(path, max, buf, nil)
}

// ReadUnless is Read, but a file larger than HeadSize whose first HeadSize
// bytes skip refuses is not read further: ReadUnless returns those bytes
// and ErrSkipped. A file of HeadSize bytes or fewer is read whole, and
// skip is not called: the caller sees all of it anyway.
func ReadUnless(path string, max int64, buf []byte, skip func(head []byte) bool) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, UnwrapPathError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, UnwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	size := info.Size()
	if size > max {
		return nil, &TooLargeError{size, max}
	}
	if size == 0 {
		// Files in /proc and /sys report no size: read them to EOF.
		b, err := io.ReadAll(io.LimitReader(f, max+1))
		if err != nil {
			return nil, UnwrapPathError(err)
		}
		if int64(len(b)) > max {
			return nil, &TooLargeError{int64(len(b)), max}
		}
		return b, nil
	}
	b, err := readSized(f, size, buf, skip)
	if err != nil && err != ErrSkipped {
		return nil, UnwrapPathError(err)
	}
	return b, err
}
