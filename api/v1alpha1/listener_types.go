package v1alpha1

// Listeners: the ports a load balancer accepts traffic on, their TLS, mutual
// authentication and attributes.

// Listener is one port the load balancer accepts traffic on.
//
// +kubebuilder:validation:XValidation:rule="!(self.protocol in ['HTTPS', 'TLS']) || (has(self.tls) && ((has(self.tls.certificateARNs) && size(self.tls.certificateARNs) > 0) || has(self.tls.requestCertificate)))",fieldPath=".tls",message="an HTTPS or TLS listener needs tls.certificateARNs: the certificates (ACM or IAM) the load balancer presents (or, on HTTPS, tls.requestCertificate)"
// +kubebuilder:validation:XValidation:rule="!has(self.tls) || !has(self.tls.requestCertificate) || self.protocol == 'HTTPS'",fieldPath=".tls.requestCertificate",message="tls.requestCertificate is for HTTPS listeners (L7 only): the AWS Load Balancer Controller requests certificates for Application Load Balancers only; give a TLS listener tls.certificateARNs"
// +kubebuilder:validation:XValidation:rule="!has(self.tls) || self.protocol in ['HTTPS', 'TLS']",fieldPath=".tls",message="tls is only for HTTPS and TLS listeners; remove it or change the protocol"
// +kubebuilder:validation:XValidation:rule="self.protocol != 'TCP_UDP' || size(self.name) <= 11",fieldPath=".name",message="a TCP_UDP listener's name is at most 11 characters: its UDP Service port is named <name>-udp, and port names are at most 15"
// +kubebuilder:validation:XValidation:rule="!has(self.tls) || !has(self.tls.alpnPolicy) || self.protocol == 'TLS'",fieldPath=".tls.alpnPolicy",message="tls.alpnPolicy is for TLS listeners (L4 only); an HTTPS listener of an Application Load Balancer negotiates HTTP/2 itself"
// +kubebuilder:validation:XValidation:rule="!has(self.quic) || !self.quic || self.protocol in ['UDP', 'TCP_UDP']",fieldPath=".quic",message="quic is for UDP and TCP_UDP listeners (L4 only)"
// +kubebuilder:validation:XValidation:rule="!has(self.attributes) || !has(self.attributes.tcpIdleTimeoutSeconds) || self.protocol in ['TCP', 'TLS', 'TCP_UDP']",fieldPath=".attributes.tcpIdleTimeoutSeconds",message="attributes.tcpIdleTimeoutSeconds is for TCP, TLS and TCP_UDP listeners (L4 only)"
// +kubebuilder:validation:XValidation:rule="!has(self.mutualAuthentication) || self.protocol == 'HTTPS'",fieldPath=".mutualAuthentication",message="mutualAuthentication is for HTTPS listeners (L7 only)"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.mutualAuthentication) || has(self.mutualAuthentication)",fieldPath=".mutualAuthentication",message="mutualAuthentication cannot be removed once set: the AWS Load Balancer Controller would leave it on; set mode off instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.attributes) || has(self.attributes)",fieldPath=".attributes",message="attributes cannot be removed once set: the AWS Load Balancer Controller would leave the listener's attributes as they are; set them to the AWS defaults instead"
type Listener struct {
	// name identifies the listener; on an L4 LoadBalancer it is also the name
	// of the Service port (at most 15 characters, a lowercase letter first).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=15
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +required
	Name string `json:"name"`

	// port is the port the load balancer listens on.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +required
	Port int32 `json:"port"`

	// protocol is HTTP or HTTPS on an L7 LoadBalancer; TCP, UDP, TCP_UDP or
	// TLS on an L4 LoadBalancer.
	// +required
	Protocol Protocol `json:"protocol"`

	// tls holds the certificates of an HTTPS or TLS listener.
	// +optional
	TLS *ListenerTLS `json:"tls,omitempty"`

	// defaultAction is what the listener does with traffic no rule takes.
	// Required on L7, except in a group: there one member gives the default
	// action of a port and the others leave it out (with none, the load
	// balancer answers 404). On L4 it may only forward, and may be left out
	// when the LoadBalancer has a single target group.
	// +optional
	DefaultAction *Action `json:"defaultAction,omitempty"`

	// quic upgrades a UDP listener to QUIC, and a TCP_UDP listener to
	// TCP_QUIC (L4 only). The targets must speak QUIC.
	// +optional
	QUIC bool `json:"quic,omitempty"`

	// attributes are attributes of the AWS listener.
	// +optional
	Attributes *ListenerAttributes `json:"attributes,omitempty"`

	// mutualAuthentication asks clients of an HTTPS listener for a
	// certificate (mutual TLS; L7 only). Once set it cannot be removed, as
	// the AWS Load Balancer Controller would leave it on: set mode off
	// instead.
	// +optional
	MutualAuthentication *MutualAuthentication `json:"mutualAuthentication,omitempty"`
}

// MutualAuthentication is the mutual TLS setting of an HTTPS listener.
//
// +kubebuilder:validation:XValidation:rule="self.mode != 'verify' || has(self.trustStore)",fieldPath=".trustStore",message="mode verify needs trustStore: the trust store of the CAs client certificates are checked against"
// +kubebuilder:validation:XValidation:rule="self.mode == 'verify' || !(has(self.trustStore) || has(self.ignoreClientCertificateExpiry) || has(self.advertiseTrustStoreCANames))",fieldPath=".mode",message="trustStore, ignoreClientCertificateExpiry and advertiseTrustStoreCANames are for mode verify"
type MutualAuthentication struct {
	// mode is off (no client certificate), passthrough (the certificate is
	// passed to the targets in headers, unchecked) or verify (the load
	// balancer checks it against trustStore).
	// +kubebuilder:validation:Enum=off;passthrough;verify
	// +required
	Mode string `json:"mode"`

	// trustStore is the ARN
	// (arn:aws:elasticloadbalancing:<region>:<account>:truststore/<name>/<id>)
	// or the name (1 to 32 letters, digits and hyphens, not starting or
	// ending with a hyphen) of an existing ELB trust store (mode verify). A
	// load balancer uses at most two trust stores.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^(arn:aws[-a-z]*:elasticloadbalancing:[a-z]+(-[a-z]+)+-[0-9]+:[0-9]{12}:truststore/[A-Za-z0-9]+(-[A-Za-z0-9]+)*/[0-9a-f]+|[A-Za-z0-9]+(-[A-Za-z0-9]+)*)$`
	// +kubebuilder:validation:XValidation:rule="self.startsWith('arn:') ? self.matches('^[^/]+/[^/]{1,32}/[^/]+$') : size(self) <= 32",message="a trust store's name is at most 32 characters (ELB's CreateTrustStore)"
	// +optional
	TrustStore string `json:"trustStore,omitempty"`

	// ignoreClientCertificateExpiry accepts expired client certificates.
	// +optional
	IgnoreClientCertificateExpiry *bool `json:"ignoreClientCertificateExpiry,omitempty"`

	// advertiseTrustStoreCANames lists the trust store's CA names to clients
	// in the TLS handshake.
	// +optional
	AdvertiseTrustStoreCANames *bool `json:"advertiseTrustStoreCANames,omitempty"`
}

// ListenerTLS is the TLS configuration of an HTTPS or TLS listener: the
// certificates it presents, given by ARN or requested from ACM.
//
// +kubebuilder:validation:XValidation:rule="has(self.certificateARNs) != has(self.requestCertificate)",message="set either tls.certificateARNs (certificates you have) or tls.requestCertificate (one the AWS Load Balancer Controller requests from ACM), not both"
type ListenerTLS struct {
	// certificateARNs are the ARNs of the certificates the listener
	// presents, from ACM (arn:aws:acm:<region>:<account>:certificate/<id>)
	// or IAM server certificates
	// (arn:aws:iam::<account>:server-certificate/<path/><name>); the first
	// is the default certificate.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=25
	// +kubebuilder:validation:items:MaxLength=2048
	// +kubebuilder:validation:items:Pattern=`^arn:aws[-a-z]*:(acm:[a-z]+(-[a-z]+)+-[0-9]+:[0-9]{12}:certificate/[A-Za-z0-9-]+|iam::[0-9]{12}:server-certificate/([!-+\--~]+/)?[A-Za-z0-9_+=.@-]+)$`
	// +listType=atomic
	// +optional
	CertificateARNs []string `json:"certificateARNs,omitempty"`

	// requestCertificate makes the AWS Load Balancer Controller request the
	// listener's certificate from AWS Certificate Manager (HTTPS only), for
	// the names of domainNames and of every host of the rules on the
	// listener; it deletes the certificate with the load balancer. The
	// controller needs its EnableCertificateManagement feature gate and the
	// IAM permissions for ACM (lbo doctor checks both).
	// +optional
	RequestCertificate *CertificateRequest `json:"requestCertificate,omitempty"`

	// sslPolicy is the ELB security policy that decides the TLS versions and
	// ciphers offered to clients, such as ELBSecurityPolicy-TLS13-1-2-2021-06:
	// one of the predefined policies AWS publishes, the same for both kinds
	// of load balancer, neither of which takes a custom one
	// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html,
	// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html):
	// the TLS 1.3 ones of 2021-06, their FIPS variants of 2023-04, the RFC
	// 9151 ones of 2023-07, the hybrid post-quantum (PQ) ones of 2025-09, the
	// forward secrecy (FS) and TLS ones, ELBSecurityPolicy-2016-08 (AWS's
	// default, and so the AWS Load Balancer Controller's) and
	// ELBSecurityPolicy-2015-05, which AWS keeps identical to it. A policy
	// AWS publishes later is refused until it is added here.
	// +kubebuilder:validation:Enum=ELBSecurityPolicy-2015-05;ELBSecurityPolicy-2016-08;ELBSecurityPolicy-FS-1-1-2019-08;ELBSecurityPolicy-FS-1-2-2019-08;ELBSecurityPolicy-FS-1-2-Res-2019-08;ELBSecurityPolicy-FS-1-2-Res-2020-10;ELBSecurityPolicy-FS-2018-06;ELBSecurityPolicy-TLS-1-0-2015-04;ELBSecurityPolicy-TLS-1-1-2017-01;ELBSecurityPolicy-TLS-1-2-2017-01;ELBSecurityPolicy-TLS-1-2-Ext-2018-06;ELBSecurityPolicy-TLS13-1-0-2021-06;ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-0-PQ-2025-09;ELBSecurityPolicy-TLS13-1-1-2021-06;ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-2021-06;ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07;ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06;ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06;ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07;ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07;ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07;ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07;ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07;ELBSecurityPolicy-TLS13-1-2-Res-2021-06;ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09;ELBSecurityPolicy-TLS13-1-3-2021-06;ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04;ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09;ELBSecurityPolicy-TLS13-1-3-PQ-2025-09;ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07
	// +optional
	SSLPolicy string `json:"sslPolicy,omitempty"`

	// alpnPolicy is the ALPN policy of a TLS listener (L4 only): None (the
	// AWS default), HTTP1Only, HTTP2Only, HTTP2Optional or HTTP2Preferred.
	// +optional
	ALPNPolicy ALPNPolicy `json:"alpnPolicy,omitempty"`
}

// CertificateRequest is a certificate the AWS Load Balancer Controller
// requests from AWS Certificate Manager. The certificate's names are
// domainNames and the hosts of the rules (conditions.hosts) on the listener;
// the first of them in alphabetical order is its domain name, the others its
// subject alternative names (ACM allows 10 names by default).
type CertificateRequest struct {
	// certificateAuthorityARN is the AWS Private CA that issues a private
	// certificate. Left out, ACM issues a public certificate, which the
	// controller validates with DNS records in the names' Route 53 hosted
	// zones, unless the controller runs with --default-pca-arn: its CA then
	// issues a private one (lbo doctor reports it).
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^arn:aws[-a-z]*:acm-pca:[a-z0-9-]+:[0-9]{12}:certificate-authority/[-A-Za-z0-9]+$`
	// +optional
	CertificateAuthorityARN string `json:"certificateAuthorityARN,omitempty"`

	// domainNames the certificate covers besides the hosts of the rules on
	// the listener, such as www.example.com or *.example.com; needed when
	// those rules give no host.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:MaxLength=253
	// +kubebuilder:validation:items:Pattern=`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$`
	// +listType=set
	// +optional
	DomainNames []string `json:"domainNames,omitempty"`
}

// ALPNPolicy is the Application-Layer Protocol Negotiation policy of a TLS
// listener.
// +kubebuilder:validation:Enum=None;HTTP1Only;HTTP2Only;HTTP2Optional;HTTP2Preferred
type ALPNPolicy string

// ListenerAttributes are attributes of an AWS listener. Fields left out keep
// what the listener has (the AWS default for a new one); once set, a field
// cannot be removed, as the AWS Load Balancer Controller never resets an
// attribute it no longer sees.
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.tcpIdleTimeoutSeconds) || has(self.tcpIdleTimeoutSeconds)",fieldPath=".tcpIdleTimeoutSeconds",message="tcpIdleTimeoutSeconds cannot be removed once set: the AWS Load Balancer Controller would leave it as it is; set it to 350 (the AWS default) instead"
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.additional) || (has(self.additional) && oldSelf.additional.all(k, k in self.additional))",fieldPath=".additional",message="a key of additional cannot be removed once set: the AWS Load Balancer Controller would leave the attribute as it is; set it to the AWS default instead"
type ListenerAttributes struct {
	// tcpIdleTimeoutSeconds is how long a TCP connection may stay idle
	// before the load balancer closes it, 60 to 6000 (tcp.idle_timeout.seconds;
	// TCP, TLS and TCP_UDP listeners).
	// +kubebuilder:validation:Minimum=60
	// +kubebuilder:validation:Maximum=6000
	// +optional
	TCPIdleTimeoutSeconds *int32 `json:"tcpIdleTimeoutSeconds,omitempty"`

	// additional are other listener attributes by their AWS key, such as
	// routing.http.response.server.enabled or
	// routing.http.response.strict_transport_security.header_value on
	// HTTP/HTTPS listeners. tcp.idle_timeout.seconds has its field.
	// +kubebuilder:validation:MaxProperties=20
	// +kubebuilder:validation:XValidation:rule="self.all(k, k.matches('^[a-z0-9_]+([.][a-z0-9_]+)+$'))",message="additional keys are AWS attribute keys: lowercase words joined by '.', such as routing.http.response.server.enabled"
	// +kubebuilder:validation:XValidation:rule="self.all(k, k != 'tcp.idle_timeout.seconds')",message="additional cannot set tcp.idle_timeout.seconds: use tcpIdleTimeoutSeconds"
	// +optional
	Additional map[string]AttributeValue `json:"additional,omitempty"`
}
