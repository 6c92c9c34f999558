package gateway_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestBackendsTableNamesEveryField: docs/backends.md's table of what each
// backend carries has a row for every field the tests of this package set
// (or for its parent), so that a field added here is documented there.
func TestBackendsTableNamesEveryField(t *testing.T) {
	data, err := os.ReadFile("../../docs/backends.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(first, -1) {
			documented = append(documented, m[1])
		}
	}
	for _, c := range append(slices.Clone(gatewayFields), refusedFields...) {
		f := strings.ReplaceAll(strings.TrimPrefix(c.field, "spec."), "[0]", "[]")
		if !slices.ContainsFunc(documented, func(d string) bool { return d == f || strings.HasPrefix(f, d+".") }) {
			t.Errorf("docs/backends.md has no row for %s", f)
		}
	}
}
