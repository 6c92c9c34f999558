package gateway

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// notCarriedYet is why a field the annotation backend carries is refused
// with spec.gateway: lbo's Gateway backend has no translation for it (yet),
// and a LoadBalancer that says it must get it or be refused.
const notCarriedYet = "with gateway, lbo does not carry it: the annotation backend does, the Gateway backend has no translation for it yet; leave it out, or leave gateway out"

// refuseNotCarried refuses, by name, the fields lbo's Gateway backend does
// not translate: JWT validation and extra authentication request
// parameters, certificates AWS issues on request, IPAM and customer-owned
// address pools, source NAT prefixes, a frontend Network Load Balancer,
// rule transforms and regular-expression conditions, target groups AWS
// already has, and target control ports.
func (x *expansion) refuseNotCarried() {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	forbid := func(set bool, p *field.Path) {
		if set {
			x.problems = append(x.problems, field.Forbidden(p, notCarriedYet))
		}
	}
	auth := func(a *lbov1.Authentication, p *field.Path) {
		if a == nil {
			return
		}
		forbid(a.JWT != nil, p.Child("jwt"))
		forbid(a.OIDC != nil && len(a.OIDC.AuthenticationRequestExtraParams) > 0, p.Child("oidc", "authenticationRequestExtraParams"))
		forbid(a.Cognito != nil && len(a.Cognito.AuthenticationRequestExtraParams) > 0, p.Child("cognito", "authenticationRequestExtraParams"))
	}
	auth(spec.Authentication, path.Child("authentication"))
	forbid(spec.IPv4IPAMPoolID != "", path.Child("ipv4IPAMPoolID"))
	forbid(spec.CustomerOwnedIPv4Pool != "", path.Child("customerOwnedIPv4Pool"))
	forbid(spec.EnablePrefixForIPv6SourceNAT, path.Child("enablePrefixForIPv6SourceNAT"))
	forbid(spec.FrontendNLB != nil, path.Child("frontendNLB"))
	for i, a := range spec.StaticAddresses {
		forbid(a.SourceNATIPv6Prefix != "", path.Child("staticAddresses").Index(i).Child("sourceNATIPv6Prefix"))
	}
	for i, l := range spec.Listeners {
		forbid(l.TLS != nil && l.TLS.RequestCertificate != nil, path.Child("listeners").Index(i).Child("tls", "requestCertificate"))
	}
	// A redirect that removes the query ("") has no translation yet: the
	// controller's redirectConfig leaves an empty query out.
	removesQuery := func(a *lbov1.Action, p *field.Path) {
		if a != nil && a.Redirect != nil && a.Redirect.Query != nil && *a.Redirect.Query == "" {
			forbid(true, p.Child("redirect", "query"))
		}
	}
	for i, l := range spec.Listeners {
		removesQuery(l.DefaultAction, path.Child("listeners").Index(i).Child("defaultAction"))
	}
	for i, r := range spec.Rules {
		p := path.Child("rules").Index(i)
		removesQuery(&r.Action, p.Child("action"))
		auth(r.Authentication, p.Child("authentication"))
		forbid(r.Transforms != nil, p.Child("transforms"))
		forbid(len(r.Conditions.HostRegexes) > 0, p.Child("conditions", "hostRegexes"))
		for j, m := range r.Conditions.Paths {
			forbid(m.Type == lbov1.PathRegex, p.Child("conditions", "paths").Index(j).Child("type"))
		}
		for j, h := range r.Conditions.Headers {
			forbid(len(h.Regexes) > 0, p.Child("conditions", "headers").Index(j).Child("regexes"))
		}
	}
	for i, tg := range spec.TargetGroups {
		p := path.Child("targetGroups").Index(i)
		forbid(tg.Existing != nil, p.Child("existing"))
		forbid(tg.TargetControlPort != 0, p.Child("targetControlPort"))
	}
}
