// Command gdlint-aws reads the rules deployed in live AWS accounts that
// wait for GuardDuty finding types (EventBridge rules, GuardDuty filters,
// Security Hub automation rules and insights), each with Security Hub's
// ControlFindingGenerator setting where it is deployed, and writes them,
// with what it could not read, as a versioned stream of JSON lines on its
// standard output. It makes only List, Get, BatchGet and Describe calls.
//
// It is the half of `gdlint aws` that holds the AWS SDK and uses
// credentials: gdlint finds it next to its own executable or on PATH,
// runs it with the read flags, and lints the stream. It judges nothing
// itself; see docs/aws.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/gdlint/gdlint/aws/internal/live"
	"github.com/gdlint/gdlint/aws/internal/stream"
)

const usage = `gdlint-aws reads the rules deployed in live AWS accounts and writes them
as a stream of JSON lines (version 1) for 'gdlint aws', which lints them.
Run 'gdlint aws --help' for the flags; this program takes the read flags:
--region, --all-regions, --profile, --assume-role, --accounts,
--organization, --external-id, --role-session-name, --exclude-accounts,
--exclude-regions, --concurrency.

Exit codes: 0 everything was read, 2 not everything (the stream says what).
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

var (
	regionName = regexp.MustCompile(`^[a-z]{2,}(-[a-z]+)+-[0-9]+$`)
	accountID  = regexp.MustCompile(`^[0-9]{12}$`)
)

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gdlint-aws", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var regions, profile, assumeRole, accounts, externalID, session, exAccounts, exRegions string
	var allRegions, organization bool
	var concurrency int
	fs.StringVar(&regions, "region", "", "")
	fs.BoolVar(&allRegions, "all-regions", false, "")
	fs.StringVar(&profile, "profile", "", "")
	fs.StringVar(&assumeRole, "assume-role", "", "")
	fs.StringVar(&accounts, "accounts", "", "")
	fs.BoolVar(&organization, "organization", false, "")
	fs.StringVar(&externalID, "external-id", "", "")
	fs.StringVar(&session, "role-session-name", "", "")
	fs.StringVar(&exAccounts, "exclude-accounts", "", "")
	fs.StringVar(&exRegions, "exclude-regions", "", "")
	fs.IntVar(&concurrency, "concurrency", 4, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "gdlint-aws: %v\n", err)
		return 2
	}
	opts := live.Options{Regions: split(regions), AllRegions: allRegions, AssumeRole: assumeRole, Accounts: split(accounts),
		Organization: organization, ExternalID: externalID, RoleSessionName: session, ExcludeAccounts: split(exAccounts),
		ExcludeRegions: split(exRegions), Concurrency: concurrency}
	if err := check(fs, opts); err != nil {
		fmt.Fprintf(stderr, "gdlint-aws: %v\n", err)
		return 2
	}
	w := stream.NewWriter(stdout)
	code := read(w, opts, profile)
	if err := w.End(); err != nil {
		fmt.Fprintf(stderr, "gdlint-aws: writing the stream: %v\n", err)
		return 2
	}
	return code
}

// check checks what gdlint aws checks too, for a user who runs
// gdlint-aws alone.
func check(fs *flag.FlagSet, o live.Options) error {
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("gdlint-aws takes no arguments (got %q)", fs.Arg(0))
	case o.AllRegions && len(o.Regions) > 0:
		return errors.New("--region and --all-regions do not go together")
	case o.AssumeRole == "" && (len(o.Accounts) > 0 || o.Organization):
		return errors.New("--accounts and --organization need --assume-role NAME")
	case o.AssumeRole != "" && (len(o.Accounts) == 0) == !o.Organization:
		return errors.New("--assume-role needs one of --accounts ID,... or --organization")
	case o.Concurrency < 1 || o.Concurrency > 64:
		return fmt.Errorf("--concurrency takes 1 to 64, not %d", o.Concurrency)
	}
	for _, r := range append(append([]string(nil), o.Regions...), o.ExcludeRegions...) {
		if !regionName.MatchString(r) {
			return fmt.Errorf("%q is not an AWS region name (such as us-east-1)", r)
		}
	}
	for _, id := range append(append([]string(nil), o.Accounts...), o.ExcludeAccounts...) {
		if !accountID.MatchString(id) {
			return fmt.Errorf("bad account ID %q: an account ID is 12 digits", id)
		}
	}
	return nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// read reads the accounts and writes what it found, and what it did not,
// to w; it returns the exit code.
func read(w *stream.Writer, opts live.Options, profile string) int {
	ctx := context.Background()
	var loadOpts []func(*config.LoadOptions) error
	if profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(profile))
	}
	if len(opts.Regions) > 0 {
		loadOpts = append(loadOpts, config.WithRegion(opts.Regions[0]))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		w.Write(stream.Line{Type: "error", Message: fmt.Sprintf("cannot load the AWS configuration: %v", err)})
		return 2
	}
	if cfg.Region == "" {
		w.Write(stream.Line{Type: "error", Message: "no AWS region: give --region R, set AWS_REGION, or set a region in the profile"})
		return 2
	}
	opts.Config = cfg
	opts.Progress = func(done, total int) { w.Write(stream.Line{Type: "progress", Done: done, Total: total}) }
	scan, err := live.Read(ctx, opts)
	switch {
	case errors.Is(err, live.ErrNoCredentials):
		w.Write(stream.Line{Type: "error", Detail: err.Error(),
			Message: "no AWS credentials found: set AWS_PROFILE (and run 'aws sso login' for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"})
		return 2
	case err != nil:
		w.Write(stream.Line{Type: "coverage"})
		w.Write(stream.Line{Type: "failure", Message: err.Error()})
		return 2
	}
	for _, r := range scan.Resources {
		w.Write(stream.Line{Type: "resource", ARN: r.ARN, Kind: r.Kind, Name: r.Name, Region: r.Region, Account: r.Account, Document: string(r.Doc),
			ControlFindingGenerator: r.ControlFindingGenerator})
	}
	for _, g := range scan.Gaps {
		var places []stream.Place
		for _, p := range g.Places {
			places = append(places, stream.Place{Account: p.Account, Region: p.Region})
		}
		w.Write(stream.Line{Type: "gap", Service: g.Service, Operations: g.Operations, Reason: g.Reason, Failure: g.Failure, Places: places,
			What: g.What(), Where: g.Where()})
	}
	w.Write(stream.Line{Type: "coverage", Accounts: scan.Accounts, Regions: scan.Regions})
	if err := scan.Err(); err != nil {
		w.Write(stream.Line{Type: "failure", Message: err.Error()})
		return 2
	}
	return 0
}
