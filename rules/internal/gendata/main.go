//go:build ignore

// Command gendata writes rules/zz_data.go from rules/data: each data file
// as a Go composite literal the compiler lays out in the binary, so that
// no run of gdlint decodes JSON or parses text at start or on first use.
// The files in rules/data stay the source of truth (tools/catalog-refresh
// writes them); run `go generate ./rules` after changing one, and the
// rules package's TestGeneratedDataIsTheFiles fails until then. It knows
// nothing of what the data means: it decodes each file into the rules
// package's own types, exactly as encoding/json reads them, and writes
// what it decoded.
//
// It builds only when named (go run ./internal/gendata/main.go, from the
// rules directory, as go generate runs it), so that cmd/gdlint stays the
// module's only main package for pre-commit's go install ./...:
//
//	go run ./internal/gendata/main.go [-data data] [-o zz_data.go]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/gdlint/gdlint/rules"
)

// deadEventsFile and findingFieldsFile are the shapes of events.json and
// findingfields.json, as the rules package reads them.
type deadEventsFile struct {
	Entries []rules.DeadEvent `json:"entries"`
}

type findingFieldsFile struct {
	Schemas     []rules.FindingSchema    `json:"schemas"`
	Counterpart []rules.FieldCounterpart `json:"counterparts"`
}

// output is one generated declaration: a variable, or a function where
// the value holds a map (a map at package level would be built at init).
type output struct {
	name string // the Go identifier
	file string // under rules/data
	doc  string
	val  any
}

func main() {
	data := flag.String("data", "data", "the directory of the data files")
	out := flag.String("o", "zz_data.go", "the file to write")
	flag.Parse()
	src, err := generate(*data)
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

// generate returns the gofmt'd source of zz_data.go for the files in dir.
func generate(dir string) ([]byte, error) {
	var (
		retired       []rules.Retired
		renamed       []rules.Renamed
		history       rules.History
		consolidation rules.Consolidation
		controls      rules.ControlsCatalog
		events        deadEventsFile
		fields        findingFieldsFile
		others        []rules.OtherService
		exclusions    []rules.Exclusion
		securityHub   rules.SecurityHubTable
		misspellings  []rules.Misspelling
	)
	decode := []struct {
		file string
		into any
	}{
		{"retired.json", &retired}, {"renamed.json", &renamed}, {"history.json", &history},
		{"consolidation.json", &consolidation}, {"controls.json", &controls}, {"events.json", &events},
		{"findingfields.json", &fields}, {"otherservices.json", &others}, {"partitions.json", &exclusions},
		{"securityhub.json", &securityHub}, {"misspellings.json", &misspellings},
	}
	for _, d := range decode {
		b, err := os.ReadFile(filepath.Join(dir, d.file))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, d.into); err != nil {
			return nil, fmt.Errorf("%s: %w", d.file, err)
		}
	}
	active, err := readTypeList(filepath.Join(dir, "active.txt"))
	if err != nil {
		return nil, err
	}
	outs := []output{
		{"dataRetired", "retired.json", "the retired types, without the renamed ones and without exclusions", retired},
		{"dataRenamed", "renamed.json", "the renames", renamed},
		{"dataHistory", "history.json", "what the data was last checked against", history},
		{"dataActive", "active.txt", "the active types, in file order", active},
		{"dataConsolidation", "consolidation.json", "Security Hub's consolidation tables", consolidation},
		{"dataControls", "controls.json", "the retired Security Hub controls", controls},
		{"dataDeadEvents", "events.json", "the entries: dead EventBridge sources and detail-types", events.Entries},
		{"dataFindingSchemas", "findingfields.json", "the schemas", fields.Schemas},
		{"dataFieldCounterparts", "findingfields.json", "the counterparts", fields.Counterpart},
		{"dataOtherServices", "otherservices.json", "the other services", others},
		{"dataExclusions", "partitions.json", "the exclusions", exclusions},
		{"dataSecurityHub", "securityhub.json", "Security Hub's table of GuardDuty types", securityHub},
		{"dataMisspellings", "misspellings.json", "AWS's own misspellings", misspellings},
	}
	// The GeneratorId table's rows by old GeneratorId (a stable sort of
	// their indexes), for the rules' binary search: no run sorts or hashes
	// the table's 470 rows to look one up.
	if len(consolidation.GeneratorIDs) > math.MaxUint16 {
		return nil, fmt.Errorf("consolidation.json: %d GeneratorId rows, more than a uint16 indexes", len(consolidation.GeneratorIDs))
	}
	byOld := make([]uint16, len(consolidation.GeneratorIDs))
	for i := range byOld {
		byOld[i] = uint16(i)
	}
	sort.SliceStable(byOld, func(i, j int) bool {
		return consolidation.GeneratorIDs[byOld[i]].Old < consolidation.GeneratorIDs[byOld[j]].Old
	})
	outs = append(outs, output{"dataGeneratorIDsByOld", "consolidation.json",
		"the indexes of dataConsolidation.GeneratorIDs, sorted (stably) by Old", byOld})
	var b bytes.Buffer
	b.WriteString("// Code generated by rules/internal/gendata from rules/data; DO NOT EDIT.\n\n")
	b.WriteString("package rules\n\n")
	for _, o := range outs {
		v := reflect.ValueOf(o.val)
		if hasMap(v.Type()) {
			fmt.Fprintf(&b, "// %s returns %s (rules/data/%s), built on each call: it holds a map.\n", o.name, o.doc, o.file)
			fmt.Fprintf(&b, "func %s() %s {\n\treturn ", o.name, typeName(v.Type()))
			writeValue(&b, v, false)
			b.WriteString("\n}\n\n")
			continue
		}
		fmt.Fprintf(&b, "// %s is %s (rules/data/%s).\n", o.name, o.doc, o.file)
		fmt.Fprintf(&b, "var %s = ", o.name)
		writeValue(&b, v, false)
		b.WriteString("\n\n")
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated source: %w", err)
	}
	return src, nil
}

// readTypeList reads active.txt as the rules package does: one type a
// line, blank lines and '#' comments skipped, each line trimmed.
func readTypeList(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
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

// hasMap reports whether a value of t may hold a map.
func hasMap(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Map:
		return true
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return hasMap(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasMap(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// typeName is t as written in package rules.
func typeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "rules.", "")
}

// writeValue writes v as a Go expression; elided says its type may be
// left out (an element of a slice or a map of a composite type). A nil
// slice or map is written nil and an empty one empty, as encoding/json
// tells them apart (null or absent, and []).
func writeValue(b *bytes.Buffer, v reflect.Value, elided bool) {
	prefix := ""
	if !elided {
		prefix = typeName(v.Type())
	}
	switch v.Kind() {
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(typeName(v.Type()) + "{")
		numbers := v.Type().Elem().Kind() >= reflect.Int && v.Type().Elem().Kind() <= reflect.Uint64
		for i := 0; i < v.Len(); i++ {
			switch {
			case !numbers || i%16 == 0:
				b.WriteString("\n") // a string or a composite a line, numbers 16
			default:
				b.WriteString(" ")
			}
			writeValue(b, v.Index(i), true)
			b.WriteString(",")
		}
		if v.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(typeName(v.Type()) + "{")
		keys := v.MapKeys()
		sortValues(keys)
		for _, k := range keys {
			b.WriteString("\n")
			writeValue(b, k, true)
			b.WriteString(": ")
			writeValue(b, v.MapIndex(k), true)
			b.WriteString(",")
		}
		if len(keys) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
	case reflect.Struct:
		b.WriteString(prefix + "{")
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if v.Field(i).IsZero() {
				continue
			}
			b.WriteString("\n" + t.Field(i).Name + ": ")
			writeValue(b, v.Field(i), false)
			b.WriteString(",")
		}
		b.WriteString("\n}")
	default:
		panic("gendata: cannot write a " + v.Kind().String())
	}
}

// sortValues sorts map keys (strings) so the output is stable.
func sortValues(keys []reflect.Value) {
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
}
