// Command gdlint finds references to retired Amazon GuardDuty finding types
// in Terraform, CloudFormation, EventBridge patterns, rule code and docs.
package main

import "os"

func main() {
	cmd := &Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(cmd.Main(os.Args[1:]))
}
