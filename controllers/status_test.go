package controllers

import (
	"errors"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

func TestComputeStatus(t *testing.T) {
	type want struct{ accepted, resolved, programmed, ready, reconciling, stalled string }
	missing := []lbov1.TargetGroupStatus{{Name: "app", Service: "app", Message: "Service ns/app does not exist"}}
	cases := []struct {
		name string
		obs  observation
		want want
	}{
		{"invalid spec", observation{problems: field.ErrorList{field.Required(field.NewPath("spec", "x"), "")}},
			want{"False/Invalid", "True/Resolved", "False/NotAccepted", "False/NotProgrammed", "False/Steady", "True/NotAccepted"}},
		{"name taken", observation{conflicts: []string{"Service x already exists"}},
			want{"True/Accepted", "True/Resolved", "False/NameConflict", "False/NotProgrammed", "False/Steady", "True/NameConflict"}},
		{"apply refused", observation{applyErr: errors.New("boom")},
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
		{"ready", observation{hostname: "h"},
			want{"True/Accepted", "True/Resolved", "True/Programmed", "True/AddressAssigned", "False/Steady", "False/Steady"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lb := &lbov1.LoadBalancer{ObjectMeta: metav1.ObjectMeta{Generation: 4}}
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
		})
	}
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
