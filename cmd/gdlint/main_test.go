package main

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
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
			e.Values["fake"] = srv
			for k, v := range map[string]string{
				"NO_COLOR": "", "AWS_ENDPOINT_URL": srv.URL, "AWS_REGION": "us-east-1",
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

// fakeCmd changes the script's fake AWS:
//
//	fake deny ACCOUNT WHAT...          WHAT: service, service:Op, either @region
//	fake unavailable ACCOUNT OP...     OP or OP@region answers 404 UnknownOperationException
//	fake broken ACCOUNT OP...          OP answers 500 InternalFailure
//	fake norole ACCOUNT                no role can be assumed there
//	fake externalid ACCOUNT ID         its role requires the external ID
//	fake unprocessed ACCOUNT RULE-ID   BatchGetAutomationRules does not return the V1 rule
//	fake filter ACCOUNT NAME CRITERION a filter on detector d1 in us-east-1
//	fake regions R,...                 the regions DescribeRegions lists
func fakeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: fake VERB ARGS...")
	}
	srv := ts.Value("fake").(*awsfake.Server)
	verb, id, rest := args[0], args[1], args[2:]
	if verb == "regions" {
		srv.Regions = strings.Split(id, ",")
		return
	}
	srv.Change(id, func(a *awsfake.Account) {
		region := func(name string) *awsfake.Region {
			if a.Regions == nil {
				a.Regions = map[string]*awsfake.Region{}
			}
			if a.Regions[name] == nil {
				a.Regions[name] = &awsfake.Region{}
			}
			return a.Regions[name]
		}
		switch verb {
		case "deny", "unavailable", "broken":
			m := map[string]*map[string]bool{"deny": &a.Denied, "unavailable": &a.Unavailable, "broken": &a.Broken}[verb]
			if *m == nil {
				*m = map[string]bool{}
			}
			for _, w := range rest {
				(*m)[w] = true
			}
		case "norole":
			a.NoRole = true
		case "externalid":
			a.ExternalID = rest[0]
		case "unprocessed":
			rd := region("us-east-1")
			for i := range rd.AutomationRules {
				if rd.AutomationRules[i].ID == rest[0] {
					rd.AutomationRules[i].Unprocessed = true
				}
			}
		case "filter":
			rd := region("us-east-1")
			if rd.Detectors == nil {
				rd.Detectors = map[string][]awsfake.Filter{}
			}
			rd.Detectors["d1"] = append(rd.Detectors["d1"], awsfake.Filter{Name: rest[0], Action: "NOOP", Rank: 9, Criterion: rest[1]})
		default:
			ts.Fatalf("fake: unknown verb %q", verb)
		}
	})
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
