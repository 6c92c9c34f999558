package controllers

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/log"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// adoptable tells whether lbo may take obj over as a child of lb: only when
// the user asked for it and no other controller owns obj.
func adoptable(lb *lbov1.LoadBalancer, obj client.Object) bool {
	return lb.Spec.AdoptExisting && metav1.GetControllerOf(obj) == nil
}

// conflictMessage says why a child's name cannot be used and what to do.
func conflictMessage(key childKey, have client.Object) string {
	if owner := metav1.GetControllerOf(have); owner != nil {
		return fmt.Sprintf("%s %s already exists and is controlled by %s %s; lbo leaves it untouched: delete or rename it", key.kind, key.name, owner.Kind, owner.Name)
	}
	return fmt.Sprintf("%s %s already exists and is not controlled by this LoadBalancer; lbo leaves it untouched: delete or rename it, or set spec.adoptExisting to take it over", key.kind, key.name)
}

// syncFinalizer holds lb with lbo's finalizer while its deletionPolicy is
// Retain, and lets it go otherwise.
func (r *LoadBalancerReconciler) syncFinalizer(ctx context.Context, lb *lbov1.LoadBalancer) error {
	want := lb.Spec.DeletionPolicy == lbov1.DeletionPolicyRetain
	if want == controllerutil.ContainsFinalizer(lb, lbov1.FinalizerRetain) {
		return nil
	}
	orig := lb.DeepCopy()
	if want {
		controllerutil.AddFinalizer(lb, lbov1.FinalizerRetain)
	} else {
		controllerutil.RemoveFinalizer(lb, lbov1.FinalizerRetain)
	}
	if err := r.Client.Patch(ctx, lb, client.MergeFromWithOptions(orig, client.MergeFromWithOptimisticLock{})); err != nil {
		return fmt.Errorf("updating the finalizers of LoadBalancer %s/%s: %w", lb.Namespace, lb.Name, err)
	}
	return nil
}

// finalize releases the children of a LoadBalancer being deleted with
// deletionPolicy Retain: it removes its owner reference from each, so the
// garbage collector leaves them (and the load balancer) in place, then lets
// the LoadBalancer go.
func (r *LoadBalancerReconciler) finalize(ctx context.Context, lb *lbov1.LoadBalancer) error {
	if !controllerutil.ContainsFinalizer(lb, lbov1.FinalizerRetain) {
		return nil
	}
	live, err := r.children(ctx, lb)
	if err != nil {
		return err
	}
	for key, obj := range live {
		if !metav1.IsControlledBy(obj, lb) {
			continue
		}
		orig := obj.DeepCopyObject().(client.Object)
		var refs []metav1.OwnerReference
		for _, ref := range obj.GetOwnerReferences() {
			if ref.UID != lb.UID {
				refs = append(refs, ref)
			}
		}
		obj.SetOwnerReferences(refs)
		if err := r.Client.Patch(ctx, obj, client.MergeFromWithOptions(orig, client.MergeFromWithOptimisticLock{})); client.IgnoreNotFound(err) != nil {
			return fmt.Errorf("releasing %s %s of LoadBalancer %s/%s: %w", key.kind, key.name, lb.Namespace, lb.Name, err)
		}
		log.FromContext(ctx).Info("released child", "kind", key.kind, "child", key.name)
		r.event(lb, obj, "Normal", "Retained", "Release", "left %s %s in place: deletionPolicy is Retain", key.kind, key.name)
	}
	orig := lb.DeepCopy()
	controllerutil.RemoveFinalizer(lb, lbov1.FinalizerRetain)
	if err := r.Client.Patch(ctx, lb, client.MergeFrom(orig)); client.IgnoreNotFound(err) != nil {
		return fmt.Errorf("removing the finalizer of LoadBalancer %s/%s: %w", lb.Namespace, lb.Name, err)
	}
	return nil
}
