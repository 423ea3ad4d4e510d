package awsfake

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/smithy-go"
)

// TestRefusesWrites checks that the server refuses, through the real SDK,
// operations that change something, and records them.
func TestRefusesWrites(t *testing.T) {
	srv := New(Caller, Sample()...)
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1}
	ctx := context.Background()
	_, err := eventbridge.NewFromConfig(cfg).PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x"), ScheduleExpression: aws.String("rate(1 day)")})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "AccessDeniedException" {
		t.Errorf("PutRule: %v, want AccessDeniedException", err)
	}
	_, err = guardduty.NewFromConfig(cfg).DeleteFilter(ctx, &guardduty.DeleteFilterInput{DetectorId: aws.String("d1"), FilterName: aws.String("archive-old")})
	if !errors.As(err, &api) || api.ErrorCode() != "AccessDeniedException" {
		t.Errorf("DeleteFilter: %v, want AccessDeniedException", err)
	}
	if got := srv.Refused(); len(got) != 2 || got[0] != "events:PutRule" || !slices.Contains(got, "guardduty:DELETE /detector/d1/filter/archive-old") {
		t.Errorf("refused %v", got)
	}
	// A read-only call still answers.
	out, err := eventbridge.NewFromConfig(cfg).ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	if err != nil || len(out.EventBuses) != 1 {
		t.Errorf("ListEventBuses: %v, %v", out, err)
	}
}
