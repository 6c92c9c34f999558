// Package awsintegration tests lbo with its AWS reader on, against a real
// kube-apiserver and etcd (envtest) and a local server that answers like the
// AWS APIs (internal/awsfake), reached by the real aws-sdk-go-v2 clients.
// It is a suite of its own because the manager here starts with the reader
// on, the way cmd/manager starts it, while test/integration runs without.
package awsintegration

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
	"github.com/lbo-dev/lbo/internal/awsfake"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

// The reader's timing in these tests: fast, so that backing off shows within
// seconds.
const (
	pollInterval = 250 * time.Millisecond
	maxBackoff   = 1500 * time.Millisecond
	clusterName  = "test"
)

var (
	// k8s is a client straight to the API server, as a user with kubectl.
	k8s     client.Client
	scheme  = runtime.NewScheme()
	fakeAWS *awsfake.Server
	restCfg *rest.Config
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	envtestutil.KeepControlPlaneToThisProcess()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(lbov1.AddToScheme(scheme))
	if os.Getenv("LBO_TEST_VERBOSE") != "" {
		ctrl.SetLogger(zap.New(zap.UseDevMode(true), zap.WriteTo(os.Stderr)))
	}

	fakeAWS = awsfake.Start()
	defer fakeAWS.Close()
	// Credentials and region the way the SDK's default chain finds them
	// (IRSA sets the same kind of variables), and nothing else to find.
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": awsfake.Region,
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		os.Setenv(k, v)
	}

	_, cfg, stop, err := envtestutil.StartControlPlane()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	restCfg = cfg
	if k8s, err = client.New(cfg, client.Options{Scheme: scheme}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{Scheme: scheme, Cache: controllers.CacheOptions(nil), Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// As cmd/manager does with --aws=auto --aws-endpoint-url=...
	store, err := awsstate.Setup(logr.NewContext(ctx, ctrl.Log.WithName("aws-reader")), mgr, awsstate.Options{
		Mode: awsstate.ModeAuto, EndpointURL: fakeAWS.URL, Cluster: clusterName,
		Interval: pollInterval, MaxBackoff: maxBackoff, RetryMaxBackoff: 5 * time.Millisecond,
	})
	if err != nil || store == nil {
		fmt.Fprintf(os.Stderr, "the AWS reader did not start: %v\n", err)
		return 1
	}
	r := &controllers.LoadBalancerReconciler{Client: mgr.GetClient(), APIReader: mgr.GetAPIReader(), Recorder: mgr.GetEventRecorder("lbo"), AWSState: store}
	if err := r.SetupWithManager(mgr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Fprintf(os.Stderr, "manager: %v\n", err)
		}
	}()
	return m.Run()
}

func newNamespace(t *testing.T) string { return envtestutil.NewNamespace(t, k8s, "aws") }

func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	envtestutil.Eventually(t, what, cond)
}
