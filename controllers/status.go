package controllers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/expand"
)

// observation is what one reconcile saw and did: the input of the status.
// Its zero value is a pass that observed everything and found nothing wrong.
type observation struct {
	// problems are why the spec could not be expanded.
	problems field.ErrorList
	// ingresses are the Ingresses of lb's expansion.
	ingresses []*networkingv1.Ingress
	// group is whether lb may be in its spec.group.
	group groupConsent
	// taken says which LoadBalancer has a setting of lb that AWS grants to
	// one load balancer only (its name, an Elastic IP, a static address).
	taken string
	// targetGroups are the target groups with their resolved Services.
	targetGroups []lbov1.TargetGroupStatus
	// overrides are the annotations of the target groups' existing Services
	// that the AWS Load Balancer Controller uses over lb's declaration.
	overrides []expand.ServiceOverride
	// listeners are the listeners with the child that carries each.
	listeners []lbov1.ListenerStatus
	// missingKinds says which kinds of lb's children the cluster does not
	// serve, and which CRDs to install.
	missingKinds string
	// conflicts are children whose name another object holds.
	conflicts []string
	// unusable are the target groups whose existing Service the AWS Load
	// Balancer Controller cannot take targets from; nothing of the pass is
	// written.
	unusable []string
	// refused is the child the API server refused; nothing of the pass
	// was written (or kept).
	refused *refusal
	// err stopped the reconcile before it was done; lbo tries again.
	err error
	// acceptedUnknown, childrenUnknown and refsUnknown: the reconcile did not
	// learn whether the spec is accepted, what became of the children, or
	// whether the referenced Services exist. The status keeps what it said.
	acceptedUnknown, childrenUnknown, refsUnknown bool
	// aws is what the AWS Load Balancer Controller reported.
	aws awsReport
	// hostname is the load balancer's DNS name as a child reports it.
	hostname string
	// bindingARNs are the target group ARNs of the live TargetGroupBindings,
	// by binding name.
	bindingARNs map[string]string
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
	if !obs.childrenUnknown {
		st.Listeners = slices.Clone(obs.listeners)
	}
	if !obs.refsUnknown {
		st.TargetGroups = slices.Clone(obs.targetGroups)
		for i := range st.TargetGroups {
			if tg := &st.TargetGroups[i]; tg.ARN == "" && tg.Binding != "" {
				// Bound by name: the ARN the controller's webhook found.
				tg.ARN = obs.bindingARNs[tg.Binding]
			}
		}
	}
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

	switch {
	case obs.acceptedUnknown:
		// The reconcile stopped before it knew: what was said stands.
	case len(obs.problems) > 0:
		set(lbov1.ConditionAccepted, false, lbov1.ReasonInvalid, problemsMessage(obs.problems))
	case obs.group.state == consentConflict:
		set(lbov1.ConditionAccepted, false, lbov1.ReasonGroupConflict, obs.group.message)
	case obs.group.state != consentAdmitted:
		set(lbov1.ConditionAccepted, false, lbov1.ReasonGroupNotPermitted, obs.group.message)
	case obs.taken != "":
		set(lbov1.ConditionAccepted, false, lbov1.ReasonNameConflict, obs.taken)
	default:
		set(lbov1.ConditionAccepted, true, lbov1.ReasonAccepted, "the spec was expanded into its children")
	}
	accepted := meta.IsStatusConditionTrue(st.Conditions, lbov1.ConditionAccepted)

	var missing []string
	for _, tg := range obs.targetGroups {
		if !tg.Resolved {
			missing = append(missing, "target group "+tg.Name+": "+tg.Message)
		}
	}
	var overrides []string
	for _, o := range obs.overrides {
		overrides = append(overrides, "target group "+o.TargetGroup+": "+o.Field.String()+": "+o.Message)
	}
	switch {
	case obs.refsUnknown:
		// The Services could not be read: what was said of them stands.
	case len(obs.unusable) > 0:
		set(lbov1.ConditionResolvedRefs, false, lbov1.ReasonBackendNotUsable, strings.Join(missing, "; "))
	case len(missing) > 0:
		set(lbov1.ConditionResolvedRefs, false, lbov1.ReasonBackendNotFound, strings.Join(missing, "; "))
	case len(overrides) > 0:
		set(lbov1.ConditionResolvedRefs, false, lbov1.ReasonServiceOverrides, strings.Join(overrides, "; "))
	default:
		set(lbov1.ConditionResolvedRefs, true, lbov1.ReasonResolved, "every referenced Service and port exists")
	}
	refsCond := meta.FindStatusCondition(st.Conditions, lbov1.ConditionResolvedRefs)
	resolved := refsCond != nil && refsCond.Status == metav1.ConditionTrue
	// A Service's own annotations stay until someone changes the Service.
	overridden := refsCond != nil && refsCond.Reason == lbov1.ReasonServiceOverrides

	// A LoadBalancer of layer External has no load balancer to provision,
	// and no address: its TargetGroupBindings are all there is.
	external := lb.Spec.Layer == lbov1.LayerExternal
	programmed, stalled := false, false
	switch {
	case !accepted && !obs.acceptedUnknown:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonNotAccepted, "nothing was applied for this generation because the spec is not accepted")
	case obs.missingKinds != "":
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonCRDNotInstalled, obs.missingKinds+"; nothing of this generation is applied")
	case len(obs.unusable) > 0:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonBackendNotUsable, strings.Join(obs.unusable, "; ")+"; nothing of this generation is applied: the children stay as they were")
	case len(obs.conflicts) > 0:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonNameConflict, strings.Join(obs.conflicts, "; ")+"; nothing of this generation is applied")
	case obs.refused != nil:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonApplyFailed, obs.refused.Error()+"; nothing of this generation is applied: the children stay as they were")
	case obs.err != nil:
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonApplyFailed, "lbo could not finish reconciling, and tries again: "+obs.err.Error())
	case len(obs.aws.warnings) > 0:
		stalled = true
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonProvisioningFailed, obs.aws.reporter()+" reports: "+strings.Join(obs.aws.warnings, "; "))
	case (obs.aws.succeeded || (obs.hostname != "" && !obs.aws.gateway) || external) && len(obs.aws.waiting) == 0:
		programmed = true
		set(lbov1.ConditionProgrammed, true, lbov1.ReasonProgrammed, "the children are applied and "+obs.aws.reporter()+" reports success")
	default:
		var waits []string
		if !obs.aws.succeeded && (obs.hostname == "" || obs.aws.gateway) && !external {
			waits = append(waits, "provision the load balancer")
		}
		if len(obs.aws.waiting) > 0 {
			waits = append(waits, "register the targets of TargetGroupBinding "+strings.Join(obs.aws.waiting, ", "))
		}
		set(lbov1.ConditionProgrammed, false, lbov1.ReasonPending, "the children are applied; waiting for "+obs.aws.reporter()+" to "+strings.Join(waits, " and to "))
	}

	switch {
	case obs.childrenUnknown || !accepted:
		// Nothing was observed of the children, or they are not this
		// generation's: the address said before stands.
	case obs.hostname != "":
		st.Address = &lbov1.Address{Hostname: obs.hostname}
	default:
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
	case overridden:
		set(lbov1.ConditionReady, false, lbov1.ReasonServiceOverrides, "a target group's Service carries annotations the AWS Load Balancer Controller uses over what the LoadBalancer declares; see the ResolvedRefs condition")
	case !resolved:
		set(lbov1.ConditionReady, false, lbov1.ReasonBackendNotFound, "a target group's Service is missing; see the ResolvedRefs condition")
	case external:
		ready = true
		set(lbov1.ConditionReady, true, lbov1.ReasonTargetsRegistered, "the AWS Load Balancer Controller registered the targets in the target groups AWS has")
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
	case awsFailed || overridden && programmed:
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

// status is the last phase of a reconcile, deferred so that it runs however
// the others ended: it computes the status from what they observed (err is
// the error that stopped them, if any), writes it when it changed, records
// the transitions, and says when to look again.
func (r *LoadBalancerReconciler) status(ctx context.Context, s *scope, err error) (ctrl.Result, error) {
	found, refErr := s.refs()
	s.obs.unusable = found.unusable
	// What the Services override is known from the expansion only.
	s.obs.refsUnknown = refErr != nil || !s.planned
	s.obs.targetGroups = found.statuses
	if !s.obs.refsUnknown {
		s.obs.overrides, s.obs.targetGroups = serviceOverrides(s.lb, s.obs.ingresses, found)
	}
	s.obs.err = err
	s.obs.acceptedUnknown, s.obs.childrenUnknown = !s.planned, !s.observed
	err = errors.Join(err, refErr)

	before := s.lb.Status.DeepCopy()
	status := computeStatus(s.lb, s.obs, metav1.Now())
	if perr := r.patchStatus(ctx, s.lb, status); apierrors.IsConflict(perr) && err == nil {
		// The cache served an older LoadBalancer than the one stored: look
		// again rather than report transitions that already happened.
		return ctrl.Result{Requeue: true}, nil
	} else if perr != nil {
		return ctrl.Result{}, errors.Join(err, perr)
	}
	r.recordTransitions(s.lb, *before, status)
	countErrors(status)
	switch {
	case err != nil:
		return ctrl.Result{}, err
	case s.obs.refused != nil:
		// Tried again with the controller's backoff, as a dry run (see
		// needsDryRun): a quota raised or a webhook's policy changed lets
		// it through without a change to the LoadBalancer.
		return ctrl.Result{}, s.obs.refused
	case len(s.obs.conflicts) > 0 || !meta.IsStatusConditionTrue(status.Conditions, lbov1.ConditionResolvedRefs):
		// lbo does not watch the objects in the way: it looks again.
		return ctrl.Result{RequeueAfter: cmp.Or(r.RetryUnresolved, DefaultRetryUnresolved)}, nil
	}
	return ctrl.Result{}, nil
}

// patchStatus writes status when it differs from lb's, under lbo's status
// field manager.
func (r *LoadBalancerReconciler) patchStatus(ctx context.Context, lb *lbov1.LoadBalancer, status lbov1.LoadBalancerStatus) error {
	if equality.Semantic.DeepEqual(lb.Status, status) {
		return nil
	}
	orig := lb.DeepCopy()
	lb.Status = status
	patch := client.MergeFromWithOptions(orig, client.MergeFromWithOptimisticLock{})
	if err := r.Client.Status().Patch(ctx, lb, patch, client.FieldOwner(lbov1.StatusFieldManager)); err != nil {
		lb.Status = orig.Status
		return fmt.Errorf("patching status of LoadBalancer %s/%s: %w", lb.Namespace, lb.Name, err)
	}
	r.ownWrites.record(orig.ResourceVersion, lb)
	return nil
}
