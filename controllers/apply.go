package controllers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	networkingv1ac "k8s.io/client-go/applyconfigurations/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// desiredFields is a desired child as the fields lbo applies: the typed
// object without the empty status and creation timestamp it carries.
func desiredFields(obj client.Object) (map[string]any, error) {
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("converting %s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
	}
	if _, ok := obj.(*unstructured.Unstructured); ok {
		// The converter hands out the object's own map: apply adds to
		// what it returns, and must not add to the desired object.
		u = runtime.DeepCopyJSON(u)
	}
	delete(u, "status")
	unstructured.RemoveNestedField(u, "metadata", "creationTimestamp")
	return u, nil
}

// upToDate tells whether the fields lbo's field manager owns in live hold
// exactly the desired values. A field someone else changed is no longer
// owned by lbo (server-side apply moves it to the other manager), so a
// manual edit shows up here as a difference and is applied over.
func upToDate(live, desired client.Object) (bool, error) {
	if isGatewayKind(desired) {
		return gatewayUpToDate(live, desired)
	}
	var managed any
	var err error
	switch obj := live.(type) {
	case *corev1.Service:
		managed, err = corev1ac.ExtractService(obj, lbov1.FieldManager)
	case *networkingv1.Ingress:
		managed, err = networkingv1ac.ExtractIngress(obj, lbov1.FieldManager)
	case *unstructured.Unstructured:
		if isBinding(obj) {
			return bindingUpToDate(obj, desired)
		}
		return false, fmt.Errorf("lbo does not manage objects of kind %s", obj.GetKind())
	default:
		return false, fmt.Errorf("lbo does not manage objects of type %T", live)
	}
	if err != nil {
		return false, fmt.Errorf("reading the fields lbo manages in %s: %w", live.GetName(), err)
	}
	data, err := json.Marshal(managed)
	if err != nil {
		return false, err
	}
	var have map[string]any
	if err := utiljson.Unmarshal(data, &have); err != nil {
		return false, err
	}
	want, err := desiredFields(desired)
	if err != nil {
		return false, err
	}
	return equality.Semantic.DeepEqual(have, want), nil
}

// apply writes the pass's children, Services before the Ingresses that name
// them, each stage at once (up to maxParallelApplies): a reconcile waits for
// the API server's slowest answer rather than for their sum. It writes only
// when validate found nothing in the way, and writes all or nothing: when
// the API server refuses a child or its name turns out to be taken, the
// later stages are not written and the children this pass created are
// deleted again. A member whose group's owner withdrew its consent has its
// Ingresses deleted instead.
func (r *LoadBalancerReconciler) apply(ctx context.Context, s *scope) error {
	if s.obs.group.state == consentWithdrawn {
		return r.withdraw(ctx, s)
	}
	if s.blocked() {
		return nil
	}
	for stage := range lastStage + 1 {
		var idx []int
		for i, w := range s.writes {
			if w.stage() == stage {
				idx = append(idx, i)
			}
		}
		results := make([]applyResult, len(idx))
		parallel(len(idx), func(k int) { results[k] = r.applyChild(ctx, s.lb, &s.writes[idx[k]], false) })
		for k, res := range results {
			if res.created {
				s.created = append(s.created, s.writes[idx[k]].want)
			}
			if res.applied {
				s.applied[s.writes[idx[k]].key] = true
			}
		}
		if err := s.collect(results, func(k int) write { return s.writes[idx[k]] }); err != nil {
			// Whether the failed writes were made is unknown: keep what
			// this pass wrote, and let the retry finish it.
			return err
		}
		if s.blocked() {
			return r.undo(ctx, s)
		}
	}
	var done []childKey
	for key := range s.applied {
		done = append(done, key)
		log.FromContext(ctx).Info("applied child", "kind", key.kind, "child", key.name)
	}
	if len(s.live) == 0 && len(s.created) == len(done) {
		// A new LoadBalancer's children: making them is what its creation
		// asked for, and its conditions say how it went. An event would be
		// one more write per new LoadBalancer (docs/performance.md).
		return nil
	}
	r.childrenEvent(s.lb, "Applied", "Apply", "applied", done)
	return nil
}

// undo deletes the children this pass created, once another write of the
// pass was refused: nothing of a refused pass stays.
func (r *LoadBalancerReconciler) undo(ctx context.Context, s *scope) error {
	var errs []error
	for _, obj := range s.created {
		uid := obj.GetUID()
		err := r.Client.Delete(ctx, obj, client.Preconditions{UID: &uid}, client.PropagationPolicy(metav1.DeletePropagationBackground))
		if client.IgnoreNotFound(err) != nil {
			errs = append(errs, fmt.Errorf("deleting %s %s/%s, created in a pass that was refused: %w", keyOf(obj).kind, obj.GetNamespace(), obj.GetName(), err))
			continue
		}
		log.FromContext(ctx).Info("deleted child created in a refused pass", "kind", keyOf(obj).kind, "child", obj.GetName())
	}
	s.applied = map[childKey]bool{}
	return errors.Join(errs...)
}

// collect takes the results of writes (write(k) is the k-th) into the scope:
// names found taken and the first refusal. When a write failed in a way that
// does not say whether it was made, it returns that instead, with the
// refusals and taken names of the same stage: whether the pass wrote
// nothing cannot be said then, and the retry finds out.
func (s *scope) collect(results []applyResult, write func(k int) write) error {
	var unknown, known []error
	for k, res := range results {
		switch {
		case res.err != nil:
			unknown = append(unknown, res.err)
		case res.refused != nil:
			known = append(known, &refusal{key: write(k).key, err: res.refused})
		case res.conflict != "":
			known = append(known, errors.New(res.conflict))
		}
	}
	if len(unknown) > 0 {
		return errors.Join(append(unknown, known...)...)
	}
	for _, err := range known {
		var f *refusal
		switch {
		case !errors.As(err, &f):
			s.obs.conflicts = append(s.obs.conflicts, err.Error())
		case s.obs.refused == nil:
			s.obs.refused = f
		}
	}
	return nil
}

// maxParallelApplies bounds the children one reconcile writes at once.
const maxParallelApplies = 8

// parallel runs f(0..n-1), up to maxParallelApplies at once, and waits.
func parallel(n int, f func(k int)) {
	sem := make(chan struct{}, maxParallelApplies)
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(k)
		}()
	}
	wg.Wait()
}

// applyResult is what became of one write.
type applyResult struct {
	// applied: the write was made (or would be, in a dry run).
	applied bool
	// created: the write created the child.
	created bool
	// conflict: the name is taken by an object lb does not control.
	conflict string
	// refused: the API server refused the write, and made nothing of it.
	refused error
	// err: the write failed in a way that does not say whether it was made.
	err error
}

// refusal is a child the API server refused, and why.
type refusal struct {
	key childKey
	err error
}

func (f *refusal) Error() string {
	return fmt.Sprintf("the API server refused %s %s: %s", f.key.kind, f.key.name, apiMessage(f.err))
}

// apiMessage is what the API server said, without the client's wrapping.
func apiMessage(err error) string {
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Message != "" {
		return status.Status().Message
	}
	return err.Error()
}

// isRefusal tells whether err is the API server's definite no: the request
// made nothing (invalid, refused by an admission webhook or a quota, too
// large), as opposed to a failure that leaves unknown whether it was made.
func isRefusal(err error) bool {
	return apierrors.IsInvalid(err) || apierrors.IsBadRequest(err) || apierrors.IsForbidden(err) ||
		apierrors.IsRequestEntityTooLargeError(err) || apierrors.IsNotAcceptable(err) || apierrors.IsUnsupportedMediaType(err)
}

// createOnly is the resourceVersion apply sends to create a child: no
// object has it, so the API server answers Conflict when the name is
// taken, and creates the child otherwise. This is how lbo makes sure it
// does not take over someone else's object without reading the name first.
const createOnly = "18446744073709551615"

// applyChild writes w with server-side apply, or has the API server check
// it without writing (dryRun). A child lbo knows of no object for is
// created only if its name is free; a taken name is read to see whose it
// is, and written over only when lb controls the object or may adopt it.
func (r *LoadBalancerReconciler) applyChild(ctx context.Context, lb *lbov1.LoadBalancer, w *write, dryRun bool) applyResult {
	opts := []client.ApplyOption{client.FieldOwner(lbov1.FieldManager), client.ForceOwnership}
	if dryRun {
		opts = append(opts, client.DryRunAll)
	}
	fail := func(err error) applyResult {
		err = fmt.Errorf("applying %s %s/%s: %w", w.key.kind, lb.Namespace, w.key.name, err)
		if isRefusal(err) {
			return applyResult{refused: err}
		}
		return applyResult{err: err}
	}
	u, err := desiredFields(w.want)
	if err != nil {
		return applyResult{err: err}
	}
	if isGatewayKind(w.want) {
		if err := unstructured.SetNestedField(u, desiredHash(u), "metadata", "annotations", lbov1.AnnotationDesiredHash); err != nil {
			return applyResult{err: err}
		}
	}
	if w.have == nil {
		if err := unstructured.SetNestedField(u, createOnly, "metadata", "resourceVersion"); err != nil {
			return applyResult{err: err}
		}
		created := &unstructured.Unstructured{Object: u}
		err := r.Client.Apply(ctx, client.ApplyConfigurationFromUnstructured(created), opts...)
		if err == nil {
			if !dryRun {
				// The object the API server made, with its UID: undo
				// deletes that one only.
				w.want.SetUID(created.GetUID())
			}
			return applyResult{applied: true, created: !dryRun}
		}
		if !apierrors.IsConflict(err) {
			return fail(err)
		}
		// The name is taken, by an object the cache does not hold: lbo did
		// not make it, or made it so recently that the cache has not seen it.
		have := w.want.DeepCopyObject().(client.Object)
		if err := r.APIReader.Get(ctx, client.ObjectKeyFromObject(w.want), have); err != nil {
			return applyResult{err: fmt.Errorf("reading %s %s/%s, whose name is taken: %w", w.key.kind, lb.Namespace, w.key.name, err)}
		}
		if !metav1.IsControlledBy(have, lb) && !adoptable(lb, have) {
			return applyResult{conflict: conflictMessage(w.key, have)}
		}
		w.have = have
		w.want = carryDefaulted(w.want, have)
		if same, err := upToDate(have, w.want); err != nil || same {
			return applyResult{err: err}
		}
		if u, err = desiredFields(w.want); err != nil {
			return applyResult{err: err}
		}
	}
	if err := r.Client.Apply(ctx, client.ApplyConfigurationFromUnstructured(&unstructured.Unstructured{Object: u}), opts...); err != nil {
		return fail(err)
	}
	return applyResult{applied: true}
}

// prune deletes lb's children that the expansion no longer returns, once the
// pass applied everything, in the reverse order of apply: a Gateway first,
// then the Ingresses, TargetGroupBindings and routes, then the Services and
// configuration objects they named.
func (r *LoadBalancerReconciler) prune(ctx context.Context, s *scope) error {
	if s.blocked() || s.live == nil {
		return nil
	}
	keep := map[childKey]bool{}
	for _, obj := range s.desired {
		keep[keyOf(obj)] = true
	}
	var done []childKey
	defer func() { r.childrenEvent(s.lb, "Pruned", "Delete", "deleted, no longer declared:", done) }()
	for stage := lastStage; stage >= 0; stage-- {
		var errs []error
		for key, obj := range s.live {
			if stageOf(key.kind) != stage || keep[key] || !metav1.IsControlledBy(obj, s.lb) {
				continue
			}
			uid := obj.GetUID()
			err := r.Client.Delete(ctx, obj, client.Preconditions{UID: &uid}, client.PropagationPolicy(metav1.DeletePropagationBackground))
			if client.IgnoreNotFound(err) != nil {
				errs = append(errs, fmt.Errorf("pruning %s %s/%s: %w", key.kind, s.lb.Namespace, key.name, err))
				continue
			}
			done = append(done, key)
			log.FromContext(ctx).Info("pruned child", "kind", key.kind, "child", key.name)
		}
		if err := errors.Join(errs...); err != nil {
			// An Ingress or route still there may name the Services:
			// leave them.
			return err
		}
	}
	return nil
}
