package lbc

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The controller's TargetGroupBinding (elbv2.k8s.aws/v1beta1,
// config/crds in its repository; test/crds/standins has
// a stand-in for tests): it registers the targets of a Service port in an AWS target group
// and keeps them registered. The controller makes one for each target group
// of its own load balancers; lbo makes one for each target group that
// exists in AWS already and has a backend.
//
// The controller's webhooks fill in, on creation, what a binding leaves out:
// targetGroupARN from targetGroupName (looked up once, so a binding by name
// stays on the target group it found), targetType, ipAddressType, vpcID and
// targetGroupProtocol from the target group. They refuse a change of
// targetGroupARN, targetType, ipAddressType or vpcID, a nodeSelector with ip
// targets, and a second binding of the same target group unless every
// binding of it sets multiClusterTargetGroup.

// TargetGroupBindingGVK is the group, version and kind of the controller's
// TargetGroupBinding.
var TargetGroupBindingGVK = schema.GroupVersionKind{Group: "elbv2.k8s.aws", Version: "v1beta1", Kind: "TargetGroupBinding"}

// TargetGroupBindingResource is the binding's API resource.
var TargetGroupBindingResource = schema.GroupVersionResource{Group: "elbv2.k8s.aws", Version: "v1beta1", Resource: "targetgroupbindings"}

// TargetGroupBindingSpec is the part of a TargetGroupBinding's spec lbo
// writes and reads, with the CRD's field names.
type TargetGroupBindingSpec struct {
	TargetGroupARN          string                `json:"targetGroupARN,omitempty"`
	TargetGroupName         string                `json:"targetGroupName,omitempty"`
	TargetType              string                `json:"targetType,omitempty"`
	ServiceRef              ServiceReference      `json:"serviceRef"`
	NodeSelector            *metav1.LabelSelector `json:"nodeSelector,omitempty"`
	MultiClusterTargetGroup bool                  `json:"multiClusterTargetGroup,omitempty"`
}

// ServiceReference is the Service port whose targets a binding registers.
type ServiceReference struct {
	Name string             `json:"name"`
	Port intstr.IntOrString `json:"port"`
}

// TargetGroupBindingStatus is what the controller reports on a binding:
// ObservedGeneration once it has registered the targets of that generation
// (it sets no condition then), and a Ready condition only when cleaning up
// fails. Its events (reporting component targetGroupBinding) say the rest.
type TargetGroupBindingStatus struct {
	ObservedGeneration *int64             `json:"observedGeneration,omitempty"`
	Conditions         []metav1.Condition `json:"conditions,omitempty"`
}

// TargetGroupBindingComponent is the source component of the controller's
// events on TargetGroupBindings.
const TargetGroupBindingComponent = "targetGroupBinding"

// TargetGroupBindingEventReasons are the reasons of the events the
// controller records on a binding (pkg/k8s/events.go): Warnings when it
// cannot add or remove its finalizer, update the status, clean up, set up
// the targets' security group rules (FailedNetworkReconcile), find the
// Service or its port (BackendNotFound) or register the targets
// (FailedReconcile, with AWS's error); SuccessfullyReconciled, Normal,
// after each reconcile that registered them.
var TargetGroupBindingEventReasons = []string{"FailedAddFinalizer", "FailedRemoveFinalizer", "FailedUpdateStatus",
	"FailedCleanup", "FailedNetworkReconcile", "BackendNotFound", "FailedReconcile", "SuccessfullyReconciled"}

// BindingDefaultedFields are the fields of a binding's spec the controller's
// mutating webhook fills in from the target group when a binding is created
// without them: targetGroupARN (from targetGroupName), targetType,
// ipAddressType, vpcID and targetGroupProtocol. Its validating webhook then
// refuses an update that changes or removes targetGroupARN, targetType,
// ipAddressType or vpcID. So whoever applies a binding with server-side
// apply must keep applying the values the binding has: an apply that leaves
// a field out it owns removes it, and is refused.
var BindingDefaultedFields = []string{"targetGroupARN", "targetType", "ipAddressType", "vpcID", "targetGroupProtocol"}

// TargetGroupName is the name of the target group an ARN or a name
// designates: an ARN carries the name in its resource
// (targetgroup/<name>/<id>), and AWS names one target group per name in an
// account and region, the ones the controller works in. Two bindings of
// the same name are bindings of the same target group.
func TargetGroupName(arn, name string) string {
	if arn == "" {
		return name
	}
	_, res, _ := strings.Cut(arn, ":targetgroup/")
	n, _, _ := strings.Cut(res, "/")
	return n
}
