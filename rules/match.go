package rules

import "bytes"

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
// or is glued to a letter on the left cannot match. Trailing dots are
// sentence punctuation, not part of the token. Inside a token a type may
// start after '/' or ':' (Security Hub's "TTPs/Discovery/Recon:IAMUser-…",
// or a query's "type:Recon:IAMUser/…").
type Matcher struct {
	spellings      map[string]spelling
	minLen, maxLen int
}

type spelling struct {
	r    *Retired
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

func newMatcher(retired []Retired) *Matcher {
	m := &Matcher{spellings: map[string]spelling{}, minLen: 1 << 30}
	add := func(s string, sp spelling) {
		if _, ok := m.spellings[s]; ok {
			return
		}
		m.spellings[s] = sp
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
	return m
}

// FindAll appends every reference in src to dst and returns it, in order of
// position. It allocates nothing but the growth of dst.
func (m *Matcher) FindAll(dst []Match, src []byte) []Match {
	if len(m.spellings) == 0 {
		return dst
	}
	pos := 0
	for pos < len(src) {
		i := bytes.IndexByte(src[pos:], ':')
		if i < 0 {
			break
		}
		colon := pos + i
		start := colon
		for start > 0 && typeChar[src[start-1]] {
			start--
		}
		end := colon + 1
		for end < len(src) && typeChar[src[end]] {
			end++
		}
		pos = end
		for end > start && src[end-1] == '.' {
			end--
		}
		if end-start < m.minLen {
			continue
		}
		if mt, ok := m.lookupToken(src, start, end); ok {
			dst = append(dst, mt)
		}
	}
	return dst
}

// lookupToken tries the token src[start:end] whole, then each suffix that
// begins after a '/' or ':', longest first, and returns the first spelling
// it knows.
func (m *Matcher) lookupToken(src []byte, start, end int) (Match, bool) {
	for s := start; end-s >= m.minLen; s++ {
		if s > start && src[s-1] != '/' && src[s-1] != ':' {
			continue
		}
		if end-s > m.maxLen {
			continue
		}
		if sp, ok := m.spellings[string(src[s:end])]; ok {
			return Match{Start: s, End: end, Retired: sp.r, ASFF: sp.asff}, true
		}
	}
	return Match{}, false
}
