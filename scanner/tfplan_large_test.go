package scanner

import (
	"os"
	"reflect"
	"testing"
)

// The large-plan reader reads what the whole-tree reader reads: the same
// resources, ranges and trees, on every plan fixture.
func TestReadLargePlanAgrees(t *testing.T) {
	for _, name := range []string{"plan.json", "securityhub.json"} {
		src, err := os.ReadFile("../testdata/terraform-plan/" + name)
		if err != nil {
			t.Fatal(err)
		}
		whole := Parse(name, src)
		large := &File{Path: name, Src: src, Format: JSON}
		if !readLargePlan(large) {
			t.Fatalf("%s: not read by the large-plan reader", name)
		}
		if !reflect.DeepEqual(whole.Only, large.Only) || !reflect.DeepEqual(whole.Deployed, large.Deployed) ||
			!reflect.DeepEqual(whole.Plan.ModuleSources, large.Plan.ModuleSources) || whole.Plan.Deleted != large.Plan.Deleted ||
			whole.Plan.FormatVersion != large.Plan.FormatVersion || large.Plan.Untreed != 0 {
			t.Errorf("%s: plans differ:\nwhole %+v %+v\nlarge %+v %+v", name, whole.Plan, whole.Deployed, large.Plan, large.Deployed)
		}
		if len(whole.Root.Items) != len(large.Root.Items) {
			t.Fatalf("%s: %d and %d planned values", name, len(whole.Root.Items), len(large.Root.Items))
		}
		for i := range whole.Root.Items {
			if !reflect.DeepEqual(whole.Root.Items[i], large.Root.Items[i]) {
				t.Errorf("%s: planned value %d differs", name, i)
			}
		}
	}
}

func TestSkipJSON(t *testing.T) {
	for src, want := range map[string]int{
		`{"a":[1,{"b":"]}"}]} x`: 20,
		`"a\"b",`:                6,
		`123,`:                   3,
		`true}`:                  4,
		`[1,2] `:                 5,
		`{"a":1`:                 -1,
		`"abc`:                   -1,
		"\"a\nb\"":               -1,
		`[[[]]]]`:                6,
	} {
		if got := skipJSON([]byte(src), 0); got != want {
			t.Errorf("skipJSON(%q) = %d, want %d", src, got, want)
		}
	}
}

// Whatever the input, the large-plan reader does not panic, and what it
// reads holds what the linter relies on.
func FuzzReadLargePlan(f *testing.F) {
	for _, name := range []string{"plan.json", "securityhub.json"} {
		if src, err := os.ReadFile("../testdata/terraform-plan/" + name); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"change":{"actions":["create"],"after":{"a":1}}}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		file := &File{Src: src, Format: JSON}
		if !readLargePlan(file) {
			if file.Only != nil || file.Deployed != nil || file.Root != nil {
				t.Fatal("a failed read left state behind")
			}
			return
		}
		for i, r := range file.Only {
			if r.Start < 0 || r.End > len(src) || r.Start > r.End || i > 0 && file.Only[i-1].End > r.Start {
				t.Fatalf("Only %v", file.Only)
			}
		}
	})
}
