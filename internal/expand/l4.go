package expand

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// l4 holds what the expansion of one L4 LoadBalancer builds up.
type l4 struct {
	lb       *lbov1.LoadBalancer
	idx      targetGroupIndex
	w        lbc.Writer
	problems field.ErrorList
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
//
// The CRD states what an L4 LoadBalancer may hold (its listeners' protocols,
// one selector and one health check for all target groups, listeners that
// forward to one existing target group, ...); this expansion relies on it
// and checks only what the CRD cannot say.
func expandL4(lb *lbov1.LoadBalancer) ([]client.Object, field.ErrorList) {
	spec := field.NewPath("spec")
	x := &l4{lb: lb, idx: indexTargetGroups(lb)}
	x.w = lbc.Writer{Annotations: map[string]string{}, Problems: &x.problems}
	x.w.String(lbc.ServiceScheme, string(schemeOf(lb)), spec.Child("scheme"))
	x.w.String(lbc.ServiceTargetType, string(targetTypeOf(lb)), spec.Child("targetType"))

	listeners, ports := x.listeners(spec.Child("listeners"))
	x.clientsWithoutSecurityGroups(listeners)
	x.tls(listeners)
	x.backendProtocol(listeners)
	x.listenerAttributes(listeners)
	x.targetGroupAttributes(listeners)
	if len(lb.Spec.TargetGroups) > 0 {
		// One Service carries one health check for all its ports: the CRD
		// makes every target group's the same.
		writeHealthCheck(x.w, lbc.ServiceHealthCheck, lb.Spec.TargetGroups[0].HealthCheck, spec.Child("targetGroups").Index(0).Child("healthCheck"))
	}
	x.loadBalancer()
	if len(x.problems) > 0 {
		return nil, x.problems
	}

	var selector map[string]string
	if len(lb.Spec.TargetGroups) > 0 {
		selector = lb.Spec.TargetGroups[0].Backend.Selector
	}
	svc := &corev1.Service{
		ObjectMeta: childMeta(lb, lb.Name, x.w.Annotations),
		Spec: corev1.ServiceSpec{
			Type:                     corev1.ServiceTypeLoadBalancer,
			LoadBalancerClass:        ptr.To(lbc.NLBClass),
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
	if problems := checkAnnotations(lb, "Service "+svc.Name, svc.Annotations, nil); len(problems) > 0 {
		return nil, problems
	}
	return []client.Object{svc}, nil
}

// listeners makes a Service port for each listener (two for TCP_UDP) and
// resolves the target group each forwards to.
func (x *l4) listeners(path *field.Path) ([]l4Listener, []corev1.ServicePort) {
	var resolved []l4Listener
	var ports []corev1.ServicePort
	var quicPorts []string
	var quicPaths []*field.Path
	for i := range x.lb.Spec.Listeners {
		l := &x.lb.Spec.Listeners[i]
		tg := l4TargetGroup(x.lb, x.idx, *l)
		if tg == nil {
			continue // the CRD refuses a listener without one
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
			x.w.Bool(lbc.ServiceEnableTCPUDPListener, ptr.To(true))
		}
		if l.QUIC {
			// The CRD takes quic on UDP and TCP_UDP listeners only.
			awsProtocol = map[lbov1.Protocol]string{lbov1.ProtocolUDP: "QUIC", lbov1.ProtocolTCPUDP: "TCP_QUIC"}[l.Protocol]
			quicPorts = append(quicPorts, lbc.EncodeInt(l.Port))
			quicPaths = append(quicPaths, path.Index(i).Child("port"))
		}
		resolved = append(resolved, l4Listener{listener: l, path: path.Index(i), tg: tg, awsProtocol: awsProtocol})
	}
	x.w.ListAt(lbc.ServiceQUICEnabledPorts, quicPorts, quicPaths)
	return resolved, ports
}

// clientsWithoutSecurityGroups refuses sources a Network Load Balancer
// without security groups would not keep to: nothing filters clients at
// the load balancer then, and the controller's rules in the targets'
// security groups admit sourceRanges only for target groups whose targets
// see the clients' addresses (lbc.NLBTargetsSeeClients); for the others
// they admit the load balancer's subnets, so every client that reaches it.
// Without sourceRanges, an internal one's targets admit only the VPC's own
// CIDRs, not everyone.
func (x *l4) clientsWithoutSecurityGroups(listeners []l4Listener) {
	spec := &x.lb.Spec
	if !spec.DisableSecurityGroups {
		return
	}
	ranges := field.NewPath("spec", "sourceRanges")
	if spec.IPAddressType == lbov1.IPAddressTypeDualStack && len(spec.SourceRanges) > 0 {
		// A target group has one IP family: clients of the other reach
		// the targets from the load balancer's own addresses.
		x.problems = append(x.problems, field.Invalid(ranges, spec.SourceRanges,
			"with disableSecurityGroups only the targets' security group rules keep clients out, and on a dualstack load balancer the clients of one IP family reach "+
				"the targets (whose target groups have the other) from the load balancer's own addresses, whatever their range: no client range holds for them; "+
				"leave disableSecurityGroups out, so that the load balancer's security group holds sourceRanges, or use ipAddressType ipv4"))
		return
	}
	for _, r := range listeners {
		var preserve *bool
		if a := r.tg.Attributes; a != nil {
			preserve = a.PreserveClientIP
		}
		tg := x.idx[r.tg.Name]
		preservePath := field.NewPath("spec", "targetGroups").Index(tg).Child("attributes", "preserveClientIP")
		on := fmt.Sprintf("listener %s (%s:%d) forwards to target group %s", r.listener.Name, r.awsProtocol, r.listener.Port, r.tg.Name)
		sees := lbc.NLBTargetsSeeClients(r.awsProtocol, preserve, string(targetTypeOf(x.lb)))
		switch {
		case len(spec.SourceRanges) > 0 && !sees:
			why := preservePath.String() + " is false"
			if preserve == nil {
				why = "ip targets do not see them unless " + preservePath.String() + " is true"
			}
			x.problems = append(x.problems, field.Invalid(ranges, spec.SourceRanges, fmt.Sprintf(
				"with disableSecurityGroups only the targets' security group rules keep clients out, and the AWS Load Balancer Controller writes sourceRanges into them only "+
					"for targets that see the clients' addresses; %s, whose targets do not (%s), so every client that reaches the load balancer would reach them: "+
					"set %s: true, or leave disableSecurityGroups out", on, why, preservePath)))
			return
		case len(spec.SourceRanges) == 0 && sees && schemeOf(x.lb) == lbov1.SchemeInternal:
			x.problems = append(x.problems, field.Required(ranges, fmt.Sprintf(
				"with disableSecurityGroups only the targets' security group rules keep clients out, and for an internal load balancer without sourceRanges the "+
					"AWS Load Balancer Controller admits only the VPC's own CIDRs there, not everyone; %s, whose targets see the clients' addresses: "+
					"list the clients' ranges in sourceRanges (0.0.0.0/0 for everyone)", on)))
			return
		}
	}
}

// tls writes the certificates, policies and ports of the TLS listeners. The
// controller reads them once per Service, so all TLS listeners must agree.
func (x *l4) tls(listeners []l4Listener) {
	var tls *lbov1.ListenerTLS
	var tlsPath *field.Path
	var tlsPorts []string
	var tlsPortPaths []*field.Path
	for _, r := range listeners {
		l := r.listener
		if l.Protocol != lbov1.ProtocolTLS || l.TLS == nil {
			continue // the CRD gives every TLS listener its tls
		}
		tlsPorts = append(tlsPorts, l.Name)
		tlsPortPaths = append(tlsPortPaths, r.path.Child("name"))
		switch {
		case tls == nil:
			tls, tlsPath = l.TLS, r.path.Child("tls")
		case !reflect.DeepEqual(l.TLS, tls):
			x.problems = append(x.problems, field.Forbidden(r.path.Child("tls"), "every TLS listener of a Network Load Balancer made from one Service presents the same certificates and policies as "+tlsPath.String()))
		}
	}
	if tls == nil {
		return
	}
	x.w.List(lbc.ServiceSSLCert, tls.CertificateARNs, tlsPath.Child("certificateARNs"))
	x.w.ListAt(lbc.ServiceSSLPorts, tlsPorts, tlsPortPaths)
	x.w.String(lbc.ServiceSSLNegotiationPolicy, tls.SSLPolicy, tlsPath.Child("sslPolicy"))
	x.w.String(lbc.ServiceALPNPolicy, string(tls.ALPNPolicy), tlsPath.Child("alpnPolicy"))
}

// backendProtocol writes backend-protocol ssl when the target groups of the
// TLS listeners encrypt to their targets. The controller applies it to every
// TLS listener of the Service and to no other; the CRD makes the target
// groups of TLS listeners agree, and keeps TLS target groups from other
// listeners.
func (x *l4) backendProtocol(listeners []l4Listener) {
	i := slices.IndexFunc(listeners, func(r l4Listener) bool { return r.listener.Protocol == lbov1.ProtocolTLS })
	if i >= 0 && listeners[i].tg.BackendProtocol == lbov1.BackendProtocolTLS {
		x.w.String(lbc.ServiceBackendProtocol, lbc.BackendProtocolSSL, nil)
	}
}

// listenerAttributes writes each listener's attributes under the key the
// controller reads, named by the AWS listener protocol and port.
func (x *l4) listenerAttributes(listeners []l4Listener) {
	for _, r := range listeners {
		a := r.listener.Attributes
		if a == nil {
			continue
		}
		x.w.Map(lbc.ServiceListenerAttributes(r.awsProtocol, r.listener.Port), listenerAttributeMap(a), r.path.Child("attributes", "additional"))
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
	tgPath := func(i int) *field.Path {
		return field.NewPath("spec", "targetGroups").Index(x.idx[listeners[i].tg.Name]).Child("attributes", "additional")
	}
	x.w.Map(lbc.ServiceTargetGroupAttributes, common, tgPath(0))
	for i, attrs := range perPort {
		maps.DeleteFunc(attrs, func(k, _ string) bool { _, ok := common[k]; return ok })
		x.w.Map(lbc.ServiceTargetGroupAttributesForPort(listeners[i].listener.Port), attrs, tgPath(i))
	}
}

// targetGroupAttributeMap is an L4 target group's attributes by AWS key.
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

// loadBalancer writes the settings of the load balancer itself: name,
// addressing, security groups, tags and attributes.
func (x *l4) loadBalancer() {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	// The controller pairs Elastic IPs with the subnets by position in the
	// subnets annotation (admission requires subnet IDs with them: a Name
	// tag may resolve to several subnets), and places private and IPv6
	// addresses in the subnet whose range holds them: listing the subnets
	// and their addresses in the same sorted order matches both.
	writeLoadBalancer(x.w, lbc.ServiceLoadBalancer, spec, true)
	order := make([]int, len(spec.StaticAddresses))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return strings.Compare(spec.StaticAddresses[i].Subnet, spec.StaticAddresses[j].Subnet)
	})
	for _, kind := range []struct {
		key, field string
		of         func(a *lbov1.StaticAddress) string
	}{
		{lbc.ServiceEIPAllocations, "elasticIPAllocation", func(a *lbov1.StaticAddress) string { return a.ElasticIPAllocation }},
		{lbc.ServicePrivateIPv4Addresses, "privateIPv4Address", func(a *lbov1.StaticAddress) string { return a.PrivateIPv4Address }},
		{lbc.ServiceIPv6Addresses, "ipv6Address", func(a *lbov1.StaticAddress) string { return a.IPv6Address }},
	} {
		var values []string
		var paths []*field.Path
		for _, i := range order {
			if v := kind.of(&spec.StaticAddresses[i]); v != "" {
				values = append(values, v)
				paths = append(paths, path.Child("staticAddresses").Index(i).Child(kind.field))
			}
		}
		x.w.ListAt(kind.key, values, paths)
	}
	if spec.DisableSecurityGroups {
		x.w.Bool(lbc.ServiceDisableSecurityGroups, ptr.To(true))
	}
	x.w.OnOff(lbc.ServicePrivateLinkSGRules, spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic)
	if spec.AllowICMPForPathMTUDiscovery {
		x.w.OnOff(lbc.ServiceICMPForPathMTUDiscovery, ptr.To(true))
	}
}

// listenerAttributeMap is a listener's attributes by AWS key.
func listenerAttributeMap(a *lbov1.ListenerAttributes) map[string]string {
	attrs := map[string]string{}
	setInt(attrs, "tcp.idle_timeout.seconds", a.TCPIdleTimeoutSeconds)
	for k, v := range a.Additional {
		attrs[k] = string(v)
	}
	return attrs
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
		attrs["access_logs.s3.enabled"] = lbc.EncodeBool(l.Enabled)
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
// default action names, or the only one there is. The CRD makes one of them
// exist.
func l4TargetGroup(lb *lbov1.LoadBalancer, idx targetGroupIndex, l lbov1.Listener) *lbov1.TargetGroup {
	switch {
	case l.DefaultAction == nil && len(lb.Spec.TargetGroups) == 1:
		return &lb.Spec.TargetGroups[0]
	case l.DefaultAction == nil || l.DefaultAction.Forward == nil:
		return nil
	}
	return idx.find(lb, l.DefaultAction.Forward.TargetGroup)
}
