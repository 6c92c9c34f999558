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
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.listeners.all(l, has(l.defaultAction))",fieldPath=".listeners",message="every listener of an L7 LoadBalancer needs a defaultAction: an Application Load Balancer answers requests no rule matches with it"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.listeners.all(l, !has(l.defaultAction) || (has(l.defaultAction.forward) && has(l.defaultAction.forward.targetGroup)))",fieldPath=".listeners",message="a listener of an L4 LoadBalancer can only forward to one target group: set defaultAction.forward.targetGroup; a Network Load Balancer cannot redirect, answer with a fixed response or weigh target groups"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L7' || self.targetGroups.all(t, !has(t.healthCheck) || !has(t.healthCheck.protocol) || t.healthCheck.protocol != 'TCP')",fieldPath=".targetGroups",message="an L7 target group's healthCheck.protocol is HTTP or HTTPS; TCP health checks are for L4"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || size(self.targetGroups) == 1 || self.listeners.all(l, has(l.defaultAction))",fieldPath=".listeners",message="with more than one target group, every listener of an L4 LoadBalancer names its target group in defaultAction.forward.targetGroup"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, has(t.backend.selector))",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer select pods with backend.selector: the Network Load Balancer's Service cannot point at another Service"
// +kubebuilder:validation:XValidation:rule="self.layer != 'L4' || self.targetGroups.all(t, !has(t.backend.selector) || t.backend.selector == self.targetGroups[0].backend.selector)",fieldPath=".targetGroups",message="target groups of an L4 LoadBalancer must all select the same pods (one Service has one selector); use another LoadBalancer for other pods"
// +kubebuilder:validation:XValidation:rule="self.listeners.all(l, !has(l.defaultAction) || !has(l.defaultAction.forward) || (has(l.defaultAction.forward.targetGroup) ? self.targetGroups.exists(t, t.name == l.defaultAction.forward.targetGroup) : l.defaultAction.forward.targetGroups.all(w, self.targetGroups.exists(t, t.name == w.name))))",fieldPath=".listeners",message="a listener's defaultAction.forward names a target group that is not in spec.targetGroups; add it there or fix the name"
// +kubebuilder:validation:XValidation:rule="!has(self.rules) || self.rules.all(r, !has(r.action.forward) || (has(r.action.forward.targetGroup) ? self.targetGroups.exists(t, t.name == r.action.forward.targetGroup) : r.action.forward.targetGroups.all(w, self.targetGroups.exists(t, t.name == w.name))))",fieldPath=".rules",message="a rule's action.forward names a target group that is not in spec.targetGroups; add it there or fix the name"
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
}

// Listener is one port the load balancer accepts traffic on.
//
// +kubebuilder:validation:XValidation:rule="!(self.protocol in ['HTTPS', 'TLS']) || (has(self.tls) && size(self.tls.certificateARNs) > 0)",fieldPath=".tls",message="an HTTPS or TLS listener needs tls.certificateARNs: the ACM certificate the load balancer presents"
// +kubebuilder:validation:XValidation:rule="!has(self.tls) || self.protocol in ['HTTPS', 'TLS']",fieldPath=".tls",message="tls is only for HTTPS and TLS listeners; remove it or change the protocol"
// +kubebuilder:validation:XValidation:rule="self.protocol != 'TCP_UDP' || size(self.name) <= 11",fieldPath=".name",message="a TCP_UDP listener's name is at most 11 characters: its UDP Service port is named <name>-udp, and port names are at most 15"
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
	// Required on L7. On L4 it may only forward, and may be left out when the
	// LoadBalancer has a single target group.
	// +optional
	DefaultAction *Action `json:"defaultAction,omitempty"`
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
}

// Rule routes the HTTP requests that match its conditions to its action.
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
}

// RuleConditions are the conditions of a rule. Every kind given must match;
// within a kind, any one value matches.
//
// +kubebuilder:validation:XValidation:rule="(has(self.hosts) && size(self.hosts) > 0) || (has(self.paths) && size(self.paths) > 0)",message="a rule needs at least one condition: set conditions.hosts or conditions.paths"
type RuleConditions struct {
	// hosts match the request's Host header. A leading '*.' matches any
	// subdomain.
	// +kubebuilder:validation:MaxItems=5
	// +kubebuilder:validation:items:MaxLength=128
	// +kubebuilder:validation:items:Pattern=`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +listType=set
	// +optional
	Hosts []string `json:"hosts,omitempty"`

	// paths match the request's path.
	// +kubebuilder:validation:MaxItems=5
	// +listType=atomic
	// +optional
	Paths []PathMatch `json:"paths,omitempty"`
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
	// Fields left out take the AWS Load Balancer Controller's defaults.
	// +optional
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`
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
