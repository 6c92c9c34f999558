package integration

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The AWS corpus: LoadBalancers whose every value the schema alone could
// take, but that AWS, the AWS Load Balancer Controller or the API server
// would refuse once lbo had applied their children (issue 15). Each is
// refused at admission or not Accepted, with a message naming the field,
// and none creates a child. The cases are grouped by the class of rule they
// break; where a rule is a list (the attributes of each kind of load
// balancer), the cases are made from the list.

const certA = "arn:aws:acm:eu-west-1:111122223333:certificate/0b5d8e2a-1c3f-4a6b-9d7e-2f4a6c8e0b1d"

const baseL7HTTPS = `
apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
spec:
  layer: L7
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls: {certificateARNs: ['` + certA + `']}
    defaultAction: {forward: {targetGroup: app}}
  rules:
  - name: all
    conditions: {paths: [{path: /, type: Prefix}]}
    action: {forward: {targetGroup: app}}
  targetGroups:
  - {name: app, backend: {service: {name: app, port: 80}}}
`

const baseL4TLS = `
apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
spec:
  layer: L4
  listeners:
  - {name: tls, port: 443, protocol: TLS, tls: {certificateARNs: ['` + certA + `']}}
  targetGroups:
  - {name: app, backend: {selector: {app: x}, port: 8443}}
`

const baseL4UDP = `
apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
spec:
  layer: L4
  listeners:
  - {name: dns, port: 53, protocol: UDP}
  targetGroups:
  - {name: app, backend: {selector: {app: x}, port: 53}}
`

// rulesOf sets spec.rules to n rules made by rule(i).
func rulesOf(n int, rule func(i int) string) func(map[string]any) {
	return set("spec.rules", repeat(n, func(i int) any { return yml(rule(i)) }))
}

// withRule sets spec.rules to the one rule r (YAML).
func withRule(r string) func(map[string]any) { return set("spec.rules", []any{yml(r)}) }

// pathRule is a rule matching one path of type typ.
func pathRule(path, typ string) func(map[string]any) {
	return set("spec.rules", []any{map[string]any{
		"name": "p", "conditions": map[string]any{"paths": []any{map[string]any{"path": path, "type": typ}}},
		"action": map[string]any{"fixedResponse": map[string]any{"statusCode": 404}},
	}})
}

// redirectRule is a rule redirecting with redirect (a map).
func redirectRule(redirect map[string]any) func(map[string]any) {
	return set("spec.rules", []any{map[string]any{
		"name": "r", "conditions": map[string]any{"hosts": []any{"old.example.com"}},
		"action": map[string]any{"redirect": redirect},
	}})
}

func awsCases() []badCase {
	l7, l7s, l4, l4tls, l4udp := baseL7, baseL7HTTPS, baseL4, baseL4TLS, baseL4UDP
	hc := func(s string) func(map[string]any) { return set("spec.targetGroups.0.healthCheck", yml(s)) }
	tgAttrs := func(s string) func(map[string]any) { return set("spec.targetGroups.0.attributes", yml(s)) }
	lbAdditional := func(k, v string) func(map[string]any) {
		return set("spec.loadBalancerAttributes", map[string]any{"additional": map[string]any{k: v}})
	}
	listenerAdditional := func(k, v string) func(map[string]any) {
		return set("spec.listeners.0.attributes", map[string]any{"additional": map[string]any{k: v}})
	}
	tgAdditional := func(k, v string) func(map[string]any) {
		return set("spec.targetGroups.0.attributes", map[string]any{"additional": map[string]any{k: v}})
	}
	accessLogs := func(bucket, prefix string) func(map[string]any) {
		logs := map[string]any{"enabled": true, "bucket": bucket}
		if prefix != "" {
			logs["prefix"] = prefix
		}
		return set("spec.loadBalancerAttributes", map[string]any{"accessLogs": logs})
	}
	certs := func(arns ...string) func(map[string]any) {
		list := make([]any, len(arns))
		for i, a := range arns {
			list[i] = a
		}
		return set("spec.listeners.0.tls.certificateARNs", list)
	}
	var cases []badCase
	add := func(name, base string, edit func(map[string]any), field string) {
		cases = append(cases, badCase{name, base, edit, field})
	}

	// Value domains AWS enforces.
	for _, code := range []int{300, 301, 302, 304, 307, 399} {
		add(fmt.Sprintf("fixed response %d", code), l7, set("spec.rules.0.action", map[string]any{"fixedResponse": map[string]any{"statusCode": code}}),
			"spec.rules[0].action.fixedResponse.statusCode")
	}
	add("fixed response 302 as a default action", l7, set("spec.listeners.0.defaultAction", yml("{fixedResponse: {statusCode: 302}}")),
		"spec.listeners[0].defaultAction.fixedResponse.statusCode")
	for _, codes := range []string{"200-599", "500-599", "999", "499-200", "100", "199", "200-500", "0", "200,500", "200-300-400"} {
		add("ALB success codes "+codes, l7, hc("{successCodes: '"+codes+"'}"), "spec.targetGroups[0].healthCheck.successCodes")
	}
	for _, codes := range []string{"200", "100", "12,200", "0-100", "99-0"} {
		add("gRPC success codes "+codes, l7s, both(set("spec.targetGroups.0.backendProtocolVersion", "GRPC"), hc("{successCodes: '"+codes+"'}")),
			"spec.targetGroups[0].healthCheck.successCodes")
	}
	for _, codes := range []string{"600", "200-600", "199", "599-200"} {
		add("NLB success codes "+codes, l4, hc("{protocol: HTTP, successCodes: '"+codes+"'}"), "spec.targetGroups[0].healthCheck.successCodes")
	}
	for _, c := range []struct{ hc, field string }{
		{"{timeoutSeconds: 15}", "timeoutSeconds"}, {"{timeoutSeconds: 30}", "timeoutSeconds"}, {"{timeoutSeconds: 120}", "timeoutSeconds"},
		{"{intervalSeconds: 5}", "intervalSeconds"}, {"{timeoutSeconds: 10, intervalSeconds: 10}", "timeoutSeconds"},
		{"{timeoutSeconds: 20, intervalSeconds: 10}", "timeoutSeconds"},
	} {
		add("ALB health check "+c.hc, l7, hc(c.hc), "spec.targetGroups[0].healthCheck."+c.field)
	}
	for _, c := range []struct{ hc, field string }{
		{"{timeoutSeconds: 11}", "timeoutSeconds"}, {"{timeoutSeconds: 30}", "timeoutSeconds"},
		{"{intervalSeconds: 5}", "intervalSeconds"}, {"{intervalSeconds: 9}", "intervalSeconds"},
		{"{timeoutSeconds: 30, intervalSeconds: 20}", "timeoutSeconds"},
	} {
		add("NLB health check "+c.hc, l4, hc(c.hc), "spec.targetGroups[0].healthCheck."+c.field)
	}
	// An NLB probe without its protocol is TCP, which has no path or codes.
	for _, c := range []struct{ base, hc, field string }{
		{l4, "{path: /healthz}", "path"}, {l4, "{successCodes: '200'}", "successCodes"}, {l4udp, "{path: /ready, intervalSeconds: 10}", "path"},
		{l4tls, "{successCodes: '200-399', port: 8080}", "successCodes"},
	} {
		add("NLB health check without protocol "+c.hc, c.base, hc(c.hc), "spec.targetGroups[0].healthCheck."+c.field)
	}

	// Lengths and counts after the controller transforms them.
	add("Prefix path of 127 characters", l7, pathRule("/"+strings.Repeat("a", 126), "Prefix"), "spec.rules[0].conditions.paths[0].path")
	add("Prefix path of 128 characters", l7, pathRule("/"+strings.Repeat("a", 127), "Prefix"), "spec.rules[0].conditions.paths[0].path")
	add("Prefix path of 128 characters ending with /", l7, pathRule("/"+strings.Repeat("a", 126)+"/", "Prefix"), "spec.rules[0].conditions.paths[0].path")
	add("21 rules of 5 paths", l7, rulesOf(21, func(i int) string {
		return fmt.Sprintf("{name: r%d, conditions: {paths: [{path: /%d/a, type: Exact}, {path: /%d/b, type: Exact}, {path: /%d/c, type: Exact}, {path: /%d/d, type: Exact}, {path: /%d/e, type: Exact}]}, action: {forward: {targetGroup: app}}}", i, i, i, i, i, i)
	}), "spec.rules")
	add("34 rules of 3 Prefix paths", l7, rulesOf(34, func(i int) string {
		return fmt.Sprintf("{name: r%d, conditions: {paths: [{path: /%d/a}, {path: /%d/b}, {path: /%d/c}]}, action: {forward: {targetGroup: app}}}", i, i, i, i)
	}), "spec.rules")
	add("51 rules on two listeners", l7, both(
		appendTo("spec.listeners", yml("{name: other, port: 8080, protocol: HTTP, defaultAction: {forward: {targetGroup: app}}}")),
		rulesOf(51, func(i int) string {
			return fmt.Sprintf("{name: r%d, conditions: {hosts: [h%d.example.com]}, action: {forward: {targetGroup: app}}}", i, i)
		})), "spec.rules")
	manyCerts := func(prefix string) []any {
		return repeat(14, func(i int) any { return fmt.Sprintf("arn:aws:acm:eu-west-1:111122223333:certificate/%s%d", prefix, i) })
	}
	add("27 certificates beside the defaults", l7s, both(set("spec.listeners.0.tls.certificateARNs", manyCerts("a")),
		appendTo("spec.listeners", map[string]any{"name": "other", "port": 8443, "protocol": "HTTPS", "tls": map[string]any{"certificateARNs": manyCerts("b")},
			"defaultAction": map[string]any{"forward": map[string]any{"targetGroup": "app"}}}),
		set("spec.group", yml("{name: certs, order: 0}"))), "spec.listeners[1].tls.certificateARNs")
	add("100 rules with 1024-byte fixed responses", l7, rulesOf(100, func(i int) string {
		return fmt.Sprintf("{name: r%d, conditions: {hosts: [h%d.example.com]}, action: {fixedResponse: {statusCode: 503, contentType: text/html, body: '%s'}}}", i, i, strings.Repeat("<", 1024))
	}), "spec.rules[")
	add("a rule name too long for the key of its conditions", l7, set("spec.rules.0", yml("{name: "+strings.Repeat("r", 48)+", conditions: {methods: [GET]}, action: {forward: {targetGroup: app}}}")),
		"spec.rules[0].name")
	add("60 rules with 1024-byte JSON responses", l7, rulesOf(60, func(i int) string {
		return fmt.Sprintf("{name: r%d, conditions: {hosts: [h%d.example.com]}, action: {fixedResponse: {statusCode: 503, contentType: application/json, body: '%s'}}}", i, i, strings.Repeat("&", 1024))
	}), "spec.rules[")

	// Certificate ARNs: ACM or IAM server certificates, one per element.
	for _, arn := range []string{
		certA + ",arn:aws:iam::111122223333:server-certificate/evil", "arn:aws:acm:", "arn:aws:acm:eu-west-1::certificate/a",
		"arn:aws:acm:eu-west-1:11112222333:certificate/a", "arn:aws:acm::111122223333:certificate/a", "arn:aws:acm:eu-west-1:111122223333:certificate/",
		"arn:aws:iam::111122223333:server-certificate/a,b", "arn:aws:iam:eu-west-1:111122223333:server-certificate/a", "arn:aws:iam::111122223333:role/web",
		"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/x", "ARN:aws:acm:eu-west-1:111122223333:certificate/a",
		"arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/a", " " + certA, "arn:aws:acm:eu-west-1:111122223333:certificate/a b",
	} {
		add("certificate ARN "+arn, l7s, certs(arn), "spec.listeners[0].tls.certificateARNs[0]")
	}
	add("certificate ARN of a TLS listener arn:aws:acm:", l4tls, certs("arn:aws:acm:"), "spec.listeners[0].tls.certificateARNs[0]")
	add("second certificate with a comma (TLS)", l4tls, certs(certA, certA+",x"), "spec.listeners[0].tls.certificateARNs[1]")

	// Other ARNs: WAF web ACLs and Cognito user pools.
	for _, arn := range []string{"arn:aws:wafv2:eu-west-1:111122223333:global/webacl/web/1", "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web",
		"arn:aws:wafv2:eu-west-1:1:regional/webacl/web/1", "arn:aws:waf-regional:eu-west-1:111122223333:webacl/1"} {
		add("WAF ARN "+arn, l7, set("spec.wafv2WebACLARN", arn), "spec.wafv2WebACLARN")
	}
	for _, arn := range []string{"arn:aws:cognito-idp:x", "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/pool", "arn:aws:cognito-idp:eu-west-1:111122223333:identitypool/eu-west-1_abc"} {
		add("Cognito user pool "+arn, l7s, set("spec.authentication", map[string]any{"cognito": map[string]any{"userPoolARN": arn, "userPoolClientID": "client", "userPoolDomain": "auth"}}),
			"spec.authentication.cognito.userPoolARN")
	}

	// Trust stores: an ELB trust store's ARN or name.
	for _, ts := range []string{"partners store", "-partners", "partners-", "arn:aws:acm:eu-west-1:111122223333:certificate/a",
		"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1", "partners_2026", "arn:aws:elasticloadbalancing:eu-west-1:111122223333:truststore/partners",
		strings.Repeat("p", 33), "arn:aws:elasticloadbalancing:eu-west-1:111122223333:truststore/" + strings.Repeat("p", 33) + "/0123abcd"} {
		add("trust store "+ts, l7s, set("spec.listeners.0.mutualAuthentication", map[string]any{"mode": "verify", "trustStore": ts}),
			"spec.listeners[0].mutualAuthentication.trustStore")
	}

	// Health check paths: a URI's path and query.
	for _, path := range []string{"/health check", "/healthz#ready", "/é", "/a<b>", `/a"b`, "/{id}", "/50%"} {
		add("health check path "+path, l7, hc("{path: '"+strings.ReplaceAll(path, "'", "''")+"'}"), "spec.targetGroups[0].healthCheck.path")
	}

	// Security policies: the ones AWS publishes.
	for _, p := range []string{"ELBSecurityPolicy-Made-Up-2099", "elbsecuritypolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-2021-07",
		"ELBSecurityPolicy-FS-1-3-2019-08", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-10", "Custom-Policy"} {
		add("SSL policy "+p, l7s, set("spec.listeners.0.tls.sslPolicy", p), "spec.listeners[0].tls.sslPolicy")
	}
	add("SSL policy of a TLS listener", l4tls, set("spec.listeners.0.tls.sslPolicy", "ELBSecurityPolicy-2099-01"), "spec.listeners[0].tls.sslPolicy")

	// Tags: the characters AWS takes.
	for _, k := range []string{"cost$center", "team!", "a<b", "a,b", "a#b", "a;b", "💰", "a\tb", "a*b"} {
		add("tag key "+k, l7, set("spec.tags", map[string]any{k: "x"}), "spec.tags")
	}
	for _, v := range []string{"a;b|c", "a#b", `say "hi"`, "a,b", "a\tb", "50%", "a*b", "💰"} {
		add("tag value "+v, l4, set("spec.tags", map[string]any{"team": v}), "spec.tags.team")
	}

	// Access logs and the other logs: S3 bucket names and prefixes.
	for _, b := range []string{"logs..bucket", "192.168.5.4", "xn--logs", "sthree-logs", "amzn-s3-demo-logs", "logs-s3alias", "logs--ol-s3",
		"logs.mrap", "logs--x-s3", "logs--table-s3", "Logs", "logs_bucket", "lo"} {
		add("access log bucket "+b, l7, accessLogs(b, ""), "spec.loadBalancerAttributes.accessLogs.bucket")
	}
	add("access log prefix with AWSLogs", l4, accessLogs("logs", "web/AWSLogs"), "spec.loadBalancerAttributes.accessLogs.prefix")
	add("connection log bucket logs..bucket", l7, lbAdditional("connection_logs.s3.bucket", "logs..bucket"), "spec.loadBalancerAttributes.additional[connection_logs.s3.bucket]")
	add("health check log bucket Logs", l7, lbAdditional("health_check_logs.s3.bucket", "Logs"), "spec.loadBalancerAttributes.additional[health_check_logs.s3.bucket]")
	add("connection logs without a bucket", l7, lbAdditional("connection_logs.s3.enabled", "true"), "spec.loadBalancerAttributes.additional[connection_logs.s3.enabled]")
	add("connection log prefix with AWSLogs", l7, lbAdditional("connection_logs.s3.prefix", "AWSLogs"), "spec.loadBalancerAttributes.additional[connection_logs.s3.prefix]")

	// Redirects: host, path and query as AWS takes them.
	for _, h := range []string{"https://www.example.com/landing", "www.example.com:8443", "example.com/path", "exa mple.com", "ex_ample.com",
		"#{path}.example.com", "example..com", "?x", "é.example.com"} {
		add("redirect host "+h, l7, redirectRule(map[string]any{"host": h}), "spec.rules[0].action.redirect.host")
	}
	for _, p := range []string{"/a b", "/a?b=1", "/a#frag", "/é", "/a%zz", "/#{query}", "/a<b>"} {
		add("redirect path "+p, l7, redirectRule(map[string]any{"path": p}), "spec.rules[0].action.redirect.path")
	}
	for _, q := range []string{"?utm=lb", "a b", "x#y", "é=1", "%zz", "a<b"} {
		add("redirect query "+q, l7, redirectRule(map[string]any{"query": q}), "spec.rules[0].action.redirect.query")
	}

	// Path conditions: AWS's characters, and the API server's Ingress paths.
	for _, c := range []struct{ path, typ string }{
		{"/api v1/<script>#frag", "Exact"}, {"/a%20b", "Prefix"}, {"/é", "Prefix"}, {"/a#b", "Exact"}, {"/a;b", "Prefix"}, {"/a,b", "Exact"},
		{"/a=b", "Prefix"}, {"/a(b)", "Wildcard"}, {"/a!b*", "Wildcard"}, {`/a\b`, "Exact"}, {"/a|b", "Prefix"},
	} {
		add(c.typ+" path "+c.path, l7, pathRule(c.path, c.typ), "spec.rules[0].conditions.paths[0].path")
	}
	for _, c := range []struct{ path, typ string }{
		{"/api//v1", "Prefix"}, {"/a/./b", "Exact"}, {"/a/../b", "Prefix"}, {"/a/.", "Exact"}, {"/a/..", "Prefix"}, {"/a//", "Prefix"},
	} {
		add("Ingress "+c.typ+" path "+c.path, l7, pathRule(c.path, c.typ), "spec.rules[0].conditions.paths[0].path")
	}

	// Hosts: a '.' and letters after the last.
	for _, h := range []string{"localhost", "10.0.0.1", "example.c0m", "example.com.", "ex_ample.com", "Example.com", "*.", "a.*.example.com"} {
		add("host "+h, l7, set("spec.rules.0.conditions.hosts", []any{h}), "spec.rules[0].conditions.hosts[0]")
	}

	// Header values, query strings, source IPs: what AWS matches.
	for _, v := range []string{"café", "a\tb", "line\nbreak"} {
		add("header value "+v, l7, set("spec.rules.0.conditions.headers", []any{map[string]any{"name": "User-Agent", "values": []any{v}}}),
			"spec.rules[0].conditions.headers[0].values[0]")
	}
	for _, q := range []map[string]any{{"value": "a b"}, {"key": "k#", "value": "v"}, {"value": "é"}, {"value": "%zz"}, {"key": "a<b", "value": "x"}, {"value": `"quoted"`}} {
		field := "spec.rules[0].conditions.queryStrings[0].value"
		if _, ok := q["key"]; ok {
			field = "spec.rules[0].conditions.queryStrings[0].key"
		}
		add(fmt.Sprintf("query string %v", q), l7, set("spec.rules.0.conditions.queryStrings", []any{q}), field)
	}
	add("source IP 255.255.255.255/32", l7, set("spec.rules.0.conditions.sourceIPs", []any{"255.255.255.255/32"}), "spec.rules[0].conditions.sourceIPs")

	// Cookie names AWS reserves, and stickiness without its duration.
	for _, name := range []string{"AWSALB", "AWSALBAPP", "AWSALBTG", "AWSALBsession"} {
		add("app cookie "+name, l7, tgAttrs("{cookieStickiness: {enabled: true, appCookieName: "+name+"}}"), "spec.targetGroups[0].attributes.cookieStickiness.appCookieName")
	}
	add("weighted stickiness without duration", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: 1}], stickiness: {enabled: true}}")),
		"spec.rules[0].action.forward.stickiness.durationSeconds")
	add("weighted default action stickiness without duration", l7, set("spec.listeners.0.defaultAction.forward", yml("{targetGroups: [{name: app, weight: 1}], stickiness: {enabled: true}}")),
		"spec.listeners[0].defaultAction.forward.stickiness.durationSeconds")

	// Load balancer attributes: keys of the other kind (made from the
	// lists), keys AWS does not have, values out of range, and keys that
	// have a field.
	only := func(of, other lbc.Kind) []string {
		var keys []string
		for _, k := range slices.Sorted(maps.Keys(lbc.LoadBalancerAttributes[of])) {
			if _, both := lbc.LoadBalancerAttributes[other][k]; !both {
				keys = append(keys, k)
			}
		}
		return keys
	}
	value := func(a lbc.Attribute) string {
		for _, v := range []string{"true", "60", "monitor", "append", "any_availability_zone", "logs-bucket", "web", "1", "nosniff"} {
			if a.Value.Holds(v) {
				return v
			}
		}
		panic("no value for " + a.Key)
	}
	for _, k := range only(lbc.ALB, lbc.NLB) {
		add("ALB attribute "+k+" on an NLB", l4, lbAdditional(k, value(lbc.LoadBalancerAttributes[lbc.ALB][k])), "spec.loadBalancerAttributes.additional")
	}
	for _, k := range only(lbc.NLB, lbc.ALB) {
		add("NLB attribute "+k+" on an ALB", l7, lbAdditional(k, value(lbc.LoadBalancerAttributes[lbc.NLB][k])), "spec.loadBalancerAttributes.additional")
	}
	for _, c := range []struct{ key, value string }{
		{"foo.bar", "1"}, {"routing.http3.enabled", "true"}, {"idle_timeout.seconds", "60"}, {"idle_timeout.timeout_seconds", "5000"},
		{"idle_timeout.timeout_seconds", "0"}, {"idle_timeout.timeout_seconds", "sixty"}, {"client_keep_alive.seconds", "59"},
		{"routing.http.desync_mitigation_mode", "paranoid"}, {"routing.http.xff_header_processing.mode", "drop"},
		{"routing.http2.enabled", "maybe"}, {"routing.http2.enabled", "True"}, {"routing.http2.enabled", "1"}, {"zonal_shift.config.enabled", "yes"},
		{"waf.fail_open.enabled", "on"},
	} {
		add("ALB attribute "+c.key+"="+c.value, l7, lbAdditional(c.key, c.value), "spec.loadBalancerAttributes.additional["+c.key+"]")
	}
	add("a listener attribute among the load balancer's", l7, lbAdditional("routing.http.response.server.enabled", "maybe"),
		"spec.loadBalancerAttributes.additional[routing.http.response.server.enabled]")
	add("a target group attribute among the load balancer's", l7, lbAdditional("slow_start.duration_seconds", "30"),
		"spec.loadBalancerAttributes.additional[slow_start.duration_seconds]")
	add("a load balancer attribute among a listener's", l7, listenerAdditional("idle_timeout.timeout_seconds", "60"),
		"spec.listeners[0].attributes.additional[idle_timeout.timeout_seconds]")
	add("NLB attribute secondary_ips.auto_assigned.per_subnet=8", l4, lbAdditional("secondary_ips.auto_assigned.per_subnet", "8"),
		"spec.loadBalancerAttributes.additional[secondary_ips.auto_assigned.per_subnet]")
	add("NLB attribute ipv6.deny_all_igw_traffic=yes", l4, lbAdditional("ipv6.deny_all_igw_traffic", "yes"), "spec.loadBalancerAttributes.additional[ipv6.deny_all_igw_traffic]")
	for _, k := range []string{"deletion_protection.enabled", "access_logs.s3.bucket", "load_balancing.cross_zone.enabled", "dns_record.client_routing_policy"} {
		add("attribute with a field: "+k, l4, lbAdditional(k, "true"), "spec.loadBalancerAttributes.additional")
	}

	// Listener attributes.
	for _, k := range slices.Sorted(maps.Keys(lbc.ListenerAttributes[lbc.ALB])) {
		add("ALB listener attribute "+k+" on an NLB", l4, listenerAdditional(k, value(lbc.ListenerAttributes[lbc.ALB][k])), "spec.listeners[0].attributes.additional")
	}
	for _, c := range []struct{ key, value string }{
		{"routing.http.response.server.enabled", "maybe"}, {"routing.http.request.x_amzn_tls_version.header_name", "X-TLS(version)"},
		{"routing.http.response.x_content_type_options.header_value", "sniff"}, {"routing.http.response.access_control_max_age.header_value", "-1"},
		{"routing.http.response.access_control_allow_credentials.header_value", "false"}, {"routing.http.response.server_header.enabled", "false"},
	} {
		add("ALB listener attribute "+c.key+"="+c.value, l7, listenerAdditional(c.key, c.value), "spec.listeners[0].attributes.additional["+c.key+"]")
	}
	add("NLB listener attribute tcp.idle_timeout.seconds in additional", l4, listenerAdditional("tcp.idle_timeout.seconds", "350"), "spec.listeners[0].attributes.additional")

	// Target group attributes.
	for k, v := range map[string]string{"slow_start.duration_seconds": "60", "load_balancing.algorithm.type": "round_robin", "stickiness.lb_cookie.duration_seconds": "60",
		"stickiness.app_cookie.cookie_name": "web", "stickiness.app_cookie.duration_seconds": "60", "load_balancing.algorithm.anomaly_mitigation": "on"} {
		add("ALB target group attribute "+k+" on an NLB", l4, tgAdditional(k, v), "spec.targetGroups[0].attributes.additional")
	}
	add("NLB target group attribute proxy_protocol_v2.client_to_server.header_placement on an ALB", l7,
		tgAdditional("proxy_protocol_v2.client_to_server.header_placement", "on_first_ack"), "spec.targetGroups[0].attributes.additional")
	for _, c := range []struct{ key, value string }{
		{"slow_start.duration_seconds", "10"}, {"slow_start.duration_seconds", "901"}, {"load_balancing.algorithm.type", "random"},
		{"load_balancing.cross_zone.enabled", "maybe"}, {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "0"},
		{"target_group_health.dns_failover.minimum_healthy_targets.percentage", "101"}, {"target_group_health.dns_failover.minimum_healthy_targets.count", "0"},
		{"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "off"}, {"lambda.multi_value_headers.enabled", "true"},
		{"foo.bar", "1"},
	} {
		add("ALB target group attribute "+c.key+"="+c.value, l7, tgAdditional(c.key, c.value), "spec.targetGroups[0].attributes.additional["+c.key+"]")
	}
	add("NLB target group header placement never", l4, tgAdditional("proxy_protocol_v2.client_to_server.header_placement", "never"),
		"spec.targetGroups[0].attributes.additional[proxy_protocol_v2.client_to_server.header_placement]")
	for _, k := range []string{"stickiness.enabled", "proxy_protocol_v2.enabled", "deregistration_delay.timeout_seconds", "target_health_state.unhealthy.connection_termination.enabled"} {
		add("target group attribute with a field: "+k, l4, tgAdditional(k, "true"), "spec.targetGroups[0].attributes.additional")
	}
	add("cookie duration beside its field", l7, tgAttrs("{cookieStickiness: {enabled: true, durationSeconds: 60}, additional: {stickiness.lb_cookie.duration_seconds: '120'}}"),
		"spec.targetGroups[0].attributes.additional")
	add("app cookie name beside its field", l7, tgAttrs("{cookieStickiness: {enabled: true, appCookieName: app}, additional: {stickiness.app_cookie.cookie_name: other}}"),
		"spec.targetGroups[0].attributes.additional")
	add("app cookie duration without its field", l7, tgAdditional("stickiness.app_cookie.duration_seconds", "60"),
		"spec.targetGroups[0].attributes.additional")

	// Combinations AWS refuses.
	add("UDP listener without client IP preservation", l4udp, tgAttrs("{preserveClientIP: false}"), "spec.targetGroups[0].attributes.preserveClientIP")
	add("TCP_UDP listener without client IP preservation", l4, both(set("spec.listeners.0.protocol", "TCP_UDP"), tgAttrs("{preserveClientIP: false}")),
		"spec.targetGroups[0].attributes.preserveClientIP")
	add("QUIC listener without client IP preservation", l4udp, both(set("spec.listeners.0.quic", true), tgAttrs("{preserveClientIP: false}")),
		"spec.targetGroups[0].attributes.preserveClientIP")
	add("UDP listener terminating unhealthy connections", l4udp, tgAttrs("{unhealthyConnectionTermination: true}"),
		"spec.targetGroups[0].attributes.unhealthyConnectionTermination")
	add("TCP_UDP listener terminating unhealthy connections", l4, both(set("spec.listeners.0.protocol", "TCP_UDP"), tgAttrs("{unhealthyConnectionTermination: true}")),
		"spec.targetGroups[0].attributes.unhealthyConnectionTermination")
	add("TLS listener with source IP stickiness", l4tls, tgAttrs("{sourceIPStickiness: true}"), "spec.targetGroups[0].attributes.sourceIPStickiness")
	add("TLS listener with source IP stickiness to TLS targets", l4tls, both(set("spec.targetGroups.0.backendProtocol", "TLS"), tgAttrs("{sourceIPStickiness: true}")),
		"spec.targetGroups[0].attributes.sourceIPStickiness")
	add("TCP and TLS listeners to one sticky target group", l4tls, both(
		appendTo("spec.listeners", yml("{name: tcp, port: 80, protocol: TCP}")), tgAttrs("{sourceIPStickiness: true}")),
		"spec.targetGroups[0].attributes.sourceIPStickiness")
	add("cookie stickiness without cross-zone load balancing", l7, tgAttrs("{cookieStickiness: {enabled: true}, additional: {load_balancing.cross_zone.enabled: 'false'}}"),
		"spec.targetGroups[0].attributes.additional[load_balancing.cross_zone.enabled]")
	add("least outstanding requests with slow start", l7, tgAttrs("{additional: {load_balancing.algorithm.type: least_outstanding_requests, slow_start.duration_seconds: '60'}}"),
		"spec.targetGroups[0].attributes.additional[slow_start.duration_seconds]")
	add("anomaly mitigation with round robin", l7, tgAttrs("{additional: {load_balancing.algorithm.type: round_robin, load_balancing.algorithm.anomaly_mitigation: 'on'}}"),
		"spec.targetGroups[0].attributes.additional[load_balancing.algorithm.anomaly_mitigation]")
	add("anomaly mitigation alone", l7, tgAdditional("load_balancing.algorithm.anomaly_mitigation", "off"),
		"spec.targetGroups[0].attributes.additional[load_balancing.algorithm.anomaly_mitigation]")

	// Selectors the API server refuses on the Service lbo makes.
	for _, sel := range []map[string]any{{"a b": "x"}, {"app": "bad value!"}, {strings.Repeat("k", 64): "x"}, {"Foo_/app": "x"}, {"app": strings.Repeat("v", 64)}} {
		add(fmt.Sprintf("L4 selector %v", sel), l4, set("spec.targetGroups.0.backend.selector", sel), "spec.targetGroups[0].backend.selector")
	}
	add("L7 selector with a bad key", l7, set("spec.targetGroups.0.backend", yml("{selector: {'a b': x}, port: 80}")), "spec.targetGroups[0].backend.selector")

	// What the controller itself would build otherwise, or refuse late.
	add("7 wildcards in one rule (AWS: 5)", l7, set("spec.rules.0.conditions", yml("{hosts: ['*.a.example.com', '*.b.example.com', '*.c.example.com'], paths: [{path: '/*/*/*/*', type: Wildcard}]}")),
		"spec.rules[0].conditions")
	add("an IPv6 client range on an ipv4 ALB", l7, set("spec.sourceRanges", []any{"10.0.0.0/8", "2001:db8::/32"}), "spec.sourceRanges")
	add("a redirect of HTTP:80 to itself", l7, redirectRule(map[string]any{"scheme": "HTTP"}), "spec.rules[0].action.redirect")
	return cases
}

// TestAWSInputIsRefusedWithTheField applies the AWS corpus: every case
// refused at admission or not Accepted, naming its field, with no child.
func TestAWSInputIsRefusedWithTheField(t *testing.T) {
	refusesEach(t, awsCases(), 250)
}

// goodCases are unusual LoadBalancers that AWS takes, at the edges of the
// rules the AWS corpus breaks: lbo must accept them and make their children.
func goodCases() []badCase {
	l7, l7s, l4, l4tls, l4udp := baseL7, baseL7HTTPS, baseL4, baseL4TLS, baseL4UDP
	hc := func(s string) func(map[string]any) { return set("spec.targetGroups.0.healthCheck", yml(s)) }
	tgAttrs := func(s string) func(map[string]any) { return set("spec.targetGroups.0.attributes", yml(s)) }
	return []badCase{
		{"an IAM server certificate", l7s, set("spec.listeners.0.tls.certificateARNs", []any{"arn:aws:iam::111122223333:server-certificate/prod/web-2026"}), ""},
		{"ACM and IAM certificates, in another partition", l7s, set("spec.listeners.0.tls.certificateARNs", []any{
			"arn:aws-cn:acm:cn-north-1:111122223333:certificate/0b5d8e2a-1c3f-4a6b-9d7e-2f4a6c8e0b1d", "arn:aws-cn:iam::111122223333:server-certificate/web+api@2026"}), ""},
		{"an IAM certificate on a TLS listener", l4tls, set("spec.listeners.0.tls.certificateARNs", []any{"arn:aws:iam::111122223333:server-certificate/tls"}), ""},
		{"a WAF web ACL", l7, set("spec.wafv2WebACLARN", "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web-acl_1/3ab78708-85b0-49d3-b4e1-7a9615a6613b"), ""},
		{"a Cognito user pool", l7s, set("spec.authentication", map[string]any{"cognito": map[string]any{
			"userPoolARN": "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_aBcDeFgHi", "userPoolClientID": "client", "userPoolDomain": "auth"}}), ""},
		{"a post-quantum security policy", l7s, set("spec.listeners.0.tls.sslPolicy", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"), ""},
		{"an RFC 9151 policy on a TLS listener", l4tls, set("spec.listeners.0.tls.sslPolicy", "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07"), ""},
		{"the legacy 2015-05 policy", l7s, set("spec.listeners.0.tls.sslPolicy", "ELBSecurityPolicy-2015-05"), ""},
		{"an NLB health check timeout equal to the interval", l4, hc("{timeoutSeconds: 10, intervalSeconds: 10}"), ""},
		{"an NLB health check timeout alone, at the default interval", l4, hc("{timeoutSeconds: 10}"), ""},
		{"an ALB health check timeout alone, below the default interval", l7, hc("{timeoutSeconds: 14}"), ""},
		{"an ALB health check interval alone, above the default timeout", l7, hc("{intervalSeconds: 6}"), ""},
		{"an NLB HTTPS probe with its path and codes", l4, hc("{protocol: HTTPS, path: /healthz, successCodes: '200-399'}"), ""},
		{"an ALB probe's path and codes with its protocol left out", l7, hc("{path: /healthz, successCodes: '200'}"), ""},
		{"ALB success codes at the edges", l7, hc("{successCodes: '200,202,300-399,499'}"), ""},
		{"NLB success codes up to 599", l4, hc("{protocol: HTTP, successCodes: '200-599'}"), ""},
		{"gRPC codes 0-99", l7s, both(set("spec.targetGroups.0.backendProtocolVersion", "GRPC"), hc("{successCodes: '0-99'}")), ""},
		{"a Prefix path of 126 characters", l7, pathRule("/"+strings.Repeat("a", 125), "Prefix"), ""},
		{"a Prefix path of 127 characters ending with /", l7, pathRule("/"+strings.Repeat("a", 125)+"/", "Prefix"), ""},
		{"an Exact path of 128 characters", l7, pathRule("/"+strings.Repeat("a", 127), "Exact"), ""},
		{"a path with every character AWS takes", l7, pathRule(`/a-Z_0.$/~"'@:+&`, "Exact"), ""},
		{"a wildcard path with // (not an Ingress Prefix path)", l7, pathRule("/api//v1/*", "Wildcard"), ""},
		{"100 ALB rules", l7, rulesOf(20, func(i int) string {
			return fmt.Sprintf("{name: r%d, conditions: {paths: [{path: /%d/a, type: Exact}, {path: /%d/b, type: Exact}, {path: /%d/c, type: Exact}, {path: /%d/d, type: Exact}, {path: /%d/e, type: Exact}]}, action: {forward: {targetGroup: app}}}", i, i, i, i, i, i)
		}), ""},
		{"a rule name of 47 characters with conditions", l7, set("spec.rules.0", yml("{name: "+strings.Repeat("r", 47)+", conditions: {methods: [GET], hosts: [a.example.com, b.example.com]}, action: {forward: {targetGroup: app}}}")), ""},
		{"a rule name of 50 characters with one host and paths", l7, set("spec.rules.0", yml("{name: "+strings.Repeat("r", 50)+", conditions: {hosts: [a.example.com], paths: [{path: /a}]}, action: {forward: {targetGroup: app}}}")), ""},
		{"a wildcard host of one label", l7, set("spec.rules.0.conditions.hosts", []any{"*.example"}), ""},
		{"a host with digits before its top-level domain", l7, set("spec.rules.0.conditions.hosts", []any{"web-01.eu-west-1.example.com"}), ""},
		{"a header value with spaces and punctuation", l7, set("spec.rules.0.conditions.headers", []any{map[string]any{"name": "User-Agent", "values": []any{"Mozilla/5.0 (X11; Linux) *"}}}), ""},
		{"query strings with escapes and wildcards", l7, set("spec.rules.0.conditions.queryStrings", []any{map[string]any{"key": "q", "value": "a%20b*"}, map[string]any{"value": `\*literal`}}), ""},
		{"a redirect with AWS's keywords", l7, redirectRule(map[string]any{"host": "www.#{host}", "path": "/new/#{path}", "query": "from=#{host}&#{query}", "port": 443, "scheme": "HTTPS"}), ""},
		{"a redirect to a path with escapes", l7, redirectRule(map[string]any{"path": "/caf%C3%A9/menu"}), ""},
		{"a fixed response 299 and 599", l7, both(set("spec.rules.0.action", yml("{fixedResponse: {statusCode: 299}}")), set("spec.listeners.0.defaultAction", yml("{fixedResponse: {statusCode: 599}}"))), ""},
		{"tags in other scripts, with spaces", l4, set("spec.tags", map[string]any{"Équipe web": "Café Ünïcode 東京", "cost-center": "a=b+c:d/e@f_g.h"}), ""},
		{"an access log bucket with dots", l7, set("spec.loadBalancerAttributes", yml("{accessLogs: {enabled: true, bucket: logs.example.com, prefix: web/alb}}")), ""},
		{"an application cookie named like AWS's, not starting with AWSALB", l7, tgAttrs("{cookieStickiness: {enabled: true, appCookieName: MYAWSALB}}"), ""},
		{"ALB attributes at their edges", l7, set("spec.loadBalancerAttributes", yml(`{additional: {idle_timeout.timeout_seconds: "4000", client_keep_alive.seconds: "604800", routing.http.xff_header_processing.mode: remove, connection_logs.s3.enabled: "true", connection_logs.s3.bucket: conn-logs}}`)), ""},
		{"NLB attributes at their edges", l4, set("spec.loadBalancerAttributes", yml(`{additional: {secondary_ips.auto_assigned.per_subnet: "7", zonal_shift.config.enabled: "true"}}`)), ""},
		{"ALB listener attributes", l7, set("spec.listeners.0.attributes", yml(`{additional: {routing.http.response.server.enabled: "false", routing.http.request.x_amzn_tls_version.header_name: X-TLS-Version, routing.http.response.x_content_type_options.header_value: nosniff}}`)), ""},
		{"ALB target group attributes", l7, tgAttrs(`{deregistrationDelaySeconds: 0, additional: {load_balancing.algorithm.type: weighted_random, load_balancing.algorithm.anomaly_mitigation: "on", slow_start.duration_seconds: "900", target_group_health.dns_failover.minimum_healthy_targets.count: "off"}}`), ""},
		{"NLB header placement, which AWS support turns on", l4, tgAttrs(`{proxyProtocolV2: true, additional: {proxy_protocol_v2.client_to_server.header_placement: on_first_ack}}`), ""},
		{"UDP with client IP preservation, kept", l4udp, tgAttrs("{preserveClientIP: true, unhealthyConnectionTermination: false}"), ""},
		{"TCP with source IP stickiness", l4, tgAttrs("{sourceIPStickiness: true, preserveClientIP: false}"), ""},
		{"weighted stickiness with its duration", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: 1}], stickiness: {enabled: true, durationSeconds: 60}}")), ""},
		{"weighted stickiness off without a duration", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: 1}], stickiness: {enabled: false}}")), ""},
		{"a trust store by name", l7s, set("spec.listeners.0.mutualAuthentication", map[string]any{"mode": "verify", "trustStore": "partners-2026"}), ""},
		{"a trust store's name of 32 characters", l7s, set("spec.listeners.0.mutualAuthentication", map[string]any{"mode": "verify", "trustStore": strings.Repeat("p", 32)}), ""},
		{"a trust store's ARN with a name of 32 characters", l7s, set("spec.listeners.0.mutualAuthentication", map[string]any{"mode": "verify",
			"trustStore": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:truststore/" + strings.Repeat("p", 32) + "/0123abcd"}), ""},
		{"a health check path with a query and escapes", l7, hc("{path: '/healthz?full=1&x=%20y'}"), ""},
		{"a gRPC health check method", l7s, both(set("spec.targetGroups.0.backendProtocolVersion", "GRPC"), hc("{path: /grpc.health.v1.Health/Check, successCodes: '0'}")), ""},
		{"a selector with a prefixed key", l4, set("spec.targetGroups.0.backend.selector", map[string]any{"app.kubernetes.io/name": "web", "tier": ""}), ""},
	}
}

// TestUnusualValidInputIsAccepted applies every good case and requires it
// admitted, Accepted and expanded into children.
func TestUnusualValidInputIsAccepted(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	var created []*unstructured.Unstructured
	cases := goodCases()
	for i, c := range cases {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(c.base), &obj); err != nil {
			t.Fatal(err)
		}
		obj["metadata"] = map[string]any{"name": fmt.Sprintf("good-%d", i), "namespace": ns}
		c.edit(obj)
		u := &unstructured.Unstructured{Object: obj}
		if err := k8s.Create(ctx, u, client.FieldValidation("Strict")); err != nil {
			t.Errorf("%s: refused at admission: %v", c.name, err)
			created = append(created, nil)
			continue
		}
		created = append(created, u)
	}
	for i, u := range created {
		if u == nil {
			continue
		}
		lb := &lbov1.LoadBalancer{}
		lb.Name, lb.Namespace = u.GetName(), ns
		eventually(t, cases[i].name+": Accepted", func() (bool, string) {
			got := getLB(t, lb)
			c := condition(got, lbov1.ConditionAccepted)
			if c.Status == metav1.ConditionFalse && c.ObservedGeneration == got.Generation {
				t.Fatalf("%s: not Accepted: %s", cases[i].name, c.Message)
			}
			return c.Status == metav1.ConditionTrue && c.ObservedGeneration == got.Generation, "Accepted is " + string(c.Status)
		})
	}
	// Each is expanded: its children, as lbo renders them, are in the
	// cluster.
	for i, u := range created {
		if u == nil {
			continue
		}
		lb := &lbov1.LoadBalancer{}
		lb.Name, lb.Namespace = u.GetName(), ns
		want := map[string]bool{}
		for _, o := range expand.LoadBalancer(getLB(t, lb)).Objects {
			want[o.GetObjectKind().GroupVersionKind().Kind+"/"+o.GetName()] = true
		}
		eventually(t, cases[i].name+": its children", func() (bool, string) {
			var got []string
			for _, list := range []client.ObjectList{&unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "v1", "kind": "ServiceList"}},
				&unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "networking.k8s.io/v1", "kind": "IngressList"}}} {
				if err := k8s.List(ctx, list, client.InNamespace(ns), client.MatchingLabels{lbov1.LabelLoadBalancer: lb.Name}); err != nil {
					t.Fatal(err)
				}
				for _, item := range list.(*unstructured.UnstructuredList).Items {
					got = append(got, item.GetKind()+"/"+item.GetName())
				}
			}
			ok := len(want) > 0 && len(got) == len(want)
			for _, k := range got {
				ok = ok && want[k]
			}
			return ok, fmt.Sprintf("children %v, want %v", got, slices.Sorted(maps.Keys(want)))
		})
	}
}

// A live LoadBalancer changed into one that breaks AWS's rules keeps its
// children as they are, still serving, and says why it is not Accepted.
func TestLiveLoadBalancerMadeInvalidKeepsItsChildren(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	object := func(edit func(map[string]any)) *unstructured.Unstructured {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(baseL7HTTPS), &obj); err != nil {
			t.Fatal(err)
		}
		obj["metadata"] = map[string]any{"name": "live", "namespace": ns}
		if edit != nil {
			edit(obj)
		}
		return &unstructured.Unstructured{Object: obj}
	}
	if err := k8s.Create(ctx, object(nil)); err != nil {
		t.Fatal(err)
	}
	lb := &lbov1.LoadBalancer{}
	lb.Name, lb.Namespace = "live", ns
	versions := func() map[string]string {
		out := map[string]string{}
		for _, list := range []client.ObjectList{&unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "v1", "kind": "ServiceList"}},
			&unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "networking.k8s.io/v1", "kind": "IngressList"}}} {
			if err := k8s.List(ctx, list, client.InNamespace(ns), client.HasLabels{lbov1.LabelLoadBalancer}); err != nil {
				t.Fatal(err)
			}
			for _, item := range list.(*unstructured.UnstructuredList).Items {
				out[item.GetKind()+"/"+item.GetName()] = item.GetResourceVersion()
			}
		}
		return out
	}
	var before map[string]string
	eventually(t, "the valid LoadBalancer's children", func() (bool, string) {
		before = versions()
		c := condition(getLB(t, lb), lbov1.ConditionAccepted)
		return len(before) > 0 && c.Status == metav1.ConditionTrue, fmt.Sprintf("%d children, Accepted %s", len(before), c.Status)
	})
	for _, c := range []badCase{
		{"a health check timeout over the default interval", "", set("spec.targetGroups.0.healthCheck", yml("{timeoutSeconds: 30}")), "spec.targetGroups[0].healthCheck.timeoutSeconds"},
		{"success codes AWS refuses", "", set("spec.targetGroups.0.healthCheck", yml("{successCodes: '200-599'}")), "spec.targetGroups[0].healthCheck.successCodes"},
		{"a path the controller makes too long", "", pathRule("/"+strings.Repeat("a", 127), "Prefix"), "spec.rules[0].conditions.paths[0].path"},
		{"too many ALB rules", "", rulesOf(21, func(i int) string {
			return fmt.Sprintf("{name: r%d, conditions: {paths: [{path: /%d/a, type: Exact}, {path: /%d/b, type: Exact}, {path: /%d/c, type: Exact}, {path: /%d/d, type: Exact}, {path: /%d/e, type: Exact}]}, action: {forward: {targetGroup: app}}}", i, i, i, i, i, i)
		}), "spec.rules"},
		// Last: attributes, once set, cannot be removed.
		{"an attribute AWS does not have", "", set("spec.loadBalancerAttributes", yml("{additional: {foo.bar: '1'}}")), "spec.loadBalancerAttributes.additional[foo.bar]"},
	} {
		current := getLB(t, lb)
		u := object(c.edit)
		u.SetResourceVersion(current.ResourceVersion)
		if err := k8s.Update(ctx, u); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		eventually(t, c.name+": Accepted=False", func() (bool, string) {
			got := getLB(t, lb)
			a := condition(got, lbov1.ConditionAccepted)
			return a.Status == metav1.ConditionFalse && a.ObservedGeneration == got.Generation && strings.Contains(a.Message, c.field), a.Message
		})
		if after := versions(); !maps.Equal(before, after) {
			t.Errorf("%s: the children changed: %v, then %v", c.name, before, after)
		}
	}
}
