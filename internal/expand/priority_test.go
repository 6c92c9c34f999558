package expand_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/render"
)

// albRule is one listener rule the AWS Load Balancer Controller makes: the
// Ingress, and the rule and path of its spec it comes from.
type albRule struct {
	ingress    string
	rule, path int
}

// controllerRuleOrder is a model of how the AWS Load Balancer Controller
// numbers the listener rules of an Ingress group (ingress-spec.md and the
// group.order section of ingress-annotations.md):
//   - Ingresses are taken by alb.ingress.kubernetes.io/group.order (default
//     0, lowest first), then by namespace/name;
//   - within an Ingress, its rules are taken in written order;
//   - within a rule, paths are reordered: Exact paths first, then Prefix
//     paths longest first, then ImplementationSpecific paths in written order;
//   - each path becomes one listener rule, numbered 1, 2, 3... in that order.
//
// It returns the rules of the listener on port by priority, highest (rule 1)
// first: those of the Ingresses whose listen-ports have that port (port 0:
// of every Ingress).
func controllerRuleOrder(t *testing.T, ings []*networkingv1.Ingress, port int32) []albRule {
	t.Helper()
	if port != 0 {
		ings = slices.DeleteFunc(slices.Clone(ings), func(ing *networkingv1.Ingress) bool {
			var ports []map[string]int32
			if err := json.Unmarshal([]byte(ing.Annotations["alb.ingress.kubernetes.io/listen-ports"]), &ports); err != nil {
				t.Fatalf("Ingress %s: listen-ports: %v", ing.Name, err)
			}
			return !slices.ContainsFunc(ports, func(m map[string]int32) bool { return m["HTTP"] == port || m["HTTPS"] == port })
		})
	}
	order := func(ing *networkingv1.Ingress) int {
		v, ok := ing.Annotations["alb.ingress.kubernetes.io/group.order"]
		if !ok {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("Ingress %s: group.order %q is not an integer", ing.Name, v)
		}
		return n
	}
	ings = slices.Clone(ings)
	slices.SortStableFunc(ings, func(a, b *networkingv1.Ingress) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
	rank := func(p networkingv1.HTTPIngressPath) int {
		switch *p.PathType {
		case networkingv1.PathTypeExact:
			return 0
		case networkingv1.PathTypePrefix:
			return 1
		default:
			return 2
		}
	}
	var rules []albRule
	for _, ing := range ings {
		for ri, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			idx := make([]int, len(r.HTTP.Paths))
			for i := range idx {
				idx[i] = i
			}
			paths := r.HTTP.Paths
			slices.SortStableFunc(idx, func(a, b int) int {
				pa, pb := paths[a], paths[b]
				if c := cmp.Compare(rank(pa), rank(pb)); c != 0 {
					return c
				}
				if rank(pa) == 1 {
					return cmp.Compare(len(pb.Path), len(pa.Path))
				}
				return 0
			})
			for _, pi := range idx {
				rules = append(rules, albRule{ingress: ing.Name, rule: ri, path: pi})
			}
		}
	}
	return rules
}

// TestControllerRuleOrderModel pins the model to the documented behaviour.
func TestControllerRuleOrderModel(t *testing.T) {
	pt := func(t networkingv1.PathType) *networkingv1.PathType { return &t }
	ing := func(name, order string, paths ...networkingv1.HTTPIngressPath) *networkingv1.Ingress {
		i := &networkingv1.Ingress{}
		i.Name = name
		if order != "" {
			i.Annotations = map[string]string{"alb.ingress.kubernetes.io/group.order": order}
		}
		i.Spec.Rules = []networkingv1.IngressRule{{IngressRuleValue: networkingv1.IngressRuleValue{
			HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}}}}
		return i
	}
	got := controllerRuleOrder(t, []*networkingv1.Ingress{
		ing("b", "",
			networkingv1.HTTPIngressPath{Path: "/x/*", PathType: pt(networkingv1.PathTypeImplementationSpecific)},
			networkingv1.HTTPIngressPath{Path: "/a", PathType: pt(networkingv1.PathTypePrefix)},
			networkingv1.HTTPIngressPath{Path: "/abc", PathType: pt(networkingv1.PathTypePrefix)},
			networkingv1.HTTPIngressPath{Path: "/e", PathType: pt(networkingv1.PathTypeExact)},
			networkingv1.HTTPIngressPath{Path: "/y/*", PathType: pt(networkingv1.PathTypeImplementationSpecific)},
		),
		ing("a", "1", networkingv1.HTTPIngressPath{Path: "/", PathType: pt(networkingv1.PathTypePrefix)}),
	}, 0)
	want := []albRule{{"b", 0, 3}, {"b", 0, 2}, {"b", 0, 1}, {"b", 0, 0}, {"b", 0, 4}, {"a", 0, 0}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestRulePriorityFollowsDeclaredOrder expands every L7 golden case and
// sample, feeds the Ingresses through the model of the controller's
// ordering, and checks that the listener rules come out in the order the
// LoadBalancer declares its rules: all of rule 1's, then all of rule 2's...
func TestRulePriorityFollowsDeclaredOrder(t *testing.T) {
	ins, _ := filepath.Glob("testdata/*/in.yaml")
	samples, _ := filepath.Glob("../../config/samples/*.yaml")
	checked := 0
	for _, in := range append(ins, samples...) {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		lbs, err := render.Decode(context.Background(), bytes.NewReader(data))
		if err != nil {
			continue // invalid on purpose, or not a LoadBalancer
		}
		for _, lb := range lbs {
			if lb.Spec.Layer != lbov1.LayerL7 || len(lb.Spec.Rules) == 0 || lb.Spec.Gateway != nil {
				continue // no Ingresses: internal/gateway checks the Gateway backend's order
			}
			res := expand.LoadBalancer(lb)
			if len(res.Problems) > 0 {
				continue
			}
			checkDeclaredOrder(t, in, lb, res)
			checked++
		}
	}
	if checked < 3 {
		t.Fatalf("only %d L7 LoadBalancers with rules were checked", checked)
	}
}

// checkDeclaredOrder finds, for each listener rule, the lbo rule it comes
// from (by its host and paths), and requires them in declared order.
func checkDeclaredOrder(t *testing.T, in string, lb *lbov1.LoadBalancer, res expand.Result) {
	t.Helper()
	var ings []*networkingv1.Ingress
	byName := map[string]*networkingv1.Ingress{}
	for _, o := range res.Objects {
		if ing, ok := o.(*networkingv1.Ingress); ok {
			ings = append(ings, ing)
			byName[ing.Name] = ing
		}
	}
	lboRule := func(r albRule) int {
		ir := byName[r.ingress].Spec.Rules[r.rule]
		p := ir.HTTP.Paths[r.path]
		for i, rule := range lb.Spec.Rules {
			c := rule.Conditions
			host := ""
			if len(c.Hosts) == 1 {
				host = c.Hosts[0]
			}
			if host != ir.Host {
				continue
			}
			// Regex paths are a condition of one Ingress path without a path.
			regex := slices.ContainsFunc(c.Paths, func(m lbov1.PathMatch) bool { return m.Type == lbov1.PathRegex })
			if regex && p.Path == "" && p.Backend.Service != nil && p.Backend.Service.Name == "rule-"+rule.Name {
				return i
			}
			if len(c.Paths) == 0 && p.Path == "/" && p.Backend.Service != nil &&
				(p.Backend.Service.Port.Name != "use-annotation" || p.Backend.Service.Name == "rule-"+rule.Name) {
				return i
			}
			for _, m := range c.Paths {
				if m.Path == p.Path && (p.Backend.Service == nil || p.Backend.Service.Port.Name != "use-annotation" || p.Backend.Service.Name == "rule-"+rule.Name) {
					return i
				}
			}
		}
		t.Fatalf("%s: listener rule %v matches no rule of %s", in, r, lb.Name)
		return -1
	}
	for _, l := range lb.Spec.Listeners {
		if lb.Spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
			continue // redirected: no rules
		}
		var want []int
		for i, r := range lb.Spec.Rules {
			if len(r.Listeners) == 0 || slices.Contains(r.Listeners, l.Name) {
				want = append(want, i)
			}
		}
		var got []int
		for _, r := range controllerRuleOrder(t, ings, l.Port) {
			i := lboRule(r)
			if n := len(got); n > 0 && i < got[n-1] {
				t.Errorf("%s: listener %s: a listener rule of spec.rules[%d] (%s) comes after one of spec.rules[%d]", in, l.Name, i, lb.Spec.Rules[i].Name, got[n-1])
			}
			if n := len(got); n == 0 || got[n-1] != i {
				got = append(got, i)
			}
		}
		slices.Sort(got)
		if got = slices.Compact(got); !slices.Equal(got, want) {
			t.Errorf("%s: listener %s has listener rules of spec.rules %v, want %v", in, l.Name, got, want)
		}
	}
}
