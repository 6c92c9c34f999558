package v1alpha1

// Rules (L7): conditions that match requests, the actions taken on them
// (forward, redirect, fixed response) and the rewrites of the requests they
// forward.

// PathType says how a rule's path is matched.
// +kubebuilder:validation:Enum=Exact;Prefix;Wildcard;Regex
type PathType string

const (
	// PathExact matches the path exactly.
	PathExact PathType = "Exact"
	// PathPrefix matches the path and everything below it, element by element.
	PathPrefix PathType = "Prefix"
	// PathWildcard is an ALB path pattern: '*' matches any characters, '?' one.
	PathWildcard PathType = "Wildcard"
	// PathRegex is a regular expression the path must match.
	PathRegex PathType = "Regex"
)

// Rule routes the HTTP requests that match its conditions to its action.
// +kubebuilder:validation:XValidation:rule="!has(self.authentication) || !has(self.skipAuthentication) || !self.skipAuthentication",fieldPath=".skipAuthentication",message="skipAuthentication cannot go with authentication: a rule either authenticates with its own provider or not at all"
// +kubebuilder:validation:XValidation:rule="!has(self.transforms) || has(self.action.forward)",fieldPath=".transforms",message="transforms rewrite requests on their way to the targets, so they go with action.forward"
// +kubebuilder:validation:XValidation:rule="!has(self.conditions.hostRegexes) || !has(self.action.redirect) || has(self.conditions.headers) || has(self.conditions.queryStrings) || has(self.conditions.methods) || has(self.conditions.sourceIPs)",fieldPath=".conditions.hostRegexes",message="a redirect rule matching hosts by hostRegexes alone would make the AWS Load Balancer Controller drop the later rules its paths cover (it takes a host regex for any host); match hosts with hosts, or add a header, query string, method or source IP condition"
type Rule struct {
	// name identifies the rule.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=50
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// conditions a request must all meet for the rule to take it.
	// +required
	Conditions RuleConditions `json:"conditions"` //nolint:kubeapilinter // match conditions of a rule, as in AWS's API, not status conditions

	// action is what the rule does with the requests it takes.
	// +required
	Action Action `json:"action"` //nolint:kubeapilinter // required: the CRD's rules require exactly one kind of action in it

	// listeners names the listeners the rule applies to. Left out, it
	// applies to every listener. Rules that apply to different listeners go
	// into different Ingresses of the LoadBalancer's group.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=50
	// +kubebuilder:validation:items:MaxLength=15
	// +listType=set
	// +optional
	Listeners []string `json:"listeners,omitempty"`

	// authentication authenticates the users of this rule with its own
	// identity provider, in place of spec.authentication. Like it, it acts
	// on HTTPS listeners only.
	// +optional
	Authentication *Authentication `json:"authentication,omitempty"`

	// skipAuthentication lets the requests this rule takes through without
	// spec.authentication (for example a public health page).
	// +optional
	SkipAuthentication bool `json:"skipAuthentication,omitempty"`

	// transforms rewrite the requests the rule forwards before they reach
	// the targets: their Host header, their URL or both (with
	// action.forward).
	// +optional
	Transforms *RuleTransforms `json:"transforms,omitempty"`
}

// RuleTransforms rewrite the requests a rule forwards. The rewrite does not
// change which rule takes a request. A regular expression that does not match
// leaves the request as it is; when it matches but the rewrite fails, the
// load balancer answers 500.
//
// +kubebuilder:validation:MinProperties=1
type RuleTransforms struct {
	// hostHeader rewrites the Host header, such as regex ^(.+)\.example\.com$
	// with replace $1.internal.example.com.
	// +optional
	HostHeader *Rewrite `json:"hostHeader,omitempty"`

	// url rewrites the request's URL (its path and query string), such as
	// regex ^/api/(.*)$ with replace /$1.
	// +optional
	URL *Rewrite `json:"url,omitempty"`
}

// Rewrite replaces the part of a request that regex matches with replace.
type Rewrite struct {
	// regex is the regular expression to match, at most 1024 characters.
	// AWS supports no lookaheads, lookbehinds, backreferences, atomic
	// groups, possessive quantifiers, subroutines, recursion or Unicode
	// classes; lbo takes the RE2 syntax without Unicode classes.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Regex string `json:"regex"`

	// replace is what replaces the match, at most 1024 characters; $1, $2,
	// ... are regex's groups.
	// +kubebuilder:validation:MaxLength=1024
	// +required
	Replace string `json:"replace"`
}

// RuleConditions are the conditions of a rule. Every kind given must match;
// within a kind, any one value matches (each header must match one of its
// values).
//
// The Application Load Balancer allows at most 3 values per condition and 5
// per rule. lbo gives each path its own ALB rule, and the AWS Load Balancer
// Controller matches a Prefix path other than "/" with two patterns (the path
// and the path followed by "/*"), so a rule counts its hosts (or host
// regexes), 2 for such a path (1 otherwise), and every header value or
// regex, query string, method and source IP. Regex paths are one condition
// of one ALB rule, so each counts.
//
// +kubebuilder:validation:XValidation:rule="(has(self.hosts) ? size(self.hosts) : 0) + (has(self.hostRegexes) ? size(self.hostRegexes) : 0) + ((has(self.paths) && self.paths.exists(p, p.type == 'Regex')) ? size(self.paths) : ((has(self.paths) && self.paths.exists(p, p.type == 'Prefix' && p.path != '/')) ? 2 : 1)) + (has(self.headers) ? self.headers.map(h, (has(h.values) ? size(h.values) : 0) + (has(h.regexes) ? size(h.regexes) : 0)).sum() : 0) + (has(self.queryStrings) ? size(self.queryStrings) : 0) + (has(self.methods) ? size(self.methods) : 0) + (has(self.sourceIPs) ? size(self.sourceIPs) : 0) <= 5",message="a rule has at most 5 condition values (an Application Load Balancer limit): hosts or host regexes, 1 per path (2 for a Prefix path other than /, and every Regex path), header values or regexes, query strings, methods and source IPs together; split it into several rules"
// +kubebuilder:validation:XValidation:rule="[has(self.hosts), has(self.hostRegexes), has(self.paths), has(self.headers), has(self.queryStrings), has(self.methods), has(self.sourceIPs)].exists(b, b)",message="a rule needs at least one condition: set conditions.hosts, hostRegexes, paths, headers, queryStrings, methods or sourceIPs"
// +kubebuilder:validation:XValidation:rule="!has(self.hosts) || !has(self.hostRegexes)",fieldPath=".hostRegexes",message="set hosts or hostRegexes, not both: an Application Load Balancer rule has one host condition, with values or regexes"
// +kubebuilder:validation:XValidation:rule="!has(self.paths) || !self.paths.exists(p, p.type == 'Regex') || (self.paths.all(p, p.type == 'Regex') && size(self.paths) <= 3)",fieldPath=".paths",message="Regex paths are one path condition of regular expressions, at most 3: a rule's paths are all Regex (at most 3) or none; put other paths in another rule"
type RuleConditions struct {
	// hosts match the request's Host header. A leading '*.' matches any
	// subdomain. A host has at least one '.' and only letters after the
	// last (AWS takes no other host in a host condition).
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=128
	// +kubebuilder:validation:items:Pattern=`^(\*\.([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*|([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+)[a-z]+$`
	// +listType=set
	// +optional
	Hosts []string `json:"hosts,omitempty"`

	// hostRegexes match the request's Host header with regular expressions
	// (any one matches), such as ^(.+)\.example\.com$; at most 3, each at
	// most 128 characters, in the RE2 syntax without Unicode classes. Not
	// with hosts.
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=128
	// +listType=set
	// +optional
	HostRegexes []string `json:"hostRegexes,omitempty"`

	// paths match the request's path. Left out, the rule matches every path.
	// +kubebuilder:validation:MaxItems=5
	// +listType=atomic
	// +optional
	Paths []PathMatch `json:"paths,omitempty"`

	// headers match HTTP request headers, keyed by name: the request must
	// carry each one with one of its values.
	// +kubebuilder:validation:MaxItems=5
	// +listType=map
	// +listMapKey=name
	// +optional
	Headers []HeaderMatch `json:"headers,omitempty"`

	// queryStrings match the request's query string: any one key/value pair
	// matches.
	// +kubebuilder:validation:MaxItems=3
	// +listType=atomic
	// +optional
	QueryStrings []QueryStringMatch `json:"queryStrings,omitempty"`

	// methods match the request's HTTP method, such as GET or POST.
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=40
	// +kubebuilder:validation:items:Pattern=`^[A-Z_-]+$`
	// +listType=set
	// +optional
	Methods []string `json:"methods,omitempty"`

	// sourceIPs match the client's address (or the X-Forwarded-For header
	// when the load balancer is behind a proxy), as CIDRs such as
	// 192.168.0.0/16.
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=43
	// +kubebuilder:validation:XValidation:rule="self.all(c, isCIDR(c) && cidr(c) == cidr(c).masked())",message="sourceIPs are CIDRs in network form, such as 192.168.0.0/16 or 2001:db8::/32"
	// +kubebuilder:validation:XValidation:rule="!('255.255.255.255/32' in self)",message="AWS does not take 255.255.255.255/32 in a source IP condition"
	// +listType=set
	// +optional
	SourceIPs []string `json:"sourceIPs,omitempty"`
}

// HeaderMatch matches one HTTP header against values or regexes.
//
// +kubebuilder:validation:XValidation:rule="has(self.values) != has(self.regexes)",message="set either values (patterns) or regexes (regular expressions) of a header"
type HeaderMatch struct {
	// name of the header, such as User-Agent. Host is matched with hosts.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=40
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+.^_|~-]+$`
	// +kubebuilder:validation:XValidation:rule="self.lowerAscii() != 'host'",message="match the Host header with conditions.hosts"
	// +required
	Name string `json:"name"`

	// values the header may have; '*' matches any characters and '?' one,
	// and the match ignores case. An Application Load Balancer matches
	// visible ASCII characters and spaces only.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=128
	// +kubebuilder:validation:items:Pattern=`^[ -~]+$`
	// +listType=set
	// +optional
	Values []string `json:"values,omitempty"`

	// regexes are regular expressions the header's value may match (any one
	// matches); at most 3, each at most 128 characters, in the RE2 syntax
	// without Unicode classes. Not with values.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=128
	// +listType=set
	// +optional
	Regexes []string `json:"regexes,omitempty"`
}

// QueryStringMatch matches one key/value pair of the query string.
type QueryStringMatch struct {
	// key of the pair; left out, any key with the value matches. It holds
	// the characters of a URL's query (RFC 3986: letters, digits,
	// -._~!$&'()*+,;=:@/? and %XX escapes), as AWS requires.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^([-A-Za-z0-9._~!$&'()*+,;=:@/?\\]|%[0-9A-Fa-f]{2})+$`
	// +optional
	Key string `json:"key,omitempty"`

	// value of the pair; '*' matches any characters and '?' one ('\*' and
	// '\?' match themselves). Like key, it holds the characters of a URL's
	// query.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^([-A-Za-z0-9._~!$&'()*+,;=:@/?\\]|%[0-9A-Fa-f]{2})+$`
	// +required
	Value string `json:"value"`
}

// PathMatch matches a request's path.
//
// +kubebuilder:validation:XValidation:rule="self.type in ['Wildcard', 'Regex'] || !(self.path.contains('*') || self.path.contains('?'))",fieldPath=".path",message="'*' and '?' are wildcards; use type Wildcard for a path pattern"
// +kubebuilder:validation:XValidation:rule="self.type == 'Regex' || self.path.matches(r'^/[-A-Za-z0-9_.$/~\\x22\\x27@:+&*?]*$')",fieldPath=".path",message="a path starts with '/' and holds letters, digits, quotes and _-.$/~@:+& only, the characters AWS takes in a path condition (no spaces, '%' or '#'); only a Regex path is a regular expression, such as ^/api/v[0-9]+/"
// +kubebuilder:validation:XValidation:rule="self.type in ['Wildcard', 'Regex'] || !(self.path.contains('//') || self.path.contains('/./') || self.path.contains('/../') || self.path.endsWith('/.') || self.path.endsWith('/..'))",fieldPath=".path",message="an Exact or Prefix path becomes the path of an Ingress, which the API server refuses with //, /./ or /../ in it or /. or /.. at its end; remove them, or use type Wildcard for an ALB path pattern"
type PathMatch struct {
	// path starts with '/' and holds letters, digits and _-.$/~"'@:+&
	// only, the characters AWS takes in a path condition (no spaces, '%',
	// '?' or '#'). With type Wildcard, '*' matches any characters and '?'
	// exactly one. An Exact or Prefix path becomes the path of an Ingress,
	// which the API server takes without //, /./ or /../ in it and /. or /..
	// at its end (validateHTTPIngressPath in k8s.io/kubernetes). With type
	// Regex it is a regular expression the path must match, such as
	// ^/api/v[0-9]+/, in the RE2 syntax without Unicode classes.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +required
	Path string `json:"path"`

	// type is Exact, Prefix (the path and everything below it), Wildcard
	// (an ALB path pattern) or Regex (a regular expression; all of a rule's
	// paths are Regex, or none).
	// +default="Prefix"
	// +optional
	Type PathType `json:"type,omitempty"`
}

// Action is what a listener or rule does with traffic. Exactly one of its
// fields is set.
//
// +kubebuilder:validation:XValidation:rule="(has(self.forward) ? 1 : 0) + (has(self.redirect) ? 1 : 0) + (has(self.fixedResponse) ? 1 : 0) == 1",message="set exactly one of forward, redirect or fixedResponse"
type Action struct {
	// forward sends traffic to one target group, or spreads it over several
	// by weight.
	// +optional
	Forward *ForwardAction `json:"forward,omitempty"`

	// redirect answers with an HTTP redirect (L7 only).
	// +optional
	Redirect *RedirectAction `json:"redirect,omitempty"`

	// fixedResponse answers with a fixed status code and body (L7 only).
	// +optional
	FixedResponse *FixedResponseAction `json:"fixedResponse,omitempty"`
}

// ForwardAction sends traffic to target groups. Set targetGroup for one, or
// targetGroups for several with weights.
//
// +kubebuilder:validation:XValidation:rule="has(self.targetGroup) != has(self.targetGroups)",message="set either targetGroup (one target group) or targetGroups (several, with weights), not both"
// +kubebuilder:validation:XValidation:rule="!has(self.stickiness) || has(self.targetGroups)",fieldPath=".stickiness",message="stickiness binds clients to one of several weighted targetGroups; with a single targetGroup use its attributes (stickiness.enabled) instead"
type ForwardAction struct {
	// targetGroup is the name of the target group that gets all traffic.
	// +kubebuilder:validation:MaxLength=50
	// +optional
	TargetGroup string `json:"targetGroup,omitempty"`

	// targetGroups spreads traffic over several target groups by weight. On
	// L4 one of them is a target group of the LoadBalancer's own pods
	// (backend.selector), and the others are target groups of other Services
	// (backend.service) or target groups AWS already has (existing.arn).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=5
	// +listType=map
	// +listMapKey=name
	// +optional
	TargetGroups []WeightedTargetGroup `json:"targetGroups,omitempty"`

	// stickiness keeps a client on the target group it was first sent to
	// (weighted forwards only): with a load balancer cookie on L7, by source
	// address on L4 (without durationSeconds).
	// +optional
	Stickiness *ForwardStickiness `json:"stickiness,omitempty"`
}

// ForwardStickiness binds a client to one target group of a weighted forward.
type ForwardStickiness struct {
	// enabled turns target group stickiness on.
	// +required
	Enabled bool `json:"enabled"`

	// durationSeconds is how long a client stays bound, 1 to 604800 (7
	// days): required on L7 when enabled (AWS requires it of an ALB), and
	// refused on L4 (an NLB sticks by source address, without one).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=604800
	// +optional
	DurationSeconds int32 `json:"durationSeconds,omitempty"`
}

// WeightedTargetGroup is a target group and its share of traffic.
type WeightedTargetGroup struct {
	// name of the target group in spec.targetGroups.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=50
	// +required
	Name string `json:"name"`

	// weight is the target group's share, relative to the others (0 to 999).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=999
	// +default=1
	// +optional
	Weight int32 `json:"weight"` //nolint:kubeapilinter // 0 is a weight (no traffic): omitempty would drop it, and the default would make it 1

}

// RedirectAction answers with an HTTP redirect. Unset parts keep the
// request's own value.
//
// +kubebuilder:validation:XValidation:rule="has(self.scheme) || has(self.host) || has(self.port) || has(self.path) || has(self.query)",message="a redirect changes at least one of scheme, host, port, path or query; otherwise it would loop"
type RedirectAction struct {
	// scheme is HTTP or HTTPS.
	// +kubebuilder:validation:Enum=HTTP;HTTPS
	// +optional
	Scheme string `json:"scheme,omitempty"`

	// host to redirect to: a host name, without scheme, port or path, in
	// which #{host} stands for the request's.
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^([A-Za-z0-9-]|#\{host\})+([.]([A-Za-z0-9-]|#\{host\})+)*$`
	// +optional
	Host string `json:"host,omitempty"`

	// port to redirect to.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`

	// path to redirect to, starting with '/', in which #{host}, #{path} and
	// #{port} stand for the request's. AWS does not percent-encode it: it
	// holds the characters of a URL's path (letters, digits,
	// -._~!$&'()*+,;=:@/ and %XX escapes) and no query or fragment.
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^/([-A-Za-z0-9._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2}|#\{(host|path|port)\})*$`
	// +optional
	Path string `json:"path,omitempty"`

	// query to redirect to, without the leading '?', in which #{host},
	// #{path}, #{port}, #{protocol} and #{query} stand for the request's.
	// Left out, the request's query is kept; the empty string ("") removes
	// it. AWS does not percent-encode it: it holds the characters of a
	// URL's query (letters, digits, -._~!$&'()*+,;=:@/? and %XX escapes).
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^(([-A-Za-z0-9._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2}|#\{(host|path|port|protocol|query)\})([-A-Za-z0-9._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2}|#\{(host|path|port|protocol|query)\})*)?$`
	// +optional
	Query *string `json:"query,omitempty"`

	// statusCode is 301 (permanent, the default) or 302 (temporary).
	// +kubebuilder:validation:Enum=301;302
	// +default=301
	// +optional
	StatusCode int32 `json:"statusCode,omitempty"`
}

// FixedResponseAction answers with a fixed status code and body.
//
// +kubebuilder:validation:XValidation:rule="self.statusCode < 300 || self.statusCode >= 400",fieldPath=".statusCode",message="an Application Load Balancer answers a fixed response with a 2XX, 4XX or 5XX status code; redirect with a redirect action instead of a 3XX"
type FixedResponseAction struct {
	// statusCode of the response: 2XX, 4XX or 5XX.
	// +kubebuilder:validation:Minimum=200
	// +kubebuilder:validation:Maximum=599
	// +required
	StatusCode int32 `json:"statusCode"`

	// contentType of the body.
	// +kubebuilder:validation:Enum=text/plain;text/css;text/html;application/javascript;application/json
	// +default="text/plain"
	// +optional
	ContentType string `json:"contentType,omitempty"`

	// body of the response, at most 1024 characters.
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Body string `json:"body,omitempty"`
}
