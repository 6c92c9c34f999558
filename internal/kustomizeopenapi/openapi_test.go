package kustomizeopenapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/lbo-dev/lbo/config"
	"github.com/lbo-dev/lbo/internal/kustomizeopenapi"
)

// The shipped copies are what the CRD gives today (make manifests rewrites
// them).
func TestCommittedCopiesAreCurrent(t *testing.T) {
	want, err := kustomizeopenapi.FromCRD(config.LoadBalancerCRD)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"../../config/openapi/loadbalancer.json", "../../examples/base/loadbalancer.openapi.json"} {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the CRD gives; run make manifests", path)
		}
	}
}

// The keyed lists of the spec carry the patch extensions kustomize reads, on
// the definition it finds by group, version and kind.
func TestKeyedListsMergeByName(t *testing.T) {
	data, err := kustomizeopenapi.FromCRD(config.LoadBalancerCRD)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Definitions map[string]schema `json:"definitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	def, ok := doc.Definitions["dev.lbo.networking.v1alpha1.LoadBalancer"]
	if !ok {
		t.Fatalf("no LoadBalancer definition in %v", doc.Definitions)
	}
	if len(def.GVK) != 1 || def.GVK[0]["group"] != "networking.lbo.dev" || def.GVK[0]["kind"] != "LoadBalancer" {
		t.Errorf("x-kubernetes-group-version-kind %v", def.GVK)
	}
	spec := def.Properties["spec"]
	for path, s := range map[string]schema{
		"spec.listeners":    spec.Properties["listeners"],
		"spec.rules":        spec.Properties["rules"],
		"spec.targetGroups": spec.Properties["targetGroups"],
		"spec.rules[].action.forward.targetGroups": spec.Properties["rules"].Items.Properties["action"].Properties["forward"].Properties["targetGroups"],
	} {
		if s.Strategy != "merge" || s.MergeKey != "name" {
			t.Errorf("%s: patch strategy %q, merge key %q; want merge on name", path, s.Strategy, s.MergeKey)
		}
	}
	// Atomic and set lists (hosts, paths) are replaced by a patch that gives
	// them: an overlay states the whole list it wants.
	conditions := spec.Properties["rules"].Items.Properties["conditions"]
	for _, f := range []string{"hosts", "paths"} {
		if s := conditions.Properties[f]; s.Strategy != "" {
			t.Errorf("spec.rules[].conditions.%s has patch strategy %q; want none", f, s.Strategy)
		}
	}
}

type schema struct {
	Properties map[string]schema `json:"properties"`
	Items      *schema           `json:"items"`
	Strategy   string            `json:"x-kubernetes-patch-strategy"`
	MergeKey   string            `json:"x-kubernetes-patch-merge-key"`
	GVK        []map[string]any  `json:"x-kubernetes-group-version-kind"`
}
