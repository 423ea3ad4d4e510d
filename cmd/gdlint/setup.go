package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/internal/config"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
)

// initConfig is what gdlint init writes: every key, commented, with the
// two settings most repositories want first.
const initConfig = `# .gdlint.yaml: settings for gdlint, which finds references to retired
# Amazon GuardDuty finding types. Every key is optional.
# Documentation: https://github.com/gdlint/gdlint#configuration

# Paths gdlint never reads: doublestar globs, relative to this file.
# (.git, .terraform, .terragrunt-cache, node_modules and cdk.out are
# skipped already.)
# exclude:
#   - "legacy/**"

# Levels by path, on top of rules:. gdlint reports sample events and
# findings as notes wherever they are; patterns under tests are not live
# rules either: report them as notes, which do not fail the build.
overrides:
  - paths: ["**/test/**", "**/tests/**", "**/testdata/**", "**/fixtures/**"]
    rules: {GDL001: note, GDL004: note}

# Levels by rule: off, note, warning or error.
# rules:
#   GDL002: warning

# Types AWS retired after this release of gdlint, and what --fix may write
# instead of a retired type (gdlint never picks a replacement itself).
# retired:
#   - type: Recon:IAMUser/Example
#     retired: "2027-01-01"
# replace:
#   Recon:IAMUser/UserPermissions: Discovery:IAMUser/AnomalousBehavior

# The level at which gdlint exits 1; the --fail-on flag wins.
# fail-on: error
`

// initCmd writes a commented .gdlint.yaml, never over an existing file:
// gdlint init [FILE].
func (c *Command) initCmd(args []string) int {
	if len(args) > 1 || len(args) == 1 && strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(c.Stderr, "gdlint: init takes at most one file name\nUsage: gdlint init [FILE]  (default .gdlint.yaml)\n")
		return ExitError
	}
	path := ".gdlint.yaml"
	if len(args) == 1 {
		path = args[0]
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(c.Stderr, "gdlint: %s already exists; gdlint init does not overwrite it (edit it, or remove it first)\n", textsafe.Clean(path))
		return ExitError
	}
	if err == nil {
		_, err = f.WriteString(initConfig)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path) // never a half-written config
		}
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: cannot write %s: %s\n", textsafe.Clean(path), textsafe.Clean(err.Error()))
		return ExitError
	}
	if _, err := config.Load(path); err != nil { // what init writes must load
		fmt.Fprintf(c.Stderr, "gdlint: internal error (please report it): %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	switch filepath.Base(path) {
	case ".gdlint.yaml", ".gdlint.yml": // found from the paths upwards
		fmt.Fprintf(c.Stdout, "gdlint: wrote %s; run gdlint to use it\n", textsafe.Clean(path))
	default:
		fmt.Fprintf(c.Stdout, "gdlint: wrote %s; gdlint looks only for .gdlint.yaml, so run gdlint --config %s to use it\n",
			textsafe.Clean(path), textsafe.Clean(shellQuote(path)))
	}
	return ExitClean
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+=:,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// completionCmd prints a shell completion script: gdlint completion
// bash|zsh|fish.
func (c *Command) completionCmd(args []string) int {
	if len(args) != 1 {
		fmt.Fprintf(c.Stderr, "gdlint: completion takes one shell: bash, zsh or fish\nUsage: source <(gdlint completion bash)\n")
		return ExitError
	}
	flags := completionFlags()
	switch args[0] {
	case "bash":
		fmt.Fprint(c.Stdout, bashCompletion(flags))
	case "zsh":
		fmt.Fprint(c.Stdout, "#compdef gdlint\n(( $+functions[compdef] )) || { autoload -U +X compinit && compinit -u }\nautoload -U +X bashcompinit && bashcompinit\n"+bashCompletion(flags))
	case "fish":
		fmt.Fprint(c.Stdout, fishCompletion(flags))
	default:
		fmt.Fprintf(c.Stderr, "gdlint: unknown shell %q: use bash, zsh or fish\n", args[0])
		return ExitError
	}
	return ExitClean
}

// subcommands are the words gdlint takes before any flag.
var subcommands = []string{"aws", "catalog", "explain", "init", "completion", "version"}

// flagValues are the values a flag takes, for completion.
var flagValues = map[string][]string{
	"format": report.Names(nil), "f": report.Names(nil),
	"fail-on":   {"error", "warning", "note", "never"},
	"color":     {"auto", "always", "never"},
	"log-level": {"debug", "info", "warn", "error"},
}

type completionFlag struct {
	name  string
	short string // its one-letter spelling, if any
	takes bool   // takes a value
}

// completionFlags are gdlint's long flags, from the flag set itself, so a
// new flag completes without being listed twice; a one-letter flag is the
// short spelling of the long flag that shares its value (-f, --format),
// and -h, --help is the flag package's own.
func completionFlags() []completionFlag {
	fs := newFlagSet(&options{}, &rawFlags{})
	shorts := map[flag.Value]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) == 1 {
			shorts[f.Value] = f.Name
		}
	})
	out := []completionFlag{{name: "help", short: "h"}}
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) == 1 {
			return
		}
		b, isBool := f.Value.(interface{ IsBoolFlag() bool })
		out = append(out, completionFlag{f.Name, shorts[f.Value], !(isBool && b.IsBoolFlag())})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func bashCompletion(flags []completionFlag) string {
	var names, cases []string
	for _, f := range flags {
		names = append(names, "--"+f.name)
		pattern := "--" + f.name
		if f.short != "" {
			names = append(names, "-"+f.short)
			pattern += "|-" + f.short
		}
		if vals, ok := flagValues[f.name]; ok {
			cases = append(cases, fmt.Sprintf("    %s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;", pattern, strings.Join(vals, " ")))
		} else if f.takes {
			cases = append(cases, fmt.Sprintf("    %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;", pattern))
		}
	}
	return fmt.Sprintf(`# bash completion for gdlint: source <(gdlint completion bash)
_gdlint() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
%s
  esac
  if [ "$COMP_CWORD" -eq 1 ] && [[ "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur") $(compgen -f -- "$cur"))
    return
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _gdlint gdlint
`, strings.Join(cases, "\n"), strings.Join(subcommands, " "), strings.Join(names, " "))
}

func fishCompletion(flags []completionFlag) string {
	var b strings.Builder
	b.WriteString("# fish completion for gdlint: gdlint completion fish | source\n")
	fmt.Fprintf(&b, "complete -c gdlint -n __fish_use_subcommand -f -a %q\n", strings.Join(subcommands, " "))
	for _, f := range flags {
		line := "complete -c gdlint -l " + f.name
		if f.short != "" {
			line += " -s " + f.short
		}
		if vals, ok := flagValues[f.name]; ok {
			line += fmt.Sprintf(" -x -a %q", strings.Join(vals, " "))
		} else if f.takes {
			line += " -r -F"
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
