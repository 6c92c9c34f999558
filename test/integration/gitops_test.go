package integration

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"testing"

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
