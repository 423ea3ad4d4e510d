package awsfake

// Caller is the account of Sample's caller.
const Caller = "111111111111"

// Sample returns three accounts that hold one of every case gdlint aws
// must handle. The caller's, in us-east-1: two event buses, the default
// one over three pages, with a rule that waits only for a retired type, a
// schedule with no pattern, a live rule, and a mixed one and one that
// waits for Macie Classic's detail-type (GDL005) on the other bus; an archive
// filter on a retired type and a live filter that excludes one; a V1 and
// a V2 automation rule in Security Hub's spelling; an insight. The second
// account has Security Hub off; the third denies EventBridge and
// GuardDuty. Where Security Hub is on, DescribeHub answers the fake's
// default ControlFindingGenerator, SECURITY_CONTROL.
func Sample() []*Account {
	retired := `"Recon:IAMUser/UserPermissions"`
	return []*Account{{
		ID: Caller,
		Regions: map[string]*Region{"us-east-1": {
			Buses: map[string][]Rule{
				"default": {
					{Name: "page-on-recon", EventPattern: `{"source":["aws.guardduty"],"detail":{"type":[` + retired + `]}}`},
					{Name: "nightly", ScheduleExpression: "rate(1 day)"},
					{Name: "live", EventPattern: `{"source":["aws.guardduty"],"detail":{"type":["Recon:IAMUser/MaliciousIPCaller"]}}`},
				},
				"security": {
					{Name: "tor", EventPattern: `{"source":["aws.guardduty"],"detail":{"type":["UnauthorizedAccess:EC2/TorIPCaller","Recon:EC2/PortProbeUnprotectedPort"]}}`},
					{Name: "macie-classic", EventPattern: `{"source":["aws.macie"],"detail-type":["Macie Alert"]}`},
				},
			},
			Detectors: map[string][]Filter{"d1": {
				{Name: "archive-old", Action: "ARCHIVE", Rank: 1, Criterion: `{"type":{"eq":[` + retired + `]}}`},
				{Name: "keep-new", Action: "NOOP", Rank: 2, Criterion: `{"type":{"neq":[` + retired + `]}}`},
			}},
			AutomationRules: []AutomationRule{{ID: "r1", Name: "suppress-recon",
				Criteria: `{"Type":[{"Value":"TTPs/Discovery/Recon:IAMUser-UserPermissions","Comparison":"EQUALS"}]}`}},
			AutomationRulesV2: []AutomationRule{{ID: "v2a", Name: "ocsf-rule",
				Criteria: `{"OcsfFindingCriteria":{"CompositeFilters":[{"StringFilters":[{"FieldName":"finding_info.types","Filter":{"Value":"TTPs/Discovery/Recon:IAMUser-UserPermissions","Comparison":"EQUALS"}}],"Operator":"AND"}],"CompositeOperator":"AND"}}`}},
			Insights: []Insight{{ID: "i1", Name: "old recon",
				Filters: `{"Type":[{"Value":"TTPs/Discovery/Recon:IAMUser-UserPermissions","Comparison":"PREFIX"}]}`}},
		}},
	}, {
		ID: "222222222222",
		Regions: map[string]*Region{"us-east-1": {Buses: map[string][]Rule{"default": {
			{Name: "xorddos", EventPattern: `{"source":["aws.guardduty"],"detail":{"type":["Backdoor:EC2/XORDDOS"]}}`},
		}}}},
		Disabled: map[string]bool{"*": true}, // Security Hub off
	}, {
		ID:     "333333333333",
		Denied: map[string]bool{"guardduty": true, "events": true},
	}}
}
