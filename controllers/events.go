package controllers

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// event records one of lbo's own events on lb, for `kubectl describe lb`,
// about related (a child, or nil). Naming the child keeps the events about
// two children apart: events of one reason and action on one object are
// otherwise counted as one series.
func (r *LoadBalancerReconciler) event(lb *lbov1.LoadBalancer, related runtime.Object, eventType, reason, action, note string, args ...any) {
	if r.Recorder != nil {
		r.Recorder.Eventf(lb, related, eventType, reason, action, note, args...)
	}
}

// recordTransitions records an event for each of Accepted, Programmed and
// Ready whose status or reason the new status changes: what happened, once,
// rather than on every reconcile.
func (r *LoadBalancerReconciler) recordTransitions(lb *lbov1.LoadBalancer, old, status lbov1.LoadBalancerStatus) {
	for _, typ := range []string{lbov1.ConditionAccepted, lbov1.ConditionResolvedRefs, lbov1.ConditionProgrammed, lbov1.ConditionReady} {
		now := meta.FindStatusCondition(status.Conditions, typ)
		if now == nil {
			continue
		}
		if before := meta.FindStatusCondition(old.Conditions, typ); before != nil && before.Status == now.Status && before.Reason == now.Reason {
			continue
		}
		eventType := corev1.EventTypeNormal
		if now.Status != metav1.ConditionTrue && now.Reason != lbov1.ReasonPending && now.Reason != lbov1.ReasonAddressPending && now.Reason != lbov1.ReasonNotProgrammed {
			eventType = corev1.EventTypeWarning
		}
		r.event(lb, nil, eventType, now.Reason, typ, "%s=%s: %s", typ, now.Status, now.Message)
	}
}
