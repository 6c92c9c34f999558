// Package helmchart derives the parts of lbo's Helm chart (charts/lbo) that
// config/ already says, so that the chart and the kustomize install never
// drift: the CRD, copied into the chart's crds/ folder, and the RBAC of
// config/rbac, turned into a template whose names, namespace and labels are
// the release's. `make manifests` writes them; `make verify` fails when the
// committed chart differs.
//
// The rest of the chart (the Deployment, its ServiceAccount and metrics
// Service) carries values, so it is written by hand; the chart's tests render
// it with the default values and compare it with config/default.
package helmchart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/internal/render"
)

// Files of the chart that Generate writes, relative to the chart's folder.
const (
	CRDFile  = "crds/networking.lbo.dev_loadbalancers.yaml"
	RBACFile = "templates/rbac.yaml"
)

// ServiceAccount is the name config/rbac gives the manager's ServiceAccount;
// the chart's own template (serviceaccount.yaml) makes it, with values.
const ServiceAccount = "controller-manager"

// Placeholders stand for template expressions while the objects are YAML;
// they are replaced in the marshalled text.
const (
	fullname       = "__LBO_FULLNAME__"
	namespace      = "__LBO_NAMESPACE__"
	serviceAccount = "__LBO_SERVICE_ACCOUNT__"
	labels         = "__LBO_LABELS__"
)

var expressions = strings.NewReplacer(
	fullname, `{{ include "lbo.fullname" . }}`,
	namespace, `{{ .Release.Namespace }}`,
	serviceAccount, `{{ include "lbo.serviceAccountName" . }}`,
	"    "+labels+`: ""`, `    {{- include "lbo.labels" . | nindent 4 }}`,
)

// kustomizeLabels are the labels of config/ that the chart's own replace.
var kustomizeLabels = []string{"app.kubernetes.io/name", "app.kubernetes.io/managed-by"}

// Generate returns the generated files of the chart, by path relative to the
// chart's folder: the CRD as it is, and the RBAC that the kustomization in
// rbacDir builds as a template.
func Generate(crd []byte, rbacDir string) (map[string][]byte, error) {
	rbac, err := rbacTemplate(rbacDir)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{CRDFile: crd, RBACFile: rbac}, nil
}

// rbacTemplate builds the kustomization in dir and writes each role and
// binding as a template of the release: names prefixed with the release's
// full name instead of config/default's "lbo-", its namespace, its labels
// (with the aggregation labels kept), and its ServiceAccount as subject.
func rbacTemplate(dir string) ([]byte, error) {
	built, err := render.Kustomize(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# Generated from %s by `make manifests` (internal/helmchart); do not edit.\n", path.Clean(dir))
	dec := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(built), 4096)
	sawServiceAccount := false
	for {
		u := &unstructured.Unstructured{}
		if err := dec.Decode(&u.Object); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading the build of %s: %w", dir, err)
		}
		if len(u.Object) == 0 {
			continue
		}
		if u.GetKind() == "ServiceAccount" {
			if u.GetName() != ServiceAccount || sawServiceAccount {
				return nil, fmt.Errorf("%s: ServiceAccount %s: the chart makes one ServiceAccount, %s (templates/serviceaccount.yaml)", dir, u.GetName(), ServiceAccount)
			}
			sawServiceAccount = true
			continue
		}
		if err := templatize(u); err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", dir, u.GetKind(), u.GetName(), err)
		}
		y, err := sigsyaml.Marshal(u.Object)
		if err != nil {
			return nil, err
		}
		out.WriteString("---\n")
		out.WriteString(expressions.Replace(string(y)))
	}
	if !sawServiceAccount {
		return nil, fmt.Errorf("%s has no ServiceAccount %s for the roles to bind", dir, ServiceAccount)
	}
	return out.Bytes(), nil
}

// templatize puts the placeholders of the release's names, namespace,
// labels and ServiceAccount into a role or binding of config/rbac.
func templatize(u *unstructured.Unstructured) error {
	switch u.GetKind() {
	case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding":
	default:
		return fmt.Errorf("not RBAC; only roles and bindings are generated")
	}
	u.SetName(fullname + "-" + u.GetName())
	if u.GetNamespace() != "" {
		u.SetNamespace(namespace)
	}
	l := map[string]string{labels: ""}
	for k, v := range u.GetLabels() {
		if !slices.Contains(kustomizeLabels, k) {
			l[k] = v
		}
	}
	u.SetLabels(l)

	if name, ok, _ := unstructured.NestedString(u.Object, "roleRef", "name"); ok {
		if err := unstructured.SetNestedField(u.Object, fullname+"-"+name, "roleRef", "name"); err != nil {
			return err
		}
	}
	subjects, _, _ := unstructured.NestedSlice(u.Object, "subjects")
	for _, s := range subjects {
		s := s.(map[string]any)
		if s["kind"] != "ServiceAccount" || s["name"] != ServiceAccount {
			return fmt.Errorf("subject %v: only the manager's ServiceAccount %s can be bound", s, ServiceAccount)
		}
		s["name"], s["namespace"] = serviceAccount, namespace
	}
	if subjects != nil {
		return unstructured.SetNestedSlice(u.Object, subjects, "subjects")
	}
	return nil
}
