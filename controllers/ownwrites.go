package controllers

import (
	"sync"

	"k8s.io/apimachinery/pkg/types"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// ownWrites remembers, per LoadBalancer, the object lbo's last status patch
// returned, until the cache catches up with it. Right after that patch the
// LoadBalancer may be reconciled again (an update of a child, an Event about
// one or the AWS reader queue it) while the cache still holds the object from
// before the patch;
// without this the reconcile would compare against the old status, patch
// again with a stale resourceVersion and fail with a conflict: one wasted
// write per LoadBalancer.
type ownWrites struct {
	mu sync.Mutex
	m  map[types.NamespacedName]ownWrite
}

type ownWrite struct {
	// before is the resourceVersion the patch was made on.
	before string
	// after is the LoadBalancer the API server returned.
	after *lbov1.LoadBalancer
}

// record remembers that lbo patched the LoadBalancer at resourceVersion
// before, and that after is what the API server returned.
func (w *ownWrites) record(before string, after *lbov1.LoadBalancer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[types.NamespacedName]ownWrite{}
	}
	w.m[types.NamespacedName{Namespace: after.Namespace, Name: after.Name}] = ownWrite{before: before, after: after.DeepCopy()}
}

// freshest is cached, or the object lbo's own last write returned when the
// cache still serves the version from before that write. Once the cache has
// moved on (to lbo's write or anyone's later one), the record is dropped.
func (w *ownWrites) freshest(cached *lbov1.LoadBalancer) *lbov1.LoadBalancer {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := types.NamespacedName{Namespace: cached.Namespace, Name: cached.Name}
	rec, ok := w.m[key]
	if !ok {
		return cached
	}
	if cached.ResourceVersion == rec.before && cached.UID == rec.after.UID {
		return rec.after.DeepCopy()
	}
	delete(w.m, key)
	return cached
}
