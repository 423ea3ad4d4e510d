package rules

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// Consolidation is what AWS's page "Impact of consolidation on ASFF
// fields and values" publishes about Security Hub's consolidated control
// findings (rules/data/consolidation.json, written by
// tools/catalog-refresh from the page): the GeneratorIds control findings
// carried before an account turned them on and the one each carries
// after, the standard-specific control IDs and the security control IDs
// that replace them, and the ProductFields keys consolidated findings no
// longer have.
type Consolidation struct {
	Source  string `json:"source"`
	Read    string `json:"read"`
	Version string `json:"version"`
	Note    string `json:"note,omitempty"`
	// RemovedProductFields are the ProductFields keys the page's table of
	// consolidated control findings' changes marks "Removed".
	RemovedProductFields []RemovedField `json:"removed_product_fields"`
	// GeneratorIDs are the page's table "Generator IDs before and after
	// enabling consolidated control findings", row by row.
	GeneratorIDs []IDChange `json:"generator_ids"`
	// ControlIDs are the page's table of standard-specific control IDs and
	// the security control IDs that replace them, row by row.
	ControlIDs []ControlIDChange `json:"control_ids"`
}

// RemovedField is one ProductFields key consolidation removed.
type RemovedField struct {
	Key     string `json:"key"`
	Instead string `json:"instead"` // what the page says to read instead, as written
}

// IDChange is one row of the GeneratorId table.
type IDChange struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// ControlIDChange is one row of the control ID table.
type ControlIDChange struct {
	Standard string `json:"standard"` // as the page names it: "CIS v1.2.0", "PCI DSS v3.2.1"
	Old      string `json:"old"`      // the standard-specific control ID: "1.1", "PCI.EC2.6"
	New      string `json:"new"`      // the security control ID: "CloudWatch.1"
}

// BuiltinConsolidation returns the embedded data, a fresh copy.
func BuiltinConsolidation() Consolidation {
	c := dataConsolidation
	c.RemovedProductFields = slices.Clone(c.RemovedProductFields)
	c.GeneratorIDs = slices.Clone(c.GeneratorIDs)
	c.ControlIDs = slices.Clone(c.ControlIDs)
	return c
}

// consolidationIndex is the data, indexed for the rules.
type consolidationIndex struct {
	data Consolidation // the generated data itself: never changed
	// byOld is data.GeneratorIDs' indexes sorted (stably) by Old: the
	// old GeneratorIds are looked up by binary search (isOld, news).
	byOld []uint16
	// oneToOne says whether an old GeneratorId may be fixed: it has one
	// consolidated GeneratorId, and no other GeneratorId of its standard
	// (and, for CIS, no standard control ID) shares it. Where two of a
	// standard's checks became one control (CIS 1.2.0's 1.1 and 3.3 are
	// both CloudWatch.1), writing the control widens what the rule meant.
	// It is built on first use (oneToOneIDs).
	oneToOne func() map[string]bool
	// prefixes are the standards' GeneratorId prefixes
	// ("pci-dss/v/3.2.1/", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/"):
	// a rule on a whole standard.
	prefixes map[string]bool
	// controls are the control ID table's lookups, built on first use
	// (controlIndexFor).
	controls func() controlIndex
	// removed maps a removed ProductFields key to its entry.
	removed map[string]*RemovedField
	// standards are the standards' names as GeneratorIds spell them
	// ("pci-dss/v/"): what the scan looks for.
	standards []string
}

// controlIndex is what GDL008 reads of a standard-specific control ID.
type controlIndex struct {
	// control maps a standard-specific control ID to the security control
	// IDs the page gives it, across standards ("1.4" is IAM.3 in CIS
	// v1.2.0 and IAM.4 in CIS v1.4.0).
	control map[string][]string
	// current are the security control IDs the page names: a value that
	// is one is never reported as a standard-specific ID.
	current map[string]bool
}

// consolidationData is the generated data, indexed on first use: the
// first file with one of GDL007's and GDL008's words (consolidationWords)
// pays for it, not every run's start.
var consolidationData = sync.OnceValue(func() *consolidationIndex {
	return newConsolidationIndex(dataConsolidation, dataGeneratorIDsByOld)
})

// consolidationStandards are the standards' names as GeneratorIds spell
// them, which the pre-filter looks for (consolidationWords): a constant,
// so that no start decodes the mapping, held to the data by
// TestConsolidationStandardsAreTheData.
var consolidationStandards = []string{
	"cis-aws-foundations-benchmark/v/", "aws-foundational-security-best-practices/v/", "pci-dss/v/",
	"service-managed-aws-control-tower/v/",
}

const securityControlPrefix = "security-control/"

// arnRuleset is how CIS v1.2.0's GeneratorIds begin: the only standard
// whose GeneratorIds are ARNs.
const arnRuleset = ":securityhub:::ruleset/"

// newConsolidationIndex indexes c, whose GeneratorIDs byOld sorts by Old
// (stably). It keeps c: the caller changes it no more.
func newConsolidationIndex(c Consolidation, byOld []uint16) *consolidationIndex {
	x := &consolidationIndex{
		data: c, byOld: byOld, prefixes: map[string]bool{}, removed: make(map[string]*RemovedField, len(c.RemovedProductFields)),
	}
	last := "\x00" // no prefix: a standard's rows come together, and a run of them is read once
	for _, r := range c.GeneratorIDs {
		std := standardPrefix(r.Old)
		if std == last {
			continue
		}
		last = std
		x.prefixes[std] = true
		name := std
		if i := strings.Index(name, arnRuleset); i >= 0 {
			name = name[i+len(arnRuleset):]
		}
		if i := strings.Index(name, "/v/"); i >= 0 && !contains(x.standards, name[:i+len("/v/")]) {
			x.standards = append(x.standards, name[:i+len("/v/")])
		}
	}
	for i := range c.RemovedProductFields {
		x.removed[c.RemovedProductFields[i].Key] = &c.RemovedProductFields[i]
	}
	x.oneToOne = sync.OnceValue(x.oneToOneIDs)
	x.controls = sync.OnceValue(x.controlIndex)
	return x
}

// oldRows returns the span of byOld whose rows have Old id.
func (x *consolidationIndex) oldRows(id string) (lo, hi int) {
	rows := x.data.GeneratorIDs
	lo = sort.Search(len(x.byOld), func(i int) bool { return rows[x.byOld[i]].Old >= id })
	hi = lo
	for hi < len(x.byOld) && rows[x.byOld[hi]].Old == id {
		hi++
	}
	return lo, hi
}

// isOld reports whether id is an old GeneratorId of the page's table.
func (x *consolidationIndex) isOld(id string) bool {
	lo, hi := x.oldRows(id)
	return lo < hi
}

// news returns the consolidated GeneratorIds the page gives an old one,
// each once, in the page's order (one, but the page may one day give
// several), or nil.
func (x *consolidationIndex) news(id string) []string {
	lo, hi := x.oldRows(id)
	var out []string
	for _, k := range x.byOld[lo:hi] {
		if n := x.data.GeneratorIDs[k].New; !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// controlIndex builds controls: when a file first holds a control ID in
// a field GDL008 reads.
func (x *consolidationIndex) controlIndex() controlIndex {
	c := x.data
	ci := controlIndex{control: make(map[string][]string, len(c.ControlIDs)), current: make(map[string]bool, len(c.GeneratorIDs))}
	backing := make([]string, 0, len(c.ControlIDs))
	for _, r := range c.GeneratorIDs {
		ci.current[strings.TrimPrefix(r.New, securityControlPrefix)] = true
	}
	for _, r := range c.ControlIDs {
		addOnce(ci.control, r.Old, r.New, &backing)
		ci.current[r.New] = true
	}
	return ci
}

// oneToOneIDs is oneToOne, computed when a reference is first reported:
// most runs that read a GeneratorId report none.
func (x *consolidationIndex) oneToOneIDs() map[string]bool {
	c := x.data
	byStandard := map[string]map[string][]string{}
	var standardNames []string
	backing := make([]string, 0, len(c.ControlIDs))
	for _, r := range c.ControlIDs {
		if !contains(standardNames, r.Standard) {
			standardNames = append(standardNames, r.Standard)
			byStandard[r.Standard] = map[string][]string{}
		}
		addOnce(byStandard[r.Standard], r.Old, r.New, &backing)
	}
	// olds maps a standard prefix and a consolidated GeneratorId to how
	// many old IDs of that standard map to it.
	olds := map[string]map[string]int{}
	for _, r := range c.GeneratorIDs {
		std := standardPrefix(r.Old)
		o := olds[std]
		if o == nil {
			o = make(map[string]int, len(c.GeneratorIDs)/4)
			olds[std] = o
		}
		o[r.New]++
	}
	generator := make(map[string][]string, len(c.GeneratorIDs))
	backing = make([]string, 0, len(c.GeneratorIDs))
	for _, r := range c.GeneratorIDs {
		addOnce(generator, r.Old, r.New, &backing)
	}
	oneToOne := make(map[string]bool, len(generator))
	for _, r := range c.GeneratorIDs {
		old := r.Old
		if _, done := oneToOne[old]; done {
			continue
		}
		news := generator[old]
		oneToOne[old] = len(news) == 1 && olds[standardPrefix(old)][news[0]] == 1 && agrees(byStandard, standardNames, old, news[0])
	}
	return oneToOne
}

// addOnce adds v to k's values in m unless it is there. A key's first
// value is a one-element window on *backing, which has room for it (a
// second value is appended to a copy): one allocation for the index, not
// one a row.
func addOnce(m map[string][]string, k, v string, backing *[]string) {
	vs, seen := m[k]
	switch {
	case !seen:
		b := append(*backing, v)
		*backing = b
		m[k] = b[len(b)-1 : len(b) : len(b)]
	case !contains(vs, v):
		m[k] = append(vs, v)
	}
}

// agrees reports whether the control ID table, where it has a row for the
// control of GeneratorId old (same standard version, same control ID),
// gives the same security control: the page's two tables disagree on CIS
// v1.4.0's 3.6 (S3.9 and CloudTrail.7), and then gdlint writes neither.
// byStandard maps a standard as the page names it ("CIS v1.2.0"), then a
// standard-specific control ID, to the security control IDs the control ID
// table gives it; standardNames are the standards that table names.
func agrees(byStandard map[string]map[string][]string, standardNames []string, old, new string) bool {
	std := standardPrefix(old)
	id := strings.TrimPrefix(old, std)
	i := strings.Index(std, "/v/")
	version := strings.TrimSuffix(strings.TrimSuffix(std[i+len("/v/"):], "rule/"), "/")
	for _, std := range standardNames {
		// std ends in " v" + version
		if !strings.HasSuffix(std, version) || !strings.HasSuffix(std[:len(std)-len(version)], " v") {
			continue
		}
		for _, n := range byStandard[std][id] {
			if rest, ok := strings.CutPrefix(new, securityControlPrefix); !ok || rest != n { // securityControlPrefix+n != new

				return false
			}
		}
	}
	return true
}

// standardPrefix is the part of a GeneratorId that names its standard and
// version, with the slash after it: "pci-dss/v/3.2.1/",
// "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/".
func standardPrefix(id string) string {
	i := strings.Index(id, "/v/")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(id[i+len("/v/"):], '/')
	if j < 0 {
		return ""
	}
	end := i + len("/v/") + j + 1
	if strings.HasPrefix(id[end:], "rule/") {
		end += len("rule/")
	}
	return id[:end]
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
