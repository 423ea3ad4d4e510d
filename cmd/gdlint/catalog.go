package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/rules"
)

// subcommandCatalog loads the catalog a subcommand works with: the built-in
// one plus the types of the config file found from the working directory,
// or named with --config.
func (c *Command) subcommandCatalog(configPath string) (*rules.Catalog, error) {
	cfg, err := c.config(&options{config: configPath, paths: []string{"."}}, zerolog.Nop())
	if err != nil {
		return nil, err
	}
	return cfg.Catalog()
}

func (c *Command) subFlags(name string, args []string) (*flag.FlagSet, *string, *string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	fs.StringVar(format, "f", "text", "")
	config := fs.String("config", "", "")
	fs.StringVar(config, "c", "", "")
	err := fs.Parse(args)
	return fs, format, config, err
}

// catalogCmd lists the retired types: gdlint catalog [--format text|json|markdown].
func (c *Command) catalogCmd(args []string) int {
	fs, format, config, err := c.subFlags("catalog", args)
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("catalog takes no arguments, got %q", fs.Arg(0))
	}
	if err == nil && *format != "text" && *format != "json" && *format != "markdown" {
		err = fmt.Errorf("unknown --format %q: use text, json or markdown", *format)
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %v\nUsage: gdlint catalog [--format text|json|markdown] [--config FILE]\n", err)
		return ExitError
	}
	cat, err := c.subcommandCatalog(*config)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %v\n", err)
		return ExitError
	}
	if err := printCatalog(c.Stdout, cat.RetiredTypes(), *format); err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %v\n", err)
		return ExitError
	}
	return ExitClean
}

// printCatalog writes the retired types as a table, JSON (the embedded
// data's shape: an array of objects with at least "type") or Markdown.
func printCatalog(w io.Writer, rs []rules.Retired, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rs)
	case "markdown":
		fmt.Fprintln(w, "| type | retired | default severity | suggested replacements (not AWS mappings) |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for _, r := range rs {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", r.Type, orDash(r.RetiredOn), orDash(r.DefaultSeverity),
				orDash(codeList(r.SuggestedReplacements)))
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tRETIRED\tSEVERITY\tSUGGESTED (NOT AWS MAPPINGS)")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Type, orDash(r.RetiredOn), orDash(r.DefaultSeverity),
			orDash(strings.Join(r.SuggestedReplacements, ", ")))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func codeList(ss []string) string {
	var out []string
	for _, s := range ss {
		out = append(out, "`"+s+"`")
	}
	return strings.Join(out, ", ")
}

// explainCmd prints a rule's documentation, or what gdlint knows of a type.
// It exits 1 for a type it does not know.
func (c *Command) explainCmd(args []string) int {
	fs, _, config, err := c.subFlags("explain", args)
	if err == nil && fs.NArg() != 1 {
		err = fmt.Errorf("explain takes one rule ID or finding type")
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %v\nUsage: gdlint explain GDL001|TYPE [--config FILE]\n", err)
		return ExitError
	}
	arg := fs.Arg(0)
	if r := rules.ByID(strings.ToUpper(arg)); r != nil {
		fmt.Fprint(c.Stdout, explainRule(r))
		return ExitClean
	}
	if ruleIDRE.MatchString(arg) {
		fmt.Fprintf(c.Stderr, "gdlint: there is no rule %s (the rules: %s)\n", strings.ToUpper(arg), ruleList())
		return ExitError
	}
	cat, err := c.subcommandCatalog(*config)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %v\n", err)
		return ExitError
	}
	text, known := explainType(cat, arg)
	fmt.Fprint(c.Stdout, text)
	if !known {
		return ExitFindings
	}
	return ExitClean
}

// explainRule is the rule's page in docs/rules, as text.
func explainRule(r *rules.Rule) string {
	return fmt.Sprintf("%s %s (default level: %s)\n\n%s\n\n%s\n\nMore: %s\n",
		r.ID, r.Name, r.DefaultLevel(), r.Short, docs.Rule(r.ID).Text, docs.RuleURL(r.ID, Version()))
}

// ruleIDRE is what a rule ID looks like, so that explain GDL005 is a rule
// that does not exist rather than an unknown finding type.
var ruleIDRE = regexp.MustCompile(`(?i)^GDL\d{3}$`)

func ruleList() string {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

func explainType(cat *rules.Catalog, typ string) (string, bool) {
	var b strings.Builder
	if canon, ok := cat.Canonical(typ); ok && canon != typ {
		fmt.Fprintf(&b, "%s is the Security Hub spelling of %s.\n\n", typ, canon)
		typ = canon
	}
	if r := cat.Lookup(typ); r != nil {
		fmt.Fprintf(&b, "%s is RETIRED: GuardDuty no longer generates it.\n\n", r.Type)
		field := func(name, v string) {
			if v != "" {
				fmt.Fprintf(&b, "  %-22s %s\n", name+":", v)
			}
		}
		field("retired", orDash(r.RetiredOn))
		field("basis", r.RetiredBasis)
		field("default severity", r.DefaultSeverity)
		field("severity note", r.SeverityNote)
		field("data source", r.DataSource)
		field("suggested (inferred)", strings.Join(r.SuggestedReplacements, ", "))
		field("why these", r.ReplacementNote)
		field("related active types", strings.Join(r.RelatedActiveTypes, ", "))
		field("Security Hub spelling", strings.Join(r.SecurityHubTypes, ", "))
		field("source", r.Source)
		b.WriteString("\nThe suggestions are gdlint's inference, never a mapping AWS published.\n")
		return b.String(), true
	}
	if cat.IsActive(typ) {
		fmt.Fprintf(&b, "%s is ACTIVE: GuardDuty generates it.\n", typ)
		return b.String(), true
	}
	fmt.Fprintf(&b, "%s is UNKNOWN: neither an active nor a retired GuardDuty finding type.\n", typ)
	if s, ok := cat.Suggest(typ); ok {
		fmt.Fprintf(&b, "Did you mean %s?\n", s)
	}
	return b.String(), false
}
