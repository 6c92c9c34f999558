package controllers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/fields"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/controller-runtime/pkg/source"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// ReasonSuccessfullyReconciled is the reason of the Normal event the AWS Load
// Balancer Controller records on an Ingress or Service it provisioned.
const ReasonSuccessfullyReconciled = "SuccessfullyReconciled"

// What the AWS Load Balancer Controller records, and as whom. Its Ingress
// controller records core/v1 Events on every Ingress of a group with the
// recorder "ingress", its Service controller on the Service with the
// recorder "service" (the Event's source.component and reportingComponent).
// The reasons are those it defines for them; anything else recorded on a
// child (the API server's ClusterIPNotAllocated, another controller's
// events) is not the AWS Load Balancer Controller's report.
var awsControllerEvents = map[string]struct {
	component string
	reasons   []string
}{
	"Ingress": {"ingress", []string{"FailedLoadGroupID", "FailedAddFinalizer", "FailedRemoveFinalizer", "FailedUpdateStatus",
		"FailedBuildModel", "FailedDeployModel", ReasonSuccessfullyReconciled}},
	"Service": {"service", []string{"FailedAddFinalizer", "FailedRemoveFinalizer", "FailedUpdateStatus", "FailedCleanupStatus",
		"FailedBuildModel", "FailedDeployModel", ReasonSuccessfullyReconciled}},
	bindingKind: {lbc.TargetGroupBindingComponent, lbc.TargetGroupBindingEventReasons},
}

// fromAWSController tells whether ev, about a child of kind, was recorded by
// the AWS Load Balancer Controller.
func fromAWSController(kind string, ev *corev1.Event) bool {
	want, ok := awsControllerEvents[kind]
	if !ok || (ev.Source.Component != want.component && ev.ReportingController != want.component) {
		return false
	}
	return slices.Contains(want.reasons, ev.Reason)
}

// involvedObjectName indexes Events by the name of the object they are about.
const involvedObjectName = "involvedObject.name"

// eventCaches hold the Events about Ingresses and about Services, each in a
// cache of its own restricted by a field selector, so that lbo never caches
// the cluster's other Events (those about Pods are by far the most).
type eventCaches map[string]cache.Cache

// newEventCaches makes the caches of the Events about objects of kinds,
// adds them to the manager and returns sources that map an Event to the
// LoadBalancer owning the object it is about.
func newEventCaches(mgr ctrl.Manager, kinds []string, toLB handler.TypedMapFunc[*corev1.Event, reconcile.Request]) (eventCaches, []source.Source, error) {
	caches := eventCaches{}
	var sources []source.Source
	for _, kind := range kinds {
		c, err := cache.New(mgr.GetConfig(), cache.Options{
			Scheme: mgr.GetScheme(),
			Mapper: mgr.GetRESTMapper(),
			ByObject: map[client.Object]cache.ByObject{
				&corev1.Event{}: {Field: fields.OneTermEqualSelector("involvedObject.kind", kind)},
			},
		})
		if err != nil {
			return nil, nil, fmt.Errorf("making the cache of Events about %ss: %w", kind, err)
		}
		err = c.IndexField(context.Background(), &corev1.Event{}, involvedObjectName, func(obj client.Object) []string {
			return []string{obj.(*corev1.Event).InvolvedObject.Name}
		})
		if err != nil {
			return nil, nil, err
		}
		if err := mgr.Add(c); err != nil {
			return nil, nil, err
		}
		caches[kind] = c
		sources = append(sources, source.Kind(c, &corev1.Event{}, handler.TypedEnqueueRequestsFromMapFunc(toLB)))
	}
	return caches, sources, nil
}

// eventsAbout lists the AWS Load Balancer Controller's Events about obj, the
// object with obj's UID only.
func (ec eventCaches) eventsAbout(ctx context.Context, kind string, obj client.Object) ([]corev1.Event, error) {
	c, ok := ec[kind]
	if !ok {
		return nil, nil
	}
	var list corev1.EventList
	if err := c.List(ctx, &list, client.InNamespace(obj.GetNamespace()), client.MatchingFields{involvedObjectName: obj.GetName()}); err != nil {
		return nil, fmt.Errorf("listing Events about %s %s: %w", kind, obj.GetName(), err)
	}
	events := list.Items[:0]
	for _, ev := range list.Items {
		if ev.InvolvedObject.UID == obj.GetUID() && fromAWSController(kind, &ev) {
			events = append(events, ev)
		}
	}
	return events, nil
}

// awsReport is what the AWS Load Balancer Controller said about the children
// it acts on: those it provisions a load balancer from (an Ingress, or the
// Service of type LoadBalancer), and the TargetGroupBindings.
type awsReport struct {
	// succeeded: every child it provisions from has a
	// SuccessfullyReconciled event since lbo last changed it (false when
	// there is none).
	succeeded bool
	// waiting are the TargetGroupBindings whose current spec it has not
	// registered the targets of yet, sorted.
	waiting []string
	// warnings are the Warning events since lbo last changed the child and
	// since the last success, as "Kind name: Reason: message", sorted.
	warnings []string
	// gateway: the report is read from the Gateway backend's status
	// (gatewayReport), where an address alone does not mean success.
	gateway bool
	// by is who reported, when not the AWS Load Balancer Controller.
	by string
}

// reporter is who reported.
func (a awsReport) reporter() string {
	if a.by == "" {
		return "the AWS Load Balancer Controller"
	}
	return a.by
}

// provisioned tells whether the AWS Load Balancer Controller provisions a
// load balancer from obj (rather than it being a target group's Service, a
// route or a configuration object).
func provisioned(obj client.Object) bool {
	switch o := obj.(type) {
	case *networkingv1.Ingress, *gwv1.Gateway:
		return true
	case *corev1.Service:
		return o.Spec.Type == corev1.ServiceTypeLoadBalancer
	}
	return false
}

// awsReports reads the AWS Load Balancer Controller's events on the children
// it acts on, and what it reported on the TargetGroupBindings. applied
// holds the children lbo changed in this reconcile: anything reported about
// them before now is about an older spec.
func (r *LoadBalancerReconciler) awsReports(ctx context.Context, desired []client.Object, live map[childKey]client.Object, applied map[childKey]bool, now time.Time) (awsReport, error) {
	rep := awsReport{succeeded: true}
	seen := false
	for _, want := range desired {
		key := keyOf(want)
		binding := isBinding(want)
		obj, ok := live[key]
		if binding && (!ok || applied[key] || !bindingRegistered(obj)) {
			// Not made yet (this pass made it), or changed since the
			// controller registered its targets.
			rep.waiting = append(rep.waiting, key.name)
		}
		if !ok || (!provisioned(obj) && !binding) {
			continue
		}
		events, err := r.events.eventsAbout(ctx, key.kind, obj)
		if err != nil {
			return awsReport{}, err
		}
		changed := lastChangedBy(obj, lbov1.FieldManager)
		if applied[key] {
			changed = now
		}
		var success time.Time
		for _, ev := range events {
			if t := eventTime(&ev); ev.Reason == ReasonSuccessfullyReconciled && t.After(success) {
				success = t
			}
		}
		if !binding {
			seen = true
			if success.Before(changed) {
				rep.succeeded = false
			}
		}
		for _, ev := range events {
			t := eventTime(&ev)
			if ev.Type != corev1.EventTypeWarning || t.Before(changed) || !t.After(success) {
				continue
			}
			rep.warnings = append(rep.warnings, fmt.Sprintf("%s %s: %s: %s", key.kind, key.name, ev.Reason, strings.TrimSpace(ev.Message)))
		}
	}
	if !seen {
		rep.succeeded = false
	}
	slices.Sort(rep.waiting)
	slices.Sort(rep.warnings)
	rep.warnings = slices.Compact(rep.warnings)
	return rep, nil
}

// lastChangedBy is when manager last changed obj, from its managedFields.
func lastChangedBy(obj client.Object, manager string) time.Time {
	var t time.Time
	for _, mf := range obj.GetManagedFields() {
		if mf.Manager == manager && mf.Time != nil && mf.Time.After(t) {
			t = mf.Time.Time
		}
	}
	return t
}

// eventTime is when an Event last happened, whichever API recorded it.
func eventTime(ev *corev1.Event) time.Time {
	switch {
	case ev.Series != nil && !ev.Series.LastObservedTime.IsZero():
		return ev.Series.LastObservedTime.Time
	case !ev.LastTimestamp.IsZero():
		return ev.LastTimestamp.Time
	case !ev.EventTime.IsZero():
		return ev.EventTime.Time
	default:
		return ev.CreationTimestamp.Time
	}
}

// lbForEvent maps an Event about a child to the child's LoadBalancer, found
// through the child's label in the cache of lbo's own objects.
func (r *LoadBalancerReconciler) lbForEvent(ctx context.Context, ev *corev1.Event) []reconcile.Request {
	var obj client.Object
	var reader client.Reader = r.Client
	switch ev.InvolvedObject.Kind {
	case "Ingress":
		obj = &networkingv1.Ingress{}
	case "Service":
		obj = &corev1.Service{}
	case bindingKind:
		if r.Bindings == nil {
			return nil
		}
		obj, reader = newBinding(), r.Bindings
	default:
		return nil
	}
	if err := reader.Get(ctx, client.ObjectKey{Namespace: ev.InvolvedObject.Namespace, Name: ev.InvolvedObject.Name}, obj); err != nil {
		return nil
	}
	name := obj.GetLabels()[lbov1.LabelLoadBalancer]
	if name == "" || obj.GetUID() != ev.InvolvedObject.UID {
		return nil
	}
	return []reconcile.Request{{NamespacedName: client.ObjectKey{Namespace: obj.GetNamespace(), Name: name}}}
}
