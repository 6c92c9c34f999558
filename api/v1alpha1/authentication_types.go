package v1alpha1

// Authentication (L7): sign-in with OIDC or Amazon Cognito, or verification
// of a JSON Web Token, done by the Application Load Balancer before requests
// reach the targets.

// Authentication makes the Application Load Balancer authenticate requests
// before they reach the targets: users sign in with an OpenID Connect
// identity provider or an Amazon Cognito user pool, or clients present a
// JSON Web Token the load balancer verifies (jwt). Set exactly one of oidc,
// cognito and jwt.
//
// +kubebuilder:validation:XValidation:rule="(has(self.oidc) ? 1 : 0) + (has(self.cognito) ? 1 : 0) + (has(self.jwt) ? 1 : 0) == 1",message="set exactly one of authentication.oidc or authentication.cognito (users sign in), or authentication.jwt (clients present a token)"
// +kubebuilder:validation:XValidation:rule="!has(self.jwt) || !(has(self.onUnauthenticatedRequest) || has(self.scope) || has(self.sessionCookieName) || has(self.sessionTimeoutSeconds))",fieldPath=".jwt",message="jwt verifies a token each request carries, without a sign-in or a session: onUnauthenticatedRequest, scope, sessionCookieName and sessionTimeoutSeconds are for oidc and cognito; remove them"
type Authentication struct {
	// oidc authenticates with an OpenID Connect identity provider.
	// +optional
	OIDC *OIDCAuthentication `json:"oidc,omitempty"`

	// cognito authenticates with an Amazon Cognito user pool.
	// +optional
	Cognito *CognitoAuthentication `json:"cognito,omitempty"`

	// jwt verifies the JSON Web Token each request carries (service to
	// service or machine to machine): its signature, with the keys of
	// jwksEndpoint, and its claims. A request without a valid token is
	// refused; a valid one reaches the targets with its token.
	// +optional
	JWT *JWTValidation `json:"jwt,omitempty"`

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

	// authenticationRequestExtraParams are query parameters the load
	// balancer adds to its redirect to authorizationEndpoint, such as
	// prompt: login; at most 10.
	// +kubebuilder:validation:MaxProperties=10
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 128 && k.matches('^[^[:space:]=&#?]+$'))",message="authenticationRequestExtraParams keys are query parameter names: at most 128 characters, without white space, '=', '&', '#' or '?'"
	// +optional
	AuthenticationRequestExtraParams map[string]ExtraParamValue `json:"authenticationRequestExtraParams,omitempty"`
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

	// authenticationRequestExtraParams are query parameters the load
	// balancer adds to its redirect to the user pool's authorization
	// endpoint; at most 10.
	// +kubebuilder:validation:MaxProperties=10
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 128 && k.matches('^[^[:space:]=&#?]+$'))",message="authenticationRequestExtraParams keys are query parameter names: at most 128 characters, without white space, '=', '&', '#' or '?'"
	// +optional
	AuthenticationRequestExtraParams map[string]ExtraParamValue `json:"authenticationRequestExtraParams,omitempty"`
}

// ExtraParamValue is the value of a query parameter added to the redirect to
// the identity provider.
// +kubebuilder:validation:MaxLength=256
type ExtraParamValue string

// JWTValidation is how the Application Load Balancer verifies the JSON Web
// Tokens of requests. Besides the signature it checks the claims iss (it
// must be issuer) and exp, nbf and iat when the token has them, and every
// claim of additionalClaims.
type JWTValidation struct {
	// issuer is the value the token's iss claim must have, at most 256
	// characters.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:validation:Pattern=`^[^\s"]+$`
	// +required
	Issuer string `json:"issuer"`

	// jwksEndpoint is the https URL of the JSON Web Key Set whose keys sign
	// the tokens, at most 256 characters. The load balancer reads it from
	// the internet, so it must be reachable from there.
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:validation:Pattern=`^https://[^\s"/]+(/[^\s"]*)?$`
	// +required
	JWKSEndpoint string `json:"jwksEndpoint"`

	// additionalClaims are more claims the token must carry, keyed by name;
	// at most 10.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=10
	// +optional
	AdditionalClaims []JWTClaim `json:"additionalClaims,omitempty"`
}

// JWTClaim is a claim a JSON Web Token must carry, with one of values.
//
// +kubebuilder:validation:XValidation:rule="self.format != 'single-string' || size(self.values) == 1",fieldPath=".values",message="a single-string claim has one value"
// +kubebuilder:validation:XValidation:rule="self.format != 'space-separated-values' || self.values.all(v, !v.contains(' '))",fieldPath=".values",message="the values of a space-separated-values claim cannot hold a space: the token's claim is split at spaces"
type JWTClaim struct {
	// name of the claim. iss, exp, nbf and iat are always checked and
	// cannot be given.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:validation:Pattern=`^[^\s"]+$`
	// +kubebuilder:validation:XValidation:rule="!(self in ['iss', 'exp', 'nbf', 'iat'])",message="iss, exp, nbf and iat are checked anyway and cannot be additional claims"
	// +required
	Name string `json:"name"`

	// format of the claim in the token: single-string (one text value),
	// string-array (an array of text values) or space-separated-values
	// (text values separated by spaces, as OAuth's scope).
	// +kubebuilder:validation:Enum=single-string;string-array;space-separated-values
	// +required
	Format string `json:"format"`

	// values the claim may have; a token matches with any one of them. At
	// most 10, each at most 256 characters.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=256
	// +listType=atomic
	// +required
	Values []string `json:"values"`
}
