package controllers

import (
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/expand"
)

// scope is what one reconcile of a LoadBalancer works on. Each phase of
// Reconcile reads what the phases before it filled in and adds its own; the
// status is computed from obs at the end, whichever phase stopped.
type scope struct {
	lb *lbov1.LoadBalancer
	// desired are the children lb's spec expands to (plan).
	desired []client.Object
	// live are lb's children as the cache holds them (validate).
	live map[childKey]client.Object
	// writes are the desired children that differ from what is live, or
	// are not known to exist (validate); apply writes them.
	writes []write
	// created are the children apply created in this pass, which it deletes
	// again if another write of the pass is refused.
	created []client.Object
	// applied are the children apply wrote in this pass.
	applied map[childKey]bool
	// planned and observed: plan and observe ran; the status keeps what it
	// said of the spec and of the children when they did not.
	planned, observed bool
	// refs waits for the target groups' Services, read meanwhile.
	refs func() (refs, error)
	// obs is what the phases observed: the input of the status.
	obs observation
}

func newScope(lb *lbov1.LoadBalancer, awsLB *awsstate.LoadBalancer) *scope {
	return &scope{lb: lb, applied: map[childKey]bool{}, obs: observation{awsLB: awsLB}}
}

// plan expands lb into the children it should have.
func (r *LoadBalancerReconciler) plan(s *scope) {
	res := expand.LoadBalancer(s.lb)
	s.desired = res.Objects
	s.obs.problems = res.Problems
	s.obs.ingresses = expand.Ingresses(res.Objects)
	s.planned = true
}

// blocked tells whether this pass must write nothing: the spec cannot be
// expanded, needs a kind the cluster does not serve, the LoadBalancer is not admitted in its group, its AWS name or
// an address is another LoadBalancer's, a child's name is held by an object
// it does not control, or the API server refused a child. Its live children
// then stay as they are and keep serving.
func (s *scope) blocked() bool {
	o := &s.obs
	return !s.planned || len(o.problems) > 0 || o.missingKinds != "" || o.group.state != consentAdmitted || o.taken != "" || len(o.conflicts) > 0 || o.refused != nil ||
		len(o.unusable) > 0
}

// childKey identifies a child among its siblings.
type childKey struct{ kind, name string }

func keyOf(obj client.Object) childKey {
	return childKey{kind: obj.GetObjectKind().GroupVersionKind().Kind, name: obj.GetName()}
}
