package changes

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// maxKept is the longest record or line the reader keeps whole: a path
// longer than this is an error. A longer line of content is read past,
// whatever its length, keeping only its start.
const maxKept = 1 << 20

// file is what the diff says of one path.
type file struct {
	status           byte   // --raw's: A, D, M, T, U (unmerged), X
	srcMode, dstMode string // --raw's octal modes
	numstat          bool   // --numstat listed the path
	numBinary        bool   // as binary ("-"), with no count
	added            int    // its count of added lines
	sections         int    // the patch's sections for the path
	binaryPatch      bool   // which says "Binary files ... differ"
	plus             int    // the patch's added lines
}

// diffReader reads `git diff --raw --numstat --patch -z`: NUL-ended raw and
// numstat records, a NUL, then the patch, whose lines end in "\n".
type diffReader struct {
	set   *Set
	r     *reader
	files map[string]*file
	order []string
}

func (d *diffReader) read() error {
	if err := d.records(); err != nil {
		return err
	}
	if err := d.patch(); err != nil {
		return err
	}
	return d.settle()
}

func (d *diffReader) get(path string) *file {
	f := d.files[path]
	if f == nil {
		f = &file{}
		d.files[path] = f
		d.order = append(d.order, path)
	}
	return f
}

// records reads the raw and numstat records, up to the empty record before
// the patch (or the end: no change at all).
func (d *diffReader) records() error {
	for {
		rec, err := d.r.record()
		switch {
		case err == io.EOF && rec == nil:
			return nil
		case err != nil:
			return err
		case len(rec) == 0:
			return nil // the patch follows
		case rec[0] == ':':
			fields := bytes.Fields(rec[1:])
			if len(fields) != 5 || len(fields[4]) == 0 {
				return fmt.Errorf("git diff: unexpected raw record %q", truncate(rec))
			}
			srcMode, dstMode, status := string(fields[0]), string(fields[1]), fields[4][0]
			path, err := d.r.record() // reuses rec's buffer
			if err != nil || len(path) == 0 {
				return fmt.Errorf("git diff: a raw record without a path (%w)", err)
			}
			f := d.get(string(path))
			f.srcMode, f.dstMode, f.status = srcMode, dstMode, status
		default:
			if err := d.numstat(rec); err != nil {
				return err
			}
		}
	}
}

// numstat reads "ADDED\tDELETED\tPATH", with "-" counts for a binary file.
func (d *diffReader) numstat(rec []byte) error {
	added, rest, ok1 := bytes.Cut(rec, []byte{'\t'})
	_, path, ok2 := bytes.Cut(rest, []byte{'\t'})
	if !ok1 || !ok2 || len(path) == 0 {
		return fmt.Errorf("git diff: unexpected numstat record %q", truncate(rec))
	}
	f := d.get(string(path))
	f.numstat = true
	if string(added) == "-" {
		f.numBinary = true
		return nil
	}
	n, err := strconv.Atoi(string(added))
	if err != nil || n < 0 {
		return fmt.Errorf("git diff: unexpected numstat record %q", truncate(rec))
	}
	f.added = n
	return nil
}

// patch reads the patch: for each file a "diff --git" line, header lines,
// then hunks, each line of which is counted against the hunk's header, so
// that no line of content is ever taken for a header.
func (d *diffReader) patch() error {
	var (
		cur            *file
		path           string
		inHeader       bool
		next           int // the new side's next line number
		remOld, remNew int // lines the hunk still holds
	)
	for {
		line, long, err := d.r.line()
		if err == io.EOF {
			if remOld > 0 || remNew > 0 {
				return errors.New("git diff: the patch ends inside a hunk")
			}
			return nil
		}
		if err != nil {
			return err
		}
		if remOld > 0 || remNew > 0 {
			switch {
			case len(line) == 0:
				return fmt.Errorf("git diff: an empty line inside a hunk of %q", path)
			case line[0] == '+' && remNew > 0:
				if cur.status == 'M' { // others count whole
					d.set.mark(path, next)
				}
				cur.plus++
				next++
				remNew--
			case line[0] == '-' && remOld > 0:
				remOld--
			case line[0] == ' ' && remOld > 0 && remNew > 0:
				next++
				remOld--
				remNew--
			case line[0] == '\\':
			default:
				return fmt.Errorf("git diff: unexpected line inside a hunk of %q", path)
			}
			continue
		}
		switch {
		case bytes.HasPrefix(line, []byte("diff --git ")):
			if long {
				return errors.New("git diff: a path longer than 1 MiB")
			}
			p, ok := headerPath(line[len("diff --git "):])
			// One section a path; a type change (a link that became a
			// file) is a deletion and an addition.
			if f := d.files[p]; !ok || f == nil || f.sections > 0 && (f.status != 'T' || f.sections > 1) {
				return fmt.Errorf("git diff: unexpected header %q", truncate(line))
			}
			path, cur, inHeader = p, d.files[p], true
			cur.sections++
		case cur != nil && bytes.HasPrefix(line, []byte("@@ ")):
			var start int
			var ok bool
			if remOld, start, remNew, ok = hunkHeader(line); !ok {
				return fmt.Errorf("git diff: unexpected hunk header %q", truncate(line))
			}
			next, inHeader = start, false
			if remNew == 0 {
				next++ // "+5,0" is after line 5
			}
		case cur != nil && len(line) > 0 && line[0] == '\\':
			// "\ No newline at end of file", after a hunk's last line
		case cur != nil && inHeader:
			if bytes.HasPrefix(line, []byte("Binary files ")) || bytes.HasPrefix(line, []byte("GIT binary patch")) {
				cur.binaryPatch = true
			}
		default:
			return fmt.Errorf("git diff: unexpected line %q", truncate(line))
		}
	}
}

// settle counts whole what the patch did not show line by line: new files,
// type changes, submodules, symlinks, unmerged paths, files git showed as
// binary, and any whose patch holds another count of added lines than
// --numstat's.
func (d *diffReader) settle() error {
	for _, spans := range d.set.lines { // git gives hunks in order; contains needs it
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	}
	var check []string
	for _, p := range d.order {
		f := d.files[p]
		switch {
		case f.status == 'D':
		case f.srcMode == "160000" || f.dstMode == "160000":
			d.set.dirs = append(d.set.dirs, p+"/")
			d.set.whole[p] = true
		case f.status != 'M', f.dstMode == "120000", f.sections == 0, f.binaryPatch,
			!f.numstat, !f.numBinary && f.added != f.plus:
			d.set.whole[p] = true
		default:
			check = append(check, p)
		}
	}
	return d.set.filtered(check)
}

// filtered counts whole the paths among paths that an attribute has git
// read through a filter (Git LFS, git-crypt, a clean filter) or from
// another encoding: git's lines are then not the file's.
func (s *Set) filtered(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	var in bytes.Buffer
	for _, p := range paths {
		in.WriteString(p)
		in.WriteByte(0)
	}
	cmd := gitCmd(s.Root, "check-attr", "-z", "--stdin", "filter", "working-tree-encoding")
	cmd.Stdin = &in
	return run(cmd, func(r io.Reader) error {
		rd := newReader(r)
		for {
			path, err := rd.record()
			if err == io.EOF && path == nil {
				return nil
			}
			if err != nil {
				return fmt.Errorf("git check-attr: %w", err)
			}
			p := string(path) // the next record reuses its buffer
			if _, err := rd.record(); err != nil {
				return fmt.Errorf("git check-attr: %w", err)
			}
			value, err := rd.record()
			if err != nil {
				return fmt.Errorf("git check-attr: %w", err)
			}
			if v := string(value); v != "unspecified" && v != "unset" {
				s.whole[p] = true
			}
		}
	})
}

// mark records that line of path was added; lines come in order.
func (s *Set) mark(path string, line int) {
	spans := s.lines[path]
	if n := len(spans); n > 0 && spans[n-1].end == line {
		spans[n-1].end++
		return
	}
	s.lines[path] = append(spans, span{line, line + 1})
}

// headerPath reads "a/P b/P" or, quoted, "\"a/P\" \"b/P\"": renames are
// off, so both sides name the same P, which makes an unquoted line with
// spaces in P unambiguous.
func headerPath(h []byte) (string, bool) {
	if len(h) > 0 && h[0] == '"' {
		a, rest, ok := cUnquote(h)
		if !ok || len(rest) < 1 || rest[0] != ' ' {
			return "", false
		}
		b, rest, ok := cUnquote(rest[1:])
		if !ok || len(rest) != 0 || len(a) < 2 || a[:2] != "a/" || b != "b/"+a[2:] {
			return "", false
		}
		return a[2:], true
	}
	n := len(h)
	if n < 7 || n%2 == 0 {
		return "", false
	}
	p := string(h[2 : (n-1)/2])
	if string(h) != "a/"+p+" b/"+p {
		return "", false
	}
	return p, true
}

// cUnquote reads a string git quoted in C style at the start of s, with the
// escapes quote_c_style writes, and returns it and the rest of s.
func cUnquote(s []byte) (string, []byte, bool) {
	if len(s) == 0 || s[0] != '"' {
		return "", nil, false
	}
	var out []byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return string(out), s[i+1:], true
		case '\\':
		default:
			out = append(out, c)
			continue
		}
		i++
		if i >= len(s) {
			return "", nil, false
		}
		switch e := s[i]; e {
		case 'a':
			out = append(out, '\a')
		case 'b':
			out = append(out, '\b')
		case 't':
			out = append(out, '\t')
		case 'n':
			out = append(out, '\n')
		case 'v':
			out = append(out, '\v')
		case 'f':
			out = append(out, '\f')
		case 'r':
			out = append(out, '\r')
		case '"', '\\':
			out = append(out, e)
		case '0', '1', '2', '3':
			if i+2 >= len(s) || !isOctal(s[i+1]) || !isOctal(s[i+2]) {
				return "", nil, false
			}
			out = append(out, (e-'0')<<6|(s[i+1]-'0')<<3|(s[i+2]-'0'))
			i += 2
		default:
			return "", nil, false
		}
	}
	return "", nil, false
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// hunkHeader reads "@@ -a[,b] +c[,d] @@...": the old side's count, and the
// new side's first line and count (a missing count is 1).
func hunkHeader(line []byte) (oldCount, start, newCount int, ok bool) {
	f := bytes.SplitN(line, []byte{' '}, 5)
	if len(f) < 4 || string(f[0]) != "@@" || string(f[3]) != "@@" || len(f[1]) < 2 || f[1][0] != '-' || len(f[2]) < 2 || f[2][0] != '+' {
		return 0, 0, 0, false
	}
	_, oldCount, ok1 := hunkRange(f[1][1:])
	start, newCount, ok2 := hunkRange(f[2][1:])
	return oldCount, start, newCount, ok1 && ok2
}

func hunkRange(r []byte) (start, count int, ok bool) {
	a, b, hasCount := bytes.Cut(r, []byte{','})
	start, err := strconv.Atoi(string(a))
	if err != nil || start < 0 {
		return 0, 0, false
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(string(b)); err != nil || count < 0 {
			return 0, 0, false
		}
	}
	return start, count, true
}

func truncate(b []byte) string {
	if len(b) > 120 {
		return string(b[:120]) + "..."
	}
	return string(b)
}

// reader reads git's output in records and lines of any length, keeping
// at most maxKept bytes of each.
type reader struct {
	br  *bufio.Reader
	buf []byte
}

func newReader(r io.Reader) *reader { return &reader{br: bufio.NewReaderSize(r, 64<<10)} }

// line is the next line, without its "\n"; long when more than maxKept
// bytes of it were dropped. A last line without "\n" is an error: git ends
// every line of a patch.
func (r *reader) line() (line []byte, long bool, err error) {
	line, long, err = r.until('\n')
	if err == io.EOF && line != nil {
		return nil, false, errors.New("git diff: the patch ends mid-line")
	}
	return line, long, err
}

// record is the next NUL-ended record, without its NUL; a record longer
// than maxKept is an error, and so is a last one with no NUL.
func (r *reader) record() ([]byte, error) {
	rec, long, err := r.until(0)
	switch {
	case err == io.EOF && rec != nil:
		return nil, errors.New("output cut short")
	case err != nil:
		return nil, err
	case long:
		return nil, errors.New("a path longer than 1 MiB")
	}
	return rec, nil
}

// until reads up to delim: io.EOF with a nil slice at the end, io.EOF
// with what was read when the input ends before delim.
func (r *reader) until(delim byte) ([]byte, bool, error) {
	r.buf = r.buf[:0]
	long := false
	for {
		chunk, err := r.br.ReadSlice(delim)
		if room := maxKept - len(r.buf); len(chunk) > room {
			r.buf = append(r.buf, chunk[:max(room, 0)]...)
			long = true
		} else {
			r.buf = append(r.buf, chunk...)
		}
		switch {
		case err == nil:
			if !long {
				r.buf = r.buf[:len(r.buf)-1]
			}
			return r.buf, long, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(r.buf) == 0:
			return nil, false, io.EOF
		default:
			return r.buf, long, err
		}
	}
}
