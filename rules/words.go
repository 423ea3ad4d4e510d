package rules

import (
	"bytes"
	"strings"
)

// byteFreq is how often each printable ASCII byte occurs in
// infrastructure repositories, per 100,000 bytes: counted over eleven
// public trees of Terraform, CloudFormation, detection rules and docs
// (77 MB). Bytes not listed (control bytes, non-ASCII) count as 0.
var byteFreq = [256]int{
	' ': 13090, '!': 154, '"': 1546, '#': 249, '$': 148, '%': 141, '&': 124, '\'': 298, '(': 213,
	')': 205, '*': 157, '+': 136, ',': 550, '-': 757, '.': 615, '/': 447, '0': 611, '1': 497,
	'2': 492, '3': 387, '4': 369, '5': 362, '6': 332, '7': 313, '8': 311, '9': 316, ':': 976,
	';': 133, '<': 148, '=': 211, '>': 163, '?': 150, '@': 216, 'A': 443, 'B': 189, 'C': 329,
	'D': 359, 'E': 307, 'F': 224, 'G': 200, 'H': 180, 'I': 312, 'J': 127, 'K': 178, 'L': 234,
	'M': 257, 'N': 256, 'O': 210, 'P': 305, 'Q': 134, 'R': 274, 'S': 394, 'T': 323, 'U': 196,
	'V': 166, 'W': 228, 'X': 136, 'Y': 140, 'Z': 142, '[': 179, '\\': 284, ']': 182, '^': 131,
	'_': 450, '`': 144, 'a': 2207, 'b': 490, 'c': 1497, 'd': 1131, 'e': 3456, 'f': 635, 'g': 610,
	'h': 630, 'i': 1963, 'j': 150, 'k': 311, 'l': 1290, 'm': 927, 'n': 1835, 'o': 2035, 'p': 809,
	'q': 185, 'r': 1778, 's': 1883, 't': 2474, 'u': 1019, 'v': 459, 'w': 424, 'x': 261, 'y': 536,
	'z': 180, '{': 259, '|': 173, '}': 260, '~': 139,
}

// The cost of a pass, in the units of byteFreq: bytes.IndexByte scans about
// 10 GB/s, and each hit costs about 9 ns of call and check, so a pass
// whose byte is 1.5% of the text (c) costs 2.4 times one whose byte
// never occurs. Measured on the trees above.
const (
	passCost = 100_000
	hitCost  = 92
)

// A wordSet tells whether a text holds any of a few words, the way
// ripgrep's literal search starts: not from each word's first byte, which
// is often a common letter (bytes.Index then stops at every 'e' or 'u'),
// but from bytes chosen by how often they occur, found with the
// vectorised bytes.IndexByte; each hit is checked against the words
// around it. The bytes are the cheapest set that every word holds one
// of: one pass for guardduty, GuardDuty, Criterion, criterion,
// securityhub, SecurityHub and gdlint:ignore (all hold an 'r'), where a
// search per word made seven.
type wordSet struct {
	passes []rarePass
	whole  bool // words count only as whole tokens (newTokenSet)
}

type rarePass struct {
	b     byte
	words []anchoredWord
	// around holds the (byte before, byte after) pairs the pass's words
	// put around b: a hit with any other pair is no word's, which one
	// table lookup tells. Most hits of a common byte fail here ('r' in
	// English text), so that the words are compared only at the few left.
	around *pairSet
}

// pairSet is a set of byte pairs.
type pairSet [256 * 256 / 64]uint64

func (s *pairSet) add(a, b byte) { k := int(a)<<8 | int(b); s[k>>6] |= 1 << (k & 63) }

func (s *pairSet) has(a, b byte) bool { k := int(a)<<8 | int(b); return s[k>>6]&(1<<(k&63)) != 0 }

// addWord adds the pairs w can put around its anchor: any byte on a side
// where the word ends at the anchor.
func (s *pairSet) addWord(w anchoredWord) {
	side := func(i int) []byte {
		if i < 0 || i >= len(w.word) {
			return allBytes[:]
		}
		return w.word[i : i+1]
	}
	for _, a := range side(w.at - 1) {
		for _, b := range side(w.at + 1) {
			s.add(a, b)
		}
	}
}

var allBytes = func() (b [256]byte) {
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

// anchoredWord is a word and the offset of its pass's byte in it.
type anchoredWord struct {
	word []byte
	at   int
}

func newWordSet(words ...string) wordSet {
	var s wordSet
	for _, b := range cheapestCover(words) {
		s.passes = append(s.passes, rarePass{b: b})
	}
	for _, w := range words {
		best := -1 // the rarest chosen byte w holds: fewest hits to check
		for i, p := range s.passes {
			if strings.IndexByte(w, p.b) >= 0 && (best < 0 || byteFreq[p.b] < byteFreq[s.passes[best].b]) {
				best = i
			}
		}
		s.passes[best].words = append(s.passes[best].words, anchoredWord{[]byte(w), strings.IndexByte(w, s.passes[best].b)})
	}
	for i := range s.passes {
		p := &s.passes[i]
		p.around = new(pairSet)
		for _, w := range p.words {
			p.around.addWord(w)
		}
	}
	return s
}

// newTokenSet is a wordSet whose words count only as whole tokens: not
// next to a letter, digit, '_' or '-'. An operator is a key or value of
// its own, so "keyprefix", "s3-prefix" and "ApprovedPatches", which fill
// the docs of AWS's resource specifications, are not operators.
func newTokenSet(words ...string) wordSet {
	s := newWordSet(words...)
	s.whole = true
	return s
}

// tokenByte are the bytes that continue a token.
var tokenByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
	}
	return t
}()

// cheapestCover returns the set of bytes of least cost (passCost and
// hitCost by byteFreq) such that every word holds one of them. The search
// is exhaustive, pruned by the best cost found: each pass costs at least
// passCost, so it stays shallow for the few words it is given.
func cheapestCover(words []string) []byte {
	cost := func(b byte) int { return passCost + hitCost*byteFreq[b] }
	// Each word's bytes as a set, so that whether a word holds a chosen
	// byte is one test per 64 bytes: the search runs at every start.
	held := make([]byteSet, len(words))
	for i, w := range words {
		for j := 0; j < len(w); j++ {
			held[i].add(w[j])
		}
	}
	var best []byte
	bestCost := -1
	var search func(chosen []byte, in byteSet, spent int)
	search = func(chosen []byte, in byteSet, spent int) {
		if bestCost >= 0 && spent >= bestCost {
			return
		}
		uncovered := ""
		for i, w := range words {
			if !held[i].meets(in) {
				uncovered = w
				break
			}
		}
		if uncovered == "" {
			best, bestCost = append([]byte(nil), chosen...), spent
			return
		}
		for i := 0; i < len(uncovered); i++ {
			if b := uncovered[i]; strings.IndexByte(uncovered[:i], b) < 0 {
				next := in
				next.add(b)
				search(append(chosen, b), next, spent+cost(b))
			}
		}
	}
	search(nil, byteSet{}, 0)
	return best
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(b byte) { s[b>>6] |= 1 << (b & 63) }

// meets reports whether s and t share a byte.
func (s *byteSet) meets(t byteSet) bool {
	return s[0]&t[0]|s[1]&t[1]|s[2]&t[2]|s[3]&t[3] != 0
}

// in reports whether src contains any of the set's words.
func (s wordSet) in(src []byte) bool {
	for _, p := range s.passes {
		for off := 0; ; {
			i := bytes.IndexByte(src[off:], p.b)
			if i < 0 {
				break
			}
			at := off + i
			off = at + 1
			if at > 0 && at+1 < len(src) && !p.around.has(src[at-1], src[at+1]) {
				continue
			}
			for _, w := range p.words {
				// The ends first: most hits fail there, without a call.
				start, end := at-w.at, at-w.at+len(w.word)
				if start >= 0 && end <= len(src) && src[start] == w.word[0] && src[end-1] == w.word[len(w.word)-1] &&
					bytes.Equal(src[start:end], w.word) &&
					(!s.whole || (start == 0 || !tokenByte[src[start-1]]) && (end == len(src) || !tokenByte[src[end]])) {
					return true
				}
			}
		}
	}
	return false
}
