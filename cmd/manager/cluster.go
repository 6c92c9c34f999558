package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/homedir"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/lbo-dev/lbo/internal/localcluster"
)

// clusterConfig is the cluster to run against: the kubeconfig's, or a local
// control plane started here when the options ask for one. It says which in
// one INFO line, with why.
func clusterConfig(ctx context.Context, o options) (*rest.Config, *localcluster.Cluster, error) {
	log := ctrl.Log.WithName("setup")
	switch o.localControlPlane {
	case "never", "auto", "always":
	default:
		return nil, nil, fmt.Errorf("--local-control-plane is never, auto or always, not %q", o.localControlPlane)
	}
	why := "--local-control-plane=always"
	if o.localControlPlane != "always" {
		cfg, source, err := kubeconfig(kubeconfigFlag())
		if err == nil {
			if err = localcluster.Reachable(ctx, cfg, 5*time.Second); err == nil {
				log.Info("using the cluster of "+source.what, append(source.keysAndValues, "host", cfg.Host)...)
				return cfg, nil, nil
			}
			err = fmt.Errorf("the API server at %s (%s) does not answer: %w", cfg.Host, source.what, err)
		}
		if o.localControlPlane == "never" {
			return nil, nil, fmt.Errorf("no cluster to run against: %w", err)
		}
		why = err.Error()
	}
	log.Info("using a local control plane", "why", why, "kubeconfig", absPath(o.localKubeconfig))
	local, err := localcluster.Start(o.localBinDir, strings.Split(o.localCRDDir, ","), o.localKubeconfig)
	if err != nil {
		return nil, nil, err
	}
	return local.Config, local, nil
}

// configSource says where a cluster's configuration came from, for the log.
type configSource struct {
	what          string
	keysAndValues []any
}

// kubeconfig loads the cluster's configuration where controller-runtime's
// GetConfig looks, in the same order: the --kubeconfig flag (flagPath),
// $KUBECONFIG, the service account of the pod lbo runs in, ~/.kube/config.
// Unlike GetConfig it logs nothing: finding none is no error when a local
// control plane can stand in, and the error says everything looked at.
func kubeconfig(flagPath string) (*rest.Config, configSource, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	var source configSource
	switch {
	case flagPath != "":
		rules.ExplicitPath = flagPath
		source = configSource{"the kubeconfig", []any{"kubeconfig", flagPath}}
	case os.Getenv(clientcmd.RecommendedConfigPathEnvVar) != "":
		source = configSource{"the kubeconfig", []any{"KUBECONFIG", os.Getenv(clientcmd.RecommendedConfigPathEnvVar)}}
	default:
		if cfg, err := rest.InClusterConfig(); err == nil {
			return cfg, configSource{"the pod's service account", nil}, nil
		}
		home := filepath.Join(homedir.HomeDir(), clientcmd.RecommendedHomeDir, clientcmd.RecommendedFileName)
		if _, err := os.Stat(home); err != nil {
			return nil, configSource{}, errors.New("no kubeconfig: --kubeconfig and KUBECONFIG are not set, lbo is not running in a pod, and " +
				home + " does not exist")
		}
		rules.ExplicitPath = home
		source = configSource{"the kubeconfig", []any{"kubeconfig", home}}
	}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{})
	raw, err := loader.RawConfig()
	if err != nil {
		return nil, configSource{}, fmt.Errorf("reading %s: %w", source.keysAndValues[1], err)
	}
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, configSource{}, fmt.Errorf("%s: %w", source.keysAndValues[1], err)
	}
	source.keysAndValues = append(source.keysAndValues, "context", raw.CurrentContext)
	return cfg, source, nil
}

// kubeconfigFlag is the value of --kubeconfig, which controller-runtime
// registers on the standard flag set.
func kubeconfigFlag() string {
	if f := flag.Lookup("kubeconfig"); f != nil {
		return f.Value.String()
	}
	return ""
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
