package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/driver"
	"github.com/gdlint/gdlint/rules"
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
	skipUnderRace(t)
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

// TestAWSAccountSetting feeds gdlint aws a stream (--stream) and checks,
// with a probe rule that records what each Pass is told, that every
// resource is linted with Security Hub's ControlFindingGenerator of its
// own account and region: two accounts in the same partition and region
// with different settings do not share one; a line without the field is
// unknown; a value the rules do not know is read as unknown, with one
// warning per place.
func TestAWSAccountSetting(t *testing.T) {
	doc := `"{\"source\":[\"aws.guardduty\"],\"detail\":{\"type\":[\"Recon:IAMUser/UserPermissions\"]}}"` // not rejected unparsed
	res := func(account, region, generator string, name string) string {
		partition := "aws"
		if strings.HasPrefix(region, "us-gov-") {
			partition = "aws-us-gov"
		}
		l := `{"type":"resource","arn":"arn:` + partition + `:events:` + region + `:` + account + `:rule/` + name + `","kind":"EventBridge rule","name":"` + name +
			`","region":"` + region + `","account":"` + account + `","document":` + doc
		if generator != "" {
			l += `,"controlFindingGenerator":"` + generator + `"`
		}
		return l + "}\n"
	}
	stream := `{"stream":"gdlint-aws","version":1}` + "\n" +
		res("111111111111", "us-east-1", "SECURITY_CONTROL", "a1") +
		res("222222222222", "us-east-1", "", "b1") +
		res("333333333333", "us-east-1", "STANDARD_CONTROL", "c1") +
		res("111111111111", "us-east-1", "SECURITY_CONTROL", "a2") +
		res("444444444444", "us-east-1", "LATER_CONTROL\\u001b[31m", "d1") +
		res("444444444444", "us-east-1", "LATER_CONTROL\\u001b[31m", "d2") +
		res("111111111111", "eu-west-1", "STANDARD_CONTROL", "a3") +
		res("555555555555", "us-gov-west-1", "SECURITY_CONTROL", "g1") +
		`{"type":"coverage","accounts":["111111111111"],"regions":["us-east-1"]}` + "\n" + `{"type":"end"}` + "\n"
	path := filepath.Join(t.TempDir(), "stream.jsonl")
	if err := os.WriteFile(path, []byte(stream), 0o644); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	probe := &rules.Rule{ID: "GDL999", Name: "probe", Run: func(p *rules.Pass) { seen[p.File.Path] = p.Account.ControlFindingGenerator }}
	var logged bytes.Buffer
	c := &Command{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard}
	r := &run{c: c, o: &options{}, log: zerolog.New(&logged)}
	linter := &rules.Linter{Catalog: rules.Builtin(), Rules: []*rules.Rule{probe}}
	if err := c.awsSource(&awsOptions{stream: path}, r.log)(r, linter, driver.Options{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"arn:aws:events:us-east-1:111111111111:rule/a1":            "SECURITY_CONTROL",
		"arn:aws:events:us-east-1:222222222222:rule/b1":            "",
		"arn:aws:events:us-east-1:333333333333:rule/c1":            "STANDARD_CONTROL",
		"arn:aws:events:us-east-1:111111111111:rule/a2":            "SECURITY_CONTROL",
		"arn:aws:events:us-east-1:444444444444:rule/d1":            "",
		"arn:aws:events:us-east-1:444444444444:rule/d2":            "",
		"arn:aws:events:eu-west-1:111111111111:rule/a3":            "STANDARD_CONTROL",
		"arn:aws-us-gov:events:us-gov-west-1:555555555555:rule/g1": "SECURITY_CONTROL",
	}
	for arn, w := range want {
		if g, ok := seen[arn]; !ok || g != w {
			t.Errorf("%s: the rules were told ControlFindingGenerator %q (linted: %v), want %q", arn, g, ok, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("linted %v", seen)
	}
	var notices []string
	for _, n := range r.sum.Notices {
		notices = append(notices, n.Level+" "+n.Path+": "+n.Message)
	}
	wantNotice := `warning securityhub (DescribeHub) in us-east-1 of account 444444444444: ControlFindingGenerator "LATER_CONTROL\x1b[31m" is not a value this gdlint knows, so it is read as unknown: the findings it decides stay warnings`
	if len(notices) != 1 || notices[0] != wantNotice {
		t.Errorf("notices:\n%s\nwant one, once for the place:\n%s", strings.Join(notices, "\n"), wantNotice)
	}
	if strings.Contains(logged.String(), "\x1b") {
		t.Errorf("an escape reached the log: %q", logged.String())
	}
}
