package integration

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

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/watch"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	networkingv1ac "k8s.io/client-go/applyconfigurations/networking/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
	"github.com/lbo-dev/lbo/internal/lbc"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

const samples = "../../config/samples"

// loadSample reads a sample LoadBalancer as a user's file, for namespace ns.
func loadSample(t *testing.T, file, ns string) *lbov1.LoadBalancer {
	t.Helper()
	return envtestutil.ReadLoadBalancer(t, filepath.Join(samples, file), ns)
}

// goldenChildren reads the golden children of a sample, as they must stand in
// namespace ns under the LoadBalancer lb: the fields lbo manages, by kind/name.
func goldenChildren(t *testing.T, sample string, lb *lbov1.LoadBalancer) map[string]map[string]any {
	t.Helper()
	path := filepath.Join("..", "..", "internal", "expand", "testdata", "samples", strings.TrimSuffix(sample, ".yaml")+".yaml")
	want := map[string]map[string]any{}
	for _, obj := range envtestutil.ReadObjects(t, path) {
		md := obj["metadata"].(map[string]any)
		md["namespace"] = lb.Namespace
		md["ownerReferences"] = []any{map[string]any{
			"apiVersion": "networking.lbo.dev/v1alpha1", "kind": "LoadBalancer", "name": lb.Name,
			"uid": string(lb.UID), "controller": true, "blockOwnerDeletion": true,
		}}
		want[obj["kind"].(string)+"/"+md["name"].(string)] = obj
	}
	return want
}

// liveChildren are the objects labeled as lb's children, as the fields lbo's
// field manager owns in them.
func liveChildren(t *testing.T, lb *lbov1.LoadBalancer) map[string]map[string]any {
	t.Helper()
	ctx := context.Background()
	got := map[string]map[string]any{}
	sel := client.MatchingLabels{lbov1.LabelLoadBalancer: lb.Name}
	var svcs corev1.ServiceList
	if err := k8s.List(ctx, &svcs, client.InNamespace(lb.Namespace), sel); err != nil {
		t.Fatal(err)
	}
	for i := range svcs.Items {
		ac, err := corev1ac.ExtractService(&svcs.Items[i], lbov1.FieldManager)
		if err != nil {
			t.Fatal(err)
		}
		got["Service/"+svcs.Items[i].Name] = toMap(t, ac)
	}
	var ings networkingv1.IngressList
	if err := k8s.List(ctx, &ings, client.InNamespace(lb.Namespace), sel); err != nil {
		t.Fatal(err)
	}
	for i := range ings.Items {
		ac, err := networkingv1ac.ExtractIngress(&ings.Items[i], lbov1.FieldManager)
		if err != nil {
			t.Fatal(err)
		}
		got["Ingress/"+ings.Items[i].Name] = toMap(t, ac)
	}
	for _, b := range bindingsOf(t, lb) {
		got["TargetGroupBinding/"+b.GetName()] = lboFields(b)
	}
	return got
}

// bindingsOf lists lb's TargetGroupBindings.
func bindingsOf(t *testing.T, lb *lbov1.LoadBalancer) []unstructured.Unstructured {
	t.Helper()
	list := &unstructured.UnstructuredList{}
	list.SetGroupVersionKind(lbc.TargetGroupBindingGVK.GroupVersion().WithKind("TargetGroupBindingList"))
	if err := k8s.List(context.Background(), list, client.InNamespace(lb.Namespace), client.MatchingLabels{lbov1.LabelLoadBalancer: lb.Name}); err != nil {
		t.Fatal(err)
	}
	return list.Items
}

// lboFields are the fields of a TargetGroupBinding lbo writes: its identity,
// labels, owner and spec (this control plane runs no webhook of the AWS
// Load Balancer Controller to add to the spec).
func lboFields(b unstructured.Unstructured) map[string]any {
	md := map[string]any{"name": b.GetName(), "namespace": b.GetNamespace()}
	if l, ok, _ := unstructured.NestedFieldCopy(b.Object, "metadata", "labels"); ok {
		md["labels"] = l
	}
	if refs, ok, _ := unstructured.NestedFieldCopy(b.Object, "metadata", "ownerReferences"); ok {
		md["ownerReferences"] = refs
	}
	return map[string]any{"apiVersion": b.GetAPIVersion(), "kind": b.GetKind(), "metadata": md, "spec": b.Object["spec"]}
}

func toMap(t *testing.T, v any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := utiljson.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func keys(m map[string]map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// create creates lb and returns it as stored (with its UID).
func create(t *testing.T, lb *lbov1.LoadBalancer) *lbov1.LoadBalancer {
	t.Helper()
	if err := k8s.Create(context.Background(), lb); err != nil {
		t.Fatalf("creating LoadBalancer %s: %v", lb.Name, err)
	}
	return lb
}

// waitForGolden waits until lb's children are exactly the golden ones.
func waitForGolden(t *testing.T, sample string, lb *lbov1.LoadBalancer) {
	t.Helper()
	want := goldenChildren(t, sample, lb)
	eventually(t, "the children of "+sample+" to match the golden file", func() (bool, string) {
		got := liveChildren(t, lb)
		if !reflect.DeepEqual(keys(got), keys(want)) {
			return false, "children " + strings.Join(keys(got), ",") + ", want " + strings.Join(keys(want), ",")
		}
		for k := range want {
			if !reflect.DeepEqual(got[k], want[k]) {
				g, _ := json.MarshalIndent(got[k], "", " ")
				w, _ := json.MarshalIndent(want[k], "", " ")
				return false, k + " is\n" + string(g) + "\nwant\n" + string(w)
			}
		}
		return true, ""
	})
}

func getLB(t *testing.T, lb *lbov1.LoadBalancer) *lbov1.LoadBalancer {
	t.Helper()
	return envtestutil.GetLoadBalancer(t, k8s, lb)
}

// waitForCondition waits until lb's condition typ has status and reason for
// lb's current generation, and returns the LoadBalancer as it then stands.
func waitForCondition(t *testing.T, lb *lbov1.LoadBalancer, typ string, status metav1.ConditionStatus, reason string) *lbov1.LoadBalancer {
	t.Helper()
	return envtestutil.WaitForCondition(t, k8s, lb, typ, status, reason)
}

func TestSamplesCreateTheirGoldenChildren(t *testing.T) {
	entries, err := os.ReadDir(samples)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Name() == "kustomization.yaml" || e.IsDir() { // backends/: what the samples reference
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			ns := newNamespace(t)
			lb := create(t, loadSample(t, e.Name(), ns))
			waitForGolden(t, e.Name(), lb)
			waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
			waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionFalse, lbov1.ReasonNotProgrammed)
		})
	}
	if n < 3 {
		t.Fatalf("found %d samples, want the seed's two examples and the host-routing one", n)
	}
}

func TestEditUpdatesAndPrunesChildren(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "shop-alb.yaml", ns))
	waitForGolden(t, "shop-alb.yaml", lb)

	// Editing the spec changes the children.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Scheme, lb.Spec.AllowReplacement = lbov1.SchemeInternal, true })
	eventually(t, "the Ingress to become internal", func() (bool, string) {
		var ing networkingv1.Ingress
		if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "shop"}, &ing); err != nil {
			return false, err.Error()
		}
		s := ing.Annotations["alb.ingress.kubernetes.io/scheme"]
		return s == "internal", "scheme " + s
	})

	// Removing the rule and target group "api" prunes the Service made for it.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules = lb.Spec.Rules[1:]
		lb.Spec.TargetGroups = lb.Spec.TargetGroups[1:]
	})
	eventually(t, "the Service shop-api to be pruned", func() (bool, string) {
		err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "shop-api"}, &corev1.Service{})
		return apierrors.IsNotFound(err), "still there"
	})
	eventually(t, "the Ingress to lose the api rule", func() (bool, string) {
		var ing networkingv1.Ingress
		if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "shop"}, &ing); err != nil {
			return false, err.Error()
		}
		return len(ing.Spec.Rules) == 1 && ing.Spec.Rules[0].Host == "", "rules: " + toString(ing.Spec.Rules)
	})
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
}

// updateLB changes lb's spec as a user would, retrying on conflicts with the
// status writes of the operator.
func updateLB(t *testing.T, lb *lbov1.LoadBalancer, mutate func(*lbov1.LoadBalancer)) {
	t.Helper()
	envtestutil.UpdateLoadBalancer(t, k8s, lb, mutate)
}

func toString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestManualEditOfChildIsReverted(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "game-2048-alb.yaml", ns))
	waitForGolden(t, "game-2048-alb.yaml", lb)

	var ing networkingv1.Ingress
	if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "ingress-2048"}, &ing); err != nil {
		t.Fatal(err)
	}
	ing.Annotations["alb.ingress.kubernetes.io/scheme"] = "internal"
	ing.Annotations["alb.ingress.kubernetes.io/listen-ports"] = `[{"HTTP":81}]`
	ing.Spec.Rules[0].HTTP.Paths[0].Path = "/hacked"
	if err := k8s.Update(ctx, &ing, client.FieldOwner("someone")); err != nil {
		t.Fatal(err)
	}
	waitForGolden(t, "game-2048-alb.yaml", lb)
}

func TestAddressAndReady(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "nginx-nlb.yaml", ns))
	waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionFalse, lbov1.ReasonNotProgrammed)

	// What the AWS Load Balancer Controller does once the NLB is up.
	const host = "k8s-default-nginxser-0123456789-abcdef.elb.eu-west-1.amazonaws.com"
	var svc corev1.Service
	if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "nginx-service-lb"}, &svc); err != nil {
		t.Fatal(err)
	}
	svc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{Hostname: host}}
	if err := k8s.Status().Update(ctx, &svc); err != nil {
		t.Fatal(err)
	}
	got := waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionTrue, lbov1.ReasonAddressAssigned)
	if got.Status.Address == nil || got.Status.Address.Hostname != host {
		t.Fatalf("status.address = %+v, want hostname %s", got.Status.Address, host)
	}
	// This suite runs without AWS credentials: nothing of AWS is reported.
	if got.Status.AWS != nil || got.Status.TargetGroups[0].ARN != "" || got.Status.TargetGroups[0].Targets != nil {
		t.Fatalf("AWS state reported without an AWS reader: %+v %+v", got.Status.AWS, got.Status.TargetGroups)
	}
}

func TestSteadyStateWritesNothing(t *testing.T) {
	for _, sample := range []string{"shop-alb.yaml", "legacy-shop-external.yaml"} {
		t.Run(sample, func(t *testing.T) { steadyStateWritesNothing(t, sample) })
	}
}

func steadyStateWritesNothing(t *testing.T, sample string) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, sample, ns))
	waitForGolden(t, sample, lb)
	stored := waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionFalse, lbov1.ReasonNotProgrammed)
	// The reconciles below read the LoadBalancer from the manager's cache:
	// wait until it holds the status as stored, or they would take an older
	// status for one to write.
	eventually(t, "the manager's cache to hold the LoadBalancer as stored", func() (bool, string) {
		var cached lbov1.LoadBalancer
		if err := mgrClient.Get(ctx, client.ObjectKeyFromObject(lb), &cached); err != nil {
			return false, err.Error()
		}
		return cached.ResourceVersion == getLB(t, lb).ResourceVersion, "cache at " + cached.ResourceVersion + ", stored " + stored.ResourceVersion
	})

	// Reconcile again through a client that counts writes: a converged
	// LoadBalancer must cause none.
	var writes []string
	count := func(verb string) func(context.Context, client.WithWatch, client.Object) {
		return func(_ context.Context, _ client.WithWatch, obj client.Object) {
			writes = append(writes, verb+" "+obj.GetName())
		}
	}
	counting := interceptor.NewClient(fakeWatchClient{mgrClient}, interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			count("create")(ctx, c, obj)
			return c.Create(ctx, obj, opts...)
		},
		Update: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			count("update")(ctx, c, obj)
			return c.Update(ctx, obj, opts...)
		},
		Patch: func(ctx context.Context, c client.WithWatch, obj client.Object, p client.Patch, opts ...client.PatchOption) error {
			count("patch")(ctx, c, obj)
			return c.Patch(ctx, obj, p, opts...)
		},
		Apply: func(ctx context.Context, c client.WithWatch, obj runtime.ApplyConfiguration, opts ...client.ApplyOption) error {
			writes = append(writes, "apply")
			return c.Apply(ctx, obj, opts...)
		},
		Delete: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.DeleteOption) error {
			count("delete")(ctx, c, obj)
			return c.Delete(ctx, obj, opts...)
		},
		SubResourcePatch: func(ctx context.Context, c client.Client, sub string, obj client.Object, p client.Patch, opts ...client.SubResourcePatchOption) error {
			writes = append(writes, "patch "+sub+" "+obj.GetName())
			return c.SubResource(sub).Patch(ctx, obj, p, opts...)
		},
	})
	reads := &countingReader{Reader: reconciler.APIReader}
	r := &controllers.LoadBalancerReconciler{Client: counting, APIReader: reads, Bindings: reconciler.Bindings}
	for range 3 {
		if _, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: client.ObjectKeyFromObject(lb)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(writes) > 0 {
		t.Fatalf("a converged LoadBalancer caused writes: %v", writes)
	}
	// Nor requests besides the reads of the Services its target groups
	// name, which lbo does not cache: no dry run, no look for a name.
	referenced := 0
	for _, tg := range lb.Spec.TargetGroups {
		if tg.Backend.Service != nil {
			referenced++
		}
	}
	if got := reads.count(); got != 3*referenced {
		t.Fatalf("3 reconciles of a converged LoadBalancer made %d reads from the API server, want %d: %v", got, 3*referenced, reads.calls)
	}
}

// countingReader counts the reads that go to the API server.
type countingReader struct {
	client.Reader
	mu    sync.Mutex
	calls []string
}

func (c *countingReader) Get(ctx context.Context, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
	c.mu.Lock()
	c.calls = append(c.calls, fmt.Sprintf("get %T %s", obj, key))
	c.mu.Unlock()
	return c.Reader.Get(ctx, key, obj, opts...)
}

func (c *countingReader) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	c.mu.Lock()
	c.calls = append(c.calls, fmt.Sprintf("list %T", list))
	c.mu.Unlock()
	return c.Reader.List(ctx, list, opts...)
}

func (c *countingReader) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.calls)
}

func TestNameTakenByAnotherObjectIsLeftAlone(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	theirs := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "nginx-service-lb", Namespace: ns, Annotations: map[string]string{"owner": "someone else"}},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 9999}}},
	}
	if err := k8s.Create(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	lb := create(t, loadSample(t, "nginx-nlb.yaml", ns))
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonNameConflict)
	msg := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionProgrammed).Message
	if !strings.Contains(msg, "Service nginx-service-lb already exists and is not controlled by this LoadBalancer") {
		t.Fatalf("Programmed message %q does not name the conflicting Service", msg)
	}
	var after corev1.Service
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(theirs), &after); err != nil {
		t.Fatal(err)
	}
	if after.ResourceVersion != theirs.ResourceVersion {
		t.Fatalf("lbo modified a Service it does not own: resourceVersion %s -> %s", theirs.ResourceVersion, after.ResourceVersion)
	}
}

// fakeWatchClient lets the interceptor wrap the manager's client, which does
// not watch; the reconciler never does.
type fakeWatchClient struct{ client.Client }

func (fakeWatchClient) Watch(context.Context, client.ObjectList, ...client.ListOption) (watch.Interface, error) {
	return nil, errors.New("watch is not supported here")
}
