package doctor

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsstate"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// What some LoadBalancers need beyond what every load balancer does: the
// doctor reads the LoadBalancers of the cluster and, for the features they
// use, checks what the AWS Load Balancer Controller needs for them and does
// not say it lacks. Without LoadBalancers (or without lbo's CRD) there is
// nothing to check.

const (
	checkCertificates = "certificate requests"
	checkPermissions  = "IAM permissions of features in use"
	checkControlAgent = "target control agent"
	checkBindings     = "TargetGroupBinding CRD"

	// GateCertificates and GateTargetControlAgent are the controller's
	// feature gates for create-acm-cert and for injecting the target control
	// agent into pods (pkg/config/feature_gates.go; both off by default).
	GateCertificates       = "EnableCertificateManagement"
	GateTargetControlAgent = "ALBTargetControlAgent"
	// argDefaultPCA is the controller's private CA for certificates
	// requested without acm-pca-arn.
	argDefaultPCA = "--default-pca-arn"
)

// usage is which LoadBalancers (namespace/name) use what.
type usage struct {
	publicCerts, privateCerts, controlPorts, bindings, ipam, coip []string
}

func (u usage) any() bool {
	return len(u.publicCerts)+len(u.privateCerts)+len(u.controlPorts)+len(u.bindings)+len(u.ipam)+len(u.coip) > 0
}

// usage reads the cluster's LoadBalancers; without lbo's CRD there are none.
func (d *Doctor) usage(ctx context.Context) (usage, error) {
	var u usage
	list := &unstructured.UnstructuredList{}
	list.SetGroupVersionKind(lbov1.GroupVersion.WithKind("LoadBalancerList"))
	if err := d.Kube.List(ctx, list); err != nil {
		if meta.IsNoMatchError(err) {
			return u, nil
		}
		return u, fmt.Errorf("listing LoadBalancers: %w", err)
	}
	for _, item := range list.Items {
		var lb lbov1.LoadBalancer
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(item.Object, &lb); err != nil {
			continue
		}
		name := lb.Namespace + "/" + lb.Name
		add := func(to *[]string) {
			if !slices.Contains(*to, name) {
				*to = append(*to, name)
			}
		}
		for _, l := range lb.Spec.Listeners {
			if r := l.TLS; r != nil && r.RequestCertificate != nil {
				if r.RequestCertificate.CertificateAuthorityARN == "" {
					add(&u.publicCerts)
				} else {
					add(&u.privateCerts)
				}
			}
		}
		for _, tg := range lb.Spec.TargetGroups {
			if tg.TargetControlPort != 0 {
				add(&u.controlPorts)
			}
			if tg.Existing != nil && (tg.Backend.Selector != nil || tg.Backend.Service != nil) {
				add(&u.bindings)
			}
		}
		if lb.Spec.IPv4IPAMPoolID != "" {
			add(&u.ipam)
		}
		if lb.Spec.CustomerOwnedIPv4Pool != "" {
			add(&u.coip)
		}
	}
	return u, nil
}

// featureChecks are the checks of the features the LoadBalancers use.
func (d *Doctor) featureChecks(ctx context.Context, f *facts) []Result {
	u, err := d.usage(ctx)
	if err != nil {
		return []Result{fail(checkPermissions, err.Error(), "use a kubeconfig that may list LoadBalancers (networking.lbo.dev)")}
	}
	if !u.any() {
		return nil
	}
	var results []Result
	if len(u.publicCerts)+len(u.privateCerts) > 0 {
		results = append(results, d.checkCertificateRequests(f, u))
	}
	if len(u.controlPorts) > 0 {
		results = append(results, d.checkTargetControlAgent(f, u))
	}
	if len(u.bindings) > 0 {
		results = append(results, d.checkTargetGroupBindings(ctx, u))
	}
	return append(results, d.checkFeaturePermissions(ctx, f, u))
}

// checkCertificateRequests: the controller requests certificates only with
// its EnableCertificateManagement feature gate (without it, it silently
// discovers existing certificates by host instead), and requests a public
// one only without --default-pca-arn (with it, that CA issues a private one).
func (d *Doctor) checkCertificateRequests(f *facts, u usage) Result {
	who := strings.Join(append(slices.Clone(u.publicCerts), u.privateCerts...), ", ")
	if f.deployErr != nil {
		return skip(checkCertificates, "needs the controller's Deployment (see "+checkDeploy+"), for the LoadBalancers "+who)
	}
	gate := fmt.Sprintf("helm upgrade aws-load-balancer-controller eks/aws-load-balancer-controller -n %s --reuse-values --set controllerConfig.featureGates.%s=true", d.Namespace, GateCertificates)
	if !featureGate(f.deploy, GateCertificates) {
		return fail(checkCertificates, fmt.Sprintf("the controller runs without its %s feature gate: it ignores tls.requestCertificate of %s and presents certificates it discovers by host instead", GateCertificates, who), gate)
	}
	if pca, ok := controllerArg(f.deploy, argDefaultPCA); ok && pca != "" && len(u.publicCerts) > 0 {
		return fail(checkCertificates, fmt.Sprintf("the controller runs with %s=%s: the certificates %s request without certificateAuthorityARN are private ones from that CA, not public ones", argDefaultPCA, pca, strings.Join(u.publicCerts, ", ")),
			"remove "+argDefaultPCA+" from the controller's arguments, or give those requests certificateAuthorityARN")
	}
	return pass(checkCertificates, fmt.Sprintf("the controller's %s feature gate is on, for %s", GateCertificates, who))
}

// checkTargetControlAgent says who runs the target control agent the
// targetControlPort of target groups talks to.
func (d *Doctor) checkTargetControlAgent(f *facts, u usage) Result {
	who := strings.Join(u.controlPorts, ", ")
	if f.deployErr != nil {
		return skip(checkControlAgent, "needs the controller's Deployment (see "+checkDeploy+")")
	}
	if featureGate(f.deploy, GateTargetControlAgent) {
		return pass(checkControlAgent, fmt.Sprintf("the controller injects the agent into the pods (%s), for %s", GateTargetControlAgent, who))
	}
	return pass(checkControlAgent, fmt.Sprintf("the controller's %s feature gate is off: the pods of the target groups with targetControlPort (%s) must run the agent themselves", GateTargetControlAgent, who))
}

// checkTargetGroupBindings: lbo registers targets in target groups AWS has
// with the controller's TargetGroupBinding, whose CRD must be installed.
func (d *Doctor) checkTargetGroupBindings(ctx context.Context, u usage) Result {
	list := &unstructured.UnstructuredList{}
	list.SetGroupVersionKind(lbc.TargetGroupBindingGVK.GroupVersion().WithKind(lbc.TargetGroupBindingGVK.Kind + "List"))
	if err := d.Kube.List(ctx, list, client.Limit(1)); err != nil {
		if meta.IsNoMatchError(err) {
			return fail(checkBindings, fmt.Sprintf("the cluster has no %s CRD: lbo cannot register the targets of %s", lbc.TargetGroupBindingGVK.GroupKind(), strings.Join(u.bindings, ", ")),
				"install the AWS Load Balancer Controller's CRDs: kubectl apply -k \"github.com/aws/eks-charts/stable/aws-load-balancer-controller/crds?ref=master\"")
		}
		return fail(checkBindings, "listing TargetGroupBindings: "+err.Error(), "use a kubeconfig that may list targetgroupbindings.elbv2.k8s.aws")
	}
	return pass(checkBindings, "installed, for "+strings.Join(u.bindings, ", "))
}

// permission is an IAM action a feature needs, as the controller's
// policies grant it (docs/install/iam_policy.json and, for certificates,
// iam_policy_acm_certs.json of its repository).
type permission struct {
	action, feature string
}

// checkFeaturePermissions simulates the controller's role on the actions the
// features in use need, with the tag condition the controller's policy puts
// on creating and deleting certificates.
func (d *Doctor) checkFeaturePermissions(ctx context.Context, f *facts, u usage) Result {
	var need []permission
	add := func(feature string, actions ...string) {
		for _, a := range actions {
			need = append(need, permission{a, feature})
		}
	}
	if len(u.publicCerts)+len(u.privateCerts) > 0 {
		add("certificate requests", "acm:RequestCertificate", "acm:DeleteCertificate", "acm:DescribeCertificate", "acm:ListCertificates",
			"acm:ListTagsForCertificate", "acm:AddTagsToCertificate")
	}
	if len(u.publicCerts) > 0 {
		add("public certificates (DNS validation)", "route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:ChangeResourceRecordSets")
	}
	if len(u.privateCerts) > 0 {
		add("private certificates", "acm-pca:IssueCertificate", "acm-pca:GetCertificate", "acm-pca:ListPermissions")
	}
	if len(u.bindings) > 0 {
		add("target groups AWS has", "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
			"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets")
	}
	if len(u.ipam) > 0 {
		add("IPAM pools", "ec2:DescribeIpamPools", "elasticloadbalancing:ModifyIpPools")
	}
	if len(u.coip) > 0 {
		add("customer-owned IPv4 pools", "ec2:DescribeCoipPools", "ec2:GetCoipPoolUsage")
	}
	if f.role == "" || f.sa == nil {
		return skip(checkPermissions, "needs the service account's role (see "+checkRole+")")
	}
	roleARN := f.sa.Annotations[RoleARNAnnotation]
	names := make([]string, len(need))
	for i, p := range need {
		names[i] = p.action
	}
	cluster := []string{d.Cluster}
	out, err := d.IAM.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: &roleARN, ActionNames: names,
		ContextEntries: []iamtypes.ContextEntry{
			{ContextKeyName: aws.String("aws:RequestTag/elbv2.k8s.aws/cluster"), ContextKeyType: iamtypes.ContextKeyTypeEnumString, ContextKeyValues: cluster},
			{ContextKeyName: aws.String("aws:ResourceTag/elbv2.k8s.aws/cluster"), ContextKeyType: iamtypes.ContextKeyTypeEnumString, ContextKeyValues: cluster},
		},
	})
	if err != nil {
		return fail(checkPermissions, "simulating role "+f.role+": "+awsstate.APIMessage(err), "use AWS credentials that may call iam:SimulatePrincipalPolicy")
	}
	allowed := map[string]bool{}
	for _, r := range out.EvaluationResults {
		allowed[aws.ToString(r.EvalActionName)] = r.EvalDecision == iamtypes.PolicyEvaluationDecisionTypeAllowed
	}
	var denied []string
	features := map[string]bool{}
	for _, p := range need {
		if !allowed[p.action] {
			denied = append(denied, p.action+" ("+p.feature+")")
			features[p.feature] = true
		}
	}
	if len(denied) > 0 {
		fix := "add them to the controller's policy"
		if features["certificate requests"] || features["public certificates (DNS validation)"] || features["private certificates"] {
			fix = "attach the controller's iam_policy_acm_certs.json (docs/install in its repository) to role " + f.role + ", and add the others to its policy"
		}
		return fail(checkPermissions, fmt.Sprintf("role %s may not: %s", f.role, strings.Join(denied, ", ")), fix)
	}
	return pass(checkPermissions, fmt.Sprintf("role %s may do the %d actions of the features in use", f.role, len(need)))
}

// featureGate says whether the controller runs with the feature gate on.
func featureGate(dep *appsv1.Deployment, gate string) bool {
	v, _ := controllerArg(dep, "--feature-gates")
	on := false
	for _, kv := range strings.Split(v, ",") {
		if k, val, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == gate {
			on = strings.EqualFold(val, "true")
		}
	}
	return on
}

// controllerArg is the last value of a flag of the controller's container,
// given as --flag=value or --flag value.
func controllerArg(dep *appsv1.Deployment, flag string) (string, bool) {
	value, found := "", false
	for _, c := range dep.Spec.Template.Spec.Containers {
		args := append(append([]string{}, c.Command...), c.Args...)
		for i, a := range args {
			if v, ok := strings.CutPrefix(a, flag+"="); ok {
				value, found = v, true
			} else if a == flag && i+1 < len(args) {
				value, found = args[i+1], true
			}
		}
	}
	return value, found
}
