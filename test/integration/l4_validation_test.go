package integration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// validL4 is a valid L4 LoadBalancer that sets most Network Load Balancer
// settings, for the cases to break.
func validL4(name string) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: lbov1.LoadBalancerSpec{
			Layer:            lbov1.LayerL4,
			Scheme:           lbov1.SchemeInternetFacing,
			LoadBalancerName: "edge",
			IPAddressType:    lbov1.IPAddressTypeDualStack,
			Subnets:          []string{"subnet-0a", "subnet-0b"},
			StaticAddresses: []lbov1.StaticAddress{
				{Subnet: "subnet-0a", ElasticIPAllocation: "eipalloc-0a", IPv6Address: "2600:1f13:837:8501::1"},
				{Subnet: "subnet-0b", ElasticIPAllocation: "eipalloc-0b", IPv6Address: "2600:1f13:837:8504::1"},
			},
			SourceRanges: []string{"203.0.113.0/24", "2001:db8::/32"},
			Tags:         map[string]lbov1.TagValue{"Team": "edge"},
			LoadBalancerAttributes: &lbov1.LoadBalancerAttributes{
				DeletionProtection:     ptr.To(true),
				CrossZoneLoadBalancing: ptr.To(true),
				AccessLogs:             &lbov1.AccessLogs{Enabled: true, Bucket: "logs", Prefix: "edge"},
				DNSClientRoutingPolicy: "availability_zone_affinity",
				Additional:             map[string]lbov1.AttributeValue{"zonal_shift.config.enabled": "true"},
			},
			MinimumCapacityUnits:         ptr.To[int32](100),
			AllowICMPForPathMTUDiscovery: true,
			Listeners: []lbov1.Listener{{
				Name: "https", Port: 443, Protocol: lbov1.ProtocolTLS,
				TLS: &lbov1.ListenerTLS{
					CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/a"},
					ALPNPolicy:      "HTTP2Preferred",
				},
				Attributes:    &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: ptr.To[int32](600)},
				DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}},
			}, {
				Name: "dns", Port: 53, Protocol: lbov1.ProtocolTCPUDP,
				DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "dns"}},
			}},
			TargetGroups: []lbov1.TargetGroup{{
				Name:            "web",
				Backend:         lbov1.Backend{Selector: map[string]string{"app": "edge"}, Port: 8443},
				HealthCheck:     &lbov1.HealthCheck{Protocol: "HTTP", Port: 8080, Path: "/healthz"},
				BackendProtocol: lbov1.BackendProtocolTLS,
				Attributes: &lbov1.TargetGroupAttributes{
					ProxyProtocolV2:                  ptr.To(true),
					DeregistrationDelaySeconds:       ptr.To[int32](30),
					UnhealthyConnectionTermination:   ptr.To(false),
					UnhealthyDrainingIntervalSeconds: ptr.To[int32](60),
					Additional:                       map[string]lbov1.AttributeValue{"target_group_health.dns_failover.minimum_healthy_targets.count": "1"},
				},
			}, {
				Name:        "dns",
				Backend:     lbov1.Backend{Selector: map[string]string{"app": "edge"}, Port: 5353},
				HealthCheck: &lbov1.HealthCheck{Protocol: "HTTP", Port: 8080, Path: "/healthz"},
			}},
		},
	}
}

// refusal is an invalid LoadBalancer: a valid base broken by mutate, and
// what the API server's refusal must name (field) and say.
type refusal struct {
	name   string
	mutate func(lb *lbov1.LoadBalancer)
	field  string
	says   string
}

// refuseEach creates base(prefix-i) broken by each case in namespace ns and
// requires the API server to refuse it as the case says.
func refuseEach(t *testing.T, ns string, base func(name string) *lbov1.LoadBalancer, prefix string, cases []refusal) {
	t.Helper()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := base(fmt.Sprintf("%s-%d", prefix, i))
			lb.Namespace = ns
			c.mutate(lb)
			assertRefused(t, k8s.Create(context.Background(), lb), c.field, c.says)
		})
	}
}

// assertRefused fails unless err is an Invalid error with a cause at field
// whose message says says.
func assertRefused(t *testing.T, err error, field, says string) {
	t.Helper()
	if err == nil {
		t.Fatal("the API server accepted it")
	}
	var status apierrors.APIStatus
	if !apierrors.IsInvalid(err) || !errors.As(err, &status) || status.Status().Details == nil {
		t.Fatalf("want an Invalid error, got %v", err)
	}
	var causes []string
	for _, c := range status.Status().Details.Causes {
		if c.Field == field && strings.Contains(c.Message, says) {
			return
		}
		causes = append(causes, fmt.Sprintf("%s: %s", c.Field, c.Message))
	}
	t.Fatalf("no cause at %q says %q; causes:\n%s", field, says, strings.Join(causes, "\n"))
}

// TestAdmissionRefusesInvalidL4Specs creates LoadBalancers with Network Load
// Balancer settings the AWS Load Balancer Controller cannot honour, or one
// Service cannot express, and checks that the API server refuses each with a
// message naming the field.
func TestAdmissionRefusesInvalidL4Specs(t *testing.T) {
	ns := newNamespace(t)
	cases := []refusal{
		// Load balancer name and addressing.
		{"name longer than 32", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerName = strings.Repeat("a", 33)
		}, "spec.loadBalancerName", "32"},
		{"name starting with internal-", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerName = "internal-edge"
		}, "spec.loadBalancerName", "must not start with 'internal-'"},
		{"name with an underscore", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerName = "my_lb"
		}, "spec.loadBalancerName", "should match"},
		{"dualstack-without-public-ipv4 on L4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStackWithoutPublicIPv4
			lb.Spec.StaticAddresses = nil
		}, "spec.ipAddressType", "dualstack-without-public-ipv4 is for L7 only"},
		{"subnet with a comma", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = []string{"a,b"}
			lb.Spec.StaticAddresses = nil
		}, "spec.subnets[0]", "should match"},

		// Static addresses.
		{"static addresses without subnets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = nil
		}, "spec.staticAddresses", "needs one entry for each of spec.subnets"},
		{"fewer static addresses than subnets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = append(lb.Spec.Subnets, "subnet-0c")
		}, "spec.staticAddresses", "needs one entry for each of spec.subnets"},
		{"static address for a subnet not in subnets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[1].Subnet = "subnet-0c"
		}, "spec.staticAddresses", "needs one entry for each of spec.subnets"},
		{"Elastic IP for one subnet only", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[1].ElasticIPAllocation = ""
		}, "spec.staticAddresses", "an elasticIPAllocation, or none"},
		{"private IPv4 address for one subnet only", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Scheme = lbov1.SchemeInternal
			lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-0a", PrivateIPv4Address: "10.0.1.5"}, {Subnet: "subnet-0b", IPv6Address: "2600:1f13:837:8504::1"}}
		}, "spec.staticAddresses", "a privateIPv4Address, or none"},
		{"IPv6 address for one subnet only", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[1].IPv6Address = ""
		}, "spec.staticAddresses", "an ipv6Address, or none"},
		{"Elastic IPs with subnets by name", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = []string{"public-a", "public-b"}
			lb.Spec.StaticAddresses[0].Subnet, lb.Spec.StaticAddresses[1].Subnet = "public-a", "public-b"
		}, "spec.subnets", "subnets are given by ID"},
		{"Elastic IPs on an internal load balancer", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Scheme = lbov1.SchemeInternal
		}, "spec.staticAddresses", "elasticIPAllocation needs scheme internet-facing"},
		{"private IPv4 addresses on an internet-facing load balancer", func(lb *lbov1.LoadBalancer) {
			for i := range lb.Spec.StaticAddresses {
				lb.Spec.StaticAddresses[i].ElasticIPAllocation = ""
				lb.Spec.StaticAddresses[i].PrivateIPv4Address = fmt.Sprintf("10.0.%d.5", i)
			}
		}, "spec.staticAddresses", "privateIPv4Address needs scheme internal"},
		{"IPv6 addresses on an ipv4 load balancer", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPAddressType = lbov1.IPAddressTypeIPv4
		}, "spec.staticAddresses", "ipv6Address needs ipAddressType dualstack"},
		{"private IPv4 address that is IPv6", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Scheme = lbov1.SchemeInternal
			for i := range lb.Spec.StaticAddresses {
				lb.Spec.StaticAddresses[i].ElasticIPAllocation = ""
				lb.Spec.StaticAddresses[i].PrivateIPv4Address = "10.0.0.5"
			}
			lb.Spec.StaticAddresses[0].PrivateIPv4Address = "2600::1"
		}, "spec.staticAddresses[0].privateIPv4Address", "must be an IPv4 address"},
		{"IPv6 address that is IPv4", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[0].IPv6Address = "10.0.0.5"
		}, "spec.staticAddresses[0].ipv6Address", "must be an IPv6 address"},
		{"static address without an address", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[0] = lbov1.StaticAddress{Subnet: "subnet-0a"}
		}, "spec.staticAddresses[0]", "sets at least one of elasticIPAllocation, privateIPv4Address, ipv6Address or sourceNATIPv6Prefix"},
		{"Elastic IP allocation that is not one", func(lb *lbov1.LoadBalancer) {
			lb.Spec.StaticAddresses[0].ElasticIPAllocation = "54.1.2.3"
		}, "spec.staticAddresses[0].elasticIPAllocation", "should match"},

		// Who may reach the load balancer.
		{"source range that is not a CIDR", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SourceRanges = []string{"10.0.0.1"}
		}, "spec.sourceRanges", "CIDRs in network form"},
		{"source range with host bits", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SourceRanges = []string{"10.0.0.1/8"}
		}, "spec.sourceRanges", "CIDRs in network form"},
		{"source ranges with security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups, lb.Spec.SourcePrefixLists, lb.Spec.AllowICMPForPathMTUDiscovery = []string{"sg-0a"}, nil, false
		}, "spec.sourceRanges", "cannot be used with securityGroups"},
		{"prefix lists with security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups, lb.Spec.SourceRanges, lb.Spec.AllowICMPForPathMTUDiscovery = []string{"sg-0a"}, nil, false
			lb.Spec.SourcePrefixLists = []string{"pl-0a"}
		}, "spec.sourcePrefixLists", "cannot be used with securityGroups"},
		{"ICMP with prefix lists, which get no ICMP rule", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SourcePrefixLists = []string{"pl-0a"}
		}, "spec.allowICMPForPathMTUDiscovery", "adds no ICMP rule for a prefix list"},
		{"an IPv6 source range on an ipv4 load balancer", func(lb *lbov1.LoadBalancer) {
			lb.Spec.IPAddressType = lbov1.IPAddressTypeIPv4
			for i := range lb.Spec.StaticAddresses {
				lb.Spec.StaticAddresses[i].IPv6Address = ""
			}
		}, "spec.sourceRanges", "holds the IPv6 CIDR 2001:db8::/32, which needs ipAddressType dualstack"},
		{"prefix list that is not one", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SourcePrefixLists = []string{"sg-0a"}
		}, "spec.sourcePrefixLists[0]", "should match"},
		{"more than five security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups = []string{"sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"}
		}, "spec.securityGroups", "must have at most 5 items"},
		{"manage backend rules without security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.ManageBackendSecurityGroupRules = ptr.To(true)
		}, "spec.manageBackendSecurityGroupRules", "goes with securityGroups"},
		{"ICMP rule with security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.SecurityGroups, lb.Spec.SourceRanges, lb.Spec.SourcePrefixLists = []string{"sg-0a"}, nil, nil
		}, "spec.allowICMPForPathMTUDiscovery", "adds a rule to the security group the AWS Load Balancer Controller manages"},
		{"no security groups with security group settings", func(lb *lbov1.LoadBalancer) {
			lb.Spec.DisableSecurityGroups = true
		}, "spec.disableSecurityGroups", "has no security groups"},

		// Tags and node labels.
		{"tag key reserved by AWS", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"aws:team": "x"}
		}, "spec.tags", "reserved by AWS"},
		{"tag key of the controller", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"elbv2.k8s.aws/cluster": "x"}
		}, "spec.tags", "by the AWS Load Balancer Controller"},
		{"tag key with a comma", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"a,b": "x"}
		}, "spec.tags", "the characters AWS takes in tags"},
		{"tag value with a comma", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Tags = map[string]lbov1.TagValue{"team": "a,b"}
		}, "spec.tags.team", "should match"},
		{"target node labels with ip targets", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetNodeLabels = map[string]lbov1.LabelValue{"pool": "edge"}
		}, "spec.targetNodeLabels", "needs targetType instance"},

		// Load balancer attributes.
		{"access logs without a bucket", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes.AccessLogs.Bucket = ""
		}, "spec.loadBalancerAttributes.accessLogs.bucket", "enabled access logs need bucket"},
		{"additional attribute that is not an AWS key", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes.Additional = map[string]lbov1.AttributeValue{"Deletion Protection": "true"}
		}, "spec.loadBalancerAttributes.additional", "are AWS attribute keys"},
		{"additional attribute that has a field", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes.Additional = map[string]lbov1.AttributeValue{"deletion_protection.enabled": "true"}
		}, "spec.loadBalancerAttributes.additional", "use deletionProtection"},
		{"additional attribute value with a comma", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes.Additional = map[string]lbov1.AttributeValue{"a.b": "x,y"}
		}, "spec.loadBalancerAttributes.additional.a.b", "should match"},

		// Target groups: what one Service cannot say, and their attributes.
		{"target groups with different health checks", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[1].HealthCheck.Path = "/dns"
		}, "spec.targetGroups", "share one healthCheck"},
		{"target group without the others' health check", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[1].HealthCheck = nil
		}, "spec.targetGroups", "share one healthCheck"},
		{"TLS backend behind a TCP_UDP listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[1].DefaultAction.Forward.TargetGroup = "web"
		}, "spec.targetGroups", "forwarded to by a listener that is not TLS"},
		{"TLS listeners whose target groups differ in backend protocol", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[1].Protocol, lb.Spec.Listeners[1].TLS = lbov1.ProtocolTLS, lb.Spec.Listeners[0].TLS
		}, "spec.targetGroups", "differ in backendProtocol"},
		{"target groups selecting different pods", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[1].Backend.Selector = map[string]string{"app": "dns"}
		}, "spec.targetGroups", "must all select the same pods"},
		{"draining unhealthy targets that are terminated", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes.UnhealthyConnectionTermination = ptr.To(true)
		}, "spec.targetGroups[0].attributes.unhealthyDrainingIntervalSeconds", "needs unhealthyConnectionTermination: false"},
		{"deregistration delay over an hour", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes.DeregistrationDelaySeconds = ptr.To[int32](3601)
		}, "spec.targetGroups[0].attributes.deregistrationDelaySeconds", "less than or equal to 3600"},
		{"additional target group attribute that has a field", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes.Additional = map[string]lbov1.AttributeValue{"stickiness.enabled": "true"}
		}, "spec.targetGroups[0].attributes.additional", "use the field"},

		// Listeners.
		{"QUIC on a TCP listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[1].Protocol = lbov1.ProtocolTCP
			lb.Spec.Listeners[1].QUIC = true
		}, "spec.listeners[1].quic", "quic is for UDP and TCP_UDP listeners"},
		{"TCP idle timeout on a UDP listener", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[1].Protocol = lbov1.ProtocolUDP
			lb.Spec.Listeners[1].Attributes = &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: ptr.To[int32](600)}
		}, "spec.listeners[1].attributes.tcpIdleTimeoutSeconds", "is for TCP, TLS and TCP_UDP listeners"},
		{"TCP idle timeout under a minute", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Attributes.TCPIdleTimeoutSeconds = ptr.To[int32](30)
		}, "spec.listeners[0].attributes.tcpIdleTimeoutSeconds", "greater than or equal to 60"},
		{"unknown ALPN policy", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].TLS.ALPNPolicy = "HTTP3"
		}, "spec.listeners[0].tls.alpnPolicy", "Unsupported value"},
	}
	refuseEach(t, ns, validL4, "l4-invalid", cases)

	// The base case itself is valid, or the cases above prove nothing.
	ok := validL4("l4-valid")
	ok.Namespace = ns
	if err := k8s.Create(context.Background(), ok); err != nil {
		t.Fatalf("the valid LoadBalancer was refused: %v", err)
	}
}

// TestAdmissionRefusesNLBSettingsOnL7 sets each load balancer setting the L7
// expansion does not map yet, and each NLB-only one, on an L7 LoadBalancer.
// (The shared settings L7 maps are in l7_validation_test.go.)
func TestAdmissionRefusesNLBSettingsOnL7(t *testing.T) {
	ns := newNamespace(t)
	https := func(lb *lbov1.LoadBalancer) *lbov1.Listener {
		l := &lb.Spec.Listeners[0]
		l.Protocol, l.Port = lbov1.ProtocolHTTPS, 443
		l.TLS = &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/a"}}
		return l
	}
	cases := []refusal{
		{"staticAddresses", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Subnets = []string{"subnet-0a"}
			lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-0a", PrivateIPv4Address: "10.0.0.5"}}
		}, "spec.staticAddresses", "staticAddresses is for L4 only"},
		{"dnsClientRoutingPolicy", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{DNSClientRoutingPolicy: "any_availability_zone"}
		}, "spec.loadBalancerAttributes.dnsClientRoutingPolicy", "is for L4 only"},
		{"crossZoneLoadBalancing", func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{CrossZoneLoadBalancing: ptr.To(true)}
		}, "spec.loadBalancerAttributes.crossZoneLoadBalancing", "an Application Load Balancer always balances across zones"},
		{"disableSecurityGroups", func(lb *lbov1.LoadBalancer) { lb.Spec.DisableSecurityGroups = true },
			"spec.disableSecurityGroups", "disableSecurityGroups is for L4 only"},
		{"enforceSecurityGroupRulesOnPrivateLinkTraffic", func(lb *lbov1.LoadBalancer) {
			lb.Spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic = ptr.To(true)
		}, "spec.enforceSecurityGroupRulesOnPrivateLinkTraffic", "is for L4 only"},
		{"allowICMPForPathMTUDiscovery", func(lb *lbov1.LoadBalancer) { lb.Spec.AllowICMPForPathMTUDiscovery = true },
			"spec.allowICMPForPathMTUDiscovery", "is for L4 only"},
		{"NLB target group attribute", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{PreserveClientIP: ptr.To(true)}
		}, "spec.targetGroups", "are Network Load Balancer target group attributes"},
		{"target group backendProtocol TLS", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolTLS
		}, "spec.targetGroups", "backendProtocol of an L7 LoadBalancer is HTTP or HTTPS"},
		{"ALPN policy on HTTPS", func(lb *lbov1.LoadBalancer) { https(lb).TLS.ALPNPolicy = "HTTP2Only" },
			"spec.listeners[0].tls.alpnPolicy", "is for TLS listeners (L4 only)"},
		{"QUIC on HTTP", func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].QUIC = true },
			"spec.listeners[0].quic", "quic is for UDP and TCP_UDP listeners"},
		{"listener attributes on HTTP", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: ptr.To[int32](60)}
		}, "spec.listeners[0].attributes.tcpIdleTimeoutSeconds", "is for TCP, TLS and TCP_UDP listeners"},
	}
	refuseEach(t, ns, validL7, "l7-nlb", cases)
}

// TestAdmissionRefusesChangesTheControllerIgnores updates a valid L4
// LoadBalancer in ways the AWS Load Balancer Controller would not carry out:
// renaming the load balancer, adding or dropping its security groups, and
// removing attributes, which it never resets.
func TestAdmissionRefusesChangesTheControllerIgnores(t *testing.T) {
	ns := newNamespace(t)
	cases := []refusal{
		{"rename", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerName = "edge2" },
			"spec.loadBalancerName", "cannot be set, changed or removed after creation"},
		{"remove the name", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerName = "" },
			"spec.loadBalancerName", "cannot be set, changed or removed after creation"},
		{"drop the security groups", func(lb *lbov1.LoadBalancer) {
			lb.Spec.DisableSecurityGroups = true
			lb.Spec.SourcePrefixLists, lb.Spec.AllowICMPForPathMTUDiscovery = nil, false
		}, "spec.disableSecurityGroups", "cannot be changed after creation"},
		{"remove the capacity reservation", func(lb *lbov1.LoadBalancer) { lb.Spec.MinimumCapacityUnits = nil },
			"spec.minimumCapacityUnits", "set it to 0 to release it"},
		{"remove the load balancer attributes", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerAttributes = nil },
			"spec.loadBalancerAttributes", "cannot be removed once set"},
		{"remove deletion protection", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerAttributes.DeletionProtection = nil },
			"spec.loadBalancerAttributes.deletionProtection", "set it to false instead"},
		{"remove cross-zone load balancing", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerAttributes.CrossZoneLoadBalancing = nil },
			"spec.loadBalancerAttributes.crossZoneLoadBalancing", "cannot be removed once set"},
		{"remove access logs", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerAttributes.AccessLogs = nil },
			"spec.loadBalancerAttributes.accessLogs", "set accessLogs.enabled to false instead"},
		{"remove the DNS client routing policy", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerAttributes.DNSClientRoutingPolicy = "" },
			"spec.loadBalancerAttributes.dnsClientRoutingPolicy", "set it to any_availability_zone"},
		{"remove an additional load balancer attribute", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerAttributes.Additional = nil },
			"spec.loadBalancerAttributes.additional", "a key of additional cannot be removed"},
		{"remove listener attributes", func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].Attributes = nil },
			"spec.listeners[0].attributes", "cannot be removed once set"},
		{"remove the TCP idle timeout", func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].Attributes.TCPIdleTimeoutSeconds = nil },
			"spec.listeners[0].attributes.tcpIdleTimeoutSeconds", "set it to 350"},
		{"remove target group attributes", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].Attributes = nil },
			"spec.targetGroups[0].attributes", "cannot be removed once set"},
		{"remove the deregistration delay", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes.DeregistrationDelaySeconds = nil
		}, "spec.targetGroups[0].attributes.deregistrationDelaySeconds", "set it to 300"},
		{"remove unhealthy target draining", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes.UnhealthyDrainingIntervalSeconds = nil
		}, "spec.targetGroups[0].attributes.unhealthyDrainingIntervalSeconds", "set it to 0"},
		{"remove an additional target group attribute", func(lb *lbov1.LoadBalancer) {
			lb.Spec.TargetGroups[0].Attributes.Additional = map[string]lbov1.AttributeValue{}
		}, "spec.targetGroups[0].attributes.additional", "a key of additional cannot be removed"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := validL4(fmt.Sprintf("l4-update-%d", i))
			lb.Namespace = ns
			if err := k8s.Create(context.Background(), lb); err != nil {
				t.Fatalf("creating the valid LoadBalancer: %v", err)
			}
			assertRefused(t, updateConflictFree(lb, c.mutate), c.field, c.says)
		})
	}

	// A name can be given at creation, and attributes changed in place.
	t.Run("changing attribute values", func(t *testing.T) {
		lb := validL4("l4-update-ok")
		lb.Namespace = ns
		if err := k8s.Create(context.Background(), lb); err != nil {
			t.Fatalf("creating the valid LoadBalancer: %v", err)
		}
		// Retried on conflicts with the operator's status writes.
		err := updateConflictFree(lb, func(lb *lbov1.LoadBalancer) {
			lb.Spec.LoadBalancerAttributes.DeletionProtection = ptr.To(false)
			lb.Spec.LoadBalancerAttributes.AccessLogs = &lbov1.AccessLogs{Enabled: false}
			lb.Spec.TargetGroups[0].Attributes.DeregistrationDelaySeconds = ptr.To[int32](300)
			lb.Spec.MinimumCapacityUnits = ptr.To[int32](0)
		})
		if err != nil {
			t.Fatalf("the update was refused: %v", err)
		}
	})
}
