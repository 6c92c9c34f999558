package integration

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

const baseL7 = `
apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
spec:
  layer: L7
  listeners:
  - {name: http, port: 80, protocol: HTTP, defaultAction: {forward: {targetGroup: app}}}
  rules:
  - name: all
    conditions: {paths: [{path: /, type: Prefix}]}
    action: {forward: {targetGroup: app}}
  targetGroups:
  - {name: app, backend: {service: {name: app, port: 80}}}
`

const baseL4 = `
apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
spec:
  layer: L4
  listeners:
  - {name: tcp, port: 80, protocol: TCP}
  targetGroups:
  - {name: app, backend: {selector: {app: x}, port: 80}}
`

// badCase is an invalid LoadBalancer: a valid base broken by one edit, and
// the field the refusal must name.
type badCase struct {
	name  string
	base  string
	edit  func(o map[string]any)
	field string
}

// at walks a dotted path of map keys and list indexes, creating maps on the way.
func at(o map[string]any, path string) (parent any, last string) {
	parts := strings.Split(path, ".")
	var cur any = o
	for _, p := range parts[:len(parts)-1] {
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[p]
			if !ok {
				next = map[string]any{}
				c[p] = next
			}
			cur = next
		case []any:
			i, _ := strconv.Atoi(p)
			cur = c[i]
		}
	}
	return cur, parts[len(parts)-1]
}

func set(path string, v any) func(map[string]any) {
	return func(o map[string]any) {
		parent, last := at(o, path)
		switch p := parent.(type) {
		case map[string]any:
			p[last] = v
		case []any:
			i, _ := strconv.Atoi(last)
			p[i] = v
		}
	}
}

func del(path string) func(map[string]any) {
	return func(o map[string]any) {
		parent, last := at(o, path)
		delete(parent.(map[string]any), last)
	}
}

func both(edits ...func(map[string]any)) func(map[string]any) {
	return func(o map[string]any) {
		for _, e := range edits {
			e(o)
		}
	}
}

// yml parses a YAML snippet, for values in the cases.
func yml(s string) any {
	var v any
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		panic(err)
	}
	return v
}

func appendTo(path string, v any) func(map[string]any) {
	return func(o map[string]any) {
		parent, last := at(o, path)
		m := parent.(map[string]any)
		m[last] = append(m[last].([]any), v)
	}
}

func repeat(n int, f func(i int) any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func badCases() []badCase {
	l7, l4 := baseL7, baseL4
	long := func(n int) string { return strings.Repeat("a", n) }
	listener := func(i int) any {
		return yml(fmt.Sprintf("{name: l%d, port: %d, protocol: HTTP, defaultAction: {forward: {targetGroup: app}}}", i, 1000+i))
	}
	hc := func(s string) func(map[string]any) { return set("spec.targetGroups.0.healthCheck", yml(s)) }
	svcTG := func(name, hc string) any {
		return yml(fmt.Sprintf("{name: %s, backend: {service: {name: %s, port: 80}}, healthCheck: %s}", name, name, hc))
	}
	return []badCase{
		// layer, scheme, target type
		{"unknown layer", l7, set("spec.layer", "L5"), "spec.layer"},
		{"no layer", l7, del("spec.layer"), "spec.layer"},
		{"unknown scheme", l7, set("spec.scheme", "public"), "spec.scheme"},
		{"unknown target type", l7, set("spec.targetType", "pod"), "spec.targetType"},
		{"unknown deletion policy", l7, set("spec.deletionPolicy", "Orphan"), "spec.deletionPolicy"},
		{"allowReplacement not a bool", l7, set("spec.allowReplacement", "yes"), "spec.allowReplacement"},
		// listeners
		{"no listeners", l7, set("spec.listeners", []any{}), "spec.listeners"},
		{"listeners missing", l7, del("spec.listeners"), "spec.listeners"},
		{"port 0", l7, set("spec.listeners.0.port", 0), "spec.listeners[0].port"},
		{"port 65536", l7, set("spec.listeners.0.port", 65536), "spec.listeners[0].port"},
		{"port negative", l7, set("spec.listeners.0.port", -1), "spec.listeners[0].port"},
		{"port as a word", l7, set("spec.listeners.0.port", "eighty"), "spec.listeners[0].port"},
		{"unknown protocol", l7, set("spec.listeners.0.protocol", "FTP"), "spec.listeners[0].protocol"},
		{"empty listener name", l7, set("spec.listeners.0.name", ""), "spec.listeners[0].name"},
		{"uppercase listener name", l7, set("spec.listeners.0.name", "HTTP"), "spec.listeners[0].name"},
		{"listener name of 16", l7, set("spec.listeners.0.name", long(16)), "spec.listeners[0].name"},
		{"listener name starting with a digit", l7, set("spec.listeners.0.name", "1http"), "spec.listeners[0].name"},
		{"listener without name", l7, del("spec.listeners.0.name"), "spec.listeners[0].name"},
		{"duplicate listener names", l7, appendTo("spec.listeners", yml("{name: http, port: 81, protocol: HTTP, defaultAction: {forward: {targetGroup: app}}}")), "spec.listeners[1]"},
		{"duplicate listener ports", l7, appendTo("spec.listeners", yml("{name: other, port: 80, protocol: HTTP, defaultAction: {forward: {targetGroup: app}}}")), "spec.listeners"},
		{"51 listeners", l7, set("spec.listeners", repeat(51, listener)), "spec.listeners"},
		{"tls on HTTP", l7, set("spec.listeners.0.tls", yml("{certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/a']}")), "spec.listeners[0].tls"},
		{"HTTPS without tls", l7, set("spec.listeners.0.protocol", "HTTPS"), "spec.listeners[0].tls"},
		{"no certificates", l7, both(set("spec.listeners.0.protocol", "HTTPS"), set("spec.listeners.0.tls", yml("{certificateARNs: []}"))), "spec.listeners[0].tls.certificateARNs"},
		{"certificate from neither ACM nor IAM", l7, both(set("spec.listeners.0.protocol", "HTTPS"), set("spec.listeners.0.tls", yml("{certificateARNs: ['arn:aws:s3:::bucket/cert.pem']}"))), "spec.listeners[0].tls.certificateARNs[0]"},
		{"26 certificates", l7, both(set("spec.listeners.0.protocol", "HTTPS"), set("spec.listeners.0.tls.certificateARNs", repeat(26, func(i int) any { return fmt.Sprintf("arn:aws:acm:eu-west-1:111122223333:certificate/%d", i) }))), "spec.listeners[0].tls.certificateARNs"},
		{"ssl policy with spaces", l7, both(set("spec.listeners.0.protocol", "HTTPS"), set("spec.listeners.0.tls", yml("{certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/a'], sslPolicy: 'my policy'}"))), "spec.listeners[0].tls.sslPolicy"},
		{"TCP_UDP name too long for its UDP port", l4, both(set("spec.listeners.0.protocol", "TCP_UDP"), set("spec.listeners.0.name", "twelvechars1")), "spec.listeners[0].name"},
		{"empty default action", l7, set("spec.listeners.0.defaultAction", map[string]any{}), "spec.listeners[0].defaultAction"},
		{"two default actions", l7, set("spec.listeners.0.defaultAction.fixedResponse", yml("{statusCode: 404}")), "spec.listeners[0].defaultAction"},
		{"forward to one and to several", l7, set("spec.listeners.0.defaultAction.forward.targetGroups", yml("[{name: app, weight: 1}]")), "spec.listeners[0].defaultAction.forward"},
		{"forward to nothing", l7, set("spec.listeners.0.defaultAction.forward", map[string]any{}), "spec.listeners[0].defaultAction.forward"},
		{"default action to an unknown target group", l7, set("spec.listeners.0.defaultAction.forward.targetGroup", "ap"), "spec.listeners"},
		{"L7 listener without default action", l7, del("spec.listeners.0.defaultAction"), "spec.listeners"},
		// weighted forwards
		{"weight 1000", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: 1000}]}")), "spec.rules[0].action.forward.targetGroups[0].weight"},
		{"negative weight", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: -1}]}")), "spec.rules[0].action.forward.targetGroups[0].weight"},
		{"six weighted target groups", l7, set("spec.rules.0.action.forward", map[string]any{"targetGroups": repeat(6, func(i int) any { return yml(fmt.Sprintf("{name: t%d, weight: 1}", i)) })}), "spec.rules[0].action.forward.targetGroups"},
		{"a target group weighted twice", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: 1}, {name: app, weight: 2}]}")), "spec.rules[0].action.forward.targetGroups[1]"},
		{"weighted unknown target group", l7, set("spec.rules.0.action.forward", yml("{targetGroups: [{name: app, weight: 1}, {name: gone, weight: 1}]}")), "spec.rules"},
		{"empty weighted list", l7, set("spec.rules.0.action.forward", yml("{targetGroups: []}")), "spec.rules[0].action.forward.targetGroups"},
		// redirects and fixed responses
		{"redirect changing nothing", l7, set("spec.rules.0.action", yml("{redirect: {statusCode: 301}}")), "spec.rules[0].action.redirect"},
		{"redirect to FTP", l7, set("spec.rules.0.action", yml("{redirect: {scheme: FTP}}")), "spec.rules[0].action.redirect.scheme"},
		{"redirect to port 0", l7, set("spec.rules.0.action", yml("{redirect: {port: 0, host: a.example.com}}")), "spec.rules[0].action.redirect.port"},
		{"redirect to a relative path", l7, set("spec.rules.0.action", yml("{redirect: {path: nope}}")), "spec.rules[0].action.redirect.path"},
		{"redirect with 307", l7, set("spec.rules.0.action", yml("{redirect: {host: a.example.com, statusCode: 307}}")), "spec.rules[0].action.redirect.statusCode"},
		{"redirect host too long", l7, set("spec.rules.0.action", yml("{redirect: {host: "+long(129)+"}}")), "spec.rules[0].action.redirect.host"},
		{"fixed response 100", l7, set("spec.rules.0.action", yml("{fixedResponse: {statusCode: 100}}")), "spec.rules[0].action.fixedResponse.statusCode"},
		{"fixed response 600", l7, set("spec.rules.0.action", yml("{fixedResponse: {statusCode: 600}}")), "spec.rules[0].action.fixedResponse.statusCode"},
		{"fixed response as an image", l7, set("spec.rules.0.action", yml("{fixedResponse: {statusCode: 200, contentType: image/png}}")), "spec.rules[0].action.fixedResponse.contentType"},
		{"fixed response body over 1024", l7, set("spec.rules.0.action", map[string]any{"fixedResponse": map[string]any{"statusCode": 200, "body": long(1025)}}), "spec.rules[0].action.fixedResponse.body"},
		{"fixed response without status", l7, set("spec.rules.0.action", yml("{fixedResponse: {body: hi}}")), "spec.rules[0].action.fixedResponse.statusCode"},
		// rules
		{"rules on L4", l4, set("spec.rules", yml("[{name: r, conditions: {paths: [{path: /}]}, action: {forward: {targetGroup: app}}}]")), "spec.rules"},
		{"empty rule name", l7, set("spec.rules.0.name", ""), "spec.rules[0].name"},
		{"uppercase rule name", l7, set("spec.rules.0.name", "All"), "spec.rules[0].name"},
		{"rule name of 51", l7, set("spec.rules.0.name", long(51)), "spec.rules[0].name"},
		{"duplicate rule names", l7, appendTo("spec.rules", yml("{name: all, conditions: {paths: [{path: /x}]}, action: {forward: {targetGroup: app}}}")), "spec.rules[1]"},
		{"101 rules", l7, set("spec.rules", repeat(101, func(i int) any {
			return yml(fmt.Sprintf("{name: r%d, conditions: {paths: [{path: /%d}]}, action: {forward: {targetGroup: app}}}", i, i))
		})), "spec.rules"},
		{"rule without any condition", l7, set("spec.rules.0.conditions", map[string]any{}), "spec.rules[0].conditions"},
		{"rule without conditions", l7, del("spec.rules.0.conditions"), "spec.rules[0].conditions"},
		{"four hosts", l7, set("spec.rules.0.conditions.hosts", yml("[a.example.com, b.example.com, c.example.com, d.example.com]")), "spec.rules[0].conditions.hosts"},
		{"host with underscore", l7, set("spec.rules.0.conditions.hosts", yml("[bad_host.example.com]")), "spec.rules[0].conditions.hosts[0]"},
		{"host with a wildcard inside", l7, set("spec.rules.0.conditions.hosts", yml("['a.*.example.com']")), "spec.rules[0].conditions.hosts[0]"},
		{"host too long", l7, set("spec.rules.0.conditions.hosts", []any{long(129)}), "spec.rules[0].conditions.hosts[0]"},
		{"duplicate hosts", l7, set("spec.rules.0.conditions.hosts", yml("[a.example.com, a.example.com]")), "spec.rules[0].conditions.hosts[1]"},
		{"six paths", l7, set("spec.rules.0.conditions.paths", repeat(6, func(i int) any { return yml(fmt.Sprintf("{path: /%d}", i)) })), "spec.rules[0].conditions.paths"},
		{"relative path", l7, set("spec.rules.0.conditions.paths.0.path", "api"), "spec.rules[0].conditions.paths[0].path"},
		{"empty path", l7, set("spec.rules.0.conditions.paths.0.path", ""), "spec.rules[0].conditions.paths[0].path"},
		{"path over 128", l7, set("spec.rules.0.conditions.paths.0.path", "/"+long(128)), "spec.rules[0].conditions.paths[0].path"},
		{"unknown path type", l7, set("spec.rules.0.conditions.paths.0.type", "Glob"), "spec.rules[0].conditions.paths[0].type"},
		{"wildcard in a Prefix path", l7, set("spec.rules.0.conditions.paths.0.path", "/a*"), "spec.rules[0].conditions.paths[0].path"},
		{"wildcard in an Exact path", l7, both(set("spec.rules.0.conditions.paths.0.path", "/a?"), set("spec.rules.0.conditions.paths.0.type", "Exact")), "spec.rules[0].conditions.paths[0].path"},
		{"rule without action", l7, del("spec.rules.0.action"), "spec.rules[0].action"},
		{"rule with two actions", l7, set("spec.rules.0.action.fixedResponse", yml("{statusCode: 404}")), "spec.rules[0].action"},
		{"rule to an unknown target group", l7, set("spec.rules.0.action.forward.targetGroup", "nope"), "spec.rules"},
		// target groups
		{"no target groups", l7, set("spec.targetGroups", []any{}), "spec.targetGroups"},
		{"target groups missing", l7, del("spec.targetGroups"), "spec.targetGroups"},
		{"51 target groups", l7, set("spec.targetGroups", repeat(51, func(i int) any { return svcTG(fmt.Sprintf("t%d", i), "null") })), "spec.targetGroups"},
		{"uppercase target group name", l7, set("spec.targetGroups.0.name", "App"), "spec.targetGroups[0].name"},
		{"empty target group name", l7, set("spec.targetGroups.0.name", ""), "spec.targetGroups[0].name"},
		{"duplicate target group names", l7, appendTo("spec.targetGroups", svcTG("app", "null")), "spec.targetGroups[1]"},
		{"empty backend", l7, set("spec.targetGroups.0.backend", map[string]any{}), "spec.targetGroups[0].backend"},
		{"service and selector", l7, set("spec.targetGroups.0.backend.selector", yml("{app: x}")), "spec.targetGroups[0].backend"},
		{"selector without port", l7, set("spec.targetGroups.0.backend", yml("{selector: {app: x}}")), "spec.targetGroups[0].backend.port"},
		{"service with a backend port", l7, set("spec.targetGroups.0.backend.port", 80), "spec.targetGroups[0].backend.port"},
		{"uppercase service name", l7, set("spec.targetGroups.0.backend.service.name", "App"), "spec.targetGroups[0].backend.service.name"},
		{"service port 0", l7, set("spec.targetGroups.0.backend.service.port", 0), "spec.targetGroups[0].backend.service.port"},
		{"service port 70000", l7, set("spec.targetGroups.0.backend.service.port", 70000), "spec.targetGroups[0].backend.service.port"},
		{"service without name", l7, del("spec.targetGroups.0.backend.service.name"), "spec.targetGroups[0].backend.service.name"},
		{"service in another namespace", l7, set("spec.targetGroups.0.backend.service.namespace", "other"), "spec.targetGroups[0].backend.service.namespace"},
		{"empty selector", l4, set("spec.targetGroups.0.backend.selector", map[string]any{}), "spec.targetGroups[0].backend.selector"},
		{"21 selector labels", l4, set("spec.targetGroups.0.backend.selector", func() map[string]any {
			m := map[string]any{}
			for i := range 21 {
				m[fmt.Sprintf("l%d", i)] = "x"
			}
			return m
		}()), "spec.targetGroups[0].backend.selector"},
		{"selector port 0", l4, set("spec.targetGroups.0.backend.port", 0), "spec.targetGroups[0].backend.port"},
		// health checks
		{"health check over UDP", l7, hc("{protocol: UDP}"), "spec.targetGroups[0].healthCheck.protocol"},
		{"health check port 0", l7, hc("{port: 0, path: /x}"), "spec.targetGroups[0].healthCheck.port"},
		{"relative health check path", l7, hc("{path: health}"), "spec.targetGroups[0].healthCheck.path"},
		{"interval 4", l7, hc("{intervalSeconds: 4}"), "spec.targetGroups[0].healthCheck.intervalSeconds"},
		{"interval 301", l7, hc("{intervalSeconds: 301}"), "spec.targetGroups[0].healthCheck.intervalSeconds"},
		{"timeout 1", l7, hc("{timeoutSeconds: 1}"), "spec.targetGroups[0].healthCheck.timeoutSeconds"},
		{"timeout 121", l7, hc("{timeoutSeconds: 121}"), "spec.targetGroups[0].healthCheck.timeoutSeconds"},
		{"timeout not below interval", l7, hc("{timeoutSeconds: 10, intervalSeconds: 10}"), "spec.targetGroups[0].healthCheck.timeoutSeconds"},
		{"healthy threshold 1", l7, hc("{healthyThresholdCount: 1}"), "spec.targetGroups[0].healthCheck.healthyThresholdCount"},
		{"unhealthy threshold 11", l7, hc("{unhealthyThresholdCount: 11}"), "spec.targetGroups[0].healthCheck.unhealthyThresholdCount"},
		{"success codes in words", l7, hc("{successCodes: ok}"), "spec.targetGroups[0].healthCheck.successCodes"},
		{"TCP health check with a path", l4, hc("{protocol: TCP, path: /x}"), "spec.targetGroups[0].healthCheck.path"},
		{"TCP health check with success codes", l4, hc("{protocol: TCP, successCodes: '200'}"), "spec.targetGroups[0].healthCheck.successCodes"},
		{"TCP health check on L7", l7, hc("{protocol: TCP}"), "spec.targetGroups"},
		// layer mismatches on L4
		{"HTTP on L4", l4, set("spec.listeners.0.protocol", "HTTP"), "spec.listeners"},
		{"existing Service on L4", l4, set("spec.targetGroups.0.backend", yml("{service: {name: app, port: 80}}")), "spec.targetGroups"},
		{"L4 target groups selecting different pods", l4, appendTo("spec.targetGroups", yml("{name: other, backend: {selector: {app: y}, port: 81}}")), "spec.targetGroups"},
		{"L4 listener not naming one of two target groups", l4, appendTo("spec.targetGroups", yml("{name: other, backend: {selector: {app: x}, port: 81}}")), "spec.listeners"},
		{"L4 redirect", l4, set("spec.listeners.0.defaultAction", yml("{redirect: {host: a.example.com}}")), "spec.listeners"},
		{"L4 weighted forward to an unknown target group", l4, set("spec.listeners.0.defaultAction", yml("{forward: {targetGroups: [{name: app, weight: 1}, {name: nope, weight: 1}]}}")), "spec.listeners"},
		{"L4 TLS without certificates", l4, set("spec.listeners.0.protocol", "TLS"), "spec.listeners[0].tls"},
		// group consent
		{"group owner and members together", l7, set("spec.group", yml("{name: shop, order: 0, owner: {namespace: platform, name: edge}, members: [{namespace: shop}]}")), "spec.group.owner"},
		{"group owner without name", l7, set("spec.group", yml("{name: shop, order: 0, owner: {namespace: platform}}")), "spec.group.owner.name"},
		{"group owner in an invalid namespace", l7, set("spec.group", yml("{name: shop, order: 0, owner: {namespace: Platform, name: edge}}")), "spec.group.owner.namespace"},
		{"group member without namespace", l7, set("spec.group", yml("{name: shop, order: 0, members: [{names: [cart]}]}")), "spec.group.members[0].namespace"},
		{"group member namespace twice", l7, set("spec.group", yml("{name: shop, order: 0, members: [{namespace: shop}, {namespace: shop, names: [cart]}]}")), "spec.group.members[1]"},
		{"group member with an empty names list", l7, set("spec.group", yml("{name: shop, order: 0, members: [{namespace: shop, names: []}]}")), "spec.group.members[0].names"},
		{"group member name with a dot", l7, set("spec.group", yml("{name: shop, order: 0, members: [{namespace: shop, names: [a.b]}]}")), "spec.group.members[0].names[0]"},
		{"101 group members", l7, set("spec.group", map[string]any{"name": "shop", "order": 0, "members": repeat(101, func(i int) any { return yml(fmt.Sprintf("{namespace: ns%d}", i)) })}), "spec.group.members"},
		{"group on L4", l4, set("spec.group", yml("{name: shop, order: 0}")), "spec.group"},
		// names
		{"name of 64", l7, set("metadata.name", long(64)), "metadata.name"},
		{"name with a dot", l7, set("metadata.name", "a.b"), "metadata.name"},
		{"selector Service name over 63", l7, both(set("metadata.name", long(50)), appendTo("spec.targetGroups", yml("{name: "+long(13)+", backend: {selector: {app: x}, port: 80}}"))), "metadata.name and a target group's name"},
		{"unknown field", l7, set("spec.sheme", "internal"), "spec.sheme"},
		// valid for the schema, refused by the expansion
		{"Services with different health checks in one weighted forward", l7, both(hc("{path: /a}"), appendTo("spec.targetGroups", svcTG("other", "{path: /b}")),
			set("spec.rules.0.action", yml("{forward: {targetGroups: [{name: app, weight: 1}, {name: other, weight: 1}]}}"))), "spec.rules[0].action.forward.targetGroups[1].name"},
		// one Ingress cannot carry these; several make one ALB only in a group
		{"Services with different health checks, no group", l7, both(hc("{path: /a}"), appendTo("spec.targetGroups", svcTG("other", "{path: /b}")),
			set("spec.rules.0.action", yml("{forward: {targetGroup: other}}"))), "spec.group"},
		{"listeners with different default actions, no group", l7, appendTo("spec.listeners", yml("{name: other, port: 81, protocol: HTTP, defaultAction: {fixedResponse: {statusCode: 404}}}")), "spec.group"},
		{"HTTPS listeners with different certificates, no group", l7, both(
			set("spec.listeners.0", yml("{name: a, port: 443, protocol: HTTPS, tls: {certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/a']}, defaultAction: {forward: {targetGroup: app}}}")),
			appendTo("spec.listeners", yml("{name: b, port: 8443, protocol: HTTPS, tls: {certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/b']}, defaultAction: {forward: {targetGroup: app}}}"))), "spec.group"},
		{"rule on listeners httpsRedirectPort redirects", l7, both(
			appendTo("spec.listeners", yml("{name: https, port: 443, protocol: HTTPS, tls: {certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/a']}, defaultAction: {forward: {targetGroup: app}}}")),
			del("spec.listeners.0.defaultAction"), set("spec.httpsRedirectPort", 443), set("spec.rules.0.listeners", []any{"http"})), "spec.rules[0].listeners"},
		{"TLS listeners with different certificates", l4, both(
			set("spec.listeners.0", yml("{name: a, port: 443, protocol: TLS, tls: {certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/a']}}")),
			appendTo("spec.listeners", yml("{name: b, port: 8443, protocol: TLS, tls: {certificateARNs: ['arn:aws:acm:eu-west-1:111122223333:certificate/b']}}"))), "spec.listeners[1].tls"},
		{"L4 target groups with different health checks", l4, both(hc("{path: /a, protocol: HTTP}"),
			appendTo("spec.targetGroups", yml("{name: other, backend: {selector: {app: x}, port: 81}, healthCheck: {path: /b, protocol: HTTP}}")),
			set("spec.listeners.0.defaultAction", yml("{forward: {targetGroup: app}}"))), "spec.targetGroups: Invalid value: target groups of an L4 LoadBalancer share one healthCheck"},
	}
}

// TestBadInputIsRefusedWithTheField applies every bad case as a user would
// (kubectl's strict field validation) and requires each to be refused at
// admission, or reported as not Accepted, with a message naming the field,
// and none to create a child.
func TestBadInputIsRefusedWithTheField(t *testing.T) {
	refusesEach(t, badCases(), 100)
}

// refusesEach applies every case as a user would (kubectl's strict field
// validation) in a namespace of its own, and requires each to be refused at
// admission, or reported as not Accepted, with a message naming the field,
// and none of them to create a child. The cases must be at least least.
func refusesEach(t *testing.T, cases []badCase, least int) {
	t.Helper()
	if len(cases) < least {
		t.Fatalf("the corpus has %d cases; keep at least %d", len(cases), least)
	}
	ctx := context.Background()
	ns := newNamespace(t)
	type admitted struct {
		c   badCase
		obj *unstructured.Unstructured
	}
	var accepted []admitted
	for i, c := range cases {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(c.base), &obj); err != nil {
			t.Fatal(err)
		}
		obj["metadata"] = map[string]any{"name": fmt.Sprintf("bad-%d", i), "namespace": ns}
		c.edit(obj)
		u := &unstructured.Unstructured{Object: obj}
		err := k8s.Create(ctx, u, client.FieldValidation("Strict"))
		if err == nil {
			accepted = append(accepted, admitted{c, u})
			continue
		}
		if !apierrors.IsInvalid(err) && !apierrors.IsBadRequest(err) {
			t.Errorf("%s: want an Invalid or BadRequest error, got %v", c.name, err)
		} else if !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: the refusal does not name %s:\n%s", c.name, c.field, err)
		}
	}
	for _, a := range accepted {
		lb := &lbov1.LoadBalancer{}
		lb.Name, lb.Namespace = a.obj.GetName(), ns
		var got *lbov1.LoadBalancer
		eventually(t, a.c.name+": Accepted=False", func() (bool, string) {
			got = getLB(t, lb)
			c := condition(got, lbov1.ConditionAccepted)
			return c.Status == metav1.ConditionFalse && c.ObservedGeneration == got.Generation, "admitted, and Accepted is " + string(c.Status)
		})
		if msg := condition(got, lbov1.ConditionAccepted).Message; !strings.Contains(msg, a.c.field) {
			t.Errorf("%s: the Accepted message does not name %s: %s", a.c.name, a.c.field, msg)
		}
	}
	if n := childrenInNamespace(t, ns); len(n) > 0 {
		t.Fatalf("invalid LoadBalancers created %d children: %v", len(n), n)
	}
	t.Logf("%d cases: %d refused at admission, %d not Accepted", len(cases), len(cases)-len(accepted), len(accepted))
}

func childrenInNamespace(t *testing.T, ns string) []string {
	t.Helper()
	var names []string
	for _, list := range []client.ObjectList{&unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "v1", "kind": "ServiceList"}}, &unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "networking.k8s.io/v1", "kind": "IngressList"}}} {
		if err := k8s.List(context.Background(), list, client.InNamespace(ns), client.HasLabels{lbov1.LabelLoadBalancer}); err != nil {
			t.Fatal(err)
		}
		for _, item := range list.(*unstructured.UnstructuredList).Items {
			names = append(names, item.GetKind()+"/"+item.GetName())
		}
	}
	return names
}
