package importer

import (
	"cmp"
	"context"
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
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

func isALBIngress(ing *networkingv1.Ingress, classes []string) bool {
	if ing.Spec.IngressClassName != nil {
		return slices.Contains(classes, *ing.Spec.IngressClassName)
	}
	return slices.Contains(classes, ing.Annotations[lbc.LegacyIngressClass])
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
	// regexPaths says that use-regex-path-match makes the controller read
	// ImplementationSpecific paths as regular expressions.
	regexPaths bool
	// requested is the certificate request of the HTTPS listeners, when
	// the Ingress asks the controller for a certificate.
	requested *lbov1.CertificateRequest
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
		consumed:     map[string]bool{lbc.LegacyIngressClass: true},
		targetGroups: map[string]string{},
		ruleNames:    map[string]bool{},
	}
	ann := ing.Annotations

	x.lb.Spec.Scheme = lbov1.SchemeInternal
	if v, ok := ann[lbc.IngressScheme]; ok {
		x.lb.Spec.Scheme, x.consumed[lbc.IngressScheme] = lbov1.Scheme(lbc.DecodeString(v)), true
	}
	x.lb.Spec.TargetType = lbov1.TargetTypeInstance // the controller's default
	if v, ok := ann[lbc.IngressTargetType]; ok {
		x.lb.Spec.TargetType, x.consumed[lbc.IngressTargetType] = lbov1.TargetType(lbc.DecodeString(v)), true
	}
	x.listeners()

	// The settings of the load balancer itself, read as the Service's are;
	// those the API server would refuse are taken out again below.
	lbs := &svcImport{object: x.object, ann: ann, consumed: x.consumed, keys: lbc.IngressLoadBalancer}
	lbs.loadBalancer(x.lb, lbs.list(lbc.IngressInboundCIDRs), annotationField(lbc.IngressInboundCIDRs))
	if v, ok := lbs.get(lbc.IngressWAFv2ACLARN); ok {
		spec := &x.lb.Spec
		spec.WAFv2WebACLARN = lbc.DecodeString(v)
		lbs.track("spec.wafv2WebACLARN", func() { spec.WAFv2WebACLARN = "" }, annotationField(lbc.IngressWAFv2ACLARN))
	}
	if v, ok := lbs.get(lbc.IngressIPAMIPv4PoolID); ok {
		spec := &x.lb.Spec
		spec.IPv4IPAMPoolID = lbc.DecodeString(v)
		lbs.track("spec.ipv4IPAMPoolID", func() { spec.IPv4IPAMPoolID = "" }, annotationField(lbc.IngressIPAMIPv4PoolID))
	}
	if v, ok := lbs.get(lbc.IngressCustomerOwnedIPv4Pool); ok {
		spec := &x.lb.Spec
		spec.CustomerOwnedIPv4Pool = lbc.DecodeString(v)
		lbs.track("spec.customerOwnedIPv4Pool", func() { spec.CustomerOwnedIPv4Pool = "" }, annotationField(lbc.IngressCustomerOwnedIPv4Pool))
	}
	x.frontendNLB(lbs)
	x.l7Settings(lbs)
	x.listenerSettings(lbs)
	if b := lbs.boolean(lbc.IngressShieldAdvanced); b != nil {
		spec := &x.lb.Spec
		spec.ShieldAdvancedProtection = b
		lbs.track("spec.shieldAdvancedProtection", func() { spec.ShieldAdvancedProtection = nil }, annotationField(lbc.IngressShieldAdvanced))
	}

	// The default backend, or the controller's answer without one: 404. In a
	// group an Ingress without one leaves the default action to another
	// member, and so does the LoadBalancer.
	defaultAction := &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
	if _, grouped := ann[lbc.IngressGroupName]; grouped && ing.Spec.DefaultBackend == nil {
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

	if b := lbs.boolean(lbc.IngressUseRegexPathMatch); b != nil {
		x.regexPaths = *b
	}
	for i, r := range ing.Spec.Rules {
		x.rule(r, fmt.Sprintf("spec.rules[%d]", i))
	}
	x.certificateNames()

	// Health check annotations of the Ingress apply to the target groups of
	// Services lbo did not make (those it made state their own).
	if hc := readHealthCheck(ann, lbc.IngressHealthCheck, x.object, map[string]bool{}, &x.notes); hc != nil {
		applied := false
		for i := range x.lb.Spec.TargetGroups {
			if tg := &x.lb.Spec.TargetGroups[i]; tg.Backend.Service != nil {
				tg.HealthCheck, applied = hc.DeepCopy(), true
			}
		}
		if applied {
			readHealthCheck(ann, lbc.IngressHealthCheck, x.object, x.consumed, &[]Note{})
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
		if x.consumed[lbc.IngressBackendProtocol] || x.consumed[lbc.IngressBackendProtocolVersion] || x.consumed[lbc.IngressTargetGroupAttributes] {
			x.notes = append(x.notes, tgNotes...)
		} else {
			for _, k := range sortedKeys(consumed) {
				x.consumed[k] = true
				x.annotationNote(k, fmt.Sprintf("not carried over: it sets the target groups of Services lbo did not make, and no backend names one (value %q)", ann[k]))
			}
		}
	}

	if len(ing.Spec.TLS) > 0 && x.requested == nil {
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
	if v, ok := ann[lbc.IngressCertificateARN]; ok {
		x.consumed[lbc.IngressCertificateARN] = true
		tls = &lbov1.ListenerTLS{CertificateARNs: lbc.DecodeList(v)}
	} else if v, ok := ann[lbc.IngressCreateACMCertificate]; ok {
		// Explicit certificates win over a requested one; without them the
		// controller requests one for the Ingress's hosts.
		x.consumed[lbc.IngressCreateACMCertificate] = true
		if b, err := lbc.DecodeBool(v); err != nil {
			x.annotationNote(lbc.IngressCreateACMCertificate, fmt.Sprintf("not carried over: %v", err))
		} else if b {
			x.requested = &lbov1.CertificateRequest{}
			if ca, ok := ann[lbc.IngressACMPCAARN]; ok {
				x.requested.CertificateAuthorityARN, x.consumed[lbc.IngressACMPCAARN] = lbc.DecodeString(ca), true
			}
			tls = &lbov1.ListenerTLS{RequestCertificate: x.requested}
		}
	}
	if tls != nil {
		if p, ok := ann[lbc.IngressSSLPolicy]; ok {
			tls.SSLPolicy, x.consumed[lbc.IngressSSLPolicy] = lbc.DecodeString(p), true
		}
	}
	ports := []lbc.ListenPort{{Protocol: "HTTP", Port: 80}}
	if tls != nil {
		ports = []lbc.ListenPort{{Protocol: "HTTPS", Port: 443}}
	}
	if v, ok := ann[lbc.IngressListenPorts]; ok {
		x.consumed[lbc.IngressListenPorts] = true
		if declared, err := lbc.DecodeListenPorts(v); err != nil {
			x.annotationNote(lbc.IngressListenPorts, fmt.Sprintf("not carried over: %v; the listeners are the controller's default", err))
		} else {
			ports = declared
		}
	}
	for _, p := range ports {
		l := lbov1.Listener{Protocol: lbov1.Protocol(p.Protocol), Port: p.Port}
		l.Name = strings.ToLower(p.Protocol)
		if !(p.Protocol == "HTTP" && l.Port == 80 || p.Protocol == "HTTPS" && l.Port == 443) {
			l.Name += "-" + strconv.Itoa(int(l.Port))
		}
		if l.Protocol == lbov1.ProtocolHTTPS && tls != nil {
			l.TLS = tls.DeepCopy()
			if x.requested != nil {
				l.TLS.RequestCertificate = x.requested // shared: certificateNames fills in its names
			}
		}
		x.lb.Spec.Listeners = append(x.lb.Spec.Listeners, l)
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
		m, ok := x.pathMatch(p)
		if !ok {
			x.note(pp+".path", fmt.Sprintf("path not carried over: %q with pathType %s is not a path lbo can match", p.Path, ptrString(p.PathType)))
			continue
		}
		// A rule's Regex paths are at most 3 (one condition), and other
		// paths do not go with them.
		limit := 5
		if m.Type == lbov1.PathRegex {
			limit = 3
		}
		if runBackend == nil || !equalBackend(*runBackend, p.Backend) || len(run) == limit || len(run) > 0 && (run[0].Type == lbov1.PathRegex) != (m.Type == lbov1.PathRegex) {
			flush()
			b := p.Backend
			runBackend, runPath = &b, pp
		}
		run = append(run, m)
	}
	flush()
}

// pathMatch is the lbo path of an Ingress path. An ImplementationSpecific
// path without a path (its path condition comes from the conditions
// annotation) is the empty PathMatch.
func (x *ingressImport) pathMatch(p networkingv1.HTTPIngressPath) (lbov1.PathMatch, bool) {
	implementationSpecific := ptrString(p.PathType) != string(networkingv1.PathTypeExact) && ptrString(p.PathType) != string(networkingv1.PathTypePrefix)
	if p.Path == "" && implementationSpecific {
		return lbov1.PathMatch{}, true
	}
	if !strings.HasPrefix(p.Path, "/") {
		return lbov1.PathMatch{}, false
	}
	switch {
	case !implementationSpecific && ptrString(p.PathType) == string(networkingv1.PathTypeExact):
		return lbov1.PathMatch{Path: p.Path, Type: lbov1.PathExact}, true
	case !implementationSpecific:
		return lbov1.PathMatch{Path: p.Path, Type: lbov1.PathPrefix}, true
	case x.regexPaths:
		// use-regex-path-match: the path after its leading '/' is a regex.
		x.consumed[lbc.IngressUseRegexPathMatch] = true
		return lbov1.PathMatch{Path: p.Path[1:], Type: lbov1.PathRegex}, p.Path != "/"
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
	rule.Conditions.Paths = slices.DeleteFunc(slices.Clone(paths), func(m lbov1.PathMatch) bool { return m.Path == "" })
	pathless := len(rule.Conditions.Paths) < len(paths)

	base := "rule"
	if s := backend.Service; s != nil {
		conds, ok := x.conditions(s.Name, host)
		if !ok {
			return
		}
		if len(conds.Hosts) > 0 {
			rule.Conditions.Hosts = conds.Hosts
		}
		rule.Conditions.HostRegexes = conds.HostRegexes
		rule.Conditions.Headers = conds.Headers
		rule.Conditions.QueryStrings = conds.QueryStrings
		rule.Conditions.Methods = conds.Methods
		rule.Conditions.SourceIPs = conds.SourceIPs
		switch {
		case len(conds.Paths) > 0 && (len(rule.Conditions.Paths) > 0 || !pathless):
			x.annotationNote(lbc.IngressConditions(s.Name), "rule not carried over: its path condition of regular expressions goes with paths of the Ingress, which the AWS Load Balancer Controller refuses (a path condition takes values or regular expressions)")
			return
		case len(conds.Paths) > 0:
			rule.Conditions.Paths = conds.Paths
		case pathless:
			x.note(path, "rule not carried over: a path without a path matches everything only in lbo's rules without paths; give the path / (Prefix)")
			return
		}
		t, ok := x.transforms(s.Name)
		if !ok {
			return
		}
		rule.Transforms = t
		if s.Port.Name == lbc.UseAnnotation {
			base = strings.TrimPrefix(s.Name, "rule-")
		}
	}
	action, ok := x.action(backend, path+".backend")
	if !ok {
		x.note(path, "rule not carried over: its backend could not be")
		return
	}
	rule.Action = *action
	if action.Forward != nil && action.Forward.TargetGroup != "" && backend.Service.Port.Name != lbc.UseAnnotation {
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
	key := lbc.IngressConditions(name)
	v, found := x.ing.Annotations[key]
	if !found {
		return conds, true
	}
	x.consumed[key] = true
	list, err := lbc.DecodeConditions(v)
	if err != nil {
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
		case lbc.ConditionHostHeader:
			if c.HostHeaderConfig == nil {
				return refuse("its host-header condition has no hostHeaderConfig")
			}
			if r := c.HostHeaderConfig.RegexValues; len(r) > 0 {
				if host != "" || len(c.HostHeaderConfig.Values) > 0 || conds.HostRegexes != nil {
					return refuse("the AWS Load Balancer Controller refuses a host condition with both values (or the Ingress rule's host) and regexValues, and lbo takes one host condition")
				}
				conds.HostRegexes = r
				continue
			}
			values := c.HostHeaderConfig.Values
			if host != "" {
				// Both the rule's host and the condition must match.
				if !slices.Contains(values, host) {
					x.annotationNote(key, fmt.Sprintf("rule not carried over: its host %q is not among the condition's hosts, so it matches nothing", host))
					return lbov1.RuleConditions{}, false
				}
				values = []string{host}
			}
			conds.Hosts = append(conds.Hosts, values...)
		case lbc.ConditionHTTPHeader:
			if c.HTTPHeaderConfig == nil {
				return refuse("its http-header condition has no httpHeaderConfig")
			}
			conds.Headers = append(conds.Headers, lbov1.HeaderMatch{Name: c.HTTPHeaderConfig.Name, Values: c.HTTPHeaderConfig.Values, Regexes: c.HTTPHeaderConfig.RegexValues})
		case lbc.ConditionQueryString:
			if c.QueryStringConfig == nil || conds.QueryStrings != nil {
				return refuse("lbo rules take one query-string condition, with a queryStringConfig")
			}
			for _, q := range c.QueryStringConfig.Values {
				conds.QueryStrings = append(conds.QueryStrings, lbov1.QueryStringMatch{Key: q.Key, Value: q.Value})
			}
		case lbc.ConditionHTTPRequestMethod:
			if c.HTTPRequestMethodConfig == nil || conds.Methods != nil {
				return refuse("lbo rules take one http-request-method condition, with an httpRequestMethodConfig")
			}
			conds.Methods = c.HTTPRequestMethodConfig.Values
		case lbc.ConditionSourceIP:
			if c.SourceIPConfig == nil || conds.SourceIPs != nil {
				return refuse("lbo rules take one source-ip condition, with a sourceIpConfig")
			}
			conds.SourceIPs = c.SourceIPConfig.Values
		case lbc.ConditionPathPattern:
			// lbo writes Regex paths so; plain path patterns are the Ingress
			// rule's paths.
			if c.PathPatternConfig == nil || len(c.PathPatternConfig.Values) > 0 || len(c.PathPatternConfig.RegexValues) == 0 || conds.Paths != nil {
				return refuse("lbo rules take one path-pattern condition, of regexValues only (other paths are the Ingress rule's)")
			}
			for _, r := range c.PathPatternConfig.RegexValues {
				conds.Paths = append(conds.Paths, lbov1.PathMatch{Path: r, Type: lbov1.PathRegex})
			}
		default:
			return refuse(fmt.Sprintf("lbo rules have no %s condition", c.Field))
		}
	}
	return conds, true
}

// transforms reads the transforms annotation of a backend into the rule's
// transforms; ok is false, with a note, when it cannot be carried: the rule
// would then reach its targets unrewritten.
func (x *ingressImport) transforms(name string) (*lbov1.RuleTransforms, bool) {
	key := lbc.IngressTransforms(name)
	v, found := x.ing.Annotations[key]
	if !found {
		return nil, true
	}
	x.consumed[key] = true
	list, err := lbc.DecodeTransforms(v)
	refuse := func(why string) (*lbov1.RuleTransforms, bool) {
		x.annotationNote(key, fmt.Sprintf("rule not carried over: %s, and without it the rule would send its requests unrewritten (value %q)", why, v))
		return nil, false
	}
	if err != nil {
		return refuse(err.Error())
	}
	t := &lbov1.RuleTransforms{}
	for _, tr := range list {
		var cfg *lbc.RewriteConfig
		var into **lbov1.Rewrite
		switch tr.Type {
		case lbc.TransformHostHeaderRewrite:
			cfg, into = tr.HostHeaderRewriteConfig, &t.HostHeader
		case lbc.TransformURLRewrite:
			cfg, into = tr.URLRewriteConfig, &t.URL
		default:
			return refuse(fmt.Sprintf("lbo has no %q transform", tr.Type))
		}
		if cfg == nil || len(cfg.Rewrites) != 1 || *into != nil {
			return refuse("lbo takes one rewrite of each type per rule, as AWS does")
		}
		*into = &lbov1.Rewrite{Regex: cfg.Rewrites[0].Regex, Replace: cfg.Rewrites[0].Replace}
	}
	if t.HostHeader == nil && t.URL == nil {
		return nil, true
	}
	return t, true
}

// certificateNames gives a requested certificate the names of spec.tls that
// the rules' hosts do not give: the controller names the certificate after
// both.
func (x *ingressImport) certificateNames() {
	if x.requested == nil {
		return
	}
	hosts := map[string]bool{}
	for _, r := range x.lb.Spec.Rules {
		for _, h := range r.Conditions.Hosts {
			hosts[h] = true
		}
	}
	names := map[string]bool{}
	for _, t := range x.ing.Spec.TLS {
		for _, h := range t.Hosts {
			if !hosts[h] {
				names[h] = true
			}
		}
		if t.SecretName != "" {
			x.note("spec.tls", "secretName not carried over: the AWS Load Balancer Controller takes certificates from ACM only")
		}
	}
	if len(names) > 0 {
		x.requested.DomainNames = slices.Sorted(maps.Keys(names))
	}
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
	if s.Port.Name == lbc.UseAnnotation {
		return x.annotatedAction(s.Name)
	}
	tg, ok := x.targetGroup(s.Name, s.Port, path+".service")
	if !ok {
		return nil, false
	}
	return &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: tg}}, true
}

// annotatedAction reads the actions.<name> annotation. Fields lbo has no
// place for (target group ARNs, authentication) fail the action, with a
// note.
func (x *ingressImport) annotatedAction(name string) (*lbov1.Action, bool) {
	key := lbc.IngressAction(name)
	v, ok := x.ing.Annotations[key]
	if !ok {
		x.note("metadata.annotations["+key+"]", "missing: a backend uses the annotated action "+name)
		return nil, false
	}
	x.consumed[key] = true
	a, err := lbc.DecodeAction(v)
	if err != nil {
		x.annotationNote(key, fmt.Sprintf("not carried over: %v (lbo carries forward to Services with weights and stickiness, redirect and fixed-response)", err))
		return nil, false
	}
	fail := func(msg string) (*lbov1.Action, bool) {
		x.annotationNote(key, "not carried over: "+msg)
		return nil, false
	}
	switch {
	case a.Type == lbc.ActionForward && a.ForwardConfig != nil:
		fwd := &lbov1.ForwardAction{}
		for i, t := range a.ForwardConfig.TargetGroups {
			weight := int32(1) // lbo's default, as the controller's
			if t.Weight != nil {
				weight = *t.Weight
			}
			if t.ServiceName == "" {
				tg := x.existingTargetGroup(lbov1.ExistingTargetGroup{ARN: t.TargetGroupARN, Name: t.TargetGroupName})
				fwd.TargetGroups = append(fwd.TargetGroups, lbov1.WeightedTargetGroup{Name: tg, Weight: weight})
				continue
			}
			port := networkingv1.ServiceBackendPort{Number: t.ServicePort.IntVal}
			if t.ServicePort.Type == intstr.String {
				if n, err := lbc.DecodeInt(t.ServicePort.StrVal); err == nil {
					port = networkingv1.ServiceBackendPort{Number: n}
				} else {
					port = networkingv1.ServiceBackendPort{Name: t.ServicePort.StrVal}
				}
			}
			tg, ok := x.targetGroup(t.ServiceName, port, fmt.Sprintf("metadata.annotations[%s].forwardConfig.targetGroups[%d]", key, i))
			if !ok {
				return nil, false
			}
			fwd.TargetGroups = append(fwd.TargetGroups, lbov1.WeightedTargetGroup{Name: tg, Weight: weight})
		}
		if len(fwd.TargetGroups) == 1 && a.ForwardConfig.TargetGroupStickinessConfig == nil && a.ForwardConfig.TargetGroups[0].ServiceName == "" {
			// lbo writes a forward to one target group AWS has as this very
			// action.
			fwd = &lbov1.ForwardAction{TargetGroup: fwd.TargetGroups[0].Name}
		}
		if st := a.ForwardConfig.TargetGroupStickinessConfig; st != nil {
			fwd.Stickiness = &lbov1.ForwardStickiness{Enabled: st.Enabled}
			if st.DurationSeconds != nil {
				fwd.Stickiness.DurationSeconds = *st.DurationSeconds
			}
		}
		return &lbov1.Action{Forward: fwd}, true
	case a.Type == lbc.ActionRedirect && a.RedirectConfig != nil:
		r := a.RedirectConfig
		red := &lbov1.RedirectAction{}
		// #{...} keeps the request's own value, as an unset lbo field does.
		keep := func(v *string) string {
			if v == nil || strings.HasPrefix(*v, "#{") {
				return ""
			}
			return *v
		}
		red.Scheme, red.Host, red.Path = keep(r.Protocol), keep(r.Host), keep(r.Path)
		if r.Query != nil && *r.Query != "#{query}" {
			// "" removes the query, which an unset query would keep.
			red.Query = ptr.To(*r.Query)
		}
		if p := keep(r.Port); p != "" {
			n, err := lbc.DecodeInt(p)
			if err != nil {
				return fail(fmt.Sprintf("redirect port %q is not a number", p))
			}
			red.Port = n
		}
		code, err := lbc.DecodeRedirectStatus(r.StatusCode)
		if err != nil {
			return fail(err.Error() + "; lbo redirects with those")
		}
		red.StatusCode = code
		return &lbov1.Action{Redirect: red}, true
	case a.Type == lbc.ActionFixedResponse && a.FixedResponseConfig != nil:
		f := a.FixedResponseConfig
		code, err := lbc.DecodeInt(f.StatusCode)
		if err != nil {
			return fail(fmt.Sprintf("fixed-response statusCode %q is not a number", f.StatusCode))
		}
		return &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: code, ContentType: ptrString(f.ContentType), Body: ptrString(f.MessageBody)}}, true
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
			HealthCheck: readHealthCheck(svc.Annotations, lbc.IngressHealthCheck, objectName(svc), map[string]bool{}, &x.notes),
		}
		readL7TargetGroupSettings(&tg, svc.Annotations, objectName(svc), map[string]bool{}, &x.notes)
	}
	// The target control port: the controller reads it from the Service
	// first, then the Ingress.
	tcp := lbc.IngressTargetControlPort(svcName, number)
	if v, ok := x.ing.Annotations[tcp]; ok {
		x.consumed[tcp] = true
		if n, err := lbc.DecodeInt(v); err != nil {
			x.annotationNote(tcp, fmt.Sprintf("not carried over: %v", err))
		} else {
			tg.TargetControlPort = n
		}
	}
	if svc != nil {
		if v, ok := svc.Annotations[tcp]; ok {
			if n, err := lbc.DecodeInt(v); err == nil {
				tg.TargetControlPort = n
			}
		}
	}
	for slices.ContainsFunc(x.lb.Spec.TargetGroups, func(t lbov1.TargetGroup) bool { return t.Name == tg.Name }) {
		tg.Name += "-" + strconv.Itoa(int(number))
	}
	x.targetGroups[key] = tg.Name
	x.lb.Spec.TargetGroups = append(x.lb.Spec.TargetGroups, tg)
	return tg.Name, true
}

// existingTargetGroup returns the name of the target group for one that
// exists in AWS, making it the first time.
func (x *ingressImport) existingTargetGroup(e lbov1.ExistingTargetGroup) string {
	if i := slices.IndexFunc(x.lb.Spec.TargetGroups, func(t lbov1.TargetGroup) bool { return t.Existing != nil && *t.Existing == e }); i >= 0 {
		return x.lb.Spec.TargetGroups[i].Name
	}
	name := strings.ToLower(e.Name)
	if e.ARN != "" {
		name = targetGroupNameOfARN(e.ARN)
	}
	if !ruleNamePattern.MatchString(name) || len(name) > 45 {
		name = "existing"
	}
	for slices.ContainsFunc(x.lb.Spec.TargetGroups, func(t lbov1.TargetGroup) bool { return t.Name == name }) {
		name += "-x"
	}
	x.lb.Spec.TargetGroups = append(x.lb.Spec.TargetGroups, lbov1.TargetGroup{Name: name, Existing: &e})
	return name
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

// l7Settings reads ssl-redirect, the IngressGroup and authentication.
func (x *ingressImport) l7Settings(s *svcImport) {
	spec := &x.lb.Spec
	if v, ok := s.get(lbc.IngressSSLRedirect); ok {
		if p, err := lbc.DecodeInt(v); err != nil {
			s.notCarried(lbc.IngressSSLRedirect, "%q is not a port number", v)
		} else {
			spec.HTTPSRedirectPort = &p
			s.track("spec.httpsRedirectPort", func() {
				spec.HTTPSRedirectPort = nil
				for i := range spec.Listeners {
					if l := &spec.Listeners[i]; l.DefaultAction == nil && x.defaultAction != nil {
						l.DefaultAction = x.defaultAction.DeepCopy()
					}
				}
			}, annotationField(lbc.IngressSSLRedirect))
		}
	}
	if name, ok := s.get(lbc.IngressGroupName); ok {
		g := &lbov1.Group{Name: lbc.DecodeString(name)}
		sources := []string{annotationField(lbc.IngressGroupName)}
		if v, ok := s.get(lbc.IngressGroupOrder); ok {
			if n, err := lbc.DecodeInt(v); err != nil {
				s.notCarried(lbc.IngressGroupOrder, "%q is not a number; the order is the controller's default, 0", v)
			} else {
				g.Order = n
				sources = append(sources, annotationField(lbc.IngressGroupOrder))
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
	} else if _, ok := s.get(lbc.IngressGroupOrder); ok {
		s.notCarried(lbc.IngressGroupOrder, "there is no group.name: the order of a group's members means nothing outside one")
	}
	x.authentication(s)
}

// authAnnotations are the annotations that go with auth-type.
var authAnnotations = []string{lbc.IngressAuthIDPOIDC, lbc.IngressAuthIDPCognito, lbc.IngressAuthOnUnauthenticated,
	lbc.IngressAuthScope, lbc.IngressAuthSessionCookie, lbc.IngressAuthSessionTimeout}

// authentication reads auth-type and the auth-* annotations that go with it.
func (x *ingressImport) authentication(s *svcImport) {
	carried := false
	defer func() {
		if carried {
			return
		}
		for _, k := range authAnnotations {
			if v, ok := s.ann[k]; ok && !s.consumed[k] {
				s.get(k)
				s.notCarried(k, "the authentication it belongs to is not (see auth-type) (value %q)", v)
			}
		}
	}()
	spec := &x.lb.Spec
	typ, ok := s.get(lbc.IngressAuthType)
	jwt, hasJWT := s.get(lbc.IngressJWTValidation)
	if hasJWT && ok && lbc.DecodeString(typ) != lbc.AuthTypeNone {
		s.notCarried(lbc.IngressJWTValidation, "the AWS Load Balancer Controller refuses JWT validation beside authentication (auth-type %s) (value %q)", typ, jwt)
		hasJWT = false
	}
	if !ok || lbc.DecodeString(typ) == lbc.AuthTypeNone {
		for _, k := range authAnnotations {
			if v, ok := s.get(k); ok {
				s.notCarried(k, "no auth-type enables authentication (value %q)", v)
			}
		}
		if hasJWT {
			x.jwtValidation(s, jwt)
		}
		return
	}
	auth := &lbov1.Authentication{}
	sources := []string{annotationField(lbc.IngressAuthType)}
	value := func(key string) (string, bool) {
		v, ok := s.get(key)
		if !ok {
			s.notCarried(lbc.IngressAuthType, "auth-type %s needs %s", typ, key)
		}
		return v, ok
	}
	switch lbc.DecodeString(typ) {
	case lbc.AuthTypeOIDC:
		v, ok := value(lbc.IngressAuthIDPOIDC)
		if !ok {
			return
		}
		o, err := lbc.DecodeOIDC(v)
		if err != nil {
			s.notCarried(lbc.IngressAuthIDPOIDC, "%v", err)
			return
		}
		sources = append(sources, annotationField(lbc.IngressAuthIDPOIDC))
		auth.OIDC = &lbov1.OIDCAuthentication{Issuer: o.Issuer, AuthorizationEndpoint: o.AuthorizationEndpoint,
			TokenEndpoint: o.TokenEndpoint, UserInfoEndpoint: o.UserInfoEndpoint, ClientSecretName: o.SecretName,
			AuthenticationRequestExtraParams: extraParams(o.AuthenticationRequestExtraParams)}
	case lbc.AuthTypeCognito:
		v, ok := value(lbc.IngressAuthIDPCognito)
		if !ok {
			return
		}
		c, err := lbc.DecodeCognito(v)
		if err != nil {
			s.notCarried(lbc.IngressAuthIDPCognito, "%v", err)
			return
		}
		sources = append(sources, annotationField(lbc.IngressAuthIDPCognito))
		auth.Cognito = &lbov1.CognitoAuthentication{UserPoolARN: c.UserPoolARN, UserPoolClientID: c.UserPoolClientID, UserPoolDomain: c.UserPoolDomain,
			AuthenticationRequestExtraParams: extraParams(c.AuthenticationRequestExtraParams)}
	default:
		s.notCarried(lbc.IngressAuthType, "lbo authenticates with oidc or cognito, not %q", typ)
		return
	}
	if v, ok := s.get(lbc.IngressAuthOnUnauthenticated); ok {
		auth.OnUnauthenticatedRequest = lbc.DecodeString(v)
		sources = append(sources, annotationField(lbc.IngressAuthOnUnauthenticated))
	}
	if v, ok := s.get(lbc.IngressAuthScope); ok {
		auth.Scope = lbc.DecodeSpaceList(v)
		sources = append(sources, annotationField(lbc.IngressAuthScope))
	}
	if v, ok := s.get(lbc.IngressAuthSessionCookie); ok {
		auth.SessionCookieName = lbc.DecodeString(v)
		sources = append(sources, annotationField(lbc.IngressAuthSessionCookie))
	}
	if v, ok := s.get(lbc.IngressAuthSessionTimeout); ok {
		if n, err := lbc.DecodeInt(v); err != nil {
			s.notCarried(lbc.IngressAuthSessionTimeout, "%q is not a number of seconds", v)
		} else {
			auth.SessionTimeoutSeconds = n
			sources = append(sources, annotationField(lbc.IngressAuthSessionTimeout))
		}
	}
	spec.Authentication, carried = auth, true
	s.track("spec.authentication", func() { spec.Authentication = nil }, sources...)
}

// jwtValidation reads jwt-validation into authentication.jwt.
func (x *ingressImport) jwtValidation(s *svcImport, v string) {
	j, err := lbc.DecodeJWTValidation(v)
	if err != nil {
		s.notCarried(lbc.IngressJWTValidation, "%v", err)
		return
	}
	spec := &x.lb.Spec
	jwt := &lbov1.JWTValidation{Issuer: j.Issuer, JWKSEndpoint: j.JWKSEndpoint}
	for _, c := range j.AdditionalClaims {
		jwt.AdditionalClaims = append(jwt.AdditionalClaims, lbov1.JWTClaim{Name: c.Name, Format: c.Format, Values: c.Values})
	}
	spec.Authentication = &lbov1.Authentication{JWT: jwt}
	s.track("spec.authentication", func() { spec.Authentication = nil }, annotationField(lbc.IngressJWTValidation))
}

// extraParams are an identity provider's extra parameters as lbo types them.
func extraParams(m map[string]string) map[string]lbov1.ExtraParamValue {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]lbov1.ExtraParamValue, len(m))
	for k, v := range m {
		out[k] = lbov1.ExtraParamValue(v)
	}
	return out
}

// listenerSettings reads listener-attributes.<protocol>-<port> and
// mutual-authentication into the listeners they name.
func (x *ingressImport) listenerSettings(s *svcImport) {
	spec := &x.lb.Spec
	find := func(protocol string, port int32) int {
		return slices.IndexFunc(spec.Listeners, func(l lbov1.Listener) bool {
			return string(l.Protocol) == protocol && l.Port == port
		})
	}
	for _, key := range sortedKeys(s.ann) {
		protocol, port, ok := lbc.CutIngressListenerAttributes(key)
		if !ok {
			continue
		}
		m := s.stringMap(key)
		if m == nil {
			continue
		}
		i := find(protocol, port)
		if i < 0 {
			s.notCarried(key, "no listener is %s-%d (protocol and port)", protocol, port)
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
	v, ok := s.get(lbc.IngressMutualAuthentication)
	if !ok {
		return
	}
	entries, err := lbc.DecodeMutualAuthentication(v)
	if err != nil {
		s.notCarried(lbc.IngressMutualAuthentication, "%v", err)
		return
	}
	for _, e := range entries {
		i := find("HTTPS", e.Port)
		if i < 0 {
			s.notCarried(lbc.IngressMutualAuthentication, "port %d: no HTTPS listener has it", e.Port)
			continue
		}
		m := &lbov1.MutualAuthentication{Mode: e.Mode, TrustStore: e.TrustStore, IgnoreClientCertificateExpiry: e.IgnoreClientCertificateExpiry}
		if e.AdvertiseTrustStoreCANames != "" {
			b, err := lbc.DecodeOnOff(e.AdvertiseTrustStoreCANames)
			if err != nil {
				s.notCarried(lbc.IngressMutualAuthentication, "port %d: advertiseTrustStoreCaNames: %v", e.Port, err)
				continue
			}
			m.AdvertiseTrustStoreCANames = &b
		}
		l := &spec.Listeners[i]
		l.MutualAuthentication = m
		s.track(fmt.Sprintf("spec.listeners[%d].mutualAuthentication", i), func() { l.MutualAuthentication = nil }, annotationField(lbc.IngressMutualAuthentication))
	}
}

// readL7TargetGroupSettings reads the backend protocol, its version and the
// target group attributes from annotations into tg, marking what it read in
// consumed and noting what it cannot carry.
func readL7TargetGroupSettings(tg *lbov1.TargetGroup, ann map[string]string, object string, consumed map[string]bool, notes *[]Note) {
	note := func(key, format string, args ...any) {
		*notes = append(*notes, Note{Object: object, Field: annotationField(key), Message: "not carried over: " + fmt.Sprintf(format, args...)})
	}
	if v, ok := ann[lbc.IngressBackendProtocol]; ok {
		tg.BackendProtocol, consumed[lbc.IngressBackendProtocol] = lbov1.BackendProtocol(lbc.DecodeString(v)), true
	}
	if v, ok := ann[lbc.IngressBackendProtocolVersion]; ok {
		tg.BackendProtocolVersion, consumed[lbc.IngressBackendProtocolVersion] = lbov1.BackendProtocolVersion(lbc.DecodeString(v)), true
	}
	v, ok := ann[lbc.IngressTargetGroupAttributes]
	if !ok {
		return
	}
	consumed[lbc.IngressTargetGroupAttributes] = true
	m, err := lbc.DecodeMap(v)
	if err != nil {
		note(lbc.IngressTargetGroupAttributes, "the AWS Load Balancer Controller refuses it too: %v", err)
		return
	}
	a := &lbov1.TargetGroupAttributes{}
	if d, ok := m["deregistration_delay.timeout_seconds"]; ok {
		if n, err := lbc.DecodeAttributeInt(d); err != nil {
			note(lbc.IngressTargetGroupAttributes, "deregistration_delay.timeout_seconds: %v", err)
		} else {
			a.DeregistrationDelaySeconds = &n
		}
		delete(m, "deregistration_delay.timeout_seconds")
	}
	if kind := m["stickiness.type"]; kind == "lb_cookie" || kind == "app_cookie" {
		st := &lbov1.CookieStickiness{}
		enabled, err := lbc.DecodeAttributeBool(m["stickiness.enabled"])
		if err != nil {
			note(lbc.IngressTargetGroupAttributes, "stickiness.enabled: %v", err)
		} else {
			st.Enabled = enabled
			if kind == "app_cookie" {
				st.AppCookieName = m["stickiness.app_cookie.cookie_name"]
			}
			durationKey := "stickiness." + kind + ".duration_seconds"
			if d, ok := m[durationKey]; ok {
				if n, err := lbc.DecodeAttributeInt(d); err != nil {
					note(lbc.IngressTargetGroupAttributes, "%s: %v", durationKey, err)
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
			note(lbc.IngressTargetGroupAttributes, "%s: not an AWS attribute key (lowercase words joined by '.')", k)
			continue
		}
		if a.Additional == nil {
			a.Additional = map[string]lbov1.AttributeValue{}
		}
		a.Additional[k] = lbov1.AttributeValue(m[k])
	}
	tg.Attributes = a
}

// frontendNLB reads enable-frontend-nlb and the frontend-nlb-* annotations
// into spec.frontendNLB.
func (x *ingressImport) frontendNLB(s *svcImport) {
	keys := []string{lbc.IngressFrontendNLBScheme, lbc.IngressFrontendNLBSubnets, lbc.IngressFrontendNLBEIPAllocations,
		lbc.IngressFrontendNLBSecurityGroups, lbc.IngressFrontendNLBListenerPortMap, lbc.IngressFrontendNLBTags, lbc.IngressFrontendNLBAttributes,
		lbc.FrontendNLBHealthCheck.Protocol, lbc.FrontendNLBHealthCheck.Port, lbc.FrontendNLBHealthCheck.Path, lbc.FrontendNLBHealthCheck.Interval,
		lbc.FrontendNLBHealthCheck.Timeout, lbc.FrontendNLBHealthCheck.HealthyThreshold, lbc.FrontendNLBHealthCheck.UnhealthyThreshold,
		lbc.FrontendNLBHealthCheck.SuccessCodes}
	enabled := s.boolean(lbc.IngressEnableFrontendNLB)
	if enabled == nil || !*enabled {
		for _, k := range keys {
			if v, ok := s.get(k); ok {
				s.notCarried(k, "no enable-frontend-nlb: \"true\" puts a Network Load Balancer in front of the ALB (value %q)", v)
			}
		}
		return
	}
	spec := &x.lb.Spec
	f := &lbov1.FrontendNLB{Scheme: lbov1.SchemeInternal}
	sources := []string{annotationField(lbc.IngressEnableFrontendNLB)}
	source := func(k string) { sources = append(sources, annotationField(k)) }
	if v, ok := s.get(lbc.IngressFrontendNLBScheme); ok {
		f.Scheme = lbov1.Scheme(lbc.DecodeString(v))
		source(lbc.IngressFrontendNLBScheme)
	}
	if l := s.list(lbc.IngressFrontendNLBSubnets); len(l) > 0 {
		f.Subnets = l
		source(lbc.IngressFrontendNLBSubnets)
	}
	if eips := s.list(lbc.IngressFrontendNLBEIPAllocations); len(eips) > 0 {
		// The controller pairs them with the subnets by position.
		if len(eips) != len(f.Subnets) {
			s.notCarried(lbc.IngressFrontendNLBEIPAllocations, "%d Elastic IPs for %d subnets; lbo pairs each with a subnet of frontend-nlb-subnets", len(eips), len(f.Subnets))
		} else {
			for i, e := range eips {
				f.StaticAddresses = append(f.StaticAddresses, lbov1.FrontendNLBAddress{Subnet: f.Subnets[i], ElasticIPAllocation: e})
			}
			slices.SortFunc(f.StaticAddresses, func(a, b lbov1.FrontendNLBAddress) int { return strings.Compare(a.Subnet, b.Subnet) })
			source(lbc.IngressFrontendNLBEIPAllocations)
		}
	}
	if l := s.list(lbc.IngressFrontendNLBSecurityGroups); len(l) > 0 {
		f.SecurityGroups = l
		source(lbc.IngressFrontendNLBSecurityGroups)
	}
	if m := s.stringMap(lbc.IngressFrontendNLBListenerPortMap); len(m) > 0 {
		for _, k := range sortedKeys(m) {
			nlb, err1 := lbc.DecodeInt(k)
			alb, err2 := lbc.DecodeInt(m[k])
			i := slices.IndexFunc(spec.Listeners, func(l lbov1.Listener) bool { return l.Port == alb })
			switch {
			case err1 != nil || err2 != nil:
				s.notCarried(lbc.IngressFrontendNLBListenerPortMap, "%s=%s is not a pair of port numbers", k, m[k])
			case i < 0:
				s.notCarried(lbc.IngressFrontendNLBListenerPortMap, "%s=%s: the Ingress has no listener on port %s, and the controller skips it", k, m[k], m[k])
			default:
				f.Listeners = append(f.Listeners, lbov1.FrontendNLBListener{Port: nlb, Listener: spec.Listeners[i].Name})
			}
		}
		slices.SortFunc(f.Listeners, func(a, b lbov1.FrontendNLBListener) int { return cmp.Compare(a.Port, b.Port) })
		source(lbc.IngressFrontendNLBListenerPortMap)
	}
	hcKeys := map[string]bool{}
	if hc := readHealthCheck(s.ann, lbc.FrontendNLBHealthCheck, s.object, hcKeys, &s.notes); hc != nil {
		f.HealthCheck = &lbov1.FrontendNLBHealthCheck{Protocol: hc.Protocol, Port: hc.Port, Path: hc.Path, IntervalSeconds: hc.IntervalSeconds,
			TimeoutSeconds: hc.TimeoutSeconds, HealthyThresholdCount: hc.HealthyThresholdCount, UnhealthyThresholdCount: hc.UnhealthyThresholdCount,
			SuccessCodes: hc.SuccessCodes}
		for _, k := range sortedKeys(hcKeys) {
			s.consumed[k] = true
			source(k)
		}
	}
	if m := s.stringMap(lbc.IngressFrontendNLBTags); len(m) > 0 {
		f.Tags = map[string]lbov1.TagValue{}
		for k, v := range m {
			f.Tags[k] = lbov1.TagValue(v)
		}
		source(lbc.IngressFrontendNLBTags)
	}
	spec.FrontendNLB = f
	s.loadBalancerAttributes(lbc.IngressFrontendNLBAttributes, "spec.frontendNLB.attributes", &f.Attributes)
	s.track("spec.frontendNLB", func() { spec.FrontendNLB = nil }, sources...)
}
