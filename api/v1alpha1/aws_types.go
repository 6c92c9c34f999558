package v1alpha1

// This file holds the settings of the AWS load balancer itself, its listeners
// and its target groups that go beyond routing: addressing, security,
// attributes and tags. The AWS Load Balancer Controller reads them from
// annotations; lbo types and validates them here.

// IPAddressType says which IP versions clients reach the load balancer with.
// +kubebuilder:validation:Enum=ipv4;dualstack;dualstack-without-public-ipv4
type IPAddressType string

const (
	// IPAddressTypeIPv4 is reachable over IPv4 only.
	IPAddressTypeIPv4 IPAddressType = "ipv4"
	// IPAddressTypeDualStack is reachable over IPv4 and IPv6.
	IPAddressTypeDualStack IPAddressType = "dualstack"
	// IPAddressTypeDualStackWithoutPublicIPv4 is reachable over IPv6, and over
	// IPv4 only from inside the VPC (Application Load Balancer only).
	IPAddressTypeDualStackWithoutPublicIPv4 IPAddressType = "dualstack-without-public-ipv4"
)

// StaticAddress is the fixed addresses of the load balancer in one subnet.
//
// +kubebuilder:validation:XValidation:rule="!has(self.privateIPv4Address) || (isIP(self.privateIPv4Address) && ip(self.privateIPv4Address).family() == 4)",fieldPath=".privateIPv4Address",message="privateIPv4Address must be an IPv4 address such as 10.0.1.15"
// +kubebuilder:validation:XValidation:rule="!has(self.ipv6Address) || (isIP(self.ipv6Address) && ip(self.ipv6Address).family() == 6)",fieldPath=".ipv6Address",message="ipv6Address must be an IPv6 address such as 2600:1f13:837:8501::1"
// +kubebuilder:validation:XValidation:rule="has(self.elasticIPAllocation) || has(self.privateIPv4Address) || has(self.ipv6Address)",message="a static address sets at least one of elasticIPAllocation, privateIPv4Address or ipv6Address"
type StaticAddress struct {
	// subnet is one of spec.subnets.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Subnet string `json:"subnet"`

	// elasticIPAllocation is the allocation ID of the Elastic IP the load
	// balancer uses in this subnet (internet-facing only), such as
	// eipalloc-0123456789abcdef0.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^eipalloc-[0-9a-f]+$`
	// +optional
	ElasticIPAllocation string `json:"elasticIPAllocation,omitempty"`

	// privateIPv4Address is the load balancer's IPv4 address in this subnet
	// (internal only); it must be in the subnet's IPv4 range.
	// +kubebuilder:validation:MaxLength=15
	// +optional
	PrivateIPv4Address string `json:"privateIPv4Address,omitempty"`

	// ipv6Address is the load balancer's IPv6 address in this subnet
	// (ipAddressType dualstack only); it must be in the subnet's IPv6 range.
	// +kubebuilder:validation:MaxLength=39
	// +optional
	IPv6Address string `json:"ipv6Address,omitempty"`
}

// DNSClientRoutingPolicy says how the load balancer's DNS name spreads clients
// over Availability Zones.
// +kubebuilder:validation:Enum=availability_zone_affinity;partial_availability_zone_affinity;any_availability_zone
type DNSClientRoutingPolicy string

// AttributeValue is the value of an AWS attribute given by key. It goes into a
// comma-separated annotation, so it cannot hold a comma.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=1024
// +kubebuilder:validation:Pattern=`^[^,\s]+$`
type AttributeValue string

// LoadBalancerAttributes are attributes of the AWS load balancer. Fields left
// out keep what the load balancer has (the AWS default for a new one). The
// AWS Load Balancer Controller never resets an attribute it no longer sees,
// so a field, once set, cannot be removed: set it back to the AWS default
// instead.
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.deletionProtection) || has(self.deletionProtection)",fieldPath=".deletionProtection",message="deletionProtection cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to false instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.crossZoneLoadBalancing) || has(self.crossZoneLoadBalancing)",fieldPath=".crossZoneLoadBalancing",message="crossZoneLoadBalancing cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to the AWS default (false for a Network Load Balancer) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.accessLogs) || has(self.accessLogs)",fieldPath=".accessLogs",message="accessLogs cannot be removed once set: the AWS Load Balancer Controller would leave access logs as they are; set accessLogs.enabled to false instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.dnsClientRoutingPolicy) || has(self.dnsClientRoutingPolicy)",fieldPath=".dnsClientRoutingPolicy",message="dnsClientRoutingPolicy cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to any_availability_zone (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.additional) || (has(self.additional) && oldSelf.additional.all(k, k in self.additional))",fieldPath=".additional",message="a key of additional cannot be removed once set: the AWS Load Balancer Controller would leave the attribute as it is; set it to the AWS default instead"
type LoadBalancerAttributes struct {
	// deletionProtection keeps the load balancer from being deleted, by the
	// AWS Load Balancer Controller too, while true
	// (deletion_protection.enabled).
	// +optional
	DeletionProtection *bool `json:"deletionProtection,omitempty"`

	// crossZoneLoadBalancing spreads traffic over the targets of every
	// enabled Availability Zone, not only the zone the traffic entered
	// (load_balancing.cross_zone.enabled).
	// +optional
	CrossZoneLoadBalancing *bool `json:"crossZoneLoadBalancing,omitempty"`

	// accessLogs stores the load balancer's access logs in S3
	// (access_logs.s3.enabled, access_logs.s3.bucket, access_logs.s3.prefix).
	// +optional
	AccessLogs *AccessLogs `json:"accessLogs,omitempty"`

	// dnsClientRoutingPolicy is how the load balancer's DNS name spreads
	// clients over Availability Zones: availability_zone_affinity,
	// partial_availability_zone_affinity or any_availability_zone
	// (dns_record.client_routing_policy; Network Load Balancer only).
	// +optional
	DNSClientRoutingPolicy DNSClientRoutingPolicy `json:"dnsClientRoutingPolicy,omitempty"`

	// additional are other load balancer attributes by their AWS key, such
	// as zonal_shift.config.enabled or ipv6.deny_all_igw_traffic, for those
	// lbo has no field for. Keys that have a field above are refused.
	// +kubebuilder:validation:MaxProperties=20
	// +kubebuilder:validation:XValidation:rule="self.all(k, k.matches('^[a-z0-9_]+([.][a-z0-9_]+)+$'))",message="additional keys are AWS attribute keys: lowercase words joined by '.', such as zonal_shift.config.enabled"
	// +kubebuilder:validation:XValidation:rule="self.all(k, !(k in ['deletion_protection.enabled', 'load_balancing.cross_zone.enabled', 'dns_record.client_routing_policy']) && !k.startsWith('access_logs.'))",message="additional cannot set deletion_protection.enabled, load_balancing.cross_zone.enabled, dns_record.client_routing_policy or access_logs.*: use deletionProtection, crossZoneLoadBalancing, dnsClientRoutingPolicy or accessLogs"
	// +optional
	Additional map[string]AttributeValue `json:"additional,omitempty"`
}

// AccessLogs are where the load balancer writes its access logs.
//
// +kubebuilder:validation:XValidation:rule="!self.enabled || has(self.bucket)",fieldPath=".bucket",message="enabled access logs need bucket: the S3 bucket they go to"
type AccessLogs struct {
	// enabled turns access logs on or off.
	// +required
	Enabled bool `json:"enabled"`

	// bucket is the name of the S3 bucket the logs go to.
	// +kubebuilder:validation:MinLength=3
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`
	// +optional
	Bucket string `json:"bucket,omitempty"`

	// prefix is the folder of the bucket the logs go to.
	// +kubebuilder:validation:MaxLength=512
	// +kubebuilder:validation:Pattern=`^[^,\s]+$`
	// +optional
	Prefix string `json:"prefix,omitempty"`
}

// ALPNPolicy is the Application-Layer Protocol Negotiation policy of a TLS
// listener.
// +kubebuilder:validation:Enum=None;HTTP1Only;HTTP2Only;HTTP2Optional;HTTP2Preferred
type ALPNPolicy string

// ListenerAttributes are attributes of an AWS listener. Fields left out keep
// what the listener has (the AWS default for a new one); once set, a field
// cannot be removed, as the AWS Load Balancer Controller never resets an
// attribute it no longer sees.
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.tcpIdleTimeoutSeconds) || has(self.tcpIdleTimeoutSeconds)",fieldPath=".tcpIdleTimeoutSeconds",message="tcpIdleTimeoutSeconds cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to 350 (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.additional) || (has(self.additional) && oldSelf.additional.all(k, k in self.additional))",fieldPath=".additional",message="a key of additional cannot be removed once set: the AWS Load Balancer Controller would leave the attribute as it is; set it to the AWS default instead"
type ListenerAttributes struct {
	// tcpIdleTimeoutSeconds is how long a TCP connection may stay idle
	// before the load balancer closes it, 60 to 6000 (tcp.idle_timeout.seconds;
	// TCP, TLS and TCP_UDP listeners).
	// +kubebuilder:validation:Minimum=60
	// +kubebuilder:validation:Maximum=6000
	// +optional
	TCPIdleTimeoutSeconds *int32 `json:"tcpIdleTimeoutSeconds,omitempty"`

	// additional are other listener attributes by their AWS key, such as
	// routing.http.response.server.enabled or
	// routing.http.response.strict_transport_security.header_value on
	// HTTP/HTTPS listeners. tcp.idle_timeout.seconds has its field.
	// +kubebuilder:validation:MaxProperties=20
	// +kubebuilder:validation:XValidation:rule="self.all(k, k.matches('^[a-z0-9_]+([.][a-z0-9_]+)+$'))",message="additional keys are AWS attribute keys: lowercase words joined by '.', such as routing.http.response.server.enabled"
	// +kubebuilder:validation:XValidation:rule="self.all(k, k != 'tcp.idle_timeout.seconds')",message="additional cannot set tcp.idle_timeout.seconds: use tcpIdleTimeoutSeconds"
	// +optional
	Additional map[string]AttributeValue `json:"additional,omitempty"`
}

// BackendProtocol is the protocol between the load balancer and the targets:
// TCP or TLS on L4, HTTP or HTTPS on L7.
// +kubebuilder:validation:Enum=TCP;TLS;HTTP;HTTPS
type BackendProtocol string

const (
	// BackendProtocolTCP sends the decrypted traffic of a TLS listener to the
	// targets in the clear.
	BackendProtocolTCP BackendProtocol = "TCP"
	// BackendProtocolTLS encrypts the traffic of a TLS listener again, to the
	// targets.
	BackendProtocolTLS BackendProtocol = "TLS"
	// BackendProtocolHTTP reaches the targets of an Application Load Balancer
	// in the clear (the default).
	BackendProtocolHTTP BackendProtocol = "HTTP"
	// BackendProtocolHTTPS reaches the targets of an Application Load
	// Balancer over TLS.
	BackendProtocolHTTPS BackendProtocol = "HTTPS"
)

// BackendProtocolVersion is the HTTP version an Application Load Balancer
// speaks to its targets.
// +kubebuilder:validation:Enum=HTTP1;HTTP2;GRPC
type BackendProtocolVersion string

// The HTTP versions of Application Load Balancer target groups.
const (
	BackendProtocolVersionHTTP1 BackendProtocolVersion = "HTTP1"
	BackendProtocolVersionHTTP2 BackendProtocolVersion = "HTTP2"
	BackendProtocolVersionGRPC  BackendProtocolVersion = "GRPC"
)

// TargetGroupAttributes are attributes of an AWS target group. Fields left out
// keep what the target group has (the AWS default for a new one); once set, a
// field cannot be removed, as the AWS Load Balancer Controller never resets an
// attribute it no longer sees: set it to the AWS default instead.
//
// +kubebuilder:validation:XValidation:rule="!has(self.unhealthyDrainingIntervalSeconds) || (has(self.unhealthyConnectionTermination) && !self.unhealthyConnectionTermination)",fieldPath=".unhealthyDrainingIntervalSeconds",message="unhealthyDrainingIntervalSeconds needs unhealthyConnectionTermination: false; connections to unhealthy targets are only drained when they are not terminated"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.deregistrationDelaySeconds) || has(self.deregistrationDelaySeconds)",fieldPath=".deregistrationDelaySeconds",message="deregistrationDelaySeconds cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to 300 (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.deregistrationConnectionTermination) || has(self.deregistrationConnectionTermination)",fieldPath=".deregistrationConnectionTermination",message="deregistrationConnectionTermination cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to false (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.preserveClientIP) || has(self.preserveClientIP)",fieldPath=".preserveClientIP",message="preserveClientIP cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it explicitly instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.sourceIPStickiness) || has(self.sourceIPStickiness)",fieldPath=".sourceIPStickiness",message="sourceIPStickiness cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to false instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.unhealthyConnectionTermination) || has(self.unhealthyConnectionTermination)",fieldPath=".unhealthyConnectionTermination",message="unhealthyConnectionTermination cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to true (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.unhealthyDrainingIntervalSeconds) || has(self.unhealthyDrainingIntervalSeconds)",fieldPath=".unhealthyDrainingIntervalSeconds",message="unhealthyDrainingIntervalSeconds cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to 0 (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.additional) || (has(self.additional) && oldSelf.additional.all(k, k in self.additional))",fieldPath=".additional",message="a key of additional cannot be removed once set: the AWS Load Balancer Controller would leave the attribute as it is; set it to the AWS default instead"
// +kubebuilder:validation:XValidation:rule="!has(self.cookieStickiness) || !has(self.sourceIPStickiness)",fieldPath=".cookieStickiness",message="cookieStickiness (L7) and sourceIPStickiness (L4) cannot both be set: a target group sticks by cookie or by source IP"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.cookieStickiness) || has(self.cookieStickiness)",fieldPath=".cookieStickiness",message="cookieStickiness cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set enabled: false instead"
type TargetGroupAttributes struct {
	// proxyProtocolV2 prepends a proxy protocol v2 header with the client's
	// address to each connection (proxy_protocol_v2.enabled). The targets
	// must expect it, their health check port too. Left out, it is off.
	// +optional
	ProxyProtocolV2 *bool `json:"proxyProtocolV2,omitempty"`

	// preserveClientIP makes the targets see the client's IP address as the
	// source (preserve_client_ip.enabled). The AWS default is on for
	// instance targets, off for ip targets with TCP or TLS.
	// +optional
	PreserveClientIP *bool `json:"preserveClientIP,omitempty"`

	// deregistrationDelaySeconds is how long a target that leaves keeps its
	// open connections, 0 to 3600 (deregistration_delay.timeout_seconds;
	// AWS default 300).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=3600
	// +optional
	DeregistrationDelaySeconds *int32 `json:"deregistrationDelaySeconds,omitempty"`

	// deregistrationConnectionTermination closes the open connections of a
	// target when its deregistration delay ends
	// (deregistration_delay.connection_termination.enabled).
	// +optional
	DeregistrationConnectionTermination *bool `json:"deregistrationConnectionTermination,omitempty"`

	// sourceIPStickiness sends a client's connections to the same target, by
	// source IP (stickiness.enabled with stickiness.type source_ip).
	// +optional
	SourceIPStickiness *bool `json:"sourceIPStickiness,omitempty"`

	// unhealthyConnectionTermination closes the connections of a target that
	// turns unhealthy (target_health_state.unhealthy.connection_termination.enabled;
	// AWS default true).
	// +optional
	UnhealthyConnectionTermination *bool `json:"unhealthyConnectionTermination,omitempty"`

	// unhealthyDrainingIntervalSeconds is how long the connections of a target
	// that turned unhealthy may go on, 0 to 360000, when
	// unhealthyConnectionTermination is false
	// (target_health_state.unhealthy.draining_interval_seconds).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=360000
	// +optional
	UnhealthyDrainingIntervalSeconds *int32 `json:"unhealthyDrainingIntervalSeconds,omitempty"`

	// cookieStickiness sends a client's requests to the same target, by
	// cookie (L7 only): the load balancer's own cookie, or the application's
	// when appCookieName is set (stickiness.enabled, stickiness.type
	// lb_cookie or app_cookie, stickiness.*.duration_seconds,
	// stickiness.app_cookie.cookie_name).
	// +optional
	CookieStickiness *CookieStickiness `json:"cookieStickiness,omitempty"`

	// additional are other target group attributes by their AWS key, such as
	// target_group_health.dns_failover.minimum_healthy_targets.count or
	// proxy_protocol_v2.client_to_server.header_placement, for those lbo has
	// no field for. Keys that have a field above are refused.
	// +kubebuilder:validation:MaxProperties=20
	// +kubebuilder:validation:XValidation:rule="self.all(k, k.matches('^[a-z0-9_]+([.][a-z0-9_]+)+$'))",message="additional keys are AWS attribute keys: lowercase words joined by '.', such as load_balancing.cross_zone.enabled"
	// +kubebuilder:validation:XValidation:rule="self.all(k, !(k in ['proxy_protocol_v2.enabled', 'preserve_client_ip.enabled', 'deregistration_delay.timeout_seconds', 'deregistration_delay.connection_termination.enabled', 'stickiness.enabled', 'stickiness.type']) && !k.startsWith('target_health_state.unhealthy.'))",message="additional cannot set an attribute that has a field (proxyProtocolV2, preserveClientIP, deregistrationDelaySeconds, deregistrationConnectionTermination, sourceIPStickiness, unhealthyConnectionTermination, unhealthyDrainingIntervalSeconds); use the field"
	// +optional
	Additional map[string]AttributeValue `json:"additional,omitempty"`
}

// CookieStickiness keeps a client on one target of an Application Load
// Balancer target group with a cookie.
type CookieStickiness struct {
	// enabled turns stickiness on or off.
	// +required
	Enabled bool `json:"enabled"`

	// durationSeconds is how long a client stays on its target, 1 to 604800
	// (AWS default 86400).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=604800
	// +optional
	DurationSeconds int32 `json:"durationSeconds,omitempty"`

	// appCookieName is the application's cookie the load balancer follows;
	// left out, it uses its own cookie (AWSALB).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+.^_|~-]+$`
	// +optional
	AppCookieName string `json:"appCookieName,omitempty"`
}

// Authentication makes the Application Load Balancer authenticate users with
// an OpenID Connect identity provider or an Amazon Cognito user pool before
// their requests reach the targets. Set exactly one of oidc and cognito.
//
// +kubebuilder:validation:XValidation:rule="has(self.oidc) != has(self.cognito)",message="set exactly one of authentication.oidc or authentication.cognito"
type Authentication struct {
	// oidc authenticates with an OpenID Connect identity provider.
	// +optional
	OIDC *OIDCAuthentication `json:"oidc,omitempty"`

	// cognito authenticates with an Amazon Cognito user pool.
	// +optional
	Cognito *CognitoAuthentication `json:"cognito,omitempty"`

	// onUnauthenticatedRequest is what happens to a request without a valid
	// session: authenticate (the default) sends the user to the identity
	// provider, deny answers 401, allow lets it through.
	// +kubebuilder:validation:Enum=authenticate;allow;deny
	// +optional
	OnUnauthenticatedRequest string `json:"onUnauthenticatedRequest,omitempty"`

	// scope is the user claims requested from the identity provider, such as
	// openid, email, profile (default openid).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:items:Pattern=`^[!#-\[\]-~]+$`
	// +listType=atomic
	// +optional
	Scope []string `json:"scope,omitempty"`

	// sessionCookieName is the name of the session cookie (default
	// AWSELBAuthSessionCookie).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+.^_|~-]+$`
	// +optional
	SessionCookieName string `json:"sessionCookieName,omitempty"`

	// sessionTimeoutSeconds is how long a session lasts, 1 to 604800
	// (default 604800, 7 days).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=604800
	// +optional
	SessionTimeoutSeconds int32 `json:"sessionTimeoutSeconds,omitempty"`
}

// OIDCAuthentication is an OpenID Connect identity provider. Its client ID and
// secret are in a Secret the AWS Load Balancer Controller reads; lbo only
// names it and never reads Secrets.
type OIDCAuthentication struct {
	// issuer is the identity provider's issuer URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	Issuer string `json:"issuer"`

	// authorizationEndpoint is the identity provider's authorization URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	AuthorizationEndpoint string `json:"authorizationEndpoint"`

	// tokenEndpoint is the identity provider's token URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	TokenEndpoint string `json:"tokenEndpoint"`

	// userInfoEndpoint is the identity provider's user info URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	UserInfoEndpoint string `json:"userInfoEndpoint"`

	// clientSecretName is the name of a Secret in the LoadBalancer's
	// namespace with the keys clientID and clientSecret.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`
	// +required
	ClientSecretName string `json:"clientSecretName"`
}

// CognitoAuthentication is an Amazon Cognito user pool.
type CognitoAuthentication struct {
	// userPoolARN is the ARN of the user pool.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^arn:aws[-a-z]*:cognito-idp:[^\s"]+$`
	// +required
	UserPoolARN string `json:"userPoolARN"`

	// userPoolClientID is the ID of the user pool's app client.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9+]+$`
	// +required
	UserPoolClientID string `json:"userPoolClientID"`

	// userPoolDomain is the user pool's domain: for an Amazon Cognito domain,
	// only its prefix (my-domain, not
	// https://my-domain.auth.us-west-2.amazoncognito.com).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`
	// +kubebuilder:validation:XValidation:rule="!self.endsWith('.amazoncognito.com')",message="for an Amazon Cognito domain, userPoolDomain is only its prefix, such as my-domain"
	// +required
	UserPoolDomain string `json:"userPoolDomain"`
}
