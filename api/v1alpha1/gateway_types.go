package v1alpha1

// The backend: through which Kubernetes API lbo asks for the load balancer.
// Left out, lbo makes the Service (L4) or Ingresses (L7) with the annotations
// the AWS Load Balancer Controller reads; with spec.gateway it makes Gateway
// API objects instead: a Gateway, its routes and, for the AWS Load Balancer
// Controller, its LoadBalancerConfiguration, TargetGroupConfiguration and
// ListenerRuleConfiguration.

// GatewayBackend makes lbo provision the load balancer through Gateway API:
// a Gateway of className with a listener for each of spec.listeners, and
// routes for the rules and default actions (HTTPRoutes on L7, TCPRoutes and
// UDPRoutes on L4), instead of a Service or Ingresses with annotations.
type GatewayBackend struct {
	// className is the GatewayClass of the Gateway lbo makes. With
	// implementation AWSLoadBalancerController it is a class whose
	// controllerName is gateway.k8s.aws/alb (L7) or gateway.k8s.aws/nlb
	// (L4); the cluster's administrator makes it, as the IngressClass alb.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +required
	ClassName string `json:"className"`

	// implementation is who provisions Gateways of className.
	// AWSLoadBalancerController (also when left out): lbo adds the
	// controller's LoadBalancerConfiguration, TargetGroupConfigurations and
	// ListenerRuleConfigurations, so that every field of the LoadBalancer is
	// carried as by the annotations, or refused with the reason. Standard:
	// any other conformant Gateway API implementation; lbo makes only
	// standard Gateway API objects and refuses the fields that only the AWS
	// Load Balancer Controller understands (certificates by ARN, subnets,
	// security groups, attributes, health checks, authentication, fixed
	// responses and more), naming each.
	// +optional
	Implementation GatewayImplementation `json:"implementation,omitempty"`
}

// GatewayImplementation is who provisions the Gateways of a GatewayClass.
// +kubebuilder:validation:Enum=AWSLoadBalancerController;Standard
type GatewayImplementation string

const (
	// GatewayAWSLoadBalancerController is the AWS Load Balancer Controller's
	// Gateway API support.
	GatewayAWSLoadBalancerController GatewayImplementation = "AWSLoadBalancerController"
	// GatewayStandard is any conformant Gateway API implementation; lbo uses
	// standard objects only.
	GatewayStandard GatewayImplementation = "Standard"
)

// ImplementationOrDefault is g's implementation, AWSLoadBalancerController
// when left out.
func (g *GatewayBackend) ImplementationOrDefault() GatewayImplementation {
	if g.Implementation == "" {
		return GatewayAWSLoadBalancerController
	}
	return g.Implementation
}
