package expand

import "k8s.io/apimachinery/pkg/util/validation/field"

// GroupSettingField is the LoadBalancer field that writes the group setting
// key, or nil.
func GroupSettingField(key string) *field.Path { return groupSettingFields[key] }
