package expand

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// maxIngresses bounds the Ingresses of one LoadBalancer, so that their names
// (<name>, <name>-01 ... <name>-99) sort in plan order.
const maxIngresses = 100

// An Ingress gives all its listen ports the same certificates, SSL policy and
// default backend, applies all its rules to all of them, authenticates all of
// them alike and carries one set of settings for the target groups of the
// Services it forwards to that lbo does not own. What one Ingress cannot say
// goes into several, all in the LoadBalancer's group, where the AWS Load
// Balancer Controller merges them into one Application Load Balancer:
//
//   - listeners are grouped into classes that agree in certificates (HTTPS
//     only), default action and the rules that apply to them; each class has
//     Ingresses of its own, which no other class's listener shares;
//   - a class's rules, in declared order, are cut into runs that agree in
//     authentication and in those target group settings; each run is an
//     Ingress, and the class's default action goes into the first Ingress
//     that agrees with it (or one of its own, without rules).
//
// The controller numbers a listener's rules across the Ingresses that listen
// on it by group order, then by name; a LoadBalancer's Ingresses share its
// group order and are named in plan order, so every listener keeps the
// declared rule order.

// ingressPlan is what one Ingress of an L7 LoadBalancer carries.
type ingressPlan struct {
	listeners   []int              // indexes into spec.listeners, in order
	tls         *lbov1.ListenerTLS // the certificates of its HTTPS listeners
	tlsFrom     int                // the listener tls is from
	defaultFrom int                // the listener whose defaultAction is its default backend, or -1
	rules       []int              // indexes into spec.rules, in order

	auth     *lbov1.Authentication
	authPath *field.Path // auth's field
	authKey  string
	// targetGroupKey identifies targetGroupAnnotations, the settings of the
	// Service-backed target groups it forwards to; empty until one does.
	targetGroupKey         string
	targetGroupAnnotations map[string]string
}

// needs is what an action needs from the Ingress that carries it.
type needs struct {
	auth     *lbov1.Authentication
	authPath *field.Path
	authKey  string
	// tgKey is empty when the action forwards to no Service-backed target
	// group, and then fits any Ingress.
	tgKey         string
	tgAnnotations map[string]string
}

// takes reports whether p can carry an action with needs n.
func (p *ingressPlan) takes(n needs) bool {
	return p.authKey == n.authKey && (n.tgKey == "" || p.targetGroupKey == "" || p.targetGroupKey == n.tgKey)
}

func (p *ingressPlan) add(n needs) {
	if p.targetGroupKey == "" {
		p.targetGroupKey, p.targetGroupAnnotations = n.tgKey, n.tgAnnotations
	}
}

// listenerClass is a set of listeners that can share Ingresses.
type listenerClass struct {
	listeners   []int
	tlsFrom     int // the first HTTPS listener, or -1
	defaultFrom int
	rules       []int
}

// plan divides the LoadBalancer into the Ingresses that carry it.
func (x *l7) plan() []*ingressPlan {
	spec := &x.lb.Spec
	path := field.NewPath("spec")
	classes, why := x.listenerClasses(path)
	var plans []*ingressPlan
	for _, c := range classes {
		var tls *lbov1.ListenerTLS
		if c.tlsFrom >= 0 {
			tls = spec.Listeners[c.tlsFrom].TLS
		}
		var own []*ingressPlan
		start := func(n needs) *ingressPlan {
			p := &ingressPlan{listeners: c.listeners, tls: tls, tlsFrom: c.tlsFrom, defaultFrom: -1, auth: n.auth, authPath: n.authPath, authKey: n.authKey}
			own = append(own, p)
			return p
		}
		var cur *ingressPlan
		for _, ri := range c.rules {
			auth, authPath := x.ruleAuthentication(ri)
			n, ok := x.needsOf(spec.Rules[ri].Action, auth, authPath, path.Child("rules").Index(ri).Child("action"))
			if !ok {
				continue
			}
			if cur == nil || !cur.takes(n) {
				if cur != nil && why == "" {
					why = x.whyApart(cur, n, fmt.Sprintf("rules[%d]", ri))
				}
				cur = start(n)
			}
			cur.add(n)
			cur.rules = append(cur.rules, ri)
		}
		var d needs
		ok := false
		if a := spec.Listeners[c.defaultFrom].DefaultAction; a != nil {
			d, ok = x.needsOf(*a, spec.Authentication, path.Child("authentication"), path.Child("listeners").Index(c.defaultFrom).Child("defaultAction"))
		}
		if ok {
			i := slices.IndexFunc(own, func(p *ingressPlan) bool { return p.takes(d) })
			if i < 0 {
				if len(own) > 0 && why == "" {
					why = x.whyApart(own[0], d, fmt.Sprintf("listeners[%d].defaultAction", c.defaultFrom))
				}
				start(d)
				i = len(own) - 1
			}
			own[i].add(d)
			own[i].defaultFrom = c.defaultFrom
		}
		if len(own) == 0 {
			// Neither a default action nor rules, in a group (the CRD
			// requires a default action otherwise): the listener joins its
			// port with its certificates, mutual TLS and attributes, and
			// takes the group's rules and default action, or answers 404.
			start(needs{authKey: "none"})
		}
		plans = append(plans, own...)
	}
	switch {
	case len(plans) > maxIngresses:
		x.problems = append(x.problems, field.TooMany(path.Child("rules"), len(plans), maxIngresses))
	case len(plans) > 1 && spec.Group == nil:
		x.problems = append(x.problems, field.Required(path.Child("group"), fmt.Sprintf(
			"this LoadBalancer needs %d Ingresses (%s), and Ingresses share one Application Load Balancer only in a group: "+
				"set group, a group of its own if it shares with nobody (a name no other LoadBalancer claims, no members); "+
				"on an existing LoadBalancer, joining a group replaces its load balancer and needs allowReplacement",
			len(plans), why)))
	}
	return plans
}

// whyApart says why an action with needs n, what, cannot go into p.
func (x *l7) whyApart(p *ingressPlan, n needs, what string) string {
	other := fmt.Sprintf("listeners[%d].defaultAction", p.defaultFrom)
	if len(p.rules) > 0 {
		other = fmt.Sprintf("rules[%d]", p.rules[len(p.rules)-1])
	}
	if p.authKey != n.authKey {
		return what + " authenticates differently from " + other
	}
	return what + " forwards to a target group backed by an existing Service whose settings (healthCheck, backendProtocol, " +
		"backendProtocolVersion, attributes) differ from those " + other + " forwards to, and one Ingress carries one set of them"
}

// listenerClasses groups the listeners that can share Ingresses, in the order
// of their first listener, and says why there is more than one.
func (x *l7) listenerClasses(path *field.Path) ([]*listenerClass, string) {
	ls := x.lb.Spec.Listeners
	redirect := x.lb.Spec.HTTPSRedirectPort != nil
	var classes []*listenerClass
	var redirected []int
	why := ""
	for i, l := range ls {
		if redirect && l.Protocol == lbov1.ProtocolHTTP {
			// ssl-redirect answers every request on it: it takes no rules
			// and shares any Ingress.
			redirected = append(redirected, i)
			continue
		}
		if l.DefaultAction == nil && x.lb.Spec.Group == nil {
			continue // the CRD refuses it
		}
		rules := x.rulesOn(l.Name)
		k := slices.IndexFunc(classes, func(c *listenerClass) bool { return c.differs(ls, i, rules) == "" })
		if k < 0 {
			if len(classes) > 0 && why == "" {
				why = classes[0].differs(ls, i, rules)
			}
			classes = append(classes, &listenerClass{tlsFrom: -1, defaultFrom: i, rules: rules})
			k = len(classes) - 1
		}
		c := classes[k]
		c.listeners = append(c.listeners, i)
		if l.Protocol == lbov1.ProtocolHTTPS && c.tlsFrom < 0 {
			c.tlsFrom = i
		}
	}
	for i, r := range x.lb.Spec.Rules {
		if len(r.Listeners) > 0 && !slices.ContainsFunc(classes, func(c *listenerClass) bool { return slices.Contains(c.rules, i) }) {
			x.problems = append(x.problems, field.Invalid(path.Child("rules").Index(i).Child("listeners"), r.Listeners,
				"every listener it names is an HTTP listener that httpsRedirectPort redirects, so the rule would never apply"))
		}
	}
	if len(classes) == 0 {
		return nil, why // the CRD gives httpsRedirectPort an HTTPS listener
	}
	classes[0].listeners = append(classes[0].listeners, redirected...)
	slices.Sort(classes[0].listeners)
	return classes, why
}

// differs says how listener i, which takes rules, differs from the listeners
// of c, or "" when it can share their Ingresses.
func (c *listenerClass) differs(ls []lbov1.Listener, i int, rules []int) string {
	switch {
	case !reflect.DeepEqual(ls[i].DefaultAction, ls[c.defaultFrom].DefaultAction):
		return fmt.Sprintf("listeners[%d] has another defaultAction than listeners[%d]", i, c.defaultFrom)
	case !slices.Equal(rules, c.rules):
		return fmt.Sprintf("listeners[%d] takes other rules than listeners[%d]", i, c.defaultFrom)
	case ls[i].Protocol == lbov1.ProtocolHTTPS && c.tlsFrom >= 0 && !reflect.DeepEqual(ls[i].TLS, ls[c.tlsFrom].TLS):
		return fmt.Sprintf("listeners[%d] has another tls than listeners[%d]", i, c.tlsFrom)
	}
	return ""
}

// rulesOn are the indexes of the rules that apply to the named listener.
func (x *l7) rulesOn(listener string) []int {
	var rules []int
	for i, r := range x.lb.Spec.Rules {
		if len(r.Listeners) == 0 || slices.Contains(r.Listeners, listener) {
			rules = append(rules, i)
		}
	}
	return rules
}

// ruleAuthentication is how rule i authenticates, and the field that says
// so: its own provider, none, or the LoadBalancer's.
func (x *l7) ruleAuthentication(i int) (*lbov1.Authentication, *field.Path) {
	r := &x.lb.Spec.Rules[i]
	switch {
	case r.SkipAuthentication:
		return nil, nil
	case r.Authentication != nil:
		return r.Authentication, field.NewPath("spec", "rules").Index(i).Child("authentication")
	}
	return x.lb.Spec.Authentication, field.NewPath("spec", "authentication")
}

// needsOf is what action a, authenticated with auth, needs from its
// Ingress. It is not ok when a forwards to Service-backed target groups
// whose settings differ, which no Ingress can carry.
func (x *l7) needsOf(a lbov1.Action, auth *lbov1.Authentication, authPath, path *field.Path) (needs, bool) {
	n := needs{auth: auth, authPath: authPath, authKey: "none"}
	if auth != nil {
		n.authKey = identity(auth)
	}
	if a.Forward == nil {
		return n, true
	}
	weighted := a.Forward.TargetGroups
	if a.Forward.TargetGroup != "" {
		weighted = []lbov1.WeightedTargetGroup{{Name: a.Forward.TargetGroup}}
	}
	first := ""
	for i, w := range weighted {
		k, ok := x.idx[w.Name]
		if !ok || x.lb.Spec.TargetGroups[k].Backend.Service == nil || x.lb.Spec.TargetGroups[k].Existing != nil {
			continue // backend reports unknown names; an existing target group is forwarded to by ARN or name
		}
		annotations := x.l7TargetGroupAnnotations(k)
		key := identity(annotations)
		switch {
		case n.tgKey == "":
			n.tgKey, n.tgAnnotations, first = key, annotations, w.Name
		case key != n.tgKey:
			x.problems = append(x.problems, field.Forbidden(path.Child("forward", "targetGroups").Index(i).Child("name"), fmt.Sprintf(
				"target groups %s and %s are backed by existing Services and differ in healthCheck, backendProtocol, backendProtocolVersion "+
					"or attributes: one forward action is carried by one Ingress, whose annotations give one set of settings to the "+
					"Services it forwards to (lbo does not annotate Services it does not own); give them the same settings", first, w.Name)))
			return n, false
		}
	}
	return n, true
}

// identity is a string that is equal for equal values of v, to tell
// authentications and target group settings apart.
func identity(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // lbo's API types and string maps always marshal
	}
	return string(b)
}
