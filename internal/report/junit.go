package report

import (
	"encoding/xml"
	"fmt"
	"io"
)

// junitWriter writes JUnit XML for CI systems that show only test
// reports: a <testsuite> per file with findings, each finding a
// <testcase>, failed when the finding fails the run (at or above
// --fail-on) and passing, with the finding as its output, when it does
// not; and one passing testcase for a clean run.
type junitWriter struct {
	checkstyleWriter // for printf and its sticky error
	opts             Options
	any              bool
}

func newJUnitWriter(w io.Writer, opts Options) *junitWriter {
	j := &junitWriter{checkstyleWriter: checkstyleWriter{w: w}, opts: opts}
	j.printf("%s<testsuites name=\"gdlint\">\n", xml.Header)
	return j
}

func (j *junitWriter) Add(fs []Finding) error {
	if len(fs) == 0 {
		return j.err
	}
	j.any = true
	failures := 0
	for _, f := range fs {
		if j.opts.fails(f.Level) {
			failures++
		}
	}
	j.printf("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n", xmlAttr(fs[0].Path), len(fs), failures)
	for _, f := range fs {
		j.printf("    <testcase classname=\"%s\" name=\"%s %s:%d:%d\">\n", xmlAttr(f.Path), f.Rule.ID, xmlAttr(f.Path), f.Start.Line, f.Start.Column)
		line := fmt.Sprintf("%s:%d:%d: %s: %s [%s]", xmlAttr(f.Path), f.Start.Line, f.Start.Column, f.Level, xmlAttr(f.Message), f.Rule.ID)
		if j.opts.fails(f.Level) {
			j.printf("      <failure type=\"%s\" message=\"%s\">%s</failure>\n", f.Level, xmlAttr(f.Message), line)
		} else {
			j.printf("      <system-out>%s</system-out>\n", line)
		}
		j.printf("    </testcase>\n")
	}
	j.printf("  </testsuite>\n")
	return j.err
}

func (j *junitWriter) Finish(s *Summary) error {
	if !j.any {
		j.printf("  <testsuite name=\"gdlint\" tests=\"1\" failures=\"0\">\n    <testcase classname=\"gdlint\" name=\"no problems found in %s\"/>\n  </testsuite>\n", xmlAttr(filesRead(s)))
	}
	j.printf("</testsuites>\n")
	return j.err
}
