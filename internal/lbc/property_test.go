package lbc

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/intstr"
	"pgregory.net/rapid"
)

// The property of every format: decode(encode(v)) == v for every v that
// encodes, and encode refuses v only when no annotation value would be read
// back as v (for the text formats: the plain or escaped writing of the
// refused element reads back otherwise; for JSON: text that is not UTF-8,
// or a port given twice).

// text draws strings rich in what the formats treat specially: separators,
// '=', '\', spaces, other white space, and bytes that are not UTF-8.
func text() *rapid.Generator[string] {
	special := rapid.SampledFrom([]string{"a", "b", "Z", "0", ",", "=", `\`, " ", "\t", "\n", "é", "\u00a0", "\xff", ":", "/", "*"})
	return rapid.Custom(func(t *rapid.T) string {
		return strings.Join(rapid.SliceOfN(special, 0, 8).Draw(t, "parts"), "")
	})
}

func validText(values ...string) bool {
	return !slices.ContainsFunc(values, func(s string) bool { return !utf8.ValidString(s) })
}

func TestListRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.SliceOfN(text(), 0, 5).Draw(t, "list")
		enc, err := EncodeList(v)
		plain := DecodeList(strings.Join(v, ","))
		carried := validText(v...) && (len(v) == 0 || reflect.DeepEqual(plain, v))
		if err != nil {
			if carried {
				t.Fatalf("EncodeList(%q) refused %v, but the controller reads it back", v, err)
			}
			return
		}
		if !carried {
			t.Fatalf("EncodeList(%q) = %q, which the controller reads as %q", v, enc, plain)
		}
		if got := DecodeList(enc); len(v) > 0 && !reflect.DeepEqual(got, v) {
			t.Fatalf("DecodeList(EncodeList(%q)) = %q", v, got)
		}
	})
}

func TestSpaceListRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.SliceOfN(text(), 0, 5).Draw(t, "list")
		enc, err := EncodeSpaceList(v)
		plain := DecodeSpaceList(strings.Join(v, " "))
		carried := validText(v...) && (len(v) == 0 || reflect.DeepEqual(plain, v))
		switch {
		case err != nil && carried:
			t.Fatalf("EncodeSpaceList(%q) refused %v, but it reads back", v, err)
		case err == nil && !carried:
			t.Fatalf("EncodeSpaceList(%q) = %q, which reads back as %q", v, enc, plain)
		case err == nil && len(v) > 0 && !reflect.DeepEqual(DecodeSpaceList(enc), v):
			t.Fatalf("DecodeSpaceList(EncodeSpaceList(%q)) = %q", v, DecodeSpaceList(enc))
		}
	})
}

func TestMapRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.MapOfN(text(), text(), 0, 4).Draw(t, "map")
		enc, err := EncodeMap(m)
		if err == nil {
			got, derr := DecodeMap(enc)
			if derr != nil || !reflect.DeepEqual(got, m) {
				t.Fatalf("DecodeMap(EncodeMap(%q)) = %q, %v; encoded %q", m, got, derr, enc)
			}
			return
		}
		// Each refused entry cannot be carried even escaped: alone, it reads
		// back otherwise (or is refused by the controller), or it is not
		// UTF-8.
		refused := ValueErrors(err)
		if len(refused) == 0 {
			t.Fatalf("EncodeMap(%q): %v is no ValueError", m, err)
		}
		for _, ve := range refused {
			k, v := ve.Key, m[ve.Key]
			if !validText(k, v) {
				continue
			}
			back, derr := DecodeMap(escapeMapText(k) + "=" + escapeMapText(v))
			if derr == nil && reflect.DeepEqual(back, map[string]string{k: v}) {
				t.Fatalf("EncodeMap refused %q=%q (%v), but escaped it reads back", k, v, err)
			}
		}
	})
}

func TestScalarsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.Bool().Draw(t, "bool")
		if got, err := DecodeBool(EncodeBool(b)); err != nil || got != b {
			t.Fatalf("bool %v: %v, %v", b, got, err)
		}
		if got, err := DecodeOnOff(EncodeOnOff(b)); err != nil || got != b {
			t.Fatalf("on/off %v: %v, %v", b, got, err)
		}
		if got, err := DecodeAttributeBool(EncodeBool(b)); err != nil || got != b {
			t.Fatalf("attribute bool %v: %v, %v", b, got, err)
		}
		n := rapid.Int32().Draw(t, "int")
		if got, err := DecodeInt(EncodeInt(n)); err != nil || got != n {
			t.Fatalf("int %d: %d, %v", n, got, err)
		}
		if got, err := DecodeCapacityUnits(EncodeCapacityUnits(n)); err != nil || got != n {
			t.Fatalf("capacity units %d: %d, %v", n, got, err)
		}
		port := rapid.Int32Range(0, 65535).Draw(t, "port")
		if got, err := DecodeHealthCheckPort(EncodeHealthCheckPort(port)); err != nil || got != port {
			t.Fatalf("health check port %d: %d, %v", port, got, err)
		}
		code := rapid.SampledFrom([]int32{301, 302}).Draw(t, "redirect status")
		if got, err := DecodeRedirectStatus(EncodeRedirectStatus(code)); err != nil || got != code {
			t.Fatalf("redirect status %d: %d, %v", code, got, err)
		}
		s := text().Draw(t, "string")
		if enc, err := EncodeString(s); (err == nil) != utf8.ValidString(s) || err == nil && DecodeString(enc) != s {
			t.Fatalf("string %q: %q, %v", s, enc, err)
		}
	})
}

// checkJSON checks a JSON format on v: decode(encode(v)) == v, and a refusal
// is for a reason refusable says v has.
func checkJSON[T any](t *rapid.T, v T, encode func(T) (string, error), decode func(string) (T, error), refusable func(T) bool) {
	enc, err := encode(v)
	if err != nil {
		if !refusable(v) {
			t.Fatalf("refused %+v: %v", v, err)
		}
		return
	}
	got, err := decode(enc)
	if err != nil || !equality.Semantic.DeepEqual(got, v) {
		t.Fatalf("decode(%s) = %+v, %v; want %+v", enc, got, err, v)
	}
}

// hasInvalidUTF8 reports whether any string in v is not UTF-8.
func hasInvalidUTF8(v any) bool {
	_, bad := invalidUTF8(reflect.ValueOf(v), "")
	return bad
}

func optional(t *rapid.T, label string) *string {
	if rapid.Bool().Draw(t, label+" set") {
		s := text().Draw(t, label)
		return &s
	}
	return nil
}

func TestJSONRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ports := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) ListenPort {
			return ListenPort{Protocol: text().Draw(t, "protocol"), Port: rapid.Int32Range(0, 9).Draw(t, "port")}
		}), 0, 4).Draw(t, "ports")
		checkJSON(t, ports, EncodeListenPorts, DecodeListenPorts, func(ps []ListenPort) bool {
			return portTwice(ps, func(p ListenPort) int32 { return p.Port }) || hasInvalidUTF8(ps)
		})

		checkJSON(t, drawAction(t), EncodeAction, DecodeAction, func(a Action) bool { return hasInvalidUTF8(a) })

		conds := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Condition {
			c := Condition{Field: text().Draw(t, "field")}
			values := func(label string) *ValuesConfig {
				if !rapid.Bool().Draw(t, label) {
					return nil
				}
				return &ValuesConfig{Values: rapid.SliceOfN(text(), 0, 3).Draw(t, label+" values"),
					RegexValues: rapid.SliceOfN(text(), 0, 3).Draw(t, label+" regex values")}
			}
			c.HostHeaderConfig, c.HTTPRequestMethodConfig, c.SourceIPConfig, c.PathPatternConfig = values("host"), values("method"), values("source"), values("path")
			if rapid.Bool().Draw(t, "header") {
				c.HTTPHeaderConfig = &HTTPHeaderConfig{Name: text().Draw(t, "header name"), Values: rapid.SliceOfN(text(), 0, 3).Draw(t, "header values"),
					RegexValues: rapid.SliceOfN(text(), 0, 3).Draw(t, "header regex values")}
			}
			if rapid.Bool().Draw(t, "query") {
				c.QueryStringConfig = &QueryStringConfig{Values: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) QueryStringKeyValue {
					return QueryStringKeyValue{Key: text().Draw(t, "key"), Value: text().Draw(t, "value")}
				}), 0, 3).Draw(t, "pairs")}
			}
			return c
		}), 0, 3).Draw(t, "conditions")
		checkJSON(t, conds, EncodeConditions, DecodeConditions, func(c []Condition) bool { return hasInvalidUTF8(c) })

		extra := rapid.MapOfN(text(), text(), 0, 3).Draw(t, "extra params")
		oidc := OIDC{Issuer: text().Draw(t, "issuer"), AuthorizationEndpoint: text().Draw(t, "authorization"),
			TokenEndpoint: text().Draw(t, "token"), UserInfoEndpoint: text().Draw(t, "userinfo"), SecretName: text().Draw(t, "secret"),
			AuthenticationRequestExtraParams: extra}
		checkJSON(t, oidc, EncodeOIDC, DecodeOIDC, func(o OIDC) bool { return hasInvalidUTF8(o) })
		cognito := Cognito{UserPoolARN: text().Draw(t, "pool"), UserPoolClientID: text().Draw(t, "client"), UserPoolDomain: text().Draw(t, "domain"),
			AuthenticationRequestExtraParams: extra}
		checkJSON(t, cognito, EncodeCognito, DecodeCognito, func(c Cognito) bool { return hasInvalidUTF8(c) })

		transforms := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Transform {
			tr := Transform{Type: text().Draw(t, "transform type")}
			rewrites := func(label string) *RewriteConfig {
				if !rapid.Bool().Draw(t, label) {
					return nil
				}
				return &RewriteConfig{Rewrites: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Rewrite {
					return Rewrite{Regex: text().Draw(t, "regex"), Replace: text().Draw(t, "replace")}
				}), 0, 2).Draw(t, label+" rewrites")}
			}
			tr.HostHeaderRewriteConfig, tr.URLRewriteConfig = rewrites("host header"), rewrites("url")
			return tr
		}), 0, 2).Draw(t, "transforms")
		checkJSON(t, transforms, EncodeTransforms, DecodeTransforms, func(ts []Transform) bool { return hasInvalidUTF8(ts) })

		jwt := JWTValidation{JWKSEndpoint: text().Draw(t, "jwks"), Issuer: text().Draw(t, "jwt issuer"),
			AdditionalClaims: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) JWTClaim {
				return JWTClaim{Format: text().Draw(t, "format"), Name: text().Draw(t, "claim"), Values: rapid.SliceOfN(text(), 0, 3).Draw(t, "claim values")}
			}), 0, 3).Draw(t, "claims")}
		checkJSON(t, jwt, EncodeJWTValidation, DecodeJWTValidation, func(j JWTValidation) bool { return hasInvalidUTF8(j) })

		svcAction := ServiceAction{Type: text().Draw(t, "service action type")}
		if rapid.Bool().Draw(t, "service forward") {
			f := &ServiceForwardConfig{}
			if rapid.Bool().Draw(t, "base weighted") {
				f.BaseServiceWeight = ptr(rapid.Int32().Draw(t, "base weight"))
			}
			for range rapid.IntRange(0, 3).Draw(t, "service target groups") {
				tg := ServiceTargetGroupTuple{}
				if rapid.Bool().Draw(t, "by ARN") {
					tg.TargetGroupARN = text().Draw(t, "arn")
				} else {
					tg.ServiceName, tg.ServicePort = text().Draw(t, "service name"), intstr.FromInt32(rapid.Int32Range(1, 65535).Draw(t, "service port"))
				}
				if rapid.Bool().Draw(t, "decrypt set") {
					tg.Decrypt = ptr(rapid.Bool().Draw(t, "decrypt"))
				}
				if rapid.Bool().Draw(t, "weight set") {
					tg.Weight = ptr(rapid.Int32().Draw(t, "tuple weight"))
				}
				f.TargetGroups = append(f.TargetGroups, tg)
			}
			if rapid.Bool().Draw(t, "service stickiness") {
				f.TargetGroupStickinessConfig = &ServiceTargetGroupStickiness{Enabled: ptr(rapid.Bool().Draw(t, "sticky"))}
			}
			svcAction.ForwardConfig = f
		}
		checkJSON(t, svcAction, EncodeServiceAction, DecodeServiceAction, func(a ServiceAction) bool { return hasInvalidUTF8(a) })

		mtls := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) MutualAuthentication {
			m := MutualAuthentication{Port: rapid.Int32Range(0, 5).Draw(t, "port"), Mode: text().Draw(t, "mode"),
				TrustStore: text().Draw(t, "trust store"), AdvertiseTrustStoreCANames: text().Draw(t, "advertise")}
			if rapid.Bool().Draw(t, "ignore set") {
				m.IgnoreClientCertificateExpiry = ptr(rapid.Bool().Draw(t, "ignore"))
			}
			return m
		}), 0, 3).Draw(t, "mutual authentication")
		checkJSON(t, mtls, EncodeMutualAuthentication, DecodeMutualAuthentication, func(ms []MutualAuthentication) bool {
			return portTwice(ms, func(m MutualAuthentication) int32 { return m.Port }) || hasInvalidUTF8(ms)
		})
	})
}

// portTwice reports whether two elements of list have the same port.
func portTwice[E any](list []E, port func(E) int32) bool {
	seen := map[int32]bool{}
	for _, e := range list {
		if seen[port(e)] {
			return true
		}
		seen[port(e)] = true
	}
	return false
}

func drawAction(t *rapid.T) Action {
	a := Action{Type: text().Draw(t, "type")}
	switch rapid.IntRange(0, 3).Draw(t, "kind") {
	case 0:
		f := &ForwardConfig{}
		for range rapid.IntRange(0, 3).Draw(t, "target groups") {
			port := intstr.FromInt32(rapid.Int32().Draw(t, "port"))
			if rapid.Bool().Draw(t, "named port") {
				port = intstr.FromString(text().Draw(t, "port name"))
			}
			tg := TargetGroupTuple{ServiceName: text().Draw(t, "service"), ServicePort: port}
			switch rapid.IntRange(0, 2).Draw(t, "target") {
			case 1:
				tg = TargetGroupTuple{TargetGroupARN: text().Draw(t, "arn")}
			case 2:
				tg = TargetGroupTuple{TargetGroupName: text().Draw(t, "target group name")}
			}
			if rapid.Bool().Draw(t, "weighted") {
				tg.Weight = ptr(rapid.Int32().Draw(t, "weight"))
			}
			f.TargetGroups = append(f.TargetGroups, tg)
		}
		if rapid.Bool().Draw(t, "stickiness") {
			f.TargetGroupStickinessConfig = &TargetGroupStickiness{Enabled: rapid.Bool().Draw(t, "enabled")}
			if rapid.Bool().Draw(t, "duration") {
				f.TargetGroupStickinessConfig.DurationSeconds = ptr(rapid.Int32().Draw(t, "seconds"))
			}
		}
		a.ForwardConfig = f
	case 1:
		a.RedirectConfig = &RedirectConfig{Protocol: optional(t, "protocol"), Host: optional(t, "host"), Port: optional(t, "port"),
			Path: optional(t, "path"), Query: optional(t, "query"), StatusCode: text().Draw(t, "status")}
	case 2:
		a.FixedResponseConfig = &FixedResponseConfig{ContentType: optional(t, "content type"), StatusCode: text().Draw(t, "status"),
			MessageBody: optional(t, "body")}
	}
	return a
}
