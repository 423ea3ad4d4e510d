package rules

import (
	"bytes"
	"strings"
	"testing"
)

func TestConditionWords(t *testing.T) {
	for _, src := range []string{"aws.guardduty", "GuardDuty Finding", `{"Criterion":`, "criterion {",
		`"Comparison": "PREFIX"`, "comparison = \"EQUALS\""} {
		if !signals.in([]byte("x " + src + " y")) {
			t.Errorf("%q not recognised", src)
		}
	}
	for _, src := range []string{"", "security group", "guard", "safeguard duty", "Security Groups", "riterion", "uardduty"} {
		if signals.in([]byte(src)) {
			t.Errorf("%q wrongly recognised", src)
		}
	}
	if !directiveWords.in([]byte("# gdlint:ignore GDL001")) || directiveWords.in([]byte("# dlint:ignore")) {
		t.Error("directiveWords")
	}
}

// wordSetAgrees holds a wordSet to what it stands for: any of its words
// found by bytes.Contains, and for a token set any found with no token
// byte on either side.
func wordSetAgrees(t *testing.T, words []string, src []byte) {
	t.Helper()
	want, wantToken := false, false
	for _, w := range words {
		want = want || bytes.Contains(src, []byte(w))
		for off := 0; ; off++ {
			i := bytes.Index(src[off:], []byte(w))
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(w)
			if (start == 0 || !isTokenByte(src[start-1])) && (end == len(src) || !isTokenByte(src[end])) {
				wantToken = true
			}
			off = start
		}
	}
	if got := newWordSet(words...).in(src); got != want {
		t.Errorf("words %q in %q: got %v, want %v", words, src, got, want)
	}
	if got := newTokenSet(words...).in(src); got != wantToken {
		t.Errorf("tokens %q in %q: got %v, want %v", words, src, got, wantToken)
	}
}

func isTokenByte(c byte) bool {
	return strings.IndexByte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", c) >= 0
}

var wordSets = [][]string{
	{"guardduty", "GuardDuty", "Criterion", "criterion", "securityhub", "SecurityHub"},
	{"prefix", "suffix", "wildcard", "equals-ignore-case", "anything-but", "atches", "PREFIX", "CONTAINS"},
	patternOperatorSpellings(),
	{directiveWord},
	eventPatternWords(), // words with spaces and dashes (Macie Alert, detail-type)
	{"yy", "y", "xyx"},  // words that share their rarest byte at different offsets
}

func TestWordSetAgreesWithContains(t *testing.T) {
	for _, words := range wordSets {
		for _, w := range words {
			for _, src := range []string{w, "a" + w, w + "b", w[1:], w[:len(w)-1], strings.Repeat(w[:len(w)-1]+" ", 3),
				strings.ToUpper(w), "yyyy" + w, w + w, `"` + w + `"`, "-" + w, w + ":", "é" + w + "_"} {
				wordSetAgrees(t, words, []byte(src))
			}
		}
		wordSetAgrees(t, words, nil)
	}
}

func TestCheapestCover(t *testing.T) {
	for _, words := range wordSets {
		s := newWordSet(words...)
		n := 0
		for _, p := range s.passes {
			for _, w := range p.words {
				if w.word[w.at] != p.b {
					t.Errorf("%q is anchored at %d, not at its pass's byte %q", w.word, w.at, p.b)
				}
				n++
			}
		}
		if n != len(words) {
			t.Errorf("%q: %d words anchored, want %d", words, n, len(words))
		}
	}
	// Every condition word holds an 'r', and every event word (GDL005,
	// GDL006) an 'r' or a 'y': two passes, not twenty.
	if len(signals.passes) > 3 {
		t.Errorf("signal words take %d passes, want at most 3", len(signals.passes))
	}
	if s := newWordSet(append(wordSets[0], directiveWord)...); len(s.passes) != 1 {
		t.Errorf("signal words take %d passes, want 1", len(s.passes))
	}
}

// The pattern operators are found as the tokens they are, and not inside
// the longer words of AWS's resource specifications.
func TestPatternOperators(t *testing.T) {
	for _, w := range patternOperatorSpellings() {
		for _, src := range []string{w, `"` + w + `"`, w + ": x", "  " + w + " = [", "{" + w + ":", `\"` + w + `\"`} {
			if !patternOperators.in([]byte(src)) {
				t.Errorf("%q not found in %q", w, src)
			}
		}
	}
	for _, src := range []string{"s3keyprefix", "logging-prefix", "ApprovedPatches", "prefixlist", "PREFIXED", "CONTAINS_ALL", "Matches2"} {
		if patternOperators.in([]byte(src)) {
			t.Errorf("%q wrongly found", src)
		}
	}
}

func BenchmarkNewWordSet(b *testing.B) {
	for b.Loop() {
		for _, words := range wordSets {
			newWordSet(words...)
		}
	}
}

func FuzzWordSet(f *testing.F) {
	f.Add([]byte("x aws.guardduty y"), uint8(0))
	f.Add([]byte("anything-but prefix"), uint8(1))
	f.Add([]byte("yxyx"), uint8(4))
	f.Add([]byte(`{"NotMatches": ["*"]}, keyprefix`), uint8(2))
	f.Fuzz(func(t *testing.T, src []byte, set uint8) {
		wordSetAgrees(t, wordSets[int(set)%len(wordSets)], src)
	})
}
