package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// PreConsolidationControlID (GDL007) reports a Security Hub control
// identifier that consolidated control findings do not carry: a
// standard's GeneratorId (aws-foundational-security-best-practices/v/1.0.0/EC2.6,
// where consolidated findings carry security-control/EC2.6), an ARN-form
// GeneratorId no finding ever carried (arn:aws:securityhub:::ruleset/...
// for a standard other than CIS v1.2.0), and a standard-specific control
// ID (PCI.EC2.6) in a Compliance.SecurityControlId condition. The mapping
// is AWS's (rules/data/consolidation.json).
var PreConsolidationControlID = &Rule{
	ID:               "GDL007",
	Name:             "pre-consolidation-control-id",
	Short:            "Security Hub control identifier that consolidated control findings do not carry",
	SecuritySeverity: "5.5",
	Precision:        "high",
	Tags:             []string{"security", "securityhub", "eventbridge", "detection-gap"},
	Run:              runPreConsolidation,
}

// RemovedProductField (GDL008) reports a ProductFields key consolidated
// control findings no longer have (StandardsControlArn), read by an
// EventBridge pattern, an automation rule's or insight's ProductFields
// filter, or code.
var RemovedProductField = &Rule{
	ID:               "GDL008",
	Name:             "removed-product-field",
	Short:            "Security Hub ProductFields key that consolidated control findings no longer have",
	SecuritySeverity: "5.5",
	Precision:        "high",
	Tags:             []string{"security", "securityhub", "eventbridge", "detection-gap"},
	Run:              runRemovedProductField,
}

// The values of Account.ControlFindingGenerator.
const (
	consolidatedFindings = "SECURITY_CONTROL"
	standardFindings     = "STANDARD_CONTROL"
)

// consolidationCategory is the category of a reference at r whose effect
// the account's ControlFindingGenerator decides: a mention (prose, a
// comment, a sample) is one whatever the setting; a live value is a
// setting where the setting is unknown, a value (or code) where the
// account emits consolidated findings, and nothing (ok false) where it
// emits a finding per standard, for which the old identifiers still match.
func (p *Pass) consolidationCategory(r scanner.Range) (Category, bool) {
	cat := p.mentionCategory(r)
	if cat != CategoryValue && cat != CategoryCode {
		return cat, true
	}
	switch p.Account.ControlFindingGenerator {
	case consolidatedFindings:
		return cat, true
	case standardFindings:
		return 0, false
	}
	return CategorySetting, true
}

// mentionCategory is what the text at r is: prose, a comment, a sample,
// code or a live value.
func (p *Pass) mentionCategory(r scanner.Range) Category {
	m := Match{Start: r.Start, End: r.End}
	switch {
	case p.File.Prose:
		return CategoryProse
	case p.File.InComment(r.Start):
		return CategoryComment
	case p.inSample(m):
		return CategorySample
	case p.inProse(m):
		return CategoryProse
	case p.File.Format.IsCode():
		return CategoryCode
	}
	return CategoryValue
}

// genIDByte are the bytes a GeneratorId is written with.
var genIDByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '/' || c == '-' || c == '_'
	}
	return t
}()

// genRef is a GeneratorId written in a file.
type genRef struct {
	r    scanner.Range
	id   string // as the page writes it (an ARN for CIS v1.2.0)
	kind int    // refOld, refPrefix or refNever
	// carried is, for refNever, the GeneratorId findings carried before
	// consolidation for the control the ARN names.
	carried string
}

const (
	refOld    = iota // a pre-consolidation GeneratorId
	refPrefix        // a standard's GeneratorId prefix: no consolidated GeneratorId begins with it
	refNever         // an ARN-form GeneratorId no finding ever carried
)

// generatorRefs finds the GeneratorIds in src: every place a standard's
// name is written ("pci-dss/v/"), read to the end of its token, whole (a
// StandardsControlArn's "control/aws-foundational-..." or a FindingId's
// "subscription/..." is no GeneratorId and is passed over), and looked up
// in AWS's table.
func generatorRefs(src []byte, only []scanner.Range) []genRef {
	var out []genRef
	for _, std := range consolidationData().standards {
		for off := 0; ; {
			i := bytes.Index(src[off:], []byte(std))
			if i < 0 {
				break
			}
			at := off + i
			end := at
			for end < len(src) && genIDByte[src[end]] {
				end++
			}
			// The next search starts past this token: a token that repeats
			// a standard's name is read once, not once for each repeat.
			off = max(end, at+len(std))
			for end > at && src[end-1] == '.' {
				end-- // a sentence's full stop
			}
			if end < len(src) && src[end] == ':' {
				continue // part of something longer
			}
			if ref, ok := genRefAt(src, at, end); ok && inOnly(only, ref.r) {
				out = append(out, ref)
			}
		}
	}
	return out
}

// inOnly reports whether r lies in one of only (nil: everywhere).
func inOnly(only []scanner.Range, r scanner.Range) bool {
	if only == nil {
		return true
	}
	for _, o := range only {
		if o.Start <= r.Start && r.End <= o.End {
			return true
		}
	}
	return false
}

// genRefAt reads the GeneratorId whose standard part is src[at:end].
func genRefAt(src []byte, at, end int) (genRef, bool) {
	id := string(src[at:end])
	start := at
	arn := bytes.HasSuffix(src[:at], []byte(arnRuleset))
	if arn {
		// "arn:aws:securityhub:::ruleset/", or a piece of an Fn::Join
		// after "arn:" and the partition (":securityhub:::ruleset/").
		start = at - len(arnRuleset)
		p := start
		for p > 0 && ('a' <= src[p-1] && src[p-1] <= 'z' || src[p-1] == '-') {
			p--
		}
		if p >= 4 && string(src[p-4:p]) == "arn:" {
			start = p - 4
		}
	}
	if start > 0 && (genIDByte[src[start-1]] || src[start-1] == ':') {
		return genRef{}, false // inside a longer token
	}
	r := scanner.Range{Start: start, End: end}
	if !arn {
		if consolidationData().isOld(id) {
			return genRef{r: r, id: id, kind: refOld}, true
		}
		if consolidationData().prefixes[id] {
			return genRef{r: r, id: id, kind: refPrefix}, true
		}
		// Part of a standard's GeneratorIds: a prefix or wildcard pattern
		// ("…/v/1.0.0/EC2.", "…/v/1.0.0/*"), or a control the page's table
		// does not list. No consolidated GeneratorId begins with it.
		if std := standardPrefix(id); std != "" && consolidationData().prefixes[std] {
			return genRef{r: r, id: id, kind: refPrefix}, true
		}
		return genRef{}, false
	}
	full := "arn:aws" + arnRuleset + id
	if consolidationData().isOld(full) {
		return genRef{r: r, id: full, kind: refOld}, true
	}
	if consolidationData().prefixes[full] {
		return genRef{r: r, id: full, kind: refPrefix}, true
	}
	for _, carried := range []string{id, strings.Replace(id, "/rule/", "/", 1)} {
		if consolidationData().isOld(carried) {
			return genRef{r: r, id: id, kind: refNever, carried: carried}, true
		}
	}
	// A control the page's table does not list (it lists the controls of
	// February 2023), of a standard whose GeneratorIds are no ARNs.
	carried := strings.Replace(id, "/rule/", "/", 1)
	if std := standardPrefix(carried); consolidationData().prefixes[std] && len(carried) > len(std) {
		return genRef{r: r, id: id, kind: refNever, carried: carried}, true
	}
	return genRef{}, false
}

func runPreConsolidation(p *Pass) {
	if !p.mayHoldConsolidation() {
		return
	}
	fixes, covered := p.generatorFixes()
	for _, ref := range generatorRefs(p.File.Src, p.File.Only) {
		var d Diagnostic
		switch ref.kind {
		case refNever:
			cat := p.mentionCategory(ref.r)
			d = Diagnostic{Category: cat, Range: ref.r, Message: neverCarriedMessage(ref)}
		default:
			cat, ok := p.consolidationCategory(ref.r)
			if !ok || covered[ref.r] && cat == CategorySetting {
				continue // the old value still matches, or its consolidated value is beside it
			}
			d = Diagnostic{Category: cat, Range: ref.r, Message: p.generatorMessage(ref, cat)}
			if fx, ok := fixes[ref.r]; ok && (cat == CategorySetting || cat == CategoryValue) {
				d.Fixes = []SuggestedFix{fx}
			}
		}
		p.Report(d)
	}
	p.standardControlIDs()
}

// mayHoldConsolidation reports whether src may hold what GDL007 and GDL008
// report: each is written with one of consolidationWords (a standard's
// GeneratorId path, a security control ID key, ProductFields), unless an
// escape hides it. A file parsed for other rules (a GuardDuty rule) with
// none of them is not scanned for GeneratorIds, a pass per standard.
func mayHoldConsolidation(src []byte, prose bool) bool {
	return consolidationWords.in(src) || mayHideWord(src, prose)
}

// mayHoldConsolidation is mayHoldConsolidation of the pass's file, worked
// out once for GDL007 and GDL008.
func (p *Pass) mayHoldConsolidation() bool {
	if p.file == nil {
		return mayHoldConsolidation(p.File.Src, p.File.Prose)
	}
	if !p.file.consolidationRead {
		p.file.consolidation, p.file.consolidationRead = mayHoldConsolidation(p.File.Src, p.File.Prose), true
	}
	return p.file.consolidation
}

// generatorMessage says what consolidated findings carry instead.
func (p *Pass) generatorMessage(ref genRef, cat Category) string {
	var b strings.Builder
	if ref.kind == refPrefix {
		fmt.Fprintf(&b, "%q begins only pre-consolidation GeneratorIds; consolidated control findings' GeneratorIds begin %q", ref.id, securityControlPrefix)
	} else {
		news := consolidationData().news(ref.id)
		fmt.Fprintf(&b, "GeneratorId %q is a pre-consolidation one; consolidated control findings carry %s", ref.id, quoteAll(news))
		if !consolidationData().oneToOne()[ref.id] {
			b.WriteString(" (AWS's mapping is not one-to-one here)")
		}
	}
	switch cat {
	case CategorySetting:
		b.WriteString("; it matches only where the account's ControlFindingGenerator is STANDARD_CONTROL")
	case CategoryValue, CategoryCode:
		b.WriteString("; this account emits consolidated findings, so it never matches")
	}
	return b.String()
}

// neverCarriedMessage says which GeneratorId findings carry instead of an
// ARN no finding carries (automated-security-response #171).
func neverCarriedMessage(ref genRef) string {
	after := "its security-control/ value"
	if news := consolidationData().news(ref.carried); news != nil {
		after = quoteAll(news)
	}
	return fmt.Sprintf("no finding carries GeneratorId %q: only CIS v1.2.0's GeneratorIds are ARNs; this control's is %q before consolidation and %s after",
		"arn:…"+arnRuleset+ref.id, ref.carried, after)
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, " or ")
}

// generatorFixes makes GDL007's fixes: in an EventBridge pattern's
// GeneratorId list, a pre-consolidation GeneratorId that AWS maps one to
// one gets its consolidated GeneratorId added beside it, so that the rule
// matches under either setting (replacing it would stop the rule where
// the account still emits a finding per standard). covered are the
// pre-consolidation GeneratorIds whose consolidated value the list
// already holds. Only a list of double-quoted strings, written as the
// source has them (JSON, HCL, a YAML flow sequence), is edited; an
// automation rule is not (its actions may suppress: widening it would
// hide findings).
func (p *Pass) generatorFixes() (fixes map[scanner.Range]SuggestedFix, covered map[scanner.Range]bool) {
	fixes, covered = map[scanner.Range]SuggestedFix{}, map[scanner.Range]bool{}
	f := p.File
	if f.Root == nil || f.Err != nil || f.Plan != nil {
		return
	}
	for _, n := range p.eventPatterns() {
		scanner.Walk(n, func(m *scanner.Node) bool {
			list := m.Get("GeneratorId").Value()
			if m.Kind != scanner.Object || list == nil || list.Kind != scanner.Array {
				return true
			}
			have := map[string]bool{}
			for _, it := range list.Items {
				if it.Kind == scanner.String {
					have[it.Str] = true
				}
			}
			planned := map[string]bool{}
			for _, it := range list.Items {
				if it.Kind != scanner.String {
					continue
				}
				news := consolidationData().news(it.Str)
				if news == nil {
					continue
				}
				r := it.Range
				if planned[news[0]] {
					continue // another old value of the same control: the fix that adds it resolves this one too
				}
				if have[news[0]] {
					covered[r] = true
					continue
				}
				if !consolidationData().oneToOne()[it.Str] || list.BlockList || !plainQuoted(f.Src, it) {
					continue
				}
				planned[news[0]] = true
				fixes[r] = SuggestedFix{
					Message: fmt.Sprintf("add %s beside it", news[0]),
					Edits:   []TextEdit{{Range: scanner.Range{Start: it.Full.End, End: it.Full.End}, NewText: fmt.Sprintf(", %q", news[0])}},
				}
			}
			return true
		})
	}
	return
}

// plainQuoted reports whether a String node is written "as is", in
// double quotes with nothing escaped: then a value written beside it in
// the same way means what it says.
func plainQuoted(src []byte, n *scanner.Node) bool {
	return n.Full.Start == n.Range.Start-1 && n.Full.End == n.Range.End+1 &&
		src[n.Full.Start] == '"' && src[n.Full.End-1] == '"' &&
		string(src[n.Range.Start:n.Range.End]) == n.Str
}

// securityControlIDFields are the fields that hold a finding's security
// control ID: an EventBridge pattern's Compliance.SecurityControlId, an
// automation rule's or insight's ComplianceSecurityControlId filter
// (Terraform's compliance_security_control_id block).
var securityControlIDFields = []string{"SecurityControlId", "ComplianceSecurityControlId", "compliance_security_control_id"}

// standardControlIDs reports a standard-specific control ID (PCI.EC2.6,
// CIS's 2.9) where a finding's security control ID is matched: that field
// carries the security control ID (EC2.6) whatever the account's setting,
// so the value never matches. An ID that is also a security control ID
// (EC2.6, FSBP's) is not reported.
func (p *Pass) standardControlIDs() {
	for _, f := range p.securityHubFields() {
		if !contains(securityControlIDFields, f.Key) {
			continue
		}
		for _, v := range controlIDValues(f.Value) {
			controls := consolidationData().controls()
			news, ok := controls.control[v.Str]
			if !ok || controls.current[v.Str] {
				continue
			}
			p.Report(Diagnostic{
				Category: p.mentionCategory(v.Range),
				Range:    v.Range,
				Message:  fmt.Sprintf("%q is a standard-specific control ID; %s carries the security control ID (%s), so this never matches", v.Str, f.Key, strings.Join(news, " or ")),
			})
		}
	}
}

// securityHubFields are the fields of the file's tree that GDL007 and
// GDL008 read (a security control ID field, a ProductFields), in source
// order: found in one walk, shared by both rules.
func (p *Pass) securityHubFields() []scanner.Field {
	if p.file != nil && p.file.shFieldsRead {
		return p.file.shFields
	}
	var out []scanner.Field
	// A file that spells none of those keys (nor hides one behind an
	// escape) has none of them: no walk.
	if p.File.Root != nil && (shFieldWords.in(p.File.Src) || mayHideWord(p.File.Src, p.File.Prose)) {
		scanner.Walk(p.File.Root, func(n *scanner.Node) bool {
			if n.Kind != scanner.Object {
				return true
			}
			for _, f := range n.Fields {
				if contains(securityControlIDFields, f.Key) || contains(productFieldsKeys, f.Key) {
					out = append(out, f)
				}
			}
			return true
		})
	}
	if p.file != nil {
		p.file.shFields, p.file.shFieldsRead = out, true
	}
	return out
}

// controlIDValues are the strings a control-ID field compares with: a
// pattern's list ["PCI.EC2.6"], a filter's [{"Comparison", "Value"}], or
// Terraform's { comparison, value } blocks.
func controlIDValues(v *scanner.Node) []*scanner.Node {
	v = v.Value()
	if v == nil {
		return nil
	}
	items := []*scanner.Node{v}
	if v.Kind == scanner.Array {
		items = v.Items
	}
	var out []*scanner.Node
	for _, it := range items {
		it = it.Value()
		switch {
		case it == nil:
		case it.Kind == scanner.String:
			out = append(out, it)
		case it.Kind == scanner.Object:
			for _, k := range []string{"Value", "value"} {
				if s := it.Get(k).Value(); s != nil && s.Kind == scanner.String {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// shFieldWords are what the keys securityHubFields looks for are
// written with.
var shFieldWords = lazyWords(func() wordSet { return newWordSet(shFieldList...) })

var shFieldList = []string{"roductFields", "product_fields", "ecurityControlId", "compliance_security_control_id"}

// productFieldsKeys are the spellings of the key findings' ProductFields
// are read under: ASFF's, and Terraform's filter blocks'.
var productFieldsKeys = []string{"ProductFields", "product_fields"}

func runRemovedProductField(p *Pass) {
	if !p.mayHoldConsolidation() {
		return
	}
	seen := map[int]bool{}
	report := func(key string, r scanner.Range) {
		if seen[r.Start] {
			return
		}
		seen[r.Start] = true
		cat, ok := p.consolidationCategory(r)
		if !ok {
			return
		}
		e := consolidationData().removed[key]
		p.Report(Diagnostic{
			Category: cat,
			Range:    r,
			Message:  removedFieldMessage(e, cat),
		})
	}
	for _, f := range p.securityHubFields() {
		if contains(productFieldsKeys, f.Key) {
			productFieldsRead(f.Value, report)
		}
	}
	p.removedFieldsInText(report)
}

// productFieldsRead reports the removed keys a ProductFields value reads:
// a pattern's object of keys, or a filter's [{"Key", "Comparison",
// "Value"}] (Terraform: { key, comparison, value } blocks).
func productFieldsRead(v *scanner.Node, report func(string, scanner.Range)) {
	v = v.Value()
	if v == nil {
		return
	}
	items := []*scanner.Node{v}
	if v.Kind == scanner.Array {
		items = v.Items
	}
	for _, it := range items {
		it = it.Value()
		if it == nil || it.Kind != scanner.Object {
			continue
		}
		k := it.Get("Key").Value()
		if k == nil {
			k = it.Get("key").Value()
		}
		if k != nil {
			if k.Kind == scanner.String && consolidationData().removed[k.Str] != nil {
				report(k.Str, k.Range)
			}
			continue
		}
		for _, f := range it.Fields {
			if consolidationData().removed[f.Key] != nil {
				report(f.Key, f.KeyRange)
			}
		}
	}
}

// removedFieldsInText reports a removed key written as a whole word on a
// line that reads ProductFields before it: code
// (finding["ProductFields"]["StandardsControlArn"],
// .productFields().get("StandardsControlArn"), a Go MapFilter with Key
// "StandardsControlArn"), and text no tree holds. A key on a line without
// ProductFields (UpdateStandardsControl's StandardsControlArn parameter)
// is another thing and is passed over.
func (p *Pass) removedFieldsInText(report func(string, scanner.Range)) {
	src := p.File.Src
	var aliases [][]byte // names bound to a ProductFields value, read on first need
	aliasesRead := false
	for key := range consolidationData().removed {
		for off := 0; ; {
			i := bytes.Index(src[off:], []byte(key))
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(key)
			end := at + len(key)
			if at > 0 && wordByte(src[at-1]) || end < len(src) && wordByte(src[end]) {
				continue
			}
			// Only the 512 bytes either side of the key are looked at, so that a
			// minified file's line of many keys costs no more than its
			// length.
			lo, hi := max(0, at-512), min(len(src), end+512)
			lineStart := lo + bytes.LastIndexByte(src[lo:at], '\n') + 1
			lineEnd := end + bytes.IndexByte(src[end:hi], '\n')
			if lineEnd < end {
				lineEnd = hi
			}
			line := src[lineStart:at]
			r := scanner.Range{Start: at, End: end}
			if !inOnly(p.File.Only, r) {
				continue
			}
			if !aliasesRead && p.File.Format.IsCode() {
				aliases, aliasesRead = productFieldsAliases(src), true
			}
			if mentionsProductFields(line) || namesAlias(src[lineStart:lineEnd], aliases) {
				report(key, r)
			}
		}
	}
}

// aliasRE finds a name bound to a ProductFields value in code, in the
// text before a ProductFields: prodField = finding['ProductFields'],
// pf := f.ProductFields.
var aliasRE = lazyRegexp(`([A-Za-z_][A-Za-z0-9_]*)\s*:?=\s*[^=\n;]*$`)

// productFieldsAliases are the names code binds to a finding's
// ProductFields (aws-securityhub-score-generator's prodField), whose
// subscripts are ProductFields keys. Only the 256 bytes before each
// ProductFields are read, and at most 64 names kept.
func productFieldsAliases(src []byte) [][]byte {
	var out [][]byte
	for _, word := range []string{"roductFields", "roductfields", "RODUCTFIELDS", "roduct_fields"} {
		for off := 0; len(out) < 64; {
			i := bytes.Index(src[off:], []byte(word))
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(word)
			lo := max(0, at-256)
			lo += bytes.LastIndexByte(src[lo:at], '\n') + 1
			if m := aliasRE().FindSubmatch(src[lo:max(lo, at-1)]); m != nil && !bytes.EqualFold(m[1], []byte("ProductFields")) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// namesAlias reports whether line names one of aliases as a whole word.
func namesAlias(line []byte, aliases [][]byte) bool {
	for _, a := range aliases {
		for off := 0; ; {
			i := bytes.Index(line[off:], a)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(a)
			if (at == 0 || !wordByte(line[at-1])) && (off == len(line) || !wordByte(line[off])) {
				return true
			}
		}
	}
	return false
}

func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// mentionsProductFields reports whether a line names ProductFields in any
// case, or product_fields. Only its last 512 bytes are read.
func mentionsProductFields(line []byte) bool {
	line = line[max(0, len(line)-512):]
	const word = "productfields"
	for i := 0; i+len(word) <= len(line); i++ {
		if line[i]|0x20 == 'p' && (bytes.EqualFold(line[i:i+len(word)], []byte(word)) ||
			i+len("product_fields") <= len(line) && string(line[i:i+len("product_fields")]) == "product_fields") {
			return true
		}
	}
	return false
}

// removedFieldMessage says what consolidated findings carry instead.
func removedFieldMessage(e *RemovedField, cat Category) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ProductFields.%s is not in consolidated control findings", e.Key)
	if strings.Contains(e.Instead, " ") {
		fmt.Fprintf(&b, " (%s)", strings.TrimSuffix(e.Instead, "."))
	} else {
		fmt.Fprintf(&b, " (read %s instead)", e.Instead)
	}
	switch cat {
	case CategorySetting:
		b.WriteString("; only accounts whose ControlFindingGenerator is STANDARD_CONTROL send it")
	case CategoryValue, CategoryCode:
		b.WriteString("; this account emits consolidated findings, so it is never there")
	}
	return b.String()
}
