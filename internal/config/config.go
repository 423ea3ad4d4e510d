// Package config reads .gdlint.yaml: where it is (Find), what it says
// (Load, with every problem reported at its line), and what follows from
// it (Catalog, Policy, Excluded). It knows the schema and nothing about
// walking, linting or reports.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/rules"
)

// configNames are the file names gdlint looks for, in order.
var configNames = []string{".gdlint.yaml", ".gdlint.yml"}

// Config is a .gdlint.yaml file. The zero Config is no file at all.
type Config struct {
	Path    string                 // where it was read from; "" when there is none
	Exclude []string               // doublestar globs, relative to the file's directory
	Rules   map[string]rules.Level // rule ID to level; LevelOff turns a rule off
	// Overrides set levels for some paths, on top of Rules; a later one
	// wins over an earlier one where both match.
	Overrides []Override
	Retired   []rules.Retired   // types retired after this release of gdlint
	Active    []string          // types gdlint should know as active
	Replace   map[string]string // retired type to the replacement --fix may write
	FailOn    string            // "", or error, warning, note, never

	dir        string         // Dir, made absolute once by Load
	catalog    *rules.Catalog // built on first use
	catalogErr error
}

// Dir is the directory globs in the file are relative to, absolute: a
// config named by a relative path (-c my.yaml) must still match the
// absolute and relative paths it is given.
func (c *Config) Dir() string {
	if c.dir != "" {
		return c.dir
	}
	return filepath.Dir(c.Path)
}

// Excluded reports whether the config's exclude: globs name path (a path
// as given on the command line or found by walking: relative to the
// working directory, or absolute). Globs are relative to the config file's
// directory; a path outside it is never excluded.
func (c *Config) Excluded(path string) bool {
	return c != nil && c.matches(c.Exclude, path)
}

// matches reports whether one of globs, relative to the config's
// directory, names path.
func (c *Config) matches(globs []string, path string) bool {
	if len(globs) == 0 {
		return false
	}
	r := files.RelTo(c.Dir(), filepath.FromSlash(path))
	if strings.HasPrefix(path, "arn:") {
		r = path // a resource of gdlint aws: its globs match the ARN itself
	}
	if r == "" {
		return false
	}
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, r); ok {
			return true
		}
	}
	return false
}

// Policy is the levels the config sets for every path, on top of the
// defaults.
func (c *Config) Policy() rules.Policy { return rules.Policy{Levels: c.Rules} }

// PolicyFor is the levels for the file at path: Policy, with every
// override whose paths match it applied in order.
func (c *Config) PolicyFor(path string) rules.Policy {
	p := c.Policy()
	for _, o := range c.Overrides {
		if !c.matches(o.Paths, path) {
			continue
		}
		levels := make(map[string]rules.Level, len(p.Levels)+len(o.Rules))
		for id, lv := range p.Levels {
			levels[id] = lv
		}
		for id, lv := range o.Rules {
			levels[id] = lv
		}
		p.Levels = levels
	}
	return p
}

// HasOverrides reports whether levels differ from path to path.
func (c *Config) HasOverrides() bool { return c != nil && len(c.Overrides) > 0 }

var configKeys = []string{"exclude", "rules", "overrides", "retired", "active", "replace", "fail-on"}

// Override is one entry of overrides: levels for the files its globs
// match, as golangci-lint's exclusions by path and ruff's per-file ignores
// do (patterns under tests are not live rules).
type Override struct {
	Paths []string               // doublestar globs, relative to the config file's directory
	Rules map[string]rules.Level // rule ID to level, as in rules:
}

// Find looks for a config file in start and each directory above it,
// up to and including the repository root (the first directory holding
// .git). Outside a repository it looks no higher than the working
// directory, cwd: a .gdlint.yaml in a shared parent such as /tmp is
// somebody else's and must not turn rules off or feed --fix. It returns ""
// when there is none.
func Find(start, cwd string) string {
	dir, err := filepath.Abs(start)
	if err != nil {
		return ""
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	stop := files.RepoRoot(dir) // dir itself outside a repository
	if !files.IsRepoRoot(stop) {
		stop = dir
		if files.RelTo(cwd, dir) != "" {
			stop = cwd
		}
	}
	for {
		for _, name := range configNames {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if dir == stop || parent == dir {
			return ""
		}
		dir = parent
	}
}

// configError is a problem in a config file: "file:line: what is wrong".
type configError struct {
	path string
	line int
	msg  string
}

func (e *configError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.path, e.line, e.msg)
	}
	return e.path + ": " + e.msg
}

// IsName reports whether a file's base name is one Find looks for.
func IsName(base string) bool {
	for _, n := range configNames {
		if base == n {
			return true
		}
	}
	return false
}

// Load reads and checks a config file. Every problem is reported with its
// line; nothing is silently ignored.
func Load(path string) (*Config, error) {
	src, err := files.ReadSettings(path)
	if err != nil {
		return nil, &configError{path: path, msg: err.Error()}
	}
	return Parse(path, src)
}

// Parse checks src, the text of the config file at path, as Load does.
func Parse(path string, src []byte) (*Config, error) {
	c := &Config{Path: path, Rules: map[string]rules.Level{}, Replace: map[string]string{}}
	if dir, err := filepath.Abs(filepath.Dir(path)); err == nil {
		c.dir = dir
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file is an empty config
		}
		return nil, &configError{path: path, msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var second yaml.Node
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		line := second.Line
		if err != nil {
			return nil, &configError{path: path, msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
		}
		return nil, &configError{path: path, line: line, msg: "a second YAML document; a config is one document"}
	}
	bad := func(n *yaml.Node, format string, args ...any) error {
		return &configError{path: path, line: n.Line, msg: fmt.Sprintf(format, args...)}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, bad(root, "want a mapping of keys (%s)", strings.Join(configKeys, ", "))
	}
	if err := noDuplicateKeys(root, bad); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "exclude":
			c.Exclude, err = yamlStrings(v, bad, "exclude", checkGlob)
		case "rules":
			c.Rules, err = readRules(v, bad, "rules")
		case "overrides":
			c.Overrides, err = readOverrides(v, bad)
		case "retired":
			err = c.readRetired(v, bad)
		case "active":
			c.Active, err = yamlStrings(v, bad, "active", typeCheck)
		case "replace":
			err = c.readReplace(v, bad)
		case "fail-on":
			switch {
			case v.Kind != yaml.ScalarNode:
				err = bad(v, "fail-on: want one of error, warning, note, never")
			case v.Value == "error", v.Value == "warning", v.Value == "note", v.Value == "never":
				c.FailOn = v.Value
			default:
				err = bad(v, "fail-on: %q is not one of error, warning, note, never", v.Value)
			}
		default:
			err = bad(k, "unknown key %q (known keys: %s)", k.Value, strings.Join(configKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, c.checkReplace(root, bad)
}

type badFunc func(n *yaml.Node, format string, args ...any) error

// yamlStrings reads a list of strings, each passing check (which returns
// what is wrong, or "").
func yamlStrings(v *yaml.Node, bad badFunc, key string, check func(string) string) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, bad(v, "%s: want a list of strings", key)
	}
	out := make([]string, 0, len(v.Content))
	for _, it := range v.Content {
		if it.Kind != yaml.ScalarNode || it.Tag != "!!str" {
			return nil, bad(it, "%s: want a string, got %s", key, describe(it))
		}
		if msg := check(it.Value); msg != "" {
			return nil, bad(it, "%s: %s", key, msg)
		}
		out = append(out, it.Value)
	}
	return out, nil
}

func typeCheck(t string) string {
	if !rules.ValidTypeName(t) {
		return fmt.Sprintf("%q is not a finding type (ThreatPurpose:ResourceType/ThreatFamily)", t)
	}
	return ""
}

func readRules(v *yaml.Node, bad badFunc, key string) (map[string]rules.Level, error) {
	if v.Kind != yaml.MappingNode {
		return nil, bad(v, "%s: want a mapping of rule ID to off, error, warning or note", key)
	}
	out := map[string]rules.Level{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, lv := v.Content[i], v.Content[i+1]
		if rules.ByID(k.Value) == nil {
			return nil, bad(k, "%s: unknown rule %q (known: %s)", key, k.Value, ruleIDs())
		}
		level, err := rules.ParseLevel(lv.Value)
		if lv.Kind != yaml.ScalarNode || err != nil {
			return nil, bad(lv, "%s: %s: want off, error, warning or note, got %s", key, k.Value, describe(lv))
		}
		out[k.Value] = level
	}
	return out, nil
}

// readOverrides reads overrides: a list of {paths: [globs], rules: {ID: level}}.
func readOverrides(v *yaml.Node, bad badFunc) ([]Override, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, bad(v, "overrides: want a list of {paths, rules}")
	}
	var out []Override
	for _, it := range v.Content {
		if it.Kind != yaml.MappingNode {
			return nil, bad(it, "overrides: want a mapping with paths and rules, got %s", describe(it))
		}
		var o Override
		for i := 0; i+1 < len(it.Content); i += 2 {
			k, fv := it.Content[i], it.Content[i+1]
			var err error
			switch k.Value {
			case "paths":
				o.Paths, err = yamlStrings(fv, bad, "overrides: paths", checkGlob)
			case "rules":
				o.Rules, err = readRules(fv, bad, "overrides: rules")
			default:
				err = bad(k, "overrides: unknown key %q (known: paths, rules)", k.Value)
			}
			if err != nil {
				return nil, err
			}
		}
		switch {
		case len(o.Paths) == 0:
			return nil, bad(it, "overrides: an entry has no paths")
		case len(o.Rules) == 0:
			return nil, bad(it, "overrides: an entry has no rules")
		}
		out = append(out, o)
	}
	return out, nil
}

func checkGlob(g string) string {
	if !doublestar.ValidatePattern(g) {
		return fmt.Sprintf("bad glob %q: check its brackets and braces", g)
	}
	return ""
}

func (c *Config) readRetired(v *yaml.Node, bad badFunc) error {
	if v.Kind != yaml.SequenceNode {
		return bad(v, "retired: want a list of {type, retired, suggested_replacements, note}")
	}
	for _, it := range v.Content {
		if it.Kind != yaml.MappingNode {
			return bad(it, "retired: want a mapping with at least type, got %s", describe(it))
		}
		r := rules.Retired{ReplacementBasis: "configured", Source: c.Path}
		for i := 0; i+1 < len(it.Content); i += 2 {
			k, fv := it.Content[i], it.Content[i+1]
			scalar := func() (string, error) {
				if fv.Kind != yaml.ScalarNode {
					return "", bad(fv, "retired: %s: want a string, got %s", k.Value, describe(fv))
				}
				return fv.Value, nil
			}
			var err error
			switch k.Value {
			case "type":
				r.Type, err = scalar()
				if msg := typeCheck(r.Type); err == nil && msg != "" {
					err = bad(fv, "retired: %s", msg)
				}
			case "retired":
				r.RetiredOn, err = scalar()
			case "note":
				r.ReplacementNote, err = scalar()
			case "suggested_replacements":
				r.SuggestedReplacements, err = yamlStrings(fv, bad, "retired: suggested_replacements", typeCheck)
			default:
				err = bad(k, "retired: unknown key %q (known: type, retired, suggested_replacements, note)", k.Value)
			}
			if err != nil {
				return err
			}
		}
		if r.Type == "" {
			return bad(it, "retired: an entry has no type")
		}
		c.Retired = append(c.Retired, r)
	}
	return nil
}

func (c *Config) readReplace(v *yaml.Node, bad badFunc) error {
	if v.Kind != yaml.MappingNode {
		return bad(v, "replace: want a mapping of retired type to replacement type")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, to := v.Content[i], v.Content[i+1]
		if to.Kind != yaml.ScalarNode {
			return bad(to, "replace: %s: want a type, got %s", k.Value, describe(to))
		}
		for _, t := range []*yaml.Node{k, to} {
			if msg := typeCheck(t.Value); msg != "" {
				return bad(t, "replace: %s", msg)
			}
		}
		c.Replace[k.Value] = to.Value
	}
	return nil
}

// checkReplace makes sure each mapping starts at a retired type and ends at
// one that is not: a replacement that is itself retired fixes nothing.
func (c *Config) checkReplace(root *yaml.Node, bad badFunc) error {
	cat, err := c.Catalog()
	if err != nil {
		return bad(root, "%v", err)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "replace" {
			continue
		}
		m := root.Content[i+1]
		for j := 0; j+1 < len(m.Content); j += 2 {
			from, to := m.Content[j], m.Content[j+1]
			if cat.Lookup(from.Value) == nil {
				return bad(from, "replace: %s is not a retired type; only retired types are replaced", from.Value)
			}
			if cat.Lookup(to.Value) != nil {
				return bad(to, "replace: %s is itself retired", to.Value)
			}
		}
	}
	return nil
}

// Catalog is the built-in catalog with the config's types added. A type
// the config lists as retired is retired even if gdlint knows it as active.
// It is built once: with many custom types that takes a while.
func (c *Config) Catalog() (*rules.Catalog, error) {
	if c.catalog == nil && c.catalogErr == nil {
		retired := append(append([]rules.Retired(nil), rules.BuiltinRetired()...), c.Retired...)
		active := append(rules.BuiltinActive(), c.Active...)
		c.catalog, c.catalogErr = rules.NewCatalog(retired, active)
	}
	return c.catalog, c.catalogErr
}

func ruleIDs() string {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// noDuplicateKeys fails on a mapping, at any depth, that has a key twice:
// which one wins is a guess the reader of the file should not have to make.
func noDuplicateKeys(n *yaml.Node, bad badFunc) error {
	if n.Kind == yaml.MappingNode {
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.ScalarNode {
				if seen[k.Value] {
					return bad(k, "duplicate key %q", k.Value)
				}
				seen[k.Value] = true
			}
		}
	}
	for _, c := range n.Content {
		if err := noDuplicateKeys(c, bad); err != nil {
			return err
		}
	}
	return nil
}
