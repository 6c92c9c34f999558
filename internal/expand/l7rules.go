package expand

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// listenerRules refuses the rules the AWS Load Balancer Controller would
// leave out of a listener without a word (lbc.RedirectLoop,
// lbc.Overshadows): each listener's rules are looked at as the controller
// builds them, one ALB rule per path, in the order they take on it.
func (x *l7) listenerRules() {
	spec := &x.lb.Spec
	rules := field.NewPath("spec", "rules")
	// Each problem once, for the first listener it shows on.
	refused := map[string]bool{}
	refuse := func(err *field.Error) {
		if !refused[err.Field] {
			refused[err.Field] = true
			x.problems = append(x.problems, err)
		}
	}
	for li, l := range spec.Listeners {
		if spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
			continue // ssl-redirect: the controller gives it no rules
		}
		if a := l.DefaultAction; a != nil && a.Redirect != nil && lbc.RedirectToHTTPFromHTTPS(string(l.Protocol), redirectConfig(a.Redirect)) {
			x.problems = append(x.problems, field.Invalid(field.NewPath("spec", "listeners").Index(li).Child("defaultAction", "redirect", "scheme"), a.Redirect.Scheme,
				"an HTTPS listener cannot redirect to scheme HTTP: AWS refuses a redirect from HTTPS to HTTP (the AWS Load Balancer Controller does not check it, and the whole load balancer fails to deploy); redirect to HTTPS"))
		}
		on := fmt.Sprintf("listener %s (%s:%d)", l.Name, l.Protocol, l.Port)
		var redirects []keptRedirect
		for _, ri := range x.rulesOn(l.Name) {
			r := &spec.Rules[ri]
			albRules := albRulesOf(r)
			if r.Action.Redirect != nil && lbc.RedirectToHTTPFromHTTPS(string(l.Protocol), albRules[0].Redirect) {
				refuse(field.Invalid(rules.Index(ri).Child("action", "redirect", "scheme"), r.Action.Redirect.Scheme, fmt.Sprintf(
					"the rule applies to the HTTPS %s, and AWS refuses a redirect from HTTPS to HTTP (the AWS Load Balancer Controller does not check it, and the whole load balancer fails to deploy); "+
						"limit the rule to HTTP listeners with rules[%d].listeners, or redirect to HTTPS", on, ri)))
				continue
			}
			for _, alb := range albRules {
				if lbc.RedirectLoop(l.Port, string(l.Protocol), alb) {
					refuse(field.Invalid(rules.Index(ri).Child("action", "redirect"), r.Action.Redirect, fmt.Sprintf(
						"on %s this redirect sends requests the rule matches to the same scheme, port, host, path and query, and the AWS Load Balancer Controller leaves such a rule out "+
							"(a redirect to itself: each of scheme, port, host and path is unset or equal to the listener's or one the rule matches, and query is unset); "+
							"change one of them (an empty query removes the query), or limit the rule to other listeners with rules[%d].listeners", on, ri)))
					continue
				}
				if i := firstOvershadowing(redirects, ri, alb); i >= 0 {
					k := redirects[i].rule
					refuse(field.Forbidden(rules.Index(ri).Child("conditions"), fmt.Sprintf(
						"on %s rules[%d] (%s) comes first and redirects every request this rule matches (it has no condition but hosts and paths, and they include this rule's), "+
							"so the AWS Load Balancer Controller leaves this rule out: it would never apply; remove it, put it first, or limit one of the two rules with rules[].listeners",
						on, k, spec.Rules[k].Name)))
				}
			}
			for _, alb := range albRules {
				if alb.Redirect != nil && !lbc.RedirectLoop(l.Port, string(l.Protocol), alb) {
					redirects = append(redirects, keptRedirect{ri, alb})
				}
			}
		}
	}
}

// wildcardsPerRule refuses rules with more wildcards than AWS allows in
// one ALB rule: each path of a rule is an ALB rule of its own, with the
// rule's hosts, header values and query strings, and its path patterns (a
// Prefix path matches p/* too, no path /*).
func (x *l7) wildcardsPerRule() {
	for ri := range x.lb.Spec.Rules {
		r := &x.lb.Spec.Rules[ri]
		c := r.Conditions
		others := 0
		for _, h := range c.Hosts {
			others += lbc.Wildcards(h)
		}
		for _, h := range c.Headers {
			for _, v := range h.Values {
				others += lbc.Wildcards(v)
			}
		}
		for _, q := range c.QueryStrings {
			others += lbc.Wildcards(q.Key) + lbc.Wildcards(q.Value)
		}
		for pi, alb := range albRulesOf(r) {
			n := others
			for _, p := range alb.Paths {
				if !alb.RegexPaths {
					n += lbc.Wildcards(p)
				}
			}
			if n <= lbc.MaxWildcardsPerRule {
				continue
			}
			what := "the ALB rule it makes (no path matches /*)"
			if len(c.Paths) > 0 {
				what = fmt.Sprintf("the ALB rule it makes of paths[%d] (patterns %s)", pi, strings.Join(alb.Paths, ", "))
			}
			x.problems = append(x.problems, field.Invalid(field.NewPath("spec", "rules").Index(ri).Child("conditions"), n, fmt.Sprintf(
				"%s has %d wildcards ('*' and '?' in hosts, path patterns, header values and query strings together), and AWS allows %d per rule; "+
					"split the rule into several, each path is a rule of its own", what, n, lbc.MaxWildcardsPerRule)))
			break
		}
	}
}

// rulePaths refuses paths of one rule that the controller would leave
// out, or that would never apply: each path is an ALB rule of its own, so a
// path with the same path patterns as another of the rule, or whose patterns
// the paths the controller makes rules of before it (lbc.PathOrder) all
// have, is a rule that never matches; and in a redirect with no condition but hosts and
// paths, the controller leaves out a path's rule that an earlier one of
// the same rule covers (lbc.Overshadows), in its order (lbc.PathOrder).
func (x *l7) rulePaths() {
	for ri := range x.lb.Spec.Rules {
		r := &x.lb.Spec.Rules[ri]
		paths := r.Conditions.Paths
		if len(paths) < 2 || paths[0].Type == lbov1.PathRegex {
			continue // Regex paths are one condition of one ALB rule
		}
		path := field.NewPath("spec", "rules").Index(ri).Child("conditions", "paths")
		albRules := albRulesOf(r)
		refused := false
		for j := range paths {
			for k := range j {
				if slices.Equal(sortedCopy(albRules[k].Paths), sortedCopy(albRules[j].Paths)) {
					x.problems = append(x.problems, field.Invalid(path.Index(j), paths[j], fmt.Sprintf(
						"the AWS Load Balancer Controller matches it with the same path patterns as paths[%d] (%s), and each path is an ALB rule of its own, so this one would never apply; remove it",
						k, strings.Join(albRules[k].Paths, ", "))))
					refused = true
					break
				}
			}
		}
		if refused {
			continue
		}
		names, types := make([]string, len(paths)), make([]string, len(paths))
		for j, m := range paths {
			names[j], types[j] = m.Path, string(ingressPathType(m.Type))
		}
		order := lbc.PathOrder(names, types)
		// A path whose patterns the paths made before it all have is an
		// ALB rule that never applies (a Wildcard /blog after a Prefix
		// /blog, whose patterns are /blog and /blog/*).
		for n, j := range order {
			var before []string
			for _, k := range order[:n] {
				before = append(before, albRules[k].Paths...)
			}
			if n > 0 && !slices.ContainsFunc(albRules[j].Paths, func(p string) bool { return !slices.Contains(before, p) }) {
				x.problems = append(x.problems, field.Invalid(path.Index(j), paths[j], fmt.Sprintf(
					"the AWS Load Balancer Controller matches it with the path patterns %s, which the paths it makes rules of first already match (%s), and each path is an ALB rule of its own, so this one would never apply; remove it",
					strings.Join(albRules[j].Paths, ", "), strings.Join(before, ", "))))
				refused = true
			}
		}
		if refused || r.Action.Redirect == nil {
			continue
		}
		for n, j := range order {
			for _, k := range order[:n] {
				if lbc.Overshadows(albRules[k], albRules[j]) {
					x.problems = append(x.problems, field.Invalid(path.Index(j), paths[j].Path, fmt.Sprintf(
						"paths[%d] (%s) takes every request this path matches, and the AWS Load Balancer Controller makes its rule first and leaves this one out "+
							"(the rule redirects and has no condition but hosts and paths); remove this path", k, strings.Join(albRules[k].Paths, ", "))))
					break
				}
			}
		}
	}
}

// sortedCopy is a sorted copy of s.
func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

// keptRedirect is an ALB rule with a redirect that the controller keeps on
// a listener, made of spec.rules[rule].
type keptRedirect struct {
	rule int
	alb  lbc.ALBRule
}

// firstOvershadowing is the index of the first redirect, of another rule
// than ri, that overshadows alb, or -1.
func firstOvershadowing(redirects []keptRedirect, ri int, alb lbc.ALBRule) int {
	for i, k := range redirects {
		if k.rule != ri && lbc.Overshadows(k.alb, alb) {
			return i
		}
	}
	return -1
}

// albRulesOf are the ALB rules the controller makes of rule r: one per
// path (a rule without paths matches "/*"), each with the rule's hosts.
func albRulesOf(r *lbov1.Rule) []lbc.ALBRule {
	c := r.Conditions
	base := lbc.ALBRule{
		Hosts:           c.Hosts,
		OtherConditions: len(c.Headers)+len(c.QueryStrings)+len(c.Methods)+len(c.SourceIPs) > 0,
	}
	if r.Action.Redirect != nil {
		base.Redirect = redirectConfig(r.Action.Redirect)
	}
	if len(c.Paths) == 0 {
		base.Paths = lbc.PathPatterns("/", string(ingressPathType(lbov1.PathPrefix)))
		return []lbc.ALBRule{base}
	}
	if c.Paths[0].Type == lbov1.PathRegex {
		// Regex paths (all of a rule's, or none) are one condition of one
		// ALB rule.
		base.RegexPaths = true
		for _, m := range c.Paths {
			base.Paths = append(base.Paths, m.Path)
		}
		return []lbc.ALBRule{base}
	}
	out := make([]lbc.ALBRule, 0, len(c.Paths))
	for _, m := range c.Paths {
		alb := base
		alb.Paths = lbc.PathPatterns(m.Path, string(ingressPathType(m.Type)))
		out = append(out, alb)
	}
	return out
}

// redirectConfig is what lbo writes for a redirect: nil keeps the request's
// own value.
func redirectConfig(r *lbov1.RedirectAction) *lbc.RedirectConfig {
	c := &lbc.RedirectConfig{
		Protocol: nonEmpty(r.Scheme), Host: nonEmpty(r.Host), Path: nonEmpty(r.Path), Query: r.Query,
		StatusCode: lbc.EncodeRedirectStatus(cmp.Or(r.StatusCode, 301)),
	}
	if r.Port != 0 {
		c.Port = ptr.To(lbc.EncodeInt(r.Port))
	}
	return c
}
