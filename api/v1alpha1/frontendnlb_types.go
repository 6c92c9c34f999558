package v1alpha1

// The frontend Network Load Balancer (L7): an NLB the AWS Load Balancer
// Controller puts in front of the Application Load Balancer, for static
// addresses (Elastic IPs) and TCP clients of the ALB.

// FrontendNLB is a Network Load Balancer in front of the Application Load
// Balancer: each of its TCP listeners forwards to a listener of the ALB (a
// target group of type alb). It has its own DNS name; the Elastic IPs of
// staticAddresses give it fixed addresses.
//
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || (has(self.subnets) && size(self.staticAddresses) == size(self.subnets) && self.staticAddresses.all(a, a.subnet in self.subnets))",fieldPath=".staticAddresses",message="frontendNLB.staticAddresses needs one entry for each of frontendNLB.subnets, naming it in subnet: the AWS Load Balancer Controller takes as many Elastic IPs as subnets"
// +kubebuilder:validation:XValidation:rule="!has(self.staticAddresses) || self.scheme == 'internet-facing'",fieldPath=".staticAddresses",message="frontendNLB.staticAddresses needs frontendNLB.scheme internet-facing: an internal load balancer has no public addresses"
type FrontendNLB struct {
	// scheme of the Network Load Balancer: internal (the default, also when
	// the ALB is internet-facing) or internet-facing.
	// +default="internal"
	// +optional
	Scheme Scheme `json:"scheme,omitempty"`

	// subnets of the Network Load Balancer, by ID or Name tag. Left out, the
	// AWS Load Balancer Controller discovers them by their tags, for its
	// scheme.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=256
	// +kubebuilder:validation:items:Pattern=`^[^,\s]([^,]*[^,\s])?$`
	// +listType=set
	// +optional
	Subnets []string `json:"subnets,omitempty"`

	// staticAddresses give the Network Load Balancer an Elastic IP in each
	// of its subnets (internet-facing only).
	// +listType=map
	// +listMapKey=subnet
	// +kubebuilder:validation:MaxItems=16
	// +optional
	StaticAddresses []FrontendNLBAddress `json:"staticAddresses,omitempty"`

	// securityGroups of the Network Load Balancer, by ID or Name tag. Left
	// out, it has the ALB's security groups.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=5
	// +kubebuilder:validation:items:MaxLength=256
	// +kubebuilder:validation:items:Pattern=`^[^,\s]([^,]*[^,\s])?$`
	// +listType=set
	// +optional
	SecurityGroups []string `json:"securityGroups,omitempty"`

	// listeners are the Network Load Balancer's TCP listeners, each
	// forwarding to a listener of the ALB. Left out, it listens on the port
	// of every ALB listener and forwards to it.
	// +listType=map
	// +listMapKey=port
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +optional
	Listeners []FrontendNLBListener `json:"listeners,omitempty"`

	// healthCheck is how the Network Load Balancer checks the ALB's
	// listeners (HTTP or HTTPS). Fields left out take the AWS Load Balancer
	// Controller's defaults: HTTP on the traffic port, path /, success code
	// 200, every 15 seconds, timeout 5, thresholds 2 and 2.
	// +optional
	HealthCheck *FrontendNLBHealthCheck `json:"healthCheck,omitempty"`

	// tags of the Network Load Balancer and its listeners and target
	// groups. Left out, they are the ALB's (spec.tags).
	// +kubebuilder:validation:MaxProperties=40
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 128 && k.matches('^[^,= ]([^,=]*[^,= ])?$'))",message="tag keys are at most 128 characters, without ',' or '=' and not starting or ending with a space"
	// +kubebuilder:validation:XValidation:rule="self.all(k, !k.startsWith('aws:') && !k.startsWith('elbv2.k8s.aws/') && !k.startsWith('service.k8s.aws/') && !k.startsWith('ingress.k8s.aws/'))",message="tag keys starting with aws: are reserved by AWS, and elbv2.k8s.aws/, service.k8s.aws/ and ingress.k8s.aws/ by the AWS Load Balancer Controller"
	// +optional
	Tags map[string]TagValue `json:"tags,omitempty"`

	// attributes of the Network Load Balancer: deletion protection,
	// cross-zone load balancing, access logs and more.
	// +optional
	Attributes *LoadBalancerAttributes `json:"attributes,omitempty"`
}

// FrontendNLBAddress is the Elastic IP of the frontend Network Load Balancer
// in one subnet.
type FrontendNLBAddress struct {
	// subnet is one of frontendNLB.subnets.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Subnet string `json:"subnet"`

	// elasticIPAllocation is the allocation ID of the Elastic IP, such as
	// eipalloc-0123456789abcdef0.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^eipalloc-[0-9a-f]+$`
	// +required
	ElasticIPAllocation string `json:"elasticIPAllocation"`
}

// FrontendNLBListener is a TCP listener of the frontend Network Load
// Balancer and the ALB listener it forwards to.
type FrontendNLBListener struct {
	// port the Network Load Balancer listens on.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`

	// listener is the name of the ALB listener (in spec.listeners) it
	// forwards to.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=15
	// +required
	Listener string `json:"listener"`
}

// FrontendNLBHealthCheck is how the frontend Network Load Balancer checks
// the ALB's listeners.
//
// +kubebuilder:validation:XValidation:rule="!has(self.timeoutSeconds) || !has(self.intervalSeconds) || self.timeoutSeconds <= self.intervalSeconds",fieldPath=".timeoutSeconds",message="timeoutSeconds must not exceed intervalSeconds"
type FrontendNLBHealthCheck struct {
	// protocol of the probe: HTTP or HTTPS.
	// +kubebuilder:validation:Enum=HTTP;HTTPS
	// +optional
	Protocol string `json:"protocol,omitempty"`

	// port the probe goes to; left out, the ALB listener's port.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// path the probe requests.
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

	// healthyThresholdCount is how many probes in a row must pass, 2 to 10.
	// +kubebuilder:validation:Minimum=2
	// +kubebuilder:validation:Maximum=10
	// +optional
	HealthyThresholdCount int32 `json:"healthyThresholdCount,omitempty"`

	// unhealthyThresholdCount is how many probes in a row must fail, 2 to
	// 10.
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
