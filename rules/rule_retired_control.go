package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// RetiredControl (GDL009) reports a Security Hub control AWS retired
// (rules/data/controls.json) named where it is enabled, disabled or its
// findings are matched: a retired control runs no checks and produces no
// findings, so enabling or matching it does nothing (an error: the
// automation waits for findings that never come), and disabling it does
// nothing either (a warning: dead configuration, harmless). A short ID
// such as S3.4 is read only where the context makes it a control: under
// a key that holds one (SecurityControlId, controlsToDisable,
// standards_control_arn, …), in a form only a control has
// (security-control/S3.4, …/v/1.0.0/S3.4), or as a whole string literal
// in code that names Security Hub.
var RetiredControl = &Rule{
	ID:               "GDL009",
	Name:             "retired-control",
	Short:            "Security Hub control AWS retired: enabling, disabling or matching it does nothing",
	SecuritySeverity: "5.0",
	Precision:        "high",
	Tags:             []string{"security", "securityhub", "dead-code", "detection-gap"},
	Run:              runRetiredControl,
}

// controlKeys hold a security control ID (or a standard's control ARN)
// whose findings are matched or whose control is configured: a
// retired one there is a live value.
var controlKeys = []string{
	"SecurityControlId", "security_control_id", "securityControlId",
	"ComplianceSecurityControlId", "compliance_security_control_id",
	"StandardsControlArn", "standards_control_arn", "standardsControlArn",
	"EnabledSecurityControlIdentifiers", "enabled_control_identifiers",
	"expected_control_id", // automated-security-response's playbooks
}

// disableKeys hold controls to disable: a retired one there is dead
// configuration. Below any other key with "disable" in its name, a
// control's form (an ARN, security-control/…) is read as disabled too; a
// bare ID there is not read (the key does not make it a control).
var disableKeys = []string{
	"controlsToDisable", "controls-to-disable", "controls_to_disable",
	"DisabledSecurityControlIdentifiers", "disabled_control_identifiers",
	"DisabledStandardsControls",
}

// statusKeys say whether a control resource enables or disables it.
var statusKeys = []string{"control_status", "ControlStatus", "association_status", "AssociationStatus"}

// excludingComparisons are automation rules' and insights' comparisons
// that exclude what they name.
var excludingComparisons = []string{"NOT_EQUALS", "PREFIX_NOT_EQUALS", "NOT_CONTAINS"}

// controlCtx is what the keys above a value say of it.
type controlCtx struct {
	known    bool // under a key that holds a control
	disabled bool // in a disable list, a disabled control, or an exclusion
}

// controlHit is one retired control found in the file.
type controlHit struct {
	r   scanner.Range
	c   *ControlRetirement
	cat Category
	fix *SuggestedFix
}

func runRetiredControl(p *Pass) {
	// Every reference holds a retired control's ID and is written with
	// one of controlWords (unless an escape hides it): most files that
	// other rules parse have neither.
	if !mayHoldControl(p.File.Src, p.File.Prose) {
		return
	}
	var hits []controlHit
	if p.File.Root != nil {
		w := controlWalk{p: p}
		w.node(p.File.Root, controlCtx{})
		hits = w.hits
		if p.File.Only == nil { // a plan has no comments, and its other copies are not read
			for _, ref := range controlForms(p.File.Src) {
				if p.File.InComment(ref.Start) {
					hits = append(hits, controlHit{r: scanner.Range{Start: ref.Start, End: ref.End}, c: ref.Control, cat: CategoryComment})
				}
			}
		}
	} else {
		hits = p.textControls()
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].r.Start < hits[j].r.Start })
	last := -1
	for _, h := range hits {
		if h.r.Start < last {
			continue // found twice (a nested document's text): once is enough
		}
		last = h.r.End
		p.reportControl(h)
	}
}

// textControls reads a file without a tree (code, documents, a file that
// did not parse): the forms only a control has anywhere, and in code that
// names Security Hub, a string literal that is a whole control ID.
func (p *Pass) textControls() []controlHit {
	src := p.File.Src
	var hits []controlHit
	textCat := func(off int) Category {
		switch {
		case p.File.InComment(off):
			return CategoryComment
		case p.File.Prose:
			return CategoryProse
		case p.File.Format.IsCode():
			return CategoryCode
		}
		return CategoryValue
	}
	for _, ref := range controlForms(src) {
		hits = append(hits, controlHit{r: scanner.Range{Start: ref.Start, End: ref.End}, c: ref.Control, cat: textCat(ref.Start)})
	}
	if !p.File.Format.IsCode() || !namesSecurityHub(src) {
		return hits
	}
	for i := 0; i < len(src); i++ {
		q := src[i]
		if q != '"' && q != '\'' && q != '`' {
			continue
		}
		end := controlIDEnd(src, i+1)
		if end < 0 || end >= len(src) || src[end] != q {
			continue
		}
		c := retiredControls()[string(src[i+1:end])]
		if c != nil && !p.File.InComment(i+1) {
			hits = append(hits, controlHit{r: scanner.Range{Start: i + 1, End: end}, c: c, cat: CategoryCode})
		}
		i = end
	}
	return hits
}

// mayHoldControl reports whether src may hold a retired control GDL009
// reports: one of the retired controls' IDs, with its context (one of
// controlWords, or Security Hub's name in any case, as namesSecurityHub
// reads it), unless an escape hides either (mayHideWord: a hex escape, an
// escaped line break, or JSON's "\/" after a word's stem, as in
// "control\/cis-aws-foundations-benchmark\/v\/1.2.0\/1.1").
func mayHoldControl(src []byte, prose bool) bool {
	if mayHideWord(src, prose) {
		return true
	}
	return retiredControlIDs.in(src) && (controlSignals.in(src) || namesSecurityHub(src))
}

// namesSecurityHub reports whether code names Security Hub (its SDK
// client, its API, its name): only then is a string "S3.4" a control.
func namesSecurityHub(src []byte) bool {
	for _, w := range []string{"securityhub", "security hub", "security_hub", "security-hub"} {
		if containsFold(src, w) {
			return true
		}
	}
	return false
}

// ocsfControlFilter reports whether n is a Security Hub V2 (OCSF) string
// filter on a finding's control, {"FieldName": "compliance.control",
// "Filter": {"Comparison": …, "Value": "S3.4"}}, as automation rules V2 and
// GetFindingsV2 write them: its Filter's Value is a security control ID.
func ocsfControlFilter(n *scanner.Node) bool {
	f, ok := n.Field("FieldName")
	v := f.Value.Value()
	return ok && v != nil && v.Kind == scanner.String && v.Str == "compliance.control"
}

// controlWalk reads a file's tree for retired controls, with what the
// keys above each value say of it.
type controlWalk struct {
	p     *Pass
	hits  []controlHit
	fixes map[scanner.Range]*SuggestedFix // removals from disable lists, by element
}

// node visits n. The scanner bounds a tree's depth, so the recursion is
// bounded.
func (w *controlWalk) node(n *scanner.Node, ctx controlCtx) {
	if n == nil {
		return
	}
	switch n.Kind {
	case scanner.Object:
		if objectDisables(n) {
			ctx.disabled = true
		}
		ocsf := ocsfControlFilter(n)
		for _, f := range n.Fields {
			fc := ctx
			switch {
			case ocsf && f.Key == "Filter":
				fc.known = true
			case keyIn(f.Key, controlKeys):
				fc.known = true
			case keyIn(f.Key, disableKeys):
				fc.known, fc.disabled = true, true
				if v := f.Value.Value(); v != nil && v.Kind == scanner.Array {
					w.list(v)
				}
			case f.Key == "anything-but" || keyHolds(f.Key, "disable"):
				fc.disabled = true // what is found below (a control's form) is excluded or disabled
			}
			w.node(f.Value, fc)
		}
	case scanner.Array:
		for _, it := range n.Items {
			w.node(it, ctx)
		}
	case scanner.String:
		if n.Doc == nil { // else the document it holds is read, with its keys
			w.str(n, ctx)
		}
	case scanner.Dynamic:
		for _, ref := range controlForms(w.p.File.Src[n.Range.Start:n.Range.End]) {
			w.add(scanner.Range{Start: n.Range.Start + ref.Start, End: n.Range.Start + ref.End}, ref.Control, ctx, nil)
		}
	}
	if n.Doc != nil {
		w.node(n.Doc, ctx)
	}
}

// str reads one string: a whole control ID under a key that holds one,
// or the forms only a control has, anywhere.
func (w *controlWalk) str(n *scanner.Node, ctx controlCtx) {
	if ctx.known {
		if c := bareControl(n.Str); c != nil {
			w.add(n.Range, c, ctx, nil)
			return
		}
	}
	// The forms as the source writes them, at their exact place, also in
	// a string whose value differs from its text only around them (a
	// folded YAML scalar); only a form that escapes spell out is reported
	// on the whole string.
	raw := w.p.File.Src[n.Range.Start:n.Range.End]
	if refs := controlForms(raw); len(refs) > 0 {
		for _, ref := range refs {
			w.add(scanner.Range{Start: n.Range.Start + ref.Start, End: n.Range.Start + ref.End}, ref.Control, ctx, nil)
		}
		return
	}
	if string(raw) == n.Str {
		return
	}
	if refs := controlForms([]byte(n.Str)); len(refs) > 0 {
		w.add(n.Range, refs[0].Control, ctx, nil) // escaped: the whole string
	}
}

// list gives the removal fix to each retired control written alone in a
// disable list, where removing it cannot change what the list does.
func (w *controlWalk) list(arr *scanner.Node) {
	items := map[scanner.Range]*Retired{}
	for _, it := range arr.Items {
		if it.Kind == scanner.String {
			if c := bareControl(it.Str); c != nil && string(w.p.File.Src[it.Range.Start:it.Range.End]) == c.ID {
				items[it.Range] = &Retired{Type: c.ID}
			}
		}
	}
	if len(items) == 0 {
		return
	}
	fixes := map[scanner.Range]SuggestedFix{}
	removeFromList(w.p.File, arr, items, fixes)
	for r, fx := range fixes {
		fx := fx
		if w.fixes == nil {
			w.fixes = map[scanner.Range]*SuggestedFix{}
		}
		w.fixes[r] = &fx
	}
}

func (w *controlWalk) add(r scanner.Range, c *ControlRetirement, ctx controlCtx, fix *SuggestedFix) {
	if o := w.p.File.Only; o != nil && !withinSorted(o, r.Start, r.End) {
		return
	}
	cat := w.p.patternCategory(r)
	if ctx.disabled && (cat == CategoryValue || cat == CategoryCode) {
		cat = CategoryExclusion
	}
	w.hits = append(w.hits, controlHit{r: r, c: c, cat: cat, fix: w.fixes[r]})
}

// objectDisables reports whether an object disables the control it
// names (control_status = "DISABLED") or excludes what it compares
// (Comparison NOT_EQUALS).
func objectDisables(n *scanner.Node) bool {
	for _, f := range n.Fields {
		v := f.Value.Value()
		if v == nil || v.Kind != scanner.String {
			continue
		}
		if keyIn(f.Key, statusKeys) && strings.EqualFold(v.Str, "DISABLED") {
			return true
		}
		if strings.EqualFold(f.Key, "comparison") && keyIn(strings.ToUpper(v.Str), excludingComparisons) {
			return true
		}
	}
	return false
}

// keyHolds reports whether key holds word (lower case) in any case,
// without allocating: it runs for every key of a file's tree.
func keyHolds(key, word string) bool {
	for i := 0; i+len(word) <= len(key); i++ {
		if strings.EqualFold(key[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

func keyIn(k string, keys []string) bool {
	for _, x := range keys {
		if k == x {
			return true
		}
	}
	return false
}

// reportControl reports one hit at its category, as the catalog's date
// makes it: retired, upcoming (a notice given, the date ahead: live
// values only), or not yet announced (nothing).
func (p *Pass) reportControl(h controlHit) {
	c, cat := h.c, h.cat
	date := p.Catalog.Date()
	upcoming := date != "" && c.Retired > date
	if upcoming {
		if c.Notice == "" || c.Notice > date || cat != CategoryValue && cat != CategoryCode {
			return
		}
		cat = CategoryUpcoming
	}
	d := Diagnostic{Category: cat, Range: h.r, Message: controlMessage(c, cat)}
	if h.fix != nil && cat == CategoryExclusion && !bytes.ContainsAny(p.File.Src[h.r.Start:h.r.End], "\\") {
		d.Fixes = []SuggestedFix{*h.fix}
	}
	p.Report(d)
}

// controlMessage says which control, that AWS retired it and when, and
// what that means where it is named.
func controlMessage(c *ControlRetirement, cat Category) string {
	switch cat {
	case CategoryUpcoming:
		return fmt.Sprintf("Security Hub control %s is to be retired by AWS on %s (notice %s): from then it produces no findings; plan to remove it (AWS names no replacement)", c.ID, c.Retired, c.Notice)
	case CategoryExclusion:
		return fmt.Sprintf("Security Hub control %s was retired by AWS on %s: disabling or excluding it does nothing (harmless, dead configuration); remove it", c.ID, c.Retired)
	case CategoryValue, CategoryCode:
		return fmt.Sprintf("Security Hub control %s was retired by AWS on %s: it runs no checks and produces no findings, so this never matches or enables anything; remove it (AWS names no replacement)", c.ID, c.Retired)
	}
	return fmt.Sprintf("Security Hub control %s was retired by AWS on %s; update the text", c.ID, c.Retired)
}
