package importer

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// attrKeyPattern is what the CRD takes as the key of an additional attribute.
var attrKeyPattern = regexp.MustCompile(`^[a-z0-9_]+([.][a-z0-9_]+)+$`)

// sourced is an attribute value and the annotation it was read from.
type sourced struct {
	value, annotation string
}

// svcImport is the state of the import of one Service: the notes so far,
// the annotations consumed, and the imported settings that can be taken out
// again if the API server would refuse them.
type svcImport struct {
	object   string
	ann      map[string]string
	consumed map[string]bool
	notes    []Note
	settings []setting
	// keys are the annotations of the load balancer settings: the
	// Service's or the Ingress's.
	keys lbc.LoadBalancerKeys
}

// setting is one imported value: the LoadBalancer field it went into, the
// fields of the Service it came from, and how to take it out again.
type setting struct {
	path    string
	sources []string
	clear   func()
}

func annotationField(key string) string { return "metadata.annotations[" + key + "]" }

// get is an annotation's value; reading it consumes it.
func (s *svcImport) get(key string) (string, bool) {
	v, ok := s.ann[key]
	if ok {
		s.consumed[key] = true
	}
	return v, ok
}

// notCarried notes that the annotation key, or part of it, is not carried.
func (s *svcImport) notCarried(key, format string, args ...any) {
	s.notes = append(s.notes, Note{Object: s.object, Field: annotationField(key), Message: "not carried over: " + fmt.Sprintf(format, args...)})
}

// track records an imported setting.
func (s *svcImport) track(path string, clear func(), sources ...string) {
	s.settings = append(s.settings, setting{path: path, sources: sources, clear: clear})
}

// list reads a stringList annotation.
func (s *svcImport) list(key string) []string {
	v, ok := s.get(key)
	if !ok {
		return nil
	}
	l := lbc.DecodeList(v)
	if len(l) == 0 {
		s.notCarried(key, "it lists nothing")
	}
	return l
}

// stringMap reads a stringMap annotation.
func (s *svcImport) stringMap(key string) map[string]string {
	v, ok := s.get(key)
	if !ok {
		return nil
	}
	m, err := lbc.DecodeMap(v)
	if err != nil {
		s.notCarried(key, "the AWS Load Balancer Controller refuses it too: %v", err)
		return nil
	}
	return m
}

// boolean reads a true/false annotation.
func (s *svcImport) boolean(key string) *bool {
	v, ok := s.get(key)
	if !ok {
		return nil
	}
	b, err := lbc.DecodeBool(v)
	if err != nil {
		s.notCarried(key, "%v", err)
		return nil
	}
	return &b
}

// onOff reads an on/off annotation.
func (s *svcImport) onOff(key string) *bool {
	v, ok := s.get(key)
	if !ok {
		return nil
	}
	b, err := lbc.DecodeOnOff(v)
	if err != nil {
		s.notCarried(key, "%v", err)
		return nil
	}
	return &b
}

// loadBalancer reads the settings of the load balancer itself.
func (s *svcImport) loadBalancer(lb *lbov1.LoadBalancer, sourceRanges []string, sourceRangesField string) {
	spec := &lb.Spec
	keys := s.keys
	if v, ok := s.get(keys.Name); ok {
		spec.LoadBalancerName = lbc.DecodeString(v)
		s.track("spec.loadBalancerName", func() { spec.LoadBalancerName = "" }, annotationField(keys.Name))
	}
	if v, ok := s.get(keys.IPAddressType); ok {
		spec.IPAddressType = lbov1.IPAddressType(lbc.DecodeString(v))
		s.track("spec.ipAddressType", func() { spec.IPAddressType = "" }, annotationField(keys.IPAddressType))
	}
	if l := s.list(keys.Subnets); len(l) > 0 {
		spec.Subnets = l
		s.track("spec.subnets", func() { spec.Subnets = nil }, annotationField(keys.Subnets))
	}
	s.staticAddresses(lb)
	if l := s.list(keys.SecurityGroups); len(l) > 0 {
		spec.SecurityGroups = l
		s.track("spec.securityGroups", func() { spec.SecurityGroups = nil }, annotationField(keys.SecurityGroups))
	}
	if b := s.boolean(keys.ManageBackendSGRules); b != nil {
		spec.ManageBackendSecurityGroupRules = b
		s.track("spec.manageBackendSecurityGroupRules", func() { spec.ManageBackendSecurityGroupRules = nil }, annotationField(keys.ManageBackendSGRules))
	}
	if len(sourceRanges) > 0 {
		spec.SourceRanges = sourceRanges
		s.track("spec.sourceRanges", func() { spec.SourceRanges = nil }, sourceRangesField)
	}
	if l := s.list(keys.SGPrefixLists); len(l) > 0 {
		spec.SourcePrefixLists = l
		s.track("spec.sourcePrefixLists", func() { spec.SourcePrefixLists = nil }, annotationField(keys.SGPrefixLists))
	}
	// The settings of Network Load Balancers only: an Ingress has no key
	// for them, and there is nothing to read.
	if b := s.boolean(keys.DisableSecurityGroups); b != nil {
		spec.DisableSecurityGroups = *b
		s.track("spec.disableSecurityGroups", func() { spec.DisableSecurityGroups = false }, annotationField(keys.DisableSecurityGroups))
	}
	if b := s.onOff(keys.PrivateLinkSGRules); b != nil {
		spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic = b
		s.track("spec.enforceSecurityGroupRulesOnPrivateLinkTraffic", func() { spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic = nil }, annotationField(keys.PrivateLinkSGRules))
	}
	if b := s.onOff(keys.EnablePrefixForIPv6SourceNAT); b != nil {
		// off is the controller's default, and lbo's.
		spec.EnablePrefixForIPv6SourceNAT = *b
		s.track("spec.enablePrefixForIPv6SourceNAT", func() { spec.EnablePrefixForIPv6SourceNAT = false }, annotationField(keys.EnablePrefixForIPv6SourceNAT))
	}
	if b := s.onOff(keys.ICMPForPathMTUDiscovery); b != nil {
		// off is the controller's default, and lbo's.
		spec.AllowICMPForPathMTUDiscovery = *b
		s.track("spec.allowICMPForPathMTUDiscovery", func() { spec.AllowICMPForPathMTUDiscovery = false }, annotationField(keys.ICMPForPathMTUDiscovery))
	}
	if m := s.stringMap(keys.Tags); len(m) > 0 {
		spec.Tags = map[string]lbov1.TagValue{}
		for k, v := range m {
			spec.Tags[k] = lbov1.TagValue(v)
		}
		s.track("spec.tags", func() { spec.Tags = nil }, annotationField(keys.Tags))
	}
	s.loadBalancerAttributes(s.keys.Attributes, "spec.loadBalancerAttributes", &lb.Spec.LoadBalancerAttributes)
	if v, ok := s.get(keys.MinimumCapacity); ok {
		if n, err := lbc.DecodeCapacityUnits(v); err != nil {
			s.notCarried(keys.MinimumCapacity, "%v", err)
		} else {
			spec.MinimumCapacityUnits = &n
			s.track("spec.minimumCapacityUnits", func() { spec.MinimumCapacityUnits = nil }, annotationField(keys.MinimumCapacity))
		}
	}
	if m := s.stringMap(keys.TargetNodeLabels); len(m) > 0 {
		spec.TargetNodeLabels = map[string]lbov1.LabelValue{}
		for k, v := range m {
			spec.TargetNodeLabels[k] = lbov1.LabelValue(v)
		}
		s.track("spec.targetNodeLabels", func() { spec.TargetNodeLabels = nil }, annotationField(keys.TargetNodeLabels))
	}
	if b := s.boolean(keys.MultiClusterTargetGroup); b != nil {
		spec.MultiClusterTargetGroups = *b
		s.track("spec.multiClusterTargetGroups", func() { spec.MultiClusterTargetGroups = false }, annotationField(keys.MultiClusterTargetGroup))
	}
}

// staticAddresses pairs the Elastic IPs, private IPv4 and IPv6 addresses
// and source NAT prefixes with the subnets. The controller pairs Elastic
// IPs and source NAT prefixes with the subnets by position in the subnets
// annotation (pkg/service buildLoadBalancerSubnetMappings, over the subnets
// resolved in the order given) and places the other addresses in the subnet
// whose range holds them, which lbo cannot see offline: each list is paired
// in order with the subnets as the annotation lists them.
func (s *svcImport) staticAddresses(lb *lbov1.LoadBalancer) {
	type addrList struct {
		key string
		set func(a *lbov1.StaticAddress, v string)
	}
	kinds := []addrList{
		{s.keys.EIPAllocations, func(a *lbov1.StaticAddress, v string) { a.ElasticIPAllocation = v }},
		{s.keys.PrivateIPv4Addresses, func(a *lbov1.StaticAddress, v string) { a.PrivateIPv4Address = v }},
		{s.keys.IPv6Addresses, func(a *lbov1.StaticAddress, v string) { a.IPv6Address = v }},
	}
	subnets := lb.Spec.Subnets
	var addrs []lbov1.StaticAddress
	var sources []string
	for _, k := range kinds {
		values := s.list(k.key)
		switch {
		case k.key == "" || len(values) == 0:
			continue
		case len(subnets) == 0:
			s.notCarried(k.key, "lbo pairs static addresses with spec.subnets, and the Service names no subnets (%s); name them", s.keys.Subnets)
			continue
		case len(values) != len(subnets):
			s.notCarried(k.key, "%d addresses for %d subnets; the AWS Load Balancer Controller takes one for each subnet", len(values), len(subnets))
			continue
		}
		if addrs == nil {
			addrs = make([]lbov1.StaticAddress, len(subnets))
			for i, subnet := range subnets {
				addrs[i].Subnet = subnet
			}
		}
		for i, v := range values {
			k.set(&addrs[i], v)
		}
		sources = append(sources, annotationField(k.key))
	}
	if prefixes := s.list(s.keys.SourceNATIPv6Prefixes); len(prefixes) > 0 {
		switch {
		case len(prefixes) != len(subnets):
			s.notCarried(s.keys.SourceNATIPv6Prefixes, "%d prefixes for %d subnets; the AWS Load Balancer Controller takes one for each subnet", len(prefixes), len(subnets))
		default:
			if addrs == nil {
				addrs = make([]lbov1.StaticAddress, len(subnets))
				for i, subnet := range subnets {
					addrs[i].Subnet = subnet
				}
			}
			for i, subnet := range lb.Spec.Subnets {
				addrs[slices.Index(subnets, subnet)].SourceNATIPv6Prefix = prefixes[i]
			}
			sources = append(sources, annotationField(s.keys.SourceNATIPv6Prefixes))
		}
	}
	if addrs != nil {
		lb.Spec.StaticAddresses = addrs
		s.track("spec.staticAddresses", func() { lb.Spec.StaticAddresses = nil }, sources...)
	}
}

// loadBalancerAttributes reads the load balancer attributes of annotation
// key into typed fields, and the keys lbo has no field for into additional,
// of the attributes at path.
func (s *svcImport) loadBalancerAttributes(key, path string, into **lbov1.LoadBalancerAttributes) {
	m := s.stringMap(key)
	if len(m) == 0 {
		return
	}
	a := &lbov1.LoadBalancerAttributes{}
	*into = a
	source := annotationField(key)
	bad := func(k string, err error) { s.notCarried(key, "%s: %v", k, err) }
	boolField := func(k, json string, into **bool) {
		v, ok := m[k]
		if !ok {
			return
		}
		delete(m, k)
		b, err := lbc.DecodeAttributeBool(v)
		if err != nil {
			bad(k, err)
			return
		}
		*into = &b
		s.track(path+"."+json, func() { *into = nil }, source)
	}
	boolField("deletion_protection.enabled", "deletionProtection", &a.DeletionProtection)
	boolField("load_balancing.cross_zone.enabled", "crossZoneLoadBalancing", &a.CrossZoneLoadBalancing)
	if v, ok := m["dns_record.client_routing_policy"]; ok {
		delete(m, "dns_record.client_routing_policy")
		a.DNSClientRoutingPolicy = lbov1.DNSClientRoutingPolicy(v)
		s.track(path+".dnsClientRoutingPolicy", func() { a.DNSClientRoutingPolicy = "" }, source)
	}
	enabled, hasEnabled := m["access_logs.s3.enabled"]
	bucket, hasBucket := m["access_logs.s3.bucket"]
	prefix, hasPrefix := m["access_logs.s3.prefix"]
	delete(m, "access_logs.s3.enabled")
	delete(m, "access_logs.s3.bucket")
	delete(m, "access_logs.s3.prefix")
	switch {
	case hasEnabled:
		b, err := lbc.DecodeAttributeBool(enabled)
		if err != nil {
			bad("access_logs.s3.enabled", err)
			break
		}
		a.AccessLogs = &lbov1.AccessLogs{Enabled: b, Bucket: bucket, Prefix: prefix}
		s.track(path+".accessLogs", func() { a.AccessLogs = nil }, source)
	case hasBucket || hasPrefix:
		bad("access_logs.s3.bucket and access_logs.s3.prefix", fmt.Errorf("lbo's accessLogs needs access_logs.s3.enabled with them"))
	}
	for _, k := range sortedKeys(m) {
		if !attrKeyPattern.MatchString(k) {
			bad(k, fmt.Errorf("not an AWS attribute key (lowercase words joined by '.')"))
			continue
		}
		if a.Additional == nil {
			a.Additional = map[string]lbov1.AttributeValue{}
		}
		a.Additional[k] = lbov1.AttributeValue(m[k])
	}
	if a.Additional != nil {
		s.track(path+".additional", func() { a.Additional = nil }, source)
	}
}

// targetGroupAttributes reads the attributes of the target group behind
// Service port port: target-group-attributes, overridden key by key by
// target-group-attributes.<port>. Each value comes with the annotation it
// was read from.
func targetGroupAttributeValues(common, perPort map[string]string, port int32) map[string]sourced {
	out := map[string]sourced{}
	for k, v := range common {
		out[k] = sourced{v, lbc.ServiceTargetGroupAttributes}
	}
	key := lbc.ServiceTargetGroupAttributesForPort(port)
	for k, v := range perPort {
		out[k] = sourced{v, key}
	}
	return out
}

// attributesKey is a canonical form of attributes, to tell target groups
// apart.
func attributesKey(attrs map[string]sourced) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		b.WriteString(k + "=" + attrs[k].value + ",")
	}
	return b.String()
}

// toTargetGroupAttributes makes the typed attributes of target group tg
// (index i) from attrs, noting what it cannot carry.
func (s *svcImport) toTargetGroupAttributes(tg *lbov1.TargetGroup, i int, attrs map[string]sourced) {
	if len(attrs) == 0 {
		return
	}
	a := &lbov1.TargetGroupAttributes{}
	tg.Attributes = a
	path := fmt.Sprintf("spec.targetGroups[%d].attributes", i)
	m := maps.Clone(attrs)
	take := func(k string) (sourced, bool) {
		v, ok := m[k]
		delete(m, k)
		return v, ok
	}
	boolField := func(k, json string, into **bool) {
		v, ok := take(k)
		if !ok {
			return
		}
		b, err := lbc.DecodeAttributeBool(v.value)
		if err != nil {
			s.notCarried(v.annotation, "%s: %v", k, err)
			return
		}
		*into = &b
		s.track(path+"."+json, func() { *into = nil }, annotationField(v.annotation))
	}
	intField := func(k, json string, into **int32) {
		v, ok := take(k)
		if !ok {
			return
		}
		n, err := lbc.DecodeAttributeInt(v.value)
		if err != nil {
			s.notCarried(v.annotation, "%s: %v", k, err)
			return
		}
		*into = &n
		s.track(path+"."+json, func() { *into = nil }, annotationField(v.annotation))
	}
	boolField("proxy_protocol_v2.enabled", "proxyProtocolV2", &a.ProxyProtocolV2)
	boolField("preserve_client_ip.enabled", "preserveClientIP", &a.PreserveClientIP)
	intField("deregistration_delay.timeout_seconds", "deregistrationDelaySeconds", &a.DeregistrationDelaySeconds)
	boolField("deregistration_delay.connection_termination.enabled", "deregistrationConnectionTermination", &a.DeregistrationConnectionTermination)
	boolField("target_health_state.unhealthy.connection_termination.enabled", "unhealthyConnectionTermination", &a.UnhealthyConnectionTermination)
	intField("target_health_state.unhealthy.draining_interval_seconds", "unhealthyDrainingIntervalSeconds", &a.UnhealthyDrainingIntervalSeconds)
	// Network Load Balancers stick by source IP; lbo types only that.
	stickyType, hasType := take("stickiness.type")
	if hasType && stickyType.value != "source_ip" {
		s.notCarried(stickyType.annotation, "stickiness.type %s: lbo's sourceIPStickiness is source_ip stickiness only; stickiness.enabled is left out with it", stickyType.value)
		take("stickiness.enabled")
	}
	boolField("stickiness.enabled", "sourceIPStickiness", &a.SourceIPStickiness)
	if hasType && stickyType.value == "source_ip" && a.SourceIPStickiness == nil {
		s.notCarried(stickyType.annotation, "stickiness.type without stickiness.enabled says nothing lbo can carry")
	}
	var sources []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		switch {
		case strings.HasPrefix(k, "target_health_state.unhealthy."):
			s.notCarried(v.annotation, "%s: lbo types target_health_state.unhealthy.* as unhealthyConnectionTermination and unhealthyDrainingIntervalSeconds only", k)
			continue
		case !attrKeyPattern.MatchString(k):
			s.notCarried(v.annotation, "%s: not an AWS attribute key (lowercase words joined by '.')", k)
			continue
		}
		if a.Additional == nil {
			a.Additional = map[string]lbov1.AttributeValue{}
		}
		a.Additional[k] = lbov1.AttributeValue(v.value)
		if f := annotationField(v.annotation); !slices.Contains(sources, f) {
			sources = append(sources, f)
		}
	}
	if a.Additional != nil {
		s.track(path+".additional", func() { a.Additional = nil }, sources...)
	}
}

// listenerAttributes reads listener-attributes.<AWS protocol>-<port> into
// the listeners it names.
func (s *svcImport) listenerAttributes(lb *lbov1.LoadBalancer) {
	for _, key := range sortedKeys(s.ann) {
		protocol, port, ok := lbc.CutServiceListenerAttributes(key)
		if !ok {
			continue
		}
		m := s.stringMap(key)
		if m == nil {
			continue
		}
		i := slices.IndexFunc(lb.Spec.Listeners, func(l lbov1.Listener) bool {
			return awsListenerProtocol(l) == protocol && l.Port == port
		})
		if i < 0 {
			s.notCarried(key, "no listener is %s-%d (the AWS listener protocol and port)", protocol, port)
			continue
		}
		l := &lb.Spec.Listeners[i]
		for _, k := range sortedKeys(m) {
			if k != "tcp.idle_timeout.seconds" {
				s.notCarried(key, "%s: lbo has no field for this listener attribute", k)
				continue
			}
			n, err := lbc.DecodeAttributeInt(m[k])
			if err != nil {
				s.notCarried(key, "%s: %v", k, err)
				continue
			}
			l.Attributes = &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: &n}
			s.track(fmt.Sprintf("spec.listeners[%d].attributes", i), func() { l.Attributes = nil }, annotationField(key))
		}
	}
}

// awsListenerProtocol is the protocol the controller gives the AWS listener
// of l, by which it names listener attributes.
func awsListenerProtocol(l lbov1.Listener) string {
	switch {
	case l.QUIC && l.Protocol == lbov1.ProtocolUDP:
		return "QUIC"
	case l.QUIC && l.Protocol == lbov1.ProtocolTCPUDP:
		return "TCP_QUIC"
	}
	return string(l.Protocol)
}

// dropRefused takes out, one at a time, the imported settings the API
// server would refuse the LoadBalancer for, with a note naming where each
// came from and why. What is left to refuse is not from those settings, and
// Import's check reports it.
func (s *svcImport) dropRefused(ctx context.Context, lb *lbov1.LoadBalancer) {
	for len(s.settings) > 0 {
		errs, err := validate(ctx, lb)
		if err != nil || len(errs) == 0 {
			return
		}
		dropped := false
		for _, e := range errs {
			i := s.settingFor(e.Field)
			if i < 0 {
				continue
			}
			st := s.settings[i]
			st.clear()
			s.settings = slices.Delete(s.settings, i, i+1)
			for _, src := range st.sources {
				s.notes = append(s.notes, Note{Object: s.object, Field: src, Message: fmt.Sprintf("not carried over: the API server would refuse it as %s: %s", st.path, e.ErrorBody())})
			}
			dropped = true
			break // one setting out may settle other errors: check again
		}
		if !dropped {
			return
		}
	}
}

// settingFor is the index of the setting with the longest path that is or
// holds path, or -1.
func (s *svcImport) settingFor(path string) int {
	best := -1
	for i, st := range s.settings {
		if path != st.path && !strings.HasPrefix(path, st.path+".") && !strings.HasPrefix(path, st.path+"[") {
			continue
		}
		if best < 0 || len(st.path) > len(s.settings[best].path) {
			best = i
		}
	}
	return best
}
