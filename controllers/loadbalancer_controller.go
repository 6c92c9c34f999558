// Package controllers holds the LoadBalancer reconciler: it expands each
// LoadBalancer, applies the children with server-side apply, prunes the ones
// no longer desired and reports the result in the LoadBalancer's status.
package controllers

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/tools/events"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
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
	// Bindings reads lbo's TargetGroupBindings, from a cache of their own
	// that SetupWithManager makes when the cluster has their CRD; nil when
	// it had none as lbo started: a LoadBalancer that needs a binding is
	// then refused.
	Bindings client.Reader
	// RetryUnresolved is how soon a LoadBalancer whose target group names a
	// missing Service, or whose child's name another object holds, is looked
	// at again; zero means DefaultRetryUnresolved.
	RetryUnresolved time.Duration
	// GatewayKinds are the Gateway backend's kinds the cluster served when
	// lbo started (DiscoverGatewayKinds), the ones CacheOptions was given:
	// lbo watches and writes these only. Empty on a cluster without Gateway
	// API, where the annotation backend runs as ever.
	GatewayKinds GatewayKinds

	// events are the caches of Events about Ingresses, Services and
	// TargetGroupBindings, set up by SetupWithManager.
	events eventCaches
	// mapper tells, for a LoadBalancer that needs a kind not in
	// GatewayKinds, whether its CRD was installed since lbo started.
	mapper meta.RESTMapper
	// ownWrites bridge the moment between a status patch and the cache
	// seeing it.
	ownWrites ownWrites
}

// DefaultRetryUnresolved is how soon a LoadBalancer whose target group names
// a missing Service, or whose child's name another object holds, is looked
// at again: lbo does not watch objects it does not own, so it polls, and
// only while something is missing or in the way.
const DefaultRetryUnresolved = 15 * time.Second

// +kubebuilder:rbac:groups=networking.lbo.dev,resources=loadbalancers,verbs=get;list;watch;patch
// +kubebuilder:rbac:groups=networking.lbo.dev,resources=loadbalancers/status,verbs=get;patch;update
// +kubebuilder:rbac:groups=networking.lbo.dev,resources=loadbalancers/finalizers,verbs=update
// +kubebuilder:rbac:groups="",resources=services,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups=networking.k8s.io,resources=ingresses,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups=elbv2.k8s.aws,resources=targetgroupbindings,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups="",resources=events,verbs=get;list;watch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch

// Reconcile brings one LoadBalancer's children and status in line with its
// spec, in phases that each fill in the scope the next ones read:
//
//   - consent: whether the LoadBalancer may be in its group;
//   - plan: the children its spec expands to;
//   - validate: whether this pass may write: the group's members agree, no
//     other LoadBalancer has its AWS name, no child's name is held by an
//     object it does not control, and the API server would take every
//     write that could not be undone;
//   - apply: the children that differ, Services before the Ingresses that
//     name them, all or nothing;
//   - prune: the children no longer desired, Ingresses before the Services
//     they named;
//   - observe: the address and what the AWS Load Balancer Controller
//     reported on the children;
//   - status, deferred: computed from what the phases observed, also when
//     one of them failed, and written only when it changed.
func (r *LoadBalancerReconciler) Reconcile(ctx context.Context, req ctrl.Request) (result ctrl.Result, err error) {
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

	s := newScope(lb, r.AWSState.Get(req.NamespacedName))
	// The referenced Services are read from the API server while the other
	// phases run: nothing else needs them.
	s.refs = r.resolveRefsAsync(ctx, lb)
	defer func() { result, err = r.status(ctx, s, err) }()

	if err := r.consent(ctx, s); err != nil {
		return ctrl.Result{}, err
	}
	r.plan(s)
	if err := r.validate(ctx, s); err != nil {
		return ctrl.Result{}, err
	}
	if err := r.apply(ctx, s); err != nil {
		return ctrl.Result{}, err
	}
	if err := r.prune(ctx, s); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{}, r.observe(ctx, s)
}
