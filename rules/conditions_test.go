package rules

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Each condition reader is one table entry, and this holds the entry
// whole: the reader finds conditions in the fixtures, and every condition
// it finds is in a file that holds one of its words (or, for an
// EventBridge pattern, names a known type), so the pre-filter, which is
// built from the words, cannot reject a file the reader would read. A
// reader added without fixtures, or with a word its conditions are not
// written with, fails here.
func TestConditionReaders(t *testing.T) {
	c := Builtin()
	known := func(s string) bool { return c.Known(s, false) }
	found := make([]int, len(conditionReaders))
	for _, dir := range []string{"testdata", "../testdata"} {
		for _, path := range fixtureFiles(t, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := scanner.Parse(path, src)
			matches, _ := c.Matcher().find(nil, src)
			scanner.Walk(f.Root, func(n *scanner.Node) bool {
				if n.Kind != scanner.Object {
					return true
				}
				for i, r := range conditionReaders {
					conds, _ := r.read(n, known)
					found[i] += len(conds)
					if len(conds) > 0 && !holdsWord(src, r.words) && (r.kind != KindEventBridge || len(matches) == 0) {
						t.Errorf("%s: a %s is read from a file with none of %q", path, r.kind, r.words)
					}
					// A keyed reader's operators are keys, where the
					// pre-filter looks for them in JSON and YAML.
					if r.keyed && patternOperand(conds) && operatorScope(f.Format, src) == keyPosition &&
						!keyOperators.inWhere(src, mayBeKey) && !mayHideWord(src, false) {
						t.Errorf("%s: a %s's pattern operator is not where the pre-filter looks for a key", path, r.kind)
					}
				}
				return true
			})
		}
	}
	for i, r := range conditionReaders {
		if found[i] == 0 {
			t.Errorf("reader %d (%s) finds no condition in any fixture", i, r.kind)
		}
		if len(r.words) == 0 {
			t.Errorf("reader %d (%s) names no word", i, r.kind)
		}
		for _, op := range r.operators {
			if !slices.Contains(patternOperatorSpellings(), op) {
				t.Errorf("reader %d: operator %q is not among the pre-filter's", i, op)
			}
		}
	}
}

// patternOperand reports whether a condition has an operand that matches
// by pattern.
func patternOperand(conds []Condition) bool {
	for _, c := range conds {
		for _, o := range c.Operands {
			if o.Op != OpEquals {
				return true
			}
		}
	}
	return false
}

func holdsWord(src []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(src, []byte(w)) {
			return true
		}
	}
	return false
}
