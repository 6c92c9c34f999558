package lbc_test

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/config"
	"github.com/lbo-dev/lbo/internal/lbc"
)

func TestCheckAttributes(t *testing.T) {
	cases := []struct {
		name    string
		kind    lbc.Kind
		catalog map[lbc.Kind]map[string]lbc.Attribute
		attrs   map[string]string
		want    string // in the one problem; "" for none
	}{
		{"ALB idle timeout", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"idle_timeout.timeout_seconds": "4000"}, ""},
		{"ALB idle timeout over 4000", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"idle_timeout.timeout_seconds": "5000"}, "from 1 to 4000"},
		{"ALB idle timeout with a sign", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"idle_timeout.timeout_seconds": "+60"}, "from 1 to 4000"},
		{"unknown key", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"foo.bar": "1"}, "not an AWS x attribute"},
		{"NLB key on an ALB", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"dns_record.client_routing_policy": "any_availability_zone"}, "Application Load Balancer"},
		{"ALB key on an NLB", lbc.NLB, lbc.LoadBalancerAttributes, map[string]string{"routing.http2.enabled": "true"}, "Network Load Balancer"},
		{"boolean maybe", lbc.ALB, lbc.ListenerAttributes, map[string]string{"routing.http.response.server.enabled": "maybe"}, "true or false"},
		{"boolean as the controller's parser would take it", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"routing.http2.enabled": "True"}, "true or false"},
		{"ALB listener attribute on an NLB", lbc.NLB, lbc.ListenerAttributes, map[string]string{"routing.http.response.server.enabled": "false"}, "Network Load Balancer"},
		{"NLB target group key on an ALB", lbc.ALB, lbc.TargetGroupAttributes, map[string]string{"preserve_client_ip.enabled": "true"}, "Application Load Balancer"},
		{"ALB target group key on an NLB", lbc.NLB, lbc.TargetGroupAttributes, map[string]string{"slow_start.duration_seconds": "30"}, "Network Load Balancer"},
		{"slow start 10", lbc.ALB, lbc.TargetGroupAttributes, map[string]string{"slow_start.duration_seconds": "10"}, "30 to 900"},
		{"slow start off", lbc.ALB, lbc.TargetGroupAttributes, map[string]string{"slow_start.duration_seconds": "0"}, ""},
		{"a field's key", lbc.ALB, lbc.TargetGroupAttributes, map[string]string{"stickiness.lb_cookie.duration_seconds": "120"}, ""},
		{"dns failover off", lbc.NLB, lbc.TargetGroupAttributes, map[string]string{"target_group_health.dns_failover.minimum_healthy_targets.count": "off"}, ""},
		{"unhealthy routing count off", lbc.NLB, lbc.TargetGroupAttributes, map[string]string{"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count": "off"}, "from 1 to"},
		{"percentage 101", lbc.ALB, lbc.TargetGroupAttributes, map[string]string{"target_group_health.dns_failover.minimum_healthy_targets.percentage": "101"}, "from 1 to 100"},
		{"access log bucket", lbc.NLB, lbc.LoadBalancerAttributes, map[string]string{"access_logs.s3.bucket": "logs..bucket"}, "S3 bucket"},
		{"connection log bucket", lbc.ALB, lbc.LoadBalancerAttributes, map[string]string{"connection_logs.s3.bucket": "Logs"}, "S3 bucket"},
		{"header name", lbc.ALB, lbc.ListenerAttributes, map[string]string{"routing.http.request.x_amzn_tls_version.header_name": "X-TLS(version)"}, "header name"},
		{"secondary IPs", lbc.NLB, lbc.LoadBalancerAttributes, map[string]string{"secondary_ips.auto_assigned.per_subnet": "8"}, "from 0 to 7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := lbc.CheckAttributes(c.kind, "x", c.catalog[c.kind], c.attrs)
			switch {
			case c.want == "" && len(got) > 0:
				t.Fatalf("want no problem, got %v", got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0].Reason, c.want)):
				t.Fatalf("want one problem saying %q, got %v", c.want, got)
			}
		})
	}
}

func TestCheckTargetGroupAttributeSet(t *testing.T) {
	cases := []struct {
		name  string
		c     lbc.TargetGroupContext
		attrs map[string]string
		want  string // the key of the one problem; "" for none
	}{
		{"UDP without client IP preservation", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "UDP", ListenerProtocol: "UDP"}, map[string]string{"preserve_client_ip.enabled": "false"}, "preserve_client_ip.enabled"},
		{"TCP_UDP without client IP preservation", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "TCP_UDP", ListenerProtocol: "TCP_UDP"}, map[string]string{"preserve_client_ip.enabled": "false"}, "preserve_client_ip.enabled"},
		{"QUIC without client IP preservation", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "QUIC", ListenerProtocol: "UDP"}, map[string]string{"preserve_client_ip.enabled": "false"}, "preserve_client_ip.enabled"},
		{"TCP without client IP preservation", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "TCP", ListenerProtocol: "TCP"}, map[string]string{"preserve_client_ip.enabled": "false"}, ""},
		{"UDP with client IP preservation", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "UDP", ListenerProtocol: "UDP"}, map[string]string{"preserve_client_ip.enabled": "true"}, ""},
		{"UDP terminating unhealthy connections", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "UDP", ListenerProtocol: "UDP"}, map[string]string{"target_health_state.unhealthy.connection_termination.enabled": "true"}, "target_health_state.unhealthy.connection_termination.enabled"},
		{"TLS listener with stickiness", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "TCP", ListenerProtocol: "TLS"}, map[string]string{"stickiness.enabled": "true", "stickiness.type": "source_ip"}, "stickiness.enabled"},
		{"TCP listener with stickiness", lbc.TargetGroupContext{Kind: lbc.NLB, Protocol: "TCP", ListenerProtocol: "TCP"}, map[string]string{"stickiness.enabled": "true", "stickiness.type": "source_ip"}, ""},
		{"cookies without cross-zone", lbc.TargetGroupContext{Kind: lbc.ALB, Protocol: "HTTP"}, map[string]string{"stickiness.enabled": "true", "load_balancing.cross_zone.enabled": "false"}, "load_balancing.cross_zone.enabled"},
		{"least outstanding with slow start", lbc.TargetGroupContext{Kind: lbc.ALB, Protocol: "HTTP"}, map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests", "slow_start.duration_seconds": "30"}, "slow_start.duration_seconds"},
		{"least outstanding without slow start", lbc.TargetGroupContext{Kind: lbc.ALB, Protocol: "HTTP"}, map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests", "slow_start.duration_seconds": "0"}, ""},
		{"anomaly mitigation without weighted random", lbc.TargetGroupContext{Kind: lbc.ALB, Protocol: "HTTP"}, map[string]string{"load_balancing.algorithm.anomaly_mitigation": "on"}, "load_balancing.algorithm.anomaly_mitigation"},
		{"anomaly mitigation with weighted random", lbc.TargetGroupContext{Kind: lbc.ALB, Protocol: "HTTP"}, map[string]string{"load_balancing.algorithm.type": "weighted_random", "load_balancing.algorithm.anomaly_mitigation": "on"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := lbc.CheckTargetGroupAttributeSet(c.c, c.attrs)
			switch {
			case c.want == "" && len(got) > 0:
				t.Fatalf("want no problem, got %v", got)
			case c.want != "" && (len(got) != 1 || got[0].Key != c.want):
				t.Fatalf("want one problem with %s, got %v", c.want, got)
			}
		})
	}
	if got := lbc.CheckLoadBalancerAttributeSet(map[string]string{"connection_logs.s3.enabled": "true"}); len(got) != 1 {
		t.Errorf("connection logs without a bucket: got %v", got)
	}
}

func TestCheckSuccessCodes(t *testing.T) {
	for _, c := range []struct {
		kind, codes string
		ok          bool
	}{
		{"ALB", "200", true}, {"ALB", "200-499", true}, {"ALB", "200,202,300-399", true},
		{"ALB", "200-599", false}, {"ALB", "199", false}, {"ALB", "999", false}, {"ALB", "499-200", false},
		{"ALB", "200-300-400", false}, {"ALB", "200,", false},
		{"NLB", "200-599", true}, {"NLB", "600", false},
		{"GRPC", "0-99", true}, {"GRPC", "12", true}, {"GRPC", "200", false}, {"GRPC", "5-1", false},
	} {
		if err := lbc.CheckSuccessCodes(c.kind, c.codes); (err == nil) != c.ok {
			t.Errorf("%s %q: ok=%v, got %v", c.kind, c.codes, c.ok, err)
		}
	}
}

func TestCheckHealthCheckTiming(t *testing.T) {
	for _, c := range []struct {
		kind              lbc.Kind
		interval, timeout int32
		ok, blameTimeout  bool
	}{
		{lbc.ALB, 0, 0, true, false},
		{lbc.ALB, 0, 14, true, false},
		{lbc.ALB, 0, 15, false, true},    // the default interval is 15
		{lbc.ALB, 0, 30, false, true},    // the example
		{lbc.ALB, 5, 0, false, false},    // the default timeout is 5: blame the interval
		{lbc.ALB, 6, 0, true, false},     //
		{lbc.ALB, 10, 10, false, true},   // equal: ALB needs less
		{lbc.NLB, 10, 10, true, false},   // equal: NLB takes it
		{lbc.NLB, 0, 11, false, true},    // the default interval is 10
		{lbc.NLB, 5, 0, false, false},    // the default timeout is 10
		{lbc.NLB, 30, 0, true, false},    //
		{lbc.NLB, 20, 30, false, true},   //
		{lbc.NLB, 30, 20, true, false},   //
		{lbc.ALB, 300, 120, true, false}, //
	} {
		blame, err := lbc.CheckHealthCheckTiming(c.kind, c.interval, c.timeout)
		if (err == nil) != c.ok || (err != nil && blame != c.blameTimeout) {
			t.Errorf("%s interval %d timeout %d: want ok=%v blameTimeout=%v, got %v %v", c.kind, c.interval, c.timeout, c.ok, c.blameTimeout, blame, err)
		}
	}
}

func TestCheckS3Bucket(t *testing.T) {
	for _, ok := range []string{"abc", "logs.example.com", "my-logs-2024", strings.Repeat("a", 63)} {
		if err := lbc.CheckS3Bucket(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"ab", strings.Repeat("a", 64), "Logs", "logs..bucket", "-logs", "logs-", "192.168.5.4", "xn--logs", "sthree-logs",
		"amzn-s3-demo-logs", "logs-s3alias", "logs--ol-s3", "logs.mrap", "logs--x-s3", "logs--table-s3", "logs_bucket", "logs bucket"} {
		if err := lbc.CheckS3Bucket(bad); err == nil {
			t.Errorf("%q: want a refusal", bad)
		}
	}
	if lbc.CheckLogPrefix("team/AWSLogs") == nil || lbc.CheckLogPrefix("team/web") != nil {
		t.Error("a prefix must not include AWSLogs, and may be anything else")
	}
}

func TestIngressRules(t *testing.T) {
	for _, c := range []struct {
		host string
		ok   bool
	}{{"a.example.com", true}, {"*.example.com", true}, {"10.0.0.1", false}, {"a.*.example.com", false}, {"Example.com", false}} {
		if err := lbc.CheckIngressHost(c.host); (err == nil) != c.ok {
			t.Errorf("host %q: ok=%v, got %v", c.host, c.ok, err)
		}
	}
}

func TestPrefixPathPatterns(t *testing.T) {
	for path, want := range map[string][]string{"/": {"/*"}, "/api": {"/api", "/api/*"}, "/api/": {"/api", "/api/*"}} {
		if got := lbc.PrefixPathPatterns(path); !slices.Equal(got, want) {
			t.Errorf("%q: want %v, got %v", path, want, got)
		}
	}
}

// Every rule the expansion checks names fields the CRD has, so that
// docs/api.md lists it under them.
func TestRulesNameCRDFields(t *testing.T) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.Unmarshal(config.LoadBalancerCRD, &crd); err != nil {
		t.Fatal(err)
	}
	root := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	for _, r := range lbc.Rules {
		if len(r.Fields) == 0 || r.Says == "" {
			t.Errorf("rule %q names no field or says nothing", r.Says)
		}
		for _, f := range r.Fields {
			if _, err := schemaAt(root, f); err != nil {
				t.Errorf("rule %q: %v", r.Says, err)
			}
		}
	}
}

func TestCheckBackendService(t *testing.T) {
	for _, c := range []struct {
		targetType string
		svcType    corev1.ServiceType
		ok         bool
	}{
		{"ip", corev1.ServiceTypeClusterIP, true}, {"ip", "", true}, {"ip", corev1.ServiceTypeNodePort, true}, {"ip", corev1.ServiceTypeLoadBalancer, true},
		{"ip", corev1.ServiceTypeExternalName, false},
		{"instance", corev1.ServiceTypeNodePort, true}, {"instance", corev1.ServiceTypeLoadBalancer, true},
		{"instance", corev1.ServiceTypeClusterIP, false}, {"instance", "", false}, {"instance", corev1.ServiceTypeExternalName, false},
	} {
		if err := lbc.CheckBackendService(c.targetType, c.svcType); (err == nil) != c.ok {
			t.Errorf("%s targets on a %q Service: ok=%v, got %v", c.targetType, c.svcType, c.ok, err)
		}
	}
}
