package expand

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/attributes"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// checkAWS checks lb against the rules of AWS, the AWS Load Balancer
// Controller and the API server that the CRD does not state (lbc.Rules):
// those that need AWS's published lists, the controller's defaults, what
// the controller makes of a value, or the kind of load balancer a field ends
// up on. Each problem names the field to fix. lb is one the CRD accepts.
func checkAWS(lb *lbov1.LoadBalancer) field.ErrorList {
	kind := kindOf(lb)
	var p field.ErrorList
	p = append(p, checkListeners(lb, kind)...)
	p = append(p, checkLoadBalancerAttributes(lb, kind)...)
	p = append(p, checkTargetGroups(lb, kind)...)
	if kind == lbc.ALB {
		p = append(p, checkRules(lb)...)
	}
	return p
}

func kindOf(lb *lbov1.LoadBalancer) lbc.Kind {
	if lb.Spec.Layer == lbov1.LayerL4 {
		return lbc.NLB
	}
	return lbc.ALB
}

// checkListeners checks the certificates the load balancer holds and the
// listeners' attributes.
func checkListeners(lb *lbov1.LoadBalancer, kind lbc.Kind) field.ErrorList {
	var p field.ErrorList
	path := field.NewPath("spec", "listeners")
	certificates := 0
	for i, l := range lb.Spec.Listeners {
		if l.TLS != nil {
			tls := path.Index(i).Child("tls")
			certificates += max(len(l.TLS.CertificateARNs)-1, 0)
			if certificates > lbc.MaxCertificatesPerLoadBalancer && certificates-len(l.TLS.CertificateARNs)+1 <= lbc.MaxCertificatesPerLoadBalancer {
				p = append(p, field.Forbidden(tls.Child("certificateARNs"), fmt.Sprintf(
					"with this listener's, the listeners hold %d certificates beside each one's first (its default), and AWS's default quota is %d per %s; "+
						"give the listeners fewer certificates", certificates, lbc.MaxCertificatesPerLoadBalancer, kind)))
			}
		}
		if l.Attributes == nil {
			continue
		}
		attrs := attributes.Listener(l.Attributes)
		additional := func(k string) bool { _, ok := l.Attributes.Additional[k]; return ok }
		p = append(p, attributeProblems(path.Index(i).Child("attributes"), lbc.ListenerAttributes[kind],
			lbc.CheckAttributes(kind, lbc.ListenerObject, lbc.ListenerAttributes[kind], attrs), attrs, additional)...)
	}
	return p
}

// attributeProblems turns problems with attributes into field errors: an
// attribute from `additional` is named there, one a typed field writes at
// that field (the catalog says which), relative to path.
func attributeProblems(path *field.Path, catalog map[string]lbc.Attribute, problems []lbc.AttributeProblem, attrs map[string]string, additional func(string) bool) field.ErrorList {
	var p field.ErrorList
	for _, a := range problems {
		at := path.Child("additional").Key(a.Key)
		if !additional(a.Key) {
			at = path
			if f := catalog[a.Key].Field; f != "" {
				for _, part := range strings.Split(f, ".") {
					at = at.Child(part)
				}
			}
		}
		p = append(p, field.Invalid(at, attrs[a.Key], a.Reason))
	}
	return p
}

// checkLoadBalancerAttributes checks the load balancer's attributes, typed
// and additional, against the attributes AWS has for its kind.
func checkLoadBalancerAttributes(lb *lbov1.LoadBalancer, kind lbc.Kind) field.ErrorList {
	a := lb.Spec.LoadBalancerAttributes
	if a == nil {
		return nil
	}
	path := field.NewPath("spec", "loadBalancerAttributes")
	attrs := attributes.LoadBalancer(a)
	additional := func(k string) bool { _, ok := a.Additional[k]; return ok }
	catalog := lbc.LoadBalancerAttributes[kind]
	problems := lbc.CheckAttributes(kind, lbc.LoadBalancerObject, catalog, attrs)
	problems = append(problems, lbc.CheckLoadBalancerAttributeSet(attrs)...)
	return attributeProblems(path, catalog, problems, attrs, additional)
}

// checkTargetGroups checks each target group's health check, attributes and
// selector.
func checkTargetGroups(lb *lbov1.LoadBalancer, kind lbc.Kind) field.ErrorList {
	var p field.ErrorList
	path := field.NewPath("spec", "targetGroups")
	for i := range lb.Spec.TargetGroups {
		tg := &lb.Spec.TargetGroups[i]
		if sel := tg.Backend.Selector; sel != nil {
			for _, e := range metav1validation.ValidateLabels(sel, path.Index(i).Child("backend", "selector")) {
				e.Detail = "the API server refuses it in the selector of the Service lbo makes: " + e.Detail
				p = append(p, e)
			}
		}
		// One Service carries the health check of all the target groups
		// of an L4 LoadBalancer, from the first (the CRD makes them equal).
		if hc := tg.HealthCheck; hc != nil && (kind == lbc.ALB || i == 0) {
			p = append(p, checkHealthCheck(hc, kind, tg.BackendProtocolVersion == lbov1.BackendProtocolVersionGRPC, path.Index(i).Child("healthCheck"))...)
		}
	}
	p = append(p, checkTargetGroupAttributes(lb, kind)...)
	return p
}

// checkHealthCheck checks that a health check's path and success codes go
// with a probe that has them, its success codes, and its timeout against its
// interval, each left out taking the controller's default.
func checkHealthCheck(hc *lbov1.HealthCheck, kind lbc.Kind, grpc bool, path *field.Path) field.ErrorList {
	var p field.ErrorList
	probeless := false
	for _, f := range []struct{ name, value string }{{"path", hc.Path}, {"successCodes", hc.SuccessCodes}} {
		if f.value == "" {
			continue
		}
		if err := lbc.CheckHealthCheckProbe(kind, hc.Protocol, f.name); err != nil {
			p = append(p, field.Invalid(path.Child(f.name), f.value, err.Error()))
			probeless = true
		}
	}
	if hc.SuccessCodes != "" && !probeless {
		codes := map[lbc.Kind]string{lbc.ALB: "ALB", lbc.NLB: "NLB"}[kind]
		if grpc {
			codes = "GRPC"
		}
		if err := lbc.CheckSuccessCodes(codes, hc.SuccessCodes); err != nil {
			p = append(p, field.Invalid(path.Child("successCodes"), hc.SuccessCodes, err.Error()))
		}
	}
	if blameTimeout, err := lbc.CheckHealthCheckTiming(kind, hc.IntervalSeconds, hc.TimeoutSeconds); err != nil {
		at, v := path.Child("intervalSeconds"), hc.IntervalSeconds
		if blameTimeout {
			at, v = path.Child("timeoutSeconds"), hc.TimeoutSeconds
		}
		p = append(p, field.Invalid(at, v, err.Error()))
	}
	return p
}

// checkTargetGroupAttributes checks the attributes of each AWS target group
// the target groups become: on L7 one per target group, on L4 one per
// listener, with the protocol the controller gives it.
func checkTargetGroupAttributes(lb *lbov1.LoadBalancer, kind lbc.Kind) field.ErrorList {
	var p field.ErrorList
	path := field.NewPath("spec", "targetGroups")
	catalog := lbc.TargetGroupAttributes[kind]
	seen := map[string]bool{}
	check := func(i int, c lbc.TargetGroupContext) {
		tg := &lb.Spec.TargetGroups[i]
		if tg.Attributes == nil {
			return
		}
		attrs := attributes.TargetGroup(kind, tg.Attributes)
		additional := func(k string) bool { _, ok := tg.Attributes.Additional[k]; return ok }
		problems := lbc.CheckAttributes(kind, lbc.TargetGroupObject, catalog, attrs)
		problems = append(problems, lbc.CheckTargetGroupAttributeSet(c, attrs)...)
		for _, e := range attributeProblems(path.Index(i).Child("attributes"), catalog, problems, attrs, additional) {
			if !seen[e.Field+e.Detail] {
				seen[e.Field+e.Detail] = true
				p = append(p, e)
			}
		}
	}
	if kind == lbc.ALB {
		for i, tg := range lb.Spec.TargetGroups {
			check(i, lbc.TargetGroupContext{Kind: kind, Protocol: string(cmp.Or(tg.BackendProtocol, lbov1.BackendProtocolHTTP))})
		}
		return p
	}
	idx := indexTargetGroups(lb)
	for _, l := range lb.Spec.Listeners {
		tg := l4TargetGroup(lb, idx, l)
		if tg == nil {
			continue
		}
		check(idx[tg.Name], lbc.TargetGroupContext{Kind: kind, Protocol: l4TargetGroupProtocol(l, tg), ListenerProtocol: string(l.Protocol)})
	}
	return p
}

// l4TargetGroupProtocol is the protocol of the AWS target group the
// controller makes behind an NLB listener: the listener's (QUIC for a UDP
// listener with quic, TCP_QUIC for TCP_UDP), and for a TLS listener TLS when
// the target group encrypts to its targets, TCP otherwise.
func l4TargetGroupProtocol(l lbov1.Listener, tg *lbov1.TargetGroup) string {
	switch {
	case l.Protocol == lbov1.ProtocolTLS && tg.BackendProtocol != lbov1.BackendProtocolTLS:
		return string(lbov1.ProtocolTCP)
	case l.QUIC && l.Protocol == lbov1.ProtocolUDP:
		return "QUIC"
	case l.QUIC && l.Protocol == lbov1.ProtocolTCPUDP:
		return "TCP_QUIC"
	}
	return string(l.Protocol)
}

// checkRules checks what the AWS Load Balancer Controller makes of the
// rules of an L7 LoadBalancer: the path patterns of each path, the Ingress
// hosts the API server must accept, and the number of ALB rules.
func checkRules(lb *lbov1.LoadBalancer) field.ErrorList {
	var p field.ErrorList
	path := field.NewPath("spec", "rules")
	for i, r := range lb.Spec.Rules {
		conditions := path.Index(i).Child("conditions")
		for j, m := range r.Conditions.Paths {
			at := conditions.Child("paths").Index(j).Child("path")
			patterns := []string{m.Path}
			if m.Type == lbov1.PathPrefix || m.Type == "" {
				patterns = lbc.PrefixPathPatterns(m.Path)
			}
			for _, pattern := range patterns {
				if len(pattern) > lbc.MaxPathPatternLength {
					p = append(p, field.Invalid(at, m.Path, fmt.Sprintf(
						"the AWS Load Balancer Controller matches a Prefix path with the path and the path followed by /*, and %q is %d characters, over the %d AWS allows in a path pattern; shorten the path to %d characters",
						pattern, len(pattern), lbc.MaxPathPatternLength, len(m.Path)-(len(pattern)-lbc.MaxPathPatternLength))))
					break
				}
			}
		}
		if len(r.Conditions.Hosts) == 1 {
			// A single host goes into the Ingress rule's host.
			if err := lbc.CheckIngressHost(r.Conditions.Hosts[0]); err != nil {
				p = append(p, field.Invalid(conditions.Child("hosts").Index(0), r.Conditions.Hosts[0], err.Error()))
			}
		}
	}
	p = append(p, checkRuleCount(lb)...)
	return p
}

// checkRuleCount counts the ALB rules the controller makes of the rules:
// one for each path of a rule (one for a rule without paths) on each
// listener the rule applies to. HTTP listeners that httpsRedirectPort
// redirects take none.
func checkRuleCount(lb *lbov1.LoadBalancer) field.ErrorList {
	spec := &lb.Spec
	total := 0
	var per []string
	for _, l := range spec.Listeners {
		if spec.HTTPSRedirectPort != nil && l.Protocol == lbov1.ProtocolHTTP {
			continue
		}
		n := 0
		for _, r := range spec.Rules {
			if len(r.Listeners) == 0 || slices.Contains(r.Listeners, l.Name) {
				n += max(len(r.Conditions.Paths), 1)
			}
		}
		if n > 0 {
			per = append(per, fmt.Sprintf("%d on %s", n, l.Name))
		}
		total += n
	}
	if total <= lbc.MaxRulesPerLoadBalancer {
		return nil
	}
	return field.ErrorList{field.Forbidden(field.NewPath("spec", "rules"), fmt.Sprintf(
		"the rules make %d ALB rules (%s): the AWS Load Balancer Controller makes one ALB rule of each path of a rule on each listener the rule applies to, "+
			"and AWS's default quota is %d rules per Application Load Balancer; use fewer paths or rules, or limit rules to the listeners that need them with rules[].listeners",
		total, strings.Join(per, ", "), lbc.MaxRulesPerLoadBalancer))}
}

// checkAnnotations refuses children whose annotations the API server would
// refuse: a key that is not a qualified name (the name of a rule goes into
// the keys of its action and conditions), or annotations too large in all,
// naming the rule with which an Ingress's grow past the limit (actions and
// conditions are per rule), or spec.
func checkAnnotations(lb *lbov1.LoadBalancer, name string, annotations map[string]string, rules []int) field.ErrorList {
	var p field.ErrorList
	for _, k := range slices.Sorted(maps.Keys(annotations)) {
		msgs := validation.IsQualifiedName(k)
		if len(msgs) == 0 {
			continue
		}
		at := field.NewPath("spec")
		for i, r := range lb.Spec.Rules {
			key := ruleActionPrefix + r.Name
			if k == lbc.IngressAction(key) || k == lbc.IngressConditions(key) {
				at = field.NewPath("spec", "rules").Index(i).Child("name")
			}
		}
		p = append(p, field.Invalid(at, k, fmt.Sprintf("the annotation %s of %s would be refused by the API server (%s); "+
			"the rule's name is part of the keys of its action and conditions: shorten it", k, name, strings.Join(msgs, "; "))))
	}
	size := lbc.AnnotationsSize(annotations)
	if size <= lbc.MaxAnnotationsSize {
		return p
	}
	perRule := make([]int, len(rules))
	base := size
	for k, ri := range rules {
		key := ruleActionPrefix + lb.Spec.Rules[ri].Name
		for _, a := range []string{lbc.IngressAction(key), lbc.IngressConditions(key)} {
			if v, ok := annotations[a]; ok {
				perRule[k] += len(a) + len(v)
			}
		}
		base -= perRule[k]
	}
	at := field.NewPath("spec")
	running := base
	for k, ri := range rules {
		running += perRule[k]
		if running > lbc.MaxAnnotationsSize && base <= lbc.MaxAnnotationsSize {
			at = field.NewPath("spec", "rules").Index(ri)
			break
		}
	}
	return append(p, field.Forbidden(at, fmt.Sprintf(
		"the annotations of %s, which carry the rules' actions and conditions, would be %d bytes, and the API server refuses more than %d in one object; "+
			"shorten fixed-response bodies and conditions, or move rules to another LoadBalancer", name, size, lbc.MaxAnnotationsSize)))
}
