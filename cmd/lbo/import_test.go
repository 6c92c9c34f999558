package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// lbo import prints the LoadBalancers on standard output and what it could
// not carry over on standard error; what it prints renders to the objects it
// read.
func TestImportFromFiles(t *testing.T) {
	want, err := os.ReadFile("../../internal/expand/testdata/samples/shop-alb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cmd := newRootCommand()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs([]string{"import", "-f", "../../internal/expand/testdata/samples/shop-alb.yaml"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if errOut.String() != "imported 1 LoadBalancers; 0 notes\n" {
		t.Errorf("stderr: %s", errOut.String())
	}
	rendered, err := runLBO(t, out.String(), "render", "-f", "-")
	if err != nil {
		t.Fatal(err)
	}
	if rendered != string(want) {
		t.Errorf("render(import(shop)):\n%s\nwant:\n%s", rendered, want)
	}

	in := `apiVersion: v1
kind: Service
metadata:
  name: db
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"
spec:
  type: LoadBalancer
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
`
	cmd = newRootCommand()
	out.Reset()
	errOut.Reset()
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetIn(strings.NewReader(in))
	cmd.SetArgs([]string{"import", "-f", "-"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "kind: LoadBalancer") || !strings.Contains(errOut.String(), "Service db: metadata.annotations[service.beta.kubernetes.io/aws-load-balancer-proxy-protocol]: not carried over: set spec.targetGroups[].attributes.proxyProtocolV2") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	}

	if _, err := runLBO(t, "", "import"); err == nil {
		t.Error("import without input succeeded")
	}
}
