package controllers

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
)

// unstructuredUpToDate tells, for an object lbo writes without Go types (the
// AWS Load Balancer Controller's configuration objects), whether server-side
// apply of want would change nothing: want's every value is live's, and
// every field lbo's field manager owns in live is still in want (else the
// apply would remove it). The objects' lists are atomic in their CRDs, so a
// list is compared whole; a map may hold more than want (another manager's
// keys, the CRD's defaults). A field someone else changed differs from want
// and is applied over, as for the typed children.
func unstructuredUpToDate(live *unstructured.Unstructured, want map[string]any) (bool, error) {
	if !contains(live.Object, want, true) {
		return false, nil
	}
	for _, mf := range live.GetManagedFields() {
		if mf.Manager != lbov1.FieldManager || mf.Subresource != "" || mf.FieldsV1 == nil {
			continue
		}
		var owned map[string]any
		if err := json.Unmarshal(mf.FieldsV1.Raw, &owned); err != nil {
			return false, fmt.Errorf("reading the fields lbo manages in %s %s: %w", live.GetKind(), live.GetName(), err)
		}
		if !ownedIn(owned, want) {
			return false, nil
		}
	}
	return true, nil
}

// contains tells whether have holds want: the same scalars and lists, and
// maps with at least want's keys (top: apiVersion and kind aside, which the
// cache may leave out of an object it decoded).
func contains(have, want any, top bool) bool {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if top && (k == "apiVersion" || k == "kind") {
				continue
			}
			hv, ok := h[k]
			if !ok || !contains(hv, wv, false) {
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
			if !contains(h[i], w[i], false) {
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

// ownedIn tells whether every field of a managedFields set ("f:name" keys)
// is in want. Keyed list items ("k:", "v:", "i:") are the lists' business,
// compared whole by contains.
func ownedIn(owned map[string]any, want any) bool {
	w, ok := want.(map[string]any)
	if !ok {
		return false
	}
	for k, sub := range owned {
		name, ok := strings.CutPrefix(k, "f:")
		if !ok {
			continue
		}
		wv, ok := w[name]
		if !ok {
			return false
		}
		if m, ok := sub.(map[string]any); ok && hasFields(m) {
			if !ownedIn(m, wv) {
				return false
			}
		}
	}
	return true
}

// hasFields tells whether a managedFields set has named fields under it.
func hasFields(set map[string]any) bool {
	for k := range set {
		if strings.HasPrefix(k, "f:") {
			return true
		}
	}
	return false
}
