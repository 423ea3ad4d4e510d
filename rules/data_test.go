package rules

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// parseTypeList reads active.txt: one type a line, blank lines and '#'
// comments skipped.
func parseTypeList(b []byte) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// zz_data.go is the files of rules/data, exactly as encoding/json reads
// them (nil and empty lists told apart): a data file changed without
// `go generate ./rules` fails here. Every file under rules/data is held.
func TestGeneratedDataIsTheFiles(t *testing.T) {
	var events struct {
		Entries []DeadEvent `json:"entries"`
	}
	var fields struct {
		Schemas     []FindingSchema    `json:"schemas"`
		Counterpart []FieldCounterpart `json:"counterparts"`
	}
	type held struct {
		into      any // a pointer to a decoded value
		generated func() any
	}
	files := map[string]held{
		"retired.json":       {new([]Retired), func() any { return dataRetired }},
		"renamed.json":       {new([]Renamed), func() any { return dataRenamed }},
		"history.json":       {new(History), func() any { return dataHistory }},
		"consolidation.json": {new(Consolidation), func() any { return dataConsolidation }},
		"controls.json":      {new(ControlsCatalog), func() any { return dataControls }},
		"events.json":        {&events, nil}, // below
		"findingfields.json": {&fields, nil},
		"otherservices.json": {new([]OtherService), func() any { return dataOtherServices }},
		"partitions.json":    {new([]Exclusion), func() any { return dataExclusions }},
		"securityhub.json":   {new(SecurityHubTable), func() any { return dataSecurityHub }},
		"misspellings.json":  {new([]Misspelling), func() any { return dataMisspellings }},
	}
	names, err := filepath.Glob(filepath.Join("data", "*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("reading rules/data: %v %v", names, err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if name == "active.txt" {
			active, err := parseTypeList(b)
			if err != nil || !reflect.DeepEqual(active, dataActive) {
				t.Errorf("active.txt differs from zz_data.go's dataActive (err %v); run go generate ./rules", err)
			}
			continue
		}
		h, ok := files[name]
		if !ok {
			t.Errorf("rules/data/%s is held by no test here: add it to rules/internal/gendata and to this test", name)
			continue
		}
		if err := json.Unmarshal(b, h.into); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got, want any
		switch name {
		case "events.json":
			got, want = events.Entries, dataDeadEvents
		case "findingfields.json":
			if !reflect.DeepEqual(fields.Counterpart, dataFieldCounterparts) {
				t.Errorf("findingfields.json's counterparts differ from zz_data.go; run go generate ./rules")
			}
			got, want = fields.Schemas, dataFindingSchemas()
		default:
			got, want = reflect.ValueOf(h.into).Elem().Interface(), h.generated()
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from zz_data.go; run go generate ./rules", name)
		}
	}
}

// Each Builtin function returns a fresh copy: no slice or map it returns
// is shared with the generated data or with another call's result, so a
// caller that changes what it got changes nothing else.
func TestBuiltinsAreFreshCopies(t *testing.T) {
	builtins := map[string]func() any{
		"BuiltinRetired":          func() any { return BuiltinRetired() },
		"BuiltinRenamed":          func() any { return BuiltinRenamed() },
		"BuiltinActive":           func() any { return BuiltinActive() },
		"BuiltinConsolidation":    func() any { return BuiltinConsolidation() },
		"BuiltinControls":         func() any { return BuiltinControls() },
		"BuiltinDeadEvents":       func() any { return BuiltinDeadEvents() },
		"BuiltinFindingFields":    func() any { s, c := BuiltinFindingFields(); return []any{s, c} },
		"BuiltinOtherServices":    func() any { return BuiltinOtherServices() },
		"BuiltinExclusions":       func() any { return BuiltinExclusions() },
		"BuiltinSecurityHubTable": func() any { return BuiltinSecurityHubTable() },
		"BuiltinMisspellings":     func() any { return BuiltinMisspellings() },
	}
	generated := map[uintptr]bool{}
	for _, v := range []any{dataRetired, dataRenamed, dataActive, dataConsolidation, dataControls, dataDeadEvents,
		dataFieldCounterparts, dataOtherServices, dataExclusions, dataSecurityHub, dataMisspellings} {
		backings(reflect.ValueOf(v), func(p uintptr) { generated[p] = true })
	}
	for name, f := range builtins {
		first := map[uintptr]bool{}
		n := 0
		backings(reflect.ValueOf(f()), func(p uintptr) {
			n++
			first[p] = true
			if generated[p] {
				t.Errorf("%s returns a slice of the generated data", name)
			}
		})
		if n == 0 {
			t.Errorf("%s returned nothing to check", name)
		}
		backings(reflect.ValueOf(f()), func(p uintptr) {
			if first[p] {
				t.Errorf("%s returns a slice or map its previous call returned", name)
			}
		})
	}
}

// backings calls f with the address of every non-empty slice's array and
// every map in v.
func backings(v reflect.Value, f func(uintptr)) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			backings(v.Elem(), f)
		}
	case reflect.Slice:
		if v.Len() > 0 {
			f(v.Pointer())
		}
		for i := 0; i < v.Len(); i++ {
			backings(v.Index(i), f)
		}
	case reflect.Map:
		if !v.IsNil() {
			f(v.Pointer())
		}
		for it := v.MapRange(); it.Next(); {
			backings(it.Value(), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			backings(v.Field(i), f)
		}
	}
}

// Each dead event is one (field, value): deadEvent returns the first entry
// with its field and value, and the scans of code read every entry in file
// order, which a second entry for the same pair would make report twice.
func TestDeadEventsAreUnique(t *testing.T) {
	seen := map[[2]string]bool{}
	for _, e := range dataDeadEvents {
		k := [2]string{e.Field, e.Value}
		if seen[k] {
			t.Errorf("events.json lists %s %q twice", e.Field, e.Value)
		}
		seen[k] = true
	}
}

// The pre-filter's retired control IDs, read from the generated data at
// start, are the lookup maps' keys (and each standard-specific ID's
// GeneratorId form), as they were when the list was built from the maps.
func TestRetiredControlIDsAreTheMaps(t *testing.T) {
	var want []string
	for id := range retiredControls() {
		want = append(want, id)
	}
	for sid := range retiredStandardControls() {
		i := strings.LastIndexByte(sid, '/')
		want = append(want, sid, sid[:i]+"/rule"+sid[i:])
	}
	slices.Sort(want)
	if got := retiredControlWords(); !slices.Equal(got, want) {
		t.Errorf("retiredControlWords() = %v, want %v", got, want)
	}
}
