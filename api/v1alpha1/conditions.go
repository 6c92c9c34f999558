package v1alpha1

// Condition types of a LoadBalancer. Every condition carries the
// observedGeneration of the spec it was computed from.
const (
	// ConditionAccepted is True when the spec is valid and lbo could expand it
	// into child objects. False means nothing was applied for this generation;
	// the message names the field at fault.
	ConditionAccepted = "Accepted"

	// ConditionProgrammed is True when every child object was applied and the
	// objects that are no longer desired were pruned.
	ConditionProgrammed = "Programmed"

	// ConditionReady is True when the load balancer has an address: the AWS
	// Load Balancer Controller provisioned it and wrote its DNS name into a
	// child's status.
	ConditionReady = "Ready"
)

// Condition reasons. A reason is a CamelCase word a program can match on; the
// message next to it is for people.
const (
	// ReasonAccepted: the spec was expanded without problems.
	ReasonAccepted = "Accepted"
	// ReasonInvalid: the spec cannot be expanded; the message names the field.
	ReasonInvalid = "Invalid"

	// ReasonApplied: every child was applied and pruned.
	ReasonApplied = "Applied"
	// ReasonApplyFailed: the API server refused a child; the message says which.
	ReasonApplyFailed = "ApplyFailed"
	// ReasonNotAccepted: nothing was applied because the spec is not accepted.
	ReasonNotAccepted = "NotAccepted"

	// ReasonAddressAssigned: a child reports the load balancer's DNS name.
	ReasonAddressAssigned = "AddressAssigned"
	// ReasonAddressPending: no child reports an address yet; the AWS Load
	// Balancer Controller has not provisioned the load balancer.
	ReasonAddressPending = "AddressPending"
	// ReasonNotProgrammed: the children are not applied, so no address can come.
	ReasonNotProgrammed = "NotProgrammed"
)

// Labels and names lbo puts on the objects it creates.
const (
	// LabelLoadBalancer names the LoadBalancer a child belongs to. lbo lists
	// children by it to prune them and to restrict its cache.
	LabelLoadBalancer = "networking.lbo.dev/loadbalancer"

	// LabelManagedBy and ManagedByValue mark every child as made by lbo.
	LabelManagedBy = "app.kubernetes.io/managed-by"
	ManagedByValue = "lbo"

	// FieldManager is the server-side apply field manager of the children.
	FieldManager = "lbo"
	// StatusFieldManager is the field manager of the LoadBalancer's status.
	StatusFieldManager = "lbo-status"
)
