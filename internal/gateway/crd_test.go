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
// Gateway API's standard channel, from the module lbo builds with, and the
// AWS Load Balancer Controller's extensions, kept in test/crds.
func crdDirs(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/gateway-api").Output()
	if err != nil {
		t.Fatalf("finding the sigs.k8s.io/gateway-api module: %v", err)
	}
	return []string{
		filepath.Join(strings.TrimSpace(string(out)), "config", "crd", "standard"),
		filepath.Join("..", "..", "test", "crds", "aws-load-balancer-controller"),
	}
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
	byKind := schemas(t, crdDirs(t))
	for _, kind := range []string{"Gateway", "HTTPRoute", "TCPRoute", "UDPRoute", "LoadBalancerConfiguration", "TargetGroupConfiguration", "ListenerRuleConfiguration"} {
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
				continue // Services
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
