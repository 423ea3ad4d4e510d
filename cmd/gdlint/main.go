// Command gdlint finds references to retired Amazon GuardDuty finding types
// in Terraform, CloudFormation, EventBridge patterns, rule code and docs.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the heap gdlint lets grow before collecting. Reports
// stream, so the live heap is small: collecting only near this limit saves
// about half the run time on a tree full of findings (measured with
// .ci/bench), and keeps peak RSS near it.
const memoryLimit = 110 << 20

func main() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(memoryLimit)
	}
	cmd := &Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(cmd.Main(os.Args[1:]))
}
