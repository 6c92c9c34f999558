package lbc_test

import (
	"fmt"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/config"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// Where the CRD states an AWS limit for admission, it states lbc's number:
// the limit is written twice, once with its source here and once where
// admission needs it, and this test keeps the two equal.
func TestCRDStatesTheLimits(t *testing.T) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.Unmarshal(config.LoadBalancerCRD, &crd); err != nil {
		t.Fatal(err)
	}
	root := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	for _, l := range lbc.Limits {
		if !strings.HasPrefix(l.Source, "https://docs.aws.amazon.com/") {
			t.Errorf("%s: source %q is not an AWS page", l.What, l.Source)
		}
		for _, b := range l.CRD {
			s, err := schemaAt(root, b.Path)
			if err != nil {
				t.Errorf("%s: %v", l.What, err)
				continue
			}
			var got *int64
			switch b.Keyword {
			case "maxLength":
				got = s.MaxLength
			case "maxItems":
				got = s.MaxItems
			case "maxProperties":
				got = s.MaxProperties
			case "":
				want := fmt.Sprintf(b.Rule, l.Value)
				if !ruleHolds(s, want) {
					t.Errorf("%s: no CEL rule at %s holds %q", l.What, b.Path, want)
				}
				continue
			default:
				t.Errorf("%s: keyword %q", l.What, b.Keyword)
				continue
			}
			if got == nil || *got != int64(l.Value) {
				t.Errorf("%s: the CRD's %s at %s is %v, AWS's limit %d", l.What, b.Keyword, b.Path, deref(got), l.Value)
			}
		}
	}
}

// schemaAt walks path: fields joined by '.', [] for a list's items, {} for a
// map's values.
func schemaAt(s *apiextensionsv1.JSONSchemaProps, path string) (*apiextensionsv1.JSONSchemaProps, error) {
	for _, part := range strings.Split(path, ".") {
		name, suffix, _ := strings.Cut(part, "[")
		name, mapValues := strings.CutSuffix(name, "{}")
		p, ok := s.Properties[name]
		if !ok {
			return nil, fmt.Errorf("the CRD has no %s", path)
		}
		s = &p
		if mapValues {
			if s.AdditionalProperties == nil || s.AdditionalProperties.Schema == nil {
				return nil, fmt.Errorf("%s is not a map", path)
			}
			s = s.AdditionalProperties.Schema
		}
		if suffix == "]" {
			if s.Items == nil || s.Items.Schema == nil {
				return nil, fmt.Errorf("%s is not a list", path)
			}
			s = s.Items.Schema
		}
	}
	return s, nil
}

func ruleHolds(s *apiextensionsv1.JSONSchemaProps, text string) bool {
	for _, r := range s.XValidations {
		if strings.Contains(r.Rule, text) {
			return true
		}
	}
	return false
}

func deref(p *int64) any {
	if p == nil {
		return "unset"
	}
	return *p
}
