package scanner

import "sort"

// Deployed is a part of a file that deploys as one resource: a Terraform
// plan's planned value of a resource instance, or a resource of a template
// CDK synthesized. Findings inside it are about that resource.
type Deployed struct {
	// Kind is what Name is: "Terraform resource" or "CDK construct".
	Kind string
	// Name is the resource's address
	// (module.alerts.aws_cloudwatch_event_rule.guardduty["prod"]) or the
	// construct's path (Stack/Alerts/Rule/Resource).
	Name  string
	Range Range
	// Sensitive are the ranges inside Range whose values may be read but
	// not shown (a plan's after_sensitive).
	Sensitive []Range
}

// DeployedAt returns the deployed resource that holds r, or nil.
// f.Deployed is sorted and disjoint.
func (f *File) DeployedAt(r Range) *Deployed {
	ds := f.Deployed
	i := sort.Search(len(ds), func(i int) bool { return ds[i].Range.End > r.Start })
	if i < len(ds) && ds[i].Range.Start <= r.Start && r.End <= ds[i].Range.End {
		return &ds[i]
	}
	return nil
}

// IsSensitive reports whether r overlaps one of d's sensitive ranges.
func (d *Deployed) IsSensitive(r Range) bool {
	for _, s := range d.Sensitive {
		if r.Start < s.End && s.Start < r.End {
			return true
		}
	}
	return false
}
