package driver

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/scanner"
)

// maxModuleFiles bounds the .tf files read in one module's directory.
const maxModuleFiles = 500

// planSources places the findings of a Terraform plan on the resource
// blocks of the configuration that made it, when those sources are at
// hand: the plan's root module is the directory the plan file is in, and
// a module's directory is its call's local source (relative to the
// calling module) or, for a registry or git module, the directory
// Terraform recorded in the root module's .terraform/modules/modules.json.
// A directory outside the scan root is not read: the plan is a stranger's.
type planSources struct {
	plan           *scanner.Plan
	planPath       string // the plan's display path
	dir, display   string // the root module's directory, on disk and as displayed
	scanRoot       string
	maxSize        int64
	modulesJSON    map[string]string // module path to its directory, from modules.json; read on first use
	modulesJSONSet bool
	blocks         map[string]map[string]tfBlock // module path to "TYPE.NAME" to its block
}

// tfBlock is a resource block in a module's sources.
type tfBlock struct {
	file    *scanner.File
	display string
	at      scanner.Range
}

// onSources moves fs's findings in a plan's resources to the resource
// blocks in the configuration's sources, where those are found; the rest
// stay on the plan.
func (s *session) onSources(t job, f *scanner.File, fs []report.Finding) []report.Finding {
	if f.Plan == nil || t.stdin || len(fs) == 0 {
		return fs
	}
	ps := &planSources{plan: f.Plan, planPath: t.display, dir: filepath.Dir(t.path), display: path.Dir(t.display),
		scanRoot: t.root, maxSize: s.opts.MaxFileSize, blocks: map[string]map[string]tfBlock{}}
	byAddr := map[string]*scanner.PlanResource{}
	for i := range f.Plan.Resources {
		byAddr[f.Plan.Resources[i].Address] = &f.Plan.Resources[i]
	}
	var onPlan, moved []report.Finding
	for _, fd := range fs {
		var r *scanner.PlanResource
		if fd.Logical != nil {
			r = byAddr[fd.Logical.Name]
		}
		if r == nil {
			onPlan = append(onPlan, fd)
			continue
		}
		b, ok := ps.block(scanner.ModulePath(r.ModuleAddress), r.Type+"."+r.Name)
		if !ok {
			onPlan = append(onPlan, fd)
			continue
		}
		fd.Message += fmt.Sprintf(" (its planned value: %s:%d:%d)", ps.planPath, fd.Start.Line, fd.Start.Column)
		fd.Path, fd.Start, fd.End = b.display, b.file.Position(b.at.Start), b.file.Position(b.at.End)
		fd.Line, fd.Text, fd.Fixes = b.file.Window(b.at, report.SnippetWidth), string(b.file.Src[b.at.Start:b.at.End]), nil
		moved = append(moved, fd)
	}
	sortByPlace(moved)
	return append(onPlan, moved...)
}

// sortByPlace orders findings by path, then position, keeping the order of
// equals: each file's findings together, as reports take them.
func sortByPlace(fs []report.Finding) {
	for i := 1; i < len(fs); i++ { // few findings: an insertion sort is stable and enough
		for j := i; j > 0 && placeLess(fs[j], fs[j-1]); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

func placeLess(a, b report.Finding) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Start.Offset < b.Start.Offset
}

// block finds the resource block TYPE.NAME in the module at modPath.
func (ps *planSources) block(modPath, key string) (tfBlock, bool) {
	idx, ok := ps.blocks[modPath]
	if !ok {
		idx = ps.index(modPath)
		ps.blocks[modPath] = idx
	}
	b, ok := idx[key]
	return b, ok
}

// index reads the resource blocks of a module's .tf files; nil when its
// directory is not at hand.
func (ps *planSources) index(modPath string) map[string]tfBlock {
	dir, display, ok := ps.moduleDir(modPath)
	if !ok || !ps.inScanRoot(dir) {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	idx := map[string]tfBlock{}
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		if n++; n > maxModuleFiles {
			break
		}
		src, err := files.Read(filepath.Join(dir, e.Name()), ps.maxSize, nil)
		if err != nil {
			continue
		}
		shown := path.Join(display, e.Name())
		f := scanner.ParseAs(shown, src, scanner.HCL)
		if f.Root == nil {
			continue
		}
		for _, fl := range f.Root.Fields {
			if l := fl.Value.Labels; fl.Key == "resource" && len(l) == 2 {
				if _, dup := idx[l[0]+"."+l[1]]; !dup {
					idx[l[0]+"."+l[1]] = tfBlock{file: f, display: shown, at: fl.KeyRange}
				}
			}
		}
	}
	return idx
}

// inScanRoot reports whether dir, its symlinks resolved, is inside the scan
// root: a link in a stranger's repository must not lead gdlint out of it.
func (ps *planSources) inScanRoot(dir string) bool {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	root, err := filepath.EvalSymlinks(ps.scanRoot)
	if err != nil {
		return false
	}
	return files.RelTo(root, real) != ""
}

// moduleDir is the directory of the module at modPath ("a.b"), on disk and
// as displayed.
func (ps *planSources) moduleDir(modPath string) (dir, display string, ok bool) {
	dir, display = ps.dir, ps.display
	if modPath == "" {
		return dir, display, true
	}
	key := ""
	for _, name := range strings.Split(modPath, ".") {
		if key != "" {
			key += "."
		}
		key += name
		src := ps.plan.ModuleSources[key]
		if strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") {
			dir, display = filepath.Join(dir, filepath.FromSlash(src)), path.Join(display, src)
			continue
		}
		rel, found := ps.installed()[key]
		if !found || filepath.IsAbs(rel) {
			return "", "", false
		}
		dir, display = filepath.Join(ps.dir, filepath.FromSlash(rel)), path.Join(ps.display, filepath.ToSlash(rel))
	}
	return dir, display, true
}

// installed reads .terraform/modules/modules.json, where terraform init
// records each module's directory (relative to the root module).
func (ps *planSources) installed() map[string]string {
	if ps.modulesJSONSet {
		return ps.modulesJSON
	}
	ps.modulesJSONSet = true
	src, err := files.Read(filepath.Join(ps.dir, ".terraform", "modules", "modules.json"), ps.maxSize, nil)
	if err != nil {
		return nil
	}
	var m struct{ Modules []struct{ Key, Dir string } }
	if json.Unmarshal(src, &m) != nil {
		return nil
	}
	ps.modulesJSON = map[string]string{}
	for _, mod := range m.Modules {
		ps.modulesJSON[mod.Key] = mod.Dir
	}
	return ps.modulesJSON
}
