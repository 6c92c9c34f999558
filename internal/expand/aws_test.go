package expand

import (
	"fmt"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The rules of AWS, the controller and the API server that the expansion
// checks (checkAWS, lbc.Rules), each refused at the field that breaks it.
// Each LoadBalancer here is one the CRD accepts and one edit away from one
// that expands.

// nlb is an L4 LoadBalancer with one listener of protocol to one target
// group.
func nlb(protocol lbov1.Protocol) *lbov1.LoadBalancer {
	l := lbov1.Listener{Name: "l", Port: 443, Protocol: protocol}
	if protocol == lbov1.ProtocolTLS {
		l.TLS = &lbov1.ListenerTLS{CertificateARNs: []string{cert}}
	}
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "nlb"},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL4, Scheme: lbov1.SchemeInternal, TargetType: lbov1.TargetTypeIP,
			Listeners:    []lbov1.Listener{l},
			TargetGroups: []lbov1.TargetGroup{{Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 8443}}},
		},
	}
}

func TestAWSRulesRefuseWithTheField(t *testing.T) {
	tgAttrs := func(lb *lbov1.LoadBalancer) *lbov1.TargetGroupAttributes {
		if lb.Spec.TargetGroups[0].Attributes == nil {
			lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{}
		}
		return lb.Spec.TargetGroups[0].Attributes
	}
	hc := func(lb *lbov1.LoadBalancer) *lbov1.HealthCheck {
		if lb.Spec.TargetGroups[0].HealthCheck == nil {
			lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{}
		}
		return lb.Spec.TargetGroups[0].HealthCheck
	}
	for _, c := range []struct {
		name  string
		lb    func() *lbov1.LoadBalancer
		set   func(lb *lbov1.LoadBalancer)
		field string
		says  string
	}{
		{"an NLB health check path without its protocol", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Path: "/healthz"}
			},
			"spec.targetGroups[0].healthCheck.path", "probes a Network Load Balancer's targets over TCP"},
		{"NLB success codes without their protocol", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolUDP) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{SuccessCodes: "200-399"}
			},
			"spec.targetGroups[0].healthCheck.successCodes", "which has no successCodes"},
		{"26 certificates beside the defaults", func() *lbov1.LoadBalancer { return httpsL7(443, 8443) },
			func(lb *lbov1.LoadBalancer) {
				for i := range 13 {
					lb.Spec.Listeners[0].TLS.CertificateARNs = append(lb.Spec.Listeners[0].TLS.CertificateARNs, fmt.Sprintf("%s%d", cert, i))
					lb.Spec.Listeners[1].TLS.CertificateARNs = append(lb.Spec.Listeners[1].TLS.CertificateARNs, fmt.Sprintf("%s%d", cert, i))
				}
				lb.Spec.Group = &lbov1.Group{Name: "g", Order: 0} // different certificates make two Ingresses
			},
			"spec.listeners[1].tls.certificateARNs", "26 certificates"},
		{"an ALB health check timeout alone, not below the default interval", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) { hc(lb).TimeoutSeconds = 30 },
			"spec.targetGroups[0].healthCheck.timeoutSeconds", "default for an Application Load Balancer, 15 s"},
		{"an ALB health check interval alone, not above the default timeout", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) { hc(lb).IntervalSeconds = 5 },
			"spec.targetGroups[0].healthCheck.intervalSeconds", "5 s"},
		{"an NLB health check timeout alone, over the default interval", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) { hc(lb).TimeoutSeconds = 30 },
			"spec.targetGroups[0].healthCheck.timeoutSeconds", "10 s"},
		{"an NLB health check timeout over its interval", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) { hc(lb).TimeoutSeconds, hc(lb).IntervalSeconds = 30, 20 },
			"spec.targetGroups[0].healthCheck.timeoutSeconds", "at most the interval"},
		{"ALB success codes up to 599", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) { hc(lb).SuccessCodes = "200-599" },
			"spec.targetGroups[0].healthCheck.successCodes", "outside 200-499"},
		{"a reversed range", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) { hc(lb).SuccessCodes = "499-200" },
			"spec.targetGroups[0].healthCheck.successCodes", "ends below"},
		{"HTTP codes on a gRPC target group", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.TargetGroups[0].BackendProtocolVersion = lbov1.BackendProtocolVersionGRPC
				hc(lb).SuccessCodes = "200"
			},
			"spec.targetGroups[0].healthCheck.successCodes", "outside 0-99"},
		{"NLB success codes over 599", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) { hc(lb).Protocol, hc(lb).SuccessCodes = "HTTP", "200-600" },
			"spec.targetGroups[0].healthCheck.successCodes", "outside 200-599"},
		{"an attribute AWS does not have", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"foo.bar": "1"}}
			},
			"spec.loadBalancerAttributes.additional[foo.bar]", "not an AWS load balancer attribute"},
		{"an ALB attribute on an NLB", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"routing.http2.enabled": "true"}}
			},
			"spec.loadBalancerAttributes.additional[routing.http2.enabled]", "not a load balancer attribute of a Network Load Balancer; AWS has it for the load balancers of an Application Load Balancer"},
		{"an idle timeout out of range", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"idle_timeout.timeout_seconds": "5000"}}
			},
			"spec.loadBalancerAttributes.additional[idle_timeout.timeout_seconds]", "from 1 to 4000"},
		{"connection logs to a bucket S3 refuses", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"connection_logs.s3.enabled": "true", "connection_logs.s3.bucket": "logs..bucket"}}
			},
			"spec.loadBalancerAttributes.additional[connection_logs.s3.bucket]", "S3 bucket"},
		{"access logs to a bucket S3 refuses", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{AccessLogs: &lbov1.AccessLogs{Enabled: true, Bucket: "logs..bucket"}}
			},
			"spec.loadBalancerAttributes.accessLogs.bucket", "two adjacent periods"},
		{"an ALB listener attribute on an NLB listener", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{Additional: map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"}}
			},
			"spec.listeners[0].attributes.additional[routing.http.response.server.enabled]", "Network Load Balancer"},
		{"a listener attribute of the wrong type", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{Additional: map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "maybe"}}
			},
			"spec.listeners[0].attributes.additional[routing.http.response.server.enabled]", "true or false"},
		{"an ALB target group attribute on an NLB", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) {
				tgAttrs(lb).Additional = map[string]lbov1.AttributeValue{"slow_start.duration_seconds": "30"}
			},
			"spec.targetGroups[0].attributes.additional[slow_start.duration_seconds]", "Network Load Balancer"},
		{"a UDP listener without client IP preservation", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolUDP) },
			func(lb *lbov1.LoadBalancer) { tgAttrs(lb).PreserveClientIP = ptr.To(false) },
			"spec.targetGroups[0].attributes.preserveClientIP", "UDP"},
		{"a QUIC listener without client IP preservation", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolUDP) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.Listeners[0].QUIC = true
				tgAttrs(lb).PreserveClientIP = ptr.To(false)
			},
			"spec.targetGroups[0].attributes.preserveClientIP", "QUIC"},
		{"a TLS listener with sticky sessions", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTLS) },
			func(lb *lbov1.LoadBalancer) { tgAttrs(lb).SourceIPStickiness = ptr.To(true) },
			"spec.targetGroups[0].attributes.sourceIPStickiness", "TLS listener"},
		{"a TCP_UDP listener terminating unhealthy connections", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCPUDP) },
			func(lb *lbov1.LoadBalancer) { tgAttrs(lb).UnhealthyConnectionTermination = ptr.To(true) },
			"spec.targetGroups[0].attributes.unhealthyConnectionTermination", "TCP_UDP"},
		{"cookie stickiness without cross-zone load balancing", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				tgAttrs(lb).CookieStickiness = &lbov1.CookieStickiness{Enabled: true}
				tgAttrs(lb).Additional = map[string]lbov1.AttributeValue{"load_balancing.cross_zone.enabled": "false"}
			},
			"spec.targetGroups[0].attributes.additional[load_balancing.cross_zone.enabled]", "cross-zone"},
		{"a selector the API server refuses", func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.TargetGroups[0].Backend.Selector = map[string]string{"app": "bad value!"}
			},
			"spec.targetGroups[0].backend.selector", "API server"},
		{"a Prefix path of 127 characters", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.Rules = []lbov1.Rule{{Name: "long", Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/" + strings.Repeat("a", 126), Type: lbov1.PathPrefix}}},
					Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}}}
			},
			"spec.rules[0].conditions.paths[0].path", "129 characters"},
		{"21 rules of 5 paths", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				for i := range 21 {
					r := lbov1.Rule{Name: fmt.Sprintf("r%d", i), Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}}
					for j := range 5 {
						r.Conditions.Paths = append(r.Conditions.Paths, lbov1.PathMatch{Path: fmt.Sprintf("/%d/%d", i, j), Type: lbov1.PathExact})
					}
					lb.Spec.Rules = append(lb.Spec.Rules, r)
				}
			},
			"spec.rules", "105 ALB rules"},
		{"rules on two listeners", func() *lbov1.LoadBalancer { return httpsL7(443, 8443) },
			func(lb *lbov1.LoadBalancer) {
				for i := range 51 {
					lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{Name: fmt.Sprintf("r%d", i), Conditions: lbov1.RuleConditions{Hosts: []string{fmt.Sprintf("h%d.example.com", i)}},
						Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}})
				}
			},
			"spec.rules", "102 ALB rules (51 on https-443, 51 on https-8443)"},
		{"a rule name too long for the key of its conditions", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				lb.Spec.Rules = []lbov1.Rule{{Name: strings.Repeat("r", 48), Conditions: lbov1.RuleConditions{Methods: []string{"GET"}},
					Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}}}
			},
			"spec.rules[0].name", "must be no more than 63 bytes"},
		{"annotations over 256 KiB", func() *lbov1.LoadBalancer { return httpsL7(443) },
			func(lb *lbov1.LoadBalancer) {
				for i := range 100 {
					lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{Name: fmt.Sprintf("r%d", i), Conditions: lbov1.RuleConditions{Hosts: []string{fmt.Sprintf("h%d.example.com", i)}},
						Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404, Body: strings.Repeat("<", 1024)}}})
				}
			},
			"spec.rules[", "the API server refuses more than 262144"},
	} {
		t.Run(c.name, func(t *testing.T) {
			noProblems(t, c.lb())
			lb := c.lb()
			c.set(lb)
			if strings.HasSuffix(c.field, "[") {
				problemUnder(t, lb, c.field, c.says)
				return
			}
			problemAt(t, lb, c.field, c.says)
		})
	}
}

// problemUnder is problemAt for a field whose index is not known.
func problemUnder(t *testing.T, lb *lbov1.LoadBalancer, prefix, says string) {
	t.Helper()
	if errs := crdProblems(t, lb); len(errs) > 0 {
		t.Fatalf("the CRD refuses it first: %v", errs)
	}
	res := LoadBalancer(lb)
	for _, p := range res.Problems {
		if strings.HasPrefix(p.Field, prefix) && strings.Contains(p.Error(), says) {
			return
		}
	}
	t.Fatalf("want a problem under %s saying %q, got %v", prefix, says, res.Problems)
}

// What AWS takes is not refused: the values at the edges of what it takes,
// and the attributes of the right kind.
func TestAWSRulesAcceptWhatAWSTakes(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Listeners[0].TLS.SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
	lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{TimeoutSeconds: 14, SuccessCodes: "200-499"}
	lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{Additional: map[string]lbov1.AttributeValue{
		"load_balancing.algorithm.type": "weighted_random", "load_balancing.algorithm.anomaly_mitigation": "on", "slow_start.duration_seconds": "30",
	}}
	lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{
		"idle_timeout.timeout_seconds": "4000", "routing.http.xff_header_processing.mode": "preserve", "client_keep_alive.seconds": "60",
	}}
	lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{Additional: map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"}}
	lb.Spec.Rules = []lbov1.Rule{{Name: "long", Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/" + strings.Repeat("a", 125), Type: lbov1.PathPrefix}}},
		Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}}}
	noProblems(t, lb)

	n := nlb(lbov1.ProtocolUDP)
	n.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{TimeoutSeconds: 10, Protocol: "HTTP", SuccessCodes: "200-599"}
	n.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{PreserveClientIP: ptr.To(true), UnhealthyConnectionTermination: ptr.To(false),
		Additional: map[string]lbov1.AttributeValue{"target_group_health.dns_failover.minimum_healthy_targets.count": "off"}}
	n.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"secondary_ips.auto_assigned.per_subnet": "7"}}
	noProblems(t, n)

	probe := nlb(lbov1.ProtocolTCP)
	probe.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Protocol: "HTTPS", Path: "/healthz", SuccessCodes: "200-399"}
	noProblems(t, probe)
	alb := httpsL7(443)
	alb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Path: "/healthz", SuccessCodes: "200"}
	noProblems(t, alb)

	tls := nlb(lbov1.ProtocolTCP)
	tls.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{SourceIPStickiness: ptr.To(true)}
	noProblems(t, tls)
}

// The CRD refuses the Exact and Prefix paths the API server refuses in an
// Ingress, and takes them as Wildcard paths, which go into the
// controller's conditions.
func TestCRDRefusesIngressPaths(t *testing.T) {
	for _, c := range []struct {
		path string
		typ  lbov1.PathType
		ok   bool
	}{
		{"/api/v1", lbov1.PathPrefix, true}, {"/api//v1", lbov1.PathPrefix, false}, {"/a/./b", lbov1.PathExact, false}, {"/a/../b", lbov1.PathPrefix, false},
		{"/a/.", lbov1.PathExact, false}, {"/a/..", lbov1.PathPrefix, false}, {"/a//", lbov1.PathPrefix, false}, {"//", lbov1.PathExact, false},
		{"/a/.well-known", lbov1.PathPrefix, true}, {"/a/..b", lbov1.PathExact, true}, {"/a.", lbov1.PathExact, true},
		{"/api//v1/*", lbov1.PathWildcard, true}, {"/a/../b", lbov1.PathWildcard, true},
	} {
		lb := httpsL7(443)
		lb.Spec.Rules = []lbov1.Rule{{Name: "p", Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: c.path, Type: c.typ}}},
			Action: lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}}}
		errs := crdProblems(t, lb)
		switch {
		case c.ok && len(errs) > 0:
			t.Errorf("%s %q: refused: %v", c.typ, c.path, errs)
		case !c.ok && !namesOrHolds(errs, "spec.rules[0].conditions.paths[0].path"):
			t.Errorf("%s %q: want a refusal of spec.rules[0].conditions.paths[0].path, got %v", c.typ, c.path, errs)
		case c.ok:
			noProblems(t, lb)
		}
	}
}

// The CRD refuses at admission every attribute key in an additional map that
// a typed field writes (lbc's catalogs say which), on both layers: the
// typed field and additional never both set one attribute.
func TestCRDRefusesAdditionalKeysThatHaveAField(t *testing.T) {
	for kind, catalogs := range map[lbc.Kind]struct {
		lb               func() *lbov1.LoadBalancer
		lbAttrs, tgAttrs map[string]lbc.Attribute
		listenerAttrs    map[string]lbc.Attribute
	}{
		lbc.ALB: {func() *lbov1.LoadBalancer { return httpsL7(443) }, lbc.LoadBalancerAttributes[lbc.ALB], lbc.TargetGroupAttributes[lbc.ALB], lbc.ListenerAttributes[lbc.ALB]},
		lbc.NLB: {func() *lbov1.LoadBalancer { return nlb(lbov1.ProtocolTCP) }, lbc.LoadBalancerAttributes[lbc.NLB], lbc.TargetGroupAttributes[lbc.NLB], lbc.ListenerAttributes[lbc.NLB]},
	} {
		for _, c := range []struct {
			catalog map[string]lbc.Attribute
			set     func(lb *lbov1.LoadBalancer, key string)
			path    string
		}{
			{catalogs.lbAttrs, func(lb *lbov1.LoadBalancer, k string) {
				lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{k: "true"}}
			}, "spec.loadBalancerAttributes.additional"},
			{catalogs.tgAttrs, func(lb *lbov1.LoadBalancer, k string) {
				lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{Additional: map[string]lbov1.AttributeValue{k: "true"}}
			}, "spec.targetGroups[0].attributes.additional"},
			{catalogs.listenerAttrs, func(lb *lbov1.LoadBalancer, k string) {
				lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{Additional: map[string]lbov1.AttributeValue{k: "true"}}
			}, "spec.listeners[0].attributes.additional"},
		} {
			for k, a := range c.catalog {
				if a.Field == "" {
					continue
				}
				lb := catalogs.lb()
				c.set(lb, k)
				if !namesOrHolds(crdProblems(t, lb), c.path) {
					t.Errorf("%s: the CRD takes %s in %s, which the field %s sets", kind, k, c.path, a.Field)
				}
			}
		}
	}
}
