package integration

import (
	"context"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
)

// TestL4SettingsReachTheService creates an L4 LoadBalancer that sets most
// Network Load Balancer settings and checks that the API server takes the
// Service they expand to, with all of them.
func TestL4SettingsReachTheService(t *testing.T) {
	ns := newNamespace(t)
	lb := validL4("full")
	lb.Namespace = ns
	lb = create(t, lb)
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)

	res := expand.LoadBalancer(getLB(t, lb))
	if len(res.Problems) > 0 || len(res.Objects) != 1 {
		t.Fatalf("expanding: %d objects, %v", len(res.Objects), res.Problems)
	}
	want := res.Objects[0].(*corev1.Service)
	var got corev1.Service
	if err := k8s.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: lb.Name}, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Annotations, want.Annotations) {
		t.Errorf("annotations are\n%v\nwant\n%v", got.Annotations, want.Annotations)
	}
	if !reflect.DeepEqual(got.Spec.LoadBalancerSourceRanges, lb.Spec.SourceRanges) {
		t.Errorf("loadBalancerSourceRanges are %v, want %v", got.Spec.LoadBalancerSourceRanges, lb.Spec.SourceRanges)
	}
	for _, key := range []string{
		"service.beta.kubernetes.io/aws-load-balancer-eip-allocations",
		"service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.443",
		"service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TLS-443",
		"service.beta.kubernetes.io/aws-load-balancer-backend-protocol",
	} {
		if _, ok := got.Annotations[key]; !ok {
			t.Errorf("the Service has no %s", key)
		}
	}
}

// TestL4WhatOneServiceCannotSayIsNotAccepted: TLS listeners with different
// TLS settings pass admission (comparing every pair is beyond CEL's cost
// budget), but the expansion refuses them, and the LoadBalancer says so.
func TestL4WhatOneServiceCannotSayIsNotAccepted(t *testing.T) {
	ns := newNamespace(t)
	lb := validL4("tls-differ")
	lb.Namespace = ns
	lb.Spec.Listeners[1] = lbov1.Listener{
		Name: "tls2", Port: 8443, Protocol: lbov1.ProtocolTLS,
		TLS:           &lbov1.ListenerTLS{CertificateARNs: lb.Spec.Listeners[0].TLS.CertificateARNs, ALPNPolicy: "HTTP1Only"},
		DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}},
	}
	lb = create(t, lb)
	got := waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonInvalid)
	msg := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionAccepted).Message
	if !strings.Contains(msg, "spec.listeners[1].tls") || !strings.Contains(msg, "same certificates and policies") {
		t.Fatalf("the Accepted message does not name spec.listeners[1].tls and say why: %s", msg)
	}
}

// The NodePort range (30000-32767) is the cluster's, shared by every team,
// and a load balancer with ip targets sends to pod IPs: its Services take no
// NodePort. Instance targets need them: the load balancer sends to nodes.
func TestNoNodePortsForIPTargets(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	ip := create(t, internalL4(ns, "ip", "ip", 443))
	instance := internalL4(ns, "instance", "instance", 443)
	instance.Spec.TargetType = lbov1.TargetTypeInstance
	create(t, instance)
	l7 := create(t, selectorL7(ns, "web"))
	for _, lb := range []*lbov1.LoadBalancer{ip, instance, l7} {
		waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	}
	nodePorts := func(name string) (allocate *bool, ports []int32) {
		var svc corev1.Service
		if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, &svc); err != nil {
			t.Fatal(err)
		}
		for _, p := range svc.Spec.Ports {
			if p.NodePort != 0 {
				ports = append(ports, p.NodePort)
			}
		}
		return svc.Spec.AllocateLoadBalancerNodePorts, ports
	}
	if allocate, ports := nodePorts("ip"); allocate == nil || *allocate || len(ports) > 0 {
		t.Errorf("the L4 Service with ip targets: allocateLoadBalancerNodePorts %v, NodePorts %v; want false and none", allocate, ports)
	}
	if _, ports := nodePorts("instance"); len(ports) != 1 {
		t.Errorf("the L4 Service with instance targets has NodePorts %v, want one for its listener", ports)
	}
	if _, ports := nodePorts("web-api"); len(ports) > 0 {
		t.Errorf("the Service of an L7 target group with ip targets has NodePorts %v, want none", ports)
	}
}
