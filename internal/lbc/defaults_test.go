package lbc

import (
	"reflect"
	"testing"
)

// TestALBTargetGroupDefaultsCoverEveryKey: every target group annotation
// the controller reads from Service and Ingress has a default, so that a
// Service lbo makes can stand for itself on each.
func TestALBTargetGroupDefaultsCoverEveryKey(t *testing.T) {
	d := ALBTargetGroupDefaults("", "")
	keys := reflect.ValueOf(IngressHealthCheck)
	for i := range keys.NumField() {
		if _, ok := d[keys.Field(i).String()]; !ok {
			t.Errorf("no default for %s", keys.Field(i).String())
		}
	}
	for _, k := range []string{IngressBackendProtocol, IngressBackendProtocolVersion, IngressTargetGroupAttributes} {
		if _, ok := d[k]; !ok {
			t.Errorf("no default for %s", k)
		}
	}
	if d[IngressHealthCheck.Protocol] != "HTTP" || ALBTargetGroupDefaults("HTTPS", "")[IngressHealthCheck.Protocol] != "HTTPS" {
		t.Error("the health check protocol defaults to the target group's protocol")
	}
	if m, err := DecodeMap(d[IngressTargetGroupAttributes]); err != nil || len(m) != 0 {
		t.Errorf("the default attributes read back as %v, %v; want no attributes", m, err)
	}
}
