package controllers

import (
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// observation is what one reconcile saw and did, the input of the status.
type observation struct {
	// problems are why the spec could not be expanded.
	problems field.ErrorList
	// applyErr is why the children could not all be applied or pruned.
	applyErr error
	// hostname is the load balancer's DNS name as a child reports it.
	hostname string
}

// computeStatus is the LoadBalancer's status after a reconcile that observed
// obs. It keeps the transition times of conditions whose status is unchanged,
// so a steady LoadBalancer gets the same status and no write.
func computeStatus(lb *lbov1.LoadBalancer, obs observation, now metav1.Time) lbov1.LoadBalancerStatus {
	st := *lb.Status.DeepCopy()
	st.ObservedGeneration = lb.Generation
	set := func(typ string, ok bool, reason, message string) {
		status := metav1.ConditionFalse
		if ok {
			status = metav1.ConditionTrue
		}
		meta.SetStatusCondition(&st.Conditions, metav1.Condition{
			Type: typ, Status: status, Reason: reason, Message: message,
			ObservedGeneration: lb.Generation, LastTransitionTime: now,
		})
	}

	accepted := len(obs.problems) == 0
	if accepted {
		set(lbov1.ConditionAccepted, true, lbov1.ReasonAccepted, "the spec was expanded into its children")
	} else {
		set(lbov1.ConditionAccepted, false, lbov1.ReasonInvalid, problemsMessage(obs.problems))
	}

	programmed := false
	switch {
	case !accepted:
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonNotAccepted, "nothing was applied for this generation because the spec is not accepted")
	case obs.applyErr != nil:
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonApplyFailed, obs.applyErr.Error())
	default:
		programmed = true
		set(lbov1.ConditionProgrammed, true, lbov1.ReasonApplied, "every child is applied and up to date")
	}

	if obs.hostname != "" {
		st.Address = &lbov1.Address{Hostname: obs.hostname}
	} else {
		st.Address = nil
	}
	switch {
	case !programmed:
		set(lbov1.ConditionReady, false, lbov1.ReasonNotProgrammed, "the children are not programmed")
	case obs.hostname == "":
		set(lbov1.ConditionReady, false, lbov1.ReasonAddressPending, "waiting for the AWS Load Balancer Controller to provision the load balancer and report its address")
	default:
		set(lbov1.ConditionReady, true, lbov1.ReasonAddressAssigned, "the load balancer is provisioned at "+obs.hostname)
	}
	return st
}

// problemsMessage joins the problems into one condition message, each naming
// its field.
func problemsMessage(problems field.ErrorList) string {
	msgs := make([]string, 0, len(problems))
	for _, p := range problems {
		msgs = append(msgs, p.Error())
	}
	return strings.Join(msgs, "; ")
}
