package expand

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// ALBClass is the IngressClass of the AWS Load Balancer Controller.
const ALBClass = "alb"

// GroupNameAnnotation names the IngressGroup an Ingress is in.
const GroupNameAnnotation = ingGroupName

// Ingress annotations of the AWS Load Balancer Controller (see its
// ingress-annotations documentation).
const (
	ingAnnotationPrefix = "alb.ingress.kubernetes.io/"
	ingScheme           = ingAnnotationPrefix + "scheme"
	ingTargetType       = ingAnnotationPrefix + "target-type"
	ingListenPorts      = ingAnnotationPrefix + "listen-ports"
	ingCertificateARN   = ingAnnotationPrefix + "certificate-arn"
	ingSSLPolicy        = ingAnnotationPrefix + "ssl-policy"
	ingActionPrefix     = ingAnnotationPrefix + "actions."
	ingConditionPrefix  = ingAnnotationPrefix + "conditions."
	ingName             = ingAnnotationPrefix + "load-balancer-name"
	ingIPAddressType    = ingAnnotationPrefix + "ip-address-type"
	ingSubnets          = ingAnnotationPrefix + "subnets"
	ingSecurityGroups   = ingAnnotationPrefix + "security-groups"
	ingManageBackendSG  = ingAnnotationPrefix + "manage-backend-security-group-rules"
	ingInboundCIDRs     = ingAnnotationPrefix + "inbound-cidrs"
	ingSGPrefixLists    = ingAnnotationPrefix + "security-group-prefix-lists"
	ingTags             = ingAnnotationPrefix + "tags"
	ingAttributes       = ingAnnotationPrefix + "load-balancer-attributes"
	ingMinimumCapacity  = ingAnnotationPrefix + "minimum-load-balancer-capacity"
	ingTargetNodeLabels = ingAnnotationPrefix + "target-node-labels"
	ingMultiClusterTG   = ingAnnotationPrefix + "multi-cluster-target-group"
	ingWAFv2ACLARN      = ingAnnotationPrefix + "wafv2-acl-arn"
	ingShield           = ingAnnotationPrefix + "shield-advanced-protection"
	ingSSLRedirect      = ingAnnotationPrefix + "ssl-redirect"
	ingMutualAuth       = ingAnnotationPrefix + "mutual-authentication"
	ingListenerAttrs    = ingAnnotationPrefix + "listener-attributes." // + <protocol>-<port>
	ingGroupName        = ingAnnotationPrefix + "group.name"
	ingAuthType         = ingAnnotationPrefix + "auth-type"
	ingAuthOIDC         = ingAnnotationPrefix + "auth-idp-oidc"
	ingAuthCognito      = ingAnnotationPrefix + "auth-idp-cognito"
	ingAuthOnUnauth     = ingAnnotationPrefix + "auth-on-unauthenticated-request"
	ingAuthScope        = ingAnnotationPrefix + "auth-scope"
	ingAuthCookie       = ingAnnotationPrefix + "auth-session-cookie"
	ingAuthTimeout      = ingAnnotationPrefix + "auth-session-timeout"
	ingGroupOrder       = ingAnnotationPrefix + "group.order"

	ingBackendProtocol        = ingAnnotationPrefix + "backend-protocol"
	ingBackendProtocolVersion = ingAnnotationPrefix + "backend-protocol-version"
	ingTargetGroupAttributes  = ingAnnotationPrefix + "target-group-attributes"

	// useAnnotation is the backend port name that makes the controller read
	// the backend's action from the actions.<service name> annotation.
	useAnnotation = "use-annotation"
	// defaultActionKey names the annotated default action; rule actions are
	// named rule-<name>, so the two never collide.
	defaultActionKey = "default-action"
	ruleActionPrefix = "rule-"
)

var l7HealthCheckKeys = healthCheckKeys{
	protocol:     ingAnnotationPrefix + "healthcheck-protocol",
	port:         ingAnnotationPrefix + "healthcheck-port",
	path:         ingAnnotationPrefix + "healthcheck-path",
	interval:     ingAnnotationPrefix + "healthcheck-interval-seconds",
	timeout:      ingAnnotationPrefix + "healthcheck-timeout-seconds",
	healthy:      ingAnnotationPrefix + "healthy-threshold-count",
	unhealthy:    ingAnnotationPrefix + "unhealthy-threshold-count",
	successCodes: ingAnnotationPrefix + "success-codes",
}

// albHealthCheckDefaults are the controller's documented defaults, written on
// an lbo-made Service when the Ingress carries a health check the Service's
// target group does not declare: Service annotations win over Ingress ones,
// so this keeps one target group's settings from leaking into another's.
var albHealthCheckDefaults = lbov1.HealthCheck{
	Protocol: "HTTP", Path: "/", IntervalSeconds: 15, TimeoutSeconds: 5,
	HealthyThresholdCount: 2, UnhealthyThresholdCount: 2, SuccessCodes: "200",
}

// l7 holds what the expansion of one L7 LoadBalancer builds up.
type l7 struct {
	lb  *lbov1.LoadBalancer
	idx targetGroupIndex
	// annotations are those of the Ingress being built.
	annotations map[string]string
	problems    field.ErrorList
	// directServices are the Service names backends point at directly, to
	// keep action names from shadowing them.
	directServices map[string]*field.Path
}

// expandL7 makes the Ingresses of class alb that become an Application Load
// Balancer, and a Service for each target group that selects pods. One
// Ingress carries everything unless the LoadBalancer declares what one
// cannot (see plan); then each Ingress carries a part, all in one group.
func expandL7(lb *lbov1.LoadBalancer) ([]client.Object, field.ErrorList) {
	x := &l7{lb: lb, idx: indexTargetGroups(lb), directServices: map[string]*field.Path{}}
	spec := field.NewPath("spec")
	x.problems = append(x.problems, notOnL7(lb)...)
	x.checkListeners(spec.Child("listeners"))
	mtls := x.mutualAuthentication(spec.Child("listeners"))
	plans := x.plan()
	if len(x.problems) > 0 {
		return nil, x.problems
	}

	common := map[string]string{
		ingScheme:     string(schemeOf(lb)),
		ingTargetType: string(targetTypeOf(lb)),
	}
	x.loadBalancer(common)
	objs := []client.Object{}
	ingressTGKeys := map[string]bool{}
	for i, p := range plans {
		x.annotations = maps.Clone(common)
		ing := x.ingress(p, mtls)
		for k := range p.targetGroupAnnotations {
			ingressTGKeys[k] = true
		}
		ing.ObjectMeta = childMeta(lb, IngressName(lb, i), x.annotations)
		ing.SetGroupVersionKind(networkingv1.SchemeGroupVersion.WithKind("Ingress"))
		objs = append(objs, ing)
	}
	for i := range lb.Spec.TargetGroups {
		if svc := x.targetGroupService(&lb.Spec.TargetGroups[i], ingressTGKeys); svc != nil {
			objs = append(objs, svc)
		}
	}
	for name, p := range x.directServices {
		if strings.HasPrefix(name, ruleActionPrefix) || name == defaultActionKey {
			x.problems = append(x.problems, field.Invalid(p, name, "a Service named like an lbo action ("+defaultActionKey+" or "+ruleActionPrefix+"<rule>) would be shadowed by that action's annotation; rename the Service"))
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
func (x *l7) ingress(p *ingressPlan, mtls map[int]albMutualAuth) *networkingv1.Ingress {
	spec := field.NewPath("spec")
	listeners := x.lb.Spec.Listeners
	var ports []map[string]int32
	var auth []albMutualAuth
	for _, i := range p.listeners {
		l := listeners[i]
		ports = append(ports, map[string]int32{string(l.Protocol): l.Port})
		if m, ok := mtls[i]; ok {
			auth = append(auth, m)
		}
		if l.Attributes != nil {
			attrs := map[string]string{}
			for k, v := range l.Attributes.Additional {
				attrs[k] = string(v)
			}
			setMap(x.annotations, ingListenerAttrs+string(l.Protocol)+"-"+strconv.Itoa(int(l.Port)), attrs)
		}
	}
	x.annotations[ingListenPorts] = mustJSON(ports)
	if len(auth) > 0 {
		x.annotations[ingMutualAuth] = mustJSON(auth)
	}
	if p.tls != nil {
		x.annotations[ingCertificateARN] = strings.Join(p.tls.CertificateARNs, ",")
		setString(x.annotations, ingSSLPolicy, p.tls.SSLPolicy)
	}
	setAuthentication(x.annotations, p.auth)
	maps.Copy(x.annotations, p.targetGroupAnnotations)

	ing := &networkingv1.Ingress{Spec: networkingv1.IngressSpec{IngressClassName: ptr.To(ALBClass)}}
	if p.defaultFrom >= 0 {
		ing.Spec.DefaultBackend = x.backend(*listeners[p.defaultFrom].DefaultAction, defaultActionKey,
			spec.Child("listeners").Index(p.defaultFrom).Child("defaultAction"))
	}
	for _, i := range p.rules {
		ing.Spec.Rules = append(ing.Spec.Rules, x.rule(x.lb.Spec.Rules[i], spec.Child("rules").Index(i))...)
	}
	return ing
}

// checkListeners refuses listeners an Application Load Balancer cannot have.
func (x *l7) checkListeners(path *field.Path) {
	redirect := x.lb.Spec.HTTPSRedirectPort != nil
	for i, l := range x.lb.Spec.Listeners {
		p := path.Index(i)
		switch l.Protocol {
		case lbov1.ProtocolHTTP, lbov1.ProtocolHTTPS:
		default:
			x.problems = append(x.problems, field.NotSupported(p.Child("protocol"), l.Protocol, []string{"HTTP", "HTTPS"}))
			continue
		}
		if l.Protocol == lbov1.ProtocolHTTPS && l.TLS == nil {
			x.problems = append(x.problems, field.Required(p.Child("tls"), "an HTTPS listener needs tls.certificateARNs"))
		}
		switch {
		case redirect && l.Protocol == lbov1.ProtocolHTTP && l.DefaultAction != nil:
			// ssl-redirect gives HTTP listeners their default action.
			x.problems = append(x.problems, field.Forbidden(p.Child("defaultAction"), "HTTP listeners redirect to HTTPS with httpsRedirectPort"))
		case !(redirect && l.Protocol == lbov1.ProtocolHTTP) && l.DefaultAction == nil && x.lb.Spec.Group == nil:
			x.problems = append(x.problems, field.Required(p.Child("defaultAction"),
				"an Application Load Balancer listener needs a default action (in a group, one member gives it and the others leave it out)"))
		}
	}
}

// mutualAuthentication is the mutual TLS setting of each HTTPS listener that
// declares one, by listener index.
func (x *l7) mutualAuthentication(path *field.Path) map[int]albMutualAuth {
	entries := map[int]albMutualAuth{}
	stores := map[string]bool{}
	for i, l := range x.lb.Spec.Listeners {
		m := l.MutualAuthentication
		if m == nil {
			continue
		}
		if l.Protocol != lbov1.ProtocolHTTPS {
			x.problems = append(x.problems, field.Forbidden(path.Index(i).Child("mutualAuthentication"), "for HTTPS listeners only"))
			continue
		}
		e := albMutualAuth{Port: l.Port, Mode: m.Mode, TrustStore: m.TrustStore, IgnoreClientCertificateExpiry: m.IgnoreClientCertificateExpiry}
		if m.AdvertiseTrustStoreCANames != nil {
			e.AdvertiseTrustStoreCANames = svcOff
			if *m.AdvertiseTrustStoreCANames {
				e.AdvertiseTrustStoreCANames = svcOn
			}
		}
		if m.TrustStore != "" {
			stores[m.TrustStore] = true
			if len(stores) > 2 {
				x.problems = append(x.problems, field.Forbidden(path.Index(i).Child("mutualAuthentication", "trustStore"),
					"an Application Load Balancer uses at most two trust stores"))
			}
		}
		entries[i] = e
	}
	return entries
}

// loadBalancer writes the settings of the load balancer itself, which every
// Ingress of the LoadBalancer carries alike: name, addressing, security
// groups, tags, attributes, protection and group.
func (x *l7) loadBalancer(a map[string]string) {
	spec := &x.lb.Spec
	setString(a, ingName, spec.LoadBalancerName)
	setString(a, ingIPAddressType, string(spec.IPAddressType))
	setList(a, ingSubnets, spec.Subnets)
	setList(a, ingSecurityGroups, spec.SecurityGroups)
	setBool(a, ingManageBackendSG, spec.ManageBackendSecurityGroupRules)
	setList(a, ingInboundCIDRs, spec.SourceRanges)
	setList(a, ingSGPrefixLists, spec.SourcePrefixLists)
	tags := map[string]string{}
	for k, v := range spec.Tags {
		tags[k] = string(v)
	}
	setMap(a, ingTags, tags)
	setMap(a, ingAttributes, loadBalancerAttributeMap(spec.LoadBalancerAttributes))
	if spec.MinimumCapacityUnits != nil {
		a[ingMinimumCapacity] = svcMinimumCapacityPrefix + strconv.Itoa(int(*spec.MinimumCapacityUnits))
	}
	labels := map[string]string{}
	for k, v := range spec.TargetNodeLabels {
		labels[k] = string(v)
	}
	setMap(a, ingTargetNodeLabels, labels)
	if spec.MultiClusterTargetGroups {
		a[ingMultiClusterTG] = "true"
	}
	setInt(a, ingSSLRedirect, spec.HTTPSRedirectPort)
	if g := spec.Group; g != nil {
		a[ingGroupName] = g.Name
		a[ingGroupOrder] = strconv.Itoa(int(g.Order))
	}
	setString(a, ingWAFv2ACLARN, spec.WAFv2WebACLARN)
	setBool(a, ingShield, spec.ShieldAdvancedProtection)
}

// setAuthentication writes an Ingress's authentication annotations.
func setAuthentication(a map[string]string, auth *lbov1.Authentication) {
	if auth == nil {
		return
	}
	switch {
	case auth.OIDC != nil:
		o := auth.OIDC
		a[ingAuthType] = "oidc"
		a[ingAuthOIDC] = mustJSON(albOIDC{Issuer: o.Issuer, AuthorizationEndpoint: o.AuthorizationEndpoint,
			TokenEndpoint: o.TokenEndpoint, UserInfoEndpoint: o.UserInfoEndpoint, SecretName: o.ClientSecretName})
	case auth.Cognito != nil:
		c := auth.Cognito
		a[ingAuthType] = "cognito"
		a[ingAuthCognito] = mustJSON(albCognito{UserPoolARN: c.UserPoolARN, UserPoolClientID: c.UserPoolClientID, UserPoolDomain: c.UserPoolDomain})
	}
	setString(a, ingAuthOnUnauth, auth.OnUnauthenticatedRequest)
	setString(a, ingAuthScope, strings.Join(auth.Scope, " "))
	setString(a, ingAuthCookie, auth.SessionCookieName)
	if auth.SessionTimeoutSeconds != 0 {
		a[ingAuthTimeout] = strconv.Itoa(int(auth.SessionTimeoutSeconds))
	}
}

// rule turns one lbo rule into one Ingress rule. The controller reorders paths
// only within an Ingress rule, so giving each lbo rule its own keeps the
// declared priority between rules.
func (x *l7) rule(r lbov1.Rule, path *field.Path) []networkingv1.IngressRule {
	key := ruleActionPrefix + r.Name
	c := r.Conditions
	host := ""
	var conds []albCondition
	switch len(c.Hosts) {
	case 0:
	case 1:
		host = c.Hosts[0]
	default:
		// An Ingress rule has one host; several go in a host-header condition
		// on the rule's annotated action.
		conds = append(conds, albCondition{Field: "host-header", HostHeaderConfig: &albValues{Values: c.Hosts}})
	}
	for _, h := range c.Headers {
		conds = append(conds, albCondition{Field: "http-header", HTTPHeaderConfig: &albHeaderConfig{Name: h.Name, Values: h.Values}})
	}
	if len(c.QueryStrings) > 0 {
		qs := &albQueryStringConfig{}
		for _, q := range c.QueryStrings {
			qs.Values = append(qs.Values, albKeyValue{Key: q.Key, Value: q.Value})
		}
		conds = append(conds, albCondition{Field: "query-string", QueryStringConfig: qs})
	}
	if len(c.Methods) > 0 {
		conds = append(conds, albCondition{Field: "http-request-method", HTTPRequestMethodConfig: &albValues{Values: c.Methods}})
	}
	if len(c.SourceIPs) > 0 {
		conds = append(conds, albCondition{Field: "source-ip", SourceIPConfig: &albValues{Values: c.SourceIPs}})
	}
	backend := x.backend(r.Action, key, path.Child("action"))
	if backend == nil {
		return nil
	}
	if len(conds) > 0 {
		// The controller finds conditions by the backend's Service name: a
		// direct Service backend would carry them to every rule using that
		// Service, so the rule takes the annotated action named after it.
		x.annotations[ingConditionPrefix+key] = mustJSON(conds)
		if backend.Service.Port.Name != useAnnotation {
			backend = x.annotatedAction(r.Action, key, path.Child("action"))
		}
	}

	var paths []networkingv1.HTTPIngressPath
	for _, m := range r.Conditions.Paths {
		paths = append(paths, networkingv1.HTTPIngressPath{Path: m.Path, PathType: ptr.To(ingressPathType(m.Type)), Backend: *backend})
	}
	if len(paths) == 0 {
		paths = []networkingv1.HTTPIngressPath{{Path: "/", PathType: ptr.To(networkingv1.PathTypePrefix), Backend: *backend}}
	}
	return []networkingv1.IngressRule{{
		Host:             host,
		IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}},
	}}
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
		tg, err := x.idx.lookup(x.lb, a.Forward.TargetGroup, path.Child("forward", "targetGroup"))
		if err != nil {
			x.problems = append(x.problems, err)
			return nil
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
// backend that refers to it.
func (x *l7) annotatedAction(a lbov1.Action, key string, path *field.Path) *networkingv1.IngressBackend {
	var act albAction
	switch {
	case a.Forward != nil:
		act.Type = "forward"
		act.ForwardConfig = &albForwardConfig{}
		weighted := a.Forward.TargetGroups
		if a.Forward.TargetGroup != "" {
			weighted = []lbov1.WeightedTargetGroup{{Name: a.Forward.TargetGroup, Weight: 1}}
		}
		for i, w := range weighted {
			tg, err := x.idx.lookup(x.lb, w.Name, path.Child("forward", "targetGroups").Index(i).Child("name"))
			if err != nil {
				x.problems = append(x.problems, err)
				return nil
			}
			name, port := x.serviceOf(tg)
			act.ForwardConfig.TargetGroups = append(act.ForwardConfig.TargetGroups, albTargetGroup{
				ServiceName: name, ServicePort: intstr.FromInt32(port), Weight: ptr.To(w.Weight),
			})
		}
		if st := a.Forward.Stickiness; st != nil {
			act.ForwardConfig.TargetGroupStickinessConfig = &albStickiness{Enabled: st.Enabled}
			if st.DurationSeconds != 0 {
				act.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds = ptr.To(st.DurationSeconds)
			}
		}
	case a.Redirect != nil:
		r := a.Redirect
		act.Type = "redirect"
		act.RedirectConfig = &albRedirectConfig{
			Protocol: r.Scheme, Host: r.Host, Path: r.Path, Query: r.Query,
			StatusCode: "HTTP_" + strconv.Itoa(int(cmp.Or(r.StatusCode, 301))),
		}
		if r.Port != 0 {
			act.RedirectConfig.Port = strconv.Itoa(int(r.Port))
		}
	case a.FixedResponse != nil:
		f := a.FixedResponse
		act.Type = "fixed-response"
		act.FixedResponseConfig = &albFixedResponseConfig{
			ContentType: cmp.Or(f.ContentType, "text/plain"), StatusCode: strconv.Itoa(int(f.StatusCode)), MessageBody: f.Body,
		}
	default:
		x.problems = append(x.problems, field.Required(path, "set one of forward, redirect or fixedResponse"))
		return nil
	}
	x.annotations[ingActionPrefix+key] = mustJSON(act)
	return &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
		Name: key, Port: networkingv1.ServiceBackendPort{Name: useAnnotation},
	}}
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
// L4, or the one lbo makes for an L7 selector.
func TargetGroupServiceName(lb *lbov1.LoadBalancer, tg *lbov1.TargetGroup) string {
	switch {
	case tg.Backend.Service != nil:
		return tg.Backend.Service.Name
	case lb.Spec.Layer == lbov1.LayerL4:
		return lb.Name
	default:
		return lb.Name + "-" + tg.Name
	}
}

// l7TargetGroupAnnotations are the annotations of one target group's
// settings: health check, backend protocol and version, attributes.
func l7TargetGroupAnnotations(tg *lbov1.TargetGroup) map[string]string {
	a := map[string]string{}
	if tg.HealthCheck != nil {
		setHealthCheck(a, tg.HealthCheck, l7HealthCheckKeys)
	}
	setString(a, ingBackendProtocol, string(tg.BackendProtocol))
	setString(a, ingBackendProtocolVersion, string(tg.BackendProtocolVersion))
	attrs := map[string]string{}
	if tg.Attributes != nil {
		setInt(attrs, "deregistration_delay.timeout_seconds", tg.Attributes.DeregistrationDelaySeconds)
		if st := tg.Attributes.CookieStickiness; st != nil {
			attrs["stickiness.enabled"] = strconv.FormatBool(st.Enabled)
			kind := "lb_cookie"
			if st.AppCookieName != "" {
				kind = "app_cookie"
				attrs["stickiness.app_cookie.cookie_name"] = st.AppCookieName
			}
			attrs["stickiness.type"] = kind
			if st.DurationSeconds != 0 {
				attrs["stickiness."+kind+".duration_seconds"] = strconv.Itoa(int(st.DurationSeconds))
			}
		}
		for k, v := range tg.Attributes.Additional {
			attrs[k] = string(v)
		}
	}
	setMap(a, ingTargetGroupAttributes, attrs)
	return a
}

// l7TargetGroupDefaults are the controller's and AWS's defaults for every
// target group annotation, written on an lbo-made Service for the keys the
// Ingress sets and its target group does not: Service annotations win over
// Ingress ones, so this keeps one target group's settings from leaking into
// another's. A Service annotation replaces the Ingress's value whole, so for
// attributes the AWS default deregistration delay alone resets the rest.
func l7TargetGroupDefaults(tg *lbov1.TargetGroup) map[string]string {
	hc := albHealthCheckDefaults
	if tg.BackendProtocolVersion == lbov1.BackendProtocolVersionGRPC {
		// The controller's defaults for gRPC target groups.
		hc.Path, hc.SuccessCodes = "/AWS.ALB/healthcheck", "12"
	}
	d := map[string]string{
		l7HealthCheckKeys.port:    "traffic-port",
		ingBackendProtocol:        string(lbov1.BackendProtocolHTTP),
		ingBackendProtocolVersion: string(lbov1.BackendProtocolVersionHTTP1),
		ingTargetGroupAttributes:  "deregistration_delay.timeout_seconds=300",
	}
	setHealthCheck(d, &hc, l7HealthCheckKeys)
	return d
}

// targetGroupService is the Service lbo makes for a target group that selects
// pods: ClusterIP for ip targets, NodePort for instance targets (the
// controller registers nodes on it). It carries the target group's settings,
// completed with the defaults for every key an Ingress of the LoadBalancer
// sets.
func (x *l7) targetGroupService(tg *lbov1.TargetGroup, ingressTG map[string]bool) *corev1.Service {
	if tg.Backend.Selector == nil {
		return nil
	}
	annotations := map[string]string{}
	defaults := l7TargetGroupDefaults(tg)
	for k := range ingressTG {
		annotations[k] = defaults[k]
	}
	for k, v := range l7TargetGroupAnnotations(tg) {
		annotations[k] = v
	}
	svcType := corev1.ServiceTypeClusterIP
	if targetTypeOf(x.lb) == lbov1.TargetTypeInstance {
		svcType = corev1.ServiceTypeNodePort
	}
	svc := &corev1.Service{
		ObjectMeta: childMeta(x.lb, TargetGroupServiceName(x.lb, tg), annotations),
		Spec: corev1.ServiceSpec{
			Type:     svcType,
			Selector: tg.Backend.Selector,
			Ports: []corev1.ServicePort{{
				Name: "traffic", Protocol: corev1.ProtocolTCP, Port: tg.Backend.Port, TargetPort: intstr.FromInt32(tg.Backend.Port),
			}},
		},
	}
	svc.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
	return svc
}

// sharedHealthCheck returns the health check the target groups at indexes
// share, or a problem naming the first that differs and why it must not.
func sharedHealthCheck(lb *lbov1.LoadBalancer, indexes []int, path *field.Path, why string) (*lbov1.HealthCheck, *field.Error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	first := indexes[0]
	hc := lb.Spec.TargetGroups[first].HealthCheck
	for _, i := range indexes[1:] {
		if other := lb.Spec.TargetGroups[i].HealthCheck; !reflect.DeepEqual(other, hc) {
			return nil, field.Forbidden(path.Index(i).Child("healthCheck"),
				"differs from the health check of "+path.Index(first).String()+"; "+why)
		}
	}
	return hc, nil
}

// The JSON shapes of the controller's actions and conditions annotations.
type albAction struct {
	Type                string                  `json:"type"`
	ForwardConfig       *albForwardConfig       `json:"forwardConfig,omitempty"`
	RedirectConfig      *albRedirectConfig      `json:"redirectConfig,omitempty"`
	FixedResponseConfig *albFixedResponseConfig `json:"fixedResponseConfig,omitempty"`
}

type albForwardConfig struct {
	TargetGroups                []albTargetGroup `json:"targetGroups"`
	TargetGroupStickinessConfig *albStickiness   `json:"targetGroupStickinessConfig,omitempty"`
}

type albStickiness struct {
	Enabled         bool   `json:"enabled"`
	DurationSeconds *int32 `json:"durationSeconds,omitempty"`
}

type albTargetGroup struct {
	ServiceName string             `json:"serviceName"`
	ServicePort intstr.IntOrString `json:"servicePort"`
	Weight      *int32             `json:"weight,omitempty"`
}

type albRedirectConfig struct {
	Protocol   string `json:"protocol,omitempty"`
	Host       string `json:"host,omitempty"`
	Port       string `json:"port,omitempty"`
	Path       string `json:"path,omitempty"`
	Query      string `json:"query,omitempty"`
	StatusCode string `json:"statusCode"`
}

type albFixedResponseConfig struct {
	ContentType string `json:"contentType,omitempty"`
	StatusCode  string `json:"statusCode"`
	MessageBody string `json:"messageBody,omitempty"`
}

// The JSON shapes of the controller's auth-idp-oidc and auth-idp-cognito
// annotations.
type albOIDC struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorizationEndpoint"`
	TokenEndpoint         string `json:"tokenEndpoint"`
	UserInfoEndpoint      string `json:"userInfoEndpoint"`
	SecretName            string `json:"secretName"`
}

type albCognito struct {
	UserPoolARN      string `json:"userPoolARN"`
	UserPoolClientID string `json:"userPoolClientID"`
	UserPoolDomain   string `json:"userPoolDomain"`
}

// albMutualAuth is one entry of the controller's mutual-authentication
// annotation.
type albMutualAuth struct {
	Port                          int32  `json:"port"`
	Mode                          string `json:"mode"`
	TrustStore                    string `json:"trustStore,omitempty"`
	IgnoreClientCertificateExpiry *bool  `json:"ignoreClientCertificateExpiry,omitempty"`
	AdvertiseTrustStoreCANames    string `json:"advertiseTrustStoreCaNames,omitempty"`
}

type albCondition struct {
	Field                   string                `json:"field"`
	HostHeaderConfig        *albValues            `json:"hostHeaderConfig,omitempty"`
	HTTPHeaderConfig        *albHeaderConfig      `json:"httpHeaderConfig,omitempty"`
	QueryStringConfig       *albQueryStringConfig `json:"queryStringConfig,omitempty"`
	HTTPRequestMethodConfig *albValues            `json:"httpRequestMethodConfig,omitempty"`
	SourceIPConfig          *albValues            `json:"sourceIpConfig,omitempty"`
}

type albHeaderConfig struct {
	Name   string   `json:"httpHeaderName"`
	Values []string `json:"values"`
}

type albQueryStringConfig struct {
	Values []albKeyValue `json:"values"`
}

type albKeyValue struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value"`
}

type albValues struct {
	Values []string `json:"values"`
}

// mustJSON marshals values of the types above, which cannot fail.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// notOnL7 refuses the fields the L7 expansion does not map (yet), so that
// none is silently dropped. Admission refuses them first; this guards the
// expansion on its own (lbo render, objects admitted by an older CRD).
func notOnL7(lb *lbov1.LoadBalancer) field.ErrorList {
	spec := field.NewPath("spec")
	s := &lb.Spec
	var problems field.ErrorList
	refuse := func(set bool, path *field.Path, why string) {
		if set {
			problems = append(problems, field.Forbidden(path, why))
		}
	}
	const notYet = "not supported on L7 yet"
	const l4Only = "for L4 only"
	refuse(len(s.StaticAddresses) > 0, spec.Child("staticAddresses"), l4Only)
	if a := s.LoadBalancerAttributes; a != nil {
		refuse(a.CrossZoneLoadBalancing != nil, spec.Child("loadBalancerAttributes", "crossZoneLoadBalancing"), l4Only+": an Application Load Balancer always balances across zones")
		refuse(a.DNSClientRoutingPolicy != "", spec.Child("loadBalancerAttributes", "dnsClientRoutingPolicy"), l4Only)
	}
	refuse(s.DisableSecurityGroups, spec.Child("disableSecurityGroups"), l4Only)
	refuse(s.EnforceSecurityGroupRulesOnPrivateLinkTraffic != nil, spec.Child("enforceSecurityGroupRulesOnPrivateLinkTraffic"), l4Only)
	refuse(s.AllowICMPForPathMTUDiscovery, spec.Child("allowICMPForPathMTUDiscovery"), l4Only)
	for i, l := range s.Listeners {
		p := spec.Child("listeners").Index(i)
		refuse(l.QUIC, p.Child("quic"), l4Only)
		refuse(l.Attributes != nil && l.Attributes.TCPIdleTimeoutSeconds != nil, p.Child("attributes", "tcpIdleTimeoutSeconds"), l4Only)
		refuse(l.TLS != nil && l.TLS.ALPNPolicy != "", p.Child("tls", "alpnPolicy"), l4Only)
	}
	for i, tg := range s.TargetGroups {
		p := spec.Child("targetGroups").Index(i)
		refuse(tg.BackendProtocol == lbov1.BackendProtocolTCP || tg.BackendProtocol == lbov1.BackendProtocolTLS,
			p.Child("backendProtocol"), "TCP and TLS are for L4; an Application Load Balancer reaches its targets with HTTP or HTTPS")
		if a := tg.Attributes; a != nil {
			const nlbOnly = "a Network Load Balancer target group attribute (L4 only)"
			refuse(a.ProxyProtocolV2 != nil, p.Child("attributes", "proxyProtocolV2"), nlbOnly)
			refuse(a.PreserveClientIP != nil, p.Child("attributes", "preserveClientIP"), nlbOnly)
			refuse(a.DeregistrationConnectionTermination != nil, p.Child("attributes", "deregistrationConnectionTermination"), nlbOnly)
			refuse(a.SourceIPStickiness != nil, p.Child("attributes", "sourceIPStickiness"), nlbOnly)
			refuse(a.UnhealthyConnectionTermination != nil, p.Child("attributes", "unhealthyConnectionTermination"), nlbOnly)
			refuse(a.UnhealthyDrainingIntervalSeconds != nil, p.Child("attributes", "unhealthyDrainingIntervalSeconds"), nlbOnly)
		}
	}
	return problems
}
