package importer_test

import (
	"strings"
	"testing"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// Objects written by hand for the AWS Load Balancer Controller, not by lbo:
// a TargetGroupBinding becomes a LoadBalancer of layer External (the
// controller's own bindings are left alone), use-regex-path-match turns
// ImplementationSpecific paths into Regex paths, and JWT validation beside
// authentication, which the controller refuses, is not carried over.
func TestImportsHandWrittenSurface(t *testing.T) {
	res := importYAML(t, `
apiVersion: elbv2.k8s.aws/v1beta1
kind: TargetGroupBinding
metadata:
  name: legacy-web
  namespace: shop
spec:
  serviceRef: {name: web, port: 80}
  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef
  targetType: ip
  vpcID: vpc-0123456789abcdef0
  networking:
    ingress:
    - from: [{securityGroup: {groupID: sg-0123}}]
      ports: [{port: 80, protocol: TCP}]
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: TargetGroupBinding
metadata:
  name: k8s-shop-api-0123456789
  namespace: shop
  labels: {ingress.k8s.aws/stack-name: api, ingress.k8s.aws/stack-namespace: shop}
spec:
  serviceRef: {name: api, port: 80}
  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/k8s-shop-api/0123456789abcdef
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/use-regex-path-match: "true"
    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111122223333:certificate/api
    alb.ingress.kubernetes.io/auth-type: cognito
    alb.ingress.kubernetes.io/auth-idp-cognito: '{"userPoolARN":"arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_aBcDeFgHi","userPoolClientID":"c","userPoolDomain":"d"}'
    alb.ingress.kubernetes.io/jwt-validation: '{"jwksEndpoint":"https://idp.example.com/jwks","issuer":"https://idp.example.com"}'
spec:
  ingressClassName: alb
  rules:
  - http:
      paths:
      - path: /^/v[0-9]+/
        pathType: ImplementationSpecific
        backend: {service: {name: api, port: {number: 80}}}
`)
	got := noteStrings(res)
	for _, want := range []string{
		"TargetGroupBinding shop/legacy-web: spec.networking: not carried over: lbo has no field for it",
		"Ingress shop/api: metadata.annotations[alb.ingress.kubernetes.io/jwt-validation]: not carried over: the AWS Load Balancer Controller refuses JWT validation beside authentication",
	} {
		if !hasNote(got, want) {
			t.Errorf("no note starting %q in:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(res.LoadBalancers) != 2 {
		t.Fatalf("%d LoadBalancers, want api and legacy-web:\n%s", len(res.LoadBalancers), strings.Join(got, "\n"))
	}
	api, web := res.LoadBalancers[0], res.LoadBalancers[1]
	if p := api.Spec.Rules[0].Conditions.Paths; len(p) != 1 || p[0] != (lbov1.PathMatch{Path: "^/v[0-9]+/", Type: lbov1.PathRegex}) {
		t.Errorf("api paths %+v, want the regex without its leading /", p)
	}
	if a := api.Spec.Authentication; a == nil || a.Cognito == nil || a.JWT != nil {
		t.Errorf("api authentication %+v, want Cognito only", a)
	}
	want := lbov1.TargetGroup{Name: "legacy-web",
		Existing: &lbov1.ExistingTargetGroup{ARN: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"},
		Backend:  lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "web", Port: 80}}}
	if web.Spec.Layer != lbov1.LayerExternal || web.Spec.TargetType != lbov1.TargetTypeIP || len(web.Spec.TargetGroups) != 1 || web.Spec.TargetGroups[0].Name != want.Name ||
		*web.Spec.TargetGroups[0].Existing != *want.Existing || *web.Spec.TargetGroups[0].Backend.Service != *want.Backend.Service {
		t.Errorf("legacy-web %+v, want layer External with %+v", web.Spec, want)
	}
}
