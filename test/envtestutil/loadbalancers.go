package envtestutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/render"
)

// ReadLoadBalancer reads the one LoadBalancer of a file (a sample) as a
// user's, for namespace ns.
func ReadLoadBalancer(t *testing.T, path, ns string) *lbov1.LoadBalancer {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lbs, err := render.Decode(context.Background(), f)
	if err != nil || len(lbs) != 1 {
		t.Fatalf("decoding %s: %d LoadBalancers, %v", path, len(lbs), err)
	}
	lbs[0].Namespace = ns
	return lbs[0]
}

// GetLoadBalancer reads lb as it stands.
func GetLoadBalancer(t *testing.T, c client.Client, lb *lbov1.LoadBalancer) *lbov1.LoadBalancer {
	t.Helper()
	got := &lbov1.LoadBalancer{}
	if err := c.Get(context.Background(), client.ObjectKeyFromObject(lb), got); err != nil {
		t.Fatal(err)
	}
	return got
}

// UpdateLoadBalancer changes lb's spec as a user would, retrying on
// conflicts with the status writes of the operator.
func UpdateLoadBalancer(t *testing.T, c client.Client, lb *lbov1.LoadBalancer, mutate func(*lbov1.LoadBalancer)) {
	t.Helper()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cur := GetLoadBalancer(t, c, lb)
		mutate(cur)
		return c.Update(context.Background(), cur)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// WaitForCondition waits until lb's condition typ has status and reason for
// lb's current generation, with a message holding each of msgs, and returns
// the LoadBalancer as it then stands.
func WaitForCondition(t *testing.T, c client.Client, lb *lbov1.LoadBalancer, typ string, status metav1.ConditionStatus, reason string, msgs ...string) *lbov1.LoadBalancer {
	t.Helper()
	var got *lbov1.LoadBalancer
	Eventually(t, typ+"="+string(status)+" ("+reason+")", func() (bool, string) {
		got = GetLoadBalancer(t, c, lb)
		cond := meta.FindStatusCondition(got.Status.Conditions, typ)
		if cond == nil {
			return false, "no condition " + typ
		}
		ok := cond.Status == status && cond.Reason == reason && cond.ObservedGeneration == got.Generation && got.Status.ObservedGeneration == got.Generation
		for _, m := range msgs {
			ok = ok && strings.Contains(cond.Message, m)
		}
		return ok, cond.String()
	})
	return got
}

// ReadObjects reads the objects of a YAML file of several documents (a
// golden file), each as JSON would decode it.
func ReadObjects(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			return objs
		} else if err != nil {
			t.Fatal(err)
		}
		var obj map[string]any
		if err := utiljson.Unmarshal(raw, &obj); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, obj)
	}
}
