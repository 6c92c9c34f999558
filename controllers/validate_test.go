package controllers

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// Which writes of a pass the API server checks before the first is made:
// those that a refusal could otherwise leave half done.
func TestNeedsDryRun(t *testing.T) {
	svc := func(name string, live bool, typ corev1.ServiceType) write {
		obj := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.ServiceSpec{Type: typ}}
		obj.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
		w := write{key: keyOf(obj), want: obj}
		if live {
			w.have = obj.DeepCopy()
		}
		return w
	}
	ing := func(name string, live bool) write {
		obj := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: name}}
		obj.SetGroupVersionKind(networkingv1.SchemeGroupVersion.WithKind("Ingress"))
		w := write{key: keyOf(obj), want: obj}
		if live {
			w.have = obj.DeepCopy()
		}
		return w
	}
	binding := func(name string, live bool) write {
		obj := &unstructured.Unstructured{}
		obj.SetGroupVersionKind(lbc.TargetGroupBindingGVK)
		obj.SetName(name)
		w := write{key: keyOf(obj), want: obj}
		if live {
			w.have = obj.DeepCopy()
		}
		return w
	}
	const created, live = false, true
	cases := []struct {
		name   string
		writes []write
		want   string // per write, in order: d (dry run first) or - (not)
	}{
		{"a new L4 LoadBalancer", []write{svc("nlb", created, corev1.ServiceTypeLoadBalancer)}, "-"},
		{"a new L7 LoadBalancer", []write{svc("a", created, ""), svc("b", created, ""), ing("web", created)}, "---"},
		{"one child changed", []write{ing("web", live)}, "-"},
		{"a Service and the Ingress naming it changed", []write{svc("a", live, ""), ing("web", live)}, "-d"},
		{"a new target group: its Service, and the Ingress changed", []write{svc("b", created, ""), ing("web", live)}, "--"},
		{"two Services changed", []write{svc("a", live, ""), svc("b", live, "")}, "dd"},
		{"a Service changed and a new one", []write{svc("a", live, ""), svc("b", created, "")}, "-d"},
		{"a split: two new Ingresses", []write{svc("a", created, ""), ing("web", created), ing("web-01", created)}, "-dd"},
		// The controller registers a new binding's targets at once.
		{"a new External LoadBalancer: a Service and its binding", []write{svc("a", created, ""), binding("a", created)}, "--"},
		{"two new bindings", []write{svc("a", created, ""), binding("a", created), binding("b", created)}, "-dd"},
		{"a binding changed and a new Service", []write{svc("b", created, ""), binding("a", live)}, "--"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := &scope{lb: &lbov1.LoadBalancer{}, writes: c.writes}
			got := ""
			for i := range s.writes {
				if s.needsDryRun(i) {
					got += "d"
				} else {
					got += "-"
				}
			}
			if got != c.want {
				t.Errorf("dry runs %s, want %s", got, c.want)
			}
		})
	}

	// After a refused pass of this generation, everything is checked first.
	for _, reason := range []string{lbov1.ReasonApplyFailed, lbov1.ReasonNameConflict} {
		lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Generation: 3}}
		lb.Status.Conditions = []metav1.Condition{{Type: lbov1.ConditionProgrammed, Status: metav1.ConditionFalse, Reason: reason, ObservedGeneration: 3}}
		s := &scope{lb: lb, writes: []write{svc("a", created, ""), ing("web", created)}}
		if !s.needsDryRun(0) || !s.needsDryRun(1) {
			t.Errorf("after a pass blocked by %s: the writes are not all checked first", reason)
		}
		lb.Generation = 4
		if s.needsDryRun(0) || s.needsDryRun(1) {
			t.Errorf("a new generation after a pass blocked by %s is checked first", reason)
		}
	}
}

// Without the TargetGroupBinding CRD as lbo started, a LoadBalancer that
// needs a binding is refused before anything is written, and told why.
func TestBindingsNeedTheirCRD(t *testing.T) {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: "ns"}, Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerExternal,
		TargetGroups: []lbov1.TargetGroup{{Name: "web", Existing: &lbov1.ExistingTargetGroup{Name: "web"},
			Backend: lbov1.Backend{Selector: map[string]string{"app": "web"}, Port: 80}}}}}
	s := newScope(lb, nil)
	s.desired = expand.LoadBalancer(lb).Objects
	s.planned = true
	r := &LoadBalancerReconciler{}
	if err := r.validate(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if s.obs.refused == nil || !strings.Contains(s.obs.refused.Error(), "TargetGroupBinding ext-web: the cluster had no TargetGroupBinding API") || len(s.writes) > 0 {
		t.Fatalf("refused %v, writes %v", s.obs.refused, s.writes)
	}
}
