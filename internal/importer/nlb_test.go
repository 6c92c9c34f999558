package importer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lbo-dev/lbo/internal/importer"
)

func noteStrings(res importer.Result) []string {
	var got []string
	for _, n := range res.Notes {
		got = append(got, n.String())
	}
	return got
}

func hasNote(got []string, prefix string) bool {
	return slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, prefix) })
}

// Annotations as users write them, with spaces and out of order, come back
// as typed fields; per-port target group attributes land on the target group
// of that port, and override the common ones key by key.
func TestImportsNLBAnnotations(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: Service
metadata:
  name: nlb
  namespace: ns
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-subnets: " subnet-0bbb , subnet-0aaa "
    service.beta.kubernetes.io/aws-load-balancer-eip-allocations: "eipalloc-01, eipalloc-02"
    service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags: " Team = edge , cost-center=1234 "
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: "deregistration_delay.timeout_seconds=30, preserve_client_ip.enabled=true"
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.22: "deregistration_delay.timeout_seconds=5,stickiness.enabled=true,stickiness.type=source_ip"
    service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-22: tcp.idle_timeout.seconds=3600
    service.beta.kubernetes.io/aws-load-balancer-minimum-load-balancer-capacity: CapacityUnits=100
    service.beta.kubernetes.io/aws-load-balancer-inbound-sg-rules-on-private-link-traffic: "on"
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector: {app: x}
  ports:
  - {name: web, port: 80, targetPort: 8080}
  - {name: ssh, port: 22, targetPort: 8080}
`)
	if len(res.Notes) != 0 {
		t.Fatalf("notes:\n%s", strings.Join(noteStrings(res), "\n"))
	}
	spec := res.LoadBalancers[0].Spec
	if !slices.Equal(spec.Subnets, []string{"subnet-0bbb", "subnet-0aaa"}) {
		t.Errorf("subnets %q", spec.Subnets)
	}
	// Elastic IPs go to the subnets by position in the subnets annotation.
	if a := spec.StaticAddresses; len(a) != 2 || a[0].Subnet != "subnet-0bbb" || a[0].ElasticIPAllocation != "eipalloc-01" || a[1].Subnet != "subnet-0aaa" || a[1].ElasticIPAllocation != "eipalloc-02" {
		t.Errorf("static addresses %+v", a)
	}
	if spec.Tags["Team"] != "edge" || spec.Tags["cost-center"] != "1234" || len(spec.Tags) != 2 {
		t.Errorf("tags %v", spec.Tags)
	}
	if spec.MinimumCapacityUnits == nil || *spec.MinimumCapacityUnits != 100 {
		t.Errorf("minimumCapacityUnits %v", spec.MinimumCapacityUnits)
	}
	if v := spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic; v == nil || !*v {
		t.Errorf("enforceSecurityGroupRulesOnPrivateLinkTraffic %v", v)
	}
	// Same target port, different attributes: two target groups.
	if len(spec.TargetGroups) != 2 {
		t.Fatalf("target groups %+v", spec.TargetGroups)
	}
	web, ssh := spec.TargetGroups[0].Attributes, spec.TargetGroups[1].Attributes
	if *web.DeregistrationDelaySeconds != 30 || !*web.PreserveClientIP || web.SourceIPStickiness != nil {
		t.Errorf("web attributes %+v", web)
	}
	if *ssh.DeregistrationDelaySeconds != 5 || !*ssh.PreserveClientIP || !*ssh.SourceIPStickiness {
		t.Errorf("ssh attributes %+v", ssh)
	}
	if l := spec.Listeners[1]; l.DefaultAction.Forward.TargetGroup != spec.TargetGroups[1].Name || l.Attributes == nil || *l.Attributes.TCPIdleTimeoutSeconds != 3600 {
		t.Errorf("ssh listener %+v", l)
	}
}

// What lbo cannot carry, or the API server would refuse, is left out with a
// note naming the annotation and the reason; the LoadBalancer stays valid.
func TestNotesNLBAnnotationsNotCarried(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: Service
metadata:
  name: nlb
  namespace: ns
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-ip-address-type: dualstack-without-public-ipv4
    service.beta.kubernetes.io/aws-load-balancer-security-groups: sg-1
    service.beta.kubernetes.io/aws-load-balancer-subnets: a,b
    service.beta.kubernetes.io/aws-load-balancer-private-ipv4-addresses: 10.0.0.1
    service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags: aws:reserved=x
    service.beta.kubernetes.io/aws-load-balancer-target-node-labels: "pool"
    service.beta.kubernetes.io/aws-load-balancer-attributes: deletion_protection.enabled=yes,Bad.Key=1
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: stickiness.enabled=true,stickiness.type=source_ip_dest_ip
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.9999: proxy_protocol_v2.enabled=true
    service.beta.kubernetes.io/aws-load-balancer-listener-attributes.UDP-80: tcp.idle_timeout.seconds=60
    service.beta.kubernetes.io/aws-load-balancer-quic-enabled-ports: "80"
    service.beta.kubernetes.io/aws-load-balancer-alpn-policy: HTTP2Only
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  loadBalancerSourceRanges: [10.0.0.0/8]
  selector: {app: x}
  ports:
  - {name: web, port: 80, targetPort: 8080}
`)
	got := noteStrings(res)
	const obj = "Service ns/nlb: metadata.annotations[service.beta.kubernetes.io/aws-load-balancer-"
	for _, want := range []string{
		obj + "ip-address-type]: not carried over: the API server would refuse it as spec.ipAddressType: Invalid value: ipAddressType dualstack-without-public-ipv4 needs scheme internet-facing",
		"Service ns/nlb: spec.loadBalancerSourceRanges: not carried over: the API server would refuse it as spec.sourceRanges: Invalid value: sourceRanges cannot be used with securityGroups",
		obj + "private-ipv4-addresses]: not carried over: 1 addresses for 2 subnets",
		obj + "additional-resource-tags]: not carried over: the API server would refuse it as spec.tags",
		obj + "target-node-labels]: not carried over: the AWS Load Balancer Controller refuses it too",
		obj + "attributes]: not carried over: deletion_protection.enabled: \"yes\" is neither true nor false",
		obj + "attributes]: not carried over: Bad.Key: not an AWS attribute key",
		obj + "target-group-attributes]: not carried over: stickiness.type source_ip_dest_ip",
		obj + "target-group-attributes.9999]: not carried over: the Service has no port 9999",
		obj + "listener-attributes.UDP-80]: not carried over: no listener is UDP-80",
		obj + "quic-enabled-ports]: not carried over: port 80 is not a UDP or TCP_UDP listener",
		obj + "alpn-policy]: not carried over: the Service has no",
	} {
		if !hasNote(got, want) {
			t.Errorf("no note starting %q", want)
		}
	}
	if len(got) != 12 {
		t.Errorf("%d notes, want 12:\n%s", len(got), strings.Join(got, "\n"))
	}
	if len(res.LoadBalancers) != 1 {
		t.Fatalf("%d LoadBalancers", len(res.LoadBalancers))
	}
	spec := res.LoadBalancers[0].Spec
	if spec.IPAddressType != "" || spec.SourceRanges != nil || spec.Tags != nil || spec.StaticAddresses != nil || !slices.Equal(spec.SecurityGroups, []string{"sg-1"}) {
		t.Errorf("spec %+v", spec)
	}
	if a := spec.LoadBalancerAttributes; a == nil || a.DeletionProtection != nil || a.Additional != nil {
		t.Errorf("load balancer attributes %+v", a)
	}
	if tg := spec.TargetGroups[0]; tg.Attributes != nil && tg.Attributes.SourceIPStickiness != nil {
		t.Errorf("target group attributes %+v", tg.Attributes)
	}
}

// Numbers out of the CRD's range are refused field by field, leaving the
// target group's other attributes.
func TestDropsOutOfRangeAttribute(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: Service
metadata:
  name: nlb
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: deregistration_delay.timeout_seconds=9000,proxy_protocol_v2.enabled=true
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector: {app: x}
  ports: [{port: 80}]
`)
	got := noteStrings(res)
	if len(got) != 1 || !strings.Contains(got[0], "target-group-attributes]: not carried over: the API server would refuse it as spec.targetGroups[0].attributes.deregistrationDelaySeconds") {
		t.Errorf("notes:\n%s", strings.Join(got, "\n"))
	}
	a := res.LoadBalancers[0].Spec.TargetGroups[0].Attributes
	if a.DeregistrationDelaySeconds != nil || a.ProxyProtocolV2 == nil || !*a.ProxyProtocolV2 {
		t.Errorf("attributes %+v", a)
	}
}

// Settings of ports and listeners that are not carried over are noted with
// them, not absorbed.
func TestNotesSettingsOfPortsNotCarried(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: Service
metadata:
  name: nlb
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:111122223333:certificate/a
    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "8443"
    service.beta.kubernetes.io/aws-load-balancer-alpn-policy: HTTP2Only
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.81: proxy_protocol_v2.enabled=true
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector: {app: x}
  ports:
  - {name: web, port: 80}
  - {name: metrics, port: 81, targetPort: metrics}
`)
	got := noteStrings(res)
	const obj = "Service nlb: metadata.annotations[service.beta.kubernetes.io/aws-load-balancer-"
	for _, want := range []string{
		"Service nlb: spec.ports[1].targetPort: port not carried over",
		obj + "target-group-attributes.81]: not carried over: port 81 is not carried over",
		obj + "ssl-cert]: not carried over: no port is in ssl-ports",
		obj + "alpn-policy]: not carried over: no port is in ssl-ports",
	} {
		if !hasNote(got, want) {
			t.Errorf("no note starting %q", want)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d notes, want 4:\n%s", len(got), strings.Join(got, "\n"))
	}
}
