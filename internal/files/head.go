package files

import (
	"errors"
	"io"
)

// HeadSize is how much of a file ReadUnless shows its skip function before
// reading the rest: the block a binary file is known by.
const HeadSize = 8000

// ErrSkipped is ReadUnless's error for a file its skip function refused by
// its head.
var ErrSkipped = errors.New("skipped by its first bytes")

// readSized reads a file of the given size from r into buf (or a new
// buffer when buf is too small). With skip set and a file larger than
// HeadSize, it reads the head first and stops there, returning the head
// and ErrSkipped, when skip says so: on real trees, most of the bytes
// under a repository are images and office files, which a NUL in their
// first block marks as binary, and reading megabytes of them to throw them
// away cost more than reading everything else.
func readSized(r io.Reader, size int64, buf []byte, skip func(head []byte) bool) ([]byte, error) {
	if int64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	got := 0
	if skip != nil && size > HeadSize {
		n, err := io.ReadFull(r, buf[:HeadSize])
		got = n
		switch {
		case err == io.ErrUnexpectedEOF || err == io.EOF:
			return buf[:n], nil // it shrank: this is all of it
		case err != nil:
			return nil, err
		case skip(buf[:n]):
			return buf[:n], ErrSkipped
		}
	}
	n, err := io.ReadFull(r, buf[got:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:got+n], nil
}
