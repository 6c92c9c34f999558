package controllers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
)

// The AWS Load Balancer Controller merges every Ingress naming a group into
// one load balancer, whatever its namespace, and asks nobody. lbo adds the
// consent: a LoadBalancer without group.owner claims its group, and one
// claimant owns it: the oldest of those whose Ingress is in the group
// already, or, when none is, the oldest. A LoadBalancer with group.owner
// joins only when that owner owns the group and lists it in group.members.
//
// Preferring the claimant already in the group keeps an older LoadBalancer
// that renames its group to a taken name (with allowReplacement) from taking
// the load balancer over, and settles two claimants created at once, which
// may both have made their Ingress before seeing each other.

// consentState is where a LoadBalancer stands in its group.
type consentState int

const (
	// consentAdmitted: lb has no group, or may be in its group; its children
	// are applied. The zero value.
	consentAdmitted consentState = iota
	// consentRefused: lb may not be in its group, or that cannot be proven
	// yet (its owner is missing, say): nothing is created or changed, and
	// its live children keep serving.
	consentRefused
	// consentWithdrawn: the owner no longer consents (it dropped lb from its
	// members, or left or renamed the group), or never did (a claimant that
	// made its Ingress before seeing the owner): lb's Ingresses are deleted,
	// so that the owner's load balancer stops serving rules it did not
	// agree to. Nothing else is created or changed.
	consentWithdrawn
	// consentConflict: lb is let in, but its settings contradict those
	// another member has live in the group, on which the AWS Load Balancer
	// Controller would stop updating the whole group: nothing is created or
	// changed.
	consentConflict
)

// groupConsent is whether a LoadBalancer may be in its group, and why not.
type groupConsent struct {
	state consentState
	// message says why it is not admitted, naming the field.
	message string
}

func refused(format string, args ...any) groupConsent {
	return groupConsent{state: consentRefused, message: fmt.Sprintf(format, args...)}
}

func withdrawn(format string, args ...any) groupConsent {
	return groupConsent{state: consentWithdrawn, message: fmt.Sprintf(format, args...)}
}

// decideGroup is lb's groupConsent, from its owner as the cache holds it
// (nil when there is no such LoadBalancer), the LoadBalancers that claim lb's
// group name (with no group.owner of their own), and those of them whose
// Ingress is in the group already (serving).
func decideGroup(lb, owner *lbov1.LoadBalancer, claimants []lbov1.LoadBalancer, serving map[types.NamespacedName]bool) groupConsent {
	g := lb.Spec.Group
	if g == nil {
		return groupConsent{}
	}
	if g.Owner == nil && !slices.ContainsFunc(claimants, func(o lbov1.LoadBalancer) bool { return o.UID == lb.UID }) {
		// The cache may not hold lb yet; it claims the group all the same.
		claimants = append(slices.Clone(claimants), *lb)
	}
	first, why := groupOwner(claimants, serving)
	if g.Owner == nil {
		if first == nil || (first.Namespace == lb.Namespace && first.Name == lb.Name) {
			return groupConsent{}
		}
		const format = "spec.group.name %q is owned by LoadBalancer %s/%s, %s; " +
			"to share its load balancer set spec.group.owner to it and have it list this LoadBalancer in its spec.group.members, or choose another group name"
		if serving[client.ObjectKeyFromObject(lb)] {
			// An Ingress of lb already in the group is there without the
			// owner's consent: it goes.
			return withdrawn(format, g.Name, first.Namespace, first.Name, why)
		}
		return refused(format, g.Name, first.Namespace, first.Name, why)
	}
	ref := g.Owner.Namespace + "/" + g.Owner.Name
	switch {
	case g.Owner.Namespace == lb.Namespace && g.Owner.Name == lb.Name:
		return refused("spec.group.owner names this LoadBalancer itself; leave spec.group.owner out to claim the group, or name the LoadBalancer that owns it")
	case owner == nil || !owner.DeletionTimestamp.IsZero():
		// Missing, perhaps not created yet (a GitOps sync applies in any
		// order) or being replaced: the live load balancer keeps serving.
		return refused("spec.group.owner: LoadBalancer %s does not exist; lbo leaves this LoadBalancer's children as they are and creates or changes none until it does", ref)
	case owner.Spec.Group == nil:
		return withdrawn("spec.group.owner: LoadBalancer %s has no spec.group: it does not own group %q", ref, g.Name)
	case owner.Spec.Group.Name != g.Name:
		return withdrawn("spec.group.owner: LoadBalancer %s claims group %q, not %q", ref, owner.Spec.Group.Name, g.Name)
	case owner.Spec.Group.Owner != nil:
		return withdrawn("spec.group.owner: LoadBalancer %s is itself a member of group %q (its owner is %s/%s); name the group's owner",
			ref, g.Name, owner.Spec.Group.Owner.Namespace, owner.Spec.Group.Owner.Name)
	case first != nil && (first.Namespace != owner.Namespace || first.Name != owner.Name):
		// The named owner did not withdraw anything: another LoadBalancer
		// owns the group. Leave the children be.
		return refused("spec.group.owner: LoadBalancer %s does not own group %q: LoadBalancer %s/%s does, %s", ref, g.Name, first.Namespace, first.Name, why)
	case !owner.Spec.Group.Permits(lb.Namespace, lb.Name):
		return withdrawn("spec.group.owner: LoadBalancer %s does not list this LoadBalancer (%s/%s) in its spec.group.members", ref, lb.Namespace, lb.Name)
	}
	return groupConsent{}
}

// groupOwner is the claimant that owns the group, and why: the oldest of
// those already serving it, or else the oldest.
func groupOwner(claimants []lbov1.LoadBalancer, serving map[types.NamespacedName]bool) (*lbov1.LoadBalancer, string) {
	in := slices.DeleteFunc(slices.Clone(claimants), func(o lbov1.LoadBalancer) bool { return !serving[client.ObjectKeyFromObject(&o)] })
	if first := oldest(in); first != nil {
		return first, "whose Ingress is in the group already"
	}
	return oldest(claimants), "the oldest LoadBalancer that claims it"
}

// oldest is the first created of lbs, then by namespace/name.
func oldest(claimants []lbov1.LoadBalancer) *lbov1.LoadBalancer {
	if len(claimants) == 0 {
		return nil
	}
	first := slices.MinFunc(claimants, func(a, b lbov1.LoadBalancer) int {
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			if a.CreationTimestamp.Before(&b.CreationTimestamp) {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
	return &first
}

// consent decides whether lb may be in its group, from the cache, which
// holds every LoadBalancer, and from the API server where the cache could
// make lbo take a group over.
func (r *LoadBalancerReconciler) consent(ctx context.Context, s *scope) error {
	lb := s.lb
	g := lb.Spec.Group
	if g == nil {
		return nil
	}
	claimants, err := listClaimants(ctx, r.Client, g.Name, client.MatchingFields{groupNameField: g.Name})
	if err != nil {
		return err
	}
	serving, err := servingGroup(ctx, r.Client, g.Name, client.MatchingFields{ingressGroupField: g.Name})
	if err != nil {
		return err
	}
	owner, err := groupOwnerOf(ctx, r.Client, lb)
	if err != nil {
		return err
	}
	consent := decideGroup(lb, owner, claimants, serving)
	contested := slices.ContainsFunc(claimants, func(o lbov1.LoadBalancer) bool { return o.UID != lb.UID })
	if consent.state == consentAdmitted && g.Owner == nil && contested && !serving[client.ObjectKeyFromObject(lb)] {
		// About to bring lb's Ingress into a group others claim too: the
		// cache may not show yet that one of them is in it. Ask the API
		// server, or an Ingress made here could push the group's owner out.
		if consent, err = r.freshGroupConsent(ctx, lb); err != nil {
			return err
		}
	}
	s.obs.group = consent
	return nil
}

// groupConflicts refuses lb when its settings contradict the live Ingresses
// of the other members of its group: the AWS Load Balancer Controller would
// stop updating the whole group, so lbo applies nothing of lb instead (and
// its live children, if any, stay as they are).
func (r *LoadBalancerReconciler) groupConflicts(ctx context.Context, s *scope) error {
	name := s.lb.Spec.Group.Name
	var list networkingv1.IngressList
	if err := r.Client.List(ctx, &list, client.MatchingFields{ingressGroupField: name}); err != nil {
		return fmt.Errorf("listing the Ingresses of group %s: %w", name, err)
	}
	ings := make([]*networkingv1.Ingress, len(list.Items))
	for i := range list.Items {
		ings[i] = &list.Items[i]
	}
	if problems := expand.GroupConflicts(s.lb, s.obs.ingresses, ings); len(problems) > 0 {
		s.obs.group = groupConsent{state: consentConflict, message: problemsMessage(problems)}
	}
	return nil
}

// groupOwnerOf reads the owner lb's spec.group.owner names, or nil when it
// names none or there is no such LoadBalancer.
func groupOwnerOf(ctx context.Context, c client.Reader, lb *lbov1.LoadBalancer) (*lbov1.LoadBalancer, error) {
	g := lb.Spec.Group
	if g == nil || g.Owner == nil {
		return nil, nil
	}
	owner := &lbov1.LoadBalancer{}
	err := c.Get(ctx, client.ObjectKey{Namespace: g.Owner.Namespace, Name: g.Owner.Name}, owner)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the owner %s/%s of the group of LoadBalancer %s/%s: %w", g.Owner.Namespace, g.Owner.Name, lb.Namespace, lb.Name, err)
	}
	return owner, nil
}

// listClaimants lists the LoadBalancers that claim the group name: those naming
// it with no owner, not being deleted. opts narrow the list where c can.
func listClaimants(ctx context.Context, c client.Reader, name string, opts ...client.ListOption) ([]lbov1.LoadBalancer, error) {
	var list lbov1.LoadBalancerList
	if err := c.List(ctx, &list, opts...); err != nil {
		return nil, fmt.Errorf("listing the LoadBalancers of group %s: %w", name, err)
	}
	return slices.DeleteFunc(list.Items, func(o lbov1.LoadBalancer) bool {
		return o.Spec.Group == nil || o.Spec.Group.Name != name || o.Spec.Group.Owner != nil || !o.DeletionTimestamp.IsZero()
	}), nil
}

// servingGroup tells which LoadBalancers have an Ingress lbo made in the
// group. opts narrow the list where c can.
func servingGroup(ctx context.Context, c client.Reader, name string, opts ...client.ListOption) (map[types.NamespacedName]bool, error) {
	var list networkingv1.IngressList
	if err := c.List(ctx, &list, opts...); err != nil {
		return nil, fmt.Errorf("listing the Ingresses of group %s: %w", name, err)
	}
	serving := map[types.NamespacedName]bool{}
	for _, ing := range list.Items {
		if lb := ing.Labels[lbov1.LabelLoadBalancer]; lb != "" && ing.Annotations[expand.GroupNameAnnotation] == name {
			serving[types.NamespacedName{Namespace: ing.Namespace, Name: lb}] = true
		}
	}
	return serving, nil
}

// withdraw deletes lb's Ingresses once its group's owner no longer consents,
// after checking that against the API server: the cache may lag behind, and
// deleting an Ingress takes its rules off the load balancer.
func (r *LoadBalancerReconciler) withdraw(ctx context.Context, s *scope) error {
	lb := s.lb
	live, err := r.children(ctx, lb)
	if err != nil {
		return err
	}
	var ingresses []client.Object
	for key, obj := range live {
		if key.kind == "Ingress" && metav1.IsControlledBy(obj, lb) {
			ingresses = append(ingresses, obj)
		}
	}
	if len(ingresses) == 0 {
		return nil
	}
	consent, err := r.freshGroupConsent(ctx, lb)
	if err != nil || consent.state != consentWithdrawn {
		return err
	}
	var errs []error
	for _, obj := range ingresses {
		uid := obj.GetUID()
		err := r.Client.Delete(ctx, obj, client.Preconditions{UID: &uid}, client.PropagationPolicy(metav1.DeletePropagationBackground))
		if client.IgnoreNotFound(err) != nil {
			errs = append(errs, fmt.Errorf("deleting Ingress %s of LoadBalancer %s/%s, not permitted in its group: %w", obj.GetName(), lb.Namespace, lb.Name, err))
			continue
		}
		log.FromContext(ctx).Info("deleted child: not permitted in its group", "kind", "Ingress", "child", obj.GetName())
		r.event(lb, obj, corev1.EventTypeWarning, "GroupConsentWithdrawn", "Delete",
			"deleted Ingress %s, taking this LoadBalancer's rules off group %s's load balancer: %s", obj.GetName(), lb.Spec.Group.Name, consent.message)
	}
	return errors.Join(errs...)
}

// freshGroupConsent is groupConsent read from the API server rather than the cache.
func (r *LoadBalancerReconciler) freshGroupConsent(ctx context.Context, lb *lbov1.LoadBalancer) (groupConsent, error) {
	fresh := &lbov1.LoadBalancer{}
	if err := r.APIReader.Get(ctx, client.ObjectKeyFromObject(lb), fresh); err != nil {
		return groupConsent{}, fmt.Errorf("rereading LoadBalancer %s/%s: %w", lb.Namespace, lb.Name, err)
	}
	if fresh.UID != lb.UID || fresh.Generation != lb.Generation || fresh.Spec.Group == nil {
		// It changed since the cache saw it: neither create nor delete
		// anything now; the reconcile of the change decides.
		return refused("spec.group changed while lbo checked the group's consent; lbo looks again"), nil
	}
	g := fresh.Spec.Group
	// The API server cannot select by spec.group.name: this lists every
	// LoadBalancer, which happens only when an Ingress is to be deleted or
	// a group others claim is joined.
	claimants, err := listClaimants(ctx, r.APIReader, g.Name)
	if err != nil {
		return groupConsent{}, err
	}
	serving, err := servingGroup(ctx, r.APIReader, g.Name, client.MatchingLabels{lbov1.LabelManagedBy: lbov1.ManagedByValue})
	if err != nil {
		return groupConsent{}, err
	}
	owner, err := groupOwnerOf(ctx, r.APIReader, fresh)
	if err != nil {
		return groupConsent{}, err
	}
	return decideGroup(fresh, owner, claimants, serving), nil
}
