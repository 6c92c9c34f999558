package controllers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/source"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The AWS Load Balancer Controller's TargetGroupBindings, which lbo makes
// for the target groups AWS has that register a backend's targets: lbo
// reads them as unstructured objects (it does not depend on the
// controller's Go module), from a cache of their own, restricted to lbo's.
// Their CRD is the controller's: when the cluster has none as lbo starts,
// lbo watches none, and a LoadBalancer that needs one is told so.

// bindingKind is the kind of a TargetGroupBinding among a LoadBalancer's
// children.
const bindingKind = "TargetGroupBinding"

// errNoBindingAPI is why a LoadBalancer that needs a TargetGroupBinding is
// refused when lbo found no TargetGroupBinding CRD as it started.
var errNoBindingAPI = errors.New("the cluster had no TargetGroupBinding API (elbv2.k8s.aws/v1beta1, the AWS Load Balancer Controller's CRD) when lbo started; " +
	"a target group with existing and a backend needs it: install the controller's CRDs; lbo starts again by itself within a minute to watch them (restart it if it runs outside the cluster)")

// isBinding tells whether obj is a TargetGroupBinding.
func isBinding(obj client.Object) bool {
	return obj.GetObjectKind().GroupVersionKind() == lbc.TargetGroupBindingGVK
}

// newBinding is an empty TargetGroupBinding, for reads.
func newBinding() *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(lbc.TargetGroupBindingGVK)
	return u
}

// newBindingList is an empty list of TargetGroupBindings.
func newBindingList() *unstructured.UnstructuredList {
	l := &unstructured.UnstructuredList{}
	l.SetGroupVersionKind(lbc.TargetGroupBindingGVK.GroupVersion().WithKind(bindingKind + "List"))
	return l
}

// setupBindings makes the cache of lbo's TargetGroupBindings, when the
// cluster has their CRD, and returns the source that queues a binding's
// LoadBalancer when the binding changes or goes (nil without the CRD).
func (r *LoadBalancerReconciler) setupBindings(mgr ctrl.Manager) (source.Source, error) {
	_, err := mgr.GetRESTMapper().RESTMapping(lbc.TargetGroupBindingGVK.GroupKind(), lbc.TargetGroupBindingGVK.Version)
	if meta.IsNoMatchError(err) {
		ctrl.Log.WithName("setup").Info("the cluster has no TargetGroupBinding CRD: LoadBalancers that register targets in target groups AWS has are refused until it is installed (lbo then starts again by itself)",
			"crd", lbc.TargetGroupBindingResource.GroupResource().String())
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("looking up the TargetGroupBinding API: %w", err)
	}
	c, err := cache.New(mgr.GetConfig(), cache.Options{
		Scheme:               mgr.GetScheme(),
		Mapper:               mgr.GetRESTMapper(),
		DefaultLabelSelector: labels.SelectorFromSet(labels.Set{lbov1.LabelManagedBy: lbov1.ManagedByValue}),
	})
	if err != nil {
		return nil, fmt.Errorf("making the cache of TargetGroupBindings: %w", err)
	}
	err = c.IndexField(context.Background(), newBinding(), childOf, func(obj client.Object) []string {
		return nonEmpty(obj.GetLabels()[lbov1.LabelLoadBalancer])
	})
	if err != nil {
		return nil, err
	}
	if err := mgr.Add(c); err != nil {
		return nil, err
	}
	r.Bindings = c
	// As for the other children, a binding appearing is lbo's own apply;
	// a change (the controller's status among them) or a deletion queues
	// its LoadBalancer.
	return source.Kind[client.Object](c, newBinding(),
		handler.EnqueueRequestForOwner(mgr.GetScheme(), mgr.GetRESTMapper(), &lbov1.LoadBalancer{}, handler.OnlyControllerOwner()),
		predicate.Funcs{CreateFunc: func(event.CreateEvent) bool { return false }}), nil
}

// carryDefaulted returns want with the fields the controller's webhook
// filled in on have (lbc.BindingDefaultedFields) that want leaves out, as
// have has them: they are facts of the target group, which an apply must
// not remove (the webhook refuses that). want itself is not changed.
func carryDefaulted(want, have client.Object) client.Object {
	w, ok := want.(*unstructured.Unstructured)
	h, ok2 := have.(*unstructured.Unstructured)
	if !ok || !ok2 || !isBinding(want) {
		return want
	}
	out := w.DeepCopy()
	for _, f := range lbc.BindingDefaultedFields {
		if _, set, _ := unstructured.NestedFieldNoCopy(out.Object, "spec", f); set {
			continue
		}
		if v, set, _ := unstructured.NestedFieldCopy(h.Object, "spec", f); set {
			_ = unstructured.SetNestedField(out.Object, v, "spec", f)
		}
	}
	return out
}

// bindingUpToDate tells whether the fields lbo's field manager owns in the
// binding live are exactly the desired ones, with the desired values: what
// upToDate does for Services and Ingresses from their Go types, done here
// from the field set of lbo's apply, as the binding has no Go type in lbo.
// The owner reference is checked apart: its entry in the field set is keyed
// by UID.
func bindingUpToDate(live *unstructured.Unstructured, desired client.Object) (bool, error) {
	want, err := desiredFields(desired)
	if err != nil {
		return false, err
	}
	var owned *fieldpath.Set
	for _, mf := range live.GetManagedFields() {
		if mf.Manager == lbov1.FieldManager && mf.Operation == metav1.ManagedFieldsOperationApply && mf.Subresource == "" && mf.FieldsV1 != nil {
			owned = &fieldpath.Set{}
			if err := owned.FromJSON(bytes.NewReader(mf.FieldsV1.Raw)); err != nil {
				return false, fmt.Errorf("reading the fields lbo manages in TargetGroupBinding %s: %w", live.GetName(), err)
			}
		}
	}
	if owned == nil {
		return false, nil
	}
	have := &fieldpath.Set{}
	owned.Leaves().Iterate(func(p fieldpath.Path) {
		if !skippedPath(p) {
			have.Insert(p)
		}
	})
	wanted := &fieldpath.Set{}
	same := true
	var walk func(prefix []any, v any)
	walk = func(prefix []any, v any) {
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			for k, c := range m {
				walk(append(append([]any{}, prefix...), k), c)
			}
			return
		}
		p := fieldpath.MakePathOrDie(prefix...)
		if skippedPath(p) {
			return
		}
		wanted.Insert(p)
		keys := make([]string, len(prefix))
		for i, k := range prefix {
			keys[i] = k.(string)
		}
		if got, found, _ := unstructured.NestedFieldNoCopy(live.Object, keys...); !found || !reflect.DeepEqual(got, v) {
			same = false
		}
	}
	walk(nil, want)
	if !same || !have.Equals(wanted) {
		return false, nil
	}
	for _, ref := range desired.GetOwnerReferences() {
		if !metav1.IsControlledBy(live, &metav1.ObjectMeta{UID: ref.UID}) {
			return false, nil
		}
	}
	return true, nil
}

// skippedPath tells whether bindingUpToDate leaves p out of the comparison:
// the object's identity, which an apply names but does not own, and the
// owner references, compared apart.
func skippedPath(p fieldpath.Path) bool {
	if len(p) == 0 || p[0].FieldName == nil {
		return true
	}
	switch *p[0].FieldName {
	case "apiVersion", "kind", "status":
		return true
	case "metadata":
		if len(p) < 2 || p[1].FieldName == nil {
			return true
		}
		switch *p[1].FieldName {
		case "name", "namespace", "ownerReferences", "creationTimestamp":
			return true
		}
	}
	return false
}

// bindingRegistered tells whether the controller registered the targets of
// the binding's current spec: it sets status.observedGeneration once it has
// (and no condition then).
func bindingRegistered(obj client.Object) bool {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return false
	}
	gen, found, _ := unstructured.NestedInt64(u.Object, "status", "observedGeneration")
	return found && gen == u.GetGeneration()
}

// bindingARN is the ARN of the target group the binding registers targets
// in: the one it names, or the one the controller's webhook looked up by
// name.
func bindingARN(obj client.Object) string {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return ""
	}
	arn, _, _ := unstructured.NestedString(u.Object, "spec", "targetGroupARN")
	return arn
}
