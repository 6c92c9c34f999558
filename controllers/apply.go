package controllers

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	networkingv1ac "k8s.io/client-go/applyconfigurations/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// desiredFields is a desired child as the fields lbo applies: the typed
// object without the empty status and creation timestamp it carries.
func desiredFields(obj client.Object) (map[string]any, error) {
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("converting %s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
	}
	delete(u, "status")
	unstructured.RemoveNestedField(u, "metadata", "creationTimestamp")
	return u, nil
}

// applyConfiguration is the server-side apply request body for a desired child.
func applyConfiguration(obj client.Object) (runtime.ApplyConfiguration, error) {
	u, err := desiredFields(obj)
	if err != nil {
		return nil, err
	}
	return client.ApplyConfigurationFromUnstructured(&unstructured.Unstructured{Object: u}), nil
}

// upToDate tells whether the fields lbo's field manager owns in live hold
// exactly the desired values. A field someone else changed is no longer
// owned by lbo (server-side apply moves it to the other manager), so a
// manual edit shows up here as a difference and is applied over.
func upToDate(live, desired client.Object) (bool, error) {
	var managed any
	var err error
	switch obj := live.(type) {
	case *corev1.Service:
		managed, err = corev1ac.ExtractService(obj, lbov1.FieldManager)
	case *networkingv1.Ingress:
		managed, err = networkingv1ac.ExtractIngress(obj, lbov1.FieldManager)
	default:
		return false, fmt.Errorf("lbo does not manage objects of type %T", live)
	}
	if err != nil {
		return false, fmt.Errorf("reading the fields lbo manages in %s: %w", live.GetName(), err)
	}
	data, err := json.Marshal(managed)
	if err != nil {
		return false, err
	}
	var have map[string]any
	if err := utiljson.Unmarshal(data, &have); err != nil {
		return false, err
	}
	want, err := desiredFields(desired)
	if err != nil {
		return false, err
	}
	return equality.Semantic.DeepEqual(have, want), nil
}
