package awsfake

import (
	"fmt"
	"strings"
)

// Apply changes the server as a test script's step says:
//
//	deny ACCOUNT WHAT...          WHAT: service, service:Op, either @region
//	unavailable ACCOUNT OP...     OP or OP@region answers 404 UnknownOperationException
//	broken ACCOUNT OP...          OP answers 500 InternalFailure
//	norole ACCOUNT                no role can be assumed there
//	externalid ACCOUNT ID         its role requires the external ID
//	unprocessed ACCOUNT RULE-ID   BatchGetAutomationRules does not return the V1 rule
//	filter ACCOUNT NAME CRITERION a filter on detector d1 in us-east-1
//	regions R,...                 the regions DescribeRegions lists
//	generator ACCOUNT REGION VALUE  what DescribeHub answers as its
//	                              ControlFindingGenerator there ("none": no member)
//	rule ACCOUNT REGION BUS NAME PATTERN
//	                              an EventBridge rule
func (s *Server) Apply(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: VERB ARGS... (got %q)", args)
	}
	verb, id, rest := args[0], args[1], args[2:]
	need := map[string]int{"externalid": 1, "unprocessed": 1, "filter": 2, "generator": 2, "rule": 4}[verb]
	if len(rest) < need {
		return fmt.Errorf("%s: %d more arguments needed", verb, need)
	}
	if verb == "regions" {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.Regions = strings.Split(id, ",")
		return nil
	}
	var err error
	s.Change(id, func(a *Account) {
		switch verb {
		case "deny", "unavailable", "broken":
			m := map[string]*map[string]bool{"deny": &a.Denied, "unavailable": &a.Unavailable, "broken": &a.Broken}[verb]
			if *m == nil {
				*m = map[string]bool{}
			}
			for _, w := range rest {
				(*m)[w] = true
			}
		case "norole":
			a.NoRole = true
		case "externalid":
			a.ExternalID = rest[0]
		case "unprocessed":
			rd := a.region("us-east-1")
			for i := range rd.AutomationRules {
				if rd.AutomationRules[i].ID == rest[0] {
					rd.AutomationRules[i].Unprocessed = true
				}
			}
		case "filter":
			rd := a.region("us-east-1")
			if rd.Detectors == nil {
				rd.Detectors = map[string][]Filter{}
			}
			rd.Detectors["d1"] = append(rd.Detectors["d1"], Filter{Name: rest[0], Action: "NOOP", Rank: 9, Criterion: rest[1]})
		case "generator":
			a.region(rest[0]).ControlFindingGenerator = rest[1]
		case "rule":
			rd := a.region(rest[0])
			if rd.Buses == nil {
				rd.Buses = map[string][]Rule{}
			}
			rd.Buses[rest[1]] = append(rd.Buses[rest[1]], Rule{Name: rest[2], EventPattern: rest[3]})
		default:
			err = fmt.Errorf("unknown verb %q", verb)
		}
	})
	return err
}

// region is one of the account's regions, made when missing.
func (a *Account) region(name string) *Region {
	if a.Regions == nil {
		a.Regions = map[string]*Region{}
	}
	if a.Regions[name] == nil {
		a.Regions[name] = &Region{}
	}
	return a.Regions[name]
}
