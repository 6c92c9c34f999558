package integration

import (
	"context"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// TestSplitFollowsEdits edits a LoadBalancer whose expansion is split into
// several Ingresses of its group: when its target groups come to agree, the
// extra Ingresses are pruned and the first carries every rule in order; when
// they differ again, the split comes back under the same names.
func TestSplitFollowsEdits(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := loadSample(t, "storefront-alb.yaml", ns)
	// A group of its own: the sample's group belongs to the copy
	// TestSamplesCreateTheirGoldenChildren made in another namespace.
	lb.Spec.Group.Name = ns
	create(t, lb)

	paths := func(ing *networkingv1.Ingress) []string {
		var ps []string
		for _, r := range ing.Spec.Rules {
			for _, p := range r.HTTP.Paths {
				ps = append(ps, p.Path)
			}
		}
		return ps
	}
	// split is the Ingresses' paths by name, in the sample's expansion.
	const split = `{"storefront":["/api","/images"],"storefront-01":["/shop"],"storefront-02":["/v1"]}`
	ingresses := func() string {
		var list networkingv1.IngressList
		if err := k8s.List(ctx, &list, client.InNamespace(ns)); err != nil {
			return err.Error()
		}
		got := map[string][]string{}
		for i := range list.Items {
			got[list.Items[i].Name] = paths(&list.Items[i])
		}
		return toString(got)
	}
	eventually(t, "three Ingresses", func() (bool, string) { s := ingresses(); return s == split, s })
	setAPIHealthPath := func(path string) {
		updateLB(t, lb, func(lb *lbov1.LoadBalancer) {
			for i := range lb.Spec.TargetGroups {
				if lb.Spec.TargetGroups[i].Name == "api" {
					lb.Spec.TargetGroups[i].HealthCheck.Path = path
				}
			}
		})
	}

	setAPIHealthPath("/")
	eventually(t, "one Ingress with every rule in declared order", func() (bool, string) {
		for _, name := range []string{"storefront-01", "storefront-02"} {
			err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, &networkingv1.Ingress{})
			if !apierrors.IsNotFound(err) {
				return false, name + " is still there"
			}
		}
		var ing networkingv1.Ingress
		if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "storefront"}, &ing); err != nil {
			return false, err.Error()
		}
		got := toString(paths(&ing))
		return got == `["/api","/images","/shop","/v1"]` && ing.Spec.DefaultBackend != nil, "paths " + got
	})
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)

	setAPIHealthPath("/healthz")
	eventually(t, "the same three Ingresses again", func() (bool, string) { s := ingresses(); return s == split, s })
}
