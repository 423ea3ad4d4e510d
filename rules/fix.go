package rules

import (
	"bytes"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// addFixes attaches fixes to GDL001 diagnostics, and only where the
// reference is an exact value of a finding-type condition (an EventBridge
// pattern's detail.type, a GuardDuty filter criterion on type): a list
// elsewhere (a command line, Kubernetes args, [type, severity] pairs) can
// mean anything, and an edit there could change what it does. Within a
// condition, a fix never changes what the rule matches among types that
// occur, except to restore coverage where the user asked for it:
//
//   - a retired type the user's replace map names is replaced with its
//     mapping (in the same spelling) only where the rule alerts or routes
//     on it: a value an EventBridge pattern allows. Never in an exclusion
//     (anything-but, not_equals ...), where the replacement would stop the
//     rule firing on a live type, and never in a GuardDuty filter or
//     suppression rule, where a dead archive rule would come alive and
//     archive live findings;
//   - otherwise the retired type is removed from its list, which changes
//     nothing the rule matches (the type never occurs), but only while the
//     list keeps another element: an emptied list can match every finding.
//
// gdlint never guesses a replacement. Fixes need the file's tree, so a file
// that did not parse gets none.
func addFixes(f *scanner.File, conds []Condition, diags []Diagnostic, replace map[string]string) {
	if f.Root == nil || f.Err != nil {
		return
	}
	byRange := map[scanner.Range]*Diagnostic{}
	for i := range diags {
		if d := &diags[i]; d.Rule == RetiredFindingType {
			byRange[d.Range] = d
		}
	}
	if len(byRange) == 0 {
		return
	}
	removable := map[*scanner.Node]map[int]*Diagnostic{} // list → its items to remove, by start
	var order []*scanner.Node
	for _, c := range conds {
		for _, o := range c.Operands {
			if o.Node.Kind != scanner.String || o.Op != OpEquals {
				continue
			}
			d := byRange[o.Node.Range]
			if d == nil || len(d.Fixes) > 0 {
				continue
			}
			if to, ok := replace[d.FindingType]; ok && c.Kind == KindEventBridge && !o.Negated {
				text := string(f.Src[d.Range.Start:d.Range.End])
				d.Fixes = append(d.Fixes, SuggestedFix{
					Message: "replace " + text + " with " + respell(text, d.FindingType, to) + " (your replace: mapping)",
					Edits:   []TextEdit{{Range: d.Range, NewText: respell(text, d.FindingType, to)}},
				})
				continue
			}
			if o.List == nil || len(o.List.Items) < 2 {
				continue
			}
			if removable[o.List] == nil {
				removable[o.List] = map[int]*Diagnostic{}
				order = append(order, o.List)
			}
			removable[o.List][o.Node.Range.Start] = d
		}
	}
	for _, list := range order {
		removeFromList(f, list, removable[list])
	}
}

// respell writes to in the spelling text uses for from: canonical, or
// Security Hub's with '-' or '.' for the '/'.
func respell(text, from, to string) string {
	if text == from {
		return to
	}
	for i, s := range SecurityHubSpellings(from) {
		if text == s {
			return SecurityHubSpellings(to)[i]
		}
	}
	return to
}

// removeFromList gives a removal fix to every element of list that is a
// whole retired type, unless that would empty the list. The deleted ranges
// are disjoint and together remove exactly the elements and one separator
// each: an element with an element after it is deleted up to that next
// element; the run of removed elements at the end is deleted from the end
// of the last kept element.
func removeFromList(f *scanner.File, list *scanner.Node, diags map[int]*Diagnostic) {
	remove := make([]*Diagnostic, len(list.Items))
	count := 0
	for i, it := range list.Items {
		if it.Kind != scanner.String {
			continue
		}
		if d := diags[it.Range.Start]; d != nil && d.Range == it.Range {
			remove[i] = d
			count++
		}
	}
	if count == 0 || count == len(list.Items) {
		return
	}
	for _, it := range list.Items {
		if it.Full == (scanner.Range{}) && !list.BlockList {
			return // an element whose exact extent is unknown: no safe edit
		}
	}
	lastKept := -1
	for i := range list.Items {
		if remove[i] == nil {
			lastKept = i
		}
	}
	prevEnd := list.Items[lastKept].Full.End
	for i, d := range remove {
		if d == nil {
			continue
		}
		it := list.Items[i]
		var r scanner.Range
		switch {
		case list.BlockList:
			var ok bool
			if r, ok = blockItemLines(f.Src, it.Full); !ok {
				continue
			}
		case i < lastKept:
			r = scanner.Range{Start: it.Full.Start, End: list.Items[i+1].Full.Start}
		default:
			r = scanner.Range{Start: prevEnd, End: it.Full.End}
			prevEnd = it.Full.End
		}
		d.Fixes = append(d.Fixes, SuggestedFix{
			Message: "remove " + d.FindingType + " from the list",
			Edits:   []TextEdit{{Range: r}},
		})
	}
}

// blockItemLines is the whole line of a YAML block-sequence item, "- item",
// its line ending included; ok is false unless the line holds the item alone.
func blockItemLines(src []byte, item scanner.Range) (scanner.Range, bool) {
	start := bytes.LastIndexByte(src[:item.Start], '\n') + 1
	if strings.TrimSpace(string(src[start:item.Start])) != "-" {
		return scanner.Range{}, false
	}
	end := len(src)
	if nl := bytes.IndexByte(src[item.End:], '\n'); nl >= 0 {
		end = item.End + nl + 1
	}
	rest := strings.TrimSpace(string(src[item.End:end]))
	if rest != "" && !strings.HasPrefix(rest, "#") {
		return scanner.Range{}, false
	}
	return scanner.Range{Start: start, End: end}, true
}

// ApplyFixes applies the edits of every fix to src. Edits are applied in
// order; one that overlaps an earlier one is skipped. It returns the new
// source and the diagnostics whose fixes were applied whole.
func ApplyFixes(src []byte, diags []Diagnostic) ([]byte, []Diagnostic) {
	type edit struct {
		TextEdit
		diag int
	}
	var edits []edit
	for i, d := range diags {
		for _, fx := range d.Fixes {
			for _, e := range fx.Edits {
				edits = append(edits, edit{e, i})
			}
		}
	}
	if len(edits) == 0 {
		return src, nil
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Range.Start < edits[j].Range.Start })
	skipped := map[int]bool{}
	var out bytes.Buffer
	pos := 0
	for _, e := range edits {
		if e.Range.Start < pos || skipped[e.diag] {
			skipped[e.diag] = true
			continue
		}
		out.Write(src[pos:e.Range.Start])
		out.WriteString(e.NewText)
		pos = e.Range.End
	}
	out.Write(src[pos:])
	var fixed []Diagnostic
	for i, d := range diags {
		if len(d.Fixes) > 0 && !skipped[i] {
			fixed = append(fixed, d)
		}
	}
	return out.Bytes(), fixed
}
