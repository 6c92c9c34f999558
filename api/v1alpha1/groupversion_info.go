// Package v1alpha1 holds the LoadBalancer API: one typed, validated resource
// that lbo expands into the Services and Ingresses the AWS Load Balancer
// Controller turns into Network and Application Load Balancers.
//
// +kubebuilder:object:generate=true
// +groupName=networking.lbo.dev
package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/scheme"
)

var (
	// GroupVersion is the group and version of the LoadBalancer API.
	GroupVersion = schema.GroupVersion{Group: "networking.lbo.dev", Version: "v1alpha1"}

	// SchemeBuilder registers the API's types with a runtime.Scheme.
	SchemeBuilder = &scheme.Builder{GroupVersion: GroupVersion}

	// AddToScheme adds the API's types to a runtime.Scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
