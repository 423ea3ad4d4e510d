package rules

import (
	"bytes"
	"slices"

	"github.com/gdlint/gdlint/scanner"
)

// deadValuesInCode reports, in code, a string literal whose whole value is
// a source or detail-type no event carries, on a line that names its field:
// how code builds a pattern field by field, as Cloud Custodian's hub-finding
// mode did (payload['detail-type'] = ['Security Hub Findings'], c7n/mu.py,
// cloud-custodian #4497), or as a CDK rule is written in TypeScript
// (detailType: ['Macie Alert']). A string elsewhere (a log message, a
// title) is not read: the line must name detail-type, in one of its
// spellings, or source. Comments are not code.
func (p *Pass) deadValuesInCode() {
	if !p.File.Format.IsCode() {
		return
	}
	src := p.File.Src
	for i := range dataDeadEvents { // events.json's entries in file order: the reports' order is fixed
		e := &dataDeadEvents[i]
		for off := 0; off < len(src); {
			i := bytes.Index(src[off:], []byte(e.Value))
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(e.Value)
			off = end
			if start == 0 || end >= len(src) || !isQuote(src[start-1]) || src[end] != src[start-1] || p.File.InComment(start) {
				continue
			}
			if !namesField(p.around(start, end), e.Field) || p.inPattern(start) {
				continue
			}
			p.reportDead(e, scanner.Range{Start: start, End: end}, p.patternCategory(scanner.Range{Start: start, End: end}), true)
		}
	}
}

// fieldReach is how far from a value its field's name is looked for, on
// its line: far enough for payload['detail-type'] = [...] or a key and a
// short list, and bounded, so that a minified file of one long line costs
// no more per value than a short one.
const fieldReach = 200

// around is the text of the value's line within fieldReach of it.
func (p *Pass) around(start, end int) []byte {
	src := p.File.Src
	lo, hi := max(0, start-fieldReach), min(len(src), end+fieldReach)
	if i := bytes.LastIndexAny(src[lo:start], "\r\n"); i >= 0 {
		lo += i + 1
	}
	if i := bytes.IndexAny(src[end:hi], "\r\n"); i >= 0 {
		hi = end + i
	}
	return src[lo:hi]
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// namesField reports whether a line of code names a pattern field: a
// spelling of detail-type for a detail-type, source for a source.
func namesField(line []byte, field string) bool {
	if field == "source" {
		return bytes.Contains(line, []byte("source")) || bytes.Contains(line, []byte("Source"))
	}
	return slices.ContainsFunc(detailTypeSpellings, func(s string) bool { return bytes.Contains(line, []byte(s)) })
}

// inPattern reports whether off lies in one of the file's event patterns,
// which deadValues reads.
func (p *Pass) inPattern(off int) bool {
	return slices.ContainsFunc(p.eventPatterns(), func(n *scanner.Node) bool { return n.Range.Contains(off) })
}
