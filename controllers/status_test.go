package controllers

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/expand"
)

func TestComputeStatus(t *testing.T) {
	type want struct{ accepted, resolved, programmed, ready, reconciling, stalled string }
	missing := []lbov1.TargetGroupStatus{{Name: "app", Service: "app", Message: "Service ns/app does not exist"}}
	overridden := []expand.ServiceOverride{{TargetGroup: "api", Service: "api", Annotation: "alb.ingress.kubernetes.io/healthcheck-path",
		Field: field.NewPath("spec", "targetGroups").Index(1).Child("healthCheck", "path"), Message: "Service ns/api carries ..."}}
	unusable := []lbov1.TargetGroupStatus{{Name: "app", Service: "app", Message: "Service ns/app cannot be a backend: it is of type ExternalName"}}
	cases := []struct {
		name string
		obs  observation
		want want
	}{
		{"invalid spec", observation{problems: field.ErrorList{field.Required(field.NewPath("spec", "x"), "")}},
			want{"False/Invalid", "True/Resolved", "False/NotAccepted", "False/NotProgrammed", "False/Steady", "True/NotAccepted"}},
		{"not permitted in its group", observation{group: refused("spec.group.owner: ...")},
			want{"False/GroupNotPermitted", "True/Resolved", "False/NotAccepted", "False/NotProgrammed", "False/Steady", "True/NotAccepted"}},
		{"in conflict with its group", observation{group: groupConsent{state: consentConflict, message: "spec.scheme: ..."}},
			want{"False/GroupConflict", "True/Resolved", "False/NotAccepted", "False/NotProgrammed", "False/Steady", "True/NotAccepted"}},
		{"consent withdrawn", observation{group: withdrawn("spec.group.owner: ...")},
			want{"False/GroupNotPermitted", "True/Resolved", "False/NotAccepted", "False/NotProgrammed", "False/Steady", "True/NotAccepted"}},
		{"AWS name taken", observation{taken: "spec.loadBalancerName \"edge\" is LoadBalancer a/b's"},
			want{"False/NameConflict", "True/Resolved", "False/NotAccepted", "False/NotProgrammed", "False/Steady", "True/NotAccepted"}},
		{"child refused", observation{refused: &refusal{key: childKey{"Ingress", "web"}, err: errors.New("denied")}},
			want{"True/Accepted", "True/Resolved", "False/ApplyFailed", "False/NotProgrammed", "False/Steady", "True/ApplyFailed"}},
		{"name taken", observation{conflicts: []string{"Service x already exists"}},
			want{"True/Accepted", "True/Resolved", "False/NameConflict", "False/NotProgrammed", "False/Steady", "True/NameConflict"}},
		{"reconcile stopped by an error", observation{err: errors.New("boom")},
			want{"True/Accepted", "True/Resolved", "False/ApplyFailed", "False/NotProgrammed", "True/Progressing", "False/Steady"}},
		{"waiting for the AWS controller", observation{},
			want{"True/Accepted", "True/Resolved", "False/Pending", "False/NotProgrammed", "True/Progressing", "False/Steady"}},
		{"AWS controller warning", observation{aws: awsReport{warnings: []string{"Ingress x: FailedDeployModel: no"}}},
			want{"True/Accepted", "True/Resolved", "False/ProvisioningFailed", "False/NotProgrammed", "False/Steady", "True/ProvisioningFailed"}},
		{"warning wins over an old address", observation{hostname: "h", aws: awsReport{warnings: []string{"w"}}},
			want{"True/Accepted", "True/Resolved", "False/ProvisioningFailed", "False/NotProgrammed", "False/Steady", "True/ProvisioningFailed"}},
		{"success reported, no address yet", observation{aws: awsReport{succeeded: true}},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "False/AddressPending", "True/Progressing", "False/Steady"}},
		{"missing backend", observation{targetGroups: missing, hostname: "h"},
			want{"True/Accepted", "False/BackendNotFound", "True/Programmed", "False/BackendNotFound", "True/Progressing", "False/Steady"}},
		{"a Service overrides the declaration", observation{overrides: overridden, hostname: "h"},
			want{"True/Accepted", "False/ServiceOverrides", "True/Programmed", "False/ServiceOverrides", "False/Steady", "True/ServiceOverrides"}},
		{"a missing Service comes first", observation{targetGroups: missing, overrides: overridden, hostname: "h"},
			want{"True/Accepted", "False/BackendNotFound", "True/Programmed", "False/BackendNotFound", "True/Progressing", "False/Steady"}},
		{"unusable backend", observation{targetGroups: unusable, unusable: []string{"target group app: Service ns/app cannot be a backend"}, hostname: "h"},
			want{"True/Accepted", "False/BackendNotUsable", "False/BackendNotUsable", "False/NotProgrammed", "False/Steady", "True/BackendNotUsable"}},
		{"ready", observation{hostname: "h"},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/AddressAssigned", "False/Steady", "False/Steady"}},
		{"AWS: provisioning", observation{hostname: "h", awsLB: awsSaw("h", "provisioning")},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "False/LoadBalancerProvisioning", "True/Progressing", "False/Steady"}},
		{"AWS: failed", observation{hostname: "h", awsLB: awsSaw("h", "failed")},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "False/LoadBalancerFailed", "False/Steady", "True/LoadBalancerFailed"}},
		{"AWS: active", observation{hostname: "h", awsLB: awsSaw("h", "active")},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/AddressAssigned", "False/Steady", "False/Steady"}},
		{"AWS: active_impaired still serves", observation{hostname: "h", awsLB: awsSaw("h", "active_impaired")},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/AddressAssigned", "False/Steady", "False/Steady"}},
		{"AWS: a failed load balancer at an old address is ignored", observation{hostname: "h", awsLB: awsSaw("old", "failed")},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/AddressAssigned", "False/Steady", "False/Steady"}},
		{"AWS: not found does not decide readiness", observation{hostname: "h", awsLB: &awsstate.LoadBalancer{Hostname: "h", Message: "no load balancer has the DNS name h"}},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/AddressAssigned", "False/Steady", "False/Steady"}},
		{"AWS: a warning of the controller wins over AWS state", observation{hostname: "h", aws: awsReport{warnings: []string{"w"}}, awsLB: awsSaw("h", "failed")},
			want{"True/Accepted", "True/Resolved", "False/ProvisioningFailed", "False/NotProgrammed", "False/Steady", "True/ProvisioningFailed"}},
	}
	// A LoadBalancer of layer External makes no load balancer: its bindings
	// are all there is, and it has no address.
	const external = "External: "
	cases = append(cases, []struct {
		name string
		obs  observation
		want want
	}{
		{"a binding not registered yet, with an address", observation{hostname: "h", aws: awsReport{waiting: []string{"web-legacy"}}},
			want{"True/Accepted", "True/Resolved", "False/Pending", "False/NotProgrammed", "True/Progressing", "False/Steady"}},
		{"a binding not registered yet, and no load balancer", observation{aws: awsReport{waiting: []string{"web-legacy"}}},
			want{"True/Accepted", "True/Resolved", "False/Pending", "False/NotProgrammed", "True/Progressing", "False/Steady"}},
		{external + "bindings not registered yet", observation{aws: awsReport{waiting: []string{"legacy-web"}}},
			want{"True/Accepted", "True/Resolved", "False/Pending", "False/NotProgrammed", "True/Progressing", "False/Steady"}},
		{external + "bindings registered", observation{},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/TargetsRegistered", "False/Steady", "False/Steady"}},
		{external + "the controller warns", observation{aws: awsReport{warnings: []string{"TargetGroupBinding legacy-web: FailedReconcile: no"}}},
			want{"True/Accepted", "True/Resolved", "False/ProvisioningFailed", "False/NotProgrammed", "False/Steady", "True/ProvisioningFailed"}},
		{external + "a Service missing", observation{targetGroups: missing},
			want{"True/Accepted", "False/BackendNotFound", "True/Programmed", "False/BackendNotFound", "True/Progressing", "False/Steady"}},
	}...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Generation: 4}}
			if strings.HasPrefix(c.name, external) {
				lb.Spec.Layer = lbov1.LayerExternal
			}
			st := computeStatus(lb, c.obs, metav1.Now())
			got := func(typ string) string {
				cond := meta.FindStatusCondition(st.Conditions, typ)
				if cond == nil {
					return "missing"
				}
				if cond.ObservedGeneration != 4 {
					t.Errorf("%s has observedGeneration %d", typ, cond.ObservedGeneration)
				}
				return string(cond.Status) + "/" + cond.Reason
			}
			gotWant := want{got(lbov1.ConditionAccepted), got(lbov1.ConditionResolvedRefs), got(lbov1.ConditionProgrammed),
				got(lbov1.ConditionReady), got(lbov1.ConditionReconciling), got(lbov1.ConditionStalled)}
			if gotWant != c.want {
				t.Errorf("got  %+v\nwant %+v", gotWant, c.want)
			}
			if st.ObservedGeneration != 4 {
				t.Errorf("observedGeneration %d", st.ObservedGeneration)
			}
			if p := meta.FindStatusCondition(st.Conditions, lbov1.ConditionProgrammed); p.Reason == lbov1.ReasonPending {
				waitsLB := !strings.HasPrefix(c.name, external) && c.obs.hostname == ""
				if strings.Contains(p.Message, "provision the load balancer") != waitsLB ||
					strings.Contains(p.Message, "register the targets of TargetGroupBinding") != (len(c.obs.aws.waiting) > 0) {
					t.Errorf("Pending says %q", p.Message)
				}
			}
			// Every reason the error counter counts is in its help and in
			// docs/status.md's table of metrics.
			for _, typ := range []string{lbov1.ConditionAccepted, lbov1.ConditionProgrammed, lbov1.ConditionResolvedRefs} {
				c := meta.FindStatusCondition(st.Conditions, typ)
				if !counted(c) {
					continue
				}
				if help := errorsHelp(); !slices.Contains(strings.FieldsFunc(help, func(r rune) bool { return !unicode.IsLetter(r) }), c.Reason) {
					t.Errorf("lbo_reconcile_errors_total counts %s, which its help does not list: %s", c.Reason, help)
				}
				if !strings.Contains(errorsDoc(t), "`"+c.Reason+"`") {
					t.Errorf("lbo_reconcile_errors_total counts %s, which docs/status.md does not list", c.Reason)
				}
			}
		})
	}
}

// errorsHelp is the description of lbo_reconcile_errors_total, with its
// help.
func errorsHelp() string {
	ch := make(chan *prometheus.Desc, 1)
	reconcileErrors.Describe(ch)
	return (<-ch).String()
}

// errorsDoc is the row of docs/status.md that describes
// lbo_reconcile_errors_total.
func errorsDoc(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../docs/status.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "| `lbo_reconcile_errors_total") {
			return line
		}
	}
	t.Fatal("docs/status.md has no row for lbo_reconcile_errors_total")
	return ""
}

// A second reconcile that observes the same thing must give an identical
// status (same transition times), or the operator would write in a loop.
func TestComputeStatusIsStable(t *testing.T) {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Generation: 1}}
	obs := observation{hostname: "h"}
	lb.Status = computeStatus(lb, obs, metav1.Unix(100, 0))
	again := computeStatus(lb, obs, metav1.Unix(200, 0))
	for i := range again.Conditions {
		if again.Conditions[i] != lb.Status.Conditions[i] {
			t.Fatalf("condition changed on an identical observation: %+v -> %+v", lb.Status.Conditions[i], again.Conditions[i])
		}
	}
}

func awsSaw(hostname, state string) *awsstate.LoadBalancer {
	return &awsstate.LoadBalancer{Hostname: hostname, Found: true, ARN: "arn:lb", DNSName: hostname, State: state}
}

// What the AWS reader saw lands in status.aws, the listeners and the target
// groups, matched by the AWS Load Balancer Controller's resource tags.
func TestComputeStatusWithAWS(t *testing.T) {
	l7 := &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web", Generation: 1},
		Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerL7, TargetGroups: []lbov1.TargetGroup{
			{Name: "api", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "api-svc", Port: 8080}}},
			{Name: "ui", Backend: lbov1.Backend{Selector: map[string]string{"app": "ui"}, Port: 3000}},
			{Name: "unseen", Backend: lbov1.Backend{Selector: map[string]string{"app": "x"}, Port: 1}},
		}},
	}
	obs := observation{
		hostname:     "web.elb",
		listeners:    []lbov1.ListenerStatus{{Name: "http", Port: 80}, {Name: "https", Port: 443}},
		targetGroups: []lbov1.TargetGroupStatus{{Name: "api", Resolved: true}, {Name: "ui", Resolved: true}, {Name: "unseen", Resolved: true}},
		awsLB: &awsstate.LoadBalancer{
			Hostname: "web.elb", Found: true, ARN: "arn:lb", DNSName: "web.elb", CanonicalHostedZoneID: "Z1", State: "active",
			Listeners: []awsstate.Listener{{ARN: "arn:l80", Port: 80}},
			TargetGroups: []awsstate.TargetGroup{
				{ARN: "arn:api", ResourceID: "shop/web-api-svc:8080", Health: awsstate.TargetHealth{Healthy: 2, Unhealthy: 1, UnhealthyReasons: []string{"Target.Timeout: Request timed out"}}},
				{ARN: "arn:ui", ResourceID: "shop/web-web-ui:3000", Health: awsstate.TargetHealth{Initial: 1, Draining: 1}},
				{ARN: "arn:other", ResourceID: "shop/other-x:1"},
			},
		},
	}
	st := computeStatus(l7, obs, metav1.Now())
	want := &lbov1.AWSLoadBalancerStatus{ARN: "arn:lb", DNSName: "web.elb", CanonicalHostedZoneID: "Z1", State: "active"}
	if *st.AWS != *want {
		t.Errorf("aws = %+v, want %+v", *st.AWS, *want)
	}
	if st.Listeners[0].ARN != "arn:l80" || st.Listeners[1].ARN != "" {
		t.Errorf("listeners = %+v", st.Listeners)
	}
	api, ui, unseen := st.TargetGroups[0], st.TargetGroups[1], st.TargetGroups[2]
	if api.ARN != "arn:api" || api.Targets == nil || api.Targets.Healthy != 2 || api.Targets.Unhealthy != 1 || len(api.Targets.UnhealthyReasons) != 1 {
		t.Errorf("target group api = %+v %+v", api, api.Targets)
	}
	if ui.ARN != "arn:ui" || ui.Targets == nil || ui.Targets.Initial != 1 || ui.Targets.Draining != 1 {
		t.Errorf("target group ui = %+v %+v", ui, ui.Targets)
	}
	if unseen.ARN != "" || unseen.Targets != nil {
		t.Errorf("target group unseen = %+v", unseen)
	}

	l4 := &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "nginx", Generation: 1},
		Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerL4, TargetGroups: []lbov1.TargetGroup{
			{Name: "nginx", Backend: lbov1.Backend{Selector: map[string]string{"app": "nginx"}, Port: 8080}},
		}},
	}
	obs = observation{hostname: "n.elb", targetGroups: []lbov1.TargetGroupStatus{{Name: "nginx", Resolved: true}},
		awsLB: &awsstate.LoadBalancer{Hostname: "n.elb", Found: true, ARN: "arn:nlb", State: "active",
			TargetGroups: []awsstate.TargetGroup{{ARN: "arn:tg", ResourceID: "default/nginx:8080", Health: awsstate.TargetHealth{Healthy: 3}}}}}
	st = computeStatus(l4, obs, metav1.Now())
	if tg := st.TargetGroups[0]; tg.ARN != "arn:tg" || tg.Targets == nil || tg.Targets.Healthy != 3 {
		t.Errorf("L4 target group = %+v", tg)
	}

	// The reader off: no aws block, no ARNs, even where an earlier status had them.
	l4.Status = st
	obs.awsLB = nil
	st = computeStatus(l4, obs, metav1.Now())
	if st.AWS != nil || st.TargetGroups[0].ARN != "" || st.TargetGroups[0].Targets != nil {
		t.Errorf("with the reader off: aws = %+v, target groups = %+v", st.AWS, st.TargetGroups)
	}
}

// The Ready message says when AWS reports the load balancer impaired, and
// only then.
func TestReadyMessageSaysActiveImpaired(t *testing.T) {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Generation: 1}}
	for _, c := range []struct {
		state, reason string
		impaired      bool
	}{
		{"active", "", false},
		{"active_impaired", "", true},
		{"active_impaired", "capacity", true},
	} {
		saw := awsSaw("h", c.state)
		saw.StateReason = c.reason
		st := computeStatus(lb, observation{hostname: "h", awsLB: saw}, metav1.Now())
		msg := meta.FindStatusCondition(st.Conditions, lbov1.ConditionReady).Message
		if got := strings.Contains(msg, "active_impaired"); got != c.impaired {
			t.Errorf("AWS state %s: Ready message %q, mentions active_impaired: %v, want %v", c.state, msg, got, c.impaired)
		}
		if c.reason != "" && !strings.Contains(msg, c.reason) {
			t.Errorf("AWS state %s: Ready message %q does not carry AWS's reason %q", c.state, msg, c.reason)
		}
	}
}

// Target health keeps at most 10 distinct reasons, the first in order,
// as the CRD allows.
func TestTargetHealthReasonsAreCapped(t *testing.T) {
	lb := &lbov1.LoadBalancer{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "nginx", Generation: 1},
		Spec: lbov1.LoadBalancerSpec{Layer: lbov1.LayerL4, TargetGroups: []lbov1.TargetGroup{
			{Name: "nginx", Backend: lbov1.Backend{Selector: map[string]string{"app": "nginx"}, Port: 8080}},
		}},
	}
	reasons := func(from, to int) []string {
		var rs []string
		for i := from; i < to; i++ {
			rs = append(rs, fmt.Sprintf("Target.Reason%02d", i))
		}
		return rs
	}
	for _, n := range []int{10, 11, 12} {
		// Two AWS target groups for the one of lbo, their reasons merged.
		saw := awsSaw("n.elb", "active")
		saw.TargetGroups = []awsstate.TargetGroup{
			{ARN: "arn:tg1", ResourceID: "default/nginx:8080", Health: awsstate.TargetHealth{Unhealthy: 1, UnhealthyReasons: reasons(n/2, n)}},
			{ARN: "arn:tg2", ResourceID: "default/nginx:8080", Health: awsstate.TargetHealth{Unhealthy: 1, UnhealthyReasons: reasons(0, n/2+1)}},
		}
		obs := observation{hostname: "n.elb", targetGroups: []lbov1.TargetGroupStatus{{Name: "nginx", Resolved: true}}, awsLB: saw}
		st := computeStatus(lb, obs, metav1.Now())
		got := st.TargetGroups[0].Targets.UnhealthyReasons
		if want := reasons(0, min(n, 10)); !slices.Equal(got, want) {
			t.Errorf("%d distinct reasons: kept %q, want %q", n, got, want)
		}
	}
}

// A reconcile stopped by an error still reports what it observed, keeps what
// it did not learn as it was, and says it tries again.
func TestComputeStatusAfterAnError(t *testing.T) {
	lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Generation: 1}}
	lb.Status = computeStatus(lb, observation{hostname: "h", listeners: []lbov1.ListenerStatus{{Name: "http"}},
		targetGroups: []lbov1.TargetGroupStatus{{Name: "app", Resolved: true}}}, metav1.Unix(100, 0))
	lb.Generation = 2

	// Nothing learned but that the children could not be read.
	st := computeStatus(lb, observation{err: errors.New("listing children: boom"), acceptedUnknown: true, childrenUnknown: true, refsUnknown: true}, metav1.Unix(200, 0))
	if st.ObservedGeneration != 2 {
		t.Errorf("observedGeneration %d, want 2", st.ObservedGeneration)
	}
	for _, typ := range []string{lbov1.ConditionAccepted, lbov1.ConditionResolvedRefs} {
		if got, was := meta.FindStatusCondition(st.Conditions, typ), meta.FindStatusCondition(lb.Status.Conditions, typ); *got != *was {
			t.Errorf("%s changed though it was not observed: %+v -> %+v", typ, *was, *got)
		}
	}
	prog := meta.FindStatusCondition(st.Conditions, lbov1.ConditionProgrammed)
	if prog.Reason != lbov1.ReasonApplyFailed || !strings.Contains(prog.Message, "boom") || prog.ObservedGeneration != 2 {
		t.Errorf("Programmed = %+v, want ApplyFailed with the error", prog)
	}
	if rec := meta.FindStatusCondition(st.Conditions, lbov1.ConditionReconciling); rec.Status != metav1.ConditionTrue {
		t.Errorf("Reconciling = %+v, want True: lbo tries again", rec)
	}
	if st.Address == nil || st.Address.Hostname != "h" || len(st.Listeners) != 1 || len(st.TargetGroups) != 1 {
		t.Errorf("address %+v, listeners %+v, target groups %+v: want those observed before", st.Address, st.Listeners, st.TargetGroups)
	}

	// The spec and the Services were read, then the apply failed.
	st = computeStatus(lb, observation{err: errors.New("boom"), childrenUnknown: true,
		targetGroups: []lbov1.TargetGroupStatus{{Name: "app", Message: "Service x/app does not exist"}}}, metav1.Unix(200, 0))
	if c := meta.FindStatusCondition(st.Conditions, lbov1.ConditionResolvedRefs); c.Status != metav1.ConditionFalse || c.ObservedGeneration != 2 {
		t.Errorf("ResolvedRefs = %+v, want what was observed", c)
	}
	if c := meta.FindStatusCondition(st.Conditions, lbov1.ConditionAccepted); c.ObservedGeneration != 2 {
		t.Errorf("Accepted = %+v, want it for generation 2", c)
	}
}
