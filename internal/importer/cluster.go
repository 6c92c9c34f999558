package importer

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/lbo-dev/lbo/internal/lbc"
)

// List reads the Ingresses, Services and TargetGroupBindings of a namespace
// (every namespace when it is empty) for Import. Without the AWS Load
// Balancer Controller's CRD there are no bindings to read.
func List(ctx context.Context, c client.Reader, namespace string) ([]client.Object, error) {
	var ingresses networkingv1.IngressList
	if err := c.List(ctx, &ingresses, client.InNamespace(namespace)); err != nil {
		return nil, fmt.Errorf("listing Ingresses: %w", err)
	}
	var services corev1.ServiceList
	if err := c.List(ctx, &services, client.InNamespace(namespace)); err != nil {
		return nil, fmt.Errorf("listing Services: %w", err)
	}
	var bindings unstructured.UnstructuredList
	bindings.SetGroupVersionKind(lbc.TargetGroupBindingGVK.GroupVersion().WithKind(lbc.TargetGroupBindingGVK.Kind + "List"))
	if err := c.List(ctx, &bindings, client.InNamespace(namespace)); err != nil && !meta.IsNoMatchError(err) {
		return nil, fmt.Errorf("listing TargetGroupBindings: %w", err)
	}
	var objs []client.Object
	for i := range bindings.Items {
		objs = append(objs, &bindings.Items[i])
	}
	for i := range ingresses.Items {
		objs = append(objs, &ingresses.Items[i])
	}
	for i := range services.Items {
		objs = append(objs, &services.Items[i])
	}
	return objs, nil
}
