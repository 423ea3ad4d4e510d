// Package live reads the resources of live AWS accounts that wait for
// GuardDuty finding types: EventBridge rules on every event bus, GuardDuty
// filters and suppression rules, and Security Hub automation rules (V1
// and V2) and custom insights; and Security Hub's ControlFindingGenerator
// setting in each account and region, which each resource carries. Each comes out as a document in the shape
// the rules already read from files (a rule's event pattern as written;
// a filter, rule or insight as the AWS CLI prints it), named by its ARN,
// so the same scanner and rules lint it.
//
// It makes only List, Get, BatchGet and Describe calls (Policy lists
// them), through the AWS SDK's clients with their standard retryer; EC2's
// DescribeRegions goes through the SDK's middleware, signer and retryer
// without its EC2 client (regions.go says why). What
// it could not read is part of its answer (Scan.Gaps), never dropped: a
// gate must not pass over what it did not see. It knows nothing of
// finding types, levels or reports: it must not import rules or the
// reports.
package live

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Resource is one deployed rule, filter or insight, as a document.
type Resource struct {
	ARN     string
	Kind    string // "EventBridge rule", "GuardDuty filter", ...
	Name    string
	Region  string
	Account string
	Doc     []byte // JSON
	// ControlFindingGenerator is Security Hub's setting in the resource's
	// account and region, as DescribeHub returned it ("SECURITY_CONTROL",
	// "STANDARD_CONTROL"), or "" where it is not known: Security Hub not
	// enabled there, or DescribeHub not answered (a gap says which).
	ControlFindingGenerator string
}

// Options say which accounts and regions to read.
type Options struct {
	// Config is the caller's AWS configuration (the SDK's default chain).
	Config aws.Config
	// Regions to read; none means Config's region. AllRegions asks EC2
	// for the regions enabled in each account instead. ExcludeRegions are
	// never read.
	Regions        []string
	AllRegions     bool
	ExcludeRegions []string
	// AssumeRole, when set, is the name of a role assumed in each of
	// Accounts, or in every active account of the organization with
	// Organization; ExternalID and RoleSessionName go with it. The
	// caller's own account is read with the caller's credentials: the
	// management account of an organization seldom holds the audit role.
	AssumeRole      string
	ExternalID      string
	RoleSessionName string // "gdlint" when empty
	Accounts        []string
	Organization    bool
	ExcludeAccounts []string
	// Concurrency bounds how many accounts, and how many account and
	// region pairs, are read at once; 0 means 4.
	Concurrency int
	// CallTimeout bounds each call of the setup (credentials, identity,
	// each page of the account listing, region discovery, entering an
	// account), retries included; 0 means 30 seconds. RegionTimeout
	// bounds the reading of one account's region; 0 means 5 minutes.
	CallTimeout, RegionTimeout time.Duration
	// Progress, when set, is told how many account and region pairs are
	// read, of how many known so far.
	Progress func(done, total int)
}

// Scan is what Read read, and what it could not.
type Scan struct {
	Resources []Resource // sorted by ARN
	Accounts  []string   // accounts where something was read, sorted
	Regions   []string   // regions where something was read, sorted
	// Gaps are what was not read, one per service and reason, sorted.
	Gaps []Gap
}

// Gap is one service that was not read, for one reason, in some
// accounts and regions.
type Gap struct {
	Service    string   // "securityhub", or "sts" for an account not entered
	Operations []string // "ListAutomationRules", ...
	Reason     string   // "access denied (AccessDeniedException)"
	// Failure: the run must fail (exit 2): an account that could not be
	// entered or in which nothing could be read, or an error other than
	// a lack of access or a service not enabled or not offered there.
	// Otherwise the gap is a warning.
	Failure bool
	Places  []Place // sorted
}

// Place is an account and region ("" for the account as a whole).
type Place struct{ Account, Region string }

// What names the service and its operations: "securityhub
// (ListAutomationRules, GetInsights)".
func (g Gap) What() string {
	return g.Service + " (" + strings.Join(g.Operations, ", ") + ")"
}

// Where names the places, grouping the accounts that share regions:
// "in us-east-1, eu-west-1 of accounts 111111111111, 222222222222; in
// us-east-1 of account 333333333333".
func (g Gap) Where() string {
	regionsOf := map[string][]string{}
	var accts []string
	for _, p := range g.Places {
		if _, ok := regionsOf[p.Account]; !ok {
			accts = append(accts, p.Account)
		}
		if p.Region != "" {
			regionsOf[p.Account] = append(regionsOf[p.Account], p.Region)
		} else if regionsOf[p.Account] == nil {
			regionsOf[p.Account] = []string{}
		}
	}
	var keys []string
	accountsOf := map[string][]string{}
	for _, a := range accts {
		k := strings.Join(regionsOf[a], ", ")
		if _, ok := accountsOf[k]; !ok {
			keys = append(keys, k)
		}
		accountsOf[k] = append(accountsOf[k], a)
	}
	var parts []string
	for _, k := range keys {
		word := "account "
		if len(accountsOf[k]) > 1 {
			word = "accounts "
		}
		in := "of "
		if k != "" {
			in = "in " + k + " of "
		}
		parts = append(parts, in+word+strings.Join(accountsOf[k], ", "))
	}
	return strings.Join(parts, "; ")
}

func (g Gap) String() string { return g.What() + " " + g.Where() + ": " + g.Reason }

// Err is the scan's failure, or nil: what failed, or how many things
// did (each is a gap).
func (s *Scan) Err() error {
	var failed []Gap
	for _, g := range s.Gaps {
		if g.Failure {
			failed = append(failed, g)
		}
	}
	switch len(failed) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("not everything was read, so this run cannot pass: %s", failed[0])
	}
	return fmt.Errorf("not everything was read, so this run cannot pass: %d failures, each named above", len(failed))
}

// ErrNoCredentials is returned when the SDK's default chain finds no
// credentials at all.
var ErrNoCredentials = errors.New("no AWS credentials found")

const (
	defaultCallTimeout   = 30 * time.Second
	defaultRegionTimeout = 5 * time.Minute
)

// Read reads every resource of the accounts and regions opts names. An
// account, region or service that cannot be read is a gap of the Scan,
// and the rest is still read; only a failure before any account could be
// read (no credentials, no identity, no account listing) is an error.
func Read(ctx context.Context, opts Options) (*Scan, error) {
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = defaultCallTimeout
	}
	if opts.RegionTimeout <= 0 {
		opts.RegionTimeout = defaultRegionTimeout
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.RoleSessionName == "" {
		opts.RoleSessionName = "gdlint"
	}
	cctx, cancel := context.WithTimeout(ctx, opts.CallTimeout)
	_, err := opts.Config.Credentials.Retrieve(cctx)
	cancel()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("the AWS credentials: no answer within %v", opts.CallTimeout)
		}
		return nil, fmt.Errorf("%w (%v)", ErrNoCredentials, err)
	}
	cctx, cancel = context.WithTimeout(ctx, opts.CallTimeout)
	id, err := sts.NewFromConfig(opts.Config).GetCallerIdentity(cctx, &sts.GetCallerIdentityInput{})
	cancel()
	if err != nil {
		return nil, fmt.Errorf("sts:GetCallerIdentity: %w", timedOut(err, opts.CallTimeout))
	}
	own := aws.ToString(id.Account)
	accounts, err := targetAccounts(ctx, opts, own)
	if err != nil {
		return nil, err
	}
	accounts = without(accounts, opts.ExcludeAccounts)
	if len(accounts) == 0 {
		return nil, errors.New("no account left to read once --exclude-accounts is applied")
	}
	s := &scan{opts: opts, own: own, partition: partition(id.Arn), gaps: map[gapKey]*Gap{},
		read: map[string]bool{}, regionsRead: map[string]bool{}, settings: map[Place]string{}}
	s.run(ctx, accounts)
	return s.result(accounts), nil
}

// timedOut names a deadline as what it is.
func timedOut(err error, d time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %v", d)
	}
	return err
}

func without(list, drop []string) []string {
	var out []string
	for _, x := range list {
		skip := false
		for _, d := range drop {
			skip = skip || x == d
		}
		if !skip {
			out = append(out, x)
		}
	}
	return out
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
	c := organizations.NewFromConfig(opts.Config)
	err := pages(func(token *string) (*string, error) {
		cctx, cancel := context.WithTimeout(ctx, opts.CallTimeout)
		defer cancel()
		page, err := c.ListAccounts(cctx, &organizations.ListAccountsInput{NextToken: token})
		if err != nil {
			return nil, timedOut(err, opts.CallTimeout)
		}
		for _, a := range page.Accounts {
			if a.State == orgtypes.AccountStateActive || a.State == "" && a.Status == orgtypes.AccountStatusActive {
				out = append(out, aws.ToString(a.Id))
			}
		}
		return page.NextToken, nil
	})
	if err != nil && !errors.Is(err, errRepeatedToken) {
		return nil, fmt.Errorf("organizations:ListAccounts: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("organizations:ListAccounts: %w: the account list may be incomplete", err)
	}
	return out, nil
}

// scan gathers what the goroutines of one Read find.
type scan struct {
	opts      Options
	own       string // the caller's account
	partition string // the caller's ("aws", "aws-cn", ...), for ARNs the APIs do not return
	done      atomic.Int64
	total     atomic.Int64

	mu          sync.Mutex
	found       []Resource
	gaps        map[gapKey]*Gap
	read        map[string]bool // accounts where a service was read
	regionsRead map[string]bool
	settings    map[Place]string // Security Hub's ControlFindingGenerator, where read
}

type gapKey struct{ service, reason string }

// run reads the accounts, opts.Concurrency at a time, and their regions,
// opts.Concurrency pairs at a time.
func (s *scan) run(ctx context.Context, accounts []string) {
	acctSem := make(chan struct{}, s.opts.Concurrency)
	regionSem := make(chan struct{}, s.opts.Concurrency)
	var wg sync.WaitGroup
	for _, acct := range accounts {
		wg.Add(1)
		acctSem <- struct{}{}
		go func() {
			defer wg.Done()
			cfg, regions, ok := s.enter(ctx, acct)
			<-acctSem
			if !ok {
				return
			}
			s.total.Add(int64(len(regions)))
			s.progress()
			for _, region := range regions {
				wg.Add(1)
				regionSem <- struct{}{}
				go func() {
					defer func() { <-regionSem; wg.Done() }()
					rc := cfg.Copy()
					rc.Region = region
					// A region that stops answering fails the run, and
					// does not hang it.
					rctx, cancel := context.WithTimeout(ctx, s.opts.RegionTimeout)
					defer cancel()
					s.readRegion(rctx, rc, acct)
					s.done.Add(1)
					s.progress()
				}()
			}
		}()
	}
	wg.Wait()
}

func (s *scan) progress() {
	if s.opts.Progress != nil {
		s.opts.Progress(int(s.done.Load()), int(s.total.Load()))
	}
}

// enter gets the credentials of one account (assuming the role, within
// the call deadline) and its regions. An account that cannot be entered
// is a failing gap.
func (s *scan) enter(ctx context.Context, acct string) (aws.Config, []string, bool) {
	cfg := s.opts.Config.Copy()
	if s.opts.AssumeRole != "" && acct != s.own {
		arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", s.partition, acct, s.opts.AssumeRole)
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(s.opts.Config), arn,
			func(o *stscreds.AssumeRoleOptions) {
				o.RoleSessionName = s.opts.RoleSessionName
				if s.opts.ExternalID != "" {
					o.ExternalID = aws.String(s.opts.ExternalID)
				}
			}))
		cctx, cancel := context.WithTimeout(ctx, s.opts.CallTimeout)
		_, err := cfg.Credentials.Retrieve(cctx)
		cancel()
		if err != nil {
			s.gap(Place{acct, ""}, "sts", "AssumeRole", "cannot assume "+arn+": "+reasonOf(timedOut(err, s.opts.CallTimeout)), true)
			return cfg, nil, false
		}
	}
	regions, ok := s.regions(ctx, cfg, acct)
	return cfg, regions, ok
}

// regions returns the regions to read in one account.
func (s *scan) regions(ctx context.Context, cfg aws.Config, acct string) ([]string, bool) {
	var rs []string
	switch {
	case s.opts.AllRegions:
		cctx, cancel := context.WithTimeout(ctx, s.opts.CallTimeout)
		names, err := describeRegions(cctx, cfg)
		cancel()
		if err != nil {
			// Without its regions nothing of the account is read.
			s.gap(Place{acct, cfg.Region}, "ec2", "DescribeRegions", "regions unknown, account not read: "+reasonOf(timedOut(err, s.opts.CallTimeout)), true)
			return nil, false
		}
		rs = names
		sort.Strings(rs)
	case len(s.opts.Regions) > 0:
		rs = s.opts.Regions
	default:
		rs = []string{cfg.Region}
	}
	return without(rs, s.opts.ExcludeRegions), true
}

// readRegion reads every service in one account and region.
func (s *scan) readRegion(ctx context.Context, cfg aws.Config, acct string) {
	s.eventBridge(ctx, cfg, acct)
	s.guardDuty(ctx, cfg, acct)
	s.securityHub(ctx, cfg, acct)
}

func (s *scan) add(r Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.found = append(s.found, r)
}

// readOK records that a service answered in an account and region.
func (s *scan) readOK(acct, region string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read[acct] = true
	s.regionsRead[region] = true
}

// gap records a service not read in one place.
func (s *scan) gap(p Place, service, op, reason string, failure bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := gapKey{service, reason}
	g := s.gaps[k]
	if g == nil {
		g = &Gap{Service: service, Reason: reason, Failure: failure}
		s.gaps[k] = g
	}
	if !contains(g.Operations, op) {
		g.Operations = append(g.Operations, op)
	}
	if !containsPlace(g.Places, p) {
		g.Places = append(g.Places, p)
	}
}

func contains(list []string, x string) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func containsPlace(list []Place, p Place) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// failed takes the error of one call of a service in one account and
// region: nil is a service read; otherwise a gap, a warning when the
// service is not ours to read, not enabled or not offered there, a
// failure of the run otherwise. It reports whether err was not nil.
func (s *scan) failed(err error, acct, region, service, op string) bool {
	if err == nil {
		s.readOK(acct, region)
		return false
	}
	reason, warning := classify(err)
	s.gap(Place{acct, region}, service, op, reason, !warning)
	return true
}

// result sorts what was found and adds a failing gap for each account
// entered where nothing at all could be read.
func (s *scan) result(accounts []string) *Scan {
	out := &Scan{Resources: s.found}
	for i := range out.Resources {
		r := &out.Resources[i]
		r.ControlFindingGenerator = s.settings[Place{r.Account, r.Region}]
	}
	sort.Slice(out.Resources, func(i, j int) bool { return out.Resources[i].ARN < out.Resources[j].ARN })
	for _, a := range accounts {
		if s.read[a] {
			out.Accounts = append(out.Accounts, a)
			continue
		}
		entered := true
		for _, g := range s.gaps {
			if g.Failure && containsPlace(g.Places, Place{a, ""}) || g.Service == "ec2" && g.Failure && hasAccount(g.Places, a) {
				entered = false
			}
		}
		if entered {
			s.gap(Place{a, ""}, "all services", "every read", "nothing could be read in this account", true)
		}
	}
	sort.Strings(out.Accounts)
	for r := range s.regionsRead {
		out.Regions = append(out.Regions, r)
	}
	sort.Strings(out.Regions)
	for _, g := range s.gaps {
		sort.Strings(g.Operations)
		sort.Slice(g.Places, func(i, j int) bool {
			a, b := g.Places[i], g.Places[j]
			return a.Account < b.Account || a.Account == b.Account && a.Region < b.Region
		})
		out.Gaps = append(out.Gaps, *g)
	}
	sort.Slice(out.Gaps, func(i, j int) bool {
		a, b := out.Gaps[i], out.Gaps[j]
		return a.Service < b.Service || a.Service == b.Service && a.Reason < b.Reason
	})
	return out
}

func hasAccount(ps []Place, acct string) bool {
	for _, p := range ps {
		if p.Account == acct {
			return true
		}
	}
	return false
}
