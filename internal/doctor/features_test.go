package doctor

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsfake"
)

// withFeatures creates, in namespace ns, LoadBalancers that request a public
// and a private certificate, bind pods to a target group AWS has and give a
// target group a target control port; they are deleted when the test ends.
func withFeatures(t *testing.T, ns string) {
	t.Helper()
	ctx := context.Background()
	tg := lbov1.TargetGroup{Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 8080}}
	https := func(req *lbov1.CertificateRequest) []lbov1.Listener {
		return []lbov1.Listener{{Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS, TLS: &lbov1.ListenerTLS{RequestCertificate: req},
			DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}}}}
	}
	withPort := tg
	withPort.TargetControlPort = 3000
	lbs := []*lbov1.LoadBalancer{
		{ObjectMeta: metav1.ObjectMeta{Name: "public", Namespace: ns}, Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerL7,
			Listeners: https(&lbov1.CertificateRequest{DomainNames: []string{"www.example.com"}}), TargetGroups: []lbov1.TargetGroup{withPort}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "private", Namespace: ns}, Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerL7,
			Listeners: https(&lbov1.CertificateRequest{CertificateAuthorityARN: "arn:aws:acm-pca:us-east-1:" + account + ":certificate-authority/ca",
				DomainNames: []string{"app.internal.example.com"}}), TargetGroups: []lbov1.TargetGroup{tg}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "bound", Namespace: ns}, Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerExternal,
			TargetGroups: []lbov1.TargetGroup{{Name: "app", Backend: tg.Backend, Existing: &lbov1.ExistingTargetGroup{Name: "app"}}}}},
	}
	for _, lb := range lbs {
		if err := k8s.Create(ctx, lb); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = k8s.Delete(context.Background(), lb) })
	}
}

// noBindings is a cluster without the TargetGroupBinding CRD.
type noBindings struct{ client.Reader }

func (r noBindings) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	if u, ok := list.(*unstructured.UnstructuredList); ok && u.GroupVersionKind().Group == "elbv2.k8s.aws" {
		return &meta.NoKindMatchError{GroupKind: schema.GroupKind{Group: "elbv2.k8s.aws", Kind: "TargetGroupBinding"}}
	}
	return r.Reader.List(ctx, list, opts...)
}

// featureWorld is a healthy world whose controller runs with the feature
// gates the features need, and whose role may do what they need.
func featureWorld(ns, class string) *world {
	w := healthyWorld(ns, class)
	c := &w.deploy.Spec.Template.Spec.Containers[0]
	c.Args = append(c.Args, "--feature-gates=ALBTargetControlAgent=true,EnableCertificateManagement=true")
	acm := "arn:aws:iam::" + account + ":policy/acm-certs"
	w.aws.Policies[0].Allows = []string{"elasticloadbalancing:*", "ec2:Describe*"}
	w.aws.Policies = append(w.aws.Policies, awsfake.Policy{ARN: acm, Name: "acm-certs",
		Allows: []string{"acm:*", "acm-pca:IssueCertificate", "acm-pca:GetCertificate", "acm-pca:ListPermissions", "route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:ChangeResourceRecordSets"}})
	w.aws.Roles[0].Attached = append(w.aws.Roles[0].Attached, acm)
	return w
}

func TestFeatureChecks(t *testing.T) {
	cases := []struct {
		name   string
		breaks func(w *world)
		want   map[string]string // checks that do not pass, as in TestEachCheckPassesAndFails
	}{
		{"every feature has what it needs", func(*world) {}, nil},
		{"certificate management off", func(w *world) {
			w.deploy.Spec.Template.Spec.Containers[0].Args[2] = "--feature-gates=EnableCertificateManagement=false"
		}, map[string]string{checkCertificates: "FAIL the controller runs without its EnableCertificateManagement feature gate: it ignores tls.requestCertificate of"}},
		{"a default private CA", func(w *world) {
			c := &w.deploy.Spec.Template.Spec.Containers[0]
			c.Args = append(c.Args, "--default-pca-arn", "arn:aws:acm-pca:us-east-1:"+account+":certificate-authority/default")
		}, map[string]string{checkCertificates: "FAIL the controller runs with --default-pca-arn="}},
		{"no ACM policy", func(w *world) { w.aws.Roles[0].Attached = w.aws.Roles[0].Attached[:2] },
			map[string]string{checkPermissions: "FAIL may not: acm:RequestCertificate (certificate requests)"}},
		{"no IAM simulation", func(w *world) { w.fail["SimulatePrincipalPolicy"] = "AccessDenied" },
			map[string]string{checkPermissions: "FAIL simulating role " + roleName + ": AWS SimulatePrincipalPolicy: AccessDenied"}},
		{"no TargetGroupBinding CRD", func(w *world) { w.kube = noBindings{k8s} },
			map[string]string{checkBindings: "FAIL the cluster has no TargetGroupBinding.elbv2.k8s.aws CRD"}},
		{"the agent not injected", func(w *world) {
			w.deploy.Spec.Template.Spec.Containers[0].Args[2] = "--feature-gates=EnableCertificateManagement=true"
		}, nil},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ns := newNamespace(t)
			withFeatures(t, ns)
			w := featureWorld(ns, fmt.Sprintf("alb-features-%d", i))
			c.breaks(w)
			results := w.diagnose(t)
			if len(results) != 11 {
				t.Fatalf("%d results, want the 7 checks and 4 of features in use: %+v", len(results), results)
			}
			expectResults(t, results, c.want, func(check string) string { return check })
			if c.name == "the agent not injected" {
				for _, r := range results {
					if r.Check == checkControlAgent && !strings.Contains(r.Detail, "must run the agent themselves") {
						t.Errorf("%s: %s", r.Check, r.Detail)
					}
				}
			}
		})
	}
}
