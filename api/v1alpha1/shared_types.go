package v1alpha1

// Types shared across the LoadBalancer API: the layer, scheme, target type and
// protocol enums, and the value types of tags, labels and attributes.

// Layer says which kind of AWS load balancer a LoadBalancer becomes, or that
// it becomes none.
// +kubebuilder:validation:Enum=L4;L7;External
type Layer string

const (
	// LayerL4 is a Network Load Balancer, made from one Service of type LoadBalancer.
	LayerL4 Layer = "L4"
	// LayerL7 is an Application Load Balancer, made from Ingresses of class alb.
	LayerL7 Layer = "L7"
	// LayerExternal is a load balancer made outside Kubernetes, which AWS
	// already has with its listeners: lbo makes none, and registers the
	// targets of the target groups in target groups that exist in AWS.
	LayerExternal Layer = "External"
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

// TagValue is the value of an AWS tag: at most 256 letters, digits, spaces
// and _.:/=+-@, the characters AWS takes in tags.
// +kubebuilder:validation:MaxLength=256
// +kubebuilder:validation:Pattern=`^[\p{L}\p{Z}\p{N}_.:/=+@-]*$`
type TagValue string

// LabelValue is the value of a Kubernetes label.
// +kubebuilder:validation:MaxLength=63
// +kubebuilder:validation:Pattern=`^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$`
type LabelValue string

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

// AttributeValue is the value of an AWS attribute given by key. It goes into a
// comma-separated annotation, so it cannot hold a comma.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=1024
// +kubebuilder:validation:Pattern=`^[^,\s]+$`
type AttributeValue string
