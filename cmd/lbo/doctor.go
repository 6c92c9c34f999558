package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go/logging"
	"github.com/spf13/cobra"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/lbo-dev/lbo/internal/doctor"
)

type doctorOptions struct {
	doctor.Config
	region, endpoint    string
	kubeconfig, kubeCtx string
}

func newDoctorCommand() *cobra.Command {
	var o doctorOptions
	cmd := &cobra.Command{
		Use:   "doctor [--cluster NAME]",
		Short: "Check the prerequisites of the AWS Load Balancer Controller on an EKS cluster",
		Long: `doctor checks, with your AWS credentials and kubeconfig, what the AWS Load
Balancer Controller needs before any LoadBalancer can work, and which fails
silently when it is missing:

  IAM OIDC provider      the cluster's OIDC issuer has one (IRSA)
  service account role   the controller's ServiceAccount carries an IAM role
                         that trusts that provider for it
  controller IAM policy  AWSLoadBalancerControllerIAMPolicy exists and is
                         attached to that role
  controller running     the controller's Deployment is available
  IngressClass alb       exists and belongs to the controller
  public/private subnets subnets of the cluster's VPC are tagged
                         kubernetes.io/role/elb / kubernetes.io/role/internal-elb
                         in two or more availability zones

For the features the cluster's LoadBalancers use, it checks more: the
controller's feature gates for requested certificates and the target control
agent, the TargetGroupBinding CRD, and (iam:SimulatePrincipalPolicy) the IAM
permissions those features need.

Each check reports PASS, FAIL with how to fix it, or SKIP when a check it needs
failed. It only reads (eks:DescribeCluster, iam:ListOpenIDConnectProviders,
iam:GetRole, iam:GetPolicy, iam:ListAttachedRolePolicies, ec2:DescribeSubnets,
iam:SimulatePrincipalPolicy, gets on the Deployment, ServiceAccount and
IngressClass, lists of LoadBalancers and TargetGroupBindings). The exit status
is non-zero when a check fails. See docs/doctor.md.`,
		Example: `  lbo doctor --cluster demo
  lbo doctor --cluster demo --region ap-northeast-2 --context demo-admin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDoctor(cmd.Context(), cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Cluster, "cluster", "", "the EKS cluster's name; default: the controller Deployment's --cluster-name")
	f.StringVar(&o.region, "region", "", "AWS region of the cluster; default: the SDK's (AWS_REGION, profile)")
	f.StringVar(&o.endpoint, "aws-endpoint-url", "", "one endpoint for the EKS, IAM and EC2 APIs (LocalStack, tests)")
	f.StringVar(&o.kubeconfig, "kubeconfig", "", "path of the kubeconfig; default: KUBECONFIG or ~/.kube/config")
	f.StringVar(&o.kubeCtx, "context", "", "kubeconfig context; default: the current one")
	f.StringVar(&o.Namespace, "namespace", doctor.DefaultNamespace, "namespace of the AWS Load Balancer Controller")
	f.StringVar(&o.Deployment, "deployment", doctor.DefaultName, "the controller's Deployment")
	f.StringVar(&o.ServiceAccount, "service-account", "", "the controller's ServiceAccount; default: the Deployment's, or "+doctor.DefaultName)
	f.StringVar(&o.PolicyName, "policy-name", doctor.DefaultPolicyName, "name of the controller's IAM policy in the cluster's account")
	f.StringVar(&o.PolicyARN, "policy-arn", "", "ARN of the controller's IAM policy, instead of --policy-name")
	f.StringVar(&o.IngressClass, "ingress-class", doctor.DefaultIngressClass, "the IngressClass lbo's Ingresses use")
	return cmd
}

func runDoctor(ctx context.Context, cmd *cobra.Command, o doctorOptions) error {
	// The report says what failed and why; the SDK's own warnings (such as
	// "falling back to IMDSv1" while it looks for credentials where there
	// are none) would only be noise printed before it.
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if o.region != "" {
		opts = append(opts, config.WithRegion(o.region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return fmt.Errorf("no AWS region: give --region or set AWS_REGION")
	}
	if o.endpoint != "" {
		cfg.BaseEndpoint = aws.String(o.endpoint)
	}

	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.kubeconfig
	rest, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: o.kubeCtx}).ClientConfig()
	if err != nil {
		return fmt.Errorf("reading the kubeconfig: %w", err)
	}
	kube, err := client.New(rest, client.Options{Scheme: clientgoscheme.Scheme})
	if err != nil {
		return fmt.Errorf("connecting to the cluster at %s: %w", rest.Host, err)
	}

	d := &doctor.Doctor{Config: o.Config, EKS: eks.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg), EC2: ec2.NewFromConfig(cfg), Kube: kube}
	results := d.Run(ctx)
	failed, err := doctor.Report(cmd.OutOrStdout(), d.Cluster, results)
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d prerequisites fail; see the fixes above", failed, len(results))
	}
	return nil
}
