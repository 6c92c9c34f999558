package v1alpha1

// Group: sharing one Application Load Balancer between LoadBalancers (the AWS
// Load Balancer Controller's IngressGroup), with the owner's consent.

// Group is an IngressGroup: the Application Load Balancer its members share.
//
// +kubebuilder:validation:XValidation:rule="!has(self.owner) || !has(self.members)",fieldPath=".owner",message="set either spec.group.owner (this LoadBalancer joins the group of another, which lists it in its members) or spec.group.members (this LoadBalancer owns the group and lets others join), not both"
type Group struct {
	// name of the group: lowercase letters, digits, '-' and '.', starting
	// and ending with a letter or digit, at most 63 characters.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// order of this LoadBalancer's rules among the group's, -1000 to 1000:
	// lower orders are evaluated first. It is required, and each member's
	// own (a LoadBalancer whose order another member of the group has is
	// refused), so that the order between members is always explicit: the
	// AWS Load Balancer Controller takes members of equal order by the
	// names of their Ingresses, which can interleave their rules.
	// +kubebuilder:validation:Minimum=-1000
	// +kubebuilder:validation:Maximum=1000
	// +required
	Order int32 `json:"order"`

	// owner is the LoadBalancer that owns the group, when this LoadBalancer
	// joins a group another one owns. This LoadBalancer's children are made
	// only while the owner exists, claims the same group name and lists this
	// LoadBalancer in its members. Left out, this LoadBalancer claims the
	// group itself. Changing it does not need allowReplacement.
	// +optional
	Owner *GroupOwner `json:"owner,omitempty"`

	// members are the LoadBalancers this one, the group's owner, lets join
	// its group (by setting group.owner to it), keyed by namespace. Nobody
	// else may join, in this namespace or any other: the AWS Load Balancer
	// Controller's groups span namespaces, so consent is always explicit.
	// Removing a member makes lbo delete that member's Ingress, so that this
	// load balancer stops serving its rules. Changing members does not need
	// allowReplacement.
	// +listType=map
	// +listMapKey=namespace
	// +kubebuilder:validation:MaxItems=100
	// +optional
	Members []GroupMember `json:"members,omitempty"`
}

// GroupOwner names the LoadBalancer that owns a group.
type GroupOwner struct {
	// namespace of the owner LoadBalancer.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Namespace string `json:"namespace"`

	// name of the owner LoadBalancer.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`
}

// GroupMember lets LoadBalancers of one namespace join the owner's group.
type GroupMember struct {
	// namespace of the LoadBalancers that may join.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Namespace string `json:"namespace"`

	// names of the LoadBalancers of the namespace that may join. Left out,
	// any LoadBalancer of the namespace may.
	// +listType=set
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=100
	// +kubebuilder:validation:items:MaxLength=63
	// +kubebuilder:validation:items:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +optional
	Names []string `json:"names,omitempty"`
}

// Permits tells whether the group's owner lets the LoadBalancer
// namespace/name join.
func (g *Group) Permits(namespace, name string) bool {
	for _, m := range g.Members {
		if m.Namespace != namespace {
			continue
		}
		if len(m.Names) == 0 {
			return true
		}
		for _, n := range m.Names {
			if n == name {
				return true
			}
		}
	}
	return false
}
