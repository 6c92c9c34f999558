// Package attributes maps lbo's typed attribute fields to AWS's attribute
// keys and values, once for both backends: the annotations of the Service and
// Ingress backend (internal/expand) and the AWS Load Balancer Controller's
// configuration objects of the Gateway backend (internal/gateway). The keys
// are AWS's own (ModifyLoadBalancerAttributes, ModifyListenerAttributes,
// ModifyTargetGroupAttributes); which keys exist for which kind of load
// balancer, and their values' domains, is internal/lbc's catalog.
//
// Keys given in a field's additional map come last: the CRD refuses one that
// a typed field sets, so nothing is overwritten.
package attributes

import (
	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// LoadBalancer is a load balancer's attributes by AWS key.
func LoadBalancer(a *lbov1.LoadBalancerAttributes) map[string]string {
	attrs := map[string]string{}
	if a == nil {
		return attrs
	}
	setBool(attrs, "deletion_protection.enabled", a.DeletionProtection)
	setBool(attrs, "load_balancing.cross_zone.enabled", a.CrossZoneLoadBalancing)
	if l := a.AccessLogs; l != nil {
		attrs["access_logs.s3.enabled"] = lbc.EncodeBool(l.Enabled)
		setString(attrs, "access_logs.s3.bucket", l.Bucket)
		setString(attrs, "access_logs.s3.prefix", l.Prefix)
	}
	setString(attrs, "dns_record.client_routing_policy", string(a.DNSClientRoutingPolicy))
	return withAdditional(attrs, a.Additional)
}

// Listener is a listener's attributes by AWS key.
func Listener(a *lbov1.ListenerAttributes) map[string]string {
	attrs := map[string]string{}
	if a == nil {
		return attrs
	}
	setInt(attrs, "tcp.idle_timeout.seconds", a.TCPIdleTimeoutSeconds)
	return withAdditional(attrs, a.Additional)
}

// TargetGroup is the attributes of a target group of a kind of load
// balancer by AWS key: an NLB's target groups stick by source address, an
// ALB's by cookie.
func TargetGroup(kind lbc.Kind, a *lbov1.TargetGroupAttributes) map[string]string {
	attrs := map[string]string{}
	if a == nil {
		return attrs
	}
	setInt(attrs, "deregistration_delay.timeout_seconds", a.DeregistrationDelaySeconds)
	if kind == lbc.NLB {
		setBool(attrs, "proxy_protocol_v2.enabled", a.ProxyProtocolV2)
		setBool(attrs, "preserve_client_ip.enabled", a.PreserveClientIP)
		setBool(attrs, "deregistration_delay.connection_termination.enabled", a.DeregistrationConnectionTermination)
		setBool(attrs, "stickiness.enabled", a.SourceIPStickiness)
		if a.SourceIPStickiness != nil && *a.SourceIPStickiness {
			attrs["stickiness.type"] = "source_ip"
		}
		setBool(attrs, "target_health_state.unhealthy.connection_termination.enabled", a.UnhealthyConnectionTermination)
		setInt(attrs, "target_health_state.unhealthy.draining_interval_seconds", a.UnhealthyDrainingIntervalSeconds)
	} else if st := a.CookieStickiness; st != nil {
		attrs["stickiness.enabled"] = lbc.EncodeBool(st.Enabled)
		cookie := "lb_cookie"
		if st.AppCookieName != "" {
			cookie = "app_cookie"
			attrs["stickiness.app_cookie.cookie_name"] = st.AppCookieName
		}
		attrs["stickiness.type"] = cookie
		if st.DurationSeconds != 0 {
			attrs["stickiness."+cookie+".duration_seconds"] = lbc.EncodeInt(st.DurationSeconds)
		}
	}
	return withAdditional(attrs, a.Additional)
}

func withAdditional[V ~string](attrs map[string]string, additional map[string]V) map[string]string {
	for k, v := range additional {
		attrs[k] = string(v)
	}
	return attrs
}

func setString(m map[string]string, key, value string) {
	if value != "" {
		m[key] = value
	}
}

func setBool(m map[string]string, key string, value *bool) {
	if value != nil {
		m[key] = lbc.EncodeBool(*value)
	}
}

func setInt(m map[string]string, key string, value *int32) {
	if value != nil {
		m[key] = lbc.EncodeInt(*value)
	}
}
