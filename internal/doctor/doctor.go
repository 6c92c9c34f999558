// Package doctor checks the prerequisites of the AWS Load Balancer Controller
// on an EKS cluster, the ones that fail silently when one is missing: the IAM
// OIDC provider of the cluster's issuer, the controller's IAM policy attached
// to the role its service account carries, the controller running, the
// IngressClass alb, and the subnet tags the controller discovers subnets by;
// and, for the features the cluster's LoadBalancers use, what the controller
// needs for them (feature gates, IAM permissions, the TargetGroupBinding
// CRD).
//
// Each check is a small function returning pass, fail or skip with what it
// saw and how to fix it. AWS is reached through narrow interfaces over the
// aws-sdk-go-v2 clients, Kubernetes through a controller-runtime reader.
package doctor

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/lbo-dev/lbo/internal/awsstate"
)

// EKS is the part of the EKS API the doctor calls.
type EKS interface {
	DescribeCluster(context.Context, *eks.DescribeClusterInput, ...func(*eks.Options)) (*eks.DescribeClusterOutput, error)
}

// IAM is the part of the IAM API the doctor calls.
type IAM interface {
	ListOpenIDConnectProviders(context.Context, *iam.ListOpenIDConnectProvidersInput, ...func(*iam.Options)) (*iam.ListOpenIDConnectProvidersOutput, error)
	GetRole(context.Context, *iam.GetRoleInput, ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	GetPolicy(context.Context, *iam.GetPolicyInput, ...func(*iam.Options)) (*iam.GetPolicyOutput, error)
	ListAttachedRolePolicies(context.Context, *iam.ListAttachedRolePoliciesInput, ...func(*iam.Options)) (*iam.ListAttachedRolePoliciesOutput, error)
	SimulatePrincipalPolicy(context.Context, *iam.SimulatePrincipalPolicyInput, ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error)
}

// EC2 is the part of the EC2 API the doctor calls.
type EC2 interface {
	DescribeSubnets(context.Context, *ec2.DescribeSubnetsInput, ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
}

// Defaults: the names the seed and the controller's installation guide use.
const (
	DefaultNamespace      = "kube-system"
	DefaultName           = "aws-load-balancer-controller"
	DefaultPolicyName     = "AWSLoadBalancerControllerIAMPolicy"
	DefaultIngressClass   = "alb"
	ALBController         = "ingress.k8s.aws/alb"
	RoleARNAnnotation     = "eks.amazonaws.com/role-arn"
	TagPublicSubnetRole   = "kubernetes.io/role/elb"
	TagInternalSubnetRole = "kubernetes.io/role/internal-elb"
	tagClusterPrefix      = "kubernetes.io/cluster/"
)

// Config says what to check.
type Config struct {
	// Cluster is the EKS cluster's name; when empty, the controller
	// Deployment's --cluster-name argument.
	Cluster string
	// Namespace and Deployment of the AWS Load Balancer Controller.
	Namespace, Deployment string
	// ServiceAccount of the controller; when empty, the Deployment's (or
	// aws-load-balancer-controller).
	ServiceAccount string
	// PolicyName of the controller's IAM policy, in the cluster's account;
	// PolicyARN, when set, names it instead.
	PolicyName, PolicyARN string
	// IngressClass lbo's Ingresses use.
	IngressClass string
}

// Status of a check.
type Status string

const (
	Pass Status = "PASS"
	Fail Status = "FAIL"
	// Skip: the check could not run because one it needs failed.
	Skip Status = "SKIP"
)

// Result is the outcome of one check.
type Result struct {
	// Check names what was checked.
	Check  string
	Status Status
	// Detail is what the check saw.
	Detail string
	// Fix is what to do about a failure.
	Fix string
}

// Doctor runs the checks.
type Doctor struct {
	Config
	EKS  EKS
	IAM  IAM
	EC2  EC2
	Kube client.Reader
}

// facts are what several checks need, gathered once.
type facts struct {
	cluster    *eks.DescribeClusterOutput
	clusterErr error
	// issuer is the cluster's OIDC issuer without https://.
	issuer string
	// provider is the ARN of the IAM OIDC provider for issuer, if any.
	provider  string
	deploy    *appsv1.Deployment
	deployErr error
	sa        *corev1.ServiceAccount
	saErr     error
	// role is the name of the role the service account carries, once the
	// role check has found it.
	role string
}

// Run runs every check, in the order of the seed's section 3.2.
func (d *Doctor) Run(ctx context.Context) []Result {
	d.defaults()
	f := &facts{}
	f.deploy, f.deployErr = d.deployment(ctx)
	if d.Cluster == "" && f.deploy != nil {
		d.Cluster = clusterNameArg(f.deploy)
	}
	if d.ServiceAccount == "" {
		d.ServiceAccount = DefaultName
		if f.deploy != nil && f.deploy.Spec.Template.Spec.ServiceAccountName != "" {
			d.ServiceAccount = f.deploy.Spec.Template.Spec.ServiceAccountName
		}
	}
	if d.Cluster == "" {
		f.clusterErr = errors.New("no cluster name: give --cluster (the controller Deployment has no --cluster-name argument to take it from)")
	} else {
		f.cluster, f.clusterErr = d.EKS.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: &d.Cluster})
		if f.clusterErr != nil {
			f.clusterErr = fmt.Errorf("describing EKS cluster %s: %s", d.Cluster, awsstate.APIMessage(f.clusterErr))
		}
	}
	sa := &corev1.ServiceAccount{}
	if err := d.Kube.Get(ctx, client.ObjectKey{Namespace: d.Namespace, Name: d.ServiceAccount}, sa); err != nil {
		f.saErr = err
	} else {
		f.sa = sa
	}

	results := []Result{
		d.checkOIDCProvider(ctx, f),
		d.checkServiceAccountRole(ctx, f),
		d.checkPolicy(ctx, f),
		d.checkDeployment(f),
		d.checkIngressClass(ctx),
		d.checkSubnets(ctx, f, "public subnets", TagPublicSubnetRole, "internet-facing"),
		d.checkSubnets(ctx, f, "private subnets", TagInternalSubnetRole, "internal"),
	}
	return append(results, d.featureChecks(ctx, f)...)
}

func (d *Doctor) defaults() {
	if d.Namespace == "" {
		d.Namespace = DefaultNamespace
	}
	if d.Deployment == "" {
		d.Deployment = DefaultName
	}
	if d.PolicyName == "" {
		d.PolicyName = DefaultPolicyName
	}
	if d.IngressClass == "" {
		d.IngressClass = DefaultIngressClass
	}
}

func (d *Doctor) deployment(ctx context.Context) (*appsv1.Deployment, error) {
	dep := &appsv1.Deployment{}
	if err := d.Kube.Get(ctx, client.ObjectKey{Namespace: d.Namespace, Name: d.Deployment}, dep); err != nil {
		return nil, err
	}
	return dep, nil
}

// clusterNameArg is the --cluster-name argument of the controller's container.
func clusterNameArg(dep *appsv1.Deployment) string {
	v, _ := controllerArg(dep, "--cluster-name")
	return v
}

// kubeProblem says what a failed read of a Kubernetes object means.
func kubeProblem(kind, ns, name string, err error) string {
	if apierrors.IsNotFound(err) {
		return fmt.Sprintf("%s %s/%s does not exist", kind, ns, name)
	}
	return fmt.Sprintf("reading %s %s/%s: %v", kind, ns, name, err)
}

func pass(check, detail string) Result { return Result{Check: check, Status: Pass, Detail: detail} }
func fail(check, detail, fix string) Result {
	return Result{Check: check, Status: Fail, Detail: detail, Fix: fix}
}
func skip(check, detail string) Result { return Result{Check: check, Status: Skip, Detail: detail} }
