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
// installed. stop stops them and reports on stderr if that fails.
func StartControlPlane() (env *envtest.Environment, cfg *rest.Config, stop func(), err error) {
	_, file, _, _ := runtime.Caller(0)
	env = &envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join(filepath.Dir(file), "..", "..", "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
		BinaryAssetsDirectory: BinaryAssets(),
	}
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
