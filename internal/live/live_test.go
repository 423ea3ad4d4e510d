package live

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/internal/awsfake"
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

func read(t *testing.T, opts Options) ([]Resource, []Notice, error) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	opts.Config = cfg
	var notices []Notice
	found, err := Read(context.Background(), opts, func(n Notice) { notices = append(notices, n) })
	return found, notices, err
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
	if n := count(calls, "events:ListRules"); n != 3+1+2 { // three pages of default, one of security, two throttled
		t.Errorf("ListRules called %d times, want 6: %v", n, calls)
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
		var said []string
		for _, n := range notices {
			said = append(said, n.String())
		}
		text := strings.Join(said, "\n")
		for _, want := range []string{
			"securityhub:ListAutomationRules in us-east-1 of account 222222222222: not enabled (InvalidAccessException)",
			"events:ListEventBuses in us-east-1 of account 333333333333: access denied (AccessDeniedException)",
			"guardduty:ListDetectors in us-east-1 of account 333333333333: access denied",
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
	if assumed != 6 { // once per account and run: the credentials are cached
		t.Errorf("AssumeRole called %d times, want 6", assumed)
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
	if len(found) != 8 {
		t.Errorf("%d resources, want the 8 of us-east-1 (eu-west-1 holds none)", len(found))
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
	var policy struct{ Statement []struct{ Action []string } }
	if err := json.Unmarshal(docs.AWSPolicy, &policy); err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, st := range policy.Statement {
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
	if err != nil || len(found) != 8 || len(notices) > 0 {
		t.Errorf("%d resources, notices %v, err %v", len(found), notices, err)
	}
}
