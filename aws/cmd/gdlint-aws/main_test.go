package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/aws/internal/awsfake"
)

// TestStream runs gdlint-aws against the fake and reads its stream back:
// the header first, then the resources with their documents, the gaps,
// the coverage record, and the end line; exit 0.
func TestStream(t *testing.T) {
	srv := awsfake.New(awsfake.Caller, awsfake.Sample()...)
	defer srv.Close()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.URL, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDTEST",
		"AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		t.Setenv(k, v)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"--assume-role=Audit", "--accounts=111111111111,222222222222"}, &stdout, &stderr)
	if code != 0 || stderr.Len() > 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if lines[0] != `{"stream":"gdlint-aws","version":1}` {
		t.Errorf("header %s", lines[0])
	}
	types := map[string]int{}
	var last string
	for _, l := range lines[1:] {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		last, _ = m["type"].(string)
		types[last]++
		if last == "resource" && (m["arn"] == "" || !json.Valid([]byte(m["document"].(string)))) {
			t.Errorf("resource line %s", l)
		}
		// Security Hub's setting where it was read (the fake's default);
		// none where Security Hub is off (222222222222).
		if g, ok := m["controlFindingGenerator"]; last == "resource" && (m["account"] == "222222222222") == ok {
			t.Errorf("resource line with controlFindingGenerator %v: %s", g, l)
		} else if ok && g != "SECURITY_CONTROL" {
			t.Errorf("controlFindingGenerator %v: %s", g, l)
		}
	}
	if last != "end" || types["resource"] != 10 || types["gap"] != 1 || types["coverage"] != 1 || types["failure"] != 0 {
		t.Errorf("lines by type %v, last %q", types, last)
	}

	// An account that cannot be entered: a failure line, and exit 2.
	stdout.Reset()
	code = run([]string{"--assume-role=Audit", "--accounts=444444444444"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stdout.String(), `{"type":"failure","message":"not everything was read`) ||
		!strings.HasSuffix(stdout.String(), `{"type":"end"}`+"\n") {
		t.Errorf("exit %d, stream:\n%s", code, stdout.String())
	}
}
