package report

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/gdlint/gdlint/rules"
)

// The JSON reports are checked as they are read, against their writers'
// framing: the literal text between values byte for byte, and each value
// (a finding, the tool, the notices) decoded on its own with unknown keys
// refused, checked, encoded again as the writers encode, and compared
// with its bytes. The first difference ends the check, and no value
// larger than its bound is decoded, so a lookalike costs little time and
// memory however large it is.

// Bounds on one value of a report, far above what gdlint writes.
const (
	maxSmallValue  = 64 << 10 // the JSON tool, a summary, the SARIF base URIs
	maxSARIFTool   = 1 << 20  // the SARIF tool: every rule, with its help (about 25 KB)
	maxFindingJSON = 1 << 20  // one finding: its text and line window are bounded
	maxNoticesJSON = 16 << 20 // the notices: at most 1,000
)

// jsonStream reads a report from the start.
type jsonStream struct {
	src []byte
	pos int
	ok  bool
}

// lit requires the literal text l next.
func (s *jsonStream) lit(l string) {
	if s.ok && bytes.HasPrefix(s.src[s.pos:], []byte(l)) {
		s.pos += len(l)
		return
	}
	s.ok = false
}

// peek reports whether the literal text l comes next.
func (s *jsonStream) peek(l string) bool { return s.ok && bytes.HasPrefix(s.src[s.pos:], []byte(l)) }

// value requires next a JSON value of at most max bytes that decodes into
// v, passes check, and is what marshal writes for v.
func (s *jsonStream) value(v any, max int, check func() bool) {
	if !s.ok {
		return
	}
	s.ok = false
	var raw json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(s.src[s.pos:])).Decode(&raw); err != nil ||
		len(raw) > max || !bytes.HasPrefix(s.src[s.pos:], raw) {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || check != nil && !check() {
		return
	}
	b, err := marshal(v)
	if err != nil || !bytes.Equal(b, raw) {
		return
	}
	s.pos += len(raw)
	s.ok = true
}

// array requires next a JSON array, written as jsonArray writes it, each
// element read by elem.
func (s *jsonStream) array(elem func()) {
	s.lit("[")
	if s.peek("]") {
		s.pos++
		return
	}
	for s.ok {
		if elem(); s.peek(",") {
			s.pos++
			continue
		}
		s.lit("]")
		return
	}
}

// end reports whether the report was read whole, to its last byte.
func (s *jsonStream) end() bool { return s.ok && s.pos == len(s.src) }

// baseRule reports whether a SARIF rule id ("GDL001", "GDL001/note") is
// a gdlint rule's.
func baseRule(id string) bool { return ruleID(strings.SplitN(id, "/", 2)[0]) }

func ownSARIF(src []byte) bool {
	s := &jsonStream{src: src, ok: true}
	s.lit(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":`)
	var tool sarifTool
	s.value(&tool, maxSARIFTool, func() bool {
		if tool.Driver.Name != "gdlint" || len(tool.Driver.Rules) > 3*len(rules.All()) {
			return false
		}
		for _, r := range tool.Driver.Rules {
			if !baseRule(r.ID) {
				return false
			}
		}
		return true
	})
	s.lit(`,"invocations":`)
	var inv []sarifInvocation
	s.value(&inv, maxNoticesJSON, func() bool { return len(inv) == 1 })
	if s.peek(`,"originalUriBaseIds":`) {
		s.lit(`,"originalUriBaseIds":`)
		var base map[string]sarifArtifactLocation
		s.value(&base, maxSmallValue, func() bool { return len(base) == 1 })
	}
	s.lit(`,"columnKind":"utf16CodeUnits","results":`)
	s.array(func() {
		var r sarifResult
		s.value(&r, maxFindingJSON, func() bool { return baseRule(r.RuleID) && sarifProperties(r.Properties) })
	})
	s.lit("}]}\n")
	return s.end()
}

// sarifProperties reports whether a result's properties are the ones
// gdlint writes: findingType, and suggestedReplacements, a list of strings.
func sarifProperties(p map[string]any) bool {
	for k, v := range p {
		switch k {
		case "findingType":
			if _, ok := v.(string); !ok {
				return false
			}
		case "suggestedReplacements":
			list, ok := v.([]any)
			if !ok {
				return false
			}
			for _, s := range list {
				if _, ok := s.(string); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func ownJSON(src []byte) bool {
	s := &jsonStream{src: src, ok: true}
	s.lit(`{"schemaVersion":1,"tool":`)
	var tool jsonTool
	s.value(&tool, maxSmallValue, func() bool { return tool.Name == "gdlint" })
	s.lit(`,"diagnostics":`)
	s.array(func() {
		var d jsonDiagnostic
		s.value(&d, maxFindingJSON, func() bool { return ruleID(d.Rule) && d.SuggestedReplacements != nil })
	})
	s.lit(`,"notices":`)
	var ns []Notice
	s.value(&ns, maxNoticesJSON, func() bool { return ns != nil })
	s.lit(`,"summary":`)
	var sum jsonSummary
	s.value(&sum, maxSmallValue, nil)
	s.lit("}\n")
	return s.end()
}

func ownRDJSON(src []byte) bool {
	s := &jsonStream{src: src, ok: true}
	s.lit(`{"source":{"name":"gdlint","url":"` + informationURI + `"},"diagnostics":`)
	s.array(func() {
		var d rdDiagnostic
		s.value(&d, maxFindingJSON, func() bool { return ruleID(d.Code.Value) })
	})
	s.lit("}\n")
	return s.end()
}

func ownGitLab(src []byte) bool {
	s := &jsonStream{src: src, ok: true}
	n := 0
	s.array(func() {
		var is gitlabIssue
		n++
		s.value(&is, maxFindingJSON, func() bool {
			id, name, _ := strings.Cut(is.CheckName, " ")
			r := rules.ByID(id)
			return r != nil && r.Name == name
		})
	})
	s.lit("\n")
	return s.end() && n > 0
}

// ruleID reports whether id is a gdlint rule's.
func ruleID(id string) bool { return rules.ByID(id) != nil }
