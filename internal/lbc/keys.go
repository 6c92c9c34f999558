package lbc

import (
	"strconv"
	"strings"
)

// Object classes the controller takes charge of.
const (
	// NLBClass is the loadBalancerClass by which the controller takes charge
	// of a Service and provisions a Network Load Balancer for it.
	NLBClass = "service.k8s.aws/nlb"
	// ALBClass is the IngressClass of the controller, by default.
	ALBClass = "alb"
	// LegacyIngressClass is the annotation that named an Ingress's class
	// before spec.ingressClassName; the controller still reads it.
	LegacyIngressClass = "kubernetes.io/ingress.class"
)

// Prefixes of the controller's annotations.
const (
	// ServicePrefix is the prefix of the Service annotations the controller
	// reads (it also reads service.kubernetes.io/, which lbo never writes).
	ServicePrefix = "service.beta.kubernetes.io/"
	// IngressPrefix is the prefix of the Ingress annotations the controller
	// reads, on Ingresses and on the Services they forward to.
	IngressPrefix = "alb.ingress.kubernetes.io/"

	svc = ServicePrefix + "aws-load-balancer-"
	ing = IngressPrefix
)

// Service annotations (L4, Network Load Balancer) lbo writes or reads.
const (
	ServiceType                         = svc + "type"
	ServiceInternal                     = svc + "internal"
	ServiceScheme                       = svc + "scheme"
	ServiceTargetType                   = svc + "nlb-target-type"
	ServiceName                         = svc + "name"
	ServiceIPAddressType                = svc + "ip-address-type"
	ServiceSubnets                      = svc + "subnets"
	ServiceEIPAllocations               = svc + "eip-allocations"
	ServicePrivateIPv4Addresses         = svc + "private-ipv4-addresses"
	ServiceIPv6Addresses                = svc + "ipv6-addresses"
	ServiceSecurityGroups               = svc + "security-groups"
	ServiceManageBackendSGRules         = svc + "manage-backend-security-group-rules"
	ServiceSGPrefixLists                = svc + "security-group-prefix-lists"
	ServiceDisableSecurityGroups        = svc + "disable-nlb-sg"
	ServicePrivateLinkSGRules           = svc + "inbound-sg-rules-on-private-link-traffic"
	ServiceICMPForPathMTUDiscovery      = svc + "enable-icmp-for-path-mtu-discovery"
	ServiceTags                         = svc + "additional-resource-tags"
	ServiceAttributes                   = svc + "attributes"
	ServiceMinimumCapacity              = svc + "minimum-load-balancer-capacity"
	ServiceTargetNodeLabels             = svc + "target-node-labels"
	ServiceMultiClusterTargetGroup      = svc + "multi-cluster-target-group"
	ServiceSSLCert                      = svc + "ssl-cert"
	ServiceSSLPorts                     = svc + "ssl-ports"
	ServiceSSLNegotiationPolicy         = svc + "ssl-negotiation-policy"
	ServiceALPNPolicy                   = svc + "alpn-policy"
	ServiceBackendProtocol              = svc + "backend-protocol"
	ServiceEnableTCPUDPListener         = svc + "enable-tcp-udp-listener"
	ServiceQUICEnabledPorts             = svc + "quic-enabled-ports"
	ServiceTargetGroupAttributes        = svc + "target-group-attributes"
	ServiceProxyProtocol                = svc + "proxy-protocol"
	ServiceProxyProtocolPerTargetGroup  = svc + "proxy-protocol-per-target-group"
	ServiceAccessLogEnabled             = svc + "access-log-enabled"
	ServiceAccessLogS3BucketName        = svc + "access-log-s3-bucket-name"
	ServiceAccessLogS3BucketPrefix      = svc + "access-log-s3-bucket-prefix"
	ServiceCrossZoneLoadBalancing       = svc + "cross-zone-load-balancing-enabled"
	ServiceEnablePrefixForIPv6SourceNAT = svc + "enable-prefix-for-ipv6-source-nat"
	ServiceSourceNATIPv6Prefixes        = svc + "source-nat-ipv6-prefixes"

	// ServiceSourceRanges is read by the controller only when the Service's
	// spec.loadBalancerSourceRanges is empty; lbo writes the spec field.
	ServiceSourceRanges = ServicePrefix + "load-balancer-source-ranges"

	serviceListenerAttributes = svc + "listener-attributes."
	// serviceActions has no aws-load-balancer- in it: the controller reads
	// service.beta.kubernetes.io/actions.<protocol>-<port>.
	serviceActions = ServicePrefix + "actions."
)

// Ingress annotations (L7, Application Load Balancer) lbo writes or reads.
const (
	IngressScheme                 = ing + "scheme"
	IngressTargetType             = ing + "target-type"
	IngressListenPorts            = ing + "listen-ports"
	IngressCertificateARN         = ing + "certificate-arn"
	IngressSSLPolicy              = ing + "ssl-policy"
	IngressName                   = ing + "load-balancer-name"
	IngressIPAddressType          = ing + "ip-address-type"
	IngressSubnets                = ing + "subnets"
	IngressSecurityGroups         = ing + "security-groups"
	IngressManageBackendSGRules   = ing + "manage-backend-security-group-rules"
	IngressInboundCIDRs           = ing + "inbound-cidrs"
	IngressSGPrefixLists          = ing + "security-group-prefix-lists"
	IngressTags                   = ing + "tags"
	IngressAttributes             = ing + "load-balancer-attributes"
	IngressMinimumCapacity        = ing + "minimum-load-balancer-capacity"
	IngressTargetNodeLabels       = ing + "target-node-labels"
	IngressMultiClusterTG         = ing + "multi-cluster-target-group"
	IngressWAFv2ACLARN            = ing + "wafv2-acl-arn"
	IngressShieldAdvanced         = ing + "shield-advanced-protection"
	IngressSSLRedirect            = ing + "ssl-redirect"
	IngressMutualAuthentication   = ing + "mutual-authentication"
	IngressGroupName              = ing + "group.name"
	IngressGroupOrder             = ing + "group.order"
	IngressAuthType               = ing + "auth-type"
	IngressAuthIDPOIDC            = ing + "auth-idp-oidc"
	IngressAuthIDPCognito         = ing + "auth-idp-cognito"
	IngressAuthOnUnauthenticated  = ing + "auth-on-unauthenticated-request"
	IngressAuthScope              = ing + "auth-scope"
	IngressAuthSessionCookie      = ing + "auth-session-cookie"
	IngressAuthSessionTimeout     = ing + "auth-session-timeout"
	IngressBackendProtocol        = ing + "backend-protocol"
	IngressBackendProtocolVersion = ing + "backend-protocol-version"
	IngressTargetGroupAttributes  = ing + "target-group-attributes"
	IngressJWTValidation          = ing + "jwt-validation"
	IngressUseRegexPathMatch      = ing + "use-regex-path-match"
	IngressCreateACMCertificate   = ing + "create-acm-cert"
	IngressACMPCAARN              = ing + "acm-pca-arn"
	IngressIPAMIPv4PoolID         = ing + "ipam-ipv4-pool-id"
	IngressCustomerOwnedIPv4Pool  = ing + "customer-owned-ipv4-pool"

	// The frontend Network Load Balancer in front of the ALB.
	IngressEnableFrontendNLB          = ing + "enable-frontend-nlb"
	IngressFrontendNLBScheme          = ing + "frontend-nlb-scheme"
	IngressFrontendNLBSubnets         = ing + "frontend-nlb-subnets"
	IngressFrontendNLBSecurityGroups  = ing + "frontend-nlb-security-groups"
	IngressFrontendNLBListenerPortMap = ing + "frontend-nlb-listener-port-mapping"
	IngressFrontendNLBEIPAllocations  = ing + "frontend-nlb-eip-allocations"
	IngressFrontendNLBTags            = ing + "frontend-nlb-tags"
	IngressFrontendNLBAttributes      = ing + "frontend-nlb-attributes"
	// IngressDryRunPlan is written by the controller, in its dry-run mode,
	// never by lbo.
	IngressDryRunPlan = ing + "dry-run-plan"

	ingressListenerAttributes = ing + "listener-attributes."
	ingressActions            = ing + "actions."
	ingressConditions         = ing + "conditions."
	ingressTransforms         = ing + "transforms."
	ingressTargetControlPort  = ing + "target-control-port."
)

// Families of keys: one annotation per listener, port or action.

// ServiceListenerAttributes is the key of the attributes of the NLB listener
// with AWS protocol protocol (TCP, UDP, TCP_UDP, TLS, QUIC or TCP_QUIC) and
// port.
func ServiceListenerAttributes(protocol string, port int32) string {
	return serviceListenerAttributes + protocol + "-" + strconv.Itoa(int(port))
}

// CutServiceListenerAttributes returns the protocol and port of a
// ServiceListenerAttributes key.
func CutServiceListenerAttributes(key string) (protocol string, port int32, ok bool) {
	return cutProtocolPort(key, serviceListenerAttributes)
}

// IngressListenerAttributes is the key of the attributes of the ALB listener
// with protocol (HTTP or HTTPS) and port.
func IngressListenerAttributes(protocol string, port int32) string {
	return ingressListenerAttributes + protocol + "-" + strconv.Itoa(int(port))
}

// CutIngressListenerAttributes returns the protocol and port of an
// IngressListenerAttributes key.
func CutIngressListenerAttributes(key string) (protocol string, port int32, ok bool) {
	return cutProtocolPort(key, ingressListenerAttributes)
}

func cutProtocolPort(key, prefix string) (string, int32, bool) {
	return cutNamePort(key, prefix, '-')
}

// cutNamePort cuts prefix<name><sep><port> at the last sep.
func cutNamePort(key, prefix string, sep byte) (string, int32, bool) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return "", 0, false
	}
	i := strings.LastIndexByte(rest, sep)
	if i <= 0 {
		return "", 0, false
	}
	port, err := DecodeInt(rest[i+1:])
	if err != nil {
		return "", 0, false
	}
	return rest[:i], port, true
}

// ServiceTargetGroupAttributesForPort is the key of the attributes of the
// target group behind one Service port. The controller reads it over
// ServiceTargetGroupAttributes, key by key.
func ServiceTargetGroupAttributesForPort(port int32) string {
	return ServiceTargetGroupAttributes + "." + strconv.Itoa(int(port))
}

// CutServiceTargetGroupAttributesForPort returns the port of a
// ServiceTargetGroupAttributesForPort key, as written after the dot (which
// may not be a number: the controller then never reads the key).
func CutServiceTargetGroupAttributesForPort(key string) (port string, ok bool) {
	return strings.CutPrefix(key, ServiceTargetGroupAttributes+".")
}

// IngressAction is the key of the action a backend names: the controller
// reads actions.<service name> for a backend whose port name is
// UseAnnotation.
func IngressAction(name string) string { return ingressActions + name }

// CutIngressAction is the name of the action an IngressAction key is of.
func CutIngressAction(key string) (string, bool) { return strings.CutPrefix(key, ingressActions) }

// IngressConditions is the key of the conditions of the rules whose backend
// is the Service name. The controller reads it for any backend of that
// name, annotated action or not.
func IngressConditions(name string) string { return ingressConditions + name }

// IngressTransforms is the key of the transforms of the rules whose backend
// is the Service name, read like IngressConditions.
func IngressTransforms(name string) string { return ingressTransforms + name }

// IsIngressActionOrConditions reports whether key is an IngressAction,
// IngressConditions or IngressTransforms key.
func IsIngressActionOrConditions(key string) bool {
	return strings.HasPrefix(key, ingressActions) || strings.HasPrefix(key, ingressConditions) || strings.HasPrefix(key, ingressTransforms)
}

// IngressTargetControlPort is the key of the target control port of the
// target group of a Service port: the controller reads
// target-control-port.<service name>.<port> (the backend's port, by number
// as lbo writes it), on the Service first and then on the Ingress.
func IngressTargetControlPort(service string, port int32) string {
	return ingressTargetControlPort + service + "." + strconv.Itoa(int(port))
}

// CutIngressTargetControlPort returns the Service and port of an
// IngressTargetControlPort key. Service names hold no '.', so the last '.'
// ends the name.
func CutIngressTargetControlPort(key string) (service string, port int32, ok bool) {
	return cutNamePort(key, ingressTargetControlPort, '.')
}

// ServiceListenerAction is the key of the weighted forward of the NLB
// listener with AWS protocol protocol (TCP, UDP, TCP_UDP, TLS, QUIC or
// TCP_QUIC) and port.
func ServiceListenerAction(protocol string, port int32) string {
	return serviceActions + protocol + "-" + strconv.Itoa(int(port))
}

// CutServiceListenerAction returns the protocol and port of a
// ServiceListenerAction key.
func CutServiceListenerAction(key string) (protocol string, port int32, ok bool) {
	return cutProtocolPort(key, serviceActions)
}

// Values of some annotations, and names the controller gives a meaning.
const (
	// UseAnnotation is the backend port name that makes the controller read
	// the backend's action from IngressAction(service name).
	UseAnnotation = "use-annotation"
	// TrafficPort is the health check port that means the port traffic goes
	// to, the controller's default.
	TrafficPort = "traffic-port"
	// BackendProtocolSSL is the Service backend-protocol that makes the
	// target groups of every TLS listener TLS (tcp, the default, does not).
	BackendProtocolSSL = "ssl"
	// BackendProtocolTCP is the Service backend-protocol default.
	BackendProtocolTCP = "tcp"
	// CapacityUnits is the one key of the minimum-load-balancer-capacity
	// map the controller accepts.
	CapacityUnits = "CapacityUnits"
	// SourceNATPrefixAutoAssigned is the source NAT IPv6 prefix that lets
	// AWS choose the prefix of a subnet.
	SourceNATPrefixAutoAssigned = "auto_assigned"
	// SourceNATPrefixLength is the only prefix length the controller takes
	// for a source NAT IPv6 prefix (pkg/networking/utils.go).
	SourceNATPrefixLength = 80
)

// Authentication types of auth-type.
const (
	AuthTypeNone    = "none"
	AuthTypeOIDC    = "oidc"
	AuthTypeCognito = "cognito"
)

// HealthCheckKeys are the annotation keys of one object kind for each health
// check setting: the Service's and the Ingress's spell them differently.
type HealthCheckKeys struct {
	Protocol, Port, Path, Interval, Timeout, HealthyThreshold, UnhealthyThreshold, SuccessCodes string
}

// ServiceHealthCheck are the health check keys of a Service (NLB).
var ServiceHealthCheck = HealthCheckKeys{
	Protocol:           svc + "healthcheck-protocol",
	Port:               svc + "healthcheck-port",
	Path:               svc + "healthcheck-path",
	Interval:           svc + "healthcheck-interval",
	Timeout:            svc + "healthcheck-timeout",
	HealthyThreshold:   svc + "healthcheck-healthy-threshold",
	UnhealthyThreshold: svc + "healthcheck-unhealthy-threshold",
	SuccessCodes:       svc + "healthcheck-success-codes",
}

// IngressHealthCheck are the health check keys of an Ingress, and of the
// Services its backends name (which the controller reads first).
var IngressHealthCheck = HealthCheckKeys{
	Protocol:           ing + "healthcheck-protocol",
	Port:               ing + "healthcheck-port",
	Path:               ing + "healthcheck-path",
	Interval:           ing + "healthcheck-interval-seconds",
	Timeout:            ing + "healthcheck-timeout-seconds",
	HealthyThreshold:   ing + "healthy-threshold-count",
	UnhealthyThreshold: ing + "unhealthy-threshold-count",
	SuccessCodes:       ing + "success-codes",
}

// FrontendNLBHealthCheck are the keys of the health check of the frontend
// Network Load Balancer's target groups (the ALB's listeners), on an
// Ingress.
var FrontendNLBHealthCheck = HealthCheckKeys{
	Protocol:           ing + "frontend-nlb-healthcheck-protocol",
	Port:               ing + "frontend-nlb-healthcheck-port",
	Path:               ing + "frontend-nlb-healthcheck-path",
	Interval:           ing + "frontend-nlb-healthcheck-interval-seconds",
	Timeout:            ing + "frontend-nlb-healthcheck-timeout-seconds",
	HealthyThreshold:   ing + "frontend-nlb-healthcheck-healthy-threshold-count",
	UnhealthyThreshold: ing + "frontend-nlb-healthcheck-unhealthy-threshold-count",
	SuccessCodes:       ing + "frontend-nlb-healthcheck-success-codes",
}

// LoadBalancerKeys are the annotation keys of one object kind for the
// settings of the load balancer itself. A key the kind does not have is
// empty: the controller reads no such annotation on it (an Ingress has no
// static addresses, for instance), so there is nothing to write or read.
type LoadBalancerKeys struct {
	Name, IPAddressType, Subnets, SecurityGroups, ManageBackendSGRules, SGPrefixLists string
	Tags, Attributes, MinimumCapacity, TargetNodeLabels, MultiClusterTargetGroup      string
	EIPAllocations, PrivateIPv4Addresses, IPv6Addresses                               string
	DisableSecurityGroups, PrivateLinkSGRules, ICMPForPathMTUDiscovery                string
	EnablePrefixForIPv6SourceNAT, SourceNATIPv6Prefixes                               string
}

// ServiceLoadBalancer are the load balancer keys of a Service (NLB).
var ServiceLoadBalancer = LoadBalancerKeys{
	Name: ServiceName, IPAddressType: ServiceIPAddressType, Subnets: ServiceSubnets,
	SecurityGroups: ServiceSecurityGroups, ManageBackendSGRules: ServiceManageBackendSGRules,
	SGPrefixLists: ServiceSGPrefixLists, Tags: ServiceTags, Attributes: ServiceAttributes,
	MinimumCapacity: ServiceMinimumCapacity, TargetNodeLabels: ServiceTargetNodeLabels,
	MultiClusterTargetGroup: ServiceMultiClusterTargetGroup,
	EIPAllocations:          ServiceEIPAllocations, PrivateIPv4Addresses: ServicePrivateIPv4Addresses,
	IPv6Addresses: ServiceIPv6Addresses, DisableSecurityGroups: ServiceDisableSecurityGroups,
	PrivateLinkSGRules: ServicePrivateLinkSGRules, ICMPForPathMTUDiscovery: ServiceICMPForPathMTUDiscovery,
	EnablePrefixForIPv6SourceNAT: ServiceEnablePrefixForIPv6SourceNAT, SourceNATIPv6Prefixes: ServiceSourceNATIPv6Prefixes,
}

// IngressLoadBalancer are the load balancer keys of an Ingress (ALB).
var IngressLoadBalancer = LoadBalancerKeys{
	Name: IngressName, IPAddressType: IngressIPAddressType, Subnets: IngressSubnets,
	SecurityGroups: IngressSecurityGroups, ManageBackendSGRules: IngressManageBackendSGRules,
	SGPrefixLists: IngressSGPrefixLists, Tags: IngressTags, Attributes: IngressAttributes,
	MinimumCapacity: IngressMinimumCapacity, TargetNodeLabels: IngressTargetNodeLabels,
	MultiClusterTargetGroup: IngressMultiClusterTG,
}
