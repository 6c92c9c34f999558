package gateway

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// match is one HTTPRoute match of a rule: what the controller ranks it by,
// and what decides which requests it takes.
type match struct {
	// The precedence the controller gives the match within one hostname,
	// most significant first: the path type (Exact 3, PathPrefix 2), the
	// length of the path value, whether it has a method, its number of
	// headers and of query parameters.
	pathType, pathLength int
	hasMethod            bool
	headers, queryParams int
	kind                 lbov1.PathType // Exact, Prefix or Wildcard
	value, method        string
	headerValues         map[string][]string // lowercased name: values
	queryKey, queryValue string
	values               int // ALB condition values, the host's left out
}

func newMatch(p lbov1.PathMatch, method string, q lbov1.QueryStringMatch, headers []lbov1.HeaderMatch) match {
	m := match{kind: p.Type, value: p.Path, method: method, hasMethod: method != "", queryKey: q.Key, queryValue: q.Value, pathLength: len(p.Path)}
	if m.kind == "" {
		m.kind = lbov1.PathPrefix
	}
	m.pathType = 3
	m.values = 1
	if m.kind == lbov1.PathPrefix {
		m.pathType = 2
		if p.Path != "/" {
			// The controller matches a prefix with the path and the path
			// followed by /*.
			m.values = 2
		}
	}
	if q.Value != "" {
		m.queryParams = 1
		m.values++
	}
	if method != "" {
		m.values++
	}
	m.headerValues = map[string][]string{}
	for _, h := range headers {
		m.headerValues[strings.ToLower(h.Name)] = h.Values
		m.values += len(h.Values)
	}
	m.headers = len(headers)
	return m
}

// outranks compares the precedence of a and b: > 0 when the controller puts
// a first whatever their order, < 0 when b, 0 when they tie and their order
// in the routes decides; why says which part of the precedence decided.
func outranks(a, b match) (int, string) {
	switch {
	case a.pathType != b.pathType:
		return a.pathType - b.pathType, "an Exact path (a Wildcard path is one for the controller) outranks a Prefix path"
	case a.pathLength != b.pathLength:
		return a.pathLength - b.pathLength, fmt.Sprintf("a path of %d characters outranks one of %d", max(a.pathLength, b.pathLength), min(a.pathLength, b.pathLength))
	case a.hasMethod != b.hasMethod:
		if a.hasMethod {
			return 1, "a method condition outranks none"
		}
		return -1, "a method condition outranks none"
	case a.headers != b.headers:
		return a.headers - b.headers, fmt.Sprintf("%d header conditions outrank %d", max(a.headers, b.headers), min(a.headers, b.headers))
	case a.queryParams != b.queryParams:
		return a.queryParams - b.queryParams, "a query string condition outranks none"
	}
	return 0, ""
}

// overlaps reports whether some request can match both a (with source IPs
// as) and b (with bs). It errs on the side of yes: only what is plainly
// disjoint is no.
func overlaps(a, b match, as, bs []string) bool {
	if !pathsOverlap(a, b) {
		return false
	}
	if a.method != "" && b.method != "" && a.method != b.method {
		return false
	}
	for name, av := range a.headerValues {
		if bv, ok := b.headerValues[name]; ok && !valuesOverlap(av, bv) {
			return false
		}
	}
	if len(as) > 0 && len(bs) > 0 && !cidrsOverlap(as, bs) {
		return false
	}
	return true
}

// pathsOverlap: paths are case-sensitive; a Prefix p takes p and what lies
// under p/ (p "/" takes every path); a Wildcard takes what its pattern
// matches, and every such path starts with the pattern's text before its
// first '*'.
func pathsOverlap(a, b match) bool {
	if a.kind == lbov1.PathPrefix && b.kind != lbov1.PathPrefix {
		a, b = b, a
	}
	switch {
	case a.kind == lbov1.PathExact && b.kind == lbov1.PathExact:
		return a.value == b.value
	case a.kind == lbov1.PathExact && b.kind == lbov1.PathPrefix:
		return underPrefix(a.value, b.value)
	case a.kind == lbov1.PathPrefix && b.kind == lbov1.PathPrefix:
		return underPrefix(a.value, b.value) || underPrefix(b.value, a.value)
	case a.kind == lbov1.PathWildcard && b.kind == lbov1.PathExact:
		return globMatch(a.value, b.value)
	case a.kind == lbov1.PathExact && b.kind == lbov1.PathWildcard:
		return globMatch(b.value, a.value)
	case a.kind == lbov1.PathWildcard && b.kind == lbov1.PathPrefix:
		lit := literalPrefix(a.value)
		p := strings.TrimSuffix(b.value, "/")
		return p == "" || strings.HasPrefix(p, lit) || strings.HasPrefix(lit, p+"/") || lit == p
	default: // two Wildcards
		la, lb := literalPrefix(a.value), literalPrefix(b.value)
		return strings.HasPrefix(la, lb) || strings.HasPrefix(lb, la)
	}
}

// underPrefix reports whether the path or prefix p lies under prefix q.
func underPrefix(p, q string) bool {
	q = strings.TrimSuffix(q, "/")
	p = strings.TrimSuffix(p, "/")
	return q == "" || p == q || strings.HasPrefix(p, q+"/")
}

// globMatch reports whether an ALB path pattern matches path p: '*' matches
// any characters, '/' too, and '?' one.
func globMatch(pattern, p string) bool {
	expr := regexp.QuoteMeta(pattern)
	expr = strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(expr)
	return regexp.MustCompile("^" + expr + "$").MatchString(p)
}

func literalPrefix(pattern string) string {
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		return pattern[:i]
	}
	return pattern
}

// valuesOverlap: header values match case-insensitively, and '*' and '?'
// are wildcards, which lbo does not try to intersect.
func valuesOverlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if strings.ContainsAny(x, "*?") || strings.ContainsAny(y, "*?") || strings.EqualFold(x, y) {
				return true
			}
		}
	}
	return false
}

func cidrsOverlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			px, err1 := netip.ParsePrefix(x)
			py, err2 := netip.ParsePrefix(y)
			if err1 != nil || err2 != nil || px.Overlaps(py) {
				return true
			}
		}
	}
	return false
}

// checkOrder refuses the pairs of rules of one hostname's routes that the
// controller would evaluate against their declared order: a later rule
// outranks an earlier one it shares requests with, or ties with it from
// another route.
func (x *expansion) checkOrder(c *l7Class, g hostGroup, chunks [][]*routeRule) {
	chunkOf := map[*routeRule]int{}
	for k, chunk := range chunks {
		for _, rr := range chunk {
			chunkOf[rr] = k
		}
	}
	host := "requests without a host condition"
	if g.hostname != "" {
		host = "host " + g.hostname
	}
	for i, early := range g.rules {
		for _, late := range g.rules[i+1:] {
			if early.behaviour == late.behaviour {
				continue // either may take the requests both match
			}
			if why, ok := x.swapped(early, late, chunkOf[early] != chunkOf[late]); ok {
				x.problems = append(x.problems, field.Forbidden(late.path, fmt.Sprintf(
					"with gateway, %s would be evaluated before %s (%s), which comes first in spec.rules, on listener %s for %s: "+
						"the AWS Load Balancer Controller orders a listener's rules by Gateway API precedence before their order, and here %s, "+
						"while a request can match both; put the more specific rule first, or make them exclusive",
					late.what, early.what, early.path, c.name, host, why)))
			}
		}
	}
}

// swapped tells whether the controller could put a match of late before an
// overlapping match of early, and why.
func (x *expansion) swapped(early, late *routeRule, apart bool) (string, bool) {
	for _, em := range early.matches {
		for _, lm := range late.matches {
			if !overlaps(em, lm, early.sourceIPs, late.sourceIPs) {
				continue
			}
			rank, why := outranks(lm, em)
			if rank > 0 {
				return why + describe(lm, em), true
			}
			if rank == 0 && apart {
				return fmt.Sprintf("they are as specific (%s) and stand in different HTTPRoutes (a route holds at most %d rules), which the controller orders by creation time",
					describeOne(lm), maxRouteRules), true
			}
		}
	}
	return "", false
}

func describe(late, early match) string {
	return fmt.Sprintf(" (%s against %s)", describeOne(late), describeOne(early))
}

func describeOne(m match) string {
	parts := []string{fmt.Sprintf("%s path %s", m.kind, m.value)}
	if m.method != "" {
		parts = append(parts, "method "+m.method)
	}
	if m.headers > 0 {
		parts = append(parts, fmt.Sprintf("%d headers", m.headers))
	}
	if m.queryParams > 0 {
		parts = append(parts, "query "+m.queryKey+"="+m.queryValue)
	}
	return strings.Join(parts, ", ")
}
