// Command gdlint finds references to retired Amazon GuardDuty finding types
// in Terraform, CloudFormation, EventBridge patterns, rule code and docs.
package main

import (
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// memoryLimit is the heap gdlint lets grow before collecting. Reports
// stream, so the live heap is small: collecting only near this limit saves
// about half the run time on a tree full of findings (measured with
// .ci/bench), and keeps peak RSS near it.
const memoryLimit = 110 << 20

func main() { os.Exit(realMain()) }

// realMain is the process around Command: the GC policy, and removing
// temporary files on SIGINT or SIGTERM (the exit code is then 128 plus the
// signal's number, as shells report it).
func realMain() int {
	tuneGC := os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
	if tuneGC {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(memoryLimit)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		tempFiles.removeAll()
		code := 130
		if s == syscall.SIGTERM {
			code = 143
		}
		os.Exit(code)
	}()
	cmd := &Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if tuneGC {
		cmd.Loaded = keepHeadroom
	}
	return cmd.Main(os.Args[1:])
}

// keepHeadroom raises the GC's memory limit when what was loaded before
// the run (a config with a large catalog) already takes much of it:
// collecting runs only near the limit, and a live heap near it would make
// the collector run all the time.
func keepHeadroom(live uint64) {
	if limit := live + memoryLimit; limit > memoryLimit+memoryLimit/4 {
		debug.SetMemoryLimit(int64(limit))
	}
}
