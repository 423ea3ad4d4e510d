package rules

import (
	"sort"
	"strings"
	"sync"

	"github.com/gdlint/gdlint/scanner"
)

// A sample is an event or a finding kept as data: a detection rule's test
// input, an example log, a saved GuardDuty event. It is not a rule: a
// retired type in it is CategorySample (a note, "update the sample"), and
// nothing in it is read as a condition, so it is never GDL002, GDL003 or
// GDL004. A sample is known by where detection repositories keep one
// (SampleKeys, and Panther's Tests: - Log:) or by its shape: an EventBridge
// event, a GuardDuty finding, an ASFF finding or an Elastic (ECS) document
// (isSampleShape).
//
// A false green is the worst bug gdlint can have, so a shape is only ever
// one that no condition can take: each requires a value as a single string
// where every condition gdlint reads has a list or an object (an
// EventBridge pattern's values are always in arrays; a GuardDuty filter's
// type is an object of operators; a Security Hub filter is a list of
// comparisons).

// SampleKeys are the keys detection repositories keep sample events and
// findings under: Splunk security_content's example_log, and the names
// other tools and repositories use for the same thing. They are compared
// ignoring case, '_' and '-' (normKey). Panther's Tests: - Log: is
// matched as that pair (isTests): a key "log" alone means nothing.
var SampleKeys = []string{
	"example_log", "example_logs", "example_event", "example_events",
	"sample_log", "sample_logs", "sample_event", "sample_events",
	"sample_finding", "sample_findings", "test_event", "test_events",
}

// sampleKeySet is SampleKeys, normalised (normKey); built on first use,
// by a run that reads a file with a condition or a reference in it.
var sampleKeySet = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, len(SampleKeys))
	for _, k := range SampleKeys {
		m[normKey(k)] = true
	}
	return m
})

// shapeKeys are the keys, normalised, that the shapes and Panther's
// Tests/Log look at. Any other key normalises to "". Built on first use,
// like sampleKeySet.
var shapeKeys = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{
		"detailtype", "source", "detail", "type", "service", "schemaversion", "productarn", "generatorid", "types",
		"@timestamp", "ecs", "id", "time", "account", "region", "version", "arn", "accountid", "createdat", "tests", "log",
	} {
		m[k] = k
	}
	unseparated := strings.NewReplacer("_", "", "-", "")
	for _, k := range SampleKeys {
		k = unseparated.Replace(strings.ToLower(k))
		m[k] = k
	}
	return m
})

// normKey is k in lower case without '_' or '-', where that is a key the
// shapes look at, else "": schema_version, schemaVersion and SchemaVersion
// are one key, as each format writes it. It allocates nothing: it runs for
// every key of a tree with a condition or a reference in it.
func normKey(k string) string {
	var buf [24]byte
	b := buf[:0]
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_' || c == '-':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if len(b) == len(buf) {
			return "" // no key the shapes look at is this long
		}
		b = append(b, c)
	}
	return shapeKeys()[string(b)]
}

func isSampleKey(k string) bool {
	n := normKey(k)
	return n != "" && sampleKeySet()[n]
}

// sampleNodes are the file's samples, in source order: the values of
// sample keys, the Log of each of Panther's Tests, and the objects with a
// sample's shape. A sample's insides are the sample's, and are not searched
// again.
func sampleNodes(root *scanner.Node) []*scanner.Node {
	var out []*scanner.Node
	// The scanner bounds a tree's depth, so the recursion is bounded.
	var walk func(n *scanner.Node)
	walk = func(n *scanner.Node) {
		if n == nil {
			return
		}
		if n.Kind == scanner.Object && isSampleShape(n) {
			out = append(out, n)
			return
		}
		for _, f := range n.Fields {
			switch {
			case f.Value == nil:
			case isSampleKey(f.Key):
				out = append(out, f.Value)
			case isTests(f):
				for _, it := range f.Value.Value().Items {
					if it.Value().Kind != scanner.Object {
						walk(it)
						continue
					}
					for _, tf := range it.Value().Fields {
						if normKey(tf.Key) == "log" && tf.Value != nil {
							out = append(out, tf.Value)
						} else {
							walk(tf.Value)
						}
					}
				}
			default:
				walk(f.Value)
			}
		}
		for _, it := range n.Items {
			walk(it)
		}
		walk(n.Doc)
	}
	walk(root)
	return out
}

// isTests reports whether f is Panther's Tests: a list of tests, each of
// which may hold a Log, the sample it runs the rule on. A test's Name,
// ExpectedResult and Mocks are the test's, not the event's.
func isTests(f scanner.Field) bool {
	v := f.Value.Value()
	return v != nil && v.Kind == scanner.Array && normKey(f.Key) == "tests"
}

// sampleRanges are the source ranges of the file's samples, sorted and
// disjoint.
func sampleRanges(root *scanner.Node) []scanner.Range {
	var out []scanner.Range
	for _, n := range sampleNodes(root) {
		out = append(out, extent(n))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return disjoint(out)
}

// disjoint drops the ranges that lie inside an earlier one of the sorted rs.
func disjoint(rs []scanner.Range) []scanner.Range {
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r.End <= out[n-1].End {
			continue
		}
		out = append(out, r)
	}
	return out
}

// isSampleShape reports whether the object n is an event or a finding, by
// shape. Each shape needs a value that is a single string where every
// condition gdlint reads has a list or an object, so no condition is ever
// one.
//
//   - An EventBridge event: "detail-type" and "source" are strings (in a
//     pattern they are arrays: "In an event pattern, the value to match is
//     in a JSON array", AWS's EventBridge User Guide, Event pattern syntax),
//     "detail" an object, at least two of the envelope's id, time,
//     account, region and version are there, none of them a list or an
//     object, and a detail.type, if any, is a string.
//   - A GuardDuty finding (the API's, an event's detail, Panther's and
//     Elastic's spellings): schemaVersion, a "type" that is a string (a
//     pattern's is an array, a filter's an object of operators), a
//     "service" object, and an id, arn, accountId or createdAt.
//   - An ASFF finding: SchemaVersion, ProductArn and GeneratorId strings
//     (Security Hub filters on them are lists of comparisons), and Types a
//     list of strings.
//   - An Elastic Common Schema document: "@timestamp" a string and "ecs" an
//     object (an indexed event, never a rule).
func isSampleShape(n *scanner.Node) bool {
	var f sampleFields
	for _, fd := range n.UniqueFields() {
		f.add(normKey(fd.Key), fd.Value.Value())
	}
	return f.event() || f.guardDutyFinding() || f.asffFinding() || f.ecs()
}

// sampleFields are the fields of one object that the shapes look at.
type sampleFields struct {
	detailType, source, detail, typ, service, schemaVersion *scanner.Node
	productArn, generatorID, types, timestamp, ecsNode      *scanner.Node
	envelope, envelopeBad, findingID                        int
}

func (s *sampleFields) add(k string, v *scanner.Node) {
	if v == nil {
		return
	}
	switch k {
	case "detailtype":
		s.detailType = v
	case "source":
		s.source = v
	case "detail":
		s.detail = v
	case "type":
		s.typ = v
	case "service":
		s.service = v
	case "schemaversion":
		s.schemaVersion = v
	case "productarn":
		s.productArn = v
	case "generatorid":
		s.generatorID = v
	case "types":
		s.types = v
	case "@timestamp":
		s.timestamp = v
	case "ecs":
		s.ecsNode = v
	}
	switch k {
	case "id", "time", "account", "region", "version":
		if scalar(v) {
			s.envelope++
		} else {
			s.envelopeBad++
		}
	}
	switch k {
	case "id", "arn", "accountid", "createdat":
		if scalar(v) {
			s.findingID++
		}
	}
}

func (s *sampleFields) event() bool {
	if !isString(s.detailType) || !isString(s.source) || !isObject(s.detail) || s.envelope < 2 || s.envelopeBad > 0 {
		return false
	}
	for _, f := range s.detail.UniqueFields() {
		if normKey(f.Key) == "type" && f.Value.Value().Kind != scanner.String {
			return false // a pattern's detail.type, however the rest is written
		}
	}
	return true
}

func (s *sampleFields) guardDutyFinding() bool {
	return scalar(s.schemaVersion) && isString(s.typ) && isObject(s.service) && s.findingID > 0
}

func (s *sampleFields) asffFinding() bool {
	if !isString(s.schemaVersion) || !isString(s.productArn) || !isString(s.generatorID) ||
		s.types == nil || s.types.Kind != scanner.Array {
		return false
	}
	for _, it := range s.types.Items {
		if it.Kind != scanner.String {
			return false
		}
	}
	return true
}

func (s *sampleFields) ecs() bool { return isString(s.timestamp) && isObject(s.ecsNode) }

func isString(n *scanner.Node) bool { return n != nil && n.Kind == scanner.String }
func isObject(n *scanner.Node) bool { return n != nil && n.Kind == scanner.Object }

// scalar reports whether n is one value: a string or a number, never a
// list or an object (nor a value known only at deployment).
func scalar(n *scanner.Node) bool {
	return n != nil && (n.Kind == scanner.String || n.Kind == scanner.Scalar)
}

// withinSorted reports whether [start, end) lies inside one of the sorted,
// disjoint rs.
func withinSorted(rs []scanner.Range, start, end int) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Start > start }) - 1
	return i >= 0 && end <= rs[i].End
}

// inSample reports whether a reference lies in a sample.
func (p *Pass) inSample(m Match) bool {
	if p.samples == nil {
		p.samples = sampleRanges(p.File.Root)
		if p.samples == nil {
			p.samples = []scanner.Range{}
		}
	}
	return withinSorted(p.samples, m.Start, m.End)
}
