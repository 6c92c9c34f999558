package expand

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// ServiceOverride is an annotation of an existing Service a target group
// forwards to that the AWS Load Balancer Controller uses over what the
// LoadBalancer declares (lbc.BackendServiceOverrides): lbo does not annotate
// Services it does not own, so it can only say so.
type ServiceOverride struct {
	// TargetGroup is the target group's name.
	TargetGroup string
	// Service is the Service's name, in the LoadBalancer's namespace.
	Service string
	// Annotation is the Service's annotation key.
	Annotation string
	// Field is the LoadBalancer field it overrides.
	Field *field.Path
	// Message says what the Service says, and what lbo declared.
	Message string
}

// ServiceOverrides are the overrides of svc, an existing Service of a target
// group of lb (an L7 LoadBalancer), on the target groups of lb that forward
// to it, given lb's Ingresses (its expansion). Each annotation is reported
// once per target group.
func ServiceOverrides(lb *lbov1.LoadBalancer, ingresses []*networkingv1.Ingress, svc *corev1.Service) []ServiceOverride {
	if lb.Spec.Layer != lbov1.LayerL7 {
		return nil
	}
	var out []ServiceOverride
	for i, tg := range lb.Spec.TargetGroups {
		ref := tg.Backend.Service
		if ref == nil || ref.Name != svc.Name {
			continue
		}
		seen := map[string]bool{}
		for _, ing := range ingresses {
			forwards, alone := forwardsTo(ing, ref.Name, ref.Port)
			if !forwards {
				continue
			}
			for _, o := range lbc.BackendServiceOverrides(svc.Annotations, ing.Annotations, ref.Name, ref.Port, alone) {
				if seen[o.Key] {
					continue
				}
				seen[o.Key] = true
				out = append(out, ServiceOverride{
					TargetGroup: tg.Name, Service: svc.Name, Annotation: o.Key,
					Field: overriddenField(i, o), Message: overrideMessage(svc, o),
				})
			}
		}
	}
	return out
}

// forwardsTo tells whether ing has an action that forwards to the Service
// port name:port, and whether one forwards to it alone.
func forwardsTo(ing *networkingv1.Ingress, name string, port int32) (forwards, alone bool) {
	direct := func(b *networkingv1.IngressBackend) bool {
		return b != nil && b.Service != nil && b.Service.Name == name && b.Service.Port.Number == port
	}
	if direct(ing.Spec.DefaultBackend) {
		forwards, alone = true, true
	}
	for _, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for _, p := range r.HTTP.Paths {
			if direct(&p.Backend) {
				forwards, alone = true, true
			}
		}
	}
	for k, v := range ing.Annotations {
		if _, ok := lbc.CutIngressAction(k); !ok {
			continue
		}
		a, err := lbc.DecodeAction(v)
		if err != nil || a.ForwardConfig == nil {
			continue
		}
		tgs := a.ForwardConfig.TargetGroups
		for _, t := range tgs {
			if t.ServiceName == name && t.ServicePort.IntValue() == int(port) {
				forwards = true
				alone = alone || len(tgs) == 1
			}
		}
	}
	return forwards, alone
}

// overriddenField is the LoadBalancer field an override of target group i's
// Service overrides.
func overriddenField(i int, o lbc.ServiceOverride) *field.Path {
	spec := field.NewPath("spec")
	hc := lbc.IngressHealthCheck
	ofTargetGroup := map[string][]string{
		lbc.IngressBackendProtocol:        {"backendProtocol"},
		lbc.IngressBackendProtocolVersion: {"backendProtocolVersion"},
		lbc.IngressTargetGroupAttributes:  {"attributes"},
		hc.Port:                           {"healthCheck", "port"},
		hc.Protocol:                       {"healthCheck", "protocol"},
		hc.Path:                           {"healthCheck", "path"},
		hc.Interval:                       {"healthCheck", "intervalSeconds"},
		hc.Timeout:                        {"healthCheck", "timeoutSeconds"},
		hc.HealthyThreshold:               {"healthCheck", "healthyThresholdCount"},
		hc.UnhealthyThreshold:             {"healthCheck", "unhealthyThresholdCount"},
		hc.SuccessCodes:                   {"healthCheck", "successCodes"},
	}
	ofSpec := map[string]string{
		lbc.IngressTargetType:       "targetType",
		lbc.IngressTargetNodeLabels: "targetNodeLabels",
		lbc.IngressMultiClusterTG:   "multiClusterTargetGroups",
	}
	tg := spec.Child("targetGroups").Index(i)
	switch {
	case ofTargetGroup[o.Key] != nil:
		return tg.Child(ofTargetGroup[o.Key][0], ofTargetGroup[o.Key][1:]...)
	case ofSpec[o.Key] != "":
		return spec.Child(ofSpec[o.Key])
	case o.Key == lbc.IngressTags && len(o.TagKeys) > 0:
		return spec.Child("tags").Key(o.TagKeys[0])
	case o.Key == lbc.IngressTags:
		return spec.Child("tags")
	case strings.HasPrefix(o.Key, lbc.IngressPrefix+"auth-"):
		return spec.Child("authentication")
	}
	if _, _, ok := lbc.CutIngressTargetControlPort(o.Key); ok {
		return tg.Child("targetControlPort")
	}
	return tg
}

// overrideMessage says what the Service's annotation does.
func overrideMessage(svc *corev1.Service, o lbc.ServiceOverride) string {
	declared := "which lbo leaves to the controller's default"
	if o.InIngress {
		declared = fmt.Sprintf("over the %q lbo declares", o.Ingress)
	}
	what := fmt.Sprintf("Service %s/%s carries %s: %q, which the AWS Load Balancer Controller uses %s", svc.Namespace, svc.Name, o.Key, o.Value, declared)
	switch o.Key {
	case lbc.IngressTags:
		what = fmt.Sprintf("Service %s/%s carries %s giving tag %s a value of its own, which the AWS Load Balancer Controller puts on the target group over the LoadBalancer's",
			svc.Namespace, svc.Name, o.Key, strings.Join(o.TagKeys, ", "))
	case lbc.IngressMultiClusterTG:
		what = fmt.Sprintf("Service %s/%s carries %s: %q, which makes the AWS Load Balancer Controller share the target group with other clusters", svc.Namespace, svc.Name, o.Key, o.Value)
	}
	if slices.Contains([]string{lbc.IngressTargetGroupAttributes, lbc.IngressTargetNodeLabels}, o.Key) {
		what += " (the whole annotation, not key by key)"
	}
	return what + "; remove the annotation from the Service (lbo does not change Services it does not own), or declare the same"
}
