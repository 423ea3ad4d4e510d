package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

// subcommandCatalog loads the catalog a subcommand works with: the built-in
// one plus the types of the config file found from the working directory,
// or named with --config.
func (c *Command) subcommandCatalog(sf *subcommandFlags) (*rules.Catalog, error) {
	cfg, err := c.config(&options{config: sf.config, paths: []string{"."}}, zerolog.Nop())
	if err != nil {
		return nil, err
	}
	cat, err := cfg.Catalog()
	if err != nil {
		return nil, err
	}
	return cat.AsOf(sf.asOf), nil
}

// subcommandFlags are the flags of catalog and explain.
type subcommandFlags struct {
	format, config, asOf string
	// consolidation asks catalog for Security Hub's consolidated control
	// findings mapping instead of the retired GuardDuty types.
	consolidation bool
}

func (c *Command) subFlags(name string, args []string) (*flag.FlagSet, *subcommandFlags, error) {
	sf := &subcommandFlags{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&sf.format, "format", "text", "")
	fs.StringVar(&sf.format, "f", "text", "")
	fs.StringVar(&sf.config, "config", "", "")
	fs.StringVar(&sf.config, "c", "", "")
	fs.StringVar(&sf.asOf, "as-of", today(), "")
	if name == "catalog" {
		fs.BoolVar(&sf.consolidation, "consolidation", false, "")
	}
	err := fs.Parse(args)
	if err == nil {
		err = checkDate(sf.asOf)
	}
	return fs, sf, err
}

// catalogCmd lists the retired types: gdlint catalog [--format text|json|markdown].
func (c *Command) catalogCmd(args []string) int {
	fs, sf, err := c.subFlags("catalog", args)
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("catalog takes no arguments, got %q", fs.Arg(0))
	}
	if err == nil && sf.format != "text" && sf.format != "json" && sf.format != "markdown" {
		err = fmt.Errorf("unknown --format %q: use text, json or markdown", sf.format)
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\nUsage: gdlint catalog [--format text|json|markdown] [--config FILE] [--as-of DATE] [--consolidation]\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	if sf.consolidation {
		if err := printConsolidation(c.Stdout, sf.format); err != nil {
			fmt.Fprintf(c.Stderr, "gdlint: %s\n", textsafe.Clean(err.Error()))
			return ExitError
		}
		return ExitClean
	}
	cat, err := c.subcommandCatalog(sf)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	h := rules.BuiltinHistory()
	asOf := fmt.Sprintf("The built-in data was checked against AWS's GuardDuty document history through its entry of %s (%s); evaluated as of %s.", h.CheckedThrough, h.Source, cat.Date())
	if sf.format == "json" {
		fmt.Fprintln(c.Stderr, "gdlint: "+asOf) // the JSON stays the data file's shape
	}
	if err := printCatalog(c.Stdout, cat, sf.format, asOf); err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	return ExitClean
}

// printCatalog writes the retired types as a table, JSON (the embedded
// data's shape: an array of objects with at least "type") or Markdown,
// the table and Markdown with what the data was checked against.
func printCatalog(w io.Writer, cat *rules.Catalog, format, asOf string) error {
	rs := cat.RetiredTypes()
	if format == "json" {
		return writeDataJSON(w, rs)
	}
	retired := func(r *rules.Retired) string {
		if cat.Upcoming(r) {
			return r.RetiredOn + " (ahead)"
		}
		return orDash(r.RetiredOn)
	}
	next := func(r *rules.Retired, list func([]string) string) string {
		if r.RenamedTo != "" {
			return "renamed to " + list([]string{r.RenamedTo}) + " (by AWS)"
		}
		return orDash(list(r.SuggestedReplacements))
	}
	if format == "markdown" {
		fmt.Fprintln(w, "| type | retired | default severity | suggested replacements (not AWS mappings) |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for i := range rs {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", rs[i].Type, retired(&rs[i]), orDash(rs[i].DefaultSeverity), next(&rs[i], codeList))
		}
		fmt.Fprintf(w, "\n%s\n", asOf)
		return printControls(w, cat.Date(), true)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tRETIRED\tSEVERITY\tSUGGESTED (NOT AWS MAPPINGS)")
	for i := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", rs[i].Type, retired(&rs[i]), orDash(rs[i].DefaultSeverity),
			next(&rs[i], func(ss []string) string { return strings.Join(ss, ", ") }))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", asOf)
	return printControls(w, cat.Date(), false)
}

// printControls writes the retired Security Hub controls (GDL009) as a
// second table, with the pages they come from: a control retired after
// date is ahead.
func printControls(w io.Writer, date string, markdown bool) error {
	cc := rules.BuiltinControls()
	retired := func(c rules.ControlRetirement) string {
		if date != "" && c.Retired > date {
			return c.Retired + " (ahead)"
		}
		return c.Retired
	}
	from := func(c rules.ControlRetirement) string {
		if c.Notice == "" {
			return c.RetiredFrom
		}
		return c.RetiredFrom + "; notice: " + c.NoticeFrom
	}
	note := fmt.Sprintf("The retired Security Hub controls (GDL009) come from AWS's controls change log (%s) and document history (%s), read %s.", cc.Source, cc.History, cc.Read)
	if markdown {
		fmt.Fprintln(w, "\n| Security Hub control | retired | notice | from |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for _, c := range cc.Controls {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", c.ID, retired(c), orDash(c.Notice), from(c))
		}
		_, err := fmt.Fprintf(w, "\n%s\n", note)
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nSECURITY HUB CONTROL\tRETIRED\tNOTICE\tFROM")
	for _, c := range cc.Controls {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, retired(c), orDash(c.Notice), from(c))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s\n", note)
	return err
}

// printConsolidation writes Security Hub's consolidated control findings
// mapping (rules/data/consolidation.json, which GDL007 and GDL008 read):
// as the data file (json), or as tables of the GeneratorIds, the control
// IDs and the removed ProductFields keys, with the page and the date it
// was read.
func printConsolidation(w io.Writer, format string) error {
	c := rules.BuiltinConsolidation()
	if format == "json" {
		return writeDataJSON(w, c)
	}
	row := func(cells ...string) {
		if format == "markdown" {
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
			return
		}
		fmt.Fprintln(w, strings.Join(cells, "\t"))
	}
	out := w
	var tw *tabwriter.Writer
	if format != "markdown" {
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		w = tw
	}
	tables := 0
	table := func(header ...string) {
		if tables++; tables > 1 {
			fmt.Fprintln(w)
		}
		if format == "markdown" {
			fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
			return
		}
		row(header...)
	}
	table("PRE-CONSOLIDATION GENERATORID", "CONSOLIDATED GENERATORID")
	for _, r := range c.GeneratorIDs {
		row(r.Old, r.New)
	}
	table("STANDARD", "STANDARD CONTROL ID", "SECURITY CONTROL ID")
	for _, r := range c.ControlIDs {
		row(r.Standard, r.Old, r.New)
	}
	table("REMOVED PRODUCTFIELDS KEY", "INSTEAD")
	for _, r := range c.RemovedProductFields {
		row(r.Key, r.Instead)
	}
	if tw != nil {
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(out, "\nFrom %s, read %s (%s).\n", c.Source, c.Read, c.Version)
	return err
}

// today is the date in UTC, the default of --as-of.
func today() string { return time.Now().UTC().Format(time.DateOnly) }

// checkDate checks an --as-of date.
func checkDate(d string) error {
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return usagef("bad --as-of %q: want a date as YYYY-MM-DD", d)
	}
	return nil
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
	fs, sf, err := c.subFlags("explain", args)
	if err == nil && fs.NArg() != 1 {
		err = fmt.Errorf("explain takes one rule ID or finding type")
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\nUsage: gdlint explain GDL001|TYPE [--config FILE] [--as-of DATE]\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	arg := fs.Arg(0)
	if r := rules.ByID(strings.ToUpper(arg)); r != nil {
		fmt.Fprint(c.Stdout, explainRule(r))
		return ExitClean
	}
	if ctl := rules.LookupControl(arg); ctl != nil {
		fmt.Fprint(c.Stdout, explainControl(ctl, sf.asOf))
		return ExitClean
	}
	if ruleIDRE().MatchString(arg) {
		fmt.Fprintf(c.Stderr, "gdlint: there is no rule %s (the rules: %s)\n", strings.ToUpper(arg), ruleList())
		return ExitError
	}
	cat, err := c.subcommandCatalog(sf)
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint: %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	text, known := explainType(cat, arg)
	fmt.Fprint(c.Stdout, text)
	if !known {
		return ExitFindings
	}
	return ExitClean
}

// explainControl says what gdlint knows of a retired Security Hub control.
func explainControl(c *rules.ControlRetirement, date string) string {
	var b strings.Builder
	if date != "" && c.Retired > date {
		fmt.Fprintf(&b, "%s will be RETIRED on %s: Security Hub still runs it until then (GDL009).\n\n", c.ID, c.Retired)
	} else {
		fmt.Fprintf(&b, "%s is a RETIRED Security Hub control: from %s it runs no checks and produces no findings (GDL009).\n\n", c.ID, c.Retired)
	}
	fmt.Fprintf(&b, "  %-22s %s (%s)\n", "retired:", c.Retired, c.RetiredFrom)
	if c.Notice != "" {
		fmt.Fprintf(&b, "  %-22s %s (%s)\n", "notice:", c.Notice, c.NoticeFrom)
	}
	cc := rules.BuiltinControls()
	fmt.Fprintf(&b, "  %-22s %s, %s\n\nAWS names no replacement.\n", "source:", cc.Source, cc.History)
	return b.String()
}

// explainRule is the rule's page in docs/rules, as text.
func explainRule(r *rules.Rule) string {
	return fmt.Sprintf("%s %s (default level: %s)\n\n%s\n\n%s\n\nMore: %s\n",
		r.ID, r.Name, r.DefaultLevel(), r.Short, docs.Rule(r.ID).Text, docs.RuleURL(r.ID, Version()))
}

// ruleIDRE is what a rule ID looks like, so that explain GDL005 is a rule
// that does not exist rather than an unknown finding type.
var ruleIDRE = lazyRegexp(`(?i)^GDL\d{3}$`)

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
		switch {
		case cat.Upcoming(r):
			fmt.Fprintf(&b, "%s will be RETIRED on %s: GuardDuty still generates it until then.\n\n", r.Type, r.RetiredOn)
		case r.RenamedTo != "":
			fmt.Fprintf(&b, "%s was RENAMED to %s on %s: GuardDuty generates only the new name.\n\n", r.Type, r.RenamedTo, r.RetiredOn)
		default:
			fmt.Fprintf(&b, "%s is RETIRED: GuardDuty no longer generates it.\n\n", r.Type)
		}
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
		if r.RenamedTo != "" {
			field("new name (AWS)", r.RenamedTo)
		} else {
			field("suggested (inferred)", strings.Join(r.SuggestedReplacements, ", "))
		}
		field("why these", r.ReplacementNote)
		field("related active types", strings.Join(r.RelatedActiveTypes, ", "))
		field("Security Hub spelling", strings.Join(r.SecurityHubTypes, ", "))
		field("source", r.Source)
		for _, e := range r.Exclusions {
			field("not retired in", fmt.Sprintf("%s: AWS's notice of %s left these out (%s)", e.Where(), e.Date, e.Notice))
			field("notice source", e.Source)
		}
		if r.RenamedTo == "" {
			b.WriteString("\nThe suggestions are gdlint's inference, never a mapping AWS published.\n")
		}
		return b.String(), true
	}
	if cat.IsActive(typ) {
		fmt.Fprintf(&b, "%s is ACTIVE: GuardDuty generates it.\n", typ)
		return b.String(), true
	}
	if ms, ok := rules.LookupMisspelling(typ); ok && cat.Known(ms.Type, false) {
		fmt.Fprintf(&b, "%s is NOT GENERATED: it is how %s spells %s, the type GuardDuty generates. %s\n  source: %s\n",
			typ, ms.Where, ms.Type, ms.Note, ms.Source)
		return b.String(), false
	}
	fmt.Fprintf(&b, "%s is UNKNOWN: neither an active nor a retired GuardDuty finding type.\n", typ)
	if s, ok := cat.Suggest(typ); ok {
		fmt.Fprintf(&b, "Did you mean %s?\n", s)
	}
	return b.String(), false
}

// writeDataJSON writes embedded data as catalog --format json shows it:
// indented, with '<', '>' and '&' as they are.
func writeDataJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
