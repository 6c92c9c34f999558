package integration

import (
	"context"
	"fmt"
	"testing"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// TestAdmissionRefusesInvalidL7Specs creates L7 LoadBalancers that break an
// Application Load Balancer limit or combine settings the AWS Load Balancer
// Controller cannot honour, and checks that the API server refuses each with
// a message naming the field.
func TestAdmissionRefusesInvalidL7Specs(t *testing.T) {
	ns := newNamespace(t)
	conditions := func(lb *lbov1.LoadBalancer) *lbov1.RuleConditions { return &lb.Spec.Rules[0].Conditions }
	cases := []struct {
		name   string
		mutate func(lb *lbov1.LoadBalancer)
		field  string
		says   string
	}{
		// Rule conditions: at most 3 values per condition, 5 per rule.
		{"six condition values in a rule", func(lb *lbov1.LoadBalancer) {
			c := conditions(lb)
			c.Hosts = []string{"a.example.com", "b.example.com"}
			c.Methods = []string{"GET", "HEAD"}
			c.SourceIPs = []string{"10.0.0.0/8"}
		}, "spec.rules[0].conditions", "a rule has at most 5 condition values"},
		{"a Prefix path counts twice", func(lb *lbov1.LoadBalancer) {
			c := conditions(lb)
			c.Paths = []lbov1.PathMatch{{Path: "/api", Type: lbov1.PathPrefix}}
			c.Hosts = []string{"a.example.com", "b.example.com"}
			c.Methods = []string{"GET", "HEAD"}
		}, "spec.rules[0].conditions", "2 for a Prefix path other than /"},
		{"four header values", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{"a", "b", "c", "d"}}}
		}, "spec.rules[0].conditions.headers[0].values", "must have at most 3 items"},
		{"header without values", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{}}}
		}, "spec.rules[0].conditions.headers[0].values", "should have at least 1 items"},
		{"Host as a header", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "HOST", Values: []string{"a.example.com"}}}
		}, "spec.rules[0].conditions.headers[0].name", "match the Host header with conditions.hosts"},
		{"header name with a space", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Headers = []lbov1.HeaderMatch{{Name: "X A", Values: []string{"a"}}}
		}, "spec.rules[0].conditions.headers[0].name", "should match"},
		{"four query strings", func(lb *lbov1.LoadBalancer) {
			conditions(lb).QueryStrings = []lbov1.QueryStringMatch{{Value: "a"}, {Value: "b"}, {Value: "c"}, {Value: "d"}}
		}, "spec.rules[0].conditions.queryStrings", "must have at most 3 items"},
		{"lowercase method", func(lb *lbov1.LoadBalancer) {
			conditions(lb).Methods = []string{"get"}
		}, "spec.rules[0].conditions.methods[0]", "should match"},
		{"source IP that is not a CIDR", func(lb *lbov1.LoadBalancer) {
			conditions(lb).SourceIPs = []string{"10.0.0.1"}
		}, "spec.rules[0].conditions.sourceIPs", "sourceIPs are CIDRs in network form"},
		{"source IP with host bits", func(lb *lbov1.LoadBalancer) {
			conditions(lb).SourceIPs = []string{"10.0.0.1/8"}
		}, "spec.rules[0].conditions.sourceIPs", "sourceIPs are CIDRs in network form"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := validL7(fmt.Sprintf("l7-invalid-%d", i))
			lb.Namespace = ns
			c.mutate(lb)
			assertRefused(t, k8s.Create(context.Background(), lb), c.field, c.says)
		})
	}
}

// TestAdmissionAcceptsL7AtTheLimits creates L7 LoadBalancers right at the
// Application Load Balancer's limits, which must be accepted.
func TestAdmissionAcceptsL7AtTheLimits(t *testing.T) {
	ns := newNamespace(t)
	cases := []struct {
		name   string
		mutate func(lb *lbov1.LoadBalancer)
	}{
		{"five condition values", func(lb *lbov1.LoadBalancer) {
			c := &lb.Spec.Rules[0].Conditions
			c.Paths = []lbov1.PathMatch{{Path: "/", Type: lbov1.PathPrefix}}
			c.Hosts = []string{"a.example.com", "b.example.com"}
			c.Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{"a", "b"}}}
		}},
		{"only a query string", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Rules[0].Conditions = lbov1.RuleConditions{QueryStrings: []lbov1.QueryStringMatch{{Key: "v", Value: "2"}}}
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := validL7(fmt.Sprintf("l7-valid-%d", i))
			lb.Namespace = ns
			c.mutate(lb)
			if err := k8s.Create(context.Background(), lb); err != nil {
				t.Fatal(err)
			}
		})
	}
}
