package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/itchyny/gojq"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/internal/render"
)

// What a GitOps tool sees: a LoadBalancer applied from Git with server-side
// apply is stored with the CRD's defaults filled in. The stored spec differs
// from the file only in the defaulted fields listed here, which
// docs/gitops.md lists too; the example overlay writes every default out and
// differs in none. A server-side dry run of the same file (Argo CD's
// server-side diff) predicts exactly what is stored: no diff.
func TestAppliedSpecDiffersOnlyInDefaults(t *testing.T) {
	prod, err := render.Kustomize(filesys.MakeFsOnDisk(), "../../examples/overlays/prod")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		manifest  []byte
		defaulted []string
	}{
		{"examples/overlays/prod", prod, nil},
		{"config/samples/nginx-nlb.yaml", readFile(t, samples+"/nginx-nlb.yaml"), nil},
		{"config/samples/game-2048-alb.yaml", readFile(t, samples+"/game-2048-alb.yaml"), nil},
		{"config/samples/shop-alb.yaml", readFile(t, samples+"/shop-alb.yaml"), []string{
			".spec.listeners[0].defaultAction.fixedResponse.contentType = text/plain",
			".spec.targetType = ip",
		}},
		// Every default the CRD has, each left out.
		{"every default", []byte(`apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
metadata: {name: weights}
spec:
  layer: L7
  listeners: [{name: http, port: 80, protocol: HTTP, defaultAction: {forward: {targetGroups: [{name: a}, {name: b}]}}}]
  rules: [{name: r, conditions: {paths: [{path: /r}]}, action: {redirect: {scheme: HTTPS}}}]
  targetGroups: [{name: a, backend: {service: {name: a, port: 80}}}, {name: b, backend: {service: {name: b, port: 80}}}]
`), []string{
			".spec.listeners[0].defaultAction.forward.targetGroups[0].weight = 1",
			".spec.listeners[0].defaultAction.forward.targetGroups[1].weight = 1",
			".spec.rules[0].action.redirect.statusCode = 301",
			".spec.rules[0].conditions.paths[0].type = Prefix",
			".spec.scheme = internal",
			".spec.targetType = ip",
		}},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			desired := &unstructured.Unstructured{}
			if err := yaml.Unmarshal(c.manifest, &desired.Object); err != nil {
				t.Fatal(err)
			}
			desired.SetNamespace(newNamespace(t))
			applied := desired.DeepCopy()
			if err := k8s.Patch(ctx, applied, client.Apply, client.FieldOwner("argocd-controller"), client.ForceOwnership); err != nil {
				t.Fatal(err)
			}
			stored := &unstructured.Unstructured{}
			stored.SetGroupVersionKind(desired.GroupVersionKind())
			if err := k8s.Get(ctx, client.ObjectKeyFromObject(desired), stored); err != nil {
				t.Fatal(err)
			}
			got := defaultedFields(t, ".spec", jsonValue(t, desired.Object["spec"]), jsonValue(t, stored.Object["spec"]))
			sort.Strings(got)
			if !slices.Equal(got, c.defaulted) {
				t.Errorf("the stored spec differs from the file in\n  %v\nwant\n  %v", got, c.defaulted)
			}

			// Argo CD's ignoreDifferences of docs/gitops.md (jq path
			// expressions, which Argo CD deletes from both sides with gojq)
			// leave nothing to compare.
			if a, b := ignoreDefaults(t, desired.Object), ignoreDefaults(t, stored.Object); !reflect.DeepEqual(jsonValue(t, a["spec"]), jsonValue(t, b["spec"])) {
				t.Errorf("with the documented ignoreDifferences, the file's spec\n%v\nstill differs from the stored\n%v", a["spec"], b["spec"])
			}

			dryRun := desired.DeepCopy()
			if err := k8s.Patch(ctx, dryRun, client.Apply, client.FieldOwner("argocd-controller"), client.ForceOwnership, client.DryRunAll); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(dryRun.Object["spec"], stored.Object["spec"]) {
				t.Errorf("a server-side dry run of the file predicts\n%v\nbut the API server stores\n%v", dryRun.Object["spec"], stored.Object["spec"])
			}
		})
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// jsonValue normalizes v as the API server's JSON gives it.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	data, err := utiljson.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := utiljson.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// defaultedFields lists, as path = value, what stored has that desired has
// not; a value that differs fails the test, since only defaulting may add.
func defaultedFields(t *testing.T, path string, desired, stored any) []string {
	t.Helper()
	switch s := stored.(type) {
	case map[string]any:
		d, ok := desired.(map[string]any)
		if !ok {
			t.Errorf("%s: stored %v, file %v", path, stored, desired)
			return nil
		}
		var out []string
		for k, v := range s {
			if dv, ok := d[k]; ok {
				out = append(out, defaultedFields(t, path+"."+k, dv, v)...)
			} else {
				out = append(out, fmt.Sprintf("%s.%s = %v", path, k, v))
			}
		}
		for k := range d {
			if _, ok := s[k]; !ok {
				t.Errorf("%s.%s is in the file but not stored", path, k)
			}
		}
		return out
	case []any:
		d, ok := desired.([]any)
		if !ok || len(d) != len(s) {
			t.Errorf("%s: stored %v, file %v", path, stored, desired)
			return nil
		}
		var out []string
		for i := range s {
			out = append(out, defaultedFields(t, fmt.Sprintf("%s[%d]", path, i), d[i], s[i])...)
		}
		return out
	default:
		if !reflect.DeepEqual(desired, stored) {
			t.Errorf("%s: stored %v, file %v", path, stored, desired)
		}
		return nil
	}
}

// argoIgnoreDefaults are the jqPathExpressions docs/gitops.md gives for
// Argo CD's ignoreDifferences.
var argoIgnoreDefaults = []string{
	".spec.scheme",
	".spec.targetType",
	".spec.rules[]?.conditions.paths[]?.type",
	`.. | objects | select(has("fixedResponse")) | .fixedResponse.contentType`,
	`.. | objects | select(has("redirect")) | .redirect.statusCode`,
	`.. | objects | select(has("forward")) | .forward.targetGroups[]?.weight`,
}

// ignoreDefaults deletes what argoIgnoreDefaults select, as Argo CD's jq
// normalizer does.
func ignoreDefaults(t *testing.T, obj map[string]any) map[string]any {
	t.Helper()
	// As plain JSON values: gojq takes float64 numbers, not int64.
	data, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	for _, expr := range argoIgnoreDefaults {
		q, err := gojq.Parse("del(" + expr + ")")
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		out, ok := q.Run(v).Next()
		if !ok {
			t.Fatalf("%s gave nothing", expr)
		}
		if err, isErr := out.(error); isErr {
			t.Fatalf("%s: %v", expr, err)
		}
		v = out
	}
	return v.(map[string]any)
}
