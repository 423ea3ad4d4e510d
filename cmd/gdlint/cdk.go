package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/gdlint/gdlint/internal/files"
)

// maxManifest bounds a cloud assembly's manifest.json, and maxAssemblyDepth
// its nested assemblies (CDK stages).
const (
	maxManifest      = 16 << 20
	maxAssemblyDepth = 8
)

// cdkTemplates lists the stack templates of the cloud assemblies in dirs
// (--cdk-out): what each manifest.json names as an aws:cloudformation:stack
// artifact's templateFile, through nested assemblies (stages). An assembly
// whose manifest cannot be read or names no stack is an error: a gate that
// saw nothing must not pass.
func cdkTemplates(dirs []string) ([]string, error) {
	var out []string
	for _, dir := range dirs {
		n := len(out)
		var err error
		if out, err = assemblyTemplates(dir, out, 0); err != nil {
			return nil, err
		}
		if len(out) == n {
			return nil, fmt.Errorf("--cdk-out %s: its manifest.json names no stack template", dir)
		}
	}
	return out, nil
}

func assemblyTemplates(dir string, out []string, depth int) ([]string, error) {
	if depth > maxAssemblyDepth {
		return nil, fmt.Errorf("--cdk-out %s: assemblies nested more than %d deep", dir, maxAssemblyDepth)
	}
	manifest := filepath.Join(dir, "manifest.json")
	src, err := files.Read(manifest, maxManifest, nil)
	if err != nil {
		return nil, fmt.Errorf("--cdk-out: cannot read %s: %v", manifest, err)
	}
	var m struct {
		Artifacts map[string]struct {
			Type       string `json:"type"`
			Properties struct {
				TemplateFile  string `json:"templateFile"`
				DirectoryName string `json:"directoryName"`
			} `json:"properties"`
		} `json:"artifacts"`
	}
	if err := json.Unmarshal(src, &m); err != nil {
		return nil, fmt.Errorf("--cdk-out: %s: %v", manifest, err)
	}
	names := make([]string, 0, len(m.Artifacts))
	for name := range m.Artifacts {
		names = append(names, name)
	}
	sort.Strings(names) // the same order on every run
	for _, name := range names {
		a := m.Artifacts[name]
		switch {
		case a.Type == "aws:cloudformation:stack" && a.Properties.TemplateFile != "":
			out = append(out, filepath.Join(dir, filepath.FromSlash(a.Properties.TemplateFile)))
		case a.Type == "cdk:cloud-assembly" && a.Properties.DirectoryName != "":
			if out, err = assemblyTemplates(filepath.Join(dir, filepath.FromSlash(a.Properties.DirectoryName)), out, depth+1); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
