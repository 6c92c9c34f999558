// Package gateway is lbo's Gateway API backend: it expands a LoadBalancer with
// spec.gateway into a Gateway of the GatewayClass it names, the routes of its
// listeners, rules and default actions (HTTPRoutes on L7; TCPRoutes and
// UDPRoutes on L4), the Services its selector target groups need and, for the
// AWS Load Balancer Controller, that controller's LoadBalancerConfiguration,
// TargetGroupConfigurations and ListenerRuleConfigurations.
//
// The promise is the annotation backend's: every field reaches the objects
// with the same effect on the load balancer, or is refused with a problem that
// names it and says why. What the controller does with these objects is taken
// from its code (kubernetes-sigs/aws-load-balancer-controller at 225f44568848,
// pkg/gateway), not from its guides; the comments here say what it does in
// lbo's words.
//
// The expansion is pure, like the annotation backend's: internal/expand calls
// Expand for a LoadBalancer with spec.gateway, so the reconciler, `lbo render`
// and the golden tests still call one expansion function.
package gateway

import (
	"fmt"
	"hash/fnv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// The kinds of children the Gateway backend makes, besides Services: the
// reconciler lists and prunes them by lbo's labels.
var (
	GatewayGVK                   = gwv1.SchemeGroupVersion.WithKind("Gateway")
	HTTPRouteGVK                 = gwv1.SchemeGroupVersion.WithKind("HTTPRoute")
	TCPRouteGVK                  = gwv1.SchemeGroupVersion.WithKind("TCPRoute")
	UDPRouteGVK                  = gwv1.SchemeGroupVersion.WithKind("UDPRoute")
	LoadBalancerConfigurationGVK = AWSGroupVersion.WithKind(KindLoadBalancerConfiguration)
	TargetGroupConfigurationGVK  = AWSGroupVersion.WithKind(KindTargetGroupConfiguration)
	ListenerRuleConfigurationGVK = AWSGroupVersion.WithKind(KindListenerRuleConfiguration)
)

// ChildKinds are the kinds the Gateway backend makes for a LoadBalancer of
// implementation impl, Services left out.
func ChildKinds(impl lbov1.GatewayImplementation) []schema.GroupVersionKind {
	kinds := []schema.GroupVersionKind{GatewayGVK, HTTPRouteGVK, TCPRouteGVK, UDPRouteGVK}
	if impl != lbov1.GatewayStandard {
		kinds = append(kinds, LoadBalancerConfigurationGVK, TargetGroupConfigurationGVK, ListenerRuleConfigurationGVK)
	}
	return kinds
}

// expansion holds what the expansion of one LoadBalancer builds up.
type expansion struct {
	lb *lbov1.LoadBalancer
	// aws is true for the AWS Load Balancer Controller, false for a
	// Standard implementation.
	aws      bool
	tgs      map[string]int // target groups by name
	objs     []client.Object
	problems field.ErrorList
	// routesOf are the routes, by kind/name, that forward to each
	// Service-backed target group's Service: its TargetGroupConfiguration
	// applies to those routes only.
	routesOf map[string][]routeIdentifier
	// l4Uses are, on L4, the protocols each target group is forwarded to
	// with, by index.
	l4Uses map[int]*l4Use
}

// Expand makes the Gateway API children of lb, which has spec.gateway, or
// the problems that keep it from carrying lb exactly. The caller, the one
// expansion entry point, adds the layer's refusals of the other layer's
// fields and sorts the objects.
func Expand(lb *lbov1.LoadBalancer) ([]client.Object, field.ErrorList) {
	x := &expansion{
		lb:       lb,
		aws:      lb.Spec.Gateway.ImplementationOrDefault() != lbov1.GatewayStandard,
		tgs:      map[string]int{},
		routesOf: map[string][]routeIdentifier{},
	}
	for i, tg := range lb.Spec.TargetGroups {
		x.tgs[tg.Name] = i
	}
	x.refuse()
	var listeners []gwv1.Listener
	switch lb.Spec.Layer {
	case lbov1.LayerL4:
		listeners = x.l4()
	case lbov1.LayerL7:
		listeners = x.l7()
	default:
		x.problems = append(x.problems, field.NotSupported(field.NewPath("spec", "layer"), lb.Spec.Layer, []string{string(lbov1.LayerL4), string(lbov1.LayerL7)}))
	}
	x.gateway(listeners)
	x.services()
	if x.aws {
		x.loadBalancerConfiguration()
		x.targetGroupConfigurations()
	}
	if len(x.problems) > 0 {
		return nil, dedupe(x.problems)
	}
	return x.objs, nil
}

// dedupe drops repeated problems: a rule is checked in every route it is in.
func dedupe(problems field.ErrorList) field.ErrorList {
	seen := map[string]bool{}
	var out field.ErrorList
	for _, p := range problems {
		if k := p.Error(); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// meta is the metadata of a child: the parent's namespace, the labels lbo
// finds its children by and, for a LoadBalancer in a cluster, a controller
// reference to it.
func (x *expansion) meta(name string) metav1.ObjectMeta {
	meta := metav1.ObjectMeta{
		Name:      name,
		Namespace: x.lb.Namespace,
		Labels: map[string]string{
			lbov1.LabelManagedBy:    lbov1.ManagedByValue,
			lbov1.LabelLoadBalancer: x.lb.Name,
		},
	}
	if x.lb.UID != "" {
		meta.OwnerReferences = []metav1.OwnerReference{{
			APIVersion:         lbov1.GroupVersion.String(),
			Kind:               "LoadBalancer",
			Name:               x.lb.Name,
			UID:                x.lb.UID,
			Controller:         ptr.To(true),
			BlockOwnerDeletion: ptr.To(true),
		}}
	}
	return meta
}

func (x *expansion) add(obj client.Object, gvk schema.GroupVersionKind) {
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	x.objs = append(x.objs, obj)
}

// The names of the children. The Gateway, its LoadBalancerConfiguration and
// the default TargetGroupConfiguration carry the LoadBalancer's name; the
// others add what they are for. Names stay the same while what they name
// does: the controller names target groups after the route they serve, so a
// renamed route would replace its target groups.

// serviceName is the Service of a target group: the one it names, or the one
// lbo makes for its selector.
func (x *expansion) serviceName(tg *lbov1.TargetGroup) string {
	if tg.Backend.Service != nil {
		return tg.Backend.Service.Name
	}
	return x.lb.Name + "-" + tg.Name
}

func (x *expansion) servicePort(tg *lbov1.TargetGroup) int32 {
	if tg.Backend.Service != nil {
		return tg.Backend.Service.Port
	}
	return tg.Backend.Port
}

// ruleConfigName is the ListenerRuleConfiguration of a rule;
// defaultConfigName that of a listener's default action. The prefixes keep
// the two apart whatever the names.
func (x *expansion) ruleConfigName(rule string) string { return x.lb.Name + "-rule-" + rule }
func (x *expansion) defaultConfigName(listener string) string {
	return x.lb.Name + "-default-" + listener
}

// hostRouteName is the HTTPRoute of the listeners of class (named by its
// first listener) for one hostname: a hash of the hostname keeps the name
// short and valid, whatever the hostname ("" is the route without
// hostnames).
func (x *expansion) hostRouteName(class, hostname string) string {
	if hostname == "" {
		return x.lb.Name + "-" + class
	}
	h := fnv.New32a()
	h.Write([]byte(hostname))
	return fmt.Sprintf("%s-%s-%08x", x.lb.Name, class, h.Sum32())
}

// gateway makes the Gateway: lbo's listeners on the GatewayClass, and for the
// AWS Load Balancer Controller its LoadBalancerConfiguration as parameters.
func (x *expansion) gateway(listeners []gwv1.Listener) {
	gw := &gwv1.Gateway{
		ObjectMeta: x.meta(x.lb.Name),
		Spec: gwv1.GatewaySpec{
			GatewayClassName: gwv1.ObjectName(x.lb.Spec.Gateway.ClassName),
			Listeners:        listeners,
		},
	}
	if x.aws {
		gw.Spec.Infrastructure = &gwv1.GatewayInfrastructure{ParametersRef: &gwv1.LocalParametersReference{
			Group: AWSGroup, Kind: KindLoadBalancerConfiguration, Name: x.lb.Name,
		}}
	}
	x.add(gw, GatewayGVK)
}

// services makes the Service of each target group that selects pods:
// ClusterIP for ip targets, NodePort for instance targets (the controller
// registers nodes on the node port). On L4 its ports are those of the
// protocols its listeners forward with.
func (x *expansion) services() {
	svcType := corev1.ServiceTypeClusterIP
	if x.lb.Spec.TargetTypeOrDefault() == lbov1.TargetTypeInstance {
		svcType = corev1.ServiceTypeNodePort
	}
	for i := range x.lb.Spec.TargetGroups {
		tg := &x.lb.Spec.TargetGroups[i]
		if tg.Backend.Selector == nil {
			continue
		}
		port := tg.Backend.Port
		ports := []corev1.ServicePort{{Name: "traffic", Protocol: corev1.ProtocolTCP, Port: port, TargetPort: intstr.FromInt32(port)}}
		if x.lb.Spec.Layer == lbov1.LayerL4 {
			ports = x.l4ServicePorts(tg)
		}
		svc := &corev1.Service{
			ObjectMeta: x.meta(x.serviceName(tg)),
			Spec:       corev1.ServiceSpec{Type: svcType, Selector: tg.Backend.Selector, Ports: ports},
		}
		x.add(svc, corev1.SchemeGroupVersion.WithKind("Service"))
	}
}
