package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/internal/schema"
)

// crdDirs are where the CRDs of the kinds the Gateway backend writes are:
// Gateway API's standard channel, from the module lbo builds with, and, when
// LBO_LBC_CRDS names a directory of them, the AWS Load Balancer Controller's
// extensions. lbo does not keep a copy of the controller's CRDs
// (test/crds/standins has stand-ins without its
// schemas), so without LBO_LBC_CRDS the controller's kinds are not checked.
func crdDirs(t *testing.T) (dirs []string, withController bool) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/gateway-api").Output()
	if err != nil {
		t.Fatalf("finding the sigs.k8s.io/gateway-api module: %v", err)
	}
	dirs = []string{filepath.Join(strings.TrimSpace(string(out)), "config", "crd", "standard")}
	if dir := os.Getenv("LBO_LBC_CRDS"); dir != "" {
		return append(dirs, dir), true
	}
	return dirs, false
}

// schemas are the schemas of the CRDs in dirs, by kind.
func schemas(t *testing.T, dirs []string) map[string]*schema.Schema {
	t.Helper()
	byKind := map[string]*schema.Schema{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var crd apiextensionsv1.CustomResourceDefinition
			if err := yaml.Unmarshal(data, &crd); err != nil || crd.Kind != "CustomResourceDefinition" {
				continue // a kustomization or a policy
			}
			s, err := schema.FromCRD(data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			byKind[crd.Spec.Names.Kind] = s
		}
	}
	return byKind
}

// TestChildrenAreValid checks every object of every Gateway backend golden
// file against its CRD, defaults and CEL rules included, as the API server
// would on apply.
func TestChildrenAreValid(t *testing.T) {
	dirs, withController := crdDirs(t)
	byKind := schemas(t, dirs)
	kinds := []string{"Gateway", "HTTPRoute", "TCPRoute", "UDPRoute"}
	if withController {
		kinds = append(kinds, "LoadBalancerConfiguration", "TargetGroupConfiguration", "ListenerRuleConfiguration")
	} else {
		t.Log("LBO_LBC_CRDS is not set: the AWS Load Balancer Controller's kinds are not checked")
	}
	for _, kind := range kinds {
		if byKind[kind] == nil {
			t.Fatalf("no CRD of %s found", kind)
		}
	}
	files, _ := filepath.Glob("../expand/testdata/*/gateway.yaml")
	samples, _ := filepath.Glob("../expand/testdata/samples/*.gateway.yaml")
	own, _ := filepath.Glob("../expand/testdata/gateway-*/want.yaml")
	files = append(append(files, samples...), own...)
	if len(files) < 20 {
		t.Fatalf("found only %d golden files of the Gateway backend", len(files))
	}
	checked := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
		for {
			var raw json.RawMessage
			if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var obj map[string]any
			if err := utiljson.Unmarshal(raw, &obj); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			kind, _ := obj["kind"].(string)
			s := byKind[kind]
			if s == nil {
				continue // Services, and the controller's kinds without LBO_LBC_CRDS
			}
			s.Default(obj)
			if problems := s.Validate(context.Background(), obj); len(problems) > 0 {
				t.Errorf("%s: %s %v is invalid: %v", f, kind, obj["metadata"].(map[string]any)["name"], problems)
			}
			checked[kind]++
		}
	}
	t.Logf("checked %v", checked)
}
