package importer

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// isNLBService says whether the AWS Load Balancer Controller provisions a
// Network Load Balancer for svc: by its class, or by the annotation it reads
// when there is no class.
func isNLBService(svc *corev1.Service) bool {
	if svc.Spec.LoadBalancerClass != nil {
		return *svc.Spec.LoadBalancerClass == lbc.NLBClass
	}
	t := svc.Annotations[lbc.ServiceType]
	return t == "external" || t == "nlb-ip"
}

// importService makes the L4 LoadBalancer of a Service: a listener for each
// port (a TCP and a UDP port with the same number make one TCP_UDP
// listener), a target group for each target port and set of target group
// attributes, all selecting the Service's pods, and the load balancer
// settings of its annotations. Settings the API server would refuse are
// left out, with a note.
func importService(ctx context.Context, svc *corev1.Service) (*lbov1.LoadBalancer, []Note) {
	object := objectName(svc)
	ann := svc.Annotations
	s := &svcImport{object: object, ann: ann, consumed: map[string]bool{lbc.ServiceType: true}, keys: lbc.ServiceLoadBalancer}
	consumed := s.consumed
	lb := newLoadBalancer(svc, lbov1.LayerL4)

	lb.Spec.Scheme = lbov1.SchemeInternal
	if v, ok := ann[lbc.ServiceScheme]; ok {
		lb.Spec.Scheme = lbov1.Scheme(lbc.DecodeString(v))
		consumed[lbc.ServiceScheme] = true
	} else if v, ok := ann[lbc.ServiceInternal]; ok {
		// The legacy annotation, read when there is no scheme annotation.
		if b, err := lbc.DecodeBool(v); err == nil {
			consumed[lbc.ServiceInternal] = true
			if !b {
				lb.Spec.Scheme = lbov1.SchemeInternetFacing
			}
		}
	}
	// The controller registers instances unless told otherwise; nlb-ip is
	// the older way of asking for ip targets.
	lb.Spec.TargetType = lbov1.TargetTypeInstance
	if ann[lbc.ServiceType] == "nlb-ip" {
		lb.Spec.TargetType = lbov1.TargetTypeIP
	}
	if v, ok := ann[lbc.ServiceTargetType]; ok {
		lb.Spec.TargetType = lbov1.TargetType(lbc.DecodeString(v))
		consumed[lbc.ServiceTargetType] = true
	}

	// TLS: the listeners whose port name or number is in ssl-ports (all,
	// when it is left out or '*') present the certificates.
	var tls *lbov1.ListenerTLS
	tlsPorts := map[string]bool{}
	if v, ok := ann[lbc.ServiceSSLCert]; ok {
		consumed[lbc.ServiceSSLCert] = true
		tls = &lbov1.ListenerTLS{CertificateARNs: lbc.DecodeList(v)}
		if p, ok := ann[lbc.ServiceSSLNegotiationPolicy]; ok {
			tls.SSLPolicy = lbc.DecodeString(p)
			consumed[lbc.ServiceSSLNegotiationPolicy] = true
		}
		if p, ok := s.get(lbc.ServiceALPNPolicy); ok {
			tls.ALPNPolicy = lbov1.ALPNPolicy(lbc.DecodeString(p))
		}
		for _, p := range lbc.DecodeList(cmp.Or(ann[lbc.ServiceSSLPorts], "*")) {
			tlsPorts[p] = true
		}
		consumed[lbc.ServiceSSLPorts] = true
	} else if v, ok := s.get(lbc.ServiceALPNPolicy); ok {
		s.notCarried(lbc.ServiceALPNPolicy, "the Service has no %s, so no TLS listener (value %q)", lbc.ServiceSSLCert, v)
	}
	// backend-protocol ssl re-encrypts the traffic of the TLS listeners to
	// their targets; tcp, the default, does not.
	backendTLS := false
	if v, ok := s.get(lbc.ServiceBackendProtocol); ok {
		switch lbc.DecodeString(v) {
		case lbc.BackendProtocolSSL:
			backendTLS = true
		case lbc.BackendProtocolTCP:
		default:
			s.notCarried(lbc.ServiceBackendProtocol, "%q is neither ssl nor tcp", v)
		}
	}
	quicPorts := map[int32]bool{}
	for _, p := range s.list(lbc.ServiceQUICEnabledPorts) {
		n, err := lbc.DecodeInt(p)
		if err != nil {
			s.notCarried(lbc.ServiceQUICEnabledPorts, "%q is not a port number", p)
			continue
		}
		quicPorts[n] = true
	}
	tgCommon := s.stringMap(lbc.ServiceTargetGroupAttributes)
	tgPerPort := map[int32]map[string]string{}
	for _, key := range sortedKeys(ann) {
		port, ok := lbc.CutServiceTargetGroupAttributesForPort(key)
		if !ok {
			continue
		}
		n, err := lbc.DecodeInt(port)
		if m := s.stringMap(key); m != nil {
			if err != nil || !slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Port == int32(n) }) {
				s.notCarried(key, "the Service has no port %s", port)
				continue
			}
			tgPerPort[int32(n)] = m
		}
	}

	hc := readHealthCheck(ann, lbc.ServiceHealthCheck, object, consumed, &s.notes)
	allPerPort := maps.Clone(tgPerPort)

	// Listeners and their target groups. The controller makes one target
	// group per port; ports with the same target port, attributes and
	// backend protocol share one.
	tgByKey := map[string]int{}
	hasTCPUDP := false
	for i, p := range svc.Spec.Ports {
		path := fmt.Sprintf("spec.ports[%d]", i)
		proto := cmp.Or(p.Protocol, corev1.ProtocolTCP)
		if proto == corev1.ProtocolUDP && slices.ContainsFunc(svc.Spec.Ports, func(q corev1.ServicePort) bool {
			return q.Port == p.Port && cmp.Or(q.Protocol, corev1.ProtocolTCP) == corev1.ProtocolTCP
		}) {
			// The UDP half of a TCP_UDP listener, made with the TCP half.
			if p.Name != "" && !strings.HasSuffix(p.Name, "-udp") {
				s.notes = append(s.notes, Note{Object: object, Field: path + ".name", Message: fmt.Sprintf("not carried over: the UDP port %q joins the TCP port %d in one TCP_UDP listener, whose UDP port lbo names <listener>-udp", p.Name, p.Port)})
			}
			continue
		}
		target := p.Port
		switch {
		case p.TargetPort.Type == intstr.String:
			s.notes = append(s.notes, Note{Object: object, Field: path + ".targetPort", Message: fmt.Sprintf("port not carried over: the named target port %q has no lbo equivalent; give the pods' port number in the target group's backend.port", p.TargetPort.StrVal)})
			continue
		case p.TargetPort.IntVal != 0:
			target = p.TargetPort.IntVal
		}
		l := lbov1.Listener{Name: p.Name, Port: p.Port}
		if l.Name == "" {
			l.Name = fmt.Sprintf("%s-%d", strings.ToLower(string(proto)), p.Port)
		}
		switch proto {
		case corev1.ProtocolTCP:
			l.Protocol = lbov1.ProtocolTCP
			if slices.ContainsFunc(svc.Spec.Ports, func(q corev1.ServicePort) bool { return q.Port == p.Port && q.Protocol == corev1.ProtocolUDP }) {
				l.Protocol = lbov1.ProtocolTCPUDP
				hasTCPUDP = true
			} else if tls != nil && (tlsPorts["*"] || tlsPorts[p.Name] || tlsPorts[strconv.Itoa(int(p.Port))]) {
				l.Protocol = lbov1.ProtocolTLS
				l.TLS = tls.DeepCopy()
			}
		case corev1.ProtocolUDP:
			l.Protocol = lbov1.ProtocolUDP
		default:
			s.notes = append(s.notes, Note{Object: object, Field: path + ".protocol", Message: fmt.Sprintf("port not carried over: protocol %s is not one a Network Load Balancer listens with", proto)})
			continue
		}
		if quicPorts[p.Port] {
			if l.Protocol == lbov1.ProtocolUDP || l.Protocol == lbov1.ProtocolTCPUDP {
				l.QUIC = true
				delete(quicPorts, p.Port)
			}
		}
		attrs := targetGroupAttributeValues(tgCommon, tgPerPort[p.Port], p.Port)
		delete(tgPerPort, p.Port)
		backend := lbov1.BackendProtocol("")
		if backendTLS && l.Protocol == lbov1.ProtocolTLS {
			backend = lbov1.BackendProtocolTLS
		}
		key := fmt.Sprintf("%d/%s/%s", target, backend, attributesKey(attrs))
		tg, ok := tgByKey[key]
		if !ok {
			tg = len(lb.Spec.TargetGroups)
			tgByKey[key] = tg
			lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{
				Name:            l.Name,
				Backend:         lbov1.Backend{Selector: svc.Spec.Selector, Port: target},
				HealthCheck:     hc.DeepCopy(),
				BackendProtocol: backend,
			})
			s.toTargetGroupAttributes(&lb.Spec.TargetGroups[tg], tg, attrs)
		}
		l.DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: lb.Spec.TargetGroups[tg].Name}}
		lb.Spec.Listeners = append(lb.Spec.Listeners, l)
	}
	s.weightedForwards(lb, hc, func(port int32) map[string]sourced {
		return targetGroupAttributeValues(tgCommon, allPerPort[port], port)
	})
	if len(lb.Spec.TargetGroups) == 1 {
		// One target group needs no naming in each listener.
		for i := range lb.Spec.Listeners {
			lb.Spec.Listeners[i].DefaultAction = nil
		}
	}
	for i := range lb.Spec.Listeners {
		l := &lb.Spec.Listeners[i]
		if l.TLS != nil {
			s.track(fmt.Sprintf("spec.listeners[%d].tls.alpnPolicy", i), func() {
				for j := range lb.Spec.Listeners {
					if t := lb.Spec.Listeners[j].TLS; t != nil {
						t.ALPNPolicy = ""
					}
				}
			}, annotationField(lbc.ServiceALPNPolicy))
		}
	}
	for _, port := range slices.Sorted(maps.Keys(tgPerPort)) {
		s.notCarried(lbc.ServiceTargetGroupAttributesForPort(port), "port %d is not carried over (see its note)", port)
	}
	for _, port := range slices.Sorted(maps.Keys(quicPorts)) {
		s.notCarried(lbc.ServiceQUICEnabledPorts, "port %d is not a UDP or TCP_UDP listener", port)
	}
	if backendTLS && !slices.ContainsFunc(lb.Spec.Listeners, func(l lbov1.Listener) bool { return l.Protocol == lbov1.ProtocolTLS }) {
		s.notCarried(lbc.ServiceBackendProtocol, "no listener is TLS, and ssl applies to TLS listeners only")
	}
	if v, ok := s.get(lbc.ServiceEnableTCPUDPListener); ok {
		if b, err := lbc.DecodeBool(v); err != nil || b != hasTCPUDP {
			s.notCarried(lbc.ServiceEnableTCPUDPListener, "lbo enables TCP_UDP listeners exactly when a TCP and a UDP port share a number, which they %s (value %q)", map[bool]string{true: "do", false: "do not"}[hasTCPUDP], v)
		}
	}
	s.listenerAttributes(lb)

	// Source ranges: the controller reads spec.loadBalancerSourceRanges,
	// and the annotation only without it.
	sourceRanges, sourceRangesField := svc.Spec.LoadBalancerSourceRanges, "spec.loadBalancerSourceRanges"
	if v, ok := s.get(lbc.ServiceSourceRanges); ok {
		if len(sourceRanges) > 0 {
			s.notCarried(lbc.ServiceSourceRanges, "the AWS Load Balancer Controller ignores it, as the Service has spec.loadBalancerSourceRanges (value %q)", v)
		} else {
			sourceRanges, sourceRangesField = lbc.DecodeList(v), annotationField(lbc.ServiceSourceRanges)
		}
	}
	s.loadBalancer(lb, sourceRanges, sourceRangesField)

	notes := s.notes
	if len(svc.Spec.Selector) == 0 {
		notes = append(notes, Note{Object: object, Field: "spec.selector", Message: "the Service selects no pods (its endpoints are managed by hand); lbo's target groups select pods, set backend.selector"})
	}
	if tls != nil && !slices.ContainsFunc(lb.Spec.Listeners, func(l lbov1.Listener) bool { return l.TLS != nil }) {
		for _, key := range []string{lbc.ServiceSSLCert, lbc.ServiceSSLNegotiationPolicy, lbc.ServiceALPNPolicy} {
			if _, ok := ann[key]; ok {
				notes = append(notes, Note{Object: object, Field: annotationField(key), Message: "not carried over: no port is in ssl-ports"})
			}
		}
	}

	notes = append(notes, metadataNotes(svc, object, consumed)...)
	notes = append(notes, serviceSpecNotes(svc, object, lb.Spec.TargetType)...)
	if len(lb.Spec.Listeners) == 0 {
		notes = append(notes, Note{Object: object, Message: "not imported: no port could be carried over"})
		return nil, dedupe(notes)
	}
	s.notes = nil
	s.dropRefused(ctx, lb)
	notes = append(notes, s.notes...)
	return lb, dedupe(notes)
}

// weightedForwards reads actions.<protocol>-<port>: the listener weighs its
// target group (the Service's own pods, baseServiceWeight) against the
// target groups of other Services, which the controller makes with this
// Service's settings (health check hc, target type, the attributes attrsOf
// their port number), and target groups AWS has, by ARN.
func (s *svcImport) weightedForwards(lb *lbov1.LoadBalancer, hc *lbov1.HealthCheck, attrsOf func(port int32) map[string]sourced) {
	for _, key := range sortedKeys(s.ann) {
		protocol, port, ok := lbc.CutServiceListenerAction(key)
		if !ok {
			continue
		}
		v, _ := s.get(key)
		li := slices.IndexFunc(lb.Spec.Listeners, func(l lbov1.Listener) bool { return awsListenerProtocol(l) == protocol && l.Port == port })
		if li < 0 {
			s.notCarried(key, "no listener is %s-%d (the AWS listener protocol and port)", protocol, port)
			continue
		}
		a, err := lbc.DecodeServiceAction(v)
		switch {
		case err != nil:
			s.notCarried(key, "%v", err)
			continue
		case a.Type != lbc.ActionForward || a.ForwardConfig == nil:
			s.notCarried(key, "the AWS Load Balancer Controller takes forward actions only (value %q)", v)
			continue
		}
		l := &lb.Spec.Listeners[li]
		base := l.DefaultAction.Forward.TargetGroup
		fwd := &lbov1.ForwardAction{TargetGroups: []lbov1.WeightedTargetGroup{{Name: base, Weight: weightOf(a.ForwardConfig.BaseServiceWeight)}}}
		carried := true
		for _, t := range a.ForwardConfig.TargetGroups {
			name, ok := s.weightedTargetGroup(lb, key, l, t, hc, attrsOf)
			if !ok {
				carried = false
				break
			}
			if slices.ContainsFunc(fwd.TargetGroups, func(w lbov1.WeightedTargetGroup) bool { return w.Name == name }) {
				s.notCarried(key, "it forwards to the target group of %s twice", name)
				carried = false
				break
			}
			fwd.TargetGroups = append(fwd.TargetGroups, lbov1.WeightedTargetGroup{Name: name, Weight: weightOf(t.Weight)})
		}
		if !carried {
			continue
		}
		if st := a.ForwardConfig.TargetGroupStickinessConfig; st != nil && st.Enabled != nil {
			fwd.Stickiness = &lbov1.ForwardStickiness{Enabled: *st.Enabled}
		}
		l.DefaultAction = &lbov1.Action{Forward: fwd}
		s.track(fmt.Sprintf("spec.listeners[%d].defaultAction", li), func() {
			l.DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: base}}
		}, annotationField(key))
	}
}

// weightOf is a forward's weight: the one given, or 1 (lbo's default).
func weightOf(w *int32) int32 {
	if w == nil {
		return 1
	}
	return *w
}

// weightedTargetGroup is the name of the target group of one more target of
// listener l's forward, made the first time.
func (s *svcImport) weightedTargetGroup(lb *lbov1.LoadBalancer, key string, l *lbov1.Listener, t lbc.ServiceTargetGroupTuple, hc *lbov1.HealthCheck, attrsOf func(port int32) map[string]sourced) (string, bool) {
	find := func(match func(tg lbov1.TargetGroup) bool) (string, bool) {
		if i := slices.IndexFunc(lb.Spec.TargetGroups, match); i >= 0 {
			return lb.Spec.TargetGroups[i].Name, true
		}
		return "", false
	}
	add := func(tg lbov1.TargetGroup) int {
		for slices.ContainsFunc(lb.Spec.TargetGroups, func(u lbov1.TargetGroup) bool { return u.Name == tg.Name }) {
			tg.Name += "-x"
		}
		lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, tg)
		return len(lb.Spec.TargetGroups) - 1
	}
	if t.TargetGroupARN != "" {
		if name, ok := find(func(tg lbov1.TargetGroup) bool { return tg.Existing != nil && tg.Existing.ARN == t.TargetGroupARN }); ok {
			return name, true
		}
		i := add(lbov1.TargetGroup{Name: targetGroupNameOfARN(t.TargetGroupARN), Existing: &lbov1.ExistingTargetGroup{ARN: t.TargetGroupARN}})
		return lb.Spec.TargetGroups[i].Name, true
	}
	if t.ServicePort.Type == intstr.String {
		s.notCarried(key, "the port of Service %s is named %q; lbo's target groups give the port's number", t.ServiceName, t.ServicePort.StrVal)
		return "", false
	}
	port := t.ServicePort.IntVal
	// Another Service's target group is TLS on a TLS listener unless the
	// tuple decrypts; lbo says TCP (its default) for decrypted.
	backend := lbov1.BackendProtocol("")
	if l.Protocol == lbov1.ProtocolTLS && (t.Decrypt == nil || !*t.Decrypt) {
		backend = lbov1.BackendProtocolTLS
	}
	if name, ok := find(func(tg lbov1.TargetGroup) bool {
		return tg.Backend.Service != nil && *tg.Backend.Service == lbov1.ServiceBackend{Name: t.ServiceName, Port: port} && tg.BackendProtocol == backend
	}); ok {
		return name, true
	}
	name := t.ServiceName
	if !ruleNamePattern.MatchString(name) || len(name) > 45 {
		name = "service"
	}
	i := add(lbov1.TargetGroup{Name: name, Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: t.ServiceName, Port: port}},
		HealthCheck: hc.DeepCopy(), BackendProtocol: backend})
	s.toTargetGroupAttributes(&lb.Spec.TargetGroups[i], i, attrsOf(port))
	return lb.Spec.TargetGroups[i].Name, true
}

// targetGroupNameOfARN is a target group name for lbo made of an AWS target
// group's ARN: the name in it, as lbo names target groups.
func targetGroupNameOfARN(arn string) string {
	_, rest, _ := strings.Cut(arn, ":targetgroup/")
	name, _, _ := strings.Cut(rest, "/")
	name = strings.ToLower(name)
	if !ruleNamePattern.MatchString(name) || len(name) > 45 {
		return "existing"
	}
	return name
}

// dedupe drops repeated notes: a value shared by several target groups is
// noted once.
func dedupe(notes []Note) []Note {
	seen := map[Note]bool{}
	var out []Note
	for _, n := range notes {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// serviceSpecNotes reports the Service's spec fields lbo does not carry,
// leaving out the ones the API server fills in, and the ones lbo derives
// from the LoadBalancer's targetType: no NodePorts for ip targets.
func serviceSpecNotes(svc *corev1.Service, object string, targetType lbov1.TargetType) []Note {
	spec, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&svc.Spec)
	if err != nil {
		return []Note{{Object: object, Field: "spec", Message: "could not be read: " + err.Error()}}
	}
	for _, k := range []string{"ports", "selector", "type", "loadBalancerClass", "loadBalancerSourceRanges", "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort"} {
		delete(spec, k)
	}
	for k, def := range map[string]any{"sessionAffinity": "None", "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster", "allocateLoadBalancerNodePorts": true} {
		if spec[k] == def {
			delete(spec, k)
		}
	}
	if targetType == lbov1.TargetTypeIP && spec["allocateLoadBalancerNodePorts"] == false {
		delete(spec, "allocateLoadBalancerNodePorts")
	}
	notes := leftoverNotes(object, "spec", spec)
	for i, p := range svc.Spec.Ports {
		if p.AppProtocol != nil {
			notes = append(notes, Note{Object: object, Field: fmt.Sprintf("spec.ports[%d].appProtocol", i), Message: fmt.Sprintf("not carried over: lbo has no field for it (value %q)", *p.AppProtocol)})
		}
	}
	return notes
}

// leftoverNotes names each field left in m, under path.
func leftoverNotes(object, path string, m map[string]any) []Note {
	var notes []Note
	for _, k := range sortedKeys(m) {
		v, _ := json.Marshal(m[k])
		notes = append(notes, Note{Object: object, Field: path + "." + k, Message: fmt.Sprintf("not carried over: lbo has no field for it (value %s)", v)})
	}
	return notes
}

// readHealthCheck reads the health check annotations under keys, marking
// them consumed. A port of traffic-port is the default, the port traffic
// goes to.
func readHealthCheck(ann map[string]string, keys lbc.HealthCheckKeys, object string, consumed map[string]bool, notes *[]Note) *lbov1.HealthCheck {
	hc := &lbov1.HealthCheck{}
	found := false
	str := func(key string, into *string) {
		if v, ok := ann[key]; ok {
			*into, consumed[key], found = lbc.DecodeString(v), true, true
		}
	}
	num := func(key string, into *int32) {
		if v, ok := ann[key]; ok {
			consumed[key], found = true, true
			*into = parseInt32(object, key, v, notes)
		}
	}
	str(keys.Protocol, &hc.Protocol)
	hc.Protocol = strings.ToUpper(hc.Protocol)
	if v, ok := ann[keys.Port]; ok {
		consumed[keys.Port], found = true, true
		port, err := lbc.DecodeHealthCheckPort(v)
		if err != nil {
			*notes = append(*notes, Note{Object: object, Field: annotationField(keys.Port), Message: "not carried over: " + err.Error()})
		}
		hc.Port = port
	}
	str(keys.Path, &hc.Path)
	num(keys.Interval, &hc.IntervalSeconds)
	num(keys.Timeout, &hc.TimeoutSeconds)
	num(keys.HealthyThreshold, &hc.HealthyThresholdCount)
	num(keys.UnhealthyThreshold, &hc.UnhealthyThresholdCount)
	str(keys.SuccessCodes, &hc.SuccessCodes)
	if !found {
		return nil
	}
	return hc
}
