// Package robustness runs lbo's manager binary against a real kube-apiserver
// and etcd and disturbs it: the API server restarted while many
// LoadBalancers converge, the operator killed mid-reconcile, the leader of two
// replicas stopped, children edited by hand in a loop. Every case must end
// converged: each LoadBalancer's children exactly as the expansion says, no
// orphaned or duplicate child, and nothing lbo does not own touched.
package robustness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-logr/logr"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	networkingv1ac "k8s.io/client-go/applyconfigurations/networking/v1"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/render"
	"github.com/lbo-dev/lbo/test/envtestutil"
)

var (
	scheme     = runtime.NewScheme()
	managerBin string
)

func TestMain(m *testing.M) {
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(lbov1.AddToScheme(scheme))
	ctrllog.SetLogger(logr.Discard())
	dir, err := os.MkdirTemp("", "lbo-robustness-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	managerBin = filepath.Join(dir, "manager")
	args := []string{"build", "-o", managerBin}
	if raceEnabled {
		// `go test -race` checks the manager processes too: their races
		// are what these tests provoke.
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "github.com/lbo-dev/lbo/cmd/manager")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building the manager: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cluster is a control plane of a test's own, with a client and a kubeconfig
// for manager processes.
type cluster struct {
	env        *envtest.Environment
	c          client.Client
	kubeconfig string
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	assets := envtestutil.BinaryAssets()
	env := &envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join("..", "..", "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
		BinaryAssetsDirectory: assets,
	}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("starting envtest (run with `make test`): %v", err)
	}
	t.Cleanup(func() { _ = env.Stop() })
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		t.Fatal(err)
	}
	user, err := env.AddUser(envtest.User{Name: "lbo", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	kc, err := user.KubeConfig()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, kc, 0o600); err != nil {
		t.Fatal(err)
	}
	return &cluster{env: env, c: c, kubeconfig: path}
}

// manager is a running manager process.
type manager struct {
	cmd *exec.Cmd
}

func (cl *cluster) startManager(t *testing.T, args ...string) *manager {
	t.Helper()
	cmd := exec.Command(managerBin, append([]string{"--kubeconfig=" + cl.kubeconfig, "--metrics-bind-address=0", "--health-probe-bind-address=0"}, args...)...)
	// The manager's log goes to a file, read for race reports when the
	// test ends (the race detector prints them as it finds them).
	logPath := filepath.Join(t.TempDir(), "manager.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if os.Getenv("LBO_TEST_VERBOSE") != "" {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(logFile, os.Stderr), io.MultiWriter(logFile, os.Stderr)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	m := &manager{cmd: cmd}
	t.Cleanup(func() {
		m.stop(syscall.SIGKILL)
		logFile.Close()
		checkNoRace(t, logPath)
	})
	return m
}

// checkNoRace fails t when the manager's log at path reports a data race.
func checkNoRace(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return
	}
	if i := bytes.Index(data, []byte("WARNING: DATA RACE")); i >= 0 {
		report := data[i:]
		if end := bytes.Index(report, []byte("\n==================")); end > 0 {
			report = report[:end]
		}
		t.Errorf("the manager reported a data race:\n%s", report)
	}
}

func (m *manager) stop(sig syscall.Signal) {
	if m.cmd.ProcessState != nil {
		return
	}
	_ = m.cmd.Process.Signal(sig)
	_ = m.cmd.Wait()
}

// createLoadBalancers creates n LoadBalancers in ns, cycling through the
// samples.
func (cl *cluster) createLoadBalancers(t *testing.T, ns string, n int) {
	t.Helper()
	ctx := context.Background()
	if err := cl.c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil {
		t.Fatal(err)
	}
	var samples []*lbov1.LoadBalancer
	for _, f := range []string{"nginx-nlb.yaml", "game-2048-alb.yaml", "shop-alb.yaml"} {
		data, err := os.Open(filepath.Join("..", "..", "config", "samples", f))
		if err != nil {
			t.Fatal(err)
		}
		lbs, err := render.Decode(ctx, data)
		data.Close()
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, lbs...)
	}
	for i := range n {
		lb := samples[i%len(samples)].DeepCopy()
		lb.Name = fmt.Sprintf("%s-%d", lb.Name, i)
		lb.Namespace = ns
		if err := cl.c.Create(ctx, lb); err != nil {
			t.Fatal(err)
		}
	}
}

// converged tells whether every LoadBalancer in ns has exactly its expected
// children, as lbo's field manager owns them, and no child is orphaned.
func (cl *cluster) converged(t *testing.T, ns string) (bool, string) {
	ctx := context.Background()
	var lbs lbov1.LoadBalancerList
	if err := cl.c.List(ctx, &lbs, client.InNamespace(ns)); err != nil {
		return false, err.Error()
	}
	want := map[string]map[string]any{}
	uids := map[string]bool{}
	for i := range lbs.Items {
		lb := &lbs.Items[i]
		uids[string(lb.UID)] = true
		c := meta.FindStatusCondition(lb.Status.Conditions, lbov1.ConditionProgrammed)
		if lb.Status.ObservedGeneration != lb.Generation || c == nil || c.Reason != lbov1.ReasonPending {
			return false, fmt.Sprintf("LoadBalancer %s: observedGeneration %d of %d, Programmed %v", lb.Name, lb.Status.ObservedGeneration, lb.Generation, c)
		}
		for _, obj := range expand.LoadBalancer(lb).Objects {
			u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
			if err != nil {
				t.Fatal(err)
			}
			delete(u, "status")
			delete(u["metadata"].(map[string]any), "creationTimestamp")
			want[obj.GetObjectKind().GroupVersionKind().Kind+"/"+obj.GetName()] = u
		}
	}
	got := map[string]map[string]any{}
	var svcs corev1.ServiceList
	var ings networkingv1.IngressList
	if err := cl.c.List(ctx, &svcs, client.InNamespace(ns), client.HasLabels{lbov1.LabelLoadBalancer}); err != nil {
		return false, err.Error()
	}
	if err := cl.c.List(ctx, &ings, client.InNamespace(ns), client.HasLabels{lbov1.LabelLoadBalancer}); err != nil {
		return false, err.Error()
	}
	check := func(kind string, obj client.Object, managed any, err error) (bool, string) {
		if err != nil {
			return false, err.Error()
		}
		if obj.GetName() == bystanderName {
			return true, ""
		}
		if ref := metav1.GetControllerOf(obj); ref == nil || !uids[string(ref.UID)] {
			return false, fmt.Sprintf("%s %s is orphaned", kind, obj.GetName())
		}
		got[kind+"/"+obj.GetName()] = toMap(managed)
		return true, ""
	}
	for i := range svcs.Items {
		ac, err := corev1ac.ExtractService(&svcs.Items[i], lbov1.FieldManager)
		if ok, why := check("Service", &svcs.Items[i], ac, err); !ok {
			return false, why
		}
	}
	for i := range ings.Items {
		ac, err := networkingv1ac.ExtractIngress(&ings.Items[i], lbov1.FieldManager)
		if ok, why := check("Ingress", &ings.Items[i], ac, err); !ok {
			return false, why
		}
	}
	if len(got) != len(want) {
		return false, fmt.Sprintf("%d children, want %d", len(got), len(want))
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			return false, k + " differs from its expansion"
		}
	}
	return true, ""
}

func toMap(v any) map[string]any {
	data, _ := json.Marshal(v)
	var m map[string]any
	_ = utiljson.Unmarshal(data, &m)
	return m
}

func (cl *cluster) waitConverged(t *testing.T, ns string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var why string
	for time.Now().Before(deadline) {
		var ok bool
		if ok, why = cl.converged(t, ns); ok {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("not converged after %s: %s", timeout, why)
}

const bystanderName = "bystander"

// bystander is a Service lbo must never touch, labeled like a child of a
// LoadBalancer but not controlled by it.
func (cl *cluster) bystander(t *testing.T, ns string) func() {
	t.Helper()
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: bystanderName, Namespace: ns, Labels: map[string]string{
			lbov1.LabelManagedBy: lbov1.ManagedByValue, lbov1.LabelLoadBalancer: "nginx-service-lb-0",
		}},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 1}}},
	}
	if err := cl.c.Create(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		var after corev1.Service
		if err := cl.c.Get(context.Background(), client.ObjectKeyFromObject(svc), &after); err != nil {
			t.Fatalf("the bystander Service is gone: %v", err)
		}
		if after.ResourceVersion != svc.ResourceVersion {
			t.Fatal("lbo modified a Service it does not own")
		}
		if err := cl.c.Delete(context.Background(), &after); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAPIServerRestartWhileConverging(t *testing.T) {
	cl := startCluster(t)
	const ns = "restart"
	cl.createLoadBalancers(t, ns, 60)
	checkBystander := cl.bystander(t, ns)
	cl.startManager(t)
	time.Sleep(500 * time.Millisecond) // part way through converging

	cl.restartAPIServer(t, 2*time.Second)
	cl.waitConverged(t, ns, 90*time.Second)
	checkBystander()
	if ok, why := cl.converged(t, ns); !ok {
		t.Fatal(why)
	}
}

// restartAPIServer kills kube-apiserver and starts it again with the same
// command line (its certificates and etcd stay), down for about down.
// envtest's own Stop and Start would make new certificates, which no
// kubeconfig given out before would trust.
func (cl *cluster) restartAPIServer(t *testing.T, down time.Duration) {
	t.Helper()
	port := strings.TrimSuffix(cl.env.Config.Host[strings.LastIndex(cl.env.Config.Host, ":")+1:], "/")
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		args := strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
		if filepath.Base(args[0]) != "kube-apiserver" || !slices.Contains(args, "--secure-port="+port) {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for syscall.Kill(pid, 0) == nil {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(down)
		cmd := exec.Command(args[0], args[1:]...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
		return
	}
	t.Fatalf("no kube-apiserver process serves port %s", port)
}

func TestOperatorKilledMidReconcile(t *testing.T) {
	cl := startCluster(t)
	const ns = "killed"
	cl.createLoadBalancers(t, ns, 60)
	checkBystander := cl.bystander(t, ns)
	for _, after := range []time.Duration{300 * time.Millisecond, 700 * time.Millisecond} {
		m := cl.startManager(t)
		time.Sleep(after)
		m.stop(syscall.SIGKILL)
	}
	cl.startManager(t)
	cl.waitConverged(t, ns, 90*time.Second)
	checkBystander()
}

func TestLeaderStoppedHandsOver(t *testing.T) {
	cl := startCluster(t)
	const ns = "leader"
	if err := cl.c.Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "lbo-system"}}); err != nil {
		t.Fatal(err)
	}
	args := []string{"--leader-elect", "--leader-election-namespace=lbo-system"}
	leader := cl.startManager(t, args...)
	waitForLease(t, cl)
	cl.startManager(t, args...)

	cl.createLoadBalancers(t, ns, 20)
	cl.waitConverged(t, ns, 60*time.Second)

	leader.stop(syscall.SIGTERM)
	// Work that arrives after the leader stopped is done by the other one.
	const ns2 = "leader-after"
	cl.createLoadBalancers(t, ns2, 20)
	cl.waitConverged(t, ns2, 60*time.Second)
	cl.waitConverged(t, ns, 10*time.Second)
}

func waitForLease(t *testing.T, cl *cluster) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var leases coordinationv1.LeaseList
		if err := cl.c.List(context.Background(), &leases, client.InNamespace("lbo-system")); err == nil {
			for _, l := range leases.Items {
				if l.Spec.HolderIdentity != nil && *l.Spec.HolderIdentity != "" {
					return
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("no leader elected")
}

func TestChildrenEditedByHandInALoop(t *testing.T) {
	cl := startCluster(t)
	const ns = "edits"
	cl.createLoadBalancers(t, ns, 9)
	cl.startManager(t)
	cl.waitConverged(t, ns, 60*time.Second)

	ctx := context.Background()
	for i := range 30 {
		var ings networkingv1.IngressList
		if err := cl.c.List(ctx, &ings, client.InNamespace(ns)); err != nil {
			t.Fatal(err)
		}
		ing := &ings.Items[i%len(ings.Items)]
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			if err := cl.c.Get(ctx, client.ObjectKeyFromObject(ing), ing); err != nil {
				return err
			}
			ing.Annotations["alb.ingress.kubernetes.io/scheme"] = "internal"
			ing.Annotations["hand-edit"] = fmt.Sprint(i)
			return cl.c.Update(ctx, ing, client.FieldOwner("someone"))
		})
		if err != nil {
			t.Fatal(err)
		}
		var svcs corev1.ServiceList
		if err := cl.c.List(ctx, &svcs, client.InNamespace(ns), client.HasLabels{lbov1.LabelLoadBalancer}); err != nil {
			t.Fatal(err)
		}
		svc := &svcs.Items[i%len(svcs.Items)]
		if i%5 == 0 {
			if err := cl.c.Delete(ctx, svc); client.IgnoreNotFound(err) != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cl.waitConverged(t, ns, 60*time.Second)

	// What lbo does not manage stays as the user left it: it reverts its own
	// fields, not the user's extra annotation.
	var ings networkingv1.IngressList
	if err := cl.c.List(ctx, &ings, client.InNamespace(ns)); err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, ing := range ings.Items {
		if _, ok := ing.Annotations["hand-edit"]; ok {
			kept++
		}
		if strings.Contains(ing.Annotations["alb.ingress.kubernetes.io/scheme"], "internal") {
			t.Fatalf("Ingress %s kept the hand-edited scheme", ing.Name)
		}
	}
	if kept == 0 {
		t.Fatal("the user's own annotations were removed")
	}
}
