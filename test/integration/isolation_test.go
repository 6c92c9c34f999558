package integration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
)

// selectorL7 is an internet-facing L7 LoadBalancer with one target group,
// api, that selects pods on port 8080: lbo makes the Service <name>-api for
// it, and the Ingress <name> that routes to that Service.
func selectorL7(ns, name string) *lbov1.LoadBalancer {
	lb := validL7(name)
	lb.Namespace = ns
	lb.Spec.Scheme = lbov1.SchemeInternetFacing
	lb.Spec.TargetType = lbov1.TargetTypeIP
	lb.Spec.TargetGroups = []lbov1.TargetGroup{{Name: "api", Backend: lbov1.Backend{Selector: map[string]string{"app": "api"}, Port: 8080}}}
	lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroup = "api"
	lb.Spec.Rules[0].Action.Forward.TargetGroup = "api"
	return lb
}

// internalL4 is an internal L4 LoadBalancer in front of pods of app, on port.
func internalL4(ns, name, app string, port int32) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL4, Scheme: lbov1.SchemeInternal, TargetType: lbov1.TargetTypeIP,
			Listeners: []lbov1.Listener{{Name: "tcp", Port: port, Protocol: lbov1.ProtocolTCP,
				DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "pods"}}}},
			TargetGroups: []lbov1.TargetGroup{{Name: "pods", Backend: lbov1.Backend{Selector: map[string]string{"app": app}, Port: port}}},
		},
	}
}

// versions are the resourceVersions of objs by kind/name: what a test
// compares to tell that nothing was written.
func versions(objs []client.Object) map[string]string {
	v := map[string]string{}
	for _, obj := range objs {
		v[fmt.Sprintf("%T/%s", obj, obj.GetName())] = obj.GetResourceVersion()
	}
	return v
}

// An internal L4 LoadBalancer web-api owns the Service web-api. An L7
// LoadBalancer web with a target group api needs a Service of that very
// name: if lbo created web's Ingress anyway, the internet-facing ALB would
// route to the other team's internal pods. Whichever comes first keeps the
// name; the other gets nothing at all.
func TestAChildNameTakenByAnotherLoadBalancerRefusesItWhole(t *testing.T) {
	t.Run("the L4 LoadBalancer first", func(t *testing.T) {
		ns := newNamespace(t)
		other := create(t, internalL4(ns, "web-api", "other-team", 8080))
		waitForCondition(t, other, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
		before := versions(childrenOf(t, ns, "web-api"))

		web := create(t, selectorL7(ns, "web"))
		got := waitForCondition(t, web, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
		if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "Service web-api already exists and is controlled by LoadBalancer web-api") {
			t.Fatalf("the Programmed message does not name the Service and its controller: %s", msg)
		}
		if ing := ingressOf(t, ns, "web"); ing != nil {
			t.Fatalf("lbo created the Ingress web, routing to %s: another LoadBalancer's Service", toString(ing.Spec.Rules))
		}
		if children := childrenOf(t, ns, "web"); len(children) > 0 {
			t.Fatalf("the refused LoadBalancer has %d children", len(children))
		}
		if after := versions(childrenOf(t, ns, "web-api")); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("the other LoadBalancer's children changed: %v -> %v", before, after)
		}
	})
	t.Run("the L7 LoadBalancer first", func(t *testing.T) {
		ns := newNamespace(t)
		web := create(t, selectorL7(ns, "web"))
		waitForCondition(t, web, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
		before := versions(childrenOf(t, ns, "web"))
		if len(before) != 2 {
			t.Fatalf("web has children %v, want its Ingress and Service", before)
		}

		other := create(t, internalL4(ns, "web-api", "other-team", 8080))
		got := waitForCondition(t, other, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
		if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "Service web-api already exists and is controlled by LoadBalancer web") {
			t.Fatalf("the Programmed message does not name the Service and its controller: %s", msg)
		}
		if children := childrenOf(t, ns, "web-api"); len(children) > 0 {
			t.Fatalf("the refused LoadBalancer has %d children", len(children))
		}
		if after := versions(childrenOf(t, ns, "web")); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("the first LoadBalancer's children changed: %v -> %v", before, after)
		}
	})
}

// A name held by an object lbo did not make, found only when lbo creates
// the child: the pass is refused whole, and the Service it had created
// already is deleted again.
func TestANameTakenByAHandMadeObjectLeavesNothingBehind(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	theirs := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web-b"},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 9999}}},
	}
	if err := k8s.Create(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	lb := selectorL7(ns, "web")
	lb.Spec.TargetGroups = []lbov1.TargetGroup{
		{Name: "a", Backend: lbov1.Backend{Selector: map[string]string{"app": "a"}, Port: 8080}},
		{Name: "b", Backend: lbov1.Backend{Selector: map[string]string{"app": "b"}, Port: 8080}},
	}
	lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroup = "a"
	lb.Spec.Rules[0].Action.Forward.TargetGroup = "b"
	create(t, lb)
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "Service web-b already exists and is not controlled by this LoadBalancer") {
		t.Fatalf("the Programmed message does not name the Service: %s", msg)
	}
	if children := childrenOf(t, ns, "web"); len(children) > 0 {
		t.Fatalf("a refused pass left %d children behind, among them %s %s", len(children), children[0].GetObjectKind().GroupVersionKind().Kind, children[0].GetName())
	}
	var after corev1.Service
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(theirs), &after); err != nil || after.ResourceVersion != theirs.ResourceVersion {
		t.Fatalf("the hand-made Service was touched: %v, resourceVersion %s -> %s", err, theirs.ResourceVersion, after.ResourceVersion)
	}
}

// denyIngresses makes the API server refuse Ingresses in ns (created or
// changed), as an admission policy of the cluster might: a
// ValidatingAdmissionPolicy, until the test ends.
func denyIngresses(t *testing.T, ns string) {
	t.Helper()
	ctx := context.Background()
	policy := &admissionregistrationv1.ValidatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "deny-ingresses-" + ns},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: ptr.To(admissionregistrationv1.Fail),
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
				RuleWithOperations: admissionregistrationv1.RuleWithOperations{
					Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
					Rule:       admissionregistrationv1.Rule{APIGroups: []string{"networking.k8s.io"}, APIVersions: []string{"v1"}, Resources: []string{"ingresses"}},
				},
			}}},
			Validations: []admissionregistrationv1.Validation{{Expression: "false", Message: "Ingresses are frozen in this namespace"}},
		},
	}
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: policy.Name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        policy.Name,
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
			MatchResources: &admissionregistrationv1.MatchResources{NamespaceSelector: &metav1.LabelSelector{
				MatchLabels: map[string]string{corev1.LabelMetadataName: ns},
			}},
		},
	}
	for _, obj := range []client.Object{policy, binding} {
		if err := k8s.Create(ctx, obj); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = k8s.Delete(context.Background(), obj) })
	}
	probe := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "probe"},
		Spec:       networkingv1.IngressSpec{DefaultBackend: &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "x", Port: networkingv1.ServiceBackendPort{Number: 80}}}},
	}
	eventually(t, "the admission policy to refuse Ingresses", func() (bool, string) {
		err := k8s.Create(ctx, probe.DeepCopy(), client.DryRunAll)
		return err != nil && strings.Contains(err.Error(), "frozen"), fmt.Sprint(err)
	})
}

// A new LoadBalancer whose Ingress the API server refuses gets nothing:
// the Service created for it before the Ingress is deleted again, and the
// status says which child was refused and why.
func TestARefusedIngressLeavesNothingOfANewLoadBalancer(t *testing.T) {
	ns := newNamespace(t)
	denyIngresses(t, ns)
	lb := create(t, selectorL7(ns, "web"))
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonApplyFailed)
	msg := condition(got, lbov1.ConditionProgrammed).Message
	for _, says := range []string{"refused Ingress web", "Ingresses are frozen in this namespace", "nothing of this generation is applied"} {
		if !strings.Contains(msg, says) {
			t.Fatalf("the Programmed message does not say %q: %s", says, msg)
		}
	}
	if c := condition(got, lbov1.ConditionStalled); c.Status != metav1.ConditionTrue || c.Reason != lbov1.ReasonApplyFailed {
		t.Fatalf("Stalled = %+v, want True: lbo cannot progress until the policy or the spec changes", c)
	}
	if children := childrenOf(t, ns, "web"); len(children) > 0 {
		t.Fatalf("a refused pass left %d children behind, among them %s", len(children), children[0].GetName())
	}
}

// An edit that changes a live LoadBalancer's Service and Ingress, whose
// Ingress the API server refuses, writes neither: the API server checks
// both before lbo writes either, and the children stay as they were.
func TestARefusedIngressLeavesALiveLoadBalancerAsItWas(t *testing.T) {
	ns := newNamespace(t)
	lb := create(t, selectorL7(ns, "web"))
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	before := versions(childrenOf(t, ns, "web"))

	denyIngresses(t, ns)
	// The target group's port is in the Service and in the Ingress.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].Backend.Port = 8081 })
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonApplyFailed)
	if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "refused Ingress web") || !strings.Contains(msg, "the children stay as they were") {
		t.Fatalf("the Programmed message does not name the refused Ingress: %s", msg)
	}
	if after := versions(childrenOf(t, ns, "web")); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("a refused edit changed the children: %v -> %v", before, after)
	}
}

// A reconcile that fails part way still writes the status it could compute:
// the spec is accepted for the new generation, and Programmed says what
// failed. (It used to return before writing any status.)
func TestAFailedReconcileStillReportsWhatItObserved(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, selectorL7(ns, "web"))
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)

	var patched *lbov1.LoadBalancer
	failing := interceptor.NewClient(fakeWatchClient{mgrClient}, interceptor.Funcs{
		List: func(ctx context.Context, c client.WithWatch, list client.ObjectList, opts ...client.ListOption) error {
			if _, ok := list.(*networkingv1.IngressList); ok {
				return errors.New("the cache is unwell")
			}
			return c.List(ctx, list, opts...)
		},
		SubResourcePatch: func(ctx context.Context, c client.Client, sub string, obj client.Object, p client.Patch, opts ...client.SubResourcePatchOption) error {
			if err := c.SubResource(sub).Patch(ctx, obj, p, opts...); err != nil {
				return err
			}
			patched = obj.DeepCopyObject().(*lbov1.LoadBalancer)
			return nil
		},
	})
	r := &controllers.LoadBalancerReconciler{Client: failing, APIReader: reconciler.APIReader}
	eventually(t, "a reconcile that fails to list the Ingresses to write the status", func() (bool, string) {
		_, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: client.ObjectKeyFromObject(lb)})
		if err == nil || !strings.Contains(err.Error(), "the cache is unwell") {
			return false, fmt.Sprintf("Reconcile returned %v, want the error", err)
		}
		// The manager's own status writes may race this one: try again then.
		return patched != nil, "no status written"
	})
	prog := meta.FindStatusCondition(patched.Status.Conditions, lbov1.ConditionProgrammed)
	if prog == nil || prog.Reason != lbov1.ReasonApplyFailed || !strings.Contains(prog.Message, "the cache is unwell") {
		t.Fatalf("Programmed = %+v, want ApplyFailed with the error", prog)
	}
	if !meta.IsStatusConditionTrue(patched.Status.Conditions, lbov1.ConditionAccepted) || patched.Status.ObservedGeneration != patched.Generation {
		t.Fatalf("status %+v: want Accepted for generation %d", patched.Status, patched.Generation)
	}
}

// AWS names one load balancer per account and region: the second
// LoadBalancer asking for a name is not Accepted, names the first, and gets
// nothing; once the first is gone, it takes the name.
func TestALoadBalancerNameIsOneLoadBalancers(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	name := "pay-" + ns[len(ns)-5:]
	// Created in this order, and in name order too, so that the first is
	// the older when both carry the same creation second.
	a := internalL4(ns, "a-payments", "payments", 443)
	a.Spec.LoadBalancerName = name
	create(t, a)
	waitForCondition(t, a, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)

	b := internalL4(ns, "b-payments", "payments", 443)
	b.Spec.LoadBalancerName = name
	create(t, b)
	got := waitForCondition(t, b, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	if msg := condition(got, lbov1.ConditionAccepted).Message; !strings.Contains(msg, "spec.loadBalancerName") || !strings.Contains(msg, ns+"/a-payments") {
		t.Fatalf("the Accepted message does not name the field and the LoadBalancer that has the name: %s", msg)
	}
	if children := childrenOf(t, ns, "b-payments"); len(children) > 0 {
		t.Fatalf("the second LoadBalancer named %s has %d children", name, len(children))
	}

	if err := k8s.Delete(ctx, a); err != nil {
		t.Fatal(err)
	}
	waitForCondition(t, b, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	if children := childrenOf(t, ns, "b-payments"); len(children) != 1 {
		t.Fatalf("the LoadBalancer that took the name has %d children, want its Service", len(children))
	}
}

// An Elastic IP serves one load balancer, and a static address is one
// load balancer's: the second LoadBalancer asking for one is not Accepted.
func TestAStaticAddressIsOneLoadBalancers(t *testing.T) {
	ns := newNamespace(t)
	public := func(name, eip string) *lbov1.LoadBalancer {
		lb := internalL4(ns, name, name, 443)
		lb.Spec.Scheme = lbov1.SchemeInternetFacing
		lb.Spec.Subnets = []string{"subnet-0a"}
		lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-0a", ElasticIPAllocation: eip}}
		return lb
	}
	eip := "eipalloc-0" + fmt.Sprintf("%x", ns[len(ns)-5:])
	a := create(t, public("a-edge", eip))
	waitForCondition(t, a, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	b := create(t, public("b-edge", eip))
	got := waitForCondition(t, b, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	if msg := condition(got, lbov1.ConditionAccepted).Message; !strings.Contains(msg, "spec.staticAddresses[0].elasticIPAllocation") || !strings.Contains(msg, eip) || !strings.Contains(msg, ns+"/a-edge") {
		t.Fatalf("the Accepted message does not name the field, the Elastic IP and the LoadBalancer that has it: %s", msg)
	}
	if children := childrenOf(t, ns, "b-edge"); len(children) > 0 {
		t.Fatalf("the second LoadBalancer with Elastic IP %s has %d children", eip, len(children))
	}
}

// A live LoadBalancer whose spec becomes one lbo cannot expand keeps its
// children as they were, serving the last accepted spec.
func TestALiveLoadBalancerMadeInvalidKeepsItsChildren(t *testing.T) {
	ns := newNamespace(t)
	lb := create(t, selectorL7(ns, "web"))
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	before := versions(childrenOf(t, ns, "web"))

	// Valid at admission, but one Ingress cannot carry two health checks
	// for Services lbo does not own (see TestInvalidSpecIsStalled).
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups = []lbov1.TargetGroup{
			{Name: "api", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "a", Port: 80}}, HealthCheck: &lbov1.HealthCheck{Path: "/a"}},
			{Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "b", Port: 80}}, HealthCheck: &lbov1.HealthCheck{Path: "/b"}},
		}
		lb.Spec.Rules[0].Action.Forward.TargetGroup = "other"
	})
	waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonInvalid)
	if after := versions(childrenOf(t, ns, "web")); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("the children of a LoadBalancer made invalid changed: %v -> %v", before, after)
	}
}
