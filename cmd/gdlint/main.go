// Command gdlint finds references to retired Amazon GuardDuty finding types
// in Terraform, CloudFormation, EventBridge patterns, rule code and docs.
package main

import (
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/gdlint/gdlint/internal/files"
)

// memoryLimit is the heap gdlint lets grow before collecting. Reports
// stream, so the live heap is small: collecting only near this limit saves
// about half the run time on a tree full of findings (measured with
// .ci/bench), and keeps peak RSS near it.
const memoryLimit = 80 << 20

func main() { os.Exit(realMain()) }

// realMain is the process around Command: the GC policy, and removing
// temporary files on SIGINT or SIGTERM (the exit code is then 128 plus the
// signal's number, as shells report it).
func realMain() int {
	tuneGC := os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		files.RemoveTemporaries()
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

// keepHeadroom switches the collector to run only near a memory limit,
// once the config and catalog are loaded (with the default collector: a
// config of 100,000 custom types makes a large short-lived heap). The limit
// leaves memoryLimit above what is live then: a live heap near the limit
// would make the collector run all the time.
func keepHeadroom(live uint64) {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(int64(max(memoryLimit, live+memoryLimit)))
}
