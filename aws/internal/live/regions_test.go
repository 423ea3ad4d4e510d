package live

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gdlint/gdlint/aws/internal/awsfake"
)

func ec2Calls(srv *awsfake.Server) []string {
	var out []string
	for _, c := range srv.Calls() {
		if strings.HasSuffix(c, " ec2:DescribeRegions") {
			out = append(out, c)
		}
	}
	return out
}

// TestDescribeRegionsDenied checks that EC2's own denial code
// (UnauthorizedOperation, in EC2's XML error) reaches the gap, which
// fails the run, as service/ec2's error did.
func TestDescribeRegionsDenied(t *testing.T) {
	srv := start(t)
	srv.Change(caller, func(a *awsfake.Account) { a.Denied = map[string]bool{"ec2": true} })
	_, gaps, err := read(t, Options{AllRegions: true})
	want := []string{"ec2 (DescribeRegions) in us-east-1 of account 111111111111: regions unknown, account not read: UnauthorizedOperation"}
	if err == nil || !slices.Equal(gaps, want) {
		t.Errorf("err %v, gaps %q; want an error and %q", err, gaps, want)
	}
}

// TestDescribeRegionsRetried checks that EC2's throttling answer (503
// RequestLimitExceeded) is retried by the SDK's standard retryer, and that
// a server error is retried as often and then fails the account.
func TestDescribeRegionsRetried(t *testing.T) {
	srv := start(t)
	srv.Regions = []string{"eu-west-1", "us-east-1"}
	srv.Throttle("ec2:DescribeRegions", 2) // succeeds on the third try
	found, gaps, err := read(t, Options{AllRegions: true})
	if err != nil || len(gaps) > 0 || len(found) != 9 {
		t.Fatalf("%d resources, gaps %q, err %v", len(found), gaps, err)
	}
	if n := len(ec2Calls(srv)); n != 3 {
		t.Errorf("DescribeRegions called %d times, want 3", n)
	}

	srv = start(t)
	srv.Change(caller, func(a *awsfake.Account) { a.Broken = map[string]bool{"ec2:DescribeRegions": true} })
	_, gaps, err = read(t, Options{AllRegions: true})
	want := []string{"ec2 (DescribeRegions) in us-east-1 of account 111111111111: regions unknown, account not read: InternalFailure"}
	if err == nil || !slices.Equal(gaps, want) {
		t.Errorf("err %v, gaps %q; want an error and %q", err, gaps, want)
	}
	if n := len(ec2Calls(srv)); n != 3 {
		t.Errorf("DescribeRegions called %d times on a 500, want the retryer's 3", n)
	}
}

// TestDescribeRegionsEndpoint checks that AWS_ENDPOINT_URL_EC2 wins over
// AWS_ENDPOINT_URL for DescribeRegions, and only for it.
func TestDescribeRegionsEndpoint(t *testing.T) {
	srv := start(t)
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	for _, svc := range []string{"EC2", "STS", "EVENTBRIDGE", "GUARDDUTY", "SECURITYHUB"} {
		t.Setenv("AWS_ENDPOINT_URL_"+svc, srv.URL)
	}
	found, gaps, err := read(t, Options{AllRegions: true})
	if err != nil || len(found) != 9 || len(gaps) > 0 || len(ec2Calls(srv)) != 1 {
		t.Errorf("%d resources, gaps %v, err %v, DescribeRegions calls %v", len(found), gaps, err, ec2Calls(srv))
	}

	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1")
	_, gaps, err = read(t, Options{AllRegions: true})
	want := "ec2 (DescribeRegions) in us-east-1 of account 111111111111: regions unknown, account not read:"
	if err == nil || len(gaps) != 1 || !strings.HasPrefix(gaps[0], want) {
		t.Errorf("with AWS_ENDPOINT_URL_EC2 going nowhere: err %v, gaps %q; want one starting %q", err, gaps, want)
	}
}

// TestEC2Endpoint checks the endpoint of each partition, with FIPS and
// dual stack, against what service/ec2 v1.344.3's resolver gave for the
// same parameters (ec2.NewDefaultEndpointResolverV2, before it was
// dropped).
func TestEC2Endpoint(t *testing.T) {
	for _, tc := range []struct {
		region     string
		fips, dual bool
		want       string
	}{
		{"us-east-1", false, false, "https://ec2.us-east-1.amazonaws.com/"},
		{"us-east-1", true, false, "https://ec2-fips.us-east-1.amazonaws.com/"},
		{"us-east-1", false, true, "https://ec2.us-east-1.api.aws/"},
		{"us-east-1", true, true, "https://ec2-fips.us-east-1.api.aws/"},
		{"cn-north-1", false, false, "https://ec2.cn-north-1.amazonaws.com.cn/"},
		{"cn-northwest-1", true, false, "https://ec2-fips.cn-northwest-1.amazonaws.com.cn/"},
		{"cn-north-1", false, true, "https://ec2.cn-north-1.api.amazonwebservices.com.cn/"},
		{"us-gov-west-1", false, false, "https://ec2.us-gov-west-1.amazonaws.com/"},
		{"us-gov-west-1", true, false, "https://ec2.us-gov-west-1.amazonaws.com/"},
		{"us-gov-west-1", true, true, "https://ec2-fips.us-gov-west-1.api.aws/"},
		{"us-iso-east-1", false, false, "https://ec2.us-iso-east-1.c2s.ic.gov/"},
		{"us-isob-east-1", false, false, "https://ec2.us-isob-east-1.sc2s.sgov.gov/"},
		{"eusc-de-east-1", false, false, "https://ec2.eusc-de-east-1.amazonaws.eu/"},
		{"xx-new-9", false, false, "https://ec2.xx-new-9.amazonaws.com/"},
	} {
		eo := sts.EndpointResolverOptions{}
		if tc.fips {
			eo.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
		}
		if tc.dual {
			eo.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
		}
		u, err := ec2Endpoint(context.Background(), aws.Config{Region: tc.region}, eo)
		if err != nil || u.String() != tc.want {
			t.Errorf("%s fips=%v dualstack=%v: %v, %v; want %s", tc.region, tc.fips, tc.dual, u, err, tc.want)
		}
	}
	for _, region := range []string{"", "evil.example/x", "us-east-1 ", "-us-east-1"} {
		if u, err := ec2Endpoint(context.Background(), aws.Config{Region: region}, sts.EndpointResolverOptions{}); err == nil {
			t.Errorf("region %q: endpoint %s, want an error", region, u)
		}
	}
	// As in EC2's rules: a configured endpoint does not go with FIPS.
	_, err := ec2Endpoint(context.Background(), aws.Config{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1")},
		sts.EndpointResolverOptions{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled})
	if err == nil {
		t.Error("a configured endpoint with FIPS: no error")
	}
}

// divert sends every request to one server, and records the hosts asked.
type divert struct {
	to    *url.URL
	mu    sync.Mutex
	hosts []string
	agent string // the last User-Agent
	size  int64  // the last Content-Length
}

func (d *divert) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	d.hosts = append(d.hosts, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
	d.agent = r.Header.Get("User-Agent")
	d.size = r.ContentLength
	d.mu.Unlock()
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = d.to.Scheme, d.to.Host
	return http.DefaultTransport.RoundTrip(r)
}

// TestDescribeRegionsChina checks a call in aws-cn end to end: sent to
// EC2's endpoint in amazonaws.com.cn, signed for the region, answered,
// with the SDK's User-Agent.
func TestDescribeRegionsChina(t *testing.T) {
	srv := start(t)
	srv.Regions = []string{"cn-north-1", "cn-northwest-1"}
	t.Setenv("AWS_ENDPOINT_URL", "")
	os.Unsetenv("AWS_ENDPOINT_URL")
	t.Setenv("AWS_REGION", "cn-north-1")
	to, _ := url.Parse(srv.URL)
	d := &divert{to: to}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTPClient = &http.Client{Transport: d}
	regions, err := describeRegions(context.Background(), cfg)
	if err != nil || !slices.Equal(regions, srv.Regions) {
		t.Fatalf("regions %q, err %v; want %q", regions, err, srv.Regions)
	}
	if want := []string{"https://ec2.cn-north-1.amazonaws.com.cn/"}; !slices.Equal(d.hosts, want) {
		t.Errorf("sent to %q, want %q", d.hosts, want)
	}
	if got, want := ec2Calls(srv), []string{caller + " cn-north-1 ec2:DescribeRegions"}; !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q (signed for cn-north-1)", got, want)
	}
	if !strings.HasPrefix(d.agent, "aws-sdk-go-v2/"+aws.SDKVersion+" ") || !strings.Contains(d.agent, " api/ec2") {
		t.Errorf("User-Agent %q, want the SDK's, with api/ec2", d.agent)
	}
	if d.size != int64(len(describeRegionsBody)) {
		t.Errorf("Content-Length %d, want %d", d.size, len(describeRegionsBody))
	}
}
