package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/report"
)

// gdlint aws reads live accounts through gdlint-aws, a program of its own
// module that holds the AWS SDK and the credentials: this binary, which
// reads strangers' pull requests, links neither. gdlint-aws writes a
// versioned stream of JSON lines, which awsStream reads; the format is in
// docs/design.md ("The gdlint-aws stream") and in the writer's package,
// aws/internal/stream.

// awsStreamVersion is the only stream version this gdlint reads.
const awsStreamVersion = 1

// maxStreamLine bounds one line of a stream: a deployed rule's document
// is at most a few KB at AWS.
const maxStreamLine = 64 << 20

// streamLine is one line of the stream; Type says which fields it has.
type streamLine struct {
	Type string `json:"type"`

	Done, Total int

	ARN, Kind, Name, Region, Account string
	Document                         string
	// ControlFindingGenerator is Security Hub's setting where the
	// resource is; optional, "" where gdlint-aws did not know it.
	ControlFindingGenerator string

	Service    string
	Operations []string
	Reason     string
	Failure    bool
	Places     []struct{ Account, Region string }
	What       string
	Where      string

	Accounts, Regions []string

	Message, Detail string
}

// openStream opens --stream, or starts gdlint-aws with the read flags;
// wait waits for it and gives its failure.
func (c *Command) openStream(ao *awsOptions) (io.Reader, func() error, error) {
	switch ao.stream {
	case "":
	case "-":
		return c.Stdin, func() error { return nil }, nil
	default:
		f, err := os.Open(ao.stream)
		if err != nil {
			return nil, nil, err
		}
		return f, f.Close, nil
	}
	bin, err := findGdlintAWS()
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(bin, ao.readArgs()...)
	cmd.Stderr = c.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("cannot run %s: %v", bin, err)
	}
	return out, func() error {
		_, _ = io.Copy(io.Discard, out) // a reader that stopped early must not block it
		return cmd.Wait()
	}, nil
}

// readArgs are the read flags as given, each as --name=value, so that
// no value reads as a flag.
func (ao *awsOptions) readArgs() []string {
	value := map[string]string{
		"region": strings.Join(ao.regions, ","), "profile": ao.profile, "assume-role": ao.assumeRole,
		"accounts": ao.accounts, "external-id": ao.externalID, "role-session-name": ao.roleSessionName,
		"exclude-accounts": ao.excludeAccounts, "exclude-regions": ao.excludeRegions, "concurrency": strconv.Itoa(ao.concurrency),
	}
	var args []string
	for _, n := range awsReadFlags {
		switch {
		case !ao.set[n]:
		case n == "all-regions" || n == "organization":
			args = append(args, "--"+n)
		default:
			args = append(args, "--"+n+"="+value[n])
		}
	}
	return args
}

// findGdlintAWS finds gdlint-aws next to this executable, then on PATH.
func findGdlintAWS() (string, error) {
	name := "gdlint-aws"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	var here string
	if exe, err := os.Executable(); err == nil {
		here = filepath.Dir(exe)
		if st, err := os.Stat(filepath.Join(here, name)); err == nil && st.Mode().IsRegular() {
			return filepath.Join(here, name), nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	version := Version()
	if !strings.HasPrefix(version, "v") {
		version = "latest"
	}
	return "", fmt.Errorf("gdlint aws needs gdlint-aws, the program that reads AWS accounts, and it is neither next to gdlint (in %s) nor on PATH. "+
		"Install it with 'go install github.com/gdlint/gdlint/aws/cmd/gdlint-aws@%s', or take it from the same release archive as gdlint, which holds both", here, version)
}

// awsStream reads one stream into a run.
type awsStream struct {
	r    *run
	log  zerolog.Logger
	lint func(streamLine) error

	ended          bool
	failure, fatal *streamLine
}

// read reads the stream to its end, linting each resource as it comes.
func (s *awsStream) read(in io.Reader) error {
	br := bufio.NewReader(in)
	header, err := readStreamLine(br)
	if err != nil {
		return fmt.Errorf("gdlint-aws wrote no stream header: %v", err)
	}
	var h struct {
		Stream  string `json:"stream"`
		Version int    `json:"version"`
	}
	if json.Unmarshal(header, &h) != nil || h.Stream != "gdlint-aws" {
		return errors.New("not a gdlint-aws stream: its first line is not the header")
	}
	if h.Version != awsStreamVersion {
		return fmt.Errorf("gdlint-aws wrote stream version %d, and this gdlint reads version %d: install the gdlint-aws of gdlint's own release", h.Version, awsStreamVersion)
	}
	for !s.ended {
		raw, err := readStreamLine(br)
		if err != nil {
			return err
		}
		var l streamLine
		if err := json.Unmarshal(raw, &l); err != nil {
			return fmt.Errorf("a line of gdlint-aws's stream is not JSON: %v", err)
		}
		if err := s.line(l); err != nil {
			return err
		}
	}
	return nil
}

// readStreamLine reads one line, without its newline, of at most
// maxStreamLine bytes; io.ErrUnexpectedEOF when the stream stops early.
func readStreamLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxStreamLine {
			return nil, fmt.Errorf("a line of gdlint-aws's stream is over %d MiB", maxStreamLine>>20)
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// line takes one line of the stream.
func (s *awsStream) line(l streamLine) error {
	switch l.Type {
	case "progress":
		s.r.liveProgress(l.Done, l.Total)
	case "resource":
		return s.lint(l)
	case "gap":
		s.gap(l)
	case "coverage":
		cov := s.r.sum.Coverage
		cov.Accounts = append(cov.Accounts, l.Accounts...)
		cov.Regions = append(cov.Regions, l.Regions...)
	case "failure":
		s.failure = &l
	case "error":
		s.fatal = &l
	case "end":
		s.ended = true
	default:
		return fmt.Errorf("gdlint-aws's stream has a line of type %q, which this gdlint does not know: install the gdlint-aws of gdlint's own release", l.Type)
	}
	return nil
}

// gap records what gdlint-aws did not read, as a notice and in the
// coverage record.
func (s *awsStream) gap(l streamLine) {
	level := "warning"
	if l.Failure {
		level = "error"
	}
	where := []report.CoveragePlace{}
	for _, p := range l.Places {
		where = append(where, report.CoveragePlace{Account: p.Account, Region: p.Region})
	}
	cov := s.r.sum.Coverage
	cov.NotRead = append(cov.NotRead, report.CoverageGap{Service: l.Service, Operations: l.Operations,
		Reason: l.Reason, Level: level, Where: where, Text: l.What + " " + l.Where + ": " + l.Reason})
	s.r.notice(report.Notice{Path: l.What + " " + l.Where, Level: level, Message: l.Reason})
}

// verdict is the run's error once the stream is read (readErr) and
// gdlint-aws has exited (waitErr): nil, an error before any report
// (nothing was read), or an incompleteError (the reports are finished).
func (s *awsStream) verdict(readErr, waitErr error) error {
	switch {
	case s.fatal != nil:
		if s.fatal.Detail != "" {
			s.log.Debug().Msg(s.fatal.Detail)
		}
		return errors.New(s.fatal.Message)
	case readErr != nil && !s.ended:
		if errors.Is(readErr, io.ErrUnexpectedEOF) {
			readErr = errors.New("gdlint-aws's stream stopped before its end")
		}
		if waitErr != nil {
			readErr = fmt.Errorf("%v (gdlint-aws: %v)", readErr, waitErr)
		}
		return incompleteError{readErr}
	case readErr != nil:
		return incompleteError{readErr}
	case s.failure != nil:
		return incompleteError{errors.New(s.failure.Message)}
	case waitErr != nil:
		return incompleteError{fmt.Errorf("gdlint-aws: %v", waitErr)}
	}
	return nil
}

// firstKey is the first key of m, sorted.
func firstKey(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[0]
}
