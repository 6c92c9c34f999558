package gateway

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// How an L7 LoadBalancer becomes HTTPRoutes, and how its rules keep their
// declared order.
//
// The AWS Load Balancer Controller gives an ALB listener one rule for each
// hostname of each match of each HTTPRoute rule attached to it, and orders
// them by Gateway API precedence, not by where they stand in a route
// (pkg/gateway/routeutils/route_rule_precedence.go): first the hostname
// (any hostname before none, an exact one before a wildcard, then more
// labels, then more characters), then the path (Exact before PathPrefix,
// then the longer value), then a method before none, then more headers, then
// more query parameters. Only when all of these tie does it fall back on the
// route's creation time, then the route's namespace/name, then the rule's
// index in the route and the match's index in the rule.
//
// lbo keeps spec.rules order as the priority as follows:
//
//   - listeners that take the same rules and default action form a class,
//     whose routes have every listener of the class as parents;
//   - a class has one HTTPRoute for each hostname its rules name, and one
//     without hostnames for the rules without hosts and the default action;
//     each holds its rules in declared order (more than 16 rules, the most a
//     route holds, spill into further routes);
//   - a rule whose hosts cover another rule's hostname (a wildcard, or no
//     hosts at all) is also written into that hostname's route when it comes
//     before that rule in spec.rules: the controller tries a more specific
//     hostname first, and the copy keeps the earlier rule first there;
//   - within one hostname, the precedence of the path, method, headers and
//     query parameters still comes before the rule's index: lbo refuses, naming
//     both rules, any pair that precedence would swap when a request can match
//     both and they act differently. Two rules as specific as each other in
//     different routes would be ordered by the routes' creation times, which
//     lbo cannot promise: that is refused too.
//
// The default action is the last rule of the route without hostnames, with
// the least specific match there is (PathPrefix /), since a Gateway listener
// has no default action of its own: the controller answers 404 when no rule
// matches.

// maxRouteRules and maxRouteMatches are Gateway API's limits on an HTTPRoute:
// 16 rules, and fewer than 128 matches across them.
const (
	maxRouteRules   = 16
	maxRouteMatches = 127
)

// l7Class is a set of listeners that take the same routes.
type l7Class struct {
	name      string // the first listener's name, which names the routes
	listeners []int
	rules     []int
	// def is the default action, nil for a listener of a group of one that
	// leaves it to the controller (404).
	def     *lbov1.Action
	defPath *field.Path
	// defAuth is how the default action authenticates.
	defAuth *lbov1.Authentication
}

// routeRule is one lbo rule or default action as an HTTPRoute rule, with
// what the ordering check needs.
type routeRule struct {
	// order is the rule's index in spec.rules; default actions come last.
	order int
	path  *field.Path
	what  string // "rule api", "the default action of listener http"
	rule  gwv1.HTTPRouteRule
	// matches describe rule.Matches, one for one.
	matches []match
	// behaviour is what the rule does to a request it takes (action and
	// authentication); rules that do the same may take each other's
	// requests.
	behaviour string
	sourceIPs []string
	// config is the rule's ListenerRuleConfiguration, or nil.
	config *listenerRuleConfigurationSpec
	// backends are the target groups it forwards to.
	backends []int
}

// l7 makes the HTTPRoutes and ListenerRuleConfigurations of an L7
// LoadBalancer and returns the Gateway's listeners.
func (x *expansion) l7() []gwv1.Listener {
	spec := field.NewPath("spec")
	var listeners []gwv1.Listener
	for i, l := range x.lb.Spec.Listeners {
		p := spec.Child("listeners").Index(i)
		var proto gwv1.ProtocolType
		switch l.Protocol {
		case lbov1.ProtocolHTTP:
			proto = gwv1.HTTPProtocolType
		case lbov1.ProtocolHTTPS:
			proto = gwv1.HTTPSProtocolType
			if l.TLS == nil && x.aws {
				x.problems = append(x.problems, field.Required(p.Child("tls"), "an HTTPS listener needs tls.certificateARNs"))
			}
		default:
			x.problems = append(x.problems, field.NotSupported(p.Child("protocol"), l.Protocol, []string{"HTTP", "HTTPS"}))
			continue
		}
		// The controller reads certificates from the LoadBalancerConfiguration,
		// never from the listener's certificateRefs, and an HTTPS listener
		// may leave tls out.
		listeners = append(listeners, gwv1.Listener{Name: gwv1.SectionName(l.Name), Port: gwv1.PortNumber(l.Port), Protocol: proto})
	}
	classes := x.l7Classes()
	rules := make([]*routeRule, len(x.lb.Spec.Rules))
	for i := range x.lb.Spec.Rules {
		rules[i] = x.routeRule(i)
	}
	configs := map[string]*listenerRuleConfigurationSpec{}
	for _, c := range classes {
		var def *routeRule
		if c.def != nil {
			def = x.defaultRouteRule(c)
		}
		x.classRoutes(c, rules, def)
		for _, i := range c.rules {
			x.redirectPorts(&x.lb.Spec.Rules[i].Action, rules[i].path.Child("action"), c.listeners)
		}
		x.redirectPorts(c.def, c.defPath, c.listeners)
		if def != nil && def.config != nil {
			configs[x.defaultConfigName(x.lb.Spec.Listeners[c.listeners[0]].Name)] = def.config
		}
		x.checkVersions(c, rules, def)
	}
	for i, r := range rules {
		if r.config != nil {
			configs[x.ruleConfigName(x.lb.Spec.Rules[i].Name)] = r.config
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range configs {
			if !yield(n) {
				return
			}
		}
	}) {
		x.add(awsObject(KindListenerRuleConfiguration, x.meta(name), configs[name]), ListenerRuleConfigurationGVK)
	}
	return listeners
}

// l7Classes groups the listeners that take the same rules and default action.
// With httpsRedirectPort, HTTP listeners take no rules and redirect every
// request to HTTPS on that port, as the annotation backend's ssl-redirect.
func (x *expansion) l7Classes() []*l7Class {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	var classes []*l7Class
	redirected := map[int]bool{}
	for i, l := range spec.Listeners {
		c := &l7Class{name: l.Name, def: l.DefaultAction, defPath: path.Child("listeners").Index(i).Child("defaultAction"), defAuth: spec.Authentication}
		if spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
			redirected[i] = true
			c.def = &lbov1.Action{Redirect: &lbov1.RedirectAction{Scheme: "HTTPS", Port: *spec.HTTPSRedirectPort, StatusCode: 301}}
			c.defPath, c.defAuth = path.Child("httpsRedirectPort"), nil
		} else {
			for r, rule := range spec.Rules {
				if len(rule.Listeners) == 0 || slices.Contains(rule.Listeners, l.Name) {
					c.rules = append(c.rules, r)
				}
			}
		}
		if c.def == nil && len(c.rules) == 0 {
			x.problems = append(x.problems, field.Required(c.defPath,
				"the listener has neither a default action nor rules that apply to it, so it would carry nothing (the AWS Load Balancer Controller makes no listener without routes)"))
			continue
		}
		k := slices.IndexFunc(classes, func(o *l7Class) bool {
			return slices.Equal(o.rules, c.rules) && reflect.DeepEqual(o.def, c.def) && reflect.DeepEqual(o.defAuth, c.defAuth)
		})
		if k < 0 {
			classes = append(classes, c)
			k = len(classes) - 1
		}
		classes[k].listeners = append(classes[k].listeners, i)
	}
	for i, r := range spec.Rules {
		if len(r.Listeners) > 0 && !slices.ContainsFunc(r.Listeners, func(n string) bool {
			j := slices.IndexFunc(spec.Listeners, func(l lbov1.Listener) bool { return l.Name == n })
			return j >= 0 && !redirected[j]
		}) {
			x.problems = append(x.problems, field.Invalid(path.Child("rules").Index(i).Child("listeners"), r.Listeners,
				"every listener it names is an HTTP listener that httpsRedirectPort redirects, so the rule would never apply"))
		}
	}
	return classes
}

// ruleAuthentication is how rule i authenticates: its own provider, none, or
// the LoadBalancer's.
func (x *expansion) ruleAuthentication(i int) *lbov1.Authentication {
	r := &x.lb.Spec.Rules[i]
	switch {
	case r.SkipAuthentication:
		return nil
	case r.Authentication != nil:
		return r.Authentication
	}
	return x.lb.Spec.Authentication
}

// routeRule turns spec.rules[i] into an HTTPRoute rule: a match for each
// combination of its paths, methods and query strings (an HTTPRoute match
// has one of each, and lbo's are alternatives), each with all its headers.
func (x *expansion) routeRule(i int) *routeRule {
	r := &x.lb.Spec.Rules[i]
	path := field.NewPath("spec", "rules").Index(i)
	rr := &routeRule{order: i, path: path, what: "rule " + r.Name, sourceIPs: r.Conditions.SourceIPs}
	rr.rule.Name = ptr.To(gwv1.SectionName(r.Name))
	c := r.Conditions
	paths := c.Paths
	if len(paths) == 0 {
		paths = []lbov1.PathMatch{{Path: "/", Type: lbov1.PathPrefix}}
	}
	methods := c.Methods
	if len(methods) == 0 {
		methods = []string{""}
	}
	queries := c.QueryStrings
	if len(queries) == 0 {
		queries = []lbov1.QueryStringMatch{{}}
	}
	var headers []gwv1.HTTPHeaderMatch
	for _, h := range c.Headers {
		headers = append(headers, gwv1.HTTPHeaderMatch{Type: ptr.To(gwv1.HeaderMatchExact), Name: gwv1.HTTPHeaderName(h.Name), Value: joinHeaderValues(h.Values)})
	}
	for _, p := range paths {
		for _, m := range methods {
			for _, q := range queries {
				gm := gwv1.HTTPRouteMatch{Path: &gwv1.HTTPPathMatch{Type: ptr.To(pathMatchType(p.Type)), Value: ptr.To(p.Path)}, Headers: headers}
				if q.Value != "" {
					gm.QueryParams = []gwv1.HTTPQueryParamMatch{{Type: ptr.To(gwv1.QueryParamMatchExact), Name: gwv1.HTTPHeaderName(q.Key), Value: q.Value}}
				}
				if m != "" {
					gm.Method = ptr.To(gwv1.HTTPMethod(m))
				}
				rr.rule.Matches = append(rr.rule.Matches, gm)
				rr.matches = append(rr.matches, newMatch(p, m, q, c.Headers))
			}
		}
	}
	auth := x.ruleAuthentication(i)
	x.action(rr, r.Action, auth, path.Child("action"), x.ruleConfigName(r.Name))
	return rr
}

// defaultRouteRule is the default action of class c as the last rule of its
// route without hostnames.
func (x *expansion) defaultRouteRule(c *l7Class) *routeRule {
	listener := x.lb.Spec.Listeners[c.listeners[0]].Name
	rr := &routeRule{order: math.MaxInt, path: c.defPath, what: "the default action of listener " + listener}
	rr.rule.Matches = []gwv1.HTTPRouteMatch{{Path: &gwv1.HTTPPathMatch{Type: ptr.To(gwv1.PathMatchPathPrefix), Value: ptr.To("/")}}}
	rr.matches = []match{newMatch(lbov1.PathMatch{Path: "/", Type: lbov1.PathPrefix}, "", lbov1.QueryStringMatch{}, nil)}
	x.action(rr, *c.def, c.defAuth, c.defPath, x.defaultConfigName(listener))
	return rr
}

// action writes what a rule does: backendRefs for a forward, a
// RequestRedirect filter for a redirect and, for the AWS Load Balancer
// Controller, a ListenerRuleConfiguration for what Gateway API cannot say
// (fixed responses, authentication, source IPs, a redirect's query, a
// forward's stickiness, tags), named by an ExtensionRef filter.
func (x *expansion) action(rr *routeRule, a lbov1.Action, auth *lbov1.Authentication, path *field.Path, configName string) {
	cfg := &listenerRuleConfigurationSpec{}
	switch {
	case a.Forward != nil:
		weighted := a.Forward.TargetGroups
		if a.Forward.TargetGroup != "" {
			weighted = []lbov1.WeightedTargetGroup{{Name: a.Forward.TargetGroup, Weight: 1}}
		}
		anyWeight := false
		for j, w := range weighted {
			p := path.Child("forward", "targetGroups").Index(j).Child("name")
			if a.Forward.TargetGroup != "" {
				p = path.Child("forward", "targetGroup")
			}
			k, ok := x.tgs[w.Name]
			if !ok {
				x.problems = append(x.problems, field.NotFound(p, w.Name))
				continue
			}
			tg := &x.lb.Spec.TargetGroups[k]
			ref := gwv1.HTTPBackendRef{BackendRef: gwv1.BackendRef{BackendObjectReference: gwv1.BackendObjectReference{
				Name: gwv1.ObjectName(x.serviceName(tg)), Port: ptr.To(gwv1.PortNumber(x.servicePort(tg))),
			}}}
			if a.Forward.TargetGroup == "" {
				ref.Weight = ptr.To(w.Weight)
			}
			anyWeight = anyWeight || w.Weight > 0
			rr.rule.BackendRefs = append(rr.rule.BackendRefs, ref)
			rr.backends = append(rr.backends, k)
		}
		if !anyWeight && len(weighted) > 0 {
			x.problems = append(x.problems, field.Invalid(path.Child("forward", "targetGroups"), "0",
				"every weight is 0: the AWS Load Balancer Controller then answers 500 instead of forwarding; give one target group a weight"))
		}
		if st := a.Forward.Stickiness; st != nil && x.aws {
			s := &targetGroupStickiness{Enabled: st.Enabled}
			if st.DurationSeconds != 0 {
				s.DurationSeconds = ptr.To(st.DurationSeconds)
			}
			cfg.Actions = append(cfg.Actions, ruleAction{Type: "forward", ForwardConfig: &forwardActionConfig{TargetGroupStickinessConfig: s}})
		}
	case a.Redirect != nil:
		r := a.Redirect
		f := &gwv1.HTTPRequestRedirectFilter{StatusCode: ptr.To(int(cmp.Or(r.StatusCode, 301)))}
		if r.Scheme != "" {
			f.Scheme = ptr.To(strings.ToLower(r.Scheme))
		}
		if r.Host != "" {
			f.Hostname = ptr.To(gwv1.PreciseHostname(r.Host))
		}
		if r.Port != 0 {
			f.Port = ptr.To(gwv1.PortNumber(r.Port))
		}
		if r.Path != "" {
			f.Path = &gwv1.HTTPPathModifier{Type: gwv1.FullPathHTTPPathModifier, ReplaceFullPath: ptr.To(r.Path)}
		}
		rr.rule.Filters = append(rr.rule.Filters, gwv1.HTTPRouteFilter{Type: gwv1.HTTPRouteFilterRequestRedirect, RequestRedirect: f})
		if r.Query != nil && *r.Query != "" && x.aws {
			cfg.Actions = append(cfg.Actions, ruleAction{Type: "redirect", RedirectConfig: &redirectActionConfig{Query: *r.Query}})
		}
	case a.FixedResponse != nil:
		f := a.FixedResponse
		if x.aws {
			cfg.Actions = append(cfg.Actions, ruleAction{Type: "fixed-response", FixedResponseConfig: &fixedResponseConfig{
				StatusCode: f.StatusCode, ContentType: cmp.Or(f.ContentType, "text/plain"), MessageBody: f.Body,
			}})
		}
	default:
		x.problems = append(x.problems, field.Required(path, "set one of forward, redirect or fixedResponse"))
	}
	if !x.aws {
		rr.behaviour = mustJSON(a)
		return
	}
	if auth != nil {
		// The controller takes the pre-routing action on HTTPS listeners
		// only, as the annotation backend's authentication.
		cfg.Actions = append([]ruleAction{authenticateAction(auth)}, cfg.Actions...)
	}
	if len(rr.sourceIPs) > 0 {
		cfg.Conditions = []ruleCondition{{Field: "source-ip", SourceIPConfig: &sourceIPConfig{Values: rr.sourceIPs}}}
	}
	cfg.Tags = tags(x.lb)
	if len(cfg.Actions) > 0 || len(cfg.Conditions) > 0 || len(cfg.Tags) > 0 {
		rr.config = cfg
		rr.rule.Filters = append(rr.rule.Filters, gwv1.HTTPRouteFilter{Type: gwv1.HTTPRouteFilterExtensionRef, ExtensionRef: &gwv1.LocalObjectReference{
			Group: AWSGroup, Kind: KindListenerRuleConfiguration, Name: gwv1.ObjectName(configName),
		}})
	}
	rr.behaviour = mustJSON(struct {
		Action lbov1.Action
		Auth   *lbov1.Authentication
	}{a, auth})
}

// authenticateAction is the pre-routing action of an authentication.
func authenticateAction(a *lbov1.Authentication) ruleAction {
	var timeout *int64
	if a.SessionTimeoutSeconds != 0 {
		timeout = ptr.To(int64(a.SessionTimeoutSeconds))
	}
	scope := strings.Join(a.Scope, " ")
	if o := a.OIDC; o != nil {
		return ruleAction{Type: "authenticate-oidc", AuthenticateOIDCConfig: &authenticateOIDC{
			AuthorizationEndpoint: o.AuthorizationEndpoint, Secret: secretName{Name: o.ClientSecretName}, Issuer: o.Issuer,
			TokenEndpoint: o.TokenEndpoint, UserInfoEndpoint: o.UserInfoEndpoint, Scope: scope,
			OnUnauthenticatedRequest: a.OnUnauthenticatedRequest, SessionCookieName: a.SessionCookieName, SessionTimeout: timeout,
		}}
	}
	c := a.Cognito
	if c == nil {
		return ruleAction{} // JWT validation, refused by refuseNotCarried
	}
	return ruleAction{Type: "authenticate-cognito", AuthenticateCognitoConfig: &authenticateCognito{
		UserPoolArn: c.UserPoolARN, UserPoolClientID: c.UserPoolClientID, UserPoolDomain: c.UserPoolDomain, Scope: scope,
		OnUnauthenticatedRequest: a.OnUnauthenticatedRequest, SessionCookieName: a.SessionCookieName, SessionTimeout: timeout,
	}}
}

// hostGroup is the rules of a class that a request for one hostname meets
// in the hostname's route, in declared order.
type hostGroup struct {
	hostname string
	rules    []*routeRule
}

// classRoutes makes the HTTPRoutes of class c and checks that the controller
// keeps their rules in declared order.
func (x *expansion) classRoutes(c *l7Class, rules []*routeRule, def *routeRule) {
	hosts := sets.New[string]()
	for _, i := range c.rules {
		hosts.Insert(x.lb.Spec.Rules[i].Conditions.Hosts...)
	}
	var groups []hostGroup
	for _, h := range sets.List(hosts) {
		last := -1
		for _, i := range c.rules {
			if slices.Contains(x.lb.Spec.Rules[i].Conditions.Hosts, h) {
				last = i
			}
		}
		g := hostGroup{hostname: h}
		for _, i := range c.rules {
			if slices.Contains(x.lb.Spec.Rules[i].Conditions.Hosts, h) || (i < last && coversHost(x.lb.Spec.Rules[i].Conditions.Hosts, h)) {
				g.rules = append(g.rules, rules[i])
			}
		}
		groups = append(groups, g)
	}
	catchAll := hostGroup{}
	for _, i := range c.rules {
		if len(x.lb.Spec.Rules[i].Conditions.Hosts) == 0 {
			catchAll.rules = append(catchAll.rules, rules[i])
		}
	}
	if def != nil {
		catchAll.rules = append(catchAll.rules, def)
	}
	if len(catchAll.rules) > 0 {
		groups = append(groups, catchAll)
	}
	var parents []gwv1.ParentReference
	for _, l := range c.listeners {
		parents = append(parents, gwv1.ParentReference{Name: gwv1.ObjectName(x.lb.Name), SectionName: ptr.To(gwv1.SectionName(x.lb.Spec.Listeners[l].Name))})
	}
	for _, g := range groups {
		chunks := chunkRules(g.rules)
		base := x.hostRouteName(c.name, g.hostname)
		for k, chunk := range chunks {
			name := base
			if k > 0 {
				name = fmt.Sprintf("%s-%d", base, k+1)
			}
			route := &gwv1.HTTPRoute{ObjectMeta: x.meta(name)}
			route.Spec.ParentRefs = parents
			if g.hostname != "" {
				route.Spec.Hostnames = []gwv1.Hostname{gwv1.Hostname(g.hostname)}
			}
			for _, rr := range chunk {
				route.Spec.Rules = append(route.Spec.Rules, rr.rule)
				for _, k := range rr.backends {
					if svc := x.lb.Spec.TargetGroups[k].Backend.Service; svc != nil {
						id := routeIdentifier{Kind: "HTTPRoute", Namespace: x.lb.Namespace, Name: name}
						if !slices.Contains(x.routesOf[svc.Name], id) {
							x.routesOf[svc.Name] = append(x.routesOf[svc.Name], id)
						}
					}
				}
			}
			x.add(route, HTTPRouteGVK)
		}
		x.checkOrder(c, g, chunks)
		x.checkConditionValues(g)
	}
}

// chunkRules cuts a hostname's rules into routes of at most 16 rules and
// fewer than 128 matches.
func chunkRules(rules []*routeRule) [][]*routeRule {
	var chunks [][]*routeRule
	var cur []*routeRule
	matches := 0
	for _, rr := range rules {
		if len(cur) == maxRouteRules || (len(cur) > 0 && matches+len(rr.matches) > maxRouteMatches) {
			chunks = append(chunks, cur)
			cur, matches = nil, 0
		}
		cur = append(cur, rr)
		matches += len(rr.matches)
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}

// coversHost reports whether a rule with hosts takes requests for hostname
// h without naming it: it has no hosts, or a wildcard that h falls under
// (*.example.com covers a.example.com and *.a.example.com, not example.com).
func coversHost(hosts []string, h string) bool {
	if len(hosts) == 0 {
		return true
	}
	for _, w := range hosts {
		if strings.HasPrefix(w, "*.") && w != h && strings.HasSuffix(h, w[1:]) {
			return true
		}
	}
	return false
}

// checkVersions refuses a target group with backendProtocolVersion HTTP2
// that an HTTP listener forwards to: the controller gives every target group
// of an HTTP listener HTTP1 (and, since it makes one target group per route
// and Service, the HTTPS listeners of the same class too). The CRD refuses
// HTTP2 and GRPC behind an HTTP listener's default action or rules for both
// backends (AWS supports them with HTTPS listeners only); this is the
// Gateway backend's own account of the same fact, kept for the listeners a
// route shares.
func (x *expansion) checkVersions(c *l7Class, rules []*routeRule, def *routeRule) {
	http := slices.ContainsFunc(c.listeners, func(i int) bool { return x.lb.Spec.Listeners[i].Protocol == lbov1.ProtocolHTTP })
	if !http {
		return
	}
	var all []*routeRule
	for _, i := range c.rules {
		all = append(all, rules[i])
	}
	if def != nil {
		all = append(all, def)
	}
	for _, rr := range all {
		for _, k := range rr.backends {
			tg := &x.lb.Spec.TargetGroups[k]
			if v := tg.BackendProtocolVersion; v != "" && v != lbov1.BackendProtocolVersionHTTP1 {
				x.problems = append(x.problems, field.Forbidden(field.NewPath("spec", "targetGroups").Index(k).Child("backendProtocolVersion"), fmt.Sprintf(
					"%s forwards to it from an HTTP listener (%s), and the AWS Load Balancer Controller's Gateway support gives the target groups of HTTP listeners HTTP1: forward to it from HTTPS listeners only", rr.what, c.name)))
			}
		}
	}
}

// checkConditionValues refuses an ALB rule with more than 5 condition values
// (an Application Load Balancer limit): the host, the path's patterns, every
// header value, the query string, the method and every source IP.
func (x *expansion) checkConditionValues(g hostGroup) {
	for _, rr := range g.rules {
		for _, m := range rr.matches {
			n := m.values + len(rr.sourceIPs)
			if g.hostname != "" {
				n++
			}
			if n > maxConditionValues {
				why := ""
				if rr.order < len(x.lb.Spec.Rules) && !slices.Contains(x.lb.Spec.Rules[rr.order].Conditions.Hosts, g.hostname) {
					why = fmt.Sprintf(" (lbo copies it to the route of host %s, which a later rule names, to keep it first there)", g.hostname)
				}
				x.problems = append(x.problems, field.Forbidden(rr.path.Child("conditions"), fmt.Sprintf(
					"with gateway, an Application Load Balancer rule made of it for host %q has %d condition values%s, and an ALB rule has at most %d: split it into several rules",
					g.hostname, n, why, maxConditionValues)))
				return
			}
		}
	}
}

// maxConditionValues is the most condition values one ALB rule may have.
const maxConditionValues = 5

func pathMatchType(t lbov1.PathType) gwv1.PathMatchType {
	if t == lbov1.PathPrefix || t == "" {
		return gwv1.PathMatchPathPrefix
	}
	// A Wildcard path is an Exact HTTPRoute path: the controller passes an
	// Exact value to the load balancer as it is, where '*' is a wildcard.
	return gwv1.PathMatchExact
}

// joinHeaderValues writes a header's values as the one value of an HTTPRoute
// header match, which the controller splits at every ',' not escaped by '\'
// (and unescapes every '\x' to 'x').
func joinHeaderValues(values []string) string {
	escaped := make([]string, len(values))
	for i, v := range values {
		v = strings.ReplaceAll(v, `\`, `\\`)
		escaped[i] = strings.ReplaceAll(v, ",", `\,`)
	}
	return strings.Join(escaped, ",")
}

// mustJSON marshals lbo's own types, which cannot fail.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
