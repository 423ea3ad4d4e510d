package awsfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// answer answers a read-only operation with the account's data.
func (s *Server) answer(c *call) {
	rd := c.regionData()
	switch c.op {
	case "sts:GetCallerIdentity":
		c.xml(fmt.Sprintf(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
			`<Arn>arn:aws:iam::%[1]s:user/tester</Arn><UserId>AIDAFAKE</UserId><Account>%[1]s</Account>`+
			`</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, c.acct.ID))
	case "sts:AssumeRole":
		role := c.form.Get("RoleArn") // arn:aws:iam::ACCOUNT:role/NAME
		s.sessions = append(s.sessions, role+" "+c.form.Get("RoleSessionName")+" "+c.form.Get("ExternalId"))
		parts := strings.Split(role, ":")
		if len(parts) != 6 || s.Accounts[parts[4]] == nil || s.Accounts[parts[4]].NoRole ||
			s.Accounts[parts[4]].ExternalID != c.form.Get("ExternalId") {
			c.fail(http.StatusForbidden, "AccessDenied", "not authorized to assume "+role)
			return
		}
		c.xml(fmt.Sprintf(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>`+
			`<Credentials><AccessKeyId>ASIAFAKE%[1]s</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>`+
			`<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`+
			`<AssumedRoleUser><Arn>%[2]s/gdlint</Arn><AssumedRoleId>AROAFAKE:gdlint</AssumedRoleId></AssumedRoleUser>`+
			`</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`, parts[4], xmlText(role)))
	case "organizations:ListAccounts":
		ids := sortedKeys(s.Accounts)
		from, to, next := s.page(c, len(ids), c.bodyField("NextToken"))
		var accts []map[string]string
		for _, id := range ids[from:to] {
			accts = append(accts, map[string]string{"Id": id, "Arn": "arn:aws:organizations::" + s.Caller + ":account/o-fake/" + id,
				"Name": "account " + id, "State": "ACTIVE", "Status": "ACTIVE"})
		}
		c.json(http.StatusOK, withNext(map[string]any{"Accounts": accts}, "NextToken", next))
	case "ec2:DescribeRegions":
		var items strings.Builder
		for _, r := range s.Regions {
			fmt.Fprintf(&items, `<item><regionName>%s</regionName><regionEndpoint>ec2.%[1]s.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`, r)
		}
		c.xml(`<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo>` +
			items.String() + `</regionInfo></DescribeRegionsResponse>`)
	case "events:ListEventBuses":
		buses := sortedKeys(rd.Buses)
		from, to, next := s.page(c, len(buses), c.bodyField("NextToken"))
		var out []map[string]string
		for _, b := range buses[from:to] {
			out = append(out, map[string]string{"Name": b, "Arn": c.arn("events", "event-bus/"+b)})
		}
		c.json(http.StatusOK, withNext(map[string]any{"EventBuses": out}, "NextToken", next))
	case "events:ListRules":
		bus := c.bodyField("EventBusName")
		rules := rd.Buses[bus]
		from, to, next := s.page(c, len(rules), c.bodyField("NextToken"))
		var out []map[string]string
		for _, r := range rules[from:to] {
			arn := c.arn("events", "rule/"+r.Name)
			if bus != "default" {
				arn = c.arn("events", "rule/"+bus+"/"+r.Name)
			}
			m := map[string]string{"Name": r.Name, "Arn": arn, "EventBusName": bus, "State": "ENABLED"}
			if r.EventPattern != "" {
				m["EventPattern"] = r.EventPattern
			}
			if r.ScheduleExpression != "" {
				m["ScheduleExpression"] = r.ScheduleExpression
			}
			out = append(out, m)
		}
		c.json(http.StatusOK, withNext(map[string]any{"Rules": out}, "NextToken", next))
	default:
		s.answerREST(c, rd)
	}
}

// answerREST answers the restJson1 operations of GuardDuty and Security Hub.
func (s *Server) answerREST(c *call, rd *Region) {
	q := c.r.URL.Query()
	p := pathParts(c.r)
	switch c.op {
	case "guardduty:ListDetectors":
		ids := sortedKeys(rd.Detectors)
		from, to, next := s.page(c, len(ids), q.Get("nextToken"))
		c.json(http.StatusOK, withNext(map[string]any{"detectorIds": ids[from:to]}, "nextToken", next))
	case "guardduty:ListFilters":
		fs, ok := rd.Detectors[p[1]]
		if !ok {
			c.fail(http.StatusBadRequest, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
			return
		}
		from, to, next := s.page(c, len(fs), q.Get("nextToken"))
		names := []string{}
		for _, f := range fs[from:to] {
			names = append(names, f.Name)
		}
		c.json(http.StatusOK, withNext(map[string]any{"filterNames": names}, "nextToken", next))
	case "guardduty:GetFilter":
		for _, f := range rd.Detectors[p[1]] {
			if f.Name == p[3] {
				c.json(http.StatusOK, map[string]any{"name": f.Name, "action": f.Action, "rank": f.Rank,
					"findingCriteria": map[string]any{"criterion": json.RawMessage(f.Criterion)}})
				return
			}
		}
		c.fail(http.StatusBadRequest, "BadRequestException", "The request is rejected because the input filterName is not found.")
	case "securityhub:ListAutomationRules":
		from, to, next := s.page(c, len(rd.AutomationRules), q.Get("NextToken"))
		var out []map[string]string
		for _, r := range rd.AutomationRules[from:to] {
			out = append(out, map[string]string{"RuleArn": c.arn("securityhub", "automation-rule/"+r.ID), "RuleName": r.Name})
		}
		c.json(http.StatusOK, withNext(map[string]any{"AutomationRulesMetadata": out}, "NextToken", next))
	case "securityhub:BatchGetAutomationRules":
		var req struct{ AutomationRulesArns []string }
		_ = json.Unmarshal(c.body, &req)
		out, unprocessed := []map[string]any{}, []map[string]any{}
		for _, arn := range req.AutomationRulesArns {
			for _, r := range rd.AutomationRules {
				switch {
				case arn != c.arn("securityhub", "automation-rule/"+r.ID):
				case r.Unprocessed:
					unprocessed = append(unprocessed, map[string]any{"RuleArn": arn, "ErrorCode": 500, "ErrorMessage": "Internal error"})
				default:
					out = append(out, map[string]any{"RuleArn": arn, "RuleName": r.Name, "RuleStatus": "ENABLED",
						"RuleOrder": 1, "Criteria": json.RawMessage(r.Criteria)})
				}
			}
		}
		c.json(http.StatusOK, map[string]any{"Rules": out, "UnprocessedAutomationRules": unprocessed})
	case "securityhub:ListAutomationRulesV2":
		from, to, next := s.page(c, len(rd.AutomationRulesV2), q.Get("NextToken"))
		var out []map[string]string
		for _, r := range rd.AutomationRulesV2[from:to] {
			out = append(out, map[string]string{"RuleArn": c.arn("securityhub", "automation-rule/v2/"+r.ID), "RuleId": r.ID, "RuleName": r.Name})
		}
		c.json(http.StatusOK, withNext(map[string]any{"Rules": out}, "NextToken", next))
	case "securityhub:GetAutomationRuleV2":
		for _, r := range rd.AutomationRulesV2 {
			if arn := c.arn("securityhub", "automation-rule/v2/"+r.ID); p[1] == arn || p[1] == r.ID {
				c.json(http.StatusOK, map[string]any{"RuleArn": arn, "RuleId": r.ID, "RuleName": r.Name, "RuleStatus": "ENABLED",
					"RuleOrder": 1, "Criteria": json.RawMessage(r.Criteria)})
				return
			}
		}
		c.fail(http.StatusNotFound, "ResourceNotFoundException", "no such rule")
	case "securityhub:DescribeHub":
		hub := map[string]any{"HubArn": c.arn("securityhub", "hub/default"), "SubscribedAt": "2024-01-02T03:04:05.000Z",
			"AutoEnableControls": true, "ControlFindingGenerator": "SECURITY_CONTROL"}
		switch rd.ControlFindingGenerator {
		case "":
		case NoGenerator:
			delete(hub, "ControlFindingGenerator")
		default:
			hub["ControlFindingGenerator"] = rd.ControlFindingGenerator
		}
		c.json(http.StatusOK, hub)
	case "securityhub:GetInsights":
		from, to, next := s.page(c, len(rd.Insights), c.bodyField("NextToken"))
		var out []map[string]any
		for _, in := range rd.Insights[from:to] {
			out = append(out, map[string]any{"InsightArn": c.arn("securityhub", "insight/"+c.acct.ID+"/custom/"+in.ID),
				"Name": in.Name, "GroupByAttribute": "ResourceId", "Filters": json.RawMessage(in.Filters)})
		}
		c.json(http.StatusOK, withNext(map[string]any{"Insights": out}, "NextToken", next))
	}
}

// withNext adds a next-page token under name when there is one.
func withNext(m map[string]any, name, next string) map[string]any {
	if next != "" {
		m[name] = next
	}
	return m
}
