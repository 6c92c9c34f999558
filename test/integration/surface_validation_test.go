package integration

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// The new surface at admission: JWT validation, extra parameters of
// identity providers, transforms, regular expressions, requested
// certificates, IPAM and customer-owned pools, target control ports, the
// frontend NLB, IPv6 source NAT, L4 weighted forwards, target groups AWS
// has and the layer External. Each bad value is refused, naming its field.

const (
	tgARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
	caARN = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/0123abcd-0123-0123-0123-0123456789ab"
)

func jwt() *lbov1.JWTValidation {
	return &lbov1.JWTValidation{Issuer: "https://idp.example.com", JWKSEndpoint: "https://idp.example.com/jwks"}
}

func TestAdmissionRefusesBadSurfaceValuesL7(t *testing.T) {
	ns := newNamespace(t)
	rule := func(lb *lbov1.LoadBalancer) *lbov1.Rule { return &lb.Spec.Rules[0] }
	cases := []refusal{
		// JWT validation and identity providers' extra parameters.
		{"jwt without an HTTPS listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Authentication = &lbov1.Authentication{JWT: jwt()}
		}, "spec.authentication", "needs an HTTPS listener"},
		{"jwt and oidc", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{JWT: jwt(), OIDC: oidc()}
		}, "spec.authentication", "or authentication.jwt (clients present a token)"},
		{"jwt with a session", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{JWT: jwt(), SessionTimeoutSeconds: 60}
		}, "spec.authentication.jwt", "without a sign-in or a session"},
		{"jwt issuer of 257 characters", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			j.Issuer = "https://" + strings.Repeat("a", 249)
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.issuer", "256"},
		{"jwks endpoint over HTTP", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			j.JWKSEndpoint = "http://idp.example.com/jwks"
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.jwksEndpoint", "should match"},
		{"claim checked anyway", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			j.AdditionalClaims = []lbov1.JWTClaim{{Name: "exp", Format: "single-string", Values: []string{"1"}}}
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.additionalClaims[0].name", "checked anyway"},
		{"single-string claim with two values", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			j.AdditionalClaims = []lbov1.JWTClaim{{Name: "aud", Format: "single-string", Values: []string{"a", "b"}}}
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.additionalClaims[0].values", "has one value"},
		{"space-separated value with a space", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			j.AdditionalClaims = []lbov1.JWTClaim{{Name: "scope", Format: "space-separated-values", Values: []string{"read write"}}}
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.additionalClaims[0].values", "cannot hold a space"},
		{"claim in an unknown format", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			j.AdditionalClaims = []lbov1.JWTClaim{{Name: "aud", Format: "number", Values: []string{"1"}}}
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.additionalClaims[0].format", "Unsupported value"},
		{"eleven claims", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			j := jwt()
			for _, c := range "abcdefghijk" {
				j.AdditionalClaims = append(j.AdditionalClaims, lbov1.JWTClaim{Name: string(c), Format: "string-array", Values: []string{"x"}})
			}
			lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
		}, "spec.authentication.jwt.additionalClaims", "must have at most 10 items"},
		{"rule with jwt on HTTP only", func(lb *lbov1.LoadBalancer) {
			rule(lb).Authentication = &lbov1.Authentication{JWT: jwt()}
		}, "spec.rules", "needs an HTTPS listener among its listeners"},
		{"eleven extra parameters", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			o := oidc()
			o.AuthenticationRequestExtraParams = map[string]lbov1.ExtraParamValue{}
			for _, c := range "abcdefghijk" {
				o.AuthenticationRequestExtraParams[string(c)] = "x"
			}
			lb.Spec.Authentication = &lbov1.Authentication{OIDC: o}
		}, "spec.authentication.oidc.authenticationRequestExtraParams", "must have at most 10 items"},
		{"extra parameter name with '='", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			c := cognito()
			c.AuthenticationRequestExtraParams = map[string]lbov1.ExtraParamValue{"a=b": "x"}
			lb.Spec.Authentication = &lbov1.Authentication{Cognito: c}
		}, "spec.authentication.cognito.authenticationRequestExtraParams", "query parameter names"},

		// Transforms.
		{"transforms on a redirect", func(lb *lbov1.LoadBalancer) {
			rule(lb).Action = lbov1.Action{Redirect: &lbov1.RedirectAction{Scheme: "HTTPS"}}
			rule(lb).Transforms = &lbov1.RuleTransforms{URL: &lbov1.Rewrite{Regex: "^/a", Replace: "/b"}}
		}, "spec.rules[0].transforms", "go with action.forward"},
		{"no transform", func(lb *lbov1.LoadBalancer) {
			rule(lb).Transforms = &lbov1.RuleTransforms{}
		}, "spec.rules[0].transforms", "should have at least 1 properties"},
		{"rewrite regex of 1025 characters", func(lb *lbov1.LoadBalancer) {
			rule(lb).Transforms = &lbov1.RuleTransforms{HostHeader: &lbov1.Rewrite{Regex: strings.Repeat("a", 1025), Replace: "b"}}
		}, "spec.rules[0].transforms.hostHeader.regex", "1024"},

		// Regular expressions in conditions.
		{"hosts and hostRegexes", func(lb *lbov1.LoadBalancer) {
			c := &rule(lb).Conditions
			c.Hosts, c.HostRegexes = []string{"a.example.com"}, []string{"^b"}
		}, "spec.rules[0].conditions.hostRegexes", "not both"},
		{"a Regex path beside a Prefix path", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions.Paths = []lbov1.PathMatch{{Path: "^/a", Type: lbov1.PathRegex}, {Path: "/b", Type: lbov1.PathPrefix}}
		}, "spec.rules[0].conditions.paths", "all Regex (at most 3) or none"},
		{"four Regex paths", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions.Paths = []lbov1.PathMatch{{Path: "^/a", Type: lbov1.PathRegex}, {Path: "^/b", Type: lbov1.PathRegex},
				{Path: "^/c", Type: lbov1.PathRegex}, {Path: "^/d", Type: lbov1.PathRegex}}
		}, "spec.rules[0].conditions.paths", "all Regex (at most 3) or none"},
		{"six condition values with regexes", func(lb *lbov1.LoadBalancer) {
			c := &rule(lb).Conditions
			c.Paths = []lbov1.PathMatch{{Path: "^/a", Type: lbov1.PathRegex}, {Path: "^/b", Type: lbov1.PathRegex}}
			c.HostRegexes = []string{"^a", "^b"}
			c.Headers = []lbov1.HeaderMatch{{Name: "X-A", Regexes: []string{"^a", "^b"}}}
		}, "spec.rules[0].conditions", "at most 5 condition values"},
		{"header with values and regexes", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions.Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{"a"}, Regexes: []string{"^a"}}}
		}, "spec.rules[0].conditions.headers[0]", "set either values (patterns) or regexes"},
		{"header with neither values nor regexes", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions.Headers = []lbov1.HeaderMatch{{Name: "X-A"}}
		}, "spec.rules[0].conditions.headers[0]", "set either values (patterns) or regexes"},
		{"host regex of 129 characters", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions.HostRegexes = []string{strings.Repeat("a", 129)}
		}, "spec.rules[0].conditions.hostRegexes[0]", "128"},
		{"redirect matching hosts by regex alone", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions = lbov1.RuleConditions{HostRegexes: []string{"^old\\."}}
			rule(lb).Action = lbov1.Action{Redirect: &lbov1.RedirectAction{Host: "new.example.com"}}
		}, "spec.rules[0].conditions.hostRegexes", "drop the later rules"},
		{"a path that is no regex without '/'", func(lb *lbov1.LoadBalancer) {
			rule(lb).Conditions.Paths = []lbov1.PathMatch{{Path: "api", Type: lbov1.PathPrefix}}
		}, "spec.rules[0].conditions.paths[0].path", "starts with '/'"},

		// Requested certificates.
		{"certificate ARNs and a request", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[1].TLS.RequestCertificate = &lbov1.CertificateRequest{DomainNames: []string{"a.example.com"}}
		}, "spec.listeners[1].tls", "set either tls.certificateARNs"},
		{"certificate authority that is no Private CA", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[1].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{CertificateAuthorityARN: "arn:aws:acm:eu-west-1:111122223333:certificate/a"}}
		}, "spec.listeners[1].tls.requestCertificate.certificateAuthorityARN", "should match"},
		{"domain name without a dot", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[1].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{DomainNames: []string{"localhost"}}}
		}, "spec.listeners[1].tls.requestCertificate.domainNames[0]", "should match"},

		// Pools, target control ports.
		{"IPAM pool that is no pool ID", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPv4IPAMPoolID = "pool-1"
		}, "spec.ipv4IPAMPoolID", "should match"},
		{"customer-owned pool that is no CoIP pool", func(lb *lbov1.LoadBalancer) {
			lb.Spec.CustomerOwnedIPv4Pool = "ipam-pool-01"
		}, "spec.customerOwnedIPv4Pool", "should match"},
		{"target control port with instance targets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetType = lbov1.TargetTypeInstance
			lb.Spec.TargetGroups[0].TargetControlPort = 3000
		}, "spec.targetGroups", "needs targetType ip"},
		{"target control port above 65535", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].TargetControlPort = 65536
		}, "spec.targetGroups[0].targetControlPort", "should be less than or equal to 65535"},

		// The frontend NLB.
		{"frontend NLB in a group others join", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Group = &lbov1.Group{Name: "shop", Members: []lbov1.GroupMember{{Namespace: "other"}}}
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{}
		}, "spec.frontendNLB", "has a group of its own"},
		{"frontend NLB Elastic IPs without subnets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{Scheme: lbov1.SchemeInternetFacing,
				StaticAddresses: []lbov1.FrontendNLBAddress{{Subnet: "subnet-0a", ElasticIPAllocation: "eipalloc-0a"}}}
		}, "spec.frontendNLB.staticAddresses", "one entry for each of frontendNLB.subnets"},
		{"frontend NLB Elastic IPs when internal", func(lb *lbov1.LoadBalancer) {
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{Subnets: []string{"subnet-0a"},
				StaticAddresses: []lbov1.FrontendNLBAddress{{Subnet: "subnet-0a", ElasticIPAllocation: "eipalloc-0a"}}}
		}, "spec.frontendNLB.staticAddresses", "needs frontendNLB.scheme internet-facing"},
		{"frontend NLB to an unknown listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{Listeners: []lbov1.FrontendNLBListener{{Port: 443, Listener: "https"}}}
		}, "spec.frontendNLB.listeners", "names a listener that is not in spec.listeners"},
		{"frontend NLB of a dualstack ALB without public IPv4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Scheme = lbov1.SchemeInternetFacing
			lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStackWithoutPublicIPv4
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{}
		}, "spec.frontendNLB", "cannot be dualstack-without-public-ipv4"},
		{"frontend NLB health check over TCP", func(lb *lbov1.LoadBalancer) {
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{HealthCheck: &lbov1.FrontendNLBHealthCheck{Protocol: "TCP"}}
		}, "spec.frontendNLB.healthCheck.protocol", "Unsupported value"},
		{"frontend NLB health check timeout over its interval", func(lb *lbov1.LoadBalancer) {
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{HealthCheck: &lbov1.FrontendNLBHealthCheck{IntervalSeconds: 10, TimeoutSeconds: 11}}
		}, "spec.frontendNLB.healthCheck.timeoutSeconds", "must not exceed intervalSeconds"},

		// Target groups AWS has.
		{"existing by ARN and name", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Existing = &lbov1.ExistingTargetGroup{ARN: tgARN, Name: "web"}
		}, "spec.targetGroups[0].existing", "set either existing.arn or existing.name"},
		{"existing ARN of a load balancer", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Existing = &lbov1.ExistingTargetGroup{ARN: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/0123456789abcdef"}
		}, "spec.targetGroups[0].existing.arn", "should match"},
		{"existing with a health check", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Existing = &lbov1.ExistingTargetGroup{Name: "web"}
			lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Path: "/healthz"}
		}, "spec.targetGroups[0].existing", "keeps its own health check"},
		{"neither backend nor existing", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Backend = lbov1.Backend{}
		}, "spec.targetGroups[0].backend", "or existing (a target group AWS already has)"},
		{"a port without a selector", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Existing = &lbov1.ExistingTargetGroup{Name: "web"}
			lb.Spec.TargetGroups[0].Backend = lbov1.Backend{Port: 80}
		}, "spec.targetGroups[0].backend.port", "port is for selector backends"},
	}
	refuseEach(t, ns, validL7, "surface-l7", cases)
}

func TestAdmissionRefusesBadSurfaceValuesL4(t *testing.T) {
	ns := newNamespace(t)
	cases := []refusal{
		{"source NAT on ipv4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPAddressType = lbov1.IPAddressTypeIPv4
			for i := range lb.Spec.StaticAddresses {
				lb.Spec.StaticAddresses[i].IPv6Address = ""
			}
			lb.Spec.SourceRanges = lb.Spec.SourceRanges[:1]
			lb.Spec.EnablePrefixForIPv6SourceNAT = true
		}, "spec.enablePrefixForIPv6SourceNAT", "needs ipAddressType dualstack"},
		{"source NAT prefix of /64", func(lb *lbov1.LoadBalancer) {
			lb.Spec.EnablePrefixForIPv6SourceNAT = true
			lb.Spec.StaticAddresses[0].SourceNATIPv6Prefix = "2600:1f13:837:8501::/64"
			lb.Spec.StaticAddresses[1].SourceNATIPv6Prefix = "auto_assigned"
		}, "spec.staticAddresses[0].sourceNATIPv6Prefix", "IPv6 /80 prefix in network form"},
		{"source NAT prefix with host bits", func(lb *lbov1.LoadBalancer) {
			lb.Spec.EnablePrefixForIPv6SourceNAT = true
			lb.Spec.StaticAddresses[0].SourceNATIPv6Prefix = "2600:1f13:837:8501:0:1::/80"
			lb.Spec.StaticAddresses[1].SourceNATIPv6Prefix = "auto_assigned"
		}, "spec.staticAddresses[0].sourceNATIPv6Prefix", "IPv6 /80 prefix in network form"},
		{"source NAT prefix without source NAT", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[0].SourceNATIPv6Prefix = "auto_assigned"
			lb.Spec.StaticAddresses[1].SourceNATIPv6Prefix = "auto_assigned"
		}, "spec.staticAddresses", "needs enablePrefixForIPv6SourceNAT"},
		{"source NAT prefix for one subnet of two", func(lb *lbov1.LoadBalancer) {
			lb.Spec.EnablePrefixForIPv6SourceNAT = true
			lb.Spec.StaticAddresses[0].SourceNATIPv6Prefix = "auto_assigned"
		}, "spec.staticAddresses", "one for every subnet"},
		{"first target group of another Service", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups = append([]lbov1.TargetGroup{{Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 80}},
				HealthCheck: lb.Spec.TargetGroups[0].HealthCheck}}, lb.Spec.TargetGroups...)
		}, "spec.targetGroups", "the first target group of an L4 LoadBalancer selects its own pods"},
		{"weighted stickiness with a duration", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "other",
				Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 80}}, HealthCheck: lb.Spec.TargetGroups[0].HealthCheck})
			lb.Spec.Listeners[1].DefaultAction.Forward = &lbov1.ForwardAction{
				TargetGroups: []lbov1.WeightedTargetGroup{{Name: "dns", Weight: 1}, {Name: "other", Weight: 1}},
				Stickiness:   &lbov1.ForwardStickiness{Enabled: true, DurationSeconds: 60}}
		}, "spec.listeners", "without a duration"},
		{"requested certificate on TLS", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{DomainNames: []string{"a.example.com"}}}
		}, "spec.listeners[0].tls.requestCertificate", "is for HTTPS listeners"},
		{"IPAM pool on L4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPv4IPAMPoolID = "ipam-pool-01"
		}, "spec.ipv4IPAMPoolID", "is for L7 only"},
		{"customer-owned pool on L4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.CustomerOwnedIPv4Pool = "ipv4pool-coip-01"
		}, "spec.customerOwnedIPv4Pool", "is for L7 only"},
		{"frontend NLB on L4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.FrontendNLB = &lbov1.FrontendNLB{}
		}, "spec.frontendNLB", "is for L7 only"},
		{"target control port on L4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetType = lbov1.TargetTypeIP
			lb.Spec.TargetGroups[0].TargetControlPort = 3000
		}, "spec.targetGroups", "is for L7 only"},
	}
	refuseEach(t, ns, validL4, "surface-l4", cases)
}

// external is a LoadBalancer of layer External binding pods to a target
// group AWS has.
func external(name string) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerExternal,
			TargetGroups: []lbov1.TargetGroup{{Name: "web", Existing: &lbov1.ExistingTargetGroup{ARN: tgARN},
				Backend: lbov1.Backend{Selector: map[string]string{"app": "web"}, Port: 8080}}},
		},
	}
}

func TestAdmissionRefusesBadExternalLoadBalancers(t *testing.T) {
	ns := newNamespace(t)
	cases := []refusal{
		{"listeners", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners = []lbov1.Listener{{Name: "tcp", Port: 80, Protocol: lbov1.ProtocolTCP}}
		}, "spec.listeners", "remove spec.listeners"},
		{"a target group AWS does not have", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Existing = nil
		}, "spec.targetGroups", "give it existing and backend"},
		{"a target group without a backend", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Backend = lbov1.Backend{}
		}, "spec.targetGroups", "give it existing and backend"},
		{"subnets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = []string{"subnet-0a"}
		}, "spec", "makes no load balancer, so it has none of a load balancer's settings"},
		{"an internet-facing scheme", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Scheme = lbov1.SchemeInternetFacing
		}, "spec", "makes no load balancer, so it has none of a load balancer's settings"},
	}
	refuseEach(t, ns, external, "surface-ext", cases)
	// And an L4 or L7 LoadBalancer needs a listener.
	lb := validL7("surface-no-listener")
	lb.Namespace, lb.Spec.Listeners = ns, nil
	lb.Spec.Rules = nil
	assertRefused(t, k8s.Create(context.Background(), lb), "spec.listeners", "needs at least one listener")
}

// The new surface at AWS's limits is accepted, and fields that cannot change
// on a live load balancer are refused on update.
func TestAdmissionSurfaceLimitsAndChanges(t *testing.T) {
	ns := newNamespace(t)
	ctx := context.Background()
	lb := validL7("surface-limits")
	lb.Namespace = ns
	addHTTPS(lb)
	j := jwt()
	j.Issuer = "https://" + strings.Repeat("a", 248)
	for _, c := range "abcdefghij" {
		j.AdditionalClaims = append(j.AdditionalClaims, lbov1.JWTClaim{Name: string(c), Format: "string-array",
			Values: []string{strings.Repeat("v", 256), "1", "2", "3", "4", "5", "6", "7", "8", "9"}})
	}
	lb.Spec.Authentication = &lbov1.Authentication{JWT: j}
	lb.Spec.Rules[0].Conditions = lbov1.RuleConditions{
		Paths:       []lbov1.PathMatch{{Path: "^/" + strings.Repeat("a", 126), Type: lbov1.PathRegex}, {Path: "^/b", Type: lbov1.PathRegex}},
		HostRegexes: []string{"^a"},
		Headers:     []lbov1.HeaderMatch{{Name: "X-A", Regexes: []string{"^a", "^b"}}},
	}
	lb.Spec.Rules[0].Transforms = &lbov1.RuleTransforms{URL: &lbov1.Rewrite{Regex: strings.Repeat("a", 1024), Replace: strings.Repeat("b", 1024)},
		HostHeader: &lbov1.Rewrite{Regex: "^a", Replace: ""}}
	lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{Name: "oidc", Authentication: &lbov1.Authentication{OIDC: oidc()},
		Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/admin", Type: lbov1.PathPrefix}}},
		Action:     lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}}})
	lb.Spec.Rules[1].Authentication.OIDC.AuthenticationRequestExtraParams = map[string]lbov1.ExtraParamValue{}
	for _, c := range "abcdefghij" {
		lb.Spec.Rules[1].Authentication.OIDC.AuthenticationRequestExtraParams[string(c)] = lbov1.ExtraParamValue(strings.Repeat("x", 256))
	}
	lb.Spec.Listeners[1].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{CertificateAuthorityARN: caARN, DomainNames: []string{"*.example.com"}}}
	lb.Spec.IPv4IPAMPoolID = "ipam-pool-0123456789abcdef0"
	lb.Spec.CustomerOwnedIPv4Pool = "ipv4pool-coip-0123456789abcdef0"
	lb.Spec.TargetGroups[0].TargetControlPort = 3000
	lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "bound", Existing: &lbov1.ExistingTargetGroup{ARN: tgARN},
		Backend: lbov1.Backend{Selector: map[string]string{"app": "bound"}, Port: 9000}})
	lb.Spec.FrontendNLB = &lbov1.FrontendNLB{Scheme: lbov1.SchemeInternetFacing, Subnets: []string{"subnet-0a", "subnet-0b"},
		StaticAddresses: []lbov1.FrontendNLBAddress{{Subnet: "subnet-0a", ElasticIPAllocation: "eipalloc-0a"}, {Subnet: "subnet-0b", ElasticIPAllocation: "eipalloc-0b"}},
		Listeners:       []lbov1.FrontendNLBListener{{Port: 8443, Listener: "https"}},
		HealthCheck:     &lbov1.FrontendNLBHealthCheck{Protocol: "HTTPS", IntervalSeconds: 10, TimeoutSeconds: 10}}
	if err := k8s.Create(ctx, lb); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	update := func(mutate func(lb *lbov1.LoadBalancer)) error {
		return retry.RetryOnConflict(retry.DefaultRetry, func() error {
			cur := &lbov1.LoadBalancer{}
			if err := k8s.Get(ctx, client.ObjectKeyFromObject(lb), cur); err != nil {
				return err
			}
			mutate(cur)
			return k8s.Update(ctx, cur)
		})
	}
	assertRefused(t, update(func(lb *lbov1.LoadBalancer) { lb.Spec.CustomerOwnedIPv4Pool = "ipv4pool-coip-0123456789abcdef1" }),
		"spec.customerOwnedIPv4Pool", "cannot be set, changed or removed after creation")
	assertRefused(t, update(func(lb *lbov1.LoadBalancer) { lb.Spec.CustomerOwnedIPv4Pool = "" }),
		"spec.customerOwnedIPv4Pool", "cannot be set, changed or removed after creation")
	assertRefused(t, update(func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[1].Existing = &lbov1.ExistingTargetGroup{Name: "other"}
	}),
		"spec.targetGroups[1].existing", "cannot change while backend registers targets in it")
	assertRefused(t, update(func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetType = lbov1.TargetTypeInstance
		lb.Spec.TargetGroups[0].TargetControlPort = 0
	}),
		"spec.targetType", "cannot change while target groups register targets in target groups AWS has")
	// Renamed, a bound target group is a new binding: the target type may
	// change with it.
	if err := update(func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[1].Name = "bound-instances"
		lb.Spec.TargetType = lbov1.TargetTypeInstance
		lb.Spec.TargetGroups[0].TargetControlPort = 0
	}); err != nil {
		t.Fatalf("a new target type with the binding renamed: %v", err)
	}
	if err := update(func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetType = lbov1.TargetTypeIP
		lb.Spec.TargetGroups[1].Name = "bound"
	}); err != nil {
		t.Fatal(err)
	}
	// Unbound, it may change; the pool may be removed; the IPAM pool too.
	if err := update(func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[1].Backend = lbov1.Backend{}
		lb.Spec.IPv4IPAMPoolID = ""
		lb.Spec.FrontendNLB = nil
	}); err != nil {
		t.Fatalf("unbinding: %v", err)
	}
	if err := update(func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[1].Existing = &lbov1.ExistingTargetGroup{Name: "other"}
	}); err != nil {
		t.Fatalf("an unbound target group's existing changes: %v", err)
	}

	// An L4 LoadBalancer weighing its pods against another Service and a
	// target group AWS has, with source NAT.
	l4 := validL4("surface-l4-limits")
	l4.Namespace = ns
	l4.Spec.EnablePrefixForIPv6SourceNAT = true
	l4.Spec.StaticAddresses[0].SourceNATIPv6Prefix = "2600:1f13:837:8501:1::/80"
	l4.Spec.StaticAddresses[1].SourceNATIPv6Prefix = "auto_assigned"
	hc := l4.Spec.TargetGroups[0].HealthCheck
	l4.Spec.TargetGroups = append(l4.Spec.TargetGroups,
		lbov1.TargetGroup{Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 53}}, HealthCheck: hc},
		lbov1.TargetGroup{Name: "aws", Existing: &lbov1.ExistingTargetGroup{ARN: tgARN}})
	l4.Spec.Listeners[1].DefaultAction.Forward = &lbov1.ForwardAction{
		TargetGroups: []lbov1.WeightedTargetGroup{{Name: "dns", Weight: 999}, {Name: "other", Weight: 0}, {Name: "aws", Weight: 1}},
		Stickiness:   &lbov1.ForwardStickiness{Enabled: true}}
	if err := k8s.Create(ctx, l4); err != nil {
		t.Fatalf("L4 weighted with source NAT: %v", err)
	}
	ext := external("surface-external")
	ext.Namespace = ns
	ext.Spec.TargetType, ext.Spec.TargetNodeLabels, ext.Spec.MultiClusterTargetGroups = lbov1.TargetTypeInstance, map[string]lbov1.LabelValue{"pool": "a"}, true
	ext.Spec.DeletionPolicy, ext.Spec.AdoptExisting = lbov1.DeletionPolicyRetain, true
	if err := k8s.Create(ctx, ext); err != nil {
		t.Fatalf("External: %v", err)
	}
	got := &lbov1.LoadBalancer{}
	if err := k8s.Get(ctx, client.ObjectKeyFromObject(ext), got); err != nil || got.Spec.Listeners == nil || len(got.Spec.Listeners) != 0 || got.Spec.TargetGroups[0].Backend.Port != 8080 {
		t.Errorf("External stored as %+v (%v)", got.Spec, err)
	}
}
