package importer

import (
	"reflect"
	"testing"
)

// The controller's stringMap: pairs split on ',', then on the first '=',
// key and value trimmed; a pair without '=' or with an empty key makes the
// whole value invalid.
func TestParseStringMap(t *testing.T) {
	for _, c := range []struct {
		in   string
		want map[string]string
		err  bool
	}{
		{in: "a=1,b=2", want: map[string]string{"a": "1", "b": "2"}},
		{in: " a = 1 , b=2 ,, ", want: map[string]string{"a": "1", "b": "2"}},
		{in: "url=https://x/?q=1", want: map[string]string{"url": "https://x/?q=1"}},
		{in: "empty=", want: map[string]string{"empty": ""}},
		{in: "a=1,a=2", want: map[string]string{"a": "2"}},
		{in: "", want: map[string]string{}},
		{in: "a=1,b", err: true},
		{in: "=1", err: true},
		{in: " =1", err: true},
	} {
		got, err := parseStringMap(c.in)
		if (err != nil) != c.err || (!c.err && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("parseStringMap(%q) = %v, %v; want %v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

func TestSplitList(t *testing.T) {
	if got, want := splitList(" a ,b,, c ,"), []string{"a", "b", "c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("splitList = %q, want %q", got, want)
	}
	if got := splitList(" , "); got != nil {
		t.Errorf("splitList of separators = %q, want nothing", got)
	}
}

func TestParseOnOffAndAttributes(t *testing.T) {
	if b, err := parseOnOff(" on "); err != nil || !b {
		t.Errorf("parseOnOff(on) = %v, %v", b, err)
	}
	if b, err := parseOnOff("off"); err != nil || b {
		t.Errorf("parseOnOff(off) = %v, %v", b, err)
	}
	if _, err := parseOnOff("true"); err == nil {
		t.Error("parseOnOff(true): want an error, the controller reads on or off")
	}
	if _, err := parseAttrBool("True"); err == nil {
		t.Error("parseAttrBool(True): want an error, AWS takes true or false")
	}
	if _, err := parseAttrInt("30s"); err == nil {
		t.Error("parseAttrInt(30s): want an error")
	}
}
