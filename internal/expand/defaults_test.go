package expand

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// TestTargetGroupKeepsItsOwnDefaults: an Ingress carries the settings of the
// existing Service it forwards to, and the controller would apply them to
// every target group of the Ingress whose Service does not say otherwise.
// The Service lbo makes for another target group says, for each such key,
// what the controller would have used for that target group: its own
// protocol for the health check, not a fixed HTTP.
func TestTargetGroupKeepsItsOwnDefaults(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.TargetGroups = []lbov1.TargetGroup{
		{Name: "web", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "web", Port: 443}},
			BackendProtocol: lbov1.BackendProtocolHTTPS,
			HealthCheck:     &lbov1.HealthCheck{Protocol: "HTTPS", Path: "/health"},
			Attributes:      &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30)}},
		{Name: "secure", Backend: lbov1.Backend{Selector: map[string]string{"app": "secure"}, Port: 8443},
			BackendProtocol: lbov1.BackendProtocolHTTPS},
		{Name: "grpc", Backend: lbov1.Backend{Selector: map[string]string{"app": "grpc"}, Port: 50051},
			BackendProtocolVersion: lbov1.BackendProtocolVersionGRPC},
	}
	lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroups: []lbov1.WeightedTargetGroup{
		{Name: "web", Weight: 1}, {Name: "secure", Weight: 1}, {Name: "grpc", Weight: 1}}}}
	res := noProblems(t, lb)
	services := map[string]*corev1.Service{}
	for _, o := range res.Objects {
		if svc, ok := o.(*corev1.Service); ok {
			services[svc.Name] = svc
		}
	}
	for _, c := range []struct {
		service string
		want    map[string]string
	}{
		{"web-secure", map[string]string{
			lbc.IngressHealthCheck.Protocol: "HTTPS", lbc.IngressHealthCheck.Path: "/",
			lbc.IngressBackendProtocol: "HTTPS", lbc.IngressTargetGroupAttributes: ""}},
		{"web-grpc", map[string]string{
			lbc.IngressHealthCheck.Protocol: "HTTP", lbc.IngressHealthCheck.Path: "/AWS.ALB/healthcheck",
			lbc.IngressBackendProtocol: "HTTP", lbc.IngressBackendProtocolVersion: "GRPC", lbc.IngressTargetGroupAttributes: ""}},
	} {
		svc := services[c.service]
		if svc == nil {
			t.Fatalf("no Service %s", c.service)
		}
		for k, v := range c.want {
			if got, ok := svc.Annotations[k]; !ok || got != v {
				t.Errorf("Service %s: %s = %q (set: %v), want %q", c.service, k, got, ok, v)
			}
		}
	}
}
