package lbc

import (
	"slices"
	"strings"
)

// What the controller does with the rules of an Ingress before they become
// ALB listener rules (pkg/ingress/model_build_listener_rules.go and
// rule_optimizer.go): it makes one ALB rule of each path of each Ingress
// rule, turns the path into path patterns, and then, per listener, leaves
// out two kinds of rule without a word (no event, no error): a redirect it
// takes for a loop, and any rule after a redirect that takes every request
// the rule could match.

// PathPatterns are the ALB path patterns the controller matches an Ingress
// path of pathType with (Exact, Prefix, or ImplementationSpecific, which
// is taken as a pattern): a Prefix path p other than "/" becomes p without
// a trailing '/' and that followed by "/*", and "/" becomes "/*". An
// Ingress rule without paths matches "/*" too.
func PathPatterns(path, pathType string) []string {
	if pathType != "Prefix" {
		return []string{path}
	}
	if path == "/" {
		return []string{"/*"}
	}
	p := strings.TrimSuffix(path, "/")
	return []string{p, p + "/*"}
}

// ALBRule is what the controller's rule optimizer looks at in an ALB rule:
// its host-header and path-pattern values, whether it has any other
// condition, and its redirect, if its action is one.
type ALBRule struct {
	// Hosts are the host-header values; Paths the path-pattern values, or
	// its regular expressions when RegexPaths.
	Hosts, Paths []string
	// RegexPaths: the path condition has regular expressions
	// (regexValues), which the controller takes as one condition of one
	// rule, compares as strings like values when it looks for rules a
	// redirect covers, and never takes for a redirect to itself.
	RegexPaths bool
	// OtherConditions: the rule has a condition besides host and path
	// (header, query string, method, source IP).
	OtherConditions bool
	// Redirect is the rule's redirect, or nil.
	Redirect *RedirectConfig
}

// RedirectLoop tells whether the controller leaves r out of the listener
// on port with protocol (HTTP or HTTPS) as a redirect to itself
// (isInfiniteRedirectRule): its redirect keeps the query (query unset or
// #{query}; any other query, the empty one included, is no loop) and each
// of host, path, port and protocol is unset, the #{...} that keeps the
// request's own, or equal to what the rule matches: one of its host
// values, one of its path patterns (compared as strings), the listener's
// port and protocol. Headers, query strings, methods and source IPs are
// not looked at, and a rule with regex paths is never a loop. The rule is
// then simply absent: requests go on to the later rules.
func RedirectLoop(port int32, protocol string, r ALBRule) bool {
	d := r.Redirect
	if d == nil || r.RegexPaths {
		return false
	}
	same := func(v *string, keep string, matched ...string) bool {
		return v == nil || *v == keep || slices.Contains(matched, *v)
	}
	return same(d.Host, "#{host}", r.Hosts...) &&
		same(d.Path, "/#{path}", r.Paths...) &&
		same(d.Port, "#{port}", EncodeInt(port)) &&
		same(d.Protocol, "#{protocol}", protocol) &&
		same(d.Query, "#{query}")
}

// Overshadows tells whether the controller leaves out rule r, which comes
// after the redirect rule earlier on the same listener (a redirect it did
// not leave out as a loop): when earlier has no condition but host and path,
// its hosts are none or include all of r's (as strings), and its paths are
// none, include "/*", or include all of r's. earlier then takes every
// request r could match, so r would never apply.
func Overshadows(earlier, r ALBRule) bool {
	if earlier.Redirect == nil || earlier.OtherConditions {
		return false
	}
	covers := func(have, want []string, all string) bool {
		if len(have) == 0 || (all != "" && slices.Contains(have, all)) {
			return true
		}
		return len(want) > 0 && !slices.ContainsFunc(want, func(v string) bool { return !slices.Contains(have, v) })
	}
	return covers(earlier.Hosts, r.Hosts, "") && covers(earlier.Paths, r.Paths, "/*")
}

// RedirectToHTTPFromHTTPS tells whether AWS refuses redirect r on a listener
// of protocol: "You can redirect HTTP to HTTP, HTTP to HTTPS, and HTTPS to
// HTTPS. You cannot redirect HTTPS to HTTP" (ELBv2 API,
// RedirectActionConfig). The controller does not check it; AWS then refuses
// the deploy of the whole load balancer.
func RedirectToHTTPFromHTTPS(protocol string, r *RedirectConfig) bool {
	return protocol == "HTTPS" && r != nil && r.Protocol != nil && *r.Protocol == "HTTP"
}

// Wildcards counts the wildcard characters of a condition value as AWS
// counts them against MaxWildcardsPerRule: each '*' and each '?'.
func Wildcards(value string) int {
	return strings.Count(value, "*") + strings.Count(value, "?")
}

// PathOrder is the order in which the controller makes the ALB rules of the
// paths of one Ingress rule (sortIngressPaths): Exact paths first, then
// Prefix paths, longest first, then ImplementationSpecific paths, each kind
// in its given order. pathTypes[i] is the type of path i.
func PathOrder(paths, pathTypes []string) []int {
	rank := func(i int) int {
		switch pathTypes[i] {
		case "Exact":
			return 0
		case "Prefix":
			return 1
		}
		return 2
	}
	order := make([]int, len(paths))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if rank(a) == 1 {
			return len(paths[b]) - len(paths[a])
		}
		return 0
	})
	return order
}
