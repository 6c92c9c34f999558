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
	want, err := apidocs.FromCRD(config.LoadBalancerCRD)
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
	out, err := apidocs.FromCRD(config.LoadBalancerCRD)
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
		"- an HTTPS or TLS listener needs tls.certificateARNs: the ACM certificate the load balancer presents",
		"two listeners use the same port; a load balancer listens once on each port",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the reference lacks %q", want)
		}
	}
}
