package rules

import (
	"bytes"
	"slices"
	"strings"
	"sync"
)

// ControlRetirement is a Security Hub control AWS retired (rules/data/controls.json,
// written by tools/catalog-refresh from the controls change log and the
// Security Hub document history): it runs no checks and produces no
// findings, in any standard, from its retirement date.
type ControlRetirement struct {
	ID          string `json:"id"`      // the security control ID: S3.4
	Retired     string `json:"retired"` // YYYY-MM-DD
	RetiredFrom string `json:"retired_from"`
	// Notice is the date AWS announced the retirement ahead of it, where
	// it did: until Retired, a reference is upcoming.
	Notice     string `json:"notice,omitempty"`
	NoticeFrom string `json:"notice_from,omitempty"`
	// StandardIDs are the control's standard-specific IDs that name it
	// alone, as that standard's control ARNs write them
	// (cis-aws-foundations-benchmark/v/1.2.0/1.1 for IAM.20, from the CIS
	// page's mapping table): that control went with it.
	StandardIDs []string `json:"standard_ids,omitempty"`
}

// ControlsCatalog is the whole file: the controls and where they come from.
type ControlsCatalog struct {
	Source   string              `json:"source"`
	History  string              `json:"history"`
	Read     string              `json:"read"`
	Version  string              `json:"version"`
	Note     string              `json:"note"`
	Controls []ControlRetirement `json:"controls"`
}

// BuiltinControls returns the embedded catalog of retired controls, a
// fresh copy.
func BuiltinControls() ControlsCatalog {
	c := dataControls
	c.Controls = cloneControls(c.Controls)
	return c
}

// retiredControls are the retired controls by their security control
// IDs; built on first use, by a run with a file that may name one
// (mayHoldControl).
var retiredControls = sync.OnceValue(func() map[string]*ControlRetirement {
	m := make(map[string]*ControlRetirement, len(dataControls.Controls))
	for _, c := range BuiltinControls().Controls {
		c := c
		m[c.ID] = &c
	}
	return m
})

// retiredStandardControls are the retired controls by their
// standard-specific IDs (cis-aws-foundations-benchmark/v/1.2.0/1.1), each
// a copy whose ID names both (IAM.20 (CIS v1.2.0 1.1)), for the message.
// A CIS control's tail (1.1) is no security control ID: it is read only
// with its standard's path and version, and only of that version. Built
// on first use, like retiredControls.
var retiredStandardControls = sync.OnceValue(func() map[string]*ControlRetirement {
	m := map[string]*ControlRetirement{}
	for _, c := range BuiltinControls().Controls {
		for _, sid := range c.StandardIDs {
			std, rest, _ := strings.Cut(sid, "/v/")
			ver, req, _ := strings.Cut(rest, "/")
			name := std
			if std == "cis-aws-foundations-benchmark" {
				name = "CIS"
			}
			cc := c
			cc.ID = c.ID + " (" + name + " v" + ver + " " + req + ")"
			cc.StandardIDs = nil
			m[sid] = &cc
		}
	}
	return m
})

// standardControlWords are the forms a standard-specific retired control
// (retiredStandardControls' keys, each once) is written in: its control
// ARN's path (…/v/1.2.0/1.1) and its pre-consolidation GeneratorId's
// (…/v/1.2.0/rule/1.1). Read from the data, so that the pre-filter's start
// builds no map.
func standardControlWords() []string {
	var sids []string
	for _, c := range dataControls.Controls {
		sids = append(sids, c.StandardIDs...)
	}
	slices.Sort(sids)
	var out []string
	for _, sid := range slices.Compact(sids) {
		i := strings.LastIndexByte(sid, '/')
		out = append(out, sid, sid[:i]+"/rule"+sid[i:])
	}
	return out
}

// standardControlAt returns the retired standard-specific control whose
// requirement starts at at, after "<standard>/v/<version>/" (and "rule/"
// in a GeneratorId) whose "/v/" starts at v, and where it ends; or nil.
func standardControlAt(b []byte, v, at int) (*ControlRetirement, int, int) {
	lo := max(0, v-64) // the longest standard path is far shorter
	start := lo + bytes.LastIndexAny(b[lo:v], "/:\"{} \t\n'`") + 1
	std := string(b[start:v])
	ver := string(b[v+len("/v/") : at-1])
	if bytes.HasPrefix(b[at:], []byte("rule/")) {
		at += len("rule/")
	}
	end := at
	for end < len(b) && (isDigit(b[end]) || b[end] == '.' && end+1 < len(b) && isDigit(b[end+1])) {
		end++
	}
	if end == at || end < len(b) && (isLetter(b[end]) || isDigit(b[end]) || b[end] == '_') {
		return nil, 0, 0
	}
	c := retiredStandardControls()[std+"/v/"+ver+"/"+string(b[at:end])]
	return c, start, end
}

// controlIDEnd returns the end of a control ID starting at i, or -1: a
// security control ID (a letter, letters and digits, '.', digits: S3.4,
// RedshiftServerless.7), or a PCI DSS v3.2.1 control's own ID, "PCI." and
// one (PCI.EC2.3, retired before security control IDs existed), read
// whole, so that it is never the security control its tail spells (EC2.3,
// another check, is current). The ID must end there: not followed by a letter, a digit,
// '_' or a '.' and a digit (S3.40, S3.4.1 are not S3.4).
func controlIDEnd(b []byte, i int) int {
	if bytes.HasPrefix(b[min(i, len(b)):], []byte("PCI.")) {
		if end := securityControlIDEnd(b, i+len("PCI.")); end > 0 {
			return end
		}
	}
	return securityControlIDEnd(b, i)
}

// securityControlIDEnd is controlIDEnd without the PCI DSS prefix.
func securityControlIDEnd(b []byte, i int) int {
	j := i
	if j >= len(b) || !isLetter(b[j]) {
		return -1
	}
	for j < len(b) && (isLetter(b[j]) || isDigit(b[j])) {
		j++
	}
	if j >= len(b) || b[j] != '.' {
		return -1
	}
	j++
	k := j
	for k < len(b) && isDigit(b[k]) {
		k++
	}
	if k == j || k < len(b) && (isLetter(b[k]) || isDigit(b[k]) || b[k] == '_') {
		return -1
	}
	if k+1 < len(b) && b[k] == '.' && isDigit(b[k+1]) {
		return -1
	}
	return k
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// controlRef is a retired control named at [Start, End) of a text.
type controlRef struct {
	Start, End int
	Control    *ControlRetirement
}

// controlForms finds the forms that name a security control whatever the
// context: a consolidated GeneratorId or finding ARN
// (security-control/S3.4) and a standard's control, GeneratorId or
// subscription path (…/aws-foundational-security-best-practices/v/1.0.0/S3.4,
// where the tail is the security control ID: FSBP, NIST, PCI DSS 4.0.1,
// Control Tower; a CIS tail, 1.1, never is, and a PCI DSS 3.2.1 tail,
// PCI.S3.4, is that standard's own ID, not the security control its tail
// spells: it is read only as itself, PCI.EC2.3, retired in 2021).
// Offsets are b's.
func controlForms(b []byte) []controlRef {
	var out []controlRef
	for _, lead := range []string{"security-control/", "/v/"} {
		for off := 0; ; {
			i := bytes.Index(b[off:], []byte(lead))
			if i < 0 {
				break
			}
			at := off + i + len(lead)
			off = at
			if lead == "/v/" {
				for at < len(b) && (isDigit(b[at]) || b[at] == '.') {
					at++
				}
				if at == off || at >= len(b) || b[at] != '/' {
					continue
				}
				at++
				if c, start, end := standardControlAt(b, off-len(lead), at); c != nil {
					out = append(out, controlRef{start, end, c})
					continue
				}
			}
			if end := controlIDEnd(b, at); end > 0 {
				if c := retiredControls()[string(b[at:end])]; c != nil {
					out = append(out, controlRef{at, end, c})
				}
			}
		}
	}
	return out
}

// bareControl returns the retired control a whole value names, written
// alone (S3.4) or in one of controlForms (an ARN ending in /S3.4).
func bareControl(s string) *ControlRetirement {
	return retiredControls()[strings.TrimSpace(s)]
}

// controlWords are the words every reference GDL009 reports is written
// with (its keys, forms, and Security Hub's names, which a code file must
// hold): the pre-filter parses a file only when it holds one. A
// standard's path (…/v/1.0.0/S3.4) is found in a file that also holds
// control/ or subscription/ (an ARN), a GeneratorId key, or Security
// Hub's name: "/v/" itself would cost the pre-filter a pass of its own
// (every word here holds an 'r' or a 'y', as the other rules' do), and a
// bare GeneratorId string in a file that names none of these is not read.
var controlWords = append(append([]string{
	"security-control/", "control/", "subscription/", "GeneratorId", "generator_id", "generatorId", "compliance.control",
	"securityhub", "SecurityHub", "Securityhub", "security_hub", "security-hub", "Security Hub", "security hub",
}, controlKeys...), disableKeys...) // the keys GDL009 reads: a new one cannot be forgotten here

// retiredControlIDs finds any retired control's ID in a text, in one or
// two vectorised passes: every reference GDL009 reports holds one (an
// escape aside, which mayHideWord catches), and the context words
// (controlWords) are common in infrastructure code ("control/",
// "securityhub"), so the pre-filter asks for both, the IDs first.
var retiredControlIDs = func() wordSet {
	ids := make([]string, 0, len(dataControls.Controls))
	for _, c := range dataControls.Controls {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids) // retiredControls' keys, each once
	ids = append(ids, standardControlWords()...)
	slices.Sort(ids) // the cover search keeps the first of equal covers: the same on every start
	return newWordSet(ids...)
}()

// LookupControl returns the retired control with this security control
// ID (exactly: S3.4), or nil.
func LookupControl(id string) *ControlRetirement { return retiredControls()[id] }
