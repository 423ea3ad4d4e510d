package main

import (
	"runtime"
	"runtime/metrics"
	"testing"
)

// TestHeapBytes checks that the live heap keepHeadroom is given is read
// from runtime/metrics (not the ReadMemStats fallback) and counts what is
// live: a 40 MB buffer held across the read.
func TestHeapBytes(t *testing.T) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		t.Fatalf("runtime/metrics has no %s", s[0].Name)
	}
	buf := make([]byte, 40<<20)
	if got := heapBytes(); got < 40<<20 {
		t.Errorf("heapBytes() = %d with a 40 MB buffer live", got)
	}
	runtime.KeepAlive(buf)
}
