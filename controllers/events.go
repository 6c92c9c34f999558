package controllers

import (
	"cmp"
	"fmt"
	"slices"

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

// maxEventNote is how much of an event's note lbo fills; the API server
// refuses notes over 1 kB.
const maxEventNote = 900

// childrenEvent records one event for what a reconcile did to several
// children ("applied Service a, Ingress b"), rather than one event per child:
// a new LoadBalancer gets one event, not one per child, and `kubectl describe
// lb` reads as what happened, once per change.
func (r *LoadBalancerReconciler) childrenEvent(lb *lbov1.LoadBalancer, reason, action, verb string, keys []childKey) {
	if len(keys) == 0 {
		return
	}
	keys = slices.SortedFunc(slices.Values(keys), func(a, b childKey) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.name, b.name))
	})
	note := verb
	for i, key := range keys {
		item := fmt.Sprintf(" %s %s", key.kind, key.name)
		if i > 0 {
			item = "," + item
		}
		if len(note)+len(item) > maxEventNote {
			note += fmt.Sprintf(" and %d more", len(keys)-i)
			break
		}
		note += item
	}
	r.event(lb, nil, corev1.EventTypeNormal, reason, action, "%s", note)
}

// recordTransitions records an event for each of Accepted, ResolvedRefs,
// Programmed and Ready whose status or reason the new status changes: what
// happened, once, rather than on every reconcile. A condition's first value
// is recorded only when it is a Warning: that a new LoadBalancer is
// accepted, resolved and pending is what its Applied event already says.
func (r *LoadBalancerReconciler) recordTransitions(lb *lbov1.LoadBalancer, old, status lbov1.LoadBalancerStatus) {
	for _, typ := range []string{lbov1.ConditionAccepted, lbov1.ConditionResolvedRefs, lbov1.ConditionProgrammed, lbov1.ConditionReady} {
		now := meta.FindStatusCondition(status.Conditions, typ)
		if now == nil {
			continue
		}
		before := meta.FindStatusCondition(old.Conditions, typ)
		if before != nil && before.Status == now.Status && before.Reason == now.Reason {
			continue
		}
		eventType := corev1.EventTypeNormal
		if now.Status != metav1.ConditionTrue && now.Reason != lbov1.ReasonPending && now.Reason != lbov1.ReasonAddressPending && now.Reason != lbov1.ReasonNotProgrammed {
			eventType = corev1.EventTypeWarning
		}
		if before == nil && eventType == corev1.EventTypeNormal {
			continue
		}
		r.event(lb, nil, eventType, now.Reason, typ, "%s=%s: %s", typ, now.Status, now.Message)
	}
}
