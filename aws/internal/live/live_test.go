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

// TestControlFindingGenerator checks that each resource carries Security
// Hub's ControlFindingGenerator of its own account and region; that
// Security Hub not enabled is no setting and no gap of its own; and that
// a denied DescribeHub, or an answer without the setting, is a warning of
// its own that says the setting is unknown, while everything else is read.
func TestControlFindingGenerator(t *testing.T) {
	srv := start(t)
	pattern := `{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"]}`
	srv.Change(caller, func(a *awsfake.Account) {
		a.Regions["us-east-1"].ControlFindingGenerator = "STANDARD_CONTROL"
		a.Regions["eu-west-1"] = &awsfake.Region{Buses: map[string][]awsfake.Rule{"default": {{Name: "hub", EventPattern: pattern}}}}
		a.Regions["ap-south-1"] = &awsfake.Region{Buses: map[string][]awsfake.Rule{"default": {{Name: "hub", EventPattern: pattern}}},
			ControlFindingGenerator: awsfake.NoGenerator}
	})
	srv.Change(third, func(a *awsfake.Account) {
		a.Denied = map[string]bool{"securityhub:DescribeHub": true}
		a.Regions = map[string]*awsfake.Region{"us-east-1": {Buses: map[string][]awsfake.Rule{"default": {{Name: "hub", EventPattern: pattern}}}}}
	})
	scan, err := readScan(t, Options{AssumeRole: "Audit", Organization: true, Regions: []string{"us-east-1", "eu-west-1", "ap-south-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := scan.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"arn:aws:events:us-east-1:111111111111:rule/page-on-recon":                  "STANDARD_CONTROL",
		"arn:aws:events:us-east-1:111111111111:rule/security/macie-classic":         "STANDARD_CONTROL",
		"arn:aws:securityhub:us-east-1:111111111111:automation-rule/r1":             "STANDARD_CONTROL",
		"arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/i1": "STANDARD_CONTROL",
		"arn:aws:guardduty:us-east-1:111111111111:detector/d1/filter/archive-old":   "STANDARD_CONTROL",
		"arn:aws:events:eu-west-1:111111111111:rule/hub":                            "SECURITY_CONTROL",
		"arn:aws:events:ap-south-1:111111111111:rule/hub":                           "", // answered without it
		"arn:aws:events:us-east-1:222222222222:rule/xorddos":                        "", // Security Hub off
		"arn:aws:events:us-east-1:333333333333:rule/hub":                            "", // DescribeHub denied
		"arn:aws:securityhub:us-east-1:111111111111:automation-rule/v2/v2a":         "STANDARD_CONTROL",
		"arn:aws:guardduty:us-east-1:111111111111:detector/d1/filter/keep-new":      "STANDARD_CONTROL",
		"arn:aws:events:us-east-1:111111111111:rule/live":                           "STANDARD_CONTROL",
		"arn:aws:events:us-east-1:111111111111:rule/security/tor":                   "STANDARD_CONTROL",
	}
	got := map[string]string{}
	for _, r := range scan.Resources {
		got[r.ARN] = r.ControlFindingGenerator
	}
	for arn, w := range want {
		if g, ok := got[arn]; !ok || g != w {
			t.Errorf("%s: ControlFindingGenerator %q (read: %v), want %q", arn, g, ok, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d resources, want %d: %v", len(got), len(want), got)
	}
	var gaps []string
	for _, g := range scan.Gaps {
		if g.Failure {
			t.Errorf("a failure: %s", g)
		}
		if slices.Contains(g.Operations, "DescribeHub") {
			gaps = append(gaps, g.String())
		}
	}
	unknown := "; Security Hub's ControlFindingGenerator setting is unknown there, so the findings it decides stay warnings, neither errors nor silenced"
	wantGaps := []string{
		"securityhub (DescribeHub) in ap-south-1, eu-west-1, us-east-1 of account 333333333333: access denied (AccessDeniedException)" + unknown,
		"securityhub (DescribeHub) in ap-south-1 of account 111111111111: answered without a ControlFindingGenerator" + unknown,
	}
	slices.Sort(gaps)
	slices.Sort(wantGaps)
	if !slices.Equal(gaps, wantGaps) {
		t.Errorf("DescribeHub gaps:\n%s\nwant (Security Hub off in 222222222222 is none of them):\n%s", strings.Join(gaps, "\n"), strings.Join(wantGaps, "\n"))
	}

	// A DescribeHub that fails otherwise fails the run, as any read does.
	srv.Change(caller, func(a *awsfake.Account) { a.Broken = map[string]bool{"securityhub:DescribeHub": true} })
	_, gapLines, err := read(t, Options{})
	if err == nil || !strings.Contains(strings.Join(gapLines, "\n"), "securityhub (DescribeHub) in us-east-1 of account 111111111111: failed: InternalFailure"+unknown) {
		t.Errorf("broken DescribeHub: err %v, gaps %q", err, gapLines)
	}
}

// TestEveryRuleSource checks that EventBridge rules are read whatever
// their source, on the default bus and the others: the rules on Security
// Hub, Macie and Inspector findings are as much gdlint's as GuardDuty's.
func TestEveryRuleSource(t *testing.T) {
	srv := start(t)
	sources := map[string]string{
		"hub":        `{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"GeneratorId":["aws-foundational-security-best-practices/v/1.0.0/EC2.6"]}}}`,
		"macie":      `{"source":["aws.macie"],"detail-type":["Macie Finding"]}`,
		"inspector":  `{"source":["aws.inspector"],"detail-type":["Inspector Assessment Run"]}`,
		"inspector2": `{"source":["aws.inspector2"],"detail-type":["Inspector2 Finding"]}`,
		"hub-v2":     `{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"]}`,
	}
	srv.Change(caller, func(a *awsfake.Account) {
		rd := a.Regions["us-east-1"]
		for _, bus := range []string{"default", "security", "org-findings"} {
			for name, p := range sources {
				rd.Buses[bus] = append(rd.Buses[bus], awsfake.Rule{Name: name, EventPattern: p})
			}
		}
	})
	found, gaps, err := read(t, Options{})
	if err != nil || len(gaps) > 0 {
		t.Fatalf("err %v, gaps %q", err, gaps)
	}
	docs := map[string]string{}
	for _, r := range found {
		docs[r.ARN] = string(r.Doc)
	}
	for _, bus := range []string{"default", "security", "org-findings"} {
		for name, p := range sources {
			arn := "arn:aws:events:us-east-1:111111111111:rule/" + bus + "/" + name
			if bus == "default" {
				arn = "arn:aws:events:us-east-1:111111111111:rule/" + name
			}
			if docs[arn] != p {
				t.Errorf("%s: document %q, want the pattern as written, %s", arn, docs[arn], p)
			}
		}
	}
}

// TestSecurityHubCriteriaFields checks that the documents of automation
// rules (V1 and V2) and insights carry the criteria fields that the
// consolidated-control rules read: GeneratorId,
// ComplianceSecurityControlId, ComplianceAssociatedStandardsId and (in
// insights, whose filters have it; V1 automation rules' criteria do not)
// ProductFields; and V2's OCSF field names as written.
func TestSecurityHubCriteriaFields(t *testing.T) {
	srv := start(t)
	std := `[{"Value":"aws-foundational-security-best-practices/v/1.0.0/EC2.6","Comparison":"EQUALS"}]`
	v1 := `{"GeneratorId":` + std + `,"ComplianceSecurityControlId":[{"Value":"EC2.6","Comparison":"EQUALS"}],` +
		`"ComplianceAssociatedStandardsId":[{"Value":"standards/aws-foundational-security-best-practices/v/1.0.0","Comparison":"EQUALS"}]}`
	insight := `{"GeneratorId":` + std + `,"ComplianceSecurityControlId":[{"Value":"EC2.6","Comparison":"EQUALS"}],` +
		`"ProductFields":[{"Key":"StandardsControlArn","Value":"arn:aws:securityhub:us-east-1:111111111111:control/aws-foundational-security-best-practices/v/1.0.0/EC2.6","Comparison":"EQUALS"}]}`
	v2 := `{"OcsfFindingCriteria":{"CompositeFilters":[{"StringFilters":[` +
		`{"FieldName":"compliance.control","Filter":{"Value":"EC2.6","Comparison":"EQUALS"}},` +
		`{"FieldName":"metadata.product.name","Filter":{"Value":"Security Hub","Comparison":"EQUALS"}}],` +
		`"MapFilters":[{"FieldName":"compliance.control_parameters","Filter":{"Key":"StandardsControlArn","Value":"x","Comparison":"EQUALS"}}],` +
		`"Operator":"AND"}],"CompositeOperator":"AND"}}`
	srv.Change(caller, func(a *awsfake.Account) {
		rd := a.Regions["us-east-1"]
		rd.AutomationRules = append(rd.AutomationRules, awsfake.AutomationRule{ID: "r2", Name: "controls", Criteria: v1})
		rd.AutomationRulesV2 = append(rd.AutomationRulesV2, awsfake.AutomationRule{ID: "v2b", Name: "ocsf-controls", Criteria: v2})
		rd.Insights = append(rd.Insights, awsfake.Insight{ID: "i2", Name: "controls", Filters: insight})
	})
	found, gaps, err := read(t, Options{})
	if err != nil || len(gaps) > 0 {
		t.Fatalf("err %v, gaps %q", err, gaps)
	}
	docs := map[string]any{}
	for _, r := range found {
		var d any
		if err := json.Unmarshal(r.Doc, &d); err != nil {
			t.Fatal(err)
		}
		docs[r.ARN] = d
	}
	for arn, want := range map[string]string{
		"arn:aws:securityhub:us-east-1:111111111111:automation-rule/r2":             `{"Criteria":` + v1 + `,"RuleName":"controls","RuleStatus":"ENABLED"}`,
		"arn:aws:securityhub:us-east-1:111111111111:automation-rule/v2/v2b":         `{"Criteria":` + v2 + `,"RuleName":"ocsf-controls","RuleStatus":"ENABLED"}`,
		"arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/i2": `{"Filters":` + insight + `,"Name":"controls"}`,
	} {
		var w any
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(docs[arn])
		wantJSON, _ := json.Marshal(w)
		if string(got) != string(wantJSON) {
			t.Errorf("%s:\n%s\nwant every criterion as the API sent it:\n%s", arn, got, wantJSON)
		}
	}
}

// TestSettingIsNoRead checks that an account where only DescribeHub
// answers still fails the scan as one where nothing could be read: a
// setting is not a rule, and reading it alone checks nothing.
func TestSettingIsNoRead(t *testing.T) {
	srv := start(t)
	srv.Change(caller, func(a *awsfake.Account) {
		a.Denied = map[string]bool{"events": true, "guardduty": true, "securityhub:ListAutomationRules": true,
			"securityhub:ListAutomationRulesV2": true, "securityhub:GetInsights": true}
	})
	scan, err := readScan(t, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := scan.Err(); err == nil || !strings.Contains(err.Error(), "all services (every read) of account 111111111111: nothing could be read in this account") {
		t.Errorf("Err() = %v, want nothing read in %s", err, caller)
	}
	if len(scan.Accounts) > 0 || len(scan.Regions) > 0 {
		t.Errorf("read accounts %v, regions %v; want none", scan.Accounts, scan.Regions)
	}
	if !slices.Contains(srv.Calls(), caller+" us-east-1 securityhub:DescribeHub") {
		t.Errorf("DescribeHub was not called: %v", srv.Calls())
	}
}
