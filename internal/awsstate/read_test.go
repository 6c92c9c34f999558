package awsstate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"k8s.io/apimachinery/pkg/types"

	"github.com/lbo-dev/lbo/internal/awsfake"
)

const (
	albHost = "k8s-shop-web-0123456789-1234567890.us-east-1.elb.amazonaws.com"
	albARN  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/k8s-shop-web-0123456789/50dc6c495c0c9188"
	tgARN   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-shop-api-6a8b7c9d0e/73e2d6bc24d8a067"
)

// account is an AWS account with the ALB of LoadBalancer shop/web among
// other load balancers, more than one page of them.
func account(s *awsfake.State) {
	s.PageSize = 2
	for i := range 3 {
		s.LoadBalancers = append(s.LoadBalancers, awsfake.LoadBalancer{
			ARN:     fmt.Sprintf("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other-%d/1", i),
			DNSName: fmt.Sprintf("other-%d.us-east-1.elb.amazonaws.com", i), State: "active", Type: "application",
		})
	}
	s.LoadBalancers = append(s.LoadBalancers, awsfake.LoadBalancer{
		ARN: albARN, Name: "k8s-shop-web-0123456789", DNSName: albHost, CanonicalHostedZoneID: "Z35SXDOTRQ7X7K",
		Type: "application", Scheme: "internet-facing", State: "active",
		Tags: map[string]string{TagCluster: "prod", TagIngressStack: "shop/web", TagIngressRes: "LoadBalancer"},
		Listeners: []awsfake.Listener{
			{ARN: albARN + "/listener-443", Port: 443, Protocol: "HTTPS"},
			{ARN: albARN + "/listener-80", Port: 80, Protocol: "HTTP"},
		},
		TargetGroups: []awsfake.TargetGroup{{
			ARN: tgARN, Name: "k8s-shop-api-6a8b7c9d0e", Port: 8080, Protocol: "HTTP",
			Tags: map[string]string{TagCluster: "prod", TagIngressStack: "shop/web", TagIngressRes: "shop/web-api:8080"},
			Targets: []awsfake.Target{
				{ID: "10.0.1.10", Port: 8080, State: "healthy"},
				{ID: "10.0.1.11", Port: 8080, State: "unhealthy", Reason: "Target.ResponseCodeMismatch", Description: "Health checks failed with these codes: [404]"},
				{ID: "10.0.1.12", Port: 8080, State: "unhealthy", Reason: "Target.ResponseCodeMismatch", Description: "Health checks failed with these codes: [404]"},
				{ID: "10.0.1.13", Port: 8080, State: "initial", Reason: "Elb.RegistrationInProgress"},
				{ID: "10.0.1.14", Port: 8080, State: "draining", Reason: "Target.DeregistrationInProgress"},
			},
		}},
	})
}

func newReader(t *testing.T, fake *awsfake.Server, cluster string) *reader {
	return &reader{api: elbv2.NewFromConfig(fake.Config()), cluster: cluster}
}

var web = types.NamespacedName{Namespace: "shop", Name: "web"}

func TestReadFindsTheLoadBalancerByDNSNameAndTags(t *testing.T) {
	fake := awsfake.New(t)
	fake.Set(account)
	got, err := newReader(t, fake, "prod").read(context.Background(), []want{{key: web, hostname: strings.ToUpper(albHost) + "."}})
	if err != nil {
		t.Fatal(err)
	}
	want := &LoadBalancer{
		Hostname: strings.ToUpper(albHost) + ".", Found: true,
		ARN: albARN, DNSName: albHost, CanonicalHostedZoneID: "Z35SXDOTRQ7X7K", State: "active",
		Listeners: []Listener{{ARN: albARN + "/listener-80", Port: 80, Protocol: "HTTP"}, {ARN: albARN + "/listener-443", Port: 443, Protocol: "HTTPS"}},
		TargetGroups: []TargetGroup{{
			ARN: tgARN, Name: "k8s-shop-api-6a8b7c9d0e", ResourceID: "shop/web-api:8080", Port: 8080, Protocol: "HTTP",
			Health: TargetHealth{Healthy: 1, Unhealthy: 2, Initial: 1, Draining: 1,
				UnhealthyReasons: []string{"Target.ResponseCodeMismatch: Health checks failed with these codes: [404]"}},
		}},
	}
	if !reflect.DeepEqual(got[web], want) {
		t.Fatalf("read\n%+v\nwant\n%+v", got[web], want)
	}
	// The load balancer was on the second page; the scan stopped there.
	if n := len(fake.Calls("DescribeLoadBalancers")); n != 2 {
		t.Errorf("%d DescribeLoadBalancers calls, want 2 (one per page up to the load balancer)", n)
	}
}

func TestReadSaysWhatItDidNotFind(t *testing.T) {
	fake := awsfake.New(t)
	fake.Set(account)
	other := types.NamespacedName{Namespace: "shop", Name: "other"}
	got, err := newReader(t, fake, "").read(context.Background(), []want{
		{key: other, hostname: albHost},                          // tagged for shop/web, not shop/other
		{key: web, hostname: "gone.us-east-1.elb.amazonaws.com"}, // no such DNS name
	})
	if err != nil {
		t.Fatal(err)
	}
	if o := got[other]; o.Found || !strings.Contains(o.Message, "not tagged") || !strings.Contains(o.Message, "shop/other") {
		t.Errorf("a load balancer of another stack: %+v", o)
	}
	if o := got[web]; o.Found || o.Message != "no load balancer has the DNS name gone.us-east-1.elb.amazonaws.com" {
		t.Errorf("no load balancer: %+v", o)
	}
	// Another cluster's load balancer is not ours either.
	got, err = newReader(t, fake, "staging").read(context.Background(), []want{{key: web, hostname: albHost}})
	if err != nil {
		t.Fatal(err)
	}
	if o := got[web]; o.Found || !strings.Contains(o.Message, `"staging"`) {
		t.Errorf("another cluster's load balancer: %+v", o)
	}
}

func TestReadErrors(t *testing.T) {
	fake := awsfake.New(t)
	fake.Set(account)
	r := newReader(t, fake, "")

	// Throttled beyond the SDK's retries: the whole read fails, as throttling.
	fake.Fail("DescribeLoadBalancers", -1, "Throttling")
	_, err := r.read(context.Background(), []want{{key: web, hostname: albHost}})
	if !IsThrottling(err) {
		t.Fatalf("err = %v, want throttling", err)
	}
	if n := len(fake.Calls("DescribeLoadBalancers")); n != 3 {
		t.Errorf("%d attempts, want 3 (the SDK's standard retryer retries throttling twice)", n)
	}

	// Throttled once: the SDK's retry absorbs it.
	fake.Fail("DescribeLoadBalancers", 0, "")
	fake.Fail("DescribeTargetHealth", 1, "Throttling")
	got, err := r.read(context.Background(), []want{{key: web, hostname: albHost}})
	if err != nil || got[web].TargetGroups[0].Health.Healthy != 1 {
		t.Fatalf("after one throttled call: %v %+v", err, got[web])
	}

	// Refused: the load balancer is found, the message says what AWS refused,
	// without a request ID.
	fake.Fail("DescribeTargetGroups", -1, "AccessDenied")
	got, err = r.read(context.Background(), []want{{key: web, hostname: albHost}})
	if err != nil {
		t.Fatal(err)
	}
	o := got[web]
	if !o.Found || o.State != "active" || o.TargetGroups != nil ||
		!strings.HasPrefix(o.Message, "AWS DescribeTargetGroups: AccessDenied: User: ") || strings.Contains(o.Message, "0000") {
		t.Fatalf("refused: %+v", o)
	}
}

// The IAM policy lbo ships allows exactly the calls the reader makes, all of
// them read-only.
func TestShippedPolicyAllowsWhatTheReaderCalls(t *testing.T) {
	data, err := os.ReadFile("../../config/aws/reader-iam-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	var policy struct {
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal(data, &policy); err != nil {
		t.Fatal(err)
	}
	var allowed []string
	for _, st := range policy.Statement {
		if st.Effect != "Allow" {
			t.Errorf("statement with effect %s", st.Effect)
		}
		allowed = append(allowed, st.Action...)
	}
	var called []string
	api := reflect.TypeFor[ELBv2]()
	for i := range api.NumMethod() {
		called = append(called, "elasticloadbalancing:"+api.Method(i).Name)
	}
	slices.Sort(allowed)
	slices.Sort(called)
	if !slices.Equal(allowed, called) {
		t.Fatalf("the policy allows\n%v\nthe reader calls\n%v", allowed, called)
	}
	for _, a := range allowed {
		if !strings.HasPrefix(a, "elasticloadbalancing:Describe") {
			t.Errorf("%s is not a read-only Describe call", a)
		}
	}
}
