// Package config embeds the LoadBalancer CRD, so that `lbo render` defaults
// and validates LoadBalancers offline exactly as the API server does.
package config

import _ "embed"

// LoadBalancerCRD is the generated CustomResourceDefinition of LoadBalancer.
//
//go:embed crd/bases/networking.lbo.dev_loadbalancers.yaml
var LoadBalancerCRD []byte
