package lbc

// Who may reach a Network Load Balancer made without security groups
// (disable-nlb-sg): then nothing filters clients at the load balancer, and
// the controller's rules in the targets' security groups are the only
// filter (pkg/service/model_build_target_group.go, the TargetGroupBinding's
// networking).

// NLBTargetsSeeClients tells whether the targets of a Network Load Balancer
// target group see the clients' addresses, so that the controller admits
// the Service's source ranges in their security groups: always for UDP,
// TCP_UDP, QUIC and TCP_QUIC (AWS preserves the client IP there), and for
// TCP and TLS when preserve_client_ip.enabled is true, which it is by
// default for instance targets and not for ip targets (preserveClientIP nil:
// the attribute is not set). Otherwise the targets see the load balancer's
// own addresses, and the controller admits the load balancer's subnets: every
// client that reaches the load balancer reaches the targets, whatever the
// source ranges say.
func NLBTargetsSeeClients(protocol string, preserveClientIP *bool, targetType string) bool {
	switch protocol {
	case "UDP", "TCP_UDP", "QUIC", "TCP_QUIC":
		return true
	}
	if preserveClientIP != nil {
		return *preserveClientIP
	}
	return targetType == "instance"
}

// When the targets see the clients' addresses and the Service gives no
// source ranges, the controller admits 0.0.0.0/0 (::/0 for IPv6 target
// groups) for an internet-facing load balancer, but only the VPC's own CIDRs
// for an internal one.
