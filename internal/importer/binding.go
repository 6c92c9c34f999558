package importer

import (
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// importBindings turns the TargetGroupBindings of the input into target
// groups that exist in AWS, with the backend whose targets they register:
// added to the imported LoadBalancer (by namespace/name in byName) that lbo
// made them for, or to LoadBalancers of layer External it returns: one per
// LoadBalancer lbo made them for that the input does not hold, one per
// binding made by hand. The controller's own bindings, of the load balancers
// it makes, are left alone.
func importBindings(in *input, byName map[string]*lbov1.LoadBalancer) ([]*lbov1.LoadBalancer, []Note) {
	var external []*lbov1.LoadBalancer
	var notes []Note
	for _, b := range in.bindings {
		if controllersBinding(b) {
			continue
		}
		object := objectName(b)
		if owner := controllingLoadBalancer(b); owner != "" {
			notes = append(notes, Note{Object: object, Message: "not imported: lbo already manages it for LoadBalancer " + owner})
			continue
		}
		var spec lbc.TargetGroupBindingSpec
		raw, _, _ := unstructured.NestedMap(b.Object, "spec")
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, &spec); err != nil {
			notes = append(notes, Note{Object: object, Field: "spec", Message: "not imported: " + err.Error()})
			continue
		}
		notes = append(notes, bindingSpecNotes(object, raw)...)
		lbName := b.GetName()
		if l := b.GetLabels(); l[lbov1.LabelManagedBy] == lbov1.ManagedByValue && l[lbov1.LabelLoadBalancer] != "" {
			lbName = l[lbov1.LabelLoadBalancer]
		}
		lb := byName[b.GetNamespace()+"/"+lbName]
		if lb == nil {
			lb = newLoadBalancer(b, lbov1.LayerExternal)
			lb.Name = lbName
			lb.Spec.TargetType = lbov1.TargetType(spec.TargetType)
			byName[lb.Namespace+"/"+lb.Name] = lb
			external = append(external, lb)
		}
		notes = append(notes, bindTargetGroup(in, lb, b, object, spec)...)
		notes = append(notes, metadataNotes(b, object, map[string]bool{})...)
	}
	return external, notes
}

// controllersBinding says whether the AWS Load Balancer Controller made b for
// a load balancer of its own: it labels those with its stack
// (<prefix>.k8s.aws/stack-name, or /stack).
func controllersBinding(b *unstructured.Unstructured) bool {
	for k := range b.GetLabels() {
		if prefix, name, ok := strings.Cut(k, "/"); ok && strings.HasSuffix(prefix, ".k8s.aws") && (name == "stack" || name == "stack-name") {
			return true
		}
	}
	return false
}

// bindingSpecNotes names the fields of a binding's spec lbo does not carry.
// targetType and the fields the controller's webhook fills in from the
// target group (ipAddressType, vpcID, targetGroupProtocol) are not named.
func bindingSpecNotes(object string, raw map[string]any) []Note {
	left := map[string]any{}
	for k, v := range raw {
		switch k {
		case "targetGroupARN", "targetGroupName", "targetType", "serviceRef", "nodeSelector", "multiClusterTargetGroup",
			"ipAddressType", "vpcID", "targetGroupProtocol":
		default:
			left[k] = v
		}
	}
	return leftoverNotes(object, "spec", left)
}

// bindTargetGroup adds the target group of binding b to lb: the existing one
// lb forwards to, with the binding's backend, or a new one.
func bindTargetGroup(in *input, lb *lbov1.LoadBalancer, b *unstructured.Unstructured, object string, spec lbc.TargetGroupBindingSpec) []Note {
	var notes []Note
	note := func(field, msg string) { notes = append(notes, Note{Object: object, Field: field, Message: msg}) }
	existing := lbov1.ExistingTargetGroup{ARN: spec.TargetGroupARN}
	if existing.ARN == "" {
		existing.Name = spec.TargetGroupName
	} else if spec.TargetGroupName != "" {
		note("spec.targetGroupName", "not carried over: the binding's targetGroupARN names the same target group")
	}
	// The backend: the Service lbo made for the binding (its pods by
	// selector), or the Service it names.
	var backend lbov1.Backend
	ref := spec.ServiceRef
	if ref.Port.Type == intstr.String {
		note("spec.serviceRef.port", fmt.Sprintf("not imported: the Service port is named %q; lbo's target groups give its number", ref.Port.StrVal))
		return notes
	}
	svc := in.service(b.GetNamespace(), ref.Name)
	if svc != nil && ref.Name == b.GetName() && madeByLBO(svc, lb.Name) && len(svc.Spec.Ports) == 1 && svc.Spec.Ports[0].Port == ref.Port.IntVal {
		backend = lbov1.Backend{Selector: svc.Spec.Selector, Port: svc.Spec.Ports[0].Port}
	} else {
		backend = lbov1.Backend{Service: &lbov1.ServiceBackend{Name: ref.Name, Port: ref.Port.IntVal}}
	}
	name := b.GetName()
	if madeByLBO(b, lb.Name) {
		name = strings.TrimPrefix(name, lb.Name+"-")
	}
	if lb.Spec.Layer != lbov1.LayerExternal && spec.TargetType != "" && spec.TargetType != string(lb.Spec.TargetType) {
		note("spec.targetType", fmt.Sprintf("not carried over: lbo registers %s targets for its LoadBalancer, as its load balancer's", lb.Spec.TargetType))
	} else if lb.Spec.Layer == lbov1.LayerExternal && spec.TargetType != string(lb.Spec.TargetType) {
		note("spec.targetType", fmt.Sprintf("not carried over: another binding of LoadBalancer %s registers %s targets, and a LoadBalancer has one targetType", lb.Name, lb.Spec.TargetType))
	}
	if sel := spec.NodeSelector; sel != nil {
		if len(sel.MatchExpressions) > 0 {
			note("spec.nodeSelector.matchExpressions", "not carried over: lbo picks the nodes of instance targets by labels (spec.targetNodeLabels)")
		}
		if len(sel.MatchLabels) > 0 {
			labels := map[string]lbov1.LabelValue{}
			for k, v := range sel.MatchLabels {
				labels[k] = lbov1.LabelValue(v)
			}
			lb.Spec.TargetNodeLabels = labels
		}
	}
	if spec.MultiClusterTargetGroup {
		lb.Spec.MultiClusterTargetGroups = true
	}
	tgs := &lb.Spec.TargetGroups
	i := slices.IndexFunc(*tgs, func(t lbov1.TargetGroup) bool { return t.Existing != nil && *t.Existing == existing })
	if i < 0 {
		*tgs = append(*tgs, lbov1.TargetGroup{Existing: &existing})
		i = len(*tgs) - 1
	}
	tg := &(*tgs)[i]
	if slices.ContainsFunc(*tgs, func(t lbov1.TargetGroup) bool { return t.Name == name && t.Name != tg.Name }) {
		note("metadata.name", "not carried over as the target group's name: another target group has it")
		name = tg.Name
	}
	renameTargetGroup(lb, tg.Name, name)
	tg.Name, tg.Backend = name, backend
	return notes
}

// renameTargetGroup makes the actions of lb that name target group from name
// it to.
func renameTargetGroup(lb *lbov1.LoadBalancer, from, to string) {
	if from == "" || from == to {
		return
	}
	rename := func(a *lbov1.Action) {
		if a == nil || a.Forward == nil {
			return
		}
		if a.Forward.TargetGroup == from {
			a.Forward.TargetGroup = to
		}
		for i := range a.Forward.TargetGroups {
			if a.Forward.TargetGroups[i].Name == from {
				a.Forward.TargetGroups[i].Name = to
			}
		}
	}
	for i := range lb.Spec.Listeners {
		rename(lb.Spec.Listeners[i].DefaultAction)
	}
	for i := range lb.Spec.Rules {
		rename(&lb.Spec.Rules[i].Action)
	}
}
