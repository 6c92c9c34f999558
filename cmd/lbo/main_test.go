package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func runLBO(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

// The seed's examples render to their golden children, from a file and from
// standard input.
func TestRenderSamples(t *testing.T) {
	for _, sample := range []string{"nginx-nlb", "game-2048-alb", "shop-alb"} {
		want, err := os.ReadFile("../../internal/expand/testdata/samples/" + sample + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		got, err := runLBO(t, "", "render", "-f", "../../config/samples/"+sample+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("lbo render -f %s:\n%s\nwant:\n%s", sample, got, want)
		}
		in, _ := os.ReadFile("../../config/samples/" + sample + ".yaml")
		got, err = runLBO(t, string(in), "render", "-f", "-")
		if err != nil || got != string(want) {
			t.Errorf("lbo render -f - < %s: %v\n%s", sample, err, got)
		}
	}
}

func TestRenderRefusesInvalidInput(t *testing.T) {
	in := `apiVersion: networking.lbo.dev/v1alpha1
kind: LoadBalancer
metadata: {name: bad}
spec:
  layer: L4
  listeners: [{name: http, port: 80, protocol: HTTP}]
  targetGroups: [{name: app, backend: {selector: {app: a}, port: 80}}]
`
	out, err := runLBO(t, in, "render", "-f", "-")
	if err == nil {
		t.Fatalf("invalid LoadBalancer rendered:\n%s", out)
	}
	if !strings.Contains(err.Error(), "spec.listeners") || !strings.Contains(err.Error(), "use layer L7 for HTTP") {
		t.Fatalf("error does not name the field and the fix: %v", err)
	}

	valid := strings.Replace(in, "protocol: HTTP", "protocol: TCP", 1)
	if _, err := runLBO(t, valid, "render", "-f", "-"); err != nil {
		t.Fatalf("the valid variant failed, so the cases above prove nothing: %v", err)
	}
	typo := strings.Replace(valid, "layer: L4", "layer: L4\n  sheme: internal", 1)
	if _, err := runLBO(t, typo, "render", "-f", "-"); err == nil || !strings.Contains(err.Error(), "sheme") {
		t.Fatalf("a misspelt field was not reported: %v", err)
	}

	if _, err := runLBO(t, "", "render"); err == nil {
		t.Fatal("render without -f succeeded")
	}
}

// render -k builds a kustomization and renders what it gives: the same as
// kustomize build piped into render -f -.
func TestRenderKustomization(t *testing.T) {
	got, err := runLBO(t, "", "render", "-k", "../../examples/overlays/prod")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"kind: Ingress", "namespace: shop-prod", "alb.ingress.kubernetes.io/scheme: internet-facing",
		"alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111122223333:certificate/example-prod",
		"alb.ingress.kubernetes.io/healthcheck-interval-seconds: \"10\"", "name: web-api", "name: web-frontend",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lbo render -k examples/overlays/prod lacks %q:\n%s", want, got)
		}
	}
	samples, err := runLBO(t, "", "render", "-k", "../../config/samples")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"nginx-nlb", "game-2048-alb", "shop-alb"} {
		want, _ := os.ReadFile("../../internal/expand/testdata/samples/" + s + ".yaml")
		if !strings.Contains(samples, string(want)) {
			t.Errorf("lbo render -k config/samples lacks the children of %s:\n%s", s, samples)
		}
	}
	if _, err := runLBO(t, "", "render", "-k", "../../examples/no-such-dir"); err == nil {
		t.Error("render -k of a missing directory succeeded")
	}
	if _, err := runLBO(t, "", "render", "-k", "../../examples/base", "-f", "x.yaml"); err == nil {
		t.Error("render with both -k and -f succeeded")
	}
}

// --gateway-class renders the samples under the Gateway API backend: their
// golden files of that backend, whether one class serves both layers or each
// has its own.
func TestRenderAsGateway(t *testing.T) {
	for _, sample := range []string{"nginx-nlb", "game-2048-alb", "shop-alb", "storefront-alb"} {
		want, err := os.ReadFile("../../internal/expand/testdata/samples/" + sample + ".gateway.yaml")
		if err != nil {
			t.Fatal(err)
		}
		got, err := runLBO(t, "", "render", "-f", "../../config/samples/"+sample+".yaml", "--gateway-class", "L4=aws-nlb", "--gateway-class", "L7=aws-alb")
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("lbo render -f %s --gateway-class ...:\n%s\nwant:\n%s", sample, got, want)
		}
	}
	got, err := runLBO(t, "", "render", "-f", "../../config/samples/shop-alb.yaml", "--gateway-class", "eg", "--gateway-implementation", "Standard")
	if err == nil || !strings.Contains(err.Error(), "gateway.implementation Standard") || !strings.Contains(err.Error(), "scheme=internet-facing") {
		t.Fatalf("the shop sample is internet-facing, which a Standard implementation cannot say: %v\n%s", err, got)
	}
	for _, bad := range [][]string{{"--gateway-class", "L5=x"}, {"--gateway-class", "L7="}, {"--gateway-implementation", "Standard"}, {"--gateway-class", "x", "--gateway-implementation", "Envoy"}} {
		if _, err := runLBO(t, "", append([]string{"render", "-f", "../../config/samples/shop-alb.yaml"}, bad...)...); err == nil {
			t.Errorf("lbo render %v succeeded", bad)
		}
	}
}
