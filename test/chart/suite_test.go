// Package chart tests lbo's Helm chart (charts/lbo) with Helm's Go SDK: that
// it renders what config/default installs (the same CRD and RBAC), that it
// installs, upgrades and uninstalls on a real kube-apiserver (envtest) with
// its default values and with those in charts/lbo/ci, that the manager runs
// with the RBAC it installs, and that its schema refuses misspelt values.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/action"
	chartv2 "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/kube"
	"helm.sh/helm/v4/pkg/release"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/render"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

const (
	chartDir  = "../../charts/lbo"
	configDir = "../../config"
)

var (
	// restConfig and k8s reach the API server as a cluster admin.
	restConfig *rest.Config
	k8s        client.Client
	// kubeconfig is the file Helm reaches the API server with, as an admin.
	kubeconfig string
	scheme     = runtime.NewScheme()
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	envtestutil.KeepControlPlaneToThisProcess()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(lbov1.AddToScheme(scheme))
	utilruntime.Must(apiextensionsv1.AddToScheme(scheme))
	envtestutil.SetLogger()

	// No CRD: the chart installs it.
	env, cfg, stop, err := envtestutil.StartEmptyControlPlane()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	restConfig = cfg
	if k8s, err = client.New(cfg, client.Options{Scheme: scheme}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	path, remove, err := envtestutil.WriteKubeconfig(env, "helm")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer remove()
	kubeconfig = path
	return m.Run()
}

// loadChart loads charts/lbo as Helm does from a folder.
func loadChart(t *testing.T) *chartv2.Chart {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatalf("loading the chart: %v", err)
	}
	return ch
}

// ciValues reads the values file charts/lbo/ci/<name>-values.yaml.
func ciValues(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(chartDir, "ci", name+"-values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]any{}
	if err := yaml.Unmarshal(data, &vals); err != nil {
		t.Fatal(err)
	}
	return vals
}

// helmConfig is Helm's action configuration for the envtest cluster, with
// releases stored as Secrets in namespace, as the helm command does.
func helmConfig(t *testing.T, namespace string) *action.Configuration {
	t.Helper()
	// A discovery cache of the test's own: kinds the test adds (CRDs) are
	// found at once.
	cacheDir := t.TempDir()
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig, flags.Namespace, flags.CacheDir = &kubeconfig, &namespace, &cacheDir
	cfg := action.NewConfiguration(action.ConfigurationSetLogger(slog.DiscardHandler))
	if err := cfg.Init(flags, namespace, "secret"); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// template renders the chart as `helm template` does: no cluster, the
// templates only (the CRD is in crds/).
func template(t *testing.T, releaseName, namespace string, vals map[string]any) ([]*unstructured.Unstructured, error) {
	t.Helper()
	install := action.NewInstall(action.NewConfiguration(action.ConfigurationSetLogger(slog.DiscardHandler)))
	install.DryRunStrategy = action.DryRunClient
	install.ReleaseName, install.Namespace = releaseName, namespace
	install.Replace = true
	rel, err := install.Run(loadChart(t), vals)
	if err != nil {
		return nil, err
	}
	return manifestObjects(t, rel), nil
}

// install installs the chart into namespace, creating it, without waiting
// for the manager to be ready (envtest runs no pods).
func install(t *testing.T, releaseName, namespace string, vals map[string]any) []*unstructured.Unstructured {
	t.Helper()
	in := action.NewInstall(helmConfig(t, namespace))
	in.ReleaseName, in.Namespace = releaseName, namespace
	in.CreateNamespace = true
	in.WaitStrategy = kube.HookOnlyStrategy
	in.Timeout = 2 * time.Minute
	rel, err := in.Run(loadChart(t), vals)
	if err != nil {
		t.Fatalf("helm install %s -n %s: %v", releaseName, namespace, err)
	}
	return manifestObjects(t, rel)
}

// upgrade upgrades the release to the chart with vals.
func upgrade(t *testing.T, releaseName, namespace string, vals map[string]any) []*unstructured.Unstructured {
	t.Helper()
	up := action.NewUpgrade(helmConfig(t, namespace))
	up.Namespace = namespace
	up.WaitStrategy = kube.HookOnlyStrategy
	up.Timeout = 2 * time.Minute
	rel, err := up.Run(releaseName, loadChart(t), vals)
	if err != nil {
		t.Fatalf("helm upgrade %s -n %s: %v", releaseName, namespace, err)
	}
	return manifestObjects(t, rel)
}

// uninstall uninstalls the release, as `helm uninstall` does.
func uninstall(t *testing.T, releaseName, namespace string) {
	t.Helper()
	un := action.NewUninstall(helmConfig(t, namespace))
	un.WaitStrategy = kube.HookOnlyStrategy
	un.Timeout = 2 * time.Minute
	if _, err := un.Run(releaseName); err != nil {
		t.Fatalf("helm uninstall %s -n %s: %v", releaseName, namespace, err)
	}
}

// manifestObjects are the objects of a release's manifest.
func manifestObjects(t *testing.T, rel release.Releaser) []*unstructured.Unstructured {
	t.Helper()
	acc, err := release.NewAccessor(rel)
	if err != nil {
		t.Fatal(err)
	}
	return decodeObjects(t, []byte(acc.Manifest()))
}

// decodeObjects reads the objects of a YAML stream.
func decodeObjects(t *testing.T, data []byte) []*unstructured.Unstructured {
	t.Helper()
	var objs []*unstructured.Unstructured
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		u := &unstructured.Unstructured{}
		if err := dec.Decode(&u.Object); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if len(u.Object) > 0 {
			objs = append(objs, u)
		}
	}
	return objs
}

// kustomizeDefault is what `kubectl kustomize config/default` gives.
func kustomizeDefault(t *testing.T) []*unstructured.Unstructured {
	t.Helper()
	built, err := render.Kustomize(filesys.MakeFsOnDisk(), filepath.Join(configDir, "default"))
	if err != nil {
		t.Fatal(err)
	}
	return decodeObjects(t, built)
}

// key names an object by kind, namespace and name.
func key(u *unstructured.Unstructured) string {
	return u.GetKind() + " " + u.GetNamespace() + "/" + u.GetName()
}

func byKey(objs []*unstructured.Unstructured) map[string]*unstructured.Unstructured {
	m := map[string]*unstructured.Unstructured{}
	for _, u := range objs {
		m[key(u)] = u
	}
	return m
}

// find returns the object of the kind and name among objs, or fails.
func find(t *testing.T, objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	t.Helper()
	for _, u := range objs {
		if u.GetKind() == kind && u.GetName() == name {
			return u
		}
	}
	t.Fatalf("no %s %s among %d objects", kind, name, len(objs))
	return nil
}

// into converts an unstructured object into a typed one.
func into(t *testing.T, u *unstructured.Unstructured, obj any) {
	t.Helper()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
		t.Fatalf("%s: %v", key(u), err)
	}
}
