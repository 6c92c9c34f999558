package lbc

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Existing Services as backends: what the controller can make targets of.
// Only the cluster knows a Service's type, so the reconciler checks it
// (ResolvedRefs), not the expansion.

// RuleBackendService is the rule CheckBackendService states.
var RuleBackendService = Rule{
	Fields: []string{"spec.targetGroups[].backend.service"},
	Says: "names a Service the AWS Load Balancer Controller can take targets from: not of type ExternalName (it has no endpoints), " +
		"and of type NodePort or LoadBalancer with targetType instance (the controller registers nodes on the Service's node port). " +
		"Only the cluster knows, so a Service that breaks it is reported in ResolvedRefs, naming the target group and the Service, " +
		"and nothing that would forward to it is applied",
}

// CheckBackendService refuses an existing Service of type svcType as the
// backend of a target group with targetType (ip or instance), as the
// controller would make nothing of it:
//   - an ExternalName Service has no endpoints: with ip targets the target
//     group never gets a target; with instance targets it has no node port;
//   - with instance targets, the controller registers the nodes on the
//     Service's node port, and a ClusterIP Service has none: it fails the
//     whole Ingress group ("TargetGroup port is empty. When using Instance
//     targets, your service be must of type 'NodePort' or 'LoadBalancer'",
//     pkg/ingress/model_build_target_group.go).
func CheckBackendService(targetType string, svcType corev1.ServiceType) error {
	switch {
	case svcType == corev1.ServiceTypeExternalName:
		return fmt.Errorf("it is of type ExternalName, which has no endpoints for the AWS Load Balancer Controller to register as targets; " +
			"forward to a Service that selects the pods, or use backend.selector")
	case targetType == "instance" && svcType != corev1.ServiceTypeNodePort && svcType != corev1.ServiceTypeLoadBalancer:
		return fmt.Errorf("it is of type %s, and with targetType instance the AWS Load Balancer Controller registers the nodes on the Service's node port, "+
			"which only a NodePort or LoadBalancer Service has (the controller would fail the whole load balancer); use targetType ip, or a NodePort Service", serviceTypeOrDefault(svcType))
	}
	return nil
}

func serviceTypeOrDefault(t corev1.ServiceType) corev1.ServiceType {
	if t == "" {
		return corev1.ServiceTypeClusterIP
	}
	return t
}
