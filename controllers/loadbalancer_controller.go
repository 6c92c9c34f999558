// Package controllers holds the LoadBalancer reconciler: it expands each
// LoadBalancer, applies the children with server-side apply, prunes the ones
// no longer desired and reports the result in the LoadBalancer's status.
package controllers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/events"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/expand"
)

// LoadBalancerReconciler reconciles LoadBalancers.
type LoadBalancerReconciler struct {
	// Client reads from the manager's cache and writes to the API server.
	Client client.Client
	// APIReader reads from the API server directly, for objects the cache
	// does not hold: a child name taken by an object lbo did not label, the
	// Services target groups name.
	APIReader client.Reader
	// Recorder records lbo's own events on LoadBalancers; nil records none.
	Recorder events.EventRecorder
	// AWSState is what lbo's AWS reader saw of the load balancers; nil when
	// the reader is off. Reconcile only reads it (no AWS call is made here);
	// the reader enqueues a LoadBalancer when what it saw changes.
	AWSState *awsstate.Store
	// RetryUnresolved is how soon a LoadBalancer whose target group names a
	// missing Service is looked at again; zero means DefaultRetryUnresolved.
	RetryUnresolved time.Duration

	// events are the caches of Events about Ingresses and Services, set up
	// by SetupWithManager.
	events eventCaches
	// ownWrites bridge the moment between a status patch and the cache
	// seeing it.
	ownWrites ownWrites
}

// DefaultRetryUnresolved is how soon a LoadBalancer whose target group names
// a missing Service is looked at again: lbo does not watch Services it does
// not own, so it polls, and only while something is missing.
const DefaultRetryUnresolved = 15 * time.Second

// +kubebuilder:rbac:groups=networking.lbo.dev,resources=loadbalancers,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=networking.lbo.dev,resources=loadbalancers/status,verbs=get;patch;update
// +kubebuilder:rbac:groups=networking.lbo.dev,resources=loadbalancers/finalizers,verbs=update
// +kubebuilder:rbac:groups="",resources=services,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups=networking.k8s.io,resources=ingresses,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups="",resources=events,verbs=get;list;watch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch

// Reconcile brings one LoadBalancer's children and status in line with its spec.
func (r *LoadBalancerReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	lb := &lbov1.LoadBalancer{}
	if err := r.Client.Get(ctx, req.NamespacedName, lb); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	lb = r.ownWrites.freshest(lb)
	if !lb.DeletionTimestamp.IsZero() {
		// With deletionPolicy Delete the garbage collector removes the
		// children through their owner references; with Retain lbo first
		// releases them.
		return ctrl.Result{}, r.finalize(ctx, lb)
	}
	if err := r.syncFinalizer(ctx, lb); err != nil {
		return ctrl.Result{}, err
	}

	res := expand.LoadBalancer(lb)
	obs := observation{problems: res.Problems, ingresses: expand.Ingresses(res.Objects), awsLB: r.AWSState.Get(req.NamespacedName)}
	// The referenced Services are read from the API server while the
	// children are applied: neither needs the other.
	refs := make(chan error, 1)
	go func() {
		var err error
		obs.targetGroups, err = r.resolveRefs(ctx, lb)
		refs <- err
	}()
	err := r.reconcileAll(ctx, lb, res, &obs)
	if refErr := <-refs; refErr != nil {
		return ctrl.Result{}, refErr
	}
	if err != nil {
		return ctrl.Result{}, err
	}

	before := lb.Status.DeepCopy()
	status := computeStatus(lb, obs, metav1.Now())
	if err := r.patchStatus(ctx, lb, status); apierrors.IsConflict(err) {
		// The cache served an older LoadBalancer than the one stored: look
		// again rather than report transitions that already happened.
		return ctrl.Result{Requeue: true}, nil
	} else if err != nil {
		return ctrl.Result{}, err
	}
	r.recordTransitions(lb, *before, status)
	countErrors(status)
	if obs.applyErr != nil {
		return ctrl.Result{}, obs.applyErr
	}
	if c := meta.FindStatusCondition(status.Conditions, lbov1.ConditionResolvedRefs); c != nil && c.Status != metav1.ConditionTrue {
		return ctrl.Result{RequeueAfter: cmp.Or(r.RetryUnresolved, DefaultRetryUnresolved)}, nil
	}
	return ctrl.Result{}, nil
}

// reconcileAll checks lb's group consent and, as it allows, applies and
// prunes lb's children (or withdraws its Ingresses from the group).
func (r *LoadBalancerReconciler) reconcileAll(ctx context.Context, lb *lbov1.LoadBalancer, res expand.Result, obs *observation) error {
	if len(res.Problems) == 0 {
		var err error
		if obs.group, err = r.groupConsent(ctx, lb, res.Objects); err != nil {
			return err
		}
	}
	switch {
	case len(res.Problems) > 0:
		// A spec that cannot be expanded leaves the children as they are:
		// the load balancer keeps serving while the user fixes the spec.
	case obs.group.withdrawn:
		// lb's Ingress is in a group whose owner does not (or no longer)
		// let it in: its rules leave the owner's load balancer.
		obs.applyErr = r.withdraw(ctx, lb, obs.group)
	case obs.group.refused:
		// Not (or no longer provably) let in: nothing is created or
		// changed, and what exists keeps serving.
	default:
		return r.reconcileChildren(ctx, lb, res.Objects, obs)
	}
	return nil
}

// reconcileChildren applies and prunes the children and observes what the
// AWS Load Balancer Controller made of them.
func (r *LoadBalancerReconciler) reconcileChildren(ctx context.Context, lb *lbov1.LoadBalancer, desired []client.Object, obs *observation) error {
	live, err := r.children(ctx, lb)
	if err != nil {
		return err
	}
	applied, conflicts, applyErr := r.apply(ctx, lb, desired, live)
	obs.conflicts = conflicts
	obs.applyErr = errors.Join(applyErr, r.prune(ctx, lb, desired, live))
	obs.hostname = hostname(desired, live)
	obs.listeners = listenerStatuses(lb, desired)
	obs.aws, err = r.awsReports(ctx, desired, live, applied, time.Now().Truncate(time.Second))
	return err
}

// listenerStatuses names the child that carries each listener: the one
// object the AWS Load Balancer Controller provisions the load balancer from.
func listenerStatuses(lb *lbov1.LoadBalancer, desired []client.Object) []lbov1.ListenerStatus {
	carrier := ""
	for _, obj := range desired {
		if provisioned(obj) {
			carrier = keyOf(obj).kind + "/" + obj.GetName()
			break
		}
	}
	statuses := make([]lbov1.ListenerStatus, 0, len(lb.Spec.Listeners))
	for _, l := range lb.Spec.Listeners {
		statuses = append(statuses, lbov1.ListenerStatus{Name: l.Name, Port: l.Port, Protocol: l.Protocol, Object: carrier})
	}
	return statuses
}

// childKey identifies a child among its siblings.
type childKey struct{ kind, name string }

func keyOf(obj client.Object) childKey {
	return childKey{kind: obj.GetObjectKind().GroupVersionKind().Kind, name: obj.GetName()}
}

// childOf indexes the cached Services and Ingresses by the LoadBalancer
// their label names, so that listing one LoadBalancer's children does not
// scan every child in the namespace (a label selector would: the cache
// indexes by namespace only, which made each reconcile O(LoadBalancers)).
const childOf = "lbo.childOf"

// children lists the objects labeled as lb's children, from the cache.
func (r *LoadBalancerReconciler) children(ctx context.Context, lb *lbov1.LoadBalancer) (map[childKey]client.Object, error) {
	live := map[childKey]client.Object{}
	for _, list := range []client.ObjectList{&corev1.ServiceList{}, &networkingv1.IngressList{}} {
		if err := r.Client.List(ctx, list, client.InNamespace(lb.Namespace), client.MatchingFields{childOf: lb.Name}); err != nil {
			return nil, fmt.Errorf("listing children of LoadBalancer %s/%s: %w", lb.Namespace, lb.Name, err)
		}
		items, err := meta.ExtractList(list)
		if err != nil {
			return nil, err
		}
		kind := "Service"
		if _, ok := list.(*networkingv1.IngressList); ok {
			kind = "Ingress"
		}
		for _, item := range items {
			obj := item.(client.Object)
			live[childKey{kind: kind, name: obj.GetName()}] = obj
		}
	}
	return live, nil
}

// apply writes each desired child that differs from its live object, with
// server-side apply. A name taken by an object lb does not control is left
// untouched and reported. The children are independent objects: they are
// read and written at once (up to maxParallelApplies), so that a reconcile
// waits for the API server's slowest answer rather than for their sum.
func (r *LoadBalancerReconciler) apply(ctx context.Context, lb *lbov1.LoadBalancer, desired []client.Object, live map[childKey]client.Object) (applied map[childKey]bool, conflicts []string, err error) {
	results := make([]applyResult, len(desired))
	sem := make(chan struct{}, maxParallelApplies)
	var wg sync.WaitGroup
	for i, want := range desired {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = r.applyChild(ctx, lb, want, live[keyOf(want)])
		}()
	}
	wg.Wait()

	applied = map[childKey]bool{}
	var errs []error
	var done []childKey
	for i, res := range results {
		key := keyOf(desired[i])
		switch {
		case res.err != nil:
			errs = append(errs, res.err)
		case res.conflict != "":
			conflicts = append(conflicts, res.conflict)
		case res.applied:
			applied[key] = true
			done = append(done, key)
			log.FromContext(ctx).Info("applied child", "kind", key.kind, "child", key.name)
		}
	}
	r.childrenEvent(lb, "Applied", "Apply", "applied", done)
	return applied, conflicts, errors.Join(errs...)
}

// maxParallelApplies bounds the children one reconcile writes at once.
const maxParallelApplies = 8

// applyResult is what became of one desired child.
type applyResult struct {
	applied  bool
	conflict string // the name is taken by an object lb does not control
	err      error
}

// applyChild applies one desired child, given its cached live object (nil
// when the cache has none).
func (r *LoadBalancerReconciler) applyChild(ctx context.Context, lb *lbov1.LoadBalancer, want, have client.Object) applyResult {
	key := keyOf(want)
	if have == nil {
		// Not in the cache: look for an object lbo did not label before
		// creating one, so that nothing of someone else's is taken over.
		have = want.DeepCopyObject().(client.Object)
		err := r.APIReader.Get(ctx, client.ObjectKeyFromObject(want), have)
		switch {
		case apierrors.IsNotFound(err):
			have = nil
		case err != nil:
			return applyResult{err: fmt.Errorf("reading %s %s: %w", key.kind, key.name, err)}
		}
	}
	if have != nil && !metav1.IsControlledBy(have, lb) && !adoptable(lb, have) {
		return applyResult{conflict: conflictMessage(key, have)}
	}
	if have != nil {
		same, err := upToDate(have, want)
		if err != nil {
			return applyResult{err: err}
		}
		if same {
			return applyResult{}
		}
	}
	ac, err := applyConfiguration(want)
	if err != nil {
		return applyResult{err: err}
	}
	if err := r.Client.Apply(ctx, ac, client.FieldOwner(lbov1.FieldManager), client.ForceOwnership); err != nil {
		return applyResult{err: fmt.Errorf("applying %s %s: %w", key.kind, key.name, err)}
	}
	return applyResult{applied: true}
}

// prune deletes lb's children that the expansion no longer returns.
func (r *LoadBalancerReconciler) prune(ctx context.Context, lb *lbov1.LoadBalancer, desired []client.Object, live map[childKey]client.Object) error {
	keep := map[childKey]bool{}
	for _, obj := range desired {
		keep[keyOf(obj)] = true
	}
	var errs []error
	var done []childKey
	defer func() { r.childrenEvent(lb, "Pruned", "Delete", "deleted, no longer declared:", done) }()
	for key, obj := range live {
		if keep[key] || !metav1.IsControlledBy(obj, lb) {
			continue
		}
		uid := obj.GetUID()
		err := r.Client.Delete(ctx, obj, client.Preconditions{UID: &uid}, client.PropagationPolicy(metav1.DeletePropagationBackground))
		if client.IgnoreNotFound(err) != nil {
			errs = append(errs, fmt.Errorf("pruning %s %s: %w", key.kind, key.name, err))
			continue
		}
		done = append(done, key)
		log.FromContext(ctx).Info("pruned child", "kind", key.kind, "child", key.name)
	}
	return errors.Join(errs...)
}

// hostname is the load balancer's DNS name as the first desired child that
// has one reports it in status.loadBalancer.ingress.
func hostname(desired []client.Object, live map[childKey]client.Object) string {
	for _, want := range desired {
		switch obj := live[keyOf(want)].(type) {
		case *corev1.Service:
			for _, ing := range obj.Status.LoadBalancer.Ingress {
				if ing.Hostname != "" {
					return ing.Hostname
				}
			}
		case *networkingv1.Ingress:
			for _, ing := range obj.Status.LoadBalancer.Ingress {
				if ing.Hostname != "" {
					return ing.Hostname
				}
			}
		}
	}
	return ""
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

// CacheOptions restricts the manager's cache of Services and Ingresses to
// the ones lbo made, so that memory does not grow with unrelated objects.
func CacheOptions() cache.Options {
	managed := labels.SelectorFromSet(labels.Set{lbov1.LabelManagedBy: lbov1.ManagedByValue})
	return cache.Options{ByObject: map[client.Object]cache.ByObject{
		&corev1.Service{}:       {Label: managed},
		&networkingv1.Ingress{}: {Label: managed},
	}}
}

// SetupWithManager registers the reconciler: it runs on changes to a
// LoadBalancer's spec and on any update or deletion of its children, so that a
// manual edit is reverted and a new address is reported.
func (r *LoadBalancerReconciler) SetupWithManager(mgr ctrl.Manager) error {
	caches, sources, err := newEventCaches(mgr, r.lbForEvent)
	if err != nil {
		return err
	}
	r.events = caches
	for _, obj := range []client.Object{&corev1.Service{}, &networkingv1.Ingress{}} {
		err := mgr.GetFieldIndexer().IndexField(context.Background(), obj, childOf, func(obj client.Object) []string {
			if name := obj.GetLabels()[lbov1.LabelLoadBalancer]; name != "" {
				return []string{name}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("indexing children by LoadBalancer: %w", err)
		}
	}
	if err := indexGroups(context.Background(), mgr.GetFieldIndexer()); err != nil {
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
		// A LoadBalancer's consent to its group follows the other
		// LoadBalancers of the group: look again when one changes.
		Watches(&lbov1.LoadBalancer{}, handler.EnqueueRequestsFromMapFunc(r.groupPeers), builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&networkingv1.Ingress{}, handler.EnqueueRequestsFromMapFunc(r.ingressGroupPeers), builder.WithPredicates(groupChanged)).
		Owns(&corev1.Service{}, notCreated).
		Owns(&networkingv1.Ingress{}, notCreated).
		Named("loadbalancer")
	for _, src := range sources {
		b = b.WatchesRawSource(src)
	}
	if r.AWSState != nil {
		b = b.WatchesRawSource(r.AWSState.Source())
	}
	return b.Complete(r)
}
