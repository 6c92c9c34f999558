package lbc

// Rule is one of the rules lbo checks when it expands a LoadBalancer, beyond
// what the CRD states for admission: AWS's rules on values that need lbo's
// knowledge of the controller (its defaults, what it makes of a value, which
// kind of load balancer a field ends up on) or AWS's published lists, and the
// API server's rules on the children lbo makes. A LoadBalancer that breaks
// one is not Accepted, with a message that names the field, and nothing of it
// is applied. docs/api.md lists them under the fields they apply to.
type Rule struct {
	// Fields are the LoadBalancer fields the rule applies to, as paths from
	// the object with [] for the items of a list and {} for the values of a
	// map (spec.listeners[].tls.sslPolicy).
	Fields []string
	// Says is what the rule requires of them, read after the field's name.
	Says string
}

// Rules are the rules the expansion checks, for docs/api.md.
var Rules = []*Rule{
	&RuleLoadBalancerAttributes, &RuleListenerAttributes, &RuleTargetGroupAttributes,
	&RuleHealthCheckProtocol, &RuleSuccessCodes, &RuleHealthCheckTimeout,
	&RulePathPatternLength, &RuleRulesPerLoadBalancer, &RuleCertificatesPerLoadBalancer, &RuleBackendService,
	&RuleS3Bucket,
	&RuleIngressHost, &RuleLabels, &RuleAnnotationKeys, &RuleAnnotationSize,
}
