package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

const groupNameAnnotation = "alb.ingress.kubernetes.io/group.name"

// groupLB is a valid L7 LoadBalancer ns/name in group g. A member (with an
// owner) leaves the default action of its port to the owner: two default
// actions on one port would conflict.
func groupLB(ns, name string, g lbov1.Group) *lbov1.LoadBalancer {
	lb := validL7(name)
	lb.Namespace = ns
	lb.Spec.Group = &g
	if g.Owner != nil {
		lb.Spec.Listeners[0].DefaultAction = nil
	}
	return lb
}

// TestGroupConflictsAreRefused: a member whose settings contradict what the
// owner has live in the group (which would make the AWS Load Balancer
// Controller stop updating the whole group) is not Accepted, names the
// field, and gets no Ingress until it agrees.
func TestGroupConflictsAreRefused(t *testing.T) {
	platform, shop := newNamespace(t), newNamespace(t)
	group := "g-" + platform
	create(t, groupLB(platform, "edge", lbov1.Group{Name: group, Order: 0, Members: []lbov1.GroupMember{{Namespace: shop}}}))
	waitForIngressInGroup(t, platform, "edge", group)

	member := groupLB(shop, "cart", lbov1.Group{Name: group, Order: 10, Owner: &lbov1.GroupOwner{Namespace: platform, Name: "edge"}})
	member.Spec.Scheme = lbov1.SchemeInternetFacing
	member.Spec.Listeners[0].DefaultAction = &lbov1.Action{FixedResponse: &lbov1.FixedResponseAction{StatusCode: 404}}
	create(t, member)
	got := waitForCondition(t, member, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonGroupConflict)
	msg := condition(got, lbov1.ConditionAccepted).Message
	for _, says := range []string{"spec.scheme", "LoadBalancer " + platform + "/edge", "spec.listeners[0].defaultAction", "gives the default action of port 80"} {
		if !strings.Contains(msg, says) {
			t.Fatalf("the Accepted message does not say %q: %s", says, msg)
		}
	}
	if ingressOf(t, shop, "cart") != nil {
		t.Fatal("a conflicting member got an Ingress")
	}

	updateLB(t, member, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Scheme, lb.Spec.AllowReplacement = lbov1.SchemeInternal, true // it has no load balancer yet
		lb.Spec.Listeners[0].DefaultAction = nil
	})
	waitForIngressInGroup(t, shop, "cart", group)
	waitForCondition(t, member, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)
}

// ingressOf is the Ingress of the L7 LoadBalancer ns/name, or nil.
func ingressOf(t *testing.T, ns, name string) *networkingv1.Ingress {
	t.Helper()
	ing := &networkingv1.Ingress{}
	err := k8s.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, ing)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return ing
}

// waitForIngressInGroup waits until the LoadBalancer ns/name has its Ingress
// in the group, and returns it.
func waitForIngressInGroup(t *testing.T, ns, name, group string) *networkingv1.Ingress {
	t.Helper()
	var ing *networkingv1.Ingress
	eventually(t, "the Ingress of "+ns+"/"+name+" in group "+group, func() (bool, string) {
		if ing = ingressOf(t, ns, name); ing == nil {
			return false, "no Ingress"
		}
		return ing.Annotations[groupNameAnnotation] == group, "group " + ing.Annotations[groupNameAnnotation]
	})
	return ing
}

// waitNotPermitted waits for Accepted=False, GroupNotPermitted, and requires
// the message to say each of says.
func waitNotPermitted(t *testing.T, lb *lbov1.LoadBalancer, says ...string) {
	t.Helper()
	got := waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonGroupNotPermitted)
	msg := condition(got, lbov1.ConditionAccepted).Message
	for _, s := range says {
		if !strings.Contains(msg, s) {
			t.Fatalf("the Accepted message of %s/%s does not say %q: %s", lb.Namespace, lb.Name, s, msg)
		}
	}
}

func TestGroupOwnerConsents(t *testing.T) {
	ctx := context.Background()
	platform, shop, blog := newNamespace(t), newNamespace(t), newNamespace(t)
	group := "g-" + platform
	owner := create(t, groupLB(platform, "edge", lbov1.Group{Name: group, Order: 0,
		Members: []lbov1.GroupMember{{Namespace: shop}}}))
	member := create(t, groupLB(shop, "cart", lbov1.Group{Name: group, Order: 10,
		Owner: &lbov1.GroupOwner{Namespace: platform, Name: "edge"}}))
	// Neither a namespace the owner does not list nor the owner's own
	// namespace may join: consent is explicit.
	stranger := create(t, groupLB(blog, "web", lbov1.Group{Name: group, Order: 20,
		Owner: &lbov1.GroupOwner{Namespace: platform, Name: "edge"}}))
	neighbour := create(t, groupLB(platform, "admin", lbov1.Group{Name: group, Order: 30,
		Owner: &lbov1.GroupOwner{Namespace: platform, Name: "edge"}}))

	waitForIngressInGroup(t, platform, "edge", group)
	memberIngress := waitForIngressInGroup(t, shop, "cart", group)
	waitForCondition(t, member, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)
	waitNotPermitted(t, stranger, "spec.group.owner", platform+"/edge", "does not list", blog+"/web", "spec.group.members")
	waitNotPermitted(t, neighbour, "spec.group.owner", "does not list", platform+"/admin")
	for _, lb := range []*lbov1.LoadBalancer{stranger, neighbour} {
		if children := childrenOf(t, lb.Namespace, lb.Name); len(children) > 0 {
			t.Fatalf("%s/%s is not permitted but has %d children", lb.Namespace, lb.Name, len(children))
		}
	}

	// The owner lets blog in, and takes shop out. Neither needs
	// allowReplacement: the owner's load balancer stays.
	updateLB(t, owner, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Group.Members = []lbov1.GroupMember{{Namespace: blog, Names: []string{"web"}}}
	})
	waitForIngressInGroup(t, blog, "web", group)
	waitNotPermitted(t, member, "spec.group.owner", "does not list", shop+"/cart")
	eventually(t, "the Ingress of the member taken out to be deleted", func() (bool, string) {
		ing := ingressOf(t, shop, "cart")
		return ing == nil || ing.UID != memberIngress.UID, "still there"
	})
	eventually(t, "a Warning event saying the Ingress was deleted", func() (bool, string) {
		var evs eventsv1.EventList
		if err := k8s.List(ctx, &evs, client.InNamespace(shop)); err != nil {
			return false, err.Error()
		}
		for _, ev := range evs.Items {
			if ev.Regarding.Name == "cart" && ev.Type == "Warning" && ev.Reason == "GroupConsentWithdrawn" && strings.Contains(ev.Note, "deleted Ingress cart") {
				return true, ""
			}
		}
		return false, fmt.Sprintf("no such event among %d", len(evs.Items))
	})
	if ing := ingressOf(t, shop, "cart"); ing != nil {
		t.Fatalf("the member taken out got its Ingress back")
	}
}

func TestGroupClaimedTwiceIsOwnedByTheOldest(t *testing.T) {
	ns := newNamespace(t)
	group := "g-" + ns
	// Created in this order, and in name order too, so that the oldest is
	// the same when both carry the same creation second.
	first := create(t, groupLB(ns, "a-first", lbov1.Group{Name: group}))
	waitForIngressInGroup(t, ns, "a-first", group)
	second := create(t, groupLB(ns, "b-second", lbov1.Group{Name: group}))
	waitNotPermitted(t, second, "spec.group.name", group, ns+"/a-first")
	if children := childrenOf(t, ns, second.Name); len(children) > 0 {
		t.Fatalf("the younger claimant has %d children", len(children))
	}
	waitForCondition(t, first, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)

	// The owner goes: the remaining claimant owns the group, at once.
	if err := k8s.Delete(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	waitForIngressInGroup(t, ns, "b-second", group)
	waitForCondition(t, second, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)
}

func TestGroupIsNotTakenOverByAnOlderLoadBalancer(t *testing.T) {
	ns := newNamespace(t)
	group := "g-" + ns
	// a-old is the older by creation time, or by name within one second.
	old := create(t, groupLB(ns, "a-old", lbov1.Group{Name: group + ".old"}))
	waitForIngressInGroup(t, ns, "a-old", group+".old")
	owner := create(t, groupLB(ns, "b-owner", lbov1.Group{Name: group}))
	waitForIngressInGroup(t, ns, "b-owner", group)

	// The older LoadBalancer renames its group to the taken one: it does not
	// get in, and keeps the load balancer it had.
	updateLB(t, old, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Group.Name = group
		lb.Spec.AllowReplacement = true
	})
	waitNotPermitted(t, old, "spec.group.name", ns+"/b-owner", "in the group already")
	if ing := ingressOf(t, ns, "a-old"); ing == nil || ing.Annotations[groupNameAnnotation] != group+".old" {
		t.Fatalf("the refused LoadBalancer's Ingress was not left as it was: %v", ing)
	}
	waitForCondition(t, owner, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)
}

func TestGroupOwnerRenamingTheGroupTakesTheMembersOff(t *testing.T) {
	platform, shop := newNamespace(t), newNamespace(t)
	group := "g-" + platform
	owner := create(t, groupLB(platform, "edge", lbov1.Group{Name: group,
		Members: []lbov1.GroupMember{{Namespace: shop}}}))
	member := create(t, groupLB(shop, "cart", lbov1.Group{Name: group, Order: 10,
		Owner: &lbov1.GroupOwner{Namespace: platform, Name: "edge"}}))
	waitForIngressInGroup(t, shop, "cart", group)

	// Renaming moves the owner to another load balancer (allowReplacement);
	// the members do not follow by themselves.
	updateLB(t, owner, func(lb *lbov1.LoadBalancer) {
		lb.Spec.Group.Name = group + ".v2"
		lb.Spec.AllowReplacement = true
	})
	waitForIngressInGroup(t, platform, "edge", group+".v2")
	waitNotPermitted(t, member, "spec.group.owner", `claims group "`+group+`.v2", not "`+group+`"`)
	eventually(t, "the member's Ingress to be deleted", func() (bool, string) {
		return ingressOf(t, shop, "cart") == nil, "still there"
	})
}

func TestGroupMemberWaitsForAMissingOwnerAndKeepsServing(t *testing.T) {
	ctx := context.Background()
	platform, shop := newNamespace(t), newNamespace(t)
	group := "g-" + platform
	// A GitOps sync may apply the member before its owner.
	member := create(t, groupLB(shop, "cart", lbov1.Group{Name: group, Order: 10,
		Owner: &lbov1.GroupOwner{Namespace: platform, Name: "edge"}}))
	waitNotPermitted(t, member, "spec.group.owner", platform+"/edge", "does not exist")
	if children := childrenOf(t, shop, "cart"); len(children) > 0 {
		t.Fatalf("a member without its owner has %d children", len(children))
	}
	owner := create(t, groupLB(platform, "edge", lbov1.Group{Name: group,
		Members: []lbov1.GroupMember{{Namespace: shop, Names: []string{"cart"}}}}))
	ing := waitForIngressInGroup(t, shop, "cart", group)

	// The owner goes (deleted, or being replaced): the member's rules stay.
	if err := k8s.Delete(ctx, owner); err != nil {
		t.Fatal(err)
	}
	waitNotPermitted(t, member, "spec.group.owner", "does not exist")
	if after := ingressOf(t, shop, "cart"); after == nil || after.UID != ing.UID {
		t.Fatal("the member's Ingress was deleted or replaced when its owner went missing")
	}
}

// TestGroupOwnerWithOnlyACertificate: a group owner whose HTTPS listener
// brings only its certificate, leaving the default action and the rules
// to its members, gets an Ingress the API server takes (one rule without
// http, which the AWS Load Balancer Controller makes no listener rule of).
func TestGroupOwnerWithOnlyACertificate(t *testing.T) {
	ns := newNamespace(t)
	group := "g-" + ns
	lb := groupLB(ns, "gw", lbov1.Group{Name: group, Order: -100, Members: []lbov1.GroupMember{{Namespace: ns}}})
	lb.Spec.Listeners = []lbov1.Listener{{Name: "https", Port: 443, Protocol: lbov1.ProtocolHTTPS,
		TLS: &lbov1.ListenerTLS{CertificateARNs: []string{"arn:aws:acm:eu-west-1:111122223333:certificate/wildcard"}}}}
	lb.Spec.Rules = nil
	create(t, lb)
	ing := waitForIngressInGroup(t, ns, "gw", group)
	if ing.Spec.DefaultBackend != nil || len(ing.Spec.Rules) != 1 || ing.Spec.Rules[0].HTTP != nil {
		t.Fatalf("Ingress spec %+v: want one rule without http and no default backend", ing.Spec)
	}
	waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)
}

// TestGroupMembersNeedOrdersOfTheirOwn: the AWS Load Balancer Controller
// takes the Ingresses of members of equal order by namespace/name, which
// can interleave their rules, so a LoadBalancer whose order another member
// has live is refused, whichever side brings the equal order (a new member,
// or the owner changing its order to a live member's); the one live keeps
// its Ingress as it is.
func TestGroupMembersNeedOrdersOfTheirOwn(t *testing.T) {
	refusedForOrder := func(t *testing.T, lb *lbov1.LoadBalancer, other string) {
		t.Helper()
		got := waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonGroupConflict)
		if msg := condition(got, lbov1.ConditionAccepted).Message; !strings.Contains(msg, "spec.group.order") || !strings.Contains(msg, "LoadBalancer "+other) {
			t.Fatalf("the Accepted message does not name spec.group.order and %s: %s", other, msg)
		}
	}
	t.Run("owner live first, then member live first", func(t *testing.T) {
		ns := newNamespace(t)
		group := "g-" + ns
		owner := create(t, groupLB(ns, "web", lbov1.Group{Name: group, Order: 0, Members: []lbov1.GroupMember{{Namespace: ns}}}))
		waitForIngressInGroup(t, ns, "web", group)
		member := create(t, groupLB(ns, "web-0", lbov1.Group{Name: group, Order: 0, Owner: &lbov1.GroupOwner{Namespace: ns, Name: "web"}}))
		refusedForOrder(t, member, ns+"/web")
		if ingressOf(t, ns, "web-0") != nil {
			t.Fatal("a member of equal order got an Ingress")
		}

		updateLB(t, member, func(lb *lbov1.LoadBalancer) { lb.Spec.Group.Order = 5 })
		waitForIngressInGroup(t, ns, "web-0", group)
		waitForCondition(t, member, lbov1.ConditionAccepted, metav1.ConditionTrue, lbov1.ReasonAccepted)

		// Now the owner takes the member's order: it is refused, and its
		// live Ingress keeps order 0.
		updateLB(t, owner, func(lb *lbov1.LoadBalancer) { lb.Spec.Group.Order = 5 })
		refusedForOrder(t, owner, ns+"/web-0")
		if got := ingressOf(t, ns, "web").Annotations["alb.ingress.kubernetes.io/group.order"]; got != "0" {
			t.Fatalf("the refused owner's Ingress has group.order %q, want it left at 0", got)
		}
	})
}
