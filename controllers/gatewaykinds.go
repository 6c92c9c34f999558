package controllers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/gateway"
)

// +kubebuilder:rbac:groups=gateway.networking.k8s.io,resources=gateways;httproutes;tcproutes;udproutes,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups=gateway.networking.k8s.io,resources=gateways/status;httproutes/status;tcproutes/status;udproutes/status,verbs=get
// +kubebuilder:rbac:groups=gateway.k8s.aws,resources=loadbalancerconfigurations;targetgroupconfigurations;listenerruleconfigurations,verbs=get;list;watch;create;patch;delete

// GatewayKinds are the kinds of the Gateway API backend's children (Services
// aside) that the cluster served when lbo started: the Gateway API CRDs and
// the AWS Load Balancer Controller's. lbo caches and watches these only, so
// that it starts, and runs the annotation backend, on a cluster without
// them; a LoadBalancer that needs a kind not in the set is told which CRD is
// missing, and nothing of it is applied.
type GatewayKinds map[schema.GroupVersionKind]bool

// gatewayKinds are every kind the Gateway backend may make, in the order
// apply writes them and prune (backwards) deletes them.
var gatewayKinds = gateway.ChildKinds(lbov1.GatewayAWSLoadBalancerController)

// DiscoverGatewayKinds asks the API server at cfg which of the Gateway
// backend's kinds it serves.
func DiscoverGatewayKinds(cfg *rest.Config) (GatewayKinds, error) {
	httpClient, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	mapper, err := apiutil.NewDynamicRESTMapper(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("discovering the API server's kinds: %w", err)
	}
	return discoverGatewayKinds(mapper)
}

func discoverGatewayKinds(mapper meta.RESTMapper) (GatewayKinds, error) {
	kinds := GatewayKinds{}
	for _, gvk := range gatewayKinds {
		served, err := serves(mapper, gvk)
		if err != nil {
			return nil, err
		}
		if served {
			kinds[gvk] = true
		}
	}
	return kinds, nil
}

// serves tells whether the API server serves gvk.
func serves(mapper meta.RESTMapper, gvk schema.GroupVersionKind) (bool, error) {
	_, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	switch {
	case err == nil:
		return true, nil
	case meta.IsNoMatchError(err):
		return false, nil
	default:
		return false, fmt.Errorf("discovering whether the API server serves %s: %w", gvk, err)
	}
}

// AddGatewayToScheme registers the Gateway API types lbo reads and writes
// typed (the AWS Load Balancer Controller's are unstructured: lbo has no Go
// types for them).
func AddGatewayToScheme(s *runtime.Scheme) error { return gwv1.Install(s) }

// newGatewayObject is an empty object of kind gvk, typed when the scheme
// knows it, for the cache.
func newGatewayObject(gvk schema.GroupVersionKind) client.Object {
	switch gvk {
	case gateway.GatewayGVK:
		return &gwv1.Gateway{}
	case gateway.HTTPRouteGVK:
		return &gwv1.HTTPRoute{}
	case gateway.TCPRouteGVK:
		return &gwv1.TCPRoute{}
	case gateway.UDPRouteGVK:
		return &gwv1.UDPRoute{}
	}
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvk)
	return u
}

// newGatewayList is an empty list of kind gvk, as newGatewayObject.
func newGatewayList(gvk schema.GroupVersionKind) client.ObjectList {
	switch gvk {
	case gateway.GatewayGVK:
		return &gwv1.GatewayList{}
	case gateway.HTTPRouteGVK:
		return &gwv1.HTTPRouteList{}
	case gateway.TCPRouteGVK:
		return &gwv1.TCPRouteList{}
	case gateway.UDPRouteGVK:
		return &gwv1.UDPRouteList{}
	}
	u := &unstructured.UnstructuredList{}
	u.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
	return u
}

// sorted are the kinds in the order of gatewayKinds.
func (k GatewayKinds) sorted() []schema.GroupVersionKind {
	var out []schema.GroupVersionKind
	for _, gvk := range gatewayKinds {
		if k[gvk] {
			out = append(out, gvk)
		}
	}
	return out
}

// isGatewayKind tells whether obj is one of the Gateway backend's kinds
// (other than a Service).
func isGatewayKind(obj client.Object) bool {
	return slices.Contains(gatewayKinds, obj.GetObjectKind().GroupVersionKind())
}

// missingKinds refuses this pass when a desired child is of a kind the
// cluster did not serve when lbo started: the condition names the CRD, and
// says whether it is missing or was installed after lbo started.
func (r *LoadBalancerReconciler) missingKinds(ctx context.Context, s *scope) error {
	var missing []string
	seen := map[schema.GroupVersionKind]bool{}
	for _, obj := range s.desired {
		gvk := obj.GetObjectKind().GroupVersionKind()
		if !isGatewayKind(obj) || r.GatewayKinds[gvk] || seen[gvk] {
			continue
		}
		seen[gvk] = true
		missing = append(missing, gvk.Kind)
	}
	if len(missing) == 0 {
		return nil
	}
	var crds []string
	later := false
	for _, gvk := range gatewayKinds {
		if !seen[gvk] {
			continue
		}
		crds = append(crds, crdName(gvk))
		if r.mapper != nil {
			served, err := serves(r.mapper, gvk)
			if err != nil {
				return err
			}
			later = later || served
		}
	}
	msg := fmt.Sprintf("spec.gateway needs %s, which this cluster does not serve at version %s: install the CustomResourceDefinitions %s (%s)",
		strings.Join(missing, ", "), gatewayKinds[0].Version, strings.Join(crds, ", "), crdSource(seen))
	if later {
		msg = fmt.Sprintf("spec.gateway needs %s, whose CustomResourceDefinitions %s were installed after lbo started: lbo starts again by itself within a minute to watch them (restart it if it runs outside the cluster)",
			strings.Join(missing, ", "), strings.Join(crds, ", "))
	}
	s.obs.missingKinds = msg
	return nil
}

// crdName is the name of the CustomResourceDefinition that serves gvk.
func crdName(gvk schema.GroupVersionKind) string {
	return strings.ToLower(gvk.Kind) + "s." + gvk.Group
}

// crdSource says where the CRDs of the missing kinds come from.
func crdSource(missing map[schema.GroupVersionKind]bool) string {
	var from []string
	for gvk := range missing {
		if gvk.Group == gateway.AWSGroup {
			from = append(from, "the AWS Load Balancer Controller's Gateway CRDs, installed with it when its Gateway API support is on")
			break
		}
	}
	for gvk := range missing {
		if gvk.Group == gwv1.GroupName {
			from = append(from, "Gateway API v1.6 or later, standard or experimental channel: earlier releases serve TCPRoute and UDPRoute at v1alpha2 only")
			break
		}
	}
	slices.Sort(from)
	return "from " + strings.Join(from, "; and from ")
}
