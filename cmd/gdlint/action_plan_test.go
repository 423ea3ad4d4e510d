package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recipePlan is what `terraform show -json plan.out` writes (format 1.2,
// one line) for infra/prod, whose module "alerts" (./modules/alerts)
// builds a pattern from a variable: dead only as deployed.
const recipePlan = `{"format_version":"1.2","terraform_version":"1.9.8","variables":{"finding_types":{"value":["UnauthorizedAccess:EC2/TorIPCaller"]}},` +
	`"planned_values":{"root_module":{"child_modules":[{"address":"module.alerts","resources":[{"address":"module.alerts.aws_cloudwatch_event_rule.guardduty","values":{"name":"alerts","event_pattern":"{\"detail\":{\"type\":[\"UnauthorizedAccess:EC2/TorIPCaller\"]},\"source\":[\"aws.guardduty\"]}"}}]}]}},` +
	`"resource_changes":[{"address":"module.alerts.aws_cloudwatch_event_rule.guardduty","module_address":"module.alerts","mode":"managed","type":"aws_cloudwatch_event_rule","name":"guardduty","provider_name":"registry.terraform.io/hashicorp/aws",` +
	`"change":{"actions":["create"],"before":null,"after":{"name":"alerts","event_pattern":"{\"detail\":{\"type\":[\"UnauthorizedAccess:EC2/TorIPCaller\"]},\"source\":[\"aws.guardduty\"]}"},"after_unknown":{"arn":true,"id":true},"before_sensitive":false,"after_sensitive":{}}}],` +
	`"configuration":{"root_module":{"module_calls":{"alerts":{"source":"./modules/alerts","expressions":{"finding_types":{"references":["var.finding_types"]}},"module":{"resources":[{"address":"aws_cloudwatch_event_rule.guardduty","mode":"managed","type":"aws_cloudwatch_event_rule","name":"guardduty","expressions":{"event_pattern":{}}}]}}}}},` +
	`"timestamp":"2026-12-01T10:00:00Z","applyable":true,"complete":true,"errored":false}` + "\n"

// TestActionTerraformPlanRecipe runs the README's Terraform pipeline
// recipe: the plan's JSON linted by the action, the finding annotated and
// uploaded on the module's resource block, with the resource's address.
func TestActionTerraformPlanRecipe(t *testing.T) {
	ws := workspaceWith(t, map[string]string{
		"infra/prod/main.tf": "variable \"finding_types\" {}\n\nmodule \"alerts\" {\n  source        = \"./modules/alerts\"\n  finding_types = var.finding_types\n}\n",
		"infra/prod/modules/alerts/main.tf": "variable \"finding_types\" {}\n\n" +
			"resource \"aws_cloudwatch_event_rule\" \"guardduty\" {\n  name          = \"alerts\"\n" +
			"  event_pattern = jsonencode({ source = [\"aws.guardduty\"], detail = { type = var.finding_types } })\n}\n",
		"infra/prod/plan.json": recipePlan,
	})
	r := runAction(t, ws, map[string]string{"path": "infra/prod/plan.json"}, nil)
	if !r.failed || r.outputs["exit-code"] != "1" || r.outputs["findings"] != "2" {
		t.Fatalf("failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
	for _, want := range []string{
		"::error file=infra/prod/modules/alerts/main.tf,line=3,endLine=3,col=1,endColumn=9,title=GDL004 rule-never-matches::",
		"::error file=infra/prod/modules/alerts/main.tf,line=3,endLine=3,col=1,endColumn=9,title=GDL001 retired-finding-type::",
	} {
		if !strings.Contains(r.log.String(), want) {
			t.Errorf("no annotation %q in the log:\n%s", want, r.log.String())
		}
	}
	raw, err := os.ReadFile(filepath.Join(ws, "gdlint.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
					LogicalLocations []struct{ FullyQualifiedName, Kind string }
				}
			}
		}
	}
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Fatalf("SARIF: %s", raw)
	}
	for _, res := range log.Runs[0].Results {
		loc := res.Locations[0]
		if loc.PhysicalLocation.ArtifactLocation.URI != "infra/prod/modules/alerts/main.tf" || loc.PhysicalLocation.Region.StartLine != 3 ||
			len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].FullyQualifiedName != "module.alerts.aws_cloudwatch_event_rule.guardduty" {
			t.Errorf("SARIF location %+v", loc)
		}
	}
	if uploads := r.used("github/codeql-action/upload-sarif"); len(uploads) != 1 {
		t.Errorf("upload-sarif calls: %+v", uploads)
	}
}
