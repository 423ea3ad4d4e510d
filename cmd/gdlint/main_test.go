package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gdlint": main,
	})
}

// TestScripts runs the CLI scripts in testdata/script, one behaviour each.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("NO_COLOR", "")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, nil
		},
	})
}

// TestAWSScripts runs the gdlint aws scripts in testdata/aws, each against
// its own fake AWS (awsfake.Sample, served by the awsfake program of the
// aws module), which gdlint-aws's SDK clients reach through
// AWS_ENDPOINT_URL.
func TestAWSScripts(t *testing.T) {
	bin := awsBinaries(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/aws",
		Setup: func(e *testscript.Env) error {
			if err := besideGdlint(e, bin); err != nil {
				return err
			}
			url, stop, err := startAWSFake(bin)
			if err != nil {
				return err
			}
			e.Defer(stop)
			for k, v := range map[string]string{
				"NO_COLOR": "", "AWS_ENDPOINT_URL": url, "AWS_REGION": "us-east-1",
				"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret",
				"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
			} {
				e.Setenv(k, v)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"fake":      fakeCmd,
			"validjson": validJSONCmd,
		},
	})
}

// awsBinaries builds gdlint-aws and the awsfake program from the aws
// module into a directory of the test's (the Go build cache makes every
// build after the first a link).
func awsBinaries(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./cmd/gdlint-aws", "./internal/cmd/awsfake")
	cmd.Dir = "../../aws"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building gdlint-aws: %v\n%s", err, out)
	}
	return dir
}

// besideGdlint puts gdlint-aws next to the gdlint the scripts run (a
// copy of the test binary in testscript's own directory), where gdlint
// aws looks first.
func besideGdlint(e *testscript.Env, bin string) error {
	for _, dir := range filepath.SplitList(e.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "gdlint")); err != nil {
			continue
		}
		dst := filepath.Join(dir, "gdlint-aws")
		if _, err := os.Stat(dst); err == nil {
			return nil
		}
		src := filepath.Join(bin, "gdlint-aws")
		if err := os.Link(src, dst); err == nil {
			return nil
		}
		raw, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, raw, 0o755)
	}
	return errors.New("the scripts' gdlint is not on their PATH")
}

// startAWSFake starts the awsfake program and gives its URL.
func startAWSFake(bin string) (string, func(), error) {
	cmd := exec.Command(filepath.Join(bin, "awsfake"))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		stdin.Close() // it serves until its standard input closes
		_ = cmd.Wait()
	}
	url, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("awsfake: %v", err)
	}
	return strings.TrimSpace(url), stop, nil
}

// fakeCmd changes the script's fake AWS: "fake VERB ARGS...", as
// awsfake's Server.Apply reads them (deny, unavailable, broken, norole,
// externalid, unprocessed, filter, regions, generator, rule).
func fakeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: fake VERB ARGS...")
	}
	body, _ := json.Marshal(args)
	resp, err := http.Post(ts.Getenv("AWS_ENDPOINT_URL")+"/_awsfake/apply", "application/json", bytes.NewReader(body))
	if err != nil {
		ts.Fatalf("fake: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		ts.Fatalf("fake %s: %s", strings.Join(args, " "), msg)
	}
}

// validJSONCmd checks that a file is one whole JSON value.
func validJSONCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: validjson FILE")
	}
	ok := json.Valid([]byte(ts.ReadFile(args[0])))
	if ok == neg {
		ts.Fatalf("%s: valid JSON is %v, want %v", args[0], ok, !neg)
	}
}

// skipUnderRace skips, in a run under the race detector, a test whose code
// under test runs only in programs it builds or installs itself (go build,
// go install, a shell): those are never race-instrumented, so the race run
// would repeat the plain run's work and check nothing more. .ci/run runs
// both; the plain run keeps every such test.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("runs only programs built without the race detector: the plain run covers it")
	}
}
