package lbc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The JSON annotations of the controller: listen-ports, actions.<name>,
// conditions.<name>, transforms.<name>, auth-idp-oidc, auth-idp-cognito,
// jwt-validation and mutual-authentication on Ingresses, and
// actions.<protocol>-<port> on Services. The controller reads them with json.Unmarshal into
// its own types (pkg/ingress/config_types.go and the model builders); the
// types here have the same JSON shape, limited to the fields lbo writes.
//
// json.Unmarshal matches field names case-insensitively and ignores unknown
// fields. The decoders here are stricter in one way: a field these types do
// not have is an error, so that the importer can name what it does not carry.

// encodeJSON marshals v and refuses it when decoding the result would not
// give v again: what JSON cannot carry is text that is not UTF-8, which
// json.Marshal silently replaces.
func encodeJSON[T any](v T) (string, error) {
	if where, bad := invalidUTF8(reflect.ValueOf(v), ""); bad {
		return "", valueError(where + " " + reasonNotUTF8)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", valueError(err.Error())
	}
	var back T
	if err := decodeJSON(string(b), &back); err != nil || !equality.Semantic.DeepEqual(back, v) {
		return "", valueError("would be read back differently from " + string(b))
	}
	return string(b), nil
}

// decodeJSON decodes value into v, refusing unknown fields and anything after
// the value, as json.Unmarshal refuses trailing data.
func decodeJSON(value string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(value)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}

// decodeAs decodes value into a new T.
func decodeAs[T any](value string) (T, error) {
	var v T
	err := decodeJSON(value, &v)
	return v, err
}

// invalidUTF8 finds a string in v that is not UTF-8, and says where.
func invalidUTF8(v reflect.Value, where string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return where, true
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return invalidUTF8(v.Elem(), where)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if w, bad := invalidUTF8(v.Index(i), fmt.Sprintf("%s[%d]", where, i)); bad {
				return w, true
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if w, bad := invalidUTF8(k, where+" key"); bad {
				return w, true
			}
			if w, bad := invalidUTF8(v.MapIndex(k), fmt.Sprintf("%s[%v]", where, k)); bad {
				return w, true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" {
				name = tag
			}
			if where != "" {
				name = where + "." + name
			}
			if w, bad := invalidUTF8(v.Field(i), name); bad {
				return w, true
			}
		}
	}
	return "", false
}

// ListenPort is one listener of listen-ports.
type ListenPort struct {
	// Protocol is HTTP or HTTPS.
	Protocol string
	// Port is the listener's port.
	Port int32
}

// EncodeListenPorts writes listen-ports: a JSON list of one-entry objects,
// [{"HTTP":80},{"HTTPS":443}]. The controller keeps one listener per port
// (the last entry naming it), so a port given twice cannot be carried.
func EncodeListenPorts(ports []ListenPort) (string, error) {
	entries := make([]map[string]int32, len(ports))
	for i, p := range ports {
		if slices.ContainsFunc(ports[:i], func(q ListenPort) bool { return q.Port == p.Port }) {
			return "", &ValueError{Index: i, Reason: "port " + EncodeInt(p.Port) + " is given twice, and the AWS Load Balancer Controller keeps one listener per port"}
		}
		entries[i] = map[string]int32{p.Protocol: p.Port}
	}
	return encodeJSON(entries)
}

// DecodeListenPorts reads listen-ports: every protocol and port of every
// entry, in order (an entry's own keys sorted).
func DecodeListenPorts(value string) ([]ListenPort, error) {
	var entries []map[string]int32
	if err := decodeJSON(value, &entries); err != nil {
		return nil, err
	}
	var ports []ListenPort
	for _, e := range entries {
		for _, proto := range slices.Sorted(maps.Keys(e)) {
			ports = append(ports, ListenPort{Protocol: proto, Port: e[proto]})
		}
	}
	return ports, nil
}

// Action types of an Action.
const (
	ActionForward       = "forward"
	ActionRedirect      = "redirect"
	ActionFixedResponse = "fixed-response"
)

// Action is the value of actions.<name>: one of a forward, a redirect or a
// fixed response.
type Action struct {
	Type                string               `json:"type"`
	ForwardConfig       *ForwardConfig       `json:"forwardConfig,omitempty"`
	RedirectConfig      *RedirectConfig      `json:"redirectConfig,omitempty"`
	FixedResponseConfig *FixedResponseConfig `json:"fixedResponseConfig,omitempty"`
}

// ForwardConfig forwards to weighted target groups, each a Service and port.
type ForwardConfig struct {
	TargetGroups                []TargetGroupTuple     `json:"targetGroups"`
	TargetGroupStickinessConfig *TargetGroupStickiness `json:"targetGroupStickinessConfig,omitempty"`
}

// TargetGroupTuple is one target group of a forward and its weight (the
// controller requires weights when there are several): a Service port, or a
// target group that exists in AWS, by ARN or name. The controller refuses a
// tuple that gives both a Service and a target group (a key present with an
// empty value counts), so the fields not used are left out.
type TargetGroupTuple struct {
	ServiceName     string             `json:"serviceName,omitempty"`
	ServicePort     intstr.IntOrString `json:"servicePort,omitzero"`
	TargetGroupARN  string             `json:"targetGroupARN,omitempty"`
	TargetGroupName string             `json:"targetGroupName,omitempty"`
	Weight          *int32             `json:"weight,omitempty"`
}

// TargetGroupStickiness binds a client to one target group of a forward.
type TargetGroupStickiness struct {
	Enabled         bool   `json:"enabled"`
	DurationSeconds *int32 `json:"durationSeconds,omitempty"`
}

// RedirectConfig redirects. A field left nil keeps the request's own value;
// the controller tells nil from "" (an empty query removes the query).
type RedirectConfig struct {
	Protocol   *string `json:"protocol,omitempty"`
	Host       *string `json:"host,omitempty"`
	Port       *string `json:"port,omitempty"`
	Path       *string `json:"path,omitempty"`
	Query      *string `json:"query,omitempty"`
	StatusCode string  `json:"statusCode"`
}

// FixedResponseConfig answers with a fixed response.
type FixedResponseConfig struct {
	ContentType *string `json:"contentType,omitempty"`
	StatusCode  string  `json:"statusCode"`
	MessageBody *string `json:"messageBody,omitempty"`
}

// EncodeRedirectStatus writes a redirect's status code as the controller
// takes it: HTTP_301 or HTTP_302.
func EncodeRedirectStatus(code int32) string { return "HTTP_" + EncodeInt(code) }

// DecodeRedirectStatus reads a redirect's status code.
func DecodeRedirectStatus(value string) (int32, error) {
	switch value {
	case "HTTP_301":
		return 301, nil
	case "HTTP_302":
		return 302, nil
	}
	return 0, fmt.Errorf("redirect statusCode %q is neither HTTP_301 nor HTTP_302", value)
}

// EncodeAction writes actions.<name>.
func EncodeAction(a Action) (string, error) { return encodeJSON(a) }

// DecodeAction reads actions.<name>.
func DecodeAction(value string) (Action, error) { return decodeAs[Action](value) }

// Condition fields of a Condition.
const (
	ConditionHostHeader        = "host-header"
	ConditionHTTPHeader        = "http-header"
	ConditionQueryString       = "query-string"
	ConditionHTTPRequestMethod = "http-request-method"
	ConditionSourceIP          = "source-ip"
	ConditionPathPattern       = "path-pattern"
)

// Condition is one element of conditions.<name>: a field and its config.
// The controller's field for source-ip is sourceIPConfig; lbo has always
// written sourceIpConfig, which json.Unmarshal matches all the same (it
// ignores case).
type Condition struct {
	Field                   string             `json:"field"`
	HostHeaderConfig        *ValuesConfig      `json:"hostHeaderConfig,omitempty"`
	HTTPHeaderConfig        *HTTPHeaderConfig  `json:"httpHeaderConfig,omitempty"`
	QueryStringConfig       *QueryStringConfig `json:"queryStringConfig,omitempty"`
	HTTPRequestMethodConfig *ValuesConfig      `json:"httpRequestMethodConfig,omitempty"`
	SourceIPConfig          *ValuesConfig      `json:"sourceIpConfig,omitempty"`
	// PathPatternConfig is never written: lbo gives paths in the Ingress
	// rule. It is read, so that the importer can say it does not carry it.
	PathPatternConfig *ValuesConfig `json:"pathPatternConfig,omitempty"`
}

// ValuesConfig is a condition's list of values, any of which matches:
// patterns with the wildcards '*' and '?' in Values, or regular expressions
// in RegexValues (host-header and path-pattern only). The controller refuses
// a condition with both, or with neither.
type ValuesConfig struct {
	Values      []string `json:"values,omitempty"`
	RegexValues []string `json:"regexValues,omitempty"`
}

// HTTPHeaderConfig matches a header by name, with Values or RegexValues as
// ValuesConfig.
type HTTPHeaderConfig struct {
	Name        string   `json:"httpHeaderName"`
	Values      []string `json:"values,omitempty"`
	RegexValues []string `json:"regexValues,omitempty"`
}

// QueryStringConfig matches query string pairs.
type QueryStringConfig struct {
	Values []QueryStringKeyValue `json:"values"`
}

// QueryStringKeyValue is one query string pair; an empty key matches any.
type QueryStringKeyValue struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value"`
}

// EncodeConditions writes conditions.<name>.
func EncodeConditions(c []Condition) (string, error) { return encodeJSON(c) }

// DecodeConditions reads conditions.<name>.
func DecodeConditions(value string) ([]Condition, error) { return decodeAs[[]Condition](value) }

// OIDC is the value of auth-idp-oidc. The client ID and secret are in the
// Secret SecretName, which the controller reads. The controller passes
// AuthenticationRequestExtraParams to AWS as they are: the query parameters
// added to the redirect to the authorization endpoint.
type OIDC struct {
	Issuer                           string            `json:"issuer"`
	AuthorizationEndpoint            string            `json:"authorizationEndpoint"`
	TokenEndpoint                    string            `json:"tokenEndpoint"`
	UserInfoEndpoint                 string            `json:"userInfoEndpoint"`
	SecretName                       string            `json:"secretName"`
	AuthenticationRequestExtraParams map[string]string `json:"authenticationRequestExtraParams,omitempty"`
}

// EncodeOIDC writes auth-idp-oidc.
func EncodeOIDC(o OIDC) (string, error) { return encodeJSON(o) }

// DecodeOIDC reads auth-idp-oidc.
func DecodeOIDC(value string) (OIDC, error) { return decodeAs[OIDC](value) }

// Cognito is the value of auth-idp-cognito, with the same extra parameters
// as OIDC.
type Cognito struct {
	UserPoolARN                      string            `json:"userPoolARN"`
	UserPoolClientID                 string            `json:"userPoolClientID"`
	UserPoolDomain                   string            `json:"userPoolDomain"`
	AuthenticationRequestExtraParams map[string]string `json:"authenticationRequestExtraParams,omitempty"`
}

// EncodeCognito writes auth-idp-cognito.
func EncodeCognito(c Cognito) (string, error) { return encodeJSON(c) }

// DecodeCognito reads auth-idp-cognito.
func DecodeCognito(value string) (Cognito, error) { return decodeAs[Cognito](value) }

// MutualAuthentication is one entry of mutual-authentication: the mutual TLS
// of the HTTPS listener on Port.
type MutualAuthentication struct {
	Port                          int32  `json:"port"`
	Mode                          string `json:"mode"`
	TrustStore                    string `json:"trustStore,omitempty"`
	IgnoreClientCertificateExpiry *bool  `json:"ignoreClientCertificateExpiry,omitempty"`
	// AdvertiseTrustStoreCANames is on, off or empty.
	AdvertiseTrustStoreCANames string `json:"advertiseTrustStoreCaNames,omitempty"`
}

// EncodeMutualAuthentication writes mutual-authentication. The controller
// keeps one entry per port (the last), so a port given twice cannot be
// carried.
func EncodeMutualAuthentication(entries []MutualAuthentication) (string, error) {
	for i, e := range entries {
		if slices.ContainsFunc(entries[:i], func(f MutualAuthentication) bool { return f.Port == e.Port }) {
			return "", &ValueError{Index: i, Reason: "port " + strconv.Itoa(int(e.Port)) + " is given twice, and the AWS Load Balancer Controller keeps one entry per port"}
		}
	}
	return encodeJSON(entries)
}

// DecodeMutualAuthentication reads mutual-authentication.
func DecodeMutualAuthentication(value string) ([]MutualAuthentication, error) {
	return decodeAs[[]MutualAuthentication](value)
}

// Transform types of a Transform.
const (
	TransformHostHeaderRewrite = "host-header-rewrite"
	TransformURLRewrite        = "url-rewrite"
)

// Transform is one element of transforms.<name>: a rewrite of the host
// header or of the URL of the requests a rule forwards. AWS takes at most one
// of each type per rule.
type Transform struct {
	Type                    string         `json:"type"`
	HostHeaderRewriteConfig *RewriteConfig `json:"hostHeaderRewriteConfig,omitempty"`
	URLRewriteConfig        *RewriteConfig `json:"urlRewriteConfig,omitempty"`
}

// RewriteConfig holds the rewrites of a transform; the controller refuses
// an empty list.
type RewriteConfig struct {
	Rewrites []Rewrite `json:"rewrites"`
}

// Rewrite replaces what Regex matches with Replace, in which $1, $2, ...
// are the regular expression's groups.
type Rewrite struct {
	Regex   string `json:"regex"`
	Replace string `json:"replace"`
}

// EncodeTransforms writes transforms.<name>.
func EncodeTransforms(t []Transform) (string, error) { return encodeJSON(t) }

// DecodeTransforms reads transforms.<name>.
func DecodeTransforms(value string) ([]Transform, error) { return decodeAs[[]Transform](value) }

// JWT claim formats of a JWTClaim.
const (
	JWTClaimSingleString         = "single-string"
	JWTClaimStringArray          = "string-array"
	JWTClaimSpaceSeparatedValues = "space-separated-values"
)

// JWTValidation is the value of jwt-validation: the controller puts a
// jwt-validation action before the action of every rule and default action
// of the Ingress on its HTTPS listeners, and refuses it beside authentication
// (auth-type) on the same action.
type JWTValidation struct {
	JWKSEndpoint     string     `json:"jwksEndpoint"`
	Issuer           string     `json:"issuer"`
	AdditionalClaims []JWTClaim `json:"additionalClaims,omitempty"`
}

// JWTClaim is a claim the token must carry with one of Values, in Format.
type JWTClaim struct {
	Format string   `json:"format"`
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// EncodeJWTValidation writes jwt-validation.
func EncodeJWTValidation(j JWTValidation) (string, error) { return encodeJSON(j) }

// DecodeJWTValidation reads jwt-validation.
func DecodeJWTValidation(value string) (JWTValidation, error) { return decodeAs[JWTValidation](value) }

// ServiceAction is the value of a Service's actions.<protocol>-<port>: the
// weighted forward of that NLB listener. The controller always forwards to
// the target group of the Service's own port, with BaseServiceWeight, and to
// the target groups of ForwardConfig beside it.
type ServiceAction struct {
	Type          string                `json:"type"`
	ForwardConfig *ServiceForwardConfig `json:"forwardConfig,omitempty"`
}

// ServiceForwardConfig is the forward of a ServiceAction.
type ServiceForwardConfig struct {
	BaseServiceWeight           *int32                        `json:"baseServiceWeight,omitempty"`
	TargetGroups                []ServiceTargetGroupTuple     `json:"targetGroups"`
	TargetGroupStickinessConfig *ServiceTargetGroupStickiness `json:"targetGroupStickinessConfig,omitempty"`
}

// ServiceTargetGroupTuple is one more target group of an NLB listener's
// forward: another Service's port (whose target group the controller makes
// with the settings of the Service it reads the action from) or a target
// group that exists in AWS, by ARN only. The controller refuses a tuple with
// both or neither. Decrypt makes the target group of a TLS listener TCP
// instead of TLS.
type ServiceTargetGroupTuple struct {
	TargetGroupARN string             `json:"targetGroupARN,omitempty"`
	ServiceName    string             `json:"serviceName,omitempty"`
	ServicePort    intstr.IntOrString `json:"servicePort,omitzero"`
	Decrypt        *bool              `json:"decrypt,omitempty"`
	Weight         *int32             `json:"weight,omitempty"`
}

// ServiceTargetGroupStickiness binds a client to one target group of an NLB
// listener's forward. The controller passes no duration.
type ServiceTargetGroupStickiness struct {
	Enabled *bool `json:"enabled,omitempty"`
}

// EncodeServiceAction writes actions.<protocol>-<port>.
func EncodeServiceAction(a ServiceAction) (string, error) { return encodeJSON(a) }

// DecodeServiceAction reads actions.<protocol>-<port>.
func DecodeServiceAction(value string) (ServiceAction, error) { return decodeAs[ServiceAction](value) }
