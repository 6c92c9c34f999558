package integration

import (
	"context"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/util/retry"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// TestBackendSwitchNeedsExplicitConsent: moving a LoadBalancer between the
// annotation backend and Gateway API, or to another GatewayClass or
// implementation, replaces its load balancer, so the API server refuses it
// without allowReplacement, with a message that names spec.gateway.
func TestBackendSwitchNeedsExplicitConsent(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	annotations := create(t, loadSample(t, "game-2048-alb.yaml", ns))
	gw := loadSample(t, "game-2048-alb.yaml", ns)
	gw.Name = "game-gateway"
	gw.Spec.Gateway = &lbov1.GatewayBackend{ClassName: "aws-alb"}
	gw = create(t, gw)

	refused := func(lb *lbov1.LoadBalancer, what string, mutate func(*lbov1.LoadBalancer)) {
		t.Helper()
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			cur := getLB(t, lb)
			mutate(cur)
			return k8s.Update(ctx, cur)
		})
		if !apierrors.IsInvalid(err) {
			t.Fatalf("%s: want Invalid, got %v", what, err)
		}
		if msg := err.Error(); !strings.Contains(msg, "spec.gateway") || !strings.Contains(msg, "new DNS name") || !strings.Contains(msg, "spec.allowReplacement: true") {
			t.Fatalf("%s: the message does not name the field, the consequence and the way through:\n%s", what, msg)
		}
	}
	refused(annotations, "adding spec.gateway", func(lb *lbov1.LoadBalancer) { lb.Spec.Gateway = &lbov1.GatewayBackend{ClassName: "aws-alb"} })
	refused(gw, "removing spec.gateway", func(lb *lbov1.LoadBalancer) { lb.Spec.Gateway = nil })
	refused(gw, "changing gateway.className", func(lb *lbov1.LoadBalancer) { lb.Spec.Gateway.ClassName = "other" })
	refused(gw, "changing gateway.implementation", func(lb *lbov1.LoadBalancer) { lb.Spec.Gateway.Implementation = lbov1.GatewayStandard })

	// Naming the default implementation changes nothing; with consent the
	// switch goes through.
	updateLB(t, gw, func(lb *lbov1.LoadBalancer) { lb.Spec.Gateway.Implementation = lbov1.GatewayAWSLoadBalancerController })
	updateLB(t, annotations, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Gateway = &lbov1.GatewayBackend{ClassName: "aws-alb"}
		lb.Spec.AllowReplacement = true
	})
}
