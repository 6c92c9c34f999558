// Package expand turns a LoadBalancer into the child objects the AWS Load
// Balancer Controller provisions it from: one Service of type LoadBalancer
// for L4, Ingresses of class alb and the Services their target groups need
// for L7, and on any layer a TargetGroupBinding (with the Service it needs)
// for each target group that exists in AWS and has a backend; or, with
// spec.gateway, the Gateway API objects of internal/gateway.
//
// The expansion is pure: no client, no clock, and the same input always gives
// the same objects in the same order. The reconciler, `lbo render` and the
// golden tests all call LoadBalancer.
package expand

import (
	"cmp"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/gateway"
)

// Result is the expansion of one LoadBalancer.
type Result struct {
	// Objects are the desired children, sorted by kind and name. Empty when
	// there are Problems: a LoadBalancer is expanded whole or not at all.
	Objects []client.Object

	// Problems are what the spec asks for that cannot be expanded, each
	// naming its field. The API server's validation catches most mistakes at
	// admission; these are the ones it cannot (or `lbo render` meets offline).
	Problems field.ErrorList
}

// LoadBalancer expands lb into its children. lb is one the CRD accepts (the
// API server checks it at admission, `lbo render` with the CRD's own schema
// and CEL rules): the expansion relies on what the CRD states, such as which
// layer a field belongs to, and does not state it again.
func LoadBalancer(lb *lbov1.LoadBalancer) Result {
	var objs []client.Object
	var problems field.ErrorList
	switch {
	case lb.Spec.Gateway != nil:
		// The Gateway API backend. The CRD refuses the fields of the other
		// layer for both backends.
		objs, problems = gateway.Expand(lb)
	case lb.Spec.Layer == lbov1.LayerL4:
		objs, problems = expandL4(lb)
	case lb.Spec.Layer == lbov1.LayerL7:
		objs, problems = expandL7(lb)
	case lb.Spec.Layer == lbov1.LayerExternal:
		// No load balancer: AWS has it. The CRD gives every target group
		// an existing target group and a backend.
		objs = bindings(lb)
	default:
		problems = field.ErrorList{field.NotSupported(field.NewPath("spec", "layer"), lb.Spec.Layer, []string{string(lbov1.LayerL4), string(lbov1.LayerL7), string(lbov1.LayerExternal)})}
	}
	problems = append(checkAWS(lb), problems...)
	problems = append(problems, bindingProblems(lb)...)
	if len(problems) > 0 {
		return Result{Problems: problems}
	}
	slices.SortFunc(objs, func(a, b client.Object) int {
		return cmp.Or(
			cmp.Compare(a.GetObjectKind().GroupVersionKind().Kind, b.GetObjectKind().GroupVersionKind().Kind),
			cmp.Compare(a.GetName(), b.GetName()),
		)
	})
	return Result{Objects: objs}
}

// childMeta is the metadata every child carries: the parent's namespace, the
// labels lbo finds its children by and, for a LoadBalancer that exists in a
// cluster, a controller reference to it.
func childMeta(lb *lbov1.LoadBalancer, name string, annotations map[string]string) metav1.ObjectMeta {
	meta := metav1.ObjectMeta{
		Name:      name,
		Namespace: lb.Namespace,
		Labels: map[string]string{
			lbov1.LabelManagedBy:    lbov1.ManagedByValue,
			lbov1.LabelLoadBalancer: lb.Name,
		},
	}
	if len(annotations) > 0 {
		meta.Annotations = annotations
	}
	if lb.UID != "" {
		meta.OwnerReferences = []metav1.OwnerReference{{
			APIVersion:         lbov1.GroupVersion.String(),
			Kind:               "LoadBalancer",
			Name:               lb.Name,
			UID:                lb.UID,
			Controller:         ptr.To(true),
			BlockOwnerDeletion: ptr.To(true),
		}}
	}
	return meta
}

// targetGroupIndex finds target groups by name, with their position for
// field paths.
type targetGroupIndex map[string]int

func indexTargetGroups(lb *lbov1.LoadBalancer) targetGroupIndex {
	idx := targetGroupIndex{}
	for i, tg := range lb.Spec.TargetGroups {
		idx[tg.Name] = i
	}
	return idx
}

// find returns the named target group, or nil. The CRD makes every name a
// LoadBalancer refers to exist.
func (idx targetGroupIndex) find(lb *lbov1.LoadBalancer, name string) *lbov1.TargetGroup {
	i, ok := idx[name]
	if !ok {
		return nil
	}
	return &lb.Spec.TargetGroups[i]
}
