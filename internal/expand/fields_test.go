package expand

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/schema"
)

// fieldCase sets one field of a LoadBalancer.
type fieldCase struct {
	field string // the field's path, as the expansion names it
	set   func(lb *lbov1.LoadBalancer)
}

// l4Bases adapt the L4 base for the fields that need another listener.
var l4Bases = map[string]func(lb *lbov1.LoadBalancer){
	"spec.listeners[0].quic": func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0] = lbov1.Listener{Name: "udp", Port: 443, Protocol: lbov1.ProtocolUDP}
	},
	"spec.enablePrefixForIPv6SourceNAT": func(lb *lbov1.LoadBalancer) {
		lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStack
	},
}

// settingFields set, one at a time, every field the L4 expansion maps. Those
// the L7 expansion maps too are in sharedFields; the CRD refuses the others
// on L7.
var settingFields = []fieldCase{
	{"spec.loadBalancerName", func(lb *lbov1.LoadBalancer) { lb.Spec.LoadBalancerName = "name" }},
	{"spec.ipAddressType", func(lb *lbov1.LoadBalancer) { lb.Spec.IPAddressType = lbov1.IPAddressTypeDualStack }},
	{"spec.subnets", func(lb *lbov1.LoadBalancer) { lb.Spec.Subnets = []string{"subnet-1"} }},
	{"spec.staticAddresses", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Subnets = []string{"subnet-1"}
		lb.Spec.StaticAddresses = []lbov1.StaticAddress{{Subnet: "subnet-1", PrivateIPv4Address: "10.0.0.1"}}
	}},
	{"spec.securityGroups", func(lb *lbov1.LoadBalancer) { lb.Spec.SecurityGroups = []string{"sg-1"} }},
	{"spec.manageBackendSecurityGroupRules", func(lb *lbov1.LoadBalancer) { lb.Spec.ManageBackendSecurityGroupRules = ptr.To(false) }},
	{"spec.sourceRanges", func(lb *lbov1.LoadBalancer) { lb.Spec.SourceRanges = []string{"10.0.0.0/8"} }},
	{"spec.sourcePrefixLists", func(lb *lbov1.LoadBalancer) { lb.Spec.SourcePrefixLists = []string{"pl-1"} }},
	{"spec.tags", func(lb *lbov1.LoadBalancer) { lb.Spec.Tags = map[string]lbov1.TagValue{"a": "b"} }},
	{"spec.loadBalancerAttributes", func(lb *lbov1.LoadBalancer) {
		lb.Spec.LoadBalancerAttributes = &lbov1.LoadBalancerAttributes{DeletionProtection: ptr.To(false)}
	}},
	{"spec.minimumCapacityUnits", func(lb *lbov1.LoadBalancer) { lb.Spec.MinimumCapacityUnits = ptr.To[int32](0) }},
	{"spec.targetNodeLabels", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetNodeLabels = map[string]lbov1.LabelValue{"a": "b"} }},
	{"spec.multiClusterTargetGroups", func(lb *lbov1.LoadBalancer) { lb.Spec.MultiClusterTargetGroups = true }},
	{"spec.disableSecurityGroups", func(lb *lbov1.LoadBalancer) { lb.Spec.DisableSecurityGroups = true }},
	{"spec.enforceSecurityGroupRulesOnPrivateLinkTraffic", func(lb *lbov1.LoadBalancer) {
		lb.Spec.EnforceSecurityGroupRulesOnPrivateLinkTraffic = ptr.To(true)
	}},
	{"spec.allowICMPForPathMTUDiscovery", func(lb *lbov1.LoadBalancer) { lb.Spec.AllowICMPForPathMTUDiscovery = true }},
	{"spec.enablePrefixForIPv6SourceNAT", func(lb *lbov1.LoadBalancer) { lb.Spec.EnablePrefixForIPv6SourceNAT = true }},
	{"spec.listeners[0].quic", func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].QUIC = true }},
	{"spec.listeners[0].attributes", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: ptr.To[int32](60)}
	}},
	{"spec.listeners[0].tls.alpnPolicy", func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[0].TLS.ALPNPolicy = "None" }},
	{"spec.targetGroups[0].backendProtocol", func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolTLS
	}},
	{"spec.targetGroups[0].attributes", func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{ProxyProtocolV2: ptr.To(false)}
	}},
}

// sharedFields are the settingFields the L7 expansion maps as well.
var sharedFields = map[string]bool{
	"spec.loadBalancerName": true, "spec.ipAddressType": true, "spec.subnets": true, "spec.securityGroups": true,
	"spec.manageBackendSecurityGroupRules": true, "spec.sourceRanges": true, "spec.sourcePrefixLists": true,
	"spec.tags": true, "spec.loadBalancerAttributes": true, "spec.minimumCapacityUnits": true,
	"spec.targetNodeLabels": true, "spec.multiClusterTargetGroups": true,
}

// l7Fields set, one at a time, every field only the L7 expansion maps; the
// CRD refuses them on L4.
var l7Fields = []fieldCase{
	{"spec.listeners[0].mutualAuthentication", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].MutualAuthentication = &lbov1.MutualAuthentication{Mode: "passthrough"}
	}},
	{"spec.authentication", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Authentication = &lbov1.Authentication{Cognito: &lbov1.CognitoAuthentication{
			UserPoolARN: "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_aBcDeFgHi", UserPoolClientID: "c", UserPoolDomain: "d"}}
	}},
	{"spec.httpsRedirectPort", func(lb *lbov1.LoadBalancer) { lb.Spec.HTTPSRedirectPort = ptr.To[int32](443) }},
	{"spec.group", func(lb *lbov1.LoadBalancer) { lb.Spec.Group = &lbov1.Group{Name: "shared", Order: 0} }},
	{"spec.wafv2WebACLARN", func(lb *lbov1.LoadBalancer) { lb.Spec.WAFv2WebACLARN = "none" }},
	{"spec.shieldAdvancedProtection", func(lb *lbov1.LoadBalancer) { lb.Spec.ShieldAdvancedProtection = ptr.To(false) }},
	{"spec.targetGroups[0].backendProtocolVersion", func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].BackendProtocolVersion = lbov1.BackendProtocolVersionGRPC
	}},
	{"spec.targetGroups[0].targetControlPort", func(lb *lbov1.LoadBalancer) { lb.Spec.TargetGroups[0].TargetControlPort = 3000 }},
	{"spec.ipv4IPAMPoolID", func(lb *lbov1.LoadBalancer) { lb.Spec.IPv4IPAMPoolID = "ipam-pool-0123" }},
	{"spec.customerOwnedIPv4Pool", func(lb *lbov1.LoadBalancer) { lb.Spec.CustomerOwnedIPv4Pool = "ipv4pool-coip-0123" }},
	{"spec.frontendNLB", func(lb *lbov1.LoadBalancer) {
		lb.Spec.FrontendNLB = &lbov1.FrontendNLB{HealthCheck: &lbov1.FrontendNLBHealthCheck{Protocol: "HTTPS"}}
	}},
	{"spec.listeners[0].tls.requestCertificate", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].TLS = &lbov1.ListenerTLS{RequestCertificate: &lbov1.CertificateRequest{DomainNames: []string{"www.example.com"}}}
	}},
}

// l7Values set, one at a time, the L7 values of settingFields whose L4
// values the CRD refuses on L7 (and the other way round).
var l7Values = []fieldCase{
	{"spec.listeners[0].attributes", func(lb *lbov1.LoadBalancer) {
		lb.Spec.Listeners[0].Attributes = &lbov1.ListenerAttributes{
			Additional: map[string]lbov1.AttributeValue{"routing.http.response.server.enabled": "false"}}
	}},
	{"spec.targetGroups[0].backendProtocol", func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].BackendProtocol = lbov1.BackendProtocolHTTPS
	}},
	{"spec.targetGroups[0].attributes", func(lb *lbov1.LoadBalancer) {
		lb.Spec.TargetGroups[0].Attributes = &lbov1.TargetGroupAttributes{DeregistrationDelaySeconds: ptr.To[int32](30)}
	}},
}

func baseL4() *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: "lb"},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL4,
			Listeners: []lbov1.Listener{{
				Name: "tls", Port: 443, Protocol: lbov1.ProtocolTLS,
				TLS: &lbov1.ListenerTLS{CertificateARNs: []string{cert}},
			}},
			TargetGroups: []lbov1.TargetGroup{{
				Name: "app", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 8443},
			}},
		},
	}
}

func baseL7() *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Name: "lb"},
		Spec: lbov1.LoadBalancerSpec{
			Layer: lbov1.LayerL7,
			Listeners: []lbov1.Listener{{
				Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
				TLS:           &lbov1.ListenerTLS{CertificateARNs: []string{cert}},
				DefaultAction: &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "app"}},
			}},
			TargetGroups: []lbov1.TargetGroup{{
				Name: "app", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "app", Port: 80}},
			}},
		},
	}
}

// TestL4MapsEveryField: each field, set alone, changes the Service. A field
// that changes nothing would be silently dropped.
func TestL4MapsEveryField(t *testing.T) {
	for _, c := range settingFields {
		t.Run(c.field, func(t *testing.T) {
			lb := baseL4()
			if adapt := l4Bases[c.field]; adapt != nil {
				adapt(lb)
			}
			base := LoadBalancer(lb)
			if len(base.Problems) > 0 {
				t.Fatalf("base L4 LoadBalancer: %v", base.Problems)
			}
			c.set(lb)
			got := LoadBalancer(lb)
			if len(got.Problems) > 0 {
				t.Fatalf("refused: %v", got.Problems)
			}
			if equality.Semantic.DeepEqual(got.Objects, base.Objects) {
				t.Fatal("the Service did not change: the field is dropped")
			}
		})
	}
}

// TestL7MapsEveryField: each field L7 maps, set alone, changes the children.
func TestL7MapsEveryField(t *testing.T) {
	base := LoadBalancer(baseL7())
	if len(base.Problems) > 0 {
		t.Fatalf("base L7 LoadBalancer: %v", base.Problems)
	}
	cases := append(slices.Clone(l7Fields), l7Values...)
	for _, c := range settingFields {
		if sharedFields[c.field] {
			cases = append(cases, c)
		}
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			lb := baseL7()
			c.set(lb)
			got := LoadBalancer(lb)
			if len(got.Problems) > 0 {
				t.Fatalf("refused: %v", got.Problems)
			}
			if equality.Semantic.DeepEqual(got.Objects, base.Objects) {
				t.Fatal("the children did not change: the field is dropped")
			}
		})
	}
}

// TestCRDRefusesL7FieldsOnL4: each L7-only field or value, set alone on an
// L4 LoadBalancer, is refused by the CRD, naming it (or the list holding it,
// where a rule relates a field to the layer). The CRD states which layer a
// field belongs to, once: the expansion relies on it and does not say it
// again.
func TestCRDRefusesL7FieldsOnL4(t *testing.T) {
	if errs := crdProblems(t, baseL4()); len(errs) > 0 {
		t.Fatalf("base L4 LoadBalancer: %v", errs)
	}
	for _, c := range append(slices.Clone(l7Fields), l7Values[1]) {
		t.Run(c.field, func(t *testing.T) {
			lb := baseL4()
			c.set(lb)
			if errs := crdProblems(t, lb); !namesOrHolds(errs, c.field) {
				t.Fatalf("no problem names %s: %v", c.field, errs)
			}
		})
	}
}

// TestCRDRefusesL4FieldsOnL7: each field only the L4 expansion maps, set
// alone on an L7 LoadBalancer, is refused by the CRD, naming it.
func TestCRDRefusesL4FieldsOnL7(t *testing.T) {
	if errs := crdProblems(t, baseL7()); len(errs) > 0 {
		t.Fatalf("base L7 LoadBalancer: %v", errs)
	}
	for _, c := range settingFields {
		if sharedFields[c.field] {
			continue
		}
		t.Run(c.field, func(t *testing.T) {
			lb := baseL7()
			c.set(lb)
			if errs := crdProblems(t, lb); !namesOrHolds(errs, c.field) {
				t.Fatalf("no problem names %s: %v", c.field, errs)
			}
		})
	}
}

// crdProblems defaults lb and validates it with the CRD's schema and CEL
// rules, as the API server and `lbo render` do before anything is expanded.
func crdProblems(t *testing.T, lb *lbov1.LoadBalancer) field.ErrorList {
	t.Helper()
	s, err := schema.LoadBalancer()
	if err != nil {
		t.Fatal(err)
	}
	lb = lb.DeepCopy()
	lb.APIVersion, lb.Kind = lbov1.GroupVersion.String(), "LoadBalancer"
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(lb)
	if err != nil {
		t.Fatal(err)
	}
	delete(u, "status")
	delete(u["metadata"].(map[string]any), "creationTimestamp")
	s.Default(u)
	return s.Validate(context.Background(), u)
}

// namesOrHolds reports whether a problem is at path, below it, or at a list
// or object (other than spec itself) that holds it.
func namesOrHolds(problems field.ErrorList, path string) bool {
	return slices.ContainsFunc(problems, func(p *field.Error) bool {
		return p.Field == path || strings.HasPrefix(p.Field, path+".") ||
			p.Field != "spec" && (strings.HasPrefix(path, p.Field+".") || strings.HasPrefix(path, p.Field+"["))
	})
}

// TestEveryFieldIsCovered fails when a field is added to the API without
// deciding what each layer does with it: add it to settingFields (the L4
// expansion maps it, the CRD refuses it on L7) or to mappedByBoth, after
// making both expansions handle it; or to l7Fields, for a field of L7 only.
func TestEveryFieldIsCovered(t *testing.T) {
	mappedByBoth := []string{
		"spec.layer", "spec.scheme", "spec.targetType", "spec.listeners", "spec.rules", "spec.targetGroups",
		"spec.listeners[0].name", "spec.listeners[0].port", "spec.listeners[0].protocol", "spec.listeners[0].tls",
		"spec.listeners[0].defaultAction", "spec.listeners[0].tls.certificateARNs", "spec.listeners[0].tls.sslPolicy",
		"spec.targetGroups[0].name", "spec.targetGroups[0].backend", "spec.targetGroups[0].healthCheck",
		// Both layers (and External) forward to a target group AWS has and
		// bind its backend's targets to it (TestExistingTargetGroups).
		"spec.targetGroups[0].existing",
		// These steer the reconciler, not the children: both layers honour them.
		"spec.allowReplacement", "spec.deletionPolicy", "spec.adoptExisting",
		// The backend: internal/gateway covers every field under it.
		"spec.gateway",
		// The group's name and order reach the Ingress (the spec.group case
		// of l7Fields); its owner and members decide, in the reconciler,
		// whether the LoadBalancer may be in the group at all.
		"spec.group.name", "spec.group.order", "spec.group.owner", "spec.group.members",
	}
	covered := map[string]bool{}
	for _, f := range mappedByBoth {
		covered[f] = true
	}
	for _, c := range append(slices.Clone(settingFields), l7Fields...) {
		covered[c.field] = true
	}
	walk := func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if p := prefix + "." + name; !covered[p] {
				t.Errorf("%s is neither mapped by both layers nor in settingFields", p)
			}
		}
	}
	walk("spec", reflect.TypeFor[lbov1.LoadBalancerSpec]())
	walk("spec.listeners[0]", reflect.TypeFor[lbov1.Listener]())
	walk("spec.listeners[0].tls", reflect.TypeFor[lbov1.ListenerTLS]())
	walk("spec.targetGroups[0]", reflect.TypeFor[lbov1.TargetGroup]())
	walk("spec.group", reflect.TypeFor[lbov1.Group]())
}
