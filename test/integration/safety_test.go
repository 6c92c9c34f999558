package integration

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

func TestReplacementNeedsExplicitConsent(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "game-2048-alb.yaml", ns))

	for _, c := range []struct {
		field  string
		mutate func(*lbov1.LoadBalancer)
	}{
		{"spec.scheme", func(lb *lbov1.LoadBalancer) { lb.Spec.Scheme = lbov1.SchemeInternal }},
		{"spec.ipAddressType", func(lb *lbov1.LoadBalancer) { lb.Spec.IPAddressType = "dualstack" }},
		{"spec.layer", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Layer = lbov1.LayerL4
			lb.Spec.Rules = nil
			for i := range lb.Spec.Listeners {
				lb.Spec.Listeners[i].Protocol = lbov1.ProtocolTCP
			}
			lb.Spec.TargetGroups[0].Backend = lbov1.Backend{Selector: map[string]string{"app": "2048"}, Port: 80}
		}},
	} {
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			cur := getLB(t, lb)
			c.mutate(cur)
			return k8s.Update(ctx, cur)
		})
		if !apierrors.IsInvalid(err) {
			t.Fatalf("changing %s: want Invalid, got %v", c.field, err)
		}
		if msg := err.Error(); !strings.Contains(msg, c.field) || !strings.Contains(msg, "new DNS name") || !strings.Contains(msg, "spec.allowReplacement: true") {
			t.Fatalf("changing %s: the message does not name the field, the consequence and the way through:\n%s", c.field, msg)
		}
	}

	// With consent the change goes through, and other edits never needed it.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[1].Port = 8888 })
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Scheme = lbov1.SchemeInternal
		lb.Spec.AllowReplacement = true
	})
	eventually(t, "the Ingress to become internal", func() (bool, string) {
		var ing networkingv1.Ingress
		if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "ingress-2048"}, &ing); err != nil {
			return false, err.Error()
		}
		s := ing.Annotations["alb.ingress.kubernetes.io/scheme"]
		return s == "internal", s
	})
}

func childrenOf(t *testing.T, ns, name string) []client.Object {
	t.Helper()
	ctx := context.Background()
	var objs []client.Object
	sel := client.MatchingLabels{lbov1.LabelLoadBalancer: name}
	var svcs corev1.ServiceList
	var ings networkingv1.IngressList
	if err := k8s.List(ctx, &svcs, client.InNamespace(ns), sel); err != nil {
		t.Fatal(err)
	}
	if err := k8s.List(ctx, &ings, client.InNamespace(ns), sel); err != nil {
		t.Fatal(err)
	}
	for i := range svcs.Items {
		objs = append(objs, &svcs.Items[i])
	}
	for i := range ings.Items {
		objs = append(objs, &ings.Items[i])
	}
	return objs
}

func TestDeletionPolicyDeleteRemovesChildren(t *testing.T) {
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "shop-alb.yaml", ns))
	waitForGolden(t, "shop-alb.yaml", lb)
	if controllerutil.ContainsFinalizer(getLB(t, lb), lbov1.FinalizerRetain) {
		t.Fatal("a LoadBalancer with deletionPolicy Delete carries the retain finalizer")
	}
	for _, obj := range childrenOf(t, ns, lb.Name) {
		ref := metav1.GetControllerOf(obj)
		if ref == nil || ref.UID != lb.UID || !ptr.Deref(ref.BlockOwnerDeletion, false) {
			t.Fatalf("%s has controller reference %+v: the garbage collector would not delete it with the LoadBalancer", obj.GetName(), ref)
		}
	}
	if err := k8s.Delete(context.Background(), lb); err != nil {
		t.Fatal(err)
	}
	if !gcRunning {
		t.Skip("no kube-controller-manager among the envtest binaries: the garbage collection itself is not observed")
	}
	eventually(t, "the children to be garbage-collected", func() (bool, string) {
		n := len(childrenOf(t, ns, lb.Name))
		return n == 0, strings.Repeat("child ", n)
	})
}

func TestDeletionPolicyRetainKeepsChildrenAndAdoptionIsExplicit(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := loadSample(t, "shop-alb.yaml", ns)
	lb.Spec.DeletionPolicy = lbov1.DeletionPolicyRetain
	create(t, lb)
	waitForGolden(t, "shop-alb.yaml", lb)
	eventually(t, "the retain finalizer", func() (bool, string) {
		return controllerutil.ContainsFinalizer(getLB(t, lb), lbov1.FinalizerRetain), "no finalizer"
	})
	before := childrenOf(t, ns, lb.Name)

	if err := k8s.Delete(ctx, lb); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the LoadBalancer to be gone", func() (bool, string) {
		err := k8s.Get(ctx, client.ObjectKeyFromObject(lb), &lbov1.LoadBalancer{})
		return apierrors.IsNotFound(err), "still there"
	})
	if gcRunning {
		time.Sleep(2 * time.Second) // the garbage collector acts within a second of the owner's deletion
	}
	after := childrenOf(t, ns, lb.Name)
	if len(after) != len(before) {
		t.Fatalf("%d children before deletion, %d after", len(before), len(after))
	}
	for _, obj := range after {
		if refs := obj.GetOwnerReferences(); len(refs) > 0 {
			t.Fatalf("%s still has owner references %+v", obj.GetName(), refs)
		}
	}

	// A new LoadBalancer of the same name does not take them over by itself...
	again := loadSample(t, "shop-alb.yaml", ns)
	create(t, again)
	waitForCondition(t, again, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	for _, obj := range childrenOf(t, ns, lb.Name) {
		if len(obj.GetOwnerReferences()) > 0 {
			t.Fatalf("%s was taken over without adoptExisting", obj.GetName())
		}
	}
	// ...only when told to.
	updateLB(t, again, func(lb *lbov1.LoadBalancer) { lb.Spec.AdoptExisting = true })
	waitForGolden(t, "shop-alb.yaml", getLB(t, again))
	waitForCondition(t, again, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
}

func TestAdoptionNeverTakesAnotherControllersObject(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	owner := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "owner", Namespace: ns}}
	if err := k8s.Create(ctx, owner); err != nil {
		t.Fatal(err)
	}
	theirs := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "nginx-service-lb", Namespace: ns, OwnerReferences: []metav1.OwnerReference{{
			APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: owner.UID, Controller: ptr.To(true),
		}}},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 9999}}},
	}
	if err := k8s.Create(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	lb := loadSample(t, "nginx-nlb.yaml", ns)
	lb.Spec.AdoptExisting = true
	create(t, lb)
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "controlled by ConfigMap owner") {
		t.Fatalf("message %q does not name the other controller", msg)
	}
	var after corev1.Service
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(theirs), &after); err != nil {
		t.Fatal(err)
	}
	if after.ResourceVersion != theirs.ResourceVersion {
		t.Fatal("lbo modified a Service another controller owns")
	}
}

func TestAdoptingAHandMadeService(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	// The seed's hand-written NLB Service, before lbo.
	handMade := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "nginx-service-lb", Namespace: ns, Annotations: map[string]string{
			"service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
			"service.beta.kubernetes.io/aws-load-balancer-scheme":          "internet-facing",
		}},
		Spec: corev1.ServiceSpec{
			Type: corev1.ServiceTypeLoadBalancer, LoadBalancerClass: ptr.To("service.k8s.aws/nlb"),
			Selector: map[string]string{"app": "nginx"},
			Ports:    []corev1.ServicePort{{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP}},
		},
	}
	if err := k8s.Create(ctx, handMade); err != nil {
		t.Fatal(err)
	}
	lb := loadSample(t, "nginx-nlb.yaml", ns)
	lb.Spec.AdoptExisting = true
	create(t, lb)
	waitForGolden(t, "nginx-nlb.yaml", lb)
	var svc corev1.Service
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(handMade), &svc); err != nil {
		t.Fatal(err)
	}
	if svc.UID != handMade.UID {
		t.Fatal("the Service was replaced rather than adopted: its load balancer would be too")
	}
}

// AWS gives a Network Load Balancer its addresses when it creates it, and
// the AWS Load Balancer Controller compares only the subnets of a live one:
// a new Elastic IP or private address for the same subnets would be
// silently ignored. So staticAddresses change only with the load balancer.
//
// What the controller does change on a live load balancer is let through:
// subnets (it sets them in place, AWS adding or removing Availability
// Zones; with staticAddresses they are pinned by the rule above, since each
// address names its subnet), and a target group's target type or protocol
// (it replaces the target group, not the load balancer).
func TestStaticAddressesCannotChangeOnALiveLoadBalancer(t *testing.T) {
	ns := newNamespace(t)
	pinned := internalL4(ns, "pinned", "pinned", 443)
	pinned.Spec.Subnets = []string{"subnet-0a"}
	pinned.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-0a", PrivateIPv4Address: "10.0.0.10"}}
	create(t, pinned)
	free := create(t, internalL4(ns, "free", "free", 443))

	for _, c := range []struct {
		name   string
		lb     *lbov1.LoadBalancer
		mutate func(*lbov1.LoadBalancer)
	}{
		{"another private address", pinned, func(lb *lbov1.LoadBalancer) { lb.Spec.StaticAddresses[0].PrivateIPv4Address = "10.0.0.11" }},
		{"addresses removed", pinned, func(lb *lbov1.LoadBalancer) { lb.Spec.StaticAddresses = nil }},
		{"addresses added", free, func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = []string{"subnet-0a"}
			lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-0a", PrivateIPv4Address: "10.0.0.12"}}
		}},
		{"allowReplacement alone replaces nothing", pinned, func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[0].PrivateIPv4Address = "10.0.0.11"
			lb.Spec.AllowReplacement = true
		}},
	} {
		err := updateConflictFree(c.lb.DeepCopy(), c.mutate)
		if !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "spec.staticAddresses") || !strings.Contains(err.Error(), "spec.allowReplacement: true") {
			t.Fatalf("%s: want Invalid naming spec.staticAddresses and the way through, got %v", c.name, err)
		}
	}

	// The subnets of one without addresses change in place.
	if err := updateConflictFree(free.DeepCopy(), func(lb *lbov1.LoadBalancer) { lb.Spec.Subnets = []string{"subnet-0b", "subnet-0c"} }); err != nil {
		t.Fatalf("changing the subnets of an NLB without static addresses: %v", err)
	}
	// With a replacement, new addresses come with the new load balancer.
	err := updateConflictFree(pinned.DeepCopy(), func(lb *lbov1.LoadBalancer) {
		lb.Spec.Scheme, lb.Spec.AllowReplacement = lbov1.SchemeInternetFacing, true
		lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-0a", ElasticIPAllocation: "eipalloc-0a"}}
	})
	if err != nil {
		t.Fatalf("new addresses with a replacement: %v", err)
	}
}
