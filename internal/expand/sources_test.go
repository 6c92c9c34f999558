package expand

import (
	"fmt"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// Who may reach a load balancer: what lbo declares with sourceRanges,
// sourcePrefixLists and allowICMPForPathMTUDiscovery must be what the AWS
// Load Balancer Controller builds, or be refused.

// tcpL4 is an internet-facing L4 LoadBalancer without security groups with
// one listener of protocol to ip targets, and sourceRanges.
func tcpL4(protocol lbov1.Protocol) *lbov1.LoadBalancer {
	lb := baseL4()
	lb.Spec.Scheme = lbov1.SchemeInternetFacing
	lb.Spec.TargetType = lbov1.TargetTypeIP
	lb.Spec.DisableSecurityGroups = true
	lb.Spec.SourceRanges = []string{"198.51.100.0/24"}
	lb.Spec.Listeners = []lbov1.Listener{{Name: "l", Port: 53, Protocol: protocol}}
	return lb
}

// TestSourceRangesWithoutSecurityGroups: without security groups only the
// targets' rules keep clients out, and they hold sourceRanges only for
// targets that see the clients' addresses.
func TestSourceRangesWithoutSecurityGroups(t *testing.T) {
	// ip targets on TCP: the targets see the load balancer, everyone gets in.
	problemAt(t, tcpL4(lbov1.ProtocolTCP), "spec.sourceRanges", "set spec.targetGroups[0].attributes.preserveClientIP: true")
	off := tcpL4(lbov1.ProtocolTCP)
	off.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{PreserveClientIP: ptr.To(false)}
	problemAt(t, off, "spec.sourceRanges", "spec.targetGroups[0].attributes.preserveClientIP is false")

	on := tcpL4(lbov1.ProtocolTCP)
	on.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{PreserveClientIP: ptr.To(true)}
	noProblems(t, on)
	noProblems(t, tcpL4(lbov1.ProtocolUDP))    // AWS always preserves the client IP on UDP
	noProblems(t, tcpL4(lbov1.ProtocolTCPUDP)) // and TCP_UDP
	instance := tcpL4(lbov1.ProtocolTCP)
	instance.Spec.TargetType = lbov1.TargetTypeInstance // preserved by default
	noProblems(t, instance)
	open := tcpL4(lbov1.ProtocolTCP)
	open.Spec.SourceRanges = nil // everyone who reaches it: as declared
	noProblems(t, open)
	withSGs := tcpL4(lbov1.ProtocolTCP)
	withSGs.Spec.DisableSecurityGroups = false // the managed security group holds the ranges
	noProblems(t, withSGs)

	// Dualstack: the clients of the target groups' other IP family come
	// from the load balancer's own addresses.
	dual := tcpL4(lbov1.ProtocolUDP)
	dual.Spec.IPAddressType = lbov1.IPAddressTypeDualStack
	problemAt(t, dual, "spec.sourceRanges", "on a dualstack load balancer the clients of one IP family")
	dual.Spec.SourceRanges = nil
	noProblems(t, dual)

	// Internal, targets that see clients, no sourceRanges: the controller
	// admits the VPC's CIDRs only, not everyone.
	internal := tcpL4(lbov1.ProtocolUDP)
	internal.Spec.Scheme = lbov1.SchemeInternal
	internal.Spec.SourceRanges = nil
	problemAt(t, internal, "spec.sourceRanges", "admits only the VPC's own CIDRs")
	internal.Spec.SourceRanges = []string{"0.0.0.0/0"}
	noProblems(t, internal)
}

// TestIPv6SourceRangesNeedDualstack: an IPv6 range on an ipv4 load balancer
// fails the NLB's build and is dropped from an ALB's security group.
func TestIPv6SourceRangesNeedDualstack(t *testing.T) {
	for _, lb := range []*lbov1.LoadBalancer{baseL4(), httpsL7(443)} {
		lb.Spec.SourceRanges = []string{"198.51.100.0/24", "2001:db8::/32"}
		errs := crdProblems(t, lb)
		if !namesOrHolds(errs, "spec.sourceRanges") || !strings.Contains(fmt.Sprint(errs), "IPv6 CIDR 2001:db8::/32, which needs ipAddressType dualstack") {
			t.Errorf("%s: an IPv6 range on ipv4: got %v", lb.Spec.Layer, errs)
		}
		lb.Spec.IPAddressType = lbov1.IPAddressTypeIPv4
		if errs := crdProblems(t, lb); !namesOrHolds(errs, "spec.sourceRanges") {
			t.Errorf("%s: an IPv6 range with ipAddressType ipv4: got %v", lb.Spec.Layer, errs)
		}
		lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStack
		noProblems(t, lb)
	}
	alb := httpsL7(443)
	alb.Spec.SourceRanges = []string{"2001:db8::/32"}
	alb.Spec.IPAddressType = lbov1.IPAddressTypeDualStackWithoutPublicIPv4
	noProblems(t, alb)
}

// TestICMPNeedsSourceRangesNotPrefixLists: the controller allows ICMP from
// each CIDR of the source ranges, never from a prefix list.
func TestICMPNeedsSourceRangesNotPrefixLists(t *testing.T) {
	lb := baseL4()
	lb.Spec.AllowICMPForPathMTUDiscovery = true
	noProblems(t, lb) // from everyone
	lb.Spec.SourceRanges = []string{"198.51.100.0/24"}
	noProblems(t, lb)
	for _, ranges := range [][]string{nil, {"198.51.100.0/24"}} {
		lb.Spec.SourceRanges = ranges
		lb.Spec.SourcePrefixLists = []string{"pl-0123abcd"}
		if errs := crdProblems(t, lb); !namesOrHolds(errs, "spec.allowICMPForPathMTUDiscovery") {
			t.Errorf("ICMP with prefix lists and ranges %v: got %v", ranges, errs)
		}
	}
}
