package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMotoScripts runs the scripts in testdata/moto against moto_server
// (moto 5.2), a real AWS emulator written apart from gdlint, so that
// gdlint aws is checked against more than a fake of its own: EventBridge
// rules on two buses, one over two pages; an organization of 101 accounts,
// over two pages; STS roles; EC2's regions; GuardDuty detectors; Security
// Hub's DescribeHub (ControlFindingGenerator). moto offers no GuardDuty
// ListFilters and no Security Hub automation rules or insights: the
// scripts check what gdlint does with that, and testdata/aws, against
// awsfake, covers reading them.
func TestMotoScripts(t *testing.T) {
	motoServer, err := exec.LookPath("moto_server")
	if err != nil {
		// CI sets GDLINT_REQUIRE_MOTO: there a skip would be a gate
		// passing on what it did not try.
		if os.Getenv("GDLINT_REQUIRE_MOTO") != "" {
			t.Fatal("moto_server is not installed and GDLINT_REQUIRE_MOTO is set: install it with pip install 'moto[server]==5.2.*'")
		}
		t.Skip("moto_server is not installed (pip install 'moto[server]==5.2.*'): the AWS emulator test is skipped")
	}
	bin := awsBinaries(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/moto",
		Setup: func(e *testscript.Env) error {
			if err := besideGdlint(e, bin); err != nil {
				return err
			}
			endpoint, stop, err := startMoto(motoServer, e.WorkDir)
			if err != nil {
				return err
			}
			e.Defer(stop)
			member, err := seedMoto(endpoint)
			if err != nil {
				return fmt.Errorf("seeding moto: %v", err)
			}
			for k, v := range map[string]string{
				"NO_COLOR": "", "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1",
				"AWS_ACCESS_KEY_ID": "AKIDMOTO", "AWS_SECRET_ACCESS_KEY": "secret",
				"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
				"MEMBER": member,
			} {
				e.Setenv(k, v)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"validjson": validJSONCmd},
	})
}

// startMoto starts moto_server on a free loopback port and waits until it
// answers.
func startMoto(motoServer, dir string) (endpoint string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	log, err := os.Create(dir + "/.moto.log")
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(motoServer, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log.Close()
	}
	endpoint = "http://127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if resp, err := http.Get(endpoint + "/moto-api/data.json"); err == nil {
			resp.Body.Close()
			return endpoint, stop, nil
		}
	}
	stop()
	out, _ := os.ReadFile(dir + "/.moto.log")
	return "", nil, fmt.Errorf("moto_server did not answer on port %d within 60s:\n%s", port, out)
}

// seedMoto makes what the scripts read, with moto's own API (plain
// requests: the core's tests link no AWS SDK), in moto's default account
// 123456789012: 55 rules on the default bus (moto pages ListRules by 50),
// one retired type among them and a schedule; a "security" bus with a
// retired type; an organization with 100 more accounts (ListAccounts
// pages by 100), in one of which (returned) a rule waits for a retired
// type; a GuardDuty detector in eu-west-1; and Security Hub enabled in
// us-east-1.
func seedMoto(endpoint string) (member string, err error) {
	m := &motoClient{endpoint: endpoint, key: "AKIDMOTO"}
	pattern := func(typ string) string {
		return `{"source":["aws.guardduty"],"detail":{"type":["` + typ + `"]}}`
	}
	for i := 0; i < 53; i++ {
		m.json("events", "AWSEvents.PutRule", map[string]any{"Name": fmt.Sprintf("live-%02d", i), "EventPattern": pattern("Recon:IAMUser/MaliciousIPCaller")})
	}
	m.json("events", "AWSEvents.PutRule", map[string]any{"Name": "page-on-recon", "EventPattern": pattern("Recon:IAMUser/UserPermissions")})
	m.json("events", "AWSEvents.PutRule", map[string]any{"Name": "nightly", "ScheduleExpression": "rate(1 day)"})
	m.json("events", "AWSEvents.CreateEventBus", map[string]any{"Name": "security"})
	m.json("events", "AWSEvents.PutRule", map[string]any{"Name": "tor", "EventBusName": "security", "EventPattern": pattern("UnauthorizedAccess:EC2/TorIPCaller")})
	m.json("organizations", "AWSOrganizationsV20161128.CreateOrganization", map[string]any{"FeatureSet": "ALL"})
	var ids []string
	for i := 0; i < 100; i++ {
		var out struct{ CreateAccountStatus struct{ AccountId string } }
		m.jsonOut("organizations", "AWSOrganizationsV20161128.CreateAccount", map[string]any{"Email": fmt.Sprintf("a%d@example.com", i), "AccountName": fmt.Sprintf("a%d", i)}, &out)
		ids = append(ids, out.CreateAccountStatus.AccountId)
	}
	m.rest("guardduty", "eu-west-1", "/detector", map[string]any{"enable": true})
	m.rest("securityhub", "us-east-1", "/accounts", map[string]any{}) // EnableSecurityHub
	if m.err != nil {
		return "", m.err
	}
	member = ids[len(ids)/2]
	key, err := m.assumeRole("arn:aws:iam::" + member + ":role/Audit")
	if err != nil {
		return "", err
	}
	mm := &motoClient{endpoint: endpoint, key: key}
	mm.json("events", "AWSEvents.PutRule", map[string]any{"Name": "xorddos", "EventPattern": pattern("Backdoor:EC2/XORDDOS")})
	return member, mm.err
}

// motoClient makes requests moto reads as AWS's: moto tells services and
// regions by the credential scope and accounts by the access key, and
// checks no signature.
type motoClient struct {
	endpoint, key string
	err           error
}

func (m *motoClient) do(service, region, method, path, contentType string, header map[string]string, body []byte, out any) {
	if m.err != nil {
		return
	}
	req, err := http.NewRequest(method, m.endpoint+path, bytes.NewReader(body))
	if err != nil {
		m.err = err
		return
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+m.key+"/20260101/"+region+"/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.err = err
		return
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		m.err = fmt.Errorf("%s %s %s: %s: %s", service, method, path, resp.Status, raw)
		return
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			m.err = fmt.Errorf("%s %s: %v: %s", service, path, err, raw)
		}
	}
}

func (m *motoClient) jsonOut(service, target string, in, out any) {
	body, _ := json.Marshal(in)
	m.do(service, "us-east-1", "POST", "/", "application/x-amz-json-1.1", map[string]string{"X-Amz-Target": target}, body, out)
}

func (m *motoClient) json(service, target string, in any) { m.jsonOut(service, target, in, nil) }

func (m *motoClient) rest(service, region, path string, in any) {
	body, _ := json.Marshal(in)
	m.do(service, region, "POST", path, "application/json", nil, body, nil)
}

var accessKeyRE = regexp.MustCompile(`<AccessKeyId>([^<]+)</AccessKeyId>`)

// assumeRole returns the access key of a session in role's account.
func (m *motoClient) assumeRole(role string) (string, error) {
	form := url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleArn": {role}, "RoleSessionName": {"seed"}}
	req, err := http.NewRequest("POST", m.endpoint+"/", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+m.key+"/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	k := accessKeyRE.FindSubmatch(raw)
	if k == nil {
		return "", fmt.Errorf("sts AssumeRole: %s: %s", resp.Status, raw)
	}
	return string(k[1]), nil
}
