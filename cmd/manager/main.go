// Command manager runs the lbo operator: the LoadBalancer reconciler, with
// leader election, metrics and health probes.
//
// With --local-control-plane=auto (what `make run` passes) and no reachable
// cluster in the kubeconfig, it first starts a local control plane, installs
// the CRD, applies the samples, and prints the kubeconfig to use with kubectl.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/gateway"
)

type options struct {
	metricsAddr, probeAddr string
	pprofAddr              string
	concurrency            int
	qps                    float64
	burst                  int
	leaderElect            bool
	leaderElectNamespace   string
	localControlPlane      string
	localBinDir            string
	localCRDDir            string
	localKubeconfig        string
	localApply             string
	aws                    awsstate.Options
	// notice is where the instructions for a local control plane go.
	notice io.Writer
}

func main() {
	o := options{notice: os.Stderr}
	flag.StringVar(&o.metricsAddr, "metrics-bind-address", ":8080", "address the Prometheus metrics endpoint binds to; 0 disables it")
	flag.StringVar(&o.probeAddr, "health-probe-bind-address", ":8081", "address the health and readiness probes bind to")
	flag.StringVar(&o.pprofAddr, "pprof-bind-address", "", "address the Go profiler (/debug/pprof) binds to; empty disables it")
	// The defaults are what `make bench` measures (docs/performance.md):
	// controller-runtime's client limit of 20 requests per second, with one
	// worker, made 1,000 new LoadBalancers take minutes. A steady cluster
	// makes no requests, so the limit only matters for bursts of changes;
	// the API server's priority and fairness protects it from the rest.
	flag.IntVar(&o.concurrency, "concurrency", 4, "how many LoadBalancers are reconciled at once")
	flag.Float64Var(&o.qps, "kube-api-qps", 200, "requests per second the manager's client may make to the API server once its burst is spent")
	flag.IntVar(&o.burst, "kube-api-burst", 400, "requests the manager's client may make at once before --kube-api-qps paces it")
	flag.BoolVar(&o.leaderElect, "leader-elect", false, "elect a leader, so that only one of several replicas reconciles at a time")
	flag.StringVar(&o.leaderElectNamespace, "leader-election-namespace", "", "namespace of the leader election Lease; in a cluster, the manager's own")
	flag.StringVar(&o.localControlPlane, "local-control-plane", "never", "never: use the kubeconfig's cluster; auto: start a local control plane when that cluster cannot be reached; always: start one regardless")
	flag.StringVar(&o.localBinDir, "local-bin-dir", "bin/k8s/1.37.2-linux-amd64", "directory of the kube-apiserver and etcd binaries of the local control plane")
	flag.StringVar(&o.localCRDDir, "local-crd-dir", "config/crd/bases,test/crds/standins", "directories of the CRDs to install in the local control plane, comma-separated: lbo's, and the AWS Load Balancer Controller's (its TargetGroupBinding, which lbo makes)")
	flag.StringVar(&o.localKubeconfig, "local-kubeconfig", "bin/local/kubeconfig", "where to write the local control plane's kubeconfig")
	flag.StringVar(&o.localApply, "local-apply", "config/samples", "directory of YAML files (with its subdirectories) to apply to the local control plane once it is up; empty applies nothing")
	flag.StringVar(&o.aws.Mode, "aws", awsstate.ModeAuto, "auto: read each programmed load balancer's ARN, state, listeners and target health from AWS when the SDK's default chain finds credentials and a region (IRSA, environment, profile); off: never call AWS")
	flag.StringVar(&o.aws.EndpointURL, "aws-endpoint-url", "", "endpoint of the Elastic Load Balancing API, instead of the region's (LocalStack, tests)")
	flag.DurationVar(&o.aws.Interval, "aws-poll-interval", awsstate.DefaultInterval, "how often the AWS reader reads the programmed load balancers; it waits longer, up to 10 minutes, while AWS throttles it")
	flag.StringVar(&o.aws.Cluster, "cluster-name", "", "the EKS cluster's name; when set, the AWS reader accepts only load balancers the AWS Load Balancer Controller tagged elbv2.k8s.aws/cluster with it")
	zapOpts := zap.Options{}
	zapOpts.BindFlags(flag.CommandLine)
	flag.Parse()
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&zapOpts)))

	if err := run(ctrl.SetupSignalHandler(), o); err != nil {
		ctrl.Log.Error(err, "manager stopped")
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.qps <= 0 || o.burst <= 0 {
		return fmt.Errorf("--kube-api-qps and --kube-api-burst must be positive, not %g and %d", o.qps, o.burst)
	}
	log := ctrl.Log.WithName("setup")
	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(lbov1.AddToScheme(scheme))
	utilruntime.Must(controllers.AddGatewayToScheme(scheme))

	cfg, local, err := clusterConfig(ctx, o)
	if err != nil {
		return err
	}
	if local != nil {
		defer func() {
			if err := local.Stop(); err != nil {
				log.Error(err, "stopping the local control plane")
			}
		}()
	}

	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = float32(o.qps), o.burst
	// The Gateway backend's kinds the cluster serves: lbo watches those
	// only, and runs the annotation backend without any.
	gatewayKinds, err := controllers.DiscoverGatewayKinds(cfg)
	if err != nil {
		return err
	}
	log.Info("Gateway backend", "kinds served", len(gatewayKinds), "kinds needed", len(gateway.ChildKinds(lbov1.GatewayAWSLoadBalancerController)))
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                  scheme,
		Cache:                   controllers.CacheOptions(gatewayKinds),
		Client:                  controllers.ClientOptions(),
		Metrics:                 metricsserver.Options{BindAddress: o.metricsAddr},
		HealthProbeBindAddress:  o.probeAddr,
		PprofBindAddress:        o.pprofAddr,
		Controller:              config.Controller{MaxConcurrentReconciles: o.concurrency},
		LeaderElection:          o.leaderElect,
		LeaderElectionID:        "lbo.networking.lbo.dev",
		LeaderElectionNamespace: o.leaderElectNamespace,
		// The manager exits once stopped, so a stopping leader hands over at
		// once instead of making the next one wait for its lease to expire.
		LeaderElectionReleaseOnCancel: true,
	})
	if err != nil {
		return fmt.Errorf("creating the manager: %w", err)
	}
	awsState, err := awsstate.Setup(logr.NewContext(ctx, ctrl.Log.WithName("aws-reader")), mgr, o.aws)
	if err != nil {
		return fmt.Errorf("setting up the AWS reader: %w", err)
	}
	r := &controllers.LoadBalancerReconciler{
		Client: mgr.GetClient(), APIReader: mgr.GetAPIReader(), Recorder: mgr.GetEventRecorder("lbo"), AWSState: awsState,
		GatewayKinds: gatewayKinds,
	}
	if err := r.SetupWithManager(mgr); err != nil {
		return fmt.Errorf("setting up the LoadBalancer controller: %w", err)
	}
	// A cluster that gains the Gateway API's or the AWS Load Balancer
	// Controller's CRDs after lbo started: lbo stops, and its Deployment
	// starts it again to watch them. Run locally, it keeps running and the
	// condition says to restart it.
	if missing := r.MissingAPIs(); local == nil && len(missing) > 0 {
		dc, err := discovery.NewDiscoveryClientForConfig(cfg)
		if err != nil {
			return err
		}
		if err := mgr.Add(&controllers.NewAPIs{Discovery: dc, Missing: missing, Every: controllers.DefaultNewAPIsEvery}); err != nil {
			return err
		}
	}
	if err := controllers.RegisterMetrics(mgr.GetClient()); err != nil {
		return fmt.Errorf("registering metrics: %w", err)
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		return err
	}
	if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
		return err
	}

	if local != nil && o.localApply != "" {
		c, err := client.New(cfg, client.Options{Scheme: scheme})
		if err != nil {
			return err
		}
		if err := applyDir(ctx, c, o.localApply); err != nil {
			return err
		}
		log.Info("applied to the local control plane", "dir", o.localApply)
	}
	if local != nil {
		fmt.Fprintf(o.notice, "\nlbo is running against a local control plane. In another shell:\n\n"+
			"  export KUBECONFIG=%s\n  kubectl get lb,services,ingresses\n  kubectl describe lb shop\n\n"+
			"No AWS Load Balancer Controller runs here, so the LoadBalancers stay\n"+
			"READY False: accepted, their Services found, waiting for it (Programmed=False, Pending).\n"+
			"Stop with Ctrl-C; the local control plane and its data go with it.\n\n", absPath(local.Kubeconfig))
	}
	log.Info("starting the manager")
	err = mgr.Start(ctx)
	if errors.Is(err, controllers.ErrNewAPI) {
		// Not a failure: exit 0, and the Deployment starts lbo again.
		log.Info("stopped to start again with the new kind", "reason", err.Error())
		return nil
	}
	return err
}

// applyDir applies the objects in the YAML files of dir and of its
// subdirectories (but kustomization files), in the default namespace when
// they name none.
func applyDir(ctx context.Context, c client.Client, dir string) error {
	return filepath.WalkDir(dir, func(file string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(file) != ".yaml" || strings.HasPrefix(e.Name(), "kustomization") {
			return err
		}
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		dec := utilyaml.NewYAMLOrJSONDecoder(f, 4096)
		for {
			u := &unstructured.Unstructured{}
			if err := dec.Decode(&u.Object); errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return fmt.Errorf("reading %s: %w", file, err)
			}
			if len(u.Object) == 0 {
				continue
			}
			if u.GetNamespace() == "" {
				u.SetNamespace("default")
			}
			if err := c.Apply(ctx, client.ApplyConfigurationFromUnstructured(u), client.FieldOwner("lbo-run"), client.ForceOwnership); err != nil {
				return fmt.Errorf("applying %s %s from %s: %w", u.GetKind(), u.GetName(), file, err)
			}
		}
	})
}
