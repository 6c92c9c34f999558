package render

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// benchInputs are an L4, an L7 with HTTPS and a canary, and an L7 routing
// two hosts: the mix `make bench` creates.
var benchInputs = []string{
	"../expand/testdata/l4-listeners-target-group-attributes/in.yaml",
	"../expand/testdata/l7-https-weighted-redirect/in.yaml",
	"../../config/samples/shop-alb.yaml",
}

// BenchmarkFile is `lbo render` on a file of LoadBalancers: decode, default
// and validate as the API server would, expand, write YAML. It reports
// LoadBalancers per second; run with -cpu 1 for one core.
func BenchmarkFile(b *testing.B) {
	var in bytes.Buffer
	for _, f := range benchInputs {
		data, err := os.ReadFile(filepath.FromSlash(f))
		if err != nil {
			b.Fatal(err)
		}
		in.WriteString("---\n")
		in.Write(data)
	}
	ctx := context.Background()
	if err := File(ctx, bytes.NewReader(in.Bytes()), io.Discard); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := File(ctx, bytes.NewReader(in.Bytes()), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(benchInputs))/b.Elapsed().Seconds(), "LoadBalancers/s")
}

// BenchmarkExpand is the expansion alone, what the reconciler runs, on
// LoadBalancers already decoded.
func BenchmarkExpand(b *testing.B) {
	var in bytes.Buffer
	for _, f := range benchInputs {
		data, err := os.ReadFile(filepath.FromSlash(f))
		if err != nil {
			b.Fatal(err)
		}
		in.WriteString("---\n")
		in.Write(data)
	}
	lbs, err := Decode(context.Background(), &in)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Expand(lbs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(lbs))/b.Elapsed().Seconds(), "LoadBalancers/s")
}
