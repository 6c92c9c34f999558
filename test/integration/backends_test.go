package integration

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// A target group that forwards to an existing Service the AWS Load Balancer
// Controller cannot take targets from (an ExternalName Service; a ClusterIP
// Service with instance targets, which fails the whole load balancer) is
// reported in ResolvedRefs, naming the target group and the Service, and
// nothing of the LoadBalancer is applied. Once the Service can carry
// targets, the children are made.
func TestUnusableBackendServicesAreReportedAndNothingIsApplied(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	services := []*corev1.Service{
		{ObjectMeta: metav1.ObjectMeta{Name: "external", Namespace: ns}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "api.example.com",
			Ports: []corev1.ServicePort{{Port: 80}}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "cluster", Namespace: ns}, Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}, Selector: map[string]string{"app": "web"}}},
	}
	for _, svc := range services {
		if err := k8s.Create(ctx, svc); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ name, targetType, service, says string }{
		{"external-ip", "ip", "external", "it is of type ExternalName"},
		{"external-instance", "instance", "external", "it is of type ExternalName"},
		{"cluster-instance", "instance", "cluster", "it is of type ClusterIP, and with targetType instance"},
	} {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(baseL7), &obj); err != nil {
			t.Fatal(err)
		}
		obj["metadata"] = map[string]any{"name": c.name, "namespace": ns}
		set("spec.targetType", c.targetType)(obj)
		set("spec.targetGroups.0.backend.service.name", c.service)(obj)
		if err := k8s.Create(ctx, &unstructured.Unstructured{Object: obj}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		lb := &lbov1.LoadBalancer{}
		lb.Name, lb.Namespace = c.name, ns
		got := waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionFalse, lbov1.ReasonBackendNotUsable)
		msg := condition(got, lbov1.ConditionResolvedRefs).Message
		if !strings.Contains(msg, "target group app: Service "+ns+"/"+c.service+" cannot be a backend: "+c.says) {
			t.Errorf("%s: ResolvedRefs does not name the target group and the Service: %s", c.name, msg)
		}
		if p := condition(got, lbov1.ConditionProgrammed); p.Status != metav1.ConditionFalse || p.Reason != lbov1.ReasonBackendNotUsable ||
			!strings.Contains(p.Message, "spec.targetGroups[0].backend.service") {
			t.Errorf("%s: Programmed = %+v", c.name, p)
		}
		if tg := got.Status.TargetGroups; len(tg) != 1 || tg[0].Resolved {
			t.Errorf("%s: status.targetGroups = %+v", c.name, tg)
		}
	}
	if n := childrenInNamespace(t, ns); len(n) > 0 {
		t.Fatalf("LoadBalancers with unusable backends made children: %v", n)
	}

	// A NodePort Service carries instance targets: the children are made.
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(services[1]), services[1]); err != nil {
		t.Fatal(err)
	}
	services[1].Spec.Type = corev1.ServiceTypeNodePort
	if err := k8s.Update(ctx, services[1]); err != nil {
		t.Fatal(err)
	}
	lb := &lbov1.LoadBalancer{}
	lb.Name, lb.Namespace = "cluster-instance", ns
	waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionTrue, lbov1.ReasonResolved)
	eventually(t, "the Ingress of cluster-instance", func() (bool, string) {
		n := childrenInNamespace(t, ns)
		return len(n) == 1 && n[0] == "Ingress/cluster-instance", strings.Join(n, ", ")
	})
}
