package live

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/gdlint/gdlint/aws/internal/awsfake"
	"github.com/gdlint/gdlint/aws/policy"
)

const (
	caller = awsfake.Caller
	second = "222222222222"
	third  = "333333333333"
)

// start starts the fake AWS and points the SDK's default chain at it.
func start(t *testing.T) *awsfake.Server {
	t.Helper()
	srv := awsfake.New(caller, awsfake.Sample()...)
	t.Cleanup(srv.Close)
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.URL, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDTEST",
		"AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		t.Setenv(k, v)
	}
	return srv
}

// read runs Read and gives its resources, its gaps as lines, and its
// error: Read's own, or else the scan's.
func read(t *testing.T, opts Options) ([]Resource, []string, error) {
	t.Helper()
	scan, err := readScan(t, opts)
	if err != nil {
		return nil, nil, err
	}
	var gaps []string
	for _, g := range scan.Gaps {
		gaps = append(gaps, g.String())
	}
	return scan.Resources, gaps, scan.Err()
}

func readScan(t *testing.T, opts Options) (*Scan, error) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	opts.Config = cfg
	return Read(context.Background(), opts)
}

func arns(rs []Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ARN)
	}
	return out
}

func TestReadOneAccount(t *testing.T) {
	srv := start(t)
	srv.Throttle("events:ListRules", 2) // succeeds on the third try
	srv.Throttle("guardduty:GetFilter", 1)
	found, notices, err := read(t, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"arn:aws:events:us-east-1:111111111111:rule/live",
		"arn:aws:events:us-east-1:111111111111:rule/page-on-recon",
		"arn:aws:events:us-east-1:111111111111:rule/security/macie-classic",
		"arn:aws:events:us-east-1:111111111111:rule/security/tor",
		"arn:aws:guardduty:us-east-1:111111111111:detector/d1/filter/archive-old",
		"arn:aws:guardduty:us-east-1:111111111111:detector/d1/filter/keep-new",
		"arn:aws:securityhub:us-east-1:111111111111:automation-rule/r1",
		"arn:aws:securityhub:us-east-1:111111111111:automation-rule/v2/v2a",
		"arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/i1",
	}
	if got := arns(found); !slices.Equal(got, want) {
		t.Errorf("resources:\n%s\nwant (the schedule has no pattern, so it is not there):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(notices) > 0 {
		t.Errorf("notices: %v", notices)
	}
	docs := map[string]string{}
	for _, r := range found {
		if !json.Valid(r.Doc) {
			t.Errorf("%s: invalid document %s", r.ARN, r.Doc)
		}
		docs[r.Name] = string(r.Doc)
		if r.Region != "us-east-1" || r.Account != caller || r.Kind == "" {
			t.Errorf("%s: region %q account %q kind %q", r.ARN, r.Region, r.Account, r.Kind)
		}
	}
	for name, want := range map[string]string{
		"archive-old":    `"Action": "ARCHIVE"`,
		"keep-new":       `"Neq": [`,
		"suppress-recon": `"Comparison": "EQUALS"`,
		"ocsf-rule":      `"FieldName": "finding_info.types"`,
		"old recon":      `"Comparison": "PREFIX"`,
	} {
		if !strings.Contains(docs[name], want) {
			t.Errorf("%s's document lacks %s:\n%s", name, want, docs[name])
		}
	}
	if strings.Contains(docs["archive-old"], "null") {
		t.Errorf("documents carry no nulls:\n%s", docs["archive-old"])
	}
	calls := srv.Calls()
	if n := count(calls, "events:ListRules"); n != 3+2+2 { // three pages of default, two of security, two throttled
		t.Errorf("ListRules called %d times, want 7: %v", n, calls)
	}
	if n := count(calls, "events:ListEventBuses"); n != 2 {
		t.Errorf("ListEventBuses called %d times, want 2 (two pages)", n)
	}
	if r := srv.Refused(); len(r) > 0 {
		t.Errorf("called outside the read-only set: %v", r)
	}
}

func count(calls []string, op string) int {
	n := 0
	for _, c := range calls {
		if strings.HasSuffix(c, " "+op) {
			n++
		}
	}
	return n
}

// TestReadAccountsByRole reads three accounts by role: one where
// Security Hub is off, one that denies EventBridge and GuardDuty. Each
// is a notice, and what can be read is read.
func TestReadAccountsByRole(t *testing.T) {
	srv := start(t)
	for _, opts := range []Options{
		{AssumeRole: "Audit", Accounts: []string{caller, second, third}},
		{AssumeRole: "Audit", Organization: true},
	} {
		found, notices, err := read(t, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(arns(found), "arn:aws:events:us-east-1:222222222222:rule/xorddos") ||
			!slices.Contains(arns(found), "arn:aws:events:us-east-1:111111111111:rule/page-on-recon") {
			t.Errorf("resources of both readable accounts expected: %v", arns(found))
		}
		text := strings.Join(notices, "\n")
		for _, want := range []string{
			"securityhub (GetInsights, ListAutomationRules, ListAutomationRulesV2) in us-east-1 of account 222222222222: not enabled (InvalidAccessException)",
			"events (ListEventBuses) in us-east-1 of account 333333333333: access denied (AccessDeniedException)",
			"guardduty (ListDetectors) in us-east-1 of account 333333333333: access denied (AccessDeniedException)",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("notices lack %q:\n%s", want, text)
			}
		}
	}
	assumed := 0
	for _, c := range srv.Calls() {
		if strings.HasSuffix(c, "sts:AssumeRole") {
			assumed++
		}
	}
	if assumed != 4 { // once per account and run, the caller's own excepted: the credentials are cached
		t.Errorf("AssumeRole called %d times, want 4", assumed)
	}
	if r := srv.Refused(); len(r) > 0 {
		t.Errorf("called outside the read-only set: %v", r)
	}
}

func TestReadAllRegions(t *testing.T) {
	srv := start(t)
	srv.Regions = []string{"eu-west-1", "us-east-1"}
	found, _, err := read(t, Options{AllRegions: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 9 {
		t.Errorf("%d resources, want the 9 of us-east-1 (eu-west-1 holds none)", len(found))
	}
	regions := map[string]bool{}
	for _, c := range srv.Calls() {
		if strings.HasSuffix(c, "events:ListEventBuses") {
			regions[strings.Fields(c)[1]] = true
		}
	}
	if !regions["eu-west-1"] || !regions["us-east-1"] {
		t.Errorf("regions read: %v", regions)
	}
}

func TestNoCredentials(t *testing.T) {
	start(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_ROLE_ARN", "")
	t.Setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "")
	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "")
	t.Setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "")
	_, _, err := read(t, Options{})
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
}

// TestPolicyCoversEveryCall checks the documented IAM policy against
// what a scan of every kind calls, and against the fake's read-only set.
func TestPolicyCoversEveryCall(t *testing.T) {
	srv := start(t)
	srv.Regions = []string{"us-east-1"}
	if _, _, err := read(t, Options{AllRegions: true, AssumeRole: "Audit", Organization: true}); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Statement []struct{ Action []string } }
	if err := json.Unmarshal(policy.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, st := range doc.Statement {
		for _, a := range st.Action {
			allowed[a] = true
		}
	}
	for _, c := range srv.Calls() {
		op := strings.Fields(c)[2]
		if op != "sts:GetCallerIdentity" && !allowed[op] { // GetCallerIdentity needs no permission
			t.Errorf("%s is called but not in the documented policy", op)
		}
	}
	for a := range allowed {
		if !awsfake.ReadOnly[a] {
			t.Errorf("the policy grants %s, which is not read-only", a)
		}
	}
}

// TestServiceEndpoints checks that AWS_ENDPOINT_URL_<SERVICE> reaches
// each client: the general endpoint goes nowhere.
func TestServiceEndpoints(t *testing.T) {
	srv := start(t)
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	for _, svc := range []string{"STS", "EVENTBRIDGE", "GUARDDUTY", "SECURITYHUB"} {
		t.Setenv("AWS_ENDPOINT_URL_"+svc, srv.URL)
	}
	found, notices, err := read(t, Options{})
	if err != nil || len(found) != 9 || len(notices) > 0 {
		t.Errorf("%d resources, notices %v, err %v", len(found), notices, err)
	}
}

// TestRepeatedToken checks that a listing whose service gives the same
// page token again stops, with a warning, and does not loop forever.
func TestRepeatedToken(t *testing.T) {
	for _, op := range []string{"events:ListRules", "events:ListEventBuses", "guardduty:ListDetectors", "guardduty:ListFilters",
		"securityhub:ListAutomationRules", "securityhub:ListAutomationRulesV2", "securityhub:GetInsights"} {
		t.Run(op, func(t *testing.T) {
			srv := start(t)
			srv.RepeatToken(op)
			done := make(chan struct{})
			var gaps []string
			var err error
			go func() {
				defer close(done)
				_, gaps, err = read(t, Options{})
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("%s: the scan did not end on a repeated page token", op)
			}
			if err != nil {
				t.Fatal(err)
			}
			service, name, _ := strings.Cut(op, ":")
			want := service + " (" + name + ") in us-east-1 of account " + caller + ": the service repeated a page token"
			if len(gaps) != 1 || !strings.HasPrefix(gaps[0], want) {
				t.Errorf("gaps %q, want one starting %q", gaps, want)
			}
		})
	}
}

// TestDeadlines checks that an endpoint that never answers does not hang
// the scan: each setup call has its deadline, and a region its own.
func TestDeadlines(t *testing.T) {
	for _, tc := range []struct {
		op, want string
		opts     Options
	}{
		{"sts:GetCallerIdentity", "sts:GetCallerIdentity: no answer within", Options{}},
		{"organizations:ListAccounts", "organizations:ListAccounts: no answer within", Options{AssumeRole: "Audit", Organization: true}},
		{"sts:AssumeRole", "sts (AssumeRole) of account 222222222222: cannot assume arn:aws:iam::222222222222:role/Audit: no answer within",
			Options{AssumeRole: "Audit", Accounts: []string{second}}},
		{"ec2:DescribeRegions", "ec2 (DescribeRegions) in us-east-1 of account 111111111111: regions unknown, account not read: no answer within",
			Options{AllRegions: true}},
		{"events:ListRules", "events (ListRules) in us-east-1 of account 111111111111: failed: no answer in time", Options{}},
	} {
		t.Run(tc.op, func(t *testing.T) {
			srv := start(t)
			srv.Hang(tc.op)
			tc.opts.CallTimeout, tc.opts.RegionTimeout = 300*time.Millisecond, time.Second
			start := time.Now()
			_, gaps, err := read(t, tc.opts)
			if err == nil || !strings.Contains(err.Error()+strings.Join(gaps, "\n"), tc.want) {
				t.Errorf("err %v, gaps %q; want %q", err, gaps, tc.want)
			}
			if d := time.Since(start); d > 15*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestNothingRead checks that an account where every service is denied
// fails the scan, and that a role that cannot be assumed does too, while
// the other accounts are read.
func TestNothingRead(t *testing.T) {
	srv := start(t)
	srv.Change(caller, func(a *awsfake.Account) {
		a.Denied = map[string]bool{"events": true, "guardduty": true, "securityhub": true}
	})
	srv.Change(third, func(a *awsfake.Account) { a.NoRole = true })
	scan, err := readScan(t, Options{AssumeRole: "Audit", Organization: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(scan.Accounts, []string{second}) {
		t.Errorf("accounts read %v, want only %s", scan.Accounts, second)
	}
	var failures []string
	for _, g := range scan.Gaps {
		if g.Failure {
			failures = append(failures, g.String())
		}
	}
	want := []string{
		"all services (every read) of account 111111111111: nothing could be read in this account",
		"sts (AssumeRole) of account 333333333333: cannot assume arn:aws:iam::333333333333:role/Audit: AccessDenied",
	}
	if !slices.Equal(failures, want) {
		t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(failures, "\n"), strings.Join(want, "\n"))
	}
	if err := scan.Err(); err == nil || !strings.Contains(err.Error(), "2 failures") {
		t.Errorf("Err() = %v", err)
	}
}

// TestSessionOptions checks that the external ID and session name reach
// AssumeRole, and that excluded accounts and regions are not called.
func TestSessionOptions(t *testing.T) {
	srv := start(t)
	srv.Change(second, func(a *awsfake.Account) { a.ExternalID = "xid" })
	_, _, err := read(t, Options{AssumeRole: "Audit", Organization: true, ExcludeAccounts: []string{third},
		ExternalID: "xid", RoleSessionName: "audit-1", Regions: []string{"us-east-1", "eu-west-1"}, ExcludeRegions: []string{"eu-west-1"},
		Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Sessions(); !slices.Equal(got, []string{"arn:aws:iam::222222222222:role/Audit audit-1 xid"}) {
		t.Errorf("AssumeRole calls %q", got)
	}
	for _, c := range srv.Calls() {
		if strings.Contains(c, third) || strings.Contains(c, "eu-west-1") {
			t.Errorf("excluded, but called: %s", c)
		}
	}
}
