package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// RetiredSourceURL is the AWS page that lists retired finding types. The
// English page prevails over translated copies, which lag behind it.
const RetiredSourceURL = "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-retired.html"

// Retired describes one retired GuardDuty finding type. Field names follow
// the embedded data file, so the catalog's JSON output is that file's shape.
type Retired struct {
	Type                  string   `json:"type"`
	RetiredOn             string   `json:"retired,omitempty"` // YYYY-MM-DD, or empty when AWS gives no date
	RetiredBasis          string   `json:"retired_basis,omitempty"`
	DefaultSeverity       string   `json:"default_severity,omitempty"`
	SeverityNote          string   `json:"severity_note,omitempty"`
	DataSource            string   `json:"data_source,omitempty"`
	SuggestedReplacements []string `json:"suggested_replacements"`
	ReplacementBasis      string   `json:"replacement_basis,omitempty"`
	ReplacementNote       string   `json:"replacement_note,omitempty"`
	RelatedActiveTypes    []string `json:"related_active_types,omitempty"`
	SecurityHubTypes      []string `json:"securityhub_types_documented,omitempty"`
	Source                string   `json:"source,omitempty"`
	// RenamedTo is set for a renamed type: GuardDuty never generates the
	// old name again, and here AWS itself names the new one. RetiredOn is
	// then the date of the rename.
	RenamedTo string `json:"renamed_to,omitempty"`
	// Exclusions are the places (partitions, Regions) AWS's notice of the
	// retirement left out (Catalog.In).
	Exclusions []Exclusion `json:"excluded_by,omitempty"`
}

// Renamed is one entry of renamed.json: a rename AWS's document history
// records.
type Renamed struct {
	Type      string `json:"type"`
	RenamedTo string `json:"renamed_to"`
	On        string `json:"renamed"`
	Basis     string `json:"basis"`
	Source    string `json:"source"`
}

// History is what the catalog's data was last checked against: the date
// of the newest entry of AWS's document history read then.
type History struct {
	CheckedThrough string `json:"checked_through"`
	Entry          string `json:"entry"`
	Source         string `json:"source"`
}

// Catalog is the set of finding types gdlint knows: the retired ones, with
// their facts, and the active ones. It is immutable once built.
type Catalog struct {
	retired []Retired
	byType  map[string]*Retired
	active  map[string]bool
	// activeList is active's keys, sorted: iterating a slice is cheaper
	// and deterministic. all is every known type: active, then retired.
	activeList []string
	all        []string
	matcher    *Matcher
	// asOf is the date (YYYY-MM-DD) the catalog is evaluated on: a type
	// retired after it is upcoming. Empty: no type is upcoming.
	asOf string
	// messages memoises GDL001's messages (see retiredMessage): at most
	// one per retired type and action, and it goes with the catalog.
	messages *sync.Map
	// place is where deployed rules are read (In), or nil.
	place *place
	// shared maps the types another service also generates to it.
	shared map[string]*OtherService
}

// ValidTypeName reports whether s has the shape of a GuardDuty finding type:
// ThreatPurpose:ResourceType/ThreatFamily.DetectionMechanism!Artifact, with
// the mechanism and the artifact optional. Purpose and resource are a
// letter then letters and digits; family and mechanism parts are letters,
// digits, '&' (C&CActivity) and '-'; the artifact may also hold dots. It is
// called for every operand, so it is written out rather than a regexp.
func ValidTypeName(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 0 || !ident(s[:colon]) {
		return false
	}
	rest := s[colon+1:]
	slash := strings.IndexByte(rest, '/')
	if slash < 0 || !ident(rest[:slash]) {
		return false
	}
	family, artifact, hasArtifact := strings.Cut(rest[slash+1:], "!")
	for { // each part between dots, as strings.Split gives them, without its slice
		part, more, found := strings.Cut(family, ".")
		if !charsIn(part, "&-") {
			return false
		}
		if !found {
			break
		}
		family = more
	}
	return !hasArtifact || charsIn(artifact, "&.-")
}

// ident is a letter followed by letters and digits.
func ident(s string) bool {
	return s != "" && isLetter(s[0]) && charsIn(s, "")
}

// charsIn reports whether s is non-empty and made of letters, digits and extra.
func charsIn(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !('0' <= c && c <= '9') && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// Builtin returns the catalog embedded in the binary. It panics only if the
// embedded data is broken, which the package's tests rule out.
func Builtin() *Catalog {
	c, err := NewCatalog(BuiltinRetired(), BuiltinActive())
	if err != nil {
		panic("rules: embedded catalog: " + err.Error())
	}
	return c
}

// BuiltinRetired returns the embedded retired types, with the renamed
// ones (retired names too), a fresh copy.
func BuiltinRetired() []Retired {
	retired := make([]Retired, 0, len(dataRetired)+len(dataRenamed))
	retired = append(retired, cloneRetired(dataRetired)...)
	for _, r := range dataRenamed {
		retired = append(retired, r.AsRetired())
	}
	excl := exclusionsByType()
	for i := range retired {
		retired[i].Exclusions = excl[retired[i].Type]
	}
	return retired
}

// BuiltinRenamed returns the embedded renames, a fresh copy.
func BuiltinRenamed() []Renamed {
	return slices.Clone(dataRenamed)
}

// BuiltinHistory says what the embedded data was last checked against.
func BuiltinHistory() History {
	return dataHistory
}

// AsRetired is the rename as a retired name, whose one successor is the
// one AWS names.
func (r Renamed) AsRetired() Retired {
	return Retired{Type: r.Type, RetiredOn: r.On, RetiredBasis: "documented: " + r.Basis, RenamedTo: r.RenamedTo,
		SuggestedReplacements: []string{r.RenamedTo}, ReplacementBasis: "documented: AWS names the new name", Source: r.Source}
}

// BuiltinActive returns the embedded active types, a fresh copy.
func BuiltinActive() []string {
	return slices.Clone(dataActive)
}

// NewCatalog builds a catalog. A type listed as retired wins over the same
// type listed as active: a user who says a type is retired knows something
// newer than the data gdlint shipped with.
func NewCatalog(retired []Retired, active []string) (*Catalog, error) {
	c := &Catalog{byType: make(map[string]*Retired, len(retired)), active: make(map[string]bool, len(active)), messages: &sync.Map{}}
	// kept are the indexes of the first of each type, sorted by type
	// (stable): sorting them moves ints, not Retired structs.
	kept := make([]int, 0, len(retired))
	for i := range retired {
		r := &retired[i]
		if !ValidTypeName(r.Type) {
			return nil, fmt.Errorf("retired type %q does not fit the finding-type grammar", r.Type)
		}
		if _, dup := c.byType[r.Type]; dup {
			continue
		}
		kept = append(kept, i)
		c.byType[r.Type] = nil
	}
	slices.SortStableFunc(kept, func(i, j int) int { return strings.Compare(retired[i].Type, retired[j].Type) })
	c.retired = make([]Retired, len(kept))
	for i, k := range kept {
		c.retired[i] = retired[k]
	}
	for i := range c.retired {
		c.byType[c.retired[i].Type] = &c.retired[i]
	}
	for _, t := range active {
		if !ValidTypeName(t) {
			return nil, fmt.Errorf("active type %q does not fit the finding-type grammar", t)
		}
		if c.byType[t] == nil && !c.active[t] {
			c.active[t] = true
			c.activeList = append(c.activeList, t)
		}
	}
	sort.Strings(c.activeList)
	c.all = append([]string(nil), c.activeList...)
	for _, r := range c.retired {
		c.all = append(c.all, r.Type)
	}
	c.matcher = newMatcher(c.retired, c.activeList)
	c.shared = sharedSpellings(c.known)
	return c, nil
}

// AsOf returns a catalog that evaluates retirements on date (YYYY-MM-DD):
// a type whose retirement date is after it is upcoming, not retired yet.
func (c *Catalog) AsOf(date string) *Catalog {
	cc := *c
	cc.asOf = date
	cc.messages = &sync.Map{}
	return &cc
}

// Date is the date the catalog is evaluated on, or "".
func (c *Catalog) Date() string { return c.asOf }

// Upcoming reports whether r is retired only after the catalog's date:
// GuardDuty still generates it today.
func (c *Catalog) Upcoming(r *Retired) bool {
	return c.asOf != "" && r.RetiredOn != "" && r.RetiredOn > c.asOf
}

// RetiredTypes lists the retired types, sorted by name.
func (c *Catalog) RetiredTypes() []Retired { return c.retired }

// Lookup returns the facts for a retired type, or nil.
func (c *Catalog) Lookup(typ string) *Retired { return c.byType[typ] }

// IsActive reports whether typ is a known active type.
func (c *Catalog) IsActive(typ string) bool { return c.active[typ] }

// ActiveTypes lists the active types, sorted.
func (c *Catalog) ActiveTypes() []string { return append([]string(nil), c.activeList...) }

// Matcher returns the catalog's matcher for retired-type references.
func (c *Catalog) Matcher() *Matcher { return c.matcher }

// SecurityHubSpellings returns the ways Security Hub (ASFF) writes the type
// inside a Types entry: the '/' between resource and family becomes '-' or
// '.', and any other type part AWS's table gives it alone
// ("EC2:Unusual-DNS-Resolver" for DefenseEvasion:EC2/UnusualDNSResolver).
func SecurityHubSpellings(typ string) []string {
	i := strings.IndexByte(typ, '/')
	if i < 0 {
		return nil
	}
	return append([]string{typ[:i] + "-" + typ[i+1:], typ[:i] + "." + typ[i+1:]}, documented().parts[typ]...)
}

// known reports whether typ is an active or retired type, exactly.
func (c *Catalog) known(typ string) bool { return c.active[typ] || c.byType[typ] != nil }

// Known reports whether typ is an active or retired type.
func (c *Catalog) Known(typ string, ignoreCase bool) bool {
	if c.active[typ] || c.byType[typ] != nil {
		return true
	}
	if ignoreCase {
		_, ok := c.foldMatch(typ)
		return ok
	}
	return false
}

func (c *Catalog) foldMatch(typ string) (string, bool) {
	for _, t := range c.universe() {
		if strings.EqualFold(t, typ) {
			return t, true
		}
	}
	return "", false
}

// universe is every type GuardDuty generates or generated.
func (c *Catalog) universe() []string { return c.all }

// Suggest returns the known type closest to typ: one equal but for case,
// else the nearest within a small edit distance.
func (c *Catalog) Suggest(typ string) (string, bool) {
	if t, ok := c.foldMatch(typ); ok {
		return t, true
	}
	best, bestDist := "", 4 // at most 3 edits
	for _, t := range c.universe() {
		if d := EditDistance(typ, t, bestDist); d < bestDist {
			best, bestDist = t, d
		}
	}
	return best, best != ""
}

// EditDistance is the Levenshtein distance between a and b, or limit when
// it is at least limit.
func EditDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Canonical returns the known type s names: s itself, or the type a
// Security Hub spelling of it stands for ("Recon:IAMUser-UserPermissions",
// or a whole Types value "TTPs/Discovery/Recon:IAMUser-UserPermissions").
func (c *Catalog) Canonical(s string) (string, bool) {
	if c.Known(s, false) {
		return s, true
	}
	if t, ok := asffToType(s, true); ok && c.Known(t, false) {
		return t, true
	}
	return "", false
}
