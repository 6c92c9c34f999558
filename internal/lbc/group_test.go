package lbc

import (
	"slices"
	"testing"
)

func TestGroupMemberBefore(t *testing.T) {
	// Equal orders: by namespace/name, so another member's Ingress sorts
	// between the two Ingresses of a split LoadBalancer web.
	members := []struct {
		order int32
		name  string
	}{{0, "shop/web-01"}, {0, "shop/web-0"}, {-5, "shop/z"}, {0, "shop/web"}, {3, "a/a"}}
	slices.SortFunc(members, func(a, b struct {
		order int32
		name  string
	}) int {
		if GroupMemberBefore(a.order, a.name, b.order, b.name) {
			return -1
		}
		return 1
	})
	var got []string
	for _, m := range members {
		got = append(got, m.name)
	}
	if want := []string{"shop/z", "shop/web", "shop/web-0", "shop/web-01", "a/a"}; !slices.Equal(got, want) {
		t.Errorf("member order %v, want %v", got, want)
	}
}

func TestGroupSettingsAreIngressAnnotations(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range GroupSettings {
		if seen[s.Key] || !slices.ContainsFunc(IngressAnnotations, func(a Annotation) bool { return slices.Contains(a.Keys, s.Key) }) {
			t.Errorf("group setting %s: repeated, or not a documented Ingress annotation", s.Key)
		}
		seen[s.Key] = true
	}
}
