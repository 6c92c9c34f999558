package controllers

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// recorded drains what rec recorded.
func recorded(rec *events.FakeRecorder) []string {
	var got []string
	for {
		select {
		case ev := <-rec.Events:
			got = append(got, ev)
		default:
			return got
		}
	}
}

func TestChildrenEventSummarizes(t *testing.T) {
	rec := events.NewFakeRecorder(10)
	r := &LoadBalancerReconciler{Recorder: rec}
	lb := &lbov1.LoadBalancer{}
	r.childrenEvent(lb, "Applied", "Apply", "applied", []childKey{{"Service", "b"}, {"Ingress", "web"}, {"Service", "a"}})
	r.childrenEvent(lb, "Applied", "Apply", "applied", nil)
	got := recorded(rec)
	if want := []string{"Normal Applied applied Ingress web, Service a, Service b"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events = %q, want %q", got, want)
	}

	var many []childKey
	for i := range 100 {
		many = append(many, childKey{"Service", fmt.Sprintf("target-group-service-%03d", i)})
	}
	r.childrenEvent(lb, "Applied", "Apply", "applied", many)
	got = recorded(rec)
	if len(got) != 1 || !strings.HasSuffix(got[0], " more") || len(got[0]) > 1024 {
		t.Fatalf("event for 100 children = %q, want one note under 1 kB ending in how many more", got)
	}
}

func TestRecordTransitions(t *testing.T) {
	cond := func(typ string, ok bool, reason string) metav1.Condition {
		status := metav1.ConditionFalse
		if ok {
			status = metav1.ConditionTrue
		}
		return metav1.Condition{Type: typ, Status: status, Reason: reason, Message: "m"}
	}
	pending := lbov1.LoadBalancerStatus{Conditions: []metav1.Condition{
		cond(lbov1.ConditionAccepted, true, lbov1.ReasonAccepted),
		cond(lbov1.ConditionResolvedRefs, true, lbov1.ReasonResolved),
		cond(lbov1.ConditionProgrammed, false, lbov1.ReasonPending),
		cond(lbov1.ConditionReady, false, lbov1.ReasonNotProgrammed),
	}}
	failed := *pending.DeepCopy()
	failed.Conditions[2] = cond(lbov1.ConditionProgrammed, false, lbov1.ReasonProvisioningFailed)
	invalid := lbov1.LoadBalancerStatus{Conditions: []metav1.Condition{cond(lbov1.ConditionAccepted, false, lbov1.ReasonInvalid)}}
	cases := []struct {
		name     string
		old, now lbov1.LoadBalancerStatus
		want     []string
	}{
		{"a new LoadBalancer's first, normal status", lbov1.LoadBalancerStatus{}, pending, nil},
		{"a new LoadBalancer's first status is a warning", lbov1.LoadBalancerStatus{}, invalid, []string{"Warning Invalid Accepted=False: m"}},
		{"unchanged", pending, pending, nil},
		{"a transition", pending, failed, []string{"Warning ProvisioningFailed Programmed=False: m"}},
		{"and back", failed, pending, []string{"Normal Pending Programmed=False: m"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := events.NewFakeRecorder(10)
			r := &LoadBalancerReconciler{Recorder: rec}
			r.recordTransitions(&lbov1.LoadBalancer{}, tc.old, tc.now)
			if got := recorded(rec); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("events = %q, want %q", got, tc.want)
			}
		})
	}
}

// The note of a children event lists as many children as fit in
// maxEventNote, exactly, and counts the others.
func TestChildrenEventNoteFillsUpToItsLimit(t *testing.T) {
	// "applied", then " Service s000" (13 bytes) and ", Service sNNN"
	// (14 bytes) for each other: 7 + 13 + k*14 <= 900 for k up to 62, so 63
	// of the 89 are listed and 26 counted.
	var keys []childKey
	for i := range 89 {
		keys = append(keys, childKey{"Service", fmt.Sprintf("s%03d", i)})
	}
	note := func(keys []childKey) string {
		rec := events.NewFakeRecorder(1)
		(&LoadBalancerReconciler{Recorder: rec}).childrenEvent(&lbov1.LoadBalancer{}, "Applied", "Apply", "applied", keys)
		return strings.TrimPrefix(recorded(rec)[0], "Normal Applied ")
	}
	got := note(keys)
	if !strings.HasSuffix(got, "Service s062 and 26 more") || strings.Contains(got, "s063") {
		t.Fatalf("note %q, want 63 children listed and 26 more", got)
	}
	// A note of exactly maxEventNote bytes is whole.
	full := "applied Service s000"
	for i := 1; i < 62; i++ {
		full += fmt.Sprintf(", Service s%03d", i)
	}
	pad := maxEventNote - len(full) - len(", Service ")
	last := childKey{"Service", "s062" + strings.Repeat("x", pad-4)}
	exact := append(slices.Clone(keys[:62]), last)
	if got := note(exact); len(got) != maxEventNote || strings.Contains(got, "more") {
		t.Fatalf("a note of exactly %d bytes became %q (%d bytes)", maxEventNote, got, len(got))
	}
}

func TestFromAWSController(t *testing.T) {
	ev := func(component, reporting, reason string) *corev1.Event {
		return &corev1.Event{Source: corev1.EventSource{Component: component}, ReportingController: reporting, Reason: reason}
	}
	cases := []struct {
		kind string
		ev   *corev1.Event
		want bool
	}{
		{"Ingress", ev("ingress", "ingress", "FailedDeployModel"), true},
		{"Ingress", ev("ingress", "", "FailedBuildModel"), true},
		{"Ingress", ev("", "ingress", "SuccessfullyReconciled"), true},
		{"Ingress", ev("ingress", "ingress", "FailedLoadGroupID"), true},
		{"Service", ev("service", "service", "FailedCleanupStatus"), true},
		{"Service", ev("service", "service", "FailedLoadGroupID"), false}, // an Ingress reason
		{"Service", ev("ingress", "ingress", "FailedDeployModel"), false}, // the Ingress recorder
		{"Service", ev("ipallocator-repair-controller", "", "ClusterIPNotAllocated"), false},
		{"Service", ev("service-controller", "", "SyncLoadBalancerFailed"), false}, // Kubernetes' own service controller
		{"Ingress", ev("ingress", "ingress", "Sync"), false},                       // another controller named ingress
		{"Pod", ev("ingress", "ingress", "FailedDeployModel"), false},
	}
	for _, c := range cases {
		if got := fromAWSController(c.kind, c.ev); got != c.want {
			t.Errorf("%s event from %q/%q, reason %s: %v, want %v", c.kind, c.ev.Source.Component, c.ev.ReportingController, c.ev.Reason, got, c.want)
		}
	}
}
