package controllers

import (
	"fmt"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// gatewayReport is what the Gateway's controller reported on the Gateway
// backend's children, in their status: the AWS Load Balancer Controller (or
// the Standard implementation's controller) writes no events lbo reads, but
// the conditions Gateway API defines.
//
//   - succeeded: the Gateway's Programmed condition is True for its current
//     generation, and every route has, for the Gateway, Accepted True for
//     its current generation;
//   - warnings: every condition Accepted, Programmed or ResolvedRefs that is
//     False for the object's current generation, on the Gateway, on one of
//     its listeners or on a route for the Gateway, with the controller's
//     reason and message; a condition False with reason Pending is waiting,
//     not failing.
//
// A condition of an older generation is about a spec lbo has since changed,
// and says nothing yet.
func gatewayReport(lb *lbov1.LoadBalancer, desired []client.Object, live map[childKey]client.Object) awsReport {
	rep := awsReport{succeeded: true, gateway: true, by: "the AWS Load Balancer Controller"}
	if lb.Spec.Gateway.ImplementationOrDefault() == lbov1.GatewayStandard {
		rep.by = "the controller of GatewayClass " + lb.Spec.Gateway.ClassName
	}
	warn := func(what string, gen int64, conds []metav1.Condition) {
		for _, c := range conds {
			if c.ObservedGeneration < gen || c.Status != metav1.ConditionFalse || c.Reason == string(gwv1.GatewayReasonPending) {
				continue
			}
			switch c.Type {
			case string(gwv1.GatewayConditionAccepted), string(gwv1.GatewayConditionProgrammed), string(gwv1.RouteConditionResolvedRefs):
				rep.warnings = append(rep.warnings, fmt.Sprintf("%s: %s False, %s: %s", what, c.Type, c.Reason, strings.TrimSpace(c.Message)))
			}
		}
	}
	current := func(conds []metav1.Condition, typ string, gen int64) bool {
		for _, c := range conds {
			if c.Type == typ {
				return c.Status == metav1.ConditionTrue && c.ObservedGeneration >= gen
			}
		}
		return false
	}
	gatewayName := ""
	for _, want := range desired {
		if _, ok := want.(*gwv1.Gateway); ok {
			gatewayName = want.GetName()
		}
	}
	found := false
	for _, want := range desired {
		key := keyOf(want)
		switch obj := live[key].(type) {
		case *gwv1.Gateway:
			found = true
			what := "Gateway " + obj.Name
			warn(what, obj.Generation, obj.Status.Conditions)
			for _, l := range obj.Status.Listeners {
				warn(fmt.Sprintf("%s listener %s", what, l.Name), obj.Generation, l.Conditions)
			}
			if !current(obj.Status.Conditions, string(gwv1.GatewayConditionProgrammed), obj.Generation) {
				rep.succeeded = false
			}
		case *gwv1.HTTPRoute, *gwv1.TCPRoute, *gwv1.UDPRoute:
			var parents []gwv1.RouteParentStatus
			switch r := obj.(type) {
			case *gwv1.HTTPRoute:
				parents = r.Status.Parents
			case *gwv1.TCPRoute:
				parents = r.Status.Parents
			case *gwv1.UDPRoute:
				parents = r.Status.Parents
			}
			route := obj
			accepted := false
			for _, p := range parents {
				if string(p.ParentRef.Name) != gatewayName || (p.ParentRef.Namespace != nil && string(*p.ParentRef.Namespace) != route.GetNamespace()) {
					continue
				}
				warn(key.kind+" "+key.name, route.GetGeneration(), p.Conditions)
				accepted = accepted || current(p.Conditions, string(gwv1.RouteConditionAccepted), route.GetGeneration())
			}
			if !accepted {
				rep.succeeded = false
			}
		}
	}
	if !found {
		rep.succeeded = false
	}
	slices.Sort(rep.warnings)
	rep.warnings = slices.Compact(rep.warnings)
	return rep
}

// gatewayAddress is the address the Gateway's controller reports in the
// Gateway's status: its first hostname (the AWS Load Balancer Controller
// reports the load balancer's DNS name), or, from an implementation that
// reports none, its first address.
func gatewayAddress(desired []client.Object, live map[childKey]client.Object) string {
	for _, want := range desired {
		gw, ok := live[keyOf(want)].(*gwv1.Gateway)
		if !ok {
			continue
		}
		for _, a := range gw.Status.Addresses {
			if a.Type != nil && *a.Type == gwv1.HostnameAddressType && a.Value != "" {
				return a.Value
			}
		}
		for _, a := range gw.Status.Addresses {
			if a.Value != "" {
				return a.Value
			}
		}
	}
	return ""
}
