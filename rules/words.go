package rules

import (
	"bytes"
	"slices"
	"strings"
	"sync"
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
// where the word ends at the anchor. A byte before it with any byte after
// is a whole row of the set, four words.
func (s *pairSet) addWord(w anchoredWord) {
	side := func(i int) []byte {
		if i < 0 || i >= len(w.word) {
			return allBytes[:]
		}
		return w.word[i : i+1]
	}
	anyAfter := w.at+1 >= len(w.word)
	for _, a := range side(w.at - 1) {
		if anyAfter {
			row := int(a) << 8 >> 6
			s[row], s[row+1], s[row+2], s[row+3] = ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)
			continue
		}
		s.add(a, w.word[w.at+1])
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

// lazyWordSet is a wordSet built on its first use, by any goroutine: the
// pre-filter's sets are built by the first file a run reads, not at every
// start (gdlint version, a run that reads no file).
type lazyWordSet func() wordSet

func lazyWords(build func() wordSet) lazyWordSet { return sync.OnceValue(build) }

// in reports whether src contains any of the set's words.
func (l lazyWordSet) in(src []byte) bool { return l().in(src) }

// inWhere is wordSet.inWhere.
func (l lazyWordSet) inWhere(src []byte, keep func(src []byte, start, end int) bool) bool {
	return l().inWhere(src, keep)
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
// hitCost by byteFreq) such that every word holds one of them; of covers
// of equal cost, the first the search meets. The search is exhaustive,
// depth first: at each step it adds, in turn, each byte of the first word
// not yet covered, in the word's order. It runs at every start, for every
// word set, so it is pruned, without changing what it returns, by the
// cost of a cover built greedily before it (the least cost is no more)
// and by a lower bound of what covering the words left costs
// (coverBound).
func cheapestCover(words []string) []byte {
	var costs [256]int
	for c := range costs {
		costs[c] = passCost + hitCost*byteFreq[c]
	}
	// Each word's bytes, once each, and as a set, so that whether a word
	// holds a chosen byte is one test per 64 bytes. An empty word is never
	// covered and ends the search, as "no word left" would: the words
	// after it need no byte (limit).
	held := make([]byteSet, len(words))
	distinct := make([][]byte, len(words))
	limit := len(words)
	for i, w := range words {
		for j := 0; j < len(w); j++ {
			if !held[i].has(w[j]) {
				held[i].add(w[j])
				distinct[i] = append(distinct[i], w[j])
			}
		}
		if w == "" && limit == len(words) {
			limit = i
		}
	}
	held, distinct = held[:limit], distinct[:limit]
	order := make([]int, len(distinct))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(distinct[a]) - len(distinct[b]) })
	left := costs // coverBound's scratch
	var best []byte
	// A cover's cost must be below bestCost to be taken: the greedy
	// cover's plus one, so that the search still meets, and keeps, the
	// first cover of least cost, even when the greedy cover costs as much.
	bestCost := greedyCoverCost(distinct, held, &costs) + 1
	var search func(chosen []byte, in byteSet, spent int)
	search = func(chosen []byte, in byteSet, spent int) {
		if spent >= bestCost {
			return
		}
		first := -1
		for i := range held {
			if !held[i].meets(in) {
				first = i
				break
			}
		}
		if first < 0 {
			best, bestCost = append([]byte(nil), chosen...), spent
			return
		}
		if spent+coverBound(distinct, held, in, &costs, &left, order) >= bestCost {
			return
		}
		for _, b := range distinct[first] {
			next := in
			next.add(b)
			search(append(chosen, b), next, spent+costs[b])
		}
	}
	search(nil, byteSet{}, 0)
	return best
}

// coverBound is a lower bound of the cost of covering the words that
// hold no byte of in: the covering problem's dual, each word in turn
// given a price, the least of what its bytes' costs have left, and
// that price taken off each of them. A cover pays each byte's cost at
// least once, which is at least the prices of the words it holds.
// left is costs on entry, and again on return: only the bytes of the
// words priced are changed, and then restored.
func coverBound(distinct [][]byte, held []byteSet, in byteSet, costs, left *[256]int, order []int) int {
	bound := 0
	for _, i := range order {
		w := distinct[i]
		if held[i].meets(in) {
			continue
		}
		y := left[w[0]]
		for _, b := range w[1:] {
			y = min(y, left[b])
		}
		if y == 0 {
			continue
		}
		bound += y
		for _, b := range w {
			left[b] -= y
		}
	}
	for _, i := range order {
		if !held[i].meets(in) {
			for _, b := range distinct[i] {
				left[b] = costs[b]
			}
		}
	}
	return bound
}

// greedyCoverCost is the cost of a cover of the words, built by taking,
// while a word is left uncovered, the byte that covers the most of them
// per unit of cost.
func greedyCoverCost(distinct [][]byte, held []byteSet, costs *[256]int) int {
	var in byteSet
	total := 0
	for {
		var count [256]int
		for i, w := range distinct {
			if !held[i].meets(in) {
				for _, b := range w {
					count[b]++
				}
			}
		}
		var pick byte
		var pickCount, pickCost int
		for c, k := range count {
			// k/cost > pickCount/pickCost, without division.
			if k > 0 && (pickCount == 0 || k*pickCost > pickCount*costs[c]) {
				pick, pickCount, pickCost = byte(c), k, costs[c]
			}
		}
		if pickCount == 0 {
			return total
		}
		in.add(pick)
		total += pickCost
	}
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(b byte) { s[b>>6] |= 1 << (b & 63) }

func (s *byteSet) has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }

// meets reports whether s and t share a byte.
func (s *byteSet) meets(t byteSet) bool {
	return s[0]&t[0]|s[1]&t[1]|s[2]&t[2]|s[3]&t[3] != 0
}

// in reports whether src contains any of the set's words.
func (s wordSet) in(src []byte) bool { return s.inWhere(src, nil) }

// inWhere reports whether src contains any of the set's words at a place
// keep accepts (any place, with keep nil); keep is given src and the
// word's start and end.
func (s wordSet) inWhere(src []byte, keep func(src []byte, start, end int) bool) bool {
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
					(!s.whole || (start == 0 || !tokenByte[src[start-1]]) && (end == len(src) || !tokenByte[src[end]])) &&
					(keep == nil || keep(src, start, end)) {
					return true
				}
			}
		}
	}
	return false
}
