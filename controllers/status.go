package controllers

import (
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
)

// observation is what one reconcile saw and did: the input of the status.
type observation struct {
	// problems are why the spec could not be expanded.
	problems field.ErrorList
	// ingresses are the Ingresses of lb's expansion.
	ingresses []*networkingv1.Ingress
	// group is whether lb may be in its spec.group.
	group groupConsent
	// targetGroups are the target groups with their resolved Services.
	targetGroups []lbov1.TargetGroupStatus
	// listeners are the listeners with the child that carries each.
	listeners []lbov1.ListenerStatus
	// conflicts are children whose name another object holds.
	conflicts []string
	// applyErr is why the children could not all be applied or pruned.
	applyErr error
	// aws is what the AWS Load Balancer Controller reported.
	aws awsReport
	// hostname is the load balancer's DNS name as a child reports it.
	hostname string
	// awsLB is what lbo's AWS reader last read of the load balancer; nil
	// when the reader is off or has not read it yet.
	awsLB *awsstate.LoadBalancer
}

// computeStatus is the LoadBalancer's status after a reconcile that observed
// obs. Conditions whose status is unchanged keep their transition time, and
// messages carry no generated names or times, so a steady LoadBalancer gets
// the same status again and causes no write.
func computeStatus(lb *lbov1.LoadBalancer, obs observation, now metav1.Time) lbov1.LoadBalancerStatus {
	st := *lb.Status.DeepCopy()
	st.ObservedGeneration = lb.Generation
	// Copies: the AWS observation is added to them below, and obs stays as it was.
	st.Listeners = slices.Clone(obs.listeners)
	st.TargetGroups = slices.Clone(obs.targetGroups)
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

	accepted := len(obs.problems) == 0 && !obs.group.refused
	switch {
	case len(obs.problems) > 0:
		set(lbov1.ConditionAccepted, false, lbov1.ReasonInvalid, problemsMessage(obs.problems))
	case obs.group.conflict:
		set(lbov1.ConditionAccepted, false, lbov1.ReasonGroupConflict, obs.group.message)
	case obs.group.refused:
		set(lbov1.ConditionAccepted, false, lbov1.ReasonGroupNotPermitted, obs.group.message)
	default:
		set(lbov1.ConditionAccepted, true, lbov1.ReasonAccepted, "the spec was expanded into its children")
	}

	var missing []string
	for _, tg := range obs.targetGroups {
		if !tg.Resolved {
			missing = append(missing, "target group "+tg.Name+": "+tg.Message)
		}
	}
	resolved := len(missing) == 0
	if resolved {
		set(lbov1.ConditionResolvedRefs, true, lbov1.ReasonResolved, "every referenced Service and port exists")
	} else {
		set(lbov1.ConditionResolvedRefs, false, lbov1.ReasonBackendNotFound, strings.Join(missing, "; "))
	}

	programmed, stalled := false, false
	switch {
	case !accepted:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonNotAccepted, "nothing was applied for this generation because the spec is not accepted")
	case len(obs.conflicts) > 0:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonNameConflict, strings.Join(obs.conflicts, "; "))
	case obs.applyErr != nil:
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonApplyFailed, obs.applyErr.Error())
	case len(obs.aws.warnings) > 0:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonProvisioningFailed, "the AWS Load Balancer Controller reports: "+strings.Join(obs.aws.warnings, "; "))
	case obs.aws.succeeded || obs.hostname != "":
		programmed = true
		set(lbov1.ConditionProgrammed, true, lbov1.ReasonProgrammed, "the children are applied and the AWS Load Balancer Controller reports success")
	default:
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonPending, "the children are applied; waiting for the AWS Load Balancer Controller to provision the load balancer")
	}

	if obs.hostname != "" && accepted {
		st.Address = &lbov1.Address{Hostname: obs.hostname}
	} else if accepted {
		st.Address = nil
	}
	setAWSStatus(lb, &st, obs.awsLB, obs.ingresses)
	var awsState lbov1.AWSLoadBalancerState
	awsReason := ""
	if st.AWS != nil {
		awsState = st.AWS.State
		if st.AWS.StateReason != "" {
			awsReason = ": " + st.AWS.StateReason
		}
	}
	ready, awsFailed := false, false
	switch {
	case !programmed:
		set(lbov1.ConditionReady, false, lbov1.ReasonNotProgrammed, "the load balancer is not programmed; see the Programmed condition")
	case !resolved:
		set(lbov1.ConditionReady, false, lbov1.ReasonBackendNotFound, "a target group's Service is missing; see the ResolvedRefs condition")
	case obs.hostname == "":
		set(lbov1.ConditionReady, false, lbov1.ReasonAddressPending, "waiting for the AWS Load Balancer Controller to report the load balancer's address")
	case awsState == lbov1.AWSStateProvisioning:
		set(lbov1.ConditionReady, false, lbov1.ReasonLoadBalancerProvisioning, "AWS reports the load balancer at "+obs.hostname+" as provisioning"+awsReason)
	case awsState == lbov1.AWSStateFailed:
		awsFailed = true
		set(lbov1.ConditionReady, false, lbov1.ReasonLoadBalancerFailed, "AWS reports the load balancer at "+obs.hostname+" as failed"+awsReason)
	default:
		ready = true
		msg := "the load balancer is provisioned at " + obs.hostname
		if awsState == lbov1.AWSStateActiveImpaired {
			msg += "; AWS reports it active_impaired (serving, but without the resources to scale)" + awsReason
		}
		set(lbov1.ConditionReady, true, lbov1.ReasonAddressAssigned, msg)
	}

	switch {
	case stalled:
		prog := meta.FindStatusCondition(st.Conditions, lbov1.ConditionProgrammed)
		set(lbov1.ConditionStalled, true, prog.Reason, prog.Message)
		set(lbov1.ConditionReconciling, false, lbov1.ReasonSteady, "nothing is in progress")
	case awsFailed:
		rd := meta.FindStatusCondition(st.Conditions, lbov1.ConditionReady)
		set(lbov1.ConditionStalled, true, rd.Reason, rd.Message)
		set(lbov1.ConditionReconciling, false, lbov1.ReasonSteady, "nothing is in progress")
	case ready:
		set(lbov1.ConditionStalled, false, lbov1.ReasonSteady, "nothing is stuck")
		set(lbov1.ConditionReconciling, false, lbov1.ReasonSteady, "nothing is in progress")
	default:
		set(lbov1.ConditionStalled, false, lbov1.ReasonSteady, "nothing is stuck")
		set(lbov1.ConditionReconciling, true, lbov1.ReasonProgressing, "progressing toward Ready; see the Ready condition")
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
