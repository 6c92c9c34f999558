package chart

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// A misspelt or mistyped value fails the install with a message that names
// it (values.schema.json), and so do contradictory values (the templates'
// checks), instead of being ignored.
func TestValuesRefused(t *testing.T) {
	cases := []struct {
		name, values, want string
	}{
		{"misspelt top-level key", `replicas: 3`, "additional properties 'replicas' not allowed"},
		{"misspelt nested key", `image: {tags: v1}`, "additional properties 'tags' not allowed"},
		{"misspelt deep key", `metrics: {serviceMonitor: {enable: true}}`, "additional properties 'enable' not allowed"},
		{"misspelt AWS key", `aws: {roleARN: "arn:aws:iam::123456789012:role/x"}`, "additional properties 'roleARN' not allowed"},
		{"wrong type", `replicaCount: two`, "/replicaCount"},
		{"unknown reader mode", `aws: {reader: "on"}`, "/aws/reader"},
		{"unknown log level", `logLevel: verbose`, "/logLevel"},
		{"argument without dashes", `extraArgs: [concurrency=8]`, "/extraArgs/0"},
		{"malformed role ARN", `aws: {roleArn: lbo-reader}`, "/aws/roleArn"},
		{"metrics on the health port", `metrics: {port: 8081}`, "/metrics/port"},
		{"replicas without leader election", `{replicaCount: 2, leaderElection: {enabled: false}}`,
			"replicaCount is 2 but leaderElection.enabled is false"},
		{"IRSA on a ServiceAccount the chart does not make", `{aws: {roleArn: "arn:aws:iam::123456789012:role/x"}, serviceAccount: {create: false, name: mine}}`,
			"the chart cannot annotate a ServiceAccount it does not create"},
		{"no ServiceAccount", `serviceAccount: {create: false}`, "serviceAccount.name must name an existing ServiceAccount"},
		{"ServiceMonitor without metrics", `metrics: {enabled: false, serviceMonitor: {enabled: true}}`, "nothing to scrape"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vals := map[string]any{}
			if err := yaml.Unmarshal([]byte(c.values), &vals); err != nil {
				t.Fatal(err)
			}
			_, err := template(t, "lbo", "lbo-system", vals)
			if err == nil {
				t.Fatalf("values %s were accepted", c.values)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("values %s: the error does not say %q:\n%v", c.values, c.want, err)
			}
		})
	}
}

// Names follow the release: release lbo gives config/default's, another
// release its own prefix, fullnameOverride its own, so that two releases in
// one cluster do not share a ClusterRole.
func TestNamesFollowTheRelease(t *testing.T) {
	cases := []struct {
		release string
		values  map[string]any
		prefix  string
	}{
		{"lbo", nil, "lbo-"},
		{"lbo-canary", nil, "lbo-canary-"},
		{"edge", nil, "edge-lbo-"},
		{"edge", map[string]any{"fullnameOverride": "lb-operator"}, "lb-operator-"},
	}
	for _, c := range cases {
		objs, err := template(t, c.release, "ns", c.values)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range objs {
			if !strings.HasPrefix(u.GetName(), c.prefix) {
				t.Errorf("release %s, values %v: %s is not prefixed %s", c.release, c.values, key(u), c.prefix)
			}
		}
	}
}
