package controllers

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

var (
	// reconcileErrors counts reconciles that ended with a LoadBalancer not
	// progressing, by the reason of its Programmed or Accepted condition.
	reconcileErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "lbo_reconcile_errors_total",
		Help: "Reconciles that left a LoadBalancer unable to progress, by reason (Invalid, GroupConflict, GroupNotPermitted, NameConflict, ApplyFailed, ProvisioningFailed, BackendNotFound, BackendNotUsable, ServiceOverrides).",
	}, []string{"reason"})

	loadBalancersDesc = prometheus.NewDesc("lbo_loadbalancers",
		"LoadBalancers by condition type and status.", []string{"type", "status"}, nil)
)

// countErrors counts what keeps the LoadBalancer of status from progressing.
func countErrors(status lbov1.LoadBalancerStatus) {
	for _, typ := range []string{lbov1.ConditionAccepted, lbov1.ConditionProgrammed, lbov1.ConditionResolvedRefs} {
		if c := meta.FindStatusCondition(status.Conditions, typ); counted(c) {
			reconcileErrors.WithLabelValues(c.Reason).Inc()
		}
	}
}

// counted says whether countErrors counts c, a condition among Accepted,
// Programmed and ResolvedRefs: False with a reason other than waiting
// (Pending) or another condition's (NotAccepted).
func counted(c *metav1.Condition) bool {
	return c != nil && c.Status != metav1.ConditionTrue && c.Reason != lbov1.ReasonPending && c.Reason != lbov1.ReasonNotAccepted
}

// conditionCollector counts LoadBalancers by condition when scraped, from
// the manager's cache: no state of its own to keep in step.
type conditionCollector struct {
	reader client.Reader
}

func (c conditionCollector) Describe(ch chan<- *prometheus.Desc) { ch <- loadBalancersDesc }

func (c conditionCollector) Collect(ch chan<- prometheus.Metric) {
	var list lbov1.LoadBalancerList
	if err := c.reader.List(context.Background(), &list); err != nil {
		return
	}
	counts := map[[2]string]int{}
	for _, typ := range []string{lbov1.ConditionAccepted, lbov1.ConditionResolvedRefs, lbov1.ConditionProgrammed, lbov1.ConditionReady, lbov1.ConditionReconciling, lbov1.ConditionStalled} {
		for _, s := range []metav1.ConditionStatus{metav1.ConditionTrue, metav1.ConditionFalse, metav1.ConditionUnknown} {
			counts[[2]string{typ, string(s)}] = 0
		}
	}
	for i := range list.Items {
		for _, cond := range list.Items[i].Status.Conditions {
			counts[[2]string{cond.Type, string(cond.Status)}]++
		}
	}
	for k, n := range counts {
		ch <- prometheus.MustNewConstMetric(loadBalancersDesc, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
}

// RegisterMetrics registers lbo's metrics with controller-runtime's registry,
// served on the manager's metrics endpoint.
func RegisterMetrics(reader client.Reader) error {
	for _, c := range []prometheus.Collector{reconcileErrors, conditionCollector{reader: reader}} {
		if err := metrics.Registry.Register(c); err != nil {
			return err
		}
	}
	return nil
}
