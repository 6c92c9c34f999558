package lbc

import (
	"fmt"
	"strings"
)

// AWS's limits on what lbo passes on, each citing the AWS page that states
// it. Where the CRD states a limit for admission (an OpenAPI maxLength or
// maxItems, or a CEL rule), Limits says where, and TestCRDStatesTheLimits
// keeps the CRD's number equal to the one here; the others are checked by
// the expansion, which uses the constant.

// AWS pages cited by the limits.
const (
	albQuotas       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html"
	nlbQuotas       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html"
	listenerRules   = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html"
	createLBAPI     = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html"
	tagAPI          = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Tag.html"
	fixedResponse   = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_FixedResponseActionConfig.html"
	hostHeaderValue = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-elasticloadbalancingv2-listenerrule-hostheaderconfig.html"
	pathPatternAPI  = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_PathPatternConditionConfig.html"
	ruleTransforms  = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html"
	rewriteConfig   = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RewriteConfig.html"
	jwtConfig       = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_JwtValidationActionConfig.html"
	jwtClaim        = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_JwtValidationActionAdditionalClaim.html"
	oidcConfig      = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateOidcActionConfig.html"
	cognitoConfig   = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateCognitoActionConfig.html"
)

const (
	// MaxLoadBalancerNameLength: a name "can have a maximum of 32
	// characters" (CreateLoadBalancer, Name).
	MaxLoadBalancerNameLength = 32
	// MaxListenersPerLoadBalancer: "Listeners per Application Load
	// Balancer: 50" and "Listeners per Network Load Balancer: 50" (quotas).
	MaxListenersPerLoadBalancer = 50
	// MaxCertificatesPerLoadBalancer: "Certificates per Application Load
	// Balancer (excluding default certificates): 25", and per Network Load
	// Balancer 25 (quotas).
	MaxCertificatesPerLoadBalancer = 25
	// MaxRulesPerLoadBalancer: "Rules per Application Load Balancer
	// (excluding default rules): 100" (quotas).
	MaxRulesPerLoadBalancer = 100
	// MaxTargetGroupsPerAction: "Target Groups per Action per Application
	// Load Balancer: 5" (quotas).
	MaxTargetGroupsPerAction = 5
	// MaxConditionValuesPerRule: "Condition values per rule: 5" (quotas).
	MaxConditionValuesPerRule = 5
	// MaxWildcardsPerRule: "You can include wildcard characters in the
	// match evaluations for the http-header, host-header, path-pattern, and
	// query-string conditions. There is a limit of five wildcard characters
	// per rule" (listener rules). The quotas page's "Condition wildcards per
	// rule" reads 5 in its archived English copy and in some translations, 6
	// in others; lbo keeps to the 5 both pages have said, since a rule AWS
	// refuses fails the deploy of the whole load balancer. Counted per ALB
	// rule, after the controller's transformations: each path of a lbo rule
	// is its own ALB rule, and a Prefix path p becomes p and p/* (one '*').
	// The expansion checks it: counting characters in CEL costs more than
	// the CRD's validation budget has room for.
	MaxWildcardsPerRule = 5
	// MaxValuesPerCondition: "You can specify up to three comparison
	// strings per condition and up to five per rule" (listener rules).
	MaxValuesPerCondition = 3
	// MaxTrustStoresPerLoadBalancer is how many trust stores the listeners
	// of one Application Load Balancer verify client certificates with
	// (mutual TLS in verify mode): 2 (quotas, trust stores).
	MaxTrustStoresPerLoadBalancer = 2
	// MaxTagKeyLength and MaxTagValueLength: "Maximum length of 128" and
	// "of 256" (Tag).
	MaxTagKeyLength   = 128
	MaxTagValueLength = 256
	// MaxHostHeaderLength: "The maximum size of each name is 128
	// characters" (host header condition).
	MaxHostHeaderLength = 128
	// MaxFixedResponseBodyLength: MessageBody "Maximum length of 1024"
	// (FixedResponseActionConfig).
	MaxFixedResponseBodyLength = 1024
	// MaxPathPatternLength: "The maximum length of each string is 128
	// characters" (path pattern condition), for the patterns the controller
	// makes of a path (PrefixPathPatterns).
	MaxPathPatternLength = 128
	// MaxConditionRegexLength: "The maximum length of each string is 128
	// characters" (RegexValues of PathPatternConditionConfig, and of the
	// host-header and http-header conditions).
	MaxConditionRegexLength = 128
	// MaxRewriteLength: Regex and Replace, "The maximum length of the string
	// is 1,024 characters" (RewriteConfig). A rule takes "one host header
	// rewrite transform and one URL rewrite transform" (Transforms).
	MaxRewriteLength = 1024
	// MaxJWTFieldLength: Issuer and JwksEndpoint, "The maximum length is 256
	// characters" (JwtValidationActionConfig); each claim value "can be up to
	// 256 characters in length" (JwtValidationActionAdditionalClaim).
	MaxJWTFieldLength = 256
	// MaxJWTClaims: AdditionalClaims, "The maximum size of the list is 10"
	// (JwtValidationActionConfig); and Values of a claim, the same.
	MaxJWTClaims = 10
	// MaxAuthExtraParams: "The query parameters (up to 10) to include in the
	// redirect request to the authorization endpoint"
	// (AuthenticateOidcActionConfig, AuthenticateCognitoActionConfig).
	MaxAuthExtraParams = 10
)

// The rules the expansion checks the limits above with.
var (
	RulePathPatternLength = Rule{
		Fields: []string{"spec.rules[].conditions.paths[].path"},
		Says: fmt.Sprintf("is at most %d characters in each path pattern the AWS Load Balancer Controller makes of it: a Prefix path p other than / "+
			"becomes p without a trailing / and that followed by /* (%s)", MaxPathPatternLength, pathPatternAPI),
	}
	RuleRulesPerLoadBalancer = Rule{
		Fields: []string{"spec.rules"},
		Says: fmt.Sprintf("make at most %d ALB rules: each path of a rule (or the rule, without paths) is one ALB rule on each listener the rule applies to; "+
			"in a group, the rules of all members share the load balancer and its quota (%s)", MaxRulesPerLoadBalancer, albQuotas),
	}
	RuleCertificatesPerLoadBalancer = Rule{
		Fields: []string{"spec.listeners[].tls.certificateARNs"},
		Says: fmt.Sprintf("hold at most %d certificates beside each listener's first (its default), counted over all listeners of the load balancer (%s, %s)",
			MaxCertificatesPerLoadBalancer, albQuotas, nlbQuotas),
	}
)

// PrefixPathPatterns are the path patterns the controller matches an
// Ingress path of pathType Prefix with
// (pkg/ingress/model_build_listener_rules.go): "/" becomes "/*", any other
// path p becomes p without a trailing '/' and that followed by "/*".
func PrefixPathPatterns(path string) []string {
	if path == "/" {
		return []string{"/*"}
	}
	p := strings.TrimSuffix(path, "/")
	return []string{p, p + "/*"}
}

// Limit is an AWS limit, the page that states it, and where the CRD states
// it for admission.
type Limit struct {
	// What says what is limited.
	What string
	// Value is the limit.
	Value int
	// Source is the AWS page that states it.
	Source string
	// CRD are the places the CRD states it, if it does.
	CRD []Bound
}

// Bound is where the CRD states a limit: the schema at Path (fields joined
// by '.', [] for the items of a list, {} for the values of a map) has
// Keyword (maxLength, maxItems, maxProperties) equal to the limit, or, when Keyword is
// empty, a CEL rule that holds Rule with the limit in place of %d.
type Bound struct {
	Path, Keyword, Rule string
}

// Limits are the AWS limits lbo checks values against.
var Limits = []Limit{
	{"load balancer name length", MaxLoadBalancerNameLength, createLBAPI, []Bound{{Path: "spec.loadBalancerName", Keyword: "maxLength"}}},
	{"listeners per load balancer", MaxListenersPerLoadBalancer, albQuotas + " " + nlbQuotas, []Bound{{Path: "spec.listeners", Keyword: "maxItems"}}},
	{"certificates per load balancer, beside the default", MaxCertificatesPerLoadBalancer, albQuotas + " " + nlbQuotas,
		[]Bound{{Path: "spec.listeners[].tls.certificateARNs", Keyword: "maxItems"}}},
	{"rules per Application Load Balancer", MaxRulesPerLoadBalancer, albQuotas, []Bound{{Path: "spec.rules", Keyword: "maxItems"}}},
	{"target groups per action", MaxTargetGroupsPerAction, albQuotas, []Bound{
		{Path: "spec.listeners[].defaultAction.forward.targetGroups", Keyword: "maxItems"},
		{Path: "spec.rules[].action.forward.targetGroups", Keyword: "maxItems"},
	}},
	{"condition values per rule", MaxConditionValuesPerRule, albQuotas, []Bound{{Path: "spec.rules[].conditions", Rule: "<= %d"}}},
	{"wildcards per rule", MaxWildcardsPerRule, listenerRules, nil},
	{"values per condition", MaxValuesPerCondition, listenerRules, []Bound{
		{Path: "spec.rules[].conditions.hosts", Keyword: "maxItems"},
		{Path: "spec.rules[].conditions.sourceIPs", Keyword: "maxItems"},
	}},
	{"trust stores per Application Load Balancer", MaxTrustStoresPerLoadBalancer, albQuotas + "#trust-stores-quotas", nil},
	{"tag key length", MaxTagKeyLength, tagAPI, []Bound{{Path: "spec.tags", Rule: "size(k) <= %d"}}},
	{"tag value length", MaxTagValueLength, tagAPI, []Bound{{Path: "spec.tags{}", Keyword: "maxLength"}}},
	{"host header value length", MaxHostHeaderLength, hostHeaderValue, []Bound{{Path: "spec.rules[].conditions.hosts[]", Keyword: "maxLength"}}},
	{"fixed response body length", MaxFixedResponseBodyLength, fixedResponse, []Bound{
		{Path: "spec.listeners[].defaultAction.fixedResponse.body", Keyword: "maxLength"},
		{Path: "spec.rules[].action.fixedResponse.body", Keyword: "maxLength"},
	}},
	{"condition regular expression length", MaxConditionRegexLength, pathPatternAPI, []Bound{
		{Path: "spec.rules[].conditions.hostRegexes[]", Keyword: "maxLength"},
		{Path: "spec.rules[].conditions.headers[].regexes[]", Keyword: "maxLength"},
		{Path: "spec.rules[].conditions.paths[].path", Keyword: "maxLength"},
	}},
	{"regular expressions per condition", MaxValuesPerCondition, listenerRules, []Bound{
		{Path: "spec.rules[].conditions.hostRegexes", Keyword: "maxItems"},
		{Path: "spec.rules[].conditions.headers[].regexes", Keyword: "maxItems"},
		{Path: "spec.rules[].conditions", Rule: "size(self.paths) <= %d"},
	}},
	{"rewrite regex and replacement length", MaxRewriteLength, rewriteConfig + " " + ruleTransforms, []Bound{
		{Path: "spec.rules[].transforms.url.regex", Keyword: "maxLength"},
		{Path: "spec.rules[].transforms.url.replace", Keyword: "maxLength"},
		{Path: "spec.rules[].transforms.hostHeader.regex", Keyword: "maxLength"},
		{Path: "spec.rules[].transforms.hostHeader.replace", Keyword: "maxLength"},
	}},
	{"JWT issuer, JWKS endpoint and claim value length", MaxJWTFieldLength, jwtConfig + " " + jwtClaim, []Bound{
		{Path: "spec.authentication.jwt.issuer", Keyword: "maxLength"},
		{Path: "spec.authentication.jwt.jwksEndpoint", Keyword: "maxLength"},
		{Path: "spec.authentication.jwt.additionalClaims[].values[]", Keyword: "maxLength"},
	}},
	{"JWT additional claims, and values per claim", MaxJWTClaims, jwtConfig + " " + jwtClaim, []Bound{
		{Path: "spec.authentication.jwt.additionalClaims", Keyword: "maxItems"},
		{Path: "spec.authentication.jwt.additionalClaims[].values", Keyword: "maxItems"},
	}},
	{"extra parameters of the redirect to an identity provider", MaxAuthExtraParams, oidcConfig + " " + cognitoConfig, []Bound{
		{Path: "spec.authentication.oidc.authenticationRequestExtraParams", Keyword: "maxProperties"},
		{Path: "spec.authentication.cognito.authenticationRequestExtraParams", Keyword: "maxProperties"},
	}},
}
