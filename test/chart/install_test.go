package chart

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/controllers"
	"github.com/lbo-dev/lbo/internal/render"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

const crdName = "loadbalancers.networking.lbo.dev"

// helm install with the default values installs the CRD from crds/ and the
// manager's objects; the manager, running with the ServiceAccount and RBAC
// the chart made, elects itself leader and reconciles a LoadBalancer; helm
// upgrade changes the Deployment; helm uninstall removes the release's
// objects and leaves the CRD and the LoadBalancers, and so the load
// balancers.
func TestInstallUpgradeUninstall(t *testing.T) {
	const release, ns = "lbo", "lbo-system"
	objs := install(t, release, ns, nil)

	checkCRDInstalled(t)
	checkInCluster(t, objs)
	lb := reconcileAs(t, ns, "lbo-controller-manager", true)

	objs = upgrade(t, release, ns, map[string]any{"replicaCount": 3, "extraArgs": []any{"--concurrency=8"}})
	var d appsv1.Deployment
	getObject(t, ns, "lbo-controller-manager", &d)
	if *d.Spec.Replicas != 3 || !slices.Contains(d.Spec.Template.Spec.Containers[0].Args, "--concurrency=8") {
		t.Errorf("after the upgrade: %d replicas, args %v", *d.Spec.Replicas, d.Spec.Template.Spec.Containers[0].Args)
	}

	uninstall(t, release, ns)
	checkGone(t, objs)
	checkCRDInstalled(t)
	if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(lb), &lbov1.LoadBalancer{}); err != nil {
		t.Errorf("LoadBalancer %s after helm uninstall: %v", lb.Name, err)
	}
	var svc corev1.Service
	if err := k8s.Get(context.Background(), client.ObjectKey{Namespace: lb.Namespace, Name: lb.Name}, &svc); err != nil {
		t.Errorf("the LoadBalancer's Service after helm uninstall: %v", err)
	}
}

// The chart installs with the values of each file in charts/lbo/ci, and
// each value reaches the objects; the manager runs with the ServiceAccount
// the values name.
func TestInstallWithValues(t *testing.T) {
	installServiceMonitorCRD(t)
	cases := []struct {
		values, release, ns string
		check               func(t *testing.T, objs []*unstructured.Unstructured)
	}{
		{"single-replica", "dev", "dev-tools", func(t *testing.T, objs []*unstructured.Unstructured) {
			var d appsv1.Deployment
			into(t, find(t, objs, "Deployment", "dev-lbo-controller-manager"), &d)
			c := d.Spec.Template.Spec.Containers[0]
			want := []string{"--health-probe-bind-address=:8081", "--metrics-bind-address=0", "--zap-log-level=debug", "--aws=off"}
			if *d.Spec.Replicas != 1 || !reflect.DeepEqual(c.Args, want) {
				t.Errorf("%d replicas, args %v; want 1, %v", *d.Spec.Replicas, c.Args, want)
			}
			if sa := d.Spec.Template.Spec.ServiceAccountName; sa != "platform-lbo" {
				t.Errorf("the pods run as %s", sa)
			}
			if c.Resources.Requests.Cpu().String() != "50m" || c.Resources.Limits.Memory().String() != "256Mi" {
				t.Errorf("resources %v", c.Resources)
			}
			if len(c.Ports) != 1 || c.Ports[0].Name != "health" {
				t.Errorf("ports %v: the metrics port is open", c.Ports)
			}
			for _, u := range objs {
				if k := u.GetKind(); k == "ServiceAccount" || k == "Service" {
					t.Errorf("the release makes %s", key(u))
				}
			}
			reconcileAs(t, "dev-tools", "platform-lbo", false)
		}},
		{"eks", "prod", "platform", func(t *testing.T, objs []*unstructured.Unstructured) {
			var d appsv1.Deployment
			into(t, find(t, objs, "Deployment", "lb-operator-controller-manager"), &d)
			pod := d.Spec.Template.Spec
			c := pod.Containers[0]
			for _, w := range []struct {
				what      string
				got, want any
			}{
				{"replicas", *d.Spec.Replicas, int32(3)},
				{"image", c.Image, "registry.example.com/mirror/lbo:0.1.0-rc.1"},
				{"pull policy", c.ImagePullPolicy, corev1.PullAlways},
				{"args", c.Args, []string{"--leader-elect", "--health-probe-bind-address=:8081", "--metrics-bind-address=:9090", "--zap-log-level=2", "--cluster-name=prod-eu", "--concurrency=8", "--kube-api-qps=100"}},
				{"env", c.Env, []corev1.EnvVar{{Name: "AWS_REGION", Value: "eu-west-1"}}},
				{"metrics port", c.Ports[0], corev1.ContainerPort{Name: "metrics", ContainerPort: 9090, Protocol: corev1.ProtocolTCP}},
				{"pull secrets", pod.ImagePullSecrets, []corev1.LocalObjectReference{{Name: "mirror-pull"}}},
				{"node selector", pod.NodeSelector, map[string]string{"node-role.example.com/platform": "true"}},
				{"tolerations", len(pod.Tolerations), 1},
				{"zone anti-affinity", pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey, "topology.kubernetes.io/zone"},
				{"no default anti-affinity", len(pod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution), 0},
				{"priority class", pod.PriorityClassName, "platform-high"},
				{"run as user", *pod.SecurityContext.RunAsUser, int64(65532)},
				{"pod annotation", d.Spec.Template.Annotations["example.com/team"], "platform"},
				{"pod label", d.Spec.Template.Labels["example.com/cost-center"], "networking"},
				{"service account", pod.ServiceAccountName, "lb-operator-controller-manager"},
			} {
				if !equality.Semantic.DeepEqual(w.got, w.want) {
					t.Errorf("%s: %v, want %v", w.what, w.got, w.want)
				}
			}
			sa := find(t, objs, "ServiceAccount", "lb-operator-controller-manager")
			wantAnnotations := map[string]string{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbo-reader", "example.com/owner": "platform"}
			if !reflect.DeepEqual(sa.GetAnnotations(), wantAnnotations) {
				t.Errorf("ServiceAccount annotations %v, want %v", sa.GetAnnotations(), wantAnnotations)
			}
			var svc corev1.Service
			into(t, find(t, objs, "Service", "lb-operator-controller-manager-metrics-service"), &svc)
			if svc.Spec.Ports[0].Port != 9090 {
				t.Errorf("metrics Service ports %v", svc.Spec.Ports)
			}
			sm := find(t, objs, "ServiceMonitor", "lb-operator-controller-manager")
			endpoints, _, _ := unstructured.NestedSlice(sm.Object, "spec", "endpoints")
			want := []any{map[string]any{"port": "http-metrics", "path": "/metrics", "interval": "30s", "scrapeTimeout": "10s"}}
			if !reflect.DeepEqual(endpoints, want) || sm.GetLabels()["release"] != "prometheus" {
				t.Errorf("ServiceMonitor endpoints %v, labels %v", endpoints, sm.GetLabels())
			}
			reconcileAs(t, "platform", "lb-operator-controller-manager", true)
		}},
	}
	for _, c := range cases {
		t.Run(c.values, func(t *testing.T) {
			objs := install(t, c.release, c.ns, ciValues(t, c.values))
			checkInCluster(t, objs)
			c.check(t, objs)
			uninstall(t, c.release, c.ns)
			checkGone(t, objs)
			checkCRDInstalled(t)
		})
	}
}

// checkCRDInstalled checks that the LoadBalancer CRD is established with
// the versions of the chart's crds/ folder.
func checkCRDInstalled(t *testing.T) {
	t.Helper()
	var want apiextensionsv1.CustomResourceDefinition
	into(t, decodeObjects(t, readChartFile(t, "crds/networking.lbo.dev_loadbalancers.yaml"))[0], &want)
	var got apiextensionsv1.CustomResourceDefinition
	if err := k8s.Get(context.Background(), client.ObjectKey{Name: crdName}, &got); err != nil {
		t.Fatalf("CRD %s: %v", crdName, err)
	}
	established := false
	for _, c := range got.Status.Conditions {
		established = established || (c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue)
	}
	if !established {
		t.Errorf("CRD %s is not established: %+v", crdName, got.Status.Conditions)
	}
	if !equality.Semantic.DeepEqual(got.Spec.Versions, want.Spec.Versions) {
		t.Errorf("the installed CRD's versions differ from the chart's")
	}
}

func readChartFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(chartDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkInCluster checks that each object of a release's manifest exists.
func checkInCluster(t *testing.T, objs []*unstructured.Unstructured) {
	t.Helper()
	for _, want := range objs {
		got := &unstructured.Unstructured{}
		got.SetGroupVersionKind(want.GroupVersionKind())
		if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(want), got); err != nil {
			t.Errorf("%s of the release: %v", key(want), err)
		}
	}
}

// checkGone checks that each object of a release's manifest is gone.
func checkGone(t *testing.T, objs []*unstructured.Unstructured) {
	t.Helper()
	for _, want := range objs {
		got := &unstructured.Unstructured{}
		got.SetGroupVersionKind(want.GroupVersionKind())
		if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(want), got); !apierrors.IsNotFound(err) {
			t.Errorf("%s after helm uninstall: %v", key(want), err)
		}
	}
}

func getObject(t *testing.T, ns, name string, obj client.Object) {
	t.Helper()
	if err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, obj); err != nil {
		t.Fatal(err)
	}
}

// reconcileAs runs lbo's reconciler as the ServiceAccount ns/sa, with
// leader election in ns when asked, as the chart's Deployment runs it: with
// no permission but the chart's RBAC. It applies the nginx sample in a
// namespace of its own, waits until the manager has made its Service and
// accepted it, stops the manager and returns the LoadBalancer.
func reconcileAs(t *testing.T, ns, sa string, leaderElect bool) *lbov1.LoadBalancer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := rest.CopyConfig(restConfig)
	cfg.Impersonate = rest.ImpersonationConfig{
		UserName: fmt.Sprintf("system:serviceaccount:%s:%s", ns, sa),
		Groups:   []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"},
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                        scheme,
		Cache:                         controllers.CacheOptions(nil),
		Metrics:                       metricsserver.Options{BindAddress: "0"},
		Controller:                    config.Controller{SkipNameValidation: ptr.To(true)},
		LeaderElection:                leaderElect,
		LeaderElectionID:              "lbo.networking.lbo.dev",
		LeaderElectionNamespace:       ns,
		LeaderElectionReleaseOnCancel: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &controllers.LoadBalancerReconciler{Client: mgr.GetClient(), APIReader: mgr.GetAPIReader(), Recorder: mgr.GetEventRecorder("lbo")}
	if err := r.SetupWithManager(mgr); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the manager running as %s/%s: %v", ns, sa, err)
		}
	}()

	f, err := os.Open(filepath.Join(configDir, "samples", "nginx-nlb.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lbs, err := render.Decode(ctx, f)
	if err != nil || len(lbs) != 1 {
		t.Fatalf("the nginx sample: %d LoadBalancers, %v", len(lbs), err)
	}
	lb := lbs[0]
	lb.Namespace = envtestutil.NewNamespace(t, k8s, "sample")
	if err := k8s.Create(ctx, lb); err != nil {
		t.Fatal(err)
	}
	envtestutil.Eventually(t, fmt.Sprintf("the manager running as %s/%s to reconcile %s", ns, sa, lb.Name), func() (bool, string) {
		got := &lbov1.LoadBalancer{}
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(lb), got); err != nil {
			return false, err.Error()
		}
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(lb), &corev1.Service{}); err != nil {
			return false, "its Service: " + err.Error()
		}
		c := meta.FindStatusCondition(got.Status.Conditions, lbov1.ConditionAccepted)
		if c == nil || c.Status != metav1.ConditionTrue || c.ObservedGeneration != got.Generation {
			return false, fmt.Sprintf("conditions %+v", got.Status.Conditions)
		}
		return true, ""
	})
	if leaderElect {
		var lease coordinationv1.Lease
		getObject(t, ns, "lbo.networking.lbo.dev", &lease)
		if lease.Spec.HolderIdentity == nil || *lease.Spec.HolderIdentity == "" {
			t.Errorf("the manager holds no lease in %s: %+v", ns, lease.Spec)
		}
	}
	return lb
}

// installServiceMonitorCRD installs a stand-in for the Prometheus
// Operator's ServiceMonitor CRD, which envtest does not have, so that a
// release with a ServiceMonitor installs.
func installServiceMonitorCRD(t *testing.T) {
	t.Helper()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "servicemonitors.monitoring.coreos.com"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "monitoring.coreos.com",
			Names: apiextensionsv1.CustomResourceDefinitionNames{Kind: "ServiceMonitor", ListKind: "ServiceMonitorList", Plural: "servicemonitors", Singular: "servicemonitor"},
			Scope: apiextensionsv1.NamespaceScoped,
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: "v1", Served: true, Storage: true,
				Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{
					Type: "object", XPreserveUnknownFields: ptr.To(true),
				}},
			}},
		},
	}
	ctx := context.Background()
	if err := k8s.Create(ctx, crd); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	envtestutil.Eventually(t, "the ServiceMonitor CRD to be established", func() (bool, string) {
		got := &apiextensionsv1.CustomResourceDefinition{}
		if err := k8s.Get(ctx, client.ObjectKeyFromObject(crd), got); err != nil {
			return false, err.Error()
		}
		for _, c := range got.Status.Conditions {
			if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
				return true, ""
			}
		}
		return false, fmt.Sprintf("%+v", got.Status.Conditions)
	})
}
