// Package jsonvalue compares JSON values as decoded into Go (maps, lists,
// scalars), the way an object lbo applied compares with what the API server
// holds: the server adds defaults, and decodes numbers as it likes.
package jsonvalue

import (
	"encoding/json"
	"reflect"
)

// Holds tells whether have holds want: the same scalars (numbers by value,
// whatever their Go type), lists of the same length item by item, and maps
// with at least want's keys.
func Holds(have, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			hv, ok := h[k]
			if !ok || !Holds(hv, wv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for i := range w {
			if !Holds(h[i], w[i]) {
				return false
			}
		}
		return true
	default:
		return scalarEqual(have, want)
	}
}

// scalarEqual compares JSON scalars, numbers by value whatever their Go type.
func scalarEqual(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	return reflect.DeepEqual(a, b)
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case int:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}
