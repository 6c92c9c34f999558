package apidocs_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/lbo-dev/lbo/config"
	"github.com/lbo-dev/lbo/internal/apidocs"
)

// docs/api.md is what the CRD gives today (make manifests rewrites it).
func TestCommittedReferenceIsCurrent(t *testing.T) {
	want, err := apidocs.FromCRD(config.LoadBalancerCRD, apidocs.ExpansionChecks()...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("docs/api.md differs from what the CRD gives; run make manifests")
	}
}

// The reference gives each field its doc comment, type, default and
// validation, and the CEL rules by their messages.
func TestReferenceDocumentsFields(t *testing.T) {
	out, err := apidocs.FromCRD(config.LoadBalancerCRD, apidocs.ExpansionChecks()...)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(out)
	for _, want := range []string{
		"## loadbalancer.spec\n",
		"## loadbalancer.spec.listeners\n",
		"## loadbalancer.spec.rules.conditions.paths\n",
		"| `scheme` | string | `\"internal\"` | one of `\"internal\"`, `\"internet-facing\"` | scheme is internal (reachable inside the VPC, the AWS default) or internet-facing. |",
		"| `port` (required) | integer (int32) |  | ≥ 1; ≤ 65535 |",
		"[]object, keyed by name",
		"- an HTTPS or TLS listener needs tls.certificateARNs: the certificates (ACM or IAM) the load balancer presents",
		"## loadbalancer.spec.listeners.tls\n\ntls holds the certificates",
		"Checked by lbo:\n\n- `certificateARNs` hold at most 25 certificates beside each listener's first",
		"two listeners use the same port; a load balancer listens once on each port",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the reference lacks %q", want)
		}
	}
}

// A check is listed under its field, and one naming a field the CRD does not
// have is an error rather than lost.
func TestChecksGoUnderTheirFields(t *testing.T) {
	out, err := apidocs.FromCRD(config.LoadBalancerCRD, apidocs.Check{Field: "spec.targetGroups[].healthCheck.successCodes", Says: "are fine."},
		apidocs.Check{Field: "spec", Says: "is small."})
	if err != nil {
		t.Fatal(err)
	}
	doc := string(out)
	section := doc[strings.Index(doc, "## loadbalancer.spec.targetGroups.healthCheck\n"):]
	section = section[:strings.Index(section[3:], "\n## ")+3]
	if !strings.Contains(section, "Checked by lbo:\n\n- `successCodes` are fine.\n") {
		t.Errorf("the health check's section lacks its check:\n%s", section)
	}
	if !strings.Contains(doc[:strings.Index(doc, "## loadbalancer.spec\n")], "- `spec` is small.") {
		t.Error("the root section lacks the check of spec")
	}
	for _, f := range []string{"spec.nope", "spec.listeners[].tls.nope", "spec.nope.deeper"} {
		if _, err := apidocs.FromCRD(config.LoadBalancerCRD, apidocs.Check{Field: f, Says: "x"}); err == nil {
			t.Errorf("a check of %s, which the CRD does not have, is not an error", f)
		}
	}
}
