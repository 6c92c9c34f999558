package gatewayintegration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
	"github.com/lbo-dev/lbo/internal/gateway"
	"github.com/lbo-dev/lbo/internal/jsonvalue"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

const samples = "../../config/samples"

// loadSample reads a sample LoadBalancer for namespace ns, under the Gateway
// backend with the AWS Load Balancer Controller's class of its layer (the
// classes the golden files are rendered with).
func loadSample(t *testing.T, file, ns string) *lbov1.LoadBalancer {
	t.Helper()
	lb := envtestutil.ReadLoadBalancer(t, filepath.Join(samples, file), ns)
	lb.Spec.Gateway = &lbov1.GatewayBackend{ClassName: "aws-alb"}
	if lb.Spec.Layer == lbov1.LayerL4 {
		lb.Spec.Gateway.ClassName = "aws-nlb"
	}
	return lb
}

// kinds are the kinds of the Gateway backend's children.
var kinds = append([]schema.GroupVersionKind{corev1.SchemeGroupVersion.WithKind("Service")}, gateway.ChildKinds(lbov1.GatewayAWSLoadBalancerController)...)

// live are the objects labeled as lb's children, by kind/name.
func live(t *testing.T, lb *lbov1.LoadBalancer) map[string]*unstructured.Unstructured {
	t.Helper()
	got := map[string]*unstructured.Unstructured{}
	for _, gvk := range kinds {
		var list unstructured.UnstructuredList
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		if err := k8s.List(context.Background(), &list, client.InNamespace(lb.Namespace), client.MatchingLabels{lbov1.LabelLoadBalancer: lb.Name}); err != nil {
			t.Fatal(err)
		}
		for i := range list.Items {
			got[gvk.Kind+"/"+list.Items[i].GetName()] = &list.Items[i]
		}
	}
	return got
}

// golden reads the golden children of a sample under the Gateway backend,
// as they stand in namespace ns: the golden files are rendered from the
// samples, which name none, and a TargetGroupConfiguration names its
// routes' namespace.
func golden(t *testing.T, sample, ns string) map[string]map[string]any {
	t.Helper()
	path := filepath.Join("..", "..", "internal", "expand", "testdata", "samples", strings.TrimSuffix(sample, ".yaml")+".gateway.yaml")
	want := map[string]map[string]any{}
	for _, obj := range envtestutil.ReadObjects(t, path) {
		inNamespace(obj["spec"], ns)
		want[obj["kind"].(string)+"/"+obj["metadata"].(map[string]any)["name"].(string)] = obj
	}
	return want
}

// inNamespace sets every empty namespace field under v to ns.
func inNamespace(v any, ns string) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			if k == "namespace" && sub == "" {
				v[k] = ns
			}
			inNamespace(sub, ns)
		}
	case []any:
		for _, sub := range v {
			inNamespace(sub, ns)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// waitForGolden waits until lb's children are the golden ones: the same
// objects, each with the golden spec and labels, controlled by lb.
func waitForGolden(t *testing.T, sample string, lb *lbov1.LoadBalancer) map[string]*unstructured.Unstructured {
	t.Helper()
	want := golden(t, sample, lb.Namespace)
	var got map[string]*unstructured.Unstructured
	eventually(t, "the children of "+sample+" to match its Gateway golden file", func() (bool, string) {
		got = live(t, lb)
		if !reflect.DeepEqual(sortedKeys(got), sortedKeys(want)) {
			return false, fmt.Sprintf("children %v, want %v", sortedKeys(got), sortedKeys(want))
		}
		for k, w := range want {
			obj := got[k]
			if !jsonvalue.Holds(obj.Object["metadata"].(map[string]any)["labels"], w["metadata"].(map[string]any)["labels"]) {
				return false, fmt.Sprintf("%s has labels %v", k, obj.GetLabels())
			}
			if !jsonvalue.Holds(obj.Object["spec"], w["spec"]) {
				g, _ := json.MarshalIndent(obj.Object["spec"], "", " ")
				ws, _ := json.MarshalIndent(w["spec"], "", " ")
				return false, k + " has\n" + string(g) + "\nwant\n" + string(ws)
			}
			if ref := metav1.GetControllerOf(obj); ref == nil || ref.UID != lb.UID {
				return false, k + " is not controlled by the LoadBalancer"
			}
		}
		return true, ""
	})
	return got
}

func getLB(t *testing.T, lb *lbov1.LoadBalancer) *lbov1.LoadBalancer {
	t.Helper()
	return envtestutil.GetLoadBalancer(t, k8s, lb)
}

func create(t *testing.T, obj client.Object) {
	t.Helper()
	if err := k8s.Create(context.Background(), obj); err != nil {
		t.Fatalf("creating %T %s: %v", obj, obj.GetName(), err)
	}
}

func updateLB(t *testing.T, lb *lbov1.LoadBalancer, mutate func(*lbov1.LoadBalancer)) {
	t.Helper()
	envtestutil.UpdateLoadBalancer(t, k8s, lb, mutate)
}

// waitForCondition waits until lb's condition typ has status and reason for
// lb's current generation, with a message holding each of msgs.
func waitForCondition(t *testing.T, lb *lbov1.LoadBalancer, typ string, status metav1.ConditionStatus, reason string, msgs ...string) *lbov1.LoadBalancer {
	t.Helper()
	return envtestutil.WaitForCondition(t, k8s, lb, typ, status, reason, msgs...)
}

// backendService makes the Service a sample's target group names.
func backendService(t *testing.T, ns, name string, port int32) {
	t.Helper()
	create(t, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: port, TargetPort: intstr.FromInt32(port)}}, Selector: map[string]string{"app": name}},
	})
}

func cond(typ string, status metav1.ConditionStatus, reason string, gen int64) metav1.Condition {
	return metav1.Condition{Type: typ, Status: status, Reason: reason, Message: "set by the test as the controller would", ObservedGeneration: gen, LastTransitionTime: metav1.Now()}
}

// setGatewayStatus writes the Gateway's status as its controller would.
func setGatewayStatus(t *testing.T, ns, name string, programmed metav1.ConditionStatus, reason, hostname string) {
	t.Helper()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		var gw gwv1.Gateway
		if err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, &gw); err != nil {
			return err
		}
		gw.Status.Conditions = []metav1.Condition{
			cond(string(gwv1.GatewayConditionAccepted), metav1.ConditionTrue, string(gwv1.GatewayReasonAccepted), gw.Generation),
			cond(string(gwv1.GatewayConditionProgrammed), programmed, reason, gw.Generation),
		}
		gw.Status.Addresses = nil
		if hostname != "" {
			gw.Status.Addresses = []gwv1.GatewayStatusAddress{{Type: ptr.To(gwv1.HostnameAddressType), Value: hostname}}
		}
		return k8s.Status().Update(context.Background(), &gw)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// setRouteStatus writes a route's status for the Gateway gw, as the AWS
// Load Balancer Controller would: Accepted, and ResolvedRefs with reason.
func setRouteStatus(t *testing.T, route client.Object, gw string, resolved metav1.ConditionStatus, reason string) {
	t.Helper()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(route), route); err != nil {
			return err
		}
		parents := []gwv1.RouteParentStatus{{
			ParentRef:      gwv1.ParentReference{Name: gwv1.ObjectName(gw)},
			ControllerName: "gateway.k8s.aws/alb",
			Conditions: []metav1.Condition{
				cond(string(gwv1.RouteConditionAccepted), metav1.ConditionTrue, string(gwv1.RouteReasonAccepted), route.GetGeneration()),
				cond(string(gwv1.RouteConditionResolvedRefs), resolved, reason, route.GetGeneration()),
			},
		}}
		switch r := route.(type) {
		case *gwv1.HTTPRoute:
			r.Status.Parents = parents
		case *gwv1.TCPRoute:
			r.Status.Parents = parents
		}
		return k8s.Status().Update(context.Background(), route)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// reconcileCounting reconciles lb n times with a reconciler whose client
// and API reader record what they write and read from the API server.
func reconcileCounting(t *testing.T, lb *lbov1.LoadBalancer, n int) (writes, reads []string) {
	t.Helper()
	var mu sync.Mutex
	record := func(to *[]string, what string) {
		mu.Lock()
		defer mu.Unlock()
		*to = append(*to, what)
	}
	counting := interceptor.NewClient(fakeWatchClient{mgrClient}, interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			record(&writes, "create "+obj.GetName())
			return c.Create(ctx, obj, opts...)
		},
		Update: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			record(&writes, "update "+obj.GetName())
			return c.Update(ctx, obj, opts...)
		},
		Patch: func(ctx context.Context, c client.WithWatch, obj client.Object, p client.Patch, opts ...client.PatchOption) error {
			record(&writes, "patch "+obj.GetName())
			return c.Patch(ctx, obj, p, opts...)
		},
		Apply: func(ctx context.Context, c client.WithWatch, obj runtime.ApplyConfiguration, opts ...client.ApplyOption) error {
			data, _ := json.Marshal(obj)
			record(&writes, "apply "+string(data))
			return c.Apply(ctx, obj, opts...)
		},
		Delete: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.DeleteOption) error {
			record(&writes, "delete "+obj.GetName())
			return c.Delete(ctx, obj, opts...)
		},
		SubResourcePatch: func(ctx context.Context, c client.Client, sub string, obj client.Object, p client.Patch, opts ...client.SubResourcePatchOption) error {
			record(&writes, "patch "+sub+" "+obj.GetName())
			return c.SubResource(sub).Patch(ctx, obj, p, opts...)
		},
	})
	reader := interceptor.NewClient(fakeWatchClient{k8s}, interceptor.Funcs{
		Get: func(ctx context.Context, c client.WithWatch, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
			record(&reads, fmt.Sprintf("get %T %s", obj, key))
			return c.Get(ctx, key, obj, opts...)
		},
		List: func(ctx context.Context, c client.WithWatch, list client.ObjectList, opts ...client.ListOption) error {
			record(&reads, fmt.Sprintf("list %T", list))
			return c.List(ctx, list, opts...)
		},
	})
	r := &controllers.LoadBalancerReconciler{Client: counting, APIReader: reader, GatewayKinds: reconciler.GatewayKinds}
	for range n {
		if _, err := r.Reconcile(context.Background(), ctrl.Request{NamespacedName: client.ObjectKeyFromObject(lb)}); err != nil {
			t.Fatal(err)
		}
	}
	return writes, reads
}

// fakeWatchClient lets the interceptor wrap a client that does not watch;
// the reconciler never does.
type fakeWatchClient struct{ client.Client }

func (fakeWatchClient) Watch(context.Context, client.ObjectList, ...client.ListOption) (watch.Interface, error) {
	return nil, errors.New("watch is not supported here")
}

// TestGatewayL7: a Gateway-backed L7 LoadBalancer gets its golden children,
// which stay as they are while nothing changes; its status follows the
// Gateway's and the route's conditions as the controller writes them; an
// edit updates the children and prunes the ones no longer declared.
func TestGatewayL7(t *testing.T) {
	ns := newNamespace(t)
	backendService(t, ns, "service-2048", 80)
	lb := loadSample(t, "game-2048-alb.yaml", ns)
	create(t, lb)
	waitForGolden(t, "game-2048-alb.yaml", lb)
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)

	// Steady: reconciling again writes nothing, and reads nothing from the
	// API server but the Service the target group names.
	writes, reads := reconcileCounting(t, lb, 3)
	if len(writes) > 0 {
		t.Fatalf("a converged LoadBalancer caused writes: %v", writes)
	}
	if len(reads) != 3 {
		t.Fatalf("3 reconciles of a converged LoadBalancer read %v from the API server, want the referenced Service 3 times", reads)
	}

	// The controller programs the Gateway and accepts the route.
	route := &gwv1.HTTPRoute{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "ingress-2048-http"}}
	setRouteStatus(t, route, lb.Name, metav1.ConditionTrue, string(gwv1.RouteReasonResolvedRefs))
	setGatewayStatus(t, ns, lb.Name, metav1.ConditionTrue, string(gwv1.GatewayReasonProgrammed), "k8s-game-123.eu-west-1.elb.amazonaws.com")
	got := waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionTrue, lbov1.ReasonAddressAssigned)
	if got.Status.Address == nil || got.Status.Address.Hostname != "k8s-game-123.eu-west-1.elb.amazonaws.com" {
		t.Errorf("status.address is %+v, want the Gateway's hostname", got.Status.Address)
	}
	if c := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionProgrammed); c.Status != metav1.ConditionTrue {
		t.Errorf("Programmed: %s", c)
	}
	if l := got.Status.Listeners; len(l) != 2 || l[0].Object != "Gateway/"+lb.Name {
		t.Errorf("status.listeners %+v: want each carried by the Gateway", l)
	}

	// A reference the controller cannot resolve, in its words.
	setRouteStatus(t, route, lb.Name, metav1.ConditionFalse, string(gwv1.RouteReasonBackendNotFound))
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonProvisioningFailed,
		"HTTPRoute ingress-2048-http: ResolvedRefs False, BackendNotFound")
	setRouteStatus(t, route, lb.Name, metav1.ConditionTrue, string(gwv1.RouteReasonResolvedRefs))
	// A Gateway the controller could not program.
	setGatewayStatus(t, ns, lb.Name, metav1.ConditionFalse, string(gwv1.GatewayReasonInvalid), "")
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonProvisioningFailed,
		"Gateway ingress-2048: Programmed False, Invalid")

	// An edit: a rule with a fixed response adds a ListenerRuleConfiguration,
	// and the second listener goes; removing the rule prunes its
	// configuration.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners = lb.Spec.Listeners[:1]
		lb.Spec.Rules = append([]lbov1.Rule{{
			Name:       "health",
			Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/health", Type: lbov1.PathExact}}},
			Action:     lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 200, ContentType: "text/plain", Body: "ok"}},
		}}, lb.Spec.Rules...)
	})
	eventually(t, "the rule's ListenerRuleConfiguration and one listener", func() (bool, string) {
		got := live(t, lb)
		gw := got["Gateway/"+lb.Name]
		listeners, _, _ := unstructured.NestedSlice(gw.Object, "spec", "listeners")
		_, ok := got["ListenerRuleConfiguration/ingress-2048-rule-health"]
		return ok && len(listeners) == 1, fmt.Sprintf("children %v, %d listeners", sortedKeys(got), len(listeners))
	})
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Rules = lb.Spec.Rules[1:] })
	eventually(t, "the rule's ListenerRuleConfiguration to be pruned", func() (bool, string) {
		got := live(t, lb)
		_, ok := got["ListenerRuleConfiguration/ingress-2048-rule-health"]
		return !ok, fmt.Sprintf("children %v", sortedKeys(got))
	})
}

// TestGatewayL4: a Gateway-backed L4 LoadBalancer gets its golden children;
// its status follows the TCPRoute's and the Gateway's conditions; deleting it
// leaves its children to the garbage collector through their owner.
func TestGatewayL4(t *testing.T) {
	ns := newNamespace(t)
	lb := loadSample(t, "nginx-nlb.yaml", ns)
	create(t, lb)
	waitForGolden(t, "nginx-nlb.yaml", lb)
	route := &gwv1.TCPRoute{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "nginx-service-lb-http"}}
	setGatewayStatus(t, ns, lb.Name, metav1.ConditionTrue, string(gwv1.GatewayReasonProgrammed), "k8s-nginx-123.elb.eu-west-1.amazonaws.com")
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	setRouteStatus(t, route, lb.Name, metav1.ConditionTrue, string(gwv1.RouteReasonResolvedRefs))
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionTrue, lbov1.ReasonProgrammed)
	if got.Status.Address == nil || got.Status.Address.Hostname != "k8s-nginx-123.elb.eu-west-1.amazonaws.com" {
		t.Errorf("status.address is %+v, want the Gateway's hostname", got.Status.Address)
	}
	// An edit of the Gateway's spec makes the controller's conditions stale:
	// Programmed waits for it again.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].Port = 8080 })
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
}

// TestManualEditOfAWSConfigurationIsReverted: a field of the controller's
// LoadBalancerConfiguration changed by hand is set back (the objects lbo
// writes without Go types are compared by value and by the fields lbo owns).
func TestManualEditOfAWSConfigurationIsReverted(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := loadSample(t, "nginx-nlb.yaml", ns)
	create(t, lb)
	waitForGolden(t, "nginx-nlb.yaml", lb)
	cfg := &unstructured.Unstructured{}
	cfg.SetGroupVersionKind(gateway.LoadBalancerConfigurationGVK)
	cfg.SetNamespace(ns)
	cfg.SetName(lb.Name)
	patch := []byte(`{"spec":{"scheme":"internal"}}`)
	if err := k8s.Patch(ctx, cfg, client.RawPatch("application/merge-patch+json", patch), client.FieldOwner("someone")); err != nil {
		t.Fatal(err)
	}
	// Nothing watches for lbo here but its own watch of the object.
	waitForGolden(t, "nginx-nlb.yaml", lb)
}

// TestSwitchToGatewayReplacesTheIngress: with allowReplacement, a
// LoadBalancer moved from the annotation backend to the Gateway backend gets
// the Gateway's children, and its Ingress is pruned once they are applied.
func TestSwitchToGatewayReplacesTheIngress(t *testing.T) {
	ns := newNamespace(t)
	backendService(t, ns, "service-2048", 80)
	lb := loadSample(t, "game-2048-alb.yaml", ns)
	lb.Spec.Gateway = nil
	create(t, lb)
	eventually(t, "the Ingress", func() (bool, string) {
		var ing networkingv1.Ingress
		err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: lb.Name}, &ing)
		return err == nil, fmt.Sprint(err)
	})
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Gateway = &lbov1.GatewayBackend{ClassName: "aws-alb"}
		lb.Spec.AllowReplacement = true
	})
	waitForGolden(t, "game-2048-alb.yaml", lb)
	eventually(t, "the Ingress to be pruned", func() (bool, string) {
		var ing networkingv1.Ingress
		err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: lb.Name}, &ing)
		return apierrors.IsNotFound(err), fmt.Sprint(err)
	})
}

// TestGatewayChildNameTakenIsLeftAlone: a route name held by an object lbo
// did not make refuses the whole pass before any write: no Gateway, no
// configuration object, the other route untouched.
func TestGatewayChildNameTakenIsLeftAlone(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	backendService(t, ns, "service-2048", 80)
	theirs := &gwv1.HTTPRoute{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "ingress-2048-http"},
		Spec:       gwv1.HTTPRouteSpec{CommonRouteSpec: gwv1.CommonRouteSpec{ParentRefs: []gwv1.ParentReference{{Name: "theirs"}}}},
	}
	create(t, theirs)
	lb := loadSample(t, "game-2048-alb.yaml", ns)
	create(t, lb)
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict, "HTTPRoute ingress-2048-http")
	time.Sleep(time.Second)
	if got := live(t, lb); len(got) != 0 {
		t.Errorf("children were written: %v", sortedKeys(got))
	}
	var now gwv1.HTTPRoute
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(theirs), &now); err != nil {
		t.Fatal(err)
	}
	if now.ResourceVersion != theirs.ResourceVersion || len(now.OwnerReferences) != 0 {
		t.Errorf("the other HTTPRoute was changed: %+v", now)
	}
}

// TestSamplesApplyUnderTheGatewayBackend: each sample in config/samples
// applies under the Gateway backend, with the children of its golden file.
func TestSamplesApplyUnderTheGatewayBackend(t *testing.T) {
	entries, err := os.ReadDir(samples)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") || e.Name() == "kustomization.yaml" {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			ns := newNamespace(t)
			lb := loadSample(t, e.Name(), ns)
			if lb.Spec.Layer == lbov1.LayerExternal {
				t.Skip("layer External makes no load balancer, so no Gateway")
			}
			create(t, lb)
			waitForGolden(t, e.Name(), lb)
			waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)
		})
	}
	if n < 4 {
		t.Fatalf("found %d samples", n)
	}
}

// TestDeletingAGatewayBackedLoadBalancer: with deletionPolicy Delete the
// garbage collector removes the Gateway backend's children through their
// owner; with Retain lbo first releases each of them, and they stay.
func TestDeletingAGatewayBackedLoadBalancer(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	deleted := loadSample(t, "nginx-nlb.yaml", ns)
	create(t, deleted)
	retained := loadSample(t, "game-2048-alb.yaml", ns)
	retained.Spec.DeletionPolicy = lbov1.DeletionPolicyRetain
	create(t, retained)
	waitForGolden(t, "nginx-nlb.yaml", deleted)
	waitForGolden(t, "game-2048-alb.yaml", retained)
	eventually(t, "lbo's finalizer on the Retain LoadBalancer", func() (bool, string) {
		lb := getLB(t, retained)
		return len(lb.Finalizers) > 0, fmt.Sprint(lb.Finalizers)
	})

	for _, lb := range []*lbov1.LoadBalancer{deleted, retained} {
		if err := k8s.Delete(ctx, lb); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "the Retain LoadBalancer's children to be released", func() (bool, string) {
		got := live(t, retained)
		if len(got) == 0 {
			return false, "no children"
		}
		for k, obj := range got {
			if len(obj.GetOwnerReferences()) > 0 {
				return false, k + " still has its owner"
			}
		}
		return true, ""
	})
	if !gcRunning {
		t.Log("no garbage collector: the Delete LoadBalancer's children stay with their owner reference")
		return
	}
	eventually(t, "the Delete LoadBalancer's children to be gone", func() (bool, string) {
		got := live(t, deleted)
		return len(got) == 0, fmt.Sprint(sortedKeys(got))
	})
	if got := live(t, retained); len(got) != len(golden(t, "game-2048-alb.yaml", ns)) {
		t.Errorf("the Retain LoadBalancer's children: %v", sortedKeys(got))
	}
}

// TestCollidingChildNamesAreIsolated: LoadBalancer storefront names the
// TargetGroupConfiguration of its target group api storefront-api, which is
// also the name of LoadBalancer storefront-api's own. The later one is
// refused by name before any write, and the first one's objects stay as they
// are.
func TestCollidingChildNamesAreIsolated(t *testing.T) {
	ns := newNamespace(t)
	first := loadSample(t, "storefront-alb.yaml", ns)
	create(t, first)
	before := waitForGolden(t, "storefront-alb.yaml", first)
	second := loadSample(t, "nginx-nlb.yaml", ns)
	second.Name = "storefront-api"
	create(t, second)
	waitForCondition(t, second, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict, "TargetGroupConfiguration storefront-api")
	if got := live(t, second); len(got) != 0 {
		t.Errorf("the refused LoadBalancer's children were written: %v", sortedKeys(got))
	}
	after := live(t, first)
	for k, obj := range before {
		if after[k] == nil || after[k].GetResourceVersion() != obj.GetResourceVersion() {
			t.Errorf("%s of the first LoadBalancer was changed or removed", k)
		}
	}
}
