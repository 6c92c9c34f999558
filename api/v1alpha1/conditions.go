package v1alpha1

// Condition types of a LoadBalancer. Every condition carries the
// observedGeneration of the spec it was computed from, and so does the status.
//
// Ready, Reconciling and Stalled follow the kstatus convention that Argo CD
// (with lbo's health check, config/argocd) and Flux read:
//
//	Ready=True                  the load balancer serves at status.address   (Healthy / Current)
//	Reconciling=True            lbo or the AWS controller is still at work   (Progressing / InProgress)
//	Stalled=True                it cannot progress without a change by you   (Degraded / Failed)
//
// Accepted, ResolvedRefs and Programmed say where it stands in more detail.
const (
	// ConditionAccepted is True when the spec is valid, lbo could expand it
	// into child objects and, for a LoadBalancer in a group, the group's
	// owner consents. False means nothing was applied for this generation
	// (the children of the last accepted spec stay as they are, except the
	// Ingress of a group member whose owner withdrew its consent); the
	// message names the field at fault.
	ConditionAccepted = "Accepted"

	// ConditionResolvedRefs is True when every Service a target group names
	// exists in the LoadBalancer's namespace with the port it names, and
	// carries no annotation of its own that the AWS Load Balancer Controller
	// uses over what the LoadBalancer declares. There are no references to
	// other namespaces.
	ConditionResolvedRefs = "ResolvedRefs"

	// ConditionProgrammed is True when every child is applied and the AWS Load
	// Balancer Controller reports success: its SuccessfullyReconciled event
	// since lbo last changed the child, or the address it wrote, and for
	// each TargetGroupBinding the generation it registered the targets of
	// (status.observedGeneration). It is False
	// while the controller has not answered yet (Pending) and when it reports
	// a Warning event such as FailedBuildModel or FailedDeployModel
	// (ProvisioningFailed, with the controller's message).
	ConditionProgrammed = "Programmed"

	// ConditionReady is True when the load balancer is programmed, its
	// backends resolve and it has an address: the DNS name the AWS Load
	// Balancer Controller wrote into a child's status. When lbo's AWS reader
	// is on, the load balancer must also be active in AWS (status.aws.state).
	// A LoadBalancer of layer External has no address: it is ready once
	// programmed, with its backends resolved (TargetsRegistered).
	ConditionReady = "Ready"

	// ConditionReconciling is True while the LoadBalancer is progressing
	// toward Ready without anything being wrong.
	ConditionReconciling = "Reconciling"

	// ConditionStalled is True when the LoadBalancer cannot become Ready until
	// something changes: an invalid spec, a name taken by another object, a
	// child the API server refused, a failure the AWS Load Balancer
	// Controller reports, or (with the AWS reader on) a load balancer AWS
	// reports as failed.
	ConditionStalled = "Stalled"
)

// Condition reasons. A reason is a CamelCase word a program can match on; the
// message next to it is for people.
const (
	// ReasonAccepted: the spec was expanded without problems.
	ReasonAccepted = "Accepted"
	// ReasonInvalid: the spec cannot be expanded; the message names the field.
	ReasonInvalid = "Invalid"
	// ReasonGroupNotPermitted: the LoadBalancer may not be in its
	// spec.group: another LoadBalancer owns the group, or the owner named
	// in spec.group.owner is missing, does not own the group or does not list
	// this LoadBalancer in its members. The message says which. lbo creates
	// and updates no child; it deletes the Ingress of a member whose owner
	// withdrew its consent, and leaves the children as they are otherwise.
	ReasonGroupNotPermitted = "GroupNotPermitted"
	// ReasonGroupConflict: the LoadBalancer's settings contradict those
	// another LoadBalancer has live in the same group (a load balancer
	// setting, or a port's protocol, SSL policy, mutual TLS, sources or
	// default action), on which the AWS Load Balancer Controller would stop
	// updating the whole group. The message names the field and the other
	// LoadBalancer. lbo leaves the children as they are.
	ReasonGroupConflict = "GroupConflict"

	// ReasonResolved: every referenced Service and port exists.
	ReasonResolved = "Resolved"
	// ReasonBackendNotFound: a target group names a Service or port that does
	// not exist; the message names them.
	ReasonBackendNotFound = "BackendNotFound"
	// ReasonServiceOverrides: a Service a target group names carries a
	// target group annotation of its own (a health check setting, target
	// group attributes, tags...), which the AWS Load Balancer Controller
	// reads from the Service before the Ingress, so the target group is not
	// built as the LoadBalancer declares. The message names the Service, the
	// annotation and the LoadBalancer field it overrides. lbo does not change
	// Services it does not own: remove the annotation. Ready is False and
	// Stalled True until then.
	ReasonServiceOverrides = "ServiceOverrides"
	// ReasonBackendNotUsable: a target group names an existing Service the
	// AWS Load Balancer Controller cannot take targets from (an
	// ExternalName Service, or a ClusterIP Service with targetType
	// instance); nothing that would forward to it is applied.
	ReasonBackendNotUsable = "BackendNotUsable"

	// ReasonProgrammed: the children are applied and the AWS Load Balancer
	// Controller reports success (with spec.gateway: the Gateway's
	// Programmed condition is True and every route is accepted).
	ReasonProgrammed = "Programmed"
	// ReasonPending: the children are applied; the AWS Load Balancer
	// Controller has not reported on them yet.
	ReasonPending = "Pending"
	// ReasonProvisioningFailed: the AWS Load Balancer Controller reports a
	// Warning event on a child; the message is its own. With spec.gateway:
	// the Gateway, one of its listeners or a route has a condition False
	// (Accepted, Programmed, ResolvedRefs), for which the message gives the
	// object, the condition, and the controller's reason and message.
	ReasonProvisioningFailed = "ProvisioningFailed"
	// ReasonApplyFailed: the API server refused a child (the message names
	// it and quotes the API server; nothing of the change was applied, and
	// Stalled is True), or lbo could not finish the reconcile and tries
	// again (the message says what failed).
	ReasonApplyFailed = "ApplyFailed"
	// ReasonNameConflict: on Programmed, a child's name is taken by an
	// object this LoadBalancer does not control, or a target group AWS has
	// would register the targets of another LoadBalancer's child Service;
	// lbo leaves it untouched and writes no other child. On Accepted, a
	// setting AWS grants to one load balancer only (spec.loadBalancerName,
	// an Elastic IP, a static address) or a target group AWS has that it
	// registers targets in is another LoadBalancer's, created earlier; the
	// message names the field and that LoadBalancer.
	ReasonNameConflict = "NameConflict"
	// ReasonNotAccepted: nothing was applied because the spec is not accepted.
	ReasonNotAccepted = "NotAccepted"
	// ReasonCRDNotInstalled: spec.gateway needs a kind (a Gateway API route,
	// the AWS Load Balancer Controller's configuration objects) the cluster
	// did not serve when lbo started; the message names the
	// CustomResourceDefinitions to install, or says to restart lbo when they
	// were installed since. Nothing of the LoadBalancer is applied, and
	// Stalled is True.
	ReasonCRDNotInstalled = "CRDNotInstalled"

	// ReasonAddressAssigned: a child reports the load balancer's DNS name.
	ReasonAddressAssigned = "AddressAssigned"
	// ReasonAddressPending: no child reports an address yet; the AWS Load
	// Balancer Controller has not provisioned the load balancer.
	ReasonAddressPending = "AddressPending"
	// ReasonTargetsRegistered: a LoadBalancer of layer External, which has
	// no address of its own, is ready: the AWS Load Balancer Controller
	// registered its targets in the target groups AWS has.
	ReasonTargetsRegistered = "TargetsRegistered"
	// ReasonNotProgrammed: the children are not programmed, so no address can come.
	ReasonNotProgrammed = "NotProgrammed"
	// ReasonLoadBalancerProvisioning: AWS reports the load balancer as still
	// provisioning (AWS reader on).
	ReasonLoadBalancerProvisioning = "LoadBalancerProvisioning"
	// ReasonLoadBalancerFailed: AWS reports the load balancer as failed (AWS
	// reader on); the message carries AWS's reason. Stalled is True too.
	ReasonLoadBalancerFailed = "LoadBalancerFailed"

	// ReasonProgressing (Reconciling=True): see the Ready condition for what
	// is awaited.
	ReasonProgressing = "Progressing"
	// ReasonSteady (Reconciling=False, Stalled=False): nothing is in progress
	// and nothing is stuck.
	ReasonSteady = "Steady"
)

// Labels and names lbo puts on the objects it creates.
const (
	// LabelLoadBalancer names the LoadBalancer a child belongs to. lbo lists
	// children by it to prune them and to restrict its cache.
	LabelLoadBalancer = "networking.lbo.dev/loadbalancer"

	// LabelManagedBy and ManagedByValue mark every child as made by lbo.
	LabelManagedBy = "app.kubernetes.io/managed-by"
	ManagedByValue = "lbo"

	// FinalizerRetain holds a LoadBalancer with deletionPolicy Retain until
	// lbo has released its children (removed its owner references), so that
	// the garbage collector leaves them and the load balancer in place.
	FinalizerRetain = "networking.lbo.dev/retain-children"

	// AnnotationDesiredHash is, on the Gateway backend's children, a hash of
	// what lbo last applied to the object. The API server fills in defaults
	// inside the lists those kinds hold whole (a route's rules, its
	// references), so what lbo owns in the live object is not what it
	// applied; the hash tells whether lbo's desired object changed since.
	AnnotationDesiredHash = "networking.lbo.dev/desired-hash"

	// FieldManager is the server-side apply field manager of the children.
	FieldManager = "lbo"
	// StatusFieldManager is the field manager of the LoadBalancer's status.
	StatusFieldManager = "lbo-status"
)
