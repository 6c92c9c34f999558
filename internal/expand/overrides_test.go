package expand

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// TestServiceOverrides: an existing Service's own target group annotations
// win over the Ingress's in the controller; lbo names each, with the
// Service, the annotation and the LoadBalancer field.
func TestServiceOverrides(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Path: "/declared"}
	lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30)}
	lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 80}}})
	ings := Ingresses(noProblems(t, lb).Objects)
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", Annotations: map[string]string{
		lbc.IngressHealthCheck.Path:      "/old",
		lbc.IngressTargetGroupAttributes: "stickiness.enabled=true",
		"unrelated":                      "x",
	}}}
	got := ServiceOverrides(lb, ings, svc)
	want := map[string]string{
		"spec.targetGroups[0].healthCheck.path": lbc.IngressHealthCheck.Path,
		"spec.targetGroups[0].attributes":       lbc.IngressTargetGroupAttributes,
	}
	if len(got) != len(want) {
		t.Fatalf("overrides %+v, want %v", got, want)
	}
	for _, o := range got {
		if want[o.Field.String()] != o.Annotation || o.Service != "web" || o.TargetGroup != "web" || !strings.Contains(o.Message, "Service ns/web carries "+o.Annotation) {
			t.Errorf("override %+v", o)
		}
	}
	if !strings.Contains(got[0].Message, `"/old", which the AWS Load Balancer Controller uses over the "/declared" lbo declares`) {
		t.Errorf("message %q", got[0].Message)
	}
	// Forwarded to in a weighted action: its target group settings still
	// win, its authentication does not (the controller takes it only for an
	// action that forwards to the Service alone).
	svc.Annotations = map[string]string{lbc.IngressHealthCheck.Path: "/old", lbc.IngressAuthType: "none"}
	lb.Spec.TargetGroups[1].HealthCheck, lb.Spec.TargetGroups[1].Attributes = lb.Spec.TargetGroups[0].HealthCheck, lb.Spec.TargetGroups[0].Attributes
	lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroups: []lbov1.WeightedTargetGroup{{Name: "web", Weight: 1}, {Name: "other", Weight: 1}}}}
	ings = Ingresses(noProblems(t, lb).Objects)
	if got := ServiceOverrides(lb, ings, svc); len(got) != 1 || got[0].Annotation != lbc.IngressHealthCheck.Path {
		t.Errorf("weighted: %+v", got)
	}
	lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}
	ings = Ingresses(noProblems(t, lb).Objects)
	if got := ServiceOverrides(lb, ings, svc); len(got) != 2 || got[1].Field.String() != "spec.authentication" {
		t.Errorf("alone: %+v", got)
	}

	// A Service no target group forwards to overrides nothing.
	svc.Name = "unused"
	if got := ServiceOverrides(lb, ings, svc); len(got) > 0 {
		t.Errorf("an unused Service: %+v", got)
	}
}
