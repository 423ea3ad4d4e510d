// Package live reads the resources of live AWS accounts that wait for
// GuardDuty finding types: EventBridge rules on every event bus, GuardDuty
// filters and suppression rules, and Security Hub automation rules (V1
// and V2) and custom insights. Each comes out as a document in the shape
// the rules already read from files (a rule's event pattern as written;
// a filter, rule or insight as the AWS CLI prints it), named by its ARN,
// so the same scanner and rules lint it.
//
// It makes only List, Get, BatchGet and Describe calls (Policy lists
// them), through the AWS SDK's clients with their standard retryer. It
// knows nothing of finding types, levels or reports: it must not import
// rules or the reports.
package live

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// Resource is one deployed rule, filter or insight, as a document.
type Resource struct {
	ARN     string
	Kind    string // "EventBridge rule", "GuardDuty filter", ...
	Name    string
	Region  string
	Account string
	Doc     []byte // JSON
}

// Notice is what a user should know about a scan: a service or region
// that could not be read, and why.
type Notice struct {
	Account, Region, Service string
	Message                  string
}

// Where names what could not be read: "securityhub:GetInsights in
// eu-west-1 of account 111111111111".
func (n Notice) Where() string {
	where := n.Service
	if n.Region != "" {
		where += " in " + n.Region
	}
	if n.Account != "" {
		where += " of account " + n.Account
	}
	return where
}

func (n Notice) String() string { return n.Where() + ": " + n.Message }

// Options say which accounts and regions to read.
type Options struct {
	// Config is the caller's AWS configuration (the SDK's default chain).
	Config aws.Config
	// Regions to read; none means Config's region. AllRegions asks EC2
	// for the regions enabled in each account instead.
	Regions    []string
	AllRegions bool
	// AssumeRole, when set, is the name of a role assumed in each of
	// Accounts, or in every active account of the organization with
	// Organization.
	AssumeRole   string
	Accounts     []string
	Organization bool
	// Concurrency bounds how many account and region pairs are read at
	// once; 0 means 4.
	Concurrency int
}

// regionTimeout bounds the reading of one account's region, retries
// included.
const regionTimeout = 5 * time.Minute

// ErrNoCredentials is returned when the SDK's default chain finds no
// credentials at all.
var ErrNoCredentials = errors.New("no AWS credentials found")

// Read reads every resource of the accounts and regions opts names, and
// returns them sorted by ARN. An account, region or service that cannot
// be read for lack of access, or because the service is not enabled
// there, is a notice and the rest is still read; any other failure is
// returned once everything else is done.
func Read(ctx context.Context, opts Options, notice func(Notice)) ([]Resource, error) {
	if _, err := opts.Config.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoCredentials, err)
	}
	id, err := sts.NewFromConfig(opts.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("sts:GetCallerIdentity: %w", err)
	}
	accounts, err := targetAccounts(ctx, opts, aws.ToString(id.Account))
	if err != nil {
		return nil, err
	}
	s := &scan{notice: notice, partition: partition(id.Arn)}
	n := opts.Concurrency
	if n <= 0 {
		n = 4
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, acct := range accounts {
		cfg := opts.Config.Copy()
		if opts.AssumeRole != "" {
			arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", s.partition, acct, opts.AssumeRole)
			cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(opts.Config), arn,
				func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = "gdlint" }))
		}
		regions, err := s.regions(ctx, cfg, opts, acct)
		if err != nil {
			continue // a notice or a failure, recorded
		}
		for _, region := range regions {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				rc := cfg.Copy()
				rc.Region = region
				// A region that stops answering fails the run, and does
				// not hang it.
				rctx, cancel := context.WithTimeout(ctx, regionTimeout)
				defer cancel()
				s.readRegion(rctx, rc, acct)
			}()
		}
	}
	wg.Wait()
	sort.Slice(s.found, func(i, j int) bool { return s.found[i].ARN < s.found[j].ARN })
	if len(s.failures) > 0 {
		sort.Strings(s.failures)
		more := ""
		if len(s.failures) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(s.failures)-1)
		}
		return s.found, fmt.Errorf("%s%s", s.failures[0], more)
	}
	return s.found, nil
}

// partition is the partition of an ARN ("aws", "aws-cn", "aws-us-gov").
func partition(arn *string) string {
	if parts := strings.SplitN(aws.ToString(arn), ":", 3); len(parts) == 3 && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}

// targetAccounts lists the accounts to read: the caller's own, or with a
// role to assume, the accounts given or the organization's active ones.
func targetAccounts(ctx context.Context, opts Options, own string) ([]string, error) {
	switch {
	case opts.AssumeRole == "":
		return []string{own}, nil
	case !opts.Organization:
		return opts.Accounts, nil
	}
	var out []string
	p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(opts.Config), &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("organizations:ListAccounts: %w", err)
		}
		for _, a := range page.Accounts {
			if a.State == orgtypes.AccountStateActive || a.State == "" && a.Status == orgtypes.AccountStatusActive {
				out = append(out, aws.ToString(a.Id))
			}
		}
	}
	return out, nil
}

// scan gathers what the goroutines of one Read find.
type scan struct {
	notice    func(Notice)
	partition string // the caller's ("aws", "aws-cn", ...), for ARNs the APIs do not return
	mu        sync.Mutex
	found     []Resource
	failures  []string
}

func (s *scan) add(r Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.found = append(s.found, r)
}

// failed takes an error of one service in one account and region: a
// notice when it is a lack of access or a service not enabled, a failure
// of the run otherwise. It reports whether err was nil.
func (s *scan) failed(err error, acct, region, service string) bool {
	if err == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg, ok := notReadable(err); ok {
		s.notice(Notice{Account: acct, Region: region, Service: service, Message: msg})
		return true
	}
	s.failures = append(s.failures, fmt.Sprintf("%s in %s of account %s: %v", service, region, acct, err))
	return true
}

// notReadable tells an error that means "no access here" or "not enabled
// here" from one that means the scan is broken.
func notReadable(err error) (string, bool) {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return "", false
	}
	switch api.ErrorCode() {
	case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnauthorizedException",
		"UnrecognizedClientException", "AuthFailure", "OptInRequired":
		return "access denied (" + api.ErrorCode() + "); not read: " + api.ErrorMessage(), true
	case "InvalidAccessException", "SubscriptionRequiredException", "ResourceNotFoundException":
		return "not enabled (" + api.ErrorCode() + "); not read: " + api.ErrorMessage(), true
	}
	return "", false
}

// regions returns the regions to read in one account.
func (s *scan) regions(ctx context.Context, cfg aws.Config, opts Options, acct string) ([]string, error) {
	switch {
	case opts.AllRegions:
		out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
		if s.failed(err, acct, cfg.Region, "ec2:DescribeRegions") {
			return nil, err
		}
		var rs []string
		for _, r := range out.Regions {
			rs = append(rs, aws.ToString(r.RegionName))
		}
		sort.Strings(rs)
		return rs, nil
	case len(opts.Regions) > 0:
		return opts.Regions, nil
	}
	return []string{cfg.Region}, nil
}

// readRegion reads every service in one account and region.
func (s *scan) readRegion(ctx context.Context, cfg aws.Config, acct string) {
	s.eventBridge(ctx, cfg, acct)
	s.guardDuty(ctx, cfg, acct)
	s.securityHub(ctx, cfg, acct)
}
