package expand

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/attributes"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// GroupNameAnnotation names the IngressGroup an Ingress is in.
const GroupNameAnnotation = lbc.IngressGroupName

// The names of lbo's annotated actions: the default action is default-action
// and a rule's is rule-<name>, so the two never collide.
const (
	defaultActionKey = "default-action"
	ruleActionPrefix = "rule-"
)

// l7 holds what the expansion of one L7 LoadBalancer builds up.
type l7 struct {
	lb  *lbov1.LoadBalancer
	idx targetGroupIndex
	// w writes the annotations of the Ingress being built.
	w        lbc.Writer
	problems field.ErrorList
	// directServices are the Service names backends point at directly, to
	// keep action names from shadowing them.
	directServices map[string]*field.Path
}

// expandL7 makes the Ingresses of class alb that become an Application Load
// Balancer, and a Service for each target group that selects pods. One
// Ingress carries everything unless the LoadBalancer declares what one
// cannot (see plan); then each Ingress carries a part, all in one group.
//
// The CRD states what an L7 LoadBalancer may hold (its listeners' protocols
// and certificates, their default actions, one kind of action each, target
// groups that exist, ...); this expansion relies on it and checks only what
// the CRD cannot say.
func expandL7(lb *lbov1.LoadBalancer) ([]client.Object, field.ErrorList) {
	x := &l7{lb: lb, idx: indexTargetGroups(lb), directServices: map[string]*field.Path{}}
	mtls := x.mutualAuthentication(field.NewPath("spec", "listeners"))
	x.rulePaths()
	x.listenerRules()
	x.wildcardsPerRule()
	plans := x.plan()
	if len(x.problems) > 0 {
		return nil, x.problems
	}

	common := map[string]string{}
	x.w = lbc.Writer{Annotations: common, Problems: &x.problems}
	x.loadBalancer()
	objs := []client.Object{}
	ingressTGKeys := map[string]bool{}
	for i, p := range plans {
		x.w.Annotations = maps.Clone(common)
		ing := x.ingress(p, mtls)
		for k := range p.targetGroupAnnotations {
			ingressTGKeys[k] = true
		}
		ing.ObjectMeta = childMeta(lb, IngressName(lb, i), x.w.Annotations)
		x.problems = append(x.problems, checkAnnotations(lb, "Ingress "+ing.Name, ing.Annotations, p.rules)...)
		ing.SetGroupVersionKind(networkingv1.SchemeGroupVersion.WithKind("Ingress"))
		objs = append(objs, ing)
	}
	for i := range lb.Spec.TargetGroups {
		if svc := x.targetGroupService(i, ingressTGKeys); svc != nil {
			x.problems = append(x.problems, checkAnnotations(lb, "Service "+svc.Name, svc.Annotations, nil)...)
			objs = append(objs, svc)
		}
	}
	objs = append(objs, bindings(lb)...)
	for _, name := range slices.Sorted(maps.Keys(x.directServices)) {
		if strings.HasPrefix(name, ruleActionPrefix) || name == defaultActionKey {
			x.problems = append(x.problems, field.Invalid(x.directServices[name], name, "a Service named like an lbo action ("+defaultActionKey+" or "+ruleActionPrefix+"<rule>) would be shadowed by that action's annotation; rename the Service"))
		}
	}
	if len(x.problems) > 0 {
		return nil, x.problems
	}
	return objs, nil
}

// IngressName is the name of a LoadBalancer's i-th Ingress: its own name for
// the first (the only one, unless it is split), then <name>-01 to <name>-99,
// so that the controller, which orders a group's Ingresses of equal order by
// name, keeps them in the order the plan gives.
func IngressName(lb *lbov1.LoadBalancer, i int) string {
	if i == 0 {
		return lb.Name
	}
	return fmt.Sprintf("%s-%02d", lb.Name, i)
}

// ingress builds the Ingress of plan p: its listeners, their certificates,
// mutual TLS and attributes, its authentication, the settings of its
// Service-backed target groups, its default backend and its rules.
func (x *l7) ingress(p *ingressPlan, mtls map[int]lbc.MutualAuthentication) *networkingv1.Ingress {
	spec := field.NewPath("spec")
	listeners := x.lb.Spec.Listeners
	var ports []lbc.ListenPort
	var auth []lbc.MutualAuthentication
	for _, i := range p.listeners {
		l := listeners[i]
		ports = append(ports, lbc.ListenPort{Protocol: string(l.Protocol), Port: l.Port})
		if m, ok := mtls[i]; ok {
			auth = append(auth, m)
		}
		if l.Attributes != nil {
			x.w.Map(lbc.IngressListenerAttributes(string(l.Protocol), l.Port), attributes.Listener(l.Attributes), spec.Child("listeners").Index(i).Child("attributes", "additional"))
		}
	}
	v, err := lbc.EncodeListenPorts(ports)
	x.w.Set(lbc.IngressListenPorts, spec.Child("listeners"), ports, v, err)
	if len(auth) > 0 {
		v, err := lbc.EncodeMutualAuthentication(auth)
		x.w.Set(lbc.IngressMutualAuthentication, spec.Child("listeners"), auth, v, err)
	}
	var tlsHosts []networkingv1.IngressTLS
	if p.tls != nil {
		tlsPath := spec.Child("listeners").Index(p.tlsFrom).Child("tls")
		x.w.List(lbc.IngressCertificateARN, p.tls.CertificateARNs, tlsPath.Child("certificateARNs"))
		x.w.String(lbc.IngressSSLPolicy, p.tls.SSLPolicy, tlsPath.Child("sslPolicy"))
		if r := p.tls.RequestCertificate; r != nil {
			tlsHosts = x.requestCertificate(p, r, tlsPath.Child("requestCertificate"))
		}
	}
	writeAuthentication(x.w, p.auth, p.authPath)
	maps.Copy(x.w.Annotations, p.targetGroupAnnotations)

	ing := &networkingv1.Ingress{Spec: networkingv1.IngressSpec{IngressClassName: ptr.To(lbc.ALBClass), TLS: tlsHosts}}
	if p.defaultFrom >= 0 {
		ing.Spec.DefaultBackend = x.backend(*listeners[p.defaultFrom].DefaultAction, defaultActionKey,
			spec.Child("listeners").Index(p.defaultFrom).Child("defaultAction"))
	}
	for _, i := range p.rules {
		ing.Spec.Rules = append(ing.Spec.Rules, x.rule(x.lb.Spec.Rules[i], spec.Child("rules").Index(i))...)
	}
	if ing.Spec.DefaultBackend == nil && len(ing.Spec.Rules) == 0 {
		// An Ingress needs a default backend or a rule; a rule without
		// http makes no listener rule: the controller skips it.
		ing.Spec.Rules = []networkingv1.IngressRule{{}}
	}
	return ing
}

// requestCertificate makes the controller request the certificate of the
// HTTPS listeners of plan p: it names the certificate after the hosts of the
// Ingress's rules and of its spec.tls, so spec.tls lists domainNames and
// every host of the rules on those listeners, which an Ingress rule's host
// alone would not (a rule with several hosts gives them in a condition). All
// the Ingresses of those listeners carry the same names: each requests its
// own certificate. Without any name the controller refuses the Ingress.
func (x *l7) requestCertificate(p *ingressPlan, r *lbov1.CertificateRequest, path *field.Path) []networkingv1.IngressTLS {
	x.w.Bool(lbc.IngressCreateACMCertificate, ptr.To(true))
	x.w.String(lbc.IngressACMPCAARN, r.CertificateAuthorityARN, path.Child("certificateAuthorityARN"))
	names := map[string]bool{}
	for _, n := range r.DomainNames {
		names[n] = true
	}
	for _, i := range p.listeners {
		for _, ri := range x.rulesOn(x.lb.Spec.Listeners[i].Name) {
			for _, h := range x.lb.Spec.Rules[ri].Conditions.Hosts {
				names[h] = true
			}
		}
	}
	if len(names) == 0 {
		p := field.Required(path.Child("domainNames"),
			"the certificate needs a name, and no rule on the listener gives a host (conditions.hosts): give domainNames")
		if !slices.ContainsFunc(x.problems, func(q *field.Error) bool { return q.Field == p.Field }) {
			x.problems = append(x.problems, p)
		}
		return nil
	}
	return []networkingv1.IngressTLS{{Hosts: slices.Sorted(maps.Keys(names))}}
}

// mutualAuthentication is the mutual TLS setting of each HTTPS listener that
// declares one (the CRD allows it on HTTPS listeners only), by listener
// index.
func (x *l7) mutualAuthentication(path *field.Path) map[int]lbc.MutualAuthentication {
	entries := map[int]lbc.MutualAuthentication{}
	stores := map[string]bool{}
	for i, l := range x.lb.Spec.Listeners {
		m := l.MutualAuthentication
		if m == nil {
			continue
		}
		e := lbc.MutualAuthentication{Port: l.Port, Mode: m.Mode, TrustStore: m.TrustStore, IgnoreClientCertificateExpiry: m.IgnoreClientCertificateExpiry}
		if m.AdvertiseTrustStoreCANames != nil {
			e.AdvertiseTrustStoreCANames = lbc.EncodeOnOff(*m.AdvertiseTrustStoreCANames)
		}
		if m.TrustStore != "" {
			stores[m.TrustStore] = true
			if len(stores) > lbc.MaxTrustStoresPerLoadBalancer {
				x.problems = append(x.problems, field.Forbidden(path.Index(i).Child("mutualAuthentication", "trustStore"),
					fmt.Sprintf("an Application Load Balancer uses at most %d trust stores", lbc.MaxTrustStoresPerLoadBalancer)))
			}
		}
		entries[i] = e
	}
	return entries
}

// loadBalancer writes the settings of the load balancer itself, which every
// Ingress of the LoadBalancer carries alike: scheme, target type, name,
// addressing, security groups, tags, attributes, protection and group.
func (x *l7) loadBalancer() {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	x.w.String(lbc.IngressScheme, string(x.lb.Spec.SchemeOrDefault()), path.Child("scheme"))
	x.w.String(lbc.IngressTargetType, string(x.lb.Spec.TargetTypeOrDefault()), path.Child("targetType"))
	writeLoadBalancer(x.w, lbc.IngressLoadBalancer, spec, false)
	x.w.List(lbc.IngressInboundCIDRs, spec.SourceRanges, path.Child("sourceRanges"))
	x.w.Int(lbc.IngressSSLRedirect, spec.HTTPSRedirectPort)
	if g := spec.Group; g != nil {
		x.w.String(lbc.IngressGroupName, g.Name, path.Child("group", "name"))
		x.w.Int(lbc.IngressGroupOrder, &g.Order)
	}
	x.w.String(lbc.IngressWAFv2ACLARN, spec.WAFv2WebACLARN, path.Child("wafv2WebACLARN"))
	x.w.Bool(lbc.IngressShieldAdvanced, spec.ShieldAdvancedProtection)
	x.w.String(lbc.IngressIPAMIPv4PoolID, spec.IPv4IPAMPoolID, path.Child("ipv4IPAMPoolID"))
	x.w.String(lbc.IngressCustomerOwnedIPv4Pool, spec.CustomerOwnedIPv4Pool, path.Child("customerOwnedIPv4Pool"))
	x.frontendNLB(path.Child("frontendNLB"))
}

// frontendNLB writes the Network Load Balancer in front of the ALB. Every
// Ingress of the LoadBalancer carries it alike: the controller takes the
// settings from any member and refuses members that disagree, and builds a
// listener for each listen port of each Ingress (or, with a port mapping,
// for each entry whose ALB port the Ingress listens on), so the full mapping
// on every Ingress gives each NLB listener once.
func (x *l7) frontendNLB(path *field.Path) {
	f := x.lb.Spec.FrontendNLB
	if f == nil {
		return
	}
	x.w.Bool(lbc.IngressEnableFrontendNLB, ptr.To(true))
	x.w.String(lbc.IngressFrontendNLBScheme, string(cmp.Or(f.Scheme, lbov1.SchemeInternal)), path.Child("scheme"))
	// The controller pairs Elastic IPs with the subnets in the order of the
	// subnets annotation: both are written in the order of the subnets.
	subnets := slices.Sorted(slices.Values(f.Subnets))
	subnetPaths := make([]*field.Path, len(subnets))
	var eips []string
	var eipPaths []*field.Path
	for k, sn := range subnets {
		subnetPaths[k] = path.Child("subnets").Index(slices.Index(f.Subnets, sn))
		if i := slices.IndexFunc(f.StaticAddresses, func(a lbov1.FrontendNLBAddress) bool { return a.Subnet == sn }); i >= 0 {
			eips = append(eips, f.StaticAddresses[i].ElasticIPAllocation)
			eipPaths = append(eipPaths, path.Child("staticAddresses").Index(i).Child("elasticIPAllocation"))
		}
	}
	x.w.ListAt(lbc.IngressFrontendNLBSubnets, subnets, subnetPaths)
	x.w.ListAt(lbc.IngressFrontendNLBEIPAllocations, eips, eipPaths)
	x.w.List(lbc.IngressFrontendNLBSecurityGroups, f.SecurityGroups, path.Child("securityGroups"))
	if len(f.Listeners) > 0 {
		mapping := map[string]string{}
		for _, l := range f.Listeners {
			if i := slices.IndexFunc(x.lb.Spec.Listeners, func(m lbov1.Listener) bool { return m.Name == l.Listener }); i >= 0 {
				mapping[lbc.EncodeInt(l.Port)] = lbc.EncodeInt(x.lb.Spec.Listeners[i].Port)
			}
		}
		x.w.Map(lbc.IngressFrontendNLBListenerPortMap, mapping, path.Child("listeners"))
	}
	x.frontendHealthCheckReaches(f, path)
	writeHealthCheck(x.w, lbc.FrontendNLBHealthCheck, frontendHealthCheck(f.HealthCheck), path.Child("healthCheck"))
	tags := map[string]string{}
	for k, v := range f.Tags {
		tags[k] = string(v)
	}
	x.w.Map(lbc.IngressFrontendNLBTags, tags, path.Child("tags"))
	x.w.Map(lbc.IngressFrontendNLBAttributes, attributes.LoadBalancer(f.Attributes), path.Child("attributes"))
}

// frontendHealthCheckReaches refuses a health check that would probe an ALB
// listener in another protocol than its own: the NLB checks each ALB
// listener it forwards to with the one health check of the Ingress, on that
// listener's port (traffic-port) unless a port is given. The probe is then a
// request to the ALB like any other, answered by its rules.
func (x *l7) frontendHealthCheckReaches(f *lbov1.FrontendNLB, path *field.Path) {
	protocol, port := lbov1.ProtocolHTTP, int32(0)
	if hc := f.HealthCheck; hc != nil {
		protocol, port = cmp.Or(lbov1.Protocol(hc.Protocol), protocol), hc.Port
	}
	hcPath := path.Child("healthCheck")
	if port != 0 {
		if !slices.ContainsFunc(x.lb.Spec.Listeners, func(l lbov1.Listener) bool { return l.Port == port && l.Protocol == protocol }) {
			x.problems = append(x.problems, field.Invalid(hcPath.Child("port"), port, fmt.Sprintf(
				"the Network Load Balancer probes the ALB on this port with %s, and no %s listener of the ALB has it", protocol, protocol)))
		}
		return
	}
	for i, l := range x.lb.Spec.Listeners {
		if len(f.Listeners) > 0 && !slices.ContainsFunc(f.Listeners, func(fl lbov1.FrontendNLBListener) bool { return fl.Listener == l.Name }) {
			continue
		}
		if l.Protocol != protocol {
			x.problems = append(x.problems, field.Invalid(hcPath.Child("protocol"), protocol, fmt.Sprintf(
				"the Network Load Balancer probes each ALB listener it forwards to on its port with this protocol, and spec.listeners[%d] (port %d) is %s: "+
					"give healthCheck.port, the port of an ALB listener that speaks %s, or forward to listeners of one protocol", i, l.Port, l.Protocol, protocol)))
			return
		}
	}
}

// frontendHealthCheck is a frontend NLB health check as a HealthCheck.
func frontendHealthCheck(hc *lbov1.FrontendNLBHealthCheck) *lbov1.HealthCheck {
	if hc == nil {
		return nil
	}
	return &lbov1.HealthCheck{Protocol: hc.Protocol, Port: hc.Port, Path: hc.Path, IntervalSeconds: hc.IntervalSeconds,
		TimeoutSeconds: hc.TimeoutSeconds, HealthyThresholdCount: hc.HealthyThresholdCount,
		UnhealthyThresholdCount: hc.UnhealthyThresholdCount, SuccessCodes: hc.SuccessCodes}
}

// writeAuthentication writes an Ingress's authentication annotations; path
// is auth's field.
func writeAuthentication(w lbc.Writer, auth *lbov1.Authentication, path *field.Path) {
	if auth == nil {
		return
	}
	switch {
	case auth.OIDC != nil:
		o := auth.OIDC
		w.String(lbc.IngressAuthType, lbc.AuthTypeOIDC, nil)
		v, err := lbc.EncodeOIDC(lbc.OIDC{Issuer: o.Issuer, AuthorizationEndpoint: o.AuthorizationEndpoint,
			TokenEndpoint: o.TokenEndpoint, UserInfoEndpoint: o.UserInfoEndpoint, SecretName: o.ClientSecretName,
			AuthenticationRequestExtraParams: extraParams(o.AuthenticationRequestExtraParams)})
		w.Set(lbc.IngressAuthIDPOIDC, path.Child("oidc"), o, v, err)
	case auth.Cognito != nil:
		c := auth.Cognito
		w.String(lbc.IngressAuthType, lbc.AuthTypeCognito, nil)
		v, err := lbc.EncodeCognito(lbc.Cognito{UserPoolARN: c.UserPoolARN, UserPoolClientID: c.UserPoolClientID, UserPoolDomain: c.UserPoolDomain,
			AuthenticationRequestExtraParams: extraParams(c.AuthenticationRequestExtraParams)})
		w.Set(lbc.IngressAuthIDPCognito, path.Child("cognito"), c, v, err)
	case auth.JWT != nil:
		// No auth-type: the controller puts the jwt-validation action
		// before the rule's own, and refuses it beside authentication.
		j := auth.JWT
		jwt := lbc.JWTValidation{JWKSEndpoint: j.JWKSEndpoint, Issuer: j.Issuer}
		for _, c := range j.AdditionalClaims {
			jwt.AdditionalClaims = append(jwt.AdditionalClaims, lbc.JWTClaim{Format: c.Format, Name: c.Name, Values: c.Values})
		}
		v, err := lbc.EncodeJWTValidation(jwt)
		w.Set(lbc.IngressJWTValidation, path.Child("jwt"), j, v, err)
		return
	}
	w.String(lbc.IngressAuthOnUnauthenticated, auth.OnUnauthenticatedRequest, path.Child("onUnauthenticatedRequest"))
	w.SpaceList(lbc.IngressAuthScope, auth.Scope, path.Child("scope"))
	w.String(lbc.IngressAuthSessionCookie, auth.SessionCookieName, path.Child("sessionCookieName"))
	if auth.SessionTimeoutSeconds != 0 {
		w.Int(lbc.IngressAuthSessionTimeout, &auth.SessionTimeoutSeconds)
	}
}

// extraParams is an identity provider's extra parameters as strings.
func extraParams(m map[string]lbov1.ExtraParamValue) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// rule turns one lbo rule into one Ingress rule. The controller reorders paths
// only within an Ingress rule, so giving each lbo rule its own keeps the
// declared priority between rules.
func (x *l7) rule(r lbov1.Rule, path *field.Path) []networkingv1.IngressRule {
	key := ruleActionPrefix + r.Name
	c := r.Conditions
	cpath := path.Child("conditions")
	host := ""
	var conds []lbc.Condition
	switch len(c.Hosts) {
	case 0:
	case 1:
		host = c.Hosts[0]
	default:
		// An Ingress rule has one host; several go in a host-header condition
		// on the rule's annotated action.
		conds = append(conds, lbc.Condition{Field: lbc.ConditionHostHeader, HostHeaderConfig: &lbc.ValuesConfig{Values: c.Hosts}})
	}
	if len(c.HostRegexes) > 0 {
		x.checkRegexes(c.HostRegexes, cpath.Child("hostRegexes"))
		conds = append(conds, lbc.Condition{Field: lbc.ConditionHostHeader, HostHeaderConfig: &lbc.ValuesConfig{RegexValues: c.HostRegexes}})
	}
	for i, h := range c.Headers {
		x.checkRegexes(h.Regexes, cpath.Child("headers").Index(i).Child("regexes"))
		conds = append(conds, lbc.Condition{Field: lbc.ConditionHTTPHeader, HTTPHeaderConfig: &lbc.HTTPHeaderConfig{Name: h.Name, Values: h.Values, RegexValues: h.Regexes}})
	}
	if len(c.QueryStrings) > 0 {
		qs := &lbc.QueryStringConfig{}
		for _, q := range c.QueryStrings {
			qs.Values = append(qs.Values, lbc.QueryStringKeyValue{Key: q.Key, Value: q.Value})
		}
		conds = append(conds, lbc.Condition{Field: lbc.ConditionQueryString, QueryStringConfig: qs})
	}
	if len(c.Methods) > 0 {
		conds = append(conds, lbc.Condition{Field: lbc.ConditionHTTPRequestMethod, HTTPRequestMethodConfig: &lbc.ValuesConfig{Values: c.Methods}})
	}
	if len(c.SourceIPs) > 0 {
		conds = append(conds, lbc.Condition{Field: lbc.ConditionSourceIP, SourceIPConfig: &lbc.ValuesConfig{Values: c.SourceIPs}})
	}
	// Regex paths (the CRD makes a rule's paths all Regex or none) are one
	// path-pattern condition, on one Ingress path without a path of its
	// own: use-regex-path-match would turn every ImplementationSpecific
	// path of the Ingress, Wildcard paths included, into a regex.
	var regexPaths []string
	for i, m := range c.Paths {
		if m.Type == lbov1.PathRegex {
			x.checkRegex(m.Path, cpath.Child("paths").Index(i).Child("path"))
			regexPaths = append(regexPaths, m.Path)
		}
	}
	if len(regexPaths) > 0 {
		conds = append(conds, lbc.Condition{Field: lbc.ConditionPathPattern, PathPatternConfig: &lbc.ValuesConfig{RegexValues: regexPaths}})
	}
	backend := x.backend(r.Action, key, path.Child("action"))
	if backend == nil {
		return nil
	}
	// The controller finds conditions and transforms by the backend's
	// Service name: a direct Service backend would carry them to every rule
	// using that Service, so the rule takes the annotated action named
	// after it.
	if len(conds) > 0 {
		v, err := lbc.EncodeConditions(conds)
		x.w.Set(lbc.IngressConditions(key), cpath, c, v, err)
	}
	if t := r.Transforms; t != nil {
		v, err := lbc.EncodeTransforms(x.transforms(t, path.Child("transforms")))
		x.w.Set(lbc.IngressTransforms(key), path.Child("transforms"), t, v, err)
	}
	if (len(conds) > 0 || r.Transforms != nil) && backend.Service.Port.Name != lbc.UseAnnotation {
		backend = x.annotatedAction(r.Action, key, path.Child("action"))
	}

	var paths []networkingv1.HTTPIngressPath
	for _, m := range c.Paths {
		if m.Type != lbov1.PathRegex {
			paths = append(paths, networkingv1.HTTPIngressPath{Path: m.Path, PathType: ptr.To(ingressPathType(m.Type)), Backend: *backend})
		}
	}
	switch {
	case len(regexPaths) > 0:
		paths = []networkingv1.HTTPIngressPath{{PathType: ptr.To(networkingv1.PathTypeImplementationSpecific), Backend: *backend}}
	case len(paths) == 0:
		paths = []networkingv1.HTTPIngressPath{{Path: "/", PathType: ptr.To(networkingv1.PathTypePrefix), Backend: *backend}}
	}
	return []networkingv1.IngressRule{{
		Host:             host,
		IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}},
	}}
}

// transforms are a rule's transforms as the controller reads them.
func (x *l7) transforms(t *lbov1.RuleTransforms, path *field.Path) []lbc.Transform {
	var out []lbc.Transform
	if h := t.HostHeader; h != nil {
		x.checkRegex(h.Regex, path.Child("hostHeader", "regex"))
		out = append(out, lbc.Transform{Type: lbc.TransformHostHeaderRewrite,
			HostHeaderRewriteConfig: &lbc.RewriteConfig{Rewrites: []lbc.Rewrite{{Regex: h.Regex, Replace: h.Replace}}}})
	}
	if u := t.URL; u != nil {
		x.checkRegex(u.Regex, path.Child("url", "regex"))
		out = append(out, lbc.Transform{Type: lbc.TransformURLRewrite,
			URLRewriteConfig: &lbc.RewriteConfig{Rewrites: []lbc.Rewrite{{Regex: u.Regex, Replace: u.Replace}}}})
	}
	return out
}

// checkRegex refuses a regular expression AWS would refuse, at path.
func (x *l7) checkRegex(re string, path *field.Path) {
	why := lbc.CheckRegex(re)
	if why == "" || slices.ContainsFunc(x.problems, func(p *field.Error) bool { return p.Field == path.String() }) {
		return // a rule on several listeners is written more than once
	}
	x.problems = append(x.problems, field.Invalid(path, re, why))
}

// checkRegexes checks each regular expression of the list at path.
func (x *l7) checkRegexes(res []string, path *field.Path) {
	for i, re := range res {
		x.checkRegex(re, path.Index(i))
	}
}

func ingressPathType(t lbov1.PathType) networkingv1.PathType {
	switch t {
	case lbov1.PathExact:
		return networkingv1.PathTypeExact
	case lbov1.PathWildcard:
		return networkingv1.PathTypeImplementationSpecific
	default:
		return networkingv1.PathTypePrefix
	}
}

// backend is the Ingress backend of an action: the target group's Service
// when it forwards to one target group, otherwise a reference to the action
// written in the actions.<key> annotation.
func (x *l7) backend(a lbov1.Action, key string, path *field.Path) *networkingv1.IngressBackend {
	if a.Forward != nil && a.Forward.TargetGroup != "" {
		tg := x.idx.find(x.lb, a.Forward.TargetGroup)
		if tg == nil {
			return nil // the CRD refuses a forward to a target group that is not there
		}
		if tg.Existing != nil {
			// A target group AWS has is named in an annotated action.
			return x.annotatedAction(a, key, path)
		}
		name, port := x.serviceOf(tg)
		if tg.Backend.Service != nil {
			x.directServices[name] = path.Child("forward", "targetGroup")
		}
		return &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
			Name: name, Port: networkingv1.ServiceBackendPort{Number: port},
		}}
	}
	return x.annotatedAction(a, key, path)
}

// annotatedAction writes a as the actions.<key> annotation and returns the
// backend that refers to it. The CRD gives every action exactly one of
// forward, redirect and fixedResponse.
func (x *l7) annotatedAction(a lbov1.Action, key string, path *field.Path) *networkingv1.IngressBackend {
	var act lbc.Action
	switch {
	case a.Forward != nil:
		act.Type = lbc.ActionForward
		act.ForwardConfig = &lbc.ForwardConfig{}
		weighted := a.Forward.TargetGroups
		if a.Forward.TargetGroup != "" {
			weighted = []lbov1.WeightedTargetGroup{{Name: a.Forward.TargetGroup, Weight: 1}}
		}
		for _, w := range weighted {
			tg := x.idx.find(x.lb, w.Name)
			if tg == nil {
				return nil // the CRD refuses a forward to a target group that is not there
			}
			if e := tg.Existing; e != nil {
				act.ForwardConfig.TargetGroups = append(act.ForwardConfig.TargetGroups, lbc.TargetGroupTuple{
					TargetGroupARN: e.ARN, TargetGroupName: e.Name, Weight: ptr.To(w.Weight),
				})
				continue
			}
			name, port := x.serviceOf(tg)
			act.ForwardConfig.TargetGroups = append(act.ForwardConfig.TargetGroups, lbc.TargetGroupTuple{
				ServiceName: name, ServicePort: intstr.FromInt32(port), Weight: ptr.To(w.Weight),
			})
		}
		if st := a.Forward.Stickiness; st != nil {
			act.ForwardConfig.TargetGroupStickinessConfig = &lbc.TargetGroupStickiness{Enabled: st.Enabled}
			if st.Enabled && st.DurationSeconds == 0 {
				// An ALB sticks by cookie, for a duration AWS requires
				// (TargetGroupStickinessConfig); an NLB by source address,
				// without one (see the L4 expansion).
				x.problems = append(x.problems, field.Required(path.Child("forward", "stickiness", "durationSeconds"),
					"enabled stickiness needs durationSeconds: AWS requires the duration when target group stickiness is enabled"))
			}
			if st.DurationSeconds != 0 {
				act.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds = ptr.To(st.DurationSeconds)
			}
		}
	case a.Redirect != nil:
		act.Type = lbc.ActionRedirect
		act.RedirectConfig = redirectConfig(a.Redirect)
	case a.FixedResponse != nil:
		f := a.FixedResponse
		act.Type = lbc.ActionFixedResponse
		act.FixedResponseConfig = &lbc.FixedResponseConfig{
			ContentType: ptr.To(cmp.Or(f.ContentType, "text/plain")), StatusCode: lbc.EncodeInt(f.StatusCode), MessageBody: nonEmpty(f.Body),
		}
	default:
		return nil
	}
	v, err := lbc.EncodeAction(act)
	x.w.Set(lbc.IngressAction(key), path, a, v, err)
	return &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
		Name: key, Port: networkingv1.ServiceBackendPort{Name: lbc.UseAnnotation},
	}}
}

// nonEmpty is s, or nil when it is empty: lbo's unset string.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// serviceOf is the Service and port behind a target group: the one it names,
// or the one lbo makes for its selector.
func (x *l7) serviceOf(tg *lbov1.TargetGroup) (string, int32) {
	if tg.Backend.Service != nil {
		return tg.Backend.Service.Name, tg.Backend.Service.Port
	}
	return TargetGroupServiceName(x.lb, tg), tg.Backend.Port
}

// TargetGroupServiceName is the name of the Service a target group's
// targets come from: the one it names, the LoadBalancer's own Service for
// L4, or the one lbo makes for a selector on L7 or in a target group that
// exists in AWS; "" for an existing target group without a backend, whose
// targets lbo does not register.
func TargetGroupServiceName(lb *lbov1.LoadBalancer, tg *lbov1.TargetGroup) string {
	switch {
	case tg.Backend.Service != nil:
		return tg.Backend.Service.Name
	case tg.Backend.Selector == nil:
		return ""
	case lb.Spec.Layer == lbov1.LayerL4 && tg.Existing == nil:
		return lb.Name
	default:
		return lb.Name + "-" + tg.Name
	}
}

// l7TargetGroupAnnotations are the annotations of the settings of target
// group i: health check, backend protocol and version, attributes.
func (x *l7) l7TargetGroupAnnotations(i int) map[string]string {
	tg := &x.lb.Spec.TargetGroups[i]
	path := field.NewPath("spec", "targetGroups").Index(i)
	w := lbc.Writer{Annotations: map[string]string{}, Problems: &x.problems}
	writeHealthCheck(w, lbc.IngressHealthCheck, tg.HealthCheck, path.Child("healthCheck"))
	w.String(lbc.IngressBackendProtocol, string(tg.BackendProtocol), path.Child("backendProtocol"))
	w.String(lbc.IngressBackendProtocolVersion, string(tg.BackendProtocolVersion), path.Child("backendProtocolVersion"))
	attrs := attributes.TargetGroup(lbc.ALB, tg.Attributes)
	w.Map(lbc.IngressTargetGroupAttributes, attrs, path.Child("attributes", "additional"))
	if tg.TargetControlPort != 0 {
		name, port := x.serviceOf(tg)
		w.Int(lbc.IngressTargetControlPort(name, port), &tg.TargetControlPort)
	}
	return w.Annotations
}

// targetGroupService is the Service lbo makes for target group i when it
// selects pods: ClusterIP for ip targets, NodePort for instance targets (the
// controller registers nodes on it). It carries the target group's settings,
// completed with the defaults for every key an Ingress of the LoadBalancer
// sets.
func (x *l7) targetGroupService(i int, ingressTG map[string]bool) *corev1.Service {
	tg := &x.lb.Spec.TargetGroups[i]
	if tg.Backend.Selector == nil || tg.Existing != nil {
		return nil // bindings make the Service of an existing target group
	}
	// Service annotations win over the Ingress's, key by key: for each key
	// an Ingress carries for another target group, the controller's own
	// default for this one.
	annotations := map[string]string{}
	defaults := lbc.ALBTargetGroupDefaults(string(tg.BackendProtocol), string(tg.BackendProtocolVersion))
	for k := range ingressTG {
		if d, ok := defaults[k]; ok { // a target control port names its own Service
			annotations[k] = d
		}
	}
	maps.Copy(annotations, x.l7TargetGroupAnnotations(i))
	return selectorService(x.lb, TargetGroupServiceName(x.lb, tg), tg.Backend.Selector, tg.Backend.Port, annotations)
}
