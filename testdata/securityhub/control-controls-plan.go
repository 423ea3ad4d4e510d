// Excerpt of pepabo/control-controls, sechub/plan.go and sechub/apply.go at
// cbf42558d9dafba3f07a005bb696aaa619bc3dfc (before #34 was fixed): findings
// are looked up by ProductFields' StandardsControlArn.  want GDL008:note
// Consolidated control findings no longer have it. UpdateStandardsControl's
// own StandardsControlArn parameter is another thing, and stays silent.
package sechub

func (sh *SecHub) findings(ctx context.Context, c *securityhub.Client, a *Account, r *Resource, cArn *string) ([]types.AwsSecurityFinding, error) {
	got, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{
		Filters: &types.AwsSecurityFindingFilters{
			AwsAccountId:  []types.StringFilter{types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String(a.AccountID)}},
			ResourceId:    []types.StringFilter{types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String(r.Arn)}},
			ProductName:   []types.StringFilter{types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String("Security Hub")}},
			ProductFields: []types.MapFilter{types.MapFilter{Comparison: types.MapFilterComparisonEquals, Key: aws.String("StandardsControlArn"), Value: cArn}}, // want GDL008:warning "is not in consolidated control findings [(]Security Hub CSPM generates one finding"
			RecordState:   []types.StringFilter{types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String("ACTIVE")}},
		},
	})
	return got.Findings, err
}

func (sh *SecHub) disable(ctx context.Context, c *securityhub.Client, arn *string, reason string) error {
	_, err := c.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{
		StandardsControlArn: arn,
		ControlStatus:       types.ControlStatusDisabled,
		DisabledReason:      aws.String(reason),
	})
	return err
}
