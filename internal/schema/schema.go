// Package schema applies the LoadBalancer CRD's OpenAPI schema offline: the
// defaults, the OpenAPI validation and the CEL rules the API server would
// apply at admission. `lbo render` uses it so that a file it accepts is a
// file the cluster accepts, and renders with the same defaults.
package schema

import (
	"context"
	"fmt"
	"sync"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/config"
)

// Schema is the LoadBalancer CRD's schema, ready to default and validate.
type Schema struct {
	structural *structuralschema.Structural
	openAPI    apiservervalidation.SchemaValidator
	cel        *cel.Validator
}

var loaded = sync.OnceValues(func() (*Schema, error) { return FromCRD(config.LoadBalancerCRD) })

// LoadBalancer returns the schema of the embedded LoadBalancer CRD.
func LoadBalancer() (*Schema, error) { return loaded() }

// FromCRD builds a Schema from a CRD's YAML, using its first served version.
func FromCRD(data []byte) (*Schema, error) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(data, &crd); err != nil {
		return nil, fmt.Errorf("decoding CRD: %w", err)
	}
	if len(crd.Spec.Versions) == 0 || crd.Spec.Versions[0].Schema == nil {
		return nil, fmt.Errorf("CRD %s has no version with a schema", crd.Name)
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(crd.Spec.Versions[0].Schema.OpenAPIV3Schema, &internal, nil); err != nil {
		return nil, fmt.Errorf("converting schema of CRD %s: %w", crd.Name, err)
	}
	structural, err := structuralschema.NewStructural(&internal)
	if err != nil {
		return nil, fmt.Errorf("schema of CRD %s is not structural: %w", crd.Name, err)
	}
	openAPI, _, err := apiservervalidation.NewSchemaValidator(&internal)
	if err != nil {
		return nil, fmt.Errorf("schema of CRD %s: %w", crd.Name, err)
	}
	return &Schema{
		structural: structural,
		openAPI:    openAPI,
		cel:        cel.NewValidator(structural, true, celconfig.PerCallLimit),
	}, nil
}

// Default fills in the schema's defaults in obj, an object as decoded from
// JSON, as the API server does when the object is created.
func (s *Schema) Default(obj map[string]any) {
	structuraldefaulting.Default(obj, s.structural)
}

// Validate checks obj against the OpenAPI schema and its CEL rules and
// returns what the API server would refuse it for.
func (s *Schema) Validate(ctx context.Context, obj map[string]any) field.ErrorList {
	errs := apiservervalidation.ValidateCustomResource(nil, obj, s.openAPI)
	if len(errs) > 0 {
		// CEL rules assume a schema-valid object, as in the API server.
		return errs
	}
	celErrs, _ := s.cel.Validate(ctx, nil, s.structural, obj, nil, celconfig.RuntimeCELCostBudget)
	return celErrs
}
