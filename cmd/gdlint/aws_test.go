package main

import (
	"bytes"
	"testing"
)

// TestStatusLine checks that a warning written while the progress line
// is shown erases it first, so that the two never share a line, and that
// gdlint aws's progress counts account-region pairs.
func TestStatusLine(t *testing.T) {
	var b bytes.Buffer
	sw := &statusWriter{w: &b}
	sw.status("gdlint: 3 files read, 2s")
	if _, err := sw.Write([]byte("WRN a warning\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := sw.Write([]byte("WRN another\n")); err != nil {
		t.Fatal(err)
	}
	sw.status("gdlint: 4 files read, 3s")
	sw.clear()
	want := "\rgdlint: 3 files read, 2s\x1b[K\r\x1b[KWRN a warning\nWRN another\n\rgdlint: 4 files read, 3s\x1b[K\r\x1b[K"
	if b.String() != want {
		t.Errorf("stderr:\n%q\nwant\n%q", b.String(), want)
	}

	r := &run{}
	r.files.Store(7)
	if got := r.progressText(); got != "7 files read" {
		t.Errorf("lint run progress %q", got)
	}
	r.liveProgress(3, 34)
	if got := r.progressText(); got != "3 of 34 account-regions read" {
		t.Errorf("gdlint aws progress %q", got)
	}
}
