package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Layer says which kind of AWS load balancer a LoadBalancer becomes.
// +kubebuilder:validation:Enum=L4;L7
type Layer string

const (
	// LayerL4 is a Network Load Balancer, made from one Service of type LoadBalancer.
	LayerL4 Layer = "L4"
	// LayerL7 is an Application Load Balancer, made from Ingresses of class alb.
	LayerL7 Layer = "L7"
)

// Scheme says where a load balancer can be reached from.
// +kubebuilder:validation:Enum=internal;internet-facing
type Scheme string

const (
	// SchemeInternal is reachable from inside the VPC only.
	SchemeInternal Scheme = "internal"
	// SchemeInternetFacing is reachable from the internet.
	SchemeInternetFacing Scheme = "internet-facing"
)

// TargetType says what the load balancer registers as targets.
// +kubebuilder:validation:Enum=ip;instance
type TargetType string

const (
	// TargetTypeIP registers pod IPs; it needs the Amazon VPC CNI.
	TargetTypeIP TargetType = "ip"
	// TargetTypeInstance registers nodes on the Service's NodePort.
	TargetTypeInstance TargetType = "instance"
)

// Protocol is a listener's protocol.
// +kubebuilder:validation:Enum=HTTP;HTTPS;TCP;UDP;TCP_UDP;TLS
type Protocol string

const (
	ProtocolHTTP   Protocol = "HTTP"
	ProtocolHTTPS  Protocol = "HTTPS"
	ProtocolTCP    Protocol = "TCP"
	ProtocolUDP    Protocol = "UDP"
	ProtocolTCPUDP Protocol = "TCP_UDP"
	ProtocolTLS    Protocol = "TLS"
)

// PathType says how a rule's path is matched.
// +kubebuilder:validation:Enum=Exact;Prefix;Wildcard
type PathType string

const (
	// PathExact matches the path exactly.
	PathExact PathType = "Exact"
	// PathPrefix matches the path and everything below it, element by element.
	PathPrefix PathType = "Prefix"
	// PathWildcard is an ALB path pattern: '*' matches any characters, '?' one.
	PathWildcard PathType = "Wildcard"
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
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.listeners.all(l, !has(l.defaultAction) || (has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup)))",fieldPath=".listeners",message="a listener of an L4 LoadBalancer can only forward to one target group: set defaultAction.forward.targetGroup; a Network Load Balancer cannot redirect, answer with a fixed response or weigh target groups"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.targetGroups.all(t, !has(t.healthCheck) || !has(t.healthCheck.protocol) || t.healthCheck.protocol != 'TCP')",fieldPath=".targetGroups",message="an L7 target group's healthCheck.protocol is HTTP or HTTPS; TCP health checks are for L4"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || size(self.targetGroups) == 1 || self.listeners.all(l, has(l.defaultAction))",fieldPath=".listeners",message="with more than one target group, every listener of an L4 LoadBalancer names its target group in defaultAction.forward.targetGroup"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, has(t.backend.selector))",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer select pods with backend.selector: the Network Load Balancer's Service cannot point at another Service"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, !has(t.backend.selector) || t.backend.selector == self.targetGroups[0].backend.selector)",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer must all select the same pods (one Service has one selector); use another LoadBalancer for other pods"
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
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.elasticIPAllocation)) || !has(self.subnets) || self.subnets.all(s, s.startsWith('subnet-'))",fieldPath=".subnets",message="with staticAddresses[].elasticIPAllocation, subnets are given by ID (subnet-...): the AWS Load Balancer Controller hands out Elastic IPs in subnet ID order, which lbo can only follow knowing the IDs"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.elasticIPAllocation)) || self.scheme == 'internet-facing'",fieldPath=".staticAddresses",message="staticAddresses[].elasticIPAllocation needs scheme internet-facing: an internal load balancer has no public addresses"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.privateIPv4Address)) || self.scheme == 'internal'",fieldPath=".staticAddresses",message="staticAddresses[].privateIPv4Address needs scheme internal; an internet-facing load balancer takes Elastic IPs instead"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || !self.staticAddresses.exists(a, has(a.ipv6Address)) || (has(self.ipAddressType) && self.ipAddressType == 'dualstack')",fieldPath=".staticAddresses",message="staticAddresses[].ipv6Address needs ipAddressType dualstack"
// +kubebuilder:validation:XValidation:rule="!has(self.securityGroups) || !has(self.sourceRanges)",fieldPath=".sourceRanges",message="sourceRanges cannot be used with securityGroups: the AWS Load Balancer Controller ignores them then; allow the clients in your security groups instead"
// +kubebuilder:validation:XValidation:rule="!has(self.securityGroups) || !has(self.sourcePrefixLists)",fieldPath=".sourcePrefixLists",message="sourcePrefixLists cannot be used with securityGroups: the AWS Load Balancer Controller ignores them then; allow the prefix lists in your security groups instead"
// +kubebuilder:validation:XValidation:rule="!has(self.manageBackendSecurityGroupRules) || has(self.securityGroups)",fieldPath=".manageBackendSecurityGroupRules",message="manageBackendSecurityGroupRules goes with securityGroups; without them the AWS Load Balancer Controller manages the security groups and their rules itself"
// +kubebuilder:validation:XValidation:rule="!has(self.allowICMPForPathMTUDiscovery) || !self.allowICMPForPathMTUDiscovery || !has(self.securityGroups)",fieldPath=".allowICMPForPathMTUDiscovery",message="allowICMPForPathMTUDiscovery adds a rule to the security group the AWS Load Balancer Controller manages, which securityGroups replaces; allow ICMP in your security groups instead"
// +kubebuilder:validation:XValidation:rule="!has(self.disableSecurityGroups) || !self.disableSecurityGroups || !(has(self.securityGroups) || has(self.sourcePrefixLists) || has(self.manageBackendSecurityGroupRules) || has(self.enforceSecurityGroupRulesOnPrivateLinkTraffic) || (has(self.allowICMPForPathMTUDiscovery) && self.allowICMPForPathMTUDiscovery))",fieldPath=".disableSecurityGroups",message="with disableSecurityGroups the load balancer has no security groups: remove securityGroups, sourcePrefixLists, manageBackendSecurityGroupRules, enforceSecurityGroupRulesOnPrivateLinkTraffic and allowICMPForPathMTUDiscovery"
// +kubebuilder:validation:XValidation:rule="!has(self.targetNodeLabels) || self.targetType == 'instance'",fieldPath=".targetNodeLabels",message="targetNodeLabels picks the nodes of instance targets; it needs targetType instance"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, has(t.healthCheck) == has(self.targetGroups[0].healthCheck) && (!has(t.healthCheck) || t.healthCheck == self.targetGroups[0].healthCheck))",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer share one healthCheck (one Service carries one health check for all its ports); give them all the same healthCheck"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !self.listeners.exists(l, l.protocol != 'TLS' && self.targetGroups.exists(t, has(t.backendProtocol) && t.backendProtocol == 'TLS' && (has(l.defaultAction) ? has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup) && l.defaultAction.forward.targetGroup == t.name : size(self.targetGroups) == 1)))",fieldPath=".targetGroups",message="a target group with backendProtocol TLS is forwarded to by a listener that is not TLS; the AWS Load Balancer Controller encrypts to the targets of TLS listeners only"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || !(self.listeners.exists(l, l.protocol == 'TLS' && self.targetGroups.exists(t, has(t.backendProtocol) && t.backendProtocol == 'TLS' && (has(l.defaultAction) ? has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup) && l.defaultAction.forward.targetGroup == t.name : size(self.targetGroups) == 1))) && self.listeners.exists(l, l.protocol == 'TLS' && self.targetGroups.exists(t, (!has(t.backendProtocol) || t.backendProtocol != 'TLS') && (has(l.defaultAction) ? has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup) && l.defaultAction.forward.targetGroup == t.name : size(self.targetGroups) == 1))))",fieldPath=".targetGroups",message="the target groups of TLS listeners differ in backendProtocol; one Service carries one backend protocol for all its TLS listeners, so give them the same"
// +kubebuilder:validation:XValidation:rule="has(self.loadBalancerName) == has(oldSelf.loadBalancerName) && (!has(self.loadBalancerName) || self.loadBalancerName == oldSelf.loadBalancerName)",fieldPath=".loadBalancerName",message="loadBalancerName cannot be set, changed or removed after creation: the AWS Load Balancer Controller ignores a new name for an existing load balancer"
// +kubebuilder:validation:XValidation:rule="(has(self.disableSecurityGroups) && self.disableSecurityGroups) == (has(oldSelf.disableSecurityGroups) && oldSelf.disableSecurityGroups)",fieldPath=".disableSecurityGroups",message="disableSecurityGroups cannot be changed after creation: AWS cannot add security groups to, or remove them from, a Network Load Balancer"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.minimumCapacityUnits) || has(self.minimumCapacityUnits)",fieldPath=".minimumCapacityUnits",message="minimumCapacityUnits cannot be removed once set: the AWS Load Balancer Controller would keep the reservation; set it to 0 to release it"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.loadBalancerAttributes) || has(self.loadBalancerAttributes)",fieldPath=".loadBalancerAttributes",message="loadBalancerAttributes cannot be removed once set: the AWS Load Balancer Controller would leave the attributes as they are; set them to the AWS defaults instead"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || self.rules.all(r, !has(r.listeners) || r.listeners.all(n, self.listeners.exists(l, l.name == n)))",fieldPath=".rules",message="a rule's listeners names a listener that is not in spec.listeners; add it there or fix the name"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || self.rules.all(r, !has(r.authentication) || self.listeners.exists(l, l.protocol == 'HTTPS' && (!has(r.listeners) || l.name in r.listeners)))",fieldPath=".rules",message="a rule with authentication needs an HTTPS listener among its listeners: an Application Load Balancer authenticates on HTTPS only"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || !self.rules.exists(r, has(r.skipAuthentication) && r.skipAuthentication) || has(self.authentication)",fieldPath=".rules",message="a rule's skipAuthentication needs spec.authentication: there is no authentication to skip"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.listeners.all(l, l.protocol == 'HTTPS' || !has(l.defaultAction) || !has(l.defaultAction.forward) || !self.targetGroups.exists(t, has(t.backendProtocolVersion) && t.backendProtocolVersion == 'GRPC' && (has(l.defaultAction.forward.targetGroup) ? l.defaultAction.forward.targetGroup == t.name : l.defaultAction.forward.targetGroups.exists(w, w.name == t.name))))",fieldPath=".listeners",message="a listener that forwards to a target group with backendProtocolVersion GRPC must be HTTPS: an Application Load Balancer carries gRPC on HTTPS listeners only"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || has(self.httpsRedirectPort) || !has(self.rules) || self.rules.all(r, !has(r.action.forward) || !self.targetGroups.exists(t, has(t.backendProtocolVersion) && t.backendProtocolVersion == 'GRPC' && (has(r.action.forward.targetGroup) ? r.action.forward.targetGroup == t.name : r.action.forward.targetGroups.exists(w, w.name == t.name))) || self.listeners.all(l, l.protocol == 'HTTPS' || (has(r.listeners) && !(l.name in r.listeners))))",fieldPath=".rules",message="a rule that forwards to a target group with backendProtocolVersion GRPC must apply to HTTPS listeners only (set its listeners, or httpsRedirectPort): an Application Load Balancer carries gRPC on HTTPS listeners only"
type LoadBalancerSpec struct {
	// layer is L4 for a Network Load Balancer (one Service of type
	// LoadBalancer) or L7 for an Application Load Balancer (Ingresses of
	// class alb).
	// +required
	Layer Layer `json:"layer"`

	// scheme is internal (reachable inside the VPC, the AWS default) or
	// internet-facing.
	// +kubebuilder:default=internal
	// +optional
	Scheme Scheme `json:"scheme,omitempty"`

	// targetType is ip (pod IPs are registered; needs the Amazon VPC CNI) or
	// instance (nodes are registered on the Service's NodePort).
	// +kubebuilder:default=ip
	// +optional
	TargetType TargetType `json:"targetType,omitempty"`

	// listeners are the ports the load balancer accepts traffic on, keyed by
	// name.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +kubebuilder:validation:XValidation:rule="self.all(l, self.exists_one(m, m.port == l.port))",message="two listeners use the same port; a load balancer listens once on each port"
	// +required
	Listeners []Listener `json:"listeners"`

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

	// manageBackendSecurityGroupRules, with securityGroups, lets the AWS Load
	// Balancer Controller add the rules that let the load balancer reach the
	// targets to the targets' security groups. Left out with securityGroups,
	// it does not: you add those rules yourself.
	// +optional
	ManageBackendSecurityGroupRules *bool `json:"manageBackendSecurityGroupRules,omitempty"`

	// sourceRanges are the client CIDRs allowed to reach the load balancer,
	// such as 203.0.113.0/24. Left out, everyone may (0.0.0.0/0, and ::/0
	// when dualstack).
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
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 128 && k.matches('^[^,= ]([^,=]*[^,= ])?$'))",message="tag keys are at most 128 characters, without ',' or '=' and not starting or ending with a space"
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
	// (L4 only). It cannot be changed after creation: AWS cannot add security
	// groups to, or remove them from, a Network Load Balancer.
	// +optional
	DisableSecurityGroups bool `json:"disableSecurityGroups,omitempty"`

	// enforceSecurityGroupRulesOnPrivateLinkTraffic applies the load
	// balancer's security group rules to traffic that arrives through AWS
	// PrivateLink too (L4 only). Left out, AWS applies them.
	// +optional
	EnforceSecurityGroupRulesOnPrivateLinkTraffic *bool `json:"enforceSecurityGroupRulesOnPrivateLinkTraffic,omitempty"`

	// allowICMPForPathMTUDiscovery adds a rule to the managed security group
	// that lets in the ICMP messages of Path MTU Discovery, from each source
	// range (L4 only).
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
	// settings of the members must not contradict each other, and one member
	// per port gives its default action: lbo applies nothing of a
	// LoadBalancer that contradicts what another member has live
	// (Accepted=False, GroupConflict).
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
	// +kubebuilder:validation:Pattern=`^(arn:aws[-a-z]*:wafv2:[^,\s]+:regional/webacl/[^,\s]+|none)$`
	// +optional
	WAFv2WebACLARN string `json:"wafv2WebACLARN,omitempty"`

	// shieldAdvancedProtection turns AWS Shield Advanced protection of the
	// load balancer on or off (L7 only; needs a Shield Advanced
	// subscription). Left out, the protection stays as it is; once set it
	// cannot be removed: set it to false instead.
	// +optional
	ShieldAdvancedProtection *bool `json:"shieldAdvancedProtection,omitempty"`

	// allowReplacement lets through a change that makes the AWS Load
	// Balancer Controller replace the load balancer: a new layer, scheme, IP
	// address type, load balancer name or group. The new load balancer has a new
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

// Group is an IngressGroup: the Application Load Balancer its members share.
//
// +kubebuilder:validation:XValidation:rule="!has(self.owner) || !has(self.members)",fieldPath=".owner",message="set either spec.group.owner (this LoadBalancer joins the group of another, which lists it in its members) or spec.group.members (this LoadBalancer owns the group and lets others join), not both"
type Group struct {
	// name of the group: lowercase letters, digits, '-' and '.', starting
	// and ending with a letter or digit, at most 63 characters.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// order of this LoadBalancer's rules among the group's, -1000 to 1000:
	// lower orders are evaluated first; equal orders go by namespace/name.
	// It is required so that the order between members is always explicit.
	// +kubebuilder:validation:Minimum=-1000
	// +kubebuilder:validation:Maximum=1000
	// +required
	Order int32 `json:"order"`

	// owner is the LoadBalancer that owns the group, when this LoadBalancer
	// joins a group another one owns. This LoadBalancer's children are made
	// only while the owner exists, claims the same group name and lists this
	// LoadBalancer in its members. Left out, this LoadBalancer claims the
	// group itself. Changing it does not need allowReplacement.
	// +optional
	Owner *GroupOwner `json:"owner,omitempty"`

	// members are the LoadBalancers this one, the group's owner, lets join
	// its group (by setting group.owner to it), keyed by namespace. Nobody
	// else may join, in this namespace or any other: the AWS Load Balancer
	// Controller's groups span namespaces, so consent is always explicit.
	// Removing a member makes lbo delete that member's Ingress, so that this
	// load balancer stops serving its rules. Changing members does not need
	// allowReplacement.
	// +listType=map
	// +listMapKey=namespace
	// +kubebuilder:validation:MaxItems=100
	// +optional
	Members []GroupMember `json:"members,omitempty"`
}

// GroupOwner names the LoadBalancer that owns a group.
type GroupOwner struct {
	// namespace of the owner LoadBalancer.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Namespace string `json:"namespace"`

	// name of the owner LoadBalancer.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`
}

// GroupMember lets LoadBalancers of one namespace join the owner's group.
type GroupMember struct {
	// namespace of the LoadBalancers that may join.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Namespace string `json:"namespace"`

	// names of the LoadBalancers of the namespace that may join. Left out,
	// any LoadBalancer of the namespace may.
	// +listType=set
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MaxLength=63
	// +kubebuilder:validation:items:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +optional
	Names []string `json:"names,omitempty"`
}

// Permits tells whether the group's owner lets the LoadBalancer
// namespace/name join.
func (g *Group) Permits(namespace, name string) bool {
	for _, m := range g.Members {
		if m.Namespace != namespace {
			continue
		}
		if len(m.Names) == 0 {
			return true
		}
		for _, n := range m.Names {
			if n == name {
				return true
			}
		}
	}
	return false
}

// DeletionPolicy is what happens to the load balancer when its LoadBalancer
// is deleted.
// +kubebuilder:validation:Enum=Delete;Retain
type DeletionPolicy string

const (
	// DeletionPolicyDelete deletes the children and so the load balancer.
	DeletionPolicyDelete DeletionPolicy = "Delete"
	// DeletionPolicyRetain leaves the children and the load balancer in place.
	DeletionPolicyRetain DeletionPolicy = "Retain"
)

// TagValue is the value of an AWS tag: at most 256 characters, without ','
// and not ending with a space.
// +kubebuilder:validation:MaxLength=256
// +kubebuilder:validation:Pattern=`^([^,]*[^, ])?$`
type TagValue string

// LabelValue is the value of a Kubernetes label.
// +kubebuilder:validation:MaxLength=63
// +kubebuilder:validation:Pattern=`^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$`
type LabelValue string

// Listener is one port the load balancer accepts traffic on.
//
// +kubebuilder:validation:XValidation:rule="!(self.protocol in ['HTTPS', 'TLS']) || (has(self.tls) && size(self.tls.certificateARNs) > 0)",fieldPath=".tls",message="an HTTPS or TLS listener needs tls.certificateARNs: the ACM certificate the load balancer presents"
// +kubebuilder:validation:XValidation:rule="!has(self.tls) || self.protocol in ['HTTPS', 'TLS']",fieldPath=".tls",message="tls is only for HTTPS and TLS listeners; remove it or change the protocol"
// +kubebuilder:validation:XValidation:rule="self.protocol != 'TCP_UDP' || size(self.name) <= 11",fieldPath=".name",message="a TCP_UDP listener's name is at most 11 characters: its UDP Service port is named <name>-udp, and port names are at most 15"
// +kubebuilder:validation:XValidation:rule="!has(self.tls) || !has(self.tls.alpnPolicy) || self.protocol == 'TLS'",fieldPath=".tls.alpnPolicy",message="tls.alpnPolicy is for TLS listeners (L4 only); an HTTPS listener of an Application Load Balancer negotiates HTTP/2 itself"
// +kubebuilder:validation:XValidation:rule="!has(self.quic) || !self.quic || self.protocol in ['UDP', 'TCP_UDP']",fieldPath=".quic",message="quic is for UDP and TCP_UDP listeners (L4 only)"
// +kubebuilder:validation:XValidation:rule="!has(self.attributes) || !has(self.attributes.tcpIdleTimeoutSeconds) || self.protocol in ['TCP', 'TLS', 'TCP_UDP']",fieldPath=".attributes.tcpIdleTimeoutSeconds",message="attributes.tcpIdleTimeoutSeconds is for TCP, TLS and TCP_UDP listeners (L4 only)"
// +kubebuilder:validation:XValidation:rule="!has(self.mutualAuthentication) || self.protocol == 'HTTPS'",fieldPath=".mutualAuthentication",message="mutualAuthentication is for HTTPS listeners (L7 only)"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.mutualAuthentication) || has(self.mutualAuthentication)",fieldPath=".mutualAuthentication",message="mutualAuthentication cannot be removed once set: the AWS Load Balancer Controller would leave it on; set mode off instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.attributes) || has(self.attributes)",fieldPath=".attributes",message="attributes cannot be removed once set: the AWS Load Balancer Controller would leave the listener's attributes as they are; set them to the AWS defaults instead"
type Listener struct {
	// name identifies the listener; on an L4 LoadBalancer it is also the name
	// of the Service port (at most 15 characters, a lowercase letter first).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=15
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// port is the port the load balancer listens on.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`

	// protocol is HTTP or HTTPS on an L7 LoadBalancer; TCP, UDP, TCP_UDP or
	// TLS on an L4 LoadBalancer.
	// +required
	Protocol Protocol `json:"protocol"`

	// tls holds the certificates of an HTTPS or TLS listener.
	// +optional
	TLS *ListenerTLS `json:"tls,omitempty"`

	// defaultAction is what the listener does with traffic no rule takes.
	// Required on L7, except in a group: there one member gives the default
	// action of a port and the others leave it out (with none, the load
	// balancer answers 404). On L4 it may only forward, and may be left out
	// when the LoadBalancer has a single target group.
	// +optional
	DefaultAction *Action `json:"defaultAction,omitempty"`

	// quic upgrades a UDP listener to QUIC, and a TCP_UDP listener to
	// TCP_QUIC (L4 only). The targets must speak QUIC.
	// +optional
	QUIC bool `json:"quic,omitempty"`

	// attributes are attributes of the AWS listener.
	// +optional
	Attributes *ListenerAttributes `json:"attributes,omitempty"`

	// mutualAuthentication asks clients of an HTTPS listener for a
	// certificate (mutual TLS; L7 only). Once set it cannot be removed, as
	// the AWS Load Balancer Controller would leave it on: set mode off
	// instead.
	// +optional
	MutualAuthentication *MutualAuthentication `json:"mutualAuthentication,omitempty"`
}

// MutualAuthentication is the mutual TLS setting of an HTTPS listener.
//
// +kubebuilder:validation:XValidation:rule="self.mode != 'verify' || has(self.trustStore)",fieldPath=".trustStore",message="mode verify needs trustStore: the trust store of the CAs client certificates are checked against"
// +kubebuilder:validation:XValidation:rule="self.mode == 'verify' || !(has(self.trustStore) || has(self.ignoreClientCertificateExpiry) || has(self.advertiseTrustStoreCANames))",fieldPath=".mode",message="trustStore, ignoreClientCertificateExpiry and advertiseTrustStoreCANames are for mode verify"
type MutualAuthentication struct {
	// mode is off (no client certificate), passthrough (the certificate is
	// passed to the targets in headers, unchecked) or verify (the load
	// balancer checks it against trustStore).
	// +kubebuilder:validation:Enum=off;passthrough;verify
	// +required
	Mode string `json:"mode"`

	// trustStore is the ARN or name of an existing ELB trust store (mode
	// verify). A load balancer uses at most two trust stores.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^[^\s",]+$`
	// +optional
	TrustStore string `json:"trustStore,omitempty"`

	// ignoreClientCertificateExpiry accepts expired client certificates.
	// +optional
	IgnoreClientCertificateExpiry *bool `json:"ignoreClientCertificateExpiry,omitempty"`

	// advertiseTrustStoreCANames lists the trust store's CA names to clients
	// in the TLS handshake.
	// +optional
	AdvertiseTrustStoreCANames *bool `json:"advertiseTrustStoreCANames,omitempty"`
}

// ListenerTLS is the TLS configuration of an HTTPS or TLS listener.
type ListenerTLS struct {
	// certificateARNs are the ARNs of ACM certificates the listener presents;
	// the first is the default certificate.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=25
	// +kubebuilder:validation:items:MaxLength=2048
	// +kubebuilder:validation:items:Pattern=`^arn:aws[-a-z]*:acm:`
	// +listType=atomic
	// +required
	CertificateARNs []string `json:"certificateARNs"`

	// sslPolicy is the ELB security policy that decides the TLS versions and
	// ciphers offered to clients, such as ELBSecurityPolicy-TLS13-1-2-2021-06.
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
	// +optional
	SSLPolicy string `json:"sslPolicy,omitempty"`

	// alpnPolicy is the ALPN policy of a TLS listener (L4 only): None (the
	// AWS default), HTTP1Only, HTTP2Only, HTTP2Optional or HTTP2Preferred.
	// +optional
	ALPNPolicy ALPNPolicy `json:"alpnPolicy,omitempty"`
}

// Rule routes the HTTP requests that match its conditions to its action.
// +kubebuilder:validation:XValidation:rule="!has(self.authentication) || !has(self.skipAuthentication) || !self.skipAuthentication",fieldPath=".skipAuthentication",message="skipAuthentication cannot go with authentication: a rule either authenticates with its own provider or not at all"
type Rule struct {
	// name identifies the rule.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=50
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// conditions a request must all meet for the rule to take it.
	// +required
	Conditions RuleConditions `json:"conditions"`

	// action is what the rule does with the requests it takes.
	// +required
	Action Action `json:"action"`

	// listeners names the listeners the rule applies to. Left out, it
	// applies to every listener. Rules that apply to different listeners go
	// into different Ingresses of the LoadBalancer's group.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +kubebuilder:validation:items:MaxLength=15
	// +listType=set
	// +optional
	Listeners []string `json:"listeners,omitempty"`

	// authentication authenticates the users of this rule with its own
	// identity provider, in place of spec.authentication. Like it, it acts
	// on HTTPS listeners only.
	// +optional
	Authentication *Authentication `json:"authentication,omitempty"`

	// skipAuthentication lets the requests this rule takes through without
	// spec.authentication (for example a public health page).
	// +optional
	SkipAuthentication bool `json:"skipAuthentication,omitempty"`
}

// RuleConditions are the conditions of a rule. Every kind given must match;
// within a kind, any one value matches (each header must match one of its
// values).
//
// The Application Load Balancer allows at most 3 values per condition and 5
// per rule. lbo gives each path its own ALB rule, and the AWS Load Balancer
// Controller matches a Prefix path other than "/" with two patterns (the path
// and the path followed by "/*"), so a rule counts its hosts, 2 for such a
// path (1 otherwise), and every header value, query string, method and source
// IP.
//
// +kubebuilder:validation:XValidation:rule="(has(self.hosts) ? size(self.hosts) : 0) + ((has(self.paths) && self.paths.exists(p, p.type == 'Prefix' && p.path != '/')) ? 2 : 1) + (has(self.headers) ? self.headers.map(h, size(h.values)).sum() : 0) + (has(self.queryStrings) ? size(self.queryStrings) : 0) + (has(self.methods) ? size(self.methods) : 0) + (has(self.sourceIPs) ? size(self.sourceIPs) : 0) <= 5",message="a rule has at most 5 condition values (an Application Load Balancer limit): hosts, 1 per path (2 for a Prefix path other than /), header values, query strings, methods and source IPs together; split it into several rules"
// +kubebuilder:validation:XValidation:rule="[has(self.hosts), has(self.paths), has(self.headers), has(self.queryStrings), has(self.methods), has(self.sourceIPs)].exists(b, b)",message="a rule needs at least one condition: set conditions.hosts, paths, headers, queryStrings, methods or sourceIPs"
type RuleConditions struct {
	// hosts match the request's Host header. A leading '*.' matches any
	// subdomain.
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=128
	// +kubebuilder:validation:items:Pattern=`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +listType=set
	// +optional
	Hosts []string `json:"hosts,omitempty"`

	// paths match the request's path. Left out, the rule matches every path.
	// +kubebuilder:validation:MaxItems=5
	// +listType=atomic
	// +optional
	Paths []PathMatch `json:"paths,omitempty"`

	// headers match HTTP request headers, keyed by name: the request must
	// carry each one with one of its values.
	// +kubebuilder:validation:MaxItems=5
	// +listType=map
	// +listMapKey=name
	// +optional
	Headers []HeaderMatch `json:"headers,omitempty"`

	// queryStrings match the request's query string: any one key/value pair
	// matches.
	// +kubebuilder:validation:MaxItems=3
	// +listType=atomic
	// +optional
	QueryStrings []QueryStringMatch `json:"queryStrings,omitempty"`

	// methods match the request's HTTP method, such as GET or POST.
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=40
	// +kubebuilder:validation:items:Pattern=`^[A-Z_-]+$`
	// +listType=set
	// +optional
	Methods []string `json:"methods,omitempty"`

	// sourceIPs match the client's address (or the X-Forwarded-For header
	// when the load balancer is behind a proxy), as CIDRs such as
	// 192.168.0.0/16.
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=43
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c) && cidr(c) == cidr(c).masked())",message="sourceIPs are CIDRs in network form, such as 192.168.0.0/16 or 2001:db8::/32"
	// +listType=set
	// +optional
	SourceIPs []string `json:"sourceIPs,omitempty"`
}

// HeaderMatch matches one HTTP header against values.
type HeaderMatch struct {
	// name of the header, such as User-Agent. Host is matched with hosts.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=40
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+.^_|~-]+$`
	// +kubebuilder:validation:XValidation:rule="self.lowerAscii() != 'host'",message="match the Host header with conditions.hosts"
	// +required
	Name string `json:"name"`

	// values the header may have; '*' matches any characters and '?' one,
	// and the match ignores case.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=128
	// +listType=set
	// +required
	Values []string `json:"values"`
}

// QueryStringMatch matches one key/value pair of the query string.
type QueryStringMatch struct {
	// key of the pair; left out, any key with the value matches.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +optional
	Key string `json:"key,omitempty"`

	// value of the pair; '*' matches any characters and '?' one.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +required
	Value string `json:"value"`
}

// PathMatch matches a request's path.
//
// +kubebuilder:validation:XValidation:rule="self.type == 'Wildcard' || !(self.path.contains('*') || self.path.contains('?'))",fieldPath=".path",message="'*' and '?' are wildcards; use type Wildcard for a path pattern"
type PathMatch struct {
	// path starts with '/'. With type Wildcard, '*' matches any characters
	// and '?' exactly one.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^/`
	// +required
	Path string `json:"path"`

	// type is Exact, Prefix (the path and everything below it) or Wildcard
	// (an ALB path pattern).
	// +kubebuilder:default=Prefix
	// +optional
	Type PathType `json:"type,omitempty"`
}

// Action is what a listener or rule does with traffic. Exactly one of its
// fields is set.
//
// +kubebuilder:validation:XValidation:rule="(has(self.forward) ? 1 : 0) + (has(self.redirect) ? 1 : 0) + (has(self.fixedResponse) ? 1 : 0) == 1",message="set exactly one of forward, redirect or fixedResponse"
type Action struct {
	// forward sends traffic to one target group, or spreads it over several
	// by weight.
	// +optional
	Forward *ForwardAction `json:"forward,omitempty"`

	// redirect answers with an HTTP redirect (L7 only).
	// +optional
	Redirect *RedirectAction `json:"redirect,omitempty"`

	// fixedResponse answers with a fixed status code and body (L7 only).
	// +optional
	FixedResponse *FixedResponseAction `json:"fixedResponse,omitempty"`
}

// ForwardAction sends traffic to target groups. Set targetGroup for one, or
// targetGroups for several with weights.
//
// +kubebuilder:validation:XValidation:rule="has(self.targetGroup) != has(self.targetGroups)",message="set either targetGroup (one target group) or targetGroups (several, with weights), not both"
// +kubebuilder:validation:XValidation:rule="!has(self.stickiness) || has(self.targetGroups)",fieldPath=".stickiness",message="stickiness binds clients to one of several weighted targetGroups; with a single targetGroup use its attributes (stickiness.enabled) instead"
type ForwardAction struct {
	// targetGroup is the name of the target group that gets all traffic.
	// +kubebuilder:validation:MaxLength=50
	// +optional
	TargetGroup string `json:"targetGroup,omitempty"`

	// targetGroups spreads traffic over several target groups by weight
	// (L7 only).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=5
	// +listType=map
	// +listMapKey=name
	// +optional
	TargetGroups []WeightedTargetGroup `json:"targetGroups,omitempty"`

	// stickiness keeps a client on the target group it was first sent to,
	// with a load balancer cookie (L7 weighted forwards only).
	// +optional
	Stickiness *ForwardStickiness `json:"stickiness,omitempty"`
}

// ForwardStickiness binds a client to one target group of a weighted forward.
type ForwardStickiness struct {
	// enabled turns target group stickiness on.
	// +required
	Enabled bool `json:"enabled"`

	// durationSeconds is how long a client stays bound, 1 to 604800 (7
	// days).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=604800
	// +optional
	DurationSeconds int32 `json:"durationSeconds,omitempty"`
}

// WeightedTargetGroup is a target group and its share of traffic.
type WeightedTargetGroup struct {
	// name of the target group in spec.targetGroups.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=50
	// +required
	Name string `json:"name"`

	// weight is the target group's share, relative to the others (0 to 999).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=999
	// +kubebuilder:default=1
	// +optional
	Weight int32 `json:"weight"`
}

// RedirectAction answers with an HTTP redirect. Unset parts keep the
// request's own value.
//
// +kubebuilder:validation:XValidation:rule="has(self.scheme) || has(self.host) || has(self.port) || has(self.path) || has(self.query)",message="a redirect changes at least one of scheme, host, port, path or query; otherwise it would loop"
type RedirectAction struct {
	// scheme is HTTP or HTTPS.
	// +kubebuilder:validation:Enum=HTTP;HTTPS
	// +optional
	Scheme string `json:"scheme,omitempty"`

	// host to redirect to.
	// +kubebuilder:validation:MaxLength=128
	// +optional
	Host string `json:"host,omitempty"`

	// port to redirect to.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// path to redirect to, starting with '/'.
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^/`
	// +optional
	Path string `json:"path,omitempty"`

	// query to redirect to, without the leading '?'.
	// +kubebuilder:validation:MaxLength=128
	// +optional
	Query string `json:"query,omitempty"`

	// statusCode is 301 (permanent, the default) or 302 (temporary).
	// +kubebuilder:validation:Enum=301;302
	// +kubebuilder:default=301
	// +optional
	StatusCode int32 `json:"statusCode,omitempty"`
}

// FixedResponseAction answers with a fixed status code and body.
type FixedResponseAction struct {
	// statusCode of the response, 200 to 599.
	// +kubebuilder:validation:Minimum=200
	// +kubebuilder:validation:Maximum=599
	// +required
	StatusCode int32 `json:"statusCode"`

	// contentType of the body.
	// +kubebuilder:validation:Enum=text/plain;text/css;text/html;application/javascript;application/json
	// +kubebuilder:default=text/plain
	// +optional
	ContentType string `json:"contentType,omitempty"`

	// body of the response, at most 1024 characters.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Body string `json:"body,omitempty"`
}

// TargetGroup is a destination of traffic: a set of pods and a port.
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.attributes) || has(self.attributes)",fieldPath=".attributes",message="attributes cannot be removed once set: the AWS Load Balancer Controller would leave the target group's attributes as they are; set them to the AWS defaults instead"
type TargetGroup struct {
	// name identifies the target group in actions.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=50
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// backend is where the target group's targets come from.
	// +required
	Backend Backend `json:"backend"`

	// healthCheck is how the load balancer decides a target is healthy.
	// Fields left out take the AWS Load Balancer Controller's defaults. On
	// L4, all target groups share one health check (one Service carries it).
	// +optional
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`

	// backendProtocol is how the load balancer reaches the targets. On L4,
	// for TLS listeners: TCP (the default) sends them the decrypted traffic,
	// TLS encrypts it again; only TLS listeners may forward to a target group
	// with TLS, and all the target groups of TLS listeners agree (one Service
	// carries it). On L7: HTTP (the default) or HTTPS.
	// +optional
	BackendProtocol BackendProtocol `json:"backendProtocol,omitempty"`

	// backendProtocolVersion is the HTTP version spoken to the targets (L7
	// only): HTTP1 (the default), HTTP2 or GRPC. GRPC needs an HTTPS
	// listener to forward to the target group.
	// +optional
	BackendProtocolVersion BackendProtocolVersion `json:"backendProtocolVersion,omitempty"`

	// attributes are attributes of the AWS target group. On L7 only
	// deregistrationDelaySeconds and additional apply (for example
	// stickiness.enabled, load_balancing.algorithm.type or
	// slow_start.duration_seconds).
	// +optional
	Attributes *TargetGroupAttributes `json:"attributes,omitempty"`
}

// Backend is where a target group's targets come from: an existing Service
// (L7 only), or the pods a label selector picks on a port.
//
// +kubebuilder:validation:XValidation:rule="has(self.service) != has(self.selector)",message="set either backend.service (an existing Service) or backend.selector with backend.port (pods), not both"
// +kubebuilder:validation:XValidation:rule="!has(self.selector) || has(self.port)",fieldPath=".port",message="a selector backend needs port: the port the selected pods listen on"
// +kubebuilder:validation:XValidation:rule="!has(self.service) || !has(self.port)",fieldPath=".port",message="port is for selector backends; a service backend gives its port in service.port"
type Backend struct {
	// service is an existing Service in the LoadBalancer's namespace.
	// +optional
	Service *ServiceBackend `json:"service,omitempty"`

	// selector picks the pods by label; lbo makes the Service for them.
	// +kubebuilder:validation:MinProperties=1
	// +kubebuilder:validation:MaxProperties=20
	// +optional
	Selector map[string]string `json:"selector,omitempty"`

	// port the selected pods listen on (with selector).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`
}

// ServiceBackend is an existing Service and one of its ports.
type ServiceBackend struct {
	// name of the Service, in the LoadBalancer's namespace.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// port is the Service port's number.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`
}

// HealthCheck is how the load balancer probes a target group's targets.
//
// +kubebuilder:validation:XValidation:rule="!has(self.path) || !has(self.protocol) || self.protocol != 'TCP'",fieldPath=".path",message="a TCP health check has no path; remove path or use protocol HTTP or HTTPS"
// +kubebuilder:validation:XValidation:rule="!has(self.successCodes) || !has(self.protocol) || self.protocol != 'TCP'",fieldPath=".successCodes",message="a TCP health check has no success codes; remove successCodes or use protocol HTTP or HTTPS"
// +kubebuilder:validation:XValidation:rule="!has(self.timeoutSeconds) || !has(self.intervalSeconds) || self.timeoutSeconds < self.intervalSeconds",fieldPath=".timeoutSeconds",message="timeoutSeconds must be less than intervalSeconds"
type HealthCheck struct {
	// protocol of the probe: HTTP or HTTPS; TCP on L4 only.
	// +kubebuilder:validation:Enum=HTTP;HTTPS;TCP
	// +optional
	Protocol string `json:"protocol,omitempty"`

	// port the probe goes to; left out, the port traffic goes to.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// path the probe requests (HTTP and HTTPS).
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:Pattern=`^/`
	// +optional
	Path string `json:"path,omitempty"`

	// intervalSeconds between probes, 5 to 300.
	// +kubebuilder:validation:Minimum=5
	// +kubebuilder:validation:Maximum=300
	// +optional
	IntervalSeconds int32 `json:"intervalSeconds,omitempty"`

	// timeoutSeconds a probe may take, 2 to 120.
	// +kubebuilder:validation:Minimum=2
	// +kubebuilder:validation:Maximum=120
	// +optional
	TimeoutSeconds int32 `json:"timeoutSeconds,omitempty"`

	// healthyThresholdCount is how many probes in a row must pass before a
	// target is healthy, 2 to 10.
	// +kubebuilder:validation:Minimum=2
	// +kubebuilder:validation:Maximum=10
	// +optional
	HealthyThresholdCount int32 `json:"healthyThresholdCount,omitempty"`

	// unhealthyThresholdCount is how many probes in a row must fail before a
	// target is unhealthy, 2 to 10.
	// +kubebuilder:validation:Minimum=2
	// +kubebuilder:validation:Maximum=10
	// +optional
	UnhealthyThresholdCount int32 `json:"unhealthyThresholdCount,omitempty"`

	// successCodes are the HTTP codes that mean healthy: "200", "200,202"
	// or "200-299".
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{1,3}([-,][0-9]{1,3})*$`
	// +optional
	SuccessCodes string `json:"successCodes,omitempty"`
}

// LoadBalancerStatus is what lbo observed of the load balancer.
type LoadBalancerStatus struct {
	// observedGeneration is the spec generation this status was computed from.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// address is where the load balancer can be reached, once provisioned.
	// +optional
	Address *Address `json:"address,omitempty"`

	// listeners reports each listener and the child object that carries it.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=50
	// +optional
	Listeners []ListenerStatus `json:"listeners,omitempty"`

	// targetGroups reports each target group and the Service its targets
	// come from.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=50
	// +optional
	TargetGroups []TargetGroupStatus `json:"targetGroups,omitempty"`

	// aws is the load balancer as AWS describes it. lbo fills it only when
	// its AWS reader is on (see docs/aws.md); it is absent otherwise.
	// +optional
	AWS *AWSLoadBalancerStatus `json:"aws,omitempty"`

	// conditions: Accepted, ResolvedRefs, Programmed, Ready, Reconciling and
	// Stalled (see the condition types in the API package).
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// ListenerStatus is what lbo observed of one listener.
type ListenerStatus struct {
	// name of the listener in spec.listeners.
	Name string `json:"name"`
	// port and protocol the load balancer listens with.
	Port     int32    `json:"port"`
	Protocol Protocol `json:"protocol"`
	// object is the child that carries the listener, as Kind/name.
	// +optional
	Object string `json:"object,omitempty"`
	// arn of the AWS listener on that port, when lbo's AWS reader is on and
	// found it.
	// +optional
	ARN string `json:"arn,omitempty"`
}

// TargetGroupStatus is what lbo observed of one target group.
type TargetGroupStatus struct {
	// name of the target group in spec.targetGroups.
	Name string `json:"name"`
	// service is the Service the targets come from: the one the target group
	// names, or the one lbo made for its selector.
	// +optional
	Service string `json:"service,omitempty"`
	// resolved is true when that Service exists with the port the target
	// group uses.
	Resolved bool `json:"resolved"`
	// message says what is missing when the target group is not resolved.
	// +optional
	Message string `json:"message,omitempty"`
	// arn of the AWS target group the AWS Load Balancer Controller made for
	// this target group, when lbo's AWS reader is on and found it.
	// +optional
	ARN string `json:"arn,omitempty"`
	// targets counts the AWS target group's registered targets by health,
	// as DescribeTargetHealth reports them. Set with arn.
	// +optional
	Targets *TargetHealthStatus `json:"targets,omitempty"`
}

// TargetHealthStatus counts a target group's targets by health state.
type TargetHealthStatus struct {
	// healthy targets pass their health checks and receive traffic.
	Healthy int32 `json:"healthy"`
	// unhealthy targets fail their health checks; see unhealthyReasons.
	Unhealthy int32 `json:"unhealthy"`
	// initial targets are being registered or run their first health checks.
	Initial int32 `json:"initial"`
	// draining targets are being deregistered and finish their connections.
	Draining int32 `json:"draining"`
	// unused targets are registered but get no traffic: the target group is
	// not used by a listener, or the target's zone is not enabled.
	// +optional
	Unused int32 `json:"unused,omitempty"`
	// unavailable targets have health checks disabled.
	// +optional
	Unavailable int32 `json:"unavailable,omitempty"`
	// unhealthyReasons are the distinct reasons AWS gives for the unhealthy
	// and unavailable targets, as "reason code: description", sorted.
	// +kubebuilder:validation:MaxItems=10
	// +optional
	UnhealthyReasons []string `json:"unhealthyReasons,omitempty"`
}

// AWSLoadBalancerState is the state of an AWS load balancer.
// +kubebuilder:validation:Enum=provisioning;active;active_impaired;failed
type AWSLoadBalancerState string

// The states AWS reports for a load balancer.
const (
	AWSStateProvisioning   AWSLoadBalancerState = "provisioning"
	AWSStateActive         AWSLoadBalancerState = "active"
	AWSStateActiveImpaired AWSLoadBalancerState = "active_impaired"
	AWSStateFailed         AWSLoadBalancerState = "failed"
)

// AWSLoadBalancerStatus is the load balancer as AWS describes it: the one the
// AWS Load Balancer Controller made, found by its DNS name (status.address)
// and confirmed by the controller's tags.
type AWSLoadBalancerStatus struct {
	// arn of the load balancer.
	// +optional
	ARN string `json:"arn,omitempty"`
	// dnsName of the load balancer, as AWS reports it.
	// +optional
	DNSName string `json:"dnsName,omitempty"`
	// canonicalHostedZoneID is the Route 53 hosted zone of the load
	// balancer, for alias records that point at it.
	// +optional
	CanonicalHostedZoneID string `json:"canonicalHostedZoneID,omitempty"`
	// state is provisioning, active, active_impaired (serving, but without
	// the resources to scale) or failed.
	// +optional
	State AWSLoadBalancerState `json:"state,omitempty"`
	// stateReason is AWS's explanation of the state, when it gives one.
	// +optional
	StateReason string `json:"stateReason,omitempty"`
	// message says why the last read from AWS did not succeed: no load
	// balancer has the address's DNS name, or AWS refused a call (the
	// fields above are then those of the last successful read).
	// +optional
	Message string `json:"message,omitempty"`
}

// Address is where a provisioned load balancer can be reached.
type Address struct {
	// hostname is the load balancer's DNS name.
	// +optional
	Hostname string `json:"hostname,omitempty"`
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
// +kubebuilder:validation:XValidation:rule="self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63",message="metadata.name must be at most 63 characters of lowercase letters, digits and '-', starting with a letter: it names the Service or Ingress lbo makes"
// +kubebuilder:validation:XValidation:rule="self.spec.targetGroups.all(t, !has(t.backend.selector) || self.spec.layer != 'L7' || size(self.metadata.name) + size(t.name) <= 62)",message="metadata.name and a selector target group's name together exceed 62 characters; lbo names that target group's Service <name>-<target group>, and Service names are at most 63"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.ipAddressType) ? self.spec.ipAddressType : 'ipv4') == (has(oldSelf.spec.ipAddressType) ? oldSelf.spec.ipAddressType : 'ipv4') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.ipAddressType",message="changing spec.ipAddressType may replace the load balancer: it would get a new DNS name and clients using the old one lose it. Set spec.allowReplacement: true to change it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.group) ? self.spec.group.name : '-') == (has(oldSelf.spec.group) ? oldSelf.spec.group.name : '-') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.group",message="joining, leaving or changing spec.group moves the LoadBalancer to another load balancer, with another DNS name, and may delete the old one. Set spec.allowReplacement: true to do it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || self.spec.layer == oldSelf.spec.layer || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.layer",message="changing spec.layer replaces the load balancer: it gets a new DNS name and clients using the old one lose it. Set spec.allowReplacement: true to replace it anyway"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.spec) || (has(self.spec.scheme) ? self.spec.scheme : 'internal') == (has(oldSelf.spec.scheme) ? oldSelf.spec.scheme : 'internal') || (has(self.spec.allowReplacement) && self.spec.allowReplacement)",fieldPath=".spec.scheme",message="changing spec.scheme replaces the load balancer: it gets a new DNS name and clients using the old one lose it. Set spec.allowReplacement: true to replace it anyway"
type LoadBalancer struct {
	metav1.TypeMeta   `json:",inline"`
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
