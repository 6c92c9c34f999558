// Package envtestutil holds what the envtest suites share: where the
// control plane's binaries are, a namespace per test, and polling.
package envtestutil

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// BinaryAssets is where kube-apiserver and etcd are: KUBEBUILDER_ASSETS as
// `make test` sets it, or the Makefile's cache in bin/ when tests run by hand.
func BinaryAssets() string {
	if dir := os.Getenv("KUBEBUILDER_ASSETS"); dir != "" {
		return dir
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "bin", "k8s", "1.37.2-"+runtime.GOOS+"-"+runtime.GOARCH)
}

// StartControlPlane starts envtest's kube-apiserver and etcd with lbo's CRD
// installed, a stand-in for the AWS Load Balancer Controller's
// TargetGroupBinding CRD (test/crds), which lbo makes bindings of, and the CRDs in crdPaths
// (directories or files). stop stops them and reports on stderr if that
// fails.
func StartControlPlane(crdPaths ...string) (env *envtest.Environment, cfg *rest.Config, stop func(), err error) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	return start(&envtest.Environment{
		CRDDirectoryPaths: append([]string{filepath.Join(root, "config", "crd", "bases"),
			filepath.Join(root, "test", "crds", "standins", "targetgroupbinding.yaml")}, crdPaths...),
		ErrorIfCRDPathMissing: true,
	})
}

// GatewayCRDs are the CRDs of lbo's Gateway backend: Gateway API's standard
// channel (a directory), from the sigs.k8s.io/gateway-api module lbo is
// built with, and stand-ins for the AWS Load Balancer Controller's Gateway
// extensions (files of test/crds/standins).
func GatewayCRDs() ([]string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/gateway-api").Output()
	if err != nil {
		return nil, fmt.Errorf("finding the sigs.k8s.io/gateway-api module: %w", err)
	}
	_, file, _, _ := runtime.Caller(0)
	aws := filepath.Join(filepath.Dir(file), "..", "crds", "standins")
	return []string{
		filepath.Join(strings.TrimSpace(string(out)), "config", "crd", "standard"),
		filepath.Join(aws, "loadbalancerconfiguration.yaml"),
		filepath.Join(aws, "targetgroupconfiguration.yaml"),
		filepath.Join(aws, "listenerruleconfiguration.yaml"),
	}, nil
}

// StartEmptyControlPlane starts envtest's kube-apiserver and etcd without
// any CRD, for tests of what installs it (the Helm chart).
func StartEmptyControlPlane() (env *envtest.Environment, cfg *rest.Config, stop func(), err error) {
	return start(&envtest.Environment{})
}

func start(env *envtest.Environment) (_ *envtest.Environment, cfg *rest.Config, stop func(), err error) {
	env.BinaryAssetsDirectory = BinaryAssets()
	if cfg, err = env.Start(); err != nil {
		return nil, nil, nil, fmt.Errorf("starting envtest (run the tests with `make test`, which provides kube-apiserver and etcd, or set KUBEBUILDER_ASSETS): %w", err)
	}
	stop = func() {
		if err := env.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stopping envtest: %v\n", err)
		}
	}
	return env, cfg, stop, nil
}

// SetLogger sends controller-runtime's log (the manager's, envtest's) to
// standard error when LBO_TEST_VERBOSE is set, and drops it otherwise.
func SetLogger() {
	if os.Getenv("LBO_TEST_VERBOSE") != "" {
		ctrl.SetLogger(zap.New(zap.UseDevMode(true), zap.WriteTo(os.Stderr)))
	} else {
		ctrl.SetLogger(logr.Discard())
	}
}

// WriteKubeconfig adds a member of system:masters named user to the control
// plane and writes a kubeconfig for it into a new temporary directory, for
// the programs a test runs against the control plane (kube-controller-manager,
// Helm). remove deletes the directory.
func WriteKubeconfig(env *envtest.Environment, user string) (path string, remove func(), err error) {
	u, err := env.AddUser(envtest.User{Name: user, Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return "", nil, err
	}
	data, err := u.KubeConfig()
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "lbo-"+user+"-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { _ = os.RemoveAll(dir) }
	path = filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		remove()
		return "", nil, err
	}
	return path, remove, nil
}

// NewNamespace makes a namespace of the test's own, named prefix-<random>.
// When the test ends, its LoadBalancers are deleted, and gone before the
// next test starts: what a LoadBalancer claims is cluster-wide (its group,
// its name in AWS), and a test run again (go test -count) must find it free.
// envtest runs no namespace controller, so the namespace itself stays.
func NewNamespace(t *testing.T, c client.Client, prefix string) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: prefix + "-"}}
	if err := c.Create(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { DeleteLoadBalancers(t, c, ns.Name) })
	return ns.Name
}

// DeleteLoadBalancers deletes the LoadBalancers in ns and waits until they
// are gone (the operator releases those with deletionPolicy Retain).
func DeleteLoadBalancers(t *testing.T, c client.Client, ns string) {
	t.Helper()
	ctx := context.Background()
	if err := c.DeleteAllOf(ctx, &lbov1.LoadBalancer{}, client.InNamespace(ns)); err != nil {
		t.Fatalf("deleting the LoadBalancers of namespace %s: %v", ns, err)
	}
	Eventually(t, "the LoadBalancers of namespace "+ns+" to be gone", func() (bool, string) {
		var list lbov1.LoadBalancerList
		if err := c.List(ctx, &list, client.InNamespace(ns)); err != nil {
			return false, err.Error()
		}
		names := make([]string, 0, len(list.Items))
		for _, lb := range list.Items {
			names = append(names, lb.Name)
		}
		return len(names) == 0, fmt.Sprintf("%d left: %v", len(names), names)
	})
}

// Eventually polls cond until it returns true or 30 seconds pass, then fails
// with what cond last said.
func Eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		var ok bool
		if ok, last = cond(); ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s: %s", what, last)
}

// StartGarbageCollector runs kube-controller-manager with only its garbage
// collector, as a member of system:masters, when envtest's binaries include
// it (they do when built from Go modules; setup-envtest's downloads do not).
// running tells whether it started; stop stops it.
func StartGarbageCollector(env *envtest.Environment) (stop func(), running bool, err error) {
	bin := filepath.Join(env.BinaryAssetsDirectory, "kube-controller-manager")
	if _, err := os.Stat(bin); err != nil {
		return func() {}, false, nil
	}
	path, remove, err := WriteKubeconfig(env, "gc")
	if err != nil {
		return nil, false, err
	}
	cmd := exec.Command(bin, "--kubeconfig="+path, "--controllers=garbagecollector", "--leader-elect=false", "--secure-port=0")
	if os.Getenv("LBO_TEST_VERBOSE") != "" {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		remove()
		return nil, false, err
	}
	return func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		remove()
	}, true, nil
}
