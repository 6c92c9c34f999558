package envtestutil

import (
	"context"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/lbo-dev/lbo/controllers"
)

// Operator is lbo's manager running in the test process, as cmd/manager
// sets it up: with the Gateway backend's kinds the control plane serves.
type Operator struct {
	// Reconciler is the one the manager runs; tests may call it directly.
	Reconciler *controllers.LoadBalancerReconciler
	// Client is the manager's client, which reads from its cache.
	Client client.Client
}

// StartOperator starts lbo's manager on the control plane at cfg, looking
// again every second at what is missing or in the way. stop stops it and
// reports on stderr if it failed.
func StartOperator(cfg *rest.Config, scheme *runtime.Scheme) (op Operator, stop func(), err error) {
	kinds, err := controllers.DiscoverGatewayKinds(cfg)
	if err != nil {
		return Operator{}, nil, err
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:  scheme,
		Cache:   controllers.CacheOptions(kinds),
		Client:  controllers.ClientOptions(),
		Metrics: metricsserver.Options{BindAddress: "0"},
	})
	if err != nil {
		return Operator{}, nil, err
	}
	op = Operator{Client: mgr.GetClient(), Reconciler: &controllers.LoadBalancerReconciler{
		Client: mgr.GetClient(), APIReader: mgr.GetAPIReader(), Recorder: mgr.GetEventRecorder("lbo"),
		RetryUnresolved: time.Second, GatewayKinds: kinds,
	}}
	if err := op.Reconciler.SetupWithManager(mgr); err != nil {
		return Operator{}, nil, err
	}
	if err := controllers.RegisterMetrics(mgr.GetClient()); err != nil {
		return Operator{}, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	return op, func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Fprintf(os.Stderr, "manager: %v\n", err)
		}
	}, nil
}
