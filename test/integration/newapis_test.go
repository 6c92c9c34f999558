package integration

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/lbo-dev/lbo/controllers"
)

// TestNewAPIsNoticesAKindInstalledAfterStart: lbo decides at start what it
// watches, and stops to start again when the cluster begins to serve a kind
// it looked for and did not find (the Gateway API's, the AWS Load Balancer
// Controller's CRDs installed after lbo). A kind of its own stands in for
// them here, so that the other tests keep a control plane without them.
func TestNewAPIsNoticesAKindInstalledAfterStart(t *testing.T) {
	gvk := schema.GroupVersionKind{Group: "newapis.test.lbo.dev", Version: "v1", Kind: "Widget"}
	n := &controllers.NewAPIs{
		Discovery: discovery.NewDiscoveryClientForConfigOrDie(restConfig),
		Missing:   []schema.GroupVersionKind{gvk},
		Every:     100 * time.Millisecond,
	}

	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if err := n.Start(ctx); err != nil {
		t.Fatalf("with the kind not served, Start returned %v; want it to run until stopped", err)
	}

	done := make(chan error, 1)
	go func() { done <- n.Start(t.Context()) }()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "widgets." + gvk.Group},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: gvk.Group,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "widgets", Singular: "widget", Kind: gvk.Kind, ListKind: gvk.Kind + "List"},
			Scope: apiextensionsv1.NamespaceScoped,
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: gvk.Version, Served: true, Storage: true,
				Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{Type: "object"}},
			}},
		},
	}
	opts := envtest.CRDInstallOptions{CRDs: []*apiextensionsv1.CustomResourceDefinition{crd}}
	if _, err := envtest.InstallCRDs(restConfig, opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := envtest.UninstallCRDs(restConfig, opts); err != nil {
			t.Error(err)
		}
	})
	select {
	case err := <-done:
		if !errors.Is(err, controllers.ErrNewAPI) || !strings.Contains(err.Error(), gvk.String()) {
			t.Fatalf("Start returned %v; want ErrNewAPI naming %s", err, gvk)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("Start did not notice %s within 30 s of its CRD being established", gvk)
	}
}
