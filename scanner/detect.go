package scanner

import (
	"path"
	"strings"
)

// Format is a file format gdlint knows how to read.
type Format uint8

const (
	Unknown       Format = iota
	HCL                  // Terraform .tf, .tfvars, Terragrunt .hcl
	TerraformJSON        // .tf.json, .tfvars.json
)

var formatNames = [...]string{
	Unknown:       "unknown",
	HCL:           "hcl",
	TerraformJSON: "terraform-json",
}

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "unknown"
}

// Detect classifies a file by its name alone. It is pure: it touches no
// disk. It returns Unknown for files gdlint does not read.
func Detect(name string) Format {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case strings.HasSuffix(base, ".tf.json"), strings.HasSuffix(base, ".tfvars.json"):
		return TerraformJSON
	case strings.HasSuffix(base, ".tf"), strings.HasSuffix(base, ".tfvars"), strings.HasSuffix(base, ".hcl"):
		return HCL
	}
	return Unknown
}
