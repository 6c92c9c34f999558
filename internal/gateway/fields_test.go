package gateway_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
)

// fieldCase sets one field of a LoadBalancer under the Gateway backend.
type fieldCase struct {
	field string // its path, as problems name it
	layer lbov1.Layer
	set   func(lb *lbov1.LoadBalancer)
	// awsOnly: a Standard implementation refuses it.
	awsOnly bool
}

func baseGateway(layer lbov1.Layer, impl lbov1.GatewayImplementation) *lbov1.LoadBalancer {
	lb := &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: "lb", Namespace: "ns"},
		Spec: lbov1.LoadBalancerSpec{
			Layer:   layer,
			Gateway: &lbov1.GatewayBackend{ClassName: "class", Implementation: impl},
		},
	}
	if layer == lbov1.LayerL4 {
		lb.Spec.Listeners = []lbov1.Listener{{Name: "tcp", Port: 80, Protocol: lbov1.ProtocolTCP}}
		lb.Spec.TargetGroups = []lbov1.TargetGroup{{Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 8080}}}
		return lb
	}
	lb.Spec.Listeners = []lbov1.Listener{{Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP,
		DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}}}}
	lb.Spec.TargetGroups = []lbov1.TargetGroup{
		{Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 8080}},
		{Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 80}}},
	}
	lb.Spec.Rules = []lbov1.Rule{{Name: "r", Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/r", Type: lbov1.PathPrefix}}},
		Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "other"}}}}
	return lb
}

func https(lb *lbov1.LoadBalancer) {
	lb.Spec.Listeners[0] = lbov1.Listener{Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
		TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:x"}}, DefaultAction: lb.Spec.Listeners[0].DefaultAction}
}

func tlsListener(lb *lbov1.LoadBalancer) {
	lb.Spec.Listeners[0] = lbov1.Listener{Name: "tls", Port: 443, Protocol: lbov1.ProtocolTLS, TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:x"}}}
}

var cognito = &lbov1.Authentication{Cognito: &lbov1.CognitoAuthentication{UserPoolARN: "arn:aws:cognito-idp:x", UserPoolClientID: "c", UserPoolDomain: "d"}}

// gatewayFields set, one at a time, every field the Gateway backend carries.
var gatewayFields = []fieldCase{
	{"spec.scheme", "", func(lb *lbov1.LoadBalancer) { lb.Spec.Scheme = lbov1.SchemeInternetFacing }, true},
	{"spec.targetType", "", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetType = lbov1.TargetTypeInstance }, true},
	{"spec.loadBalancerName", "", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerName = "name" }, true},
	{"spec.ipAddressType", "", func(lb *lbov1.LoadBalancer) { lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStack }, true},
	{"spec.subnets", "", func(lb *lbov1.LoadBalancer) { lb.Spec.Subnets = []string{"subnet-1"} }, true},
	{"spec.staticAddresses", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Subnets = []string{"subnet-1"}
		lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-1", PrivateIPv4Address: "10.0.0.1", ElasticIPAllocation: "eipalloc-1", IPv6Address: "2001:db8::1"}}
	}, true},
	{"spec.securityGroups", "", func(lb *lbov1.LoadBalancer) { lb.Spec.SecurityGroups = []string{"sg-1"} }, true},
	{"spec.manageBackendSecurityGroupRules", "", func(lb *lbov1.LoadBalancer) { lb.Spec.ManageBackendSecurityGroupRules = ptr.To(false) }, true},
	{"spec.sourceRanges", "", func(lb *lbov1.LoadBalancer) { lb.Spec.SourceRanges = []string{"10.0.0.0/8"} }, true},
	{"spec.sourcePrefixLists", "", func(lb *lbov1.LoadBalancer) { lb.Spec.SourcePrefixLists = []string{"pl-1"} }, true},
	{"spec.tags", "", func(lb *lbov1.LoadBalancer) { lb.Spec.Tags = map[string]lbov1.TagValue{"a": "b"} }, true},
	{"spec.loadBalancerAttributes", "", func(lb *lbov1.LoadBalancer) {
		lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{DeletionProtection: ptr.To(false),
			AccessLogs: &lbov1.AccessLogs{Enabled: true, Bucket: "logs", Prefix: "lb"}, Additional: map[string]lbov1.AttributeValue{"zonal_shift.config.enabled": "true"}}
	}, true},
	{"spec.loadBalancerAttributes.crossZoneLoadBalancing", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) {
		lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{CrossZoneLoadBalancing: ptr.To(true), DNSClientRoutingPolicy: "any_availability_zone"}
	}, true},
	{"spec.minimumCapacityUnits", "", func(lb *lbov1.LoadBalancer) { lb.Spec.MinimumCapacityUnits = ptr.To[int32](0) }, true},
	{"spec.targetNodeLabels", "", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetNodeLabels = map[string]lbov1.LabelValue{"a": "b"} }, true},
	{"spec.multiClusterTargetGroups", "", func(lb *lbov1.LoadBalancer) { lb.Spec.MultiClusterTargetGroups = true }, true},
	{"spec.disableSecurityGroups", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) { lb.Spec.DisableSecurityGroups = true }, true},
	{"spec.enforceSecurityGroupRulesOnPrivateLinkTraffic", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) {
		lb.Spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic = ptr.To(true)
	}, true},
	{"spec.allowICMPForPathMTUDiscovery", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) { lb.Spec.AllowICMPForPathMTUDiscovery = true }, true},
	{"spec.httpsRedirectPort", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
			TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:x"}}, DefaultAction: lb.Spec.Listeners[0].DefaultAction})
		lb.Spec.Listeners[0].DefaultAction = nil
		lb.Spec.HTTPSRedirectPort = ptr.To[int32](443)
	}, true},
	{"spec.authentication", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { https(lb); lb.Spec.Authentication = cognito }, true},
	{"spec.authentication.oidc", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		https(lb)
		lb.Spec.Authentication = &lbov1.Authentication{OIDC: &lbov1.OIDCAuthentication{Issuer: "https://i", AuthorizationEndpoint: "https://a",
			TokenEndpoint: "https://t", UserInfoEndpoint: "https://u", ClientSecretName: "s"},
			OnUnauthenticatedRequest: "deny", Scope: []string{"openid", "email"}, SessionCookieName: "c", SessionTimeoutSeconds: 60}
	}, true},
	{"spec.group", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Group = &lbov1.Group{Name: "g", Order: 1}
		lb.Spec.Listeners[0].DefaultAction = nil
	}, false},
	{"spec.wafv2WebACLARN", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.WAFv2WebACLARN = "arn:aws:wafv2:x:regional/webacl/y" }, true},
	{"spec.shieldAdvancedProtection", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.ShieldAdvancedProtection = ptr.To(false) }, true},
	{"spec.listeners[0].port", "", func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].Port = 81 }, false},
	{"spec.listeners[0].tls", "", func(lb *lbov1.LoadBalancer) {
		if lb.Spec.Layer == lbov1.LayerL4 {
			tlsListener(lb)
		} else {
			https(lb)
		}
		lb.Spec.Listeners[0].TLS.CertificateARNs = append(lb.Spec.Listeners[0].TLS.CertificateARNs, "arn:aws:acm:y")
		lb.Spec.Listeners[0].TLS.SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	}, true},
	{"spec.listeners[0].tls.alpnPolicy", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) { tlsListener(lb); lb.Spec.Listeners[0].TLS.ALPNPolicy = "None" }, true},
	{"spec.listeners[0].quic", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0] = lbov1.Listener{Name: "udp", Port: 443, Protocol: lbov1.ProtocolUDP, QUIC: true}
	}, true},
	{"spec.listeners[0].attributes", "", func(lb *lbov1.LoadBalancer) {
		// An NLB listener has one attribute, which has its field.
		lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{Additional: map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"}}
		if lb.Spec.Layer == lbov1.LayerL4 {
			lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: ptr.To[int32](60)}
		}
	}, true},
	{"spec.listeners[0].mutualAuthentication", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		https(lb)
		lb.Spec.Listeners[0].MutualAuthentication = &lbov1.MutualAuthentication{Mode: "verify", TrustStore: "ts",
			IgnoreClientCertificateExpiry: ptr.To(true), AdvertiseTrustStoreCANames: ptr.To(true)}
	}, true},
	{"spec.listeners[0].defaultAction", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Redirect: &lbov1.RedirectAction{Host: "x.example.com", Path: "/p", Port: 8080, Scheme: "HTTP", StatusCode: 302}}
	}, false},
	{"spec.listeners[0].defaultAction.fixedResponse", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404, ContentType: "text/html", Body: "b"}}
	}, true},
	{"spec.listeners[0].defaultAction.redirect.query", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Redirect: &lbov1.RedirectAction{Query: ptr.To("a=b")}}
	}, true},
	{"spec.listeners[0].defaultAction.forward.stickiness", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{
			TargetGroups: []lbov1.WeightedTargetGroup{{Name: "app", Weight: 1}, {Name: "other", Weight: 2}},
			Stickiness:   &lbov1.ForwardStickiness{Enabled: true, DurationSeconds: 60}}}
	}, true},
	{"spec.listeners[0].defaultAction.forward.targetGroups", "", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{
			TargetGroups: []lbov1.WeightedTargetGroup{{Name: "app", Weight: 1}, {Name: "other", Weight: 2}}}}
		if lb.Spec.Layer == lbov1.LayerL4 { // one target group per listener: point at a second one
			lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "two", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 9090}})
			lb.Spec.Listeners[0].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "two"}}
		}
	}, false},
	{"spec.targetGroups[0].backend", "", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].Backend.Port = 9999 }, false},
	{"spec.targetGroups[0].backend.selector", "", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].Backend.Selector = map[string]string{"app": "y"} }, false},
	{"spec.targetGroups[0].healthCheck", "", func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Protocol: "HTTPS", Port: 8081, Path: "/h", IntervalSeconds: 30, TimeoutSeconds: 3,
			HealthyThresholdCount: 4, UnhealthyThresholdCount: 5, SuccessCodes: "200-204"}
	}, true},
	{"spec.targetGroups[0].backendProtocol", "", func(lb *lbov1.LoadBalancer) {
		if lb.Spec.Layer == lbov1.LayerL4 {
			tlsListener(lb)
			lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolTLS
			return
		}
		lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolHTTPS
	}, true},
	{"spec.targetGroups[0].backendProtocolVersion", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		https(lb)
		lb.Spec.TargetGroups[0].BackendProtocolVersion = lbov1.BackendProtocolVersionGRPC
	}, true},
	{"spec.targetGroups[0].attributes", "", func(lb *lbov1.LoadBalancer) {
		a := &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30), Additional: map[string]lbov1.AttributeValue{"target_group_health.dns_failover.minimum_healthy_targets.count": "1"}}
		if lb.Spec.Layer == lbov1.LayerL4 {
			a.ProxyProtocolV2, a.PreserveClientIP, a.DeregistrationConnectionTermination = ptr.To(true), ptr.To(true), ptr.To(true)
			a.SourceIPStickiness, a.UnhealthyConnectionTermination, a.UnhealthyDrainingIntervalSeconds = ptr.To(true), ptr.To(false), ptr.To[int32](30)
		} else {
			a.CookieStickiness = &lbov1.CookieStickiness{Enabled: true, DurationSeconds: 60, AppCookieName: "C"}
		}
		lb.Spec.TargetGroups[0].Attributes = a
	}, true},
	{"spec.rules[0].conditions.hosts", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.Rules[0].Conditions.Hosts = []string{"a.example.com"} }, false},
	{"spec.rules[0].conditions.paths", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.Paths = []lbov1.PathMatch{{Path: "/e", Type: lbov1.PathExact}}
	}, false},
	{"spec.rules[0].conditions.paths[0].type", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.Paths = []lbov1.PathMatch{{Path: "/w/*", Type: lbov1.PathWildcard}}
	}, true},
	{"spec.rules[0].conditions.headers", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.Headers = []lbov1.HeaderMatch{{Name: "X", Values: []string{"a"}}}
	}, true},
	{"spec.rules[0].conditions.queryStrings", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.QueryStrings = []lbov1.QueryStringMatch{{Key: "k", Value: "v"}}
	}, true},
	{"spec.rules[0].conditions.methods", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.Rules[0].Conditions.Methods = []string{"GET"} }, false},
	{"spec.rules[0].conditions.sourceIPs", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.SourceIPs = []string{"10.0.0.0/8"}
	}, true},
	{"spec.rules[0].action.fixedResponse", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Action = lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
	}, true},
	{"spec.rules[0].action.forward", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Action = lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroups: []lbov1.WeightedTargetGroup{{Name: "app", Weight: 3}, {Name: "other", Weight: 1}}}}
	}, false},
	{"spec.rules[0].action.redirect", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Action = lbov1.Action{Redirect: &lbov1.RedirectAction{Host: "x.example.com"}}
	}, false},
	{"spec.rules[0].action.redirect.query", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Action = lbov1.Action{Redirect: &lbov1.RedirectAction{Query: ptr.To("a=b")}}
	}, true},
	{"spec.rules[0].action.forward.stickiness", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Action = lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroups: []lbov1.WeightedTargetGroup{{Name: "app", Weight: 1}},
			Stickiness: &lbov1.ForwardStickiness{Enabled: true}}}
	}, true},
	{"spec.rules[0].listeners", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{Name: "alt", Port: 8080, Protocol: lbov1.ProtocolHTTP, DefaultAction: lb.Spec.Listeners[0].DefaultAction})
		lb.Spec.Rules[0].Listeners = []string{"alt"}
	}, false},
	{"spec.rules[0].authentication", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { https(lb); lb.Spec.Rules[0].Authentication = cognito }, true},
	{"spec.rules[0].skipAuthentication", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		https(lb)
		lb.Spec.Authentication = cognito
		lb.Spec.Rules[0].SkipAuthentication = true
	}, true},
}

// structural are fields the cases above cover through their parents, or
// that steer the reconciler rather than the children.
var structural = []string{
	"spec.layer", "spec.gateway", "spec.gateway.className", "spec.gateway.implementation", "spec.listeners", "spec.rules", "spec.targetGroups", "spec.allowReplacement", "spec.deletionPolicy", "spec.adoptExisting",
	"spec.listeners[0].name", "spec.listeners[0].protocol", "spec.listeners[0].tls.certificateARNs", "spec.listeners[0].tls.sslPolicy",
	"spec.listeners[0].attributes.tcpIdleTimeoutSeconds", "spec.listeners[0].attributes.additional",
	"spec.targetGroups[0].name", "spec.targetGroups[0].backend.service", "spec.targetGroups[0].backend.port",
	"spec.rules[0].name", "spec.rules[0].conditions", "spec.rules[0].action", "spec.rules[0].conditions.paths[0].path",
	"spec.group", "spec.loadBalancerAttributes", "spec.group.name", "spec.group.order",
}

// viaParent are fields the case of their parent sets.
var viaParent = []string{
	"spec.loadBalancerAttributes.deletionProtection", "spec.loadBalancerAttributes.accessLogs", "spec.loadBalancerAttributes.dnsClientRoutingPolicy",
	"spec.loadBalancerAttributes.additional",
}

// refusedFields are refused by the Gateway backend whatever the
// implementation.
var refusedFields = []fieldCase{
	{"spec.group.owner", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Group = &lbov1.Group{Name: "g", Owner: &lbov1.GroupOwner{Namespace: "a", Name: "b"}}
	}, false},
	{"spec.group.members", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Group = &lbov1.Group{Name: "g", Members: []lbov1.GroupMember{{Namespace: "a"}}}
	}, false},
	// Not carried by the Gateway backend (yet): refused by name.
	{"spec.ipv4IPAMPoolID", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.IPv4IPAMPoolID = "ipam-pool-1" }, false},
	{"spec.customerOwnedIPv4Pool", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.CustomerOwnedIPv4Pool = "ipv4pool-coip-1" }, false},
	{"spec.enablePrefixForIPv6SourceNAT", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) { lb.Spec.EnablePrefixForIPv6SourceNAT = true }, false},
	{"spec.frontendNLB", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.FrontendNLB = &lbov1.FrontendNLB{} }, false},
	{"spec.staticAddresses[0].sourceNATIPv6Prefix", lbov1.LayerL4, func(lb *lbov1.LoadBalancer) {
		lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-1", SourceNATIPv6Prefix: "auto_assigned"}}
	}, false},
	{"spec.listeners[0].tls.requestCertificate", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		https(lb)
		lb.Spec.Listeners[0].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{DomainNames: []string{"a.example.com"}}}
	}, false},
	{"spec.authentication.jwt", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		https(lb)
		lb.Spec.Authentication = &lbov1.Authentication{JWT: &lbov1.JWTValidation{Issuer: "https://issuer", JWKSEndpoint: "https://issuer/jwks"}}
	}, false},
	{"spec.rules[0].transforms", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Transforms = &lbov1.RuleTransforms{URL: &lbov1.Rewrite{Regex: "^/r", Replace: "/"}}
	}, false},
	{"spec.rules[0].conditions.hostRegexes", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.HostRegexes = []string{"^a\\.example\\.com$"}
	}, false},
	{"spec.rules[0].conditions.paths[0].type", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Rules[0].Conditions.Paths[0].Type = lbov1.PathRegex
	}, false},
	{"spec.targetGroups[0].existing", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].Existing = &lbov1.ExistingTargetGroup{Name: "tg"}
	}, false},
	{"spec.targetGroups[0].targetControlPort", lbov1.LayerL7, func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].TargetControlPort = 8081 }, false},
}

// TestGatewayRefuses: each field of refusedFields, set alone, is a problem
// naming it, with either implementation.
func TestGatewayRefuses(t *testing.T) {
	for _, c := range refusedFields {
		for _, impl := range []lbov1.GatewayImplementation{"", lbov1.GatewayStandard} {
			t.Run(string(impl)+"/"+c.field, func(t *testing.T) {
				lb := baseGateway(c.layer, impl)
				c.set(lb)
				if res := expand.LoadBalancer(lb); !names(res.Problems, c.field) {
					t.Fatalf("no problem names %s: %v", c.field, res.Problems)
				}
			})
		}
	}
}

// run expands lb and returns its children, failing on problems.
func layersOf(c fieldCase) []lbov1.Layer {
	if c.layer != "" {
		return []lbov1.Layer{c.layer}
	}
	return []lbov1.Layer{lbov1.LayerL4, lbov1.LayerL7}
}

// TestGatewayCarriesEveryField: each field, set alone, changes the children
// of the AWS Load Balancer Controller's Gateway backend.
func TestGatewayCarriesEveryField(t *testing.T) {
	for _, c := range gatewayFields {
		for _, layer := range layersOf(c) {
			t.Run(string(layer)+"/"+c.field, func(t *testing.T) {
				base := baseGateway(layer, "")
				lb := baseGateway(layer, "")
				c.set(lb)
				if strings.Contains(c.field, "tls") || strings.Contains(c.field, "uthentication") || c.field == "spec.targetGroups[0].backendProtocolVersion" {
					// The case changes the listener: compare with the same
					// listener without the field.
					switch layer {
					case lbov1.LayerL4:
						tlsListener(base)
					default:
						https(base)
					}
				}
				want := expand.LoadBalancer(base)
				if len(want.Problems) > 0 {
					t.Fatalf("base: %v", want.Problems)
				}
				got := expand.LoadBalancer(lb)
				if len(got.Problems) > 0 {
					t.Fatalf("refused: %v", got.Problems)
				}
				if equality.Semantic.DeepEqual(got.Objects, want.Objects) {
					t.Fatal("the children did not change: the field is dropped")
				}
			})
		}
	}
}

// TestStandardRefusesAWSOnlyFields: each field only the AWS Load Balancer
// Controller understands, set alone with implementation Standard, is a
// problem naming it; the others are carried.
func TestStandardRefusesAWSOnlyFields(t *testing.T) {
	for _, c := range gatewayFields {
		for _, layer := range layersOf(c) {
			t.Run(string(layer)+"/"+c.field, func(t *testing.T) {
				lb := baseGateway(layer, lbov1.GatewayStandard)
				c.set(lb)
				res := expand.LoadBalancer(lb)
				if !c.awsOnly {
					if len(res.Problems) > 0 {
						t.Fatalf("refused: %v", res.Problems)
					}
					return
				}
				if !names(res.Problems, c.field) {
					t.Fatalf("no problem names %s: %v", c.field, res.Problems)
				}
			})
		}
	}
}

// names reports whether a problem is at path, above it or below it (a case
// may set a field through its parent).
func names(problems field.ErrorList, path string) bool {
	return slices.ContainsFunc(problems, func(p *field.Error) bool {
		return p.Field == path || strings.HasPrefix(p.Field, path+".") || strings.HasPrefix(p.Field, path+"[") || strings.HasPrefix(path, p.Field+".")
	})
}

// TestEveryFieldIsDecided fails when a field is added to the API without a
// case above: carried by the Gateway backend (and whether Standard refuses
// it), or structural.
func TestEveryFieldIsDecided(t *testing.T) {
	covered := map[string]bool{}
	for _, f := range structural {
		covered[f] = true
	}
	for _, c := range append(slices.Clone(gatewayFields), refusedFields...) {
		covered[c.field] = true
	}
	for _, f := range viaParent {
		covered[f] = true
	}
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			p := prefix + "." + name
			if !covered[p] {
				t.Errorf("%s is neither carried by the Gateway backend (gatewayFields) nor structural", p)
			}
			if !slices.Contains(structural, p) {
				continue // a case sets it whole
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				if ft.Kind() == reflect.Slice {
					p += "[0]"
				}
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft.PkgPath() == reflect.TypeFor[lbov1.LoadBalancerSpec]().PkgPath() {
				walk(p, ft)
			}
		}
	}
	walk("spec", reflect.TypeFor[lbov1.LoadBalancerSpec]())
}

// TestHTTPListenersGiveTargetGroupsHTTP1: the controller's Gateway support
// gives the target groups of an HTTP listener HTTP1, so a target group with
// another protocol version that an HTTP listener forwards to, by its
// default action or a rule, is refused naming it. (The CRD refuses these
// for both backends before the expansion runs; this is the Gateway
// backend's own account, called here directly.)
func TestHTTPListenersGiveTargetGroupsHTTP1(t *testing.T) {
	for _, k := range []int{0, 1} { // the listener's default action, the rule
		for _, v := range []lbov1.BackendProtocolVersion{lbov1.BackendProtocolVersionHTTP2, lbov1.BackendProtocolVersionGRPC} {
			lb := baseGateway(lbov1.LayerL7, "")
			lb.Spec.TargetGroups[k].BackendProtocolVersion = v
			path := fmt.Sprintf("spec.targetGroups[%d].backendProtocolVersion", k)
			if res := expand.LoadBalancer(lb); !names(res.Problems, path) {
				t.Errorf("%s %s behind an HTTP listener: no problem names %s: %v", path, v, path, res.Problems)
			}
			https(lb)
			lb.Spec.Rules[0].Listeners = []string{"https"}
			if res := expand.LoadBalancer(lb); names(res.Problems, path) {
				t.Errorf("%s %s behind an HTTPS listener only: refused: %v", path, v, res.Problems)
			}
		}
	}
}
