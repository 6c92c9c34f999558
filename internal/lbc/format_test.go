package lbc

import (
	"reflect"
	"testing"
)

// What the controller's parser (pkg/annotations/parser.go at 225f44568848)
// reads from an annotation value. Each case was run against the parser
// itself, outside lbo, with the same results; the decoders here must agree.

func TestDecodeListAsTheController(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"a,b", []string{"a", "b"}},
		{" a ,b,, c ,", []string{"a", "b", "c"}},
		{" , ", nil},
		{"", nil},
		{`a\,b`, []string{`a\`, "b"}}, // no escapes in a list
		{"a\t,\nb", []string{"a", "b"}},
	} {
		if got := DecodeList(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("DecodeList(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDecodeMapAsTheController(t *testing.T) {
	for _, c := range []struct {
		in   string
		want map[string]string // nil: the controller refuses the value
	}{
		{"a=1,b=2", map[string]string{"a": "1", "b": "2"}},
		{" a = 1 , b=2 ", map[string]string{"a": "1", "b": "2"}},
		{"url=https://x/?q=1", map[string]string{"url": "https://x/?q=1"}},
		{"empty=", map[string]string{"empty": ""}},
		{"a=1,a=2", map[string]string{"a": "2"}},
		{"", map[string]string{}},
		{`path=C:\logs\web`, map[string]string{"path": "C:logsweb"}}, // '\' escapes the next character
		{`v=a\,b,w=c`, map[string]string{"v": "a,b", "w": "c"}},
		{`v=a\\b`, map[string]string{"v": `a\b`}},
		{`v=a\`, map[string]string{"v": `a\`}},    // a last '\' stays
		{`k\=x=1`, map[string]string{"k": "x=1"}}, // an escaped '=' still splits the pair
		{"v=a,", map[string]string{"v": "a,"}},    // a last ',' joins the value
		{"v= lead,w=trail ", map[string]string{"v": "lead", "w": "trail"}},
		{"a=1,b", nil},
		{"v=a,b", nil},            // a ',' with no '=' after it leaves a malformed pair...
		{"a=1,b,c=3", nil},        // ...and so does one with a '=' further on
		{" a = 1 , b=2 ,, ", nil}, // an empty pair is refused
		{"=1", nil},
		{" =1", nil},
		{"a", nil},
	} {
		got, err := DecodeMap(c.in)
		if c.want == nil {
			if err == nil {
				t.Errorf("DecodeMap(%q) = %v, want the controller's refusal", c.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("DecodeMap(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestDecodeScalarsAsTheController(t *testing.T) {
	for _, in := range []string{"true", "True", "TRUE", "t", "1"} {
		if b, err := DecodeBool(in); err != nil || !b {
			t.Errorf("DecodeBool(%q) = %v, %v; the controller's strconv.ParseBool reads true", in, b, err)
		}
	}
	for _, in := range []string{" true", "yes", "on", ""} {
		if _, err := DecodeBool(in); err == nil {
			t.Errorf("DecodeBool(%q): want an error, as the controller's", in)
		}
	}
	for in, want := range map[string]int32{"42": 42, "+7": 7, "-1": -1, "007": 7} {
		if n, err := DecodeInt(in); err != nil || n != want {
			t.Errorf("DecodeInt(%q) = %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{" 42", "42s", "2147483648", ""} {
		if _, err := DecodeInt(in); err == nil {
			t.Errorf("DecodeInt(%q): want an error, as the controller's", in)
		}
	}
	if b, err := DecodeOnOff("on"); err != nil || !b {
		t.Errorf("DecodeOnOff(on) = %v, %v", b, err)
	}
	for _, in := range []string{" on", "true", "On"} {
		if _, err := DecodeOnOff(in); err == nil {
			t.Errorf("DecodeOnOff(%q): want an error, the controller compares on and off as they are", in)
		}
	}
	if _, err := DecodeAttributeBool("True"); err == nil {
		t.Error("DecodeAttributeBool(True): want an error, AWS takes true or false")
	}
	if n, err := DecodeCapacityUnits("CapacityUnits=3000"); err != nil || n != 3000 {
		t.Errorf("DecodeCapacityUnits = %d, %v", n, err)
	}
	for _, in := range []string{"Units=3", "CapacityUnits=x", ""} {
		if _, err := DecodeCapacityUnits(in); err == nil {
			t.Errorf("DecodeCapacityUnits(%q): want an error", in)
		}
	}
	for in, want := range map[string]int32{"traffic-port": 0, "8080": 8080} {
		if n, err := DecodeHealthCheckPort(in); err != nil || n != want {
			t.Errorf("DecodeHealthCheckPort(%q) = %d, %v; want %d", in, n, err, want)
		}
	}
	if _, err := DecodeHealthCheckPort("http"); err == nil {
		t.Error("DecodeHealthCheckPort(http): a named port has no lbo equivalent")
	}
}

// The values an encoder refuses, each because the controller would read the
// value back otherwise: the refusals are the facts the property tests
// generalize.
func TestEncodersRefuseWhatTheControllerWouldChange(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		at   ValueError
	}{
		{"a comma inside a certificate ARN", second(EncodeList([]string{"arn:aws:acm:x,arn:aws:iam::1:server-certificate/evil"})),
			ValueError{Index: 0, Reason: reasonComma}},
		{"an element starting with a space", second(EncodeList([]string{"a", " b"})), ValueError{Index: 1, Reason: reasonTrimmed}},
		{"an element ending with a tab", second(EncodeList([]string{"a\t"})), ValueError{Index: 0, Reason: reasonTrimmed}},
		{"an empty element", second(EncodeList([]string{"a", ""})), ValueError{Index: 1, Reason: reasonEmpty}},
		{"text that is not UTF-8", second(EncodeList([]string{"\xff"})), ValueError{Index: 0, Reason: reasonNotUTF8}},
		{"a tag value starting with a space", second(EncodeMap(map[string]string{"Team": " leading"})),
			ValueError{Index: -1, Key: "Team", Reason: reasonTrimmed}},
		{"a key with '='", second(EncodeMap(map[string]string{"a=b": "c"})), ValueError{Index: -1, Key: "a=b", InKey: true, Reason: reasonEqualKey}},
		{"an empty key", second(EncodeMap(map[string]string{"": "c"})), ValueError{Index: -1, InKey: true, Reason: reasonEmptyKey}},
		{"a scope with a space", second(EncodeSpaceList([]string{"openid email"})),
			ValueError{Index: 0, Reason: "holds white space, where the identity provider splits the list"}},
		{"a port given twice", second(EncodeListenPorts([]ListenPort{{"HTTP", 80}, {"HTTPS", 80}})),
			ValueError{Index: 1, Reason: "port 80 is given twice, and the AWS Load Balancer Controller keeps one listener per port"}},
		{"a mutual TLS port given twice", second(EncodeMutualAuthentication([]MutualAuthentication{{Port: 443, Mode: "off"}, {Port: 443, Mode: "passthrough"}})),
			ValueError{Index: 1, Reason: "port 443 is given twice, and the AWS Load Balancer Controller keeps one entry per port"}},
	} {
		if got := ValueErrors(c.err); len(got) != 1 || *got[0] != c.at {
			t.Errorf("%s: got %v, want %+v", c.name, c.err, c.at)
		}
	}
	_, err := EncodeAction(Action{Type: ActionFixedResponse, FixedResponseConfig: &FixedResponseConfig{StatusCode: "200", MessageBody: ptr("\xffbody")}})
	if want := "fixedResponseConfig.messageBody " + reasonNotUTF8; err == nil || err.Error() != want {
		t.Errorf("EncodeAction of a body that is not UTF-8 (JSON would carry it changed): %v, want %q", err, want)
	}
}

// Values the controller's parser would have changed before the map format
// escaped them, and now reads back as they are.
func TestEncodeMapEscapes(t *testing.T) {
	for _, c := range []struct {
		in   map[string]string
		want string
	}{
		{map[string]string{"path": `C:\logs\web`}, `path=C:\\logs\\web`},
		{map[string]string{"b": "x,y", "a": "1"}, `a=1,b=x\,y`},
		{map[string]string{"k,1": "v=w"}, `k\,1=v=w`},
		{map[string]string{"empty": ""}, "empty="},
	} {
		got, err := EncodeMap(c.in)
		if err != nil || got != c.want {
			t.Errorf("EncodeMap(%v) = %q, %v; want %q", c.in, got, err, c.want)
			continue
		}
		if back, err := DecodeMap(got); err != nil || !reflect.DeepEqual(back, c.in) {
			t.Errorf("DecodeMap(%q) = %v, %v; want %v", got, back, err, c.in)
		}
	}
}

// The JSON values lbo writes are the bytes the golden files hold; the
// decoders read them back.
func TestJSONFormats(t *testing.T) {
	ports, err := EncodeListenPorts([]ListenPort{{"HTTP", 80}, {"HTTPS", 443}})
	if want := `[{"HTTP":80},{"HTTPS":443}]`; err != nil || ports != want {
		t.Errorf("EncodeListenPorts = %s, %v; want %s", ports, err, want)
	}
	if got, err := DecodeListenPorts(`[{"HTTPS":443,"HTTP":80}]`); err != nil || !reflect.DeepEqual(got, []ListenPort{{"HTTP", 80}, {"HTTPS", 443}}) {
		t.Errorf("DecodeListenPorts of one entry with two ports = %v, %v", got, err)
	}
	redirect, err := EncodeAction(Action{Type: ActionRedirect, RedirectConfig: &RedirectConfig{Protocol: ptr("HTTPS"), Query: ptr(""), StatusCode: EncodeRedirectStatus(301)}})
	if want := `{"type":"redirect","redirectConfig":{"protocol":"HTTPS","query":"","statusCode":"HTTP_301"}}`; err != nil || redirect != want {
		t.Errorf("EncodeAction(redirect) = %s, %v; want %s (an empty query is kept: it removes the query)", redirect, err, want)
	}
	conds, err := DecodeConditions(`[{"field":"source-ip","sourceIPConfig":{"values":["10.0.0.0/8"]}}]`)
	if err != nil || len(conds) != 1 || conds[0].SourceIPConfig == nil {
		t.Errorf("DecodeConditions reads the controller's own spelling sourceIPConfig: %v, %v", conds, err)
	}
	for _, in := range []string{`{"type":"forward","targetGroupARN":"arn"}`, `{"type":"forward"} x`, `{"type":`} {
		if _, err := DecodeAction(in); err == nil {
			t.Errorf("DecodeAction(%s): want an error (a field lbo does not carry, data after the value, or bad JSON)", in)
		}
	}
}

func second(_ string, err error) error { return err }

func ptr[T any](v T) *T { return &v }

func TestCheckRegex(t *testing.T) {
	for _, c := range []struct {
		re string
		ok bool
	}{
		{`^/api/(.+)$`, true},
		{`^(.+)\.example\.com$`, true},
		{`(?i)^/Docs`, true},
		{`[[:alpha:]]+`, true},
		{`\\p`, true}, // an escaped backslash, then p
		{`^/a(?=b)`, false},
		{`(?<=a)b`, false},
		{`(a)\1`, false},
		{`(?>a)`, false},
		{`a*+`, false},
		{`(?R)`, false},
		{`\p{L}+`, false},
		{`[\PL]`, false},
		{`(`, false},
	} {
		if got := CheckRegex(c.re); (got == "") != c.ok {
			t.Errorf("CheckRegex(%q) = %q, want ok %v", c.re, got, c.ok)
		}
	}
}
