package expand

import (
	"testing"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// TestListenerWithOnlyItsCertificate: in a group, an HTTPS listener with
// neither a default action nor rules brings its certificates to its port,
// and the members give the rules; the controller builds it.
func TestListenerWithOnlyItsCertificate(t *testing.T) {
	lb := httpsL7(443)
	lb.Spec.Group = &lbov1.Group{Name: "platform", Order: -100, Members: []lbov1.GroupMember{{Namespace: "apps"}}}
	lb.Spec.Listeners[0].DefaultAction = nil
	res := noProblems(t, lb)
	ings := Ingresses(res.Objects)
	if len(ings) != 1 {
		t.Fatalf("%d Ingresses, want 1", len(ings))
	}
	ing := ings[0]
	if ing.Annotations[lbc.IngressCertificateARN] != cert || ing.Annotations[lbc.IngressListenPorts] != `[{"HTTPS":443}]` {
		t.Errorf("annotations %v: want the listener and its certificate", ing.Annotations)
	}
	if ing.Spec.DefaultBackend != nil || len(ing.Spec.Rules) != 1 || ing.Spec.Rules[0].HTTP != nil {
		t.Errorf("spec %+v: want no default backend and one rule without http (an Ingress needs one of them)", ing.Spec)
	}
}
