package config_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// docs reads the YAML documents of the files matching pattern.
func docs(t *testing.T, pattern string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files match %s: %v", pattern, err)
	}
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := utilyaml.NewYAMLReader(bufioReader(data))
		for {
			doc, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			if len(bytes.TrimSpace(doc)) > 0 {
				out = append(out, doc)
			}
		}
	}
	return out
}

// TestRBACIsLeastPrivilege: no wildcard anywhere and no access to Secrets,
// in every role lbo ships.
func TestRBACIsLeastPrivilege(t *testing.T) {
	for _, doc := range docs(t, "rbac/*role*.yaml") {
		var role struct {
			Kind     string                `json:"kind"`
			Metadata struct{ Name string } `json:"metadata"`
			Rules    []rbacv1.PolicyRule   `json:"rules"`
		}
		if err := yaml.Unmarshal(doc, &role); err != nil {
			t.Fatal(err)
		}
		if role.Kind != "Role" && role.Kind != "ClusterRole" {
			continue
		}
		for _, r := range role.Rules {
			for _, list := range [][]string{r.APIGroups, r.Resources, r.Verbs, r.ResourceNames, r.NonResourceURLs} {
				if slices.Contains(list, "*") {
					t.Errorf("%s %s has a wildcard: %+v", role.Kind, role.Metadata.Name, r)
				}
			}
			if slices.Contains(r.Resources, "secrets") {
				t.Errorf("%s %s grants access to Secrets: %+v", role.Kind, role.Metadata.Name, r)
			}
		}
	}
}

// TestManagerRunsLocked: non-root, read-only root filesystem, no privilege
// escalation, no capabilities, and leader election for several replicas.
func TestManagerRunsLocked(t *testing.T) {
	found := false
	for _, doc := range docs(t, "manager/manager.yaml") {
		var d appsv1.Deployment
		if err := yaml.Unmarshal(doc, &d); err != nil || d.Kind != "Deployment" {
			continue
		}
		found = true
		pod := d.Spec.Template.Spec
		if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
			t.Error("the pod does not require a non-root user")
		}
		for _, c := range pod.Containers {
			sc := c.SecurityContext
			switch {
			case sc == nil:
				t.Fatalf("container %s has no securityContext", c.Name)
			case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
				t.Errorf("container %s has a writable root filesystem", c.Name)
			case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
				t.Errorf("container %s may escalate privileges", c.Name)
			case sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL"):
				t.Errorf("container %s keeps capabilities", c.Name)
			}
			if d.Spec.Replicas != nil && *d.Spec.Replicas > 1 && !slices.Contains(c.Args, "--leader-elect") {
				t.Errorf("%d replicas of container %s run without --leader-elect", *d.Spec.Replicas, c.Name)
			}
		}
	}
	if !found {
		t.Fatal("no Deployment in config/manager/manager.yaml")
	}
}

func bufioReader(data []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(data)) }
