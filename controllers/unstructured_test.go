package controllers

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/gateway"
	"github.com/lbo-dev/lbo/internal/jsonvalue"
)

// TestGatewayUpToDate: a Gateway backend child is up to date when lbo's
// desired object has not changed since its last apply (the hash), nobody
// changed a value, and lbo still owns every field it applies, whatever
// defaults the API server added inside the lists it owns whole.
func TestGatewayUpToDate(t *testing.T) {
	desired := func() *unstructured.Unstructured {
		u := &unstructured.Unstructured{Object: map[string]any{
			"metadata": map[string]any{"name": "web", "namespace": "shop", "labels": map[string]any{lbov1.LabelLoadBalancer: "web"}},
			"spec": map[string]any{
				"scheme":                 "internet-facing",
				"listenerConfigurations": []any{map[string]any{"protocolPort": "HTTPS:443", "sslPolicy": "P"}},
				"tags":                   map[string]any{"a": "1"},
			},
		}}
		u.SetGroupVersionKind(gateway.LoadBalancerConfigurationGVK)
		return u
	}
	const lboOwns = `{"f:metadata":{"f:annotations":{"f:` + lbov1.AnnotationDesiredHash + `":{}},"f:labels":{"f:` + lbov1.LabelLoadBalancer + `":{}}},` +
		`"f:spec":{"f:scheme":{},"f:listenerConfigurations":{},"f:tags":{"f:a":{}}}}`
	// applied is desired as the API server holds it after lbo applied it:
	// with the hash, lbo's fields, and a default inside the atomic list.
	applied := func(owns string) *unstructured.Unstructured {
		u := desired()
		want, err := desiredFields(u)
		if err != nil {
			t.Fatal(err)
		}
		u.SetAnnotations(map[string]string{lbov1.AnnotationDesiredHash: desiredHash(want)})
		u.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: lbov1.FieldManager, Operation: metav1.ManagedFieldsOperationApply, FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(owns)}}})
		ls := u.Object["spec"].(map[string]any)["listenerConfigurations"].([]any)
		ls[0].(map[string]any)["defaulted"] = true
		return u
	}
	cases := []struct {
		name    string
		live    func() *unstructured.Unstructured
		desired func() *unstructured.Unstructured
		want    bool
	}{
		{"as applied, with the server's defaults", func() *unstructured.Unstructured { return applied(lboOwns) }, desired, true},
		{"a field dropped inside a list item", func() *unstructured.Unstructured { return applied(lboOwns) }, func() *unstructured.Unstructured {
			u := desired()
			delete(u.Object["spec"].(map[string]any)["listenerConfigurations"].([]any)[0].(map[string]any), "sslPolicy")
			return u
		}, false},
		{"a value changed by someone else", func() *unstructured.Unstructured {
			u := applied(lboOwns)
			u.Object["spec"].(map[string]any)["scheme"] = "internal"
			return u
		}, desired, false},
		{"a list lbo owns whole taken over by someone else", func() *unstructured.Unstructured {
			return applied(`{"f:metadata":{"f:annotations":{"f:` + lbov1.AnnotationDesiredHash + `":{}},"f:labels":{"f:` + lbov1.LabelLoadBalancer + `":{}}},"f:spec":{"f:scheme":{},"f:tags":{"f:a":{}}}}`)
		}, desired, false},
		{"a field lbo owns that it no longer applies", func() *unstructured.Unstructured {
			return applied(`{"f:metadata":{"f:annotations":{"f:` + lbov1.AnnotationDesiredHash + `":{}},"f:labels":{"f:` + lbov1.LabelLoadBalancer + `":{}}},"f:spec":{"f:scheme":{},"f:listenerConfigurations":{},"f:tags":{"f:a":{},"f:b":{}}}}`)
		}, desired, false},
		{"never applied by lbo", func() *unstructured.Unstructured {
			u := applied(lboOwns)
			u.SetAnnotations(nil)
			return u
		}, desired, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := gatewayUpToDate(c.live(), c.desired())
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("up to date: %v, want %v", got, c.want)
			}
		})
	}
	// The desired object is left as it was: apply adds the hash to a copy.
	d := desired()
	before := runtime.DeepCopyJSON(d.Object)
	if _, err := gatewayUpToDate(applied(lboOwns), d); err != nil {
		t.Fatal(err)
	}
	if u, _ := desiredFields(d); u != nil {
		u["metadata"].(map[string]any)["annotations"] = map[string]any{"x": "y"}
	}
	if !equalJSON(before, d.Object) {
		t.Errorf("the desired object was changed: %v", d.Object)
	}
}

func equalJSON(a, b map[string]any) bool { return jsonvalue.Holds(a, b) && jsonvalue.Holds(b, a) }
