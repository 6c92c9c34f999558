package lbc

// What the controller does with the Ingresses of one IngressGroup (several
// Ingresses that share one Application Load Balancer): it loads the members
// (pkg/ingress/group_loader.go), takes the load balancer's settings from
// whichever member gives them and fails the whole group, every member, when
// two members give one differently (model_build_load_balancer.go,
// model_build_load_balancer_attributes.go, model_build_tags.go,
// model_builder.go), and builds each port's listener from the members that
// listen on it (model_builder.go, model_build_listener.go).

// GroupSetting is an Ingress annotation the controller takes for the whole
// load balancer of a group: from each member that gives it, refusing to
// build the group (FailedBuildModel on every member, so no member is
// updated) when two members give different values. A member that leaves it
// out does not conflict: it gets the others'.
type GroupSetting struct {
	// Key is the annotation.
	Key string
	// PerKey: the value is a key=value map that the controller merges key
	// by key; two members conflict only on a key both give, with different
	// values.
	PerKey bool
	// Everyone: one member's value changes the other members' listeners
	// too, so a member that leaves it out is changed by another's.
	Everyone bool
}

// GroupSettings are the annotations the controller takes for the whole
// load balancer of a group (see GroupSetting).
var GroupSettings = []GroupSetting{
	{Key: IngressName}, // model_build_load_balancer.go: "conflicting load balancer name"
	{Key: IngressScheme},
	{Key: IngressIPAddressType},
	{Key: IngressSubnets},
	{Key: IngressSecurityGroups},
	{Key: IngressManageBackendSGRules},     // model_builder.go
	{Key: IngressAttributes, PerKey: true}, // "conflicting load balancer attributes"
	{Key: IngressWAFv2ACLARN},
	{Key: IngressShieldAdvanced},
	// ssl-redirect: any member's makes the redirect the default action of
	// every HTTP listener of the group, on every port and of every member,
	// and leaves those listeners without rules (model_builder.go,
	// model_build_listener.go, model_build_listener_rules.go): a member
	// with a plain HTTP listener would lose its rules and target groups.
	{Key: IngressSSLRedirect, Everyone: true},
	{Key: IngressMinimumCapacity},
	// Tags of the load balancer, its listeners and security group, per tag
	// key ("conflicting tag"); target groups and rules carry their own
	// Ingress's tags.
	{Key: IngressTags, PerKey: true},
	{Key: IngressIPAMIPv4PoolID},        // model_build_load_balancer.go
	{Key: IngressCustomerOwnedIPv4Pool}, // "conflicting CustomerOwnedIPv4Pool"
}

// GroupMemberBefore tells whether the controller takes member a before
// member b of a group (group_loader.go): by group.order (0 when not
// given), then by the string namespace/name of each Ingress. It emits the
// rules of a port member by member in that order, before assigning
// priorities, so the Ingresses of one member sort next to each other only
// when no other member has their order: ns/web, ns/web-0 and ns/web-01 of
// equal order are taken in that order, with web-0's rules between the two
// Ingresses of web.
func GroupMemberBefore(orderA int32, a string, orderB int32, b string) bool {
	if orderA != orderB {
		return orderA < orderB
	}
	return a < b
}

// What the controller makes of one port shared by members of a group
// (model_builder.go, model_build_listener.go); members that do not listen
// on the port play no part:
//   - protocol, SSL policy, mutual authentication and the sources it lets in
//     (inbound-cidrs, security-group-prefix-lists, compared as sets) are
//     taken from the members that give them, and two different values fail
//     the group; the sources default to everyone only when no member
//     listening on the port gives any, so a member that leaves them out
//     gets another's;
//   - listener attributes are merged per key, and two members giving one key
//     different values fail the group ("conflicting listener attributes");
//   - the listener's default certificate is the first certificate of the
//     first member, in member order, with certificates on the port; every
//     member's certificates are added for SNI. No conflict is reported: a
//     later member's first certificate silently is not the default;
//   - the default action is the defaultBackend of the one member that has
//     one (two fail the group, none is a fixed 404);
//   - a member whose listener on an HTTPS port carries only its certificate
//     (no default action, no rules) is built: the certificate joins the
//     port.
