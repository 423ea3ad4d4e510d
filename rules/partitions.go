package rules

import (
	"slices"
	"strings"
	"sync"
)

// Exclusion is a place an AWS notice of a retirement left out: partitions
// (aws-us-gov, aws-cn) and Regions where the notice did not take effect,
// so the types it retired may still be generated there, and the types it
// brought in their place (NotBrought) were not brought there.
type Exclusion struct {
	Notice     string   `json:"notice"`
	Date       string   `json:"date"`
	Source     string   `json:"source"`
	Partitions []string `json:"partitions"`
	Regions    []string `json:"regions,omitempty"`
	Retired    []string `json:"retired,omitempty"`
	NotBrought []string `json:"not_brought,omitempty"`
}

// BuiltinExclusions returns the embedded exclusions, a fresh copy.
func BuiltinExclusions() []Exclusion {
	return cloneExclusions(dataExclusions)
}

// Covers reports whether the exclusion covers a place: its partition, or
// one of its Regions.
func (e *Exclusion) Covers(partition, region string) bool {
	return partition != "" && slices.Contains(e.Partitions, partition) || region != "" && slices.Contains(e.Regions, region)
}

// Where names the places the exclusion covers.
func (e *Exclusion) Where() string {
	return strings.Join(append(append([]string(nil), e.Partitions...), e.Regions...), ", ")
}

// exclusionsByType is the embedded exclusions by the types they retired,
// each without the list of those types; fresh on every call.
func exclusionsByType() map[string][]Exclusion {
	m := map[string][]Exclusion{}
	for _, e := range BuiltinExclusions() {
		for _, t := range e.Retired {
			ee := e
			ee.Retired = nil
			m[t] = append(m[t], ee)
		}
	}
	return m
}

// place is where a catalog is read: a partition and a Region.
type place struct {
	partition, region string
	excluded          map[string]*Exclusion // by retired type: the notice that left this place out
	unavailable       map[string]bool       // types a notice did not bring here
}

// In returns a catalog that reads deployed rules in one partition ("aws",
// "aws-us-gov", "aws-cn") and Region: a retired type whose retirement
// notice excluded that place is still generated there as far as AWS said
// (GDL001 reports it as a warning that names the notice, and no rule counts
// it as retired), and a suggested successor a notice did not bring there is
// left out. For gdlint aws: take the partition from the resource's ARN.
func (c *Catalog) In(partition, region string) *Catalog {
	cc := *c
	cc.messages = &sync.Map{}
	cc.place = &place{partition: partition, region: region, excluded: map[string]*Exclusion{}, unavailable: map[string]bool{}}
	for i := range c.retired {
		r := &c.retired[i]
		for j := range r.Exclusions {
			e := &r.Exclusions[j]
			if !e.Covers(partition, region) {
				continue
			}
			if cc.place.excluded[r.Type] == nil {
				cc.place.excluded[r.Type] = e
			}
			for _, t := range e.NotBrought {
				cc.place.unavailable[t] = true
			}
		}
	}
	return &cc
}

// Place is the partition and Region the catalog reads, or "" and "".
func (c *Catalog) Place() (partition, region string) {
	if c.place == nil {
		return "", ""
	}
	return c.place.partition, c.place.region
}

// ExcludedHere returns the notice that retired r but excluded the
// catalog's place, or nil.
func (c *Catalog) ExcludedHere(r *Retired) *Exclusion {
	if c.place == nil || r == nil {
		return nil
	}
	return c.place.excluded[r.Type]
}

// SuggestedHere is r's suggested replacements, without those a notice did
// not bring to the catalog's place.
func (c *Catalog) SuggestedHere(r *Retired) []string {
	if c.place == nil || len(c.place.unavailable) == 0 {
		return r.SuggestedReplacements
	}
	var out []string
	for _, s := range r.SuggestedReplacements {
		if !c.place.unavailable[s] {
			out = append(out, s)
		}
	}
	return out
}

// stillGenerated reports whether GuardDuty may still generate r where and
// when the catalog reads: its retirement is ahead, or its notice excluded
// this place.
func (c *Catalog) stillGenerated(r *Retired) bool {
	return c.Upcoming(r) || c.ExcludedHere(r) != nil
}
