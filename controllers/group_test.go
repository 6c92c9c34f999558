package controllers

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// groupLB is a LoadBalancer in group "shop", created age minutes after the first.
func groupLB(ns, name string, age int, edit func(g *lbov1.Group)) lbov1.LoadBalancer {
	g := &lbov1.Group{Name: "shop"}
	if edit != nil {
		edit(g)
	}
	return lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: ns, Name: name, UID: types.UID(ns + "/" + name),
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, age, 0, 0, time.UTC)),
		},
		Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerL7, Group: g},
	}
}

func ownedBy(ns, name string) func(g *lbov1.Group) {
	return func(g *lbov1.Group) { g.Owner = &lbov1.GroupOwner{Namespace: ns, Name: name} }
}

func members(m ...lbov1.GroupMember) func(g *lbov1.Group) {
	return func(g *lbov1.Group) { g.Members = m }
}

func TestDecideGroup(t *testing.T) {
	owner := groupLB("platform", "edge", 0, members(lbov1.GroupMember{Namespace: "shop"}, lbov1.GroupMember{Namespace: "blog", Names: []string{"web"}}))
	member := groupLB("shop", "cart", 5, ownedBy("platform", "edge"))
	deleting := owner
	deleting.DeletionTimestamp = &metav1.Time{Time: time.Now()}
	withGroup := func(lb lbov1.LoadBalancer, edit func(g *lbov1.Group)) lbov1.LoadBalancer {
		lb.Spec.Group = lb.Spec.Group.DeepCopy()
		edit(lb.Spec.Group)
		return lb
	}
	ptr := func(lb lbov1.LoadBalancer) *lbov1.LoadBalancer { return &lb }
	noGroup := owner
	noGroup.Spec.Group = nil
	cases := []struct {
		name      string
		lb        lbov1.LoadBalancer
		owner     *lbov1.LoadBalancer
		claimants []lbov1.LoadBalancer
		serving   map[types.NamespacedName]bool
		state     consentState
		message   []string
	}{
		{name: "no group", lb: lbov1.LoadBalancer{}},
		{name: "sole claimant", lb: owner, claimants: []lbov1.LoadBalancer{owner}},
		{name: "claimant the cache does not hold yet", lb: owner},
		{name: "oldest claimant", lb: owner, claimants: []lbov1.LoadBalancer{groupLB("x", "young", 9, nil), owner}},
		{name: "younger claimant", lb: groupLB("x", "young", 9, nil), claimants: []lbov1.LoadBalancer{owner},
			state: consentRefused, message: []string{"spec.group.name", `"shop"`, "platform/edge"}},
		{name: "same age: namespace/name decides", lb: groupLB("b", "lb", 0, nil), claimants: []lbov1.LoadBalancer{groupLB("a", "lb", 0, nil)},
			state: consentRefused, message: []string{"spec.group.name", "a/lb"}},
		{name: "older claimant renaming into a served group", lb: groupLB("x", "old", -5, nil), claimants: []lbov1.LoadBalancer{owner},
			serving: map[types.NamespacedName]bool{{Namespace: "platform", Name: "edge"}: true},
			state:   consentRefused, message: []string{"spec.group.name", "platform/edge", "in the group already"}},
		{name: "claimant serving the group owns it", lb: owner, claimants: []lbov1.LoadBalancer{groupLB("x", "old", -5, nil)},
			serving: map[types.NamespacedName]bool{{Namespace: "platform", Name: "edge"}: true}},
		{name: "two claimants serving: the younger's Ingress goes", lb: groupLB("x", "young", 9, nil), claimants: []lbov1.LoadBalancer{owner},
			serving: map[types.NamespacedName]bool{{Namespace: "platform", Name: "edge"}: true, {Namespace: "x", Name: "young"}: true},
			state:   consentWithdrawn, message: []string{"spec.group.name", "platform/edge"}},
		{name: "listed namespace", lb: member, owner: &owner, claimants: []lbov1.LoadBalancer{owner}},
		{name: "listed name", lb: groupLB("blog", "web", 5, ownedBy("platform", "edge")), owner: &owner, claimants: []lbov1.LoadBalancer{owner}},
		{name: "other name of a listed namespace", lb: groupLB("blog", "admin", 5, ownedBy("platform", "edge")), owner: &owner, claimants: []lbov1.LoadBalancer{owner},
			state: consentWithdrawn, message: []string{"spec.group.owner", "platform/edge", "does not list", "blog/admin", "spec.group.members"}},
		{name: "same namespace as the owner, not listed", lb: groupLB("platform", "other", 5, ownedBy("platform", "edge")), owner: &owner, claimants: []lbov1.LoadBalancer{owner},
			state: consentWithdrawn, message: []string{"spec.group.owner", "does not list", "platform/other"}},
		{name: "owner missing", lb: member, state: consentRefused, message: []string{"spec.group.owner", "platform/edge", "does not exist", "as they are"}},
		{name: "owner being deleted", lb: member, owner: &deleting, state: consentRefused, message: []string{"spec.group.owner", "does not exist"}},
		{name: "owner without group", lb: member, owner: &noGroup,
			state: consentWithdrawn, message: []string{"spec.group.owner", "has no spec.group"}},
		{name: "owner in another group", lb: member, owner: ptr(withGroup(owner, func(g *lbov1.Group) { g.Name = "other" })),
			state: consentWithdrawn, message: []string{"spec.group.owner", `claims group "other", not "shop"`}},
		{name: "owner is a member itself", lb: member, owner: ptr(withGroup(owner, func(g *lbov1.Group) { g.Members = nil; g.Owner = &lbov1.GroupOwner{Namespace: "a", Name: "b"} })),
			state: consentWithdrawn, message: []string{"spec.group.owner", "itself a member", "a/b"}},
		{name: "named owner is not the oldest claimant", lb: member, owner: &owner, claimants: []lbov1.LoadBalancer{owner, groupLB("old", "lb", -1, nil)},
			state: consentRefused, message: []string{"spec.group.owner", "does not own", "old/lb"}},
		{name: "owner names itself", lb: groupLB("shop", "cart", 5, ownedBy("shop", "cart")), state: consentRefused, message: []string{"spec.group.owner", "itself"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decideGroup(&c.lb, c.owner, c.claimants, c.serving)
			if got.state != c.state {
				t.Fatalf("consent %v, want %v (%s)", got.state, c.state, got.message)
			}
			for _, m := range c.message {
				if !strings.Contains(got.message, m) {
					t.Errorf("message %q does not say %q", got.message, m)
				}
			}
		})
	}
}
