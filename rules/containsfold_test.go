package rules

import (
	"bytes"
	"testing"
)

// naiveContainsFold is containsFold as it was: bytes.EqualFold at every
// offset. The fast one must agree with it on any input.
func naiveContainsFold(b []byte, s string) bool {
	w := []byte(s)
	for i := 0; i+len(w) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

func FuzzContainsFold(f *testing.F) {
	for _, c := range []struct{ b, s string }{
		{"AWS.MACIE", "aws.macie"}, {"xx Macie2 yy", "macie2"}, {"macie", "macie2"}, {"", "a"},
		{"\u212Aey", "key"}, {"k\u212A", "kk"}, {"aws.maci", "aws.macie"}, {"sEcUrItYhUb", "securityhub"},
		{"1macie", "1macie"}, {"é", "é"}, {"É", "é"},
	} {
		f.Add([]byte(c.b), c.s)
	}
	f.Fuzz(func(t *testing.T, b []byte, s string) {
		if len(s) == 0 || len(s) > 64 {
			return
		}
		if got, want := containsFold(b, s), naiveContainsFold(b, s); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", b, s, got, want)
		}
	})
}
