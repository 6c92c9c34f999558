// Package kustomizeopenapi turns a CRD's schema into the OpenAPI document
// kustomize reads from a kustomization's `openapi: path:` field, so that
// strategic merge patches address the CRD's keyed lists by key instead of
// replacing them.
//
// kustomize does not read a CRD's x-kubernetes-list-type and
// x-kubernetes-list-map-keys; it reads the patch extensions of the Kubernetes
// OpenAPI (swagger 2.0) document, as kubectl does for built-in kinds:
// x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key on a list, and
// x-kubernetes-group-version-kind on the definition of a kind.
package kustomizeopenapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

// FromCRD returns the kustomize OpenAPI document for every served version of
// the CRD in data (YAML), as indented JSON ending in a newline.
//
// The document keeps only what merging needs: types, properties, items and
// the patch extensions. Every list of type map gets patch strategy merge on
// its keys; atomic and set lists, like scalars, are replaced by a patch.
func FromCRD(data []byte) ([]byte, error) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(data, &crd); err != nil {
		return nil, fmt.Errorf("decoding CRD: %w", err)
	}
	definitions := map[string]any{}
	paths := map[string]any{}
	for _, v := range crd.Spec.Versions {
		if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			continue
		}
		gvk := []any{map[string]any{"group": crd.Spec.Group, "version": v.Name, "kind": crd.Spec.Names.Kind}}
		def := convert(v.Schema.OpenAPIV3Schema)
		def["x-kubernetes-group-version-kind"] = gvk
		definitions[definitionName(crd.Spec.Group, v.Name, crd.Spec.Names.Kind)] = def

		// kustomize learns whether a kind is namespaced from the paths of its
		// GET operation, as in the API server's document.
		path := "/apis/" + crd.Spec.Group + "/" + v.Name + "/"
		if crd.Spec.Scope == apiextensionsv1.NamespaceScoped {
			path += "namespaces/{namespace}/"
		}
		path += crd.Spec.Names.Plural + "/{name}"
		paths[path] = map[string]any{"get": map[string]any{
			"x-kubernetes-group-version-kind": gvk[0],
			"responses":                       map[string]any{"200": map[string]any{"description": "OK"}},
		}}
	}
	if len(definitions) == 0 {
		return nil, fmt.Errorf("CRD %s has no served version with a schema", crd.Name)
	}
	doc := map[string]any{
		"swagger":     "2.0",
		"info":        map[string]any{"title": crd.Name + " for kustomize (generated from the CRD by hack/generate; do not edit)", "version": "v1"},
		"paths":       paths,
		"definitions": definitions,
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// definitionName follows the API server's naming: the reversed group, the
// version and the kind, as in io.k8s.api.apps.v1.Deployment.
func definitionName(group, version, kind string) string {
	parts := strings.Split(group, ".")
	slices.Reverse(parts)
	return strings.Join(parts, ".") + "." + version + "." + kind
}

// convert keeps the structure of s and adds the patch extensions to its
// lists of type map.
func convert(s *apiextensionsv1.JSONSchemaProps) map[string]any {
	out := map[string]any{}
	if s.Type != "" {
		out["type"] = s.Type
	}
	if s.XIntOrString {
		out["x-kubernetes-int-or-string"] = true
	}
	if len(s.Properties) > 0 {
		props := map[string]any{}
		for name, p := range s.Properties {
			props[name] = convert(&p)
		}
		out["properties"] = props
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		out["additionalProperties"] = convert(s.AdditionalProperties.Schema)
	}
	if s.Items != nil && s.Items.Schema != nil {
		out["items"] = convert(s.Items.Schema)
	}
	if s.XListType != nil && *s.XListType == "map" && len(s.XListMapKeys) > 0 {
		out["x-kubernetes-patch-strategy"] = "merge"
		out["x-kubernetes-patch-merge-key"] = s.XListMapKeys[0]
		if len(s.XListMapKeys) > 1 {
			out["x-kubernetes-list-map-keys"] = s.XListMapKeys
		}
	}
	return out
}
