package chart

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// onlyInKustomize are the objects of config/default the chart leaves out on
// purpose: Helm creates the release's namespace (--create-namespace), and a
// chart that made it too would fail to install into it.
var onlyInKustomize = []string{"Namespace /lbo-system"}

// The chart's CRD is config/default's, byte for byte: `make manifests` copies
// it, and this catches a chart whose crds/ holds anything else.
func TestChartCRDIsKustomizes(t *testing.T) {
	ch := loadChart(t)
	var crds []*unstructured.Unstructured
	for _, f := range ch.CRDObjects() {
		crds = append(crds, decodeObjects(t, f.File.Data)...)
	}
	var want []*unstructured.Unstructured
	for _, u := range kustomizeDefault(t) {
		if u.GetKind() == "CustomResourceDefinition" {
			want = append(want, u)
		}
	}
	if len(crds) != 1 || len(want) != 1 {
		t.Fatalf("the chart has %d CRDs and config/default %d; want one each", len(crds), len(want))
	}
	if !reflect.DeepEqual(crds[0].Object, want[0].Object) {
		t.Errorf("the chart's CRD differs from config/default's; run make manifests")
	}
}

// With its default values, as release lbo in lbo-system, the chart makes the
// objects `kubectl kustomize config/default` makes, with the same names, the
// same RBAC, the same manager pod and metrics Service; only the labels (the
// chart's are Helm's) and the image's tag (the chart's appVersion, not
// latest) differ.
func TestDefaultsMatchKustomize(t *testing.T) {
	objs, err := template(t, "lbo", "lbo-system", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := byKey(objs)
	want := byKey(kustomizeDefault(t))
	for k := range want {
		if _, ok := got[k]; !ok && !strings.HasPrefix(k, "CustomResourceDefinition ") && !slices.Contains(onlyInKustomize, k) {
			t.Errorf("the chart lacks %s of config/default", k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("the chart makes %s, which config/default does not", k)
		}
	}
	for k, g := range got {
		w, ok := want[k]
		if !ok {
			continue
		}
		switch g.GetKind() {
		case "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding":
			for _, field := range []string{"rules", "roleRef", "subjects"} {
				if !reflect.DeepEqual(g.Object[field], w.Object[field]) {
					t.Errorf("%s: %s differ:\nchart:\n%s\nconfig/default:\n%s", k, field, toYAML(t, g.Object[field]), toYAML(t, w.Object[field]))
				}
			}
			if gl, wl := rbacLabels(g), rbacLabels(w); !reflect.DeepEqual(gl, wl) {
				t.Errorf("%s: aggregation labels %v, config/default's %v", k, gl, wl)
			}
		case "Service":
			var gs, ws corev1.Service
			into(t, g, &gs)
			into(t, w, &ws)
			if !equality.Semantic.DeepEqual(gs.Spec.Ports, ws.Spec.Ports) {
				t.Errorf("%s: ports %+v, config/default's %+v", k, gs.Spec.Ports, ws.Spec.Ports)
			}
		case "Deployment":
			compareDeployments(t, k, g, w)
		}
	}
}

// compareDeployments compares the chart's manager Deployment with
// config/default's, but for labels and the image's tag.
func compareDeployments(t *testing.T, k string, g, w *unstructured.Unstructured) {
	t.Helper()
	var gd, wd appsv1.Deployment
	into(t, g, &gd)
	into(t, w, &wd)
	if *gd.Spec.Replicas != *wd.Spec.Replicas {
		t.Errorf("%s: %d replicas, config/default's %d", k, *gd.Spec.Replicas, *wd.Spec.Replicas)
	}
	gi, wi := gd.Spec.Template.Spec.Containers[0].Image, wd.Spec.Template.Spec.Containers[0].Image
	if repo(gi) != repo(wi) {
		t.Errorf("%s: image %s, config/default's %s", k, gi, wi)
	}
	if tag := gi[len(repo(gi))+1:]; tag != loadChart(t).Metadata.AppVersion {
		t.Errorf("%s: image tag %s, not the chart's appVersion", k, tag)
	}
	gp, wp := podSpecBesideLabels(t, k, &gd), podSpecBesideLabels(t, k, &wd)
	if !equality.Semantic.DeepEqual(gp, wp) {
		t.Errorf("%s: the pods differ:\nchart:\n%s\nconfig/default:\n%s", k, toYAML(t, gp), toYAML(t, wp))
	}
}

// podSpecBesideLabels is the Deployment's pod spec without what depends on
// labels or the image, after checking that the Deployment selects its own
// pods and that the anti-affinity spreads them.
func podSpecBesideLabels(t *testing.T, k string, d *appsv1.Deployment) *corev1.PodSpec {
	t.Helper()
	for l, v := range d.Spec.Selector.MatchLabels {
		if d.Spec.Template.Labels[l] != v {
			t.Errorf("%s does not select its pods: %s=%s", k, l, v)
		}
	}
	spec := d.Spec.Template.Spec.DeepCopy()
	if a := spec.Affinity; a != nil && a.PodAntiAffinity != nil {
		for i := range a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution {
			term := &a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution[i].PodAffinityTerm
			if term.LabelSelector == nil || !reflect.DeepEqual(term.LabelSelector.MatchLabels, d.Spec.Selector.MatchLabels) {
				t.Errorf("%s: the pod anti-affinity does not select the Deployment's pods: %+v", k, term.LabelSelector)
			}
			term.LabelSelector = nil
		}
	}
	for i := range spec.Containers {
		spec.Containers[i].Image, spec.Containers[i].ImagePullPolicy = "", ""
	}
	return spec
}

func repo(image string) string {
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		return image[:i]
	}
	return image
}

// rbacLabels are the labels of the rbac.authorization.k8s.io prefix, which
// aggregate roles into the built-in ones.
func rbacLabels(u *unstructured.Unstructured) map[string]string {
	m := map[string]string{}
	for k, v := range u.GetLabels() {
		if strings.HasPrefix(k, "rbac.authorization.k8s.io/") {
			m[k] = v
		}
	}
	return m
}

func toYAML(t *testing.T, v any) string {
	t.Helper()
	y, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(y)
}
