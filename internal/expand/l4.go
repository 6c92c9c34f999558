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
	"github.com/lbo-dev/lbo/internal/attributes"
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
	// tg is the target group of the Service's port: the LoadBalancer's own
	// pods, alone or weighed against others.
	tg *lbov1.TargetGroup
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
	x.w.String(lbc.ServiceScheme, string(lb.Spec.SchemeOrDefault()), spec.Child("scheme"))
	x.w.String(lbc.ServiceTargetType, string(lb.Spec.TargetTypeOrDefault()), spec.Child("targetType"))

	listeners, ports := x.listeners(spec.Child("listeners"))
	x.clientsWithoutSecurityGroups(listeners)
	x.tls(listeners)
	x.backendProtocol(listeners)
	x.listenerAttributes(listeners)
	attrs := x.targetGroupAttributes(listeners)
	x.actions(listeners, attrs)
	if i := slices.IndexFunc(lb.Spec.TargetGroups, func(t lbov1.TargetGroup) bool { return t.Existing == nil }); i >= 0 {
		// One Service carries one health check for all its ports, and for
		// the target groups of other Services it forwards to: the CRD
		// makes every target group's the same (those AWS has keep theirs).
		writeHealthCheck(x.w, lbc.ServiceHealthCheck, lb.Spec.TargetGroups[i].HealthCheck, spec.Child("targetGroups").Index(i).Child("healthCheck"))
	}
	x.loadBalancer()
	if len(x.problems) > 0 {
		return nil, x.problems
	}

	var selector map[string]string
	if i := slices.IndexFunc(listeners, func(r l4Listener) bool { return r.tg != nil }); i >= 0 {
		selector = listeners[i].tg.Backend.Selector // the CRD makes them all the same
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
	if lb.Spec.TargetTypeOrDefault() == lbov1.TargetTypeIP {
		// The NLB sends to pod IPs: a NodePort per listener would only
		// use up the cluster's range (30000-32767), which every team
		// shares. Instance targets need them: the NLB sends to the nodes.
		svc.Spec.AllocateLoadBalancerNodePorts = ptr.To(false)
	}
	svc.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
	if problems := checkAnnotations(lb, "Service "+svc.Name, svc.Annotations, nil); len(problems) > 0 {
		return nil, problems
	}
	return append([]client.Object{svc}, bindings(lb)...), nil
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
		tg := x.baseTargetGroup(*l, path.Index(i))
		if tg == nil {
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
		sees := lbc.NLBTargetsSeeClients(r.awsProtocol, preserve, string(x.lb.Spec.TargetTypeOrDefault()))
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
		case len(spec.SourceRanges) == 0 && sees && x.lb.Spec.SchemeOrDefault() == lbov1.SchemeInternal:
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
		x.w.Map(lbc.ServiceListenerAttributes(r.awsProtocol, r.listener.Port), attributes.Listener(a), r.path.Child("attributes", "additional"))
	}
}

// targetGroupAttributes writes the attributes of the AWS target group behind
// each listener. The controller makes one target group per Service port and
// reads target-group-attributes for all of them, overridden per port by
// target-group-attributes.<port>: what all ports share goes in the first,
// the rest in the second.
//
// It returns the attributes the controller gives the target group of a
// Service port with that number, the port of another Service included (the
// controller reads the annotations of the LoadBalancer's Service for the
// target groups of the other Services it forwards to).
func (x *l4) targetGroupAttributes(listeners []l4Listener) func(port int32) map[string]string {
	perPort := make([]map[string]string, len(listeners))
	for i, r := range listeners {
		perPort[i] = attributes.TargetGroup(lbc.NLB, r.tg.Attributes)
	}
	if len(perPort) == 0 {
		return func(int32) map[string]string { return map[string]string{} }
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
	diffs := map[int32]map[string]string{}
	for i, attrs := range perPort {
		maps.DeleteFunc(attrs, func(k, _ string) bool { _, ok := common[k]; return ok })
		x.w.Map(lbc.ServiceTargetGroupAttributesForPort(listeners[i].listener.Port), attrs, tgPath(i))
		diffs[listeners[i].listener.Port] = attrs
	}
	return func(port int32) map[string]string {
		attrs := maps.Clone(common)
		maps.Copy(attrs, diffs[port])
		return attrs
	}
}

// actions writes the weighted forward of each listener that weighs its
// target group against others: other Services' target groups (the
// controller makes them with the settings of the LoadBalancer's Service:
// its target type, health check, and target group attributes for their port
// number) and target groups AWS has, by ARN.
func (x *l4) actions(listeners []l4Listener, attrsOf func(port int32) map[string]string) {
	type use struct {
		protocol string // of the target group
		path     *field.Path
	}
	uses := map[string]use{}
	for _, r := range listeners {
		l := r.listener
		if l.DefaultAction == nil || l.DefaultAction.Forward == nil || len(l.DefaultAction.Forward.TargetGroups) == 0 {
			continue
		}
		fwd := l.DefaultAction.Forward
		fpath := r.path.Child("defaultAction", "forward")
		cfg := &lbc.ServiceForwardConfig{}
		for i, w := range fwd.TargetGroups {
			tg := x.idx.find(x.lb, w.Name)
			wpath := fpath.Child("targetGroups").Index(i)
			switch {
			case tg == nil:
				continue // the CRD refuses a forward to a target group that is not there
			case tg == r.tg:
				cfg.BaseServiceWeight = ptr.To(w.Weight)
			case tg.Existing != nil:
				if tg.Existing.ARN == "" {
					x.problems = append(x.problems, field.Required(field.NewPath("spec", "targetGroups").Index(x.idx[tg.Name]).Child("existing", "arn"),
						"an L4 listener forwards to a target group AWS has by its ARN only (the AWS Load Balancer Controller takes no name there)"))
					continue
				}
				cfg.TargetGroups = append(cfg.TargetGroups, lbc.ServiceTargetGroupTuple{TargetGroupARN: tg.Existing.ARN, Weight: ptr.To(w.Weight)})
			case tg.Backend.Service != nil:
				tgPath := field.NewPath("spec", "targetGroups").Index(x.idx[tg.Name])
				svc := tg.Backend.Service
				t := lbc.ServiceTargetGroupTuple{ServiceName: svc.Name, ServicePort: intstr.FromInt32(svc.Port), Weight: ptr.To(w.Weight)}
				// Another Service's target group is TLS on a TLS listener
				// unless decrypted, and the listener's protocol otherwise.
				tls := tg.BackendProtocol == lbov1.BackendProtocolTLS
				if l.Protocol == lbov1.ProtocolTLS && !tls {
					t.Decrypt = ptr.To(true)
				}
				if tls && l.Protocol != lbov1.ProtocolTLS {
					x.problems = append(x.problems, field.Invalid(tgPath.Child("backendProtocol"), tg.BackendProtocol,
						"the target group is forwarded to by "+r.path.String()+", which is not TLS: the AWS Load Balancer Controller encrypts to the targets of TLS listeners only"))
				}
				key := svc.Name + ":" + lbc.EncodeInt(svc.Port)
				u := use{protocol: r.awsProtocol, path: wpath}
				if t.Decrypt != nil {
					u.protocol = string(lbov1.ProtocolTCP)
				}
				if prev, ok := uses[key]; ok && prev.protocol != u.protocol {
					x.problems = append(x.problems, field.Invalid(wpath.Child("name"), w.Name, fmt.Sprintf(
						"%s forwards to the same Service port with protocol %s, this one with %s; the AWS Load Balancer Controller makes one target group per Service port, with one protocol",
						prev.path, prev.protocol, u.protocol)))
				}
				uses[key] = u
				if want, got := attrsOf(svc.Port), attributes.TargetGroup(lbc.NLB, tg.Attributes); !maps.Equal(want, got) {
					enc, _ := lbc.EncodeMap(want)
					x.problems = append(x.problems, field.Invalid(tgPath.Child("attributes"), got, fmt.Sprintf(
						"the AWS Load Balancer Controller gives the target group of Service %s port %d the target group attributes of the LoadBalancer's own Service for port %d (%q): declare exactly those",
						svc.Name, svc.Port, svc.Port, enc)))
				}
				cfg.TargetGroups = append(cfg.TargetGroups, t)
			}
		}
		if st := fwd.Stickiness; st != nil {
			cfg.TargetGroupStickinessConfig = &lbc.ServiceTargetGroupStickiness{Enabled: ptr.To(st.Enabled)}
		}
		v, err := lbc.EncodeServiceAction(lbc.ServiceAction{Type: lbc.ActionForward, ForwardConfig: cfg})
		x.w.Set(lbc.ServiceListenerAction(r.awsProtocol, l.Port), fpath, fwd, v, err)
	}
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
		// The controller pairs source NAT prefixes with the subnets by
		// position in the subnets annotation.
		{lbc.ServiceSourceNATIPv6Prefixes, "sourceNATIPv6Prefix", func(a *lbov1.StaticAddress) string { return a.SourceNATIPv6Prefix }},
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
	if spec.EnablePrefixForIPv6SourceNAT {
		x.w.OnOff(lbc.ServiceEnablePrefixForIPv6SourceNAT, ptr.To(true))
	}
}

// l4TargetGroup is the target group the controller makes behind an NLB
// listener: the Service port's, of the LoadBalancer's own pods (see
// baseTargetGroup, which reports what is wrong with a listener; this one
// only finds it, or nil).
func l4TargetGroup(lb *lbov1.LoadBalancer, idx targetGroupIndex, l lbov1.Listener) *lbov1.TargetGroup {
	switch {
	case l.DefaultAction == nil && len(lb.Spec.TargetGroups) == 1:
		return &lb.Spec.TargetGroups[0]
	case l.DefaultAction == nil || l.DefaultAction.Forward == nil:
		return nil
	case l.DefaultAction.Forward.TargetGroup != "":
		return idx.find(lb, l.DefaultAction.Forward.TargetGroup)
	}
	for _, w := range l.DefaultAction.Forward.TargetGroups {
		if tg := idx.find(lb, w.Name); tg != nil && isBase(tg) {
			return tg
		}
	}
	return nil
}

// isBase reports whether tg is a target group of the L4 LoadBalancer's own
// pods: the target group the controller makes for a port of its Service.
func isBase(tg *lbov1.TargetGroup) bool { return tg.Backend.Selector != nil && tg.Existing == nil }

// baseTargetGroup is the target group of the Service port of an L4 listener
// at path: the one its default action names, the only one there is, or the
// one of its weighted forward that selects the LoadBalancer's pods. The
// controller always forwards an NLB listener to the target group of the
// Service's port and weighs others against it, so there is exactly one.
func (x *l4) baseTargetGroup(l lbov1.Listener, path *field.Path) *lbov1.TargetGroup {
	lb := x.lb
	fwd := path.Child("defaultAction", "forward")
	switch {
	case l.DefaultAction == nil && len(lb.Spec.TargetGroups) == 1:
		if tg := &lb.Spec.TargetGroups[0]; isBase(tg) {
			return tg
		}
		x.problems = append(x.problems, field.Required(path.Child("defaultAction"), "the only target group is not one of the LoadBalancer's own pods (backend.selector, not existing): the Network Load Balancer's Service forwards to its pods, alone or weighed against others"))
		return nil
	case l.DefaultAction == nil || l.DefaultAction.Forward == nil:
		return nil // the CRD refuses it
	case l.DefaultAction.Forward.TargetGroup != "":
		tg := x.idx.find(lb, l.DefaultAction.Forward.TargetGroup)
		if tg != nil && !isBase(tg) {
			x.problems = append(x.problems, field.Invalid(fwd.Child("targetGroup"), tg.Name, "an L4 listener forwards to the LoadBalancer's own pods (a target group with backend.selector, not existing); weigh another Service's or an existing target group against them with targetGroups"))
			return nil
		}
		return tg
	}
	var base *lbov1.TargetGroup
	for i, w := range l.DefaultAction.Forward.TargetGroups {
		tg := x.idx.find(lb, w.Name)
		if tg == nil || !isBase(tg) {
			continue
		}
		if base != nil {
			x.problems = append(x.problems, field.Invalid(fwd.Child("targetGroups").Index(i).Child("name"), w.Name,
				"a weighted forward of an L4 listener has one target group of the LoadBalancer's own pods (backend.selector): the Service's port has one target group; weigh other pods through their own Service (backend.service)"))
			return nil
		}
		base = tg
	}
	if base == nil {
		x.problems = append(x.problems, field.Required(fwd.Child("targetGroups"),
			"a weighted forward of an L4 listener includes a target group of the LoadBalancer's own pods (backend.selector, not existing): the AWS Load Balancer Controller always forwards to the target group of the Service's port, and weighs the others against it"))
	}
	return base
}
