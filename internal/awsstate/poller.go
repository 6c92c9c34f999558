package awsstate

import (
	"context"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// Defaults of the Poller.
const (
	DefaultInterval   = 60 * time.Second
	DefaultMaxBackoff = 10 * time.Minute
)

// Poller reads AWS on an interval for every programmed LoadBalancer and keeps
// what it saw in Store. It is a manager Runnable that runs on the leader only.
type Poller struct {
	// Client lists LoadBalancers (the manager's cache).
	Client client.Reader
	// API is the ELBv2 client.
	API ELBv2
	// Store receives the observations.
	Store *Store
	// Cluster, when set, is the EKS cluster's name: a load balancer must be
	// tagged elbv2.k8s.aws/cluster with it.
	Cluster string
	// Interval between polls; zero means DefaultInterval.
	Interval time.Duration
	// MaxBackoff bounds the wait after AWS throttled a poll; zero means
	// DefaultMaxBackoff.
	MaxBackoff time.Duration
	// Log is where the poller logs.
	Log logr.Logger
}

// NeedLeaderElection makes only the leader poll: only it writes status.
func (p *Poller) NeedLeaderElection() bool { return true }

// Start polls until ctx is done. A poll that AWS throttles (after the SDK's
// own retries) doubles the wait before the next one, up to MaxBackoff; a
// poll that succeeds brings it back to Interval.
func (p *Poller) Start(ctx context.Context) error {
	interval := p.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	maxBackoff := max(p.MaxBackoff, interval)
	if p.MaxBackoff <= 0 {
		maxBackoff = max(DefaultMaxBackoff, interval)
	}
	delay := time.Duration(0)
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		err := p.Poll(ctx)
		switch {
		case err == nil:
			delay = interval
		case ctx.Err() != nil:
			return nil
		case IsThrottling(err):
			delay = min(max(2*delay, 2*interval), maxBackoff)
			p.Log.Info("AWS throttled the reader; backing off", "wait", delay.String(), "error", APIMessage(err))
		default:
			delay = interval
			p.Log.Error(err, "reading load balancers from AWS")
		}
		timer.Reset(delay)
	}
}

// Poll reads AWS once for every programmed LoadBalancer (those with an
// address and Programmed=True; others cost no AWS call) and enqueues those
// whose observation changed.
func (p *Poller) Poll(ctx context.Context) error {
	var list lbov1.LoadBalancerList
	if err := p.Client.List(ctx, &list); err != nil {
		return err
	}
	var wants []want
	keep := map[types.NamespacedName]bool{}
	for _, lb := range list.Items {
		if !lb.DeletionTimestamp.IsZero() || lb.Status.Address == nil || lb.Status.Address.Hostname == "" ||
			!meta.IsStatusConditionTrue(lb.Status.Conditions, lbov1.ConditionProgrammed) {
			continue
		}
		key := client.ObjectKeyFromObject(&lb)
		keep[key] = true
		wants = append(wants, want{key: key, hostname: lb.Status.Address.Hostname})
	}
	for _, key := range p.Store.retain(keep) {
		if err := p.notify(ctx, key); err != nil {
			return err
		}
	}
	if len(wants) == 0 {
		return nil
	}

	r := &reader{api: p.API, cluster: p.Cluster}
	observed, err := r.read(ctx, wants)
	if err != nil {
		if IsThrottling(err) {
			// Nothing new is known: leave the observations as they are.
			return err
		}
		// Nothing could be read: keep what the last read saw, and say why.
		observed = map[types.NamespacedName]*LoadBalancer{}
		for _, w := range wants {
			o := p.Store.Get(w.key)
			if o == nil || o.Hostname != w.hostname {
				o = &LoadBalancer{Hostname: w.hostname}
			}
			o.Message = APIMessage(err)
			observed[w.key] = o
		}
	}
	for _, key := range sortedKeys(observed) {
		o := observed[key]
		if prev := p.Store.Get(key); prev != nil && o.Found && o.Message != "" && prev.ARN == o.ARN && o.Listeners == nil && o.TargetGroups == nil {
			// Found, but its details could not be read: keep the last ones.
			o.Listeners, o.TargetGroups = prev.Listeners, prev.TargetGroups
		}
		if p.Store.set(key, o) {
			if err := p.notify(ctx, key); err != nil {
				return err
			}
		}
	}
	return err
}

// notify enqueues the LoadBalancer key for a reconcile.
func (p *Poller) notify(ctx context.Context, key types.NamespacedName) error {
	lb := &lbov1.LoadBalancer{}
	lb.Namespace, lb.Name = key.Namespace, key.Name
	select {
	case p.Store.changes <- event.TypedGenericEvent[*lbov1.LoadBalancer]{Object: lb}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
