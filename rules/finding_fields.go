package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gdlint/gdlint/scanner"
)

// FindingSchema is the shape of the Security Hub findings one family of
// detail-types carries (rules/data/findingfields.json): ASFF for "Security
// Hub Findings - Imported" and "- Custom Action", OCSF for "Findings
// Imported V2". Detail holds each detail-type's keys of detail, Finding
// the top-level fields of a finding. A Closed list is every field there
// is; an open one (OCSF) is completed by its naming rule: OCSF writes
// every attribute in lower-case snake_case.
type FindingSchema struct {
	Name        string              `json:"name"`
	Source      string              `json:"source"`
	DetailTypes []string            `json:"detail-types"`
	Detail      map[string][]string `json:"detail"`
	Finding     []string            `json:"finding"`
	Closed      bool                `json:"closed"`
	URL         string              `json:"url"`
	From        string              `json:"from"`
	Checked     string              `json:"checked"`
}

// FieldCounterpart is an ASFF field and the OCSF field (and the path
// under it) that holds the same fact: gdlint's reading, offered as advice.
type FieldCounterpart struct {
	ASFF string `json:"asff"`
	OCSF string `json:"ocsf"`
	Path string `json:"path"`
}

// BuiltinFindingFields returns the embedded schemas and counterparts, a
// fresh copy.
func BuiltinFindingFields() ([]FindingSchema, []FieldCounterpart) {
	return dataFindingSchemas(), slices.Clone(dataFieldCounterparts)
}

// findingSchemas is the generated schemas, built on first use (they hold
// maps): by a run with an EventBridge pattern for Security Hub findings in
// it. fieldCounterparts is the generated list itself, never changed.
var (
	findingSchemas    = sync.OnceValue(dataFindingSchemas)
	fieldCounterparts = dataFieldCounterparts
)

// schemaFor is the schema of a detail-type's findings, or nil.
func schemaFor(detailType string) *FindingSchema {
	schemas := findingSchemas()
	for i := range schemas {
		if slices.Contains(schemas[i].DetailTypes, detailType) {
			return &schemas[i]
		}
	}
	return nil
}

// hasFinding reports whether a finding of s may have a top-level field key.
func (s *FindingSchema) hasFinding(key string) bool {
	if slices.Contains(s.Finding, key) {
		return true
	}
	return !s.Closed && strings.ToLower(key) == key
}

// judged is what a pattern's alternatives are judged against: each
// detail-type it matches, with its schema.
type judged struct {
	types   []string
	schemas []*FindingSchema
}

// judgeable returns the detail-types a pattern waits for when every one of
// them is a plain string with a known schema and every source it names is
// the schemas' (or it names none); else ok is false, and nothing is said:
// an operator, a Dynamic value, another detail-type or another source may
// match events gdlint knows nothing of.
func judgeable(source, detailType *scanner.Node) (j judged, ok bool) {
	dt := detailType.Value()
	if dt == nil || dt.Kind != scanner.Array || len(dt.Items) == 0 || len(dt.Items) > 63 {
		return j, false
	}
	for _, it := range dt.Items {
		if it.Kind != scanner.String {
			return j, false
		}
		s := schemaFor(it.Str)
		if s == nil {
			return j, false
		}
		j.types, j.schemas = append(j.types, it.Str), append(j.schemas, s)
	}
	if src := source.Value(); src != nil {
		if src.Kind != scanner.Array {
			return j, false
		}
		for _, it := range src.Items {
			if it.Kind != scanner.String || !slices.ContainsFunc(j.schemas, func(s *FindingSchema) bool { return s.Source == it.Str }) {
				return j, false
			}
		}
	}
	return j, true
}

// findingFields reports the keys of an EventBridge pattern's detail, and
// of its detail.findings, that no event of its detail-types has: an ASFF
// field in a "Findings Imported V2" pattern, an OCSF one in a "Security
// Hub Findings - Imported" pattern. The pattern's $or branches are judged
// with the source and detail-type they inherit, or their own.
func (p *Pass) findingFields(n, source, detailType *scanner.Node) {
	if f, ok := n.Field("source"); ok {
		source = f.Value
	}
	if f, ok := n.Field("detail-type"); ok {
		detailType = f.Value
	}
	if j, ok := judgeable(source, detailType); ok {
		if d := n.Get("detail").Value(); d != nil && d.Kind == scanner.Object {
			p.findingKeys(j, d, true)
		}
	}
	for _, br := range orBranches(n) {
		p.findingFields(br, source, detailType)
	}
}

// orBranches are the objects of a node's $or list.
func orBranches(n *scanner.Node) []*scanner.Node {
	or := n.Get("$or").Value()
	if or == nil || or.Kind != scanner.Array {
		return nil
	}
	var out []*scanner.Node
	for _, it := range or.Items {
		if v := it.Value(); v != nil && v.Kind == scanner.Object {
			out = append(out, v)
		}
	}
	return out
}

// findingKeys judges the keys of detail (atDetail) or of detail.findings,
// and returns the detail-types (a bit each, in j's order) an event of
// which may match obj. A key one of the detail-types has is fine, unless
// the rest of the object needs fields those detail-types lack: an
// alternative matches an event only if the event has every field it
// names. findings, in detail, is read a level down. A key whose condition
// matches an absent field (exists: false) holds for every detail-type.
// What is reported counts as matching all, so nothing is reported twice.
func (p *Pass) findingKeys(j judged, obj *scanner.Node, atDetail bool) uint64 {
	all := uint64(1)<<len(j.types) - 1
	mask := all
	var parts []scanner.Field
	var masks []uint64
	for _, f := range obj.UniqueFields() {
		if f.Key == "$or" {
			if brs := orBranches(obj); len(brs) > 0 {
				var m uint64
				for _, br := range brs {
					m |= p.findingKeys(j, br, atDetail)
				}
				mask &= m
			}
			continue
		}
		m := keyMask(j, f.Key, atDetail)
		v := f.Value.Value()
		switch {
		case m != 0 && atDetail && f.Key == "findings" && v != nil && v.Kind == scanner.Object:
			m &= p.findingKeys(j, v, false)
		case p.matchesAbsent(v):
			m = all
		case m == 0:
			p.Report(Diagnostic{Category: p.patternCategory(f.KeyRange), Range: f.KeyRange, Message: findingKeyMessage(j, f, atDetail)})
			m = all
		}
		mask &= m
		parts, masks = append(parts, f), append(masks, m)
	}
	if mask != 0 {
		return mask
	}
	for i, f := range parts {
		// detail's findings narrows by what is under it, not by its name:
		// the keys beside it are the ones to name.
		if masks[i] != all && !(atDetail && f.Key == "findings") {
			p.Report(Diagnostic{Category: p.patternCategory(f.KeyRange), Range: f.KeyRange, Message: conjunctionMessage(j, f, masks[i], atDetail)})
		}
	}
	return all
}

// keyMask is the detail-types whose events have the key.
func keyMask(j judged, key string, atDetail bool) uint64 {
	var m uint64
	for i, dt := range j.types {
		if atDetail && slices.Contains(j.schemas[i].Detail[dt], key) || !atDetail && j.schemas[i].hasFinding(key) {
			m |= 1 << i
		}
	}
	return m
}

// conjunctionMessage says which detail-types have a field the rest of its
// condition rules out.
func conjunctionMessage(j judged, f scanner.Field, m uint64, atDetail bool) string {
	var q []string
	for i, dt := range j.types {
		if m&(1<<i) != 0 && !slices.Contains(q, fmt.Sprintf("%q", dt)) {
			q = append(q, fmt.Sprintf("%q", dt))
		}
	}
	where := "detail.findings"
	if atDetail {
		where = "detail"
	}
	return fmt.Sprintf("only %s events have a field %q in %s, and the rest of this condition needs fields they lack (EventBridge matches keys exactly), so it matches nothing", strings.Join(q, " and "), f.Key, where)
}

// matchesAbsent reports whether a condition holds an exists: false, which
// matches events without the field.
func (p *Pass) matchesAbsent(v *scanner.Node) bool {
	found := false
	scanner.Walk(v, func(n *scanner.Node) bool {
		if e := n.Get("exists"); e != nil && e.Kind == scanner.Scalar && string(p.File.Src[e.Range.Start:e.Range.End]) == "false" {
			found = true
		}
		return !found
	})
	return found
}

// findingKeyMessage names the detail-types, what their findings are, and
// the other schema's name for the field where there is a clear one.
func findingKeyMessage(j judged, f scanner.Field, atDetail bool) string {
	q := make([]string, len(j.types))
	var names []string
	for i, dt := range j.types {
		q[i] = fmt.Sprintf("%q", dt)
		if !slices.Contains(names, j.schemas[i].Name) {
			names = append(names, j.schemas[i].Name)
		}
	}
	where := "detail.findings"
	if atDetail {
		where = "detail"
	}
	msg := fmt.Sprintf("no %s event has a field %q in %s (their findings are %s, and EventBridge matches keys exactly), so this condition matches nothing",
		strings.Join(q, " or "), f.Key, where, strings.Join(names, " and "))
	if atDetail {
		return msg
	}
	if hint := counterpartHint(names, f); hint != "" {
		msg += "; " + hint
	}
	return msg
}

// counterpartHint says whose field a key is, when the other schema has
// it (an ASFF field in an OCSF pattern, or the reverse), and what the
// pattern's schema calls it where the counterparts list a clear one.
func counterpartHint(names []string, f scanner.Field) string {
	if len(names) != 1 {
		return ""
	}
	whose, other := "OCSF's (Security Hub V2)", "OCSF"
	if names[0] == "OCSF" {
		whose, other = "ASFF's (Security Hub CSPM)", "ASFF"
	}
	schemas := findingSchemas()
	i := slices.IndexFunc(schemas, func(s FindingSchema) bool { return s.Name == other })
	if i < 0 || !slices.Contains(schemas[i].Finding, f.Key) {
		return ""
	}
	var out []string
	for _, c := range fieldCounterparts {
		switch {
		case other == "ASFF" && c.ASFF == f.Key:
			out = append(out, c.Path)
		case other == "OCSF" && c.OCSF == f.Key && leafUnder(f.Value.Value(), c.OCSF, c.Path):
			out = append(out, c.ASFF)
		}
	}
	if len(out) == 0 {
		return fmt.Sprintf("%q is %s, with no one counterpart in %s", f.Key, whose, names[0])
	}
	return fmt.Sprintf("%q is %s; %s's counterpart is %s", f.Key, whose, names[0], strings.Join(out, " or "))
}

// leafUnder reports whether a pattern's value under the OCSF field top
// reaches the counterpart's path (metadata.product.name), or the
// counterpart is the field itself.
func leafUnder(v *scanner.Node, top, path string) bool {
	rest, ok := strings.CutPrefix(path, top)
	if !ok || rest == "" || strings.HasPrefix(rest, " ") {
		return true
	}
	for _, k := range strings.Split(strings.TrimPrefix(rest, "."), ".") {
		if v = v.Get(k).Value(); v == nil {
			return false
		}
	}
	return true
}
