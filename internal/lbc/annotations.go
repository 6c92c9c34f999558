package lbc

import (
	"bytes"
	_ "embed"
	"slices"
	"strings"
	"text/template"
)

// Support says whether lbo writes an annotation.
type Support int

// What lbo does with an annotation of the controller.
const (
	// Written: lbo writes it from Annotation.Field.
	Written Support = iota
	// NotWritten: lbo writes something else instead (Notes say what), or
	// has no need of it.
	NotWritten
	// NotYet: lbo has no field for it yet (Notes say why).
	NotYet
	// Never: lbo will not support it (Notes say why).
	Never
)

// Annotation documents one annotation of the controller, or several that go
// together, for docs/annotations.md.
type Annotation struct {
	// Keys are the full annotation keys; a family of keys writes its
	// variable part in angle brackets or ${...}.
	Keys []string
	// Qualifier follows the keys in the table, for a second row about the
	// same keys.
	Qualifier string
	// Support says whether lbo writes it.
	Support Support
	// Field is the LoadBalancer field it is written from (Markdown), for
	// Written annotations.
	Field string
	// Feature is the AWS feature it sets (Ingress annotations).
	Feature string
	// Notes say how lbo writes it, or why it does not (Markdown).
	Notes string
}

// ServiceAnnotations are the Service annotations of the controller
// (Network Load Balancer), in the order the documentation gives them.
var ServiceAnnotations = []Annotation{
	{Keys: []string{ServiceSourceRanges},
		Support: Written,
		Field:   "`spec.sourceRanges`",
		Notes: "Written as the Service's `spec.loadBalancerSourceRanges`, which the controller's documentation recommends over the annotation (and reads first). Refused with `securityGroups`, which make the controller ignore it. " +
			"The controller fails to build the whole Service on an IPv6 range unless `ipAddressType` is `dualstack` (\"unsupported v6 cidr\"): refused at admission. " +
			"With the managed security group it admits the ranges, or 0.0.0.0/0 (and ::/0 when dualstack) when none are given and no prefix lists are. " +
			"Without security groups (`disableSecurityGroups`) it writes them into the targets' security group rules only for target groups whose targets see the clients' addresses (UDP, TCP_UDP, QUIC, or `preserve_client_ip.enabled`, by default true for instance targets and false for ip targets); " +
			"for the others it admits the load balancer's subnets, so anyone who reaches the load balancer: lbo refuses `sourceRanges` then, naming the target group to set `preserveClientIP` on. " +
			"A target group has one IP family and AWS preserves the client address only for that family, so on a dualstack load balancer without security groups the other family's clients arrive from the load balancer's addresses: `sourceRanges` are refused there. " +
			"With no ranges, targets that see the clients admit 0.0.0.0/0 behind an internet-facing load balancer but only the VPC's own CIDRs behind an internal one: lbo refuses an internal one without security groups and without `sourceRanges`."},
	{Keys: []string{ServiceSGPrefixLists},
		Support: Written,
		Field:   "`spec.sourcePrefixLists`",
		Notes:   "Refused with `securityGroups`, which make the controller ignore it."},
	{Keys: []string{ServiceType},
		Support: NotWritten,
		Notes:   "lbo sets `spec.loadBalancerClass: service.k8s.aws/nlb`, which makes the controller take the Service. The annotation is the legacy way for the in-tree cloud provider and must not be added to an existing Service."},
	{Keys: []string{ServiceTargetType},
		Support: Written,
		Field:   "`spec.targetType`",
		Notes:   "Always written (`ip` by default), because the controller's own default with a loadBalancerClass is `instance`."},
	{Keys: []string{ServiceName},
		Support: Written,
		Field:   "`spec.loadBalancerName`",
		Notes:   "At most 32 characters (AWS rules). Cannot be set, changed or removed after creation: the controller ignores a new name for an existing load balancer."},
	{Keys: []string{ServiceInternal},
		Support: NotWritten,
		Notes:   "Deprecated in favour of `aws-load-balancer-scheme`, which lbo always writes (`spec.scheme`)."},
	{Keys: []string{ServiceScheme},
		Support: Written,
		Field:   "`spec.scheme`",
		Notes:   "Always written (`internal` by default)."},
	{Keys: []string{ServiceProxyProtocol},
		Support: NotWritten,
		Notes:   "`spec.targetGroups[].attributes.proxyProtocolV2` sets `proxy_protocol_v2.enabled` in `aws-load-balancer-target-group-attributes` instead, for all ports or per port, which this annotation (`\"*\"`, every port) would override."},
	{Keys: []string{ServiceProxyProtocolPerTargetGroup},
		Support: NotWritten,
		Notes:   "As above: per-port target group attributes carry `proxy_protocol_v2.enabled` for the listeners whose target group sets `proxyProtocolV2`."},
	{Keys: []string{ServiceIPAddressType},
		Support: Written,
		Field:   "`spec.ipAddressType`",
		Notes:   "`ipv4` or `dualstack`; `dualstack-without-public-ipv4` is refused on L4 (Application Load Balancers only)."},
	{Keys: []string{ServiceAccessLogEnabled},
		Support: NotWritten,
		Notes:   "Deprecated in favour of `aws-load-balancer-attributes`: `spec.loadBalancerAttributes.accessLogs.enabled` writes `access_logs.s3.enabled`."},
	{Keys: []string{ServiceAccessLogS3BucketName},
		Support: NotWritten,
		Notes:   "Deprecated: `spec.loadBalancerAttributes.accessLogs.bucket` writes `access_logs.s3.bucket`."},
	{Keys: []string{ServiceAccessLogS3BucketPrefix},
		Support: NotWritten,
		Notes:   "Deprecated: `spec.loadBalancerAttributes.accessLogs.prefix` writes `access_logs.s3.prefix`."},
	{Keys: []string{ServiceCrossZoneLoadBalancing},
		Support: NotWritten,
		Notes:   "Deprecated: `spec.loadBalancerAttributes.crossZoneLoadBalancing` writes `load_balancing.cross_zone.enabled`."},
	{Keys: []string{ServiceSSLCert},
		Support: Written,
		Field:   "`spec.listeners[].tls.certificateARNs`",
		Notes:   "One set for all TLS listeners: TLS listeners with different `tls` are not Accepted. An ARN holding a `,` is refused: the controller would read two certificates."},
	{Keys: []string{ServiceSSLPorts},
		Support: Written,
		Field:   "the names of the listeners with protocol `TLS`",
		Notes:   "Always written with the certificate, so that only TLS listeners terminate TLS."},
	{Keys: []string{ServiceSSLNegotiationPolicy},
		Support: Written,
		Field:   "`spec.listeners[].tls.sslPolicy`",
		Notes:   "One for all TLS listeners."},
	{Keys: []string{ServiceBackendProtocol},
		Support: Written,
		Field:   "`spec.targetGroups[].backendProtocol`",
		Notes:   "`TLS` writes `ssl`, which the controller applies to every TLS listener and no other: `TLS` is refused on a target group a non-TLS listener forwards to, and the target groups of TLS listeners must agree. `TCP` (the default) writes nothing."},
	{Keys: []string{ServiceTags},
		Support: Written,
		Field:   "`spec.tags`",
		Notes:   "Keys reserved by AWS (`aws:`) and by the controller (`elbv2.k8s.aws/`, `service.k8s.aws/`, `ingress.k8s.aws/`) are refused. A `\\` or `,` in a value is written escaped, which the controller reads back; a value starting or ending with a space is refused (the controller trims it)."},
	{Keys: []string{ServiceHealthCheck.Protocol},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.protocol`",
		Notes:   "The controller reads one health check per Service: all target groups of an L4 LoadBalancer must have the same `healthCheck` (refused at admission otherwise)."},
	{Keys: []string{ServiceHealthCheck.Port},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.port`",
		Notes:   "As above. Left out, the controller uses the traffic port."},
	{Keys: []string{ServiceHealthCheck.Path},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.path`",
		Notes:   "As above; refused with protocol TCP."},
	{Keys: []string{ServiceHealthCheck.HealthyThreshold},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.healthyThresholdCount`",
		Notes:   "As above."},
	{Keys: []string{ServiceHealthCheck.UnhealthyThreshold},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.unhealthyThresholdCount`",
		Notes:   "As above."},
	{Keys: []string{ServiceHealthCheck.Timeout},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.timeoutSeconds`",
		Notes:   "As above; must be less than the interval."},
	{Keys: []string{ServiceHealthCheck.Interval},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.intervalSeconds`",
		Notes:   "As above."},
	{Keys: []string{ServiceHealthCheck.SuccessCodes},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck.successCodes`",
		Notes:   "As above; refused with protocol TCP."},
	{Keys: []string{ServiceEIPAllocations},
		Support: Written,
		Field:   "`spec.staticAddresses[].elasticIPAllocation`",
		Notes:   "One entry per subnet in `spec.subnets`, all or none, internet-facing only. The controller pairs the Elastic IPs with the subnets it resolves by position: in the order of the subnets annotation, except that a Name tag shared by several subnets resolves to all of them, sorted by ID. So subnets must be given by ID, and lbo writes the subnets and the allocations in one order (sorted), keeping each allocation in the subnet you paired it with. Private IPv4 and IPv6 addresses are placed by the subnet whose range holds them."},
	{Keys: []string{ServicePrivateIPv4Addresses},
		Support: Written,
		Field:   "`spec.staticAddresses[].privateIPv4Address`",
		Notes:   "One per subnet, all or none, internal only; must be IPv4."},
	{Keys: []string{ServiceIPv6Addresses},
		Support: Written,
		Field:   "`spec.staticAddresses[].ipv6Address`",
		Notes:   "One per subnet, all or none, `ipAddressType: dualstack` only; must be IPv6."},
	{Keys: []string{ServiceTargetGroupAttributes},
		Support: Written,
		Field:   "`spec.targetGroups[].attributes`",
		Notes:   "The controller makes one AWS target group per Service port. The attributes every listener's target group shares go here; the others go in `aws-load-balancer-target-group-attributes.<port>` (the port-specific form the documentation describes). Typed: `proxyProtocolV2`, `preserveClientIP`, `deregistrationDelaySeconds`, `deregistrationConnectionTermination`, `sourceIPStickiness`, `unhealthyConnectionTermination`, `unhealthyDrainingIntervalSeconds`; other AWS keys in `additional` (keys validated, typed keys refused). Removal refused. Left out, `preserve_client_ip.enabled` is on for instance targets and off for ip targets on TCP and TLS (the controller assumes the same), and without security groups it decides whose addresses the controller admits in the targets' security groups (see `load-balancer-source-ranges`). The controller writes `proxy_protocol_v2.enabled=false` (the AWS default) when it is not set."},
	{Keys: []string{ServiceSubnets},
		Support: Written,
		Field:   "`spec.subnets`",
		Notes:   "IDs or Name tags, written sorted."},
	{Keys: []string{ServiceALPNPolicy},
		Support: Written,
		Field:   "`spec.listeners[].tls.alpnPolicy`",
		Notes:   "TLS listeners only; one for all TLS listeners."},
	{Keys: []string{ServiceTargetNodeLabels},
		Support: Written,
		Field:   "`spec.targetNodeLabels`",
		Notes:   "`targetType: instance` only."},
	{Keys: []string{ServiceAttributes},
		Support: Written,
		Field:   "`spec.loadBalancerAttributes`",
		Notes:   "Typed: `deletionProtection`, `crossZoneLoadBalancing`, `accessLogs` (`enabled`, `bucket`, `prefix`), `dnsClientRoutingPolicy`; other AWS keys in `additional` (keys validated, typed keys refused). Removal refused."},
	{Keys: []string{ServiceSecurityGroups},
		Support: Written,
		Field:   "`spec.securityGroups`",
		Notes:   "IDs or Name tags, at most 5."},
	{Keys: []string{ServiceManageBackendSGRules},
		Support: Written,
		Field:   "`spec.manageBackendSecurityGroupRules`",
		Notes:   "Only with `securityGroups`: without them the controller manages the rules itself."},
	{Keys: []string{ServicePrivateLinkSGRules},
		Support: Written,
		Field:   "`spec.enforceSecurityGroupRulesOnPrivateLinkTraffic`",
		Notes:   "`true` writes `on`, `false` writes `off`."},
	{Keys: []string{serviceListenerAttributes + "${Protocol}-${Port}"},
		Support: Written,
		Field:   "`spec.listeners[].attributes`",
		Notes:   "Written under the AWS listener protocol the controller uses (`TCP`, `UDP`, `TLS`, `TCP_UDP`, `QUIC`, `TCP_QUIC`). Typed: `tcpIdleTimeoutSeconds` (TCP, TLS and TCP_UDP listeners), the attribute the documentation lists; other keys in `additional`. Removal refused."},
	{Keys: []string{ServiceMultiClusterTargetGroup},
		Support: Written,
		Field:   "`spec.multiClusterTargetGroups`"},
	{Keys: []string{ServiceEnablePrefixForIPv6SourceNAT},
		Support: Written,
		Field:   "`spec.enablePrefixForIPv6SourceNAT`",
		Notes:   "Written `on` when true. Needs `ipAddressType: dualstack` (the controller also requires an IPv6 range in every subnet). Removing it writes nothing, which the controller reads as `off`."},
	{Keys: []string{ServiceSourceNATIPv6Prefixes},
		Support: Written,
		Field:   "`spec.staticAddresses[].sourceNATIPv6Prefix`",
		Notes:   "One per subnet, all or none, with `enablePrefixForIPv6SourceNAT`: `auto_assigned` or an IPv6 /80 prefix in network form (the only length the controller takes), which must be in the subnet's IPv6 range. The controller pairs the prefixes with the subnets by position in the subnets annotation (it keeps the order given, names and IDs alike); lbo writes both sorted by subnet, so each prefix goes to the subnet it is declared with."},
	{Keys: []string{ServiceMinimumCapacity},
		Support: Written,
		Field:   "`spec.minimumCapacityUnits`",
		Notes:   "Written `CapacityUnits=<n>`. Removal refused (the controller keeps the reservation): set 0 to release it."},
	{Keys: []string{ServiceICMPForPathMTUDiscovery},
		Support: Written,
		Field:   "`spec.allowICMPForPathMTUDiscovery`",
		Notes:   "Written `on` when true. Refused with `securityGroups`: the rule goes into the security group the controller manages. The controller adds one ICMP rule per listener port and CIDR of the source ranges (0.0.0.0/0 when none are given), and none for a prefix list: refused with `sourcePrefixLists`."},
	{Keys: []string{ServiceEnableTCPUDPListener},
		Support: Written,
		Field:   "`spec.listeners[].protocol: TCP_UDP`",
		Notes:   "Written `\"true\"` when a listener is TCP_UDP: without it (or the controller's feature gate), the controller would make two listeners on one port, which AWS refuses."},
	{Keys: []string{ServiceDisableSecurityGroups},
		Support: Written,
		Field:   "`spec.disableSecurityGroups`",
		Notes:   "Cannot change after creation (AWS cannot add or remove the security groups of a Network Load Balancer). Refused with the security group settings it makes meaningless."},
	{Keys: []string{ServiceQUICEnabledPorts},
		Support: Written,
		Field:   "`spec.listeners[].quic`",
		Notes:   "UDP and TCP_UDP listeners only; written as port numbers."},
	{Keys: []string{serviceActions + "${protocol}-${port}"},
		Support: Written,
		Field:   "`spec.listeners[].defaultAction.forward.targetGroups` (L4)",
		Notes:   "Written for a listener that weighs target groups, under the AWS listener protocol (`TCP`, `UDP`, `TLS`, `TCP_UDP`, `QUIC`, `TCP_QUIC`) and port. The controller always forwards to the target group of the Service's port, the LoadBalancer's own pods (`baseServiceWeight`), so a weighted forward has exactly one target group with `backend.selector`; the others are other Services (`backend.service`) or target groups AWS has, by ARN (`existing.arn`; the controller takes no name here). The controller makes another Service's target group with the settings of the LoadBalancer's Service (target type, health check, and target group attributes for that Service's port number): its `attributes` must be exactly those. On a TLS listener another Service's target group is TLS unless decrypted: `backendProtocol` TCP (the default) writes `decrypt: true`. `stickiness` is by source address, without a duration."},
}

// IngressAnnotations are the Ingress annotations of the controller
// (Application Load Balancer), in the order the documentation gives them.
var IngressAnnotations = []Annotation{
	{Keys: []string{IngressName},
		Support: Written,
		Field:   "`spec.loadBalancerName`",
		Feature: "Load balancer name",
		Notes:   "At most 32 characters, not starting with `internal-`; cannot be set, changed or removed after creation."},
	{Keys: []string{IngressGroupName},
		Support: Written,
		Field:   "`spec.group.name`",
		Feature: "One ALB shared by several LoadBalancers (IngressGroup)",
		Notes:   "L7 only. Sharing needs the owner's consent: one LoadBalancer claiming the group owns it (the oldest, preferring one already in the group) and lists who may join in `spec.group.members`; the others name it in `spec.group.owner` (lbo's, not the controller's: no annotation; see [safety.md](safety.md#sharing-a-load-balancer-group-consent)). Joining, leaving or changing the group needs `allowReplacement` (the LoadBalancer moves to another ALB); changing owner or members does not. Members' load balancer settings must not contradict each other (the controller fails the whole group otherwise); lbo refuses a LoadBalancer whose settings contradict those of an older member of its group (see [safety.md](safety.md#sharing-a-load-balancer-group-consent)). A LoadBalancer that needs several Ingresses needs a group (see above)."},
	{Keys: []string{IngressGroupName},
		Qualifier: "members",
		Support:   Written,
		Field:     "`spec.listeners[].defaultAction` left out",
		Feature:   "One default action per port across the group",
		Notes:     "The controller refuses a group where two Ingresses of one port both have a default backend, so in a group a listener may leave `defaultAction` out: another member gives it, or the port answers 404. A listener with neither a default action nor rules (a group owner's HTTPS listener that only brings its certificate) goes into an Ingress of its own whose one rule has no `http`: a valid Ingress, from which the controller makes the listener and its certificates and no listener rule."},
	{Keys: []string{IngressGroupOrder},
		Support: Written,
		Field:   "`spec.group.order`",
		Feature: "Rule order across the group",
		Notes:   "Required with a group, -1000 to 1000, and each member's own: the controller takes the Ingresses of members of equal order by namespace/name (an Ingress without `group.order` has order 0), which can put one member's Ingresses between another's, so lbo refuses a LoadBalancer whose order another member has. All Ingresses of one LoadBalancer carry its order."},
	{Keys: []string{IngressTags},
		Support: Written,
		Field:   "`spec.tags`",
		Feature: "Tags on the load balancer, target groups, listeners, rules, security group",
		Notes:   "Keys reserved by AWS (`aws:`) and the controller refused. A `\\` or `,` in a value is written escaped, which the controller reads back; a value starting or ending with a space is refused (the controller trims it). In a group, the controller fails the whole group when two members give one tag key different values: lbo refuses the member that would."},
	{Keys: []string{IngressIPAddressType},
		Support: Written,
		Field:   "`spec.ipAddressType`",
		Feature: "IPv4, dual-stack, dual-stack without public IPv4",
		Notes:   "`dualstack-without-public-ipv4` needs `scheme: internet-facing`. Changing it needs `allowReplacement`."},
	{Keys: []string{IngressScheme},
		Support: Written,
		Field:   "`spec.scheme`",
		Feature: "Internal or internet-facing",
		Notes:   "Always written (`internal` by default). Changing it needs `allowReplacement`."},
	{Keys: []string{IngressSubnets},
		Support: Written,
		Field:   "`spec.subnets`",
		Feature: "Subnets (Availability Zones)",
		Notes:   "By ID or Name tag; left out, the controller discovers them."},
	{Keys: []string{IngressSecurityGroups},
		Support: Written,
		Field:   "`spec.securityGroups`",
		Feature: "Your security groups instead of the managed one",
		Notes:   "`sourceRanges` and `sourcePrefixLists` refused with it (the controller would ignore them)."},
	{Keys: []string{IngressManageBackendSGRules},
		Support: Written,
		Field:   "`spec.manageBackendSecurityGroupRules`",
		Feature: "Rules from the load balancer to the targets",
		Notes:   "Needs `securityGroups`."},
	{Keys: []string{IngressCustomerOwnedIPv4Pool},
		Support: Written,
		Field:   "`spec.customerOwnedIPv4Pool`",
		Feature: "Outposts customer-owned IPs",
		Notes:   "L7 only (ALBs on Outposts). Cannot be set, changed or removed after creation: the controller passes it to AWS when it creates the load balancer and only logs a difference later. Members of a group must agree."},
	{Keys: []string{IngressAttributes},
		Support: Written,
		Field:   "`spec.loadBalancerAttributes`",
		Feature: "Deletion protection, access logs, idle timeout, HTTP/2, ...",
		Notes:   "`deletionProtection`, `accessLogs` and any other key in `additional` (for example `idle_timeout.timeout_seconds`, `routing.http2.enabled`). `crossZoneLoadBalancing` and `dnsClientRoutingPolicy` are refused on L7 (NLB attributes). *Removal refused.* In a group, the controller fails the whole group when two members give one attribute different values (members that leave it out do not conflict): lbo refuses the member that would."},
	{Keys: []string{IngressWAFv2ACLARN},
		Support: Written,
		Field:   "`spec.wafv2WebACLARN`",
		Feature: "AWS WAFv2 (regional) web ACL",
		Notes:   "`none` detaches it. *Removal refused* (the controller leaves the ACL attached). Refused on L4."},
	{Keys: []string{ing + "wafv2-acl-name"},
		Support: NotWritten,
		Feature: "AWS WAFv2 web ACL by name",
		Notes:   "`wafv2WebACLARN` names the ACL exactly, without the extra `wafv2:ListWebACLs` permission."},
	{Keys: []string{ing + "web-acl-id"},
		Support: Never,
		Feature: "AWS WAF Classic (the older name of `waf-acl-id`)",
		Notes:   "WAF Classic is retired by AWS; use `wafv2WebACLARN`."},
	{Keys: []string{ing + "waf-acl-id"},
		Support: Never,
		Feature: "AWS WAF Classic",
		Notes:   "WAF Classic is retired by AWS; use `wafv2WebACLARN`."},
	{Keys: []string{IngressShieldAdvanced},
		Support: Written,
		Field:   "`spec.shieldAdvancedProtection`",
		Feature: "AWS Shield Advanced",
		Notes:   "*Removal refused*: set `false`. Refused on L4."},
	{Keys: []string{IngressListenPorts},
		Support: Written,
		Field:   "`spec.listeners[].port` and `protocol`; `spec.rules[].listeners`",
		Feature: "Listeners, and the listeners a rule applies to",
		Notes:   "Always written, as `[{\"HTTP\":80},{\"HTTPS\":443}]`: each Ingress lists the listeners its rules apply to. The controller applies every rule of an Ingress to every port it lists, and in a group merges the members' rules per port by group order; two members listening on one port with different protocols fail the group (refused)."},
	{Keys: []string{IngressSSLRedirect},
		Support: Written,
		Field:   "`spec.httpsRedirectPort`",
		Feature: "Every HTTP listener redirects to HTTPS",
		Notes:   "Must be an HTTPS listener's port; HTTP listeners then take no `defaultAction` (the controller ignores their rules). The controller applies it to the whole group: set by any member, every HTTP listener of every member, on every port, redirects and loses its rules. So in a group, members must all set it alike or not at all: lbo refuses one that differs from another member."},
	{Keys: []string{IngressInboundCIDRs},
		Support: Written,
		Field:   "`spec.sourceRanges`",
		Feature: "Security group rules for clients",
		Notes:   "CIDRs in network form. Refused with `securityGroups`. The controller leaves an IPv6 range out of the security group unless `ipAddressType` is dualstack (or dualstack-without-public-ipv4), silently: refused at admission. In a group, the controller lets in on a port the ranges and prefix lists the members listening on it give (it fails the group on two different sets), and 0.0.0.0/0 (and ::/0 when dualstack) only when none gives any: a member that leaves them out would get another's, so lbo refuses members of one port whose sources differ."},
	{Keys: []string{IngressSGPrefixLists},
		Support: Written,
		Field:   "`spec.sourcePrefixLists`",
		Feature: "Security group rules for prefix lists",
		Notes:   "Refused with `securityGroups`."},
	{Keys: []string{IngressCertificateARN},
		Support: Written,
		Field:   "`spec.listeners[].tls.certificateARNs`",
		Feature: "ACM certificates of HTTPS listeners",
		Notes:   "The first is the default certificate. HTTPS listeners with different `tls` go into different Ingresses (see above). An ARN holding a `,` is refused: the controller would read two certificates. In a group, the controller makes the first certificate of the lowest-order member with certificates on a port the listener's default and adds every member's others for SNI, reporting nothing: lbo refuses a member whose first certificate on a shared port differs from another's."},
	{Keys: []string{IngressSSLPolicy},
		Support: Written,
		Field:   "`spec.listeners[].tls.sslPolicy`",
		Feature: "TLS security policy",
		Notes:   "Per listener, as above."},
	{Keys: []string{IngressTargetType},
		Support: Written,
		Field:   "`spec.targetType`",
		Feature: "`ip` or `instance` targets",
		Notes:   "Always written (`ip` by default)."},
	{Keys: []string{IngressBackendProtocol},
		Support: Written,
		Field:   "`spec.targetGroups[].backendProtocol`",
		Feature: "Protocol to the targets",
		Notes:   "`HTTP` or `HTTPS` on L7 (`TCP`/`TLS` refused)."},
	{Keys: []string{IngressBackendProtocolVersion},
		Support: Written,
		Field:   "`spec.targetGroups[].backendProtocolVersion`",
		Feature: "HTTP1, HTTP2 or gRPC to the targets",
		Notes:   "L7 only. A gRPC target group's Service gets the controller's gRPC health check defaults (`/AWS.ALB/healthcheck`, code `12`) for keys it inherits. An HTTP2 or gRPC target group is forwarded to from HTTPS listeners only, as AWS supports those protocol versions there only (admission refuses a default action of an HTTP listener, or a rule applying to one, that forwards to it, unless `httpsRedirectPort` redirects HTTP)."},
	{Keys: []string{IngressTargetGroupAttributes},
		Support: Written,
		Field:   "`spec.targetGroups[].attributes`",
		Feature: "Deregistration delay, stickiness, algorithm, slow start, ...",
		Notes:   "`deregistrationDelaySeconds`, `cookieStickiness` (`lb_cookie` or `app_cookie`) and `additional`; the NLB-only attributes are refused on L7. *Removal refused.*"},
	{Keys: []string{IngressHealthCheck.Port, IngressHealthCheck.Protocol, IngressHealthCheck.Path, IngressHealthCheck.Interval, IngressHealthCheck.Timeout, IngressHealthCheck.HealthyThreshold, IngressHealthCheck.UnhealthyThreshold, IngressHealthCheck.SuccessCodes},
		Support: Written,
		Field:   "`spec.targetGroups[].healthCheck`",
		Feature: "Target group health checks",
		Notes: "`port`, `protocol` (HTTP, HTTPS), `path`, `intervalSeconds`, `timeoutSeconds` (less than the interval), `healthyThresholdCount`, `unhealthyThresholdCount`, `successCodes`. " +
			"A numeric port is used as it is: a port of the pod with ip targets, of the node with instance targets. " +
			"The controller reads these keys, and `backend-protocol`, `backend-protocol-version` and `target-group-attributes`, from the backend Service first and the Ingress second, whole annotation by whole annotation; left out everywhere, it uses its defaults for that target group: " +
			"the traffic port, the target group's own protocol, path `/` and code `200` (gRPC: `/AWS.ALB/healthcheck`, `12`), 15 s interval, 5 s timeout, thresholds 2 and 2, no attributes. " +
			"An Ingress carries the settings of the existing Service its target groups forward to, so the Services lbo makes carry, for each key that Ingress sets, their own value or the controller's default for their own target group (an empty `target-group-attributes` for no attributes)."},
	{Keys: []string{IngressAuthType},
		Support: Written,
		Field:   "`spec.authentication.oidc` or `.cognito`",
		Feature: "Authentication before the targets",
		Notes:   "`oidc` or `cognito`. Applies on every HTTPS listener to every rule and default action (an ALB authenticates on HTTPS only; an HTTPS listener is required), except rules with `skipAuthentication` or an `authentication` of their own (`spec.rules[].authentication`, which goes into an Ingress of its own; see above). An existing Service backend carrying its own `auth-*` annotations overrides them for its target group."},
	{Keys: []string{IngressAuthIDPOIDC},
		Support: Written,
		Field:   "`spec.authentication.oidc`",
		Feature: "OpenID Connect identity provider",
		Notes:   "`issuer`, `authorizationEndpoint`, `tokenEndpoint`, `userInfoEndpoint` (https URLs) and `clientSecretName`: a Secret with `clientID` and `clientSecret` that the controller reads (lbo never reads Secrets). `authenticationRequestExtraParams`: at most 10 query parameters for the redirect to the identity provider."},
	{Keys: []string{IngressAuthIDPCognito},
		Support: Written,
		Field:   "`spec.authentication.cognito`",
		Feature: "Amazon Cognito user pool",
		Notes:   "`userPoolARN`, `userPoolClientID`, `userPoolDomain` (for a Cognito domain, the prefix only: a full `*.amazoncognito.com` domain is refused), `authenticationRequestExtraParams` (at most 10)."},
	{Keys: []string{IngressAuthOnUnauthenticated},
		Support: Written,
		Field:   "`spec.authentication.onUnauthenticatedRequest`",
		Feature: "Unauthenticated requests: authenticate, allow or deny"},
	{Keys: []string{IngressAuthScope},
		Support: Written,
		Field:   "`spec.authentication.scope`",
		Feature: "Claims requested",
		Notes:   "Written space-separated."},
	{Keys: []string{IngressAuthSessionCookie},
		Support: Written,
		Field:   "`spec.authentication.sessionCookieName`",
		Feature: "Session cookie name"},
	{Keys: []string{IngressAuthSessionTimeout},
		Support: Written,
		Field:   "`spec.authentication.sessionTimeoutSeconds`",
		Feature: "Session duration",
		Notes:   "1 to 604800."},
	{Keys: []string{IngressJWTValidation},
		Support: Written,
		Field:   "`spec.authentication.jwt`, `spec.rules[].authentication.jwt`",
		Feature: "JWT validation on HTTPS listeners",
		Notes:   "`issuer` and `jwksEndpoint` (https, at most 256 characters each), `additionalClaims` (at most 10; `name` not `iss`, `exp`, `nbf` or `iat`; `format` single-string with one value, string-array, or space-separated-values without spaces in values; at most 10 values of 256 characters). Written instead of `auth-type`: the controller puts a jwt-validation action before every rule and default action of the Ingress on its HTTPS listeners and refuses it beside authentication, so a rule that signs users in or skips authentication goes into an Ingress of its own (see above). `onUnauthenticatedRequest`, `scope` and the session fields are refused with `jwt`."},
	{Keys: []string{ingressActions + "<name>"},
		Support: Written,
		Field:   "`spec.listeners[].defaultAction`, `spec.rules[].action`",
		Feature: "Forward, weighted forward with target group stickiness (`forward.stickiness`), redirect, fixed response",
		Notes: "Named `default-action` and `rule-<rule name>`; a Service named like either is refused. " +
			"Redirects: an unset part keeps the request's (`#{host}` and the like); `query: \"\"` is written `\"query\":\"\"` and removes the query. " +
			"The controller passes a redirect from an HTTPS listener to scheme HTTP on to AWS, which refuses it (and so the whole group's deploy): lbo refuses it on an HTTPS listener's default action and on a rule that applies to an HTTPS listener. " +
			"The controller makes one ALB rule per path and, on each listener, silently leaves out a redirect to itself (each of scheme, port, host and path unset or equal to the listener's or to one the rule matches, compared as strings, and the query kept) " +
			"and any rule after a redirect whose only conditions are hosts and paths that include the rule's (it would never apply), also across the members of a group (a port's rules go member by member, by group order), and among the paths of one redirect rule, which it takes Exact first, then Prefix longest first, then Wildcard: lbo refuses both, naming the rule (and path) and the listener. Two paths of one rule with the same path patterns (`/x` and `/x/` as Prefix, `/` as Prefix and `/*` as Wildcard), or a path whose patterns the paths the controller takes before it all have (a Wildcard `/blog` beside a Prefix `/blog`, which matches `/blog` and `/blog/*`), would make an ALB rule that never applies: refused."},
	{Keys: []string{ingressTransforms + "<name>"},
		Support: Written,
		Field:   "`spec.rules[].transforms`",
		Feature: "Host header and URL rewrites",
		Notes:   "`hostHeader` and `url`, each a `regex` and its `replace` (at most 1024 characters each); one of each per rule, as AWS allows. Rules that forward only (`action.forward`; AWS takes no transform on a default action). Named `rule-<rule name>`, after the rule's annotated action: the controller finds transforms by the backend's name, so a rule with transforms never names a Service directly. Regular expressions are checked as for `regexValues` (below)."},
	{Keys: []string{ingressConditions + "<name>"},
		Support: Written,
		Field:   "`spec.rules[].conditions`",
		Feature: "Rule conditions: `host-header` (more than one host, or `hostRegexes`), `http-header` (`headers`, one condition each, `values` or `regexes`), `path-pattern` (`Regex` paths), `query-string` (`queryStrings`), `http-request-method` (`methods`), `source-ip` (`sourceIPs`)",
		Notes: "At most 3 values per condition and 5 per rule, counting each host or host regex, 2 for a Prefix path other than `/` (the controller matches `/p` and `/p/*`), 1 for other paths, every Regex path (they are one condition), and every header value or regex, query string, method and source IP. Regular expressions (`regexValues`): at most 128 characters; AWS supports no lookaheads, lookbehinds, backreferences, atomic groups, possessive quantifiers, subroutines, recursion or Unicode classes, and documents no grammar beyond that, so lbo takes the RE2 syntax (Go's) without Unicode classes and refuses the rest. `hosts` and `hostRegexes` are one host condition: not both. A redirect rule matching hosts by `hostRegexes` alone is refused: the controller takes a host regex for any host and would drop the later rules its paths cover. " +
			"At most 5 wildcards (`*`, `?`) per ALB rule, which is one path of a rule: in its hosts, path patterns (a Prefix path's `/p/*` counts one; no path is `/*`), header values and query string keys and values."},
	{Keys: []string{IngressUseRegexPathMatch},
		Support: NotWritten,
		Feature: "Regex path matching",
		Notes:   "A rule's `Regex` paths are written as a `path-pattern` condition with `regexValues` in `conditions.<name>`, on one Ingress path without a path of its own. This annotation would turn every `ImplementationSpecific` path of the Ingress into a regular expression, `Wildcard` paths included. A rule's paths are all `Regex` (at most 3) or none."},
	{Keys: []string{IngressTargetNodeLabels},
		Support: Written,
		Field:   "`spec.targetNodeLabels`",
		Feature: "Which nodes are `instance` targets",
		Notes:   "Needs `targetType: instance`."},
	{Keys: []string{IngressMutualAuthentication},
		Support: Written,
		Field:   "`spec.listeners[].mutualAuthentication`",
		Feature: "Mutual TLS on HTTPS listeners",
		Notes:   "`mode` off, passthrough or verify; `trustStore` (ARN or name, verify only, at most two per load balancer), `ignoreClientCertificateExpiry`, `advertiseTrustStoreCANames`. Written by listener port. *Removal refused*: set mode off."},
	{Keys: []string{IngressMultiClusterTG},
		Support: Written,
		Field:   "`spec.multiClusterTargetGroups`",
		Feature: "Target groups shared with other clusters"},
	{Keys: []string{ingressListenerAttributes + "<protocol>-<port>"},
		Support: Written,
		Field:   "`spec.listeners[].attributes.additional`",
		Feature: "Listener attributes (server header, HSTS, CORS response headers, ...)",
		Notes:   "By AWS key; values cannot hold a comma or white space yet (the CRD refuses them, although lbo would write a comma escaped as the controller reads it). `tcpIdleTimeoutSeconds` is refused on HTTP/HTTPS listeners. *Removal refused.* In a group, the controller fails the whole group when two members give one attribute of a port different values: lbo refuses the member that would."},
	{Keys: []string{IngressMinimumCapacity},
		Support: Written,
		Field:   "`spec.minimumCapacityUnits`",
		Feature: "Load balancer capacity reservation",
		Notes:   "Written as `CapacityUnits=<n>`; 0 releases it. *Removal refused.*"},
	{Keys: []string{IngressIPAMIPv4PoolID},
		Support: Written,
		Field:   "`spec.ipv4IPAMPoolID`",
		Feature: "IPv4 addresses from an IPAM pool",
		Notes:   "L7 only (`ipam-pool-...`). The controller changes and removes the pool in place. Members of a group must agree."},
	{Keys: []string{IngressEnableFrontendNLB},
		Support: Written,
		Field:   "`spec.frontendNLB`",
		Feature: "A Network Load Balancer in front of the ALB",
		Notes:   "Written `\"true\"` with every field of `frontendNLB`, on every Ingress of the LoadBalancer alike (the controller takes the frontend NLB's settings from any member and refuses members that disagree). The NLB's name is the ALB's, cut to 28 characters, with `-nlb`; its IP address type is the ALB's (so not with `dualstack-without-public-ipv4`). It is one for the whole group and the controller puts every member's listeners behind it, so a LoadBalancer with a `frontendNLB` has a group of its own or none. Removing it deletes the NLB."},
	{Keys: []string{IngressFrontendNLBScheme, IngressFrontendNLBSubnets, IngressFrontendNLBEIPAllocations, IngressFrontendNLBSecurityGroups},
		Support: Written,
		Field:   "`spec.frontendNLB.scheme`, `subnets`, `staticAddresses`, `securityGroups`",
		Feature: "The frontend NLB's scheme, subnets, Elastic IPs and security groups",
		Notes:   "`scheme` is always written (`internal` by default: the controller's default, whatever the ALB's). Elastic IPs need `internet-facing` and one per subnet; the controller pairs them with the subnets by position, and lbo writes both sorted by subnet. Without `securityGroups` the NLB gets the ALB's."},
	{Keys: []string{IngressFrontendNLBListenerPortMap},
		Support: Written,
		Field:   "`spec.frontendNLB.listeners`",
		Feature: "The frontend NLB's listeners",
		Notes:   "Written `<NLB port>=<ALB listener port>`, the whole mapping on every Ingress: the controller builds an entry for each Ingress that listens on its ALB port and skips it on the others. Left out, the controller gives the NLB a TCP listener on each port of the ALB."},
	{Keys: []string{FrontendNLBHealthCheck.Port, FrontendNLBHealthCheck.Protocol, FrontendNLBHealthCheck.Path, FrontendNLBHealthCheck.Interval, FrontendNLBHealthCheck.Timeout, FrontendNLBHealthCheck.HealthyThreshold, FrontendNLBHealthCheck.UnhealthyThreshold, FrontendNLBHealthCheck.SuccessCodes},
		Support: Written,
		Field:   "`spec.frontendNLB.healthCheck`",
		Feature: "The frontend NLB's health checks of the ALB",
		Notes:   "One for every ALB listener the NLB forwards to, on that listener's port unless `port` is given, with `protocol` (HTTP by default): a protocol other than a probed listener's is refused, and a `port` must be an ALB listener's with that protocol. Defaults: path `/`, code 200, interval 15, timeout 5, thresholds 2 (the controller's)."},
	{Keys: []string{IngressFrontendNLBTags, IngressFrontendNLBAttributes},
		Support: Written,
		Field:   "`spec.frontendNLB.tags`, `spec.frontendNLB.attributes`",
		Feature: "The frontend NLB's tags and attributes",
		Notes:   "Without `tags` the NLB gets the ALB's. Attributes as `loadBalancerAttributes` of an NLB; *removal refused*."},
	{Keys: []string{ingressTargetControlPort + "<service>.<port>"},
		Support: Written,
		Field:   "`spec.targetGroups[].targetControlPort`",
		Feature: "Target control (agent) port",
		Notes:   "L7 and `targetType: ip` only (the controller refuses it for instance targets). Written on lbo's Service for a selector target group, on the Ingress for an existing Service, under the Service's name and port. The targets must run the target control agent (the controller injects it with its `ALBTargetControlAgent` feature gate; `lbo doctor` says whether it is on). A change makes the controller replace the target group."},
	{Keys: []string{IngressCreateACMCertificate, IngressACMPCAARN},
		Support: Written,
		Field:   "`spec.listeners[].tls.requestCertificate`",
		Feature: "Certificates the controller requests from ACM",
		Notes:   "HTTPS only. `create-acm-cert: \"true\"`, with `acm-pca-arn` for `certificateAuthorityARN` (a private certificate). The controller names the certificate after the hosts of the Ingress's rules and `spec.tls`, so lbo writes `spec.tls` with `domainNames` and every host of the rules on the listener (a rule with several hosts gives them in a condition, which the controller would not take); the first name in alphabetical order is the domain name. Without any name it is refused. The controller does this only with its `EnableCertificateManagement` feature gate, and otherwise silently discovers certificates by host instead; without `certificateAuthorityARN` it uses its `--default-pca-arn` if set: `lbo doctor` checks both, and the IAM permissions."},
	{Keys: []string{IngressDryRunPlan},
		Support: NotWritten,
		Feature: "The plan of what the controller would build, in its dry-run mode",
		Notes:   "The controller writes it on the Ingresses it plans for; lbo never sets it, so its server-side apply leaves it in place, and `lbo import` ignores it."},
}

//go:embed annotations.md.tmpl
var annotationsPage string

// Markdown is docs/annotations.md: the page's text around a table of the
// Service annotations and one of the Ingress annotations.
func Markdown() ([]byte, error) {
	t, err := template.New("annotations.md").Parse(annotationsPage)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, struct{ ServiceTable, IngressTable string }{
		ServiceTable: table(ServiceAnnotations, ServicePrefix, false),
		IngressTable: table(IngressAnnotations, IngressPrefix, true),
	})
	return b.Bytes(), err
}

// table writes annotations as a Markdown table, their keys without prefix.
func table(annotations []Annotation, prefix string, feature bool) string {
	var b strings.Builder
	if feature {
		b.WriteString("| Annotation | LoadBalancer field | AWS feature | Notes |\n| --- | --- | --- | --- |\n")
	} else {
		b.WriteString("| Annotation | LoadBalancer field | Notes |\n| --- | --- | --- |\n")
	}
	for _, a := range annotations {
		keys := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			keys[i] = "`" + strings.TrimPrefix(k, prefix) + "`"
		}
		cells := []string{strings.Join(keys, ", "), a.field()}
		if a.Qualifier != "" {
			cells[0] += " (" + a.Qualifier + ")"
		}
		if feature {
			cells = append(cells, a.Feature)
		}
		cells = append(cells, a.Notes)
		b.WriteString(strings.ReplaceAll("| "+strings.Join(cells, " | ")+" |", "|  |", "| |") + "\n")
	}
	return b.String()
}

// Documented returns the row that documents key: the one listing it, or the
// family it belongs to (a key with <...> or ${...} in it; a port's
// target-group-attributes.<port> is documented with
// target-group-attributes).
func Documented(key string) (Annotation, bool) {
	if _, ok := CutServiceTargetGroupAttributesForPort(key); ok {
		key = ServiceTargetGroupAttributes
	}
	for _, a := range append(slices.Clone(ServiceAnnotations), IngressAnnotations...) {
		for _, k := range a.Keys {
			family, _, isFamily := strings.Cut(strings.ReplaceAll(k, "${", "<"), "<")
			if k == key || isFamily && strings.HasPrefix(key, family) {
				return a, true
			}
		}
	}
	return Annotation{}, false
}

// field is the LoadBalancer field column: the field, or why there is none.
func (a Annotation) field() string {
	switch a.Support {
	case NotWritten:
		return "not written"
	case NotYet:
		return "not supported yet"
	case Never:
		return "not supported"
	}
	return a.Field
}
