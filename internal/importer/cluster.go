package importer

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// List reads the Ingresses and Services of a namespace (every namespace
// when it is empty) for Import.
func List(ctx context.Context, c client.Reader, namespace string) ([]client.Object, error) {
	var ingresses networkingv1.IngressList
	if err := c.List(ctx, &ingresses, client.InNamespace(namespace)); err != nil {
		return nil, fmt.Errorf("listing Ingresses: %w", err)
	}
	var services corev1.ServiceList
	if err := c.List(ctx, &services, client.InNamespace(namespace)); err != nil {
		return nil, fmt.Errorf("listing Services: %w", err)
	}
	var objs []client.Object
	for i := range ingresses.Items {
		objs = append(objs, &ingresses.Items[i])
	}
	for i := range services.Items {
		objs = append(objs, &services.Items[i])
	}
	return objs, nil
}
