package doctor

import (
	"fmt"
	"io"
	"strings"
)

// Report writes the results for people: one line per check with what it
// saw, and under each failure how to fix it. It returns how many failed.
func Report(w io.Writer, cluster string, results []Result) (failed int, err error) {
	width := 0
	for _, r := range results {
		width = max(width, len(r.Check))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Prerequisites of the AWS Load Balancer Controller on EKS cluster %s:\n\n", orUnknown(cluster))
	counts := map[Status]int{}
	for _, r := range results {
		counts[r.Status]++
		fmt.Fprintf(&b, "%s  %-*s  %s\n", r.Status, width, r.Check, r.Detail)
		if r.Fix != "" {
			fmt.Fprintf(&b, "%s  %-*s  fix: %s\n", strings.Repeat(" ", len(r.Status)), width, "", r.Fix)
		}
	}
	fmt.Fprintf(&b, "\n%d of %d checks pass", counts[Pass], len(results))
	if counts[Fail] > 0 {
		fmt.Fprintf(&b, "; %d fail", counts[Fail])
	}
	if counts[Skip] > 0 {
		fmt.Fprintf(&b, "; %d could not run", counts[Skip])
	}
	b.WriteString(".\n")
	_, err = io.WriteString(w, b.String())
	return counts[Fail], err
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
