// Package policy holds the IAM policy gdlint-aws needs: read-only, and the
// only copy, which docs/aws.md shows and the tests hold the code to. It
// knows nothing of how the policy is used.
package policy

import _ "embed"

// JSON is the policy document.
//
//go:embed aws-policy.json
var JSON []byte
