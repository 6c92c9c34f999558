// Package gatewayintegration tests lbo's Gateway backend against a real
// kube-apiserver and etcd (envtest) that serve Gateway API's CRDs and the AWS
// Load Balancer Controller's: the children, their updates and pruning, the
// status read from the Gateway's and routes' conditions (written here as the
// controller would), and isolation. test/integration runs lbo on a control
// plane without them.
package gatewayintegration

import (
	"fmt"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

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
	crds, err := envtestutil.GatewayCRDs()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(envtestutil.RunSuite(m, scheme, crds, func(s envtestutil.Suite) {
		k8s, reconciler, mgrClient, gcRunning = s.K8s, s.Operator.Reconciler, s.Operator.Client, s.GCRunning
	}))
}

// gcRunning tells whether kube-controller-manager's garbage collector runs
// beside the API server (envtestutil.StartGarbageCollector).
var gcRunning bool

func newNamespace(t *testing.T) string { return envtestutil.NewNamespace(t, k8s, "gw") }

func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	envtestutil.Eventually(t, what, cond)
}
