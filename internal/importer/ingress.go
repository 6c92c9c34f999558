package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// The Ingress annotations of the AWS Load Balancer Controller that lbo
// carries, as the expansion writes them.
const (
	albPrefix          = "alb.ingress.kubernetes.io/"
	albScheme          = albPrefix + "scheme"
	albTargetType      = albPrefix + "target-type"
	albListenPorts     = albPrefix + "listen-ports"
	albCertificateARN  = albPrefix + "certificate-arn"
	albSSLPolicy       = albPrefix + "ssl-policy"
	albActionPrefix    = albPrefix + "actions."
	albConditionPrefix = albPrefix + "conditions."
	albInboundCIDRs    = albPrefix + "inbound-cidrs"
	albWAFv2ACLARN     = albPrefix + "wafv2-acl-arn"
	albShield          = albPrefix + "shield-advanced-protection"
	legacyClass        = "kubernetes.io/ingress.class"
	useAnnotation      = "use-annotation"
)

// albKeys are the Ingress annotations of the load balancer settings.
var albKeys = lbKeys{
	l7: true, name: albPrefix + "load-balancer-name", ipAddressType: albPrefix + "ip-address-type",
	subnets: albPrefix + "subnets", securityGroups: albPrefix + "security-groups",
	manageBackend: albPrefix + "manage-backend-security-group-rules", sgPrefixLists: albPrefix + "security-group-prefix-lists",
	tags: albPrefix + "tags", attributes: albPrefix + "load-balancer-attributes",
	minimumCapacity: albPrefix + "minimum-load-balancer-capacity", targetNodeLabels: albPrefix + "target-node-labels",
	multiClusterTG: albPrefix + "multi-cluster-target-group",
}

var albHealthCheckKeys = healthCheckKeys{
	protocol:     albPrefix + "healthcheck-protocol",
	port:         albPrefix + "healthcheck-port",
	path:         albPrefix + "healthcheck-path",
	interval:     albPrefix + "healthcheck-interval-seconds",
	timeout:      albPrefix + "healthcheck-timeout-seconds",
	healthy:      albPrefix + "healthy-threshold-count",
	unhealthy:    albPrefix + "unhealthy-threshold-count",
	successCodes: albPrefix + "success-codes",
}

func isALBIngress(ing *networkingv1.Ingress, classes []string) bool {
	if ing.Spec.IngressClassName != nil {
		return slices.Contains(classes, *ing.Spec.IngressClassName)
	}
	return slices.Contains(classes, ing.Annotations[legacyClass])
}

// ingressImport holds what the import of one Ingress builds up.
type ingressImport struct {
	ing      *networkingv1.Ingress
	in       *input
	object   string
	lb       *lbov1.LoadBalancer
	consumed map[string]bool
	notes    []Note
	// targetGroups finds the target group made for a Service and port.
	targetGroups map[string]string
	// defaultAction is the listeners' default action.
	defaultAction *lbov1.Action
	// ruleNames are the rule names taken.
	ruleNames map[string]bool
}

// importIngress makes the L7 LoadBalancer of an Ingress: listeners from
// listen-ports, the default backend as their default action, a rule for
// each run of paths of an Ingress rule that share a backend, and a target
// group for each Service and port the backends name. The Services lbo made
// for selector target groups (found in the input by their labels) become
// those target groups again.
func importIngress(ctx context.Context, ing *networkingv1.Ingress, in *input) (*lbov1.LoadBalancer, []Note) {
	x := &ingressImport{
		ing: ing, in: in, object: objectName(ing),
		lb:           newLoadBalancer(ing, lbov1.LayerL7),
		consumed:     map[string]bool{legacyClass: true},
		targetGroups: map[string]string{},
		ruleNames:    map[string]bool{},
	}
	ann := ing.Annotations

	x.lb.Spec.Scheme = lbov1.SchemeInternal
	if v, ok := ann[albScheme]; ok {
		x.lb.Spec.Scheme, x.consumed[albScheme] = lbov1.Scheme(v), true
	}
	x.lb.Spec.TargetType = lbov1.TargetTypeInstance // the controller's default
	if v, ok := ann[albTargetType]; ok {
		x.lb.Spec.TargetType, x.consumed[albTargetType] = lbov1.TargetType(v), true
	}
	x.listeners()

	// The settings of the load balancer itself, read as the Service's are;
	// those the API server would refuse are taken out again below.
	lbs := &svcImport{object: x.object, ann: ann, consumed: x.consumed, keys: &albKeys}
	lbs.loadBalancer(x.lb, lbs.list(albInboundCIDRs), annotationField(albInboundCIDRs))
	if v, ok := lbs.get(albWAFv2ACLARN); ok {
		spec := &x.lb.Spec
		spec.WAFv2WebACLARN = strings.TrimSpace(v)
		lbs.track("spec.wafv2WebACLARN", func() { spec.WAFv2WebACLARN = "" }, annotationField(albWAFv2ACLARN))
	}
	x.l7Settings(lbs)
	x.listenerSettings(lbs)
	if b := lbs.boolean(albShield); b != nil {
		spec := &x.lb.Spec
		spec.ShieldAdvancedProtection = b
		lbs.track("spec.shieldAdvancedProtection", func() { spec.ShieldAdvancedProtection = nil }, annotationField(albShield))
	}

	// The default backend, or the controller's answer without one: 404. In a
	// group an Ingress without one leaves the default action to another
	// member, and so does the LoadBalancer.
	defaultAction := &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
	if _, grouped := ann[albGroupName]; grouped && ing.Spec.DefaultBackend == nil {
		defaultAction = nil
	}
	if b := ing.Spec.DefaultBackend; b != nil {
		if a, ok := x.action(*b, "spec.defaultBackend"); ok {
			defaultAction = a
		} else {
			x.note("spec.defaultBackend", "not carried over: the listeners' default action is a fixed 404 response instead; give them the defaultAction you need")
		}
	}
	for i := range x.lb.Spec.Listeners {
		if x.lb.Spec.HTTPSRedirectPort != nil && x.lb.Spec.Listeners[i].Protocol == lbov1.ProtocolHTTP {
			continue // they redirect to HTTPS, and lbo refuses them a default action
		}
		if defaultAction != nil {
			x.lb.Spec.Listeners[i].DefaultAction = defaultAction.DeepCopy()
		}
	}
	x.defaultAction = defaultAction

	for i, r := range ing.Spec.Rules {
		x.rule(r, fmt.Sprintf("spec.rules[%d]", i))
	}

	// Health check annotations of the Ingress apply to the target groups of
	// Services lbo did not make (those it made state their own).
	if hc := readHealthCheck(ann, albHealthCheckKeys, x.object, map[string]bool{}, &x.notes); hc != nil {
		applied := false
		for i := range x.lb.Spec.TargetGroups {
			if tg := &x.lb.Spec.TargetGroups[i]; tg.Backend.Service != nil {
				tg.HealthCheck, applied = hc.DeepCopy(), true
			}
		}
		if applied {
			readHealthCheck(ann, albHealthCheckKeys, x.object, x.consumed, &[]Note{})
		}
	}
	// So do the backend protocol and target group attributes.
	var settings lbov1.TargetGroup
	consumed := map[string]bool{}
	var tgNotes []Note
	readL7TargetGroupSettings(&settings, ann, x.object, consumed, &tgNotes)
	if len(consumed) > 0 {
		for i := range x.lb.Spec.TargetGroups {
			if tg := &x.lb.Spec.TargetGroups[i]; tg.Backend.Service != nil {
				tg.BackendProtocol, tg.BackendProtocolVersion = settings.BackendProtocol, settings.BackendProtocolVersion
				tg.Attributes = settings.Attributes.DeepCopy()
				maps.Copy(x.consumed, consumed)
			}
		}
		if x.consumed[albBackendProtocol] || x.consumed[albBackendProtocolVersion] || x.consumed[albTargetGroupAttributes] {
			x.notes = append(x.notes, tgNotes...)
		} else {
			for _, k := range sortedKeys(consumed) {
				x.consumed[k] = true
				x.annotationNote(k, fmt.Sprintf("not carried over: it sets the target groups of Services lbo did not make, and no backend names one (value %q)", ann[k]))
			}
		}
	}

	if len(ing.Spec.TLS) > 0 {
		x.note("spec.tls", "not carried over: lbo does not discover certificates from hosts; give the HTTPS listener's tls.certificateARNs")
	}
	spec, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&ing.Spec)
	if err == nil {
		for _, k := range []string{"ingressClassName", "defaultBackend", "rules", "tls"} {
			delete(spec, k)
		}
		x.notes = append(x.notes, leftoverNotes(x.object, "spec", spec)...)
	}
	lbs.dropRefused(ctx, x.lb)
	x.notes = append(x.notes, lbs.notes...)
	x.notes = append(x.notes, metadataNotes(ing, x.object, x.consumed)...)
	if len(x.lb.Spec.TargetGroups) == 0 {
		x.note("", "not imported: no backend could be carried over, and a LoadBalancer needs a target group")
		return nil, x.notes
	}
	return x.lb, x.notes
}

func (x *ingressImport) note(field, msg string) {
	x.notes = append(x.notes, Note{Object: x.object, Field: field, Message: msg})
}

func (x *ingressImport) annotationNote(key, msg string) {
	x.note("metadata.annotations["+key+"]", msg)
}

// listeners reads listen-ports (by default HTTP 80, or HTTPS 443 with a
// certificate) and the certificates of the HTTPS listeners.
func (x *ingressImport) listeners() {
	ann := x.ing.Annotations
	var tls *lbov1.ListenerTLS
	if v, ok := ann[albCertificateARN]; ok {
		x.consumed[albCertificateARN] = true
		tls = &lbov1.ListenerTLS{CertificateARNs: splitList(v)}
		if p, ok := ann[albSSLPolicy]; ok {
			tls.SSLPolicy, x.consumed[albSSLPolicy] = p, true
		}
	}
	ports := []map[string]int32{{"HTTP": 80}}
	if tls != nil {
		ports = []map[string]int32{{"HTTPS": 443}}
	}
	if v, ok := ann[albListenPorts]; ok {
		x.consumed[albListenPorts] = true
		var declared []map[string]int32
		if err := json.Unmarshal([]byte(v), &declared); err != nil {
			x.annotationNote(albListenPorts, fmt.Sprintf("not carried over: %v; the listeners are the controller's default", err))
		} else {
			ports = declared
		}
	}
	for _, p := range ports {
		for _, proto := range sortedKeys(p) {
			l := lbov1.Listener{Protocol: lbov1.Protocol(proto), Port: p[proto]}
			l.Name = strings.ToLower(proto)
			if !(proto == "HTTP" && l.Port == 80 || proto == "HTTPS" && l.Port == 443) {
				l.Name += "-" + strconv.Itoa(int(l.Port))
			}
			if l.Protocol == lbov1.ProtocolHTTPS && tls != nil {
				l.TLS = tls.DeepCopy()
			}
			x.lb.Spec.Listeners = append(x.lb.Spec.Listeners, l)
		}
	}
}

// rule imports one Ingress rule: each run of consecutive paths with the same
// backend becomes one lbo rule (at most five paths each), in order.
func (x *ingressImport) rule(r networkingv1.IngressRule, path string) {
	if r.HTTP == nil {
		x.note(path, "not carried over: a rule without http paths routes nothing")
		return
	}
	var run []lbov1.PathMatch
	var runBackend *networkingv1.IngressBackend
	var runPath string
	flush := func() {
		if len(run) > 0 {
			x.addRule(r.Host, run, *runBackend, runPath)
		}
		run, runBackend = nil, nil
	}
	for j, p := range r.HTTP.Paths {
		pp := fmt.Sprintf("%s.http.paths[%d]", path, j)
		m, ok := pathMatch(p)
		if !ok {
			x.note(pp+".path", fmt.Sprintf("path not carried over: %q with pathType %s is not a path lbo can match", p.Path, ptrString(p.PathType)))
			continue
		}
		if runBackend == nil || !equalBackend(*runBackend, p.Backend) || len(run) == 5 {
			flush()
			b := p.Backend
			runBackend, runPath = &b, pp
		}
		run = append(run, m)
	}
	flush()
}

func pathMatch(p networkingv1.HTTPIngressPath) (lbov1.PathMatch, bool) {
	if !strings.HasPrefix(p.Path, "/") {
		return lbov1.PathMatch{}, false
	}
	switch ptrString(p.PathType) {
	case string(networkingv1.PathTypeExact):
		return lbov1.PathMatch{Path: p.Path, Type: lbov1.PathExact}, true
	case string(networkingv1.PathTypePrefix):
		return lbov1.PathMatch{Path: p.Path, Type: lbov1.PathPrefix}, true
	default:
		// The controller passes an ImplementationSpecific path to the ALB
		// as a path pattern.
		return lbov1.PathMatch{Path: p.Path, Type: lbov1.PathWildcard}, true
	}
}

// addRule adds the lbo rule for a host, its paths and their backend. Host
// conditions in the backend's conditions annotation become the rule's hosts;
// a rule with any other condition is not imported, since without it the rule
// would take requests it must not.
func (x *ingressImport) addRule(host string, paths []lbov1.PathMatch, backend networkingv1.IngressBackend, path string) {
	rule := lbov1.Rule{}
	if host != "" {
		rule.Conditions.Hosts = []string{host}
	}
	// lbo renders a rule without paths as the path / (Prefix); import it so.
	rule.Conditions.Paths = paths

	base := "rule"
	if s := backend.Service; s != nil && s.Port.Name == useAnnotation {
		base = strings.TrimPrefix(s.Name, "rule-")
		conds, ok := x.conditions(s.Name, host)
		if !ok {
			return
		}
		if len(conds.Hosts) > 0 {
			rule.Conditions.Hosts = conds.Hosts
		}
		rule.Conditions.Headers = conds.Headers
		rule.Conditions.QueryStrings = conds.QueryStrings
		rule.Conditions.Methods = conds.Methods
		rule.Conditions.SourceIPs = conds.SourceIPs
	}
	action, ok := x.action(backend, path+".backend")
	if !ok {
		x.note(path, "rule not carried over: its backend could not be")
		return
	}
	rule.Action = *action
	if action.Forward != nil && action.Forward.TargetGroup != "" {
		base = action.Forward.TargetGroup
	}
	rule.Name = x.uniqueRuleName(base)
	x.lb.Spec.Rules = append(x.lb.Spec.Rules, rule)
}

// conditions reads the conditions annotation of an annotated backend into
// the rule's conditions (all but its paths); ok is false, with a note, when
// the rule must not be imported, since without a condition it would take
// requests it must not.
func (x *ingressImport) conditions(name, host string) (conds lbov1.RuleConditions, ok bool) {
	key := albConditionPrefix + name
	v, found := x.ing.Annotations[key]
	if !found {
		return conds, true
	}
	x.consumed[key] = true
	type values struct {
		Values []string `json:"values"`
	}
	var list []struct {
		Field            string  `json:"field"`
		HostHeaderConfig *values `json:"hostHeaderConfig,omitempty"`
		HTTPHeaderConfig *struct {
			Name   string   `json:"httpHeaderName"`
			Values []string `json:"values"`
		} `json:"httpHeaderConfig,omitempty"`
		QueryStringConfig *struct {
			Values []lbov1.QueryStringMatch `json:"values"`
		} `json:"queryStringConfig,omitempty"`
		HTTPRequestMethodConfig *values  `json:"httpRequestMethodConfig,omitempty"`
		SourceIPConfig          *values  `json:"sourceIpConfig,omitempty"`
		Values                  []string `json:"values,omitempty"`
	}
	if err := json.Unmarshal([]byte(v), &list); err != nil {
		x.annotationNote(key, fmt.Sprintf("rule not carried over: %v", err))
		return conds, false
	}
	refuse := func(why string) (lbov1.RuleConditions, bool) {
		x.annotationNote(key, fmt.Sprintf("rule not carried over: %s, and without it the rule would take requests it must not (value %q)", why, v))
		return lbov1.RuleConditions{}, false
	}
	// lbo ORs the values of one kind of condition; two conditions of that
	// kind AND them, which lbo cannot say.
	for _, c := range list {
		switch c.Field {
		case "host-header":
			values := c.Values
			if c.HostHeaderConfig != nil {
				values = append(values, c.HostHeaderConfig.Values...)
			}
			if host != "" {
				// Both the rule's host and the condition must match.
				if !slices.Contains(values, host) {
					x.annotationNote(key, fmt.Sprintf("rule not carried over: its host %q is not among the condition's hosts, so it matches nothing", host))
					return lbov1.RuleConditions{}, false
				}
				values = []string{host}
			}
			conds.Hosts = append(conds.Hosts, values...)
		case "http-header":
			if c.HTTPHeaderConfig == nil {
				return refuse("its http-header condition has no httpHeaderConfig")
			}
			conds.Headers = append(conds.Headers, lbov1.HeaderMatch{Name: c.HTTPHeaderConfig.Name, Values: c.HTTPHeaderConfig.Values})
		case "query-string":
			if c.QueryStringConfig == nil || conds.QueryStrings != nil {
				return refuse("lbo rules take one query-string condition, with a queryStringConfig")
			}
			conds.QueryStrings = c.QueryStringConfig.Values
		case "http-request-method":
			if c.HTTPRequestMethodConfig == nil || conds.Methods != nil {
				return refuse("lbo rules take one http-request-method condition, with an httpRequestMethodConfig")
			}
			conds.Methods = c.HTTPRequestMethodConfig.Values
		case "source-ip":
			if c.SourceIPConfig == nil || conds.SourceIPs != nil {
				return refuse("lbo rules take one source-ip condition, with a sourceIpConfig")
			}
			conds.SourceIPs = c.SourceIPConfig.Values
		default:
			return refuse(fmt.Sprintf("lbo rules have no %s condition", c.Field))
		}
	}
	return conds, true
}

var ruleNamePattern = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)

func (x *ingressImport) uniqueRuleName(base string) string {
	if len(base) > 45 || !ruleNamePattern.MatchString(base) {
		base = "rule"
	}
	name := base
	for i := 2; x.ruleNames[name]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	x.ruleNames[name] = true
	return name
}

// action is the lbo action of an Ingress backend: forward to the target
// group of a Service, or the action of the actions annotation it names.
func (x *ingressImport) action(b networkingv1.IngressBackend, path string) (*lbov1.Action, bool) {
	if b.Resource != nil {
		x.note(path+".resource", "not carried over: lbo's target groups are Services or pods")
		return nil, false
	}
	s := b.Service
	if s.Port.Name == useAnnotation {
		return x.annotatedAction(s.Name)
	}
	tg, ok := x.targetGroup(s.Name, s.Port, path+".service")
	if !ok {
		return nil, false
	}
	return &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: tg}}, true
}

// The JSON shapes of the controller's actions annotation that lbo carries.
type albAction struct {
	Type          string `json:"type"`
	ForwardConfig *struct {
		TargetGroups []struct {
			ServiceName string             `json:"serviceName"`
			ServicePort intstr.IntOrString `json:"servicePort"`
			Weight      *int32             `json:"weight,omitempty"`
		} `json:"targetGroups"`
		TargetGroupStickinessConfig *struct {
			Enabled         bool   `json:"enabled"`
			DurationSeconds *int32 `json:"durationSeconds,omitempty"`
		} `json:"targetGroupStickinessConfig,omitempty"`
	} `json:"forwardConfig,omitempty"`
	RedirectConfig *struct {
		Protocol   string `json:"protocol,omitempty"`
		Host       string `json:"host,omitempty"`
		Port       string `json:"port,omitempty"`
		Path       string `json:"path,omitempty"`
		Query      string `json:"query,omitempty"`
		StatusCode string `json:"statusCode"`
	} `json:"redirectConfig,omitempty"`
	FixedResponseConfig *struct {
		ContentType string `json:"contentType,omitempty"`
		StatusCode  string `json:"statusCode"`
		MessageBody string `json:"messageBody,omitempty"`
	} `json:"fixedResponseConfig,omitempty"`
}

// annotatedAction reads the actions.<name> annotation. Fields lbo has no
// place for (target group ARNs, stickiness, authentication) fail the action,
// with a note.
func (x *ingressImport) annotatedAction(name string) (*lbov1.Action, bool) {
	key := albActionPrefix + name
	v, ok := x.ing.Annotations[key]
	if !ok {
		x.note("metadata.annotations["+key+"]", "missing: a backend uses the annotated action "+name)
		return nil, false
	}
	x.consumed[key] = true
	var a albAction
	dec := json.NewDecoder(bytes.NewReader([]byte(v)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		x.annotationNote(key, fmt.Sprintf("not carried over: %v (lbo carries forward to Services with weights and stickiness, redirect and fixed-response)", err))
		return nil, false
	}
	fail := func(msg string) (*lbov1.Action, bool) {
		x.annotationNote(key, "not carried over: "+msg)
		return nil, false
	}
	switch {
	case a.Type == "forward" && a.ForwardConfig != nil:
		fwd := &lbov1.ForwardAction{}
		for i, t := range a.ForwardConfig.TargetGroups {
			if t.ServiceName == "" {
				return fail("a forward to a target group ARN or name; lbo forwards to Services and pods")
			}
			port := networkingv1.ServiceBackendPort{Number: t.ServicePort.IntVal}
			if t.ServicePort.Type == intstr.String {
				if n, err := strconv.ParseInt(t.ServicePort.StrVal, 10, 32); err == nil {
					port = networkingv1.ServiceBackendPort{Number: int32(n)}
				} else {
					port = networkingv1.ServiceBackendPort{Name: t.ServicePort.StrVal}
				}
			}
			tg, ok := x.targetGroup(t.ServiceName, port, fmt.Sprintf("metadata.annotations[%s].forwardConfig.targetGroups[%d]", key, i))
			if !ok {
				return nil, false
			}
			weight := int32(1) // lbo's default, as the controller's
			if t.Weight != nil {
				weight = *t.Weight
			}
			fwd.TargetGroups = append(fwd.TargetGroups, lbov1.WeightedTargetGroup{Name: tg, Weight: weight})
		}
		if st := a.ForwardConfig.TargetGroupStickinessConfig; st != nil {
			fwd.Stickiness = &lbov1.ForwardStickiness{Enabled: st.Enabled}
			if st.DurationSeconds != nil {
				fwd.Stickiness.DurationSeconds = *st.DurationSeconds
			}
		}
		return &lbov1.Action{Forward: fwd}, true
	case a.Type == "redirect" && a.RedirectConfig != nil:
		r := a.RedirectConfig
		red := &lbov1.RedirectAction{}
		// #{...} keeps the request's own value, as an unset lbo field does.
		keep := func(v string) string {
			if strings.HasPrefix(v, "#{") {
				return ""
			}
			return v
		}
		red.Scheme, red.Host, red.Path, red.Query = keep(r.Protocol), keep(r.Host), keep(r.Path), keep(r.Query)
		if p := keep(r.Port); p != "" {
			n, err := strconv.ParseInt(p, 10, 32)
			if err != nil {
				return fail(fmt.Sprintf("redirect port %q is not a number", p))
			}
			red.Port = int32(n)
		}
		switch r.StatusCode {
		case "HTTP_301":
			red.StatusCode = 301
		case "HTTP_302":
			red.StatusCode = 302
		default:
			return fail(fmt.Sprintf("redirect statusCode %q; lbo redirects with HTTP_301 or HTTP_302", r.StatusCode))
		}
		return &lbov1.Action{Redirect: red}, true
	case a.Type == "fixed-response" && a.FixedResponseConfig != nil:
		f := a.FixedResponseConfig
		code, err := strconv.ParseInt(f.StatusCode, 10, 32)
		if err != nil {
			return fail(fmt.Sprintf("fixed-response statusCode %q is not a number", f.StatusCode))
		}
		return &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: int32(code), ContentType: f.ContentType, Body: f.MessageBody}}, true
	default:
		return fail(fmt.Sprintf("action type %q; lbo carries forward, redirect and fixed-response", a.Type))
	}
}

// targetGroup returns the name of the target group for a Service and port,
// making it the first time: a selector target group when lbo made the
// Service (as <LoadBalancer>-<target group>), a service target group
// otherwise. A named port is resolved from the Service, when the input has
// it.
func (x *ingressImport) targetGroup(svcName string, port networkingv1.ServiceBackendPort, path string) (string, bool) {
	svc := x.in.service(x.ing.Namespace, svcName)
	number := port.Number
	if port.Name != "" {
		if svc != nil {
			if i := slices.IndexFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == port.Name }); i >= 0 {
				number = svc.Spec.Ports[i].Port
			}
		}
		if number == 0 {
			x.note(path, fmt.Sprintf("not carried over: the Service port is named %q and the Service %s is not in the input to resolve it; lbo target groups give the port's number", port.Name, svcName))
			return "", false
		}
	}
	key := svcName + ":" + strconv.Itoa(int(number))
	if name, ok := x.targetGroups[key]; ok {
		return name, true
	}
	tg := lbov1.TargetGroup{Name: svcName, Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: svcName, Port: number}}}
	if svc != nil && madeByLBO(svc, x.ing.Name) && strings.HasPrefix(svcName, x.ing.Name+"-") && len(svc.Spec.Ports) == 1 && svc.Spec.Ports[0].Port == number {
		// lbo's Service for a selector target group: the target group again,
		// with the health check the Service carries.
		tg = lbov1.TargetGroup{
			Name:        strings.TrimPrefix(svcName, x.ing.Name+"-"),
			Backend:     lbov1.Backend{Selector: svc.Spec.Selector, Port: number},
			HealthCheck: readHealthCheck(svc.Annotations, albHealthCheckKeys, objectName(svc), map[string]bool{}, &x.notes),
		}
		readL7TargetGroupSettings(&tg, svc.Annotations, objectName(svc), map[string]bool{}, &x.notes)
	}
	for slices.ContainsFunc(x.lb.Spec.TargetGroups, func(t lbov1.TargetGroup) bool { return t.Name == tg.Name }) {
		tg.Name += "-" + strconv.Itoa(int(number))
	}
	x.targetGroups[key] = tg.Name
	x.lb.Spec.TargetGroups = append(x.lb.Spec.TargetGroups, tg)
	return tg.Name, true
}

func equalBackend(a, b networkingv1.IngressBackend) bool {
	if a.Service == nil || b.Service == nil {
		return false
	}
	return *a.Service == *b.Service
}

func ptrString[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

// Ingress annotations of L7-only settings.
const (
	albSSLRedirect  = albPrefix + "ssl-redirect"
	albGroupName    = albPrefix + "group.name"
	albGroupOrder   = albPrefix + "group.order"
	albAuthType     = albPrefix + "auth-type"
	albAuthOIDC     = albPrefix + "auth-idp-oidc"
	albAuthCognito  = albPrefix + "auth-idp-cognito"
	albAuthOnUnauth = albPrefix + "auth-on-unauthenticated-request"
	albAuthScope    = albPrefix + "auth-scope"
	albAuthCookie   = albPrefix + "auth-session-cookie"
	albAuthTimeout  = albPrefix + "auth-session-timeout"
)

// l7Settings reads ssl-redirect, the IngressGroup and authentication.
func (x *ingressImport) l7Settings(s *svcImport) {
	spec := &x.lb.Spec
	if v, ok := s.get(albSSLRedirect); ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32); err != nil {
			s.notCarried(albSSLRedirect, "%q is not a port number", v)
		} else {
			p := int32(n)
			spec.HTTPSRedirectPort = &p
			s.track("spec.httpsRedirectPort", func() {
				spec.HTTPSRedirectPort = nil
				for i := range spec.Listeners {
					if l := &spec.Listeners[i]; l.DefaultAction == nil && x.defaultAction != nil {
						l.DefaultAction = x.defaultAction.DeepCopy()
					}
				}
			}, annotationField(albSSLRedirect))
		}
	}
	if name, ok := s.get(albGroupName); ok {
		g := &lbov1.Group{Name: strings.TrimSpace(name)}
		sources := []string{annotationField(albGroupName)}
		if v, ok := s.get(albGroupOrder); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
			if err != nil {
				s.notCarried(albGroupOrder, "%q is not a number; the order is the controller's default, 0", v)
			} else {
				g.Order = int32(n)
				sources = append(sources, annotationField(albGroupOrder))
			}
		}
		spec.Group = g
		s.track("spec.group", func() {
			// Out of the group, the listeners need the 404 the controller
			// would answer with.
			spec.Group = nil
			for i := range spec.Listeners {
				if l := &spec.Listeners[i]; l.DefaultAction == nil && !(spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP) {
					l.DefaultAction = &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
				}
			}
		}, sources...)
	} else if _, ok := s.get(albGroupOrder); ok {
		s.notCarried(albGroupOrder, "there is no group.name: the order of a group's members means nothing outside one")
	}
	x.authentication(s)
}

// authentication reads auth-type and the auth-* annotations that go with it.
func (x *ingressImport) authentication(s *svcImport) {
	carried := false
	defer func() {
		if carried {
			return
		}
		for _, k := range []string{albAuthOIDC, albAuthCognito, albAuthOnUnauth, albAuthScope, albAuthCookie, albAuthTimeout} {
			if v, ok := s.ann[k]; ok && !s.consumed[k] {
				s.get(k)
				s.notCarried(k, "the authentication it belongs to is not (see auth-type) (value %q)", v)
			}
		}
	}()
	spec := &x.lb.Spec
	typ, ok := s.get(albAuthType)
	if !ok || strings.TrimSpace(typ) == "none" {
		for _, k := range []string{albAuthOIDC, albAuthCognito, albAuthOnUnauth, albAuthScope, albAuthCookie, albAuthTimeout} {
			if v, ok := s.get(k); ok {
				s.notCarried(k, "no auth-type enables authentication (value %q)", v)
			}
		}
		return
	}
	auth := &lbov1.Authentication{}
	sources := []string{annotationField(albAuthType)}
	decode := func(key string, into any) bool {
		v, ok := s.get(key)
		if !ok {
			s.notCarried(albAuthType, "auth-type %s needs %s", typ, key)
			return false
		}
		d := json.NewDecoder(strings.NewReader(v))
		d.DisallowUnknownFields()
		if err := d.Decode(into); err != nil {
			s.notCarried(key, "%v", err)
			return false
		}
		sources = append(sources, annotationField(key))
		return true
	}
	switch strings.TrimSpace(typ) {
	case "oidc":
		var o struct {
			Issuer                string `json:"issuer"`
			AuthorizationEndpoint string `json:"authorizationEndpoint"`
			TokenEndpoint         string `json:"tokenEndpoint"`
			UserInfoEndpoint      string `json:"userInfoEndpoint"`
			SecretName            string `json:"secretName"`
		}
		if !decode(albAuthOIDC, &o) {
			return
		}
		auth.OIDC = &lbov1.OIDCAuthentication{Issuer: o.Issuer, AuthorizationEndpoint: o.AuthorizationEndpoint,
			TokenEndpoint: o.TokenEndpoint, UserInfoEndpoint: o.UserInfoEndpoint, ClientSecretName: o.SecretName}
	case "cognito":
		var c lbov1.CognitoAuthentication
		if !decode(albAuthCognito, &c) {
			return
		}
		auth.Cognito = &c
	default:
		s.notCarried(albAuthType, "lbo authenticates with oidc or cognito, not %q", typ)
		return
	}
	if v, ok := s.get(albAuthOnUnauth); ok {
		auth.OnUnauthenticatedRequest = strings.TrimSpace(v)
		sources = append(sources, annotationField(albAuthOnUnauth))
	}
	if v, ok := s.get(albAuthScope); ok {
		auth.Scope = strings.Fields(v)
		sources = append(sources, annotationField(albAuthScope))
	}
	if v, ok := s.get(albAuthCookie); ok {
		auth.SessionCookieName = strings.TrimSpace(v)
		sources = append(sources, annotationField(albAuthCookie))
	}
	if v, ok := s.get(albAuthTimeout); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil {
			s.notCarried(albAuthTimeout, "%q is not a number of seconds", v)
		} else {
			auth.SessionTimeoutSeconds = int32(n)
			sources = append(sources, annotationField(albAuthTimeout))
		}
	}
	spec.Authentication, carried = auth, true
	s.track("spec.authentication", func() { spec.Authentication = nil }, sources...)
}

const albMutualAuth = albPrefix + "mutual-authentication"

// listenerSettings reads listener-attributes.<protocol>-<port> and
// mutual-authentication into the listeners they name.
func (x *ingressImport) listenerSettings(s *svcImport) {
	spec := &x.lb.Spec
	find := func(name string) int {
		return slices.IndexFunc(spec.Listeners, func(l lbov1.Listener) bool {
			return string(l.Protocol)+"-"+strconv.Itoa(int(l.Port)) == name
		})
	}
	for _, key := range sortedKeys(s.ann) {
		name, ok := strings.CutPrefix(key, albPrefix+"listener-attributes.")
		if !ok {
			continue
		}
		m := s.stringMap(key)
		if m == nil {
			continue
		}
		i := find(name)
		if i < 0 {
			s.notCarried(key, "no listener is %s (protocol and port)", name)
			continue
		}
		l := &spec.Listeners[i]
		a := &lbov1.ListenerAttributes{}
		for _, k := range sortedKeys(m) {
			if !attrKeyPattern.MatchString(k) {
				s.notCarried(key, "%s: not an AWS attribute key (lowercase words joined by '.')", k)
				continue
			}
			if a.Additional == nil {
				a.Additional = map[string]lbov1.AttributeValue{}
			}
			a.Additional[k] = lbov1.AttributeValue(m[k])
		}
		if a.Additional != nil {
			l.Attributes = a
			s.track(fmt.Sprintf("spec.listeners[%d].attributes", i), func() { l.Attributes = nil }, annotationField(key))
		}
	}
	v, ok := s.get(albMutualAuth)
	if !ok {
		return
	}
	var entries []struct {
		Port                          int32  `json:"port"`
		Mode                          string `json:"mode"`
		TrustStore                    string `json:"trustStore,omitempty"`
		IgnoreClientCertificateExpiry *bool  `json:"ignoreClientCertificateExpiry,omitempty"`
		AdvertiseTrustStoreCANames    string `json:"advertiseTrustStoreCaNames,omitempty"`
	}
	d := json.NewDecoder(strings.NewReader(v))
	d.DisallowUnknownFields()
	if err := d.Decode(&entries); err != nil {
		s.notCarried(albMutualAuth, "%v", err)
		return
	}
	for _, e := range entries {
		i := find("HTTPS-" + strconv.Itoa(int(e.Port)))
		if i < 0 {
			s.notCarried(albMutualAuth, "port %d: no HTTPS listener has it", e.Port)
			continue
		}
		m := &lbov1.MutualAuthentication{Mode: e.Mode, TrustStore: e.TrustStore, IgnoreClientCertificateExpiry: e.IgnoreClientCertificateExpiry}
		if e.AdvertiseTrustStoreCANames != "" {
			b, err := parseOnOff(e.AdvertiseTrustStoreCANames)
			if err != nil {
				s.notCarried(albMutualAuth, "port %d: advertiseTrustStoreCaNames: %v", e.Port, err)
				continue
			}
			m.AdvertiseTrustStoreCANames = &b
		}
		l := &spec.Listeners[i]
		l.MutualAuthentication = m
		s.track(fmt.Sprintf("spec.listeners[%d].mutualAuthentication", i), func() { l.MutualAuthentication = nil }, annotationField(albMutualAuth))
	}
}

// Ingress (and Service) annotations of an L7 target group's settings.
const (
	albBackendProtocol        = albPrefix + "backend-protocol"
	albBackendProtocolVersion = albPrefix + "backend-protocol-version"
	albTargetGroupAttributes  = albPrefix + "target-group-attributes"
)

// readL7TargetGroupSettings reads the backend protocol, its version and the
// target group attributes from annotations into tg, marking what it read in
// consumed and noting what it cannot carry.
func readL7TargetGroupSettings(tg *lbov1.TargetGroup, ann map[string]string, object string, consumed map[string]bool, notes *[]Note) {
	note := func(key, format string, args ...any) {
		*notes = append(*notes, Note{Object: object, Field: annotationField(key), Message: "not carried over: " + fmt.Sprintf(format, args...)})
	}
	if v, ok := ann[albBackendProtocol]; ok {
		tg.BackendProtocol, consumed[albBackendProtocol] = lbov1.BackendProtocol(strings.TrimSpace(v)), true
	}
	if v, ok := ann[albBackendProtocolVersion]; ok {
		tg.BackendProtocolVersion, consumed[albBackendProtocolVersion] = lbov1.BackendProtocolVersion(strings.TrimSpace(v)), true
	}
	v, ok := ann[albTargetGroupAttributes]
	if !ok {
		return
	}
	consumed[albTargetGroupAttributes] = true
	m, err := parseStringMap(v)
	if err != nil {
		note(albTargetGroupAttributes, "the AWS Load Balancer Controller refuses it too: %v", err)
		return
	}
	a := &lbov1.TargetGroupAttributes{}
	if d, ok := m["deregistration_delay.timeout_seconds"]; ok {
		if n, err := parseAttrInt(d); err != nil {
			note(albTargetGroupAttributes, "deregistration_delay.timeout_seconds: %v", err)
		} else {
			a.DeregistrationDelaySeconds = &n
		}
		delete(m, "deregistration_delay.timeout_seconds")
	}
	if kind := m["stickiness.type"]; kind == "lb_cookie" || kind == "app_cookie" {
		st := &lbov1.CookieStickiness{}
		enabled, err := parseAttrBool(m["stickiness.enabled"])
		if err != nil {
			note(albTargetGroupAttributes, "stickiness.enabled: %v", err)
		} else {
			st.Enabled = enabled
			if kind == "app_cookie" {
				st.AppCookieName = m["stickiness.app_cookie.cookie_name"]
			}
			durationKey := "stickiness." + kind + ".duration_seconds"
			if d, ok := m[durationKey]; ok {
				if n, err := parseAttrInt(d); err != nil {
					note(albTargetGroupAttributes, "%s: %v", durationKey, err)
				} else {
					st.DurationSeconds = n
				}
			}
			a.CookieStickiness = st
			for _, k := range []string{"stickiness.type", "stickiness.enabled", "stickiness.app_cookie.cookie_name", durationKey} {
				delete(m, k)
			}
		}
	}
	for _, k := range sortedKeys(m) {
		if !attrKeyPattern.MatchString(k) {
			note(albTargetGroupAttributes, "%s: not an AWS attribute key (lowercase words joined by '.')", k)
			continue
		}
		if a.Additional == nil {
			a.Additional = map[string]lbov1.AttributeValue{}
		}
		a.Additional[k] = lbov1.AttributeValue(m[k])
	}
	tg.Attributes = a
}
