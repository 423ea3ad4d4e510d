package rules

import (
	"bytes"
	"strings"
)

// Match is one reference to a retired type found in a byte slice.
type Match struct {
	Start, End int      // byte offsets; src[Start:End] is the spelling found
	Retired    *Retired // the canonical retired type it refers to
	ASFF       bool     // written in Security Hub spelling (Recon:IAMUser-UserPermissions)
}

// Matcher finds whole-token references to retired types in one pass.
//
// Every finding type contains a ':', and ':' is rare in most text, so the
// matcher jumps from colon to colon with bytes.IndexByte (vectorised), grows
// each colon into the maximal run of type characters around it, and looks
// that token up in a hash table. A token matches only whole: a retired type
// that is a prefix of a longer type (ConsoleLogin, ConsoleLoginSuccess.B)
// or is glued to a letter on the left cannot match. Trailing dots, colons
// and exclamation marks are punctuation, not part of the token ("X: gone.",
// a YAML key "X:", "X!"; an artifact is "!DNS", never a bare '!'). Inside a token a type may start after '/' or ':' (Security Hub's
// "TTPs/Discovery/Recon:IAMUser-…", or a query's "type:Recon:IAMUser/…"),
// and after a backslash escape ("…\nRecon:IAMUser/…", "\u000aRecon:…"),
// whose letters and digits are not the token's. Inside a token "\/"
// stands for '/', as JSON and YAML may escape it: the match then spans the
// escaped text ("Backdoor:EC2\/XORDDOS").
//
// It also tells whether src names an active type, as a token of its own:
// an EventBridge pattern that names one is GuardDuty's without a source,
// so such a file is parsed (Linter.lint).
type Matcher struct {
	spellings      map[string]spelling
	minLen, maxLen int
	// starts holds the first two bytes of every spelling: most tokens
	// (URLs, times, paths) and most of their suffixes start otherwise,
	// and are dropped with a bit test, without hashing them for the map.
	starts *pairSet
	// everyColon turns off the skips (a colon that no type byte follows,
	// a token start no spelling has), for the tests that hold them to the
	// full scan.
	everyColon bool
}

type spelling struct {
	r    *Retired // nil for an active type
	asff bool
}

// typeChar marks the bytes a finding-type token is made of: letters,
// digits and ": / . ! & -".
var typeChar = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range ":/.!&-" {
		t[c] = true
	}
	return t
}()

func newMatcher(retired []Retired, active []string) *Matcher {
	// A retired type has its own spelling, two generic Security Hub ones
	// and seldom a documented one (SecurityHubSpellings).
	m := &Matcher{spellings: make(map[string]spelling, 4*len(retired)+len(active)), minLen: 1 << 30, starts: new(pairSet)}
	add := func(s string, sp spelling) {
		if _, ok := m.spellings[s]; ok {
			return
		}
		m.spellings[s] = sp
		if len(s) < 2 {
			m.starts = nil // then end-s >= minLen does not keep s+1 in the token
		} else if m.starts != nil {
			m.starts.add(s[0], s[1])
		}
		m.minLen = min(m.minLen, len(s))
		m.maxLen = max(m.maxLen, len(s))
	}
	for i := range retired {
		r := &retired[i]
		add(r.Type, spelling{r: r})
		for _, s := range SecurityHubSpellings(r.Type) {
			add(s, spelling{r: r, asff: true})
		}
	}
	for _, t := range active {
		add(t, spelling{})
	}
	return m
}

// FindAll appends every reference in src to dst and returns it, in order of
// position. It allocates nothing but the growth of dst.
func (m *Matcher) FindAll(dst []Match, src []byte) []Match {
	dst, _ = m.find(dst, src)
	return dst
}

// find is FindAll, and reports whether src names an active type.
func (m *Matcher) find(dst []Match, src []byte) (_ []Match, active bool) {
	if len(m.spellings) == 0 {
		return dst, false
	}
	pos := 0
	for pos < len(src) {
		i := bytes.IndexByte(src[pos:], ':')
		if i < 0 {
			break
		}
		colon := pos + i
		if !m.everyColon && (colon+1 == len(src) || !typeChar[src[colon+1]]) {
			// "key: value": the colon ends its token, and it is the
			// token's first (an earlier one would have taken the scan past
			// it), so the token holds no colon once the trailing one is
			// trimmed, and no type.
			pos = colon + 1
			continue
		}
		start := colon
		for start > 0 && typeChar[src[start-1]] {
			start--
		}
		end, slashes := colon+1, false
		for end < len(src) {
			if typeChar[src[end]] {
				end++
			} else if src[end] == '\\' && end+1 < len(src) && src[end+1] == '/' {
				// "\/" is how JSON (PHP's json_encode, some Java) and YAML
				// may write a '/'. The byte before is a type byte, so the
				// backslash is not itself escaped.
				end += 2
				slashes = true
			} else {
				break
			}
		}
		pos = end
		for end > start && (src[end-1] == '.' || src[end-1] == ':' || src[end-1] == '!') {
			end--
		}
		if end-start < m.minLen {
			continue
		}
		mt, ok, act := m.lookupToken(src, start, end, slashes)
		if ok {
			dst = append(dst, mt)
		}
		active = active || act
	}
	return dst, active
}

// lookupToken tries the token src[start:end] whole, then each suffix that
// begins after a '/' or ':' or an escape sequence, longest first, and
// returns the first retired spelling it knows; active says it met an
// active type's on the way. A token that holds "\/" (slashes) is looked
// up as it decodes, and its match spans the escaped text.
func (m *Matcher) lookupToken(src []byte, start, end int, slashes bool) (_ Match, ok, active bool) {
	escaped := start > 0 && src[start-1] == '\\' // only then can an escape start the token
	for s := start; end-s >= m.minLen; s++ {     // the raw text is never shorter than what it decodes to
		if s > start && src[s-1] != '/' && src[s-1] != ':' && !(escaped && afterEscape(src, start, s)) {
			continue
		}
		if m.starts != nil && !m.everyColon && !m.starts.has(src[s], src[s+1]) && !(slashes && (src[s] == '\\' || src[s+1] == '\\')) {
			continue // no spelling starts so (where "\\/" is, it may decode to one: looked up)
		}
		var sp spelling
		var found bool
		if slashes {
			key := strings.ReplaceAll(string(src[s:end]), `\/`, "/")
			sp, found = m.spellings[key]
			found = found && len(key) >= m.minLen
		} else if end-s <= m.maxLen {
			sp, found = m.spellings[string(src[s:end])] // no allocation: the conversion is the map index
		}
		if !found {
			continue
		}
		if sp.r == nil {
			active = true
			continue
		}
		return Match{Start: s, End: end, Retired: sp.r, ASFF: sp.asff}, true, active
	}
	return Match{}, false, active
}

// afterEscape reports whether the bytes just before s, inside the token
// that starts at start, end a backslash escape: \n \t \r \b \f \v, \xXX,
// \uXXXX or \UXXXXXXXX, its backslash unescaped itself (an odd run of
// backslashes before it, the first at start-1).
func afterEscape(src []byte, start, s int) bool {
	at := -1 // the escape's letter
	switch src[s-1] {
	case 'n', 't', 'r', 'b', 'f', 'v':
		at = s - 1
	default:
		for _, e := range [...]struct {
			letter byte
			hex    int
		}{{'x', 2}, {'u', 4}, {'U', 8}} {
			if i := s - 1 - e.hex; i >= start && src[i] == e.letter && allHex(src[i+1:s]) {
				at = i
				break
			}
		}
	}
	if at != start { // the escape's letter is the token's first byte, after a backslash
		return false
	}
	n := 0
	for i := at - 1; i >= 0 && src[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
