// Package awsstate reads what AWS says about the load balancers behind
// LoadBalancers: ARN, DNS name, hosted zone, state, listeners, target groups
// and their targets' health, with the ELBv2 Describe calls only.
//
// It runs beside the reconciler, never inside it: a Poller lists the
// programmed LoadBalancers on an interval, reads AWS, keeps what it saw in a
// Store, and enqueues a LoadBalancer whenever its observation changes. The
// reconciler reads the Store (memory only) when it computes status, so no
// reconcile ever waits on AWS, and a steady load balancer causes no writes.
package awsstate

import (
	"slices"
	"sync"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/source"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// LoadBalancer is what AWS said about one LoadBalancer's load balancer.
type LoadBalancer struct {
	// Hostname is the LoadBalancer's status.address it was looked up by; an
	// observation for another hostname is stale.
	Hostname string
	// Found is true when a load balancer with that DNS name and the AWS Load
	// Balancer Controller's tags for this LoadBalancer exists.
	Found bool

	ARN                   string
	DNSName               string
	CanonicalHostedZoneID string
	// State is provisioning, active, active_impaired or failed.
	State       string
	StateReason string

	// Listeners are sorted by port.
	Listeners []Listener
	// TargetGroups are sorted by ARN.
	TargetGroups []TargetGroup

	// Message says why the last read failed or found nothing; what was read
	// before stays.
	Message string
}

// Listener is one listener of the load balancer.
type Listener struct {
	ARN      string
	Port     int32
	Protocol string
}

// TargetGroup is one target group the load balancer forwards to.
type TargetGroup struct {
	ARN  string
	Name string
	// ResourceID is the AWS Load Balancer Controller's resource tag
	// (ingress.k8s.aws/resource or service.k8s.aws/resource): which Service
	// and port the target group is for.
	ResourceID string
	Port       int32
	Protocol   string
	Health     TargetHealth
}

// TargetHealth counts targets by state.
type TargetHealth struct {
	Healthy, Unhealthy, Initial, Draining, Unused, Unavailable int32
	// UnhealthyReasons are the distinct "code: description" of unhealthy
	// and unavailable targets, sorted, at most maxReasons.
	UnhealthyReasons []string
}

// maxReasons bounds the reasons kept per target group (the CRD allows 10).
const maxReasons = 10

// Store holds the latest observation of each LoadBalancer. It is safe for
// concurrent use; the zero value is not, use NewStore.
type Store struct {
	mu      sync.RWMutex
	obs     map[types.NamespacedName]*LoadBalancer
	changes chan event.TypedGenericEvent[*lbov1.LoadBalancer]
}

// NewStore makes an empty Store.
func NewStore() *Store {
	return &Store{
		obs:     map[types.NamespacedName]*LoadBalancer{},
		changes: make(chan event.TypedGenericEvent[*lbov1.LoadBalancer], 128),
	}
}

// Get is the observation of the LoadBalancer key, or nil. A nil Store has
// none: the reader is off.
func (s *Store) Get(key types.NamespacedName) *LoadBalancer {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.obs[key]
	if !ok {
		return nil
	}
	c := *o
	c.Listeners = slices.Clone(o.Listeners)
	c.TargetGroups = slices.Clone(o.TargetGroups)
	for i := range c.TargetGroups {
		c.TargetGroups[i].Health.UnhealthyReasons = slices.Clone(o.TargetGroups[i].Health.UnhealthyReasons)
	}
	return &c
}

// set records o for key and reports whether it differs from what was there.
func (s *Store) set(key types.NamespacedName, o *LoadBalancer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.obs[key]; ok && equality.Semantic.DeepEqual(old, o) {
		return false
	}
	s.obs[key] = o
	return true
}

// retain forgets the LoadBalancers not in keep and returns them.
func (s *Store) retain(keep map[types.NamespacedName]bool) []types.NamespacedName {
	s.mu.Lock()
	defer s.mu.Unlock()
	var gone []types.NamespacedName
	for key := range s.obs {
		if !keep[key] {
			delete(s.obs, key)
			gone = append(gone, key)
		}
	}
	return gone
}

// Source enqueues a LoadBalancer each time its observation changes, for the
// reconciler to take into its status.
func (s *Store) Source() source.Source {
	return source.Channel(s.changes, &handler.TypedEnqueueRequestForObject[*lbov1.LoadBalancer]{})
}
