// Package localcluster runs a local control plane (the kube-apiserver and etcd
// the tests use, through envtest) with the LoadBalancer CRD (and the AWS Load
// Balancer Controller's) installed, for `make run` on a machine without a
// cluster.
package localcluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// Cluster is a running local control plane.
type Cluster struct {
	// Config reaches the API server as a member of system:masters.
	Config *rest.Config
	// Kubeconfig is the path of a kubeconfig file for kubectl.
	Kubeconfig string

	env *envtest.Environment
}

// Start starts kube-apiserver and etcd from the binaries in binDir, installs
// the CRDs in crdDirs and writes a kubeconfig for kubectl to kubeconfigPath.
func Start(binDir string, crdDirs []string, kubeconfigPath string) (*Cluster, error) {
	env := &envtest.Environment{
		BinaryAssetsDirectory: binDir,
		CRDDirectoryPaths:     crdDirs,
		ErrorIfCRDPathMissing: true,
	}
	if _, err := env.Start(); err != nil {
		return nil, fmt.Errorf("starting the local control plane from %s: %w", binDir, err)
	}
	c := &Cluster{env: env, Kubeconfig: kubeconfigPath}
	user, err := env.AddUser(envtest.User{Name: "lbo-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("adding the local admin user: %w", err)
	}
	c.Config = user.Config()
	kubeconfig, err := user.KubeConfig()
	if err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("writing the local kubeconfig: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(kubeconfigPath), 0o755); err != nil {
		_ = c.Stop()
		return nil, err
	}
	if err := os.WriteFile(kubeconfigPath, kubeconfig, 0o600); err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("writing the local kubeconfig: %w", err)
	}
	return c, nil
}

// Stop stops the control plane and removes its data.
func (c *Cluster) Stop() error {
	return c.env.Stop()
}

// Reachable returns nil when the API server of cfg answers within timeout,
// and otherwise why it does not.
func Reachable(ctx context.Context, cfg *rest.Config, timeout time.Duration) error {
	cfg = rest.CopyConfig(cfg)
	cfg.Timeout = timeout
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return err
	}
	_, err = dc.ServerVersion()
	return err
}
