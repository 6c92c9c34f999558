package importer_test

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// Listeners are named by protocol, with the port unless it is the
// protocol's usual one; each listener's listener-attributes go to it, the
// first one's too.
func TestImportsListenersAndTheirAttributes(t *testing.T) {
	res := importYAML(t, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ns
  annotations:
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP":80},{"HTTPS":443},{"HTTP":8080},{"HTTPS":8443}]'
    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111122223333:certificate/a
    alb.ingress.kubernetes.io/listener-attributes.HTTP-80: routing.http.response.server.enabled=false
    alb.ingress.kubernetes.io/listener-attributes.HTTPS-8443: routing.http.response.server.enabled=true
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 80}}}
`)
	if len(res.LoadBalancers) != 1 || len(res.Notes) > 0 {
		t.Fatalf("%d LoadBalancers, notes:\n%s", len(res.LoadBalancers), strings.Join(noteStrings(res), "\n"))
	}
	var names []string
	attrs := map[string]lbov1.AttributeValue{}
	for _, l := range res.LoadBalancers[0].Spec.Listeners {
		names = append(names, l.Name)
		if l.Attributes != nil {
			attrs[l.Name] = l.Attributes.Additional["routing.http.response.server.enabled"]
		}
	}
	if got, want := strings.Join(names, " "), "http https http-8080 https-8443"; got != want {
		t.Errorf("listeners %s, want %s", got, want)
	}
	if attrs["http"] != "false" || attrs["https-8443"] != "true" || len(attrs) != 2 {
		t.Errorf("listener attributes %v, want http's false and https-8443's true", attrs)
	}
}

// An imported LoadBalancer that the CRD accepts but lbo cannot expand is
// reported, with what to fix: here an existing Service named like the
// annotated action of an lbo rule.
func TestNotesImportsLboCannotExpand(t *testing.T) {
	res := importYAML(t, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ns
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: rule-admin, port: {number: 80}}}
`)
	if len(res.LoadBalancers) != 1 {
		t.Fatalf("%d LoadBalancers, want the one imported", len(res.LoadBalancers))
	}
	if !hasNote(noteStrings(res), "Ingress ns/web: LoadBalancer spec.listeners[0].defaultAction.forward.targetGroup: lbo cannot expand the imported LoadBalancer; fix it before applying") {
		t.Errorf("no note that lbo cannot expand it: %v", noteStrings(res))
	}
}

// Owners other than a LoadBalancer are named, not carried over; the plan
// the controller writes in its dry-run mode is its own, and ignored.
func TestNotesOwnerReferences(t *testing.T) {
	res := importYAML(t, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ns
  annotations:
    alb.ingress.kubernetes.io/dry-run-plan: '{"resources":{}}'
  ownerReferences:
  - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: "1"}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 80}}}
`)
	got := noteStrings(res)
	if len(got) != 1 || got[0] != "Ingress ns/web: metadata.ownerReferences: not carried over: owned by Rollout web" {
		t.Errorf("notes %q, want the owner reference named", got)
	}
}

// A redirect's #{...} values keep the request's own, as an unset lbo field
// does; a rule whose host the host-header condition leaves out matches
// nothing and is not imported.
func TestImportsRedirectsAndHostConditions(t *testing.T) {
	res := importYAML(t, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ns
  annotations:
    alb.ingress.kubernetes.io/actions.to-www: '{"type":"redirect","redirectConfig":{"host":"www.example.com","path":"#{path}","query":"","statusCode":"HTTP_302"}}'
    alb.ingress.kubernetes.io/actions.other: '{"type":"fixed-response","fixedResponseConfig":{"statusCode":"404"}}'
    alb.ingress.kubernetes.io/conditions.other: '[{"field":"host-header","hostHeaderConfig":{"values":["b.example.com"]}}]'
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 80}}}
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: to-www, port: {name: use-annotation}}}}
  - host: a.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: other, port: {name: use-annotation}}}}
`)
	if len(res.LoadBalancers) != 1 {
		t.Fatalf("%d LoadBalancers", len(res.LoadBalancers))
	}
	rules := res.LoadBalancers[0].Spec.Rules
	// "query": "" removes the query string: it is kept as such, not as unset.
	if len(rules) != 1 || rules[0].Action.Redirect == nil || !reflect.DeepEqual(*rules[0].Action.Redirect, lbov1.RedirectAction{Host: "www.example.com", Query: ptr.To(""), StatusCode: 302}) {
		t.Fatalf("rules %+v, want the redirect to www.example.com keeping the path and removing the query", rules)
	}
	if !hasNote(noteStrings(res), `Ingress ns/web: metadata.annotations[alb.ingress.kubernetes.io/conditions.other]: rule not carried over: its host "a.example.com" is not among the condition's hosts`) {
		t.Errorf("no note for the rule that matches nothing: %v", noteStrings(res))
	}
}
