package lbc

import (
	"maps"
	"slices"
)

// What the controller takes from the annotations of the Services an
// Ingress forwards to (pkg/ingress/model_build_target_group.go,
// enhanced_backend_builder.go, model_build_tags.go): it reads the
// target group annotations of the Service first and the Ingress's second,
// whole annotation by whole annotation, so a Service's own annotation wins
// over the Ingress's, even over one lbo writes. lbo does not annotate
// Services it does not own: it reports what such a Service overrides.

// serviceFirst are the target group annotations the controller reads from
// the backend Service before the Ingress.
var serviceFirst = []string{
	IngressTargetType, IngressBackendProtocol, IngressBackendProtocolVersion,
	IngressHealthCheck.Port, IngressHealthCheck.Protocol, IngressHealthCheck.Path, IngressHealthCheck.Interval,
	IngressHealthCheck.Timeout, IngressHealthCheck.HealthyThreshold, IngressHealthCheck.UnhealthyThreshold,
	IngressHealthCheck.SuccessCodes, IngressTargetGroupAttributes, IngressTargetNodeLabels,
}

// serviceFirstAuth are the authentication annotations the controller reads
// from the backend Service before the Ingress, for an action that forwards
// to that Service alone.
var serviceFirstAuth = []string{
	IngressAuthType, IngressAuthIDPOIDC, IngressAuthIDPCognito, IngressAuthOnUnauthenticated,
	IngressAuthScope, IngressAuthSessionCookie, IngressAuthSessionTimeout,
}

// ServiceOverride is an annotation of a backend Service that makes the
// controller build the target group otherwise than the Ingress says.
type ServiceOverride struct {
	// Key is the annotation key.
	Key string
	// Value is the Service's value.
	Value string
	// Ingress is the Ingress's value, if InIngress.
	Ingress   string
	InIngress bool
	// TagKeys, for the tags annotation, are the tag keys the Service gives
	// a value the Ingress does not.
	TagKeys []string
}

// BackendServiceOverrides are the annotations of a backend Service (svc)
// that the controller uses over, or besides, those of the Ingress (ing)
// whose actions forward to the Service's port port; alone says an action
// forwards to that Service alone, which makes the controller take its
// authentication annotations too. A Service annotation equal to the
// Ingress's overrides nothing. Tags are merged key by key (the Service's
// value wins), and multi-cluster-target-group is on when either says true.
func BackendServiceOverrides(svc, ingress map[string]string, service string, port int32, alone bool) []ServiceOverride {
	keys := slices.Clone(serviceFirst)
	keys = append(keys, IngressTargetControlPort(service, port))
	if alone {
		keys = append(keys, serviceFirstAuth...)
	}
	var out []ServiceOverride
	for _, k := range keys {
		v, ok := svc[k]
		if !ok {
			continue
		}
		iv, inIngress := ingress[k]
		if inIngress && iv == v {
			continue
		}
		out = append(out, ServiceOverride{Key: k, Value: v, Ingress: iv, InIngress: inIngress})
	}
	if v, ok := svc[IngressTags]; ok {
		svcTags, err := DecodeMap(v)
		ingTags, _ := DecodeMap(ingress[IngressTags])
		var differ []string
		for _, k := range slices.Sorted(maps.Keys(svcTags)) {
			if iv, ok := ingTags[k]; !ok || iv != svcTags[k] {
				differ = append(differ, k)
			}
		}
		if err != nil || len(differ) > 0 {
			iv, inIngress := ingress[IngressTags]
			out = append(out, ServiceOverride{Key: IngressTags, Value: v, Ingress: iv, InIngress: inIngress, TagKeys: differ})
		}
	}
	if v, ok := svc[IngressMultiClusterTG]; ok {
		on, err := DecodeBool(v)
		ingOn, _ := DecodeBool(ingress[IngressMultiClusterTG])
		if err != nil || on && !ingOn {
			iv, inIngress := ingress[IngressMultiClusterTG]
			out = append(out, ServiceOverride{Key: IngressMultiClusterTG, Value: v, Ingress: iv, InIngress: inIngress})
		}
	}
	return out
}
