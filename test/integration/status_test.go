package integration

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

func condition(lb *lbov1.LoadBalancer, typ string) metav1.Condition {
	if c := meta.FindStatusCondition(lb.Status.Conditions, typ); c != nil {
		return *c
	}
	return metav1.Condition{}
}

// recordAWSEvent records an event on a child as the AWS Load Balancer
// Controller does (a core/v1 Event from component "ingress" or "service").
func recordAWSEvent(t *testing.T, child client.Object, kind, eventType, reason, message string, at time.Time) {
	t.Helper()
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{GenerateName: child.GetName() + ".", Namespace: child.GetNamespace()},
		InvolvedObject: corev1.ObjectReference{
			Kind: kind, Namespace: child.GetNamespace(), Name: child.GetName(), UID: child.GetUID(),
			APIVersion: child.GetObjectKind().GroupVersionKind().GroupVersion().String(),
		},
		Type: eventType, Reason: reason, Message: message,
		Source:         corev1.EventSource{Component: strings.ToLower(kind)},
		FirstTimestamp: metav1.NewTime(at), LastTimestamp: metav1.NewTime(at), Count: 1,
	}
	if err := k8s.Create(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

func TestMissingBackendServiceResolvesWhenCreated(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "game-2048-alb.yaml", ns))

	got := waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionFalse, lbov1.ReasonBackendNotFound)
	if msg := condition(got, lbov1.ConditionResolvedRefs).Message; !strings.Contains(msg, "Service "+ns+"/service-2048 does not exist") {
		t.Fatalf("ResolvedRefs message %q does not name the missing Service", msg)
	}
	if tg := got.Status.TargetGroups; len(tg) != 1 || tg[0].Resolved || tg[0].Service != "service-2048" {
		t.Fatalf("status.targetGroups = %+v", tg)
	}
	checkHealth(t, got, status.InProgressStatus)
	generation := got.Generation

	// A Service without the port is still not enough.
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "service-2048", Namespace: ns},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 8080}}},
	}
	if err := k8s.Create(ctx, svc); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the message to name the missing port", func() (bool, string) {
		msg := condition(getLB(t, lb), lbov1.ConditionResolvedRefs).Message
		return strings.Contains(msg, "has no port 80 (it has 8080)"), msg
	})

	svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Name: "http", Port: 80})
	svc.Spec.Ports[0].Name = "alt"
	if err := k8s.Update(ctx, svc); err != nil {
		t.Fatal(err)
	}
	got = waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionTrue, lbov1.ReasonResolved)
	if got.Generation != generation {
		t.Fatalf("the LoadBalancer's spec was touched: generation %d -> %d", generation, got.Generation)
	}
	if !got.Status.TargetGroups[0].Resolved {
		t.Fatalf("status.targetGroups = %+v", got.Status.TargetGroups)
	}
}

func TestAWSControllerWarningsReachTheStatus(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	if err := k8s.Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "service-2048", Namespace: ns},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}},
	}); err != nil {
		t.Fatal(err)
	}
	lb := create(t, loadSample(t, "game-2048-alb.yaml", ns))
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	checkHealth(t, got, status.InProgressStatus)
	if l := got.Status.Listeners; len(l) != 2 || l[0].Object != "Ingress/ingress-2048" || l[1].Port != 8080 {
		t.Fatalf("status.listeners = %+v", l)
	}

	var ing networkingv1.Ingress
	if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "ingress-2048"}, &ing); err != nil {
		t.Fatal(err)
	}
	const failure = `Failed deploy model due to AccessDenied: User: arn:aws:sts::111122223333:assumed-role/lbc/x is not authorized to perform: elasticloadbalancing:CreateLoadBalancer`
	recordAWSEvent(t, &ing, "Ingress", corev1.EventTypeWarning, "FailedDeployModel", failure, time.Now())

	got = waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonProvisioningFailed)
	msg := condition(got, lbov1.ConditionProgrammed).Message
	if !strings.Contains(msg, "Ingress ingress-2048: FailedDeployModel: "+failure) {
		t.Fatalf("Programmed message %q does not carry the controller's message", msg)
	}
	if c := condition(got, lbov1.ConditionStalled); c.Status != metav1.ConditionTrue || c.Message != msg {
		t.Fatalf("Stalled = %+v, want True with the controller's message", c)
	}
	checkHealth(t, got, status.FailedStatus)

	// The controller retries and succeeds: the warning is cleared.
	recordAWSEvent(t, &ing, "Ingress", corev1.EventTypeNormal, "SuccessfullyReconciled", "Successfully reconciled", time.Now().Add(2*time.Second))
	got = waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionTrue, lbov1.ReasonProgrammed)
	if c := condition(got, lbov1.ConditionStalled); c.Status != metav1.ConditionFalse {
		t.Fatalf("Stalled = %+v after success", c)
	}
	got = waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionFalse, lbov1.ReasonAddressPending)
	checkHealth(t, got, status.InProgressStatus)

	// Then the address: Ready.
	ing.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{Hostname: "k8s-game2048-ingress2-0123456789.eu-west-1.elb.amazonaws.com"}}
	if err := k8s.Status().Update(ctx, &ing); err != nil {
		t.Fatal(err)
	}
	got = waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionTrue, lbov1.ReasonAddressAssigned)
	checkHealth(t, got, status.CurrentStatus)

	// A spec change: until lbo observes it the health is in progress, then
	// the conditions carry the new generation.
	stale := got.DeepCopy()
	stale.Generation++
	checkHealth(t, stale, status.InProgressStatus)
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Listeners[1].Port = 8081 })
	got = waitForCondition(t, lb, lbov1.ConditionReady, metav1.ConditionTrue, lbov1.ReasonAddressAssigned)
	if got.Status.ObservedGeneration != got.Generation || condition(got, lbov1.ConditionReconciling).ObservedGeneration != got.Generation {
		t.Fatalf("observedGeneration %d, Reconciling at %d, generation %d", got.Status.ObservedGeneration, condition(got, lbov1.ConditionReconciling).ObservedGeneration, got.Generation)
	}
	checkHealth(t, got, status.CurrentStatus)

	// lbo's own events, as kubectl describe shows them.
	eventually(t, "lbo's events on the LoadBalancer", func() (bool, string) {
		var evs eventsv1.EventList
		if err := k8s.List(ctx, &evs, client.InNamespace(ns)); err != nil {
			return false, err.Error()
		}
		var reasons []string
		for _, ev := range evs.Items {
			if ev.Regarding.Kind == "LoadBalancer" && ev.Regarding.Name == lb.Name && ev.ReportingController != "" {
				reasons = append(reasons, ev.Reason)
			}
		}
		all := strings.Join(reasons, ",")
		return strings.Contains(all, "Applied") && strings.Contains(all, lbov1.ReasonProvisioningFailed) && strings.Contains(all, lbov1.ReasonAddressAssigned), all
	})
}

func TestInvalidSpecIsStalled(t *testing.T) {
	ns := newNamespace(t)
	// Valid at admission, but one Ingress cannot carry two health checks for
	// Services lbo does not own, and several share an ALB only in a group:
	// not Accepted, Stalled.
	lb := validL7("two-checks")
	lb.Namespace = ns
	lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Path: "/a"}
	lb.Spec.TargetGroups = append(lb.Spec.TargetGroups, lbov1.TargetGroup{
		Name: "other", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "other", Port: 80}},
		HealthCheck: &lbov1.HealthCheck{Path: "/b"},
	})
	lb.Spec.Rules[0].Action.Forward.TargetGroup = "other"
	create(t, lb)
	got := waitForCondition(t, lb, lbov1.ConditionAccepted, metav1.ConditionFalse, lbov1.ReasonInvalid)
	if msg := condition(got, lbov1.ConditionAccepted).Message; !strings.Contains(msg, "spec.group") {
		t.Fatalf("Accepted message %q does not name the field", msg)
	}
	checkHealth(t, got, status.FailedStatus)
	var svcs corev1.ServiceList
	if err := k8s.List(context.Background(), &svcs, client.InNamespace(ns), client.MatchingLabels{lbov1.LabelLoadBalancer: lb.Name}); err != nil || len(svcs.Items) > 0 {
		t.Fatalf("a LoadBalancer that is not accepted made children: %v %d", err, len(svcs.Items))
	}
}

func TestMetricsCountLoadBalancersByCondition(t *testing.T) {
	ns := newNamespace(t)
	lb := validL7("metered")
	lb.Namespace = ns
	lb.Spec.TargetGroups[0].Backend.Service.Name = "absent"
	create(t, lb)
	waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionFalse, lbov1.ReasonBackendNotFound)

	eventually(t, "the metrics to count it", func() (bool, string) {
		families, err := metrics.Registry.Gather()
		if err != nil {
			return false, err.Error()
		}
		var unresolved, errorsCounted float64
		for _, f := range families {
			for _, m := range f.GetMetric() {
				labels := map[string]string{}
				for _, l := range m.GetLabel() {
					labels[l.GetName()] = l.GetValue()
				}
				switch {
				case f.GetName() == "lbo_loadbalancers" && labels["type"] == "ResolvedRefs" && labels["status"] == "False":
					unresolved = m.GetGauge().GetValue()
				case f.GetName() == "lbo_reconcile_errors_total" && labels["reason"] == lbov1.ReasonBackendNotFound:
					errorsCounted = m.GetCounter().GetValue()
				}
			}
		}
		return unresolved >= 1 && errorsCounted >= 1, "lbo_loadbalancers{ResolvedRefs,False}=" + strconv.FormatFloat(unresolved, 'f', 0, 64) +
			" lbo_reconcile_errors_total{BackendNotFound}=" + strconv.FormatFloat(errorsCounted, 'f', 0, 64)
	})
}

// Only the AWS Load Balancer Controller's events reach the status: a Warning
// the API server or another controller records on a child is not its
// report.
func TestOnlyTheAWSControllersEventsReachTheStatus(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, loadSample(t, "nginx-nlb.yaml", ns))
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	var svc corev1.Service
	if err := k8s.Get(ctx, types.NamespacedName{Namespace: ns, Name: "nginx-service-lb"}, &svc); err != nil {
		t.Fatal(err)
	}
	record := func(component, reason, message string) {
		ev := &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{GenerateName: svc.Name + ".", Namespace: ns},
			InvolvedObject: corev1.ObjectReference{Kind: "Service", Namespace: ns, Name: svc.Name, UID: svc.UID, APIVersion: "v1"},
			Type:           corev1.EventTypeWarning, Reason: reason, Message: message,
			Source:         corev1.EventSource{Component: component},
			FirstTimestamp: metav1.NewTime(time.Now().Add(time.Second)), LastTimestamp: metav1.NewTime(time.Now().Add(time.Second)), Count: 1,
		}
		if err := k8s.Create(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	// What the API server's repair loop records, and a reason of the AWS
	// controller's recorded by someone else.
	record("ipallocator-repair-controller", "ClusterIPNotAllocated", "Cluster IP [IPv4]: 10.0.0.42 is not allocated; repairing")
	record("some-other-controller", "FailedDeployModel", "not the AWS Load Balancer Controller")
	// Then the AWS Load Balancer Controller's own report: lbo's cache of
	// Events holds the two before it once it holds this one.
	record("service", "FailedDeployModel", "Failed deploy model due to AccessDenied")
	got := waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonProvisioningFailed)
	msg := condition(got, lbov1.ConditionProgrammed).Message
	if !strings.Contains(msg, "AccessDenied") || strings.Contains(msg, "ClusterIPNotAllocated") || strings.Contains(msg, "not the AWS Load Balancer Controller") {
		t.Fatalf("the Programmed message carries events that are not the AWS Load Balancer Controller's: %s", msg)
	}
}

// lbo records what it changes on a live LoadBalancer's children, not the
// making of a new LoadBalancer's: that is what creating it asked for, and
// its conditions say how it went.
func TestAppliedEventsAreForChangesOnly(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	lb := create(t, selectorL7(ns, "web"))
	waitForCondition(t, lb, lbov1.ConditionProgrammed, metav1.ConditionFalse, lbov1.ReasonPending)
	// A new path changes the Ingress only.
	updateLB(t, lb, func(lb *lbov1.LoadBalancer) { lb.Spec.Rules[0].Conditions.Paths[0].Path = "/v2" })
	var applied []eventsv1.Event
	eventually(t, "the Applied event of the edit", func() (bool, string) {
		var evs eventsv1.EventList
		if err := k8s.List(ctx, &evs, client.InNamespace(ns)); err != nil {
			return false, err.Error()
		}
		applied = nil
		for _, ev := range evs.Items {
			if ev.Regarding.Kind == "LoadBalancer" && ev.Regarding.Name == "web" && ev.Reason == "Applied" {
				applied = append(applied, ev)
			}
		}
		return len(applied) > 0, fmt.Sprintf("%d Applied events", len(applied))
	})
	// The recorder writes in order: had the creation been recorded, the
	// edit's event would have joined its series.
	if len(applied) != 1 || applied[0].Note != "applied Ingress web" || applied[0].Series != nil {
		t.Fatalf("Applied events %+v, want the edit's only: applied Ingress web", applied)
	}
}

// The AWS Load Balancer Controller reads a target group's annotations from
// its Service before the Ingress: an existing Service's own health check path
// wins over the LoadBalancer's. lbo does not change that Service; it says so
// until the annotation is gone.
func TestServiceAnnotationsThatOverrideTheDeclarationReachTheStatus(t *testing.T) {
	ctx := context.Background()
	ns := newNamespace(t)
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "service-2048", Namespace: ns, Annotations: map[string]string{
			"alb.ingress.kubernetes.io/healthcheck-path": "/old",
		}},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}},
	}
	if err := k8s.Create(ctx, svc); err != nil {
		t.Fatal(err)
	}
	lb := loadSample(t, "game-2048-alb.yaml", ns)
	lb.Spec.TargetGroups[0].HealthCheck = &lbov1.HealthCheck{Path: "/declared"}
	lb = create(t, lb)

	got := waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionFalse, lbov1.ReasonServiceOverrides)
	msg := condition(got, lbov1.ConditionResolvedRefs).Message
	for _, says := range []string{"Service " + ns + "/service-2048", "alb.ingress.kubernetes.io/healthcheck-path", "spec.targetGroups[0].healthCheck.path", `"/old"`, `"/declared"`} {
		if !strings.Contains(msg, says) {
			t.Errorf("ResolvedRefs message %q does not say %s", msg, says)
		}
	}
	if tg := got.Status.TargetGroups; len(tg) != 1 || !tg[0].Resolved || !strings.Contains(tg[0].Message, "healthcheck-path") {
		t.Errorf("status.targetGroups = %+v", tg)
	}
	if c := condition(got, lbov1.ConditionReady); c.Status != metav1.ConditionFalse {
		t.Errorf("Ready = %+v", c)
	}

	// The annotation removed, nothing is overridden: lbo looks again by itself.
	delete(svc.Annotations, "alb.ingress.kubernetes.io/healthcheck-path")
	if err := k8s.Update(ctx, svc); err != nil {
		t.Fatal(err)
	}
	waitForCondition(t, lb, lbov1.ConditionResolvedRefs, metav1.ConditionTrue, lbov1.ReasonResolved)
}
