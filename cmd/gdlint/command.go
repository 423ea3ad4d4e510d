package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// Exit codes. They are part of gdlint's interface: CI scripts test them.
const (
	ExitClean    = 0 // no finding at or above --fail-on
	ExitFindings = 1 // at least one finding at or above --fail-on
	ExitError    = 2 // bad flags, bad config, or a path that cannot be read
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

// Version returns gdlint's version: the one stamped at release, else the
// module version `go install …@vX` recorded, else "devel".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// Command is gdlint's command line, with its streams and environment made
// explicit so tests can run it in-process.
type Command struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Loaded, when set, is told the live heap once the config and catalog
	// are loaded, before any file is read.
	Loaded func(liveHeap uint64)

	rawStderr io.Writer // Stderr as given, to tell whether it is a terminal
}

type options struct {
	outputs       []output // where each report goes
	output        string
	failOn        rules.Level
	failNever     bool
	failOnSet     bool // given on the command line: wins over the config
	excludes      []string
	config        string
	fix, diff     bool
	baseline      string
	writeBaseline string
	logLevel      string
	color         string
	maxFileSize   int64
	cpuProfile    string
	memProfile    string
	noFastReaders bool
	stdinFilename string
	newFromRev    string
	mergeBase     bool // newFromRev is compared through its merge base with HEAD
	version       bool
	asOf          string // the date retirements are evaluated on (--as-of), YYYY-MM-DD
	paths         []string
	cdkOut        []string // --cdk-out: cloud assemblies whose stack templates are linted
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// output is one report: a format, and a file ("" for stdout).
type output struct {
	format, file string
}

// parseOutputs reads the --format flags: "FORMAT" or "FORMAT=FILE". At
// most one goes to stdout, or to --output.
func parseOutputs(flags []string, outputFile string) ([]output, error) {
	if len(flags) == 0 {
		flags = []string{"text"}
	}
	var outs []output
	toStdout := 0
	for _, f := range flags {
		name, file, named := strings.Cut(f, "=")
		if _, ok := report.Lookup(name); !ok {
			msg := fmt.Sprintf("unknown --format %q: use %s (FORMAT or FORMAT=FILE)", name, orList(report.Names(nil)))
			if s := closestValue(name, report.Names(nil)); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			return nil, usagef("%s", msg)
		}
		if named && file == "" {
			return nil, usagef("--format %s= names no file: write --format %s=FILE, or --format %s for stdout", name, name, name)
		}
		if file == "" {
			file = outputFile
			toStdout++
		}
		outs = append(outs, output{name, file})
	}
	if toStdout > 1 {
		return nil, usagef("only one --format can go to stdout; give the others a file, e.g. --format sarif=gdlint.sarif")
	}
	if outputFile != "" && toStdout == 0 {
		for _, o := range outs {
			if o.file == outputFile {
				return nil, usagef("--output and --format %s=%s both write %s; give each report its own file", o.format, o.file, o.file)
			}
		}
		return nil, usagef("--output %s names where the stdout report goes, but every --format has its own file; drop --output, or give one --format without =FILE", outputFile)
	}
	return outs, nil
}

// usageError is a bad invocation: one line on stderr, exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// usageText is --help: usageTemplate with the formats' lines filled in
// from report.Formats, built on first use, not at every start.
var usageText = sync.OnceValue(func() string {
	return strings.Replace(usageTemplate, "{{formats}}\n", formatHelp(), 1)
})

// lazyRegexp is a regular expression compiled on its first use: compiling
// each at package init cost every start, gdlint version included.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

const usageTemplate = `gdlint finds references to retired Amazon GuardDuty finding types.

A retired type is never generated again, so an EventBridge rule, GuardDuty
filter, Security Hub automation rule or handler that waits for one is dead
code. gdlint reports each reference at its exact line and column.

Usage:
  gdlint [flags] [path ...]        lint (default path: .)
  gdlint aws [--region R]... [--all-regions] [--assume-role NAME ...]
                                   lint the rules deployed in live AWS
                                   accounts (gdlint aws --help)
  gdlint catalog [--format text|json|markdown] [--as-of DATE]
                                   list the retired and renamed types,
                                   and the retired Security Hub controls
  gdlint catalog --consolidation   Security Hub's consolidated control
                                   findings mapping (GDL007, GDL008)
  gdlint explain GDL001|TYPE       a rule's documentation, or the facts
                                   about a finding type (Security Hub
                                   spellings too) or a retired control
  gdlint init [FILE]               write a commented .gdlint.yaml
  gdlint completion bash|zsh|fish  a shell completion script
  gdlint version                   the version, as --version

Examples:
  gdlint ./infra                           lint a tree, text to stdout
  gdlint --format sarif -o gdlint.sarif .  SARIF for GitHub code scanning
  gdlint -f github -f sarif=gdlint.sarif . annotations in the log and SARIF, one run
  gdlint --format json main.tf | jq .      one file, JSON for scripts
  gdlint --fail-on never .                 report, never fail the build
  gdlint --diff .                          show what --fix would change
  gdlint --write-baseline .gdlint-baseline.json .
                                           adopt on a large repo: record today's
  gdlint --baseline .gdlint-baseline.json .
                                           ...then report only new findings

Flags:
  -f, --format FORMAT[=FILE]
{{formats}}
  -o, --output FILE       write the stdout report to FILE instead; files are
                          replaced atomically, never left half-written
      --fail-on LEVEL     exit 1 when a finding is at least LEVEL:
                          error, warning, note or never (default error)
      --exclude GLOB      skip paths matching GLOB (doublestar syntax, e.g.
                          'legacy/**' or '**/*.tfvars'); repeatable
  -c, --config FILE       read FILE instead of the .gdlint.yaml found from the
                          first path upwards to the repository root (outside
                          a repository, no higher than the working directory)
      --fix               apply the safe fixes, in finding-type conditions
                          only: remove a retired type from a list that keeps
                          another element, or replace it as the config's
                          replace: map says where an EventBridge rule alerts
                          on it (never in exclusions or suppression rules);
                          never guesses
      --diff              print the unified diff --fix would apply; write nothing;
                          exit as the lint run would
      --new-from-rev REV  report only findings on lines added or changed since
                          the git revision REV (new and untracked files count
                          whole; exit 2 when git cannot say what changed)
      --new-from-merge-base REV
                          the same, since the merge base of REV and HEAD:
                          what a pull request against REV changed
      --as-of DATE        evaluate the catalog on DATE (YYYY-MM-DD; default
                          today): a type retired after DATE is a warning,
                          "will be retired", so next quarter's dead rules
                          show today
      --baseline FILE     report only findings not recorded in FILE
      --write-baseline FILE
                          record the current findings in FILE and exit 0
      --max-file-size N   skip files larger than N bytes, with a notice
                          (default 32MiB; suffixes KiB, MiB, GiB)
      --color WHEN        auto, always or never (default auto: only on a
                          terminal, and never when NO_COLOR is set);
                          --no-color is --color never
      --log-level LEVEL   debug, info, warn or error (default warn); logs go
                          to stderr
      --cpuprofile FILE, --memprofile FILE
                          write pprof profiles, for reporting slowness
      --no-fast-readers   read HCL and YAML with hcl and yaml.v3 only, never
                          with gdlint's faster readers of their plain subset;
                          same findings, slower: for triage of a suspected
                          reader bug (also GDLINT_NO_FAST_READERS=1)
      --cdk-out DIR       also lint the stack templates CDK synthesized into
                          DIR, as its manifest.json lists them (cdk.out is
                          skipped while walking); each finding names its
                          construct path
      --stdin-filename PATH
                          with the path -, which reads standard input: the
                          name to detect its format, match excludes and
                          show it by (git show REV:f | gdlint --stdin-filename f -)
      --version           print the version and exit
  -h, --help              print this help

Directories named .git, .terraform, .terragrunt-cache, node_modules and
cdk.out are skipped unless named on the command line. Files named on the
command line are read unless an exclude names them; after "--" every
argument is a path, even one that looks like a flag. Settings live in
.gdlint.yaml.

To keep a reference on purpose, write in a comment on its line or the line
before:  gdlint:ignore GDL001 -- why  (or the rule's name, or all)

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, config
or I/O error. Documentation: https://github.com/gdlint/gdlint#readme
`

// helpIndent and helpWidth are the column where --help's flag texts start
// and the width they are wrapped to.
const helpIndent, helpWidth = 26, 78

// formatHelp is --help's text for --format: every format of the table,
// with what it is for.
func formatHelp() string {
	var items []string
	for _, f := range report.Formats {
		item := f.Name
		if f.Help != "" {
			item += " (" + f.Help + ")"
		}
		items = append(items, item)
	}
	return wrapHelp(orList(items) + "; repeatable, each to its FILE, one to stdout (default text)")
}

// orList is "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// wrapHelp wraps text to helpWidth, each line indented to helpIndent.
func wrapHelp(text string) string {
	var b strings.Builder
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && helpIndent+len(line)+1+len(w) > helpWidth {
			b.WriteString(strings.Repeat(" ", helpIndent) + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		b.WriteString(strings.Repeat(" ", helpIndent) + line + "\n")
	}
	return b.String()
}

// Main runs gdlint with the given arguments and returns the exit code.
func (c *Command) Main(args []string) int {
	cc := *c
	cc.rawStderr, cc.Stderr = c.Stderr, &statusWriter{w: textsafe.GuardedStderr(c.Stderr)}
	return cc.main(args)
}

func (c *Command) main(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "catalog":
			return c.catalogCmd(args[1:])
		case "aws":
			return c.awsCmd(args[1:])
		case "explain":
			return c.explainCmd(args[1:])
		case "init":
			return c.initCmd(args[1:])
		case "completion":
			return c.completionCmd(args[1:])
		case "version":
			if len(args) > 1 {
				fmt.Fprintf(c.Stderr, "gdlint: version takes no arguments\n")
				return ExitError
			}
			fmt.Fprintf(c.Stdout, "gdlint %s\n", Version())
			return ExitClean
		}
	}
	opts, err := parseFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.Stdout, usageText())
			return ExitClean
		}
		fmt.Fprintf(c.Stderr, "gdlint: %s\nRun 'gdlint --help' for usage.\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	if opts.version {
		fmt.Fprintf(c.Stdout, "gdlint %s\n", Version())
		return ExitClean
	}
	log := c.logger(opts)
	stop, err := startProfiles(opts)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	code, err := c.run(opts, log)
	if perr := stop(); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	return code
}

// rawFlags are the flags that parseFlags checks and converts.
type rawFlags struct {
	failOn, maxSize       string
	newFromRev            string
	newFromMergeBase      string
	excludes, formatFlags stringList
	noColor               bool
	cdkOut                stringList
}

// newFlagSet defines gdlint's flags, into o and raw.
func newFlagSet(o *options, raw *rawFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("gdlint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	failOn, maxSize := &raw.failOn, &raw.maxSize
	excludes, formatFlags := &raw.excludes, &raw.formatFlags
	fs.Var(formatFlags, "format", "")
	fs.Var(formatFlags, "f", "")
	fs.StringVar(&o.output, "output", "", "")
	fs.StringVar(&o.output, "o", "", "")
	fs.StringVar(failOn, "fail-on", "error", "")
	fs.Var(excludes, "exclude", "")
	fs.StringVar(&o.config, "config", "", "")
	fs.StringVar(&o.config, "c", "", "")
	fs.BoolVar(&o.fix, "fix", false, "")
	fs.BoolVar(&o.diff, "diff", false, "")
	fs.StringVar(&o.baseline, "baseline", "", "")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "")
	fs.StringVar(maxSize, "max-file-size", "32MiB", "")
	fs.StringVar(&o.color, "color", "auto", "")
	fs.BoolVar(&raw.noColor, "no-color", false, "") // as tflint and hadolint spell it
	fs.StringVar(&o.logLevel, "log-level", "warn", "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "")
	fs.StringVar(&o.memProfile, "memprofile", "", "")
	fs.BoolVar(&o.noFastReaders, "no-fast-readers", false, "")
	fs.StringVar(&o.stdinFilename, "stdin-filename", "", "")
	fs.StringVar(&raw.newFromRev, "new-from-rev", "", "")
	fs.StringVar(&raw.newFromMergeBase, "new-from-merge-base", "", "")
	fs.StringVar(&o.asOf, "as-of", "", "")
	fs.Var(&raw.cdkOut, "cdk-out", "")
	return fs
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	var raw rawFlags
	fs := newFlagSet(o, &raw)

	// Flags may follow paths (gdlint ./infra --format sarif), as users type
	// them; "--" ends the flags, and everything after it is a path, even
	// what looks like a flag (pre-commit passes file names after "--").
	args, rest := splitAtDashDash(fs, args)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagError(fs, args, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		o.paths = append(o.paths, args[0])
		args = args[1:]
	}
	o.paths = append(o.paths, rest...)
	o.cdkOut = raw.cdkOut
	if len(o.paths) == 0 && len(o.cdkOut) == 0 {
		o.paths = []string{"."}
	}
	if err := o.check(fs, &raw); err != nil {
		return nil, err
	}
	return o, nil
}

// check checks and converts what the flags set: every check but the
// paths', shared by the lint run and gdlint aws.
func (o *options) check(fs *flag.FlagSet, raw *rawFlags) error {
	colorSet := false
	fs.Visit(func(f *flag.Flag) {
		o.failOnSet = o.failOnSet || f.Name == "fail-on"
		colorSet = colorSet || f.Name == "color"
	})
	if o.asOf == "" {
		o.asOf = today()
	} else if err := checkDate(o.asOf); err != nil {
		return err
	}
	if o.fix && o.diff {
		return usagef("--fix and --diff do not go together: --diff shows what --fix would write")
	}
	switch {
	case raw.newFromRev != "" && raw.newFromMergeBase != "":
		return usagef("--new-from-rev and --new-from-merge-base do not go together: give one revision")
	case raw.newFromMergeBase != "":
		o.newFromRev, o.mergeBase = raw.newFromMergeBase, true
	default:
		o.newFromRev = raw.newFromRev
	}
	if err := checkStdin(o); err != nil {
		return err
	}
	outs, err := parseOutputs(raw.formatFlags, o.output)
	if err != nil {
		return err
	}
	o.outputs = outs
	if err := o.setFailOn(raw.failOn); err != nil {
		return enumError("fail-on", raw.failOn, failOnValues)
	}
	for _, g := range raw.excludes {
		if !doublestar.ValidatePattern(g) {
			return usagef("bad --exclude glob %q: check its brackets and braces", g)
		}
	}
	o.excludes = raw.excludes
	if !oneOf(o.color, colorValues) {
		return enumError("color", o.color, colorValues)
	}
	if raw.noColor {
		if colorSet && o.color != "never" {
			return usagef("--no-color and --color %s contradict each other; give one", o.color)
		}
		o.color = "never"
	}
	// zerolog would take more (trace, disabled, numbers); "disabled" would
	// hide the warnings about files gdlint could not read.
	if !oneOf(o.logLevel, logLevelValues) {
		return enumError("log-level", o.logLevel, logLevelValues)
	}
	n, err := parseSize(raw.maxSize)
	if err != nil {
		return usagef("bad --max-file-size %q: %v", raw.maxSize, err)
	}
	o.maxFileSize = n
	return nil
}

// writesFiles are the flags that write or rewrite files: flagError
// suggests one only for a name one edit away.
var writesFiles = map[string]bool{
	"fix": true, "output": true, "write-baseline": true, "cpuprofile": true, "memprofile": true,
}

// The values of the enum flags, as --help lists them.
var (
	failOnValues   = []string{"error", "warning", "note", "never"}
	colorValues    = []string{"auto", "always", "never"}
	logLevelValues = []string{"debug", "info", "warn", "error"}
)

func oneOf(v string, values []string) bool {
	for _, x := range values {
		if v == x {
			return true
		}
	}
	return false
}

// enumError is the one wording of a bad value of an enum flag: the values
// it takes, and the one meant when it is close.
func enumError(flagName, value string, values []string) error {
	msg := fmt.Sprintf("unknown --%s %q: use %s", flagName, value, orList(values))
	if s := closestValue(value, values); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return usagef("%s", msg)
}

// closestValue is the value v was meant to be: the same but for case, one
// it starts with or that starts with it (warning, warn), or one at most
// two edits away and not shorter than those edits; else "".
func closestValue(v string, values []string) string {
	lower := strings.ToLower(v)
	if lower == "" {
		return ""
	}
	best, bestDist := "", 3
	for _, x := range values {
		switch d := rules.EditDistance(lower, x, bestDist); {
		case lower == x || strings.HasPrefix(lower, x) || strings.HasPrefix(x, lower):
			return x
		case d < bestDist && d < len(lower):
			best, bestDist = x, d
		}
	}
	return best
}

// flagError words a flag package error for a user: an unknown flag as it
// was typed, with the closest known flag suggested.
func flagError(fs *flag.FlagSet, args []string, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return usagef("%s", err.Error())
	}
	typed := "-" + name
	for _, a := range args {
		if n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); n == name && strings.HasPrefix(a, "-") {
			typed, _, _ = strings.Cut(a, "=")
			break
		}
	}
	best, bestDist := "", 3 // at most two edits away
	fs.VisitAll(func(f *flag.Flag) {
		d := rules.EditDistance(name, f.Name, bestDist)
		// A suggestion must be closer than the name is long (-x is not
		// --fix), and one that writes files closer still: a user who
		// follows it should not rewrite files they never meant to.
		if d < bestDist && len(f.Name) > 1 && d < len(name) && (d <= 1 || !writesFiles[f.Name]) {
			best, bestDist = f.Name, d
		}
	})
	if best != "" {
		return usagef("unknown flag %s: did you mean --%s?", typed, best)
	}
	return usagef("unknown flag %s", typed)
}

// checkStdin checks the use of "-", standard input, among the paths.
func checkStdin(o *options) error {
	n := 0
	for _, p := range o.paths {
		if p == "-" {
			n++
		}
	}
	switch {
	case n > 1:
		return usagef("- names standard input once; it cannot be read twice")
	case n == 1 && o.fix:
		return usagef("--fix cannot rewrite standard input; use --diff to see the fixes")
	case n == 0 && o.stdinFilename != "":
		return usagef("--stdin-filename names standard input, but no path is -")
	case n == 1 && o.newFromRev != "":
		// git knows what changed in the work tree, not in what is piped in.
		return usagef("--new-from-rev and --new-from-merge-base read the work tree's changes; standard input has none")
	}
	return nil
}

// splitAtDashDash splits args at the first "--" that stands where a flag
// could (not as the value of a flag before it): the flags and paths
// before it, and the paths after it.
func splitAtDashDash(fs *flag.FlagSet, args []string) (before, after []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return args[:i], args[i+1:]
		}
		if len(a) < 2 || a[0] != '-' {
			continue // a path
		}
		name, _, inline := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		f := fs.Lookup(name)
		if f == nil || inline {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		i++ // the next argument is this flag's value
	}
	return args, nil
}

func (o *options) setFailOn(s string) error {
	o.failNever = s == "never"
	if o.failNever {
		return nil
	}
	lvl, err := rules.ParseLevel(s)
	if err != nil || lvl == rules.LevelOff {
		return errors.New("bad level")
	}
	o.failOn = lvl
	return nil
}

// sizeUnits are the suffixes a size may carry, longest first, matched
// ignoring case: KiB, K and KB are all 1024 bytes, as du and ls -h count
// them (a size cap is about memory, which comes in powers of two).
var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1},
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	lower := strings.ToLower(s)
	for _, u := range sizeUnits {
		if strings.HasSuffix(lower, u.suffix) {
			s, mult = s[:len(s)-len(u.suffix)], u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, errors.New("want a positive number of bytes, e.g. 1048576, 64MiB, 4MB or 512K")
	}
	return n * mult, nil
}

// parseOptions is how files are read: the fast readers stay off with
// --no-fast-readers or GDLINT_NO_FAST_READERS=1 (for an Action or a hook,
// where flags are harder to reach).
func (c *Command) parseOptions(o *options) scanner.Options {
	env := c.Getenv("GDLINT_NO_FAST_READERS")
	return scanner.Options{NoFastReaders: o.noFastReaders || env == "1" || env == "true"}
}

// colorEnabled decides colour for text written to w: never with NO_COLOR
// (any value), and on auto only when w is a terminal.
func (c *Command) colorEnabled(o *options, w io.Writer) bool {
	switch o.color {
	case "always":
		return true
	case "never":
		return false
	}
	if c.Getenv("NO_COLOR") != "" {
		return false
	}
	return isTerminal(w)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func (c *Command) logger(o *options) zerolog.Logger {
	lvl, _ := zerolog.ParseLevel(o.logLevel)
	cw := zerolog.ConsoleWriter{
		Out:          c.Stderr,
		NoColor:      c.Getenv("NO_COLOR") != "" || !isTerminal(c.rawStderr),
		PartsExclude: []string{zerolog.TimestampFieldName},
	}
	return zerolog.New(cw).Level(lvl)
}

// startProfiles starts the pprof profiles asked for; stop writes them.
func startProfiles(o *options) (stop func() error, err error) {
	var cpu *os.File
	if o.cpuProfile != "" {
		if cpu, err = os.Create(o.cpuProfile); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			return nil, err
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if o.memProfile == "" {
			return nil
		}
		f, err := os.Create(o.memProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}, nil
}
