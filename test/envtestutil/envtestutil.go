// Package envtestutil holds what the envtest suites share: where the
// control plane's binaries are, a namespace per test, and polling.
package envtestutil

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
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
