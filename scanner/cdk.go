package scanner

// cdkPathKey is the metadata key in which CDK records the construct path
// of each resource it synthesizes.
const cdkPathKey = "aws:cdk:path"

// readCDK records the resources of a CloudFormation template that carry
// CDK's construct path in their Metadata as Deployed: a finding in a
// synthesized template then names the construct a developer wrote, not the
// generated logical ID. Only a JSON template (what CDK writes) has exact
// resource ranges.
func readCDK(f *File) {
	res := f.Root.Get("Resources")
	if f.Root.Kind != Object || res == nil || res.Kind != Object {
		return
	}
	for _, r := range res.Fields {
		p := str(r.Value.Get("Metadata").Get(cdkPathKey))
		if p != "" && r.Value.Full != (Range{}) {
			f.Deployed = append(f.Deployed, Deployed{Kind: "CDK construct", Name: p, Range: r.Value.Full})
		}
	}
}
