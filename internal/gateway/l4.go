package gateway

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// How an L4 LoadBalancer becomes a Gateway of the NLB class: a Gateway
// listener for each listener (two for TCP_UDP, a TCP and a UDP one on the
// same port, which the controller merges into one TCP_UDP listener), and a
// route for each: a TCPRoute for TCP and TLS, a UDPRoute for UDP. The
// controller forwards an NLB listener to the backends of the oldest route
// attached to its port (pkg/gateway/model/model_build_listener.go), and lbo
// attaches one route per Gateway listener, so there is nothing to order.
//
// A TLS listener terminates TLS at the load balancer: its certificates,
// policies and ALPN policy are in the LoadBalancerConfiguration, which the
// controller reads them from; the Gateway listener has mode Terminate and an
// lbo option saying so, since Gateway API asks a Terminate listener for
// certificateRefs or options.

// TLSOptionCertificates is the Gateway listener TLS option lbo sets on a TLS
// listener: its certificates are in the controller's configuration.
const TLSOptionCertificates = "networking.lbo.dev/certificates"

// l4Use is which protocols the listeners forward to a target group with.
type l4Use struct{ tcp, udp, udpOnly bool }

// l4 makes the routes of an L4 LoadBalancer and returns the Gateway's
// listeners.
func (x *expansion) l4() []gwv1.Listener {
	spec := field.NewPath("spec")
	if len(x.lb.Spec.TargetGroups) == 0 {
		x.problems = append(x.problems, field.Required(spec.Child("targetGroups"), "a Network Load Balancer forwards to a target group"))
		return nil
	}
	use := map[int]*l4Use{}
	var listeners []gwv1.Listener
	for i := range x.lb.Spec.Listeners {
		l := &x.lb.Spec.Listeners[i]
		p := spec.Child("listeners").Index(i)
		k, err := x.l4TargetGroup(l, p)
		if err != nil {
			x.problems = append(x.problems, err)
			continue
		}
		if use[k] == nil {
			use[k] = &l4Use{}
		}
		tg := &x.lb.Spec.TargetGroups[k]
		section := gwv1.SectionName(l.Name)
		gl := gwv1.Listener{Name: section, Port: gwv1.PortNumber(l.Port)}
		switch l.Protocol {
		case lbov1.ProtocolTCP:
			gl.Protocol = gwv1.TCPProtocolType
			x.tcpRoute(l.Name, section, tg, TCPRouteGVK)
			use[k].tcp = true
		case lbov1.ProtocolTLS:
			gl.Protocol = gwv1.TLSProtocolType
			gl.TLS = &gwv1.ListenerTLSConfig{
				Mode:    ptr.To(gwv1.TLSModeTerminate),
				Options: map[gwv1.AnnotationKey]gwv1.AnnotationValue{TLSOptionCertificates: KindLoadBalancerConfiguration},
			}
			// The controller takes TCPRoutes on TLS listeners, and a
			// TLSRoute would need the SNI hostnames lbo has no field for.
			gl.AllowedRoutes = &gwv1.AllowedRoutes{Kinds: []gwv1.RouteGroupKind{{Kind: "TCPRoute"}}}
			x.tcpRoute(l.Name, section, tg, TCPRouteGVK)
			use[k].tcp = true
		case lbov1.ProtocolUDP:
			gl.Protocol = gwv1.UDPProtocolType
			x.tcpRoute(l.Name, section, tg, UDPRouteGVK)
			use[k].udp, use[k].udpOnly = true, true
		case lbov1.ProtocolTCPUDP:
			gl.Protocol = gwv1.TCPProtocolType
			udp := gwv1.Listener{Name: section + "-udp", Port: gl.Port, Protocol: gwv1.UDPProtocolType}
			listeners = append(listeners, gl)
			gl = udp
			x.tcpRoute(l.Name, section, tg, TCPRouteGVK)
			x.tcpRoute(l.Name+"-udp", section+"-udp", tg, UDPRouteGVK)
			use[k].tcp, use[k].udp = true, true
		default:
			x.problems = append(x.problems, field.NotSupported(p.Child("protocol"), l.Protocol, []string{"TCP", "UDP", "TCP_UDP", "TLS"}))
			continue
		}
		listeners = append(listeners, gl)
	}
	x.l4Uses = use
	if x.lb.Spec.TargetTypeOrDefault() == lbov1.TargetTypeInstance {
		for k, u := range use {
			if u.udpOnly && u.tcp {
				x.problems = append(x.problems, field.Forbidden(spec.Child("targetGroups").Index(k), "with gateway and instance targets, a UDP listener and a TCP or TLS listener cannot forward to the same target group: "+
					"its Service has a TCP and a UDP port of the same number, each with its own node port, and the AWS Load Balancer Controller registers the first; give the UDP listener a target group of its own"))
			}
		}
	}
	return listeners
}

// tcpRoute makes the TCPRoute or UDPRoute named <lb>-<name> of a Gateway
// listener, forwarding to tg.
func (x *expansion) tcpRoute(name string, section gwv1.SectionName, tg *lbov1.TargetGroup, gvk schema.GroupVersionKind) {
	parents := []gwv1.ParentReference{{Name: gwv1.ObjectName(x.lb.Name), SectionName: ptr.To(section)}}
	backends := []gwv1.BackendRef{{BackendObjectReference: gwv1.BackendObjectReference{
		Name: gwv1.ObjectName(x.serviceName(tg)), Port: ptr.To(gwv1.PortNumber(x.servicePort(tg))),
	}}}
	meta := x.meta(x.lb.Name + "-" + name)
	if gvk == UDPRouteGVK {
		route := &gwv1.UDPRoute{ObjectMeta: meta}
		route.Spec.ParentRefs = parents
		route.Spec.Rules = []gwv1.UDPRouteRule{{BackendRefs: backends}}
		x.add(route, gvk)
		return
	}
	route := &gwv1.TCPRoute{ObjectMeta: meta}
	route.Spec.ParentRefs = parents
	route.Spec.Rules = []gwv1.TCPRouteRule{{BackendRefs: backends}}
	x.add(route, gvk)
}

// l4TargetGroup is the index of the target group an L4 listener forwards to:
// the one its default action names, or the only one there is.
func (x *expansion) l4TargetGroup(l *lbov1.Listener, p *field.Path) (int, *field.Error) {
	if l.DefaultAction == nil {
		if len(x.lb.Spec.TargetGroups) != 1 {
			return 0, field.Required(p.Child("defaultAction", "forward", "targetGroup"), "with more than one target group, each listener names its own")
		}
		return 0, nil
	}
	fwd := l.DefaultAction.Forward
	if fwd == nil || fwd.TargetGroup == "" {
		return 0, field.Invalid(p.Child("defaultAction"), "", "a Network Load Balancer listener forwards to exactly one target group: set forward.targetGroup")
	}
	k, ok := x.tgs[fwd.TargetGroup]
	if !ok {
		return 0, field.NotFound(p.Child("defaultAction", "forward", "targetGroup"), fwd.TargetGroup)
	}
	return k, nil
}

// l4ServicePorts are the ports of the Service lbo makes for an L4 target
// group: a TCP port for TCP and TLS listeners, a UDP port for UDP ones, both
// for TCP_UDP (TCP first, the one the controller registers for a TCP_UDP
// target group).
func (x *expansion) l4ServicePorts(tg *lbov1.TargetGroup) []corev1.ServicePort {
	port := tg.Backend.Port
	u := x.l4Uses[x.tgs[tg.Name]]
	var ports []corev1.ServicePort
	if u == nil || u.tcp {
		ports = append(ports, corev1.ServicePort{Name: "traffic", Protocol: corev1.ProtocolTCP, Port: port, TargetPort: intstr.FromInt32(port)})
	}
	if u != nil && u.udp {
		ports = append(ports, corev1.ServicePort{Name: "traffic-udp", Protocol: corev1.ProtocolUDP, Port: port, TargetPort: intstr.FromInt32(port)})
	}
	return ports
}
