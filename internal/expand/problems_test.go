package expand

import (
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The problems only the expansion can find: what the CRD cannot state, and
// values the AWS Load Balancer Controller would read back otherwise. Each
// LoadBalancer here is one the CRD accepts.

const cert = "arn:aws:acm:eu-west-1:111122223333:certificate/a"

// httpsL7 is an L7 LoadBalancer with an HTTPS listener for each port,
// forwarding to an existing Service.
func httpsL7(ports ...int32) *lbov1.LoadBalancer {
	lb := &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web"},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL7, Scheme: lbov1.SchemeInternetFacing, TargetType: lbov1.TargetTypeIP,
			TargetGroups: []lbov1.TargetGroup{{Name: "web", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "web", Port: 80}}}},
		},
	}
	for _, port := range ports {
		lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{
			Name: "https-" + lbc.EncodeInt(port), Port: port, Protocol: lbov1.ProtocolHTTPS,
			TLS:           &lbov1.ListenerTLS{CertificateARNs: []string{cert}},
			DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}},
		})
	}
	return lb
}

// problemAt fails unless lb, which the CRD accepts, expands with a problem
// at path whose message holds says.
func problemAt(t *testing.T, lb *lbov1.LoadBalancer, path, says string) {
	t.Helper()
	if errs := crdProblems(t, lb); len(errs) > 0 {
		t.Fatalf("the CRD refuses it first: %v", errs)
	}
	res := LoadBalancer(lb)
	if !slices.ContainsFunc(res.Problems, func(p *field.Error) bool { return p.Field == path && strings.Contains(p.Error(), says) }) {
		t.Fatalf("want a problem at %s saying %q, got %v", path, says, res.Problems)
	}
	if len(res.Objects) > 0 {
		t.Fatalf("a LoadBalancer with problems expanded to %d objects", len(res.Objects))
	}
}

// noProblems fails unless lb, which the CRD accepts, expands without
// problems; it returns the expansion.
func noProblems(t *testing.T, lb *lbov1.LoadBalancer) Result {
	t.Helper()
	if errs := crdProblems(t, lb); len(errs) > 0 {
		t.Fatalf("the CRD refuses it: %v", errs)
	}
	res := LoadBalancer(lb)
	if len(res.Problems) > 0 || len(res.Objects) == 0 {
		t.Fatalf("want children, got %d objects and problems %v", len(res.Objects), res.Problems)
	}
	return res
}

func TestTrustStoresPerLoadBalancer(t *testing.T) {
	verify := func(store string) *lbov1.MutualAuthentication {
		return &lbov1.MutualAuthentication{Mode: "verify", TrustStore: store}
	}
	lb := httpsL7(443, 8443, 9443)
	lb.Spec.Listeners[0].MutualAuthentication = verify("ts-a")
	lb.Spec.Listeners[1].MutualAuthentication = verify("ts-b")
	lb.Spec.Listeners[2].MutualAuthentication = verify("ts-a")
	noProblems(t, lb) // two trust stores, one used twice: allowed

	lb.Spec.Listeners[2].MutualAuthentication = verify("ts-c")
	problemAt(t, lb, "spec.listeners[2].mutualAuthentication.trustStore", "at most 2 trust stores")
}

// The controller reads conditions.<name> for every backend of the Service
// name, so an existing Service named like one of lbo's annotated actions
// would take that action's conditions.
func TestServiceNamedLikeAnActionIsRefused(t *testing.T) {
	for _, name := range []string{"default-action", "rule-admin"} {
		lb := httpsL7(443)
		lb.Spec.TargetGroups[0].Backend.Service.Name = name
		problemAt(t, lb, "spec.listeners[0].defaultAction.forward.targetGroup", "would be shadowed")
	}
	// lbo's own Service for a selector target group is not an existing
	// Service the user names, even when its name starts like a rule's.
	lb := httpsL7(443)
	lb.Name = "rule"
	lb.Spec.TargetGroups[0].Backend = lbov1.Backend{Selector: map[string]string{"app": "web"}, Port: 8080}
	noProblems(t, lb)
}

// The CRD refuses any other layer; the expansion still reports one rather
// than return no children, which the reconciler would take as "prune them
// all".
func TestUnknownLayerIsAProblem(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Layer = "L5"
	res := LoadBalancer(lb)
	if len(res.Problems) != 1 || res.Problems[0].Field != "spec.layer" {
		t.Fatalf("problems %v, want one at spec.layer", res.Problems)
	}
}

// Values the CRD accepts but the controller's parser would read back
// otherwise are refused, naming the field; values it unescapes are escaped.
func TestValuesTheControllerWouldChange(t *testing.T) {
	l4 := func() *lbov1.LoadBalancer {
		return &lbov1.LoadBalancer{
			ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "tls"},
			Spec: lbov1.LoadBalancerSpec{
				Layer: lbov1.LayerL4, Scheme: lbov1.SchemeInternal, TargetType: lbov1.TargetTypeIP,
				Listeners:    []lbov1.Listener{{Name: "tls", Port: 443, Protocol: lbov1.ProtocolTLS, TLS: &lbov1.ListenerTLS{CertificateARNs: []string{cert}}}},
				TargetGroups: []lbov1.TargetGroup{{Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 8443}}},
			},
		}
	}
	for _, c := range []struct {
		name  string
		lb    *lbov1.LoadBalancer
		set   func(lb *lbov1.LoadBalancer)
		field string
		says  string
	}{
		{"a tag value starting with a space (L7)", httpsL7(443), func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"Team": " web"}
		}, "spec.tags[Team]", "starts or ends with a space"},
		{"a tag value ending with a space (L4)", l4(), func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"Team": "web "}
		}, "spec.tags[Team]", "starts or ends with a space"},
	} {
		t.Run(c.name, func(t *testing.T) {
			noProblems(t, c.lb)
			c.set(c.lb)
			problemAt(t, c.lb, c.field, c.says)
		})
	}

	lb := l4()
	lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{AccessLogs: &lbov1.AccessLogs{Enabled: true, Bucket: "logs", Prefix: `C:\logs\web`}}
	res := noProblems(t, lb)
	if got, want := res.Objects[0].GetAnnotations()[lbc.ServiceAttributes], `access_logs.s3.bucket=logs,access_logs.s3.enabled=true,access_logs.s3.prefix=C:\\logs\\web`; got != want {
		t.Fatalf("attributes annotation %q, want %q (escaped, so that the controller reads the backslashes)", got, want)
	}

	// A ',' inside a certificate ARN would be two certificates to the
	// controller: no ARN holds one, and the CRD refuses it.
	for _, l := range []*lbov1.LoadBalancer{httpsL7(443), l4()} {
		l.Spec.Listeners[0].TLS.CertificateARNs = []string{cert + ",arn:aws:iam::111122223333:server-certificate/evil"}
		if !namesOrHolds(crdProblems(t, l), "spec.listeners[0].tls.certificateARNs[0]") {
			t.Errorf("%s: the CRD takes a certificate ARN with a ','", l.Spec.Layer)
		}
	}
}

// A value written into several Ingresses of one LoadBalancer is refused
// once, not once per Ingress.
func TestRefusedValueIsReportedOnce(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Group = &lbov1.Group{Name: "shop", Order: 1}
	lb.Spec.TargetGroups = []lbov1.TargetGroup{
		{Name: "a", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "a", Port: 80}}, HealthCheck: &lbov1.HealthCheck{Path: "/a"}},
		{Name: "b", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "b", Port: 80}}, HealthCheck: &lbov1.HealthCheck{Path: "/b"}},
	}
	lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
	for _, name := range []string{"a", "b"} {
		lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{Name: name, Conditions: lbov1.RuleConditions{Hosts: []string{name + ".example.com"}},
			Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: name}}})
	}
	if res := noProblems(t, lb); len(Ingresses(res.Objects)) != 2 {
		t.Fatalf("want the LoadBalancer split in 2 Ingresses, got %d", len(Ingresses(res.Objects)))
	}
	lb.Spec.Tags = map[string]lbov1.TagValue{"Team": "web "}
	problemAt(t, lb, "spec.tags[Team]", "starts or ends with a space")
	if res := LoadBalancer(lb); len(res.Problems) != 1 {
		t.Fatalf("want the tag refused once, got %v", res.Problems)
	}
}
