package integration

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// TestGatewayBackendWithoutItsCRDs: this control plane serves no Gateway
// API kinds, and lbo runs the annotation backend on it as ever (the other
// tests). A LoadBalancer asking for the Gateway backend writes nothing and
// is told which CustomResourceDefinitions to install.
func TestGatewayBackendWithoutItsCRDs(t *testing.T) {
	ns := newNamespace(t)
	lb := loadSample(t, "game-2048-alb.yaml", ns)
	lb.Spec.Gateway = &lbov1.GatewayBackend{ClassName: "aws-alb"}
	lb = create(t, lb)
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonCRDNotInstalled)
	msg := condition(got, lbov1.ConditionProgrammed).Message
	for _, want := range []string{"gateways.gateway.networking.k8s.io", "httproutes.gateway.networking.k8s.io", "loadbalancerconfigurations.gateway.k8s.aws", "nothing of this generation is applied"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message does not name %s:\n%s", want, msg)
		}
	}
	if c := condition(got, lbov1.ConditionStalled); c.Status != metav1.ConditionTrue {
		t.Errorf("Stalled is %s, want True", c.Status)
	}
	if c := condition(got, lbov1.ConditionAccepted); c.Status != metav1.ConditionTrue {
		t.Errorf("Accepted is %s (%s), want True: the spec is fine, the cluster lacks the kinds", c.Status, c.Message)
	}
	if children := liveChildren(t, lb); len(children) != 0 {
		t.Errorf("children were written: %v", keys(children))
	}
	var svcs corev1.ServiceList
	if err := k8s.List(t.Context(), &svcs); err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs.Items {
		if s.Labels[lbov1.LabelLoadBalancer] == lb.Name && s.Namespace == ns {
			t.Errorf("Service %s was written", s.Name)
		}
	}
}
