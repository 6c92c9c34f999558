package doctor

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/lbo-dev/lbo/internal/awsstate"
)

const (
	checkOIDC     = "IAM OIDC provider"
	checkRole     = "service account role"
	checkPolicy   = "controller IAM policy"
	checkDeploy   = "controller running"
	checkIngClass = "IngressClass"
)

// checkOIDCProvider: the cluster's OIDC issuer has an IAM OIDC provider, so
// that IAM trusts the tokens of the cluster's service accounts (IRSA).
func (d *Doctor) checkOIDCProvider(ctx context.Context, f *facts) Result {
	fix := fmt.Sprintf("eksctl utils associate-iam-oidc-provider --cluster %s --approve", cmp.Or(d.Cluster, "CLUSTER"))
	if f.clusterErr != nil {
		return fail(checkOIDC, f.clusterErr.Error(), "give the EKS cluster's name with --cluster, and AWS credentials that may call eks:DescribeCluster")
	}
	c := f.cluster.Cluster
	if c == nil || c.Identity == nil || c.Identity.Oidc == nil || aws.ToString(c.Identity.Oidc.Issuer) == "" {
		return fail(checkOIDC, "cluster "+d.Cluster+" reports no OIDC issuer", fix)
	}
	f.issuer = strings.TrimPrefix(aws.ToString(c.Identity.Oidc.Issuer), "https://")
	out, err := d.IAM.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		return fail(checkOIDC, "listing IAM OIDC providers: "+awsstate.APIMessage(err), "use AWS credentials that may call iam:ListOpenIDConnectProviders")
	}
	for _, p := range out.OpenIDConnectProviderList {
		if strings.HasSuffix(aws.ToString(p.Arn), ":oidc-provider/"+f.issuer) {
			f.provider = aws.ToString(p.Arn)
			return pass(checkOIDC, "the issuer "+f.issuer+" has the IAM OIDC provider "+f.provider)
		}
	}
	return fail(checkOIDC, "no IAM OIDC provider for the cluster's issuer "+f.issuer+": no service account can assume an IAM role", fix)
}

// checkServiceAccountRole: the controller's service account carries an IAM
// role (IRSA annotation) that exists and trusts the cluster's OIDC provider
// for that service account.
func (d *Doctor) checkServiceAccountRole(ctx context.Context, f *facts) Result {
	sub := "system:serviceaccount:" + d.Namespace + ":" + d.ServiceAccount
	fix := fmt.Sprintf("eksctl create iamserviceaccount --cluster=%s --namespace=%s --name=%s --attach-policy-arn=%s --override-existing-serviceaccounts --approve",
		cmp.Or(d.Cluster, "CLUSTER"), d.Namespace, d.ServiceAccount, d.policyARN(f))
	if f.saErr != nil {
		return fail(checkRole, kubeProblem("ServiceAccount", d.Namespace, d.ServiceAccount, f.saErr), fix)
	}
	roleARN := f.sa.Annotations[RoleARNAnnotation]
	if roleARN == "" {
		return fail(checkRole, fmt.Sprintf("ServiceAccount %s/%s has no %s annotation: the controller gets no IAM role", d.Namespace, d.ServiceAccount, RoleARNAnnotation), fix)
	}
	parsed, err := arn.Parse(roleARN)
	if err != nil || !strings.HasPrefix(parsed.Resource, "role/") {
		return fail(checkRole, fmt.Sprintf("the %s annotation %q is not an IAM role ARN", RoleARNAnnotation, roleARN), fix)
	}
	name := parsed.Resource[strings.LastIndex(parsed.Resource, "/")+1:]
	out, err := d.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: &name})
	if err != nil {
		return fail(checkRole, "reading role "+name+": "+awsstate.APIMessage(err), fix)
	}
	f.role = name
	if f.provider == "" {
		return pass(checkRole, fmt.Sprintf("ServiceAccount %s/%s carries role %s (its trust is not checked: no OIDC provider)", d.Namespace, d.ServiceAccount, name))
	}
	doc, err := url.QueryUnescape(aws.ToString(out.Role.AssumeRolePolicyDocument))
	if err != nil {
		doc = aws.ToString(out.Role.AssumeRolePolicyDocument)
	}
	if why := trusts(doc, f.provider, f.issuer, sub); why != "" {
		return fail(checkRole, "role "+name+" "+why, fix)
	}
	return pass(checkRole, fmt.Sprintf("ServiceAccount %s/%s carries role %s, which trusts %s", d.Namespace, d.ServiceAccount, name, sub))
}

// trusts says why the trust policy doc does not let sub assume the role
// through the OIDC provider, or "" when it does.
func trusts(doc, provider, issuer, sub string) string {
	var policy struct {
		Statement []struct {
			Effect    string
			Principal map[string]any
			Action    any
			Condition map[string]map[string]any
		}
	}
	if err := json.Unmarshal([]byte(doc), &policy); err != nil {
		return "has a trust policy that is not JSON: " + err.Error()
	}
	federated := false
	for _, st := range policy.Statement {
		if st.Effect != "Allow" || !slices.Contains(strs(st.Principal["Federated"]), provider) ||
			!slices.Contains(strs(st.Action), "sts:AssumeRoleWithWebIdentity") {
			continue
		}
		federated = true
		subjects := append(strs(st.Condition["StringEquals"][issuer+":sub"]), strs(st.Condition["StringLike"][issuer+":sub"])...)
		if len(subjects) == 0 {
			return ""
		}
		for _, s := range subjects {
			if ok, _ := path.Match(s, sub); ok {
				return ""
			}
		}
		return fmt.Sprintf("trusts %s, not %s", strings.Join(subjects, ", "), sub)
	}
	if !federated {
		return "does not trust the cluster's OIDC provider " + provider + " (no Allow of sts:AssumeRoleWithWebIdentity for it)"
	}
	return ""
}

// strs reads a policy value that is a string or a list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// policyARN is the controller policy's ARN: the one given, or the policy
// name in the cluster's account.
func (d *Doctor) policyARN(f *facts) string {
	if d.PolicyARN != "" {
		return d.PolicyARN
	}
	partition, account := "aws", "ACCOUNT"
	if f.cluster != nil && f.cluster.Cluster != nil {
		if a, err := arn.Parse(aws.ToString(f.cluster.Cluster.Arn)); err == nil {
			partition, account = a.Partition, a.AccountID
		}
	}
	return fmt.Sprintf("arn:%s:iam::%s:policy/%s", partition, account, d.PolicyName)
}

// checkPolicy: the controller's IAM policy exists and is attached to the
// role of its service account.
func (d *Doctor) checkPolicy(ctx context.Context, f *facts) Result {
	policyARN := d.policyARN(f)
	if strings.Contains(policyARN, ":ACCOUNT:") {
		return skip(checkPolicy, "needs the cluster's account (see "+checkOIDC+"), or give --policy-arn")
	}
	create := fmt.Sprintf("aws iam create-policy --policy-name %s --policy-document file://iam_policy.json (the AWS Load Balancer Controller's policy for its version)", d.PolicyName)
	if _, err := d.IAM.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &policyARN}); err != nil {
		return fail(checkPolicy, "reading policy "+policyARN+": "+awsstate.APIMessage(err), create)
	}
	if f.role == "" {
		return skip(checkPolicy, "policy "+policyARN+" exists; whether it is attached needs the service account's role (see "+checkRole+")")
	}
	attach := fmt.Sprintf("aws iam attach-role-policy --role-name %s --policy-arn %s", f.role, policyARN)
	pages := iam.NewListAttachedRolePoliciesPaginator(d.IAM, &iam.ListAttachedRolePoliciesInput{RoleName: &f.role})
	var attached []string
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fail(checkPolicy, "listing the policies of role "+f.role+": "+awsstate.APIMessage(err), attach)
		}
		for _, p := range page.AttachedPolicies {
			if aws.ToString(p.PolicyArn) == policyARN {
				return pass(checkPolicy, "policy "+policyARN+" is attached to role "+f.role)
			}
			attached = append(attached, aws.ToString(p.PolicyName))
		}
	}
	return fail(checkPolicy, fmt.Sprintf("policy %s exists but is not attached to role %s (attached: %s)", policyARN, f.role, cmp.Or(strings.Join(attached, ", "), "none")), attach)
}

// checkDeployment: the controller's Deployment is available.
func (d *Doctor) checkDeployment(f *facts) Result {
	fix := fmt.Sprintf("helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n %s --set clusterName=%s --set serviceAccount.create=false --set serviceAccount.name=%s",
		d.Namespace, cmp.Or(d.Cluster, "CLUSTER"), d.ServiceAccount)
	if f.deployErr != nil {
		return fail(checkDeploy, kubeProblem("Deployment", d.Namespace, d.Deployment, f.deployErr), fix)
	}
	for _, c := range f.deploy.Status.Conditions {
		if c.Type == appsv1.DeploymentAvailable {
			if c.Status == corev1.ConditionTrue {
				return pass(checkDeploy, fmt.Sprintf("Deployment %s/%s is available (%d of %d replicas)", d.Namespace, d.Deployment, f.deploy.Status.AvailableReplicas, f.deploy.Status.Replicas))
			}
			return fail(checkDeploy, fmt.Sprintf("Deployment %s/%s is not available: %s", d.Namespace, d.Deployment, cmp.Or(c.Message, c.Reason)),
				fmt.Sprintf("kubectl -n %s describe deployment %s; kubectl -n %s logs deployment/%s", d.Namespace, d.Deployment, d.Namespace, d.Deployment))
		}
	}
	return fail(checkDeploy, fmt.Sprintf("Deployment %s/%s reports no Available condition yet", d.Namespace, d.Deployment),
		fmt.Sprintf("kubectl -n %s rollout status deployment %s", d.Namespace, d.Deployment))
}

// checkIngressClass: the IngressClass lbo's Ingresses name exists and
// belongs to the AWS Load Balancer Controller.
func (d *Doctor) checkIngressClass(ctx context.Context) Result {
	check := checkIngClass + " " + d.IngressClass
	fix := "the controller's Helm chart creates it (createIngressClassResource=true, the default); or apply an IngressClass " + d.IngressClass + " with spec.controller " + ALBController
	ic := &networkingv1.IngressClass{}
	if err := d.Kube.Get(ctx, client.ObjectKey{Name: d.IngressClass}, ic); err != nil {
		if apierrors.IsNotFound(err) {
			return fail(check, "IngressClass "+d.IngressClass+" does not exist: the controller ignores lbo's Ingresses", fix)
		}
		return fail(check, "reading IngressClass "+d.IngressClass+": "+err.Error(), fix)
	}
	if ic.Spec.Controller != ALBController {
		return fail(check, fmt.Sprintf("IngressClass %s belongs to controller %s, not %s", d.IngressClass, ic.Spec.Controller, ALBController), fix)
	}
	return pass(check, "IngressClass "+d.IngressClass+" belongs to "+ALBController)
}

// checkSubnets: subnets of the cluster's VPC carry the role tag by which the
// controller discovers them for internet-facing or internal load balancers,
// in at least two availability zones (an ALB needs two).
func (d *Doctor) checkSubnets(ctx context.Context, f *facts, check, roleTag, scheme string) Result {
	if f.clusterErr != nil {
		return skip(check, "needs the cluster's VPC (see "+checkOIDC+")")
	}
	vpc := ""
	if c := f.cluster.Cluster; c != nil && c.ResourcesVpcConfig != nil {
		vpc = aws.ToString(c.ResourcesVpcConfig.VpcId)
	}
	if vpc == "" {
		return skip(check, "cluster "+d.Cluster+" reports no VPC")
	}
	fix := fmt.Sprintf("aws ec2 create-tags --resources SUBNET_ID... --tags Key=%s,Value=1 (on subnets of VPC %s in two or more availability zones)", roleTag, vpc)
	pages := ec2.NewDescribeSubnetsPaginator(d.EC2, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}})
	zones := map[string][]string{}
	var otherCluster []string
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fail(check, "describing the subnets of VPC "+vpc+": "+awsstate.APIMessage(err), "use AWS credentials that may call ec2:DescribeSubnets")
		}
		for _, s := range page.Subnets {
			tags := map[string]string{}
			for _, t := range s.Tags {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			if v, ok := tags[roleTag]; !ok || (v != "" && v != "1") {
				continue
			}
			id := aws.ToString(s.SubnetId)
			if !clusterTagAllows(tags, d.Cluster) {
				otherCluster = append(otherCluster, id)
				continue
			}
			zone := aws.ToString(s.AvailabilityZone)
			zones[zone] = append(zones[zone], id)
		}
	}
	var found []string
	for _, z := range sortedKeys(zones) {
		found = append(found, z+": "+strings.Join(zones[z], ", "))
	}
	note := ""
	if len(otherCluster) > 0 {
		note = fmt.Sprintf(" (%s tagged for another cluster only: %s)", roleTag, strings.Join(otherCluster, ", "))
	}
	switch len(zones) {
	case 0:
		return fail(check, fmt.Sprintf("no subnet of VPC %s is tagged %s%s: the controller cannot place %s load balancers (version 2.12.1 and later fall back to subnets whose route tables fit)", vpc, roleTag, note, scheme), fix)
	case 1:
		return fail(check, fmt.Sprintf("the subnets tagged %s are all in one availability zone (%s)%s: an Application Load Balancer needs two", roleTag, strings.Join(found, "; "), note), fix)
	}
	return pass(check, fmt.Sprintf("%s in %d availability zones: %s%s", roleTag, len(zones), strings.Join(found, "; "), note))
}

// clusterTagAllows applies the controller's cluster tag check: a subnet
// tagged kubernetes.io/cluster/<name> for other clusters only is not used.
func clusterTagAllows(tags map[string]string, cluster string) bool {
	tagged := false
	for k := range tags {
		if name, ok := strings.CutPrefix(k, tagClusterPrefix); ok {
			if name == cluster {
				return true
			}
			tagged = true
		}
	}
	return !tagged
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
