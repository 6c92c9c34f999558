package lbc

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The value formats of the controller's annotations that are not JSON. Each
// has an encoder, which writes a value as lbo puts it in an annotation and
// refuses what the controller would read back differently, and a decoder,
// which reads an annotation as the controller's parser (pkg/annotations) does.
//
// Annotation values travel to the API server as JSON strings, so text that is
// not UTF-8 would reach the controller changed: every encoder refuses it.

// ValueError is a value, or one element of it, that a format cannot carry.
type ValueError struct {
	// Index is the position of the element in a list, or -1.
	Index int
	// Key is the key of the entry in a map, or "".
	Key string
	// InKey says the key of that entry is the trouble, not its value.
	InKey bool
	// Reason says how the controller would read it.
	Reason string
}

func (e *ValueError) Error() string {
	switch {
	case e.Index >= 0:
		return fmt.Sprintf("element %d: %s", e.Index, e.Reason)
	case e.InKey:
		return fmt.Sprintf("key %q: %s", e.Key, e.Reason)
	case e.Key != "":
		return fmt.Sprintf("the value of %q: %s", e.Key, e.Reason)
	}
	return e.Reason
}

func valueError(reason string) *ValueError { return &ValueError{Index: -1, Reason: reason} }

// Reasons a value cannot be carried, shared by the formats.
const (
	reasonNotUTF8  = "is not valid UTF-8, which does not survive the JSON an object is sent to the API server in"
	reasonTrimmed  = "starts or ends with a space, which the AWS Load Balancer Controller trims"
	reasonComma    = "holds a ',', where the AWS Load Balancer Controller splits the list"
	reasonEmpty    = "is empty, and the AWS Load Balancer Controller drops empty list elements"
	reasonEqualKey = "holds a '=', where the AWS Load Balancer Controller splits key from value"
	reasonEmptyKey = "is empty, which the AWS Load Balancer Controller refuses"
)

// trimmed reports whether strings.TrimSpace, which the controller applies to
// list elements and map keys and values, would change s.
func trimmed(s string) bool { return strings.TrimSpace(s) != s }

// EncodeString writes a string the controller reads as it is
// (ParseStringAnnotation: no trimming, no splitting).
func EncodeString(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", valueError(reasonNotUTF8)
	}
	return s, nil
}

// DecodeString reads a string annotation: as it is.
func DecodeString(value string) string { return value }

// EncodeBool writes a boolean as true or false.
func EncodeBool(b bool) string { return strconv.FormatBool(b) }

// DecodeBool reads a boolean annotation as the controller does: with
// strconv.ParseBool, so 1, t, T, TRUE, True and their false counterparts are
// booleans too, and surrounding spaces are an error.
func DecodeBool(value string) (bool, error) {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return false, fmt.Errorf("%q is neither true nor false", value)
	}
	return b, nil
}

// EncodeInt writes a whole number in decimal.
func EncodeInt(n int32) string { return strconv.Itoa(int(n)) }

// DecodeInt reads a whole-number annotation as the controller does: decimal,
// a sign allowed, no spaces, within int32 (ParseInt32Annotation).
func DecodeInt(value string) (int32, error) {
	n, err := strconv.ParseInt(value, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", value)
	}
	return int32(n), nil
}

// On and off are the values of the controller's on/off annotations, which it
// compares as they are.
const (
	On  = "on"
	Off = "off"
)

// EncodeOnOff writes a boolean as on or off.
func EncodeOnOff(b bool) string {
	if b {
		return On
	}
	return Off
}

// DecodeOnOff reads an on/off annotation: exactly on or off.
func DecodeOnOff(value string) (bool, error) {
	switch value {
	case On:
		return true, nil
	case Off:
		return false, nil
	}
	return false, fmt.Errorf("%q is neither on nor off", value)
}

// EncodeList writes a comma-separated list. The controller splits the value
// at every ',', trims each element of spaces and drops empty ones
// (ParseStringSliceAnnotation, which knows no escape), so an element that
// holds a comma, is empty or starts or ends with a space cannot be carried.
// An empty list encodes as "", which the controller reads as an empty list:
// callers leave the annotation out instead.
func EncodeList(values []string) (string, error) {
	return joinElements(values, ",", func(v string) string {
		switch {
		case !utf8.ValidString(v):
			return reasonNotUTF8
		case v == "":
			return reasonEmpty
		case strings.Contains(v, ","):
			return reasonComma
		case trimmed(v):
			return reasonTrimmed
		}
		return ""
	})
}

// joinElements joins values with sep, or refuses each element for which
// refuse gives a reason (errors.Join of their ValueErrors).
func joinElements(values []string, sep string, refuse func(string) string) (string, error) {
	var errs []error
	for i, v := range values {
		if reason := refuse(v); reason != "" {
			errs = append(errs, &ValueError{Index: i, Reason: reason})
		}
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return strings.Join(values, sep), nil
}

// ValueErrors are the ValueErrors in err: the one it is, or those it joins.
func ValueErrors(err error) []*ValueError {
	var out []*ValueError
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			out = append(out, ValueErrors(e)...)
		}
		return out
	}
	var ve *ValueError
	if errors.As(err, &ve) {
		out = append(out, ve)
	}
	return out
}

// DecodeList reads a comma-separated list as the controller does: split at
// every ',', elements trimmed of spaces, empty ones dropped.
func DecodeList(value string) []string {
	var out []string
	for _, part := range strings.Split(value, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// EncodeSpaceList writes a space-separated list (auth-scope). The controller
// passes the value to AWS as it is, and AWS and the identity provider split it
// at spaces, so an element that is empty or holds white space cannot be
// carried.
func EncodeSpaceList(values []string) (string, error) {
	return joinElements(values, " ", func(v string) string {
		switch {
		case !utf8.ValidString(v):
			return reasonNotUTF8
		case v == "":
			return "is empty, and the identity provider reads no element between two spaces"
		case strings.IndexFunc(v, unicode.IsSpace) >= 0:
			return "holds white space, where the identity provider splits the list"
		}
		return ""
	})
}

// DecodeSpaceList reads a space-separated list: its elements between white
// space.
func DecodeSpaceList(value string) []string { return strings.Fields(value) }

// EncodeMap writes a map as the controller's key=value list, sorted by key so
// that the annotation is stable. The controller splits the value at each ','
// and the pair at its first '=', unescaping a '\' and the character after it
// first, and trims keys and values of spaces (ParseStringMapAnnotation). So
// '\' and ',' are escaped with '\'; a key cannot hold '=' (escaped or not, it
// would split the pair) or be empty, and neither key nor value can start or
// end with a space.
func EncodeMap(m map[string]string) (string, error) {
	pairs := make([]string, 0, len(m))
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		keyReason, valueReason := "", ""
		switch {
		case !utf8.ValidString(k):
			keyReason = reasonNotUTF8
		case k == "":
			keyReason = reasonEmptyKey
		case strings.Contains(k, "="):
			keyReason = reasonEqualKey
		case trimmed(k):
			keyReason = reasonTrimmed
		case !utf8.ValidString(v):
			valueReason = reasonNotUTF8
		case trimmed(v):
			valueReason = reasonTrimmed
		}
		switch {
		case keyReason != "":
			errs = append(errs, &ValueError{Index: -1, Key: k, InKey: true, Reason: keyReason})
		case valueReason != "":
			errs = append(errs, &ValueError{Index: -1, Key: k, Reason: valueReason})
		}
		pairs = append(pairs, escapeMapText(k)+"="+escapeMapText(v))
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return strings.Join(pairs, ","), nil
}

var mapEscaper = strings.NewReplacer(`\`, `\\`, `,`, `\,`)

func escapeMapText(s string) string { return mapEscaper.Replace(s) }

// DecodeMap reads a key=value list as the controller does. Like the
// controller, it refuses the whole value when a pair has no '=' or an empty
// key, and the last of a repeated key wins.
func DecodeMap(value string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range splitPairs(value) {
		k, v, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not a key=value pair", pair)
		}
		m[k] = strings.TrimSpace(v)
	}
	return m, nil
}

// splitPairs splits a key=value list into its pairs as the controller does:
// '\' takes the next character literally; a ',' ends a pair when the rest of
// the value holds a '=' somewhere, and otherwise the rest is a malformed last
// pair (or, when nothing but spaces follows, the ',' belongs to the value).
func splitPairs(s string) []string {
	var pairs []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			cur.WriteByte(s[i+1])
			i++
		case s[i] == ',':
			rest := strings.TrimSpace(s[i+1:])
			switch {
			case strings.Contains(rest, "="):
				pairs = append(pairs, strings.TrimSpace(cur.String()))
				cur.Reset()
			case rest != "":
				return append(pairs, strings.TrimSpace(cur.String()), rest)
			default:
				cur.WriteByte(',')
			}
		default:
			cur.WriteByte(s[i])
		}
	}
	if cur.Len() > 0 {
		pairs = append(pairs, strings.TrimSpace(cur.String()))
	}
	return pairs
}

// EncodeCapacityUnits writes minimum-load-balancer-capacity: the map
// CapacityUnits=<n>.
func EncodeCapacityUnits(n int32) string { return CapacityUnits + "=" + EncodeInt(n) }

// DecodeCapacityUnits reads minimum-load-balancer-capacity as the controller
// does: a key=value list whose only key is CapacityUnits, with a whole
// number.
func DecodeCapacityUnits(value string) (int32, error) {
	m, err := DecodeMap(value)
	if err != nil {
		return 0, err
	}
	var n int32
	found := false
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k != CapacityUnits {
			return 0, fmt.Errorf("the only key is %s, not %s", CapacityUnits, k)
		}
		if n, err = DecodeInt(m[k]); err != nil {
			return 0, fmt.Errorf("%s: %w", k, err)
		}
		found = true
	}
	if !found {
		return 0, fmt.Errorf("no %s", CapacityUnits)
	}
	return n, nil
}

// EncodeHealthCheckPort writes a health check port: its number, or
// TrafficPort for 0 (the port traffic goes to).
func EncodeHealthCheckPort(port int32) string {
	if port == 0 {
		return TrafficPort
	}
	return EncodeInt(port)
}

// DecodeHealthCheckPort reads a health check port as the controller does:
// TrafficPort, a number, or else the name of a port of the Service, which
// lbo cannot carry.
func DecodeHealthCheckPort(value string) (int32, error) {
	if value == TrafficPort {
		return 0, nil
	}
	if n, err := strconv.Atoi(value); err == nil && n >= 1 && n <= 65535 {
		return int32(n), nil
	}
	return 0, fmt.Errorf("%q is neither %s nor a port number (a named port of the Service has no lbo equivalent)", value, TrafficPort)
}

// DecodeAttributeBool reads the value of a boolean AWS attribute, which AWS
// takes as true or false only ("The value is true or false", for each
// boolean attribute of
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html
// and API_TargetGroupAttribute.html). EncodeBool writes it.
func DecodeAttributeBool(value string) (bool, error) {
	switch value {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is neither true nor false", value)
}

// DecodeAttributeInt reads the value of a whole-number AWS attribute.
// EncodeInt writes it.
func DecodeAttributeInt(value string) (int32, error) { return DecodeInt(value) }
