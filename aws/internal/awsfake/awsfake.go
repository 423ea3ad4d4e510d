// Package awsfake is a local server that speaks the wire protocols of the
// AWS operations gdlint aws calls, for tests: EventBridge and
// Organizations (awsJson1_1, X-Amz-Target), GuardDuty and Security Hub
// (restJson1, GuardDuty with its lower-camel members), STS and EC2 (the
// query protocols, XML responses). The real SDK clients reach it through
// AWS_ENDPOINT_URL; it tells services, regions and accounts apart by the
// SigV4 credential scope of each request, as AWS does.
//
// It refuses every operation outside the read-only set gdlint may call,
// and records it, so a test fails if gdlint ever calls one. It knows
// nothing of gdlint: it must not import gdlint's packages.
package awsfake

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Account is what one account holds, by region.
type Account struct {
	ID      string
	Regions map[string]*Region
	// Denied makes a service ("securityhub") or an operation
	// ("securityhub:ListAutomationRules"), or either in one region
	// ("securityhub@eu-west-1"), answer AccessDeniedException.
	Denied map[string]bool
	// Disabled makes Security Hub answer InvalidAccessException, as it
	// does where it is not enabled, by region ("eu-west-1") or "*".
	Disabled map[string]bool
	// Unavailable makes an operation ("securityhub:ListAutomationRulesV2"),
	// or an operation in one region ("...@eu-west-1"), answer HTTP 404
	// UnknownOperationException, as an endpoint that does not offer it.
	Unavailable map[string]bool
	// Broken makes an operation answer HTTP 500 InternalFailure, every
	// time, retries included.
	Broken map[string]bool
	// NoRole: no role can be assumed in this account. ExternalID, when
	// set, is the external ID its role's trust policy requires.
	NoRole     bool
	ExternalID string
}

// Region is one region's resources.
type Region struct {
	Buses             map[string][]Rule // event bus name → its rules
	Detectors         map[string][]Filter
	AutomationRules   []AutomationRule
	AutomationRulesV2 []AutomationRule
	Insights          []Insight
	// ControlFindingGenerator is what DescribeHub answers there: "" is
	// SECURITY_CONTROL, AWS's default for a hub enabled since 2023-02-23;
	// NoGenerator answers without the member.
	ControlFindingGenerator string
}

// NoGenerator, as a Region's ControlFindingGenerator, makes DescribeHub
// answer without one.
const NoGenerator = "none"

// Rule is an EventBridge rule; a schedule has no pattern.
type Rule struct {
	Name, EventPattern, ScheduleExpression string
}

// Filter is a GuardDuty filter: Criterion is its findingCriteria.criterion
// as the API sends it ({"type": {"eq": [...]}}).
type Filter struct {
	Name, Action string
	Rank         int
	Criterion    string
}

// AutomationRule is a Security Hub automation rule: Criteria is the JSON
// the API sends (V1: {"Type": [...]}; V2: {"OcsfFindingCriteria": ...}).
// BatchGetAutomationRules returns an Unprocessed V1 rule among
// UnprocessedAutomationRules.
type AutomationRule struct {
	ID, Name, Criteria string
	Unprocessed        bool
}

// Insight is a Security Hub custom insight; Filters is the API's JSON.
type Insight struct {
	ID, Name, Filters string
}

// ReadOnly is every operation the server answers, as IAM names it.
var ReadOnly = map[string]bool{
	"sts:GetCallerIdentity": true, "sts:AssumeRole": true, "organizations:ListAccounts": true,
	"ec2:DescribeRegions": true, "events:ListEventBuses": true, "events:ListRules": true,
	"guardduty:ListDetectors": true, "guardduty:ListFilters": true, "guardduty:GetFilter": true,
	"securityhub:ListAutomationRules": true, "securityhub:BatchGetAutomationRules": true,
	"securityhub:ListAutomationRulesV2": true, "securityhub:GetAutomationRuleV2": true,
	"securityhub:GetInsights": true, "securityhub:DescribeHub": true,
}

// Server is the fake AWS.
type Server struct {
	*httptest.Server
	// Caller is the account whose credentials a test gives (any access
	// key but the ones AssumeRole hands out).
	Caller   string
	Accounts map[string]*Account
	// Regions enabled in every account, for DescribeRegions.
	Regions []string
	// PageSize is the page size of every list (1 when 0), so that any
	// scan with two of anything pages.
	PageSize int

	mu       sync.Mutex
	throttle map[string]int // operation → throttled answers still to give
	hang     map[string]bool
	stop     chan struct{} // closed by Close: a hung call ends
	repeat   map[string]bool
	calls    []string
	refused  []string
	sessions []string // "ROLE-ARN SESSION-NAME EXTERNAL-ID" of each AssumeRole
}

// New starts a server; Close it when done.
func New(caller string, accounts ...*Account) *Server {
	s := &Server{Caller: caller, Accounts: map[string]*Account{}, Regions: []string{"us-east-1"}, throttle: map[string]int{},
		hang: map[string]bool{}, repeat: map[string]bool{}, stop: make(chan struct{})}
	for _, a := range accounts {
		s.Accounts[a.ID] = a
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close ends hung calls and shuts the server down. (The SDK's credential
// cache goes on waiting for an AssumeRole after its caller gave up.)
func (s *Server) Close() {
	close(s.stop)
	s.Server.Close()
}

// Throttle makes the next n calls of op ("events:ListRules") answer with
// the protocol's throttling error.
func (s *Server) Throttle(op string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle[op] = n
}

// Hang makes every call of op ("sts:GetCallerIdentity") wait, without an
// answer, until the client gives up.
func (s *Server) Hang(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hang[op] = true
}

// RepeatToken makes every page of op's listing give the same next-page
// token, as a broken endpoint might: a client that trusts it never ends.
func (s *Server) RepeatToken(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repeat[op] = true
}

// Change changes an account while the server runs (a test script's
// step); f may create it.
func (s *Server) Change(id string, f func(a *Account)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.Accounts[id]
	if a == nil {
		a = &Account{ID: id}
		s.Accounts[id] = a
	}
	f(a)
}

// Calls returns every operation called, in order, as "account region
// service:Operation".
func (s *Server) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

// Sessions returns each AssumeRole asked for, as "ROLE-ARN SESSION-NAME
// EXTERNAL-ID".
func (s *Server) Sessions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sessions...)
}

// Refused returns the operations called outside ReadOnly.
func (s *Server) Refused() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.refused...)
}

var scopeRE = regexp.MustCompile(`Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request`)

// call is one request, read.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	acct    *Account
	region  string
	service string
	op      string // "events:ListRules"
	body    []byte
	form    url.Values
	repeat  bool // every page gives the same next token
}

// ControlPath is where a test changes a running server from another
// process: POST a JSON list of Apply's arguments.
const ControlPath = "/_awsfake/apply"

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == ControlPath && r.Method == http.MethodPost {
		var args []string
		if err := json.NewDecoder(r.Body).Decode(&args); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := s.Apply(args); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
		return
	}
	m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		http.Error(w, "unsigned request", http.StatusForbidden)
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := &call{w: w, r: r, region: m[2], service: m[3], body: body}
	acctID := s.Caller
	if strings.HasPrefix(m[1], "ASIAFAKE") {
		acctID = strings.TrimPrefix(m[1], "ASIAFAKE")
	}
	c.acct = s.Accounts[acctID]
	if c.acct == nil {
		c.acct = &Account{ID: acctID}
	}
	c.op = c.service + ":" + operation(c)
	// The answer is made under the lock: a test may change the accounts
	// between runs, and the race detector sees that ordered.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, acctID+" "+c.region+" "+c.op)
	throttled := s.throttle[c.op] > 0
	if throttled {
		s.throttle[c.op]--
	}
	allowed := ReadOnly[c.op]
	if !allowed {
		s.refused = append(s.refused, c.op)
	}
	c.repeat = s.repeat[c.op]
	switch {
	case s.hang[c.op]:
		s.mu.Unlock()
		select { // until the client gives up
		case <-r.Context().Done():
		case <-s.stop:
		}
		s.mu.Lock()
	case !allowed:
		c.fail(http.StatusForbidden, "AccessDeniedException", c.op+" is not a read-only operation")
	case throttled:
		code, status := "ThrottlingException", http.StatusTooManyRequests
		switch c.service {
		case "guardduty", "securityhub":
			code = "TooManyRequestsException"
		case "ec2":
			code, status = "RequestLimitExceeded", http.StatusServiceUnavailable // EC2's own
		}
		c.fail(status, code, "Rate exceeded")
	case c.acct.Broken[c.op]:
		c.fail(http.StatusInternalServerError, "InternalFailure", "internal failure")
	case c.acct.Unavailable[c.op] || c.acct.Unavailable[c.op+"@"+c.region]:
		c.fail(http.StatusNotFound, "UnknownOperationException", "The operation is not supported in this region")
	case c.acct.Denied[c.service] || c.acct.Denied[c.service+"@"+c.region] || c.acct.Denied[c.op] || c.acct.Denied[c.op+"@"+c.region]:
		code := "AccessDeniedException"
		if c.service == "ec2" {
			code = "UnauthorizedOperation" // EC2's own
		}
		c.fail(http.StatusForbidden, code, "User is not authorized to perform: "+c.op)
	case c.service == "securityhub" && (c.acct.Disabled["*"] || c.acct.Disabled[c.region]):
		c.fail(http.StatusUnauthorized, "InvalidAccessException", "Account "+acctID+" is not subscribed to AWS Security Hub")
	default:
		s.answer(c)
	}
}

// operation names the operation of a request by its protocol.
func operation(c *call) string {
	if t := c.r.Header.Get("X-Amz-Target"); t != "" {
		_, op, _ := strings.Cut(t, ".")
		return op
	}
	if strings.HasPrefix(c.r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		c.form, _ = url.ParseQuery(string(c.body))
		return c.form.Get("Action")
	}
	p := pathParts(c.r)
	switch key := c.r.Method + " " + c.service + " " + p[0]; {
	case key == "GET guardduty detector" && len(p) == 1:
		return "ListDetectors"
	case key == "GET guardduty detector" && len(p) == 3 && p[2] == "filter":
		return "ListFilters"
	case key == "GET guardduty detector" && len(p) == 4 && p[2] == "filter":
		return "GetFilter"
	case key == "GET securityhub automationrules" && len(p) == 2 && p[1] == "list":
		return "ListAutomationRules"
	case key == "POST securityhub automationrules" && len(p) == 2 && p[1] == "get":
		return "BatchGetAutomationRules"
	case key == "GET securityhub automationrulesv2" && len(p) == 2 && p[1] == "list":
		return "ListAutomationRulesV2"
	case key == "GET securityhub automationrulesv2" && len(p) == 2:
		return "GetAutomationRuleV2"
	case key == "POST securityhub insights" && len(p) == 2 && p[1] == "get":
		return "GetInsights"
	case key == "GET securityhub accounts" && len(p) == 1:
		return "DescribeHub"
	}
	return c.r.Method + " " + c.r.URL.Path // not one of ours: refused
}

// fail answers an error as the service's protocol writes one.
func (c *call) fail(status int, code, msg string) {
	switch c.service {
	case "sts":
		c.w.Header().Set("Content-Type", "text/xml")
		c.w.WriteHeader(status)
		fmt.Fprintf(c.w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>r</RequestId></ErrorResponse>`, code, xmlText(msg))
	case "ec2":
		c.w.Header().Set("Content-Type", "text/xml")
		c.w.WriteHeader(status)
		fmt.Fprintf(c.w, `<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>r</RequestID></Response>`, code, xmlText(msg))
	case "events", "organizations":
		if status == http.StatusTooManyRequests || status == http.StatusForbidden {
			status = http.StatusBadRequest // awsJson1_1 services answer 400 and name the error
		}
		c.json(status, map[string]any{"__type": code, "message": msg})
	default: // restJson1
		c.w.Header().Set("X-Amzn-Errortype", code)
		c.json(status, map[string]any{"message": msg, "Message": msg})
	}
}

func (c *call) json(status int, v any) {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(status)
	_ = json.NewEncoder(c.w).Encode(v)
}

func (c *call) xml(v string) {
	c.w.Header().Set("Content-Type", "text/xml")
	_, _ = io.WriteString(c.w, v)
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// page returns the items of one page of n items, from a token the server
// gave (an offset), and the next token ("" on the last page).
func (s *Server) page(c *call, n int, token string) (from, to int, next string) {
	size := max(s.PageSize, 1)
	from, _ = strconv.Atoi(token)
	from = min(from, n)
	to = min(from+size, n)
	if to < n {
		next = strconv.Itoa(to)
	}
	if c.repeat {
		next = "1"
	}
	return from, to, next
}

// region is the request's region of its account, never nil.
func (c *call) regionData() *Region {
	if r := c.acct.Regions[c.region]; r != nil {
		return r
	}
	return &Region{}
}

func (c *call) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, c.region, c.acct.ID, resource)
}

// bodyField reads a string member of a JSON request body.
func (c *call) bodyField(name string) string {
	var m map[string]any
	_ = json.Unmarshal(c.body, &m)
	s, _ := m[name].(string)
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// pathParts splits a request's path into its unescaped segments: an ARN
// in a path ("/automationrulesv2/arn%3Aaws...%2Fx") stays one segment.
func pathParts(r *http.Request) []string {
	parts := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return parts
}
