// Package integration tests lbo against a real kube-apiserver and etcd
// (envtest): the CRD's validation, the reconciler's children and status.
package integration

import (
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
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
	// restConfig is an administrator's.
	restConfig *rest.Config
)

// TestMain runs the suite on a control plane that serves no Gateway API
// kinds: lbo runs the annotation backend as ever, and refuses the Gateway
// backend by name (gateway_missing_test.go). test/gatewayintegration has
// them.
func TestMain(m *testing.M) {
	os.Exit(envtestutil.RunSuite(m, scheme, nil, func(s envtestutil.Suite) {
		k8s, reconciler, mgrClient, gcRunning, restConfig = s.K8s, s.Operator.Reconciler, s.Operator.Client, s.GCRunning, s.Config
	}))
}

// gcRunning tells whether kube-controller-manager's garbage collector runs
// beside the API server (envtestutil.StartGarbageCollector).
var gcRunning bool

func newNamespace(t *testing.T) string { return envtestutil.NewNamespace(t, k8s, "test") }

func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	envtestutil.Eventually(t, what, cond)
}
