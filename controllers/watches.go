package controllers

import (
	"context"
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
)

// Indexes of the manager's cache.
const (
	// childOf indexes the cached Services, Ingresses and Gateway backend's
	// children by the LoadBalancer
	// their label names, so that listing one LoadBalancer's children does
	// not scan every child in the namespace (a label selector would: the
	// cache indexes by namespace only, which made each reconcile
	// O(LoadBalancers)).
	childOf = "lbo.childOf"
	// groupNameField and groupOwnerField index the LoadBalancers by
	// spec.group.name and by spec.group.owner (namespace/name), so that the
	// claimants of a group, and the members naming an owner, are found
	// without scanning every LoadBalancer.
	groupNameField  = "lbo.groupName"
	groupOwnerField = "lbo.groupOwner"
	// ingressGroupField indexes lbo's Ingresses by the group they are in.
	ingressGroupField = "lbo.ingressGroup"
	// uniqueField indexes the LoadBalancers by the settings AWS grants to
	// one load balancer only (uniqueSettings): its name, Elastic IPs and
	// static addresses.
	uniqueField = "lbo.unique"
)

// CacheOptions restricts the manager's cache of Services, Ingresses and the
// Gateway backend's kinds the cluster serves (gateway) to the ones lbo made,
// so that memory does not grow with unrelated objects. The reconciler's
// GatewayKinds must be the same set. The cached LoadBalancers carry no
// managedFields: lbo reads none of theirs (a child's, it does), and they
// are the larger part of a LoadBalancer's metadata, held once per
// LoadBalancer and copied on every read from the cache. lbo writes
// LoadBalancers by merge patches only, which leave managedFields as they are.
func CacheOptions(gateway GatewayKinds) cache.Options {
	managed := labels.SelectorFromSet(labels.Set{lbov1.LabelManagedBy: lbov1.ManagedByValue})
	byObject := map[client.Object]cache.ByObject{
		&lbov1.LoadBalancer{}:   {Transform: cache.TransformStripManagedFields()},
		&corev1.Service{}:       {Label: managed},
		&networkingv1.Ingress{}: {Label: managed},
	}
	for _, gvk := range gateway.sorted() {
		byObject[newGatewayObject(gvk)] = cache.ByObject{Label: managed}
	}
	return cache.Options{ByObject: byObject}
}

// ClientOptions has the manager's client read unstructured objects (the AWS
// Load Balancer Controller's configuration objects, for which lbo has no Go
// types) from the cache as well, where CacheOptions restricts them and
// SetupWithManager indexes them; by default it would read them from the API
// server, without the indexes.
func ClientOptions() client.Options {
	return client.Options{Cache: &client.CacheOptions{Unstructured: true}}
}

// SetupWithManager registers the reconciler: it runs on changes to a
// LoadBalancer's spec and on any update or deletion of its children, so that a
// manual edit is reverted and a new address is reported.
func (r *LoadBalancerReconciler) SetupWithManager(mgr ctrl.Manager) error {
	bindings, err := r.setupBindings(mgr)
	if err != nil {
		return err
	}
	kinds := []string{"Ingress", "Service"}
	if bindings != nil {
		kinds = append(kinds, bindingKind)
	}
	caches, sources, err := newEventCaches(mgr, kinds, r.lbForEvent)
	if err != nil {
		return err
	}
	r.events = caches
	if bindings != nil {
		sources = append(sources, bindings)
	}
	r.mapper = mgr.GetRESTMapper()
	if err := addIndexes(context.Background(), mgr.GetFieldIndexer(), r.GatewayKinds); err != nil {
		return err
	}
	// A child appearing is lbo's own apply, which the reconcile that made it
	// already accounted for: reconciling again for it would redo the work of
	// that reconcile and learn nothing (on a restart the LoadBalancers' own
	// creation events queue them all). Updates and deletions of children do
	// queue their LoadBalancer: a manual edit is reverted, a deleted child
	// comes back, a new address is reported.
	notCreated := builder.WithPredicates(predicate.Funcs{CreateFunc: func(event.CreateEvent) bool { return false }})
	b := ctrl.NewControllerManagedBy(mgr).
		For(&lbov1.LoadBalancer{}, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		// Whether a LoadBalancer may be in its group, or have its name and
		// addresses, follows the other LoadBalancers: look again when one
		// changes.
		Watches(&lbov1.LoadBalancer{}, handler.EnqueueRequestsFromMapFunc(r.peers), builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&networkingv1.Ingress{}, handler.EnqueueRequestsFromMapFunc(r.ingressGroupPeers), builder.WithPredicates(groupChanged)).
		Owns(&corev1.Service{}, notCreated).
		Owns(&networkingv1.Ingress{}, notCreated).
		Named("loadbalancer")
	// The Gateway backend's children, of the kinds the cluster serves: a
	// status the controller writes on a Gateway or a route is reported.
	for _, gvk := range r.GatewayKinds.sorted() {
		b = b.Owns(newGatewayObject(gvk), notCreated)
	}
	for _, src := range sources {
		b = b.WatchesRawSource(src)
	}
	if r.AWSState != nil {
		b = b.WatchesRawSource(r.AWSState.Source())
	}
	return b.Complete(r)
}

// addIndexes registers the cache's indexes.
func addIndexes(ctx context.Context, indexer client.FieldIndexer, gateway GatewayKinds) error {
	lbIndex := func(value func(lb *lbov1.LoadBalancer) string) client.IndexerFunc {
		return func(obj client.Object) []string {
			if v := value(obj.(*lbov1.LoadBalancer)); v != "" {
				return []string{v}
			}
			return nil
		}
	}
	indexes := []struct {
		obj   client.Object
		field string
		fn    client.IndexerFunc
	}{
		{&corev1.Service{}, childOf, func(obj client.Object) []string { return nonEmpty(obj.GetLabels()[lbov1.LabelLoadBalancer]) }},
		{&networkingv1.Ingress{}, childOf, func(obj client.Object) []string { return nonEmpty(obj.GetLabels()[lbov1.LabelLoadBalancer]) }},
		{&networkingv1.Ingress{}, ingressGroupField, func(obj client.Object) []string {
			return nonEmpty(obj.GetAnnotations()[expand.GroupNameAnnotation])
		}},
		{&lbov1.LoadBalancer{}, groupNameField, lbIndex(func(lb *lbov1.LoadBalancer) string {
			if g := lb.Spec.Group; g != nil {
				return g.Name
			}
			return ""
		})},
		{&lbov1.LoadBalancer{}, groupOwnerField, lbIndex(func(lb *lbov1.LoadBalancer) string {
			if g := lb.Spec.Group; g != nil && g.Owner != nil {
				return g.Owner.Namespace + "/" + g.Owner.Name
			}
			return ""
		})},
		{&lbov1.LoadBalancer{}, uniqueField, func(obj client.Object) []string {
			var values []string
			for _, u := range uniqueSettings(obj.(*lbov1.LoadBalancer)) {
				values = append(values, u.value)
			}
			return values
		}},
	}
	for _, gvk := range gateway.sorted() {
		indexes = append(indexes, struct {
			obj   client.Object
			field string
			fn    client.IndexerFunc
		}{newGatewayObject(gvk), childOf, func(obj client.Object) []string { return nonEmpty(obj.GetLabels()[lbov1.LabelLoadBalancer]) }})
	}
	for _, ix := range indexes {
		if err := indexer.IndexField(ctx, ix.obj, ix.field, ix.fn); err != nil {
			return fmt.Errorf("indexing %T by %s: %w", ix.obj, ix.field, err)
		}
	}
	return nil
}

func nonEmpty(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}

// peers maps a changed LoadBalancer to the LoadBalancers whose consent or
// settings may follow from it: those naming its group (old and new name:
// the handler sees both objects of an update), those naming it as their
// owner, and those asking for its name, Elastic IPs or static addresses.
func (r *LoadBalancerReconciler) peers(ctx context.Context, obj client.Object) []reconcile.Request {
	lb, ok := obj.(*lbov1.LoadBalancer)
	if !ok {
		return nil
	}
	seen := map[types.NamespacedName]bool{}
	var reqs []reconcile.Request
	add := func(field, value string) {
		var list lbov1.LoadBalancerList
		if err := r.Client.List(ctx, &list, client.MatchingFields{field: value}); err != nil {
			log.FromContext(ctx).Error(err, "listing the LoadBalancers that share a setting", "index", field, "value", value)
			return
		}
		for _, o := range list.Items {
			key := types.NamespacedName{Namespace: o.Namespace, Name: o.Name}
			if !seen[key] && key != client.ObjectKeyFromObject(lb) {
				seen[key] = true
				reqs = append(reqs, ctrl.Request{NamespacedName: key})
			}
		}
	}
	if lb.Spec.Group != nil {
		add(groupNameField, lb.Spec.Group.Name)
	}
	add(groupOwnerField, lb.Namespace+"/"+lb.Name)
	for _, u := range uniqueSettings(lb) {
		add(uniqueField, u.value)
	}
	return reqs
}

// ingressGroupPeers maps one of lbo's Ingresses entering or leaving a group
// to the LoadBalancers of the group: which claimant owns it may follow.
func (r *LoadBalancerReconciler) ingressGroupPeers(ctx context.Context, obj client.Object) []reconcile.Request {
	name := obj.GetAnnotations()[expand.GroupNameAnnotation]
	if name == "" {
		return nil
	}
	var list lbov1.LoadBalancerList
	if err := r.Client.List(ctx, &list, client.MatchingFields{groupNameField: name}); err != nil {
		log.FromContext(ctx).Error(err, "listing the LoadBalancers of a group", "group", name)
		return nil
	}
	reqs := make([]reconcile.Request, 0, len(list.Items))
	for _, o := range list.Items {
		reqs = append(reqs, ctrl.Request{NamespacedName: client.ObjectKeyFromObject(&o)})
	}
	return reqs
}

// groupChanged lets through the Ingress events that can change who serves a
// group, or what a member's settings may conflict with: creation, deletion,
// a new group annotation, and in a group new annotations or default backend.
var groupChanged = predicate.Funcs{
	UpdateFunc: func(e event.UpdateEvent) bool {
		before, after := e.ObjectOld.GetAnnotations(), e.ObjectNew.GetAnnotations()
		if before[expand.GroupNameAnnotation] != after[expand.GroupNameAnnotation] {
			return true
		}
		if after[expand.GroupNameAnnotation] == "" {
			return false
		}
		old, cur := e.ObjectOld.(*networkingv1.Ingress), e.ObjectNew.(*networkingv1.Ingress)
		return !maps.Equal(before, after) || (old.Spec.DefaultBackend == nil) != (cur.Spec.DefaultBackend == nil)
	},
	GenericFunc: func(event.GenericEvent) bool { return false },
}
