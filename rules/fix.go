package rules

import (
	"bytes"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// retiredFixes makes GDL001's fixes, by the range of the reference they
// resolve, and only where the reference is an exact value of a
// finding-type condition (an EventBridge pattern's detail.type, a GuardDuty
// filter criterion on type): a list elsewhere (a command line, Kubernetes
// args, [type, severity] pairs) can mean anything, and an edit there could
// change what it does. Within a condition, a fix never changes what the
// rule matches among types that occur, except to restore coverage where
// the user asked for it:
//
//   - a retired type the user's replace map names, or a renamed one (whose
//     new name AWS gives), is replaced with its mapping or new name (in
//     the same spelling) only where the rule alerts or routes on it: a value an EventBridge pattern allows. Never in an exclusion
//     (anything-but, not_equals ...), where the replacement would stop the
//     rule firing on a live type, and never in a GuardDuty filter or
//     suppression rule, where a dead archive rule would come alive and
//     archive live findings;
//   - otherwise the retired type is removed from its list, which changes
//     nothing the rule matches (the type never occurs), but only while the
//     list keeps an element that is not a retired type: an emptied list
//     can match every finding. Any subset of one list's removals is itself
//     safe, so an ignore directive that keeps one reference cannot make the
//     others unsafe.
//
// A type retired only after the catalog's date (upcoming) gets no fix: it
// still occurs. gdlint never guesses a replacement. Fixes need the file's
// tree, so a file that did not parse gets none; nor does a Terraform plan,
// which Terraform writes: the fix belongs in the configuration.
func retiredFixes(p *Pass) map[scanner.Range]SuggestedFix {
	f := p.File
	if f.Root == nil || f.Err != nil || f.Plan != nil || len(p.Matches) == 0 {
		return nil
	}
	retired := make(map[scanner.Range]*Retired, len(p.Matches)) // references that are a whole string
	for _, m := range p.Matches {
		if !p.Catalog.stillGenerated(m.Retired) { // else removing it would change what the rule matches
			retired[rangeOf(m)] = m.Retired
		}
	}
	fixes := map[scanner.Range]SuggestedFix{}
	removable := map[*scanner.Node]map[scanner.Range]*Retired{} // list → its items to remove
	var order []*scanner.Node
	for _, c := range p.Conditions {
		for _, o := range c.Operands {
			if o.Node.Kind != scanner.String || o.Op != OpEquals {
				continue
			}
			r := retired[o.Node.Range]
			if _, done := fixes[o.Node.Range]; r == nil || done {
				continue
			}
			to, ok := p.Replace[r.Type]
			why := "your replace: mapping"
			if !ok && r.RenamedTo != "" {
				to, ok, why = r.RenamedTo, true, "renamed by AWS"
			}
			if ok && c.Kind == KindEventBridge && !o.Negated {
				text := string(f.Src[o.Node.Range.Start:o.Node.Range.End])
				fixes[o.Node.Range] = SuggestedFix{
					Message: "replace " + text + " with " + respell(text, r.Type, to) + " (" + why + ")",
					Edits:   []TextEdit{{Range: o.Node.Range, NewText: respell(text, r.Type, to)}},
				}
				continue
			}
			if o.List == nil || len(o.List.Items) < 2 {
				continue
			}
			if removable[o.List] == nil {
				removable[o.List] = map[scanner.Range]*Retired{}
				order = append(order, o.List)
			}
			removable[o.List][o.Node.Range] = r
		}
	}
	for _, list := range order {
		removeFromList(f, list, removable[list], fixes)
	}
	return fixes
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
// each, so every subset of them is a well-formed edit. A comment on a
// removed element's line goes with it, and a comment on a kept element's
// line stays there: in a list written one element a line, a removed
// element's whole line is deleted. Otherwise an element with an element
// after it is deleted up to that next element, and the run of removed
// elements at the end takes the separator before each (trailingRemovals).
func removeFromList(f *scanner.File, list *scanner.Node, items map[scanner.Range]*Retired, fixes map[scanner.Range]SuggestedFix) {
	remove := make([]*Retired, len(list.Items))
	count := 0
	for i, it := range list.Items {
		if it.Kind != scanner.String {
			continue
		}
		if r := items[it.Range]; r != nil {
			remove[i] = r
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
	edits := make([][]TextEdit, len(list.Items))
	for i, r := range remove {
		if r == nil || i > lastKept && !list.BlockList {
			continue
		}
		it := list.Items[i]
		if list.BlockList {
			if del, ok := blockItemLines(f.Src, it.Full); ok {
				edits[i] = []TextEdit{{Range: del}}
			}
			continue
		}
		del := scanner.Range{Start: it.Full.Start, End: list.Items[i+1].Full.Start}
		if line, comma, ok := ownLine(f.Src, it.Full); ok && line.Contains(comma) {
			del = line // its separator and its comment with it
		} else if next, _, ok := ownLine(f.Src, list.Items[i+1].Full); ok {
			del.End = next.Start // the next element's line is its own
		}
		edits[i] = []TextEdit{{Range: del}}
	}
	if !list.BlockList {
		trailingRemovals(f.Src, list.Items, lastKept, edits)
	}
	for i, r := range remove {
		if r != nil && len(edits[i]) > 0 {
			fixes[list.Items[i].Range] = SuggestedFix{
				Message: "remove " + r.Type + " from the list",
				Edits:   edits[i],
			}
		}
	}
}

// trailingRemovals sets the edits of the elements after the last kept one,
// which has a separator after it that must not be left dangling, in one of
// three ways, each subset-safe:
//
//   - the list ends with a separator ("a", "b",) and each of these elements
//     is alone on its line: each one's whole line, its comment with it, so
//     the kept element's separator ends the list as one did before;
//   - every separator is known: each element takes the separator before it
//     (the kept element's, or the previous removed one's) and its own line
//     (or only its text, where it shares the line; with the blanks before
//     it, where only the separator stands between it and the previous
//     element), but not the separator after it, which the next one takes;
//   - else, as before: from the end of the previous element to its end.
func trailingRemovals(src []byte, items []*scanner.Node, lastKept int, edits [][]TextEdit) {
	n := len(items)
	lines := make([]scanner.Range, n)
	commas := make([]int, n)
	alone, known := true, true
	for i := lastKept; i < n; i++ {
		var ok bool
		lines[i], commas[i], ok = ownLine(src, items[i].Full)
		// Alone, with its separator (if any) on its line: deleting the line
		// leaves no separator behind.
		alone = alone && (i == lastKept || ok && (commas[i] < 0 && i == n-1 || lines[i].Contains(commas[i])))
		known = known && (commas[i] >= 0 || i == n-1)
	}
	for i := lastKept + 1; i < n; i++ {
		it := items[i].Full
		switch {
		case alone && commas[n-1] >= 0:
			edits[i] = []TextEdit{{Range: lines[i]}}
		case known && string(bytes.Trim(src[items[i-1].Full.End:it.Start], " \t")) == ",":
			// On the previous element's line, with nothing but its separator between.
			edits[i] = []TextEdit{{Range: scanner.Range{Start: items[i-1].Full.End, End: it.End}}}
		case known:
			body := it
			if lines[i] != (scanner.Range{}) {
				body = lines[i]
			}
			edits[i] = []TextEdit{{Range: scanner.Range{Start: commas[i-1], End: commas[i-1] + 1}}}
			if body.Contains(commas[i]) {
				edits[i] = append(edits[i],
					TextEdit{Range: scanner.Range{Start: body.Start, End: commas[i]}},
					TextEdit{Range: scanner.Range{Start: commas[i] + 1, End: body.End}})
			} else {
				edits[i] = append(edits[i], TextEdit{Range: body})
			}
		default:
			edits[i] = []TextEdit{{Range: scanner.Range{Start: items[i-1].Full.End, End: it.End}}}
		}
	}
}

// ownLine is the whole line of a list element that is alone on its line:
// nothing but blanks before it, and after it at most a separator, blanks
// and a comment (#, // or a /* */ closed on that line) up to the line's
// end, which the line includes. comma is the offset of the separator after
// the element, on this line or a later one, or -1 when the next thing
// after it is not one (a comment, a bracket). ok is false, with comma
// still set, when the element is not alone on its line.
func ownLine(src []byte, el scanner.Range) (line scanner.Range, comma int, ok bool) {
	comma = -1
	after := el.End
	for after < len(src) && (src[after] == ' ' || src[after] == '\t' || src[after] == '\r' || src[after] == '\n') {
		after++
	}
	if after < len(src) && src[after] == ',' {
		comma = after
	}
	start := bytes.LastIndexByte(src[:el.Start], '\n') + 1
	if len(bytes.Trim(src[start:el.Start], " \t")) != 0 {
		return scanner.Range{}, comma, false
	}
	nl := bytes.IndexByte(src[el.End:], '\n')
	if nl < 0 {
		return scanner.Range{}, comma, false
	}
	end := el.End + nl + 1
	rest := bytes.Trim(src[el.End:end], " \t\r\n")
	if len(rest) > 0 && rest[0] == ',' {
		rest = bytes.TrimLeft(rest[1:], " \t")
	}
	switch r := string(rest); { // compared, never kept: no copy
	case r == "", strings.HasPrefix(r, "#"), strings.HasPrefix(r, "//"):
	case strings.HasPrefix(r, "/*") && strings.Index(r, "*/") == len(r)-2:
	default:
		return scanner.Range{}, comma, false
	}
	return scanner.Range{Start: start, End: end}, comma, true
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

// ApplyFixes applies the first fix of each diagnostic (a diagnostic's
// fixes are alternatives) to src, each fix whole or not at all: a fix with
// an edit that overlaps an edit of a fix already taken is left out, all
// its edits with it. Where two fixes conflict, the one whose first
// conflicting edit starts first wins, and the loser is not retried. It returns the new source and the
// diagnostics whose fix was applied.
func ApplyFixes(src []byte, diags []Diagnostic) ([]byte, []Diagnostic) {
	type edit struct {
		TextEdit
		diag int
	}
	var edits []edit
	for i, d := range diags {
		if len(d.Fixes) == 0 {
			continue
		}
		for _, e := range d.Fixes[0].Edits {
			edits = append(edits, edit{e, i})
		}
	}
	if len(edits) == 0 {
		return src, nil
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Range.Start < edits[j].Range.Start })
	// Sweep the edits in order, leaving out the fix of each edit that
	// overlaps one taken before it. Leaving a fix out takes back its edits
	// taken earlier in the sweep, so sweep again until a sweep leaves
	// nothing more out; a fix left out stays out, so this ends. With one
	// edit a fix, as gdlint's rules make them, the second sweep only
	// confirms the first.
	left := map[int]bool{}
	for changed := true; changed; {
		changed = false
		end := 0
		for _, e := range edits {
			if left[e.diag] {
				continue
			}
			if e.Range.Start < end {
				left[e.diag], changed = true, true
				continue
			}
			end = max(end, e.Range.End)
		}
	}
	var out bytes.Buffer
	pos := 0
	for _, e := range edits {
		if left[e.diag] {
			continue
		}
		out.Write(src[pos:e.Range.Start])
		out.WriteString(e.NewText)
		pos = e.Range.End
	}
	out.Write(src[pos:])
	var fixed []Diagnostic
	for i, d := range diags {
		if len(d.Fixes) > 0 && !left[i] {
			fixed = append(fixed, d)
		}
	}
	return out.Bytes(), fixed
}
