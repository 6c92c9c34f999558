package config_test

import (
	"context"
	"testing"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/config"
)

// TestCRDIsAcceptedByTheAPIServer validates the LoadBalancer CRD as the API
// server does when it is created, the estimated cost of its CEL rules and
// messages included: lbo render and the golden tests run the rules offline
// and would not notice a CRD the API server refuses to install.
func TestCRDIsAcceptedByTheAPIServer(t *testing.T) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(config.LoadBalancerCRD, &crd); err != nil {
		t.Fatal(err)
	}
	// The API server sets storedVersions; a file does not.
	crd.Status.StoredVersions = []string{crd.Spec.Versions[0].Name}
	var internal apiextensions.CustomResourceDefinition
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(&crd, &internal, nil); err != nil {
		t.Fatal(err)
	}
	for _, err := range validation.ValidateCustomResourceDefinition(context.Background(), &internal) {
		t.Error(err)
	}
}
