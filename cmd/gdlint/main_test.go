package main

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gdlint/gdlint/internal/awsfake"
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
// its own fake AWS (awsfake.Sample), which the real SDK clients reach
// through AWS_ENDPOINT_URL.
func TestAWSScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/aws",
		Setup: func(e *testscript.Env) error {
			srv := awsfake.New(awsfake.Caller, awsfake.Sample()...)
			e.Defer(srv.Close)
			for k, v := range map[string]string{
				"NO_COLOR": "", "AWS_ENDPOINT_URL": srv.URL, "AWS_REGION": "us-east-1",
				"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret",
				"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
			} {
				e.Setenv(k, v)
			}
			return nil
		},
	})
}
