package importer_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lbo-dev/lbo/internal/importer"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

func importYAML(t *testing.T, in string) importer.Result {
	t.Helper()
	objs, err := importer.Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	return importer.Import(context.Background(), objs, importer.Options{})
}

// The seed's two examples as users wrote them for the AWS Load Balancer
// Controller import whole, with nothing left over: lbo's samples are what
// they become.
func TestImportedSpecs(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: Service
metadata:
  name: nginx-service-lb
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
spec:
  type: LoadBalancer
  selector:
    app: nginx
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  namespace: game-2048
  name: service-2048
spec:
  ports:
    - port: 80
      targetPort: 80
      protocol: TCP
  type: NodePort
  selector:
    app.kubernetes.io/name: app-2048
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  namespace: game-2048
  name: ingress-2048
  annotations:
    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTP":8080}]'
    alb.ingress.kubernetes.io/actions.ssl-redirect: '{"Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}'
spec:
  defaultBackend:
    service:
      name: service-2048
      port:
        number: 80
  rules:
    - http:
        paths:
          - path: /*
            pathType: ImplementationSpecific
            backend:
              service:
                name: service-2048
                port:
                  number: 80
          - path: /secure
            pathType: Prefix
            backend:
              service:
                name: ssl-redirect
                port:
                  name: use-annotation
`)
	for _, n := range res.Notes {
		t.Errorf("note: %s", n)
	}
	if len(res.LoadBalancers) != 2 {
		t.Fatalf("%d LoadBalancers, want 2", len(res.LoadBalancers))
	}
	nginx, game := res.LoadBalancers[0], res.LoadBalancers[1]

	want := lbov1.LoadBalancerSpec{
		Layer: lbov1.LayerL4, Scheme: lbov1.SchemeInternetFacing, TargetType: lbov1.TargetTypeIP,
		Listeners:    []lbov1.Listener{{Name: "tcp-80", Port: 80, Protocol: lbov1.ProtocolTCP}},
		TargetGroups: []lbov1.TargetGroup{{Name: "tcp-80", Backend: lbov1.Backend{Selector: map[string]string{"app": "nginx"}, Port: 80}}},
	}
	if nginx.Name != "nginx-service-lb" || !reflect.DeepEqual(nginx.Spec, want) {
		t.Errorf("nginx:\n got %+v\nwant %+v", nginx.Spec, want)
	}

	forward := &lbov1.Action{Forward: &lbov1.ForwardAction{TargetGroup: "service-2048"}}
	want = lbov1.LoadBalancerSpec{
		Layer: lbov1.LayerL7, Scheme: lbov1.SchemeInternetFacing, TargetType: lbov1.TargetTypeIP,
		Listeners: []lbov1.Listener{
			{Name: "http", Port: 80, Protocol: lbov1.ProtocolHTTP, DefaultAction: forward},
			{Name: "http-8080", Port: 8080, Protocol: lbov1.ProtocolHTTP, DefaultAction: forward},
		},
		Rules: []lbov1.Rule{{
			Name:       "service-2048",
			Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/*", Type: lbov1.PathWildcard}}},
			Action:     *forward,
		}, {
			Name:       "ssl-redirect",
			Conditions: lbov1.RuleConditions{Paths: []lbov1.PathMatch{{Path: "/secure", Type: lbov1.PathPrefix}}},
			Action:     lbov1.Action{Redirect: &lbov1.RedirectAction{Scheme: "HTTPS", Port: 443, StatusCode: 301}},
		}},
		TargetGroups: []lbov1.TargetGroup{{Name: "service-2048", Backend: lbov1.Backend{Service: &lbov1.ServiceBackend{Name: "service-2048", Port: 80}}}},
	}
	if game.Name != "ingress-2048" || game.Namespace != "game-2048" || !reflect.DeepEqual(game.Spec, want) {
		t.Errorf("2048:\n got %+v\nwant %+v", game.Spec, want)
	}
}

// What lbo has no field for is named, field by field, with the reason; what
// the API server fills in when the objects come from a cluster is not.
func TestNotesNameWhatIsNotCarriedOver(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: web
    namespace: shop
    uid: 5f1c
    resourceVersion: "42"
    generation: 3
    creationTimestamp: "2024-01-01T00:00:00Z"
    finalizers: [ingress.k8s.aws/resources]
    labels: {team: shop}
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: '{}'
      alb.ingress.kubernetes.io/tags: team
      alb.ingress.kubernetes.io/listen-ports: '[{"HTTP":80},{"HTTPS":443}]'
      alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:111122223333:certificate/x
      alb.ingress.kubernetes.io/conditions.admin: '[{"field":"path-pattern","pathPatternConfig":{"values":["/admin/*"]}}]'
      alb.ingress.kubernetes.io/actions.admin: '{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"admin","servicePort":80}]}}'
  spec:
    ingressClassName: alb
    tls: [{hosts: [shop.example.com]}]
    rules:
    - host: shop.example.com
      http:
        paths:
        - path: /admin
          pathType: Prefix
          backend: {service: {name: admin, port: {name: use-annotation}}}
        - path: /
          pathType: Prefix
          backend: {service: {name: web, port: {number: 80}}}
  status:
    loadBalancer:
      ingress: [{hostname: k8s-shop-web-123.eu-west-1.elb.amazonaws.com}]
- apiVersion: v1
  kind: Service
  metadata:
    name: tcp
    namespace: shop
    uid: 77aa
    finalizers: [service.k8s.aws/resources]
    annotations:
      service.beta.kubernetes.io/aws-load-balancer-attributes: load_balancing.cross_zone.enabled=true
      service.beta.kubernetes.io/aws-load-balancer-scheme: internal
  spec:
    type: LoadBalancer
    loadBalancerClass: service.k8s.aws/nlb
    clusterIP: 10.0.0.1
    clusterIPs: [10.0.0.1]
    ipFamilies: [IPv4]
    ipFamilyPolicy: SingleStack
    sessionAffinity: None
    allocateLoadBalancerNodePorts: true
    internalTrafficPolicy: Cluster
    externalTrafficPolicy: Local
    healthCheckNodePort: 31000
    loadBalancerSourceRanges: [203.0.113.0/24]
    selector: {app: tcp}
    ports:
    - {name: db, port: 5432, protocol: TCP, targetPort: 5432, nodePort: 30001}
    - {name: metrics, port: 9090, protocol: TCP, targetPort: metrics, nodePort: 30002}
- apiVersion: v1
  kind: Service
  metadata: {name: classic, namespace: shop}
  spec:
    type: LoadBalancer
    selector: {app: classic}
    ports: [{port: 80}]
`)
	var got []string
	for _, n := range res.Notes {
		got = append(got, n.String())
	}
	for _, want := range []string{
		"Ingress shop/web: metadata.annotations[alb.ingress.kubernetes.io/tags]: not carried over: the AWS Load Balancer Controller refuses it too",
		"Ingress shop/web: metadata.annotations[alb.ingress.kubernetes.io/conditions.admin]: rule not carried over: lbo rules take one path-pattern condition, of regexValues only",
		"Ingress shop/web: metadata.annotations[alb.ingress.kubernetes.io/actions.admin]: not carried over: no backend names it, or the rule using it could not be",
		"Ingress shop/web: spec.tls: not carried over",
		"Ingress shop/web: metadata.labels[team]: not carried over",
		"Service shop/tcp: spec.externalTrafficPolicy: not carried over: lbo has no field for it (value \"Local\")",
		"Service shop/tcp: spec.ports[1].targetPort: port not carried over: the named target port \"metrics\"",
		"Service shop/classic: not imported: a Service of type LoadBalancer that the AWS Load Balancer Controller does not provision",
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
			t.Errorf("no note starting %q", want)
		}
	}
	// Nothing else: the API server's fields, the controller's finalizers and
	// kubectl's bookkeeping are not configuration.
	if len(got) != 8 {
		t.Errorf("%d notes, want 8:\n%s", len(got), strings.Join(got, "\n"))
	}

	if len(res.LoadBalancers) != 2 {
		t.Fatalf("%d LoadBalancers, want web and tcp", len(res.LoadBalancers))
	}
	tcp, web := res.LoadBalancers[0], res.LoadBalancers[1]
	if len(tcp.Spec.Listeners) != 1 || tcp.Spec.Listeners[0].Name != "db" || tcp.Spec.TargetType != lbov1.TargetTypeInstance {
		t.Errorf("tcp: %+v; want the db listener and the controller's default target type, instance", tcp.Spec)
	}
	if a := tcp.Spec.LoadBalancerAttributes; a == nil || a.CrossZoneLoadBalancing == nil || !*a.CrossZoneLoadBalancing || !slices.Equal(tcp.Spec.SourceRanges, []string{"203.0.113.0/24"}) {
		t.Errorf("tcp: attributes %+v, source ranges %v; want cross-zone load balancing and 203.0.113.0/24", a, tcp.Spec.SourceRanges)
	}
	// The admin rule is left out rather than opened to every source (and its
	// target group with it), and the HTTPS listener carries the certificate.
	if len(web.Spec.TargetGroups) != 1 || web.Spec.TargetGroups[0].Name != "web" {
		t.Errorf("web target groups: %+v", web.Spec.TargetGroups)
	}
	if len(web.Spec.Rules) != 1 || web.Spec.Rules[0].Name != "web" || web.Spec.Rules[0].Conditions.Hosts[0] != "shop.example.com" {
		t.Errorf("web rules: %+v", web.Spec.Rules)
	}
	if l := web.Spec.Listeners; len(l) != 2 || l[1].Protocol != lbov1.ProtocolHTTPS || l[1].TLS == nil {
		t.Errorf("web listeners: %+v", l)
	}
	if a := web.Spec.Listeners[0].DefaultAction; a == nil || a.FixedResponse == nil || a.FixedResponse.StatusCode != 404 {
		t.Errorf("web default action %+v; want the controller's 404 for an Ingress without a default backend", a)
	}
}

// lbo's own children are not imported again.
func TestSkipsChildrenOfLoadBalancers(t *testing.T) {
	res := importYAML(t, `
apiVersion: v1
kind: Service
metadata:
  name: nginx
  ownerReferences:
  - {apiVersion: networking.lbo.dev/v1alpha1, kind: LoadBalancer, name: nginx, uid: "1", controller: true}
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector: {app: nginx}
  ports: [{port: 80}]
`)
	if len(res.LoadBalancers) != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "lbo already manages it for LoadBalancer nginx") {
		t.Errorf("got %d LoadBalancers and notes %v", len(res.LoadBalancers), res.Notes)
	}
}

// The L7 settings the Ingress import cannot carry are noted with the reason.
func TestNotesL7SettingsNotCarried(t *testing.T) {
	res := importYAML(t, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ns
  annotations:
    alb.ingress.kubernetes.io/group.order: "5"
    alb.ingress.kubernetes.io/auth-type: oidc
    alb.ingress.kubernetes.io/auth-scope: openid
    alb.ingress.kubernetes.io/ssl-redirect: https
    alb.ingress.kubernetes.io/listener-attributes.HTTP-8080: routing.http.response.server.enabled=false
    alb.ingress.kubernetes.io/mutual-authentication: '[{"port":443,"mode":"verify"}]'
    alb.ingress.kubernetes.io/load-balancer-attributes: Bad.Key=1
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 80}}}
`)
	got := noteStrings(res)
	const obj = "Ingress ns/web: metadata.annotations[alb.ingress.kubernetes.io/"
	for _, want := range []string{
		obj + "group.order]: not carried over: there is no group.name",
		obj + "auth-type]: not carried over: auth-type oidc needs alb.ingress.kubernetes.io/auth-idp-oidc",
		obj + "auth-scope]: not carried over: the authentication it belongs to is not (see auth-type)",
		obj + "ssl-redirect]: not carried over: \"https\" is not a port number",
		obj + "listener-attributes.HTTP-8080]: not carried over: no listener is HTTP-8080",
		obj + "mutual-authentication]: not carried over: port 443: no HTTPS listener has it",
		obj + "load-balancer-attributes]: not carried over: Bad.Key: not an AWS attribute key",
	} {
		if !hasNote(got, want) {
			t.Errorf("no note starting %q", want)
		}
	}
	if len(got) != 7 {
		t.Errorf("%d notes, want 7:\n%s", len(got), strings.Join(got, "\n"))
	}
}
