package lbc

import (
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Writer writes the annotations of one object through the encoders. A value
// an encoder refuses is not written: it becomes a problem naming the
// LoadBalancer field it came from, so that the expansion refuses the
// LoadBalancer instead of writing what the controller would read otherwise.
// Empty and nil values write nothing, so that an unset field writes no
// annotation.
type Writer struct {
	// Annotations receives the annotations.
	Annotations map[string]string
	// Problems receives the values that cannot be carried, each once.
	Problems *field.ErrorList
}

// Set writes an encoded value, or the encoder's error as a problem naming
// path, whose value is value.
func (w Writer) Set(key string, path *field.Path, value any, encoded string, err error) {
	if err != nil {
		w.refuse(key, path, value, err)
		return
	}
	w.Annotations[key] = encoded
}

// String writes a string the controller reads as it is.
func (w Writer) String(key, value string, path *field.Path) {
	if value == "" {
		return
	}
	v, err := EncodeString(value)
	w.Set(key, path, value, v, err)
}

// Bool writes true or false.
func (w Writer) Bool(key string, value *bool) {
	if value != nil {
		w.Annotations[key] = EncodeBool(*value)
	}
}

// Int writes a whole number.
func (w Writer) Int(key string, value *int32) {
	if value != nil {
		w.Annotations[key] = EncodeInt(*value)
	}
}

// OnOff writes on or off.
func (w Writer) OnOff(key string, value *bool) {
	if value != nil {
		w.Annotations[key] = EncodeOnOff(*value)
	}
}

// List writes a comma-separated list of the elements of the list field at
// path.
func (w Writer) List(key string, values []string, path *field.Path) {
	paths := make([]*field.Path, len(values))
	for i := range values {
		paths[i] = path.Index(i)
	}
	w.ListAt(key, values, paths)
}

// ListAt writes a comma-separated list whose elements come from the fields
// at paths, one for each.
func (w Writer) ListAt(key string, values []string, paths []*field.Path) {
	if len(values) == 0 {
		return
	}
	v, err := EncodeList(values)
	w.element(key, values, paths, v, err)
}

// SpaceList writes a space-separated list of the elements of the list field
// at path.
func (w Writer) SpaceList(key string, values []string, path *field.Path) {
	if len(values) == 0 {
		return
	}
	paths := make([]*field.Path, len(values))
	for i := range values {
		paths[i] = path.Index(i)
	}
	v, err := EncodeSpaceList(values)
	w.element(key, values, paths, v, err)
}

// Map writes a key=value list of the map field at path; a problem names the
// entry, path[key].
func (w Writer) Map(key string, values map[string]string, path *field.Path) {
	if len(values) == 0 {
		return
	}
	v, err := EncodeMap(values)
	if err == nil {
		w.Annotations[key] = v
		return
	}
	for _, ve := range ValueErrors(err) {
		value := values[ve.Key]
		if ve.InKey {
			value = ve.Key
		}
		w.refuse(key, path.Key(ve.Key), value, errors.New(ve.Reason))
	}
}

// element writes a list's encoding, or refuses the elements the error
// names.
func (w Writer) element(key string, values []string, paths []*field.Path, encoded string, err error) {
	if err == nil {
		w.Annotations[key] = encoded
		return
	}
	for _, ve := range ValueErrors(err) {
		if ve.Index >= 0 && ve.Index < len(values) {
			w.refuse(key, paths[ve.Index], values[ve.Index], errors.New(ve.Reason))
		}
	}
}

// refuse records that the value of the field at path cannot be carried in
// annotation key.
func (w Writer) refuse(key string, path *field.Path, value any, err error) {
	p := field.Invalid(path, value, fmt.Sprintf("cannot be carried in annotation %s: %v", key, err))
	for _, q := range *w.Problems {
		if q.Field == p.Field && q.Detail == p.Detail {
			return
		}
	}
	*w.Problems = append(*w.Problems, p)
}
