package importer

import (
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/lbo-dev/lbo/internal/lbc"
)

// Decode reads the Services, Ingresses and TargetGroupBindings in a stream of
// YAML or JSON documents, including those in a List (kubectl get -o yaml).
// Other kinds are skipped.
func Decode(r io.Reader) ([]client.Object, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(r, 4096)
	var objs []client.Object
	for doc := 1; ; doc++ {
		var u unstructured.Unstructured
		if err := dec.Decode(&u.Object); errors.Is(err, io.EOF) {
			return objs, nil
		} else if err != nil {
			return nil, fmt.Errorf("document %d: %w", doc, err)
		}
		if u.Object == nil {
			continue
		}
		items := []unstructured.Unstructured{u}
		if u.IsList() {
			list, err := u.ToList()
			if err != nil {
				return nil, fmt.Errorf("document %d: %w", doc, err)
			}
			items = list.Items
		}
		for _, item := range items {
			obj, err := typed(item)
			if err != nil {
				return nil, fmt.Errorf("document %d: %s %s: %w", doc, item.GetKind(), item.GetName(), err)
			}
			if obj != nil {
				objs = append(objs, obj)
			}
		}
	}
}

// typed converts a Service or an Ingress to its Go type, strictly: a field
// the type does not know is an error rather than lost.
func typed(u unstructured.Unstructured) (client.Object, error) {
	var obj client.Object
	switch u.GroupVersionKind() {
	case corev1.SchemeGroupVersion.WithKind("Service"):
		obj = &corev1.Service{}
	case networkingv1.SchemeGroupVersion.WithKind("Ingress"):
		obj = &networkingv1.Ingress{}
	case lbc.TargetGroupBindingGVK:
		// The importer reads the fields it knows and names the others.
		return &u, nil
	default:
		return nil, nil
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(u.Object, obj, true); err != nil {
		return nil, err
	}
	return obj, nil
}
