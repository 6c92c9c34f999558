package controllers

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// observe reads what became of lb's children: the load balancer's address,
// which child carries each listener, and what the AWS Load Balancer
// Controller reported on them (in events on the Ingress or Service; in the
// Gateway's and routes' status with spec.gateway). A pass that did not get
// as far as listing the children observes nothing, and the status keeps what
// it said.
func (r *LoadBalancerReconciler) observe(ctx context.Context, s *scope) error {
	if s.live == nil {
		return nil
	}
	if s.lb.Spec.Gateway != nil {
		s.obs.aws = gatewayReport(s.lb, s.desired, s.live)
		s.obs.hostname = gatewayAddress(s.desired, s.live)
	} else {
		aws, err := r.awsReports(ctx, s.desired, s.live, s.applied, time.Now().Truncate(time.Second))
		if err != nil {
			return err
		}
		s.obs.aws = aws
		s.obs.hostname = hostname(s.desired, s.live)
	}
	for key, obj := range s.live {
		if arn := bindingARN(obj); key.kind == bindingKind && arn != "" {
			if s.obs.bindingARNs == nil {
				s.obs.bindingARNs = map[string]string{}
			}
			s.obs.bindingARNs[key.name] = arn
		}
	}
	s.obs.listeners = listenerStatuses(s.lb, s.desired)
	s.observed = true
	return nil
}

// listenerStatuses names the child that carries each listener: the one
// object the AWS Load Balancer Controller provisions the load balancer from.
func listenerStatuses(lb *lbov1.LoadBalancer, desired []client.Object) []lbov1.ListenerStatus {
	carrier := ""
	for _, obj := range desired {
		if provisioned(obj) {
			carrier = keyOf(obj).kind + "/" + obj.GetName()
			break
		}
	}
	statuses := make([]lbov1.ListenerStatus, 0, len(lb.Spec.Listeners))
	for _, l := range lb.Spec.Listeners {
		statuses = append(statuses, lbov1.ListenerStatus{Name: l.Name, Port: l.Port, Protocol: l.Protocol, Object: carrier})
	}
	return statuses
}

// hostname is the load balancer's DNS name as the first desired child that
// has one reports it in status.loadBalancer.ingress.
func hostname(desired []client.Object, live map[childKey]client.Object) string {
	for _, want := range desired {
		switch obj := live[keyOf(want)].(type) {
		case *corev1.Service:
			for _, ing := range obj.Status.LoadBalancer.Ingress {
				if ing.Hostname != "" {
					return ing.Hostname
				}
			}
		case *networkingv1.Ingress:
			for _, ing := range obj.Status.LoadBalancer.Ingress {
				if ing.Hostname != "" {
					return ing.Hostname
				}
			}
		}
	}
	return ""
}
