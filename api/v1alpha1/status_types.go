package v1alpha1

// Status: what lbo observed of the children, the AWS Load Balancer Controller
// and, when configured, AWS itself.

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// LoadBalancerStatus is what lbo observed of the load balancer.
type LoadBalancerStatus struct {
	// conditions are Accepted, ResolvedRefs, Programmed, Ready, Reconciling and
	// Stalled (see the condition types in the API package).
	// +listType=map
	// +listMapKey=type
	// +patchStrategy=merge
	// +patchMergeKey=type
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type"`

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
}

// ListenerStatus is what lbo observed of one listener.
type ListenerStatus struct {
	// name of the listener in spec.listeners.
	// +required
	Name string `json:"name"`
	// port the load balancer listens on.
	// +required
	Port int32 `json:"port"`
	// protocol the load balancer listens with.
	// +required
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
	// +required
	Name string `json:"name"`
	// service is the Service the targets come from: the one the target group
	// names, or the one lbo made for its selector.
	// +optional
	Service string `json:"service,omitempty"`
	// resolved is true when that Service exists with the port the target
	// group uses.
	// +required
	Resolved bool `json:"resolved"`
	// message says what is missing when the target group is not resolved,
	// and which annotations of its own the Service carries that the AWS Load
	// Balancer Controller uses over what the LoadBalancer declares for the
	// target group (see the ServiceOverrides reason of ResolvedRefs).
	// +optional
	Message string `json:"message,omitempty"`
	// binding is the TargetGroupBinding lbo made to register the targets in
	// the target group AWS has (existing with a backend); the Programmed
	// condition says whether the AWS Load Balancer Controller registered
	// them.
	// +optional
	Binding string `json:"binding,omitempty"`
	// arn of the AWS target group: the one existing names (or the AWS Load
	// Balancer Controller found by its name, for a binding), or the one the
	// controller made for this target group, when lbo's AWS reader is on
	// and found it.
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
	// +required
	Healthy int32 `json:"healthy"`
	// unhealthy targets fail their health checks; see unhealthyReasons.
	// +required
	Unhealthy int32 `json:"unhealthy"`
	// initial targets are being registered or run their first health checks.
	// +required
	Initial int32 `json:"initial"`
	// draining targets are being deregistered and finish their connections.
	// +required
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
	// +listType=atomic
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
