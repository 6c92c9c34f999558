package expand_test

import (
	"fmt"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// groupMember is an L7 LoadBalancer of group "shared" listening on HTTP 80
// with a default action and one rule.
func groupMember(ns, name string) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL7, Scheme: lbov1.SchemeInternetFacing, TargetType: lbov1.TargetTypeIP,
			Group: &lbov1.Group{Name: "shared", Order: 10},
			Listeners: []lbov1.Listener{{Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP,
				DefaultAction: &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}}},
			Rules: []lbov1.Rule{{Name: name, Conditions: lbov1.RuleConditions{Hosts: []string{name + ".example.com"}},
				Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}}}},
			TargetGroups: []lbov1.TargetGroup{{Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": name}, Port: 8080}}},
		},
	}
}

// ingressesOf expands lb, which must expand, as it would be in a cluster.
func ingressesOf(t *testing.T, lb *lbov1.LoadBalancer) []*networkingv1.Ingress {
	t.Helper()
	res := expand.LoadBalancer(lb)
	if len(res.Problems) > 0 {
		t.Fatalf("%s does not expand: %v", lb.Name, res.Problems)
	}
	return expand.Ingresses(res.Objects)
}

func TestGroupConflicts(t *testing.T) {
	owner := groupMember("edge", "owner")
	owner.Spec.Group.Order = 0
	owner.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"idle_timeout.timeout_seconds": "60"}}
	cases := []struct {
		name   string
		mutate func(lb *lbov1.LoadBalancer)
		field  string // empty: no conflict
		says   string
	}{
		{"a member leaving the default action to the owner", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction = nil
		}, "", ""},
		{"a member on another port with its own default action", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].Port = 8080
		}, "", ""},
		{"two default actions on one port", func(lb *lbov1.LoadBalancer) {},
			"spec.listeners[0].defaultAction", "LoadBalancer edge/owner in the same group gives the default action of port 80"},
		{"another scheme", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction = nil
			lb.Spec.Scheme = lbov1.SchemeInternal
		}, "spec.scheme", "sets internet-facing"},
		{"another idle timeout", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction = nil
			lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{
				"idle_timeout.timeout_seconds": "120", "routing.http2.enabled": "true"}}
		}, "spec.loadBalancerAttributes", "sets idle_timeout.timeout_seconds=60"},
		{"another attribute only", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction = nil
			lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{Additional: map[string]lbov1.AttributeValue{"routing.http2.enabled": "true"}}
		}, "", ""},
		{"HTTPS on the owner's HTTP port", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0] = lbov1.Listener{Name: "https", Port: 80, Protocol: lbov1.ProtocolHTTPS,
				TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/x"}}}
		}, "spec.listeners[0].protocol", "listens with HTTP on port 80"},
		{"another redirect port", func(lb *lbov1.LoadBalancer) {
			lb.Spec.Listeners[0].DefaultAction = nil
			lb.Spec.HTTPSRedirectPort = ptr.To[int32](8443)
			lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{Name: "https", Port: 8443, Protocol: lbov1.ProtocolHTTPS,
				TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/x"}}})
		}, "spec.httpsRedirectPort", "applies to every member's listeners"},
	}
	t.Run("its own Ingresses", func(t *testing.T) {
		if got := expand.GroupConflicts(owner, ingressesOf(t, owner), ingressesOf(t, owner)); len(got) > 0 {
			t.Fatalf("conflicts with itself: %v", got)
		}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := groupMember("team", "member")
			c.mutate(lb)
			got := expand.GroupConflicts(lb, ingressesOf(t, lb), ingressesOf(t, owner))
			if c.field == "" {
				if len(got) > 0 {
					t.Fatalf("conflicts: %v", got)
				}
				return
			}
			for _, e := range got {
				if e.Field == c.field && strings.Contains(e.Error(), c.says) {
					return
				}
			}
			t.Fatalf("want a conflict at %s saying %q, got %v", c.field, c.says, got)
		})
	}
}

// httpsMember is an L7 LoadBalancer of group "shared" listening on HTTPS 443
// with the given SSL policy, mutual TLS, client ranges and prefix lists,
// leaving the port's default action to another member.
func httpsMember(name, sslPolicy string, mtls *lbov1.MutualAuthentication, ranges, prefixLists []string) *lbov1.LoadBalancer {
	lb := groupMember("team", name)
	lb.Spec.Listeners = []lbov1.Listener{{Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
		TLS:                  &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/x"}, SSLPolicy: sslPolicy},
		MutualAuthentication: mtls}}
	lb.Spec.SourceRanges, lb.Spec.SourcePrefixLists = ranges, prefixLists
	return lb
}

// The settings of one port that every member listening on it must give
// alike, or not at all: SSL policy, mutual TLS, client ranges and prefix
// lists.
func TestGroupConflictsPerPort(t *testing.T) {
	const policy, other = "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06"
	verify := &lbov1.MutualAuthentication{Mode: "verify", TrustStore: "ts"}
	passthrough := &lbov1.MutualAuthentication{Mode: "passthrough"}
	ranges := []string{"10.0.0.0/8", "192.168.0.0/16"}
	lists := []string{"pl-0123456789abcdef0"}
	owner := httpsMember("owner", policy, verify, ranges, lists)
	owner.Spec.Group.Order = 0
	owner.Spec.Listeners[0].DefaultAction = &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
	for _, c := range []struct {
		name   string
		member *lbov1.LoadBalancer
		field  string // empty: no conflict
	}{
		{"the same settings", httpsMember("m", policy, verify, []string{"192.168.0.0/16", "10.0.0.0/8"}, lists), ""},
		{"no SSL policy or mutual TLS", httpsMember("m", "", nil, ranges, lists), ""},
		{"no sources: everyone, where the owner lets in only its own", httpsMember("m", "", nil, nil, nil), "spec.sourceRanges"},
		{"the same ranges, no prefix lists", httpsMember("m", policy, verify, ranges, nil), "spec.sourcePrefixLists"},
		{"another SSL policy", httpsMember("m", other, verify, ranges, lists), "spec.listeners[0].tls.sslPolicy"},
		{"another mutual TLS", httpsMember("m", policy, passthrough, ranges, lists), "spec.listeners[0].mutualAuthentication"},
		{"other client ranges", httpsMember("m", policy, verify, []string{"10.0.0.0/8"}, lists), "spec.sourceRanges"},
		{"other prefix lists", httpsMember("m", policy, verify, ranges, []string{"pl-00000000000000000"}), "spec.sourcePrefixLists"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := expand.GroupConflicts(c.member, ingressesOf(t, c.member), ingressesOf(t, owner))
			if c.field == "" {
				if len(got) > 0 {
					t.Fatalf("conflicts: %v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Field != c.field || !strings.Contains(got[0].Detail, "members must agree per port") {
				t.Fatalf("want one conflict at %s, got %v", c.field, got)
			}
		})
	}
	// A member that does not give an SSL policy or mutual TLS has nothing
	// to contradict, and neither does the owner when the member gives more.
	if got := expand.GroupConflicts(owner, ingressesOf(t, owner), ingressesOf(t, httpsMember("m", "", nil, ranges, lists))); len(got) > 0 {
		t.Fatalf("the owner conflicts with a member that sets nothing: %v", got)
	}
}

// TestGroupMembersHaveOrdersOfTheirOwn: the controller takes the Ingresses
// of members of equal order by namespace/name, so LoadBalancer web, split
// into Ingresses web and web-01, and web-0 of the same order would
// interleave (web, web-0, web-01). Whichever comes second is refused.
func TestGroupMembersHaveOrdersOfTheirOwn(t *testing.T) {
	web, web0 := groupMember("shop", "web"), groupMember("shop", "web-0")
	web0.Spec.Listeners[0].DefaultAction = nil
	for _, c := range []struct{ lb, live *lbov1.LoadBalancer }{{web, web0}, {web0, web}} {
		got := expand.GroupConflicts(c.lb, ingressesOf(t, c.lb), ingressesOf(t, c.live))
		if len(got) != 1 || got[0].Field != "spec.group.order" || !strings.Contains(got[0].Detail, "LoadBalancer shop/"+c.live.Name+" in the same group has order 10 too") {
			t.Errorf("%s with %s live: want a conflict at spec.group.order, got %v", c.lb.Name, c.live.Name, got)
		}
	}
	web0.Spec.Group.Order = 11
	if got := expand.GroupConflicts(web0, ingressesOf(t, web0), ingressesOf(t, web)); len(got) > 0 {
		t.Errorf("orders of their own: %v", got)
	}
	// An Ingress without group.order has order 0.
	foreign := ingressesOf(t, web)[0].DeepCopy()
	foreign.Labels = nil
	delete(foreign.Annotations, "alb.ingress.kubernetes.io/group.order")
	web0.Spec.Group.Order = 0
	if got := expand.GroupConflicts(web0, ingressesOf(t, web0), []*networkingv1.Ingress{foreign}); len(got) == 0 || got[0].Field != "spec.group.order" {
		t.Errorf("order 0 beside an Ingress without order: got %v", got)
	}
}

// TestGroupCertificatesAndListenerAttributesPerPort: the controller makes
// the first certificate of the lowest-order member a port's default, and
// fails the group when two members give one listener attribute different
// values.
func TestGroupCertificatesAndListenerAttributesPerPort(t *testing.T) {
	const a, b = "arn:aws:acm:eu-west-1:111122223333:certificate/a", "arn:aws:acm:eu-west-1:111122223333:certificate/b"
	member := func(name string, order int32, certs []string, attrs map[string]lbov1.AttributeValue) *lbov1.LoadBalancer {
		lb := httpsMember(name, "", nil, nil, nil)
		lb.Spec.Group.Order = order
		lb.Spec.Listeners[0].TLS.CertificateARNs = certs
		if attrs != nil {
			lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{Additional: attrs}
		}
		return lb
	}
	owner := member("owner", 0, []string{a}, map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"})
	for _, c := range []struct {
		name   string
		member *lbov1.LoadBalancer
		field  string // empty: no conflict
	}{
		{"the same first certificate, more after it", member("m", 10, []string{a, b}, nil), ""},
		{"another first certificate", member("m", 10, []string{b, a}, nil), "spec.listeners[0].tls.certificateARNs[0]"},
		{"the same attribute value", member("m", 10, []string{a}, map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"}), ""},
		{"another attribute", member("m", 10, []string{a}, map[string]lbov1.AttributeValue{"routing.http.response.strict_transport_security.header_value": "max-age=60"}), ""},
		{"another value of one attribute", member("m", 10, []string{a}, map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "true"}),
			"spec.listeners[0].attributes.additional[routing.http.response.server.enabled]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, pair := range []struct{ lb, live *lbov1.LoadBalancer }{{c.member, owner}, {owner, c.member}} {
				got := expand.GroupConflicts(pair.lb, ingressesOf(t, pair.lb), ingressesOf(t, pair.live))
				if c.field == "" {
					if len(got) > 0 {
						t.Fatalf("%s: conflicts: %v", pair.lb.Name, got)
					}
					continue
				}
				if len(got) != 1 || got[0].Field != c.field {
					t.Fatalf("%s: want one conflict at %s, got %v", pair.lb.Name, c.field, got)
				}
			}
		})
	}
}

// TestGroupRedirectsCoverOtherMembersRules: the controller orders a port's
// rules member by member, and leaves out a rule that an earlier member's
// redirect takes every request of; whichever member is checked, the rule
// that would be left out, or the redirect that would cover it, is refused.
func TestGroupRedirectsCoverOtherMembersRules(t *testing.T) {
	first := groupMember("edge", "first")
	first.Spec.Group.Order = 0
	first.Spec.Rules = []lbov1.Rule{{Name: "move", Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/*", Type: lbov1.PathWildcard}}},
		Action: lbov1.Action{Redirect: &lbov1.RedirectAction{Host: "example.net", StatusCode: 301}}}}
	later := groupMember("team", "later")
	later.Spec.Listeners[0].DefaultAction = nil
	got := expand.GroupConflicts(later, ingressesOf(t, later), ingressesOf(t, first))
	if len(got) != 1 || got[0].Field != "spec.rules[0].conditions" || !strings.Contains(got[0].Detail, "comes first (order 0) with a redirect") {
		t.Errorf("the later member: %v", got)
	}
	got = expand.GroupConflicts(first, ingressesOf(t, first), ingressesOf(t, later))
	if len(got) != 1 || got[0].Field != "spec.rules[0].conditions" || !strings.Contains(got[0].Detail, "would leave that rule out") {
		t.Errorf("the first member: %v", got)
	}
	// A redirect for one host covers no other host's rules.
	first.Spec.Rules[0].Conditions.Hosts = []string{"old.example.com"}
	if got := expand.GroupConflicts(later, ingressesOf(t, later), ingressesOf(t, first)); len(got) > 0 {
		t.Errorf("another host: %v", got)
	}
}

// Every setting the controller takes for a group's whole load balancer maps
// to the LoadBalancer field that writes it, for the conflict's message.
func TestGroupSettingsHaveFields(t *testing.T) {
	for _, s := range lbc.GroupSettings {
		if expand.GroupSettingField(s.Key) == nil {
			t.Errorf("no LoadBalancer field for group setting %s", s.Key)
		}
	}
}

// The members of a group share one Application Load Balancer and its
// quota of ALB rules: a member whose rules would take it over the quota is
// refused, naming its rules.
func TestGroupRulesShareTheQuota(t *testing.T) {
	withRules := func(name string, n int) *lbov1.LoadBalancer {
		lb := groupMember("team", name)
		lb.Spec.Listeners[0].DefaultAction = nil
		lb.Spec.Rules = nil
		for i := range n {
			lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{Name: fmt.Sprintf("r%d", i), Conditions: lbov1.RuleConditions{Hosts: []string{fmt.Sprintf("%s%d.example.com", name, i)}},
				Action: lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}}})
		}
		return lb
	}
	owner := withRules("owner", 60)
	owner.Namespace = "edge"
	owner.Spec.Group.Order = 1 // members have orders of their own
	if got := expand.GroupConflicts(withRules("m", 40), ingressesOf(t, withRules("m", 40)), ingressesOf(t, owner)); len(got) > 0 {
		t.Fatalf("100 ALB rules in the group: %v", got)
	}
	got := expand.GroupConflicts(withRules("m", 41), ingressesOf(t, withRules("m", 41)), ingressesOf(t, owner))
	if len(got) != 1 || got[0].Field != "spec.rules" || !strings.Contains(got[0].Detail, "101 ALB rules, 41 of them this LoadBalancer's and 60 the other members'") {
		t.Fatalf("101 ALB rules in the group: %v", got)
	}
	// HTTP listeners the group redirects to HTTPS take no rules.
	redirected := withRules("m", 41)
	redirected.Spec.HTTPSRedirectPort = ptr.To[int32](443)
	redirected.Spec.Listeners = append(redirected.Spec.Listeners, lbov1.Listener{Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
		TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/x"}}})
	for _, e := range expand.GroupConflicts(redirected, ingressesOf(t, redirected), ingressesOf(t, owner)) {
		if e.Field == "spec.rules" {
			t.Fatalf("the owner's rules on the redirected HTTP port count: %v", e)
		}
	}
}
