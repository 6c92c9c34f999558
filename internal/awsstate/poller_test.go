package awsstate

import (
	"context"
	"reflect"
	"testing"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/event"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsfake"
)

func loadBalancer(name, hostname string, programmed bool) *lbov1.LoadBalancer {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: name}}
	if hostname != "" {
		lb.Status.Address = &lbov1.Address{Hostname: hostname}
	}
	status := metav1.ConditionFalse
	if programmed {
		status = metav1.ConditionTrue
	}
	lb.Status.Conditions = []metav1.Condition{{Type: lbov1.ConditionProgrammed, Status: status, Reason: "x"}}
	return lb
}

// The poller lists LoadBalancers from the cache (a fake client is enough
// for a List); what it does with AWS is what is tested here.
func newPoller(t *testing.T, fakeAWS *awsfake.Server, lbs ...*lbov1.LoadBalancer) *Poller {
	scheme := runtime.NewScheme()
	if err := lbov1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	c := fake.NewClientBuilder().WithScheme(scheme).WithStatusSubresource(&lbov1.LoadBalancer{})
	for _, lb := range lbs {
		c = c.WithObjects(lb)
	}
	return &Poller{Client: c.Build(), API: elbv2.NewFromConfig(fakeAWS.Config()), Store: NewStore()}
}

// pollWeb is a poller of the programmed LoadBalancer shop/web, after its
// first poll.
func pollWeb(t *testing.T) (*awsfake.Server, *Poller) {
	t.Helper()
	fakeAWS := awsfake.New(t)
	fakeAWS.Set(account)
	p := newPoller(t, fakeAWS, loadBalancer("web", albHost, true))
	if err := p.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	return fakeAWS, p
}

func TestPollCallsNoAWSForLoadBalancersNotProgrammed(t *testing.T) {
	fakeAWS := awsfake.New(t)
	fakeAWS.Set(account)
	p := newPoller(t, fakeAWS,
		loadBalancer("pending", "", false),
		loadBalancer("warned", albHost, false), // an old address, but the controller reports a failure
	)
	if err := p.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if calls := fakeAWS.Calls(""); len(calls) != 0 {
		t.Fatalf("%d AWS calls for LoadBalancers that are not programmed: %v", len(calls), calls[0].Action)
	}
}

func TestPollStoresAndNotifiesOnlyChanges(t *testing.T) {
	fakeAWS, p := pollWeb(t)
	ctx := context.Background()
	if o := p.Store.Get(web); o == nil || !o.Found || o.ARN != albARN {
		t.Fatalf("stored %+v", o)
	}
	if n := len(p.Store.changes); n != 1 {
		t.Fatalf("%d notifications after the first read, want 1", n)
	}
	<-p.Store.changes

	// The same answer again: nothing to tell the reconciler.
	if err := p.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(p.Store.changes); n != 0 {
		t.Fatalf("%d notifications for an unchanged load balancer", n)
	}

	// Throttled: the error says so, the observation stays as it was.
	fakeAWS.Fail("DescribeLoadBalancers", -1, "Throttling")
	if err := p.Poll(ctx); !IsThrottling(err) {
		t.Fatalf("err = %v, want throttling", err)
	}
	if o := p.Store.Get(web); o.Message != "" || len(p.Store.changes) != 0 {
		t.Fatalf("throttling changed the observation: %+v", o)
	}

	// Refused: the last read stays, with why.
	fakeAWS.Fail("DescribeLoadBalancers", 0, "")
	fakeAWS.Fail("DescribeLoadBalancers", -1, "AccessDenied")
	if err := p.Poll(ctx); err == nil {
		t.Fatal("no error for a refused call")
	}
	if o := p.Store.Get(web); o.ARN != albARN || len(o.TargetGroups) != 1 || o.Message == "" {
		t.Fatalf("after a refusal: %+v", o)
	}

	// The LoadBalancer is gone: forgotten, and its reconcile told so.
	<-p.Store.changes
	fakeAWS.Fail("DescribeLoadBalancers", 0, "")
	p.Client = newPoller(t, fakeAWS).Client
	if err := p.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if o := p.Store.Get(web); o != nil {
		t.Fatalf("a deleted LoadBalancer is still stored: %+v", o)
	}
	if ev := <-p.Store.changes; ev.Object.Name != "web" {
		t.Fatalf("notified %v", ev.Object)
	}
	var nilStore *Store
	if nilStore.Get(types.NamespacedName{}) != nil {
		t.Fatal("a nil Store has observations")
	}
}

// A load balancer found again whose listeners or target groups could not be
// read keeps the details of the last full read, with why they are old.
func TestPollKeepsTheLastDetailsWhenOnlyTheyFail(t *testing.T) {
	fakeAWS, p := pollWeb(t)
	ctx := context.Background()
	before := p.Store.Get(web)
	if len(before.Listeners) != 2 || len(before.TargetGroups) != 1 {
		t.Fatalf("first read: %+v", before)
	}

	fakeAWS.Fail("DescribeTargetGroups", -1, "AccessDenied")
	if err := p.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	after := p.Store.Get(web)
	if !after.Found || after.ARN != albARN || after.Message == "" {
		t.Fatalf("after a refused DescribeTargetGroups: %+v, want found with a message", after)
	}
	if !reflect.DeepEqual(after.Listeners, before.Listeners) || !reflect.DeepEqual(after.TargetGroups, before.TargetGroups) {
		t.Fatalf("the details of the last full read were not kept:\n%+v\nwant\n%+v", after, before)
	}
}

// A LoadBalancer whose load balancer was replaced (a new ARN at a new
// address) never shows the old one's listeners and target groups, even when
// the new one's details cannot be read.
func TestPollKeepsNoDetailsOfAReplacedLoadBalancer(t *testing.T) {
	fakeAWS, p := pollWeb(t)
	ctx := context.Background()
	const newARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/k8s-shop-web-0123456789/aaaaaaaaaaaaaaaa"
	const newHost = "k8s-shop-web-0123456789-999.us-east-1.elb.amazonaws.com"
	fakeAWS.Set(func(s *awsfake.State) {
		s.LoadBalancers = append(s.LoadBalancers, awsfake.LoadBalancer{
			ARN: newARN, Name: "k8s-shop-web-0123456789", DNSName: newHost,
			Type: "application", Scheme: "internet-facing", State: "provisioning",
			Tags: map[string]string{TagCluster: "prod", TagIngressStack: "shop/web", TagIngressRes: "LoadBalancer"},
		})
	})
	p.Client = newPoller(t, fakeAWS, loadBalancer("web", newHost, true)).Client
	fakeAWS.Fail("DescribeTargetGroups", -1, "AccessDenied")
	if err := p.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	after := p.Store.Get(web)
	if !after.Found || after.ARN != newARN || after.Message == "" {
		t.Fatalf("after the replacement: %+v, want the new load balancer with a message", after)
	}
	if after.Listeners != nil || after.TargetGroups != nil {
		t.Fatalf("the replaced load balancer's details were kept: listeners %+v, target groups %+v", after.Listeners, after.TargetGroups)
	}
}

// When the reconcile of a LoadBalancer that is no longer programmed cannot
// be told so (the manager stops), Poll says so rather than carry on.
func TestPollReportsAnUndeliveredNotification(t *testing.T) {
	fakeAWS, p := pollWeb(t)
	// The reconciler takes no more notifications, and the manager stops.
	for len(p.Store.changes) < cap(p.Store.changes) {
		p.Store.changes <- event.TypedGenericEvent[*lbov1.LoadBalancer]{Object: &lbov1.LoadBalancer{}}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.Client = newPoller(t, fakeAWS).Client // web is gone
	if err := p.Poll(ctx); err == nil {
		t.Fatal("Poll returned no error though the LoadBalancer it dropped was never notified")
	}
}
