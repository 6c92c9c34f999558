package gateway_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/render"
)

// A model of the listener rules the AWS Load Balancer Controller makes from
// the HTTPRoutes of a Gateway (pkg/gateway/model/model_build_listener.go,
// pkg/gateway/routeutils/route_rule_precedence.go and
// route_rule_condition.go at 225f44568848), and of how an Application Load
// Balancer evaluates them; against it, the declared meaning of spec.rules.
// The tests expand many LoadBalancers and require, for every one lbo
// accepts, that every request meets the same rule both ways, whatever order
// the routes were created in.

// albRule is one listener rule, in the controller's order.
type albRule struct {
	host     string // "" for none
	match    gwv1.HTTPRouteMatch
	sourceIP []string
	takenBy  string // the HTTPRoute rule's name, "default" for lbo's default action
}

// routeKey is what the controller orders an HTTPRoute match by, within its
// hostname, most significant first.
type routeKey struct {
	pathType, pathLength int
	hasMethod            bool
	headers, queries     int
}

func keyOf(m gwv1.HTTPRouteMatch) routeKey {
	k := routeKey{pathLength: len(*m.Path.Value), hasMethod: m.Method != nil, headers: len(m.Headers), queries: len(m.QueryParams)}
	switch *m.Path.Type {
	case gwv1.PathMatchExact:
		k.pathType = 3
	case gwv1.PathMatchPathPrefix:
		k.pathType = 2
	case gwv1.PathMatchRegularExpression:
		k.pathType = 1
	}
	return k
}

// hostOrder: any hostname before none, an exact one before a wildcard, then
// more dots, then more characters.
func hostOrder(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	wa, wb := strings.HasPrefix(a, "*."), strings.HasPrefix(b, "*.")
	if wa != wb {
		if wa {
			return 1
		}
		return -1
	}
	return cmp.Or(-cmp.Compare(strings.Count(a, "."), strings.Count(b, ".")), -cmp.Compare(len(a), len(b)))
}

// controllerRules are the listener rules of the listener on port, in
// priority order, for routes created in the order of created (route names;
// routes left out are as old as each other, after those listed).
func controllerRules(t *testing.T, objs []client.Object, port int32, created []string) []albRule {
	t.Helper()
	var gw *gwv1.Gateway
	configs := map[string]map[string]any{}
	var routes []*gwv1.HTTPRoute
	for _, o := range objs {
		switch obj := o.(type) {
		case *gwv1.Gateway:
			gw = obj
		case *gwv1.HTTPRoute:
			routes = append(routes, obj)
		case *unstructured.Unstructured:
			if obj.GetKind() == "ListenerRuleConfiguration" {
				configs[obj.GetName()] = obj.Object
			}
		}
	}
	sections := map[gwv1.SectionName]bool{}
	for _, l := range gw.Spec.Listeners {
		if int32(l.Port) == port {
			sections[l.Name] = true
		}
	}
	type entry struct {
		rule           albRule
		key            routeKey
		created        int
		route          string
		ruleIdx, match int
	}
	rank := func(route string) int {
		if i := slices.Index(created, route); i >= 0 {
			return i
		}
		return len(created)
	}
	var entries []entry
	for _, r := range routes {
		if !slices.ContainsFunc(r.Spec.ParentRefs, func(p gwv1.ParentReference) bool { return sections[*p.SectionName] }) {
			continue
		}
		hosts := []string{""}
		if len(r.Spec.Hostnames) > 0 {
			hosts = nil
			for _, h := range r.Spec.Hostnames {
				hosts = append(hosts, string(h))
			}
		}
		for ri, rule := range r.Spec.Rules {
			takenBy := "default"
			if rule.Name != nil {
				takenBy = string(*rule.Name)
			}
			var sourceIPs []string
			for _, f := range rule.Filters {
				if f.ExtensionRef == nil {
					continue
				}
				cfg := configs[string(f.ExtensionRef.Name)]
				conds, _, _ := unstructured.NestedSlice(cfg, "spec", "conditions")
				for _, c := range conds {
					vals, _, _ := unstructured.NestedStringSlice(c.(map[string]any), "sourceIPConfig", "values")
					sourceIPs = append(sourceIPs, vals...)
				}
			}
			for mi, m := range rule.Matches {
				for _, h := range hosts {
					entries = append(entries, entry{
						rule: albRule{host: h, match: m, sourceIP: sourceIPs, takenBy: takenBy}, key: keyOf(m),
						created: rank(r.Name), route: r.Namespace + "/" + r.Name, ruleIdx: ri, match: mi,
					})
				}
			}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(
			hostOrder(a.rule.host, b.rule.host),
			-cmp.Compare(a.key.pathType, b.key.pathType),
			-cmp.Compare(a.key.pathLength, b.key.pathLength),
			-compareBool(a.key.hasMethod, b.key.hasMethod),
			-cmp.Compare(a.key.headers, b.key.headers),
			-cmp.Compare(a.key.queries, b.key.queries),
			cmp.Compare(a.created, b.created),
			cmp.Compare(a.route, b.route),
			cmp.Compare(a.ruleIdx, b.ruleIdx),
			cmp.Compare(a.match, b.match),
			cmp.Compare(a.rule.host, b.rule.host),
		)
	})
	var rules []albRule
	for _, e := range entries {
		rules = append(rules, e.rule)
	}
	return rules
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// request is what the conditions of a rule look at.
type request struct {
	host, path, method, sourceIP string
	headers                      map[string]string
	query                        [][2]string
}

func (r request) String() string {
	return fmt.Sprintf("%s %s%s %v ?%v from %s", r.method, r.host, r.path, r.headers, r.query, r.sourceIP)
}

// glob matches as an ALB condition value: '*' any characters, '?' one.
func glob(pattern, s string, fold bool) bool {
	key := fmt.Sprint(fold, pattern)
	re, ok := globs[key]
	if !ok {
		expr := regexp.QuoteMeta(pattern)
		expr = strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(expr)
		if fold {
			expr = "(?i)" + expr
		}
		re = regexp.MustCompile("^" + expr + "$")
		globs[key] = re
	}
	return re.MatchString(s)
}

var globs = map[string]*regexp.Regexp{}

// headerValues splits an HTTPRoute header value as the controller does: at
// every ',' not escaped by '\'.
func headerValues(v string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\\' && i+1 < len(v):
			cur.WriteByte(v[i+1])
			i++
		case v[i] == ',':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(v[i])
		}
	}
	return append(out, cur.String())
}

func inCIDRs(ip string, cidrs []string) bool {
	a := netip.MustParseAddr(ip)
	for _, c := range cidrs {
		if netip.MustParsePrefix(c).Contains(a) {
			return true
		}
	}
	return false
}

// takes reports whether the ALB rule the controller makes of r matches req.
func (r albRule) takes(req request) bool {
	if r.host != "" && !glob(r.host, req.host, true) {
		return false
	}
	m := r.match
	v := *m.Path.Value
	switch *m.Path.Type {
	case gwv1.PathMatchExact:
		if !glob(v, req.path, false) {
			return false
		}
	case gwv1.PathMatchPathPrefix:
		p := strings.TrimSuffix(v, "/")
		if v != "/" && !glob(p, req.path, false) && !glob(p+"/*", req.path, false) {
			return false
		}
	}
	for _, h := range m.Headers {
		got, ok := req.headers[strings.ToLower(string(h.Name))]
		if !ok || !slices.ContainsFunc(headerValues(h.Value), func(v string) bool { return glob(v, got, true) }) {
			return false
		}
	}
	for _, q := range m.QueryParams {
		if !slices.ContainsFunc(req.query, func(kv [2]string) bool {
			return glob(string(q.Name), kv[0], true) && glob(q.Value, kv[1], true)
		}) {
			return false
		}
	}
	if m.Method != nil && string(*m.Method) != req.method {
		return false
	}
	return len(r.sourceIP) == 0 || inCIDRs(req.sourceIP, r.sourceIP)
}

// declared is the rule spec.rules order gives req on listener l: the first
// whose conditions it meets, else the listener's default action.
func declared(lb *lbov1.LoadBalancer, l lbov1.Listener, req request) string {
	if lb.Spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
		return "default"
	}
	for _, r := range lb.Spec.Rules {
		if len(r.Listeners) > 0 && !slices.Contains(r.Listeners, l.Name) {
			continue
		}
		if meets(r.Conditions, req) {
			return r.Name
		}
	}
	if l.DefaultAction == nil {
		return "404"
	}
	return "default"
}

func meets(c lbov1.RuleConditions, req request) bool {
	if len(c.Hosts) > 0 && !slices.ContainsFunc(c.Hosts, func(h string) bool { return glob(h, req.host, true) }) {
		return false
	}
	if len(c.Paths) > 0 && !slices.ContainsFunc(c.Paths, func(p lbov1.PathMatch) bool {
		switch p.Type {
		case lbov1.PathExact:
			return p.Path == req.path
		case lbov1.PathWildcard:
			return glob(p.Path, req.path, false)
		}
		prefix := strings.TrimSuffix(p.Path, "/")
		return prefix == "" || req.path == prefix || strings.HasPrefix(req.path, prefix+"/")
	}) {
		return false
	}
	for _, h := range c.Headers {
		got, ok := req.headers[strings.ToLower(h.Name)]
		if !ok || !slices.ContainsFunc(h.Values, func(v string) bool { return glob(v, got, true) }) {
			return false
		}
	}
	if len(c.QueryStrings) > 0 && !slices.ContainsFunc(c.QueryStrings, func(q lbov1.QueryStringMatch) bool {
		return slices.ContainsFunc(req.query, func(kv [2]string) bool { return glob(q.Key, kv[0], true) && glob(q.Value, kv[1], true) })
	}) {
		return false
	}
	if len(c.Methods) > 0 && !slices.Contains(c.Methods, req.method) {
		return false
	}
	return len(c.SourceIPs) == 0 || inCIDRs(req.sourceIP, c.SourceIPs)
}

func evaluate(rules []albRule, req request) string {
	for _, r := range rules {
		if r.takes(req) {
			return r.takenBy
		}
	}
	return "404"
}

// requests are every combination of a small vocabulary that the rules
// below use, so that overlapping rules meet requests they share.
func requests() []request {
	var out []request
	for _, host := range []string{"a.example.com", "b.example.com", "x.a.example.com", "example.com", "other.org"} {
		for _, path := range []string{"/", "/api", "/api/", "/api/v1", "/apix", "/static/x.css", "/a", "/a/b"} {
			for _, method := range []string{"GET", "POST"} {
				for _, h := range []string{"", "on", "off"} {
					for _, q := range [][][2]string{nil, {{"k", "v"}}} {
						for _, ip := range []string{"10.0.0.1", "192.168.1.1"} {
							r := request{host: host, path: path, method: method, sourceIP: ip, headers: map[string]string{}, query: q}
							if h != "" {
								r.headers["x-a"] = h
							}
							out = append(out, r)
						}
					}
				}
			}
		}
	}
	return out
}

// randomL7 is an L7 LoadBalancer with rules drawn from the vocabulary.
func randomL7(rnd *rand.Rand) *lbov1.LoadBalancer {
	pick := func(n int) bool { return rnd.IntN(n) == 0 }
	lb := &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: "lb", Namespace: "ns"},
		Spec: lbov1.LoadBalancerSpec{
			Layer:   lbov1.LayerL7,
			Gateway: &lbov1.GatewayBackend{ClassName: "aws-alb"},
			Listeners: []lbov1.Listener{
				{Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP, DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "a"}}},
			},
			TargetGroups: []lbov1.TargetGroup{
				{Name: "a", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "a", Port: 80}}},
				{Name: "b", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "b", Port: 80}}},
			},
		},
	}
	if pick(3) {
		lb.Spec.Listeners = append(lb.Spec.Listeners, lbov1.Listener{Name: "alt", Port: 8080, Protocol: lbov1.ProtocolHTTP,
			DefaultAction: &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}})
	}
	hosts := []string{"a.example.com", "*.example.com", "b.example.com", "x.a.example.com"}
	paths := []lbov1.PathMatch{{Path: "/api", Type: lbov1.PathPrefix}, {Path: "/api/v1", Type: lbov1.PathExact}, {Path: "/", Type: lbov1.PathPrefix},
		{Path: "/a", Type: lbov1.PathPrefix}, {Path: "/static/*.css", Type: lbov1.PathWildcard}, {Path: "/api/*", Type: lbov1.PathWildcard}}
	actions := []lbov1.Action{
		{Forward: &lbov1.ForwardAction{TargetGroup: "a"}},
		{Forward: &lbov1.ForwardAction{TargetGroup: "b"}},
		{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 503}},
	}
	n := 1 + rnd.IntN(6)
	for i := range n {
		r := lbov1.Rule{Name: fmt.Sprintf("r%d", i), Action: actions[rnd.IntN(len(actions))]}
		c := &r.Conditions
		for range rnd.IntN(3) {
			if h := hosts[rnd.IntN(len(hosts))]; !slices.Contains(c.Hosts, h) {
				c.Hosts = append(c.Hosts, h)
			}
		}
		for range rnd.IntN(3) {
			if p := paths[rnd.IntN(len(paths))]; !slices.Contains(c.Paths, p) {
				c.Paths = append(c.Paths, p)
			}
		}
		if pick(4) {
			c.Methods = []string{"GET"}
		}
		if pick(4) {
			c.Headers = []lbov1.HeaderMatch{{Name: "X-A", Values: []string{"on"}}}
			if pick(2) {
				c.Headers[0].Values = append(c.Headers[0].Values, "off")
			}
		}
		if pick(5) {
			c.QueryStrings = []lbov1.QueryStringMatch{{Key: "k", Value: "v"}}
		}
		if pick(5) {
			c.SourceIPs = []string{"10.0.0.0/8"}
		}
		if len(c.Hosts)+len(c.Paths)+len(c.Methods)+len(c.Headers)+len(c.QueryStrings)+len(c.SourceIPs) == 0 {
			c.Paths = []lbov1.PathMatch{paths[rnd.IntN(len(paths))]}
		}
		if len(lb.Spec.Listeners) > 1 && pick(3) {
			r.Listeners = []string{lb.Spec.Listeners[rnd.IntN(2)].Name}
		}
		if conditionValues(*c) <= 5 {
			lb.Spec.Rules = append(lb.Spec.Rules, r)
		}
	}
	return lb
}

// conditionValues counts a rule's condition values as the CRD does.
func conditionValues(c lbov1.RuleConditions) int {
	n := len(c.Hosts) + 1 + len(c.QueryStrings) + len(c.Methods) + len(c.SourceIPs)
	if slices.ContainsFunc(c.Paths, func(p lbov1.PathMatch) bool { return p.Type == lbov1.PathPrefix && p.Path != "/" }) {
		n++
	}
	for _, h := range c.Headers {
		n += len(h.Values)
	}
	return n
}

// requestsFor are requests made of the hosts, paths, headers, query strings,
// methods and source IPs lb's rules name, and others besides.
func requestsFor(lb *lbov1.LoadBalancer) []request {
	hosts := []string{"other.org"}
	paths := []string{"/", "/other"}
	headers := []map[string]string{{}}
	queries := [][][2]string{nil}
	methods := []string{"GET", "OPTIONS"}
	ips := []string{"10.0.0.1", "172.16.0.1", "192.168.1.1"}
	for _, r := range lb.Spec.Rules {
		c := r.Conditions
		for _, h := range c.Hosts {
			hosts = append(hosts, strings.Replace(h, "*", "x", 1), strings.Replace(h, "*", "x.y", 1))
		}
		for _, p := range c.Paths {
			v := strings.NewReplacer("*", "x/y", "?", "q").Replace(p.Path)
			paths = append(paths, v, strings.TrimSuffix(v, "/")+"/more", v+"x")
		}
		for _, h := range c.Headers {
			for _, v := range h.Values {
				headers = append(headers, map[string]string{strings.ToLower(h.Name): strings.ReplaceAll(v, "*", "x")})
			}
		}
		for _, q := range c.QueryStrings {
			queries = append(queries, [][2]string{{q.Key, q.Value}})
		}
		methods = append(methods, c.Methods...)
	}
	var out []request
	for _, host := range slices.Compact(slices.Sorted(slices.Values(hosts))) {
		for _, path := range slices.Compact(slices.Sorted(slices.Values(paths))) {
			for _, method := range slices.Compact(slices.Sorted(slices.Values(methods))) {
				for _, h := range headers {
					for _, q := range queries {
						for _, ip := range ips {
							out = append(out, request{host: host, path: path, method: method, sourceIP: ip, headers: h, query: q})
						}
					}
				}
			}
		}
	}
	return out
}

// sameOutcomes requires that, on every listener of lb and whatever order
// its routes were created in, every request meets the rule spec.rules order
// gives it.
func sameOutcomes(t *testing.T, what string, lb *lbov1.LoadBalancer, objs []client.Object, reqs []request) {
	t.Helper()
	var routes []string
	for _, o := range objs {
		if _, ok := o.(*gwv1.HTTPRoute); ok {
			routes = append(routes, o.GetName())
		}
	}
	reversed := slices.Clone(routes)
	slices.Reverse(reversed)
	for _, l := range lb.Spec.Listeners {
		for _, created := range [][]string{nil, routes, reversed} {
			albRules := controllerRules(t, objs, l.Port, created)
			for _, req := range reqs {
				want, got := declared(lb, l, req), evaluate(albRules, req)
				if effect(lb, l, got) != effect(lb, l, want) {
					t.Fatalf("%s, listener %s, routes created in order %v: %s meets %s, but spec.rules order gives %s\nrules: %s",
						what, l.Name, created, req, got, want, describeRules(lb))
				}
			}
		}
	}
}

// TestGoldenCasesKeepDeclaredOrder checks the L7 golden cases the Gateway
// backend accepts as TestControllerOrderKeepsDeclaredOrder does.
func TestGoldenCasesKeepDeclaredOrder(t *testing.T) {
	ins, _ := filepath.Glob("../expand/testdata/*/in.yaml")
	samples, _ := filepath.Glob("../../config/samples/*.yaml")
	checked := 0
	for _, in := range append(ins, samples...) {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		lbs, err := render.Decode(context.Background(), bytes.NewReader(data),
			render.AsGateway(lbov1.LayerL7, lbov1.GatewayBackend{ClassName: "aws-alb"}))
		if err != nil {
			continue // invalid on purpose
		}
		for _, lb := range lbs {
			if lb.Spec.Layer != lbov1.LayerL7 || len(lb.Spec.Rules) == 0 {
				continue
			}
			res := expand.LoadBalancer(lb)
			if len(res.Problems) > 0 {
				continue
			}
			sameOutcomes(t, in, lb, res.Objects, requestsFor(lb))
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("only %d L7 LoadBalancers with rules were checked", checked)
	}
}

// TestControllerOrderKeepsDeclaredOrder expands random LoadBalancers; for
// each the Gateway backend accepts, every request must meet the rule
// spec.rules order gives it, on every listener, whatever order the routes
// were created in.
func TestControllerOrderKeepsDeclaredOrder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 19))
	reqs := requests()
	accepted, refused := 0, 0
	for n := range 600 {
		lb := randomL7(rnd)
		res := expand.LoadBalancer(lb)
		if len(res.Problems) > 0 {
			refused++
			continue
		}
		accepted++
		sameOutcomes(t, fmt.Sprintf("case %d", n), lb, res.Objects, reqs)
	}
	t.Logf("%d LoadBalancers accepted, %d refused", accepted, refused)
	if accepted < 100 || refused < 50 {
		t.Errorf("the generator should give both many accepted (%d) and many refused (%d) LoadBalancers", accepted, refused)
	}
}

// effect is what the rule named taken does to a request on listener l.
func effect(lb *lbov1.LoadBalancer, l lbov1.Listener, taken string) string {
	switch taken {
	case "404":
		return taken
	case "default":
		if lb.Spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
			return "redirect to HTTPS"
		}
		return fmt.Sprintf("%+v", *l.DefaultAction)
	}
	i := slices.IndexFunc(lb.Spec.Rules, func(r lbov1.Rule) bool { return r.Name == taken })
	a := lb.Spec.Rules[i].Action
	switch {
	case a.Forward != nil:
		return fmt.Sprintf("forward %+v", *a.Forward)
	case a.FixedResponse != nil:
		return fmt.Sprintf("fixed %+v", *a.FixedResponse)
	}
	return fmt.Sprintf("redirect %+v", *a.Redirect)
}

func describeRules(lb *lbov1.LoadBalancer) string {
	var b strings.Builder
	for _, r := range lb.Spec.Rules {
		fmt.Fprintf(&b, "\n  %s %+v %s", r.Name, r.Conditions, effect(lb, lbov1.Listener{}, r.Name))
	}
	return b.String()
}

// TestRulesAcrossRoutesThatTieAreRefused: more than 16 rules of one hostname
// spill into a second HTTPRoute, and the controller orders two rules of
// different routes that are as specific as each other by the routes'
// creation times; lbo refuses such a pair when they share requests.
func TestRulesAcrossRoutesThatTieAreRefused(t *testing.T) {
	lb := baseGateway(lbov1.LayerL7, "")
	lb.Spec.Rules = nil
	for i := range 17 {
		tg := []string{"app", "other"}[i%2]
		lb.Spec.Rules = append(lb.Spec.Rules, lbov1.Rule{
			Name:       fmt.Sprintf("r%02d", i),
			Conditions: lbov1.RuleConditions{Headers: []lbov1.HeaderMatch{{Name: "X-Try", Values: []string{fmt.Sprintf("%d*", i)}}}},
			Action:     lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: tg}},
		})
	}
	res := expand.LoadBalancer(lb)
	if len(res.Problems) == 0 {
		t.Fatal("17 rules as specific as each other, sharing requests, were accepted across two routes")
	}
	for _, p := range res.Problems {
		if !strings.Contains(p.Detail, "different HTTPRoutes") {
			t.Errorf("unexpected problem: %v", p)
		}
	}
	if p := res.Problems[0]; p.Field != "spec.rules[16]" {
		t.Errorf("the problem should name the rule in the second route, spec.rules[16]: %v", p)
	}
	// Disjoint header values take no request from each other: accepted.
	for i := range lb.Spec.Rules {
		lb.Spec.Rules[i].Conditions.Headers[0].Values = []string{fmt.Sprintf("v%d", i)}
	}
	if res := expand.LoadBalancer(lb); len(res.Problems) > 0 {
		t.Fatalf("disjoint rules refused: %v", res.Problems)
	}
}
