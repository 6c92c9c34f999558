package controllers

import (
	"context"
	"errors"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/lbo-dev/lbo/internal/lbc"
)

// ErrNewAPI is what NewAPIs stops the manager with: the cluster now serves
// a kind lbo looked for as it started and did not find. lbo decides at
// start what it caches and watches, so it starts again to use the kind; in
// a cluster the Deployment's restart policy does that.
var ErrNewAPI = errors.New("the cluster now serves an API lbo did not find when it started")

// DefaultNewAPIsEvery is how often NewAPIs asks the API server's discovery.
const DefaultNewAPIsEvery = 30 * time.Second

// NewAPIs is a runnable of the manager that asks the API server's
// discovery, every Every, whether it serves one of the Missing kinds yet,
// and returns ErrNewAPI when it does: installing the Gateway API's or the
// AWS Load Balancer Controller's CRDs after lbo then needs no restart by
// hand. It runs on every replica, leader or not, so that a replica that
// becomes leader later watches what the cluster serves.
type NewAPIs struct {
	Discovery discovery.DiscoveryInterface
	Missing   []schema.GroupVersionKind
	Every     time.Duration
}

// Start polls until the context ends or a missing kind is served.
func (n *NewAPIs) Start(ctx context.Context) error {
	if len(n.Missing) == 0 {
		return nil
	}
	t := time.NewTicker(n.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		for _, gvk := range n.Missing {
			served, err := servedBy(n.Discovery, gvk)
			if err != nil {
				// Discovery failing now and then is no reason to restart:
				// ask again next time.
				log.FromContext(ctx).V(1).Info("asking the API server whether it serves a kind", "kind", gvk.String(), "error", err.Error())
				continue
			}
			if served {
				log.FromContext(ctx).Info("the cluster now serves a kind lbo did not find when it started: stopping, to start again and watch it", "kind", gvk.String())
				return fmt.Errorf("%w: %s", ErrNewAPI, gvk)
			}
		}
	}
}

// NeedLeaderElection is false: every replica restarts to watch the new kind.
func (n *NewAPIs) NeedLeaderElection() bool { return false }

// servedBy tells whether discovery lists gvk.
func servedBy(d discovery.DiscoveryInterface, gvk schema.GroupVersionKind) (bool, error) {
	list, err := d.ServerResourcesForGroupVersion(gvk.GroupVersion().String())
	switch {
	case apierrors.IsNotFound(err):
		return false, nil
	case err != nil:
		return false, err
	}
	for _, r := range list.APIResources {
		if r.Kind == gvk.Kind {
			return true, nil
		}
	}
	return false, nil
}

// MissingAPIs are the kinds lbo may make that the cluster did not serve when
// SetupWithManager ran: the Gateway backend's and the TargetGroupBinding.
func (r *LoadBalancerReconciler) MissingAPIs() []schema.GroupVersionKind {
	var missing []schema.GroupVersionKind
	for _, gvk := range gatewayKinds {
		if !r.GatewayKinds[gvk] {
			missing = append(missing, gvk)
		}
	}
	if r.Bindings == nil {
		missing = append(missing, lbc.TargetGroupBindingGVK)
	}
	return missing
}
