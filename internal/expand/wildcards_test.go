package expand

import (
	"fmt"
	"testing"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// TestWildcardsPerRule: AWS allows 5 wildcards ('*', '?') per ALB rule,
// counted over hosts, path patterns, header values and query strings, after
// the controller made one ALB rule per path and added "/*" to Prefix paths.
func TestWildcardsPerRule(t *testing.T) {
	path := func(p string, typ lbov1.PathType) []lbov1.PathMatch { return []lbov1.PathMatch{{Path: p, Type: typ}} }
	header := func(values ...string) []lbov1.HeaderMatch {
		return []lbov1.HeaderMatch{{Name: "User-Agent", Values: values}}
	}
	for _, c := range []struct {
		name      string
		c         lbov1.RuleConditions
		wildcards int
	}{
		{"the issue's: 2 hosts, a path with 2, a header value with 2",
			lbov1.RuleConditions{Hosts: []string{"*.a.example.com", "*.b.example.com"}, Paths: path("/x/*/y/*", lbov1.PathWildcard), Headers: header("*mobile*")}, 6},
		{"a Prefix path adds its '/*'",
			lbov1.RuleConditions{Hosts: []string{"*.example.com"}, Paths: path("/api", lbov1.PathPrefix), Headers: header("*a*", "*b*")}, 6},
		{"no path is '/*'",
			lbov1.RuleConditions{Hosts: []string{"*.example.com"}, Headers: header("*a*", "*b*")}, 6},
		{"an Exact path adds none",
			lbov1.RuleConditions{Hosts: []string{"*.example.com"}, Paths: path("/api", lbov1.PathExact), Headers: header("*a*", "*b*")}, 5},
		{"query string keys and values, '?' too",
			lbov1.RuleConditions{Paths: path("/api", lbov1.PathExact), QueryStrings: []lbov1.QueryStringMatch{{Key: "a*", Value: "b?c?"}, {Value: "*d*"}}}, 5},
		{"each path is a rule of its own",
			lbov1.RuleConditions{Hosts: []string{"*.example.com"}, Paths: []lbov1.PathMatch{{Path: "/a/*/*", Type: lbov1.PathWildcard}, {Path: "/b/*/*/*/*/*", Type: lbov1.PathWildcard}}}, 6},
		{"methods and source IPs have none",
			lbov1.RuleConditions{Hosts: []string{"*.example.com"}, Paths: path("/x/*/*/*", lbov1.PathWildcard), Methods: []string{"GET"}, SourceIPs: []string{"10.0.0.0/8"}}, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			lb := webL7(lbov1.Rule{Name: "r", Conditions: c.c, Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "web"}}})
			if c.wildcards > lbc.MaxWildcardsPerRule {
				problemAt(t, lb, "spec.rules[0].conditions", fmt.Sprintf("has %d wildcards", c.wildcards))
			} else {
				noProblems(t, lb)
			}
		})
	}
}
