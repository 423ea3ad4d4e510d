// Package scanner turns the bytes of configuration, code and documentation
// files into what a linter needs to place findings exactly: the byte ranges
// of comments and strings, and line/column conversion. It knows file formats and
// nothing about GuardDuty.
package scanner

import (
	"sort"
	"unicode/utf8"
)

// Range is a half-open byte range [Start, End) in a file's source.
type Range struct {
	Start, End int
}

// Len is the number of bytes in the range.
func (r Range) Len() int { return r.End - r.Start }

// Contains reports whether off lies inside the range.
func (r Range) Contains(off int) bool { return off >= r.Start && off < r.End }

// File is a parsed file. Src is kept as given; every Range indexes into it.
type File struct {
	Path   string
	Src    []byte
	Format Format

	// Comments are the comment ranges, sorted and disjoint.
	Comments []Range

	// Strings are the string-literal ranges, sorted and disjoint, when the
	// format's parser gives them (a valid HCL file). Then everything a
	// type could be written in outside a string is a comment: HCL has no
	// bare word with a ':' in it.
	Strings []Range

	// Prose is true for documentation (Markdown, plain text): every
	// reference in it is a mention, not a configured value.
	Prose bool

	// Root is the file's value tree (HCL body, JSON or YAML document;
	// several YAML documents are an Array), nil when the format has none
	// or the file did not parse.
	Root *Node

	// Err is set when the file did not parse as its format. The file is
	// still usable as text: Comments holds what the lexer could find.
	Err error

	lines []int // start offset of each line, built on first use
}

// InComment reports whether off lies inside a comment.
func (f *File) InComment(off int) bool {
	if f.Strings != nil {
		return !inRanges(f.Strings, off)
	}
	return inRanges(f.Comments, off)
}

func inRanges(rs []Range, off int) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].End > off })
	return i < len(rs) && rs[i].Contains(off)
}

// Position is a human position in a file. Line and the columns are 1-based.
// Column counts Unicode code points (a tab is one column) and UTF16Column
// counts UTF-16 code units (what SARIF and most editors' LSP use). A UTF-8
// byte-order mark and the '\r' of a CRLF line ending are not part of any
// line.
type Position struct {
	Offset      int
	Line        int
	Column      int
	UTF16Column int
}

// Position converts a byte offset (0 <= off <= len(Src)) to a Position.
func (f *File) Position(off int) Position {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	off = max(0, min(off, len(f.Src)))
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := f.lines[line]
	if line == 0 && hasBOM(f.Src) {
		start = min(3, off)
	}
	p := Position{Offset: off, Line: line + 1, Column: 1, UTF16Column: 1}
	for b := f.Src[start:off]; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		p.Column++
		p.UTF16Column++
		if r >= 0x10000 {
			p.UTF16Column++
		}
	}
	return p
}

// Line returns the text of the 1-based line n, without its line ending and,
// on the first line, without a byte-order mark.
func (f *File) Line(n int) []byte {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	if n < 1 || n > len(f.lines) {
		return nil
	}
	start, end := f.lines[n-1], len(f.Src)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	if n == 1 && hasBOM(f.Src) {
		start = min(3, end)
	}
	if end > start && f.Src[end-1] == '\r' {
		end--
	}
	return f.Src[start:end]
}

func lineStarts(src []byte) []int {
	starts := make([]int, 1, 64)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func hasBOM(src []byte) bool {
	return len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF
}

// addComment and addString collect ranges in any order; normalize sorts and
// merges them once, when the file is parsed. (Parsers hand ranges over out
// of order: hcl walks attributes in map order, and nested templates come
// inside their parents.)
func (f *File) addComment(r Range) {
	if r.End > r.Start {
		f.Comments = append(f.Comments, r)
	}
}

func (f *File) addString(r Range) {
	if r.End > r.Start {
		f.Strings = append(f.Strings, r)
	}
}

// normalize leaves Comments and Strings sorted and disjoint.
func (f *File) normalize() {
	f.Comments = sortRanges(f.Comments)
	f.Strings = sortRanges(f.Strings)
}

// sortRanges sorts rs by start and merges overlapping ranges (adjacent ones
// stay apart), in place. A nil slice stays nil: Strings == nil means "no
// string ranges known".
func sortRanges(rs []Range) []Range {
	if len(rs) < 2 {
		return rs
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.Start < last.End {
			last.End = max(last.End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}
