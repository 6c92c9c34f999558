package controllers

import (
	"fmt"
	"slices"

	networkingv1 "k8s.io/api/networking/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/expand"
)

// setAWSStatus puts what the AWS reader saw into st: the aws block, each
// listener's ARN and each target group's ARN and target health. An
// observation made for another address than st's is stale and ignored, and
// with no observation (reader off, or not read yet) nothing of AWS is shown.
func setAWSStatus(lb *lbov1.LoadBalancer, st *lbov1.LoadBalancerStatus, o *awsstate.LoadBalancer, ingresses []*networkingv1.Ingress) {
	st.AWS = nil
	if o == nil || st.Address == nil || o.Hostname != st.Address.Hostname {
		return
	}
	st.AWS = &lbov1.AWSLoadBalancerStatus{
		ARN: o.ARN, DNSName: o.DNSName, CanonicalHostedZoneID: o.CanonicalHostedZoneID,
		State: lbov1.AWSLoadBalancerState(o.State), StateReason: o.StateReason, Message: o.Message,
	}
	if !o.Found {
		return
	}

	for i := range st.Listeners {
		l := &st.Listeners[i]
		for _, al := range o.Listeners {
			if al.Port == l.Port {
				l.ARN = al.ARN
				break
			}
		}
	}

	ids := targetGroupResourceIDs(lb, ingresses)
	for i := range st.TargetGroups {
		tg := &st.TargetGroups[i]
		var h *lbov1.TargetHealthStatus
		for _, atg := range o.TargetGroups {
			if atg.ResourceID == "" || !slices.Contains(ids[tg.Name], atg.ResourceID) {
				continue
			}
			// Several AWS target groups for one of lbo's (two listeners
			// to one port, or several Ingresses forwarding to it) add up;
			// the first ARN names them.
			if h == nil {
				h = &lbov1.TargetHealthStatus{}
				tg.ARN = atg.ARN
			}
			h.Healthy += atg.Health.Healthy
			h.Unhealthy += atg.Health.Unhealthy
			h.Initial += atg.Health.Initial
			h.Draining += atg.Health.Draining
			h.Unused += atg.Health.Unused
			h.Unavailable += atg.Health.Unavailable
			h.UnhealthyReasons = append(h.UnhealthyReasons, atg.Health.UnhealthyReasons...)
		}
		if h != nil {
			slices.Sort(h.UnhealthyReasons)
			h.UnhealthyReasons = slices.Compact(h.UnhealthyReasons)
			if len(h.UnhealthyReasons) > 10 {
				h.UnhealthyReasons = h.UnhealthyReasons[:10]
			}
			tg.Targets = h
		}
	}
}

// targetGroupResourceIDs are the AWS Load Balancer Controller's resource
// tags of the target groups it makes for lb's target groups, by name: for
// each Ingress "namespace/ingress-service:port" (the controller makes one
// target group per Ingress and Service port), for a Service
// "namespace/service:targetPort".
func targetGroupResourceIDs(lb *lbov1.LoadBalancer, ingresses []*networkingv1.Ingress) map[string][]string {
	ids := map[string][]string{}
	// The first Ingress is named after the LoadBalancer; a split adds more.
	names := []string{lb.Name}
	for _, ing := range ingresses {
		if ing.Name != lb.Name {
			names = append(names, ing.Name)
		}
	}
	for i := range lb.Spec.TargetGroups {
		tg := &lb.Spec.TargetGroups[i]
		switch lb.Spec.Layer {
		case lbov1.LayerL4:
			ids[tg.Name] = []string{fmt.Sprintf("%s/%s:%d", lb.Namespace, lb.Name, tg.Backend.Port)}
		case lbov1.LayerL7:
			svc, port := expand.TargetGroupServiceName(lb, tg), tg.Backend.Port
			if tg.Backend.Service != nil {
				port = tg.Backend.Service.Port
			}
			for _, ing := range names {
				ids[tg.Name] = append(ids[tg.Name], fmt.Sprintf("%s/%s-%s:%d", lb.Namespace, ing, svc, port))
			}
		}
	}
	return ids
}
