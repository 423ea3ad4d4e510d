package report

// Logical is where a finding is in deployed configuration, besides its
// place in a file: the resource a Terraform plan's value or a synthesized
// template's resource deploys as. Text, JSON and SARIF (a logical location
// of kind "resource") name it.
type Logical struct {
	// Kind is what Name is: "Terraform resource" or "CDK construct".
	Kind string `json:"kind"`
	// Name is the resource's address
	// (module.alerts.aws_cloudwatch_event_rule.guardduty["prod"]) or the
	// construct's path (Stack/Alerts/Rule/Resource).
	Name string `json:"name"`
}
