package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// kubectl finds kubectl-lbo on PATH, lists it among its plugins and runs it
// for `kubectl lbo`, whose help then reads "kubectl lbo". The plugin is
// built from this package, as `make plugin` builds it.
func TestKubectlPlugin(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skipf("kubectl is not on PATH, so there is no kubectl to find the plugin (CI has one): %v", err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to build the plugin with: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, PluginName)
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -o %s: %v\n%s", bin, err, out)
	}

	// PATH holds only the plugin and kubectl, so that other plugins of the
	// machine cannot make kubectl plugin list warn or fail.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "KUBECONFIG=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+dir+string(os.PathListSeparator)+filepath.Dir(kubectl), "KUBECONFIG="+filepath.Join(dir, "no-kubeconfig"))
	kubectlRun := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(kubectl, args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("kubectl %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}

	if list := kubectlRun("plugin", "list"); !strings.Contains(list, bin+"\n") {
		t.Errorf("kubectl plugin list does not list %s:\n%s", bin, list)
	}

	want, err := os.ReadFile("../../internal/expand/testdata/samples/nginx-nlb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := kubectlRun("lbo", "render", "-f", "../../config/samples/nginx-nlb.yaml"); got != string(want) {
		t.Errorf("kubectl lbo render -f config/samples/nginx-nlb.yaml:\n%s\nwant:\n%s", got, want)
	}

	help := kubectlRun("lbo", "render", "--help")
	for _, w := range []string{"Usage:\n  kubectl lbo render ", "\n  kubectl lbo render -f config/samples/nginx-nlb.yaml\n", "| kubectl lbo render -f -"} {
		if !strings.Contains(help, w) {
			t.Errorf("kubectl lbo render --help lacks %q:\n%s", w, help)
		}
	}
	if help := kubectlRun("lbo", "--help"); !strings.Contains(help, "kubectl lbo [command]") || !strings.Contains(help, "doctor") || !strings.Contains(help, "import") {
		t.Errorf("kubectl lbo --help does not offer its commands as kubectl lbo's:\n%s", help)
	}
}

// Started under any other name, lbo presents itself as lbo.
func TestAsPluginOnlyAsKubectlLBO(t *testing.T) {
	for arg0, want := range map[string]string{
		"/usr/local/bin/lbo":          "lbo render",
		"./lbo.test":                  "lbo render",
		"/home/u/bin/kubectl-lbo":     "kubectl lbo render",
		`C:\bin\kubectl-lbo.exe`:      "kubectl lbo render",
		"/usr/local/bin/kubectl-lbox": "lbo render",
	} {
		root := newRootCommand()
		asPlugin(root, filepath.FromSlash(strings.ReplaceAll(arg0, `\`, "/")))
		render, _, err := root.Find([]string{"render"})
		if err != nil {
			t.Fatal(err)
		}
		if got := render.CommandPath(); got != want {
			t.Errorf("started as %s: %q, want %q", arg0, got, want)
		}
	}
}
