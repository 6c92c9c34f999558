package lbc

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The attributes AWS has for each kind of load balancer, listener and target
// group, with the values each takes, and what lbo's typed fields write. The
// expansion checks every attribute it writes against them, typed fields and
// `additional` maps alike: a key AWS does not have for that kind of object, a
// value AWS refuses and the combinations AWS refuses are refused with the
// field named. A key a typed field writes (which the field would silently
// lose to, or win over) the CRD refuses in `additional`, as the spec alone
// shows it; Field says which, and a test keeps the CRD in step.

// AWS pages the attributes are taken from.
const (
	lbAttributesAPI       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html"
	listenerAttributesAPI = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ListenerAttribute.html"
	tgAttributesAPI       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html"
	albTargetGroups       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html"
	albStickySessions     = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html"
	nlbTargetGroups       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html"
)

// Kind is a kind of AWS load balancer.
type Kind string

// The kinds of load balancer lbo makes.
const (
	// ALB is an Application Load Balancer (layer L7).
	ALB Kind = "Application Load Balancer"
	// NLB is a Network Load Balancer (layer L4).
	NLB Kind = "Network Load Balancer"
)

// Domain is the values an attribute takes.
type Domain struct {
	// What says which values, to follow "takes".
	What string
	ok   func(string) bool
	// why, when set, says why a value is refused.
	why func(string) error
}

// Holds reports whether the attribute takes v.
func (d Domain) Holds(v string) bool {
	if d.why != nil {
		return d.why(v) == nil
	}
	return d.ok(v)
}

// refusal says why key cannot take v.
func (d Domain) refusal(key, v string) string {
	if d.why != nil {
		return fmt.Sprintf("%s: %v", key, d.why(v))
	}
	return fmt.Sprintf("%s takes %s, not %q", key, d.What, v)
}

var (
	boolean = Domain{What: "true or false", ok: func(v string) bool { return v == "true" || v == "false" }}
	// anyText is a value AWS documents no form for; the encoder still
	// refuses what the controller would read back otherwise.
	anyText = Domain{What: "text", ok: func(string) bool { return true }}
	// headerName is an HTTP header name (RFC 7230 token).
	headerName = Domain{What: "an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)", ok: regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,40}$").MatchString}
	s3Bucket   = Domain{What: "an S3 bucket name", why: CheckS3Bucket}
	// logPrefix is a prefix in an S3 bucket for ELB logs.
	logPrefix = Domain{What: "a prefix that does not include AWSLogs", why: CheckLogPrefix}
)

func wholeNumber(lo, hi int) Domain {
	return Domain{What: fmt.Sprintf("a whole number from %d to %d", lo, hi), ok: func(v string) bool {
		n, err := strconv.Atoi(v)
		return err == nil && strconv.Itoa(n) == v && n >= lo && n <= hi
	}}
}

func wholeNumberOrOff(lo, hi int) Domain {
	n := wholeNumber(lo, hi)
	return Domain{What: "off or " + n.What, ok: func(v string) bool { return v == "off" || n.ok(v) }}
}

func oneOf(values ...string) Domain {
	return Domain{What: "one of " + strings.Join(values, ", "), ok: func(v string) bool { return slices.Contains(values, v) }}
}

// Attribute is an attribute of a load balancer, listener or target group of
// one kind of load balancer.
type Attribute struct {
	// Key is AWS's key.
	Key string
	// Value is what it takes.
	Value Domain
	// Field is the lbo field that writes it, relative to the attributes
	// object (for load balancer attributes: spec.loadBalancerAttributes), or
	// "" when only `additional` sets it.
	Field string
}

func attrs(list ...Attribute) map[string]Attribute {
	m := map[string]Attribute{}
	for _, a := range list {
		m[a.Key] = a
	}
	return m
}

// The maximum number of targets the target_group_health counts go up to:
// "Targets per Target Group per Region: 1,000" (quotas).
const maxTargetsPerTargetGroup = 1000

// targetGroupHealth are the target_group_health attributes both kinds have.
var targetGroupHealth = []Attribute{
	{Key: "target_group_health.dns_failover.minimum_healthy_targets.count", Value: wholeNumberOrOff(1, maxTargetsPerTargetGroup)},
	{Key: "target_group_health.dns_failover.minimum_healthy_targets.percentage", Value: wholeNumberOrOff(1, 100)},
	{Key: "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", Value: wholeNumber(1, maxTargetsPerTargetGroup)},
	{Key: "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", Value: wholeNumberOrOff(1, 100)},
}

// LoadBalancerAttributes are the load balancer attributes of each kind
// (API_LoadBalancerAttribute); Field is relative to
// spec.loadBalancerAttributes.
var LoadBalancerAttributes = map[Kind]map[string]Attribute{
	ALB: attrs(
		Attribute{Key: "deletion_protection.enabled", Value: boolean, Field: "deletionProtection"},
		Attribute{Key: "access_logs.s3.enabled", Value: boolean, Field: "accessLogs.enabled"},
		Attribute{Key: "access_logs.s3.bucket", Value: s3Bucket, Field: "accessLogs.bucket"},
		Attribute{Key: "access_logs.s3.prefix", Value: logPrefix, Field: "accessLogs.prefix"},
		Attribute{Key: "ipv6.deny_all_igw_traffic", Value: boolean},
		Attribute{Key: "zonal_shift.config.enabled", Value: boolean},
		Attribute{Key: "idle_timeout.timeout_seconds", Value: wholeNumber(1, 4000)},
		Attribute{Key: "client_keep_alive.seconds", Value: wholeNumber(60, 604800)},
		Attribute{Key: "connection_logs.s3.enabled", Value: boolean},
		Attribute{Key: "connection_logs.s3.bucket", Value: s3Bucket},
		Attribute{Key: "connection_logs.s3.prefix", Value: logPrefix},
		Attribute{Key: "health_check_logs.s3.enabled", Value: boolean},
		Attribute{Key: "health_check_logs.s3.bucket", Value: s3Bucket},
		Attribute{Key: "health_check_logs.s3.prefix", Value: logPrefix},
		Attribute{Key: "routing.http.desync_mitigation_mode", Value: oneOf("monitor", "defensive", "strictest")},
		Attribute{Key: "routing.http.drop_invalid_header_fields.enabled", Value: boolean},
		Attribute{Key: "routing.http.preserve_host_header.enabled", Value: boolean},
		Attribute{Key: "routing.http.x_amzn_tls_version_and_cipher_suite.enabled", Value: boolean},
		Attribute{Key: "routing.http.xff_client_port.enabled", Value: boolean},
		Attribute{Key: "routing.http.xff_header_processing.mode", Value: oneOf("append", "preserve", "remove")},
		Attribute{Key: "routing.http2.enabled", Value: boolean},
		Attribute{Key: "waf.fail_open.enabled", Value: boolean},
	),
	NLB: attrs(
		Attribute{Key: "deletion_protection.enabled", Value: boolean, Field: "deletionProtection"},
		Attribute{Key: "load_balancing.cross_zone.enabled", Value: boolean, Field: "crossZoneLoadBalancing"},
		Attribute{Key: "access_logs.s3.enabled", Value: boolean, Field: "accessLogs.enabled"},
		Attribute{Key: "access_logs.s3.bucket", Value: s3Bucket, Field: "accessLogs.bucket"},
		Attribute{Key: "access_logs.s3.prefix", Value: logPrefix, Field: "accessLogs.prefix"},
		Attribute{Key: "ipv6.deny_all_igw_traffic", Value: boolean},
		Attribute{Key: "zonal_shift.config.enabled", Value: boolean},
		Attribute{Key: "dns_record.client_routing_policy", Value: oneOf("availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"), Field: "dnsClientRoutingPolicy"},
		Attribute{Key: "secondary_ips.auto_assigned.per_subnet", Value: wholeNumber(0, 7)},
	),
}

// ListenerAttributes are the listener attributes of each kind
// (API_ListenerAttribute); Field is relative to
// spec.listeners[].attributes. The ALB ones apply to HTTP and HTTPS
// listeners; the NLB one to TCP, TLS and TCP_UDP listeners (the CRD states
// which listeners take tcpIdleTimeoutSeconds).
var ListenerAttributes = map[Kind]map[string]Attribute{
	ALB: attrs(
		Attribute{Key: "routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_mtls_clientcert_issuer.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_mtls_clientcert_subject.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_mtls_clientcert_validity.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_mtls_clientcert_leaf.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_mtls_clientcert.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_tls_version.header_name", Value: headerName},
		Attribute{Key: "routing.http.request.x_amzn_tls_cipher_suite.header_name", Value: headerName},
		Attribute{Key: "routing.http.response.server.enabled", Value: boolean},
		Attribute{Key: "routing.http.response.strict_transport_security.header_value", Value: anyText},
		Attribute{Key: "routing.http.response.access_control_allow_origin.header_value", Value: anyText},
		Attribute{Key: "routing.http.response.access_control_allow_methods.header_value", Value: anyText},
		Attribute{Key: "routing.http.response.access_control_allow_headers.header_value", Value: anyText},
		Attribute{Key: "routing.http.response.access_control_allow_credentials.header_value", Value: oneOf("true")},
		Attribute{Key: "routing.http.response.access_control_expose_headers.header_value", Value: anyText},
		Attribute{Key: "routing.http.response.access_control_max_age.header_value", Value: wholeNumber(0, 1<<31-1)},
		Attribute{Key: "routing.http.response.content_security_policy.header_value", Value: anyText},
		Attribute{Key: "routing.http.response.x_content_type_options.header_value", Value: oneOf("nosniff")},
		Attribute{Key: "routing.http.response.x_frame_options.header_value", Value: anyText},
	),
	NLB: attrs(
		Attribute{Key: "tcp.idle_timeout.seconds", Value: wholeNumber(60, 6000), Field: "tcpIdleTimeoutSeconds"},
	),
}

// TargetGroupAttributes are the target group attributes of each kind, for
// instance and ip targets (API_TargetGroupAttribute); Field is relative to
// spec.targetGroups[].attributes.
var TargetGroupAttributes = map[Kind]map[string]Attribute{
	ALB: attrs(append([]Attribute{
		{Key: "deregistration_delay.timeout_seconds", Value: wholeNumber(0, 3600), Field: "deregistrationDelaySeconds"},
		{Key: "stickiness.enabled", Value: boolean, Field: "cookieStickiness.enabled"},
		{Key: "stickiness.type", Value: oneOf("lb_cookie", "app_cookie"), Field: "cookieStickiness"},
		{Key: "stickiness.app_cookie.cookie_name", Value: anyText, Field: "cookieStickiness.appCookieName"},
		{Key: "stickiness.app_cookie.duration_seconds", Value: wholeNumber(1, 604800), Field: "cookieStickiness.durationSeconds"},
		{Key: "stickiness.lb_cookie.duration_seconds", Value: wholeNumber(1, 604800), Field: "cookieStickiness.durationSeconds"},
		{Key: "load_balancing.cross_zone.enabled", Value: oneOf("true", "false", "use_load_balancer_configuration")},
		{Key: "load_balancing.algorithm.type", Value: oneOf("round_robin", "least_outstanding_requests", "weighted_random")},
		{Key: "load_balancing.algorithm.anomaly_mitigation", Value: oneOf("on", "off")},
		{Key: "slow_start.duration_seconds", Value: Domain{What: "0 (off) or a whole number from 30 to 900", ok: func(v string) bool { return v == "0" || wholeNumber(30, 900).ok(v) }}},
	}, targetGroupHealth...)...),
	NLB: attrs(append([]Attribute{
		{Key: "deregistration_delay.timeout_seconds", Value: wholeNumber(0, 3600), Field: "deregistrationDelaySeconds"},
		{Key: "deregistration_delay.connection_termination.enabled", Value: boolean, Field: "deregistrationConnectionTermination"},
		{Key: "stickiness.enabled", Value: boolean, Field: "sourceIPStickiness"},
		{Key: "stickiness.type", Value: oneOf("source_ip"), Field: "sourceIPStickiness"},
		{Key: "load_balancing.cross_zone.enabled", Value: oneOf("true", "false", "use_load_balancer_configuration")},
		{Key: "preserve_client_ip.enabled", Value: boolean, Field: "preserveClientIP"},
		{Key: "proxy_protocol_v2.enabled", Value: boolean, Field: "proxyProtocolV2"},
		{Key: "target_health_state.unhealthy.connection_termination.enabled", Value: boolean, Field: "unhealthyConnectionTermination"},
		{Key: "target_health_state.unhealthy.draining_interval_seconds", Value: wholeNumber(0, 360000), Field: "unhealthyDrainingIntervalSeconds"},
		// Not in AWS's documentation: AWS support turns it on for an
		// account, for servers that speak first (SMTP, SSH), whose clients
		// send nothing before the proxy protocol header would go out
		// (on_first_ack_with_payload, the default).
		{Key: "proxy_protocol_v2.client_to_server.header_placement", Value: oneOf("on_first_ack", "on_first_ack_with_payload")},
	}, targetGroupHealth...)...),
}

// AttributeProblem is an attribute lbo would write that AWS refuses, or that
// `additional` cannot set.
type AttributeProblem struct {
	// Key is the attribute the problem is about.
	Key string
	// Reason says why, and what to do.
	Reason string
}

// The rules CheckAttributes states.
var (
	RuleLoadBalancerAttributes = Rule{
		Fields: []string{"spec.loadBalancerAttributes.additional"},
		Says:   "holds only load balancer attributes AWS has for the layer's kind of load balancer, each with a value AWS takes (" + lbAttributesAPI + ")",
	}
	RuleListenerAttributes = Rule{
		Fields: []string{"spec.listeners[].attributes.additional"},
		Says:   "holds only listener attributes AWS has for the layer's kind of load balancer, each with a value AWS takes (" + listenerAttributesAPI + ")",
	}
	RuleTargetGroupAttributes = Rule{
		Fields: []string{"spec.targetGroups[].attributes"},
		Says: "sets only target group attributes AWS has for the layer's kind of load balancer, with values AWS takes. " +
			"AWS refuses: preserveClientIP false, or unhealthyConnectionTermination true, on a target group a UDP or TCP_UDP " +
			"listener forwards to; sourceIPStickiness on one a TLS listener forwards to; cookie stickiness with " +
			"load_balancing.cross_zone.enabled false; slow_start.duration_seconds with load_balancing.algorithm.type " +
			"least_outstanding_requests; load_balancing.algorithm.anomaly_mitigation without weighted_random (" + tgAttributesAPI + ")",
	}
)

// The objects attributes belong to, for CheckAttributes.
const (
	LoadBalancerObject = "load balancer"
	ListenerObject     = "listener"
	TargetGroupObject  = "target group"
)

// CheckAttributes checks the attributes lbo writes for one object (one of
// the objects above) of a kind of load balancer: catalog is
// LoadBalancerAttributes[kind], ListenerAttributes[kind] or
// TargetGroupAttributes[kind]; attrs are the attributes by key. It returns
// the problems in key order. That `additional` sets no key a field sets is
// the CRD's rule (each additional map's CEL), kept in step with the
// catalogs' Field by TestCRDRefusesAdditionalKeysThatHaveAField.
func CheckAttributes(kind Kind, object string, catalog map[string]Attribute, attrs map[string]string) []AttributeProblem {
	var out []AttributeProblem
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[k]
		a, ok := catalog[k]
		switch {
		case !ok && knownElsewhere(k) != "":
			out = append(out, AttributeProblem{k, fmt.Sprintf("%s is not a %s attribute of a%s %s; AWS has it for %s", k, object, article(kind), kind, knownElsewhere(k))})
		case !ok:
			out = append(out, AttributeProblem{k, fmt.Sprintf("%s is not an AWS %s attribute", k, object)})
		case !a.Value.Holds(v):
			out = append(out, AttributeProblem{k, a.Value.refusal(k, v)})
		}
	}
	return out
}

// knownElsewhere says which objects of which kinds have key as an
// attribute, or "" when none has, to tell a key of the wrong kind or object
// from one AWS does not have at all.
func knownElsewhere(key string) string {
	var where []string
	for _, c := range []struct {
		object string
		cats   map[Kind]map[string]Attribute
	}{{"load balancers", LoadBalancerAttributes}, {"listeners", ListenerAttributes}, {"target groups", TargetGroupAttributes}} {
		for _, kind := range []Kind{ALB, NLB} {
			if _, ok := c.cats[kind][key]; ok {
				where = append(where, fmt.Sprintf("the %s of a%s %s", c.object, article(kind), kind))
			}
		}
	}
	return strings.Join(where, " and ")
}

func article(k Kind) string {
	if k == ALB {
		return "n"
	}
	return ""
}

// CheckLoadBalancerAttributeSet checks what AWS requires of a load
// balancer's attributes together: logs that are enabled need their bucket.
func CheckLoadBalancerAttributeSet(attrs map[string]string) []AttributeProblem {
	var out []AttributeProblem
	for _, logs := range []string{"access_logs", "connection_logs", "health_check_logs"} {
		if attrs[logs+".s3.enabled"] == "true" && attrs[logs+".s3.bucket"] == "" {
			out = append(out, AttributeProblem{logs + ".s3.enabled", fmt.Sprintf("%s.s3.enabled needs %s.s3.bucket: AWS requires the bucket when the logs are enabled (%s)", logs, logs, lbAttributesAPI)})
		}
	}
	return out
}

// TargetGroupContext is what the AWS target group a target group's attributes
// go to is: its protocol, and the protocol of the listener that forwards to
// it.
type TargetGroupContext struct {
	Kind Kind
	// Protocol is the AWS target group's protocol: TCP, TLS, UDP, TCP_UDP,
	// QUIC or TCP_QUIC on an NLB; HTTP or HTTPS on an ALB.
	Protocol string
	// ListenerProtocol is the protocol of the listener that forwards to it
	// (NLB), or "".
	ListenerProtocol string
}

// CheckTargetGroupAttributeSet checks what AWS requires of a target group's
// attributes together and with its protocol.
func CheckTargetGroupAttributeSet(c TargetGroupContext, attrs map[string]string) []AttributeProblem {
	var out []AttributeProblem
	udp := slices.Contains([]string{"UDP", "TCP_UDP", "QUIC", "TCP_QUIC"}, c.Protocol)
	switch c.Kind {
	case NLB:
		if udp && attrs["preserve_client_ip.enabled"] == "false" {
			out = append(out, AttributeProblem{"preserve_client_ip.enabled", fmt.Sprintf(
				"a %s listener forwards to this target group, and AWS cannot disable client IP preservation for %s target groups (%s)", c.ListenerProtocol, c.Protocol, nlbTargetGroups)})
		}
		if udp && attrs["target_health_state.unhealthy.connection_termination.enabled"] == "true" {
			out = append(out, AttributeProblem{"target_health_state.unhealthy.connection_termination.enabled", fmt.Sprintf(
				"a %s listener forwards to this target group, and AWS cannot terminate the connections of unhealthy targets of %s target groups; set it to false (%s)", c.ListenerProtocol, c.Protocol, tgAttributesAPI)})
		}
		// "Sticky sessions are not supported with TLS listeners" (the NLB
		// target groups page, sticky sessions).
		if c.ListenerProtocol == "TLS" && attrs["stickiness.enabled"] == "true" {
			out = append(out, AttributeProblem{"stickiness.enabled", fmt.Sprintf(
				"a TLS listener forwards to this target group, and AWS does not support sticky sessions with TLS listeners (%s)", nlbTargetGroups)})
		}
	case ALB:
		if attrs["stickiness.enabled"] == "true" && attrs["load_balancing.cross_zone.enabled"] == "false" {
			out = append(out, AttributeProblem{"load_balancing.cross_zone.enabled", fmt.Sprintf(
				"sticky sessions are not supported with cross-zone load balancing disabled: AWS refuses to enable them (%s)", albStickySessions)})
		}
		algorithm := attrs["load_balancing.algorithm.type"]
		if algorithm == "least_outstanding_requests" && attrs["slow_start.duration_seconds"] != "" && attrs["slow_start.duration_seconds"] != "0" {
			out = append(out, AttributeProblem{"slow_start.duration_seconds", fmt.Sprintf(
				"AWS cannot enable both the least outstanding requests algorithm and slow start mode (%s)", albTargetGroups)})
		}
		if _, ok := attrs["load_balancing.algorithm.anomaly_mitigation"]; ok && algorithm != "weighted_random" {
			out = append(out, AttributeProblem{"load_balancing.algorithm.anomaly_mitigation", fmt.Sprintf(
				"anomaly mitigation is only available with load_balancing.algorithm.type weighted_random (%s)", tgAttributesAPI)})
		}
	}
	return out
}
