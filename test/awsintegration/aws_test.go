package awsintegration

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsfake"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/render"
)

// nlb is a LoadBalancer from the seed's nginx example whose Network Load
// Balancer the AWS Load Balancer Controller has made: its Service reports
// the DNS name, and the fake AWS account has the load balancer.
type nlb struct {
	lb                     *lbov1.LoadBalancer
	host, arn, tgARN, lARN string
}

func newNLB(t *testing.T, state string, targets ...awsfake.Target) nlb {
	t.Helper()
	ctx := context.Background()
	ns := newNamespace(t)
	f, err := os.Open(filepath.Join("..", "..", "config", "samples", "nginx-nlb.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lbs, err := render.Decode(ctx, f)
	if err != nil || len(lbs) != 1 {
		t.Fatalf("decoding the sample: %v", err)
	}
	lb := lbs[0]
	lb.Namespace = ns
	if err := k8s.Create(ctx, lb); err != nil {
		t.Fatal(err)
	}

	id := strings.TrimPrefix(ns, "aws-")
	n := nlb{
		lb:    lb,
		host:  "k8s-" + id + "-nginxser-0123456789-abcdef0123.elb.us-east-1.amazonaws.com",
		arn:   "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/k8s-" + id + "-nginxser/0123456789abcdef",
		tgARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-" + id + "-nginxser/fedcba9876543210",
	}
	n.lARN = strings.Replace(n.arn, ":loadbalancer/", ":listener/", 1) + "/1111222233334444"
	fakeAWS.Set(func(s *awsfake.State) {
		s.LoadBalancers = append(s.LoadBalancers, awsfake.LoadBalancer{
			ARN: n.arn, Name: "k8s-" + id + "-nginxser", DNSName: n.host, CanonicalHostedZoneID: "Z26RNL4JYFTOTI",
			Type: "network", Scheme: "internet-facing", State: state,
			Tags:      map[string]string{awsstate.TagCluster: clusterName, awsstate.TagServiceStack: ns + "/nginx-service-lb", awsstate.TagServiceRes: "LoadBalancer"},
			Listeners: []awsfake.Listener{{ARN: n.lARN, Port: 80, Protocol: "TCP"}},
			TargetGroups: []awsfake.TargetGroup{{
				ARN: n.tgARN, Name: "k8s-" + id + "-nginxser", Port: 80, Protocol: "TCP",
				Tags:    map[string]string{awsstate.TagCluster: clusterName, awsstate.TagServiceStack: ns + "/nginx-service-lb", awsstate.TagServiceRes: ns + "/nginx-service-lb:80"},
				Targets: targets,
			}},
		})
	})

	// What the AWS Load Balancer Controller does once the NLB exists.
	var svc corev1.Service
	eventually(t, "the Service to exist", func() (bool, string) {
		err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "nginx-service-lb"}, &svc)
		return err == nil, fmt.Sprint(err)
	})
	svc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{Hostname: n.host}}
	if err := k8s.Status().Update(ctx, &svc); err != nil {
		t.Fatal(err)
	}
	return n
}

// setAWS changes the fake account's load balancer of n.
func (n nlb) setAWS(fn func(*awsfake.LoadBalancer)) {
	fakeAWS.Set(func(s *awsfake.State) {
		for i := range s.LoadBalancers {
			if s.LoadBalancers[i].ARN == n.arn {
				fn(&s.LoadBalancers[i])
			}
		}
	})
}

func (n nlb) get(t *testing.T) *lbov1.LoadBalancer {
	t.Helper()
	got := &lbov1.LoadBalancer{}
	if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(n.lb), got); err != nil {
		t.Fatal(err)
	}
	return got
}

// waitFor waits until the LoadBalancer's status satisfies cond.
func (n nlb) waitFor(t *testing.T, what string, cond func(*lbov1.LoadBalancer) (bool, string)) *lbov1.LoadBalancer {
	t.Helper()
	var got *lbov1.LoadBalancer
	eventually(t, what, func() (bool, string) {
		got = n.get(t)
		return cond(got)
	})
	return got
}

func condition(typ, status, reason string) func(*lbov1.LoadBalancer) (bool, string) {
	return func(lb *lbov1.LoadBalancer) (bool, string) {
		c := meta.FindStatusCondition(lb.Status.Conditions, typ)
		if c == nil {
			return false, "no " + typ
		}
		return string(c.Status) == status && c.Reason == reason, c.String()
	}
}

func healthy(n int) []awsfake.Target {
	var ts []awsfake.Target
	for i := range n {
		ts = append(ts, awsfake.Target{ID: fmt.Sprintf("10.0.1.%d", 10+i), Port: 80, State: "healthy"})
	}
	return ts
}

func TestStatusFromAWS(t *testing.T) {
	n := newNLB(t, "provisioning", healthy(2)...)

	got := n.waitFor(t, "Ready=False while AWS provisions", condition(lbov1.ConditionReady, "False", lbov1.ReasonLoadBalancerProvisioning))
	if got.Status.AWS == nil || got.Status.AWS.State != lbov1.AWSStateProvisioning || got.Status.AWS.ARN != n.arn {
		t.Fatalf("status.aws = %+v", got.Status.AWS)
	}
	if c := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionReconciling); c == nil || c.Status != metav1.ConditionTrue {
		t.Errorf("Reconciling while provisioning: %+v", c)
	}

	n.setAWS(func(lb *awsfake.LoadBalancer) { lb.State = "active" })
	got = n.waitFor(t, "Ready=True once AWS reports active", condition(lbov1.ConditionReady, "True", lbov1.ReasonAddressAssigned))

	wantAWS := lbov1.AWSLoadBalancerStatus{ARN: n.arn, DNSName: n.host, CanonicalHostedZoneID: "Z26RNL4JYFTOTI", State: lbov1.AWSStateActive}
	if got.Status.AWS == nil || *got.Status.AWS != wantAWS {
		t.Errorf("status.aws = %+v, want %+v", got.Status.AWS, wantAWS)
	}
	if l := got.Status.Listeners; len(l) != 1 || l[0].ARN != n.lARN {
		t.Errorf("status.listeners = %+v, want the ARN %s", l, n.lARN)
	}
	wantTG := lbov1.TargetGroupStatus{Name: "nginx", Service: "nginx-service-lb", Resolved: true, ARN: n.tgARN, Targets: &lbov1.TargetHealthStatus{Healthy: 2}}
	if tg := got.Status.TargetGroups; len(tg) != 1 || !reflect.DeepEqual(tg[0], wantTG) {
		t.Errorf("status.targetGroups = %+v, want %+v", tg, wantTG)
	}
}

func TestTargetHealthChangesReachTheStatus(t *testing.T) {
	n := newNLB(t, "active", healthy(2)...)
	targets := func(lb *lbov1.LoadBalancer) *lbov1.TargetHealthStatus {
		if len(lb.Status.TargetGroups) == 0 {
			return nil
		}
		return lb.Status.TargetGroups[0].Targets
	}
	n.waitFor(t, "two healthy targets", func(lb *lbov1.LoadBalancer) (bool, string) {
		h := targets(lb)
		return h != nil && h.Healthy == 2, fmt.Sprintf("%+v", h)
	})

	// A deployment rolls: one target fails its checks, a new one registers,
	// an old one drains.
	n.setAWS(func(lb *awsfake.LoadBalancer) {
		lb.TargetGroups[0].Targets = []awsfake.Target{
			{ID: "10.0.1.10", Port: 80, State: "healthy"},
			{ID: "10.0.1.11", Port: 80, State: "unhealthy", Reason: "Target.Timeout", Description: "Request timed out"},
			{ID: "10.0.1.12", Port: 80, State: "initial", Reason: "Elb.RegistrationInProgress", Description: "Target registration is in progress"},
			{ID: "10.0.1.13", Port: 80, State: "draining", Reason: "Target.DeregistrationInProgress", Description: "Target deregistration is in progress"},
		}
	})
	want := &lbov1.TargetHealthStatus{Healthy: 1, Unhealthy: 1, Initial: 1, Draining: 1, UnhealthyReasons: []string{"Target.Timeout: Request timed out"}}
	got := n.waitFor(t, "the new target health", func(lb *lbov1.LoadBalancer) (bool, string) {
		return reflect.DeepEqual(targets(lb), want), fmt.Sprintf("%+v", targets(lb))
	})

	// Nothing changes in AWS: several polls later, lbo has written nothing.
	time.Sleep(4 * pollInterval)
	if again := n.get(t); again.ResourceVersion != got.ResourceVersion {
		t.Errorf("the status was written again without a change in AWS: %+v", again.Status)
	}
}

func TestFailedLoadBalancerIsStalled(t *testing.T) {
	n := newNLB(t, "active", healthy(1)...)
	n.waitFor(t, "Ready", condition(lbov1.ConditionReady, "True", lbov1.ReasonAddressAssigned))

	n.setAWS(func(lb *awsfake.LoadBalancer) {
		lb.State, lb.StateReason = "failed", "The load balancer could not be provisioned: no subnets"
	})
	got := n.waitFor(t, "Stalled", condition(lbov1.ConditionStalled, "True", lbov1.ReasonLoadBalancerFailed))
	ready := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionReady)
	if ready.Status != metav1.ConditionFalse || ready.Reason != lbov1.ReasonLoadBalancerFailed || !strings.Contains(ready.Message, "no subnets") {
		t.Errorf("Ready = %+v", ready)
	}
}

func TestReaderBacksOffWhenThrottled(t *testing.T) {
	n := newNLB(t, "active", healthy(1)...)
	n.waitFor(t, "one healthy target", func(lb *lbov1.LoadBalancer) (bool, string) {
		return len(lb.Status.TargetGroups) == 1 && lb.Status.TargetGroups[0].Targets != nil, fmt.Sprintf("%+v", lb.Status.TargetGroups)
	})
	before := n.get(t)

	start := time.Now()
	fakeAWS.Fail("DescribeLoadBalancers", -1, "Throttling")
	n.setAWS(func(lb *awsfake.LoadBalancer) { lb.TargetGroups[0].Targets = healthy(3) })
	time.Sleep(4 * time.Second)
	fakeAWS.Fail("DescribeLoadBalancers", 0, "")

	// Group the calls into polls: the SDK's retries of one poll come within
	// milliseconds of each other.
	var polls []time.Time
	var attempts []int
	for _, c := range fakeAWS.Calls("DescribeLoadBalancers") {
		if c.Time.Before(start) {
			continue
		}
		if len(polls) == 0 || c.Time.Sub(polls[len(polls)-1]) > 100*time.Millisecond {
			polls = append(polls, c.Time)
			attempts = append(attempts, 0)
		}
		attempts[len(attempts)-1]++
	}
	// Without backing off, 4 s at 250 ms would be 16 polls.
	if len(polls) < 3 || len(polls) > 6 {
		t.Fatalf("%d polls in 4 s of throttling, want 3 to 6: %v", len(polls), polls)
	}
	for i, a := range attempts[:len(attempts)-1] {
		if a != 4 {
			t.Errorf("poll %d made %d attempts, want 4 (the SDK retries throttling 3 times)", i, a)
		}
	}
	var gaps []time.Duration
	for i := 1; i < len(polls); i++ {
		gaps = append(gaps, polls[i].Sub(polls[i-1]))
	}
	if gaps[0] < 2*pollInterval-50*time.Millisecond {
		t.Errorf("the first wait after throttling was %v, want at least twice the interval", gaps[0])
	}
	for i := 1; i < len(gaps); i++ {
		if gaps[i] < gaps[i-1]-50*time.Millisecond || gaps[i] > maxBackoff+500*time.Millisecond {
			t.Errorf("waits %v do not grow up to %v", gaps, maxBackoff)
		}
	}
	t.Logf("polls %d, attempts %v, waits %v", len(polls), attempts, gaps)

	// While throttled the status kept what was last read (no message, no
	// write); once AWS answers again the reader catches up.
	if during := n.get(t); during.ResourceVersion != before.ResourceVersion && during.Status.AWS != nil && during.Status.AWS.Message != "" {
		t.Errorf("throttling reached the status: %+v", during.Status.AWS)
	}
	n.waitFor(t, "three healthy targets after the throttling", func(lb *lbov1.LoadBalancer) (bool, string) {
		h := lb.Status.TargetGroups[0].Targets
		return h != nil && h.Healthy == 3, fmt.Sprintf("%+v", h)
	})
}

func TestAccessDeniedIsReported(t *testing.T) {
	n := newNLB(t, "active", healthy(1)...)
	n.waitFor(t, "the target health", func(lb *lbov1.LoadBalancer) (bool, string) {
		return len(lb.Status.TargetGroups) == 1 && lb.Status.TargetGroups[0].Targets != nil, fmt.Sprintf("%+v", lb.Status.TargetGroups)
	})

	fakeAWS.Fail("DescribeTargetHealth", -1, "AccessDenied")
	defer fakeAWS.Fail("DescribeTargetHealth", 0, "")
	got := n.waitFor(t, "the refusal in status.aws.message", func(lb *lbov1.LoadBalancer) (bool, string) {
		return lb.Status.AWS != nil && strings.Contains(lb.Status.AWS.Message, "DescribeTargetHealth: AccessDenied"), fmt.Sprintf("%+v", lb.Status.AWS)
	})
	// What was read before stays, and readiness does not depend on it.
	if tg := got.Status.TargetGroups[0]; tg.ARN != n.tgARN || tg.Targets == nil || tg.Targets.Healthy != 1 {
		t.Errorf("target group after the refusal: %+v", tg)
	}
	if c := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionReady); c.Status != metav1.ConditionTrue {
		t.Errorf("Ready = %+v", c)
	}
}

// With no credentials lbo calls no AWS API and adds nothing to the manager;
// the reconciler then gets a nil Store, which test/integration runs with.
func TestNoCredentialsLeavesTheReaderOff(t *testing.T) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
	}
	// An endpoint of this test's own: the suite's reader polls the shared one.
	fakeAWS := awsfake.New(t)
	calls := len(fakeAWS.Calls(""))

	_, ok, why, err := awsstate.LoadConfig(context.Background(), awsstate.Options{Mode: awsstate.ModeAuto, EndpointURL: fakeAWS.URL})
	if err != nil || ok || !strings.Contains(why, "no AWS credentials") {
		t.Fatalf("LoadConfig without credentials: ok=%v why=%q err=%v", ok, why, err)
	}
	mgr, err := ctrl.NewManager(restCfg, ctrl.Options{Scheme: scheme, Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		t.Fatal(err)
	}
	store, err := awsstate.Setup(logr.NewContext(context.Background(), ctrl.Log), mgr, awsstate.Options{Mode: awsstate.ModeAuto, EndpointURL: fakeAWS.URL})
	if err != nil || store != nil {
		t.Fatalf("Setup without credentials: store=%v err=%v", store, err)
	}
	// And --aws=off never looks.
	if store, err := awsstate.Setup(logr.NewContext(context.Background(), ctrl.Log), mgr, awsstate.Options{Mode: awsstate.ModeOff}); err != nil || store != nil {
		t.Fatalf("Setup with --aws=off: store=%v err=%v", store, err)
	}
	if _, err := awsstate.Setup(logr.NewContext(context.Background(), ctrl.Log), mgr, awsstate.Options{Mode: "on"}); err == nil {
		t.Fatal("Setup accepted --aws=on")
	}
	// No region: off as well, even with credentials.
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	if _, ok, why, _ := awsstate.LoadConfig(context.Background(), awsstate.Options{Mode: awsstate.ModeAuto}); ok || !strings.Contains(why, "region") {
		t.Fatalf("LoadConfig without a region: ok=%v why=%q", ok, why)
	}
	if n := len(fakeAWS.Calls("")); n != calls {
		t.Errorf("%d AWS calls were made without credentials", n-calls)
	}
}
