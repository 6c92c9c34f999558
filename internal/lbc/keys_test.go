package lbc

import "testing"

func TestListenerAttributesKeys(t *testing.T) {
	for _, c := range []struct {
		key      string
		protocol string
		port     int32
		ok       bool
	}{
		{IngressListenerAttributes("HTTPS", 8443), "HTTPS", 8443, true},
		{ServiceListenerAttributes("TCP_UDP", 53), "TCP_UDP", 53, true},
		{ingressListenerAttributes + "HTTP-abc", "", 0, false},
		{ingressListenerAttributes + "HTTP", "", 0, false},
		{ingressListenerAttributes + "-80", "", 0, false},
		{IngressTags, "", 0, false},
	} {
		cut := CutIngressListenerAttributes
		if c.key == ServiceListenerAttributes("TCP_UDP", 53) {
			cut = CutServiceListenerAttributes
		}
		protocol, port, ok := cut(c.key)
		if protocol != c.protocol || port != c.port || ok != c.ok {
			t.Errorf("cut(%q) = %q, %d, %v; want %q, %d, %v", c.key, protocol, port, ok, c.protocol, c.port, c.ok)
		}
	}
	if port, ok := CutServiceTargetGroupAttributesForPort(ServiceTargetGroupAttributesForPort(8080)); !ok || port != "8080" {
		t.Errorf("target group attributes of port 8080: %q, %v", port, ok)
	}
}

func TestTargetControlPortAndServiceActionKeys(t *testing.T) {
	if svc, port, ok := CutIngressTargetControlPort(IngressTargetControlPort("web-api", 8080)); !ok || svc != "web-api" || port != 8080 {
		t.Errorf("target control port key: %q, %d, %v", svc, port, ok)
	}
	if _, _, ok := CutIngressTargetControlPort(ingressTargetControlPort + "web.http"); ok {
		t.Error("a named port is no port number")
	}
	if protocol, port, ok := CutServiceListenerAction(ServiceListenerAction("TCP_UDP", 53)); !ok || protocol != "TCP_UDP" || port != 53 {
		t.Errorf("service action key: %q, %d, %v", protocol, port, ok)
	}
	if ServiceListenerAction("TCP", 80) != "service.beta.kubernetes.io/actions.TCP-80" {
		t.Errorf("the controller reads actions.<protocol>-<port> under service.beta.kubernetes.io/, not %s", ServiceListenerAction("TCP", 80))
	}
}

func TestTargetGroupName(t *testing.T) {
	for _, c := range []struct{ arn, name, want string }{
		{"arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy-web/0123456789abcdef", "", "legacy-web"},
		{"arn:aws-cn:elasticloadbalancing:cn-north-1:111122223333:targetgroup/a/0123456789abcdef", "", "a"},
		{"", "Legacy-Web", "Legacy-Web"},
	} {
		if got := TargetGroupName(c.arn, c.name); got != c.want {
			t.Errorf("TargetGroupName(%q, %q) = %q, want %q", c.arn, c.name, got, c.want)
		}
	}
}
