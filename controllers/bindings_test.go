package controllers

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/typed"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
)

// A binding is up to date when the fields lbo's apply owns are exactly the
// desired ones, with their values; the webhook's defaults, which an apply
// must keep, are carried from the live binding.
func TestBindingUpToDate(t *testing.T) {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: "ns", UID: "u1"}, Spec: lbov1.LoadBalancerSpec{
		Layer: lbov1.LayerExternal, TargetType: lbov1.TargetTypeInstance, TargetNodeLabels: map[string]lbov1.LabelValue{"pool": "a"},
		TargetGroups: []lbov1.TargetGroup{{Name: "web", Existing: &lbov1.ExistingTargetGroup{Name: "web"},
			Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "web", Port: 80}}}}}}
	var desired *unstructured.Unstructured
	for _, obj := range expand.LoadBalancer(lb).Objects {
		if isBinding(obj) {
			desired = obj.(*unstructured.Unstructured)
		}
	}
	// live is desired as the API server stores it, with the fields lbo's
	// apply of applied owns.
	live := func(applied *unstructured.Unstructured, edit func(u *unstructured.Unstructured)) *unstructured.Unstructured {
		u := applied.DeepCopy()
		tv, err := typed.DeducedParseableType.FromUnstructured(u.Object)
		if err != nil {
			t.Fatal(err)
		}
		set, err := tv.ToFieldSet()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := set.ToJSON()
		if err != nil {
			t.Fatal(err)
		}
		u.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: lbov1.FieldManager, Operation: metav1.ManagedFieldsOperationApply,
			FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: raw}}})
		if edit != nil {
			edit(u)
		}
		return u
	}
	check := func(name string, have *unstructured.Unstructured, want bool) {
		t.Helper()
		got, err := upToDate(have, carryDefaulted(desired, have))
		if err != nil || got != want {
			t.Errorf("%s: up to date %v (%v), want %v", name, got, err, want)
		}
	}
	check("as applied", live(desired, nil), true)
	check("another node label", live(desired, func(u *unstructured.Unstructured) {
		_ = unstructured.SetNestedField(u.Object, "b", "spec", "nodeSelector", "matchLabels", "pool")
	}), false)
	check("another port", live(desired, func(u *unstructured.Unstructured) {
		_ = unstructured.SetNestedField(u.Object, int64(81), "spec", "serviceRef", "port")
	}), false)
	check("not lbo's", live(desired, func(u *unstructured.Unstructured) { u.SetManagedFields(nil) }), false)
	check("controlled by another", live(desired, func(u *unstructured.Unstructured) {
		u.SetOwnerReferences([]metav1.OwnerReference{{UID: "u2", Controller: ptr.To(true)}})
	}), false)

	// The webhook's defaults on lbo's apply, counted as lbo's fields: kept.
	defaulted := desired.DeepCopy()
	_ = unstructured.SetNestedField(defaulted.Object, "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef", "spec", "targetGroupARN")
	_ = unstructured.SetNestedField(defaulted.Object, "vpc-0123456789abcdef0", "spec", "vpcID")
	check("with the webhook's defaults as lbo's", live(defaulted, nil), true)
	// ...or as nobody's: lbo applies them once, then owns them too.
	check("with the webhook's defaults as nobody's", live(desired, func(u *unstructured.Unstructured) {
		_ = unstructured.SetNestedField(u.Object, "vpc-0123456789abcdef0", "spec", "vpcID")
	}), false)
	// A field lbo owns and no longer wants: not up to date (the apply
	// removes it).
	extra := desired.DeepCopy()
	_ = unstructured.SetNestedField(extra.Object, true, "spec", "multiClusterTargetGroup")
	check("a field lbo no longer sets", live(extra, nil), false)
}
