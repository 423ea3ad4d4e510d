// Package scanner turns the bytes of configuration, code and documentation
// files into what a linter needs to place findings exactly: the byte ranges
// of comments and strings, one value tree (Node) with exact byte ranges
// whatever the format, and line/column conversion. It never fails: a file
// that does not parse keeps what was found and is scanned as text. It knows
// file formats and nothing about GuardDuty, disks or output.
package scanner

import (
	"bytes"
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

	// Plan is set for a Terraform plan's JSON: then Root holds only the
	// planned values of the resources it deploys (see readPlan).
	Plan *Plan

	// Only, when not nil, are the ranges of the file that are
	// configuration: text outside them is not read (a plan's copies of
	// its values in variables, prior_state and configuration).
	Only []Range

	// Deployed are the parts of the file that deploy as one resource each
	// (a plan's resources, a CDK template's), sorted and disjoint.
	Deployed []Deployed

	// Err is set when the file did not parse as its format. The file is
	// still usable as text: Comments holds what the lexer could find.
	Err error
	// FastReaderBug is set when a fast reader failed on the file other
	// than by giving up: a bug in gdlint. The library read the file
	// instead, so nothing is lost, but it is worth a report.
	FastReaderBug string

	lines []int             // start offset of each line, built on first use
	marks map[int][]colMark // column marks of long lines, by 0-based line
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
// counts UTF-16 code units (what SARIF and most editors' LSP use). A line
// ends at "\n", "\r\n" or a lone "\r"; neither the line ending nor, on the
// first line, a UTF-8 byte-order mark is part of any line.
type Position struct {
	Offset      int
	Line        int
	Column      int // in code points, 1-based
	UTF16Column int // in UTF-16 code units, 1-based (SARIF, LSP)
	ByteColumn  int // in bytes, 1-based (reviewdog, checkstyle)
}

// colStride is how far apart, in bytes, the column marks of a long line
// are. Position decodes at most this much of a line, however long the line
// is: a minified file is one line of megabytes with many findings on it.
const colStride = 1024

// colMark is a known column: at byte Offset the line has reached Column
// and UTF16Column.
type colMark struct{ off, col, u16 int }

// Position converts a byte offset (0 <= off <= len(Src)) to a Position. It
// costs a binary search over the lines and a decode of at most colStride
// bytes, in any order of calls.
func (f *File) Position(off int) Position {
	off = max(0, min(off, len(f.Src)))
	line := f.lineIndex(off)
	start := f.lineStart(line)
	off = max(off, start) // inside a BOM: the line's first column
	p := Position{Offset: off, Line: line + 1, Column: 1, UTF16Column: 1, ByteColumn: off - start + 1}
	if off-start > 2*colStride {
		marks := f.marksOf(line, start)
		i := sort.Search(len(marks), func(i int) bool { return marks[i].off > off }) - 1
		if i >= 0 {
			m := marks[i]
			start, p.Column, p.UTF16Column = m.off, m.col, m.u16
		}
	}
	p.Column, p.UTF16Column = advance(f.Src[start:off], p.Column, p.UTF16Column)
	return p
}

// advance counts the columns b moves a position on.
func advance(b []byte, col, u16 int) (int, int) {
	for len(b) > 0 {
		if c := b[0]; c < utf8.RuneSelf {
			b = b[1:]
			col++
			u16++
			continue
		}
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		col++
		u16++
		if r >= 0x10000 {
			u16++
		}
	}
	return col, u16
}

// marksOf returns the column marks of a long line, made on first use.
func (f *File) marksOf(line, start int) []colMark {
	if m, ok := f.marks[line]; ok {
		return m
	}
	end := len(f.Src)
	if line+1 < len(f.lines) {
		end = f.lines[line+1]
	}
	var marks []colMark
	col, u16 := 1, 1
	for at := start; at+colStride < end; {
		next := at + colStride
		for next < end && !utf8.RuneStart(f.Src[next]) {
			next++ // a mark sits on a character boundary
		}
		col, u16 = advance(f.Src[at:next], col, u16)
		marks = append(marks, colMark{next, col, u16})
		at = next
	}
	if f.marks == nil {
		f.marks = map[int][]colMark{}
	}
	f.marks[line] = marks
	return marks
}

// LineOf returns the 1-based line that holds off.
func (f *File) LineOf(off int) int {
	return f.lineIndex(max(0, min(off, len(f.Src)))) + 1
}

func (f *File) lineIndex(off int) int {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	return sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
}

// lineStart is where the 0-based line's text starts: after a BOM on the
// first line.
func (f *File) lineStart(line int) int {
	start := f.lines[line]
	if line == 0 && hasBOM(f.Src) {
		start = min(3, len(f.Src))
	}
	return start
}

// Line returns the text of the 1-based line n, without its line ending and,
// on the first line, without a byte-order mark.
func (f *File) Line(n int) []byte {
	start, end, ok := f.lineBounds(n)
	if !ok {
		return nil
	}
	return f.Src[start:end]
}

// lineBounds is the byte range of line n's text.
func (f *File) lineBounds(n int) (start, end int, ok bool) {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	if n < 1 || n > len(f.lines) {
		return 0, 0, false
	}
	start, end = f.lineStart(n-1), len(f.Src)
	if n < len(f.lines) {
		end = f.lines[n] - 1 // the '\n' or lone '\r'
		if f.Src[end] == '\n' && end > f.lines[n-1] && f.Src[end-1] == '\r' {
			end--
		}
	}
	return start, max(start, end), true
}

// Window is the part of a line shown around a range of it: at most width
// characters on each side, so that a report never copies a megabyte line.
type Window struct {
	Text string // the shown part of the line, without its line ending
	// Column is the column of Text's first character.
	Column int
	// Before and After say whether the line goes on beyond Text.
	Before, After bool
}

// Window returns the text of r's first line from width characters before
// r to width characters after it (to the end of the line when r spans
// lines, within the same bound).
func (f *File) Window(r Range, width int) Window {
	start := f.Position(r.Start)
	ls, le, _ := f.lineBounds(start.Line)
	from := max(ls, min(r.Start, le))
	to := max(from, min(r.End, le))
	lo := from
	for n := 0; n < width && lo > ls; n++ {
		lo--
		for lo > ls && !utf8.RuneStart(f.Src[lo]) {
			lo--
		}
	}
	hi := to
	for n := 0; n < width && hi < le; n++ {
		_, size := utf8.DecodeRune(f.Src[hi:le])
		hi += size
	}
	col := f.Position(from).Column - utf8.RuneCount(f.Src[lo:from])
	return Window{Text: string(f.Src[lo:hi]), Column: col, Before: lo > ls, After: hi < le}
}

// lineStarts returns the offset at which each line starts. A line ends at
// "\n", at "\r\n", or at a "\r" not followed by "\n" (old Mac files, and
// what YAML counts as a line break too).
func lineStarts(src []byte) []int {
	starts := make([]int, 1, 64)
	cr := bytes.IndexByte(src, '\r')
	for i := 0; ; {
		nl := bytes.IndexByte(src[i:], '\n')
		if nl >= 0 {
			nl += i
		}
		// lone CRs before the next LF
		for cr >= 0 && (nl < 0 || cr < nl-1) {
			starts = append(starts, cr+1)
			if c := bytes.IndexByte(src[cr+1:], '\r'); c >= 0 {
				cr += 1 + c
			} else {
				cr = -1
			}
		}
		if nl < 0 {
			return starts
		}
		starts = append(starts, nl+1)
		i = nl + 1
		if cr >= 0 && cr < i {
			if c := bytes.IndexByte(src[i:], '\r'); c >= 0 {
				cr = i + c
			} else {
				cr = -1
			}
		}
	}
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
