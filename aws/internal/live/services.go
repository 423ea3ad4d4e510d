package live

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/smithy-go"
)

// The kinds of resource Read returns.
const (
	KindEventBridgeRule      = "EventBridge rule"
	KindGuardDutyFilter      = "GuardDuty filter"
	KindAutomationRule       = "Security Hub automation rule"
	KindAutomationRuleV2     = "Security Hub automation rule (V2)"
	KindSecurityHubInsight   = "Security Hub insight"
	securityHubBatchGetLimit = 100 // AutomationRulesArns per BatchGetAutomationRules
)

// eventBridge reads the rules of every event bus. A rule without a
// pattern (a schedule) waits for no event, and is left out.
func (s *scan) eventBridge(ctx context.Context, cfg aws.Config, acct string) {
	c := eventbridge.NewFromConfig(cfg)
	var buses []string
	err := pages(func(token *string) (*string, error) {
		out, err := c.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, b := range out.EventBuses {
			buses = append(buses, aws.ToString(b.Name))
		}
		return out.NextToken, nil
	})
	if s.failed(err, acct, cfg.Region, "events", "ListEventBuses") && !errors.Is(err, errRepeatedToken) {
		return
	}
	for _, bus := range buses {
		err := pages(func(token *string) (*string, error) {
			out, err := c.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String(bus), NextToken: token})
			if err != nil {
				return nil, err
			}
			for _, r := range out.Rules {
				if aws.ToString(r.EventPattern) == "" {
					continue
				}
				s.add(Resource{ARN: aws.ToString(r.Arn), Kind: KindEventBridgeRule, Name: aws.ToString(r.Name),
					Region: cfg.Region, Account: acct, Doc: []byte(aws.ToString(r.EventPattern))})
			}
			return out.NextToken, nil
		})
		s.failed(err, acct, cfg.Region, "events", "ListRules")
	}
}

// errRepeatedToken stops a listing whose service gave a page token it had
// given before: the pages after it would repeat, and never end.
var errRepeatedToken = errors.New("the service repeated a page token, so paging stopped there")

// pages calls list with each page's token, nil first, until list returns
// no next token or an error, or a token seen before (errRepeatedToken,
// after the pages before it were read). Every listing goes through it,
// the SDK's paginators included: their StopOnDuplicateToken compares only
// with the last token, and a cycle of two would still never end.
func pages(list func(token *string) (*string, error)) error {
	seen := map[string]bool{}
	for token := (*string)(nil); ; {
		next, err := list(token)
		if err != nil || aws.ToString(next) == "" {
			return err
		}
		if seen[*next] {
			return errRepeatedToken
		}
		seen[*next] = true
		token = next
	}
}

// guardDuty reads the filters (suppression rules when their action is
// ARCHIVE) of every detector, as the AWS CLI prints them.
func (s *scan) guardDuty(ctx context.Context, cfg aws.Config, acct string) {
	c := guardduty.NewFromConfig(cfg)
	var detectors []string
	err := pages(func(token *string) (*string, error) {
		out, err := c.ListDetectors(ctx, &guardduty.ListDetectorsInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		detectors = append(detectors, out.DetectorIds...)
		return out.NextToken, nil
	})
	if s.failed(err, acct, cfg.Region, "guardduty", "ListDetectors") && !errors.Is(err, errRepeatedToken) {
		return
	}
	for _, d := range detectors {
		var names []string
		err := pages(func(token *string) (*string, error) {
			out, err := c.ListFilters(ctx, &guardduty.ListFiltersInput{DetectorId: aws.String(d), NextToken: token})
			if err != nil {
				return nil, err
			}
			names = append(names, out.FilterNames...)
			return out.NextToken, nil
		})
		s.failed(err, acct, cfg.Region, "guardduty", "ListFilters")
		for _, name := range names {
			f, err := c.GetFilter(ctx, &guardduty.GetFilterInput{DetectorId: aws.String(d), FilterName: aws.String(name)})
			if s.failed(err, acct, cfg.Region, "guardduty", "GetFilter") {
				continue
			}
			doc := map[string]any{"Name": aws.ToString(f.Name), "Action": string(f.Action), "FindingCriteria": f.FindingCriteria}
			if f.Rank != nil {
				doc["Rank"] = *f.Rank
			}
			arn := fmt.Sprintf("arn:%s:guardduty:%s:%s:detector/%s/filter/%s", s.partition, cfg.Region, acct, d, name)
			s.add(Resource{ARN: arn, Kind: KindGuardDutyFilter, Name: name, Region: cfg.Region, Account: acct, Doc: document(doc)})
		}
	}
}

// securityHub reads the hub's ControlFindingGenerator setting, automation
// rules, V1 and V2, and custom insights, each whatever became of the
// others: V1 and V2 are separate products (Security Hub CSPM and
// Security Hub), enabled and granted apart.
func (s *scan) securityHub(ctx context.Context, cfg aws.Config, acct string) {
	c := securityhub.NewFromConfig(cfg)
	s.controlFindingGenerator(ctx, c, cfg, acct)
	s.automationRules(ctx, c, cfg, acct)
	s.automationRulesV2(ctx, c, cfg, acct)
	err := pages(func(token *string) (*string, error) {
		out, err := c.GetInsights(ctx, &securityhub.GetInsightsInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, in := range out.Insights {
			doc := document(map[string]any{"Name": aws.ToString(in.Name), "Filters": in.Filters})
			s.add(Resource{ARN: aws.ToString(in.InsightArn), Kind: KindSecurityHubInsight, Name: aws.ToString(in.Name),
				Region: cfg.Region, Account: acct, Doc: doc})
		}
		return out.NextToken, nil
	})
	s.failed(err, acct, cfg.Region, "securityhub", "GetInsights")
}

// settingUnknown ends the reason of a DescribeHub gap: the setting is not
// known there, which is not a false pass, and the gap says why.
const settingUnknown = "; Security Hub's ControlFindingGenerator setting is unknown there, " +
	"so the findings it decides stay warnings, neither errors nor silenced"

// controlFindingGenerator reads Security Hub's ControlFindingGenerator
// setting (DescribeHub), which decides whether the account's control
// findings carry consolidated identifiers (SECURITY_CONTROL) or the
// standard-specific ones (STANDARD_CONTROL). Security Hub not enabled
// (InvalidAccessException) means there is no setting, and is no gap of
// its own: the other Security Hub reads say it is not enabled. Any other
// error leaves the setting unknown, and is a gap that says so: a warning
// when access is denied or the call not offered, a failure otherwise.
func (s *scan) controlFindingGenerator(ctx context.Context, c *securityhub.Client, cfg aws.Config, acct string) {
	out, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "InvalidAccessException" {
		return
	}
	place := Place{acct, cfg.Region}
	if err != nil {
		reason, warning := classify(err)
		s.gap(place, "securityhub", "DescribeHub", reason+settingUnknown, !warning)
		return
	}
	// Not readOK: a setting is not a rule, and an account where only
	// DescribeHub answered had nothing checked.
	v := string(out.ControlFindingGenerator)
	if v == "" {
		s.gap(place, "securityhub", "DescribeHub", "answered without a ControlFindingGenerator"+settingUnknown, false)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings[place] = v
}

// automationRules reads the V1 automation rules, naming those that
// BatchGetAutomationRules could not return.
func (s *scan) automationRules(ctx context.Context, c *securityhub.Client, cfg aws.Config, acct string) {
	var arns []string
	err := pages(func(token *string) (*string, error) {
		out, err := c.ListAutomationRules(ctx, &securityhub.ListAutomationRulesInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, m := range out.AutomationRulesMetadata {
			arns = append(arns, aws.ToString(m.RuleArn))
		}
		return out.NextToken, nil
	})
	s.failed(err, acct, cfg.Region, "securityhub", "ListAutomationRules")
	for len(arns) > 0 {
		n := min(len(arns), securityHubBatchGetLimit)
		out, err := c.BatchGetAutomationRules(ctx, &securityhub.BatchGetAutomationRulesInput{AutomationRulesArns: arns[:n]})
		arns = arns[n:]
		if s.failed(err, acct, cfg.Region, "securityhub", "BatchGetAutomationRules") {
			continue
		}
		for _, r := range out.Rules {
			doc := document(map[string]any{"RuleName": aws.ToString(r.RuleName), "RuleStatus": string(r.RuleStatus), "Criteria": r.Criteria})
			s.add(Resource{ARN: aws.ToString(r.RuleArn), Kind: KindAutomationRule, Name: aws.ToString(r.RuleName),
				Region: cfg.Region, Account: acct, Doc: doc})
		}
		for _, u := range out.UnprocessedAutomationRules {
			reason := "rule not returned, not read: " + aws.ToString(u.RuleArn)
			if u.ErrorCode != nil || u.ErrorMessage != nil {
				reason += fmt.Sprintf(" (%d: %s)", aws.ToInt32(u.ErrorCode), aws.ToString(u.ErrorMessage))
			}
			s.gap(Place{acct, cfg.Region}, "securityhub", "BatchGetAutomationRules", reason, false)
		}
	}
}

// automationRulesV2 reads the V2 (OCSF) automation rules, whose criteria
// may name GuardDuty types in finding_info.types.
func (s *scan) automationRulesV2(ctx context.Context, c *securityhub.Client, cfg aws.Config, acct string) {
	var ids []string
	err := pages(func(token *string) (*string, error) {
		out, err := c.ListAutomationRulesV2(ctx, &securityhub.ListAutomationRulesV2Input{NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, m := range out.Rules {
			ids = append(ids, aws.ToString(m.RuleArn))
		}
		return out.NextToken, nil
	})
	s.failed(err, acct, cfg.Region, "securityhub", "ListAutomationRulesV2")
	for _, id := range ids {
		r, err := c.GetAutomationRuleV2(ctx, &securityhub.GetAutomationRuleV2Input{Identifier: aws.String(id)})
		if s.failed(err, acct, cfg.Region, "securityhub", "GetAutomationRuleV2") {
			continue
		}
		var criteria any
		if oc, ok := r.Criteria.(*shtypes.CriteriaMemberOcsfFindingCriteria); ok {
			criteria = map[string]any{"OcsfFindingCriteria": oc.Value}
		}
		doc := document(map[string]any{"RuleName": aws.ToString(r.RuleName), "RuleStatus": string(r.RuleStatus), "Criteria": criteria})
		s.add(Resource{ARN: aws.ToString(r.RuleArn), Kind: KindAutomationRuleV2, Name: aws.ToString(r.RuleName),
			Region: cfg.Region, Account: acct, Doc: doc})
	}
}

// classify tells an error that means "not ours to read here", "not
// enabled here" or "not offered here" (a warning) from one that means the
// scan is broken (a failure), and gives the reason a user reads.
func classify(err error) (reason string, warning bool) {
	if errors.Is(err, errRepeatedToken) {
		return err.Error(), true
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch code := api.ErrorCode(); code {
		case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnauthorizedException",
			"UnrecognizedClientException", "AuthFailure", "OptInRequired":
			return "access denied (" + code + ")", true
		case "InvalidAccessException", "SubscriptionRequiredException", "ResourceNotFoundException":
			return "not enabled (" + code + ")", true
		case "UnknownOperationException":
			return "not offered here (" + code + ")", true
		}
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() == http.StatusNotFound {
		return "not offered here (HTTP 404)", true
	}
	return "failed: " + reasonOf(err), false
}

// reasonOf is what an error says without what changes from call to call
// (request IDs, addresses in the operation's wrapping): the API's error
// code, "no answer in time", or the innermost error.
func reasonOf(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time"
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// document writes v as indented JSON without its null and empty members:
// the SDK's structs hold every field the API may send, and a document
// full of nulls would read worse and could only mislead.
func document(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // SDK types and maps of them always marshal
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		panic(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(prune(tree)); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// prune drops null members and empty objects and lists, recursively.
func prune(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x = prune(x); x == nil {
				delete(t, k)
			} else {
				t[k] = x
			}
		}
		if len(t) == 0 {
			return nil
		}
	case []any:
		out := t[:0]
		for _, x := range t {
			if x = prune(x); x != nil {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return v
}
