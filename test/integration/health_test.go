package integration

import (
	"os"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// argoHealth runs config/argocd/health.lua on obj with gopher-lua, the Lua
// engine Argo CD runs health checks with, as Argo CD does: the object is
// the global obj and the script returns {status, message}.
func argoHealth(t *testing.T, obj map[string]any) (string, string) {
	t.Helper()
	script, err := os.ReadFile("../../config/argocd/health.lua")
	if err != nil {
		t.Fatal(err)
	}
	L := lua.NewState(lua.Options{SkipOpenLibs: false})
	defer L.Close()
	L.SetGlobal("obj", toLua(L, obj))
	if err := L.DoString(string(script)); err != nil {
		t.Fatalf("health.lua: %v", err)
	}
	hs, ok := L.Get(-1).(*lua.LTable)
	if !ok {
		t.Fatalf("health.lua returned %s, not a table", L.Get(-1).Type())
	}
	return lua.LVAsString(hs.RawGetString("status")), lua.LVAsString(hs.RawGetString("message"))
}

// toLua converts a decoded JSON value to Lua values, as Argo CD does.
func toLua(L *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case int64:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	case map[string]any:
		t := L.NewTable()
		for k, e := range v {
			t.RawSetString(k, toLua(L, e))
		}
		return t
	case []any:
		t := L.NewTable()
		for _, e := range v {
			t.Append(toLua(L, e))
		}
		return t
	default:
		panic("unexpected JSON value")
	}
}

// argoFor is the Argo CD health each kstatus status must map to.
var argoFor = map[status.Status]string{
	status.CurrentStatus:    "Healthy",
	status.InProgressStatus: "Progressing",
	status.FailedStatus:     "Degraded",
}

// checkHealth computes the health of a LoadBalancer snapshot with kstatus and
// with the Argo CD health check, requires them to agree, and requires the
// kstatus status want.
func checkHealth(t *testing.T, lb *lbov1.LoadBalancer, want status.Status) {
	t.Helper()
	lb = lb.DeepCopy()
	lb.SetGroupVersionKind(lbov1.GroupVersion.WithKind("LoadBalancer"))
	obj, err := runtime.DefaultUnstructuredConverter.ToUnstructured(lb)
	if err != nil {
		t.Fatal(err)
	}
	res, err := status.Compute(&unstructured.Unstructured{Object: obj})
	if err != nil {
		t.Fatal(err)
	}
	argo, msg := argoHealth(t, obj)
	if res.Status != want {
		t.Errorf("kstatus says %s (%s), want %s", res.Status, res.Message, want)
	}
	if argo != argoFor[res.Status] {
		t.Errorf("Argo CD health %s (%s) disagrees with kstatus %s (%s)", argo, msg, res.Status, res.Message)
	}
	if msg == "" {
		t.Errorf("Argo CD health %s has no message", argo)
	}
}
