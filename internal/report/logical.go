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

// ByPath splits fs into runs of findings with the same path, in order: a
// Writer takes one file's findings at a time, and a Terraform plan's
// findings may be placed on the sources of its modules.
func ByPath(fs []Finding) [][]Finding {
	if len(fs) == 0 {
		return [][]Finding{fs} // a file without findings is still a file
	}
	var out [][]Finding
	for i := 0; i < len(fs); {
		j := i + 1
		for j < len(fs) && fs[j].Path == fs[i].Path {
			j++
		}
		out = append(out, fs[i:j])
		i = j
	}
	return out
}
