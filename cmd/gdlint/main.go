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

// memoryLimit is the heap gdlint lets grow above what is live once loaded
// before it must collect. Reports stream, so the live heap is small:
// collecting near this limit rather than at every doubling of a small heap
// saves about half the run time on a tree full of findings (measured with
// .ci/bench), and keeps peak RSS near it.
const memoryLimit = 80 << 20

// gcPercent is GOGC below that limit: the collector also runs when the
// heap is five times what was live at the last collection (16 MiB at
// least). Never collecting below the limit makes every allocation touch
// fresh memory, and where a page fault is dear (11 us a page on a
// virtual machine this was measured on) that cost 13% of the eleven real
// trees' run and 5% of the sparse tree's; collecting at each doubling
// (GOGC=100) cost more than it saved. See docs/performance.md.
const gcPercent = 400

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

// keepHeadroom switches the collector to gcPercent and a memory limit,
// once the config and catalog are loaded (with the default collector: a
// config of 100,000 custom types makes a large short-lived heap). The limit
// leaves memoryLimit above what is live then: a live heap near the limit
// would make the collector run all the time.
func keepHeadroom(live uint64) {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(int64(max(memoryLimit, live+memoryLimit)))
}
