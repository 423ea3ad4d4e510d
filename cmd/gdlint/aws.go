package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/driver"
	"github.com/gdlint/gdlint/internal/live"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// awsUsageText is gdlint aws --help, with its formats from report.Formats.
var awsUsageText = strings.Replace(awsUsageTemplate, "{{formats}}", orList(awsFormats), 1)

const awsUsageTemplate = `gdlint aws reads the rules deployed in live AWS accounts and reports the
retired GuardDuty finding types they wait for, with the same rules, levels
and reports as a lint run over files.

It reads, with List, Get and Describe calls only:
  EventBridge   the rules of every event bus, with their event patterns
  GuardDuty     the filters and suppression rules of every detector
  Security Hub  automation rules (V1 and V2) and custom insights

Usage:
  gdlint aws [--region R]... [--all-regions] [--profile P] [flags]
  gdlint aws --assume-role NAME --accounts ID,... | --organization [flags]

Credentials and settings come from the AWS SDK's default chain:
environment, shared config and SSO, web identity, IMDS; AWS_REGION,
AWS_PROFILE, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured.
The IAM policy it needs is in docs/aws.md.

Examples:
  gdlint aws --region us-east-1 --region eu-west-1
  gdlint aws --all-regions --format json -o gdlint-aws.json
  gdlint aws --assume-role SecurityAudit --organization --all-regions

Flags:
      --region R          a region to read; repeatable, or R1,R2 (default:
                          the SDK's region, from AWS_REGION or the profile)
      --all-regions       every region enabled in each account (asks EC2)
      --profile P         the shared-config profile to use (as AWS_PROFILE)
      --assume-role NAME  assume the role NAME in each account read
      --accounts ID,...   with --assume-role: the accounts to read
      --organization      with --assume-role: every active account of the
                          organization (organizations:ListAccounts)
  -f, --format FORMAT[=FILE]
                          {{formats}} (default text); SARIF and the other
                          formats place findings in a repository's files,
                          and a deployed rule is in none
  -o, --output FILE       write the report to FILE instead of stdout
      --fail-on LEVEL     exit 1 when a finding is at least LEVEL (default error)
  -c, --config FILE       the config (levels, overrides by ARN glob, custom types)
      --baseline FILE     report only findings not recorded in FILE
      --write-baseline FILE
                          record the current findings in FILE and exit 0
      --color WHEN, --log-level LEVEL
                          as for a lint run

A service that one account or region does not let gdlint read, or that is
not enabled there (Security Hub off), is a warning on stderr and in the
report; the rest is read, and the exit code is unchanged. No credentials at
all is exit 2.
`

// awsOptions are gdlint aws's own flags.
type awsOptions struct {
	regions      stringList
	allRegions   bool
	profile      string
	assumeRole   string
	accounts     string
	organization bool
}

// awsFormats are the reports gdlint aws writes (report.Format.Live).
var awsFormats = report.Names(func(f report.Format) bool { return f.Live })

// notForAWS are lint flags that mean nothing for deployed rules.
var notForAWS = []string{"fix", "diff", "exclude", "cdk-out", "new-from-rev", "new-from-merge-base", "stdin-filename", "max-file-size"}

func (c *Command) awsCmd(args []string) int {
	o, ao, err := parseAWSFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.Stdout, awsUsageText)
			return ExitClean
		}
		fmt.Fprintf(c.Stderr, "gdlint aws: %s\nRun 'gdlint aws --help' for usage.\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	log := c.logger(o)
	code, err := c.lint(o, log, c.awsSource(ao, log))
	if err != nil {
		fmt.Fprintf(c.Stderr, "gdlint aws: %s\n", textsafe.Clean(err.Error()))
		return ExitError
	}
	return code
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

func parseAWSFlags(args []string) (*options, *awsOptions, error) {
	o, ao := &options{}, &awsOptions{}
	var raw rawFlags
	fs := newFlagSet(o, &raw)
	fs.Var(&ao.regions, "region", "")
	fs.BoolVar(&ao.allRegions, "all-regions", false, "")
	fs.StringVar(&ao.profile, "profile", "", "")
	fs.StringVar(&ao.assumeRole, "assume-role", "", "")
	fs.StringVar(&ao.accounts, "accounts", "", "")
	fs.BoolVar(&ao.organization, "organization", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, err
		}
		return nil, nil, flagError(fs, args, err)
	}
	if fs.NArg() > 0 {
		return nil, nil, usagef("gdlint aws takes no paths (got %q): it reads accounts, not files", fs.Arg(0))
	}
	var misplaced error
	fs.Visit(func(f *flag.Flag) {
		for _, n := range notForAWS {
			if f.Name == n && misplaced == nil {
				misplaced = usagef("--%s does not apply to gdlint aws: it reads deployed rules, not files", n)
			}
		}
	})
	if misplaced != nil {
		return nil, nil, misplaced
	}
	o.paths = []string{"."} // where the config is looked for
	if err := o.check(fs, &raw); err != nil {
		return nil, nil, err
	}
	for _, out := range o.outputs {
		if f, _ := report.Lookup(out.format); !f.Live {
			return nil, nil, usagef("--format %s is not offered by gdlint aws: use %s (%s places findings in a repository's files, and a deployed rule is in none)", out.format, orList(awsFormats), out.format)
		}
	}
	var regions []string
	for _, r := range ao.regions {
		regions = append(regions, strings.Split(r, ",")...)
	}
	ao.regions = regions
	switch {
	case ao.allRegions && len(ao.regions) > 0:
		return nil, nil, usagef("--region and --all-regions do not go together")
	case ao.assumeRole == "" && (ao.accounts != "" || ao.organization):
		return nil, nil, usagef("--accounts and --organization need --assume-role NAME: the role to assume in each account")
	case ao.assumeRole != "" && (ao.accounts == "") == !ao.organization:
		return nil, nil, usagef("--assume-role needs one of --accounts ID,... or --organization")
	}
	if ao.accounts != "" {
		for _, id := range strings.Split(ao.accounts, ",") {
			if !accountID.MatchString(id) {
				return nil, nil, usagef("bad account ID %q in --accounts: an account ID is 12 digits", id)
			}
		}
	}
	return o, ao, nil
}

// awsSource reads the accounts ao names and lints each resource as a
// document named by its ARN.
func (c *Command) awsSource(ao *awsOptions, log zerolog.Logger) source {
	return func(r *run, linter *rules.Linter, dopts driver.Options) error {
		r.sum.Unit = "resource"
		ctx := context.Background()
		var loadOpts []func(*config.LoadOptions) error
		if ao.profile != "" {
			loadOpts = append(loadOpts, config.WithSharedConfigProfile(ao.profile))
		}
		if len(ao.regions) > 0 {
			loadOpts = append(loadOpts, config.WithRegion(ao.regions[0]))
		}
		cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
		if err != nil {
			return fmt.Errorf("cannot load the AWS configuration: %v", err)
		}
		if cfg.Region == "" {
			return errors.New("no AWS region: give --region R, set AWS_REGION, or set a region in the profile")
		}
		lopts := live.Options{Config: cfg, Regions: ao.regions, AllRegions: ao.allRegions, AssumeRole: ao.assumeRole,
			Organization: ao.organization}
		if ao.accounts != "" {
			lopts.Accounts = strings.Split(ao.accounts, ",")
		}
		found, err := live.Read(ctx, lopts, func(n live.Notice) {
			r.notice(report.Notice{Path: n.Where(), Level: "warning", Message: n.Message})
		})
		if errors.Is(err, live.ErrNoCredentials) {
			log.Debug().Err(err).Msg("credentials")
			return errors.New("no AWS credentials found: set AWS_PROFILE (and run 'aws sso login' for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
		}
		for _, res := range found {
			result, lerr := driver.LintDocument(linter, dopts, driver.Document{Path: res.ARN, Src: res.Doc, Format: scanner.JSON}, r.notice)
			if lerr != nil {
				return lerr
			}
			for i := range result.Findings {
				f := &result.Findings[i]
				f.Resource = &report.Resource{Kind: res.Kind, Name: res.Name, Region: res.Region, Account: res.Account}
				f.Fixes = nil // edits of a document gdlint made: nothing a user could apply
			}
			r.add(result)
		}
		return err
	}
}
