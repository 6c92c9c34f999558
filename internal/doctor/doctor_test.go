package doctor

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/awsfake"
)

var update = flag.Bool("update", false, "rewrite testdata/report.txt from the current output")

// k8s reaches a real kube-apiserver (envtest): the doctor reads the
// controller's Deployment, ServiceAccount and the IngressClass through it.
var k8s client.Client

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir := os.Getenv("KUBEBUILDER_ASSETS")
	if dir == "" {
		dir = filepath.Join("..", "..", "bin", "k8s", "1.37.2-linux-amd64")
	}
	// lbo's CRD, for the LoadBalancers whose features the doctor checks, and
	// the controller's TargetGroupBinding CRD.
	env := &envtest.Environment{BinaryAssetsDirectory: dir, ErrorIfCRDPathMissing: true,
		CRDDirectoryPaths: []string{filepath.Join("..", "..", "config", "crd", "bases"), filepath.Join("..", "..", "test", "crds", "standins")}}
	cfg, err := env.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting envtest (set KUBEBUILDER_ASSETS, or run `make test`): %v\n", err)
		return 1
	}
	defer func() { _ = env.Stop() }()
	if err := lbov1.AddToScheme(scheme.Scheme); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if k8s, err = client.New(cfg, client.Options{Scheme: scheme.Scheme}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

const (
	account   = "123456789012"
	issuer    = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	provider  = "arn:aws:iam::" + account + ":oidc-provider/" + issuer
	policyARN = "arn:aws:iam::" + account + ":policy/AWSLoadBalancerControllerIAMPolicy"
	roleName  = "AmazonEKSLoadBalancerControllerRole"
	roleARN   = "arn:aws:iam::" + account + ":role/" + roleName
)

func trustPolicy(sub string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + provider +
		`"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + issuer + `:aud":"sts.amazonaws.com","` +
		issuer + `:sub":"` + sub + `"}}}]}`
}

// world is an account and a cluster where every prerequisite holds; each
// case breaks one.
type world struct {
	aws          awsfake.State
	sa           *corev1.ServiceAccount
	deploy       *appsv1.Deployment
	available    corev1.ConditionStatus
	ingressClass *networkingv1.IngressClass
	config       Config
	fail         map[string]string
	// kube, when set, is what the doctor reads the cluster through.
	kube client.Reader
}

func healthyWorld(ns, class string) *world {
	w := &world{available: corev1.ConditionTrue, fail: map[string]string{}}
	w.aws = awsfake.State{
		Clusters:      []awsfake.Cluster{{Name: "demo", ARN: "arn:aws:eks:us-east-1:" + account + ":cluster/demo", OIDCIssuer: "https://" + issuer, VPCID: "vpc-1"}},
		OIDCProviders: []string{"arn:aws:iam::" + account + ":oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER", provider},
		Policies:      []awsfake.Policy{{ARN: policyARN, Name: "AWSLoadBalancerControllerIAMPolicy"}},
		Roles: []awsfake.Role{{Name: roleName, ARN: roleARN, TrustPolicy: trustPolicy("system:serviceaccount:" + ns + ":aws-load-balancer-controller"),
			Attached: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", policyARN}}},
		Subnets: []awsfake.Subnet{
			{ID: "subnet-pub-a", VPCID: "vpc-1", AvailabilityZone: "us-east-1a", Tags: map[string]string{"kubernetes.io/role/elb": "1"}},
			{ID: "subnet-pub-b", VPCID: "vpc-1", AvailabilityZone: "us-east-1b", Tags: map[string]string{"kubernetes.io/role/elb": "", "kubernetes.io/cluster/demo": "shared"}},
			{ID: "subnet-priv-a", VPCID: "vpc-1", AvailabilityZone: "us-east-1a", Tags: map[string]string{"kubernetes.io/role/internal-elb": "1"}},
			{ID: "subnet-priv-b", VPCID: "vpc-1", AvailabilityZone: "us-east-1b", Tags: map[string]string{"kubernetes.io/role/internal-elb": "1"}},
			{ID: "subnet-other-vpc", VPCID: "vpc-2", AvailabilityZone: "us-east-1c", Tags: map[string]string{"kubernetes.io/role/elb": "1"}},
		},
	}
	name := "aws-load-balancer-controller"
	w.sa = &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Annotations: map[string]string{RoleARNAnnotation: roleARN}}}
	labels := map[string]string{"app.kubernetes.io/name": name}
	w.deploy = &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{ServiceAccountName: name, Containers: []corev1.Container{{
					Name: "controller", Image: "public.ecr.aws/eks/aws-load-balancer-controller:v2.13.0",
					Args: []string{"--cluster-name=demo", "--ingress-class=alb"},
				}}},
			},
		},
	}
	w.ingressClass = &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: class}, Spec: networkingv1.IngressClassSpec{Controller: ALBController}}
	w.config = Config{Namespace: ns, IngressClass: class}
	return w
}

// diagnose makes the world and runs the doctor on it.
func (w *world) diagnose(t *testing.T) []Result {
	t.Helper()
	ctx := context.Background()
	var objs []client.Object
	if w.sa != nil {
		objs = append(objs, w.sa)
	}
	if w.deploy != nil {
		objs = append(objs, w.deploy)
	}
	if w.ingressClass != nil {
		objs = append(objs, w.ingressClass)
	}
	for _, obj := range objs {
		if err := k8s.Create(ctx, obj); err != nil {
			t.Fatal(err)
		}
	}
	if w.deploy != nil {
		w.deploy.Status = appsv1.DeploymentStatus{Replicas: 2, ReadyReplicas: 2, AvailableReplicas: 2, Conditions: []appsv1.DeploymentCondition{{
			Type: appsv1.DeploymentAvailable, Status: w.available, Reason: "MinimumReplicasAvailable", Message: "Deployment has minimum availability.",
		}}}
		if w.available != corev1.ConditionTrue {
			w.deploy.Status.AvailableReplicas, w.deploy.Status.ReadyReplicas = 0, 0
			w.deploy.Status.Conditions[0].Reason, w.deploy.Status.Conditions[0].Message = "MinimumReplicasUnavailable", "Deployment does not have minimum availability."
		}
		if err := k8s.Status().Update(ctx, w.deploy); err != nil {
			t.Fatal(err)
		}
	}
	fake := awsfake.New(t)
	fake.Set(func(s *awsfake.State) { *s = w.aws })
	for action, code := range w.fail {
		fake.Fail(action, -1, code)
	}
	cfg := fake.Config()
	var kube client.Reader = k8s
	if w.kube != nil {
		kube = w.kube
	}
	d := &Doctor{Config: w.config, EKS: eks.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg), EC2: ec2.NewFromConfig(cfg), Kube: kube}
	return d.Run(ctx)
}

func newNamespace(t *testing.T) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "doctor-"}}
	if err := k8s.Create(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
	return ns.Name
}

func statuses(results []Result) map[string]Status {
	m := map[string]Status{}
	for _, r := range results {
		m[r.Check] = r.Status
	}
	return m
}

func TestEachCheckPassesAndFails(t *testing.T) {
	cases := []struct {
		name   string
		breaks func(w *world)
		// want are the checks that do not pass, with what they report
		// (SKIP or FAIL) and a piece of their detail.
		want map[string]string
	}{
		{"every prerequisite holds", func(*world) {}, nil},

		{"no IAM OIDC provider", func(w *world) { w.aws.OIDCProviders = w.aws.OIDCProviders[:1] },
			map[string]string{checkOIDC: "FAIL no IAM OIDC provider for the cluster's issuer " + issuer}},
		{"no such cluster", func(w *world) { w.config.Cluster = "prod" },
			map[string]string{checkOIDC: "FAIL describing EKS cluster prod: AWS DescribeCluster: ResourceNotFoundException", checkPolicy: "SKIP needs the cluster's account",
				"public subnets": "SKIP needs the cluster's VPC", "private subnets": "SKIP needs the cluster's VPC"}},

		{"service account without role", func(w *world) { w.sa.Annotations = nil },
			map[string]string{checkRole: "FAIL has no eks.amazonaws.com/role-arn annotation", checkPolicy: "SKIP whether it is attached needs the service account's role"}},
		{"no service account", func(w *world) { w.sa = nil },
			map[string]string{checkRole: "FAIL ServiceAccount", checkPolicy: "SKIP"}},
		{"role missing in IAM", func(w *world) { w.aws.Roles = nil },
			map[string]string{checkRole: "FAIL reading role " + roleName + ": AWS GetRole: NoSuchEntity", checkPolicy: "SKIP"}},
		{"role trusts another service account", func(w *world) { w.aws.Roles[0].TrustPolicy = trustPolicy("system:serviceaccount:default:other") },
			map[string]string{checkRole: "FAIL trusts system:serviceaccount:default:other, not system:serviceaccount:"}},
		{"role trusts another OIDC provider", func(w *world) {
			w.aws.Roles[0].TrustPolicy = strings.ReplaceAll(trustPolicy("x"), "EXAMPLED539D4633E53DE1B71EXAMPLE", "OTHER")
		}, map[string]string{checkRole: "FAIL does not trust the cluster's OIDC provider"}},

		{"policy missing", func(w *world) { w.aws.Policies = nil },
			map[string]string{checkPolicy: "FAIL reading policy " + policyARN + ": AWS GetPolicy: NoSuchEntity"}},
		{"policy not attached", func(w *world) { w.aws.Roles[0].Attached = w.aws.Roles[0].Attached[:1] },
			map[string]string{checkPolicy: "FAIL exists but is not attached to role " + roleName + " (attached: ReadOnlyAccess)"}},

		{"controller not installed", func(w *world) { w.deploy = nil; w.config.Cluster = "demo" },
			map[string]string{checkDeploy: "FAIL Deployment"}},
		{"controller not available", func(w *world) { w.available = corev1.ConditionFalse },
			map[string]string{checkDeploy: "FAIL is not available: Deployment does not have minimum availability."}},

		{"no IngressClass", func(w *world) { w.ingressClass = nil },
			map[string]string{checkIngClass + " CLASS": "FAIL does not exist"}},
		{"IngressClass of another controller", func(w *world) { w.ingressClass.Spec.Controller = "k8s.io/ingress-nginx" },
			map[string]string{checkIngClass + " CLASS": "FAIL belongs to controller k8s.io/ingress-nginx"}},

		{"public subnets untagged", func(w *world) {
			delete(w.aws.Subnets[0].Tags, TagPublicSubnetRole)
			delete(w.aws.Subnets[1].Tags, TagPublicSubnetRole)
		},
			map[string]string{"public subnets": "FAIL no subnet of VPC vpc-1 is tagged kubernetes.io/role/elb"}},
		{"public subnets in one zone", func(w *world) { w.aws.Subnets[1].AvailabilityZone = "us-east-1a" },
			map[string]string{"public subnets": "FAIL all in one availability zone"}},
		{"public subnet of another cluster", func(w *world) {
			w.aws.Subnets[1].Tags = map[string]string{TagPublicSubnetRole: "1", "kubernetes.io/cluster/other": "owned"}
		},
			map[string]string{"public subnets": "FAIL tagged for another cluster only: subnet-pub-b"}},
		{"private subnets tagged 0", func(w *world) {
			w.aws.Subnets[2].Tags[TagInternalSubnetRole] = "0"
			w.aws.Subnets[3].Tags[TagInternalSubnetRole] = "0"
		},
			map[string]string{"private subnets": "FAIL no subnet of VPC vpc-1 is tagged kubernetes.io/role/internal-elb"}},
		{"DescribeSubnets refused", func(w *world) { w.fail["DescribeSubnets"] = "UnauthorizedOperation" },
			map[string]string{"public subnets": "FAIL AWS DescribeSubnets: UnauthorizedOperation", "private subnets": "FAIL UnauthorizedOperation"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ns := newNamespace(t)
			class := fmt.Sprintf("alb-%d", i)
			w := healthyWorld(ns, class)
			c.breaks(w)
			results := w.diagnose(t)
			if len(results) != 7 {
				t.Fatalf("%d results, want 7", len(results))
			}
			expectResults(t, results, c.want, func(check string) string { return strings.Replace(check, class, "CLASS", 1) })
		})
	}
}

// The report is for people: this is what they read, here on a cluster where
// the OIDC provider and the policy were made (seed 3.2.1, 3.2.2) but the
// service account and the controller are not there yet (3.2.2, 3.2.3), and
// the private subnets are tagged in one zone only.
func TestReport(t *testing.T) {
	w := healthyWorld("kube-system", "alb")
	w.aws.Subnets[3].AvailabilityZone = "us-east-1a"
	w.sa, w.deploy, w.ingressClass = nil, nil, nil
	w.config.Cluster = "demo"
	results := w.diagnose(t)
	var out bytes.Buffer
	failed, err := Report(&out, "demo", results)
	if err != nil {
		t.Fatal(err)
	}
	if failed != 4 {
		t.Errorf("%d failed, want 4", failed)
	}
	golden := filepath.Join("testdata", "report.txt")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("report:\n%s\nwant (go test ./internal/doctor -run TestReport -update rewrites it):\n%s", out.String(), want)
	}
}

// expectResults checks that each result whose key (key(r.Check)) is in
// want has the status and a detail containing the text of want's "STATUS
// detail", with a fix when it fails; and that every other result passes.
func expectResults(t *testing.T, results []Result, want map[string]string, key func(check string) string) {
	t.Helper()
	for _, r := range results {
		w, bad := want[key(r.Check)]
		if !bad {
			if r.Status != Pass {
				t.Errorf("%s: %s %s", r.Check, r.Status, r.Detail)
			}
			continue
		}
		status, detail, _ := strings.Cut(w, " ")
		if string(r.Status) != status || !strings.Contains(r.Detail, detail) {
			t.Errorf("%s: %s %q\nwant %s ...%q...", r.Check, r.Status, r.Detail, status, detail)
		}
		if r.Status == Fail && r.Fix == "" {
			t.Errorf("%s fails without a fix", r.Check)
		}
	}
}
