package controllers

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

func lbAt(rv string, observed int64) *lbov1.LoadBalancer {
	return &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "lb", UID: "u1", ResourceVersion: rv},
		Status:     lbov1.LoadBalancerStatus{ObservedGeneration: observed},
	}
}

func TestOwnWritesServeTheWriteUntilTheCacheCatchesUp(t *testing.T) {
	var w ownWrites
	if got := w.freshest(lbAt("1", 0)); got.ResourceVersion != "1" {
		t.Fatalf("nothing recorded: got resourceVersion %s, want the cached 1", got.ResourceVersion)
	}
	w.record("1", lbAt("2", 1))
	// The cache still holds the object from before lbo's status patch.
	if got := w.freshest(lbAt("1", 0)); got.ResourceVersion != "2" || got.Status.ObservedGeneration != 1 {
		t.Fatalf("stale cache: got resourceVersion %s, want lbo's own write 2", got.ResourceVersion)
	}
	// The cache caught up (or someone wrote since): the cache wins and the
	// record goes.
	if got := w.freshest(lbAt("3", 1)); got.ResourceVersion != "3" {
		t.Fatalf("cache moved on: got resourceVersion %s, want 3", got.ResourceVersion)
	}
	if got := w.freshest(lbAt("1", 0)); got.ResourceVersion != "1" {
		t.Fatalf("record not dropped: got resourceVersion %s", got.ResourceVersion)
	}
}

func TestOwnWritesIgnoreARecreatedLoadBalancer(t *testing.T) {
	var w ownWrites
	w.record("1", lbAt("2", 1))
	other := lbAt("1", 0)
	other.UID = "u2"
	if got := w.freshest(other); got.UID != "u2" {
		t.Fatal("a LoadBalancer recreated under the same name got the old one's write")
	}
}
