package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/driver"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// awsUsageText is gdlint aws --help, with its formats from report.Formats.
// It is built on first use, not at every start.
var awsUsageText = sync.OnceValue(func() string {
	return strings.Replace(awsUsageTemplate, "{{formats}}", orList(awsFormats), 1)
})

const awsUsageTemplate = `gdlint aws reads the rules deployed in live AWS accounts and reports the
retired GuardDuty finding types they wait for, with the same rules, levels
and reports as a lint run over files.

It reads, with List, Get and Describe calls only:
  EventBridge   the rules of every event bus, with their event patterns
  GuardDuty     the filters and suppression rules of every detector
  Security Hub  automation rules (V1 and V2) and custom insights, and the
                ControlFindingGenerator setting (DescribeHub), which
                decides whether a control finding's identifiers are
                consolidated or per standard

Usage:
  gdlint aws [--region R]... [--all-regions] [--profile P] [flags]
  gdlint aws --assume-role NAME --accounts ID,... | --organization [flags]

The accounts are read by gdlint-aws, a program of its own that holds the
AWS SDK, found next to gdlint or on PATH (each release archive has both;
or go install github.com/gdlint/gdlint/aws/cmd/gdlint-aws@VERSION).
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
      --external-id ID    with --assume-role: the role's external ID
      --role-session-name NAME
                          with --assume-role: the session name (default gdlint)
      --exclude-accounts ID,...
                          accounts not to read (with --organization, say)
      --exclude-regions R,...
                          regions not to read (with --all-regions, say)
      --concurrency N     accounts, and account-region pairs, read at once
                          (default 4)
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

With --assume-role, the caller's own account is read with the caller's
credentials, not the role: an organization's management account seldom
holds the audit role.

What was not read is named, one line per service and reason with its
accounts and regions, on stderr and in the report's coverage record. A
service that an account or region does not let gdlint read, that is not
enabled there (Security Hub off) or not offered there, is a warning; the
rest is read, and the exit code is the findings'. An account that cannot
be entered or in which nothing could be read, or any other failure (no
answer, a network error), is exit 2 once the rest is read, with the
reports complete. No credentials at all is exit 2.
`

// awsOptions are gdlint aws's own flags.
type awsOptions struct {
	regions         stringList
	allRegions      bool
	profile         string
	assumeRole      string
	accounts        string
	organization    bool
	externalID      string
	roleSessionName string
	excludeAccounts string
	excludeRegions  string
	concurrency     int
	// stream, when set, is a gdlint-aws stream to lint (a file, or "-"
	// for standard input) instead of running gdlint-aws: plumbing, for
	// tests and for a stream read elsewhere. Hidden from --help.
	stream string
	set    map[string]bool // the read flags given, to pass on as given
}

// awsReadFlags are the flags gdlint aws passes on to gdlint-aws.
var awsReadFlags = []string{"region", "all-regions", "profile", "assume-role", "accounts", "organization", "external-id",
	"role-session-name", "exclude-accounts", "exclude-regions", "concurrency"}

// awsFormats are the reports gdlint aws writes (report.Format.Live).
var awsFormats = report.Names(func(f report.Format) bool { return f.Live })

// notForAWS are lint flags that mean nothing for deployed rules.
var notForAWS = []string{"fix", "diff", "exclude", "cdk-out", "new-from-rev", "new-from-merge-base", "stdin-filename", "max-file-size"}

func (c *Command) awsCmd(args []string) int {
	o, ao, err := parseAWSFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.Stdout, awsUsageText())
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

var accountID = lazyRegexp(`^[0-9]{12}$`)

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
	fs.StringVar(&ao.externalID, "external-id", "", "")
	fs.StringVar(&ao.roleSessionName, "role-session-name", "", "")
	fs.StringVar(&ao.excludeAccounts, "exclude-accounts", "", "")
	fs.StringVar(&ao.excludeRegions, "exclude-regions", "", "")
	fs.IntVar(&ao.concurrency, "concurrency", 4, "")
	fs.StringVar(&ao.stream, "stream", "", "")
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
	ao.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) {
		for _, n := range awsReadFlags {
			if f.Name == n {
				ao.set[n] = true
			}
		}
	})
	if ao.stream != "" && len(ao.set) > 0 {
		return nil, nil, usagef("--stream lints a stream gdlint-aws wrote: the read flags (--%s) were gdlint-aws's", firstKey(ao.set))
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
	if err := ao.check(); err != nil {
		return nil, nil, err
	}
	return o, ao, nil
}

// regionName is what an AWS region's name looks like: us-east-1,
// us-gov-west-1, ap-southeast-3, eu-central-2, cn-north-1.
var regionName = lazyRegexp(`^[a-z]{2,}(-[a-z]+)+-[0-9]+$`)

// roleSessionName is what STS takes as a session name.
var roleSessionName = lazyRegexp(`^[\w+=,.@-]{2,64}$`)

// check checks gdlint aws's own flags, and splits their lists.
func (ao *awsOptions) check() error {
	var regions []string
	for _, r := range ao.regions {
		regions = append(regions, strings.Split(r, ",")...)
	}
	ao.regions = regions
	switch {
	case ao.allRegions && len(ao.regions) > 0:
		return usagef("--region and --all-regions do not go together")
	case ao.assumeRole == "" && (ao.accounts != "" || ao.organization):
		return usagef("--accounts and --organization need --assume-role NAME: the role to assume in each account")
	case ao.assumeRole != "" && (ao.accounts == "") == !ao.organization:
		return usagef("--assume-role needs one of --accounts ID,... or --organization")
	case ao.assumeRole == "" && (ao.externalID != "" || ao.roleSessionName != ""):
		return usagef("--external-id and --role-session-name go with --assume-role NAME")
	case ao.roleSessionName != "" && !roleSessionName().MatchString(ao.roleSessionName):
		return usagef("bad --role-session-name %q: 2 to 64 letters, digits and +=,.@_-", ao.roleSessionName)
	case ao.concurrency < 1 || ao.concurrency > 64:
		return usagef("--concurrency takes 1 to 64, not %d", ao.concurrency)
	}
	for _, r := range append(append([]string(nil), ao.regions...), splitList(ao.excludeRegions)...) {
		if !regionName().MatchString(r) {
			return usagef("%q is not an AWS region name (such as us-east-1)", r)
		}
	}
	for _, id := range append(splitList(ao.accounts), splitList(ao.excludeAccounts)...) {
		if !accountID().MatchString(id) {
			return usagef("bad account ID %q: an account ID is 12 digits", id)
		}
	}
	return nil
}

// arnPartition is an ARN's partition (aws, aws-cn, aws-us-gov): where a
// retirement notice that excluded a partition or Region still applies.
func arnPartition(arn string) string {
	if f := strings.SplitN(arn, ":", 3); len(f) == 3 && f[0] == "arn" {
		return f[1]
	}
	return "aws"
}

// splitList splits "a,b" into its items; "" is none.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// awsSource runs gdlint-aws with the read flags (or opens --stream) and
// lints each resource of its stream as a document named by its ARN. What
// gdlint-aws could not read becomes notices and the summary's coverage
// record; when that fails the run, the error is an incompleteError, so
// the reports are still finished.
func (c *Command) awsSource(ao *awsOptions, log zerolog.Logger) source {
	return func(r *run, linter *rules.Linter, dopts driver.Options) error {
		r.sum.Unit = "resource"
		r.sum.Coverage = &report.Coverage{Accounts: []string{}, Regions: []string{}, NotRead: []report.CoverageGap{}}
		in, wait, err := c.openStream(ao)
		if err != nil {
			return err
		}
		// The linter of each partition, region and Security Hub setting:
		// the catalog read there, and what the account's setting decides.
		placed := map[string]*rules.Linter{}
		settings := &accountSettings{notice: r.notice}
		st := &awsStream{r: r, log: log, lint: func(res streamLine) error {
			partition := arnPartition(res.ARN)
			account := settings.of(res)
			key := partition + " " + res.Region + " " + account.ControlFindingGenerator
			here := placed[key]
			if here == nil {
				l := *linter
				l.Catalog = linter.Catalog.In(partition, res.Region)
				l.Account = account
				here = &l
				placed[key] = here
			}
			result, lerr := driver.LintDocument(here, dopts, driver.Document{Path: res.ARN, Src: []byte(res.Document), Format: scanner.JSON}, r.notice)
			if lerr != nil {
				return lerr
			}
			for i := range result.Findings {
				f := &result.Findings[i]
				f.Resource = &report.Resource{Kind: res.Kind, Name: res.Name, Region: res.Region, Account: res.Account}
				f.Fixes = nil // edits of a document gdlint made: nothing a user could apply
			}
			r.add(result)
			return nil
		}}
		rerr := st.read(in)
		werr := wait()
		return st.verdict(rerr, werr)
	}
}

// accountSettings reads what a resource line says of its account into a
// rules.Account, saying once per place when a value is one this gdlint
// does not know.
type accountSettings struct {
	notice func(report.Notice)
	told   map[string]bool // account, region and value, once told
}

// knownControlFindingGenerators are the values of Security Hub's
// ControlFindingGenerator the rules take (rules.Account).
var knownControlFindingGenerators = map[string]bool{"SECURITY_CONTROL": true, "STANDARD_CONTROL": true}

// of is the account setting of one resource. A value the rules do not
// know (a setting AWS added later, or a stream written by hand) is read
// as unknown, "": the findings it would decide stay warnings, which is
// not a pass, and a warning says so.
func (s *accountSettings) of(res streamLine) rules.Account {
	v := res.ControlFindingGenerator
	if v == "" || knownControlFindingGenerators[v] {
		return rules.Account{ControlFindingGenerator: v}
	}
	key := res.Account + " " + res.Region + " " + v
	if !s.told[key] {
		if s.told == nil {
			s.told = map[string]bool{}
		}
		s.told[key] = true
		if len(v) > 64 {
			v = v[:64] + "..."
		}
		s.notice(report.Notice{Path: "securityhub (DescribeHub) in " + res.Region + " of account " + res.Account, Level: "warning",
			Message: fmt.Sprintf("ControlFindingGenerator %q is not a value this gdlint knows, so it is read as unknown: the findings it decides stay warnings", v)})
	}
	return rules.Account{}
}
