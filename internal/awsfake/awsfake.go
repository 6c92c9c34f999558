// Package awsfake is a local HTTP server that answers like the AWS APIs lbo
// calls, for tests that run the real aws-sdk-go-v2 clients against it:
// Elastic Load Balancing v2 and IAM (the Query protocol: form-encoded
// Action=...&Version=... POSTs answered in XML), EC2 (its own Query dialect)
// and EKS (REST-JSON, GET /clusters/{name}). Request and response shapes
// follow the AWS API reference; only the calls and fields lbo uses are served.
//
// A test sets the world with Set, makes calls fail with Fail (Throttling,
// AccessDenied, ...), and reads which calls were made with Calls.
package awsfake

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// API versions, which tell the Query protocol services apart.
const (
	elbv2Version = "2015-12-01"
	ec2Version   = "2016-11-15"
	iamVersion   = "2010-05-08"

	elbv2NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"
	ec2NS   = "http://ec2.amazonaws.com/doc/2016-11-15/"
	iamNS   = "https://iam.amazonaws.com/doc/2010-05-08/"
)

// Region is the region of the clients Config makes.
const Region = "us-east-1"

// State is the AWS account the server pretends to be.
type State struct {
	LoadBalancers []LoadBalancer
	Clusters      []Cluster
	// OIDCProviders are IAM OIDC provider ARNs.
	OIDCProviders []string
	Policies      []Policy
	Roles         []Role
	Subnets       []Subnet
	// PageSize, when set, caps DescribeLoadBalancers pages below what the
	// caller asks for, to make callers paginate.
	PageSize int
}

// LoadBalancer is an ELBv2 load balancer with its listeners and target groups.
type LoadBalancer struct {
	ARN, Name, DNSName, CanonicalHostedZoneID string
	// Type is application or network; Scheme internet-facing or internal.
	Type, Scheme string
	// State is provisioning, active, active_impaired or failed.
	State, StateReason string
	Tags               map[string]string
	Listeners          []Listener
	TargetGroups       []TargetGroup
}

// Listener is an ELBv2 listener.
type Listener struct {
	ARN      string
	Port     int32
	Protocol string
}

// TargetGroup is an ELBv2 target group and its registered targets.
type TargetGroup struct {
	ARN, Name string
	Port      int32
	Protocol  string
	Tags      map[string]string
	Targets   []Target
}

// Target is a registered target and its health.
type Target struct {
	ID   string
	Port int32
	// State is initial, healthy, unhealthy, unhealthy.draining, unused,
	// draining or unavailable; Reason a code like Target.Timeout.
	State, Reason, Description string
}

// Cluster is an EKS cluster.
type Cluster struct {
	Name, ARN, OIDCIssuer, VPCID string
	SubnetIDs                    []string
}

// Policy is a customer managed IAM policy.
type Policy struct {
	ARN, Name string
	// Allows are the actions the policy allows, such as acm:RequestCertificate
	// or elasticloadbalancing:* (a trailing '*' matches any rest);
	// SimulatePrincipalPolicy evaluates a role's attached policies by them.
	Allows []string
}

// Role is an IAM role: its trust policy (JSON) and attached policy ARNs.
type Role struct {
	Name, ARN   string
	TrustPolicy string
	Attached    []string
}

// Subnet is an EC2 subnet.
type Subnet struct {
	ID, VPCID, AvailabilityZone string
	Tags                        map[string]string
}

// Call is one request the server answered.
type Call struct {
	// Action is the operation: DescribeLoadBalancers, DescribeCluster, ...
	Action string
	Time   time.Time
	// Params are the request's form parameters (Query protocols).
	Params url.Values
}

// Server is the fake AWS endpoint. Its methods are safe for concurrent use.
type Server struct {
	// URL is the endpoint to give the SDK clients as BaseEndpoint.
	URL string

	srv      *httptest.Server
	mu       sync.Mutex
	state    State
	failures map[string][]failure
	calls    []Call
	nextID   int
}

type failure struct {
	code, message string
	// times left; negative: until cleared.
	times int
}

// New starts a server that stops when the test ends.
func New(t interface{ Cleanup(func()) }) *Server {
	s := Start()
	t.Cleanup(s.Close)
	return s
}

// Start starts a server; Close stops it.
func Start() *Server {
	s := &Server{failures: map[string][]failure{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Set changes the account's state under the server's lock.
func (s *Server) Set(fn func(*State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.state)
}

// Fail makes the next times calls of action answer the error code (times < 0:
// every call until Fail(action, 0, "")). The HTTP status is AWS's for the
// code: 400 for Throttling, 503 for RequestLimitExceeded, 429 for
// ThrottlingException, 403 for AccessDenied, 404 for NoSuchEntity and
// ResourceNotFoundException.
func (s *Server) Fail(action string, times int, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if times == 0 {
		delete(s.failures, action)
		return
	}
	msg := map[string]string{
		"Throttling":           "Rate exceeded",
		"ThrottlingException":  "Rate exceeded",
		"RequestLimitExceeded": "Request limit exceeded.",
		"AccessDenied":         "User: arn:aws:sts::123456789012:assumed-role/lbo/1 is not authorized to perform: " + action,
	}[code]
	if msg == "" {
		msg = code
	}
	s.failures[action] = append(s.failures[action], failure{code: code, message: msg, times: times})
}

// Calls are the requests of action answered so far (all when action is "").
func (s *Server) Calls(action string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if action == "" || c.Action == action {
			out = append(out, c)
		}
	}
	return out
}

// Config is an SDK configuration that reaches the server: static
// credentials, region us-east-1, and retries that wait milliseconds.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(s.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxBackoff = 5 * time.Millisecond })
		},
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		http.Error(w, "request is not signed with SigV4", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/clusters/") {
		s.serveEKS(w, r, strings.TrimPrefix(r.URL.Path, "/clusters/"))
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action, version := r.PostForm.Get("Action"), r.PostForm.Get("Version")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Action: action, Time: time.Now(), Params: r.PostForm})
	q := &query{w: w, action: action, params: r.PostForm, requestID: s.requestID()}
	switch version {
	case elbv2Version:
		q.ns = elbv2NS
	case iamVersion:
		q.ns = iamNS
	case ec2Version:
		q.ec2 = true
	default:
		q.fail("InvalidAction", "unknown API version "+version)
		return
	}
	if f, ok := s.takeFailure(action); ok {
		q.fail(f.code, f.message)
		return
	}
	switch version {
	case elbv2Version:
		s.elbv2(q)
	case iamVersion:
		s.iam(q)
	case ec2Version:
		s.ec2(q)
	}
}

// takeFailure pops the next failure queued for action.
func (s *Server) takeFailure(action string) (failure, bool) {
	fs := s.failures[action]
	if len(fs) == 0 {
		return failure{}, false
	}
	f := fs[0]
	if f.times > 0 {
		fs[0].times--
		if fs[0].times == 0 {
			s.failures[action] = fs[1:]
		}
	}
	return f, true
}

func (s *Server) requestID() string {
	s.nextID++
	return fmt.Sprintf("00000000-0000-0000-0000-%012d", s.nextID)
}

// statusOf is the HTTP status AWS answers an error code with.
func statusOf(code string) int {
	switch code {
	case "RequestLimitExceeded":
		return http.StatusServiceUnavailable
	case "ThrottlingException", "TooManyRequestsException":
		return http.StatusTooManyRequests
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
		return http.StatusForbidden
	case "NoSuchEntity", "ResourceNotFoundException":
		return http.StatusNotFound
	default:
		return http.StatusBadRequest
	}
}

// query answers one Query protocol request.
type query struct {
	w         http.ResponseWriter
	action    string
	params    url.Values
	ns        string
	ec2       bool
	requestID string
}

// list reads the members of a list parameter: Name.member.1, Name.member.2,
// ... (ELBv2, IAM) or Name.1, Name.2, ... (EC2).
func (q *query) list(name string) []string {
	var out []string
	for i := 1; ; i++ {
		key := name + ".member." + strconv.Itoa(i)
		if q.ec2 {
			key = name + "." + strconv.Itoa(i)
		}
		v, ok := q.params[key]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// ok answers with result, the body of <ActionResult> (Query) or of
// <ActionResponse> (EC2).
func (q *query) ok(result any) {
	var b strings.Builder
	b.WriteString(xml.Header)
	if q.ec2 {
		fmt.Fprintf(&b, `<%sResponse xmlns="%s"><requestId>%s</requestId>%s</%sResponse>`, q.action, ec2NS, q.requestID, inner(result), q.action)
	} else {
		fmt.Fprintf(&b, `<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`,
			q.action, q.ns, q.action, inner(result), q.action, q.requestID, q.action)
	}
	q.w.Header().Set("Content-Type", "text/xml")
	q.w.Header().Set("X-Amzn-Requestid", q.requestID)
	_, _ = q.w.Write([]byte(b.String()))
}

// inner is the XML of the fields of the struct v, without an element of its own.
func inner(v any) string {
	out, err := xml.Marshal(struct {
		XMLName xml.Name `xml:"x"`
		V       any
	}{V: v})
	if err != nil {
		panic(err)
	}
	s := strings.TrimSuffix(strings.TrimPrefix(string(out), "<x>"), "</x>")
	// The field V wrapped v in <V>...</V>: drop it.
	return strings.TrimSuffix(strings.TrimPrefix(s, "<V>"), "</V>")
}

// fail answers with an AWS error in the protocol's shape.
func (q *query) fail(code, message string) {
	var body string
	if q.ec2 {
		body = fmt.Sprintf("<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>",
			esc(code), esc(message), q.requestID)
	} else {
		typ := "Sender"
		if statusOf(code) >= 500 {
			typ = "Receiver"
		}
		body = fmt.Sprintf(`<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
			q.ns, typ, esc(code), esc(message), q.requestID)
	}
	q.w.Header().Set("Content-Type", "text/xml")
	q.w.Header().Set("X-Amzn-Requestid", q.requestID)
	q.w.WriteHeader(statusOf(code))
	_, _ = q.w.Write([]byte(xml.Header + body))
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// members is a Query protocol list: <Name><member>...</member></Name>.
type members[T any] struct {
	Member []T `xml:"member"`
}

// items is an EC2 list: <name><item>...</item></name>.
type items[T any] struct {
	Item []T `xml:"item"`
}

// --- EKS (REST-JSON) ---

func (s *Server) serveEKS(w http.ResponseWriter, r *http.Request, name string) {
	name, _ = url.PathUnescape(name)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Action: "DescribeCluster", Time: time.Now()})
	id := s.requestID()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Requestid", id)
	fail := func(code, msg string) {
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(statusOf(code))
		_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
	}
	if f, ok := s.takeFailure("DescribeCluster"); ok {
		fail(f.code, f.message)
		return
	}
	for _, c := range s.state.Clusters {
		if c.Name != name {
			continue
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"cluster": map[string]any{
			"name": c.Name, "arn": c.ARN, "status": "ACTIVE", "version": "1.33",
			"createdAt": 1.7e9,
			"identity":  map[string]any{"oidc": map[string]any{"issuer": c.OIDCIssuer}},
			"resourcesVpcConfig": map[string]any{
				"vpcId": c.VPCID, "subnetIds": c.SubnetIDs,
				"endpointPublicAccess": true, "endpointPrivateAccess": true,
			},
		}})
		return
	}
	fail("ResourceNotFoundException", "No cluster found for name: "+name+".")
}
