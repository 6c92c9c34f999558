package gateway

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/attributes"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The AWS Load Balancer Controller's configuration objects for one
// LoadBalancer: a LoadBalancerConfiguration for the load balancer and its
// listeners, a default TargetGroupConfiguration for what every target group
// shares, and one TargetGroupConfiguration for each Service whose target
// groups declare settings of their own.

// loadBalancerConfiguration makes the LoadBalancerConfiguration the Gateway
// names in spec.infrastructure.parametersRef.
func (x *expansion) loadBalancerConfiguration() {
	spec := &x.lb.Spec
	c := loadBalancerConfigurationSpec{
		LoadBalancerName:                spec.LoadBalancerName,
		Scheme:                          string(x.lb.Spec.SchemeOrDefault()),
		IPAddressType:                   string(spec.IPAddressType),
		SecurityGroups:                  spec.SecurityGroups,
		Tags:                            tags(x.lb),
		ManageBackendSecurityGroupRules: spec.ManageBackendSecurityGroupRules,
		SecurityGroupPrefixes:           spec.SourcePrefixLists,
		DefaultTargetGroupConfiguration: &defaultTargetGroupConfRef{Name: x.lb.Name},
	}
	// The controller opens the load balancer to 0.0.0.0/0 and ::/0 unless
	// sourceRanges is set, prefix lists or not; the annotation backend opens
	// it to the prefix lists alone when they are given: an empty list says
	// so.
	switch {
	case len(spec.SourceRanges) > 0:
		c.SourceRanges = ptr.To(spec.SourceRanges)
	case len(spec.SourcePrefixLists) > 0:
		c.SourceRanges = ptr.To([]string{})
	}
	// Subnets in spec order, each with its static addresses: the controller
	// pairs the addresses of an entry with the subnet of the same entry.
	for _, s := range spec.Subnets {
		sc := subnetConfiguration{Identifier: s}
		if i := slices.IndexFunc(spec.StaticAddresses, func(a lbov1.StaticAddress) bool { return a.Subnet == s }); i >= 0 {
			a := spec.StaticAddresses[i]
			sc.EIPAllocation, sc.PrivateIPv4Allocation, sc.IPv6Allocation = a.ElasticIPAllocation, a.PrivateIPv4Address, a.IPv6Address
		}
		c.LoadBalancerSubnets = append(c.LoadBalancerSubnets, sc)
	}
	if spec.DisableSecurityGroups {
		c.DisableSecurityGroup = ptr.To(true)
	}
	if v := spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic; v != nil {
		c.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = "off"
		if *v {
			c.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = "on"
		}
	}
	if spec.AllowICMPForPathMTUDiscovery {
		c.EnableICMP = ptr.To(true)
	}
	c.LoadBalancerAttributes = keyValues(attributes.LoadBalancer(spec.LoadBalancerAttributes))
	if spec.MinimumCapacityUnits != nil {
		// 0 releases a reservation the controller made before.
		c.MinimumLoadBalancerCapacity = &minimumCapacity{CapacityUnits: *spec.MinimumCapacityUnits}
	}
	// The controller detaches a web ACL it attached once the configuration
	// names none, so "none" is no web ACL.
	if acl := spec.WAFv2WebACLARN; acl != "" && acl != "none" {
		c.WAFv2 = &wafv2Configuration{WebACL: acl}
	}
	if v := spec.ShieldAdvancedProtection; v != nil {
		c.ShieldConfiguration = &shieldConfiguration{Enabled: *v}
	}
	c.ListenerConfigurations = x.listenerConfigurations()
	x.add(awsObject(KindLoadBalancerConfiguration, x.meta(x.lb.Name), c), LoadBalancerConfigurationGVK)
}

// listenerConfigurations are the settings of each listener, keyed by
// protocol:port as the controller keys them: the protocol before any QUIC
// upgrade, and TCP_UDP for a TCP_UDP listener (two Gateway listeners).
func (x *expansion) listenerConfigurations() []listenerConfiguration {
	var out []listenerConfiguration
	for _, l := range x.lb.Spec.Listeners {
		c := listenerConfiguration{ProtocolPort: fmt.Sprintf("%s:%d", l.Protocol, l.Port)}
		if t := l.TLS; t != nil && len(t.CertificateARNs) > 0 {
			c.DefaultCertificate = t.CertificateARNs[0]
			c.Certificates = t.CertificateARNs[1:]
			c.SSLPolicy = t.SSLPolicy
			c.ALPNPolicy = string(t.ALPNPolicy)
		}
		if m := l.MutualAuthentication; m != nil {
			ma := &mutualAuthentication{Mode: m.Mode, TrustStore: m.TrustStore, IgnoreClientCertificateExpiry: m.IgnoreClientCertificateExpiry}
			if v := m.AdvertiseTrustStoreCANames; v != nil {
				ma.AdvertiseTrustStoreCaNames = "off"
				if *v {
					ma.AdvertiseTrustStoreCaNames = "on"
				}
			}
			c.MutualAuthentication = ma
		}
		if l.Attributes != nil {
			c.ListenerAttributes = keyValues(attributes.Listener(l.Attributes))
		}
		if l.QUIC {
			c.QUICEnabled = ptr.To(true)
		}
		if !reflect.DeepEqual(c, listenerConfiguration{ProtocolPort: c.ProtocolPort}) {
			out = append(out, c)
		}
	}
	return out
}

// targetGroupConfigurations makes the default TargetGroupConfiguration,
// which the LoadBalancerConfiguration names, and one for each Service whose
// target groups declare settings.
//
// The controller merges a Service's TargetGroupConfiguration over the
// default field by field, the health check as a whole: so the default holds
// the LoadBalancer's target type, node labels, multi-cluster flag and tags,
// and a complete health check with the annotation backend's defaults, which
// are not the Gateway backend's (annotations: HTTP codes 200 and thresholds
// 2 on an ALB, intervals and timeouts of 10s on an NLB; Gateway: 200-399, 3,
// and 15s and 5s). A Service's own health check is written complete too.
func (x *expansion) targetGroupConfigurations() {
	spec := &x.lb.Spec
	def := targetGroupProps{TargetType: string(x.lb.Spec.TargetTypeOrDefault()), Tags: tags(x.lb)}
	if len(spec.TargetNodeLabels) > 0 {
		labels := map[string]string{}
		for k, v := range spec.TargetNodeLabels {
			labels[k] = string(v)
		}
		def.NodeSelector = &metav1.LabelSelector{MatchLabels: labels}
	}
	if spec.MultiClusterTargetGroups {
		def.EnableMultiCluster = ptr.To(true)
	}
	def.HealthCheckConfig = x.healthCheck(&lbov1.TargetGroup{})
	if spec.Layer == lbov1.LayerL7 {
		// The annotation backend speaks HTTP1 unless told otherwise; the
		// controller would take HTTP2 from a Service port's appProtocol.
		def.ProtocolVersion = string(lbov1.BackendProtocolVersionHTTP1)
	}
	x.add(awsObject(KindTargetGroupConfiguration, x.meta(x.lb.Name), targetGroupConfigurationSpec{DefaultConfiguration: def}), TargetGroupConfigurationGVK)

	path := field.NewPath("spec", "targetGroups")
	type bySvc struct {
		first int
		props targetGroupProps
	}
	seen := map[string]*bySvc{}
	var order []string
	for i := range spec.TargetGroups {
		tg := &spec.TargetGroups[i]
		props, own := x.targetGroupProps(tg)
		svc := x.serviceName(tg)
		if prev, ok := seen[svc]; ok {
			if !reflect.DeepEqual(prev.props, props) {
				x.problems = append(x.problems, field.Forbidden(path.Index(i), fmt.Sprintf(
					"with gateway, it is backed by Service %s, as %s is, and declares other settings (healthCheck, backendProtocol, backendProtocolVersion, attributes): the AWS Load Balancer Controller takes one TargetGroupConfiguration for all the target groups of a Service; give them the same settings",
					svc, path.Index(prev.first))))
			}
			continue
		}
		seen[svc] = &bySvc{first: i, props: props}
		if own {
			order = append(order, svc)
		}
	}
	for _, svc := range order {
		b := seen[svc]
		tg := &spec.TargetGroups[b.first]
		c := targetGroupConfigurationSpec{TargetReference: &targetReference{Name: svc}}
		if tg.Backend.Service == nil {
			c.DefaultConfiguration = b.props
		} else {
			// The Service is not lbo's: other Gateways' routes may forward
			// to it too, and the controller takes the first configuration
			// of a Service, whoever made it. The settings go to this
			// LoadBalancer's routes only.
			if len(x.routesOf[svc]) == 0 {
				continue // no route forwards to it
			}
			for _, id := range x.routesOf[svc] {
				c.RouteConfigurations = append(c.RouteConfigurations, routeConfiguration{RouteIdentifier: id, TargetGroupProps: b.props})
			}
		}
		x.add(awsObject(KindTargetGroupConfiguration, x.meta(x.lb.Name+"-"+tg.Name), c), TargetGroupConfigurationGVK)
	}
}

// targetGroupProps are a target group's own settings, and whether it has any.
func (x *expansion) targetGroupProps(tg *lbov1.TargetGroup) (targetGroupProps, bool) {
	var p targetGroupProps
	if tg.HealthCheck == nil && tg.BackendProtocol == "" && tg.BackendProtocolVersion == "" && tg.Attributes == nil {
		return p, false
	}
	p.HealthCheckConfig = x.healthCheck(tg)
	switch tg.BackendProtocol {
	case lbov1.BackendProtocolHTTPS, lbov1.BackendProtocolTLS:
		p.Protocol = string(tg.BackendProtocol)
	}
	if v := tg.BackendProtocolVersion; v != "" {
		p.ProtocolVersion = string(v)
	}
	kind := lbc.ALB
	if x.lb.Spec.Layer == lbov1.LayerL4 {
		kind = lbc.NLB
	}
	p.TargetGroupAttributes = keyValues(attributes.TargetGroup(kind, tg.Attributes))
	return p, true
}

// healthCheck is the complete health check of a target group: what it
// declares, and the annotation backend's defaults for the rest (the
// controller's Service defaults on L4, its Ingress defaults on L7:
// pkg/service/model_builder.go and pkg/ingress/model_builder.go).
func (x *expansion) healthCheck(tg *lbov1.TargetGroup) *healthCheckConfiguration {
	hc := lbov1.HealthCheck{}
	if tg.HealthCheck != nil {
		hc = *tg.HealthCheck
	}
	or := func(v, d int32) *int32 {
		if v == 0 {
			v = d
		}
		return ptr.To(v)
	}
	c := &healthCheckConfiguration{HealthCheckPort: "traffic-port", HealthCheckProtocol: hc.Protocol, HealthCheckPath: hc.Path}
	if hc.Port != 0 {
		c.HealthCheckPort = strconv.Itoa(int(hc.Port))
	}
	if x.lb.Spec.Layer == lbov1.LayerL4 {
		if c.HealthCheckProtocol == "" {
			c.HealthCheckProtocol = "TCP"
		}
		c.HealthCheckInterval, c.HealthCheckTimeout = or(hc.IntervalSeconds, 10), or(hc.TimeoutSeconds, 10)
		c.HealthyThresholdCount, c.UnhealthyThresholdCount = or(hc.HealthyThresholdCount, 3), or(hc.UnhealthyThresholdCount, 3)
		if c.HealthCheckProtocol != "TCP" {
			if c.HealthCheckPath == "" {
				c.HealthCheckPath = "/"
			}
			c.Matcher = &healthCheckMatcher{HTTPCode: cmpOr(hc.SuccessCodes, "200-399")}
		}
		return c
	}
	c.HealthCheckInterval, c.HealthCheckTimeout = or(hc.IntervalSeconds, 15), or(hc.TimeoutSeconds, 5)
	c.HealthyThresholdCount, c.UnhealthyThresholdCount = or(hc.HealthyThresholdCount, 2), or(hc.UnhealthyThresholdCount, 2)
	if tg.BackendProtocolVersion == lbov1.BackendProtocolVersionGRPC {
		c.HealthCheckPath = cmpOr(c.HealthCheckPath, "/AWS.ALB/healthcheck")
		c.Matcher = &healthCheckMatcher{GRPCCode: cmpOr(hc.SuccessCodes, "12")}
		return c
	}
	c.HealthCheckPath = cmpOr(c.HealthCheckPath, "/")
	c.Matcher = &healthCheckMatcher{HTTPCode: cmpOr(hc.SuccessCodes, "200")}
	return c
}

func cmpOr(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// tags are the LoadBalancer's tags. The controller tags the load balancer and
// its listeners from the LoadBalancerConfiguration, target groups from
// TargetGroupConfigurations and rules from ListenerRuleConfigurations, so
// every one of them carries them.
func tags(lb *lbov1.LoadBalancer) map[string]string {
	if len(lb.Spec.Tags) == 0 {
		return nil
	}
	t := map[string]string{}
	for k, v := range lb.Spec.Tags {
		t[k] = string(v)
	}
	return t
}

// keyValues are attributes as the controller's key/value lists, sorted by
// key.
func keyValues(m map[string]string) []keyValue {
	var out []keyValue
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, keyValue{Key: k, Value: m[k]})
	}
	return out
}
