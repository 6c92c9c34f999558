package v1alpha1

// Authentication (L7): OIDC or Amazon Cognito, done by the Application Load
// Balancer before requests reach the targets.

// Authentication makes the Application Load Balancer authenticate users with
// an OpenID Connect identity provider or an Amazon Cognito user pool before
// their requests reach the targets. Set exactly one of oidc and cognito.
//
// +kubebuilder:validation:XValidation:rule="has(self.oidc) != has(self.cognito)",message="set exactly one of authentication.oidc or authentication.cognito"
type Authentication struct {
	// oidc authenticates with an OpenID Connect identity provider.
	// +optional
	OIDC *OIDCAuthentication `json:"oidc,omitempty"`

	// cognito authenticates with an Amazon Cognito user pool.
	// +optional
	Cognito *CognitoAuthentication `json:"cognito,omitempty"`

	// onUnauthenticatedRequest is what happens to a request without a valid
	// session: authenticate (the default) sends the user to the identity
	// provider, deny answers 401, allow lets it through.
	// +kubebuilder:validation:Enum=authenticate;allow;deny
	// +optional
	OnUnauthenticatedRequest string `json:"onUnauthenticatedRequest,omitempty"`

	// scope is the user claims requested from the identity provider, such as
	// openid, email, profile (default openid).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:items:Pattern=`^[!#-\[\]-~]+$`
	// +listType=atomic
	// +optional
	Scope []string `json:"scope,omitempty"`

	// sessionCookieName is the name of the session cookie (default
	// AWSELBAuthSessionCookie).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9!#$%&'*+.^_|~-]+$`
	// +optional
	SessionCookieName string `json:"sessionCookieName,omitempty"`

	// sessionTimeoutSeconds is how long a session lasts, 1 to 604800
	// (default 604800, 7 days).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=604800
	// +optional
	SessionTimeoutSeconds int32 `json:"sessionTimeoutSeconds,omitempty"`
}

// OIDCAuthentication is an OpenID Connect identity provider. Its client ID and
// secret are in a Secret the AWS Load Balancer Controller reads; lbo only
// names it and never reads Secrets.
type OIDCAuthentication struct {
	// issuer is the identity provider's issuer URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	Issuer string `json:"issuer"`

	// authorizationEndpoint is the identity provider's authorization URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	AuthorizationEndpoint string `json:"authorizationEndpoint"`

	// tokenEndpoint is the identity provider's token URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	TokenEndpoint string `json:"tokenEndpoint"`

	// userInfoEndpoint is the identity provider's user info URL.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^https://[^\s"]+$`
	// +required
	UserInfoEndpoint string `json:"userInfoEndpoint"`

	// clientSecretName is the name of a Secret in the LoadBalancer's
	// namespace with the keys clientID and clientSecret.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`
	// +required
	ClientSecretName string `json:"clientSecretName"`
}

// CognitoAuthentication is an Amazon Cognito user pool.
type CognitoAuthentication struct {
	// userPoolARN is the ARN of the user pool, such as
	// arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_aBcDeFgHi.
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:Pattern=`^arn:aws[-a-z]*:cognito-idp:[a-z]+(-[a-z]+)+-[0-9]+:[0-9]{12}:userpool/[a-z]+(-[a-z]+)+-[0-9]+_[0-9A-Za-z]+$`
	// +required
	UserPoolARN string `json:"userPoolARN"`

	// userPoolClientID is the ID of the user pool's app client.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9+]+$`
	// +required
	UserPoolClientID string `json:"userPoolClientID"`

	// userPoolDomain is the user pool's domain: for an Amazon Cognito domain,
	// only its prefix (my-domain, not
	// https://my-domain.auth.us-west-2.amazoncognito.com).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`
	// +kubebuilder:validation:XValidation:rule="!self.endsWith('.amazoncognito.com')",message="for an Amazon Cognito domain, userPoolDomain is only its prefix, such as my-domain"
	// +required
	UserPoolDomain string `json:"userPoolDomain"`
}
