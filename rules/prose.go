package rules

import (
	"sort"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// ProseKeys are the keys whose values are written for people, not read by
// a machine: a type under one is documentation (CategoryProse), reported
// at note with advice to update the text. They are matched ignoring case:
// CloudFormation writes Description, Terraform and Sigma description.
// Keys a rule reads (a pattern, a query, a filter, a value, a default)
// are never here.
var ProseKeys = []string{"comment", "comments", "description", "help", "notes", "remediation", "runbook", "summary", "title"}

func isProseKey(k string) bool {
	for _, p := range ProseKeys {
		if len(p) == len(k) && strings.EqualFold(k, p) { // the length first: it is called for every key
			return true
		}
	}
	return false
}

// proseRanges are the source ranges of the values under prose keys, in
// order and disjoint: a prose value's insides are prose too, and are not
// searched again.
func proseRanges(root *scanner.Node) []scanner.Range {
	var out []scanner.Range
	// The scanner bounds a tree's depth, so the recursion is bounded.
	var walk func(n *scanner.Node)
	walk = func(n *scanner.Node) {
		if n == nil {
			return
		}
		for _, f := range n.Fields {
			if isProseKey(f.Key) && f.Value != nil {
				out = append(out, extent(f.Value))
				continue
			}
			walk(f.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
		walk(n.Doc)
	}
	walk(root)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// extent is all of a value's source: its Full range where known, which
// holds the quotes, else its Range.
func extent(n *scanner.Node) scanner.Range {
	if n.Full != (scanner.Range{}) {
		return n.Full
	}
	return n.Range
}

// inProse reports whether a reference lies in the value of a prose key.
func (p *Pass) inProse(m Match) bool {
	if p.prose == nil {
		p.prose = proseRanges(p.File.Root)
		if p.prose == nil {
			p.prose = []scanner.Range{}
		}
	}
	return withinSorted(p.prose, m.Start, m.End)
}
