package scanner

import (
	"bytes"
	"strings"
)

// A Terraform plan, as `terraform show -json PLANFILE` writes it, holds
// each value several times: the root module's variables, planned_values,
// resource_changes (before and after), prior_state and the configuration's
// constant expressions. Read as plain JSON, one pattern is reported once
// for each copy. The deployed value is one: resource_changes[].change.after
// of a resource that is not being deleted. So a file recognised as a plan
// keeps that value only: its tree (Root) is the list of those values, and
// Only holds their ranges, the only text of the file that is configuration.

// planSniff is how much of a file is searched for the plan's first key.
// Terraform writes format_version first; a file re-indented by jq or an
// editor keeps it within the first few hundred bytes.
const planSniff = 4096

// planKeys are the members one of which a plan has besides format_version.
var planKeys = [][]byte{[]byte(`"resource_changes"`), []byte(`"planned_values"`), []byte(`"configuration"`)}

// IsTerraformPlan reports whether src looks like the JSON of a Terraform
// plan: a JSON object with a "format_version" key in its first few KB and
// a "resource_changes", "planned_values" or "configuration" key. It is pure
// and cheap: a bounded search and up to three vectorised ones; the parse
// decides the rest.
func IsTerraformPlan(src []byte) bool {
	head := src[:min(len(src), planSniff)]
	head = bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	if len(head) == 0 || head[0] != '{' || !bytes.Contains(head, []byte(`"format_version"`)) {
		return false
	}
	for _, k := range planKeys {
		if bytes.Contains(src, k) {
			return true
		}
	}
	return false
}

// Plan is what gdlint reads of a Terraform plan.
type Plan struct {
	// FormatVersion is the plan's format_version ("1.2").
	FormatVersion string
	// Resources are the resource_changes that are not deleted, in file
	// order, each with its evaluated value.
	Resources []PlanResource
	// Deleted counts the resource changes left out because their action
	// is delete: their values are not deployed.
	Deleted int
	// Untreed counts the resources whose planned values are read as text
	// only: past MaxTreeValues, in a large plan. Their references are
	// reported, but no condition in them is analysed.
	Untreed int
	// ModuleSources are the configuration's module calls' sources, by
	// module path ("alerts", "alerts.inner"): a local path ("./modules/x")
	// is relative to the calling module's directory.
	ModuleSources map[string]string
}

// ModulePath is the module path of a module instance address:
// module.a["x"].module.b is "a.b", the root module "".
func ModulePath(moduleAddress string) string {
	var names []string
	for rest := moduleAddress; strings.HasPrefix(rest, "module."); {
		rest = rest[len("module."):]
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		names = append(names, rest[:end])
		rest = rest[end:]
		if strings.HasPrefix(rest, "[") {
			rest = skipIndex(rest)
		}
		rest = strings.TrimPrefix(rest, ".")
	}
	return strings.Join(names, ".")
}

// skipIndex skips an instance key, ["k"] or [0], whose string may hold
// brackets and escaped quotes.
func skipIndex(s string) string {
	inStr := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case !inStr && c == ']':
			return s[i+1:]
		}
	}
	return ""
}

// moduleSources reads the sources of a configuration's module calls, by
// module path.
func moduleSources(mod *Node, prefix string, out map[string]string) {
	calls := mod.Get("module_calls")
	if calls == nil || calls.Kind != Object || len(prefix) > 4096 {
		return
	}
	for _, c := range calls.Fields {
		key := c.Key
		if prefix != "" {
			key = prefix + "." + c.Key
		}
		if src := str(c.Value.Get("source")); src != "" {
			out[key] = src
		}
		moduleSources(c.Value.Get("module"), key, out)
	}
}

// PlanFormatMajor is the major version of the plan format gdlint reads.
// Terraform 0.12 through 1.x write 0.1, 0.2, 1.0, 1.1 and 1.2; every 1.x is
// compatible with 1.0 by Terraform's promise (a new minor version only adds
// members). A plan of another major version is read for what can be read.
const PlanFormatMajor = "1"

// KnownFormat reports whether gdlint knows the plan's format version: a
// 1.x, or the 0.x that Terraform 0.12 to 0.15 wrote, which has the same
// resource_changes.
func (p *Plan) KnownFormat() bool {
	major, _, _ := strings.Cut(p.FormatVersion, ".")
	return major == PlanFormatMajor || major == "0"
}

// PlanResource is one resource instance a plan creates, updates or
// replaces.
type PlanResource struct {
	// Address is the instance's address:
	// module.alerts.aws_cloudwatch_event_rule.guardduty["prod"].
	Address string
	// Type and Name are the resource's type and name in its module;
	// ModuleAddress is the module instance (module.alerts, or "" for the
	// root module).
	Type, Name, ModuleAddress string
	Actions                   []string
	// After is the planned value, with every value after_unknown marks
	// as Dynamic. It is nil in a plan too large to keep every value's tree
	// (see Plan.Untreed).
	After *Node
	span  Range
	// Sensitive are the ranges of the values after_sensitive marks: they
	// may be read, but not shown.
	Sensitive []Range
}

// Range is the whole extent of the resource's planned value.
func (r *PlanResource) Range() Range { return r.span }

// readPlan reads the plan in f's tree, replaces the tree with the planned
// values (an Array, one item per resource), and sets Only to their ranges.
// A tree that is not a plan's (no format_version string and
// resource_changes array at its top) is left alone and nil returned: it is
// read as any JSON, since leaving text out of a file that is not a plan
// would hide what it holds. (A plan without resource_changes deploys
// nothing, and reading it as JSON loses nothing.)
func readPlan(f *File) *Plan {
	root := f.Root
	if root == nil || root.Kind != Object {
		return nil
	}
	changes := root.Get("resource_changes")
	if str(root.Get("format_version")) == "" || changes == nil || changes.Kind != Array {
		return nil
	}
	p := &Plan{FormatVersion: str(root.Get("format_version")), ModuleSources: map[string]string{}}
	moduleSources(root.Get("configuration").Get("root_module"), "", p.ModuleSources)
	kept := &Node{Kind: Array, Range: root.Range, Full: root.Full}
	f.Only = []Range{}
	for _, rc := range changes.Items {
		p.readChange(f, rc, kept, nil)
	}
	f.Root = kept
	return p
}

// readChange reads one resource change: unless it is deleted, its planned
// value becomes an item of kept, and its range part of f.Only and
// f.Deployed. With budget set, a value with more nodes than are left in it
// is not kept in the tree (its text is still read); it counts in Untreed.
func (p *Plan) readChange(f *File, rc, kept *Node, budget *int) {
	if rc.Kind != Object || str(rc.Get("mode")) == "data" {
		return
	}
	change := rc.Get("change")
	r := PlanResource{
		Address: str(rc.Get("address")), Type: str(rc.Get("type")), Name: str(rc.Get("name")),
		ModuleAddress: str(rc.Get("module_address")), Actions: strs(change.Get("actions")),
	}
	if len(r.Actions) == 1 && (r.Actions[0] == "delete" || r.Actions[0] == "forget") {
		p.Deleted++
		return
	}
	after := change.Get("after")
	if after == nil || after.Kind == Scalar && after.Str == "null" {
		return // nothing is deployed, or all of it is unknown
	}
	markUnknown(after, change.Get("after_unknown"))
	yamlTemplate(f.Src, after.Get("template_body"))
	r.Sensitive = sensitiveRanges(after, change.Get("after_sensitive"), nil)
	r.span = after.Full
	if budget != nil {
		n := countNodes(after)
		if n > *budget {
			p.Untreed++
			after = nil
		} else {
			*budget -= n
		}
	}
	if after != nil {
		r.After = after
		kept.Items = append(kept.Items, after)
	}
	p.Resources = append(p.Resources, r)
	f.Only = append(f.Only, r.span)
	f.Deployed = append(f.Deployed, Deployed{Kind: "Terraform resource", Name: r.Address, Range: r.span, Sensitive: r.Sensitive})
}

func countNodes(n *Node) int {
	c := 0
	Walk(n, func(*Node) bool { c++; return true })
	return c
}

// markUnknown turns the values of v that after_unknown marks true into
// Dynamic nodes: Terraform knows them only when it applies. A value being
// computed is written as null (or left out) in after.
func markUnknown(v, unknown *Node) {
	if v == nil || unknown == nil {
		return
	}
	switch unknown.Kind {
	case Object:
		if v.Kind != Object {
			return
		}
		for _, uf := range unknown.Fields {
			if uf.Value.Kind == Scalar && uf.Value.Str == "true" {
				if i := fieldIndex(v, uf.Key); i >= 0 {
					v.Fields[i].Value = dynamicAt(v.Fields[i].Value)
				}
				continue
			}
			markUnknown(v.Get(uf.Key), uf.Value)
		}
	case Array:
		if v.Kind != Array {
			return
		}
		for i, u := range unknown.Items {
			if i >= len(v.Items) {
				break
			}
			if u.Kind == Scalar && u.Str == "true" {
				v.Items[i] = dynamicAt(v.Items[i])
				continue
			}
			markUnknown(v.Items[i], u)
		}
	}
}

func dynamicAt(n *Node) *Node {
	return &Node{Kind: Dynamic, Str: "(known after apply)", Range: n.Range, Full: n.Full}
}

func fieldIndex(n *Node, key string) int {
	for i := len(n.Fields) - 1; i >= 0; i-- {
		if n.Fields[i].Key == key {
			return i
		}
	}
	return -1
}

// sensitiveRanges appends the ranges of v's values that sensitive marks
// true (true itself marks the whole value).
func sensitiveRanges(v, sensitive *Node, out []Range) []Range {
	if v == nil || sensitive == nil {
		return out
	}
	switch sensitive.Kind {
	case Scalar:
		if sensitive.Str == "true" {
			out = append(out, v.Full)
		}
	case Object:
		for _, sf := range sensitive.Fields {
			out = sensitiveRanges(v.Get(sf.Key), sf.Value, out)
		}
	case Array:
		if v.Kind == Array {
			for i, s := range sensitive.Items {
				if i < len(v.Items) {
					out = sensitiveRanges(v.Items[i], s, out)
				}
			}
		}
	}
	return out
}

// str is a String node's value, or "".
func str(n *Node) string {
	if n != nil && n.Kind == String {
		return n.Str
	}
	return ""
}

// strs is an Array of strings' values.
func strs(n *Node) []string {
	if n == nil || n.Kind != Array {
		return nil
	}
	out := make([]string, 0, len(n.Items))
	for _, it := range n.Items {
		out = append(out, str(it))
	}
	return out
}

// yamlTemplate reads a YAML template in a plan's template_body string (an
// aws_cloudformation_stack's, written with file() or yamlencode) as the
// string's document, with every range mapped back to the plan. A JSON
// template is one already (see jsonParser.string).
func yamlTemplate(src []byte, n *Node) {
	if n == nil || n.Kind != String || n.Doc != nil || n.Range.End > len(src) {
		return
	}
	d := unescape(src, n.Range, false)
	if d == nil {
		d = identity(src, n.Range)
	}
	if mayExceedTree(d.text) {
		return
	}
	sub := &File{Src: d.text, Format: YAML}
	parseYAML(sub, Options{})
	if sub.Err != nil || sub.Root == nil || sub.Root.Kind != Object {
		return // not a template: a string is only text
	}
	at := func(r Range) Range {
		if r == (Range{}) || r.End > len(d.text) || r.Start > r.End {
			return Range{}
		}
		return d.rangeOf(r.Start, r.End)
	}
	Walk(sub.Root, func(m *Node) bool {
		m.Range, m.Full = at(m.Range), at(m.Full)
		for i := range m.Fields {
			m.Fields[i].KeyRange = at(m.Fields[i].KeyRange)
		}
		return true
	})
	n.Doc = sub.Root
}
