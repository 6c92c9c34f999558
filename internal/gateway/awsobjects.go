package gateway

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// The AWS Load Balancer Controller's own Gateway API extensions, in the
// group gateway.k8s.aws (config/crd/gateway in its repository;
// test/crds/standins has stand-ins for tests).
// lbo writes them as unstructured objects from the shapes below, which hold
// only the fields lbo sets; the field names and meanings are those of the
// controller's CRDs at v1.
const (
	// AWSGroup is the API group of the controller's Gateway extensions.
	AWSGroup = "gateway.k8s.aws"
	// KindLoadBalancerConfiguration configures the load balancer of a
	// Gateway that names it in spec.infrastructure.parametersRef.
	KindLoadBalancerConfiguration = "LoadBalancerConfiguration"
	// KindTargetGroupConfiguration configures the target groups of one
	// Service (targetReference), or, named by a LoadBalancerConfiguration,
	// the defaults of every target group of the Gateway.
	KindTargetGroupConfiguration = "TargetGroupConfiguration"
	// KindListenerRuleConfiguration adds to an HTTPRoute rule what Gateway
	// API cannot say (fixed responses, authentication, source IP
	// conditions, redirect queries, forward stickiness, tags); the rule
	// names it in an ExtensionRef filter.
	KindListenerRuleConfiguration = "ListenerRuleConfiguration"
)

// AWSGroupVersion is the version of the controller's extensions lbo writes.
var AWSGroupVersion = schema.GroupVersion{Group: AWSGroup, Version: "v1"}

type keyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type loadBalancerConfigurationSpec struct {
	LoadBalancerName                                     string                     `json:"loadBalancerName,omitempty"`
	Scheme                                               string                     `json:"scheme,omitempty"`
	IPAddressType                                        string                     `json:"ipAddressType,omitempty"`
	EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic string                     `json:"enforceSecurityGroupInboundRulesOnPrivateLinkTraffic,omitempty"`
	LoadBalancerSubnets                                  []subnetConfiguration      `json:"loadBalancerSubnets,omitempty"`
	ListenerConfigurations                               []listenerConfiguration    `json:"listenerConfigurations,omitempty"`
	DisableSecurityGroup                                 *bool                      `json:"disableSecurityGroup,omitempty"`
	SecurityGroups                                       []string                   `json:"securityGroups,omitempty"`
	SecurityGroupPrefixes                                []string                   `json:"securityGroupPrefixes,omitempty"`
	SourceRanges                                         *[]string                  `json:"sourceRanges,omitempty"`
	LoadBalancerAttributes                               []keyValue                 `json:"loadBalancerAttributes,omitempty"`
	Tags                                                 map[string]string          `json:"tags,omitempty"`
	EnableICMP                                           *bool                      `json:"enableICMP,omitempty"`
	ManageBackendSecurityGroupRules                      *bool                      `json:"manageBackendSecurityGroupRules,omitempty"`
	MinimumLoadBalancerCapacity                          *minimumCapacity           `json:"minimumLoadBalancerCapacity,omitempty"`
	WAFv2                                                *wafv2Configuration        `json:"wafV2,omitempty"`
	ShieldConfiguration                                  *shieldConfiguration       `json:"shieldConfiguration,omitempty"`
	DefaultTargetGroupConfiguration                      *defaultTargetGroupConfRef `json:"defaultTargetGroupConfiguration,omitempty"`
}

type subnetConfiguration struct {
	Identifier            string `json:"identifier"`
	EIPAllocation         string `json:"eipAllocation,omitempty"`
	PrivateIPv4Allocation string `json:"privateIPv4Allocation,omitempty"`
	IPv6Allocation        string `json:"ipv6Allocation,omitempty"`
}

type listenerConfiguration struct {
	ProtocolPort         string                `json:"protocolPort"`
	DefaultCertificate   string                `json:"defaultCertificate,omitempty"`
	Certificates         []string              `json:"certificates,omitempty"`
	SSLPolicy            string                `json:"sslPolicy,omitempty"`
	ALPNPolicy           string                `json:"alpnPolicy,omitempty"`
	MutualAuthentication *mutualAuthentication `json:"mutualAuthentication,omitempty"`
	ListenerAttributes   []keyValue            `json:"listenerAttributes,omitempty"`
	QUICEnabled          *bool                 `json:"quicEnabled,omitempty"`
}

type mutualAuthentication struct {
	Mode                          string `json:"mode"`
	TrustStore                    string `json:"trustStore,omitempty"`
	IgnoreClientCertificateExpiry *bool  `json:"ignoreClientCertificateExpiry,omitempty"`
	AdvertiseTrustStoreCaNames    string `json:"advertiseTrustStoreCaNames,omitempty"`
}

type minimumCapacity struct {
	CapacityUnits int32 `json:"capacityUnits"`
}

type wafv2Configuration struct {
	WebACL string `json:"webACL"`
}

type shieldConfiguration struct {
	Enabled bool `json:"enabled"`
}

type defaultTargetGroupConfRef struct {
	Name string `json:"name"`
}

type targetGroupConfigurationSpec struct {
	TargetReference      *targetReference     `json:"targetReference,omitempty"`
	DefaultConfiguration targetGroupProps     `json:"defaultConfiguration"`
	RouteConfigurations  []routeConfiguration `json:"routeConfigurations,omitempty"`
}

type targetReference struct {
	Name string `json:"name"`
}

type routeConfiguration struct {
	RouteIdentifier  routeIdentifier  `json:"routeIdentifier"`
	TargetGroupProps targetGroupProps `json:"targetGroupProps"`
}

type routeIdentifier struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

type targetGroupProps struct {
	HealthCheckConfig     *healthCheckConfiguration `json:"healthCheckConfig,omitempty"`
	NodeSelector          *metav1.LabelSelector     `json:"nodeSelector,omitempty"`
	TargetGroupAttributes []keyValue                `json:"targetGroupAttributes,omitempty"`
	TargetType            string                    `json:"targetType,omitempty"`
	Protocol              string                    `json:"protocol,omitempty"`
	ProtocolVersion       string                    `json:"protocolVersion,omitempty"`
	EnableMultiCluster    *bool                     `json:"enableMultiCluster,omitempty"`
	Tags                  map[string]string         `json:"tags,omitempty"`
}

type healthCheckConfiguration struct {
	HealthyThresholdCount   *int32              `json:"healthyThresholdCount,omitempty"`
	HealthCheckInterval     *int32              `json:"healthCheckInterval,omitempty"`
	HealthCheckPath         string              `json:"healthCheckPath,omitempty"`
	HealthCheckPort         string              `json:"healthCheckPort,omitempty"`
	HealthCheckProtocol     string              `json:"healthCheckProtocol,omitempty"`
	HealthCheckTimeout      *int32              `json:"healthCheckTimeout,omitempty"`
	UnhealthyThresholdCount *int32              `json:"unhealthyThresholdCount,omitempty"`
	Matcher                 *healthCheckMatcher `json:"matcher,omitempty"`
}

type healthCheckMatcher struct {
	HTTPCode string `json:"httpCode,omitempty"`
	GRPCCode string `json:"grpcCode,omitempty"`
}

type listenerRuleConfigurationSpec struct {
	Actions    []ruleAction      `json:"actions,omitempty"`
	Conditions []ruleCondition   `json:"conditions,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
}

type ruleAction struct {
	Type                      string                `json:"type"`
	ForwardConfig             *forwardActionConfig  `json:"forwardConfig,omitempty"`
	RedirectConfig            *redirectActionConfig `json:"redirectConfig,omitempty"`
	FixedResponseConfig       *fixedResponseConfig  `json:"fixedResponseConfig,omitempty"`
	AuthenticateCognitoConfig *authenticateCognito  `json:"authenticateCognitoConfig,omitempty"`
	AuthenticateOIDCConfig    *authenticateOIDC     `json:"authenticateOIDCConfig,omitempty"`
}

type forwardActionConfig struct {
	TargetGroupStickinessConfig *targetGroupStickiness `json:"targetGroupStickinessConfig,omitempty"`
}

type targetGroupStickiness struct {
	DurationSeconds *int32 `json:"durationSeconds,omitempty"`
	Enabled         bool   `json:"enabled"`
}

type redirectActionConfig struct {
	Query string `json:"query,omitempty"`
}

type fixedResponseConfig struct {
	StatusCode  int32  `json:"statusCode"`
	ContentType string `json:"contentType,omitempty"`
	MessageBody string `json:"messageBody,omitempty"`
}

type authenticateCognito struct {
	UserPoolArn              string `json:"userPoolArn"`
	UserPoolClientID         string `json:"userPoolClientId"`
	UserPoolDomain           string `json:"userPoolDomain"`
	Scope                    string `json:"scope,omitempty"`
	OnUnauthenticatedRequest string `json:"onUnauthenticatedRequest,omitempty"`
	SessionCookieName        string `json:"sessionCookieName,omitempty"`
	SessionTimeout           *int64 `json:"sessionTimeout,omitempty"`
}

type authenticateOIDC struct {
	AuthorizationEndpoint    string     `json:"authorizationEndpoint"`
	Secret                   secretName `json:"secret"`
	Issuer                   string     `json:"issuer"`
	TokenEndpoint            string     `json:"tokenEndpoint"`
	UserInfoEndpoint         string     `json:"userInfoEndpoint"`
	Scope                    string     `json:"scope,omitempty"`
	OnUnauthenticatedRequest string     `json:"onUnauthenticatedRequest,omitempty"`
	SessionCookieName        string     `json:"sessionCookieName,omitempty"`
	SessionTimeout           *int64     `json:"sessionTimeout,omitempty"`
}

type secretName struct {
	Name string `json:"name"`
}

type ruleCondition struct {
	Field          string          `json:"field"`
	SourceIPConfig *sourceIPConfig `json:"sourceIPConfig,omitempty"`
}

type sourceIPConfig struct {
	Values []string `json:"values"`
}

// awsObject is one of the controller's extension objects with meta and
// spec, as the unstructured object lbo applies.
func awsObject(kind string, meta metav1.ObjectMeta, spec any) *unstructured.Unstructured {
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&meta)
	if err != nil {
		panic(fmt.Sprintf("converting the metadata of %s %s: %v", kind, meta.Name, err))
	}
	delete(content, "creationTimestamp")
	// The shapes above are plain structs of strings, numbers, maps and
	// slices: converting them cannot fail. Numbers come back as int64, as
	// the API server decodes them.
	var specContent map[string]any
	if err := utiljson.Unmarshal([]byte(mustJSON(spec)), &specContent); err != nil {
		panic(fmt.Sprintf("converting the spec of %s %s: %v", kind, meta.Name, err))
	}
	u := &unstructured.Unstructured{Object: map[string]any{"metadata": content, "spec": specContent}}
	u.SetGroupVersionKind(AWSGroupVersion.WithKind(kind))
	return u
}
