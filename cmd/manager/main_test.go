package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/tools/clientcmd"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

func TestMain(m *testing.M) {
	envtestutil.KeepControlPlaneToThisProcess()
	os.Exit(m.Run())
}

// noCluster makes the process look like a machine without any cluster:
// no kubeconfig anywhere, not in a pod, and no AWS credentials or metadata
// service.
func noCluster(t *testing.T) {
	t.Helper()
	for k, v := range map[string]string{
		"HOME": t.TempDir(), "KUBECONFIG": "", "KUBERNETES_SERVICE_HOST": "", "KUBERNETES_SERVICE_PORT": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

// The cluster comes from where controller-runtime looks, in its order, and
// the log says which; with none, the error says everything looked at.
func TestKubeconfig(t *testing.T) {
	noCluster(t)
	write := func(path, server string) string {
		t.Helper()
		cfg := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: %q}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: ctx-%s, context: {cluster: c, user: u}}]
current-context: ctx-%s
`, server, filepath.Base(filepath.Dir(path)), filepath.Base(filepath.Dir(path)))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}

	if _, _, err := kubeconfig(""); err == nil || !strings.Contains(err.Error(), "no kubeconfig: --kubeconfig and KUBECONFIG are not set, lbo is not running in a pod, and "+os.Getenv("HOME")) {
		t.Errorf("without any kubeconfig: %v", err)
	}

	home := write(filepath.Join(os.Getenv("HOME"), ".kube", "config"), "https://home.example:6443")
	env := write(filepath.Join(t.TempDir(), "env", "config"), "https://env.example:6443")
	flagged := write(filepath.Join(t.TempDir(), "flag", "config"), "https://flag.example:6443")
	cases := []struct {
		name, flag, env string
		host            string
		logged          []any
	}{
		{"home", "", "", "https://home.example:6443", []any{"kubeconfig", home, "context", "ctx-.kube"}},
		{"KUBECONFIG", "", env, "https://env.example:6443", []any{"KUBECONFIG", env, "context", "ctx-env"}},
		{"--kubeconfig", flagged, env, "https://flag.example:6443", []any{"kubeconfig", flagged, "context", "ctx-flag"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("KUBECONFIG", c.env)
			cfg, source, err := kubeconfig(c.flag)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Host != c.host || fmt.Sprint(source.keysAndValues) != fmt.Sprint(c.logged) {
				t.Errorf("host %s, logged %v; want %s, %v", cfg.Host, source.keysAndValues, c.host, c.logged)
			}
		})
	}

	t.Setenv("KUBECONFIG", "")
	write(filepath.Join(os.Getenv("HOME"), ".kube", "config"), "https://127.0.0.1:1")
	_, _, err := clusterConfig(context.Background(), options{localControlPlane: "never"})
	if err == nil || !strings.Contains(err.Error(), "no cluster to run against: the API server at https://127.0.0.1:1 (the kubeconfig) does not answer: ") {
		t.Errorf("with an unreachable cluster and --local-control-plane=never: %v", err)
	}
}

// `make run` on a machine without a cluster: the log has no ERROR and says
// once, at INFO, which cluster lbo uses and why; the samples it applies
// show a newcomer healthy LoadBalancers (their references resolve, they are
// waiting for the AWS Load Balancer Controller), not problems.
func TestRunWithoutACluster(t *testing.T) {
	noCluster(t)
	var log syncBuffer
	ctrl.SetLogger(zap.New(zap.UseDevMode(true), zap.WriteTo(&log))) // as make run's --zap-devel

	dir := t.TempDir()
	o := options{
		metricsAddr: "0", probeAddr: "0", concurrency: 4, qps: 200, burst: 400,
		localControlPlane: "auto", localBinDir: envtestutil.BinaryAssets(),
		localCRDDir: "../../config/crd/bases,../../test/crds/standins", localKubeconfig: filepath.Join(dir, "kubeconfig"),
		localApply: "../../config/samples", aws: awsstate.Options{Mode: awsstate.ModeAuto},
		notice: &bytes.Buffer{},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, o) }()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
		}
	}
	defer stop()
	running := func() {
		select {
		case err := <-done:
			stopped = true
			t.Fatalf("run returned early: %v\n%s", err, log.String())
		default:
		}
	}

	var c client.Client
	envtestutil.Eventually(t, "the local control plane's kubeconfig", func() (bool, string) {
		running()
		cfg, err := clientcmd.BuildConfigFromFlags("", o.localKubeconfig)
		if err != nil {
			return false, err.Error()
		}
		if c, err = client.New(cfg, client.Options{Scheme: scheme()}); err != nil {
			return false, err.Error()
		}
		return true, ""
	})
	samples := map[string]bool{"nginx-service-lb": true, "ingress-2048": true, "shop": true, "storefront": true, "legacy-shop": true}
	envtestutil.Eventually(t, "the samples to be accepted with their references resolved", func() (bool, string) {
		running()
		var lbs lbov1.LoadBalancerList
		if err := c.List(context.Background(), &lbs, client.InNamespace("default")); err != nil {
			return false, err.Error()
		}
		var problems []string
		for _, lb := range lbs.Items {
			delete(samples, lb.Name)
			for _, want := range []struct {
				cond   string
				status metav1.ConditionStatus
				reason string
			}{
				{lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted},
				{lbov1.ConditionResolvedRefs, metav1.ConditionTrue, lbov1.ReasonResolved},
				{lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending},
				{lbov1.ConditionStalled, metav1.ConditionFalse, ""},
			} {
				got := meta.FindStatusCondition(lb.Status.Conditions, want.cond)
				if got == nil || got.Status != want.status || (want.reason != "" && got.Reason != want.reason) {
					problems = append(problems, fmt.Sprintf("%s: %s is %+v", lb.Name, want.cond, got))
				}
			}
		}
		for name := range samples {
			problems = append(problems, "no LoadBalancer "+name)
		}
		return len(problems) == 0, strings.Join(problems, "\n")
	})
	// What make run printed up to here: starting, applying the samples and
	// reconciling them. (Stopping cancels the reconciles in flight, which
	// controller-runtime logs as errors; that is Ctrl-C, not a start.)
	started := log.String()
	stop()

	var chosen []string
	for _, line := range strings.Split(started, "\n") {
		if strings.Contains(line, "\tERROR\t") {
			t.Errorf("the log has an ERROR: %s", line)
		}
		if strings.Contains(line, "\tsetup\tusing ") {
			chosen = append(chosen, line)
		}
	}
	if len(chosen) != 1 || !strings.Contains(chosen[0], "\tINFO\tsetup\tusing a local control plane\t") ||
		!strings.Contains(chosen[0], `"why": "no kubeconfig: `) {
		t.Errorf("the log does not say once, at INFO, which cluster lbo uses and why:\n%s", strings.Join(chosen, "\n"))
	}
	if t.Failed() {
		t.Logf("the log:\n%s", started)
	}
}

func scheme() *runtime.Scheme {
	s := runtime.NewScheme()
	utilruntime.Must(lbov1.AddToScheme(s))
	return s
}

// syncBuffer is a bytes.Buffer that several goroutines may write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
