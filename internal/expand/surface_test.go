package expand

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The problems of the new surface that only the expansion can find, each on
// a LoadBalancer the CRD accepts.

func TestRegexesAWSRefuses(t *testing.T) {
	withRule := func(c lbov1.RuleConditions, tr *lbov1.RuleTransforms) *lbov1.LoadBalancer {
		lb := httpsL7(443)
		lb.Spec.Rules = []lbov1.Rule{{Name: "r", Conditions: c, Transforms: tr, Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}}}
		return lb
	}
	problemAt(t, withRule(lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "^/a(?=b)", Type: lbov1.PathRegex}}}, nil),
		"spec.rules[0].conditions.paths[0].path", "no lookaheads")
	problemAt(t, withRule(lbov1.RuleConditions{HostRegexes: []string{"^a", `^\p{L}+$`}}, nil),
		"spec.rules[0].conditions.hostRegexes[1]", "Unicode character class")
	problemAt(t, withRule(lbov1.RuleConditions{Headers: []lbov1.HeaderMatch{{Name: "X-A", Regexes: []string{`(a)\1`}}}}, nil),
		"spec.rules[0].conditions.headers[0].regexes[0]", "backreferences")
	problemAt(t, withRule(lbov1.RuleConditions{Hosts: []string{"a.example.com"}}, &lbov1.RuleTransforms{URL: &lbov1.Rewrite{Regex: "(?<=x)y", Replace: "z"}}),
		"spec.rules[0].transforms.url.regex", "lookbehinds")
	noProblems(t, withRule(lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "^/api/v[0-9]+/(.*)$", Type: lbov1.PathRegex}}},
		&lbov1.RuleTransforms{URL: &lbov1.Rewrite{Regex: "^/api/v[0-9]+/(.*)$", Replace: "/$1"}}))
}

// A rule with conditions or transforms forwarding to a Service is written
// as an annotated action, so that they do not reach other rules naming the
// same Service.
func TestTransformsStayWithTheirRule(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Rules = []lbov1.Rule{
		{Name: "a", Conditions: lbov1.RuleConditions{Hosts: []string{"a.example.com"}},
			Transforms: &lbov1.RuleTransforms{HostHeader: &lbov1.Rewrite{Regex: "^a", Replace: "b"}},
			Action:     lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}},
		{Name: "b", Conditions: lbov1.RuleConditions{Hosts: []string{"b.example.com"}}, Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}},
	}
	ing := noProblems(t, lb).Objects[0].(*networkingv1.Ingress)
	if got := ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service; got.Name != "rule-a" || got.Port.Name != lbc.UseAnnotation {
		t.Errorf("rule a's backend %+v, want its annotated action", got)
	}
	if got := ing.Spec.Rules[1].HTTP.Paths[0].Backend.Service; got.Name != "web" {
		t.Errorf("rule b's backend %+v, want the Service", got)
	}
	if _, ok := ing.Annotations[lbc.IngressTransforms("web")]; ok {
		t.Error("transforms named after the Service reach every rule forwarding to it")
	}
}

func TestRequestedCertificateNeedsAName(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Listeners[0].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{}}
	problemAt(t, lb, "spec.listeners[0].tls.requestCertificate.domainNames", "needs a name")
	lb.Spec.Rules = []lbov1.Rule{{Name: "r", Conditions: lbov1.RuleConditions{Hosts: []string{"a.example.com", "b.example.com"}},
		Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}}}
	ing := noProblems(t, lb).Objects[0].(*networkingv1.Ingress)
	if len(ing.Spec.TLS) != 1 || strings.Join(ing.Spec.TLS[0].Hosts, ",") != "a.example.com,b.example.com" {
		t.Errorf("spec.tls %+v, want both hosts of the rule (they are in a condition, which the controller does not read)", ing.Spec.TLS)
	}
}

func TestFrontendNLBHealthCheckSpeaksTheListenersProtocol(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP,
		DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}})
	lb.Spec.FrontendNLB = &lbov1.FrontendNLB{}
	problemAt(t, lb, "spec.frontendNLB.healthCheck.protocol", "spec.listeners[0] (port 443) is HTTPS")
	lb.Spec.FrontendNLB.HealthCheck = &lbov1.FrontendNLBHealthCheck{Port: 443}
	problemAt(t, lb, "spec.frontendNLB.healthCheck.port", "no HTTP listener of the ALB has it")
	lb.Spec.FrontendNLB.HealthCheck.Port = 80
	noProblems(t, lb)
	lb.Spec.FrontendNLB = &lbov1.FrontendNLB{Listeners: []lbov1.FrontendNLBListener{{Port: 8080, Listener: "http"}}}
	noProblems(t, lb) // only the HTTP listener is probed, on its port, with HTTP
}

// l4Weighted is an L4 LoadBalancer whose TCP listener weighs its own pods
// against another Service's and a target group AWS has.
func l4Weighted() *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "nlb"},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL4, TargetType: lbov1.TargetTypeIP,
			Listeners: []lbov1.Listener{{Name: "tcp", Port: 80, Protocol: lbov1.ProtocolTCP, DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{
				TargetGroups: []lbov1.WeightedTargetGroup{{Name: "own", Weight: 8}, {Name: "other", Weight: 1}, {Name: "aws", Weight: 1}}}}}},
			TargetGroups: []lbov1.TargetGroup{
				{Name: "own", Backend: lbov1.Backend{Selector: map[string]string{"app": "own"}, Port: 8080}},
				{Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 80}}},
				{Name: "aws", Existing: &lbov1.ExistingTargetGroup{ARN: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/aws/0123456789abcdef"}},
			},
		},
	}
}

func TestL4WeightedForwards(t *testing.T) {
	svc := noProblems(t, l4Weighted()).Objects[0].(*corev1.Service)
	if got := svc.Annotations[lbc.ServiceListenerAction("TCP", 80)]; !strings.Contains(got, `"baseServiceWeight":8`) || !strings.Contains(got, `"serviceName":"other"`) || !strings.Contains(got, `"targetGroupARN"`) {
		t.Errorf("actions annotation %s", got)
	}

	lb := l4Weighted()
	lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroups[0].Name = "other"
	lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroups = lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroups[1:]
	problemAt(t, lb, "spec.listeners[0].defaultAction.forward.targetGroups", "includes a target group of the LoadBalancer's own pods")

	lb = l4Weighted()
	lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "own2", Backend: lb.Spec.TargetGroups[0].Backend})
	lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroups = append(lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroups, lbov1.WeightedTargetGroup{Name: "own2", Weight: 1})
	problemAt(t, lb, "spec.listeners[0].defaultAction.forward.targetGroups[3].name", "has one target group of the LoadBalancer's own pods")

	lb = l4Weighted()
	lb.Spec.TargetGroups[2].Existing = &lbov1.ExistingTargetGroup{Name: "aws"}
	problemAt(t, lb, "spec.targetGroups[2].existing.arn", "by its ARN only")

	lb = l4Weighted()
	lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30)}
	problemAt(t, lb, "spec.targetGroups[1].attributes", "deregistration_delay.timeout_seconds=30")
	lb.Spec.TargetGroups[1].Attributes = &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30)}
	noProblems(t, lb)

	lb = l4Weighted()
	lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "other"}}
	problemAt(t, lb, "spec.listeners[0].defaultAction.forward.targetGroup", "forwards to the LoadBalancer's own pods")

	lb = l4Weighted()
	lb.Spec.TargetGroups[1].BackendProtocol = lbov1.BackendProtocolTLS
	problemAt(t, lb, "spec.targetGroups[1].backendProtocol", "encrypts to the targets of TLS listeners only")

	lb = l4Weighted()
	lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{Name: "udp", Port: 53, Protocol: lbov1.ProtocolUDP, DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{
		TargetGroups: []lbov1.WeightedTargetGroup{{Name: "own", Weight: 1}, {Name: "other", Weight: 1}}}}})
	problemAt(t, lb, "spec.listeners[1].defaultAction.forward.targetGroups[1].name", "with protocol TCP, this one with UDP")
}

// A target group AWS has, with a backend, is a TargetGroupBinding of the
// backend's Service on every layer; without a backend nothing is bound.
func TestExistingTargetGroups(t *testing.T) {
	arn := "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/0123456789abcdef"
	for _, layer := range []lbov1.Layer{lbov1.LayerL4, lbov1.LayerL7, lbov1.LayerExternal} {
		t.Run(string(layer), func(t *testing.T) {
			lb := l4Weighted()
			switch layer {
			case lbov1.LayerL7:
				lb = httpsL7(443)
			case lbov1.LayerExternal:
				lb.Spec = lbov1.LoadBalancerSpec{Layer: layer, TargetType: lbov1.TargetTypeInstance, TargetNodeLabels: map[string]lbov1.LabelValue{"pool": "a"}}
			}
			lb.Spec.TargetGroups = append(lb.Spec.TargetGroups,
				lbov1.TargetGroup{Name: "bound", Existing: &lbov1.ExistingTargetGroup{ARN: arn}, Backend: lbov1.Backend{Selector: map[string]string{"app": "b"}, Port: 9000}},
				lbov1.TargetGroup{Name: "by-service", Existing: &lbov1.ExistingTargetGroup{Name: "by-name"}, Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "svc", Port: 80}}})
			if layer == lbov1.LayerExternal {
				lb.Spec.TargetGroups = lb.Spec.TargetGroups[len(lb.Spec.TargetGroups)-2:]
			}
			objs := noProblems(t, lb).Objects
			var bindings []*unstructured.Unstructured
			var made *corev1.Service
			for _, o := range objs {
				switch o := o.(type) {
				case *unstructured.Unstructured:
					bindings = append(bindings, o)
				case *corev1.Service:
					if o.Name == lb.Name+"-bound" {
						made = o
					}
				}
			}
			if len(bindings) != 2 || made == nil {
				t.Fatalf("want 2 TargetGroupBindings and the Service of bound, got %d and %v", len(bindings), made)
			}
			b := bindings[0].Object["spec"].(map[string]any)
			if b["targetGroupARN"] != arn || b["serviceRef"].(map[string]any)["name"] != lb.Name+"-bound" || made.Spec.Selector["app"] != "b" {
				t.Errorf("binding of bound %v, Service %+v", b, made.Spec)
			}
			if b := bindings[1].Object["spec"].(map[string]any); b["targetGroupName"] != "by-name" || b["serviceRef"].(map[string]any)["name"] != "svc" {
				t.Errorf("binding of by-service %v", b)
			}
			if layer == lbov1.LayerExternal && (made.Spec.Type != corev1.ServiceTypeNodePort || bindings[0].Object["spec"].(map[string]any)["nodeSelector"] == nil) {
				t.Errorf("instance targets: Service %s, binding %v", made.Spec.Type, bindings[0].Object["spec"])
			}
		})
	}
}

// Two target groups registering targets in one target group AWS has, by
// ARN or name alike, are two bindings of it, which the controller refuses
// unless they are multi-cluster.
func TestATargetGroupAWSHasIsBoundOnce(t *testing.T) {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Name: "ext", Namespace: "ns"}, Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerExternal,
		TargetGroups: []lbov1.TargetGroup{
			{Name: "a", Existing: &lbov1.ExistingTargetGroup{ARN: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"},
				Backend: lbov1.Backend{Selector: map[string]string{"app": "a"}, Port: 80}},
			{Name: "b", Existing: &lbov1.ExistingTargetGroup{Name: "other"}, Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "b", Port: 80}}},
			{Name: "c", Existing: &lbov1.ExistingTargetGroup{Name: "web"}, Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "c", Port: 80}}},
		}}}
	problemAt(t, lb, "spec.targetGroups[2].existing", "spec.targetGroups[0] already registers targets in target group web")
	lb.Spec.MultiClusterTargetGroups = true
	noProblems(t, lb)
}

// An ALB's weighted forward sticks by cookie for a duration AWS requires;
// an NLB's by source address, without one.
func TestForwardStickinessDuration(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{
		TargetGroups: []lbov1.WeightedTargetGroup{{Name: "web", Weight: 1}}, Stickiness: &lbov1.ForwardStickiness{Enabled: true}}}
	problemAt(t, lb, "spec.listeners[0].defaultAction.forward.stickiness.durationSeconds", "AWS requires the duration")
	lb.Spec.Listeners[0].DefaultAction.Forward.Stickiness.DurationSeconds = 60
	noProblems(t, lb)
}
