package attributes

import (
	"maps"
	"slices"
	"testing"

	"k8s.io/utils/ptr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// The keys the typed fields write are exactly the keys internal/lbc's
// catalog says a typed field writes: a key the mapping writes that the
// catalog does not know would escape the checks of its value, and a typed
// field in the catalog that the mapping forgot would be dropped silently.
func TestTheTypedFieldsWriteTheCatalogsKeys(t *testing.T) {
	on, n := ptr.To(true), ptr.To(int32(30))
	loadBalancer := &lbov1.LoadBalancerAttributes{
		DeletionProtection: on, CrossZoneLoadBalancing: on,
		AccessLogs:             &lbov1.AccessLogs{Enabled: true, Bucket: "logs", Prefix: "web"},
		DNSClientRoutingPolicy: "any_availability_zone",
	}
	listener := &lbov1.ListenerAttributes{TCPIdleTimeoutSeconds: n}
	targetGroup := func(cookie *lbov1.CookieStickiness) *lbov1.TargetGroupAttributes {
		return &lbov1.TargetGroupAttributes{
			DeregistrationDelaySeconds: n, ProxyProtocolV2: on, PreserveClientIP: on,
			DeregistrationConnectionTermination: on, SourceIPStickiness: on,
			UnhealthyConnectionTermination: on, UnhealthyDrainingIntervalSeconds: n,
			CookieStickiness: cookie,
		}
	}
	lbCookie := &lbov1.CookieStickiness{Enabled: true, DurationSeconds: 60}
	appCookie := &lbov1.CookieStickiness{Enabled: true, DurationSeconds: 60, AppCookieName: "session"}

	typed := func(catalogs ...map[string]lbc.Attribute) []string {
		var keys []string
		for _, catalog := range catalogs {
			for key, a := range catalog {
				if a.Field != "" {
					keys = append(keys, key)
				}
			}
		}
		slices.Sort(keys)
		return slices.Compact(keys)
	}
	written := func(attrs ...map[string]string) []string {
		var keys []string
		for _, m := range attrs {
			keys = slices.AppendSeq(keys, maps.Keys(m))
		}
		slices.Sort(keys)
		return slices.Compact(keys)
	}
	for _, c := range []struct {
		what          string
		written, want []string
	}{
		{"load balancer", written(LoadBalancer(loadBalancer)), typed(lbc.LoadBalancerAttributes[lbc.ALB], lbc.LoadBalancerAttributes[lbc.NLB])},
		{"listener", written(Listener(listener)), typed(lbc.ListenerAttributes[lbc.ALB], lbc.ListenerAttributes[lbc.NLB])},
		{"NLB target group", written(TargetGroup(lbc.NLB, targetGroup(nil))), typed(lbc.TargetGroupAttributes[lbc.NLB])},
		{"ALB target group", written(TargetGroup(lbc.ALB, targetGroup(lbCookie)), TargetGroup(lbc.ALB, targetGroup(appCookie))), typed(lbc.TargetGroupAttributes[lbc.ALB])},
	} {
		if !slices.Equal(c.written, c.want) {
			t.Errorf("%s attributes: the typed fields write\n%q\nthe catalog's typed keys are\n%q", c.what, c.written, c.want)
		}
	}
}

// Additional keys come through as given, and nothing is written for
// attributes left out.
func TestAdditionalAndNil(t *testing.T) {
	got := TargetGroup(lbc.ALB, &lbov1.TargetGroupAttributes{Additional: map[string]lbov1.AttributeValue{"slow_start.duration_seconds": "30"}})
	if want := map[string]string{"slow_start.duration_seconds": "30"}; !maps.Equal(got, want) {
		t.Errorf("additional: %v, want %v", got, want)
	}
	for _, m := range []map[string]string{LoadBalancer(nil), Listener(nil), TargetGroup(lbc.NLB, nil)} {
		if len(m) != 0 {
			t.Errorf("attributes left out wrote %v", m)
		}
	}
}
