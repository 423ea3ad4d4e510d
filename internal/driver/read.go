package driver

import (
	"bytes"

	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/internal/report"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// decodeUnicode converts a file that starts with a UTF-32 or UTF-16
// byte-order mark (little- or big-endian) to UTF-8, without the mark, and
// names the encoding. UTF-32 is tried first: its little-endian mark starts
// with UTF-16's.
func decodeUnicode(src []byte) (text []byte, name string, ok bool) {
	var dec *encoding.Decoder
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE, 0, 0}):
		dec, name = utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM).NewDecoder(), "UTF-32"
	case bytes.HasPrefix(src, []byte{0, 0, 0xFE, 0xFF}):
		dec, name = utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM).NewDecoder(), "UTF-32"
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		dec, name = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), "UTF-16"
	default:
		return nil, "", false
	}
	out, err := dec.Bytes(src)
	if err != nil {
		return nil, "", false
	}
	return out, name, true
}

// looksBinary is the usual heuristic: a NUL byte in the first 8000 bytes
// (files.HeadSize).
func looksBinary(src []byte) bool {
	return bytes.IndexByte(src[:min(len(src), files.HeadSize)], 0) >= 0
}

// headLooksBinary tells files.ReadUnless, from a file's first bytes, that
// the file will be skipped as binary, so that the rest is not read. A
// UTF-16 or UTF-32 file has NULs too, but is converted, not skipped:
// its byte-order mark says so.
func headLooksBinary(head []byte) bool {
	return !hasUnicodeBOM(head) && looksBinary(head)
}

// binaryNotice says a file was skipped as binary.
func binaryNotice(path string) report.Notice {
	return report.Notice{Path: path, Level: "warning", Message: "looks binary (has a NUL byte); skipped"}
}

// hasUnicodeBOM reports whether src starts with a byte-order mark
// decodeUnicode converts from.
func hasUnicodeBOM(src []byte) bool {
	return bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) ||
		bytes.HasPrefix(src, []byte{0, 0, 0xFE, 0xFF})
}
