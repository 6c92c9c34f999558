package integration

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

const webARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy-web/0123456789abcdef"

// externalLB registers pods of app web on port 80 in the target group
// legacy-web AWS has, by ARN, and the Service api's port 8080 in the target
// group legacy-api, by name.
func externalLB(ns, name string) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerExternal, TargetType: lbov1.TargetTypeIP, TargetGroups: []lbov1.TargetGroup{
			{Name: "web", Existing: &lbov1.ExistingTargetGroup{ARN: webARN}, Backend: lbov1.Backend{Selector: map[string]string{"app": "web"}, Port: 80}},
			{Name: "api", Existing: &lbov1.ExistingTargetGroup{Name: "legacy-api"}, Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "api", Port: 8080}}},
		}},
	}
}

// binding reads the TargetGroupBinding ns/name; nil when there is none.
func binding(t *testing.T, ns, name string) *unstructured.Unstructured {
	t.Helper()
	b := &unstructured.Unstructured{}
	b.SetGroupVersionKind(lbc.TargetGroupBindingGVK)
	err := k8s.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: name}, b)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// waitForBinding waits until the binding ns/name exists and ok says its
// spec is as wanted.
func waitForBinding(t *testing.T, ns, name, what string, ok func(spec map[string]any) bool) *unstructured.Unstructured {
	t.Helper()
	var b *unstructured.Unstructured
	eventually(t, "TargetGroupBinding "+name+" "+what, func() (bool, string) {
		if b = binding(t, ns, name); b == nil {
			return false, "no binding"
		}
		spec, _ := b.Object["spec"].(map[string]any)
		return ok(spec), toString(spec)
	})
	return b
}

// actAsTheController does what the AWS Load Balancer Controller does to a
// new binding: its webhook fills in what the binding left out from the
// target group, and once the targets are registered it sets
// status.observedGeneration. What a mutating webhook adds to lbo's apply
// may count as lbo's own fields (asLBO: as if lbo had applied them) or
// as nobody's; lbo must keep them either way.
func actAsTheController(t *testing.T, ns, name string, defaults map[string]any, asLBO bool) {
	t.Helper()
	ctx := context.Background()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		b := binding(t, ns, name)
		if len(defaults) > 0 {
			for k, v := range defaults {
				if err := unstructured.SetNestedField(b.Object, v, "spec", k); err != nil {
					return err
				}
			}
			if asLBO {
				applied := lboFields(*b)
				delete(applied["metadata"].(map[string]any), "resourceVersion")
				u := &unstructured.Unstructured{Object: applied}
				if err := k8s.Apply(ctx, client.ApplyConfigurationFromUnstructured(u), client.FieldOwner(lbov1.FieldManager), client.ForceOwnership); err != nil {
					return err
				}
				b = binding(t, ns, name)
			} else if err := k8s.Update(ctx, b, client.FieldOwner("aws-load-balancer-controller-webhook")); err != nil {
				return err
			}
		}
		if err := unstructured.SetNestedField(b.Object, b.GetGeneration(), "status", "observedGeneration"); err != nil {
			return err
		}
		return k8s.Status().Update(ctx, b, client.FieldOwner("aws-load-balancer-controller"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBindingsAreCreatedUpdatedAndPruned(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	api := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "api"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "api"}, Ports: []corev1.ServicePort{{Port: 8080}}}}
	if err := k8s.Create(ctx, api); err != nil {
		t.Fatal(err)
	}
	lb := create(t, externalLB(ns, "legacy"))

	web := waitForBinding(t, ns, "legacy-web", "to bind the Service lbo makes", func(s map[string]any) bool {
		ref, _ := s["serviceRef"].(map[string]any)
		return s["targetGroupARN"] == webARN && s["targetType"] == "ip" && ref["name"] == "legacy-web" && ref["port"] == int64(80)
	})
	waitForBinding(t, ns, "legacy-api", "to bind the Service api by the target group's name", func(s map[string]any) bool {
		ref, _ := s["serviceRef"].(map[string]any)
		return s["targetGroupName"] == "legacy-api" && s["targetGroupARN"] == nil && ref["name"] == "api" && ref["port"] == int64(8080)
	})
	var svc corev1.Service
	if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "legacy-web"}, &svc); err != nil {
		t.Fatalf("the Service of target group web: %v", err)
	}
	if svc.Spec.Selector["app"] != "web" || svc.Spec.Type != corev1.ServiceTypeClusterIP {
		t.Fatalf("Service legacy-web %+v", svc.Spec)
	}
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "register the targets of TargetGroupBinding legacy-api, legacy-web") || strings.Contains(msg, "provision") {
		t.Fatalf("Programmed says %q, want the bindings it waits for (and no load balancer)", msg)
	}

	// The controller's webhook fills in the target group's facts, and the
	// controller registers the targets: the LoadBalancer is ready, with no
	// address (AWS has the load balancer).
	const apiARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy-api/fedcba9876543210"
	facts := map[string]any{"ipAddressType": "ipv4", "vpcID": "vpc-0123456789abcdef0", "targetGroupProtocol": "HTTP"}
	actAsTheController(t, ns, "legacy-web", facts, true)
	actAsTheController(t, ns, "legacy-api", map[string]any{"targetGroupARN": apiARN, "ipAddressType": "ipv4", "vpcID": "vpc-0123456789abcdef0", "targetGroupProtocol": "HTTP"}, false)
	got = waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionTrue, lbov1.ReasonTargetsRegistered)
	if got.Status.Address != nil {
		t.Fatalf("status.address = %+v for a load balancer lbo does not make", got.Status.Address)
	}
	byName := map[string]lbov1.TargetGroupStatus{}
	for _, tg := range got.Status.TargetGroups {
		byName[tg.Name] = tg
	}
	if w, a := byName["web"], byName["api"]; w.Binding != "legacy-web" || w.ARN != webARN || a.Binding != "legacy-api" || a.ARN != apiARN {
		t.Fatalf("status.targetGroups = %+v, want each binding and its target group's ARN (api's as the webhook found it)", got.Status.TargetGroups)
	}

	// Converged, a reconcile writes no binding, and keeps what the webhook
	// filled in.
	before := binding(t, ns, "legacy-web").GetResourceVersion()
	if _, err := reconciler.Reconcile(ctx, ctrl.Request{NamespacedName: client.ObjectKeyFromObject(lb)}); err != nil {
		t.Fatal(err)
	}
	if after := binding(t, ns, "legacy-web").GetResourceVersion(); after != before {
		t.Fatalf("a converged reconcile wrote the binding (resourceVersion %s -> %s)", before, after)
	}

	// A new port: the binding follows, and keeps the webhook's facts (the
	// controller refuses their removal).
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].Backend.Port = 8080 })
	web = waitForBinding(t, ns, "legacy-web", "to bind port 8080", func(s map[string]any) bool {
		ref, _ := s["serviceRef"].(map[string]any)
		return ref["port"] == int64(8080)
	})
	for k, v := range facts {
		if got, _, _ := unstructured.NestedFieldNoCopy(web.Object, "spec", k); got != v {
			t.Errorf("spec.%s = %v after lbo's update, want %v as the webhook set it", k, got, v)
		}
	}
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	actAsTheController(t, ns, "legacy-web", nil, false)
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionTrue, lbov1.ReasonProgrammed)

	// A manual edit of the binding is reverted.
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		b := binding(t, ns, "legacy-web")
		if err := unstructured.SetNestedField(b.Object, "someone-elses", "spec", "serviceRef", "name"); err != nil {
			return err
		}
		return k8s.Update(ctx, b, client.FieldOwner("someone"))
	})
	if err != nil {
		t.Fatal(err)
	}
	waitForBinding(t, ns, "legacy-web", "to bind lbo's Service again", func(s map[string]any) bool {
		ref, _ := s["serviceRef"].(map[string]any)
		return ref["name"] == "legacy-web"
	})

	// What the controller reports on a binding reaches the LoadBalancer.
	b := binding(t, ns, "legacy-web")
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "legacy-web.", Namespace: ns},
		InvolvedObject: corev1.ObjectReference{Kind: "TargetGroupBinding", APIVersion: lbc.TargetGroupBindingGVK.GroupVersion().String(),
			Namespace: ns, Name: b.GetName(), UID: b.GetUID()},
		Type: corev1.EventTypeWarning, Reason: "FailedReconcile", Message: "Failed reconcile due to TargetGroupNotFound: legacy-web",
		Source:         corev1.EventSource{Component: lbc.TargetGroupBindingComponent},
		FirstTimestamp: metav1.NewTime(time.Now().Add(time.Second)), LastTimestamp: metav1.NewTime(time.Now().Add(time.Second)), Count: 1,
	}
	if err := k8s.Create(ctx, ev); err != nil {
		t.Fatal(err)
	}
	got = waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonProvisioningFailed)
	if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "TargetGroupBinding legacy-web: FailedReconcile: Failed reconcile due to TargetGroupNotFound") {
		t.Fatalf("Programmed says %q", msg)
	}

	// A target group removed: its binding goes, and so does the Service
	// lbo made for it.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups = lb.Spec.TargetGroups[1:] })
	eventually(t, "the binding and Service of web to be pruned", func() (bool, string) {
		err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "legacy-web"}, &corev1.Service{})
		return binding(t, ns, "legacy-web") == nil && apierrors.IsNotFound(err), "still there"
	})
	if binding(t, ns, "legacy-api") == nil {
		t.Fatal("the binding of api went with web's")
	}
}

// Two LoadBalancers registering targets in one target group AWS has: the
// controller refuses the second binding, so lbo refuses the later
// LoadBalancer, naming the first, whether it names the target group by ARN
// or by name; unless both are multi-cluster.
func TestATargetGroupAWSHasIsBoundByOneLoadBalancer(t *testing.T) {
	ns := newNamespace(t)
	first := create(t, externalLB(ns, "first"))
	waitForBinding(t, ns, "first-web", "to be made", func(map[string]any) bool { return true })

	second := externalLB(ns, "second")
	second.Spec.TargetGroups = second.Spec.TargetGroups[:1]
	second.Spec.TargetGroups[0].Existing = &lbov1.ExistingTargetGroup{Name: "legacy-web"}
	second = create(t, second)
	got := waitForCondition(t, second, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	msg := condition(got, lbov1.ConditionAccepted).Message
	if !strings.Contains(msg, `spec.targetGroups[0].existing.name "legacy-web" is LoadBalancer `+ns+"/first's") || !strings.Contains(msg, "multi-cluster") {
		t.Fatalf("Accepted says %q", msg)
	}
	if b := binding(t, ns, "second-web"); b != nil {
		t.Fatal("the second LoadBalancer's binding was made")
	}

	// Both multi-cluster: the controller lets each binding register and
	// deregister its own targets.
	updateLB(t, first, func(lb *lbov1.LoadBalancer) { lb.Spec.MultiClusterTargetGroups = true })
	updateLB(t, second, func(lb *lbov1.LoadBalancer) { lb.Spec.MultiClusterTargetGroups = true })
	waitForBinding(t, ns, "second-web", "to be made, multi-cluster", func(s map[string]any) bool { return s["multiClusterTargetGroup"] == true })
	waitForBinding(t, ns, "first-web", "to be multi-cluster", func(s map[string]any) bool { return s["multiClusterTargetGroup"] == true })
}

// A binding registers the targets of its own LoadBalancer's Services only:
// one naming a Service lbo made for another LoadBalancer is refused whole.
func TestABindingDoesNotTakeAnotherLoadBalancersService(t *testing.T) {
	ns := newNamespace(t)
	create(t, selectorL7(ns, "shop"))
	eventually(t, "Service shop-api to be made", func() (bool, string) {
		err := k8s.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: "shop-api"}, &corev1.Service{})
		return err == nil, "not yet"
	})
	lb := externalLB(ns, "legacy")
	lb.Spec.TargetGroups[1].Backend.Service = &lbov1.ServiceBackend{Name: "shop-api", Port: 8080}
	lb = create(t, lb)
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	if msg := condition(got, lbov1.ConditionProgrammed).Message; !strings.Contains(msg, "spec.targetGroups[1].backend.service: Service shop-api is LoadBalancer "+ns+"/shop's child") {
		t.Fatalf("Programmed says %q", msg)
	}
	if b := bindingsOf(t, lb); len(b) > 0 {
		t.Fatalf("bindings made: %v", b)
	}
}
