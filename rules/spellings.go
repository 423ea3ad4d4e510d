package rules

import (
	"slices"
	"strings"
	"sync"
)

// SecurityHubTable is AWS's table of GuardDuty finding types and the
// Security Hub (ASFF) Types values GuardDuty sends them as, with where and
// when it was read.
type SecurityHubTable struct {
	Source  string           `json:"source"`
	Section string           `json:"section"`
	Read    string           `json:"read"`
	Version string           `json:"version"`
	Note    string           `json:"note"`
	Rows    []SecurityHubRow `json:"rows"`
}

// SecurityHubRow is one row of the table: a type and its ASFF values.
type SecurityHubRow struct {
	Type string   `json:"type"`
	ASFF []string `json:"asff"`
}

// Misspelling is a spelling of a type that AWS itself wrote somewhere but
// GuardDuty does not generate: a condition written with it never matches.
type Misspelling struct {
	Spelling string `json:"spelling"`
	Type     string `json:"type"`
	Where    string `json:"where"`
	Note     string `json:"note,omitempty"`
	Source   string `json:"source"`
}

// BuiltinSecurityHubTable returns the embedded table, a fresh copy.
func BuiltinSecurityHubTable() SecurityHubTable {
	t := dataSecurityHub
	t.Rows = cloneSecurityHubRows(t.Rows)
	return t
}

// BuiltinMisspellings returns the embedded misspellings, a fresh copy.
func BuiltinMisspellings() []Misspelling {
	return slices.Clone(dataMisspellings)
}

// documentedSpellings is the Security Hub table as lookups: what every
// catalog's matcher needs (SecurityHubSpellings), built with the first.
// The whole values are documentedWhole, built when an operand first asks.
type documentedSpellings struct {
	// part maps the type part of a value (after its namespace and
	// category, asffPart) to its type, or to "" where the table gives the
	// part to two types ("IAMUser-AnomalousBehavior" is eight, told apart
	// only by the category).
	part map[string]string
	// parts lists, by type, its documented parts that hold a ':' (the
	// matcher finds tokens by their colon) and differ from the generic
	// spellings.
	parts map[string][]string
}

var documented = sync.OnceValue(newDocumentedSpellings)

// documentedWhole maps a whole Types value of the table to its type.
var documentedWhole = sync.OnceValue(func() map[string]string {
	rows := dataSecurityHub.Rows // read only
	whole := make(map[string]string, len(rows))
	for _, r := range rows {
		for _, v := range r.ASFF {
			whole[v] = r.Type
		}
	}
	return whole
})

func newDocumentedSpellings() documentedSpellings {
	rows := dataSecurityHub.Rows // read only
	d := documentedSpellings{part: make(map[string]string, len(rows)), parts: map[string][]string{}}
	for _, r := range rows {
		for _, v := range r.ASFF {
			p := asffPart(v)
			if t, seen := d.part[p]; seen && t != r.Type {
				d.part[p] = ""
			} else {
				d.part[p] = r.Type
			}
		}
	}
	for p, t := range d.part {
		if t != "" && strings.IndexByte(p, ':') >= 0 && p != t && !genericSpelling(t, p) {
			d.parts[t] = append(d.parts[t], p)
		}
	}
	return d
}

var misspellings = sync.OnceValue(func() map[string]Misspelling {
	m := map[string]Misspelling{}
	for _, ms := range BuiltinMisspellings() {
		m[ms.Spelling] = ms
	}
	return m
})

// LookupMisspelling returns what gdlint knows of s as AWS's own
// misspelling of a type.
func LookupMisspelling(s string) (Misspelling, bool) {
	m, ok := misspellings()[s]
	return m, ok
}

// asffPart is the type part of a Security Hub Types value: what follows
// the namespace and category ("TTPs/Discovery/Recon:IAMUser-X" is
// "Recon:IAMUser-X"; "TTPs/Discovery/RDS-TorIPCaller" is "RDS-TorIPCaller").
func asffPart(v string) string {
	if strings.IndexByte(v, ':') >= 0 {
		return v[asffStart(v):]
	}
	return v[strings.LastIndexByte(v, '/')+1:]
}

// documentedType returns the type AWS's table gives a Security Hub value,
// whole or by its type part.
func documentedType(v string) (string, bool) {
	if t, ok := documentedWhole()[v]; ok {
		return t, true
	}
	t := documented().part[asffPart(v)]
	return t, t != ""
}

// genericSpelling reports whether s is one of the spellings Security Hub
// writes for typ by rule: the '/' between resource and family as '-' or '.'.
func genericSpelling(typ, s string) bool {
	i := strings.IndexByte(typ, '/')
	return i >= 0 && len(s) == len(typ) && s[:i] == typ[:i] && (s[i] == '-' || s[i] == '.') && s[i+1:] == typ[i+1:]
}
