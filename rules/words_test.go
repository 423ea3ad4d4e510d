package rules

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
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
	if len(signals().passes) > 3 {
		t.Errorf("signal words take %d passes, want at most 3", len(signals().passes))
	}
	if s := newWordSet(append(wordSets[0], directiveWord)...); len(s.passes) != 1 {
		t.Errorf("signal words take %d passes, want 1", len(s.passes))
	}
}

// The pattern operators are found as the tokens they are, and not inside
// the longer words of AWS's resource specifications.
func TestPatternOperators(t *testing.T) {
	patternOperators := anyOperator{}
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

// builtWordSets are the word sets the package builds, each with the
// words it is built from, in their order (the cover search keeps the
// first of equal covers, so the order matters).
func builtWordSets() map[string]struct {
	set   wordSet
	words []string
} {
	type built = struct {
		set   wordSet
		words []string
	}
	return map[string]built{
		"directiveWords":     {directiveWords(), []string{directiveWord}},
		"eventWords":         {eventWords(), eventPatternWords()},
		"consolidationWords": {consolidationWords(), consolidationSignalWords()},
		"controlSignals":     {controlSignals(), controlWords},
		"signals":            {signals(), signalWords()},
		"keyOperators":       {keyOperators(), operatorSpellings(true)},
		"valueOperators":     {valueOperators(), operatorSpellings(false)},
		"shFieldWords":       {shFieldWords(), shFieldList},
		// retiredControlIDs is built from the IDs sorted, which
		// retiredControlWords gives back.
		"retiredControlIDs": {retiredControlIDs, retiredControlWords()},
	}
}

// exhaustiveCover is cheapestCover as it was before it was pruned: the
// depth-first search, pruned only by the best cost found. cheapestCover
// must return what it returns, byte for byte and in its order.
func exhaustiveCover(words []string) []byte {
	cost := func(b byte) int { return passCost + hitCost*byteFreq[b] }
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

// The pruned search returns the exhaustive search's cover for every word
// set the package builds, and each set is the one its words build.
func TestCheapestCoverOfBuiltSets(t *testing.T) {
	for name, b := range builtWordSets() {
		if got, want := cheapestCover(b.words), exhaustiveCover(b.words); !bytes.Equal(got, want) {
			t.Errorf("%s: cover %q, the exhaustive search's %q", name, got, want)
		}
		if s := newWordSet(b.words...); !reflect.DeepEqual(s.passes, b.set.passes) {
			t.Errorf("%s is not built from the words the test gives it", name)
		}
	}
}

// The same for random word lists: bytes drawn from small alphabets, so
// that words share bytes and covers tie on cost; some words repeated,
// some empty (an empty word ends the search).
func TestCheapestCoverIsExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 1))
	const pool = "etaoinsrlcdu.-_:/ yxzqjkIAESCRTMPNOWXYZ0123456789"
	for n := range 3000 {
		alphabet := pool[rng.IntN(len(pool)-4):]
		alphabet = alphabet[:2+rng.IntN(min(len(alphabet)-1, 12))]
		words := make([]string, 1+rng.IntN(30))
		for i := range words {
			switch r := rng.IntN(40); {
			case r == 0 && n%3 == 0:
				words[i] = ""
			case r < 4 && i > 0:
				words[i] = words[rng.IntN(i)]
			default:
				w := make([]byte, 1+rng.IntN(10))
				for j := range w {
					w[j] = alphabet[rng.IntN(len(alphabet))]
				}
				words[i] = string(w)
			}
		}
		if got, want := cheapestCover(words), exhaustiveCover(words); !bytes.Equal(got, want) {
			t.Fatalf("%q: cover %q, the exhaustive search's %q", words, got, want)
		}
	}
}

func BenchmarkCheapestCover(b *testing.B) {
	sets := builtWordSets()
	for b.Loop() {
		for _, s := range sets {
			cheapestCover(s.words)
		}
	}
}

// addWord fills a row at a time where the word ends at its anchor: the
// pairs are those of the plain double loop, for anchors at the start, the
// end, inside, and for a word of one byte.
func TestPairSetAddWord(t *testing.T) {
	naive := func(w anchoredWord) *pairSet {
		s := new(pairSet)
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
		return s
	}
	rng := rand.New(rand.NewPCG(5, 8))
	for range 500 {
		word := make([]byte, 1+rng.IntN(4))
		for i := range word {
			word[i] = byte(rng.IntN(256))
		}
		w := anchoredWord{word, rng.IntN(len(word))}
		got := new(pairSet)
		got.addWord(w)
		if *got != *naive(w) {
			t.Fatalf("%q at %d: pairs differ", w.word, w.at)
		}
	}
}

// anyOperator finds an operator of either set, anywhere.
type anyOperator struct{}

func (anyOperator) in(src []byte) bool { return keyOperators.in(src) || valueOperators.in(src) }

// mayBeKey dismisses an operator only where prose has it and no key can
// be: before a letter, digit, '.', '(' or '<', and with no YAML mark of a
// key (an anchor, '?', a block scalar's header) before it.
func TestMayBeKey(t *testing.T) {
	at := func(src string) (int, int) {
		i := strings.Index(src, "wildcard")
		if i < 0 {
			t.Fatalf("%q holds no operator", src)
		}
		return i, i + len("wildcard")
	}
	for _, src := range []string{
		`{"wildcard": "x"}`, `wildcard: x`, `wildcard : x`, "\"wildcard\"\n\n:", `"wildcard" /* c */ :`,
		"\"wildcard\" // c\n:", `{\"wildcard\": \"x\"}`, `{\\\"wildcard\\\": 1}`, `{\"wildcard\"\n:}`,
		`{\"wildcard\"\u000a:}`, `{wildcard}`, `{wildcard, a: 1}`, `wildcard = "x"`, `wildcard`, `[wildcard]`,
		"? wildcard\n  other: 1", "?\n  wildcard\n", "- &op wildcard\n- b", "- &op !!str wildcard x", "- !!str &op wildcard x",
		"- &op \"wildcard\" x", "[&op wildcard x]", "x: &op\n  wildcard\ny: 1", "x: &op |-\n  wildcard\n  more",
		"? |-\n  wildcard\n  more",
	} {
		if s, e := at(src); !mayBeKey([]byte(src), s, e) {
			t.Errorf("%q: an operator that may be a key is dismissed", src)
		}
	}
	for _, src := range []string{
		"a wildcard of the name", "Use a wildcard.", "a wildcard (*) matches", "the wildcard <name>",
		`"wildcard" is the operator`, "wildcard\n  next line", "Why? A wildcard is", "Q&A: the wildcard rules",
		"a !!str wildcard rule", `the "wildcard" rule`, `it's a 'wildcard' entry`,
	} {
		if s, e := at(src); mayBeKey([]byte(src), s, e) {
			t.Errorf("%q: prose is taken for a key", src)
		}
	}
}

// operatorScope says noConditions where scanner.ParseWith builds no value
// tree, and only there, for every format, a Terraform plan by any name
// included: a format that gains a tree fails here until the pre-filter
// knows it.
func TestOperatorScope(t *testing.T) {
	plan := []byte(`{"format_version": "1.2", "resource_changes": []}`)
	for format := scanner.Unknown; format.String() != "unknown" || format == scanner.Unknown; format++ {
		src := []byte(`{"a": {"b": "c"}}`)
		if format == scanner.HCL {
			src = []byte("a = { b = \"c\" }\n")
		}
		for i, src := range [][]byte{src, plan} {
			tree := scanner.ParseAs("x", src, format).Root != nil
			switch got := operatorScope(format, src); {
			case got == noConditions && tree:
				t.Errorf("%s (%.20s): a value tree, where the pre-filter sees no condition", format, src)
			case got != noConditions && !tree && i == 0:
				t.Errorf("%s (%.20s): scope %d, but no value tree", format, src, got)
			}
		}
	}
}
