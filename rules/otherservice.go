package rules

import (
	"bytes"
	"sort"
	"sync"

	"github.com/gdlint/gdlint/scanner"
)

// OtherService is another AWS service whose finding types share spellings
// with GuardDuty's: Amazon Macie still generates
// Policy:IAMUser/S3BlockPublicAccessDisabled, GuardDuty's old name of
// Policy:S3/BucketBlockPublicAccessDisabled. Where the context is that
// service, a shared spelling is not a GuardDuty reference.
type OtherService struct {
	Service string `json:"service"`
	// Words name the service in prose, lower case ("macie" also finds
	// "Macie" and "macie2"), as a word.
	Words []string `json:"words"`
	// Sources are its EventBridge sources ("aws.macie").
	Sources []string `json:"sources"`
	// Documents are strings that make a structured document the
	// service's: its API model's endpoint prefix, its event source.
	Documents []string `json:"documents"`
	Types     []string `json:"types"`
	Source    string   `json:"source"`
	Read      string   `json:"read"`
}

// BuiltinOtherServices returns the embedded services, a fresh copy.
func BuiltinOtherServices() []OtherService {
	return cloneOtherServices(dataOtherServices)
}

// sharedSpellings maps each GuardDuty type (retired or active: known)
// that another service also generates to that service.
func sharedSpellings(known func(string) bool) map[string]*OtherService {
	out := map[string]*OtherService{}
	for _, s := range BuiltinOtherServices() {
		s := s
		for _, t := range s.Types {
			if known(t) {
				out[t] = &s
			}
		}
	}
	return out
}

// otherServiceContext reports whether a match of a spelling another
// service shares stands in that service's context, so it is not a
// GuardDuty reference. Only such spellings cost anything here; a file
// without one is never looked at.
//
//   - In a GuardDuty condition (an EventBridge pattern for aws.guardduty,
//     a GuardDuty filter) it is GuardDuty's.
//   - In prose (a document, a comment, a value written for people) the
//     scope is the sentence, and for a list item the sentence that leads
//     the list in: "The following Macie findings …".
//   - Elsewhere (a value of structured data, a string in code) the scope
//     is the list, one that also holds a type only the service has
//     (SensitiveData:S3Object/Personal), and the document: one that
//     carries the service's API model name or event source (macie2,
//     aws.macie) is the service's.
func (p *Pass) otherServiceContext(m Match) bool {
	s := p.Catalog.shared[m.Retired.Type]
	if s == nil || p.inCondition(m) {
		return false
	}
	src := p.File.Src
	if p.File.Prose || p.File.InComment(m.Start) || p.inProse(m) {
		return p.sentenceNames(m, s) || p.leadInNames(m, s)
	}
	if p.inOtherList(m, s) {
		return true
	}
	if p.otherDocs == nil {
		p.otherDocs = map[*OtherService]bool{}
	}
	named, seen := p.otherDocs[s]
	if !seen { // once a file: a file full of the spelling scans it once
		for _, d := range s.Documents {
			named = named || containsFold(src, d)
		}
		p.otherDocs[s] = named
	}
	return named
}

// inCondition reports whether m lies in an operand of one of the file's
// GuardDuty conditions. The operands are sorted once a file, so each
// lookup is a binary search (see inExclusion).
func (p *Pass) inCondition(m Match) bool {
	if p.operands == nil {
		p.operands = []scanner.Range{}
		for _, c := range p.Conditions {
			for _, o := range c.Operands {
				p.operands = append(p.operands, o.Node.Range)
			}
		}
		sort.Slice(p.operands, func(i, j int) bool { return p.operands[i].Start < p.operands[j].Start })
	}
	i := sort.Search(len(p.operands), func(i int) bool { return p.operands[i].Start > m.Start }) - 1
	return i >= 0 && m.End <= p.operands[i].End
}

// maxSentence bounds how far a sentence is looked for either side of a
// match, so a file without punctuation costs a bounded scan per match.
const maxSentence = 2000

// sentenceAround returns the bounds of the sentence around src[start:end]:
// back to the end of the previous sentence ('.', '!' or '?' then a space or
// a line break; a '.' inside a type is not one) or a blank line, and on to
// the end of this one.
func sentenceAround(src []byte, start, end int) (int, int) {
	lo := start
	for lo > 0 && start-lo < maxSentence {
		c := src[lo-1]
		if isSpace(c) && lo >= 2 && (src[lo-2] == '.' || src[lo-2] == '!' || src[lo-2] == '?') || c == '\n' && blankBefore(src, lo-1) {
			break
		}
		lo--
	}
	hi := end
	for hi < len(src) && hi-end < maxSentence {
		c := src[hi]
		if (c == '.' || c == '!' || c == '?') && (hi+1 == len(src) || isSpace(src[hi+1])) || c == '\n' && blankBefore(src, hi) {
			break
		}
		hi++
	}
	return lo, hi
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// blankBefore reports whether the line break at i ends a blank line: the
// line before it holds only spaces.
func blankBefore(src []byte, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch src[j] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return false
}

// listLeadIn returns, for a match on a list item's line ("- ", "* ", "+ ",
// "1. "), the nearest line above the list that is neither an item nor
// blank: the sentence that leads the list in. It looks at most 200 lines
// and 4*maxSentence bytes up.
func listLeadIn(src []byte, at int) ([]byte, bool) {
	floor := max(0, at-4*maxSentence)
	ls := bytes.LastIndexByte(src[floor:at], '\n') + 1 + floor
	if ls == floor && floor > 0 || !listItem(src[ls:]) {
		return nil, false
	}
	for n := 0; ls > floor && n < 200; n++ {
		prev := bytes.LastIndexByte(src[floor:ls-1], '\n') + 1 + floor
		line := src[prev : ls-1]
		ls = prev
		if prev == floor && floor > 0 {
			return nil, false // the line may begin before the window
		}
		if len(bytes.TrimSpace(line)) == 0 || listItem(line) {
			continue
		}
		return line, true
	}
	return nil, false
}

// listItem reports whether a line starts, after indentation, a Markdown
// list item.
func listItem(line []byte) bool {
	line = bytes.TrimLeft(line, " \t")
	if len(line) >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ' {
		return true
	}
	i := 0
	for i < len(line) && '0' <= line[i] && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}

// namesWord reports whether b holds one of words (lower case) in any case,
// not glued to a letter before it nor after it ("Macie", "macie2",
// "Amazon Macie's"; not "immaculate").
func namesWord(b []byte, words []string) bool {
	for _, word := range words {
		w := []byte(word)
		for i := 0; i+len(w) <= len(b); i++ {
			if !bytes.EqualFold(b[i:i+len(w)], w) {
				continue
			}
			if (i == 0 || !isLetter(b[i-1])) && (i+len(w) == len(b) || !isLetter(b[i+len(w)])) {
				return true
			}
		}
	}
	return false
}

// containsFold reports whether b contains s (lower case) in any case.
// An ASCII s is looked for from its first byte in either case, found with
// the vectorised bytes.IndexByte, so a file is read about twice, not
// compared at every byte: a window that holds a non-ASCII rune cannot equal
// an ASCII word of the same length in bytes.EqualFold's sense, so nothing
// is lost.
func containsFold(b []byte, s string) bool {
	w := []byte(s)
	if len(w) == 0 {
		return true
	}
	last := len(b) - len(w) // the last start a match can have
	if !isASCII(w) {
		for i := 0; i <= last; i++ {
			if bytes.EqualFold(b[i:i+len(w)], w) {
				return true
			}
		}
		return false
	}
	firsts := []byte{lowerASCII(w[0]), upperASCII(w[0])}
	if firsts[0] == firsts[1] {
		firsts = firsts[:1]
	}
	for _, c := range firsts {
		for off := 0; off <= last; {
			i := bytes.IndexByte(b[off:last+1], c)
			if i < 0 {
				break
			}
			if bytes.EqualFold(b[off+i:off+i+len(w)], w) {
				return true
			}
			off += i + 1
		}
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// otherSources are the EventBridge sources of the other services.
var otherSources = sync.OnceValue(func() []string {
	var out []string
	for _, s := range BuiltinOtherServices() {
		out = append(out, s.Sources...)
	}
	return out
})

// otherSource reports whether a pattern's source names another service
// whose types share spellings with GuardDuty's.
func otherSource(n *scanner.Node) bool {
	for _, s := range otherSources() {
		if has(n, s) {
			return true
		}
	}
	return false
}

// sentenceMemo is the last sentence window looked at, and what it said:
// matches come in order, so the references of one long sentence (or of a
// text without punctuation) scan it once, not once each.
type sentenceMemo struct {
	svc    *OtherService
	lo, hi int
	names  bool
}

// sentenceNames reports whether the sentence around m names s.
func (p *Pass) sentenceNames(m Match, s *OtherService) bool {
	if c := p.sentence; c != nil && c.svc == s && c.lo <= m.Start && m.End <= c.hi {
		return c.names
	}
	lo, hi := sentenceAround(p.File.Src, m.Start, m.End)
	p.sentence = &sentenceMemo{svc: s, lo: lo, hi: hi, names: namesWord(p.File.Src[lo:hi], s.Words)}
	return p.sentence.names
}

// leadInMemo is the last list whose lead-in was looked at: the end of the
// last line known to belong to it, and whether its lead-in names the
// service.
type leadInMemo struct {
	svc     *OtherService
	through int // offset of the line break that ends the last item seen
	names   bool
}

// leadInNames reports whether m is on a list item whose list is led in by
// a sentence naming s. An item right below the last one looked at (only
// items and blank lines between) shares its list's answer.
func (p *Pass) leadInNames(m Match, s *OtherService) bool {
	src := p.File.Src
	if l := p.longLine; l.End > 0 && l.Start <= m.Start && m.End <= l.End {
		return false
	}
	floor := max(0, m.Start-4*maxSentence)
	ls := bytes.LastIndexByte(src[floor:m.Start], '\n') + 1 + floor
	le := min(len(src), m.End+4*maxSentence)
	if i := bytes.IndexByte(src[m.End:le], '\n'); i >= 0 {
		le = m.End + i
	}
	if ls == floor && floor > 0 {
		p.longLine = scanner.Range{Start: m.Start, End: le} // no list item: the matches up to le need not look again
		return false
	}
	if c := p.leadIn; c != nil && c.svc == s && c.through < ls && listItem(src[ls:le]) && onlyBlank(src[c.through:ls]) {
		c.through = le
		return c.names
	}
	lead, ok := listLeadIn(src, m.Start)
	if !ok && !listItem(src[ls:le]) {
		return false
	}
	// A list with no lead-in in reach is remembered too, so that a long
	// one is not climbed again for each item.
	p.leadIn = &leadInMemo{svc: s, through: le, names: ok && namesWord(lead, s.Words)}
	return p.leadIn.names
}

// onlyBlank reports whether b holds only spaces and line breaks.
func onlyBlank(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// inOtherList reports whether m is an item of a list that also holds a
// type only s generates. The file's such items are found once, by one walk
// of its tree.
func (p *Pass) inOtherList(m Match, s *OtherService) bool {
	if p.otherItems == nil {
		p.otherItems = map[*OtherService][]scanner.Range{}
	}
	items, ok := p.otherItems[s]
	if !ok {
		items = otherListItems(p.File.Root, s, p.Catalog)
		p.otherItems[s] = items
	}
	i := sort.Search(len(items), func(i int) bool { return items[i].Start > m.Start }) - 1
	return i >= 0 && m.End <= items[i].End
}

// otherListItems returns, sorted, the ranges of the string items of every
// list in the tree that holds a type s generates and GuardDuty never did.
func otherListItems(root *scanner.Node, s *OtherService, c *Catalog) []scanner.Range {
	own := map[string]bool{}
	for _, t := range s.Types {
		if !c.Known(t, false) {
			own[t] = true
		}
	}
	out := []scanner.Range{}
	// The scanner bounds a tree's depth, so the recursion is bounded.
	var walk func(n *scanner.Node)
	walk = func(n *scanner.Node) {
		if n == nil {
			return
		}
		theirs := false
		for _, it := range n.Items {
			if v := it.Value(); v != nil && v.Kind == scanner.String && own[v.Str] {
				theirs = true
				break
			}
		}
		for _, it := range n.Items {
			if v := it.Value(); theirs && v != nil && v.Kind == scanner.String {
				out = append(out, v.Range)
			}
			walk(it)
		}
		for _, f := range n.Fields {
			walk(f.Value)
		}
		walk(n.Doc)
	}
	walk(root)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
