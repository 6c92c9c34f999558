package expand_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current expansion")

// goldenCase is a LoadBalancer file and the file holding what rendering it
// must give: want.yaml for children, want.err for the problems reported.
type goldenCase struct {
	name, in, want string
	opts           []render.Option
}

// asGateway renders a case under the Gateway API backend, with the AWS Load
// Balancer Controller's classes.
var asGateway = []render.Option{
	render.AsGateway(lbov1.LayerL4, lbov1.GatewayBackend{ClassName: "aws-nlb"}),
	render.AsGateway(lbov1.LayerL7, lbov1.GatewayBackend{ClassName: "aws-alb"}),
}

// goldenCases are testdata/<case>/in.yaml, and every sample in config/samples
// with its golden file in testdata/samples/; each also as under the Gateway
// API backend (gateway.yaml or gateway.err), but for the cases of that
// backend itself (testdata/gateway-*), whose input says spec.gateway.
func goldenCases(t *testing.T) []goldenCase {
	cases := annotationCases(t)
	for _, c := range slices.Clone(cases) {
		if strings.HasPrefix(c.name, "gateway-") || onlyExternal(t, c.in) {
			continue
		}
		want := filepath.Join(filepath.Dir(c.want), "gateway")
		if strings.HasPrefix(c.name, "sample-") {
			want = c.want + ".gateway"
		}
		cases = append(cases, goldenCase{name: c.name + "/gateway", in: c.in, want: want, opts: asGateway})
	}
	return cases
}

// onlyExternal tells whether every LoadBalancer of the file in is of layer
// External: one makes no load balancer, so there is no Gateway to make.
func onlyExternal(t *testing.T, in string) bool {
	t.Helper()
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lbs, err := render.Decode(context.Background(), f)
	if err != nil || len(lbs) == 0 {
		return false
	}
	for _, lb := range lbs {
		if lb.Spec.Layer != lbov1.LayerExternal {
			return false
		}
	}
	return true
}

func annotationCases(t *testing.T) []goldenCase {
	t.Helper()
	var cases []goldenCase
	ins, err := filepath.Glob("testdata/*/in.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins {
		dir := filepath.Dir(in)
		cases = append(cases, goldenCase{name: filepath.Base(dir), in: in, want: filepath.Join(dir, "want")})
	}
	samples, err := filepath.Glob("../../config/samples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range samples {
		base := strings.TrimSuffix(filepath.Base(in), ".yaml")
		if base == "kustomization" {
			continue
		}
		cases = append(cases, goldenCase{name: "sample-" + base, in: in, want: filepath.Join("testdata", "samples", base)})
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases found")
	}
	return cases
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			in, err := os.ReadFile(c.in)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			wantFile := c.want + ".yaml"
			if err := render.File(context.Background(), bytes.NewReader(in), &out, c.opts...); err != nil {
				out.Reset()
				out.WriteString(err.Error() + "\n")
				wantFile = c.want + ".err"
			}
			if *update {
				os.Remove(c.want + ".yaml")
				os.Remove(c.want + ".err")
				if err := os.MkdirAll(filepath.Dir(wantFile), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(wantFile, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("rendering gave %s, but reading its golden file: %v\ngot:\n%s", filepath.Ext(wantFile), err, out.String())
			}
			if got := out.String(); got != string(want) {
				t.Errorf("%s differs from %s (go test ./internal/expand -update rewrites it)\ngot:\n%s\nwant:\n%s", c.in, wantFile, got, want)
			}
		})
	}
}

// TestDeterministic renders every case many times and requires the same bytes:
// map iteration must not leak into the output.
func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases(t) {
		in, err := os.ReadFile(c.in)
		if err != nil {
			t.Fatal(err)
		}
		var first string
		for i := range 20 {
			var out bytes.Buffer
			err := render.File(context.Background(), bytes.NewReader(in), &out, c.opts...)
			got := out.String()
			if err != nil {
				got = err.Error()
			}
			if i == 0 {
				first = got
			} else if got != first {
				t.Fatalf("%s: render %d differs from the first:\n%s\n---\n%s", c.name, i, got, first)
			}
		}
	}
}
