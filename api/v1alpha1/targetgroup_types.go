package v1alpha1

// Target groups: where traffic goes (an existing Service or selected pods),
// their protocol, health check and attributes; and target groups that exist
// in AWS already, which traffic is forwarded to and pods registered in.

// TargetGroup is a destination of traffic: a set of pods and a port, or a
// target group AWS already has, or both (the pods are registered in it).
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.attributes) || has(self.attributes)",fieldPath=".attributes",message="attributes cannot be removed once set: the AWS Load Balancer Controller would leave the target group's attributes as they are; set them to the AWS defaults instead"
// +kubebuilder:validation:XValidation:rule="has(self.existing) || has(self.backend.service) || has(self.backend.selector)",fieldPath=".backend",message="a target group needs backend.service or backend.selector (where its targets come from), or existing (a target group AWS already has), or existing and a backend (the pods registered in it)"
// +kubebuilder:validation:XValidation:rule="!has(self.existing) || !(has(self.healthCheck) || has(self.backendProtocol) || has(self.backendProtocolVersion) || has(self.attributes) || has(self.targetControlPort))",fieldPath=".existing",message="a target group that already exists in AWS keeps its own health check, protocol and attributes (lbo only forwards to it and registers targets in it): remove healthCheck, backendProtocol, backendProtocolVersion, attributes and targetControlPort"
// +kubebuilder:validation:XValidation:rule="!(has(oldSelf.existing) && (has(oldSelf.backend.service) || has(oldSelf.backend.selector)) && (has(self.backend.service) || has(self.backend.selector))) || (has(self.existing) && self.existing == oldSelf.existing)",fieldPath=".existing",message="existing cannot change while backend registers targets in it: the AWS Load Balancer Controller binds a TargetGroupBinding to one target group for good; to move the targets, add a target group with a new name and remove this one"
type TargetGroup struct {
	// name identifies the target group in actions.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=50
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// backend is where the target group's targets come from. With existing,
	// they are registered in that target group; left out (with existing),
	// lbo registers nothing and only forwards to it.
	// +kubebuilder:default={}
	// +optional
	Backend Backend `json:"backend"` //nolint:kubeapilinter // defaulted to {}: the CRD's rules require a kind of backend in it, or existing

	// existing is a target group that already exists in AWS, made outside
	// Kubernetes (with Terraform or CloudFormation, for instance), by ARN
	// or name. Actions forward to it, and with backend lbo registers the
	// backend's targets in it (a TargetGroupBinding of the AWS Load Balancer
	// Controller, and the Service it needs): its listeners can be on a load
	// balancer lbo does not make (see layer External).
	// +optional
	Existing *ExistingTargetGroup `json:"existing,omitempty"`

	// targetControlPort is the port on which the target control agent of
	// the targets exchanges management traffic with the Application Load
	// Balancer, for its target optimizer (L7 only, ip targets only). The
	// agent must run beside the targets and listen there (the AWS Load
	// Balancer Controller can inject it with its ALBTargetControlAgent
	// feature gate). Changing it makes the controller replace the AWS target
	// group.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	TargetControlPort int32 `json:"targetControlPort,omitempty"`

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
	// only): HTTP1 (the default), HTTP2 or GRPC. HTTP2 and GRPC need the
	// listeners that forward to the target group to be HTTPS: AWS supports
	// them with HTTPS listeners only, and answers an HTTP/1.1 request to
	// such a target group with an error.
	// +optional
	BackendProtocolVersion BackendProtocolVersion `json:"backendProtocolVersion,omitempty"`

	// attributes are attributes of the AWS target group. On L7 only
	// deregistrationDelaySeconds and additional apply (for example
	// stickiness.enabled, load_balancing.algorithm.type or
	// slow_start.duration_seconds).
	// +optional
	Attributes *TargetGroupAttributes `json:"attributes,omitempty"`
}

// Backend is where a target group's targets come from: an existing Service,
// or the pods a label selector picks on a port.
//
// +kubebuilder:validation:XValidation:rule="!has(self.service) || !has(self.selector)",message="set either backend.service (an existing Service) or backend.selector with backend.port (pods), not both"
// +kubebuilder:validation:XValidation:rule="!has(self.selector) || has(self.port)",fieldPath=".port",message="a selector backend needs port: the port the selected pods listen on"
// +kubebuilder:validation:XValidation:rule="!has(self.port) || has(self.selector)",fieldPath=".port",message="port is for selector backends; a service backend gives its port in service.port"
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

// ExistingTargetGroup is a target group that exists in AWS, by ARN or name
// (unique in the account and region; the AWS Load Balancer Controller looks
// the ARN up once, when it binds targets).
//
// +kubebuilder:validation:XValidation:rule="has(self.arn) != has(self.name)",message="set either existing.arn or existing.name of the target group"
type ExistingTargetGroup struct {
	// arn of the target group, such as
	// arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/0123456789abcdef.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^arn:aws[-a-z]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[-A-Za-z0-9]{1,32}/[0-9a-f]{16}$`
	// +optional
	ARN string `json:"arn,omitempty"`

	// name of the target group: at most 32 letters, digits and '-', not
	// starting or ending with '-'.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$`
	// +optional
	Name string `json:"name,omitempty"`
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
type HealthCheck struct {
	// protocol of the probe: HTTP or HTTPS; TCP on L4 only.
	// +kubebuilder:validation:Enum=HTTP;HTTPS;TCP
	// +optional
	Protocol string `json:"protocol,omitempty"`

	// port the probe goes to; left out, the port traffic goes to. The
	// number is used as it is: with ip targets it is a port of the pod;
	// with instance targets it is a port of the node (where traffic goes to
	// the Service's node port), so a port the pods listen on needs ip
	// targets, or a node port or hostPort of that number.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// path the probe requests (HTTP and HTTPS), with its query if any; for
	// a GRPC target group, /package.service/method. AWS takes a URI's path
	// and query (letters, digits, -._~!$&'()*+,;=:@/? and %XX escapes).
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:validation:Pattern=`^/([-A-Za-z0-9._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$`
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
	// instance targets, off for ip targets with TCP or TLS. With
	// disableSecurityGroups, sourceRanges on a TCP or TLS listener need it.
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
	// +kubebuilder:validation:XValidation:rule="self.all(k, !(k in ['proxy_protocol_v2.enabled', 'preserve_client_ip.enabled', 'deregistration_delay.timeout_seconds', 'deregistration_delay.connection_termination.enabled']) && !k.startsWith('stickiness.') && !k.startsWith('target_health_state.unhealthy.'))",message="additional cannot set an attribute that has a field (proxyProtocolV2, preserveClientIP, deregistrationDelaySeconds, deregistrationConnectionTermination, sourceIPStickiness or cookieStickiness for stickiness.*, unhealthyConnectionTermination, unhealthyDrainingIntervalSeconds); use the field"
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
	// left out, it uses its own cookie (AWSALB). Names starting with AWSALB
	// are AWS's.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+.^_|~-]+$`
	// +kubebuilder:validation:XValidation:rule="!self.startsWith('AWSALB')",message="cookie names starting with AWSALB (AWSALB, AWSALBAPP, AWSALBTG) are reserved for the load balancer's own cookies"
	// +optional
	AppCookieName string `json:"appCookieName,omitempty"`
}
