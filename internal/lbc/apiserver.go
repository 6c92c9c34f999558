package lbc

import (
	"fmt"
	"strings"

	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The API server's rules for the children lbo makes, which the controller
// never sees when the API server refuses a child: lbo checks them before it
// applies anything, and names the LoadBalancer field a refused value comes
// from instead of the child's. Those the spec alone shows are the CRD's
// (the Ingress paths: PathMatch); the Ingress host rule is restated from
// k8s.io/kubernetes pkg/apis/networking/validation (validateIngressRules),
// which cannot be imported; the others use k8s.io/apimachinery's
// validation, which the API server uses itself.

// The rules the expansion checks children with.
var (
	RuleIngressHost = Rule{
		Fields: []string{"spec.rules[].conditions.hosts"},
		Says:   "when there is one, goes into the Ingress as its rule's host, which the API server takes as a DNS name only, not an IP address",
	}
	RuleLabels = Rule{
		Fields: []string{"spec.targetGroups[].backend.selector"},
		Says:   "is a label selector the API server accepts on a Service: keys are label keys (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' and '.'), values label values",
	}
	RuleAnnotationKeys = Rule{
		Fields: []string{"spec.rules[].name"},
		Says: "of a rule with conditions other than paths and one host is at most 47 characters: it goes into the key of the annotation that carries " +
			"those conditions, alb.ingress.kubernetes.io/conditions.rule-<name>, whose name part the API server takes up to 63 characters",
	}
	RuleAnnotationSize = Rule{
		Fields: []string{"spec"},
		Says: fmt.Sprintf("makes children whose annotations total at most %d bytes, the API server's limit; fixed-response bodies, conditions and "+
			"certificates are what makes them long, and each Ingress of a group carries its own", apivalidation.TotalAnnotationSizeLimitB),
	}
)

// MaxAnnotationsSize is the most the annotations of one object may hold, in
// bytes of keys and values (TotalAnnotationSizeLimitB).
const MaxAnnotationsSize = apivalidation.TotalAnnotationSizeLimitB

// CheckIngressHost refuses what the API server refuses as the host of an
// Ingress rule: an IP address, a name that is not a DNS subdomain, or a
// wildcard other than a leading "*." (validateIngressRules).
func CheckIngressHost(host string) error {
	var msgs []string
	if strings.Contains(host, "*") {
		msgs = validation.IsWildcardDNS1123Subdomain(host)
	} else {
		msgs = validation.IsDNS1123Subdomain(host)
	}
	if len(validation.IsValidIP(nil, host)) == 0 {
		msgs = append(msgs, "must be a DNS name, not an IP address")
	}
	if len(msgs) > 0 {
		return fmt.Errorf("the API server refuses it as an Ingress host: %s", strings.Join(msgs, "; "))
	}
	return nil
}

// AnnotationsSize is the size the API server counts annotations at: the
// lengths of their keys and values (ValidateAnnotationsSize).
func AnnotationsSize(annotations map[string]string) int {
	n := 0
	for k, v := range annotations {
		n += len(k) + len(v)
	}
	return n
}
