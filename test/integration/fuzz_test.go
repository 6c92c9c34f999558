package integration

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/render"
)

// fuzzNamespace is where the fuzz test dry-runs the children it expands.
const fuzzNamespace = "fuzz"

// FuzzExpansion builds LoadBalancers from fuzzed values, keeps those the
// CRD's schema accepts (as the API server would), and checks the expansion's
// invariants: it does not panic, it is deterministic, and every object it
// returns is accepted by the API server in a dry-run create. `make test` runs
// the seeds; `make fuzz` explores.
func FuzzExpansion(f *testing.F) {
	f.Add(true, uint16(80), uint16(8080), uint8(0), "app.example.com", "/", uint8(1), uint16(90), uint16(8080), "/healthz", uint8(10), "web", false, uint8(0))
	f.Add(false, uint16(443), uint16(53), uint8(3), "", "/api", uint8(0), uint16(1), uint16(5353), "", uint8(0), "dns", true, uint8(2))
	f.Add(true, uint16(1), uint16(65535), uint8(1), "*.example.com", "/a*b?", uint8(2), uint16(0), uint16(1), "/", uint8(250), "x", true, uint8(1))
	f.Add(false, uint16(80), uint16(80), uint8(2), "a", "/", uint8(0), uint16(999), uint16(80), "/x", uint8(5), "a-b", false, uint8(3))

	ctx := context.Background()
	if err := k8s.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: fuzzNamespace}}); client.IgnoreAlreadyExists(err) != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, l7 bool, port1, port2 uint16, proto uint8, host, path string, pathType uint8, weight, tgPort uint16, hcPath string, interval uint8, tgName string, instance bool, variant uint8) {
		doc := fuzzLoadBalancer(l7, port1, port2, proto, host, path, pathType, weight, tgPort, hcPath, interval, tgName, instance, variant)
		lbs, err := render.Decode(ctx, bytes.NewReader(doc))
		if err != nil || len(lbs) != 1 {
			t.Skipf("the API server would refuse it, nothing to expand: %v", err)
		}
		lb := lbs[0]
		first := expand.LoadBalancer(lb)
		second := expand.LoadBalancer(lb.DeepCopy())
		var a, b bytes.Buffer
		if err := render.WriteYAML(&a, first.Objects); err != nil {
			t.Fatal(err)
		}
		if err := render.WriteYAML(&b, second.Objects); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() || fmt.Sprint(first.Problems) != fmt.Sprint(second.Problems) {
			t.Fatalf("two expansions differ:\n%s\n---\n%s", a.String(), b.String())
		}
		for _, obj := range first.Objects {
			obj.SetNamespace(fuzzNamespace)
			if err := k8s.Create(ctx, obj, client.DryRunAll); err != nil {
				t.Fatalf("the API server refuses %s %s expanded from\n%s\n%v", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), doc, err)
			}
		}
	})
}

// fuzzLoadBalancer writes a LoadBalancer from the fuzzed values; variant
// picks the shape of its actions and target groups.
func fuzzLoadBalancer(l7 bool, port1, port2 uint16, proto uint8, host, path string, pathType uint8, weight, tgPort uint16, hcPath string, interval uint8, tgName string, instance bool, variant uint8) []byte {
	targetType := "ip"
	if instance {
		targetType = "instance"
	}
	hc := map[string]any{}
	if hcPath != "" {
		hc["path"] = hcPath
	}
	if interval != 0 {
		hc["intervalSeconds"] = int(interval)
	}
	spec := map[string]any{"targetType": targetType}
	if l7 {
		protos := []string{"HTTP", "HTTPS"}
		p := protos[int(proto)%2]
		listener := func(name string, port uint16, action map[string]any) map[string]any {
			l := map[string]any{"name": name, "port": int(port), "protocol": p, "defaultAction": action}
			if p == "HTTPS" {
				l["tls"] = map[string]any{"certificateARNs": []any{"arn:aws:acm:eu-west-1:111122223333:certificate/f"}}
			}
			return l
		}
		fwd := map[string]any{"forward": map[string]any{"targetGroup": tgName}}
		actions := []map[string]any{
			fwd,
			{"fixedResponse": map[string]any{"statusCode": 200 + int(weight)%400, "body": host}},
			{"redirect": map[string]any{"host": host, "path": path}},
			{"forward": map[string]any{"targetGroups": []any{map[string]any{"name": tgName, "weight": int(weight)}, map[string]any{"name": "other", "weight": 1}}}},
		}
		pathTypes := []string{"Exact", "Prefix", "Wildcard"}
		cond := map[string]any{"paths": []any{map[string]any{"path": path, "type": pathTypes[int(pathType)%3]}}}
		if host != "" {
			cond["hosts"] = []any{host}
		}
		spec["layer"] = "L7"
		spec["listeners"] = []any{listener("a", port1, fwd), listener("b", port2, fwd)}
		spec["rules"] = []any{map[string]any{"name": "r", "conditions": cond, "action": actions[int(variant)%4]}}
		other := map[string]any{"name": "other", "backend": map[string]any{"selector": map[string]any{"app": "other"}, "port": int(tgPort)}}
		main := map[string]any{"name": tgName, "backend": map[string]any{"service": map[string]any{"name": tgName, "port": int(tgPort)}}}
		if variant%2 == 1 {
			main["backend"] = map[string]any{"selector": map[string]any{"app": tgName}, "port": int(tgPort)}
		}
		if len(hc) > 0 {
			main["healthCheck"] = hc
		}
		spec["targetGroups"] = []any{main, other}
	} else {
		protos := []string{"TCP", "UDP", "TCP_UDP", "TLS"}
		listener := func(name string, port uint16) map[string]any {
			p := protos[(int(proto)+len(name))%4]
			l := map[string]any{"name": name, "port": int(port), "protocol": p, "defaultAction": map[string]any{"forward": map[string]any{"targetGroup": tgName}}}
			if p == "TLS" {
				l["tls"] = map[string]any{"certificateARNs": []any{"arn:aws:acm:eu-west-1:111122223333:certificate/f"}}
			}
			return l
		}
		spec["layer"] = "L4"
		spec["listeners"] = []any{listener("a", port1), listener("bb", port2)}
		main := map[string]any{"name": tgName, "backend": map[string]any{"selector": map[string]any{"app": "x"}, "port": int(tgPort)}}
		if len(hc) > 0 {
			hc["protocol"] = "HTTP"
			main["healthCheck"] = hc
		}
		spec["targetGroups"] = []any{main}
	}
	doc, err := yaml.Marshal(map[string]any{
		"apiVersion": "networking.lbo.dev/v1alpha1", "kind": "LoadBalancer",
		"metadata": map[string]any{"name": fmt.Sprintf("fz-%d", variant)}, "spec": spec,
	})
	if err != nil {
		panic(err)
	}
	return doc
}
