package live

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/ec2query"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// EC2's DescribeRegions, without service/ec2: that package is over three
// quarters of gdlint-aws's compile for this one call (docs/design.md).
// The call goes through the SDK's own middleware stack, with the SDK's
// retry loop and retryer, its SigV4 signer, User-Agent, request IDs and
// response errors, and the client options and partition metadata a
// generated client resolves from the aws.Config; only the request's
// serialisation and the answer's XML are written here.
const (
	// describeRegionsBody is the whole request: no filter, so EC2 answers
	// the regions enabled for the account.
	describeRegionsBody = "Action=DescribeRegions&Version=2016-11-15"
	// maxRegionsAnswer bounds the answer read: a real one is a few KiB.
	maxRegionsAnswer = 1 << 20
)

var describeRegionsHash = func() string {
	h := sha256.Sum256([]byte(describeRegionsBody))
	return hex.EncodeToString(h[:])
}()

// describeRegions returns the regions DescribeRegions lists for the
// account whose credentials cfg holds, in cfg's region. Its errors are
// the SDK's: an *smithy.OperationError around the response error, whose
// smithy.APIError carries EC2's error code.
func describeRegions(ctx context.Context, cfg aws.Config) ([]string, error) {
	regions, err := invokeDescribeRegions(ctx, cfg)
	if err != nil {
		return nil, &smithy.OperationError{ServiceID: "EC2", OperationName: "DescribeRegions", Err: err}
	}
	return regions, nil
}

func invokeDescribeRegions(ctx context.Context, cfg aws.Config) ([]string, error) {
	if cfg.Credentials == nil {
		return nil, errors.New("no credentials")
	}
	// A generated client resolves its retryer (cfg.Retryer, the retry
	// mode and attempts), HTTP client, FIPS and dual-stack settings and
	// app ID from cfg in the same generated code; STS's client is linked
	// anyway, and its resolved options are EC2's but for the endpoint.
	o := sts.NewFromConfig(cfg).Options()
	endpoint, err := ec2Endpoint(ctx, cfg, o.EndpointOptions)
	if err != nil {
		return nil, err
	}
	var regions []string
	stack := middleware.NewStack("DescribeRegions", smithyhttp.NewStackRequest)
	steps := []func(*middleware.Stack) error{
		func(s *middleware.Stack) error {
			return s.Serialize.Add(describeRegionsRequest{endpoint}, middleware.After)
		},
		awsmiddleware.AddRequestUserAgentMiddleware,
		awsmiddleware.AddSDKAgentKey(awsmiddleware.APIMetadata, "ec2"),
		func(s *middleware.Stack) error {
			return s.Build.Add(&awsmiddleware.ClientRequestID{}, middleware.After)
		},
		func(s *middleware.Stack) error {
			return s.Finalize.Add(signEC2{cfg.Credentials, cfg.Region}, middleware.After)
		},
		func(s *middleware.Stack) error { // before "Signing": each attempt is signed anew
			return retry.AddRetryMiddlewares(s, retry.AddRetryMiddlewaresOptions{Retryer: o.Retryer})
		},
		func(s *middleware.Stack) error {
			return s.Deserialize.Add(describeRegionsAnswer{&regions}, middleware.After)
		},
		func(s *middleware.Stack) error {
			return s.Deserialize.Insert(&awsmiddleware.RequestIDRetriever{}, "OperationDeserializer", middleware.Before)
		},
		func(s *middleware.Stack) error {
			return s.Deserialize.Insert(&awshttp.ResponseErrorWrapper{}, "RequestIDRetriever", middleware.Before)
		},
	}
	if o.AppID != "" {
		steps = append(steps, awsmiddleware.AddSDKAgentKey(awsmiddleware.ApplicationIdentifier, o.AppID))
	}
	for _, add := range steps {
		if err := add(stack); err != nil {
			return nil, err
		}
	}
	h := middleware.DecorateHandler(smithyhttp.NewClientHandlerWithOptions(o.HTTPClient), stack)
	if _, _, err := h.Handle(ctx, struct{}{}); err != nil {
		return nil, err
	}
	return regions, nil
}

// ec2Endpoint is the URL service/ec2 would send to: the configured
// endpoint (ec2BaseEndpoint), or the one EC2's endpoint rules give for
// the region, its partition's DNS suffix, FIPS and dual stack.
//
// The SDK exports its partition metadata only through each service's
// endpoint resolver. STS's rules, with its global endpoint off, are EC2's
// with another service name (sts., sts-fips.; in aws-us-gov, FIPS is the
// plain name, for both), so EC2's host is STS's with "sts" made "ec2".
// A host of another shape is an error, never a guess.
func ec2Endpoint(ctx context.Context, cfg aws.Config, eo sts.EndpointResolverOptions) (*url.URL, error) {
	if !validRegion(cfg.Region) {
		return nil, fmt.Errorf("not a region: %q", cfg.Region)
	}
	base := ec2BaseEndpoint(ctx, cfg)
	ep, err := sts.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, sts.EndpointParameters{
		Region:            aws.String(cfg.Region),
		UseFIPS:           aws.Bool(eo.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
		UseDualStack:      aws.Bool(eo.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
		UseGlobalEndpoint: aws.Bool(false),
		Endpoint:          base,
	})
	if err != nil {
		return nil, err
	}
	u := ep.URI
	if base == nil {
		rest, ok := strings.CutPrefix(u.Host, "sts")
		if !ok || u.Scheme != "https" || u.Path != "" ||
			!strings.HasPrefix(rest, "."+cfg.Region+".") && !strings.HasPrefix(rest, "-fips."+cfg.Region+".") {
			return nil, fmt.Errorf("no EC2 endpoint known for region %s (the SDK's STS rules gave %s)", cfg.Region, u.String())
		}
		u.Host = "ec2" + rest
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return &u, nil
}

// ec2BaseEndpoint is the endpoint service/ec2's resolveBaseEndpoint would
// take: AWS_ENDPOINT_URL_EC2 or the profile's services section (unless
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, or AWS_ENDPOINT_URL is set and
// AWS_ENDPOINT_URL_EC2 is not), else cfg.BaseEndpoint (AWS_ENDPOINT_URL,
// the profile's endpoint_url), else nil.
func ec2BaseEndpoint(ctx context.Context, cfg aws.Config) *string {
	_, general := os.LookupEnv("AWS_ENDPOINT_URL")
	_, own := os.LookupEnv("AWS_ENDPOINT_URL_EC2")
	if general && !own {
		return cfg.BaseEndpoint
	}
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(interface {
			GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error)
		}); ok {
			ignore, found, err := p.GetIgnoreConfiguredEndpoints(ctx)
			if found && ignore {
				return cfg.BaseEndpoint
			}
			if err != nil || found {
				break
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(interface {
			GetServiceBaseEndpoint(context.Context, string) (string, bool, error)
		}); ok {
			v, found, err := p.GetServiceBaseEndpoint(ctx, "EC2")
			if err != nil {
				break
			}
			if found {
				return &v
			}
		}
	}
	return cfg.BaseEndpoint
}

// validRegion reports whether r can stand in a host name as the SDK
// allows a region to: dot-separated labels of letters, digits and
// hyphens, none starting or ending with a hyphen.
func validRegion(r string) bool {
	if r == "" || len(r) > 63 {
		return false
	}
	for _, label := range strings.Split(r, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// describeRegionsRequest serialises the call: EC2's Query protocol, a
// form POST to the endpoint's path.
type describeRegionsRequest struct{ endpoint *url.URL }

func (describeRegionsRequest) ID() string { return "OperationSerializer" }

func (m describeRegionsRequest) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (
	middleware.SerializeOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("unknown transport type %T", in.Request)
	}
	u := *m.endpoint
	req.URL = &u
	req.Method = http.MethodPost
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req, err := req.SetStream(strings.NewReader(describeRegionsBody))
	if err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	in.Request = req
	return next.HandleSerialize(ctx, in)
}

// signEC2 signs each attempt with SigV4 for EC2 in the region, with the
// credentials of the moment (a cache renews them; an assumed role's
// included). The retry middleware goes before it, by its ID.
type signEC2 struct {
	creds  aws.CredentialsProvider
	region string
}

func (signEC2) ID() string { return "Signing" }

func (m signEC2) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("unknown transport type %T", in.Request)
	}
	creds, err := m.creds.Retrieve(ctx)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("failed to retrieve credentials: %w", err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req.Request, describeRegionsHash, "ec2", m.region, time.Now()); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("failed to sign the request: %w", err)
	}
	return next.HandleFinalize(ctx, in)
}

// describeRegionsAnswer reads the answer: the regions' names, or EC2's
// error as a smithy.GenericAPIError with its code, as service/ec2's
// deserializer makes it. An answer that is not DescribeRegions's is a
// smithy.DeserializationError, never an empty list.
type describeRegionsAnswer struct{ regions *[]string }

func (describeRegionsAnswer) ID() string { return "OperationDeserializer" }

func (m describeRegionsAnswer) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, metadata, err := next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, metadata, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok {
		return out, metadata, &smithy.DeserializationError{Err: fmt.Errorf("unknown transport type %T", out.RawResponse)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRegionsAnswer+1))
	if err != nil {
		return out, metadata, &smithy.DeserializationError{Err: fmt.Errorf("failed to read the answer: %w", err)}
	}
	if len(body) > maxRegionsAnswer {
		return out, metadata, &smithy.DeserializationError{Err: fmt.Errorf("an answer over %d bytes", maxRegionsAnswer)}
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return out, metadata, ec2Error(body, &metadata)
	}
	var answer struct {
		XMLName xml.Name `xml:"DescribeRegionsResponse"`
		Names   []string `xml:"regionInfo>item>regionName"`
	}
	if err := xml.Unmarshal(body, &answer); err != nil {
		return out, metadata, &smithy.DeserializationError{Err: fmt.Errorf("failed to decode response body, %w", err),
			Snapshot: body[:min(len(body), 1024)]}
	}
	*m.regions = answer.Names
	return out, metadata, nil
}

// ec2Error is EC2's error answer as service/ec2 makes it: the code and
// message of <Response><Errors><Error>, "UnknownError" when it has none.
func ec2Error(body []byte, metadata *middleware.Metadata) error {
	c, err := ec2query.GetErrorResponseComponents(bytes.NewReader(body))
	if err != nil {
		return err
	}
	awsmiddleware.SetRequestIDMetadata(metadata, c.RequestID)
	code, msg := "UnknownError", "UnknownError"
	if c.Code != "" {
		code = c.Code
	}
	if c.Message != "" {
		msg = c.Message
	}
	return &smithy.GenericAPIError{Code: code, Message: msg}
}
