package v1alpha1

// Settings of the AWS load balancer itself: static addresses and attributes
// (access logs, deletion protection, cross-zone load balancing and more).

// StaticAddress is the fixed addresses of the load balancer in one subnet.
//
// +kubebuilder:validation:XValidation:rule="!has(self.privateIPv4Address) || (isIP(self.privateIPv4Address) && ip(self.privateIPv4Address).family() == 4)",fieldPath=".privateIPv4Address",message="privateIPv4Address must be an IPv4 address such as 10.0.1.15"
// +kubebuilder:validation:XValidation:rule="!has(self.ipv6Address) || (isIP(self.ipv6Address) && ip(self.ipv6Address).family() == 6)",fieldPath=".ipv6Address",message="ipv6Address must be an IPv6 address such as 2600:1f13:837:8501::1"
// +kubebuilder:validation:XValidation:rule="!has(self.sourceNATIPv6Prefix) || self.sourceNATIPv6Prefix == 'auto_assigned' || (isCIDR(self.sourceNATIPv6Prefix) && cidr(self.sourceNATIPv6Prefix).ip().family() == 6 && cidr(self.sourceNATIPv6Prefix).prefixLength() == 80 && cidr(self.sourceNATIPv6Prefix) == cidr(self.sourceNATIPv6Prefix).masked())",fieldPath=".sourceNATIPv6Prefix",message="sourceNATIPv6Prefix is auto_assigned or an IPv6 /80 prefix in network form, such as 2600:1f13:837:8501:1::/80"
// +kubebuilder:validation:XValidation:rule="has(self.elasticIPAllocation) || has(self.privateIPv4Address) || has(self.ipv6Address) || has(self.sourceNATIPv6Prefix)",message="a static address sets at least one of elasticIPAllocation, privateIPv4Address, ipv6Address or sourceNATIPv6Prefix"
type StaticAddress struct {
	// subnet is one of spec.subnets.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Subnet string `json:"subnet"`

	// elasticIPAllocation is the allocation ID of the Elastic IP the load
	// balancer uses in this subnet (internet-facing only), such as
	// eipalloc-0123456789abcdef0.
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^eipalloc-[0-9a-f]+$`
	// +optional
	ElasticIPAllocation string `json:"elasticIPAllocation,omitempty"`

	// privateIPv4Address is the load balancer's IPv4 address in this subnet
	// (internal only); it must be in the subnet's IPv4 range.
	// +kubebuilder:validation:MaxLength=15
	// +optional
	PrivateIPv4Address string `json:"privateIPv4Address,omitempty"`

	// ipv6Address is the load balancer's IPv6 address in this subnet
	// (ipAddressType dualstack only); it must be in the subnet's IPv6 range.
	// +kubebuilder:validation:MaxLength=39
	// +optional
	IPv6Address string `json:"ipv6Address,omitempty"`

	// sourceNATIPv6Prefix is the IPv6 prefix (a /80 of the subnet's IPv6
	// range, or auto_assigned to let AWS choose) whose addresses the load
	// balancer uses as the source of the traffic it sends to IPv6 targets
	// (spec.enablePrefixForIPv6SourceNAT only).
	// +kubebuilder:validation:MaxLength=43
	// +optional
	SourceNATIPv6Prefix string `json:"sourceNATIPv6Prefix,omitempty"`
}

// DNSClientRoutingPolicy says how the load balancer's DNS name spreads clients
// over Availability Zones.
// +kubebuilder:validation:Enum=availability_zone_affinity;partial_availability_zone_affinity;any_availability_zone
type DNSClientRoutingPolicy string

// LoadBalancerAttributes are attributes of the AWS load balancer. Fields left
// out keep what the load balancer has (the AWS default for a new one). The
// AWS Load Balancer Controller never resets an attribute it no longer sees,
// so a field, once set, cannot be removed: set it back to the AWS default
// instead.
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.deletionProtection) || has(self.deletionProtection)",fieldPath=".deletionProtection",message="deletionProtection cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to false instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.crossZoneLoadBalancing) || has(self.crossZoneLoadBalancing)",fieldPath=".crossZoneLoadBalancing",message="crossZoneLoadBalancing cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to the AWS default (false for a Network Load Balancer) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.accessLogs) || has(self.accessLogs)",fieldPath=".accessLogs",message="accessLogs cannot be removed once set: the AWS Load Balancer Controller would leave access logs as they are; set accessLogs.enabled to false instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.dnsClientRoutingPolicy) || has(self.dnsClientRoutingPolicy)",fieldPath=".dnsClientRoutingPolicy",message="dnsClientRoutingPolicy cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to any_availability_zone (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.additional) || (has(self.additional) && oldSelf.additional.all(k, k in self.additional))",fieldPath=".additional",message="a key of additional cannot be removed once set: the AWS Load Balancer Controller would leave the attribute as it is; set it to the AWS default instead"
type LoadBalancerAttributes struct {
	// deletionProtection keeps the load balancer from being deleted, by the
	// AWS Load Balancer Controller too, while true
	// (deletion_protection.enabled).
	// +optional
	DeletionProtection *bool `json:"deletionProtection,omitempty"`

	// crossZoneLoadBalancing spreads traffic over the targets of every
	// enabled Availability Zone, not only the zone the traffic entered
	// (load_balancing.cross_zone.enabled).
	// +optional
	CrossZoneLoadBalancing *bool `json:"crossZoneLoadBalancing,omitempty"`

	// accessLogs stores the load balancer's access logs in S3
	// (access_logs.s3.enabled, access_logs.s3.bucket, access_logs.s3.prefix).
	// +optional
	AccessLogs *AccessLogs `json:"accessLogs,omitempty"`

	// dnsClientRoutingPolicy is how the load balancer's DNS name spreads
	// clients over Availability Zones: availability_zone_affinity,
	// partial_availability_zone_affinity or any_availability_zone
	// (dns_record.client_routing_policy; Network Load Balancer only).
	// +optional
	DNSClientRoutingPolicy DNSClientRoutingPolicy `json:"dnsClientRoutingPolicy,omitempty"`

	// additional are other load balancer attributes by their AWS key, such
	// as zonal_shift.config.enabled or ipv6.deny_all_igw_traffic, for those
	// lbo has no field for. Keys that have a field above are refused.
	// +kubebuilder:validation:MaxProperties=20
	// +kubebuilder:validation:XValidation:rule="self.all(k, k.matches('^[a-z0-9_]+([.][a-z0-9_]+)+$'))",message="additional keys are AWS attribute keys: lowercase words joined by '.', such as zonal_shift.config.enabled"
	// +kubebuilder:validation:XValidation:rule="self.all(k, !(k in ['deletion_protection.enabled', 'load_balancing.cross_zone.enabled', 'dns_record.client_routing_policy']) && !k.startsWith('access_logs.'))",message="additional cannot set deletion_protection.enabled, load_balancing.cross_zone.enabled, dns_record.client_routing_policy or access_logs.*: use deletionProtection, crossZoneLoadBalancing, dnsClientRoutingPolicy or accessLogs"
	// +optional
	Additional map[string]AttributeValue `json:"additional,omitempty"`
}

// AccessLogs are where the load balancer writes its access logs.
//
// +kubebuilder:validation:XValidation:rule="!self.enabled || has(self.bucket)",fieldPath=".bucket",message="enabled access logs need bucket: the S3 bucket they go to"
type AccessLogs struct {
	// enabled turns access logs on or off.
	// +required
	Enabled bool `json:"enabled"`

	// bucket is the name of the S3 bucket the logs go to.
	// +kubebuilder:validation:MinLength=3
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`
	// +optional
	Bucket string `json:"bucket,omitempty"`

	// prefix is the folder of the bucket the logs go to.
	// +kubebuilder:validation:MaxLength=512
	// +kubebuilder:validation:Pattern=`^[^,\s]+$`
	// +optional
	Prefix string `json:"prefix,omitempty"`
}
