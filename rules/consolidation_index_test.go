package rules

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// BenchmarkConsolidationIndex is what the first file with one of GDL007's
// and GDL008's words pays: the index, without oneToOne and controls.
func BenchmarkConsolidationIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newConsolidationIndex(dataConsolidation, dataGeneratorIDsByOld)
	}
}

// BenchmarkConsolidationOneToOne is what the first reported reference of
// an old GeneratorId adds.
func BenchmarkConsolidationOneToOne(b *testing.B) {
	x := newConsolidationIndex(dataConsolidation, dataGeneratorIDsByOld)
	b.ReportAllocs()
	for b.Loop() {
		x.oneToOneIDs()
	}
}

// The index is what the plain reading of the page's tables gives
// (consolidationOracle, the index as first written, one map insert a row):
// the binary search on the generated order, the lazy oneToOne and
// controls and the nested maps change no lookup.
func TestConsolidationIndexIsTheOracle(t *testing.T) {
	c := dataConsolidation
	x := consolidationData()
	generator, oneToOne, prefixes, control, current, standards := consolidationOracle(c)
	for name, pair := range map[string][2]any{
		"oneToOne": {x.oneToOne(), oneToOne}, "prefixes": {x.prefixes, prefixes},
		"control": {x.controls().control, control}, "current": {x.controls().current, current}, "standards": {x.standards, standards},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differs from the oracle's", name)
		}
	}
	for old, news := range generator {
		if !x.isOld(old) || !slices.Equal(x.news(old), news) {
			t.Errorf("isOld(%q) = %v, news = %q; want true, %q", old, x.isOld(old), x.news(old), news)
		}
		// What the scan asks of a GeneratorId it reads: a prefix of one,
		// one longer, one that differs at the end.
		for _, id := range []string{old[:len(old)-1], old + "0", old[:len(old)-1] + "~", ""} {
			if _, want := generator[id]; x.isOld(id) != want || (x.news(id) != nil) != want {
				t.Errorf("isOld(%q) = %v, want %v", id, x.isOld(id), want)
			}
		}
	}
	for std := range prefixes {
		if _, want := generator[std]; x.isOld(std) != want {
			t.Errorf("isOld(%q) = %v, want %v", std, x.isOld(std), want)
		}
	}
	if len(x.removed) != len(c.RemovedProductFields) {
		t.Errorf("removed has %d keys, the data %d", len(x.removed), len(c.RemovedProductFields))
	}
	for _, r := range c.RemovedProductFields {
		if got := x.removed[r.Key]; got == nil || *got != r {
			t.Errorf("removed[%q] = %v, want %v", r.Key, got, r)
		}
	}
}

// The generated order is the GeneratorId rows' indexes, each once,
// sorted stably by old GeneratorId.
func TestGeneratorIDsByOldIsTheOrder(t *testing.T) {
	want := make([]uint16, len(dataConsolidation.GeneratorIDs))
	for i := range want {
		want[i] = uint16(i)
	}
	rows := dataConsolidation.GeneratorIDs
	slices.SortStableFunc(want, func(a, b uint16) int { return strings.Compare(rows[a].Old, rows[b].Old) })
	if !slices.Equal(dataGeneratorIDsByOld, want) {
		t.Error("dataGeneratorIDsByOld is not the GeneratorId rows sorted by Old: run go generate ./rules")
	}
}

func consolidationOracle(c Consolidation) (generator map[string][]string, oneToOne map[string]bool, prefixes map[string]bool,
	control map[string][]string, current map[string]bool, standards []string) {
	generator, oneToOne, prefixes = map[string][]string{}, map[string]bool{}, map[string]bool{}
	control, current = map[string][]string{}, map[string]bool{}
	byStandard := map[string][]string{}
	var standardNames []string
	olds := map[string]int{}
	for _, r := range c.ControlIDs {
		if !slices.Contains(standardNames, r.Standard) {
			standardNames = append(standardNames, r.Standard)
		}
		k := r.Standard + "\x00" + r.Old
		if !slices.Contains(byStandard[k], r.New) {
			byStandard[k] = append(byStandard[k], r.New)
		}
	}
	for _, r := range c.GeneratorIDs {
		if !slices.Contains(generator[r.Old], r.New) {
			generator[r.Old] = append(generator[r.Old], r.New)
		}
		std := standardPrefix(r.Old)
		prefixes[std] = true
		olds[std+"\x00"+r.New]++
		current[strings.TrimPrefix(r.New, securityControlPrefix)] = true
		name := std
		if i := strings.Index(name, arnRuleset); i >= 0 {
			name = name[i+len(arnRuleset):]
		}
		if i := strings.Index(name, "/v/"); i >= 0 && !slices.Contains(standards, name[:i+len("/v/")]) {
			standards = append(standards, name[:i+len("/v/")])
		}
	}
	for _, r := range c.ControlIDs {
		if !slices.Contains(control[r.Old], r.New) {
			control[r.Old] = append(control[r.Old], r.New)
		}
		current[r.New] = true
	}
	agrees := func(old, new string) bool {
		std := standardPrefix(old)
		id := strings.TrimPrefix(old, std)
		i := strings.Index(std, "/v/")
		version := strings.TrimSuffix(strings.TrimSuffix(std[i+len("/v/"):], "rule/"), "/")
		for _, std := range standardNames {
			if !strings.HasSuffix(std, " v"+version) {
				continue
			}
			for _, n := range byStandard[std+"\x00"+id] {
				if securityControlPrefix+n != new {
					return false
				}
			}
		}
		return true
	}
	for old, news := range generator {
		oneToOne[old] = len(news) == 1 && olds[standardPrefix(old)+"\x00"+news[0]] == 1 && agrees(old, news[0])
	}
	return
}
