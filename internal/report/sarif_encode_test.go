package report

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/gdlint/gdlint/rules"
)

// sarifPieces are what the random strings are made of: what encoding/json
// escapes (quotes, backslashes, control bytes, U+2028 and U+2029, bad
// UTF-8), what it leaves as is with HTML escaping off (<, >, &), and what
// textsafe.JSONSafe rewrites (##[, DEL, C1 controls).
var sarifPieces = []string{"a", "GDL001", " ", "é", "日本", "\x00", "\x1f", "\n", "\r", "\t", "\b", "\f", `"`, `\`, "<", ">", "&",
	"\u2028", "\u2029", "\x7f", "\u0085", "\u009f", "##[", "#", "[", "]", "\xff", "\xc2", "%SRCROOT%", "file:///x y", "`code`"}

func randomSARIFString(rng *rand.Rand) string {
	var b []byte
	for range rng.IntN(6) {
		b = append(b, sarifPieces[rng.IntN(len(sarifPieces))]...)
	}
	return string(b)
}

func randomStrings(rng *rand.Rand) []string {
	switch rng.IntN(3) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	s := make([]string, 1+rng.IntN(3))
	for i := range s {
		s[i] = randomSARIFString(rng)
	}
	return s
}

func randomMessage(rng *rand.Rand) sarifMessage {
	return sarifMessage{Text: randomSARIFString(rng), Markdown: randomSARIFString(rng)}
}

// sameAsMarshal fails unless got is what marshal writes for v.
func sameAsMarshal(t *testing.T, what string, got []byte, v any) {
	t.Helper()
	want, err := marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, got, want)
	}
}

// The hand-written encoding of the SARIF tool, invocation and base URI is
// byte for byte what marshal (encoding/json) writes: for every rule at
// every level and three kinds of version, and for random values with
// every field empty or not, nil or empty, and strings full of what either
// encoding/json or textsafe.JSONSafe rewrites.
func TestSARIFEncodingIsMarshal(t *testing.T) {
	for _, version := range []string{"devel", "v1.2.3", "v0.0.0-20240101000000-abcdefabcdef"} {
		s := &sarifWriter{opts: Options{Version: version}, index: map[descriptor]int{}}
		for _, r := range rules.All() {
			for _, l := range []rules.Level{r.DefaultLevel(), rules.LevelError, rules.LevelWarning, rules.LevelNote} {
				s.descriptorIndex(r, l)
			}
		}
		tool := s.tool()
		sameAsMarshal(t, "the tool "+version, encodeSARIF(func(e *sarifEncoder) { e.tool(tool) }), tool)
	}
	rng := rand.New(rand.NewPCG(26, 3))
	for range 2000 {
		tool := sarifTool{Driver: sarifDriver{Name: randomSARIFString(rng), FullName: randomSARIFString(rng),
			Version: randomSARIFString(rng), SemanticVersion: randomSARIFString(rng), InformationURI: randomSARIFString(rng)}}
		if n := rng.IntN(4); n > 0 {
			tool.Driver.Rules = []sarifRule{}
			for range n - 1 {
				tool.Driver.Rules = append(tool.Driver.Rules, sarifRule{
					ID: randomSARIFString(rng), Name: randomSARIFString(rng),
					ShortDescription: randomMessage(rng), FullDescription: randomMessage(rng), Help: randomMessage(rng),
					HelpURI: randomSARIFString(rng), DefaultConfiguration: sarifConfiguration{Level: randomSARIFString(rng)},
					Properties: sarifRuleProps{Tags: randomStrings(rng), Precision: randomSARIFString(rng), SecuritySeverity: randomSARIFString(rng)},
				})
			}
		}
		sameAsMarshal(t, "a tool", encodeSARIF(func(e *sarifEncoder) { e.tool(tool) }), tool)

		inv := sarifInvocation{ExecutionSuccessful: rng.IntN(2) == 0}
		if n := rng.IntN(4); n > 0 {
			inv.ToolExecutionNotifications = []sarifNotification{}
			for range n - 1 {
				note := sarifNotification{Level: randomSARIFString(rng), Message: randomMessage(rng)}
				if k := rng.IntN(3); k > 0 {
					note.Locations = []sarifLocation{}
					for range k - 1 {
						note.Locations = append(note.Locations, sarifLocation{PhysicalLocation: sarifPhysicalLocation{
							ArtifactLocation: sarifArtifactLocation{URI: randomSARIFString(rng), URIBaseID: randomSARIFString(rng)}}})
					}
				}
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, note)
			}
		}
		if !fileLocationsOnly(inv) {
			t.Fatalf("%+v holds only files", inv)
		}
		sameAsMarshal(t, "an invocation", encodeSARIF(func(e *sarifEncoder) { e.invocations(inv) }), []sarifInvocation{inv})

		id, base := randomSARIFString(rng), sarifArtifactLocation{URI: randomSARIFString(rng), URIBaseID: randomSARIFString(rng)}
		sameAsMarshal(t, "a base URI", encodeSARIF(func(e *sarifEncoder) { e.baseIDs(id, base) }), map[string]sarifArtifactLocation{id: base})
	}
	// A location with a region or a logical location is marshal's.
	for _, l := range []sarifLocation{
		{PhysicalLocation: sarifPhysicalLocation{Region: &sarifRegion{StartLine: 1}}},
		{LogicalLocations: []sarifLogicalLocation{}},
	} {
		inv := sarifInvocation{ToolExecutionNotifications: []sarifNotification{{Locations: []sarifLocation{l}}}}
		if fileLocationsOnly(inv) {
			t.Errorf("%+v said to hold only files", l)
		}
	}
}
