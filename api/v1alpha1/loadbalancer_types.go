package v1alpha1

// The LoadBalancer kind and its spec. The spec-level CEL rules here are the
// ones that relate fields of different parts of the spec (a listener and the
// layer, a rule and the target groups it names); rules local to a listener,
// rule or target group sit on its own type, in its own file.

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// LoadBalancerSpec declares one AWS load balancer: its layer, listeners, rules
// and target groups.
//
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.listeners.all(l, l.protocol in ['HTTP', 'HTTPS'])",fieldPath=".listeners",message="an L7 LoadBalancer (Application Load Balancer) listens with protocol HTTP or HTTPS; use layer L4 for TCP, UDP, TCP_UDP or TLS"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.listeners.all(l, l.protocol in ['TCP', 'UDP', 'TCP_UDP', 'TLS'])",fieldPath=".listeners",message="an L4 LoadBalancer (Network Load Balancer) listens with protocol TCP, UDP, TCP_UDP or TLS; use layer L7 for HTTP or HTTPS"
// +kubebuilder:validation:XValidation:rule="self.layer == 'L7' || !has(self.rules) || size(self.rules) == 0",fieldPath=".rules",message="rules route HTTP requests and need layer L7; remove spec.rules or set spec.layer to L7"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || has(self.group) || self.listeners.all(l, has(l.defaultAction) || (l.protocol == 'HTTP' && has(self.httpsRedirectPort)))",fieldPath=".listeners",message="every listener of an L7 LoadBalancer needs a defaultAction: an Application Load Balancer answers requests no rule matches with it (in a group, one member gives each port's default action, and the others leave it out)"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.httpsRedirectPort)",fieldPath=".httpsRedirectPort",message="httpsRedirectPort is for L7 only: a Network Load Balancer does not speak HTTP"
// +kubebuilder:validation:XValidation:rule="!has(self.httpsRedirectPort) || self.listeners.exists(l, l.protocol == 'HTTPS' && l.port == self.httpsRedirectPort)",fieldPath=".httpsRedirectPort",message="httpsRedirectPort must be the port of an HTTPS listener: HTTP requests are redirected there"
// +kubebuilder:validation:XValidation:rule="!has(self.httpsRedirectPort) || self.listeners.all(l, l.protocol != 'HTTP' || !has(l.defaultAction))",fieldPath=".listeners",message="with httpsRedirectPort, HTTP listeners redirect every request to HTTPS (the AWS Load Balancer Controller ignores their rules); remove their defaultAction"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.listeners.all(l, !has(l.defaultAction) || has(l.defaultAction.forward))",fieldPath=".listeners",message="a listener of an L4 LoadBalancer can only forward: set defaultAction.forward; a Network Load Balancer cannot redirect or answer with a fixed response"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.targetGroups.all(t, !has(t.healthCheck) || !has(t.healthCheck.protocol) || t.healthCheck.protocol != 'TCP')",fieldPath=".targetGroups",message="an L7 target group's healthCheck.protocol is HTTP or HTTPS; TCP health checks are for L4"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || size(self.targetGroups) == 1 || self.listeners.all(l, has(l.defaultAction))",fieldPath=".listeners",message="with more than one target group, every listener of an L4 LoadBalancer names its target group in defaultAction.forward.targetGroup"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || (has(self.targetGroups[0].backend.selector) && !has(self.targetGroups[0].existing))",fieldPath=".targetGroups",message="the first target group of an L4 LoadBalancer selects its own pods (backend.selector, not existing): every listener forwards to them, alone or weighed against the target groups of other Services or AWS's"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, !has(t.backend.selector) || has(t.existing) || t.backend.selector == self.targetGroups[0].backend.selector)",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer must all select the same pods (one Service has one selector); weigh other pods with a target group of their Service (backend.service), or use another LoadBalancer"
// +kubebuilder:validation:XValidation:rule="self.listeners.all(l, !has(l.defaultAction) || !has(l.defaultAction.forward) || (has(l.defaultAction.forward.targetGroup) ? self.targetGroups.exists(t, t.name == l.defaultAction.forward.targetGroup) : l.defaultAction.forward.targetGroups.all(w, self.targetGroups.exists(t, t.name == w.name))))",fieldPath=".listeners",message="a listener's defaultAction.forward names a target group that is not in spec.targetGroups; add it there or fix the name"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || self.rules.all(r, !has(r.action.forward) || (has(r.action.forward.targetGroup) ? self.targetGroups.exists(t, t.name == r.action.forward.targetGroup) : r.action.forward.targetGroups.all(w, self.targetGroups.exists(t, t.name == w.name))))",fieldPath=".rules",message="a rule's action.forward names a target group that is not in spec.targetGroups; add it there or fix the name"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.loadBalancerAttributes) || !has(self.loadBalancerAttributes.crossZoneLoadBalancing)",fieldPath=".loadBalancerAttributes.crossZoneLoadBalancing",message="loadBalancerAttributes.crossZoneLoadBalancing is for L4 only: an Application Load Balancer always balances across zones"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.authentication)",fieldPath=".authentication",message="authentication is for L7 only: a Network Load Balancer does not speak HTTP"
// +kubebuilder:validation:XValidation:rule="!has(self.authentication) || self.listeners.exists(l, l.protocol == 'HTTPS')",fieldPath=".authentication",message="authentication needs an HTTPS listener: an Application Load Balancer authenticates users on HTTPS only"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.group)",fieldPath=".group",message="group is for L7 only: it shares an Application Load Balancer between LoadBalancers"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.wafv2WebACLARN)",fieldPath=".wafv2WebACLARN",message="wafv2WebACLARN is for L7 only: WAF protects Application Load Balancers"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.shieldAdvancedProtection)",fieldPath=".shieldAdvancedProtection",message="shieldAdvancedProtection is for L7 only: the AWS Load Balancer Controller turns Shield Advanced on for Application Load Balancers only"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.wafv2WebACLARN) || has(self.wafv2WebACLARN)",fieldPath=".wafv2WebACLARN",message="wafv2WebACLARN cannot be removed once set: the AWS Load Balancer Controller would leave the web ACL attached; set it to none to detach it"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.shieldAdvancedProtection) || has(self.shieldAdvancedProtection)",fieldPath=".shieldAdvancedProtection",message="shieldAdvancedProtection cannot be removed once set: the AWS Load Balancer Controller would leave the protection as it is; set it to false instead"
// +kubebuilder:validation:XValidation:rule="!has(self.ipAddressType) || self.ipAddressType != 'dualstack-without-public-ipv4' || self.scheme == 'internet-facing'",fieldPath=".ipAddressType",message="ipAddressType dualstack-without-public-ipv4 needs scheme internet-facing: an internal load balancer has no public addresses to leave out"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.loadBalancerAttributes) || !has(self.loadBalancerAttributes.dnsClientRoutingPolicy)",fieldPath=".loadBalancerAttributes.dnsClientRoutingPolicy",message="loadBalancerAttributes.dnsClientRoutingPolicy is for L4 only: it is an attribute of Network Load Balancers"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.targetGroups.all(t, !has(t.attributes) || !(has(t.attributes.proxyProtocolV2) || has(t.attributes.preserveClientIP) || has(t.attributes.deregistrationConnectionTermination) || has(t.attributes.sourceIPStickiness) || has(t.attributes.unhealthyConnectionTermination) || has(t.attributes.unhealthyDrainingIntervalSeconds)))",fieldPath=".targetGroups",message="targetGroups[].attributes on L7 take deregistrationDelaySeconds and additional only: proxyProtocolV2, preserveClientIP, deregistrationConnectionTermination, sourceIPStickiness and unhealthy* are Network Load Balancer target group attributes"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.targetGroups.all(t, !has(t.backendProtocol) || t.backendProtocol in ['HTTP', 'HTTPS'])",fieldPath=".targetGroups",message="targetGroups[].backendProtocol of an L7 LoadBalancer is HTTP or HTTPS; TCP and TLS are for L4"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, !has(t.backendProtocol) || t.backendProtocol in ['TCP', 'TLS'])",fieldPath=".targetGroups",message="targetGroups[].backendProtocol of an L4 LoadBalancer is TCP or TLS; HTTP and HTTPS are for L7"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, !has(t.attributes) || !has(t.attributes.cookieStickiness))",fieldPath=".targetGroups",message="targetGroups[].attributes.cookieStickiness is for L7 only: a Network Load Balancer sticks by source IP (sourceIPStickiness)"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, !has(t.backendProtocolVersion))",fieldPath=".targetGroups",message="targetGroups[].backendProtocolVersion is for L7 only: a Network Load Balancer does not speak HTTP"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.staticAddresses)",fieldPath=".staticAddresses",message="staticAddresses is for L4 only: an Application Load Balancer has no static addresses"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.disableSecurityGroups) || !self.disableSecurityGroups",fieldPath=".disableSecurityGroups",message="disableSecurityGroups is for L4 only: an Application Load Balancer always has security groups"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.enforceSecurityGroupRulesOnPrivateLinkTraffic)",fieldPath=".enforceSecurityGroupRulesOnPrivateLinkTraffic",message="enforceSecurityGroupRulesOnPrivateLinkTraffic is for L4 only: it is a setting of Network Load Balancers"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.allowICMPForPathMTUDiscovery) || !self.allowICMPForPathMTUDiscovery",fieldPath=".allowICMPForPathMTUDiscovery",message="allowICMPForPathMTUDiscovery is for L4 only: it is a setting of Network Load Balancers"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.ipAddressType) || self.ipAddressType != 'dualstack-without-public-ipv4'",fieldPath=".ipAddressType",message="ipAddressType dualstack-without-public-ipv4 is for L7 only: a Network Load Balancer is ipv4 or dualstack"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || (has(self.subnets) && size(self.staticAddresses) == size(self.subnets) && self.staticAddresses.all(a, a.subnet in self.subnets))",fieldPath=".staticAddresses",message="staticAddresses needs one entry for each of spec.subnets, naming it in subnet: the AWS Load Balancer Controller takes as many addresses as subnets"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || self.staticAddresses.all(a, has(a.elasticIPAllocation)) || self.staticAddresses.all(a, !has(a.elasticIPAllocation))",fieldPath=".staticAddresses",message="give every subnet of staticAddresses an elasticIPAllocation, or none: the AWS Load Balancer Controller takes one for each subnet"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || self.staticAddresses.all(a, has(a.privateIPv4Address)) || self.staticAddresses.all(a, !has(a.privateIPv4Address))",fieldPath=".staticAddresses",message="give every subnet of staticAddresses a privateIPv4Address, or none: the AWS Load Balancer Controller takes one for each subnet"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || self.staticAddresses.all(a, has(a.ipv6Address)) || self.staticAddresses.all(a, !has(a.ipv6Address))",fieldPath=".staticAddresses",message="give every subnet of staticAddresses an ipv6Address, or none: the AWS Load Balancer Controller takes one for each subnet"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.elasticIPAllocation)) || !has(self.subnets) || self.subnets.all(s, s.startsWith('subnet-'))",fieldPath=".subnets",message="with staticAddresses[].elasticIPAllocation, subnets are given by ID (subnet-...): the AWS Load Balancer Controller pairs Elastic IPs with the subnets it resolves by position, and a Name tag can resolve to several subnets, which would shift the pairing"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.elasticIPAllocation)) || self.scheme == 'internet-facing'",fieldPath=".staticAddresses",message="staticAddresses[].elasticIPAllocation needs scheme internet-facing: an internal load balancer has no public addresses"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.privateIPv4Address)) || self.scheme == 'internal'",fieldPath=".staticAddresses",message="staticAddresses[].privateIPv4Address needs scheme internal; an internet-facing load balancer takes Elastic IPs instead"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.ipv6Address)) || (has(self.ipAddressType) && self.ipAddressType == 'dualstack')",fieldPath=".staticAddresses",message="staticAddresses[].ipv6Address needs ipAddressType dualstack"
// +kubebuilder:validation:XValidation:rule="!has(self.securityGroups) || !has(self.sourceRanges)",fieldPath=".sourceRanges",message="sourceRanges cannot be used with securityGroups: the AWS Load Balancer Controller ignores them then; allow the clients in your security groups instead"
// +kubebuilder:validation:XValidation:rule="!has(self.securityGroups) || !has(self.sourcePrefixLists)",fieldPath=".sourcePrefixLists",message="sourcePrefixLists cannot be used with securityGroups: the AWS Load Balancer Controller ignores them then; allow the prefix lists in your security groups instead"
// +kubebuilder:validation:XValidation:rule="!has(self.manageBackendSecurityGroupRules) || has(self.securityGroups)",fieldPath=".manageBackendSecurityGroupRules",message="manageBackendSecurityGroupRules goes with securityGroups; without them the AWS Load Balancer Controller manages the security groups and their rules itself"
// +kubebuilder:validation:XValidation:rule="!has(self.allowICMPForPathMTUDiscovery) || !self.allowICMPForPathMTUDiscovery || !has(self.sourcePrefixLists)",fieldPath=".allowICMPForPathMTUDiscovery",message="allowICMPForPathMTUDiscovery lets ICMP in from the CIDRs of sourceRanges only: the AWS Load Balancer Controller adds no ICMP rule for a prefix list (none at all when there are only prefix lists), so the clients of sourcePrefixLists would get none; give their CIDRs in sourceRanges instead, or leave allowICMPForPathMTUDiscovery out"
// +kubebuilder:validation:XValidation:rule="!has(self.sourceRanges) || (has(self.ipAddressType) && self.ipAddressType != 'ipv4') || self.sourceRanges.all(c, cidr(c).ip().family() == 4)",fieldPath=".sourceRanges",messageExpression="'sourceRanges holds the IPv6 CIDR ' + self.sourceRanges.filter(c, cidr(c).ip().family() == 6)[0] + ', which needs ipAddressType dualstack: on an ipv4 load balancer the AWS Load Balancer Controller fails to build a Network Load Balancer (unsupported v6 cidr) and leaves the range out of the security group of an Application Load Balancer; set ipAddressType to dualstack, or remove the IPv6 ranges'"
// +kubebuilder:validation:XValidation:rule="!has(self.allowICMPForPathMTUDiscovery) || !self.allowICMPForPathMTUDiscovery || !has(self.securityGroups)",fieldPath=".allowICMPForPathMTUDiscovery",message="allowICMPForPathMTUDiscovery adds a rule to the security group the AWS Load Balancer Controller manages, which securityGroups replaces; allow ICMP in your security groups instead"
// +kubebuilder:validation:XValidation:rule="!has(self.disableSecurityGroups) || !self.disableSecurityGroups || !(has(self.securityGroups) || has(self.sourcePrefixLists) || has(self.manageBackendSecurityGroupRules) || has(self.enforceSecurityGroupRulesOnPrivateLinkTraffic) || (has(self.allowICMPForPathMTUDiscovery) && self.allowICMPForPathMTUDiscovery))",fieldPath=".disableSecurityGroups",message="with disableSecurityGroups the load balancer has no security groups: remove securityGroups, sourcePrefixLists, manageBackendSecurityGroupRules, enforceSecurityGroupRulesOnPrivateLinkTraffic and allowICMPForPathMTUDiscovery"
// +kubebuilder:validation:XValidation:rule="!has(self.targetNodeLabels) || self.targetType == 'instance'",fieldPath=".targetNodeLabels",message="targetNodeLabels picks the nodes of instance targets; it needs targetType instance"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, has(t.existing) || (has(t.healthCheck) == has(self.targetGroups[0].healthCheck) && (!has(t.healthCheck) || t.healthCheck == self.targetGroups[0].healthCheck)))",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer share one healthCheck (one Service carries one health check for all its ports, the target groups of other Services included); give them all the same healthCheck"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !self.listeners.exists(l, l.protocol != 'TLS' && self.targetGroups.exists(t, has(t.backendProtocol) && t.backendProtocol == 'TLS' && (has(l.defaultAction) ? has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup) && l.defaultAction.forward.targetGroup == t.name : size(self.targetGroups) == 1)))",fieldPath=".targetGroups",message="a target group with backendProtocol TLS is forwarded to by a listener that is not TLS; the AWS Load Balancer Controller encrypts to the targets of TLS listeners only"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !(self.listeners.exists(l, l.protocol == 'TLS' && self.targetGroups.exists(t, has(t.backendProtocol) && t.backendProtocol == 'TLS' && (has(l.defaultAction) ? has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup) && l.defaultAction.forward.targetGroup == t.name : size(self.targetGroups) == 1))) && self.listeners.exists(l, l.protocol == 'TLS' && self.targetGroups.exists(t, (!has(t.backendProtocol) || t.backendProtocol != 'TLS') && (has(l.defaultAction) ? has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup) && l.defaultAction.forward.targetGroup == t.name : size(self.targetGroups) == 1))))",fieldPath=".targetGroups",message="the target groups of TLS listeners differ in backendProtocol; one Service carries one backend protocol for all its TLS listeners, so give them the same"
// +kubebuilder:validation:XValidation:rule="has(self.loadBalancerName) == has(oldSelf.loadBalancerName) && (!has(self.loadBalancerName) || self.loadBalancerName == oldSelf.loadBalancerName)",fieldPath=".loadBalancerName",message="loadBalancerName cannot be set, changed or removed after creation: the AWS Load Balancer Controller ignores a new name for an existing load balancer"
// +kubebuilder:validation:XValidation:rule="(has(self.disableSecurityGroups) && self.disableSecurityGroups) == (has(oldSelf.disableSecurityGroups) && oldSelf.disableSecurityGroups)",fieldPath=".disableSecurityGroups",message="disableSecurityGroups cannot be changed after creation: AWS cannot add security groups to, or remove them from, a Network Load Balancer"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.minimumCapacityUnits) || has(self.minimumCapacityUnits)",fieldPath=".minimumCapacityUnits",message="minimumCapacityUnits cannot be removed once set: the AWS Load Balancer Controller would keep the reservation; set it to 0 to release it"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.loadBalancerAttributes) || has(self.loadBalancerAttributes)",fieldPath=".loadBalancerAttributes",message="loadBalancerAttributes cannot be removed once set: the AWS Load Balancer Controller would leave the attributes as they are; set them to the AWS defaults instead"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || self.rules.all(r, !has(r.listeners) || r.listeners.all(n, self.listeners.exists(l, l.name == n)))",fieldPath=".rules",message="a rule's listeners names a listener that is not in spec.listeners; add it there or fix the name"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || self.rules.all(r, !has(r.authentication) || self.listeners.exists(l, l.protocol == 'HTTPS' && (!has(r.listeners) || l.name in r.listeners)))",fieldPath=".rules",message="a rule with authentication needs an HTTPS listener among its listeners: an Application Load Balancer authenticates on HTTPS only"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || !self.rules.exists(r, has(r.skipAuthentication) && r.skipAuthentication) || has(self.authentication)",fieldPath=".rules",message="a rule's skipAuthentication needs spec.authentication: there is no authentication to skip"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.listeners.all(l, l.protocol == 'HTTPS' || !has(l.defaultAction) || !has(l.defaultAction.forward) || !self.targetGroups.exists(t, has(t.backendProtocolVersion) && t.backendProtocolVersion in ['GRPC', 'HTTP2'] && (has(l.defaultAction.forward.targetGroup) ? l.defaultAction.forward.targetGroup == t.name : l.defaultAction.forward.targetGroups.exists(w, w.name == t.name))))",fieldPath=".listeners",message="a listener that forwards to a target group with backendProtocolVersion GRPC or HTTP2 must be HTTPS: an Application Load Balancer sends gRPC and HTTP/2 to targets from HTTPS listeners only (an HTTP listener's requests are HTTP/1.1, which such a target group answers with an error)"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || has(self.httpsRedirectPort) || !has(self.rules) || self.rules.all(r, !has(r.action.forward) || !self.targetGroups.exists(t, has(t.backendProtocolVersion) && t.backendProtocolVersion in ['GRPC', 'HTTP2'] && (has(r.action.forward.targetGroup) ? r.action.forward.targetGroup == t.name : r.action.forward.targetGroups.exists(w, w.name == t.name))) || self.listeners.all(l, l.protocol == 'HTTPS' || (has(r.listeners) && !(l.name in r.listeners))))",fieldPath=".rules",message="a rule that forwards to a target group with backendProtocolVersion GRPC or HTTP2 must apply to HTTPS listeners only (set its listeners, or httpsRedirectPort): an Application Load Balancer sends gRPC and HTTP/2 to targets from HTTPS listeners only"
// +kubebuilder:validation:XValidation:rule="!(has(self.gateway) && has(self.gateway.implementation) && self.gateway.implementation == 'Standard') || !(has(self.loadBalancerName) || has(self.ipAddressType) || has(self.subnets) || has(self.staticAddresses) || has(self.securityGroups) || has(self.manageBackendSecurityGroupRules) || has(self.sourceRanges) || has(self.sourcePrefixLists) || has(self.tags) || has(self.loadBalancerAttributes) || has(self.minimumCapacityUnits) || has(self.targetNodeLabels) || has(self.enforceSecurityGroupRulesOnPrivateLinkTraffic) || has(self.authentication) || has(self.wafv2WebACLARN) || has(self.shieldAdvancedProtection) || has(self.httpsRedirectPort) || (has(self.multiClusterTargetGroups) && self.multiClusterTargetGroups) || (has(self.disableSecurityGroups) && self.disableSecurityGroups) || (has(self.allowICMPForPathMTUDiscovery) && self.allowICMPForPathMTUDiscovery) || (has(self.scheme) && self.scheme == 'internet-facing') || (has(self.targetType) && self.targetType == 'instance'))",fieldPath=".gateway.implementation",messageExpression="'gateway.implementation Standard makes only standard Gateway API objects, which cannot carry these settings:' + (has(self.loadBalancerName) ? ' loadBalancerName' : \"\") + (has(self.ipAddressType) ? ' ipAddressType' : \"\") + (has(self.subnets) ? ' subnets' : \"\") + (has(self.staticAddresses) ? ' staticAddresses' : \"\") + (has(self.securityGroups) ? ' securityGroups' : \"\") + (has(self.manageBackendSecurityGroupRules) ? ' manageBackendSecurityGroupRules' : \"\") + (has(self.sourceRanges) ? ' sourceRanges' : \"\") + (has(self.sourcePrefixLists) ? ' sourcePrefixLists' : \"\") + (has(self.tags) ? ' tags' : \"\") + (has(self.loadBalancerAttributes) ? ' loadBalancerAttributes' : \"\") + (has(self.minimumCapacityUnits) ? ' minimumCapacityUnits' : \"\") + (has(self.targetNodeLabels) ? ' targetNodeLabels' : \"\") + (has(self.enforceSecurityGroupRulesOnPrivateLinkTraffic) ? ' enforceSecurityGroupRulesOnPrivateLinkTraffic' : \"\") + (has(self.authentication) ? ' authentication' : \"\") + (has(self.wafv2WebACLARN) ? ' wafv2WebACLARN' : \"\") + (has(self.shieldAdvancedProtection) ? ' shieldAdvancedProtection' : \"\") + (has(self.httpsRedirectPort) ? ' httpsRedirectPort' : \"\") + ((has(self.multiClusterTargetGroups) && self.multiClusterTargetGroups) ? ' multiClusterTargetGroups' : \"\") + ((has(self.disableSecurityGroups) && self.disableSecurityGroups) ? ' disableSecurityGroups' : \"\") + ((has(self.allowICMPForPathMTUDiscovery) && self.allowICMPForPathMTUDiscovery) ? ' allowICMPForPathMTUDiscovery' : \"\") + ((has(self.scheme) && self.scheme == 'internet-facing') ? ' scheme=internet-facing' : \"\") + ((has(self.targetType) && self.targetType == 'instance') ? ' targetType=instance' : \"\") + ' (only the AWS Load Balancer Controller understands them): remove them, or use implementation AWSLoadBalancerController'"
// +kubebuilder:validation:XValidation:rule="!(has(self.gateway) && has(self.gateway.implementation) && self.gateway.implementation == 'Standard') || !(self.listeners.exists(l, has(l.tls)) || self.listeners.exists(l, has(l.mutualAuthentication)) || self.listeners.exists(l, has(l.attributes)) || self.listeners.exists(l, has(l.quic) && l.quic) || self.listeners.exists(l, has(l.defaultAction) && has(l.defaultAction.fixedResponse)) || self.listeners.exists(l, has(l.defaultAction) && has(l.defaultAction.redirect) && has(l.defaultAction.redirect.query)) || self.listeners.exists(l, has(l.defaultAction) && has(l.defaultAction.forward) && has(l.defaultAction.forward.stickiness)))",fieldPath=".listeners",messageExpression="'gateway.implementation Standard makes only standard Gateway API objects, which cannot carry these fields of spec.listeners:' + (self.listeners.exists(l, has(l.tls)) ? ' tls' : \"\") + (self.listeners.exists(l, has(l.mutualAuthentication)) ? ' mutualAuthentication' : \"\") + (self.listeners.exists(l, has(l.attributes)) ? ' attributes' : \"\") + (self.listeners.exists(l, has(l.quic) && l.quic) ? ' quic' : \"\") + (self.listeners.exists(l, has(l.defaultAction) && has(l.defaultAction.fixedResponse)) ? ' defaultAction.fixedResponse' : \"\") + (self.listeners.exists(l, has(l.defaultAction) && has(l.defaultAction.redirect) && has(l.defaultAction.redirect.query)) ? ' defaultAction.redirect.query' : \"\") + (self.listeners.exists(l, has(l.defaultAction) && has(l.defaultAction.forward) && has(l.defaultAction.forward.stickiness)) ? ' defaultAction.forward.stickiness' : \"\") + ' (only the AWS Load Balancer Controller understands them): remove them, or use implementation AWSLoadBalancerController'"
// +kubebuilder:validation:XValidation:rule="!(has(self.gateway) && has(self.gateway.implementation) && self.gateway.implementation == 'Standard') || !(self.targetGroups.exists(t, has(t.healthCheck)) || self.targetGroups.exists(t, has(t.backendProtocol)) || self.targetGroups.exists(t, has(t.backendProtocolVersion)) || self.targetGroups.exists(t, has(t.attributes)))",fieldPath=".targetGroups",messageExpression="'gateway.implementation Standard makes only standard Gateway API objects, which cannot carry these fields of spec.targetGroups:' + (self.targetGroups.exists(t, has(t.healthCheck)) ? ' healthCheck' : \"\") + (self.targetGroups.exists(t, has(t.backendProtocol)) ? ' backendProtocol' : \"\") + (self.targetGroups.exists(t, has(t.backendProtocolVersion)) ? ' backendProtocolVersion' : \"\") + (self.targetGroups.exists(t, has(t.attributes)) ? ' attributes' : \"\") + ' (only the AWS Load Balancer Controller understands them): remove them, or use implementation AWSLoadBalancerController'"
// +kubebuilder:validation:XValidation:rule="!(has(self.gateway) && has(self.gateway.implementation) && self.gateway.implementation == 'Standard') || !(has(self.rules)) || !(self.rules.exists(r, has(r.authentication)) || self.rules.exists(r, has(r.skipAuthentication) && r.skipAuthentication) || self.rules.exists(r, has(r.conditions.headers)) || self.rules.exists(r, has(r.conditions.queryStrings)) || self.rules.exists(r, has(r.conditions.sourceIPs)) || self.rules.exists(r, has(r.conditions.paths) && r.conditions.paths.exists(p, p.type == 'Wildcard')) || self.rules.exists(r, has(r.action.fixedResponse)) || self.rules.exists(r, has(r.action.redirect) && has(r.action.redirect.query)) || self.rules.exists(r, has(r.action.forward) && has(r.action.forward.stickiness)))",fieldPath=".rules",messageExpression="'gateway.implementation Standard makes only standard Gateway API objects, which cannot carry these fields of spec.rules:' + (self.rules.exists(r, has(r.authentication)) ? ' authentication' : \"\") + (self.rules.exists(r, has(r.skipAuthentication) && r.skipAuthentication) ? ' skipAuthentication' : \"\") + (self.rules.exists(r, has(r.conditions.headers)) ? ' conditions.headers' : \"\") + (self.rules.exists(r, has(r.conditions.queryStrings)) ? ' conditions.queryStrings' : \"\") + (self.rules.exists(r, has(r.conditions.sourceIPs)) ? ' conditions.sourceIPs' : \"\") + (self.rules.exists(r, has(r.conditions.paths) && r.conditions.paths.exists(p, p.type == 'Wildcard')) ? ' conditions.paths[].type=Wildcard' : \"\") + (self.rules.exists(r, has(r.action.fixedResponse)) ? ' action.fixedResponse' : \"\") + (self.rules.exists(r, has(r.action.redirect) && has(r.action.redirect.query)) ? ' action.redirect.query' : \"\") + (self.rules.exists(r, has(r.action.forward) && has(r.action.forward.stickiness)) ? ' action.forward.stickiness' : \"\") + ' (only the AWS Load Balancer Controller understands them): remove them, or use implementation AWSLoadBalancerController'"
// +kubebuilder:validation:XValidation:rule="!has(self.gateway) || !has(self.group) || (!has(self.group.owner) && !has(self.group.members))",fieldPath=".group",message="with gateway, group may only name a group of one (no owner, no members): Gateway API has no IngressGroup, and lbo's Gateway is a load balancer of its own; remove group.owner and group.members, or leave gateway out"
// +kubebuilder:validation:XValidation:rule="!has(self.gateway) || !has(self.rules) || self.rules.all(r, !has(r.conditions.methods) || r.conditions.methods.all(m, m in ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']))",fieldPath=".rules",message="with gateway, conditions.methods are GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH: an HTTPRoute matches no other method"
// +kubebuilder:validation:XValidation:rule="!has(self.gateway) || !has(self.rules) || self.rules.all(r, !has(r.conditions.queryStrings) || r.conditions.queryStrings.all(q, has(q.key)))",fieldPath=".rules",message="with gateway, every conditions.queryStrings entry needs a key: an HTTPRoute matches a query parameter by name"
// +kubebuilder:validation:XValidation:rule="!has(self.gateway) || !has(self.rules) || self.rules.all(r, !has(r.conditions.paths) || r.conditions.paths.all(p, p.type != 'Wildcard' || !p.path.contains('?')))",fieldPath=".rules",message="with gateway, a Wildcard path may use '*' but not '?': the AWS Load Balancer Controller passes it to the load balancer as an HTTPRoute Exact path, and Gateway API allows no '?' in a path"
// +kubebuilder:validation:XValidation:rule="self.layer == 'External' || size(self.listeners) > 0",fieldPath=".listeners",message="an L4 or L7 LoadBalancer needs at least one listener"
// +kubebuilder:validation:XValidation:rule="self.layer != 'External' || size(self.listeners) == 0",fieldPath=".listeners",message="a LoadBalancer of layer External makes no load balancer: AWS already has its listeners; remove spec.listeners"
// +kubebuilder:validation:XValidation:rule="self.layer != 'External' || self.targetGroups.all(t, has(t.existing) && (has(t.backend.service) || has(t.backend.selector)))",fieldPath=".targetGroups",message="every target group of a LoadBalancer of layer External registers targets in a target group AWS already has: give it existing and backend"
// +kubebuilder:validation:XValidation:rule="self.layer != 'External' || !(has(self.rules) || has(self.loadBalancerName) || has(self.ipAddressType) || has(self.subnets) || has(self.staticAddresses) || has(self.securityGroups) || has(self.manageBackendSecurityGroupRules) || has(self.sourceRanges) || has(self.sourcePrefixLists) || has(self.tags) || has(self.loadBalancerAttributes) || has(self.minimumCapacityUnits) || has(self.disableSecurityGroups) || has(self.enforceSecurityGroupRulesOnPrivateLinkTraffic) || has(self.allowICMPForPathMTUDiscovery) || has(self.httpsRedirectPort) || has(self.authentication) || has(self.group) || has(self.wafv2WebACLARN) || has(self.shieldAdvancedProtection) || has(self.ipv4IPAMPoolID) || has(self.customerOwnedIPv4Pool) || has(self.enablePrefixForIPv6SourceNAT) || has(self.frontendNLB) || (has(self.scheme) && self.scheme != 'internal'))",message="a LoadBalancer of layer External makes no load balancer, so it has none of a load balancer's settings: it takes targetGroups, targetType, targetNodeLabels, multiClusterTargetGroups, deletionPolicy, adoptExisting and allowReplacement"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.ipv4IPAMPoolID)",fieldPath=".ipv4IPAMPoolID",message="ipv4IPAMPoolID is for L7 only: the AWS Load Balancer Controller takes IPAM pools for Application Load Balancers only"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.customerOwnedIPv4Pool)",fieldPath=".customerOwnedIPv4Pool",message="customerOwnedIPv4Pool is for L7 only: Application Load Balancers on Outposts take customer-owned IPv4 pools"
// +kubebuilder:validation:XValidation:rule="has(self.customerOwnedIPv4Pool) == has(oldSelf.customerOwnedIPv4Pool) && (!has(self.customerOwnedIPv4Pool) || self.customerOwnedIPv4Pool == oldSelf.customerOwnedIPv4Pool)",fieldPath=".customerOwnedIPv4Pool",message="customerOwnedIPv4Pool cannot be set, changed or removed after creation: AWS sets it when it creates the load balancer, and the AWS Load Balancer Controller does not change it"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || !has(self.enablePrefixForIPv6SourceNAT) || !self.enablePrefixForIPv6SourceNAT",fieldPath=".enablePrefixForIPv6SourceNAT",message="enablePrefixForIPv6SourceNAT is for L4 only: it is a setting of Network Load Balancers"
// +kubebuilder:validation:XValidation:rule="!has(self.enablePrefixForIPv6SourceNAT) || !self.enablePrefixForIPv6SourceNAT || (has(self.ipAddressType) && self.ipAddressType == 'dualstack')",fieldPath=".enablePrefixForIPv6SourceNAT",message="enablePrefixForIPv6SourceNAT needs ipAddressType dualstack (and an IPv6 range in every subnet)"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.sourceNATIPv6Prefix)) || (has(self.enablePrefixForIPv6SourceNAT) && self.enablePrefixForIPv6SourceNAT && self.staticAddresses.all(a, has(a.sourceNATIPv6Prefix)))",fieldPath=".staticAddresses",message="staticAddresses[].sourceNATIPv6Prefix needs enablePrefixForIPv6SourceNAT, and then one for every subnet: the AWS Load Balancer Controller takes one prefix for each subnet, or none"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !has(self.frontendNLB)",fieldPath=".frontendNLB",message="frontendNLB is for L7 only: it is a Network Load Balancer in front of an Application Load Balancer"
// +kubebuilder:validation:XValidation:rule="!has(self.frontendNLB) || !has(self.group) || (!has(self.group.owner) && !has(self.group.members))",fieldPath=".frontendNLB",message="frontendNLB is one for the whole group, and the AWS Load Balancer Controller would put every member's listeners behind it: a LoadBalancer with a frontendNLB has a group of its own (no owner, no members)"
// +kubebuilder:validation:XValidation:rule="!has(self.frontendNLB) || !has(self.ipAddressType) || self.ipAddressType != 'dualstack-without-public-ipv4'",fieldPath=".frontendNLB",message="frontendNLB takes the ALB's ipAddressType, and a Network Load Balancer cannot be dualstack-without-public-ipv4"
// +kubebuilder:validation:XValidation:rule="!has(self.frontendNLB) || !has(self.frontendNLB.listeners) || self.frontendNLB.listeners.all(f, self.listeners.exists(l, l.name == f.listener))",fieldPath=".frontendNLB.listeners",message="a frontendNLB listener names a listener that is not in spec.listeners; add it there or fix the name"
// +kubebuilder:validation:XValidation:rule="self.layer == 'L7' || self.targetGroups.all(t, !has(t.targetControlPort))",fieldPath=".targetGroups",message="targetGroups[].targetControlPort is for L7 only: the target optimizer is a feature of Application Load Balancers"
// +kubebuilder:validation:XValidation:rule="self.targetType == 'ip' || self.targetGroups.all(t, !has(t.targetControlPort))",fieldPath=".targetGroups",message="targetGroups[].targetControlPort needs targetType ip: the AWS Load Balancer Controller refuses a target control port for instance targets"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.listeners.all(l, !has(l.defaultAction) || !has(l.defaultAction.forward) || !has(l.defaultAction.forward.stickiness) || !has(l.defaultAction.forward.stickiness.durationSeconds))",fieldPath=".listeners",message="a Network Load Balancer sticks clients to a target group by source address, without a duration: remove defaultAction.forward.stickiness.durationSeconds"
// +kubebuilder:validation:XValidation:rule="!has(self.gateway) || self.targetGroups.all(t, !has(t.existing))",fieldPath=".targetGroups",message="with gateway, no target group can be existing: the AWS Load Balancer Controller's Gateway support makes the target groups of its routes and forwards to no target group AWS already has; leave existing out, or leave gateway out"
// +kubebuilder:validation:XValidation:rule="!has(self.gateway) || self.layer != 'External'",fieldPath=".gateway",message="a LoadBalancer of layer External makes no load balancer, so no Gateway either: remove spec.gateway"
type LoadBalancerSpec struct {
	// layer is L4 for a Network Load Balancer (one Service of type
	// LoadBalancer), L7 for an Application Load Balancer (Ingresses of class
	// alb), or External for a load balancer made outside Kubernetes that AWS
	// already has, with its listeners: lbo makes none, and registers the
	// targets of targetGroups in target groups that exist (existing). With
	// gateway, an L4 or L7 load balancer is a Gateway and its routes.
	// +required
	Layer Layer `json:"layer"`

	// gateway makes lbo provision the load balancer through Gateway API (a
	// Gateway of gateway.className and its routes) instead of the Service or
	// Ingresses with annotations it makes when gateway is left out. Both
	// carry the same spec; what one backend cannot carry it refuses, naming
	// the field (docs/backends.md). Turning it on or off, or changing it,
	// replaces the load balancer, so it needs allowReplacement.
	// +optional
	Gateway *GatewayBackend `json:"gateway,omitempty"`

	// scheme is internal (reachable inside the VPC, the AWS default) or
	// internet-facing.
	// +default="internal"
	// +optional
	Scheme Scheme `json:"scheme,omitempty"`

	// targetType is ip (pod IPs are registered; needs the Amazon VPC CNI) or
	// instance (nodes are registered on the Service's NodePort).
	// +default="ip"
	// +optional
	TargetType TargetType `json:"targetType,omitempty"`

	// listeners are the ports the load balancer accepts traffic on, keyed by
	// name; at least one on L4 and L7, none on External (AWS has them).
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=50
	// +kubebuilder:validation:XValidation:rule="self.all(l, self.exists_one(m, m.port == l.port))",message="two listeners use the same port; a load balancer listens once on each port"
	// +default=[]
	// +optional
	Listeners []Listener `json:"listeners,omitempty"`

	// rules route HTTP requests (L7 only). The list order is the priority:
	// the first rule whose conditions match a request takes it.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=100
	// +optional
	Rules []Rule `json:"rules,omitempty"`

	// targetGroups are the destinations of traffic, keyed by name: existing
	// Services, or pods selected by label.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +required
	TargetGroups []TargetGroup `json:"targetGroups"`

	// loadBalancerName is the AWS name of the load balancer: at most 32
	// letters, digits and '-', not starting or ending with '-' nor starting
	// with 'internal-'. Left out, the AWS Load Balancer Controller makes one
	// up. It cannot be changed: the controller ignores a new name for an
	// existing load balancer.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$`
	// +kubebuilder:validation:XValidation:rule="!self.startsWith('internal-')",message="loadBalancerName must not start with 'internal-': AWS reserves it"
	// +optional
	LoadBalancerName string `json:"loadBalancerName,omitempty"`

	// ipAddressType is ipv4 (the default) or dualstack (IPv4 and IPv6);
	// dualstack-without-public-ipv4 (IPv6 from the internet, IPv4 inside the
	// VPC only) is for internet-facing Application Load Balancers only.
	// +optional
	IPAddressType IPAddressType `json:"ipAddressType,omitempty"`

	// subnets are the subnets the load balancer is placed in, one per
	// Availability Zone, by ID (subnet-...) or Name tag. Left out, the AWS
	// Load Balancer Controller discovers them by their tags.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=256
	// +kubebuilder:validation:items:Pattern=`^[^,\s]([^,]*[^,\s])?$`
	// +listType=set
	// +optional
	Subnets []string `json:"subnets,omitempty"`

	// staticAddresses give the load balancer fixed addresses (L4 only): one
	// entry for each of spec.subnets, with an Elastic IP (internet-facing),
	// a private IPv4 address (internal) and/or an IPv6 address (dualstack).
	// +listType=map
	// +listMapKey=subnet
	// +kubebuilder:validation:MaxItems=16
	// +optional
	StaticAddresses []StaticAddress `json:"staticAddresses,omitempty"`

	// securityGroups are the security groups attached to the load balancer,
	// by ID (sg-...) or Name tag, instead of the one the AWS Load Balancer
	// Controller creates and manages. Your groups then decide who may reach
	// the load balancer, so sourceRanges and sourcePrefixLists cannot be set.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=5
	// +kubebuilder:validation:items:MaxLength=256
	// +kubebuilder:validation:items:Pattern=`^[^,\s]([^,]*[^,\s])?$`
	// +listType=set
	// +optional
	SecurityGroups []string `json:"securityGroups,omitempty"`

	// manageBackendSecurityGroupRules lets, with securityGroups, the AWS Load
	// Balancer Controller add the rules that let the load balancer reach the
	// targets to the targets' security groups. Left out with securityGroups,
	// it does not: you add those rules yourself.
	// +optional
	ManageBackendSecurityGroupRules *bool `json:"manageBackendSecurityGroupRules,omitempty"`

	// sourceRanges are the client CIDRs allowed to reach the load balancer,
	// such as 203.0.113.0/24; IPv6 ranges need ipAddressType dualstack (or
	// dualstack-without-public-ipv4). Left out, everyone may (0.0.0.0/0, and
	// ::/0 when dualstack), unless sourcePrefixLists are given: then only
	// they may.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=43
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c) && cidr(c) == cidr(c).masked())",message="sourceRanges are CIDRs in network form, such as 10.0.0.0/24 or 2001:db8::/32"
	// +listType=set
	// +optional
	SourceRanges []string `json:"sourceRanges,omitempty"`

	// sourcePrefixLists are IDs of managed prefix lists (pl-...) whose CIDRs
	// may reach the load balancer.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:items:Pattern=`^pl-[0-9a-f]+$`
	// +listType=set
	// +optional
	SourcePrefixLists []string `json:"sourcePrefixLists,omitempty"`

	// tags are AWS tags put on the load balancer and the resources made for
	// it (target groups, listeners, security group), in addition to the AWS
	// Load Balancer Controller's own.
	// +kubebuilder:validation:MaxProperties=40
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 128 && k.matches(r'^[\\p{L}\\p{Z}\\p{N}_.:/=+@-]+$'))",message="tag keys are 1 to 128 letters, digits, spaces and _.:/=+-@, the characters AWS takes in tags"
	// +kubebuilder:validation:XValidation:rule="self.all(k, !k.startsWith('aws:') && !k.startsWith('elbv2.k8s.aws/') && !k.startsWith('service.k8s.aws/') && !k.startsWith('ingress.k8s.aws/'))",message="tag keys starting with aws: are reserved by AWS, and elbv2.k8s.aws/, service.k8s.aws/ and ingress.k8s.aws/ by the AWS Load Balancer Controller"
	// +optional
	Tags map[string]TagValue `json:"tags,omitempty"`

	// loadBalancerAttributes are attributes of the AWS load balancer:
	// deletion protection, cross-zone load balancing, access logs and more.
	// +optional
	LoadBalancerAttributes *LoadBalancerAttributes `json:"loadBalancerAttributes,omitempty"`

	// minimumCapacityUnits reserves load balancer capacity units ahead of
	// expected traffic; 0 releases the reservation. Once set it cannot be
	// removed, as the AWS Load Balancer Controller would keep the
	// reservation: set it to 0 instead.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=1500000
	// +optional
	MinimumCapacityUnits *int32 `json:"minimumCapacityUnits,omitempty"`

	// targetNodeLabels restricts instance targets to the nodes with these
	// labels (targetType instance only). Left out, every node is a target.
	// +kubebuilder:validation:MinProperties=1
	// +kubebuilder:validation:MaxProperties=10
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 317 && k.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$'))",message="targetNodeLabels keys are label keys, such as node.kubernetes.io/instance-type"
	// +optional
	TargetNodeLabels map[string]LabelValue `json:"targetNodeLabels,omitempty"`

	// multiClusterTargetGroups lets target groups be shared with other
	// clusters: the AWS Load Balancer Controller then only registers and
	// deregisters this cluster's targets, leaving the others alone.
	// +optional
	MultiClusterTargetGroups bool `json:"multiClusterTargetGroups,omitempty"`

	// disableSecurityGroups makes the load balancer without security groups
	// (L4 only). Only the rules the AWS Load Balancer Controller adds to the
	// targets' security groups keep clients out then, and they hold
	// sourceRanges only for targets that see the clients' addresses (UDP and
	// TCP_UDP listeners, or target groups with preserveClientIP, which
	// instance targets have by default): sourceRanges with other target
	// groups, or on a dualstack load balancer (the clients of one IP family
	// reach the targets from the load balancer's addresses), are refused,
	// and an internal load balancer needs sourceRanges (left out, only the
	// VPC's own CIDRs would get in). It cannot be changed
	// after creation: AWS cannot add security groups to, or remove them
	// from, a Network Load Balancer.
	// +optional
	DisableSecurityGroups bool `json:"disableSecurityGroups,omitempty"`

	// enforceSecurityGroupRulesOnPrivateLinkTraffic applies the load
	// balancer's security group rules to traffic that arrives through AWS
	// PrivateLink too (L4 only). Left out, AWS applies them.
	// +optional
	EnforceSecurityGroupRulesOnPrivateLinkTraffic *bool `json:"enforceSecurityGroupRulesOnPrivateLinkTraffic,omitempty"`

	// allowICMPForPathMTUDiscovery adds a rule to the managed security group
	// that lets in the ICMP messages of Path MTU Discovery (L4 only): from
	// each of sourceRanges, or from everyone when they are left out. Not
	// with sourcePrefixLists, which get no ICMP rule.
	// +optional
	AllowICMPForPathMTUDiscovery bool `json:"allowICMPForPathMTUDiscovery,omitempty"`

	// httpsRedirectPort redirects every request of every HTTP listener to
	// HTTPS on this port, which must be an HTTPS listener's (L7 only). HTTP
	// listeners then take no defaultAction, and rules apply on the HTTPS
	// listeners only.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	HTTPSRedirectPort *int32 `json:"httpsRedirectPort,omitempty"`

	// authentication makes the load balancer authenticate users before
	// their requests reach the targets (L7 only), on every HTTPS listener,
	// for every rule and default action; an Application Load Balancer
	// authenticates on HTTPS only, so HTTP listeners stay open (redirect
	// them with httpsRedirectPort).
	// +optional
	Authentication *Authentication `json:"authentication,omitempty"`

	// group shares one Application Load Balancer between this LoadBalancer
	// and the others naming the same group (L7 only; the AWS Load Balancer
	// Controller's IngressGroup). Their rules are evaluated by order, lowest
	// first. Joining, leaving or changing the group moves the LoadBalancer
	// to another load balancer, so it needs allowReplacement. Load balancer
	// settings of the members must not contradict each other, nor the
	// settings of a port they share (protocol, first certificate, SSL
	// policy, mutual TLS, listener attributes, sources), each member has an
	// order of its own, and one member per port gives its default action:
	// lbo applies nothing of a LoadBalancer that contradicts what another
	// member has live (Accepted=False, GroupConflict), and `lbo render`
	// checks the LoadBalancers it is given against each other alike.
	//
	// Sharing needs the owner's consent: a LoadBalancer without group.owner
	// claims the group (the oldest claimant owns it, preferring one already
	// in the group) and lists in group.members who may join; a LoadBalancer
	// with group.owner joins only when that owner claims the same group and
	// lists it. Until then lbo creates none of its children (Accepted=False,
	// GroupNotPermitted).
	// +optional
	Group *Group `json:"group,omitempty"`

	// wafv2WebACLARN is the ARN of the regional AWS WAFv2 web ACL that
	// protects the load balancer (L7 only), such as
	// arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web/0123. Once
	// set it cannot be removed, as the AWS Load Balancer Controller would
	// leave the web ACL attached: set it to none to detach it.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^(arn:aws[-a-z]*:wafv2:[a-z]+(-[a-z]+)+-[0-9]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9-]+|none)$`
	// +optional
	WAFv2WebACLARN string `json:"wafv2WebACLARN,omitempty"`

	// ipv4IPAMPoolID is the Amazon VPC IPAM pool the load balancer's public
	// IPv4 addresses come from (L7 only), such as
	// ipam-pool-0123456789abcdef0. Left out (or removed), AWS assigns
	// Amazon's addresses.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^ipam-pool-[0-9a-f]+$`
	// +optional
	IPv4IPAMPoolID string `json:"ipv4IPAMPoolID,omitempty"`

	// customerOwnedIPv4Pool is the customer-owned IPv4 address pool (CoIP)
	// of an Application Load Balancer on AWS Outposts (L7 only), such as
	// ipv4pool-coip-0123456789abcdef0. It cannot be set, changed or removed
	// after creation: AWS sets it when it creates the load balancer.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^ipv4pool-coip-[0-9a-f]+$`
	// +optional
	CustomerOwnedIPv4Pool string `json:"customerOwnedIPv4Pool,omitempty"`

	// enablePrefixForIPv6SourceNAT makes the Network Load Balancer use an
	// IPv6 prefix of each subnet as the source of the traffic it sends to
	// IPv6 targets (L4 only, ipAddressType dualstack, every subnet with an
	// IPv6 range); AWS needs it for UDP listeners of a dualstack NLB. The
	// prefixes are staticAddresses[].sourceNATIPv6Prefix, or chosen by AWS.
	// +optional
	EnablePrefixForIPv6SourceNAT bool `json:"enablePrefixForIPv6SourceNAT,omitempty"`

	// frontendNLB puts a Network Load Balancer in front of the Application
	// Load Balancer (L7 only), for static addresses and TCP clients: its
	// listeners forward to the ALB's. The status lists its DNS name after
	// the ALB's. Removing it deletes the Network Load Balancer.
	// +optional
	FrontendNLB *FrontendNLB `json:"frontendNLB,omitempty"`

	// shieldAdvancedProtection turns AWS Shield Advanced protection of the
	// load balancer on or off (L7 only; needs a Shield Advanced
	// subscription). Left out, the protection stays as it is; once set it
	// cannot be removed: set it to false instead.
	// +optional
	ShieldAdvancedProtection *bool `json:"shieldAdvancedProtection,omitempty"`

	// allowReplacement lets through a change that makes the AWS Load
	// Balancer Controller replace the load balancer: a new layer, scheme, IP
	// address type, load balancer name, group or backend (gateway). The new load balancer has a new
	// DNS name; clients and DNS records using the old one stop working.
	// Without it, such a change is refused.
	// +optional
	AllowReplacement bool `json:"allowReplacement,omitempty"`

	// deletionPolicy is what happens to the load balancer when the
	// LoadBalancer is deleted. Delete (also when left out) deletes the
	// children, and so the AWS load balancer. Retain leaves the children in
	// place, no longer owned by anything, and the load balancer serving.
	// It has no schema default, so GitOps tools see no field they did not write.
	// +optional
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`

	// adoptExisting lets lbo take over objects that already hold the names
	// of its children and have no controlling owner, such as a Service made
	// by hand for this load balancer, or the children a deleted LoadBalancer
	// with deletionPolicy Retain left behind. Without it such an object is a
	// NameConflict and lbo leaves it untouched.
	// +optional
	AdoptExisting bool `json:"adoptExisting,omitempty"`
}

// LoadBalancer declares an AWS load balancer (a Network Load Balancer for L4,
// an Application Load Balancer for L7) that lbo expands into the Service or
// Ingresses the AWS Load Balancer Controller provisions it from.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=lb,categories=lbo
// +kubebuilder:printcolumn:name="Layer",type=string,JSONPath=`.spec.layer`
// +kubebuilder:printcolumn:name="Scheme",type=string,JSONPath=`.spec.scheme`
// +kubebuilder:printcolumn:name="Address",type=string,JSONPath=`.status.address.hostname`
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
// +kubebuilder:printcolumn:name="Gateway",type=string,JSONPath=`.spec.gateway.className`,priority=1
// +kubebuilder:validation:XValidation:rule="self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63",message="metadata.name must be at most 63 characters of lowercase letters, digits and '-', starting with a letter: it names the Service or Ingress lbo makes"
// +kubebuilder:validation:XValidation:rule="self.spec.targetGroups.all(t, !(has(t.backend.selector) || (has(t.existing) && has(t.backend.service))) || (self.spec.layer != 'L7' && !has(t.existing) && !has(self.spec.gateway)) || size(self.metadata.name) + size(t.name) <= 62)",message="metadata.name and a target group's name together exceed 62 characters; lbo names that target group's Service or TargetGroupBinding <name>-<target group>, and Service names are at most 63"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.ipAddressType) ? self.spec.ipAddressType : 'ipv4') == (has(oldSelf.spec.ipAddressType) ? oldSelf.spec.ipAddressType : 'ipv4') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.ipAddressType",message="changing spec.ipAddressType may replace the load balancer: it would get a new DNS name and clients using the old one lose it. Set spec.allowReplacement: true to change it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.group) ? self.spec.group.name : '-') == (has(oldSelf.spec.group) ? oldSelf.spec.group.name : '-') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.group",message="joining, leaving or changing spec.group moves the LoadBalancer to another load balancer, with another DNS name, and may delete the old one. Set spec.allowReplacement: true to do it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.gateway) ? self.spec.gateway.className + '/' + (has(self.spec.gateway.implementation) ? self.spec.gateway.implementation : 'AWSLoadBalancerController') : '-') == (has(oldSelf.spec.gateway) ? oldSelf.spec.gateway.className + '/' + (has(oldSelf.spec.gateway.implementation) ? oldSelf.spec.gateway.implementation : 'AWSLoadBalancerController') : '-') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.gateway",message="adding or removing spec.gateway, or changing its className or implementation, replaces the load balancer: the new one gets a new DNS name and clients using the old one lose it (docs/backends.md moves a LoadBalancer between backends without losing traffic). Set spec.allowReplacement: true to replace it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.targetType) ? self.spec.targetType : 'ip') == (has(oldSelf.spec.targetType) ? oldSelf.spec.targetType : 'ip') || !self.spec.targetGroups.exists(t, has(t.existing) && (has(t.backend.service) || has(t.backend.selector)) && oldSelf.spec.targetGroups.exists(o, o.name == t.name && has(o.existing) && (has(o.backend.service) || has(o.backend.selector))))",fieldPath=".spec.targetType",message="spec.targetType cannot change while target groups register targets in target groups AWS has: the AWS Load Balancer Controller's TargetGroupBinding keeps its target type for good (and the target group AWS has takes one type); to move those targets, give their target groups new names"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || self.spec.layer == oldSelf.spec.layer || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.layer",message="changing spec.layer replaces the load balancer: it gets a new DNS name and clients using the old one lose it. Set spec.allowReplacement: true to replace it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.scheme) ? self.spec.scheme : 'internal') == (has(oldSelf.spec.scheme) ? oldSelf.spec.scheme : 'internal') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.scheme",message="changing spec.scheme replaces the load balancer: it gets a new DNS name and clients using the old one lose it. Set spec.allowReplacement: true to replace it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.staticAddresses) ? self.spec.staticAddresses : []) == (has(oldSelf.spec.staticAddresses) ? oldSelf.spec.staticAddresses : []) || (has(self.spec.allowReplacement) && self.spec.allowReplacement && (self.spec.layer != oldSelf.spec.layer || (has(self.spec.scheme) ? self.spec.scheme : 'internal') != (has(oldSelf.spec.scheme) ? oldSelf.spec.scheme : 'internal')))",fieldPath=".spec.staticAddresses",message="spec.staticAddresses cannot be set, changed or removed on a live load balancer: AWS gives a Network Load Balancer its addresses when it creates it, and the AWS Load Balancer Controller would silently keep the old ones. They change only with the load balancer: with a change of spec.scheme or spec.layer and spec.allowReplacement: true, or in a new LoadBalancer"
type LoadBalancer struct {
	metav1.TypeMeta `json:",inline"`

	// metadata is the standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec declares the load balancer.
	// +required
	Spec LoadBalancerSpec `json:"spec"`

	// status is what lbo observed.
	// +optional
	Status LoadBalancerStatus `json:"status,omitempty"`
}

// LoadBalancerList is a list of LoadBalancers.
//
// +kubebuilder:object:root=true
type LoadBalancerList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []LoadBalancer `json:"items"`
}

func init() {
	SchemeBuilder.Register(&LoadBalancer{}, &LoadBalancerList{})
}
