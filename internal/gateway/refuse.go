package gateway

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// What the spec asks for that the Gateway backend cannot carry as the
// annotation backend does. Admission refuses most of it first (the CEL rules
// on spec.gateway); these guard the expansion on its own (`lbo render`,
// objects admitted by an older CRD) and cover what CEL cannot decide.

// httpMethods are the methods an HTTPRoute match may name.
var httpMethods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}

var (
	// gatewayPath is the characters Gateway API allows in an Exact or
	// PathPrefix path.
	gatewayPath = regexp.MustCompile(`^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`)
	// gatewayToken is a header or query parameter name.
	gatewayToken = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$")
	// preciseHostname is a redirect's hostname.
	preciseHostname = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

func (x *expansion) refuse() {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	forbid := func(set bool, p *field.Path, why string) {
		if set {
			x.problems = append(x.problems, field.Forbidden(p, why))
		}
	}
	x.refuseNotCarried()
	if g := spec.Group; g != nil {
		const why = "with gateway, a group is a group of one: Gateway API has no IngressGroup, and lbo's Gateway is a load balancer of its own"
		forbid(g.Owner != nil, path.Child("group", "owner"), why)
		forbid(len(g.Members) > 0, path.Child("group", "members"), why)
	}
	for i, r := range spec.Rules {
		p := path.Child("rules").Index(i)
		x.refuseConditions(r.Conditions, p.Child("conditions"))
		x.refuseAction(r.Action, p.Child("action"))
	}
	for i, l := range spec.Listeners {
		if l.DefaultAction != nil {
			x.refuseAction(*l.DefaultAction, path.Child("listeners").Index(i).Child("defaultAction"))
		}
	}
	stores := map[string]bool{}
	for i, l := range spec.Listeners {
		if m := l.MutualAuthentication; m != nil && m.TrustStore != "" {
			stores[m.TrustStore] = true
			forbid(len(stores) > 2, path.Child("listeners").Index(i).Child("mutualAuthentication", "trustStore"), "an Application Load Balancer uses at most two trust stores")
		}
	}
	if !x.aws {
		x.refuseAWSOnly()
	}
}

func (x *expansion) refuseConditions(c lbov1.RuleConditions, p *field.Path) {
	for j, m := range c.Methods {
		if !slices.Contains(httpMethods, m) {
			x.problems = append(x.problems, field.NotSupported(p.Child("methods").Index(j), m, httpMethods))
		}
	}
	for j, q := range c.QueryStrings {
		switch {
		case q.Key == "":
			x.problems = append(x.problems, field.Required(p.Child("queryStrings").Index(j).Child("key"), "with gateway, a query string condition names its key: an HTTPRoute matches a query parameter by name"))
		case !gatewayToken.MatchString(q.Key):
			x.problems = append(x.problems, field.Invalid(p.Child("queryStrings").Index(j).Child("key"), q.Key, "with gateway, a query parameter name is a token: letters, digits and !#$%&'*+-.^_`|~"))
		}
	}
	for j, h := range c.Headers {
		if !gatewayToken.MatchString(h.Name) {
			x.problems = append(x.problems, field.Invalid(p.Child("headers").Index(j).Child("name"), h.Name, "with gateway, a header name is a token: letters, digits and !#$%&'*+-.^_`|~"))
		}
	}
	for j, m := range c.Paths {
		pp := p.Child("paths").Index(j).Child("path")
		if why := gatewayPathProblem(m); why != "" {
			x.problems = append(x.problems, field.Invalid(pp, m.Path, why))
		}
	}
}

// gatewayPathProblem says why Gateway API refuses a path, or "".
func gatewayPathProblem(m lbov1.PathMatch) string {
	switch {
	case m.Type == lbov1.PathRegex:
		return "" // refused whole (refuseNotCarried)
	case m.Type == lbov1.PathWildcard && strings.Contains(m.Path, "?"):
		return "with gateway, a Wildcard path may use '*' but not '?': the AWS Load Balancer Controller takes it as an HTTPRoute Exact path, and Gateway API allows no '?' in a path"
	case !gatewayPath.MatchString(m.Path):
		return "with gateway, a path holds only letters, digits, -._~!$&'()*+,;=:@/ and %-escapes: Gateway API refuses other characters"
	}
	for _, bad := range []string{"//", "/./", "/../", "%2f", "%2F", "#"} {
		if strings.Contains(m.Path, bad) {
			return fmt.Sprintf("with gateway, a path may not contain %q: Gateway API refuses it", bad)
		}
	}
	if strings.HasSuffix(m.Path, "/..") || strings.HasSuffix(m.Path, "/.") {
		return "with gateway, a path may not end with /. or /..: Gateway API refuses it"
	}
	return ""
}

func (x *expansion) refuseAction(a lbov1.Action, p *field.Path) {
	if f := a.FixedResponse; f != nil && f.StatusCode >= 300 && f.StatusCode < 400 {
		x.problems = append(x.problems, field.Invalid(p.Child("fixedResponse", "statusCode"), f.StatusCode,
			"with gateway, a fixed response is 2XX, 4XX or 5XX, as the AWS Load Balancer Controller's ListenerRuleConfiguration (and the Application Load Balancer) allows; use a redirect"))
	}
	r := a.Redirect
	if r == nil {
		return
	}
	if r.Host != "" && !preciseHostname.MatchString(r.Host) {
		x.problems = append(x.problems, field.Invalid(p.Child("redirect", "host"), r.Host,
			"with gateway, a redirect's host is a lowercase DNS name, such as www.example.com: an HTTPRoute redirect takes nothing else"))
	}
	if strings.ContainsAny(r.Path, "*?") {
		x.problems = append(x.problems, field.Invalid(p.Child("redirect", "path"), r.Path,
			"with gateway, a redirect's path has no '*' or '?': the AWS Load Balancer Controller refuses them"))
	}
	if !x.aws && strings.Contains(r.Path, "#{") {
		x.problems = append(x.problems, field.Invalid(p.Child("redirect", "path"), r.Path,
			"with gateway.implementation Standard, #{...} in a redirect's path is no placeholder: only an Application Load Balancer replaces it"))
	}
}

// redirectPorts refuses a redirect that changes the scheme and leaves the port
// out on a listener whose port is not the scheme's well-known one: the
// annotation backend keeps the request's port, while an HTTPRoute redirect
// that names a scheme goes to its well-known port (80 for HTTP, 443 for
// HTTPS) in Gateway API, and so with the AWS Load Balancer Controller.
func (x *expansion) redirectPorts(a *lbov1.Action, p *field.Path, listeners []int) {
	if a == nil || a.Redirect == nil || a.Redirect.Scheme == "" || a.Redirect.Port != 0 {
		return
	}
	known := int32(443)
	if a.Redirect.Scheme == "HTTP" {
		known = 80
	}
	for _, i := range listeners {
		if l := x.lb.Spec.Listeners[i]; l.Port != known {
			x.problems = append(x.problems, field.Required(p.Child("redirect", "port"), fmt.Sprintf(
				"with gateway, a redirect to %s without a port goes to port %d, where the annotation backend keeps the request's port (%d on listener %s): set the port",
				a.Redirect.Scheme, known, l.Port, l.Name)))
			return
		}
	}
}

// refuseAWSOnly refuses, for a Standard implementation, every field only the
// AWS Load Balancer Controller understands.
func (x *expansion) refuseAWSOnly() {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	const why = "with gateway.implementation Standard, lbo makes only standard Gateway API objects, which cannot say this: it is a setting of the AWS Load Balancer Controller"
	forbid := func(set bool, p *field.Path) {
		if set {
			x.problems = append(x.problems, field.Forbidden(p, why))
		}
	}
	forbid(spec.LoadBalancerName != "", path.Child("loadBalancerName"))
	forbid(spec.IPAddressType != "", path.Child("ipAddressType"))
	forbid(len(spec.Subnets) > 0, path.Child("subnets"))
	forbid(len(spec.StaticAddresses) > 0, path.Child("staticAddresses"))
	forbid(len(spec.SecurityGroups) > 0, path.Child("securityGroups"))
	forbid(spec.ManageBackendSecurityGroupRules != nil, path.Child("manageBackendSecurityGroupRules"))
	forbid(len(spec.SourceRanges) > 0, path.Child("sourceRanges"))
	forbid(len(spec.SourcePrefixLists) > 0, path.Child("sourcePrefixLists"))
	forbid(len(spec.Tags) > 0, path.Child("tags"))
	forbid(spec.LoadBalancerAttributes != nil, path.Child("loadBalancerAttributes"))
	forbid(spec.MinimumCapacityUnits != nil, path.Child("minimumCapacityUnits"))
	forbid(len(spec.TargetNodeLabels) > 0, path.Child("targetNodeLabels"))
	forbid(spec.MultiClusterTargetGroups, path.Child("multiClusterTargetGroups"))
	forbid(spec.DisableSecurityGroups, path.Child("disableSecurityGroups"))
	forbid(spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic != nil, path.Child("enforceSecurityGroupRulesOnPrivateLinkTraffic"))
	forbid(spec.AllowICMPForPathMTUDiscovery, path.Child("allowICMPForPathMTUDiscovery"))
	forbid(spec.Authentication != nil, path.Child("authentication"))
	forbid(spec.WAFv2WebACLARN != "", path.Child("wafv2WebACLARN"))
	forbid(spec.ShieldAdvancedProtection != nil, path.Child("shieldAdvancedProtection"))
	// HTTPS listeners take ACM certificates by ARN.
	forbid(spec.HTTPSRedirectPort != nil, path.Child("httpsRedirectPort"))
	// scheme and targetType have defaults (internal, ip) that the Standard
	// implementation leaves to the GatewayClass; asking for the other value
	// is refused.
	forbid(spec.Scheme == lbov1.SchemeInternetFacing, path.Child("scheme"))
	forbid(spec.TargetType == lbov1.TargetTypeInstance, path.Child("targetType"))
	for i, l := range spec.Listeners {
		p := path.Child("listeners").Index(i)
		forbid(l.TLS != nil, p.Child("tls"))
		forbid(l.MutualAuthentication != nil, p.Child("mutualAuthentication"))
		forbid(l.Attributes != nil, p.Child("attributes"))
		forbid(l.QUIC, p.Child("quic"))
		if l.DefaultAction != nil {
			x.refuseAWSOnlyAction(*l.DefaultAction, p.Child("defaultAction"), forbid)
		}
	}
	for i, tg := range spec.TargetGroups {
		p := path.Child("targetGroups").Index(i)
		forbid(tg.HealthCheck != nil, p.Child("healthCheck"))
		forbid(tg.BackendProtocol != "", p.Child("backendProtocol"))
		forbid(tg.BackendProtocolVersion != "", p.Child("backendProtocolVersion"))
		forbid(tg.Attributes != nil, p.Child("attributes"))
	}
	for i, r := range spec.Rules {
		p := path.Child("rules").Index(i)
		forbid(r.Authentication != nil, p.Child("authentication"))
		forbid(r.SkipAuthentication, p.Child("skipAuthentication"))
		c := r.Conditions
		// An ALB matches header values and query strings ignoring case,
		// with * and ? as wildcards; Gateway API matches them exactly.
		forbid(len(c.Headers) > 0, p.Child("conditions", "headers"))
		forbid(len(c.QueryStrings) > 0, p.Child("conditions", "queryStrings"))
		forbid(len(c.SourceIPs) > 0, p.Child("conditions", "sourceIPs"))
		for j, m := range c.Paths {
			forbid(m.Type == lbov1.PathWildcard, p.Child("conditions", "paths").Index(j).Child("type"))
		}
		x.refuseAWSOnlyAction(r.Action, p.Child("action"), forbid)
	}
}

func (x *expansion) refuseAWSOnlyAction(a lbov1.Action, p *field.Path, forbid func(bool, *field.Path)) {
	forbid(a.FixedResponse != nil, p.Child("fixedResponse"))
	forbid(a.Redirect != nil && a.Redirect.Query != nil && *a.Redirect.Query != "", p.Child("redirect", "query"))
	forbid(a.Forward != nil && a.Forward.Stickiness != nil, p.Child("forward", "stickiness"))
}
