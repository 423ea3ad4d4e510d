package files

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// failAfter reads src, then fails: a read past the head is an error the
// test sees.
type failAfter struct {
	src  []byte
	read int
}

var errReadPastHead = errors.New("read past the head")

func (f *failAfter) Read(p []byte) (int, error) {
	if f.read >= len(f.src) {
		return 0, errReadPastHead
	}
	n := copy(p, f.src[f.read:])
	f.read += n
	return n, nil
}

func TestReadSizedStopsAtASkippedHead(t *testing.T) {
	head := bytes.Repeat([]byte{0}, HeadSize)
	r := &failAfter{src: head}
	got, err := readSized(r, 10*HeadSize, nil, func(h []byte) bool { return bytes.IndexByte(h, 0) >= 0 })
	if !errors.Is(err, ErrSkipped) || len(got) != HeadSize {
		t.Fatalf("readSized = %d bytes, %v; want the %d-byte head and ErrSkipped", len(got), err, HeadSize)
	}
	// Kept, the same file is read to its end (and here fails there).
	r = &failAfter{src: head}
	if _, err := readSized(r, 10*HeadSize, nil, func([]byte) bool { return false }); !errors.Is(err, errReadPastHead) {
		t.Fatalf("a head skip keeps: err = %v, want the read past the head", err)
	}
}

// ReadUnless gives what os.ReadFile gives, whatever the size, unless skip
// refuses a file larger than its head: then the head, and ErrSkipped.
func TestReadUnlessAgreesWithReadFile(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(1))
	for _, size := range []int{0, 1, HeadSize - 1, HeadSize, HeadSize + 1, 3*HeadSize + 17, 1 << 20} {
		src := make([]byte, size)
		rng.Read(src)
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, src, 0o600); err != nil {
			t.Fatal(err)
		}
		var seen []byte
		keep := func(h []byte) bool { seen = append([]byte(nil), h...); return false }
		for _, buf := range [][]byte{nil, make([]byte, 0, 10), make([]byte, 0, 2<<20)} {
			got, err := ReadUnless(p, 1<<30, buf, keep)
			if err != nil || !bytes.Equal(got, src) {
				t.Fatalf("size %d: ReadUnless = %d bytes, %v; want the file", size, len(got), err)
			}
		}
		if size > HeadSize && !bytes.Equal(seen, src[:HeadSize]) {
			t.Fatalf("size %d: skip saw %d bytes, want the first %d", size, len(seen), HeadSize)
		}
		got, err := ReadUnless(p, 1<<30, nil, func([]byte) bool { return true })
		switch {
		case size > HeadSize && (!errors.Is(err, ErrSkipped) || !bytes.Equal(got, src[:HeadSize])):
			t.Fatalf("size %d, skipped: %d bytes, %v; want the head and ErrSkipped", size, len(got), err)
		case size <= HeadSize && (err != nil || !bytes.Equal(got, src)):
			t.Fatalf("size %d, small: %d bytes, %v; want the file (skip is not asked)", size, len(got), err)
		}
	}
}
