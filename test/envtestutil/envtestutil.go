// Package envtestutil holds what the envtest suites share: where the
// control plane's binaries are, a namespace per test, and polling.
package envtestutil

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
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
// installed. stop stops them and reports on stderr if that fails.
func StartControlPlane() (env *envtest.Environment, cfg *rest.Config, stop func(), err error) {
	_, file, _, _ := runtime.Caller(0)
	return start(&envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join(filepath.Dir(file), "..", "..", "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
	})
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

// NewNamespace makes a namespace of the test's own, named prefix-<random>.
func NewNamespace(t *testing.T, c client.Client, prefix string) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: prefix + "-"}}
	if err := c.Create(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
	return ns.Name
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
