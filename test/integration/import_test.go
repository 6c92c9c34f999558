package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/importer"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// lbo import --from-cluster: the seed's Service and Ingress, and a
// TargetGroupBinding made by hand, as the API server stores them (cluster
// IPs, node ports, defaults), import with no note; lbo's own children are
// skipped; and the API server admits the LoadBalancers import makes.
func TestImportFromCluster(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	objs := []client.Object{
		&corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "nginx-service-lb", Namespace: ns, Annotations: map[string]string{
				"service.beta.kubernetes.io/aws-load-balancer-type":            "external",
				"service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
				"service.beta.kubernetes.io/aws-load-balancer-scheme":          "internet-facing",
			}},
			Spec: corev1.ServiceSpec{
				Type: corev1.ServiceTypeLoadBalancer, Selector: map[string]string{"app": "nginx"},
				Ports: []corev1.ServicePort{{Protocol: corev1.ProtocolTCP, Port: 80, TargetPort: intstr.FromInt32(80)}},
			},
		},
		&corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "service-2048", Namespace: ns},
			Spec: corev1.ServiceSpec{
				Type: corev1.ServiceTypeNodePort, Selector: map[string]string{"app.kubernetes.io/name": "app-2048"},
				Ports: []corev1.ServicePort{{Protocol: corev1.ProtocolTCP, Port: 80, TargetPort: intstr.FromInt32(80)}},
			},
		},
		&networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Name: "ingress-2048", Namespace: ns, Annotations: map[string]string{
				"alb.ingress.kubernetes.io/scheme":       "internet-facing",
				"alb.ingress.kubernetes.io/target-type":  "ip",
				"alb.ingress.kubernetes.io/listen-ports": `[{"HTTP": 80}, {"HTTP":8080}]`,
			}},
			Spec: networkingv1.IngressSpec{
				IngressClassName: ptr.To("alb"),
				Rules: []networkingv1.IngressRule{{IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{{
						Path: "/*", PathType: ptr.To(networkingv1.PathTypeImplementationSpecific),
						Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "service-2048", Port: networkingv1.ServiceBackendPort{Number: 80}}},
					}},
				}}}},
			},
		},
	}
	// Pods registered by hand in a target group AWS has: a LoadBalancer of
	// layer External.
	binding := &unstructured.Unstructured{Object: map[string]any{"spec": map[string]any{
		"targetGroupARN": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy/0123456789abcdef",
		"targetType":     "ip", "serviceRef": map[string]any{"name": "service-2048", "port": int64(80)},
	}}}
	binding.SetGroupVersionKind(lbc.TargetGroupBindingGVK)
	binding.SetNamespace(ns)
	binding.SetName("legacy")
	objs = append(objs, binding)
	for _, obj := range objs {
		if err := k8s.Create(ctx, obj); err != nil {
			t.Fatal(err)
		}
	}
	// A LoadBalancer whose Service lbo makes: not imported again.
	create(t, loadSample(t, "shop-alb.yaml", ns))
	eventually(t, "lbo's Ingress shop", func() (bool, string) {
		err := k8s.Get(ctx, client.ObjectKey{Namespace: ns, Name: "shop"}, &networkingv1.Ingress{})
		return err == nil, fmt.Sprint(err)
	})

	listed, err := importer.List(ctx, k8s, ns)
	if err != nil {
		t.Fatal(err)
	}
	res := importer.Import(ctx, listed, importer.Options{})
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.String())
	}
	if len(notes) != 1 || !strings.Contains(strings.Join(notes, "\n"), "Ingress "+ns+"/shop: not imported: lbo already manages it for LoadBalancer shop") {
		t.Errorf("notes:\n%s\nwant only that lbo's Ingress shop is skipped", strings.Join(notes, "\n"))
	}
	if len(res.LoadBalancers) != 3 {
		t.Fatalf("%d LoadBalancers, want ingress-2048, nginx-service-lb and legacy", len(res.LoadBalancers))
	}
	external := 0
	for _, lb := range res.LoadBalancers {
		if lb.Spec.Layer == lbov1.LayerExternal && lb.Name == "legacy" && len(lb.Spec.TargetGroups) == 1 &&
			lb.Spec.TargetGroups[0].Existing != nil && lb.Spec.TargetGroups[0].Backend.Service.Name == "service-2048" {
			external++
		}
	}
	if external != 1 {
		t.Errorf("the binding legacy is not a LoadBalancer of layer External registering service-2048: %+v", res.LoadBalancers)
	}
	for _, lb := range res.LoadBalancers {
		lb.Name += "-imported" // the originals keep their names
		if err := k8s.Create(ctx, lb); err != nil {
			t.Errorf("the API server refuses the imported LoadBalancer: %v", err)
		}
	}
}
