package rules

import (
	"slices"
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
	data Consolidation
	// generator maps an old GeneratorId to the consolidated ones the page
	// gives it (one, but the page may one day give several).
	generator map[string][]string
	// oneToOne says whether an old GeneratorId may be fixed: it has one
	// consolidated GeneratorId, and no other GeneratorId of its standard
	// (and, for CIS, no standard control ID) shares it. Where two of a
	// standard's checks became one control (CIS 1.2.0's 1.1 and 3.3 are
	// both CloudWatch.1), writing the control widens what the rule meant.
	oneToOne map[string]bool
	// prefixes are the standards' GeneratorId prefixes
	// ("pci-dss/v/3.2.1/", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/"):
	// a rule on a whole standard.
	prefixes map[string]bool
	// control maps a standard-specific control ID to the security control
	// IDs the page gives it, across standards ("1.4" is IAM.3 in CIS
	// v1.2.0 and IAM.4 in CIS v1.4.0).
	control map[string][]string
	// current are the security control IDs the page names: a value that
	// is one is never reported as a standard-specific ID.
	current map[string]bool
	// removed maps a removed ProductFields key to its entry.
	removed map[string]*RemovedField
	// standards are the standards' names as GeneratorIds spell them
	// ("pci-dss/v/"): what the scan looks for.
	standards []string
	// byStandard maps a standard as the page names it ("CIS v1.2.0") and
	// a standard-specific control ID to the security control IDs the
	// control ID table gives it.
	byStandard map[string][]string
	// standardNames are the standards the control ID table names.
	standardNames []string
}

// consolidationData is the embedded data, indexed on first use: the
// first file with one of GDL007's and GDL008's words (consolidationWords)
// pays for it, not every run's start (decoding and indexing the mapping
// cost a start of gdlint about five times what the rest of rules does).
var consolidationData = sync.OnceValue(func() *consolidationIndex { return newConsolidationIndex(BuiltinConsolidation()) })

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

func newConsolidationIndex(c Consolidation) *consolidationIndex {
	x := &consolidationIndex{
		data: c, generator: map[string][]string{}, oneToOne: map[string]bool{}, prefixes: map[string]bool{},
		control: map[string][]string{}, current: map[string]bool{}, removed: map[string]*RemovedField{},
		byStandard: map[string][]string{},
	}
	olds := map[string]int{} // standard prefix + new → how many old IDs of that standard map to it
	for _, r := range c.ControlIDs {
		if !contains(x.standardNames, r.Standard) {
			x.standardNames = append(x.standardNames, r.Standard)
		}
		k := r.Standard + "\x00" + r.Old
		if !contains(x.byStandard[k], r.New) {
			x.byStandard[k] = append(x.byStandard[k], r.New)
		}
	}
	for _, r := range c.GeneratorIDs {
		if !contains(x.generator[r.Old], r.New) {
			x.generator[r.Old] = append(x.generator[r.Old], r.New)
		}
		std := standardPrefix(r.Old)
		x.prefixes[std] = true
		olds[std+"\x00"+r.New]++
		x.current[strings.TrimPrefix(r.New, securityControlPrefix)] = true
		name := std
		if i := strings.Index(name, arnRuleset); i >= 0 {
			name = name[i+len(arnRuleset):]
		}
		if i := strings.Index(name, "/v/"); i >= 0 && !contains(x.standards, name[:i+len("/v/")]) {
			x.standards = append(x.standards, name[:i+len("/v/")])
		}
	}
	for _, r := range c.ControlIDs {
		if !contains(x.control[r.Old], r.New) {
			x.control[r.Old] = append(x.control[r.Old], r.New)
		}
		x.current[r.New] = true
	}
	for old, news := range x.generator {
		x.oneToOne[old] = len(news) == 1 && olds[standardPrefix(old)+"\x00"+news[0]] == 1 && x.agrees(old, news[0])
	}
	for i := range c.RemovedProductFields {
		x.removed[c.RemovedProductFields[i].Key] = &c.RemovedProductFields[i]
	}
	return x
}

// agrees reports whether the control ID table, where it has a row for the
// control of GeneratorId old (same standard version, same control ID),
// gives the same security control: the page's two tables disagree on CIS
// v1.4.0's 3.6 (S3.9 and CloudTrail.7), and then gdlint writes neither.
func (x *consolidationIndex) agrees(old, new string) bool {
	std := standardPrefix(old)
	id := strings.TrimPrefix(old, std)
	i := strings.Index(std, "/v/")
	version := strings.TrimSuffix(strings.TrimSuffix(std[i+len("/v/"):], "rule/"), "/")
	for _, std := range x.standardNames {
		if !strings.HasSuffix(std, " v"+version) {
			continue
		}
		for _, n := range x.byStandard[std+"\x00"+id] {
			if securityControlPrefix+n != new {
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
