package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// TestAdmissionRefusesInvalidL7Specs creates L7 LoadBalancers that break an
// Application Load Balancer limit or combine settings the AWS Load Balancer
// Controller cannot honour, and checks that the API server refuses each with
// a message naming the field.
func TestAdmissionRefusesInvalidL7Specs(t *testing.T) {
	ns := newNamespace(t)
	conditions := func(lb *lbov1.LoadBalancer) *lbov1.RuleConditions { return &lb.Spec.Rules[0].Conditions }
	cases := []refusal{
		// Rule conditions: at most 3 values per condition, 5 per rule.
		{"six condition values in a rule", func(lb *lbov1.LoadBalancer) {
			c := conditions(lb)
			c.Hosts = []string{"a.example.com", "b.example.com"}
			c.Methods = []string{"GET", "HEAD"}
			c.SourceIPs = []string{"10.0.0.0/8"}
		}, "spec.rules[0].conditions", "a rule has at most 5 condition values"},
		{"a Prefix path counts twice", func(lb *lbov1.LoadBalancer) {
			c := conditions(lb)
			c.Paths = []lbov1.PathMatch{{Path: "/api", Type: lbov1.PathPrefix}}
			c.Hosts = []string{"a.example.com", "b.example.com"}
			c.Methods = []string{"GET", "HEAD"}
		}, "spec.rules[0].conditions", "2 for a Prefix path other than /"},
		{"four header values", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{"a", "b", "c", "d"}}}
		}, "spec.rules[0].conditions.headers[0].values", "must have at most 3 items"},
		{"header without values", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{}}}
		}, "spec.rules[0].conditions.headers[0]", "set either values (patterns) or regexes"},
		{"Host as a header", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "HOST", Values: []string{"a.example.com"}}}
		}, "spec.rules[0].conditions.headers[0].name", "match the Host header with conditions.hosts"},
		{"header name with a space", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "X A", Values: []string{"a"}}}
		}, "spec.rules[0].conditions.headers[0].name", "should match"},
		{"four query strings", func(lb *lbov1.LoadBalancer) {
			conditions(lb).QueryStrings = []lbov1.QueryStringMatch{{Value: "a"}, {Value: "b"}, {Value: "c"}, {Value: "d"}}
		}, "spec.rules[0].conditions.queryStrings", "must have at most 3 items"},
		{"lowercase method", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Methods = []string{"get"}
		}, "spec.rules[0].conditions.methods[0]", "should match"},
		{"source IP that is not a CIDR", func(lb *lbov1.LoadBalancer) {
			conditions(lb).SourceIPs = []string{"10.0.0.1"}
		}, "spec.rules[0].conditions.sourceIPs", "sourceIPs are CIDRs in network form"},
		{"source IP with host bits", func(lb *lbov1.LoadBalancer) {
			conditions(lb).SourceIPs = []string{"10.0.0.1/8"}
		}, "spec.rules[0].conditions.sourceIPs", "sourceIPs are CIDRs in network form"},

		// Target groups.
		{"TLS backend on L7", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolTLS
		}, "spec.targetGroups", "backendProtocol of an L7 LoadBalancer is HTTP or HTTPS"},
		{"NLB target group attribute on L7", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{ProxyProtocolV2: ptr.To(true)}
		}, "spec.targetGroups", "are Network Load Balancer target group attributes"},
		{"stickiness on a single target group", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Action.Forward.Stickiness = &lbov1.ForwardStickiness{Enabled: true}
		}, "spec.rules[0].action.forward.stickiness", "binds clients to one of several weighted targetGroups"},
		{"stickiness longer than 7 days", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Action.Forward = &lbov1.ForwardAction{
				TargetGroups: []lbov1.WeightedTargetGroup{{Name: "app", Weight: 1}},
				Stickiness:   &lbov1.ForwardStickiness{Enabled: true, DurationSeconds: 604801},
			}
		}, "spec.rules[0].action.forward.stickiness.durationSeconds", "should be less than or equal to 604800"},

		// Load balancer settings.
		{"name longer than 32", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerName = strings.Repeat("a", 33)
		}, "spec.loadBalancerName", "32"},
		{"name starting with internal-", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerName = "internal-web"
		}, "spec.loadBalancerName", "must not start with 'internal-'"},
		{"dualstack-without-public-ipv4 on an internal ALB", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStackWithoutPublicIPv4
		}, "spec.ipAddressType", "needs scheme internet-facing"},
		{"sourceRanges with securityGroups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups = []string{"sg-0a"}
			lb.Spec.SourceRanges = []string{"10.0.0.0/8"}
		}, "spec.sourceRanges", "sourceRanges cannot be used with securityGroups"},
		{"sourcePrefixLists with securityGroups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups = []string{"sg-0a"}
			lb.Spec.SourcePrefixLists = []string{"pl-0a"}
		}, "spec.sourcePrefixLists", "sourcePrefixLists cannot be used with securityGroups"},
		{"manageBackendSecurityGroupRules without securityGroups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.ManageBackendSecurityGroupRules = ptr.To(true)
		}, "spec.manageBackendSecurityGroupRules", "goes with securityGroups"},
		{"six security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups = []string{"sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"}
		}, "spec.securityGroups", "must have at most 5 items"},
		{"tag key reserved by the controller", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"ingress.k8s.aws/stack": "x"}
		}, "spec.tags", "reserved"},
		{"targetNodeLabels with ip targets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetNodeLabels = map[string]lbov1.LabelValue{"pool": "web"}
		}, "spec.targetNodeLabels", "needs targetType instance"},
		// HTTP to HTTPS redirect.
		{"httpsRedirectPort that is no HTTPS listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.HTTPSRedirectPort = ptr.To[int32](80)
		}, "spec.httpsRedirectPort", "must be the port of an HTTPS listener"},
		{"httpsRedirectPort with a default action on HTTP", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.HTTPSRedirectPort = ptr.To[int32](443)
		}, "spec.listeners", "remove their defaultAction"},

		// Authentication.
		{"authentication without an HTTPS listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Authentication = &lbov1.Authentication{Cognito: cognito()}
		}, "spec.authentication", "needs an HTTPS listener"},
		{"both OIDC and Cognito", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{Cognito: cognito(), OIDC: oidc()}
		}, "spec.authentication", "set exactly one of authentication.oidc or authentication.cognito"},
		{"neither OIDC nor Cognito", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{OnUnauthenticatedRequest: "deny"}
		}, "spec.authentication", "set exactly one of authentication.oidc or authentication.cognito"},
		{"OIDC issuer over HTTP", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			o := oidc()
			o.Issuer = "http://idp.example.com"
			lb.Spec.Authentication = &lbov1.Authentication{OIDC: o}
		}, "spec.authentication.oidc.issuer", "should match"},
		{"full Cognito domain", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			c := cognito()
			c.UserPoolDomain = "my-domain.auth.eu-west-1.amazoncognito.com"
			lb.Spec.Authentication = &lbov1.Authentication{Cognito: c}
		}, "spec.authentication.cognito.userPoolDomain", "only its prefix"},
		{"session longer than 7 days", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{Cognito: cognito(), SessionTimeoutSeconds: 604801}
		}, "spec.authentication.sessionTimeoutSeconds", "should be less than or equal to 604800"},
		{"unknown unauthenticated behaviour", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{Cognito: cognito(), OnUnauthenticatedRequest: "redirect"}
		}, "spec.authentication.onUnauthenticatedRequest", "Unsupported value"},

		{"listener attribute with a comma", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{
				Additional: map[string]lbov1.AttributeValue{"routing.http.response.access_control_allow_headers.header_value": "a,b"}}
		}, "spec.listeners[0].attributes.additional.routing.http.response.access_control_allow_headers.header_value", "should match"},
		{"tcp idle timeout in additional", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{
				Additional: map[string]lbov1.AttributeValue{"tcp.idle_timeout.seconds": "60"}}
		}, "spec.listeners[0].attributes.additional", "use tcpIdleTimeoutSeconds"},

		// Mutual TLS.
		{"mutual TLS on HTTP", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].MutualAuthentication = &lbov1.MutualAuthentication{Mode: "passthrough"}
		}, "spec.listeners[0].mutualAuthentication", "is for HTTPS listeners"},
		{"verify without a trust store", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[1].MutualAuthentication = &lbov1.MutualAuthentication{Mode: "verify"}
		}, "spec.listeners[1].mutualAuthentication.trustStore", "mode verify needs trustStore"},
		{"trust store with passthrough", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[1].MutualAuthentication = &lbov1.MutualAuthentication{Mode: "passthrough", TrustStore: "ts"}
		}, "spec.listeners[1].mutualAuthentication.mode", "are for mode verify"},

		{"group name with an uppercase letter", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Group = &lbov1.Group{Name: "Shop", Order: 1}
		}, "spec.group.name", "should match"},
		{"group order above 1000", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Group = &lbov1.Group{Name: "shop", Order: 1001}
		}, "spec.group.order", "should be less than or equal to 1000"},
		{"global WAF web ACL", func(lb *lbov1.LoadBalancer) {
			lb.Spec.WAFv2WebACLARN = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/web/1"
		}, "spec.wafv2WebACLARN", "should match"},

		// Rules limited to listeners, authenticated per rule; gRPC on HTTPS.
		{"rule on an unknown listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Listeners = []string{"https"}
		}, "spec.rules", "a rule's listeners names a listener that is not in spec.listeners"},
		{"rule with authentication on HTTP only", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Rules[0].Listeners = []string{"http"}
			lb.Spec.Rules[0].Authentication = &lbov1.Authentication{Cognito: cognito()}
		}, "spec.rules", "a rule with authentication needs an HTTPS listener among its listeners"},
		{"rule that authenticates and skips authentication", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{OIDC: oidc()}
			lb.Spec.Rules[0].Authentication = &lbov1.Authentication{Cognito: cognito()}
			lb.Spec.Rules[0].SkipAuthentication = true
		}, "spec.rules[0].skipAuthentication", "skipAuthentication cannot go with authentication"},
		{"skipAuthentication without authentication", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].SkipAuthentication = true
		}, "spec.rules", "a rule's skipAuthentication needs spec.authentication"},
	}
	// AWS supports the protocol versions HTTP2 and GRPC with HTTPS listeners
	// only.
	for _, v := range []lbov1.BackendProtocolVersion{lbov1.BackendProtocolVersionGRPC, lbov1.BackendProtocolVersionHTTP2} {
		cases = append(cases, refusal{string(v) + " target group behind an HTTP listener's default action", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].BackendProtocolVersion = v
			lb.Spec.Rules = nil
		}, "spec.listeners", "backendProtocolVersion GRPC or HTTP2 must be HTTPS: an Application Load Balancer sends gRPC and HTTP/2 to targets from HTTPS listeners only"},
			refusal{string(v) + " target group behind a rule on an HTTP listener", func(lb *lbov1.LoadBalancer) {
				addHTTPS(lb)
				lb.Spec.Listeners[0].DefaultAction.Forward.TargetGroup = "web"
				lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "web",
					Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "web", Port: 80}}})
				lb.Spec.TargetGroups[0].BackendProtocolVersion = v
				lb.Spec.Listeners[1].DefaultAction.Forward.TargetGroup = "web"
			}, "spec.rules", "must apply to HTTPS listeners only"})
	}
	refuseEach(t, ns, validL7, "l7-invalid", cases)
}

// TestAdmissionAcceptsL7AtTheLimits creates L7 LoadBalancers right at the
// Application Load Balancer's limits, which must be accepted.
func TestAdmissionAcceptsL7AtTheLimits(t *testing.T) {
	ns := newNamespace(t)
	cases := []struct {
		name   string
		mutate func(lb *lbov1.LoadBalancer)
	}{
		{"five condition values", func(lb *lbov1.LoadBalancer) {
			c := &lb.Spec.Rules[0].Conditions
			c.Paths = []lbov1.PathMatch{{Path: "/", Type: lbov1.PathPrefix}}
			c.Hosts = []string{"a.example.com", "b.example.com"}
			c.Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{"a", "b"}}}
		}},
		{"every load balancer setting", func(lb *lbov1.LoadBalancer) {
			s := &lb.Spec
			s.Scheme, s.TargetType = lbov1.SchemeInternetFacing, lbov1.TargetTypeInstance
			s.LoadBalancerName = strings.Repeat("a", 32)
			s.IPAddressType = lbov1.IPAddressTypeDualStackWithoutPublicIPv4
			s.Subnets = []string{"subnet-0a", "public-b"}
			s.SourceRanges = []string{"203.0.113.0/24"}
			s.SourcePrefixLists = []string{"pl-0a"}
			s.Tags = map[string]lbov1.TagValue{"Team": "web"}
			s.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{
				DeletionProtection: ptr.To(true),
				AccessLogs:         &lbov1.AccessLogs{Enabled: true, Bucket: "logs"},
				Additional:         map[string]lbov1.AttributeValue{"idle_timeout.timeout_seconds": "600"},
			}
			s.MinimumCapacityUnits = ptr.To[int32](100)
			s.TargetNodeLabels = map[string]lbov1.LabelValue{"pool": "web"}
			s.MultiClusterTargetGroups = true
			s.WAFv2WebACLARN = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web/1"
			s.ShieldAdvancedProtection = ptr.To(true)
		}},
		{"every target group setting", func(lb *lbov1.LoadBalancer) {
			// gRPC needs HTTPS listeners: the HTTP one only redirects.
			addHTTPS(lb)
			lb.Spec.Listeners[0].DefaultAction = nil
			lb.Spec.HTTPSRedirectPort = ptr.To[int32](443)
			tg := &lb.Spec.TargetGroups[0]
			tg.BackendProtocol, tg.BackendProtocolVersion = lbov1.BackendProtocolHTTPS, lbov1.BackendProtocolVersionGRPC
			tg.HealthCheck = &lbov1.HealthCheck{Protocol: "HTTPS", Port: 8443, Path: "/AWS.ALB/healthcheck", IntervalSeconds: 10,
				TimeoutSeconds: 5, HealthyThresholdCount: 3, UnhealthyThresholdCount: 3, SuccessCodes: "0-99"}
			tg.Attributes = &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30),
				CookieStickiness: &lbov1.CookieStickiness{Enabled: true, DurationSeconds: 3600, AppCookieName: "session"},
				Additional:       map[string]lbov1.AttributeValue{"slow_start.duration_seconds": "30"}}
			lb.Spec.Rules[0].Action.Forward = &lbov1.ForwardAction{
				TargetGroups: []lbov1.WeightedTargetGroup{{Name: "app", Weight: 1}},
				Stickiness:   &lbov1.ForwardStickiness{Enabled: true, DurationSeconds: 604800},
			}
		}},
		{"HTTP redirected to HTTPS", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[0].DefaultAction = nil
			lb.Spec.HTTPSRedirectPort = ptr.To[int32](443)
		}},
		{"OIDC authentication", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Authentication = &lbov1.Authentication{OIDC: oidc(), OnUnauthenticatedRequest: "allow",
				Scope: []string{"openid", "email"}, SessionCookieName: "s", SessionTimeoutSeconds: 604800}
		}},
		{"mutual TLS verify", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Listeners[1].MutualAuthentication = &lbov1.MutualAuthentication{Mode: "verify", TrustStore: "partners",
				IgnoreClientCertificateExpiry: ptr.To(true), AdvertiseTrustStoreCANames: ptr.To(true)}
		}},
		{"listener attributes on HTTP", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{
				Additional: map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"}}
		}},
		{"own security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups = []string{"sg-0a", "web"}
			lb.Spec.ManageBackendSecurityGroupRules = ptr.To(true)
		}},
		{"gRPC rule limited to the HTTPS listener", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Group = &lbov1.Group{Name: "grpc", Order: 0}
			lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "grpc",
				Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "grpc", Port: 50051}}, BackendProtocolVersion: lbov1.BackendProtocolVersionGRPC})
			lb.Spec.Rules[0].Listeners = []string{"https"}
			lb.Spec.Rules[0].Action.Forward.TargetGroup = "grpc"
		}},
		{"HTTP2 rule limited to the HTTPS listener", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Group = &lbov1.Group{Name: "h2", Order: 0}
			lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{Name: "h2",
				Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "h2", Port: 8080}}, BackendProtocolVersion: lbov1.BackendProtocolVersionHTTP2})
			lb.Spec.Rules[0].Listeners = []string{"https"}
			lb.Spec.Rules[0].Action.Forward.TargetGroup = "h2"
		}},
		{"rules with their own authentication", func(lb *lbov1.LoadBalancer) {
			addHTTPS(lb)
			lb.Spec.Group = &lbov1.Group{Name: "auth", Order: 0}
			lb.Spec.Authentication = &lbov1.Authentication{OIDC: oidc()}
			lb.Spec.Rules[0].SkipAuthentication = true
			lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{Name: "partners", Listeners: []string{"https"},
				Conditions:     lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/partners", Type: lbov1.PathPrefix}}},
				Action:         lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}},
				Authentication: &lbov1.Authentication{Cognito: cognito()}})
		}},
		{"group member without a default action", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Group = &lbov1.Group{Name: "shared", Order: 5}
			lb.Spec.Listeners[0].DefaultAction = nil
		}},
		{"only a query string", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Conditions = lbov1.RuleConditions{QueryStrings: []lbov1.QueryStringMatch{{Key: "v", Value: "2"}}}
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := validL7(fmt.Sprintf("l7-valid-%d", i))
			lb.Namespace = ns
			c.mutate(lb)
			if err := k8s.Create(context.Background(), lb); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestAdmissionRefusesALBSettingsOnL4 sets each Application Load Balancer
// only setting on an L4 LoadBalancer.
func TestAdmissionRefusesALBSettingsOnL4(t *testing.T) {
	ns := newNamespace(t)
	cases := []refusal{
		{"wafv2WebACLARN", func(lb *lbov1.LoadBalancer) { lb.Spec.WAFv2WebACLARN = "none" },
			"spec.wafv2WebACLARN", "wafv2WebACLARN is for L7 only"},
		{"shieldAdvancedProtection", func(lb *lbov1.LoadBalancer) { lb.Spec.ShieldAdvancedProtection = ptr.To(true) },
			"spec.shieldAdvancedProtection", "shieldAdvancedProtection is for L7 only"},
		{"cookieStickiness", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{CookieStickiness: &lbov1.CookieStickiness{Enabled: true}}
		}, "spec.targetGroups", "cookieStickiness is for L7 only"},
		{"group", func(lb *lbov1.LoadBalancer) { lb.Spec.Group = &lbov1.Group{Name: "shop", Order: 0} },
			"spec.group", "group is for L7 only"},
		{"authentication", func(lb *lbov1.LoadBalancer) { lb.Spec.Authentication = &lbov1.Authentication{Cognito: cognito()} },
			"spec.authentication", "authentication is for L7 only"},
		{"httpsRedirectPort", func(lb *lbov1.LoadBalancer) { lb.Spec.HTTPSRedirectPort = ptr.To[int32](443) },
			"spec.httpsRedirectPort", "httpsRedirectPort is for L7 only"},
		{"HTTPS backend", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolHTTPS },
			"spec.targetGroups", "backendProtocol of an L4 LoadBalancer is TCP or TLS"},
		{"backendProtocolVersion", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].BackendProtocolVersion = lbov1.BackendProtocolVersionHTTP2
		}, "spec.targetGroups", "backendProtocolVersion is for L7 only"},
	}
	refuseEach(t, ns, validL4, "l4-alb", cases)
}

// TestAdmissionRefusesRemovingALBProtection: the controller leaves WAF and
// Shield as they are when their annotations go, so the fields cannot be
// removed once set.
func TestAdmissionRefusesRemovingALBProtection(t *testing.T) {
	ns := newNamespace(t)
	lb := validL7("l7-protected")
	lb.Namespace = ns
	lb.Spec.WAFv2WebACLARN = "none"
	lb.Spec.ShieldAdvancedProtection = ptr.To(true)
	if err := k8s.Create(context.Background(), lb); err != nil {
		t.Fatal(err)
	}
	err := updateConflictFree(lb, func(lb *lbov1.LoadBalancer) {
		lb.Spec.WAFv2WebACLARN = ""
		lb.Spec.ShieldAdvancedProtection = nil
	})
	assertRefused(t, err, "spec.wafv2WebACLARN", "set it to none to detach it")
	assertRefused(t, err, "spec.shieldAdvancedProtection", "set it to false instead")
}

// updateConflictFree applies mutate to the latest lb and updates it, again on
// a conflict: the reconciler may write lb (finalizer, status) in between. It
// returns the API server's answer to the last update.
func updateConflictFree(lb *lbov1.LoadBalancer, mutate func(*lbov1.LoadBalancer)) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if err := k8s.Get(context.Background(), client.ObjectKeyFromObject(lb), lb); err != nil {
			return err
		}
		mutate(lb)
		return k8s.Update(context.Background(), lb)
	})
}

// TestAdmissionRefusesMovingBetweenGroups: joining, leaving or changing a
// group moves the LoadBalancer to another ALB, so it needs allowReplacement.
func TestAdmissionRefusesMovingBetweenGroups(t *testing.T) {
	ns := newNamespace(t)
	for i, c := range []struct {
		name     string
		from, to *lbov1.Group
	}{
		{"join", nil, &lbov1.Group{Name: "shop", Order: 1}},
		{"leave", &lbov1.Group{Name: "shop", Order: 1}, nil},
		{"change", &lbov1.Group{Name: "shop", Order: 1}, &lbov1.Group{Name: "shop2", Order: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			lb := validL7(fmt.Sprintf("l7-group-%d", i))
			lb.Namespace = ns
			lb.Spec.Group = c.from
			if err := k8s.Create(context.Background(), lb); err != nil {
				t.Fatal(err)
			}
			err := updateConflictFree(lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Group = c.to })
			assertRefused(t, err, "spec.group", "Set spec.allowReplacement: true")
			err = updateConflictFree(lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Group, lb.Spec.AllowReplacement = c.to, true })
			if err != nil {
				t.Fatalf("with allowReplacement: %v", err)
			}
		})
	}
	// A new order keeps the ALB.
	lb := validL7("l7-group-order")
	lb.Namespace = ns
	lb.Spec.Group = &lbov1.Group{Name: "shop", Order: 1}
	if err := k8s.Create(context.Background(), lb); err != nil {
		t.Fatal(err)
	}
	if err := updateConflictFree(lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Group.Order = 2 }); err != nil {
		t.Fatalf("changing the order: %v", err)
	}
}

// addHTTPS adds an HTTPS listener on 443 with the HTTP listener's default
// action.
func addHTTPS(lb *lbov1.LoadBalancer) {
	lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{
		Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
		TLS:           &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/a"}},
		DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}},
	})
}

func cognito() *lbov1.CognitoAuthentication {
	return &lbov1.CognitoAuthentication{
		UserPoolARN:      "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_abc",
		UserPoolClientID: "client1", UserPoolDomain: "my-domain",
	}
}

func oidc() *lbov1.OIDCAuthentication {
	return &lbov1.OIDCAuthentication{
		Issuer: "https://idp.example.com", AuthorizationEndpoint: "https://idp.example.com/authorize",
		TokenEndpoint: "https://idp.example.com/token", UserInfoEndpoint: "https://idp.example.com/userinfo",
		ClientSecretName: "oidc",
	}
}
