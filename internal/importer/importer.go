// Package importer turns Ingresses and Services annotated for the AWS Load
// Balancer Controller into LoadBalancers: `lbo import` without the command
// line.
//
// It is pure: objects in, LoadBalancers and notes out. Every field and
// annotation of an imported object is either carried into a LoadBalancer or
// named in a note that says why it was not; nothing is dropped silently.
package importer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/lbc"
	"github.com/lbo-dev/lbo/internal/schema"
)

// Note is something of an imported object that no LoadBalancer carries, or
// a LoadBalancer that needs a hand before it can be applied.
type Note struct {
	// Object is the imported object, as Kind namespace/name.
	Object string
	// Field is the field or annotation concerned, as a path.
	Field string
	// Message says what was not carried over and why, or what to do.
	Message string
}

func (n Note) String() string {
	if n.Field == "" {
		return n.Object + ": " + n.Message
	}
	return n.Object + ": " + n.Field + ": " + n.Message
}

// Result is what Import made of its input.
type Result struct {
	// LoadBalancers are the imported LoadBalancers, sorted by namespace and
	// name.
	LoadBalancers []*lbov1.LoadBalancer
	// Notes are what the LoadBalancers do not carry, in the order of the
	// input objects.
	Notes []Note
}

// Options tune what Import takes as the AWS Load Balancer Controller's.
type Options struct {
	// IngressClasses are the IngressClass names of the AWS Load Balancer
	// Controller; alb when empty.
	IngressClasses []string
}

// Import makes a LoadBalancer of each Ingress of the AWS Load Balancer
// Controller's class and each Service it provisions a Network Load Balancer
// for. The Services an Ingress's backends name may be part of objs: those lbo
// made for a selector target group become that target group again, and named
// ports are resolved. TargetGroupBindings that register targets in target
// groups AWS has become target groups with existing and a backend: of the
// LoadBalancer that made them, when lbo did, or of a LoadBalancer of layer
// External (one per binding made by hand). Other objects are left alone.
//
// Each LoadBalancer is checked as the API server and lbo would check it
// (defaults, OpenAPI and CEL validation, expansion); what fails is a note.
func Import(ctx context.Context, objs []client.Object, opts Options) Result {
	if len(opts.IngressClasses) == 0 {
		opts.IngressClasses = []string{lbc.ALBClass}
	}
	in := newInput(objs)
	var res Result
	type imported struct {
		lb     *lbov1.LoadBalancer
		object string
	}
	var lbs []imported
	for _, obj := range objs {
		var lb *lbov1.LoadBalancer
		var notes []Note
		switch o := obj.(type) {
		case *networkingv1.Ingress:
			if !isALBIngress(o, opts.IngressClasses) {
				continue
			}
			lb, notes = importIngress(ctx, o, in)
		case *corev1.Service:
			if o.Spec.Type != corev1.ServiceTypeLoadBalancer {
				continue
			}
			if !isNLBService(o) {
				res.Notes = append(res.Notes, Note{Object: objectName(o), Message: "not imported: a Service of type LoadBalancer that the AWS Load Balancer Controller does not provision (no loadBalancerClass " + lbc.NLBClass + " and no aws-load-balancer-type annotation external or nlb-ip)"})
				continue
			}
			lb, notes = importService(ctx, o)
		default:
			continue
		}
		if owner := controllingLoadBalancer(obj); owner != "" {
			res.Notes = append(res.Notes, Note{Object: objectName(obj), Message: "not imported: lbo already manages it for LoadBalancer " + owner})
			continue
		}
		res.Notes = append(res.Notes, notes...)
		if lb == nil {
			continue
		}
		lbs = append(lbs, imported{lb, objectName(obj)})
	}
	// TargetGroupBindings join the LoadBalancer that made them, or make
	// LoadBalancers of layer External.
	byName := map[string]*lbov1.LoadBalancer{}
	for _, i := range lbs {
		byName[i.lb.Namespace+"/"+i.lb.Name] = i.lb
	}
	external, notes := importBindings(in, byName)
	res.Notes = append(res.Notes, notes...)
	for _, lb := range external {
		lbs = append(lbs, imported{lb, "LoadBalancer " + lb.Namespace + "/" + lb.Name + " (of layer External)"})
	}
	for _, i := range lbs {
		res.Notes = append(res.Notes, check(ctx, i.lb, i.object)...)
		res.LoadBalancers = append(res.LoadBalancers, i.lb)
	}
	slices.SortStableFunc(res.LoadBalancers, func(a, b *lbov1.LoadBalancer) int {
		return cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
	return res
}

// check defaults and validates lb as the API server would and expands it as
// lbo would, and returns a note for each problem.
func check(ctx context.Context, lb *lbov1.LoadBalancer, object string) []Note {
	errs, err := validate(ctx, lb)
	if err != nil {
		return []Note{{Object: object, Message: "the LoadBalancer could not be checked: " + err.Error()}}
	}
	var notes []Note
	for _, p := range errs {
		notes = append(notes, Note{Object: object, Field: "LoadBalancer " + p.Field, Message: "the imported LoadBalancer is invalid; fix it before applying: " + p.ErrorBody()})
	}
	if len(notes) > 0 {
		return notes
	}
	for _, p := range expand.LoadBalancer(lb).Problems {
		notes = append(notes, Note{Object: object, Field: "LoadBalancer " + p.Field, Message: "lbo cannot expand the imported LoadBalancer; fix it before applying: " + p.ErrorBody()})
	}
	return notes
}

// validate defaults a copy of lb and validates it as the API server would
// (OpenAPI schema, then CEL rules), returning what it would refuse.
func validate(ctx context.Context, lb *lbov1.LoadBalancer) (field.ErrorList, error) {
	s, err := schema.LoadBalancer()
	if err != nil {
		return nil, err
	}
	// Unstructured as the API server decodes it: whole numbers as int64.
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(lb)
	if err != nil {
		return nil, err
	}
	delete(u, "status")
	if md, ok := u["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	s.Default(u)
	return s.Validate(ctx, u), nil
}

// input indexes the Services of the input by namespace and name, and holds
// its TargetGroupBindings.
type input struct {
	services map[string]*corev1.Service
	bindings []*unstructured.Unstructured
}

func newInput(objs []client.Object) *input {
	in := &input{services: map[string]*corev1.Service{}}
	for _, obj := range objs {
		switch o := obj.(type) {
		case *corev1.Service:
			in.services[o.Namespace+"/"+o.Name] = o
		case *unstructured.Unstructured:
			if o.GroupVersionKind() == lbc.TargetGroupBindingGVK {
				in.bindings = append(in.bindings, o)
			}
		}
	}
	return in
}

func (in *input) service(namespace, name string) *corev1.Service {
	return in.services[namespace+"/"+name]
}

func objectName(obj client.Object) string {
	kind := "Service"
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		kind = "Ingress"
	case *unstructured.Unstructured:
		kind = o.GetKind()
	}
	if obj.GetNamespace() == "" {
		return kind + " " + obj.GetName()
	}
	return kind + " " + obj.GetNamespace() + "/" + obj.GetName()
}

// controllingLoadBalancer is the name of the LoadBalancer that controls obj,
// if one does: lbo's children are not imported again.
func controllingLoadBalancer(obj client.Object) string {
	for _, ref := range obj.GetOwnerReferences() {
		if ref.Controller != nil && *ref.Controller && ref.Kind == "LoadBalancer" && strings.HasPrefix(ref.APIVersion, lbov1.GroupVersion.Group+"/") {
			return ref.Name
		}
	}
	return ""
}

// madeByLBO says whether obj carries the labels lbo puts on the children of
// the LoadBalancer named lb.
func madeByLBO(obj client.Object, lb string) bool {
	l := obj.GetLabels()
	return l[lbov1.LabelManagedBy] == lbov1.ManagedByValue && l[lbov1.LabelLoadBalancer] == lb
}

// newLoadBalancer starts the LoadBalancer imported from obj: same name and
// namespace, no other metadata.
func newLoadBalancer(obj client.Object, layer lbov1.Layer) *lbov1.LoadBalancer {
	lb := &lbov1.LoadBalancer{}
	lb.SetGroupVersionKind(lbov1.GroupVersion.WithKind("LoadBalancer"))
	lb.Name, lb.Namespace = obj.GetName(), obj.GetNamespace()
	lb.Spec.Layer = layer
	return lb
}

// metadataNotes are the notes for the metadata lbo does not carry: labels
// and annotations not in consumed (lbo's own labels are made again), and
// owner references. What the API server sets is not reported.
func metadataNotes(obj client.Object, object string, consumed map[string]bool) []Note {
	var notes []Note
	for _, k := range sortedKeys(obj.GetAnnotations()) {
		if consumed[k] || ignoredAnnotations[k] {
			continue
		}
		notes = append(notes, Note{Object: object, Field: "metadata.annotations[" + k + "]", Message: annotationMessage(k, obj.GetAnnotations()[k])})
	}
	for _, k := range sortedKeys(obj.GetLabels()) {
		if k == lbov1.LabelManagedBy || k == lbov1.LabelLoadBalancer {
			continue
		}
		notes = append(notes, Note{Object: object, Field: "metadata.labels[" + k + "]", Message: "not carried over: lbo labels its children with their LoadBalancer only"})
	}
	for _, ref := range obj.GetOwnerReferences() {
		notes = append(notes, Note{Object: object, Field: "metadata.ownerReferences", Message: "not carried over: owned by " + ref.Kind + " " + ref.Name})
	}
	for _, f := range obj.GetFinalizers() {
		if !controllerFinalizers[f] {
			notes = append(notes, Note{Object: object, Field: "metadata.finalizers", Message: "not carried over: " + f})
		}
	}
	return notes
}

// ignoredAnnotations are bookkeeping of tools, not configuration.
var ignoredAnnotations = map[string]bool{
	"kubectl.kubernetes.io/last-applied-configuration": true,
	lbc.IngressDryRunPlan:                              true,
}

// controllerFinalizers are the AWS Load Balancer Controller's own; it adds
// them to the objects lbo makes too.
var controllerFinalizers = map[string]bool{
	"service.k8s.aws/resources": true,
	"ingress.k8s.aws/resources": true,
	"elbv2.k8s.aws/resources":   true,
}

// annotationHints say why common annotations lbo has no field for are not
// carried over, and what to do instead.
var annotationHints = map[string]string{
	lbc.ServiceProxyProtocol:               "set spec.targetGroups[].attributes.proxyProtocolV2 on the target groups that expect the header",
	lbc.ServiceProxyProtocolPerTargetGroup: "set spec.targetGroups[].attributes.proxyProtocolV2 on the target groups that expect the header",
	lbc.ServiceAccessLogEnabled:            "it is deprecated; set spec.loadBalancerAttributes.accessLogs",
	lbc.ServiceAccessLogS3BucketName:       "it is deprecated; set spec.loadBalancerAttributes.accessLogs",
	lbc.ServiceAccessLogS3BucketPrefix:     "it is deprecated; set spec.loadBalancerAttributes.accessLogs",
	lbc.ServiceCrossZoneLoadBalancing:      "it is deprecated; set spec.loadBalancerAttributes.crossZoneLoadBalancing",
	lbc.IngressUseRegexPathMatch:           "lbo reads it with the paths it turns into Regex paths; it is false or has no ImplementationSpecific path to apply to",
}

func annotationMessage(key, value string) string {
	msg := "not carried over: lbo has no field for it"
	if hint, ok := annotationHints[key]; ok {
		msg = "not carried over: " + hint
	} else if lbc.IsIngressActionOrConditions(key) {
		msg = "not carried over: no backend names it, or the rule using it could not be carried over (see its note)"
	}
	return fmt.Sprintf("%s (value %q)", msg, value)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseInt32 parses an annotation's whole number, with a note when it is not
// one.
func parseInt32(object, key, value string, notes *[]Note) int32 {
	n, err := lbc.DecodeInt(value)
	if err != nil {
		*notes = append(*notes, Note{Object: object, Field: annotationField(key), Message: "not carried over: " + err.Error()})
		return 0
	}
	return n
}
