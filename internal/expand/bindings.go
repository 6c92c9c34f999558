package expand

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// Target groups that exist in AWS and have a backend: lbo registers the
// backend's targets in them with a TargetGroupBinding of the AWS Load
// Balancer Controller, on any layer. The binding registers the targets of a
// Service port: the Service the backend names, or one lbo makes for its
// selector, as for an L7 selector target group.

// bindings are the TargetGroupBindings of lb, and the Services they need.
func bindings(lb *lbov1.LoadBalancer) []client.Object {
	var objs []client.Object
	for i := range lb.Spec.TargetGroups {
		tg := &lb.Spec.TargetGroups[i]
		if tg.Existing == nil || (tg.Backend.Selector == nil && tg.Backend.Service == nil) {
			continue
		}
		name := BindingName(lb, tg)
		ref := lbc.ServiceReference{Name: TargetGroupServiceName(lb, tg)}
		if s := tg.Backend.Service; s != nil {
			ref.Port = intstr.FromInt32(s.Port)
		} else {
			ref.Port = intstr.FromInt32(tg.Backend.Port)
			objs = append(objs, selectorService(lb, name, tg.Backend.Selector, tg.Backend.Port, nil))
		}
		spec := lbc.TargetGroupBindingSpec{
			TargetGroupARN: tg.Existing.ARN, TargetGroupName: tg.Existing.Name,
			TargetType: string(lb.Spec.TargetTypeOrDefault()), ServiceRef: ref,
			MultiClusterTargetGroup: lb.Spec.MultiClusterTargetGroups,
		}
		if len(lb.Spec.TargetNodeLabels) > 0 {
			// The CRD gives node labels to instance targets only.
			sel := &metav1.LabelSelector{MatchLabels: map[string]string{}}
			for k, v := range lb.Spec.TargetNodeLabels {
				sel.MatchLabels[k] = string(v)
			}
			spec.NodeSelector = sel
		}
		objs = append(objs, targetGroupBinding(lb, name, spec))
	}
	return objs
}

// bindingProblems refuses two target groups of lb that register targets in
// the same target group AWS has (by ARN or name): the AWS Load Balancer
// Controller's webhook refuses the second binding of a target group unless
// every binding of it is multi-cluster (spec.multiClusterTargetGroups),
// each then deregistering only the targets it registered.
func bindingProblems(lb *lbov1.LoadBalancer) field.ErrorList {
	if lb.Spec.MultiClusterTargetGroups {
		return nil
	}
	var problems field.ErrorList
	first := map[string]int{}
	for i := range lb.Spec.TargetGroups {
		tg := &lb.Spec.TargetGroups[i]
		if tg.Existing == nil || (tg.Backend.Selector == nil && tg.Backend.Service == nil) {
			continue
		}
		name := lbc.TargetGroupName(tg.Existing.ARN, tg.Existing.Name)
		j, seen := first[name]
		if !seen {
			first[name] = i
			continue
		}
		problems = append(problems, field.Invalid(field.NewPath("spec", "targetGroups").Index(i).Child("existing"), name,
			fmt.Sprintf("spec.targetGroups[%d] already registers targets in target group %s: the AWS Load Balancer Controller binds a target group once, "+
				"unless every binding of it is multi-cluster; register both backends from one target group, or set spec.multiClusterTargetGroups", j, name)))
	}
	return problems
}

// BindingName is the name of the TargetGroupBinding of target group tg, and
// of the Service lbo makes for it.
func BindingName(lb *lbov1.LoadBalancer, tg *lbov1.TargetGroup) string {
	return lb.Name + "-" + tg.Name
}

// selectorService is a Service lbo makes for pods a target group selects:
// ClusterIP for ip targets, NodePort for instance targets (the controller
// registers nodes on its node port).
func selectorService(lb *lbov1.LoadBalancer, name string, selector map[string]string, port int32, annotations map[string]string) *corev1.Service {
	svcType := corev1.ServiceTypeClusterIP
	if lb.Spec.TargetTypeOrDefault() == lbov1.TargetTypeInstance {
		svcType = corev1.ServiceTypeNodePort
	}
	svc := &corev1.Service{
		ObjectMeta: childMeta(lb, name, annotations),
		Spec: corev1.ServiceSpec{
			Type:     svcType,
			Selector: selector,
			Ports: []corev1.ServicePort{{
				Name: "traffic", Protocol: corev1.ProtocolTCP, Port: port, TargetPort: intstr.FromInt32(port),
			}},
		},
	}
	svc.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
	return svc
}

// targetGroupBinding is the TargetGroupBinding name with spec.
func targetGroupBinding(lb *lbov1.LoadBalancer, name string, spec lbc.TargetGroupBindingSpec) *unstructured.Unstructured {
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&spec)
	if err != nil {
		panic(err) // a struct of strings, a selector and a bool always converts
	}
	meta, err := runtime.DefaultUnstructuredConverter.ToUnstructured(ptrTo(childMeta(lb, name, nil)))
	if err != nil {
		panic(err)
	}
	delete(meta, "creationTimestamp")
	u := &unstructured.Unstructured{Object: map[string]any{"metadata": meta, "spec": content}}
	u.SetGroupVersionKind(lbc.TargetGroupBindingGVK)
	return u
}

func ptrTo[T any](v T) *T { return &v }
