package controllers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/jsonvalue"
)

// gatewayUpToDate tells, for one of the Gateway backend's children, whether
// server-side apply of desired would change nothing. The API server fills
// in defaults inside the lists these kinds hold whole (a route's rules and
// references), so the fields lbo owns in live are not what it applied, and
// are not compared with desired as for Services and Ingresses. Instead:
//
//   - the hash lbo wrote with its last apply (AnnotationDesiredHash) is
//     desired's: lbo's desired object has not changed since;
//   - live holds desired's every value (a map may hold more: another
//     manager's keys, the CRD's defaults): nobody changed them;
//   - lbo's field manager still owns every field of desired: nobody took a
//     field over, not even by adding to a list lbo owns whole;
//   - every field lbo owns is still in desired.
func gatewayUpToDate(live, desired client.Object) (bool, error) {
	want, err := desiredFields(desired)
	if err != nil {
		return false, err
	}
	hash := desiredHash(want)
	if live.GetAnnotations()[lbov1.AnnotationDesiredHash] != hash {
		return false, nil
	}
	// What lbo applies: desired with its hash.
	if err := unstructured.SetNestedField(want, hash, "metadata", "annotations", lbov1.AnnotationDesiredHash); err != nil {
		return false, err
	}
	have, err := runtime.DefaultUnstructuredConverter.ToUnstructured(live)
	if err != nil {
		return false, err
	}
	// apiVersion and kind aside, which the cache may leave out of an object
	// it decoded.
	if !jsonvalue.Holds(have, withoutTypeMeta(want)) {
		return false, nil
	}
	var owned map[string]any
	for _, mf := range live.GetManagedFields() {
		if mf.Manager != lbov1.FieldManager || mf.Subresource != "" || mf.FieldsV1 == nil {
			continue
		}
		if owned != nil {
			return false, nil // lbo's fields split across entries: apply again
		}
		if err := json.Unmarshal(mf.FieldsV1.Raw, &owned); err != nil {
			return false, fmt.Errorf("reading the fields lbo manages in %s %s: %w", keyOf(desired).kind, live.GetName(), err)
		}
	}
	return owned != nil && ownedIn(owned, want) && allOwned(owned, want, ""), nil
}

// withoutTypeMeta is obj without apiVersion and kind (a shallow copy).
func withoutTypeMeta(obj map[string]any) map[string]any {
	out := maps.Clone(obj)
	delete(out, "apiVersion")
	delete(out, "kind")
	return out
}

// desiredHash is the hash of a desired object's fields (json.Marshal sorts
// the keys of maps).
func desiredHash(want map[string]any) string {
	data, err := json.Marshal(want)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// ownedIn tells whether every field of a managedFields set ("f:name" keys)
// is in want. The items of keyed lists ("k:", "v:", "i:") are compared by
// contains, which compares lists item by item.
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

// allOwned tells whether the managedFields set owned has every field of
// want (at path), down to its lists (owned whole, or item by item) and the
// fields set owns whole. apiVersion, kind, and the metadata's name and
// namespace identify the object and are in no set.
func allOwned(owned map[string]any, want any, path string) bool {
	w, ok := want.(map[string]any)
	if !ok {
		return true
	}
	for k, wv := range w {
		switch {
		case path == "" && (k == "apiVersion" || k == "kind"):
			continue
		case path == "metadata" && (k == "name" || k == "namespace"):
			continue
		}
		sub, ok := owned["f:"+k]
		if !ok {
			return false
		}
		if m, ok := sub.(map[string]any); ok && hasFields(m) {
			if !allOwned(m, wv, strings.TrimPrefix(path+"."+k, ".")) {
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
