package expand

import (
	"cmp"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/attributes"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// What the Service of an L4 LoadBalancer and the Ingresses of an L7 one say
// alike, each under its own keys (internal/lbc): the load balancer's own
// settings and the health check.

// writeLoadBalancer writes the settings of the load balancer itself that both
// kinds carry. sortSubnets lists the subnets sorted, as the L4 expansion
// needs them for its static addresses.
func writeLoadBalancer(w lbc.Writer, keys lbc.LoadBalancerKeys, spec *lbov1.LoadBalancerSpec, sortSubnets bool) {
	path := field.NewPath("spec")
	w.String(keys.Name, spec.LoadBalancerName, path.Child("loadBalancerName"))
	w.String(keys.IPAddressType, string(spec.IPAddressType), path.Child("ipAddressType"))
	subnets := make([]*field.Path, len(spec.Subnets))
	for i := range subnets {
		subnets[i] = path.Child("subnets").Index(i)
	}
	values := spec.Subnets
	if sortSubnets {
		order := make([]int, len(spec.Subnets))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(spec.Subnets[i], spec.Subnets[j]) })
		values = make([]string, len(order))
		sorted := make([]*field.Path, len(order))
		for k, i := range order {
			values[k], sorted[k] = spec.Subnets[i], subnets[i]
		}
		subnets = sorted
	}
	w.ListAt(keys.Subnets, values, subnets)
	w.List(keys.SecurityGroups, spec.SecurityGroups, path.Child("securityGroups"))
	w.Bool(keys.ManageBackendSGRules, spec.ManageBackendSecurityGroupRules)
	w.List(keys.SGPrefixLists, spec.SourcePrefixLists, path.Child("sourcePrefixLists"))
	tags := map[string]string{}
	for k, v := range spec.Tags {
		tags[k] = string(v)
	}
	w.Map(keys.Tags, tags, path.Child("tags"))
	w.Map(keys.Attributes, attributes.LoadBalancer(spec.LoadBalancerAttributes), path.Child("loadBalancerAttributes"))
	if n := spec.MinimumCapacityUnits; n != nil {
		w.Set(keys.MinimumCapacity, path.Child("minimumCapacityUnits"), *n, lbc.EncodeCapacityUnits(*n), nil)
	}
	labels := map[string]string{}
	for k, v := range spec.TargetNodeLabels {
		labels[k] = string(v)
	}
	w.Map(keys.TargetNodeLabels, labels, path.Child("targetNodeLabels"))
	if spec.MultiClusterTargetGroups {
		w.Bool(keys.MultiClusterTargetGroup, ptr.To(true))
	}
}

// writeHealthCheck writes the settings hc declares under keys; path is hc's
// field.
func writeHealthCheck(w lbc.Writer, keys lbc.HealthCheckKeys, hc *lbov1.HealthCheck, path *field.Path) {
	if hc == nil {
		return
	}
	positive := func(v int32) *int32 {
		if v == 0 {
			return nil
		}
		return &v
	}
	w.String(keys.Protocol, hc.Protocol, path.Child("protocol"))
	w.Int(keys.Port, positive(hc.Port))
	w.String(keys.Path, hc.Path, path.Child("path"))
	w.Int(keys.Interval, positive(hc.IntervalSeconds))
	w.Int(keys.Timeout, positive(hc.TimeoutSeconds))
	w.Int(keys.HealthyThreshold, positive(hc.HealthyThresholdCount))
	w.Int(keys.UnhealthyThreshold, positive(hc.UnhealthyThresholdCount))
	w.String(keys.SuccessCodes, hc.SuccessCodes, path.Child("successCodes"))
}
