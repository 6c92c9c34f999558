package envtestutil

import (
	"fmt"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
)

// Suite is what the tests of an envtest suite share.
type Suite struct {
	// K8s is a client straight to the API server, as a user with kubectl.
	K8s client.Client
	// Operator is lbo's manager running against the control plane.
	Operator Operator
	// GCRunning tells whether kube-controller-manager's garbage collector
	// runs beside the API server (StartGarbageCollector).
	GCRunning bool
	// Config is an administrator's, for clients a test makes itself.
	Config *rest.Config
}

// RunSuite is the body of a suite's TestMain: it starts a control plane
// with lbo's CRD and those in crdPaths, the garbage collector when it can,
// and lbo's manager; hands them to set; runs the tests; and stops it all.
// It returns the exit code.
func RunSuite(m *testing.M, scheme *runtime.Scheme, crdPaths []string, set func(Suite)) int {
	KeepControlPlaneToThisProcess()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(lbov1.AddToScheme(scheme))
	utilruntime.Must(controllers.AddGatewayToScheme(scheme))
	SetLogger()

	env, cfg, stop, err := StartControlPlane(crdPaths...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	stopGC, gcRunning, err := StartGarbageCollector(env)
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting the garbage collector: %v\n", err)
		return 1
	}
	defer stopGC()
	k8s, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	op, stopOperator, err := StartOperator(cfg, scheme)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stopOperator()
	set(Suite{K8s: k8s, Operator: op, GCRunning: gcRunning, Config: cfg})
	return m.Run()
}
