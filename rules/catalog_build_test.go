package rules

import (
	"slices"
	"testing"
)

// BenchmarkBuiltinCatalog is what every run's config.Catalog pays for the
// built-in data (with Security Hub's table indexed: documented).
func BenchmarkBuiltinCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewCatalog(BuiltinRetired(), BuiltinActive()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDocumentedSpellings is the index of Security Hub's table the
// first catalog of a run builds.
func BenchmarkDocumentedSpellings(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newDocumentedSpellings()
	}
}

// A type's dotted family is read part by part: an empty part (a leading,
// doubled or trailing dot) is no type, as strings.Split read it.
func TestTypeGrammarDots(t *testing.T) {
	for s, want := range map[string]bool{
		"Impact:S3/A.B.C": true, "Impact:S3/A.B.C!x.y": true, "Impact:S3/.A": false, "Impact:S3/A..B": false,
		"Impact:S3/A.": false, "Impact:S3/A.!x": false, "Impact:S3/A.B!": false, "Impact:S3/A.B_C": false,
	} {
		if got := ValidTypeName(s); got != want {
			t.Errorf("ValidTypeName(%q) = %v, want %v", s, got, want)
		}
	}
}

// NewCatalog keeps the first of a type listed twice as retired, sorts the
// retired by type, lists each active type once, sorted, and leaves out of
// the active ones a type also retired.
func TestNewCatalogOrderAndDuplicates(t *testing.T) {
	c, err := NewCatalog([]Retired{
		{Type: "Recon:IAMUser/B", RetiredOn: "first"}, {Type: "Recon:IAMUser/A"}, {Type: "Recon:IAMUser/B", RetiredOn: "second"},
	}, []string{"Recon:IAMUser/D", "Recon:IAMUser/C", "Recon:IAMUser/D", "Recon:IAMUser/A"})
	if err != nil {
		t.Fatal(err)
	}
	var retired []string
	for _, r := range c.retired {
		retired = append(retired, r.Type+"/"+r.RetiredOn)
	}
	if want := []string{"Recon:IAMUser/A/", "Recon:IAMUser/B/first"}; !slices.Equal(retired, want) {
		t.Errorf("retired = %v, want %v", retired, want)
	}
	if c.Lookup("Recon:IAMUser/B") != &c.retired[1] {
		t.Error("Lookup does not point into the sorted list")
	}
	if want := []string{"Recon:IAMUser/C", "Recon:IAMUser/D"}; !slices.Equal(c.activeList, want) {
		t.Errorf("activeList = %v, want %v", c.activeList, want)
	}
	if want := []string{"Recon:IAMUser/C", "Recon:IAMUser/D", "Recon:IAMUser/A", "Recon:IAMUser/B"}; !slices.Equal(c.all, want) {
		t.Errorf("all = %v, want %v", c.all, want)
	}
}
