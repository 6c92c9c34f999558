// Package integration tests lbo against a real kube-apiserver and etcd
// (envtest): the CRD's validation, the reconciler's children and status.
package integration

import (
	"fmt"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

var (
	// k8s is a client straight to the API server, as a user with kubectl.
	k8s    client.Client
	scheme = runtime.NewScheme()
	// reconciler is the one the manager runs; tests may call it directly.
	reconciler *controllers.LoadBalancerReconciler
	mgrClient  client.Client
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	envtestutil.KeepControlPlaneToThisProcess()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(lbov1.AddToScheme(scheme))
	utilruntime.Must(controllers.AddGatewayToScheme(scheme))
	envtestutil.SetLogger()

	env, cfg, stop, err := envtestutil.StartControlPlane()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()

	stopGC, running, err := envtestutil.StartGarbageCollector(env)
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting the garbage collector: %v\n", err)
		return 1
	}
	defer stopGC()
	gcRunning = running

	k8s, err = client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// This control plane serves no Gateway API kinds: lbo runs the
	// annotation backend as ever, and refuses the Gateway backend by name
	// (gateway_missing_test.go). test/gatewayintegration has them.
	op, stopOperator, err := envtestutil.StartOperator(cfg, scheme)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stopOperator()
	reconciler, mgrClient = op.Reconciler, op.Client
	return m.Run()
}

// gcRunning tells whether kube-controller-manager's garbage collector runs
// beside the API server (envtestutil.StartGarbageCollector).
var gcRunning bool

func newNamespace(t *testing.T) string { return envtestutil.NewNamespace(t, k8s, "test") }

func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	envtestutil.Eventually(t, what, cond)
}
