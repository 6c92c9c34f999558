package expand

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// groupSettingFields are the LoadBalancer fields that write each of the
// settings the AWS Load Balancer Controller takes for a group's whole load
// balancer (lbc.GroupSettings).
var groupSettingFields = map[string]*field.Path{
	lbc.IngressName:                  field.NewPath("spec", "loadBalancerName"),
	lbc.IngressScheme:                field.NewPath("spec", "scheme"),
	lbc.IngressIPAddressType:         field.NewPath("spec", "ipAddressType"),
	lbc.IngressSubnets:               field.NewPath("spec", "subnets"),
	lbc.IngressSecurityGroups:        field.NewPath("spec", "securityGroups"),
	lbc.IngressManageBackendSGRules:  field.NewPath("spec", "manageBackendSecurityGroupRules"),
	lbc.IngressAttributes:            field.NewPath("spec", "loadBalancerAttributes"),
	lbc.IngressWAFv2ACLARN:           field.NewPath("spec", "wafv2WebACLARN"),
	lbc.IngressShieldAdvanced:        field.NewPath("spec", "shieldAdvancedProtection"),
	lbc.IngressSSLRedirect:           field.NewPath("spec", "httpsRedirectPort"),
	lbc.IngressMinimumCapacity:       field.NewPath("spec", "minimumCapacityUnits"),
	lbc.IngressTags:                  field.NewPath("spec", "tags"),
	lbc.IngressIPAMIPv4PoolID:        field.NewPath("spec", "ipv4IPAMPoolID"),
	lbc.IngressCustomerOwnedIPv4Pool: field.NewPath("spec", "customerOwnedIPv4Pool"),
}

// GroupConflicts are the settings of lb, whose Ingresses are mine (its
// expansion), that contradict the Ingresses other LoadBalancers have in its
// group (live ones, as the AWS Load Balancer Controller sees them), each
// naming lb's field and the LoadBalancer it contradicts: load balancer
// settings two members give differently, and per listener port its
// protocol, SSL policy, mutual TLS, allowed sources and default action (one
// member per port gives it). The controller fails the whole group on any of
// them, so lb must not be applied. Ingresses of lb itself (by the
// LoadBalancer label) are left out.
func GroupConflicts(lb *lbov1.LoadBalancer, mine, group []*networkingv1.Ingress) field.ErrorList {
	if len(mine) == 0 {
		return nil
	}
	type owner struct{ namespace, name string }
	byOwner := map[owner][]*networkingv1.Ingress{}
	var owners []owner
	for _, ing := range group {
		o := owner{ing.Namespace, ing.Labels[lbov1.LabelLoadBalancer]}
		if o.name == "" {
			o.name = "(Ingress " + ing.Name + ")"
		}
		if o.namespace == lb.Namespace && o.name == lb.Name {
			continue
		}
		if _, ok := byOwner[o]; !ok {
			owners = append(owners, o)
		}
		byOwner[o] = append(byOwner[o], ing)
	}
	var problems field.ErrorList
	seen := map[string]bool{}
	add := func(err *field.Error) {
		if key := err.Field; !seen[key] {
			seen[key] = true
			problems = append(problems, err)
		}
	}
	for _, o := range owners {
		theirs := byOwner[o]
		who := fmt.Sprintf("LoadBalancer %s/%s", o.namespace, o.name)
		a, b := mine[0].Annotations, theirs[0].Annotations
		if mo, to := groupOrder(a), groupOrder(b); mo == to {
			// The controller takes members of equal order by the
			// namespace/name of each Ingress (lbc.GroupMemberBefore):
			// another's Ingress can fall between two of a split
			// LoadBalancer, interleaving their rules.
			add(field.Invalid(field.NewPath("spec", "group", "order"), mo, fmt.Sprintf(
				"%s in the same group has order %d too; the AWS Load Balancer Controller takes the Ingresses of members of equal order by namespace/name, "+
					"so one member's Ingresses can fall between another's and their rules interleave: give each member an order of its own", who, to)))
		}
		for _, e := range lbc.GroupSettings {
			f := groupSettingFields[e.Key]
			mv, ok1 := a[e.Key]
			tv, ok2 := b[e.Key]
			if e.Everyone && ok1 != ok2 {
				says := "does not set it"
				if ok2 {
					says = "sets " + tv
				}
				add(field.Invalid(f, mv, fmt.Sprintf("%s in the same group %s; set by one member, it applies to every member's listeners, so all must set the same", who, says)))
				continue
			}
			if !ok1 || !ok2 {
				continue
			}
			if e.PerKey {
				mm, tm := parseKeyValues(mv), parseKeyValues(tv)
				for _, k := range slices.Sorted(maps.Keys(mm)) {
					if v, ok := tm[k]; ok && v != mm[k] {
						add(field.Invalid(f, k+"="+mm[k], fmt.Sprintf("%s in the same group sets %s=%s; members of a group must agree, or the AWS Load Balancer Controller updates none of them", who, k, v)))
					}
				}
				continue
			}
			if mv != tv {
				add(field.Invalid(f, mv, fmt.Sprintf("%s in the same group sets %s; members of a group must agree, or the AWS Load Balancer Controller updates none of them", who, tv)))
			}
		}
		for i, l := range lb.Spec.Listeners {
			p := field.NewPath("spec", "listeners").Index(i)
			mp, tp := portSettings(mine, l.Port), portSettings(theirs, l.Port)
			if !tp.listens {
				continue
			}
			if mp.protocol != tp.protocol {
				add(field.Invalid(p.Child("protocol"), mp.protocol, fmt.Sprintf("%s in the same group listens with %s on port %d", who, tp.protocol, l.Port)))
			}
			if err := shadowedAcrossMembers(lb, i, mine, theirs, who); err != nil {
				add(err)
			}
			if mp.hasDefault && tp.hasDefault {
				add(field.Forbidden(p.Child("defaultAction"), fmt.Sprintf("%s in the same group gives the default action of port %d; one member per port gives it, so leave it out here", who, l.Port)))
			}
			if mp.firstCertificate != "" && tp.firstCertificate != "" && mp.firstCertificate != tp.firstCertificate {
				add(field.Invalid(p.Child("tls", "certificateARNs").Index(0), mp.firstCertificate, fmt.Sprintf(
					"%s in the same group presents %s first on port %d; the AWS Load Balancer Controller makes the first certificate of the lowest-order member "+
						"the listener's default and adds the others for SNI, so one of the two would not be the default: give the same first certificate "+
						"(the other certificates of both are added)", who, tp.firstCertificate, l.Port)))
			}
			for _, k := range slices.Sorted(maps.Keys(mp.attributes)) {
				if v, ok := tp.attributes[k]; ok && v != mp.attributes[k] {
					add(field.Invalid(p.Child("attributes", "additional").Key(k), mp.attributes[k], fmt.Sprintf(
						"%s in the same group sets %s=%s on port %d; members must agree per port and attribute, or the AWS Load Balancer Controller updates none of them", who, k, v, l.Port)))
				}
			}
			for _, c := range []struct {
				mine, theirs string
				field        *field.Path
			}{
				{mp.sslPolicy, tp.sslPolicy, p.Child("tls", "sslPolicy")},
				{mp.mutualAuth, tp.mutualAuth, p.Child("mutualAuthentication")},
			} {
				if c.mine != "" && c.theirs != "" && c.mine != c.theirs {
					add(field.Invalid(c.field, c.mine, fmt.Sprintf("%s in the same group sets %s on port %d; members must agree per port", who, c.theirs, l.Port)))
				}
			}
			// Who may reach a port: the controller lets in the sources the
			// members listening on it give (and fails the group on two
			// different sets), everyone only when none gives any, so a
			// member that leaves them out would get another's.
			if mp.inboundCIDRs != tp.inboundCIDRs || mp.prefixLists != tp.prefixLists {
				f, mine := field.NewPath("spec", "sourceRanges"), mp.inboundCIDRs
				if mp.inboundCIDRs == tp.inboundCIDRs {
					f, mine = field.NewPath("spec", "sourcePrefixLists"), mp.prefixLists
				}
				add(field.Invalid(f, mine, fmt.Sprintf(
					"%s in the same group lets in %s on port %d; the AWS Load Balancer Controller lets in on a port the sources the members listening on it give, "+
						"and everyone only when none gives any, so members must agree per port: give the same sourceRanges and sourcePrefixLists",
					who, describeSources(tp.inboundCIDRs, tp.prefixLists), l.Port)))
			}
		}
	}
	var others []*networkingv1.Ingress
	for _, o := range owners {
		others = append(others, byOwner[o]...)
	}
	if len(others) > 0 {
		redirect := slices.ContainsFunc(append(slices.Clone(mine), others...), func(ing *networkingv1.Ingress) bool {
			_, ok := ing.Annotations[lbc.IngressSSLRedirect]
			return ok
		})
		m, o := albRuleCount(mine, redirect), albRuleCount(others, redirect)
		if m > 0 && m+o > lbc.MaxRulesPerLoadBalancer {
			add(field.Forbidden(field.NewPath("spec", "rules"), fmt.Sprintf(
				"the group's Application Load Balancer would have %d ALB rules, %d of them this LoadBalancer's and %d the other members', and AWS's default quota is %d: "+
					"the AWS Load Balancer Controller makes one ALB rule of each path of an Ingress rule on each port the Ingress listens on",
				m+o, m, o, lbc.MaxRulesPerLoadBalancer)))
		}
	}
	return problems
}

// groupOrder is the group order of an Ingress, as the controller reads it:
// 0 when it has none.
func groupOrder(annotations map[string]string) int32 {
	n, err := lbc.DecodeInt(annotations[lbc.IngressGroupOrder])
	if err != nil {
		return 0
	}
	return n
}

// albRuleCount is how many ALB rules the controller makes of ings: one for
// each path of each Ingress rule on each port its Ingress listens on, but
// none on HTTP ports when the group redirects HTTP to HTTPS (ssl-redirect).
func albRuleCount(ings []*networkingv1.Ingress, redirect bool) int {
	n := 0
	for _, ing := range ings {
		ports, err := lbc.DecodeListenPorts(ing.Annotations[lbc.IngressListenPorts])
		if err != nil {
			continue
		}
		listeners := 0
		for _, p := range ports {
			if !redirect || p.Protocol != "HTTP" {
				listeners++
			}
		}
		paths := 0
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				paths += len(r.HTTP.Paths)
			}
		}
		n += paths * listeners
	}
	return n
}

// shadowedAcrossMembers refuses a rule of lb on listener li that a redirect
// of the other member (theirs) takes every request of, or that takes every
// request of one of theirs: the controller orders a port's rules member by
// member (group order) and leaves out a rule after a redirect that covers
// it (lbc.Overshadows).
func shadowedAcrossMembers(lb *lbov1.LoadBalancer, li int, mine, theirs []*networkingv1.Ingress, who string) *field.Error {
	l := lb.Spec.Listeners[li]
	if lb.Spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
		return nil // ssl-redirect: no rules on it
	}
	kept := func(r lbc.ALBRule) bool { return r.Redirect != nil && !lbc.RedirectLoop(l.Port, string(l.Protocol), r) }
	var theirRules []lbc.ALBRule
	for _, ing := range theirs {
		if listensOn(ing, l.Port) {
			theirRules = append(theirRules, ingressALBRules(ing)...)
		}
	}
	myOrder, theirOrder := groupOrder(mine[0].Annotations), groupOrder(theirs[0].Annotations)
	rules := field.NewPath("spec", "rules")
	for ri, r := range lb.Spec.Rules {
		if len(r.Listeners) > 0 && !slices.Contains(r.Listeners, l.Name) {
			continue
		}
		for _, alb := range albRulesOf(&r) {
			for _, t := range theirRules {
				switch {
				case myOrder > theirOrder && kept(t) && lbc.Overshadows(t, alb):
					return field.Forbidden(rules.Index(ri).Child("conditions"), fmt.Sprintf(
						"on port %d %s in the same group comes first (order %d) with a redirect that takes every request this rule matches (hosts %s, paths %s), "+
							"so the AWS Load Balancer Controller leaves this rule out: it would never apply", l.Port, who, theirOrder, describeValues(t.Hosts), describeValues(t.Paths)))
				case myOrder < theirOrder && kept(alb) && lbc.Overshadows(alb, t):
					return field.Forbidden(rules.Index(ri).Child("conditions"), fmt.Sprintf(
						"on port %d this redirect takes every request that a rule of %s in the same group, whose order %d comes later, matches (hosts %s, paths %s), "+
							"so the AWS Load Balancer Controller would leave that rule out; narrow this rule's hosts or paths, or limit it with rules[%d].listeners",
						l.Port, who, theirOrder, describeValues(t.Hosts), describeValues(t.Paths), ri))
				}
			}
		}
	}
	return nil
}

func describeValues(v []string) string {
	if len(v) == 0 {
		return "any"
	}
	return strings.Join(v, ", ")
}

// listensOn tells whether ing lists port in its listen-ports.
func listensOn(ing *networkingv1.Ingress, port int32) bool {
	ports, err := lbc.DecodeListenPorts(ing.Annotations[lbc.IngressListenPorts])
	return err == nil && slices.ContainsFunc(ports, func(p lbc.ListenPort) bool { return p.Port == port })
}

// ingressALBRules are the ALB rules the controller makes of ing's rules on
// each port it listens on, in its order: one per path, with the rule's host
// and the host and path values of its conditions annotation, and the
// redirect of its annotated action.
func ingressALBRules(ing *networkingv1.Ingress) []lbc.ALBRule {
	var out []lbc.ALBRule
	for _, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		paths, types := make([]string, len(r.HTTP.Paths)), make([]string, len(r.HTTP.Paths))
		for j, p := range r.HTTP.Paths {
			paths[j] = p.Path
			if p.PathType != nil {
				types[j] = string(*p.PathType)
			}
		}
		for _, j := range lbc.PathOrder(paths, types) {
			p := r.HTTP.Paths[j]
			var alb lbc.ALBRule
			if r.Host != "" {
				alb.Hosts = []string{r.Host}
			}
			if p.Path != "" {
				alb.Paths = lbc.PathPatterns(p.Path, types[j])
			}
			if b := p.Backend.Service; b != nil {
				var conditions []lbc.Condition
				if v, ok := ing.Annotations[lbc.IngressConditions(b.Name)]; ok {
					var err error
					if conditions, err = lbc.DecodeConditions(v); err != nil {
						continue // conditions lbo cannot read: left out of the comparison
					}
				}
				for _, c := range conditions {
					switch {
					case c.Field == lbc.ConditionHostHeader && c.HostHeaderConfig != nil:
						alb.Hosts = append(alb.Hosts, c.HostHeaderConfig.Values...)
					case c.Field == lbc.ConditionPathPattern && c.PathPatternConfig != nil:
						alb.Paths = append(alb.Paths, c.PathPatternConfig.Values...)
						if len(c.PathPatternConfig.RegexValues) > 0 {
							alb.Paths = append(alb.Paths, c.PathPatternConfig.RegexValues...)
							alb.RegexPaths = true
						}
					default:
						alb.OtherConditions = true
					}
				}
				if b.Port.Name == lbc.UseAnnotation {
					if a, err := lbc.DecodeAction(ing.Annotations[lbc.IngressAction(b.Name)]); err == nil && a.Type == lbc.ActionRedirect {
						alb.Redirect = a.RedirectConfig
					}
				}
			}
			if len(alb.Hosts) == 0 && len(alb.Paths) == 0 && !alb.OtherConditions {
				alb.Paths = []string{"/*"}
			}
			out = append(out, alb)
		}
	}
	return out
}

// Ingresses are the Ingresses among objs, an expansion's children.
func Ingresses(objs []client.Object) []*networkingv1.Ingress {
	var ings []*networkingv1.Ingress
	for _, o := range objs {
		if ing, ok := o.(*networkingv1.Ingress); ok {
			ings = append(ings, ing)
		}
	}
	return ings
}

// portListen is what the Ingresses of one LoadBalancer say about a port.
type portListen struct {
	listens, hasDefault                              bool
	protocol                                         string
	sslPolicy, mutualAuth, inboundCIDRs, prefixLists string
	// firstCertificate is the first certificate of an HTTPS port.
	firstCertificate string
	// attributes are the listener attributes of the port.
	attributes map[string]string
}

func portSettings(ings []*networkingv1.Ingress, port int32) portListen {
	var s portListen
	for _, ing := range ings {
		a := ing.Annotations
		ports, err := lbc.DecodeListenPorts(a[lbc.IngressListenPorts])
		if err != nil {
			continue
		}
		i := slices.IndexFunc(ports, func(p lbc.ListenPort) bool {
			return p.Port == port && (p.Protocol == "HTTP" || p.Protocol == "HTTPS")
		})
		if i < 0 {
			continue
		}
		s.listens = true
		s.protocol = ports[i].Protocol
		s.hasDefault = s.hasDefault || ing.Spec.DefaultBackend != nil
		if s.protocol == "HTTPS" {
			s.sslPolicy = a[lbc.IngressSSLPolicy]
			if certs := lbc.DecodeList(a[lbc.IngressCertificateARN]); len(certs) > 0 {
				s.firstCertificate = certs[0]
			}
		}
		if v, ok := a[lbc.IngressListenerAttributes(s.protocol, port)]; ok {
			s.attributes = parseKeyValues(v)
		}
		if mtls, err := lbc.DecodeMutualAuthentication(a[lbc.IngressMutualAuthentication]); err == nil {
			if j := slices.IndexFunc(mtls, func(m lbc.MutualAuthentication) bool { return m.Port == port }); j >= 0 {
				s.mutualAuth = identity(mtls[j])
			}
		}
		s.inboundCIDRs = normalizeList(a[lbc.IngressInboundCIDRs])
		s.prefixLists = normalizeList(a[lbc.IngressSGPrefixLists])
	}
	return s
}

// describeSources says which sources a port's settings let in.
func describeSources(cidrs, prefixLists string) string {
	switch {
	case cidrs == "" && prefixLists == "":
		return "everyone (no sourceRanges or sourcePrefixLists)"
	case prefixLists == "":
		return cidrs
	case cidrs == "":
		return "prefix lists " + prefixLists
	}
	return cidrs + " and prefix lists " + prefixLists
}

// normalizeList sorts a comma-separated list, which the controller compares
// as a set.
func normalizeList(v string) string {
	items := lbc.DecodeList(v)
	slices.Sort(items)
	return strings.Join(slices.Compact(items), ",")
}

// parseKeyValues reads a key=value annotation as the controller does; one
// the controller refuses says nothing.
func parseKeyValues(v string) map[string]string {
	m, err := lbc.DecodeMap(v)
	if err != nil {
		return map[string]string{}
	}
	return m
}
