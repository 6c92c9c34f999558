// Package render reads LoadBalancers from YAML, defaults and validates them as
// the API server would, expands them and writes their children as YAML. It is
// `lbo render` without the command line, and what the golden tests run.
package render

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/schema"
)

// InvalidError lists what is wrong with one LoadBalancer, each problem naming
// its field.
type InvalidError struct {
	Name     string
	Problems field.ErrorList
}

// newInvalidError sorts the problems by field so the report is stable.
func newInvalidError(name string, problems field.ErrorList) *InvalidError {
	problems = slices.Clone(problems)
	slices.SortStableFunc(problems, func(a, b *field.Error) int {
		return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(a.Error(), b.Error()))
	})
	return &InvalidError{Name: name, Problems: problems}
}

func (e *InvalidError) Error() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "LoadBalancer %s is invalid:", e.Name)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s", p.Error())
	}
	return b.String()
}

// Option changes how LoadBalancers are read.
type Option func(*options)

type options struct {
	// gateway is, by layer, the spec.gateway to give LoadBalancers that
	// have none.
	gateway map[lbov1.Layer]lbov1.GatewayBackend
}

// AsGateway reads the LoadBalancers of layer that have no spec.gateway as if
// they had spec.gateway g: what they become under the Gateway API backend.
// Those that have one keep it.
func AsGateway(layer lbov1.Layer, g lbov1.GatewayBackend) Option {
	return func(o *options) {
		if o.gateway == nil {
			o.gateway = map[lbov1.Layer]lbov1.GatewayBackend{}
		}
		o.gateway[layer] = g
	}
}

// asGateway sets spec.gateway in obj, a LoadBalancer as decoded from JSON,
// as the options ask.
func (o *options) asGateway(obj map[string]any) {
	spec, ok := obj["spec"].(map[string]any)
	if !ok || spec["gateway"] != nil {
		return
	}
	layer, _ := spec["layer"].(string)
	g, ok := o.gateway[lbov1.Layer(layer)]
	if !ok {
		return
	}
	gw := map[string]any{"className": g.ClassName}
	if g.Implementation != "" {
		gw["implementation"] = string(g.Implementation)
	}
	spec["gateway"] = gw
}

// Decode reads the LoadBalancers in a stream of YAML or JSON documents,
// skipping other kinds, and returns each defaulted as the API server would.
// Unknown fields and schema violations are errors, never silently dropped.
func Decode(ctx context.Context, r io.Reader, opts ...Option) ([]*lbov1.LoadBalancer, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s, err := schema.LoadBalancer()
	if err != nil {
		return nil, err
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(r, 4096)
	var lbs []*lbov1.LoadBalancer
	var invalid []error
	for doc := 1; ; doc++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("document %d: %w", doc, err)
		}
		// Decoded as the API server decodes: whole numbers become int64.
		var obj map[string]any
		if err := utiljson.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("document %d: %w", doc, err)
		}
		u := unstructured.Unstructured{Object: obj}
		if obj == nil || u.GroupVersionKind() != lbov1.GroupVersion.WithKind("LoadBalancer") {
			continue
		}
		o.asGateway(obj)
		s.Default(obj)
		if problems := s.Validate(ctx, obj); len(problems) > 0 {
			invalid = append(invalid, newInvalidError(u.GetName(), problems))
			continue
		}
		data, err := yaml.Marshal(obj)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", doc, err)
		}
		lb := &lbov1.LoadBalancer{}
		if err := yaml.UnmarshalStrict(data, lb); err != nil {
			return nil, fmt.Errorf("LoadBalancer %s: %w", u.GetName(), err)
		}
		lbs = append(lbs, lb)
	}
	return lbs, errors.Join(invalid...)
}

// Expand expands each LoadBalancer and returns all their children, in the
// order of the LoadBalancers. LoadBalancers of one group are checked against
// each other as the operator checks one against the others' live
// Ingresses (expand.GroupConflicts): what the AWS Load Balancer Controller
// would refuse or build otherwise in the group is refused here too.
func Expand(lbs []*lbov1.LoadBalancer) ([]client.Object, error) {
	results := make([]expand.Result, len(lbs))
	byGroup := map[string][]*networkingv1.Ingress{}
	for i, lb := range lbs {
		results[i] = expand.LoadBalancer(lb)
		if g := lb.Spec.Group; g != nil {
			byGroup[g.Name] = append(byGroup[g.Name], expand.Ingresses(results[i].Objects)...)
		}
	}
	var objs []client.Object
	var invalid []error
	for i, lb := range lbs {
		problems := results[i].Problems
		if g := lb.Spec.Group; g != nil && len(problems) == 0 {
			problems = expand.GroupConflicts(lb, expand.Ingresses(results[i].Objects), byGroup[g.Name])
		}
		if len(problems) > 0 {
			invalid = append(invalid, newInvalidError(lb.Name, problems))
			continue
		}
		objs = append(objs, results[i].Objects...)
	}
	return objs, errors.Join(invalid...)
}

// WriteYAML writes objects as a stream of YAML documents, leaving out the
// empty fields a typed object carries (status, creationTimestamp).
func WriteYAML(w io.Writer, objs []client.Object) error {
	for i, obj := range objs {
		u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return fmt.Errorf("converting %s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
		}
		delete(u, "status")
		unstructured.RemoveNestedField(u, "metadata", "creationTimestamp")
		data, err := yaml.Marshal(u)
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// File renders the LoadBalancers in r: their children as YAML to w.
func File(ctx context.Context, r io.Reader, w io.Writer, opts ...Option) error {
	lbs, err := Decode(ctx, r, opts...)
	if err != nil {
		return err
	}
	objs, err := Expand(lbs)
	if err != nil {
		return err
	}
	return WriteYAML(w, objs)
}
