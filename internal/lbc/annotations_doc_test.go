package lbc_test

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/lbo-dev/lbo/internal/lbc"
)

// Every annotation the expansion writes in a golden case is documented, so
// that a new one cannot reach the children without a row in
// docs/annotations.md.
func TestWrittenAnnotationsAreDocumented(t *testing.T) {
	files, err := filepath.Glob("../expand/testdata/*/want.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	samples, _ := filepath.Glob("../expand/testdata/samples/*.yaml")
	seen := map[string]bool{}
	for _, f := range append(files, samples...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
		for {
			var u unstructured.Unstructured
			if err := dec.Decode(&u.Object); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for k := range u.GetAnnotations() {
				seen[k] = true
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(seen)) {
		a, ok := lbc.Documented(k)
		switch {
		case !strings.HasPrefix(k, lbc.IngressPrefix) && !strings.HasPrefix(k, lbc.ServicePrefix):
		case !ok:
			t.Errorf("%s is written but not documented in lbc.Annotations", k)
		case a.Support != lbc.Written:
			t.Errorf("%s is written, but documented as not written", k)
		}
	}
	if len(seen) < 40 {
		t.Errorf("only %d annotations in the golden files; are they read?", len(seen))
	}
}

// Each row says what lbo does: a field it is written from, or notes that
// say why it is not.
func TestAnnotationRowsAreComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, a := range append(slices.Clone(lbc.ServiceAnnotations), lbc.IngressAnnotations...) {
		if len(a.Keys) == 0 {
			t.Errorf("a row without keys: %+v", a)
			continue
		}
		if a.Support == lbc.Written && a.Field == "" || a.Support != lbc.Written && (a.Field != "" || a.Notes == "") {
			t.Errorf("%s: support %d with field %q and notes %q", a.Keys[0], a.Support, a.Field, a.Notes)
		}
		for _, k := range a.Keys {
			if keys[k] && a.Qualifier == "" {
				t.Errorf("%s is documented twice", k)
			}
			keys[k] = true
		}
	}
}
