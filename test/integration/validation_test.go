package integration

import (
	"context"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// validL7 is a minimal valid L7 LoadBalancer for the cases to break.
func validL7(name string) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL7,
			Listeners: []lbov1.Listener{{
				Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP,
				DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}},
			}},
			Rules: []lbov1.Rule{{
				Name:       "all",
				Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/", Type: lbov1.PathPrefix}}},
				Action:     lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}},
			}},
			TargetGroups: []lbov1.TargetGroup{{
				Name: "app", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "app", Port: 80}},
			}},
		},
	}
}

// TestAdmissionRefusesInvalidSpecs creates invalid LoadBalancers and checks
// that the API server refuses each with a message naming the field.
func TestAdmissionRefusesInvalidSpecs(t *testing.T) {
	ns := newNamespace(t)
	cases := []struct {
		name   string
		mutate func(lb *lbov1.LoadBalancer)
		field  string
		says   string
	}{
		{"rules on L4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Layer = lbov1.LayerL4
			lb.Spec.Listeners[0].Protocol = lbov1.ProtocolTCP
			lb.Spec.TargetGroups[0].Backend = lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 80}
		}, "spec.rules", "rules route HTTP requests and need layer L7"},
		{"TCP on L7", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Protocol = lbov1.ProtocolTCP
		}, "spec.listeners", "an L7 LoadBalancer (Application Load Balancer) listens with protocol HTTP or HTTPS"},
		{"L7 listener without default action", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction = nil
		}, "spec.listeners", "every listener of an L7 LoadBalancer needs a defaultAction"},
		{"unknown target group in a rule", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Action.Forward.TargetGroup = "ap"
		}, "spec.rules", "names a target group that is not in spec.targetGroups"},
		{"unknown target group in a default action", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroup = "nope"
		}, "spec.listeners", "names a target group that is not in spec.targetGroups"},
		{"HTTPS without certificate", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Protocol = lbov1.ProtocolHTTPS
		}, "spec.listeners[0].tls", "an HTTPS or TLS listener needs tls.certificateARNs"},
		{"two actions at once", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Action.FixedResponse = &lbov1.FixedResponseAction{StatusCode: 404}
		}, "spec.rules[0].action", "set exactly one of forward, redirect or fixedResponse"},
		{"backend with service and selector", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Backend.Selector = map[string]string{"app": "x"}
		}, "spec.targetGroups[0].backend", "set either backend.service"},
		{"wildcard in a Prefix path", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Conditions.Paths[0].Path = "/api/*"
		}, "spec.rules[0].conditions.paths[0].path", "use type Wildcard for a path pattern"},
		{"duplicate listener port", func(lb *lbov1.LoadBalancer) {
			l := lb.Spec.Listeners[0]
			l.Name = "again"
			lb.Spec.Listeners = append(lb.Spec.Listeners, l)
		}, "spec.listeners", "two listeners use the same port"},
		{"more than three hosts", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Conditions.Hosts = []string{"a.example.com", "b.example.com", "c.example.com", "d.example.com"}
		}, "spec.rules[0].conditions.hosts", "must have at most 3 items"},
		{"name too long for a Service", func(lb *lbov1.LoadBalancer) {
			lb.Name = strings.Repeat("a", 64)
		}, "", "metadata.name must be at most 63 characters"},
		{"port out of range", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Port = 70000
		}, "spec.listeners[0].port", "should be less than or equal to 65535"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := validL7("invalid-" + string(rune('a'+i)))
			lb.Namespace = ns
			c.mutate(lb)
			err := k8s.Create(context.Background(), lb)
			if err == nil {
				t.Fatal("the API server accepted it")
			}
			if !apierrors.IsInvalid(err) {
				t.Fatalf("want an Invalid error, got %v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.says) || !strings.Contains(msg, c.field) {
				t.Fatalf("error does not name %q and say %q:\n%s", c.field, c.says, msg)
			}
		})
	}

	// The base case itself is valid, or the cases above prove nothing.
	ok := validL7("valid")
	ok.Namespace = ns
	if err := k8s.Create(context.Background(), ok); err != nil {
		t.Fatalf("the valid LoadBalancer was refused: %v", err)
	}
}
