package lbc

import (
	"fmt"
	"slices"
)

// AWS pages the security policies are taken from.
const (
	albSecurityPolicies = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"
	nlbSecurityPolicies = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html"
)

// SecurityPolicies are the ELB security policies an HTTPS listener of an
// Application Load Balancer and a TLS listener of a Network Load Balancer
// take (their sslPolicy). Neither takes a custom policy: "Application Load
// Balancers do not support custom security policies", and likewise Network
// Load Balancers. Both pages list the same predefined policies: the TLS 1.3
// ones of 2021-06, their FIPS variants of 2023-04, the RFC 9151 ones of
// 2023-07, the hybrid post-quantum (PQ) ones of 2025-09, the forward secrecy
// (FS) and TLS ones, ELBSecurityPolicy-2016-08 (the default of the API and so
// of the AWS Load Balancer Controller), and ELBSecurityPolicy-2015-05, which
// AWS keeps as identical to it. A policy AWS publishes later is refused until
// it is added here. Sorted.
var SecurityPolicies = []string{
	"ELBSecurityPolicy-2015-05",
	"ELBSecurityPolicy-2016-08",
	"ELBSecurityPolicy-FS-1-1-2019-08",
	"ELBSecurityPolicy-FS-1-2-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2020-10",
	"ELBSecurityPolicy-FS-2018-06",
	"ELBSecurityPolicy-TLS-1-0-2015-04",
	"ELBSecurityPolicy-TLS-1-1-2017-01",
	"ELBSecurityPolicy-TLS-1-2-2017-01",
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
	"ELBSecurityPolicy-TLS13-1-0-2021-06",
	"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-0-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-1-2021-06",
	"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07",
	"ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07",
	"ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07",
	"ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07",
	"ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07",
}

// RuleSecurityPolicy is the rule CheckSecurityPolicy states.
var RuleSecurityPolicy = Rule{
	Fields: []string{"spec.listeners[].tls.sslPolicy"},
	Says:   "is one of the ELB security policies AWS publishes (" + albSecurityPolicies + ", " + nlbSecurityPolicies + "); neither kind of load balancer takes a custom one",
}

// CheckSecurityPolicy refuses a security policy AWS does not publish.
func CheckSecurityPolicy(name string) error {
	if _, found := slices.BinarySearch(SecurityPolicies, name); found {
		return nil
	}
	return fmt.Errorf("%q is not an ELB security policy; AWS publishes these, such as ELBSecurityPolicy-TLS13-1-2-Res-2021-06, "+
		"and neither kind of load balancer takes a custom one: %s", name, albSecurityPolicies)
}
