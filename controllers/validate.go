package controllers

import (
	"context"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/gateway"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// validate decides whether this pass may write, and what, before anything
// is written: a pass writes all of its children or none.
//
//   - a member of a group must agree with what the others have live;
//   - what AWS grants to one load balancer only (its name, an Elastic IP,
//     a static address) must not be another LoadBalancer's;
//   - no target group may forward to an existing Service the AWS Load
//     Balancer Controller cannot take targets from (lbc.CheckBackendService):
//     it would build nothing of it, or fail the whole load balancer;
//   - no child's name may be held by an object lb does not control (another
//     LoadBalancer's child among them): the pass would otherwise create an
//     Ingress that routes to someone else's pods;
//   - the API server must take every write that could not be undone if a
//     later one of the pass were refused (see needsDryRun).
//
// What it finds goes into s.obs, and s.writes lists what apply writes.
func (r *LoadBalancerReconciler) validate(ctx context.Context, s *scope) error {
	if err := r.missingKinds(ctx, s); err != nil || s.blocked() {
		return err
	}
	for _, want := range s.desired {
		if isBinding(want) && r.Bindings == nil {
			s.obs.refused = &refusal{key: keyOf(want), err: errNoBindingAPI}
			return nil
		}
	}
	if s.lb.Spec.Group != nil {
		if err := r.groupConflicts(ctx, s); err != nil {
			return err
		}
	}
	if err := r.uniqueTaken(ctx, s); err != nil {
		return err
	}
	// The target groups' Services were read meanwhile.
	found, err := s.refs()
	if err != nil {
		return err
	}
	s.obs.unusable = found.unusable
	if s.blocked() {
		return nil
	}
	if err := r.foreignBindingServices(ctx, s); err != nil {
		return err
	}
	live, err := r.children(ctx, s.lb)
	if err != nil {
		return err
	}
	s.live = live
	for _, want := range s.desired {
		key := keyOf(want)
		have := live[key]
		if have == nil {
			if have, err = r.cachedByName(ctx, want); err != nil {
				return err
			}
		}
		if have != nil && !metav1.IsControlledBy(have, s.lb) && !adoptable(s.lb, have) {
			s.obs.conflicts = append(s.obs.conflicts, conflictMessage(key, have))
			continue
		}
		if have != nil {
			want = carryDefaulted(want, have)
			same, err := upToDate(have, want)
			if err != nil {
				return err
			}
			if same {
				continue
			}
		}
		s.writes = append(s.writes, write{key: key, want: want, have: have})
	}
	if s.blocked() {
		return nil
	}
	return r.dryRun(ctx, s)
}

// write is a desired child that apply writes.
type write struct {
	key  childKey
	want client.Object
	// have is the live object; nil when lbo knows of none, and creates one
	// unless the name turns out to be taken.
	have client.Object
}

// stage orders the writes of a pass: Services and the AWS Load Balancer
// Controller's configuration objects (0) before the Ingresses,
// TargetGroupBindings and routes (1) that name them, and those before the
// Gateway (2) the routes attach to, so that the controller builds the load
// balancer of a new Gateway from all of it at once. Pruning goes the other
// way.
func (w write) stage() int { return stageOf(w.key.kind) }

// lastStage is the highest stage.
const lastStage = 2

func stageOf(kind string) int {
	switch kind {
	case gateway.GatewayGVK.Kind:
		return 2
	case "Ingress", bindingKind, gateway.HTTPRouteGVK.Kind, gateway.TCPRouteGVK.Kind, gateway.UDPRouteGVK.Kind:
		return 1
	}
	return 0
}

// undoable tells whether apply can take the write back, should a later write
// of the pass be refused: the creation of a Service that no Ingress or route
// names yet, which apply then deletes. An update cannot be undone, nor the
// creation of what the AWS Load Balancer Controller acts on at once: what
// it provisions a load balancer from (an Ingress, the Service of an L4
// LoadBalancer, a Gateway, its routes and configuration objects), and a
// TargetGroupBinding, whose targets it registers in a target group that may
// serve already.
func (w write) undoable() bool {
	return w.have == nil && !provisioned(w.want) && !isBinding(w.want) && !isGatewayKind(w.want)
}

// needsDryRun tells whether the API server checks the i-th write, without
// writing it, before the first write of the pass: it does when a write that
// comes before it or with it could not be undone, should the i-th be
// refused. A new LoadBalancer needs none (its Services can be deleted again
// if its Ingress is refused), nor a pass that writes one child; an edit that
// changes a Service and the Ingress that names it has the Ingress checked
// first. After a pass was refused, or found a name taken, the next ones of
// the same generation check everything first, so that a refusal that
// persists does not create and delete the same Services on every retry.
func (s *scope) needsDryRun(i int) bool {
	if s.lastPassBlocked() {
		return true
	}
	w := s.writes[i]
	for j, before := range s.writes {
		if j != i && before.stage() <= w.stage() && !before.undoable() {
			return true
		}
	}
	return false
}

// lastPassBlocked tells whether an earlier pass of lb's current generation
// could not apply a child: the API server refused it, or its name was taken.
func (s *scope) lastPassBlocked() bool {
	c := meta.FindStatusCondition(s.lb.Status.Conditions, lbov1.ConditionProgrammed)
	return c != nil && (c.Reason == lbov1.ReasonApplyFailed || c.Reason == lbov1.ReasonNameConflict) && c.ObservedGeneration == s.lb.Generation
}

// dryRun has the API server check the writes that need it, all at once.
func (r *LoadBalancerReconciler) dryRun(ctx context.Context, s *scope) error {
	var idx []int
	for i := range s.writes {
		if s.needsDryRun(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	results := make([]applyResult, len(idx))
	parallel(len(idx), func(k int) { results[k] = r.applyChild(ctx, s.lb, &s.writes[idx[k]], true) })
	return s.collect(results, func(k int) write { return s.writes[idx[k]] })
}

// foreignBindingServices refuses a target group AWS has whose binding would
// register the targets of another LoadBalancer's child Service: lbo made
// that Service for the other LoadBalancer, changes it with its spec and
// deletes it with it. The cache holds every Service lbo made, so a Service
// it does not hold is not one of them.
func (r *LoadBalancerReconciler) foreignBindingServices(ctx context.Context, s *scope) error {
	for i := range s.lb.Spec.TargetGroups {
		tg := &s.lb.Spec.TargetGroups[i]
		if tg.Existing == nil || tg.Backend.Service == nil {
			continue
		}
		var svc corev1.Service
		err := r.Client.Get(ctx, client.ObjectKey{Namespace: s.lb.Namespace, Name: tg.Backend.Service.Name}, &svc)
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading Service %s/%s from the cache: %w", s.lb.Namespace, tg.Backend.Service.Name, err)
		}
		if other := svc.Labels[lbov1.LabelLoadBalancer]; other != "" && other != s.lb.Name {
			s.obs.conflicts = append(s.obs.conflicts, fmt.Sprintf("spec.targetGroups[%d].backend.service: Service %s is LoadBalancer %s/%s's child, "+
				"which lbo changes and deletes with it; a TargetGroupBinding registers the targets of this LoadBalancer's own Services only: "+
				"name a Service of your own, or select the pods with backend.selector", i, svc.Name, s.lb.Namespace, other))
		}
	}
	return nil
}

// uniqueTaken refuses lb when a setting AWS grants to one load balancer only
// is another LoadBalancer's: its name (AWS names one load balancer per
// account and region), an Elastic IP (associated with one load balancer at
// a time), a static private IPv4 or IPv6 address (one network interface per
// address in the VPC). The AWS Load Balancer Controller would fail the
// second, or worse. The first created keeps the setting (then by
// namespace/name); LoadBalancers of one group share one load balancer, and
// so its settings. So it is with a target group AWS has that lb registers
// targets in: the controller's webhook refuses a second binding of it,
// unless every binding of it is multi-cluster.
func (r *LoadBalancerReconciler) uniqueTaken(ctx context.Context, s *scope) error {
	lb := s.lb
	for _, u := range uniqueSettings(lb) {
		var list lbov1.LoadBalancerList
		if err := r.Client.List(ctx, &list, client.MatchingFields{uniqueField: u.value}); err != nil {
			return fmt.Errorf("listing the LoadBalancers that ask for %s: %w", u.path, err)
		}
		others := slices.DeleteFunc(list.Items, func(o lbov1.LoadBalancer) bool {
			return o.UID == lb.UID || !o.DeletionTimestamp.IsZero() || (u.group && sameGroup(&o, lb)) ||
				(u.multiCluster && lb.Spec.MultiClusterTargetGroups && o.Spec.MultiClusterTargetGroups) ||
				!slices.ContainsFunc(uniqueSettings(&o), func(v unique) bool { return v.value == u.value })
		})
		if first := oldest(append(others, *lb)); first.UID != lb.UID {
			s.obs.taken = fmt.Sprintf("%s %q is LoadBalancer %s/%s's, created before this one: %s; choose another",
				u.path, u.shown, first.Namespace, first.Name, u.why)
			return nil
		}
	}
	return nil
}

// unique is a setting AWS grants to one load balancer only: its field path,
// its value prefixed by its kind (the index key), the value as the field
// has it, and why it is unique. group: the LoadBalancers of a group share
// it (it is their load balancer's). multiCluster: LoadBalancers that all set
// spec.multiClusterTargetGroups share it.
type unique struct {
	path, value, shown, why string
	group, multiCluster     bool
}

// uniqueSettings are lb's settings that AWS grants to one load balancer only,
// and the target groups AWS has that lb registers targets in.
func uniqueSettings(lb *lbov1.LoadBalancer) []unique {
	var us []unique
	add := func(path, kind, value, why string) {
		us = append(us, unique{path: path, value: kind + ":" + value, shown: value, why: why, group: true})
	}
	if n := lb.Spec.LoadBalancerName; n != "" {
		add("spec.loadBalancerName", "name", n, "AWS names one load balancer per account and region")
	}
	for i, a := range lb.Spec.StaticAddresses {
		p := fmt.Sprintf("spec.staticAddresses[%d].", i)
		if a.ElasticIPAllocation != "" {
			add(p+"elasticIPAllocation", "eip", a.ElasticIPAllocation, "an Elastic IP address serves one load balancer")
		}
		if a.PrivateIPv4Address != "" {
			add(p+"privateIPv4Address", "ipv4", a.PrivateIPv4Address, "an address is one load balancer's in the VPC")
		}
		if a.IPv6Address != "" {
			add(p+"ipv6Address", "ipv6", a.IPv6Address, "an address is one load balancer's in the VPC")
		}
	}
	for i := range lb.Spec.TargetGroups {
		tg := &lb.Spec.TargetGroups[i]
		if tg.Existing == nil || (tg.Backend.Service == nil && tg.Backend.Selector == nil) {
			continue
		}
		// By ARN or by name, the key is the target group's name (unique in
		// the controller's account and region), so that both meet.
		u := unique{path: fmt.Sprintf("spec.targetGroups[%d].existing.arn", i), shown: tg.Existing.ARN,
			value: "tg:" + lbc.TargetGroupName(tg.Existing.ARN, tg.Existing.Name), multiCluster: true,
			why: "the AWS Load Balancer Controller binds a target group to one TargetGroupBinding, unless every binding of it is multi-cluster (spec.multiClusterTargetGroups on both)"}
		if tg.Existing.ARN == "" {
			u.path, u.shown = fmt.Sprintf("spec.targetGroups[%d].existing.name", i), tg.Existing.Name
		}
		us = append(us, u)
	}
	return us
}

// sameGroup tells whether a and b are in the same group, and so share one
// load balancer.
func sameGroup(a, b *lbov1.LoadBalancer) bool {
	return a.Spec.Group != nil && b.Spec.Group != nil && a.Spec.Group.Name == b.Spec.Group.Name
}

// children lists the objects labeled as lb's children, from the caches: its
// Services, Ingresses and TargetGroupBindings, and the Gateway backend's
// children of the kinds the cluster serves, whichever backend lb asks for
// now (those of the other backend are pruned once the new ones are
// applied).
func (r *LoadBalancerReconciler) children(ctx context.Context, lb *lbov1.LoadBalancer) (map[childKey]client.Object, error) {
	live := map[childKey]client.Object{}
	type childList struct {
		kind   string
		list   client.ObjectList
		reader client.Reader
	}
	lists := []childList{{"Service", &corev1.ServiceList{}, r.Client}, {"Ingress", &networkingv1.IngressList{}, r.Client}}
	if r.Bindings != nil {
		lists = append(lists, childList{bindingKind, newBindingList(), r.Bindings})
	}
	for _, gvk := range r.GatewayKinds.sorted() {
		lists = append(lists, childList{gvk.Kind, newGatewayList(gvk), r.Client})
	}
	for _, l := range lists {
		kind, list := l.kind, l.list
		if err := l.reader.List(ctx, list, client.InNamespace(lb.Namespace), client.MatchingFields{childOf: lb.Name}); err != nil {
			return nil, fmt.Errorf("listing children of LoadBalancer %s/%s: %w", lb.Namespace, lb.Name, err)
		}
		items, err := meta.ExtractList(list)
		if err != nil {
			return nil, err
		}
		for _, item := range items {
			obj := item.(client.Object)
			live[childKey{kind: kind, name: obj.GetName()}] = obj
		}
	}
	return live, nil
}

// cachedByName is the object of want's kind and name in the cache, which
// holds every object lbo made: another LoadBalancer's child of that name, if
// any. Nil when the cache has none; no request is made.
func (r *LoadBalancerReconciler) cachedByName(ctx context.Context, want client.Object) (client.Object, error) {
	have := want.DeepCopyObject().(client.Object)
	var reader client.Reader = r.Client
	if isBinding(want) {
		reader = r.Bindings
	}
	err := reader.Get(ctx, client.ObjectKeyFromObject(want), have)
	switch {
	case apierrors.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("reading %s %s/%s from the cache: %w", keyOf(want).kind, want.GetNamespace(), want.GetName(), err)
	}
	return have, nil
}
