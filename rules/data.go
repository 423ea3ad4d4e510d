package rules

import "slices"

// The data in rules/data is compiled in as Go values (zz_data.go, which
// rules/internal/gendata writes from the files): the compiler lays them
// out in the binary, so no run decodes JSON. TestGeneratedDataIsTheFiles
// holds zz_data.go to the files.

//go:generate go run ./internal/gendata/main.go

// The Builtin functions return fresh copies: a caller may change what it
// gets without changing the data or what another caller gets. These copy
// the slices the generated values hold; strings are immutable.

func cloneRetired(rs []Retired) []Retired {
	out := slices.Clone(rs)
	for i := range out {
		r := &out[i]
		r.SuggestedReplacements = slices.Clone(r.SuggestedReplacements)
		r.RelatedActiveTypes = slices.Clone(r.RelatedActiveTypes)
		r.SecurityHubTypes = slices.Clone(r.SecurityHubTypes)
		r.Exclusions = cloneExclusions(r.Exclusions)
	}
	return out
}

func cloneExclusions(es []Exclusion) []Exclusion {
	out := slices.Clone(es)
	for i := range out {
		e := &out[i]
		e.Partitions = slices.Clone(e.Partitions)
		e.Regions = slices.Clone(e.Regions)
		e.Retired = slices.Clone(e.Retired)
		e.NotBrought = slices.Clone(e.NotBrought)
	}
	return out
}

func cloneControls(cs []ControlRetirement) []ControlRetirement {
	out := slices.Clone(cs)
	for i := range out {
		out[i].StandardIDs = slices.Clone(out[i].StandardIDs)
	}
	return out
}

func cloneDeadEvents(es []DeadEvent) []DeadEvent {
	out := slices.Clone(es)
	for i := range out {
		e := &out[i]
		e.Instead = slices.Clone(e.Instead)
		e.Clients = slices.Clone(e.Clients)
		e.Operations = slices.Clone(e.Operations)
	}
	return out
}

func cloneOtherServices(ss []OtherService) []OtherService {
	out := slices.Clone(ss)
	for i := range out {
		s := &out[i]
		s.Words = slices.Clone(s.Words)
		s.Sources = slices.Clone(s.Sources)
		s.Documents = slices.Clone(s.Documents)
		s.Types = slices.Clone(s.Types)
	}
	return out
}

func cloneSecurityHubRows(rs []SecurityHubRow) []SecurityHubRow {
	out := slices.Clone(rs)
	for i := range out {
		out[i].ASFF = slices.Clone(out[i].ASFF)
	}
	return out
}
