package expand

import (
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// webL7 is an L7 LoadBalancer with an HTTP listener on 80 and an HTTPS one
// on 443 forwarding to an existing Service, with rules.
func webL7(rules ...lbov1.Rule) *lbov1.LoadBalancer {
	lb := httpsL7(443)
	lb.Spec.Listeners = append([]lbov1.Listener{{
		Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP,
		DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}},
	}}, lb.Spec.Listeners...)
	lb.Spec.Rules = rules
	return lb
}

func redirectRule(name string, c lbov1.RuleConditions, r lbov1.RedirectAction) lbov1.Rule {
	r.StatusCode = 301
	return lbov1.Rule{Name: name, Conditions: c, Action: lbov1.Action{Redirect: &r}}
}

var blog = lbov1.RuleConditions{
	Hosts: []string{"example.com", "www.example.com"},
	Paths: []lbov1.PathMatch{{Path: "/blog", Type: lbov1.PathPrefix}},
}

// TestRedirectLoopsAreRefused: the AWS Load Balancer Controller leaves out
// a redirect rule that would send what it matches to itself, on each
// listener where it would: lbo refuses it, naming the rule and listener.
func TestRedirectLoopsAreRefused(t *testing.T) {
	for _, c := range []struct {
		name     string
		redirect lbov1.RedirectAction
		listener string
	}{
		{"to HTTPS:443, on the HTTPS listener", lbov1.RedirectAction{Scheme: "HTTPS", Port: 443}, "listener https-443 (HTTPS:443)"},
		{"to HTTP and nothing else, on the HTTP listener", lbov1.RedirectAction{Scheme: "HTTP"}, "listener http (HTTP:80)"},
		{"to a host the rule matches", lbov1.RedirectAction{Host: "www.example.com"}, "listener http (HTTP:80)"},
		{"to the path of a Prefix rule", lbov1.RedirectAction{Path: "/blog"}, "listener http (HTTP:80)"},
		{"to port 80 and the HTTP scheme, on the HTTP listener", lbov1.RedirectAction{Scheme: "HTTP", Port: 80}, "listener http (HTTP:80)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lb := webL7(redirectRule("r", blog, c.redirect))
			if c.redirect.Scheme == "HTTP" {
				lb.Spec.Rules[0].Listeners = []string{"http"} // AWS refuses HTTPS to HTTP first
				lb.Spec.Group = &lbov1.Group{Name: "g"}
			}
			problemAt(t, lb, "spec.rules[0].action.redirect", c.listener)
		})
	}
}

func TestRedirectsThatAreNoLoop(t *testing.T) {
	for _, c := range []struct {
		name      string
		redirect  lbov1.RedirectAction
		listeners []string
	}{
		{"to HTTPS:443, on the HTTP listener only", lbov1.RedirectAction{Scheme: "HTTPS", Port: 443}, []string{"http"}},
		{"to a host the rule matches, without the query", lbov1.RedirectAction{Host: "www.example.com", Query: ptr.To("")}, nil},
		{"to a path below the prefix", lbov1.RedirectAction{Path: "/blog/"}, nil},
		{"to another host", lbov1.RedirectAction{Host: "blog.example.com"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			lb := webL7(redirectRule("r", blog, c.redirect))
			if c.listeners != nil {
				lb.Spec.Rules[0].Listeners = c.listeners
				lb.Spec.Group = &lbov1.Group{Name: "g"}
			}
			noProblems(t, lb)
		})
	}
}

// TestEmptyRedirectQuery: query "" removes the query string, and is written
// as such; left out, the query is kept and nothing is written.
func TestEmptyRedirectQuery(t *testing.T) {
	for _, c := range []struct {
		query *string
		want  string
	}{
		{ptr.To(""), `"query":""`},
		{nil, ""},
		{ptr.To("a=b"), `"query":"a=b"`},
	} {
		lb := webL7(redirectRule("r", lbov1.RuleConditions{Hosts: []string{"old.example.com"}}, lbov1.RedirectAction{Host: "new.example.com", Query: c.query}))
		res := noProblems(t, lb)
		var action string
		for _, o := range res.Objects {
			if ing, ok := o.(*networkingv1.Ingress); ok {
				action = ing.Annotations[lbc.IngressAction("rule-r")]
			}
		}
		a, err := lbc.DecodeAction(action)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.RedirectConfig.Query; (got == nil) != (c.query == nil) || (got != nil && *got != *c.query) {
			t.Errorf("query %v: written as %s", c.query, action)
		}
		if c.want == "" && strings.Contains(action, "query") || c.want != "" && !strings.Contains(action, c.want) {
			t.Errorf("query %v: written as %s, want %s", c.query, action, c.want)
		}
	}
}

// TestRulesAfterACoveringRedirectAreRefused: the controller leaves out a
// rule after a redirect that takes every request it could match.
func TestRulesAfterACoveringRedirectAreRefused(t *testing.T) {
	forward := func(name string, c lbov1.RuleConditions) lbov1.Rule {
		return lbov1.Rule{Name: name, Conditions: c, Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}}
	}
	moveAll := redirectRule("move", lbov1.RuleConditions{Hosts: []string{"old.example.com"}}, lbov1.RedirectAction{Host: "new.example.com"})
	lb := webL7(moveAll, forward("api", lbov1.RuleConditions{Hosts: []string{"old.example.com"}, Paths: []lbov1.PathMatch{{Path: "/api", Type: lbov1.PathPrefix}}}))
	problemAt(t, lb, "spec.rules[1].conditions", "rules[0] (move) comes first and redirects every request this rule matches")

	// The other way round, or for another host, both apply.
	noProblems(t, webL7(lb.Spec.Rules[1], moveAll))
	noProblems(t, webL7(moveAll, forward("api", lbov1.RuleConditions{Hosts: []string{"api.example.com"}})))
	// A redirect with a header condition does not take every request.
	withHeader := moveAll
	withHeader.Conditions.Headers = []lbov1.HeaderMatch{{Name: "X-Old", Values: []string{"1"}}}
	noProblems(t, webL7(withHeader, lb.Spec.Rules[1]))
}

// TestHTTPSToHTTPRedirectIsRefused: AWS refuses a redirect from HTTPS to
// HTTP, and the controller does not check it: lbo refuses a rule that
// redirects to HTTP and applies to an HTTPS listener, and an HTTPS
// listener's default action redirecting to HTTP.
func TestHTTPSToHTTPRedirectIsRefused(t *testing.T) {
	toHTTP := redirectRule("insecure", lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/plain", Type: lbov1.PathPrefix}}}, lbov1.RedirectAction{Scheme: "HTTP", Host: "plain.example.com"})
	lb := webL7(toHTTP)
	problemAt(t, lb, "spec.rules[0].action.redirect.scheme", "the rule applies to the HTTPS listener https-443 (HTTPS:443), and AWS refuses a redirect from HTTPS to HTTP")
	lb.Spec.Rules[0].Listeners = []string{"http"}
	lb.Spec.Group = &lbov1.Group{Name: "g"}
	noProblems(t, lb)

	lb = webL7()
	lb.Spec.Listeners[1].DefaultAction = &lbov1.Action{Redirect: &lbov1.RedirectAction{Scheme: "HTTP", Port: 80, StatusCode: 301}}
	problemAt(t, lb, "spec.listeners[1].defaultAction.redirect.scheme", "an HTTPS listener cannot redirect to scheme HTTP")
	lb.Spec.Listeners[0].DefaultAction = lb.Spec.Listeners[1].DefaultAction
	lb.Spec.Listeners[0].DefaultAction.Redirect.Host = "plain.example.com"
	lb.Spec.Listeners[1].DefaultAction = &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}
	lb.Spec.Group = &lbov1.Group{Name: "g"}
	noProblems(t, lb) // HTTP to HTTP is allowed
}

// TestPathsOfOneRule: each path of a rule is an ALB rule of its own. Two
// paths with the same patterns make a rule that never applies; in a
// redirect, the controller leaves out a path an earlier one covers.
func TestPathsOfOneRule(t *testing.T) {
	forward := func(paths ...lbov1.PathMatch) lbov1.Rule {
		return lbov1.Rule{Name: "r", Conditions: lbov1.RuleConditions{Paths: paths}, Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}}
	}
	redirect := func(paths ...lbov1.PathMatch) lbov1.Rule {
		return redirectRule("r", lbov1.RuleConditions{Paths: paths}, lbov1.RedirectAction{Host: "new.example.com"})
	}
	p := func(path string, typ lbov1.PathType) lbov1.PathMatch { return lbov1.PathMatch{Path: path, Type: typ} }
	problemAt(t, webL7(forward(p("/*", lbov1.PathWildcard), p("/", lbov1.PathPrefix))), "spec.rules[0].conditions.paths[1]", "same path patterns as paths[0] (/*)")
	problemAt(t, webL7(forward(p("/x", lbov1.PathPrefix), p("/x/", lbov1.PathPrefix))), "spec.rules[0].conditions.paths[1]", "same path patterns as paths[0] (/x, /x/*)")
	noProblems(t, webL7(forward(p("/x/", lbov1.PathExact), p("/x/", lbov1.PathPrefix))))
	noProblems(t, webL7(forward(p("/a/*/b", lbov1.PathWildcard), p("/", lbov1.PathPrefix)))) // forwards: both built
	// The controller makes Prefix paths first: "/" (/*) covers /a/*/b.
	problemAt(t, webL7(redirect(p("/a/*/b", lbov1.PathWildcard), p("/", lbov1.PathPrefix))), "spec.rules[0].conditions.paths[0]", "paths[1] (/*) takes every request")
	noProblems(t, webL7(redirect(p("/a", lbov1.PathPrefix), p("/b", lbov1.PathPrefix))))
	// The controller makes the Prefix path's rule (/blog, /blog/*) first:
	// the Wildcard /blog after it never applies, whichever is declared first.
	problemAt(t, webL7(forward(p("/blog", lbov1.PathPrefix), p("/blog", lbov1.PathWildcard))), "spec.rules[0].conditions.paths[1]", "would never apply")
	problemAt(t, webL7(forward(p("/blog", lbov1.PathWildcard), p("/blog", lbov1.PathPrefix))), "spec.rules[0].conditions.paths[0]", "would never apply")
	// An Exact path is made first: the Prefix path after it still matches /blog/*.
	noProblems(t, webL7(forward(p("/blog", lbov1.PathPrefix), p("/blog", lbov1.PathExact))))
	// A Wildcard path a Prefix path made first covers, among others.
	problemAt(t, webL7(forward(p("/a", lbov1.PathExact), p("/b", lbov1.PathPrefix), p("/b/*", lbov1.PathWildcard))), "spec.rules[0].conditions.paths[2]", "which the paths it makes rules of first already match")
}

// Regex paths are one condition of one ALB rule, which the controller never
// takes for a redirect to itself: no path of theirs is refused as such.
func TestRegexPathsAreOneRule(t *testing.T) {
	p := func(path string) lbov1.PathMatch { return lbov1.PathMatch{Path: path, Type: lbov1.PathRegex} }
	noProblems(t, webL7(redirectRule("r", lbov1.RuleConditions{Paths: []lbov1.PathMatch{p("/a"), p("^/b/[0-9]+$")}}, lbov1.RedirectAction{Path: "/a"})))
	noProblems(t, webL7(lbov1.Rule{Name: "r", Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{p("^/x*y*z*$"), p("^/q?r?s?$")}},
		Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}}))
}
