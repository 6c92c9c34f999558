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
