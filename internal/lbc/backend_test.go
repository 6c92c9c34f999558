package lbc

import (
	"slices"
	"testing"
)

func TestBackendServiceOverrides(t *testing.T) {
	keys := func(os []ServiceOverride) []string {
		var out []string
		for _, o := range os {
			out = append(out, o.Key)
		}
		return out
	}
	ingress := map[string]string{
		IngressHealthCheck.Path:      "/declared",
		IngressTargetGroupAttributes: "deregistration_delay.timeout_seconds=30",
		IngressTags:                  "team=web",
		IngressAuthType:              AuthTypeOIDC,
	}
	for _, c := range []struct {
		name  string
		svc   map[string]string
		alone bool
		want  []string
	}{
		{"nothing of its own", map[string]string{"other": "x"}, true, nil},
		{"the same value overrides nothing", map[string]string{IngressHealthCheck.Path: "/declared"}, true, nil},
		{"another health check path", map[string]string{IngressHealthCheck.Path: "/old"}, true, []string{IngressHealthCheck.Path}},
		{"attributes, whole", map[string]string{IngressTargetGroupAttributes: "stickiness.enabled=true"}, true, []string{IngressTargetGroupAttributes}},
		{"a key the Ingress leaves to the default", map[string]string{IngressBackendProtocol: "HTTPS"}, true, []string{IngressBackendProtocol}},
		{"authentication, for an action forwarding to it alone", map[string]string{IngressAuthType: "none"}, true, []string{IngressAuthType}},
		{"authentication, for a weighted action", map[string]string{IngressAuthType: "none"}, false, nil},
		{"a tag of the same value", map[string]string{IngressTags: "team=web"}, true, nil},
		{"a tag of another value, and one more", map[string]string{IngressTags: "team=ops,extra=1"}, true, []string{IngressTags}},
		{"multi-cluster on", map[string]string{IngressMultiClusterTG: "true"}, true, []string{IngressMultiClusterTG}},
		{"multi-cluster off adds nothing", map[string]string{IngressMultiClusterTG: "false"}, true, nil},
		{"its target control port", map[string]string{IngressTargetControlPort("web", 80): "3000"}, true, []string{IngressTargetControlPort("web", 80)}},
		{"another port's target control port", map[string]string{IngressTargetControlPort("web", 81): "3000"}, true, nil},
	} {
		got := keys(BackendServiceOverrides(c.svc, ingress, "web", 80, c.alone))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: overrides %q, want %q", c.name, got, c.want)
		}
	}
	o := BackendServiceOverrides(map[string]string{IngressTags: "team=ops,extra=1"}, ingress, "web", 80, true)
	if len(o) != 1 || !slices.Equal(o[0].TagKeys, []string{"extra", "team"}) {
		t.Errorf("tag keys: %+v", o)
	}
}
