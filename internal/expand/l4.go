package expand

import (
	"maps"
	"reflect"
	"slices"
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
	svcAnnotationPrefix      = "service.beta.kubernetes.io/aws-load-balancer-"
	svcScheme                = svcAnnotationPrefix + "scheme"
	svcTargetType            = svcAnnotationPrefix + "nlb-target-type"
	svcName                  = svcAnnotationPrefix + "name"
	svcIPAddressType         = svcAnnotationPrefix + "ip-address-type"
	svcSubnets               = svcAnnotationPrefix + "subnets"
	svcEIPAllocations        = svcAnnotationPrefix + "eip-allocations"
	svcPrivateIPv4Addresses  = svcAnnotationPrefix + "private-ipv4-addresses"
	svcIPv6Addresses         = svcAnnotationPrefix + "ipv6-addresses"
	svcSecurityGroups        = svcAnnotationPrefix + "security-groups"
	svcManageBackendSGRules  = svcAnnotationPrefix + "manage-backend-security-group-rules"
	svcSGPrefixLists         = svcAnnotationPrefix + "security-group-prefix-lists"
	svcDisableSG             = svcAnnotationPrefix + "disable-nlb-sg"
	svcPrivateLinkSGRules    = svcAnnotationPrefix + "inbound-sg-rules-on-private-link-traffic"
	svcICMPPathMTU           = svcAnnotationPrefix + "enable-icmp-for-path-mtu-discovery"
	svcTags                  = svcAnnotationPrefix + "additional-resource-tags"
	svcAttributes            = svcAnnotationPrefix + "attributes"
	svcMinimumCapacity       = svcAnnotationPrefix + "minimum-load-balancer-capacity"
	svcTargetNodeLabels      = svcAnnotationPrefix + "target-node-labels"
	svcMultiClusterTG        = svcAnnotationPrefix + "multi-cluster-target-group"
	svcSSLCert               = svcAnnotationPrefix + "ssl-cert"
	svcSSLPorts              = svcAnnotationPrefix + "ssl-ports"
	svcSSLPolicy             = svcAnnotationPrefix + "ssl-negotiation-policy"
	svcALPNPolicy            = svcAnnotationPrefix + "alpn-policy"
	svcBackendProtocol       = svcAnnotationPrefix + "backend-protocol"
	svcEnableTCPUDP          = svcAnnotationPrefix + "enable-tcp-udp-listener"
	svcQUICPorts             = svcAnnotationPrefix + "quic-enabled-ports"
	svcListenerAttributes    = svcAnnotationPrefix + "listener-attributes." // + <protocol>-<port>
	svcTargetGroupAttributes = svcAnnotationPrefix + "target-group-attributes"
	svcHCProtocol            = svcAnnotationPrefix + "healthcheck-protocol"
	svcHCPort                = svcAnnotationPrefix + "healthcheck-port"
	svcHCPath                = svcAnnotationPrefix + "healthcheck-path"
	svcHCInterval            = svcAnnotationPrefix + "healthcheck-interval"
	svcHCTimeout             = svcAnnotationPrefix + "healthcheck-timeout"
	svcHCHealthyThreshold    = svcAnnotationPrefix + "healthcheck-healthy-threshold"
	svcHCUnhealthyThreshld   = svcAnnotationPrefix + "healthcheck-unhealthy-threshold"
	svcHCSuccessCodes        = svcAnnotationPrefix + "healthcheck-success-codes"
)

// Values of those annotations.
const (
	// svcBackendProtocolTLS makes the target groups of TLS listeners TLS.
	svcBackendProtocolTLS    = "ssl"
	svcOn                    = "on"
	svcOff                   = "off"
	svcMinimumCapacityPrefix = "CapacityUnits="
	// stringList values are joined by ',', stringMap entries are k=v.
	svcAnnotationListJoin     = ","
	svcAnnotationMapSeparator = "="
)

// l4 holds what the expansion of one L4 LoadBalancer builds up.
type l4 struct {
	lb          *lbov1.LoadBalancer
	idx         targetGroupIndex
	annotations map[string]string
	problems    field.ErrorList
}

// l4Listener is one listener resolved: its target group and the protocol the
// controller will give the AWS listener.
type l4Listener struct {
	listener *lbov1.Listener
	path     *field.Path
	tg       *lbov1.TargetGroup
	// awsProtocol is the AWS listener protocol: TCP, UDP, TCP_UDP, TLS, QUIC
	// or TCP_QUIC. The controller names listener attributes by it.
	awsProtocol string
}

// expandL4 makes the one Service of type LoadBalancer that becomes a Network
// Load Balancer: a port for each listener, the target groups' common
// selector, and the annotations for everything else.
func expandL4(lb *lbov1.LoadBalancer) ([]client.Object, field.ErrorList) {
	spec := field.NewPath("spec")
	if len(lb.Spec.TargetGroups) == 0 {
		return nil, field.ErrorList{field.Required(spec.Child("targetGroups"), "a Network Load Balancer forwards to a target group")}
	}
	x := &l4{lb: lb, idx: indexTargetGroups(lb), annotations: map[string]string{
		svcScheme:     string(schemeOf(lb)),
		svcTargetType: string(targetTypeOf(lb)),
	}}

	selector := x.selector(spec.Child("targetGroups"))
	listeners, ports := x.listeners(spec.Child("listeners"))
	x.tls(listeners)
	x.backendProtocol(listeners, spec.Child("targetGroups"))
	x.listenerAttributes(listeners)
	x.targetGroupAttributes(listeners)
	x.healthCheck(spec.Child("targetGroups"))
	x.loadBalancer()
	x.problems = append(x.problems, notOnL4(lb)...)
	if len(x.problems) > 0 {
		return nil, x.problems
	}

	svc := &corev1.Service{
		ObjectMeta: childMeta(lb, lb.Name, x.annotations),
		Spec: corev1.ServiceSpec{
			Type:                     corev1.ServiceTypeLoadBalancer,
			LoadBalancerClass:        ptr.To(NLBClass),
			Selector:                 selector,
			Ports:                    ports,
			LoadBalancerSourceRanges: lb.Spec.SourceRanges,
		},
	}
	if targetTypeOf(lb) == lbov1.TargetTypeIP {
		// The NLB sends to pod IPs: a NodePort per listener would only
		// use up the cluster's range (30000-32767), which every team
		// shares. Instance targets need them: the NLB sends to the nodes.
		svc.Spec.AllocateLoadBalancerNodePorts = ptr.To(false)
	}
	svc.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
	return []client.Object{svc}, nil
}

// selector is the one selector of the Service, which every target group must
// share: the Service model has one set of pods.
func (x *l4) selector(path *field.Path) map[string]string {
	selector := x.lb.Spec.TargetGroups[0].Backend.Selector
	for i, tg := range x.lb.Spec.TargetGroups {
		p := path.Index(i).Child("backend")
		switch {
		case tg.Backend.Selector == nil:
			x.problems = append(x.problems, field.Required(p.Child("selector"), "an L4 target group selects pods: the Network Load Balancer's Service cannot point at another Service"))
		case !reflect.DeepEqual(tg.Backend.Selector, selector):
			x.problems = append(x.problems, field.Invalid(p.Child("selector"), tg.Backend.Selector, "every target group of an L4 LoadBalancer selects the same pods (one Service has one selector)"))
		}
	}
	return selector
}

// listeners makes a Service port for each listener (two for TCP_UDP) and
// resolves the target group each forwards to.
func (x *l4) listeners(path *field.Path) ([]l4Listener, []corev1.ServicePort) {
	var resolved []l4Listener
	var ports []corev1.ServicePort
	var quicPorts []string
	for i := range x.lb.Spec.Listeners {
		l := &x.lb.Spec.Listeners[i]
		p := path.Index(i)
		tg, err := l4TargetGroup(x.lb, x.idx, *l, p)
		if err != nil {
			x.problems = append(x.problems, err)
			continue
		}
		port := corev1.ServicePort{Name: l.Name, Port: l.Port, TargetPort: intstr.FromInt32(tg.Backend.Port)}
		awsProtocol := string(l.Protocol)
		switch l.Protocol {
		case lbov1.ProtocolTCP, lbov1.ProtocolTLS:
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
			x.annotations[svcEnableTCPUDP] = "true"
		default:
			x.problems = append(x.problems, field.NotSupported(p.Child("protocol"), l.Protocol, []string{"TCP", "UDP", "TCP_UDP", "TLS"}))
			continue
		}
		if l.QUIC {
			switch l.Protocol {
			case lbov1.ProtocolUDP:
				awsProtocol = "QUIC"
			case lbov1.ProtocolTCPUDP:
				awsProtocol = "TCP_QUIC"
			default:
				x.problems = append(x.problems, field.Invalid(p.Child("quic"), true, "quic is for UDP and TCP_UDP listeners"))
				continue
			}
			quicPorts = append(quicPorts, strconv.Itoa(int(l.Port)))
		}
		resolved = append(resolved, l4Listener{listener: l, path: p, tg: tg, awsProtocol: awsProtocol})
	}
	setList(x.annotations, svcQUICPorts, quicPorts)
	return resolved, ports
}

// tls writes the certificates, policies and ports of the TLS listeners. The
// controller reads them once per Service, so all TLS listeners must agree.
func (x *l4) tls(listeners []l4Listener) {
	var tls *lbov1.ListenerTLS
	var tlsPath *field.Path
	var tlsPorts []string
	for _, r := range listeners {
		l := r.listener
		if l.Protocol != lbov1.ProtocolTLS {
			continue
		}
		tlsPorts = append(tlsPorts, l.Name)
		switch {
		case l.TLS == nil:
			x.problems = append(x.problems, field.Required(r.path.Child("tls"), "a TLS listener needs tls.certificateARNs"))
		case tls == nil:
			tls, tlsPath = l.TLS, r.path.Child("tls")
		case !reflect.DeepEqual(l.TLS, tls):
			x.problems = append(x.problems, field.Forbidden(r.path.Child("tls"), "every TLS listener of a Network Load Balancer made from one Service presents the same certificates and policies as "+tlsPath.String()))
		}
	}
	if tls == nil {
		return
	}
	x.annotations[svcSSLCert] = strings.Join(tls.CertificateARNs, svcAnnotationListJoin)
	x.annotations[svcSSLPorts] = strings.Join(tlsPorts, svcAnnotationListJoin)
	setString(x.annotations, svcSSLPolicy, tls.SSLPolicy)
	setString(x.annotations, svcALPNPolicy, string(tls.ALPNPolicy))
}

// backendProtocol writes backend-protocol ssl when the target groups of the
// TLS listeners encrypt to their targets. The controller applies it to every
// TLS listener of the Service and to no other, so the target groups of TLS
// listeners must agree, and other listeners may not use such target groups.
func (x *l4) backendProtocol(listeners []l4Listener, tgPath *field.Path) {
	var first *l4Listener
	for i, r := range listeners {
		tlsBackend := r.tg.BackendProtocol == lbov1.BackendProtocolTLS
		p := tgPath.Index(x.idx[r.tg.Name]).Child("backendProtocol")
		switch {
		case r.listener.Protocol != lbov1.ProtocolTLS:
			if tlsBackend {
				x.problems = append(x.problems, field.Forbidden(p, "listener "+r.listener.Name+" is "+string(r.listener.Protocol)+"; the AWS Load Balancer Controller encrypts to the targets of TLS listeners only"))
			}
		case first == nil:
			first = &listeners[i]
		case tlsBackend != (first.tg.BackendProtocol == lbov1.BackendProtocolTLS):
			x.problems = append(x.problems, field.Forbidden(p, "differs from the backendProtocol of target group "+first.tg.Name+" of TLS listener "+first.listener.Name+"; one Service carries one backend protocol for all its TLS listeners"))
		}
	}
	if first != nil && first.tg.BackendProtocol == lbov1.BackendProtocolTLS {
		x.annotations[svcBackendProtocol] = svcBackendProtocolTLS
	}
}

// listenerAttributes writes each listener's attributes under
// listener-attributes.<AWS protocol>-<port>, the key the controller reads.
func (x *l4) listenerAttributes(listeners []l4Listener) {
	for _, r := range listeners {
		a := r.listener.Attributes
		if a == nil {
			continue
		}
		attrs := map[string]string{}
		if a.TCPIdleTimeoutSeconds != nil {
			attrs["tcp.idle_timeout.seconds"] = strconv.Itoa(int(*a.TCPIdleTimeoutSeconds))
		}
		for k, v := range a.Additional {
			attrs[k] = string(v)
		}
		setMap(x.annotations, svcListenerAttributes+r.awsProtocol+"-"+strconv.Itoa(int(r.listener.Port)), attrs)
	}
}

// targetGroupAttributes writes the attributes of the AWS target group behind
// each listener. The controller makes one target group per Service port and
// reads target-group-attributes for all of them, overridden per port by
// target-group-attributes.<port>: what all ports share goes in the first,
// the rest in the second.
func (x *l4) targetGroupAttributes(listeners []l4Listener) {
	perPort := make([]map[string]string, len(listeners))
	for i, r := range listeners {
		perPort[i] = targetGroupAttributeMap(r.tg.Attributes)
	}
	if len(perPort) == 0 {
		return
	}
	common := maps.Clone(perPort[0])
	for _, attrs := range perPort[1:] {
		maps.DeleteFunc(common, func(k, v string) bool {
			other, ok := attrs[k]
			return !ok || other != v
		})
	}
	setMap(x.annotations, svcTargetGroupAttributes, common)
	for i, attrs := range perPort {
		maps.DeleteFunc(attrs, func(k, _ string) bool { _, ok := common[k]; return ok })
		setMap(x.annotations, svcTargetGroupAttributes+"."+strconv.Itoa(int(listeners[i].listener.Port)), attrs)
	}
}

// targetGroupAttributeMap is a target group's attributes by AWS key.
func targetGroupAttributeMap(a *lbov1.TargetGroupAttributes) map[string]string {
	attrs := map[string]string{}
	if a == nil {
		return attrs
	}
	setBool(attrs, "proxy_protocol_v2.enabled", a.ProxyProtocolV2)
	setBool(attrs, "preserve_client_ip.enabled", a.PreserveClientIP)
	setInt(attrs, "deregistration_delay.timeout_seconds", a.DeregistrationDelaySeconds)
	setBool(attrs, "deregistration_delay.connection_termination.enabled", a.DeregistrationConnectionTermination)
	setBool(attrs, "stickiness.enabled", a.SourceIPStickiness)
	if a.SourceIPStickiness != nil && *a.SourceIPStickiness {
		attrs["stickiness.type"] = "source_ip"
	}
	setBool(attrs, "target_health_state.unhealthy.connection_termination.enabled", a.UnhealthyConnectionTermination)
	setInt(attrs, "target_health_state.unhealthy.draining_interval_seconds", a.UnhealthyDrainingIntervalSeconds)
	for k, v := range a.Additional {
		attrs[k] = string(v)
	}
	return attrs
}

// healthCheck writes the health check all target groups share: one Service
// carries one for all its ports.
func (x *l4) healthCheck(path *field.Path) {
	all := make([]int, len(x.lb.Spec.TargetGroups))
	for i := range all {
		all[i] = i
	}
	hc, err := sharedHealthCheck(x.lb, all, path, "one Service carries one health check for all its ports")
	if err != nil {
		x.problems = append(x.problems, err)
	}
	if hc != nil {
		setHealthCheck(x.annotations, hc, l4HealthCheckKeys)
	}
}

// loadBalancer writes the settings of the load balancer itself: name,
// addressing, security groups, tags and attributes.
func (x *l4) loadBalancer() {
	spec := &x.lb.Spec
	a := x.annotations
	setString(a, svcName, spec.LoadBalancerName)
	setString(a, svcIPAddressType, string(spec.IPAddressType))

	// The controller hands out Elastic IPs to the subnets in subnet ID order
	// (admission requires IDs with them), and places private and IPv6
	// addresses in the subnet whose range holds them: listing the subnets
	// and their addresses in the same sorted order matches both.
	setList(a, svcSubnets, slices.Sorted(slices.Values(spec.Subnets)))
	addrs := slices.SortedFunc(slices.Values(spec.StaticAddresses), func(p, q lbov1.StaticAddress) int {
		return strings.Compare(p.Subnet, q.Subnet)
	})
	var eips, ipv4s, ipv6s []string
	for _, addr := range addrs {
		eips = appendNonEmpty(eips, addr.ElasticIPAllocation)
		ipv4s = appendNonEmpty(ipv4s, addr.PrivateIPv4Address)
		ipv6s = appendNonEmpty(ipv6s, addr.IPv6Address)
	}
	setList(a, svcEIPAllocations, eips)
	setList(a, svcPrivateIPv4Addresses, ipv4s)
	setList(a, svcIPv6Addresses, ipv6s)

	setList(a, svcSecurityGroups, spec.SecurityGroups)
	setBool(a, svcManageBackendSGRules, spec.ManageBackendSecurityGroupRules)
	setList(a, svcSGPrefixLists, spec.SourcePrefixLists)
	if spec.DisableSecurityGroups {
		a[svcDisableSG] = "true"
	}
	if v := spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic; v != nil {
		a[svcPrivateLinkSGRules] = svcOff
		if *v {
			a[svcPrivateLinkSGRules] = svcOn
		}
	}
	if spec.AllowICMPForPathMTUDiscovery {
		a[svcICMPPathMTU] = svcOn
	}

	tags := map[string]string{}
	for k, v := range spec.Tags {
		tags[k] = string(v)
	}
	setMap(a, svcTags, tags)
	setMap(a, svcAttributes, loadBalancerAttributeMap(spec.LoadBalancerAttributes))
	if spec.MinimumCapacityUnits != nil {
		a[svcMinimumCapacity] = svcMinimumCapacityPrefix + strconv.Itoa(int(*spec.MinimumCapacityUnits))
	}
	labels := map[string]string{}
	for k, v := range spec.TargetNodeLabels {
		labels[k] = string(v)
	}
	setMap(a, svcTargetNodeLabels, labels)
	if spec.MultiClusterTargetGroups {
		a[svcMultiClusterTG] = "true"
	}
}

// loadBalancerAttributeMap is the load balancer's attributes by AWS key.
func loadBalancerAttributeMap(a *lbov1.LoadBalancerAttributes) map[string]string {
	attrs := map[string]string{}
	if a == nil {
		return attrs
	}
	setBool(attrs, "deletion_protection.enabled", a.DeletionProtection)
	setBool(attrs, "load_balancing.cross_zone.enabled", a.CrossZoneLoadBalancing)
	if l := a.AccessLogs; l != nil {
		attrs["access_logs.s3.enabled"] = strconv.FormatBool(l.Enabled)
		setString(attrs, "access_logs.s3.bucket", l.Bucket)
		setString(attrs, "access_logs.s3.prefix", l.Prefix)
	}
	setString(attrs, "dns_record.client_routing_policy", string(a.DNSClientRoutingPolicy))
	for k, v := range a.Additional {
		attrs[k] = string(v)
	}
	return attrs
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

// The controller's value formats: stringList is "a,b", stringMap "k=v,k2=v2",
// booleans "true"/"false". Empty values are left out, so that an unset field
// writes no annotation.

func setString(m map[string]string, key, value string) {
	if value != "" {
		m[key] = value
	}
}

func setBool(m map[string]string, key string, value *bool) {
	if value != nil {
		m[key] = strconv.FormatBool(*value)
	}
}

func setInt(m map[string]string, key string, value *int32) {
	if value != nil {
		m[key] = strconv.Itoa(int(*value))
	}
}

func setList(m map[string]string, key string, values []string) {
	if len(values) > 0 {
		m[key] = strings.Join(values, svcAnnotationListJoin)
	}
}

// setMap writes values sorted by key, so that the annotation is stable.
func setMap(m map[string]string, key string, values map[string]string) {
	if len(values) == 0 {
		return
	}
	pairs := make([]string, 0, len(values))
	for _, k := range slices.Sorted(maps.Keys(values)) {
		pairs = append(pairs, k+svcAnnotationMapSeparator+values[k])
	}
	m[key] = strings.Join(pairs, svcAnnotationListJoin)
}

func appendNonEmpty(list []string, value string) []string {
	if value == "" {
		return list
	}
	return append(list, value)
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
	setPositive := func(key string, value int32) {
		if value != 0 {
			annotations[key] = strconv.Itoa(int(value))
		}
	}
	setString(annotations, keys.protocol, hc.Protocol)
	setPositive(keys.port, hc.Port)
	setString(annotations, keys.path, hc.Path)
	setPositive(keys.interval, hc.IntervalSeconds)
	setPositive(keys.timeout, hc.TimeoutSeconds)
	setPositive(keys.healthy, hc.HealthyThresholdCount)
	setPositive(keys.unhealthy, hc.UnhealthyThresholdCount)
	setString(annotations, keys.successCodes, hc.SuccessCodes)
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

// notOnL4 refuses the fields of Application Load Balancers only, so that none
// is silently dropped. Admission refuses them first.
func notOnL4(lb *lbov1.LoadBalancer) field.ErrorList {
	spec := field.NewPath("spec")
	var problems field.ErrorList
	if lb.Spec.WAFv2WebACLARN != "" {
		problems = append(problems, field.Forbidden(spec.Child("wafv2WebACLARN"), "for L7 only"))
	}
	if lb.Spec.HTTPSRedirectPort != nil {
		problems = append(problems, field.Forbidden(spec.Child("httpsRedirectPort"), "for L7 only"))
	}
	for i, l := range lb.Spec.Listeners {
		if l.MutualAuthentication != nil {
			problems = append(problems, field.Forbidden(spec.Child("listeners").Index(i).Child("mutualAuthentication"), "for L7 only"))
		}
	}
	if lb.Spec.Authentication != nil {
		problems = append(problems, field.Forbidden(spec.Child("authentication"), "for L7 only"))
	}
	if lb.Spec.Group != nil {
		problems = append(problems, field.Forbidden(spec.Child("group"), "for L7 only"))
	}
	if lb.Spec.ShieldAdvancedProtection != nil {
		problems = append(problems, field.Forbidden(spec.Child("shieldAdvancedProtection"), "for L7 only"))
	}
	for i, tg := range lb.Spec.TargetGroups {
		p := spec.Child("targetGroups").Index(i)
		if tg.BackendProtocol == lbov1.BackendProtocolHTTP || tg.BackendProtocol == lbov1.BackendProtocolHTTPS {
			problems = append(problems, field.Forbidden(p.Child("backendProtocol"), "HTTP and HTTPS are for L7; a Network Load Balancer reaches its targets with TCP or TLS"))
		}
		if tg.Attributes != nil && tg.Attributes.CookieStickiness != nil {
			problems = append(problems, field.Forbidden(p.Child("attributes", "cookieStickiness"), "for L7 only"))
		}
		if tg.BackendProtocolVersion != "" {
			problems = append(problems, field.Forbidden(p.Child("backendProtocolVersion"), "for L7 only"))
		}
	}
	return problems
}
