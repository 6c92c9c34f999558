// Command helmlint lints a Helm chart as `helm lint --strict` does, with
// Helm's own linter (no helm binary needed): once with the chart's default
// values and once with each values file in the chart's ci/ folder. Warnings
// fail like errors; informational messages are printed only.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"helm.sh/helm/v4/pkg/chart/v2/lint"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: helmlint CHART_DIR")
		os.Exit(2)
	}
	failed, err := lintChart(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "helmlint:", err)
		os.Exit(1)
	}
	if failed {
		os.Exit(1)
	}
}

// lintChart lints dir with its defaults and with each ci/*-values.yaml, and
// reports whether any run gave a warning or an error.
func lintChart(dir string) (failed bool, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "ci", "*-values.yaml"))
	if err != nil {
		return false, err
	}
	runs := map[string]map[string]any{"default values": {}}
	order := []string{"default values"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return false, err
		}
		vals := map[string]any{}
		if err := yaml.Unmarshal(data, &vals); err != nil {
			return false, fmt.Errorf("%s: %w", f, err)
		}
		runs[f] = vals
		order = append(order, f)
	}
	for _, name := range order {
		res := lint.RunAll(dir, runs[name], "lbo-system")
		for _, m := range res.Messages {
			fmt.Printf("%s (%s)\n", m.Error(), name)
		}
		if res.HighestSeverity >= support.WarningSev {
			failed = true
		}
	}
	if !failed {
		fmt.Printf("%s: linted with %d sets of values, no warnings\n", dir, len(order))
	}
	return failed, nil
}
