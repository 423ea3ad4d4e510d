package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatusLine checks that a warning written while the progress line
// is shown erases it first, so that the two never share a line, and that
// gdlint aws's progress counts account-region pairs.
func TestStatusLine(t *testing.T) {
	var b bytes.Buffer
	sw := &statusWriter{w: &b}
	sw.status("gdlint: 3 files read, 2s")
	if _, err := sw.Write([]byte("WRN a warning\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := sw.Write([]byte("WRN another\n")); err != nil {
		t.Fatal(err)
	}
	sw.status("gdlint: 4 files read, 3s")
	sw.clear()
	want := "\rgdlint: 3 files read, 2s\x1b[K\r\x1b[KWRN a warning\nWRN another\n\rgdlint: 4 files read, 3s\x1b[K\r\x1b[K"
	if b.String() != want {
		t.Errorf("stderr:\n%q\nwant\n%q", b.String(), want)
	}

	r := &run{}
	r.files.Store(7)
	if got := r.progressText(); got != "7 files read" {
		t.Errorf("lint run progress %q", got)
	}
	r.liveProgress(3, 34)
	if got := r.progressText(); got != "3 of 34 account-regions read" {
		t.Errorf("gdlint aws progress %q", got)
	}
}

// TestFindsGdlintAWS checks where gdlint aws looks for gdlint-aws: with
// none next to it nor on PATH, it fails (exit 2) saying how to install
// it; on PATH, it runs it.
func TestFindsGdlintAWS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gdlint and gdlint-aws")
	}
	bin := awsBinaries(t)
	dir := t.TempDir()
	gdlint := filepath.Join(dir, "gdlint")
	if out, err := exec.Command("go", "build", "-o", gdlint, ".").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	url, stop, err := startAWSFake(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	env := []string{"AWS_ENDPOINT_URL=" + url, "AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=AKIDTEST", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=" + os.DevNull, "AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull, "HOME=" + dir}
	run := func(path string) (int, string, string) {
		cmd := exec.Command(gdlint, "aws")
		cmd.Dir = dir
		cmd.Env = append(env, "PATH="+path)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
	}
	code, _, stderr := run(t.TempDir())
	want := "Install it with 'go install github.com/gdlint/gdlint/aws/cmd/gdlint-aws@latest', or take it from the same release archive as gdlint"
	if code != ExitError || !strings.Contains(stderr, "gdlint aws needs gdlint-aws") || !strings.Contains(stderr, want) {
		t.Errorf("without gdlint-aws: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr := run(bin)
	if code != ExitFindings || !strings.Contains(stdout, "13 problems (12 errors, 1 warning, 0 notes) in 9 resources") {
		t.Errorf("with gdlint-aws on PATH: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
