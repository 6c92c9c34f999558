package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lbo-dev/lbo/internal/awsfake"
)

// lbo doctor wires flags, the SDK's credential chain and the kubeconfig to
// the checks (each check is tested in internal/doctor). Here AWS is the fake
// endpoint and the cluster's API server does not answer: the AWS checks pass,
// the Kubernetes ones fail saying why, and the command fails.
func TestDoctorCommand(t *testing.T) {
	fake := awsfake.New(t)
	const issuer = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"
	fake.Set(func(s *awsfake.State) {
		s.Clusters = []awsfake.Cluster{{Name: "demo", ARN: "arn:aws:eks:us-east-1:123456789012:cluster/demo", OIDCIssuer: "https://" + issuer, VPCID: "vpc-1"}}
		s.OIDCProviders = []string{"arn:aws:iam::123456789012:oidc-provider/" + issuer}
		s.Subnets = []awsfake.Subnet{
			{ID: "subnet-a", VPCID: "vpc-1", AvailabilityZone: "us-east-1a", Tags: map[string]string{"kubernetes.io/role/elb": "1", "kubernetes.io/role/internal-elb": "1"}},
			{ID: "subnet-b", VPCID: "vpc-1", AvailabilityZone: "us-east-1b", Tags: map[string]string{"kubernetes.io/role/elb": "1", "kubernetes.io/role/internal-elb": "1"}},
		}
	})
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(unreachableKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}

	out, err := runLBO(t, "", "doctor", "--cluster", "demo", "--kubeconfig", kubeconfig, "--aws-endpoint-url", fake.URL)
	if err == nil || !strings.Contains(err.Error(), "no AWS region") {
		t.Fatalf("without a region: %v\n%s", err, out)
	}

	out, err = runLBO(t, "", "doctor", "--cluster", "demo", "--region", "us-east-1", "--kubeconfig", kubeconfig, "--aws-endpoint-url", fake.URL)
	if err == nil || !strings.Contains(err.Error(), "prerequisites fail") {
		t.Fatalf("lbo doctor succeeded against an unreachable cluster: %v\n%s", err, out)
	}
	for _, want := range []string{
		"on EKS cluster demo:",
		"PASS  IAM OIDC provider ",
		"FAIL  service account role   reading ServiceAccount kube-system/aws-load-balancer-controller: ",
		"FAIL  controller running     reading Deployment kube-system/aws-load-balancer-controller: ",
		"PASS  public subnets ",
		"PASS  private subnets ",
		"fix: helm install aws-load-balancer-controller",
	} {
		// The columns are as wide as the longest check's name.
		if !strings.Contains(squeeze(out), squeeze(want)) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if n := len(fake.Calls("DescribeCluster")); n != 1 {
		t.Errorf("%d DescribeCluster calls, want 1", n)
	}
}

// Without AWS credentials, the SDK looks for an EC2 instance role; where
// the metadata service answers but refuses tokens it used to print a
// warning ("falling back to IMDSv1") on standard error before the report.
// lbo doctor prints the report alone, with the missing credentials in it.
func TestDoctorWithoutCredentialsPrintsOnlyTheReport(t *testing.T) {
	imdsCalls := awsfake.NoCredentials(t)
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(unreachableKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}

	var out string
	var err error
	stderr := captureStderr(t, func() {
		out, err = runLBO(t, "", "doctor", "--cluster", "demo", "--region", "us-east-1", "--kubeconfig", kubeconfig)
	})
	if imdsCalls() == 0 {
		t.Fatal("the SDK did not ask the metadata service for credentials; the test proves nothing")
	}
	if stderr != "" {
		t.Errorf("lbo doctor printed on standard error, outside its report:\n%s", stderr)
	}
	if err == nil || !strings.Contains(squeeze(out), "FAIL IAM OIDC provider describing EKS cluster demo: ") || !strings.Contains(out, "credentials") {
		t.Errorf("the report does not say the credentials are missing: %v\n%s", err, out)
	}
}

// squeeze collapses runs of spaces, which align the report's columns.
func squeeze(s string) string { return spaces.ReplaceAllString(s, " ") }

var spaces = regexp.MustCompile(` +`)

const unreachableKubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: demo, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: demo, user: {token: x}}]
contexts: [{name: demo, context: {cluster: demo, user: demo}}]
current-context: demo
`

// captureStderr returns what f writes on the process's standard error,
// where libraries print (the command's own error output is a buffer).
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	got := make(chan string)
	go func() {
		data, _ := io.ReadAll(r)
		got <- string(data)
	}()
	defer func() {
		os.Stderr = saved
	}()
	f()
	w.Close()
	return <-got
}
