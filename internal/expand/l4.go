package expand

import (
	"reflect"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// NLBClass is the loadBalancerClass by which the AWS Load Balancer Controller
// takes charge of a Service and provisions a Network Load Balancer for it.
const NLBClass = "service.k8s.aws/nlb"

// Service annotations of the AWS Load Balancer Controller (see its
// service-annotations documentation).
const (
	svcAnnotationPrefix    = "service.beta.kubernetes.io/aws-load-balancer-"
	svcScheme              = svcAnnotationPrefix + "scheme"
	svcTargetType          = svcAnnotationPrefix + "nlb-target-type"
	svcSSLCert             = svcAnnotationPrefix + "ssl-cert"
	svcSSLPorts            = svcAnnotationPrefix + "ssl-ports"
	svcSSLPolicy           = svcAnnotationPrefix + "ssl-negotiation-policy"
	svcHCProtocol          = svcAnnotationPrefix + "healthcheck-protocol"
	svcHCPort              = svcAnnotationPrefix + "healthcheck-port"
	svcHCPath              = svcAnnotationPrefix + "healthcheck-path"
	svcHCInterval          = svcAnnotationPrefix + "healthcheck-interval"
	svcHCTimeout           = svcAnnotationPrefix + "healthcheck-timeout"
	svcHCHealthyThreshold  = svcAnnotationPrefix + "healthcheck-healthy-threshold"
	svcHCUnhealthyThreshld = svcAnnotationPrefix + "healthcheck-unhealthy-threshold"
	svcHCSuccessCodes      = svcAnnotationPrefix + "healthcheck-success-codes"
	svcEnableTCPUDP        = svcAnnotationPrefix + "enable-tcp-udp-listener"
)

// expandL4 makes the one Service of type LoadBalancer that becomes a Network
// Load Balancer: a port for each listener, the target groups' common selector,
// and the annotations for scheme, target type, TLS and health check.
func expandL4(lb *lbov1.LoadBalancer) ([]client.Object, field.ErrorList) {
	spec := field.NewPath("spec")
	var problems field.ErrorList
	idx := indexTargetGroups(lb)

	if len(lb.Spec.TargetGroups) == 0 {
		return nil, field.ErrorList{field.Required(spec.Child("targetGroups"), "a Network Load Balancer forwards to a target group")}
	}
	selector := lb.Spec.TargetGroups[0].Backend.Selector
	for i, tg := range lb.Spec.TargetGroups {
		p := spec.Child("targetGroups").Index(i).Child("backend")
		switch {
		case tg.Backend.Selector == nil:
			problems = append(problems, field.Required(p.Child("selector"), "an L4 target group selects pods: the Network Load Balancer's Service cannot point at another Service"))
		case !reflect.DeepEqual(tg.Backend.Selector, selector):
			problems = append(problems, field.Invalid(p.Child("selector"), tg.Backend.Selector, "every target group of an L4 LoadBalancer selects the same pods (one Service has one selector)"))
		}
	}

	annotations := map[string]string{
		svcScheme:     string(schemeOf(lb)),
		svcTargetType: string(targetTypeOf(lb)),
	}
	var ports []corev1.ServicePort
	var tlsPorts []string
	var tls *lbov1.ListenerTLS
	var tlsPath *field.Path
	for i, l := range lb.Spec.Listeners {
		p := spec.Child("listeners").Index(i)
		tg, err := l4TargetGroup(lb, idx, l, p)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		port := corev1.ServicePort{Name: l.Name, Port: l.Port, TargetPort: intstr.FromInt32(tg.Backend.Port)}
		switch l.Protocol {
		case lbov1.ProtocolTCP:
			port.Protocol = corev1.ProtocolTCP
			ports = append(ports, port)
		case lbov1.ProtocolUDP:
			port.Protocol = corev1.ProtocolUDP
			ports = append(ports, port)
		case lbov1.ProtocolTCPUDP:
			// The controller makes one TCP_UDP listener of a TCP and a UDP
			// port with the same number, but only when the Service enables
			// it (or its feature gate is on): otherwise it makes two
			// listeners on one port, which AWS refuses.
			port.Protocol = corev1.ProtocolTCP
			udp := port
			udp.Name, udp.Protocol = l.Name+"-udp", corev1.ProtocolUDP
			ports = append(ports, port, udp)
			annotations[svcEnableTCPUDP] = "true"
		case lbov1.ProtocolTLS:
			port.Protocol = corev1.ProtocolTCP
			ports = append(ports, port)
			tlsPorts = append(tlsPorts, l.Name)
			switch {
			case l.TLS == nil:
				problems = append(problems, field.Required(p.Child("tls"), "a TLS listener needs tls.certificateARNs"))
			case tls == nil:
				tls, tlsPath = l.TLS, p.Child("tls")
			case !reflect.DeepEqual(l.TLS, tls):
				problems = append(problems, field.Forbidden(p.Child("tls"), "every TLS listener of a Network Load Balancer made from one Service presents the same certificates and policy as "+tlsPath.String()))
			}
		default:
			problems = append(problems, field.NotSupported(p.Child("protocol"), l.Protocol, []string{"TCP", "UDP", "TCP_UDP", "TLS"}))
		}
	}
	if tls != nil {
		annotations[svcSSLCert] = strings.Join(tls.CertificateARNs, ",")
		annotations[svcSSLPorts] = strings.Join(tlsPorts, ",")
		if tls.SSLPolicy != "" {
			annotations[svcSSLPolicy] = tls.SSLPolicy
		}
	}

	all := make([]int, len(lb.Spec.TargetGroups))
	for i := range all {
		all[i] = i
	}
	hc, err := sharedHealthCheck(lb, all, spec.Child("targetGroups"), "one Service carries one health check for all its ports")
	if err != nil {
		problems = append(problems, err)
	}
	if hc != nil {
		setHealthCheck(annotations, hc, l4HealthCheckKeys)
	}
	if len(problems) > 0 {
		return nil, problems
	}

	svc := &corev1.Service{
		ObjectMeta: childMeta(lb, lb.Name, annotations),
		Spec: corev1.ServiceSpec{
			Type:              corev1.ServiceTypeLoadBalancer,
			LoadBalancerClass: ptr.To(NLBClass),
			Selector:          selector,
			Ports:             ports,
		},
	}
	svc.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
	return []client.Object{svc}, nil
}

// l4TargetGroup is the target group an L4 listener forwards to: the one its
// default action names, or the only one there is.
func l4TargetGroup(lb *lbov1.LoadBalancer, idx targetGroupIndex, l lbov1.Listener, p *field.Path) (*lbov1.TargetGroup, *field.Error) {
	if l.DefaultAction == nil {
		if len(lb.Spec.TargetGroups) != 1 {
			return nil, field.Required(p.Child("defaultAction", "forward", "targetGroup"), "with more than one target group, each listener names its own")
		}
		return &lb.Spec.TargetGroups[0], nil
	}
	fwd := l.DefaultAction.Forward
	if fwd == nil || fwd.TargetGroup == "" {
		return nil, field.Invalid(p.Child("defaultAction"), "", "a Network Load Balancer listener forwards to exactly one target group: set forward.targetGroup")
	}
	return idx.lookup(lb, fwd.TargetGroup, p.Child("defaultAction", "forward", "targetGroup"))
}

// healthCheckKeys are the annotation keys of one controller object kind for
// each health check setting.
type healthCheckKeys struct {
	protocol, port, path, interval, timeout, healthy, unhealthy, successCodes string
}

var l4HealthCheckKeys = healthCheckKeys{
	protocol: svcHCProtocol, port: svcHCPort, path: svcHCPath, interval: svcHCInterval, timeout: svcHCTimeout,
	healthy: svcHCHealthyThreshold, unhealthy: svcHCUnhealthyThreshld, successCodes: svcHCSuccessCodes,
}

// setHealthCheck writes the settings hc declares under keys.
func setHealthCheck(annotations map[string]string, hc *lbov1.HealthCheck, keys healthCheckKeys) {
	set := func(key, value string) {
		if value != "" {
			annotations[key] = value
		}
	}
	setInt := func(key string, value int32) {
		if value != 0 {
			annotations[key] = strconv.Itoa(int(value))
		}
	}
	set(keys.protocol, hc.Protocol)
	setInt(keys.port, hc.Port)
	set(keys.path, hc.Path)
	setInt(keys.interval, hc.IntervalSeconds)
	setInt(keys.timeout, hc.TimeoutSeconds)
	setInt(keys.healthy, hc.HealthyThresholdCount)
	setInt(keys.unhealthy, hc.UnhealthyThresholdCount)
	set(keys.successCodes, hc.SuccessCodes)
}

func schemeOf(lb *lbov1.LoadBalancer) lbov1.Scheme {
	if lb.Spec.Scheme == "" {
		return lbov1.SchemeInternal
	}
	return lb.Spec.Scheme
}

func targetTypeOf(lb *lbov1.LoadBalancer) lbov1.TargetType {
	if lb.Spec.TargetType == "" {
		return lbov1.TargetTypeIP
	}
	return lb.Spec.TargetType
}
