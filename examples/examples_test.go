// Package examples holds the kustomize example (a base LoadBalancer and its
// dev and prod overlays) and the Argo CD Applications; its tests build them
// as `kustomize build` and `kubectl kustomize` do.
package examples

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/render"
)

// build builds the kustomization in dir and returns its one LoadBalancer.
func build(t *testing.T, fsys filesys.FileSystem, dir string) *lbov1.LoadBalancer {
	t.Helper()
	out, err := render.Kustomize(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	lb := &lbov1.LoadBalancer{}
	if err := yaml.UnmarshalStrict(out, lb); err != nil {
		t.Fatalf("%s: %v\n%s", dir, err, out)
	}
	return lb
}

func listener(lb *lbov1.LoadBalancer, name string) *lbov1.Listener {
	for i := range lb.Spec.Listeners {
		if lb.Spec.Listeners[i].Name == name {
			return &lb.Spec.Listeners[i]
		}
	}
	return nil
}

func targetGroup(lb *lbov1.LoadBalancer, name string) *lbov1.TargetGroup {
	for i := range lb.Spec.TargetGroups {
		if lb.Spec.TargetGroups[i].Name == name {
			return &lb.Spec.TargetGroups[i]
		}
	}
	return nil
}

func names[T any](items []T, name func(T) string) []string {
	var out []string
	for _, i := range items {
		out = append(out, name(i))
	}
	return out
}

func ruleNames(lb *lbov1.LoadBalancer) []string {
	return names(lb.Spec.Rules, func(r lbov1.Rule) string { return r.Name })
}

// Each overlay changes one listener and one target group, named in its patch,
// and keeps every other listener, rule and target group as the base has
// them: the lists are merged by name, not replaced.
func TestOverlaysPatchOneListenerAndOneTargetGroupByName(t *testing.T) {
	disk := filesys.MakeFsOnDisk()
	base := build(t, disk, "base")
	cases := []struct {
		overlay, namespace, listener, targetGroup string
		// patch makes the expected listener and target group from the base's.
		patch  func(*lbov1.Listener, *lbov1.TargetGroup)
		scheme lbov1.Scheme
	}{{
		overlay: "overlays/dev", namespace: "shop-dev", listener: "https", targetGroup: "api", scheme: lbov1.SchemeInternal,
		patch: func(l *lbov1.Listener, tg *lbov1.TargetGroup) {
			l.TLS.CertificateARNs = []string{"arn:aws:acm:eu-west-1:111122223333:certificate/example-dev"}
			tg.HealthCheck.IntervalSeconds = 30
		},
	}, {
		overlay: "overlays/prod", namespace: "shop-prod", listener: "https", targetGroup: "frontend", scheme: lbov1.SchemeInternetFacing,
		patch: func(l *lbov1.Listener, tg *lbov1.TargetGroup) {
			l.TLS.CertificateARNs = []string{"arn:aws:acm:eu-west-1:111122223333:certificate/example-prod"}
			l.TLS.SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
			tg.HealthCheck.IntervalSeconds = 10
			tg.HealthCheck.HealthyThresholdCount = 3
		},
	}}
	for _, c := range cases {
		t.Run(c.overlay, func(t *testing.T) {
			got := build(t, disk, c.overlay)
			if got.Namespace != c.namespace || got.Spec.Scheme != c.scheme {
				t.Errorf("namespace %q, scheme %q; want %q, %q", got.Namespace, got.Spec.Scheme, c.namespace, c.scheme)
			}
			want := base.DeepCopy()
			c.patch(listener(want, c.listener), targetGroup(want, c.targetGroup))

			if len(got.Spec.Listeners) != len(want.Spec.Listeners) || len(got.Spec.TargetGroups) != len(want.Spec.TargetGroups) {
				t.Fatalf("listeners %v, target groups %v: the overlay replaced a list instead of merging by name",
					names(got.Spec.Listeners, func(l lbov1.Listener) string { return l.Name }),
					names(got.Spec.TargetGroups, func(tg lbov1.TargetGroup) string { return tg.Name }))
			}
			for _, w := range want.Spec.Listeners {
				if g := listener(got, w.Name); g == nil || !reflect.DeepEqual(*g, w) {
					t.Errorf("listener %s:\n got %+v\nwant %+v", w.Name, g, w)
				}
			}
			for _, w := range want.Spec.TargetGroups {
				if g := targetGroup(got, w.Name); g == nil || !reflect.DeepEqual(*g, w) {
					t.Errorf("target group %s:\n got %+v\nwant %+v", w.Name, g, w)
				}
			}
			if !reflect.DeepEqual(got.Spec.Rules, want.Spec.Rules) {
				t.Errorf("rules changed though the overlay does not patch them:\n got %+v\nwant %+v", got.Spec.Rules, want.Spec.Rules)
			}

			// What the overlay builds is a valid LoadBalancer that lbo renders.
			var out bytes.Buffer
			if err := render.KustomizeDir(context.Background(), c.overlay, &out); err != nil {
				t.Fatalf("lbo render -k %s: %v", c.overlay, err)
			}
			if !strings.Contains(out.String(), "kind: Ingress") || !strings.Contains(out.String(), "namespace: "+c.namespace) {
				t.Errorf("lbo render -k %s gave no Ingress in %s:\n%s", c.overlay, c.namespace, out.String())
			}
		})
	}
}

// memFS is the example base, with or without its openapi field, in memory,
// for overlays written by the tests.
func memFS(t *testing.T, withSchema bool, files map[string]string) filesys.FileSystem {
	t.Helper()
	fsys := filesys.MakeFsInMemory()
	for _, name := range []string{"loadbalancer.yaml", "loadbalancer.openapi.json", "kustomization.yaml"} {
		data, err := os.ReadFile("base/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if name == "kustomization.yaml" && !withSchema {
			data = []byte("resources:\n- loadbalancer.yaml\n")
		}
		if err := fsys.WriteFile("/base/"+name, data); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		if err := fsys.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

const overlay = `resources:
- ../base
patches:
- patch: |-
    apiVersion: networking.lbo.dev/v1alpha1
    kind: LoadBalancer
    metadata:
      name: web
    spec:
`

func indent(s string) string {
	return "      " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n      ") + "\n"
}

// Without the schema kustomize knows nothing of the keys and a patch replaces
// the whole list: the reason the base declares it.
func TestWithoutTheSchemaAPatchReplacesTheList(t *testing.T) {
	patch := indent(`
listeners:
- name: https
  tls:
    certificateARNs: [arn:aws:acm:eu-west-1:111122223333:certificate/x]`)
	with := build(t, memFS(t, true, map[string]string{"/o/kustomization.yaml": overlay + patch}), "/o")
	if len(with.Spec.Listeners) != 2 || listener(with, "https").Port != 443 {
		t.Errorf("with the schema: listeners %+v, want http and the patched https", with.Spec.Listeners)
	}
	without := build(t, memFS(t, false, map[string]string{"/o/kustomization.yaml": overlay + patch}), "/o")
	if len(without.Spec.Listeners) != 1 || without.Spec.Listeners[0].Port != 0 {
		t.Errorf("without the schema: listeners %+v; kustomize is expected to replace the list with the patch's (if it now merges, update docs/kustomize.md)", without.Spec.Listeners)
	}
}

// Rules are ordered (list order is priority), and kustomize puts the entries
// a strategic merge patch names first, in the patch's order. docs/kustomize.md
// tells users to name every rule, in order, when patching one; these cases
// pin that behaviour down.
func TestRulePatchesAndOrder(t *testing.T) {
	cases := []struct {
		name, patch string
		want        []string
		check       func(t *testing.T, lb *lbov1.LoadBalancer)
	}{{
		name: "patching the first rule keeps the order",
		patch: `
rules:
- name: api
  conditions:
    paths: [{path: /api/v2, type: Prefix}]`,
		want: []string{"api", "admin"},
		check: func(t *testing.T, lb *lbov1.LoadBalancer) {
			if p := lb.Spec.Rules[0].Conditions.Paths; len(p) != 1 || p[0].Path != "/api/v2" {
				t.Errorf("api's paths %+v: paths is atomic, the patch's list replaces the base's", p)
			}
			if lb.Spec.Rules[0].Action.Forward == nil {
				t.Error("the patch dropped api's action, which it does not mention")
			}
		},
	}, {
		name: "patching a later rule alone moves it first",
		patch: `
rules:
- name: admin
  conditions:
    paths: [{path: /internal, type: Prefix}]`,
		want: []string{"admin", "api"},
	}, {
		name: "naming every rule in order keeps the order",
		patch: `
rules:
- name: api
- name: admin
  conditions:
    paths: [{path: /internal, type: Prefix}]`,
		want: []string{"api", "admin"},
		check: func(t *testing.T, lb *lbov1.LoadBalancer) {
			if p := lb.Spec.Rules[1].Conditions.Paths; p[0].Path != "/internal" || lb.Spec.Rules[1].Action.FixedResponse == nil {
				t.Errorf("admin %+v: want the patched paths and the base's action", lb.Spec.Rules[1])
			}
			if p := lb.Spec.Rules[0].Conditions.Paths; p[0].Path != "/api" {
				t.Errorf("api %+v changed, though the patch only names it", lb.Spec.Rules[0])
			}
		},
	}, {
		name: "a new rule comes first",
		patch: `
rules:
- name: health
  conditions:
    paths: [{path: /health, type: Exact}]
  action:
    fixedResponse: {statusCode: 200}`,
		want: []string{"health", "api", "admin"},
	}, {
		name: "an action is replaced by nulling the old one",
		patch: `
rules:
- name: api
  action:
    forward: null
    fixedResponse: {statusCode: 503}
- name: admin`,
		want: []string{"api", "admin"},
		check: func(t *testing.T, lb *lbov1.LoadBalancer) {
			if a := lb.Spec.Rules[0].Action; a.Forward != nil || a.FixedResponse == nil {
				t.Errorf("api's action %+v, want only the fixed response", a)
			}
		},
	}, {
		name: "$patch: delete removes one rule",
		patch: `
rules:
- name: admin
  $patch: delete`,
		want: []string{"api"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := build(t, memFS(t, true, map[string]string{"/o/kustomization.yaml": overlay + indent(c.patch)}), "/o")
			if got := ruleNames(lb); !slices.Equal(got, c.want) {
				t.Fatalf("rules %v, want %v", got, c.want)
			}
			if c.check != nil {
				c.check(t, lb)
			}
		})
	}
}

// kubectl's kustomize builds the overlays as lbo's (kustomize/api) does. It
// is skipped where kubectl is not installed.
func TestKubectlKustomizeAgrees(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not installed")
	}
	for _, dir := range []string{"base", "overlays/dev", "overlays/prod"} {
		out, err := exec.Command(kubectl, "kustomize", dir).Output()
		if err != nil {
			t.Fatalf("kubectl kustomize %s: %v", dir, err)
		}
		ours, err := render.Kustomize(filesys.MakeFsOnDisk(), dir)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := decodeAll(t, out), decodeAll(t, ours); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: kubectl kustomize gives\n%s\nkustomize/api gives\n%s", dir, out, ours)
		}
	}
}

func decodeAll(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var objs []map[string]any
	for {
		var obj map[string]any
		if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		objs = append(objs, obj)
	}
	return objs
}

// The Argo CD Applications point at kustomizations of this repository that
// build: the operator's, and the prod overlay's LoadBalancer.
func TestArgoCDApplications(t *testing.T) {
	want := map[string]string{"argocd/lbo.yaml": "config/default", "argocd/loadbalancer-prod.yaml": "examples/overlays/prod"}
	for file, path := range want {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var app struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
			Spec struct {
				Source struct {
					RepoURL string `json:"repoURL"`
					Path    string `json:"path"`
				} `json:"source"`
				SyncPolicy struct {
					SyncOptions []string `json:"syncOptions"`
				} `json:"syncPolicy"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(data, &app); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if app.APIVersion != "argoproj.io/v1alpha1" || app.Kind != "Application" || app.Spec.Source.Path != path {
			t.Errorf("%s: %s %s with path %q, want an Application of %s", file, app.APIVersion, app.Kind, app.Spec.Source.Path, path)
		}
		if app.Metadata.Annotations["argocd.argoproj.io/compare-options"] != "ServerSideDiff=true" || !slices.Contains(app.Spec.SyncPolicy.SyncOptions, "ServerSideApply=true") {
			t.Errorf("%s: want server-side diff and apply (docs/gitops.md)", file)
		}
		if _, err := render.Kustomize(filesys.MakeFsOnDisk(), "../"+path); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}
