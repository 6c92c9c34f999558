// Command lbo is lbo's command line for users: `lbo render` previews the
// children of LoadBalancers offline, with the same expansion the operator
// runs, under either backend; `lbo import` and `lbo doctor` help move to lbo
// and check its prerequisites. Named kubectl-lbo and put on PATH, it is the
// kubectl plugin `kubectl lbo`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/render"
)

func main() {
	root := newRootCommand()
	asPlugin(root, os.Args[0])
	if err := root.ExecuteContext(context.Background()); err != nil {
		os.Exit(1)
	}
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "lbo",
		Short:         "lbo declares AWS load balancers on EKS as one typed LoadBalancer resource",
		SilenceUsage:  true,
		SilenceErrors: false,
	}
	root.AddCommand(newRenderCommand())
	root.AddCommand(newDoctorCommand())
	root.AddCommand(newImportCommand())
	return root
}

func newRenderCommand() *cobra.Command {
	var files, gatewayClasses []string
	var kustomization, implementation string
	cmd := &cobra.Command{
		Use:   "render (-f FILE | -k DIR)",
		Short: "Print the children the LoadBalancers in FILE or a kustomization become",
		Long: `render reads LoadBalancers from YAML files (other kinds are skipped), defaults
and validates them as the API server would, and prints the child objects the
operator would apply, as YAML: a Service or Ingresses with the AWS Load
Balancer Controller's annotations, or, for a LoadBalancer with spec.gateway,
a Gateway and its routes and configuration. Nothing is sent to a cluster.

Use "-f -" to read standard input. With -k, render builds the kustomization in
DIR as "kustomize build DIR" does (kustomize is built in) and renders the
LoadBalancers it gives: what a pull request changing an overlay deploys.

With --gateway-class, render shows the LoadBalancers that have no
spec.gateway as they would be with one: what moving them to the Gateway API
backend gives, or which of their fields it refuses. CLASS applies to both
layers; L4=CLASS and L7=CLASS give each layer its own class (the AWS Load
Balancer Controller's NLB and ALB classes differ).`,
		Example: `  lbo render -f config/samples/nginx-nlb.yaml
  lbo render -k examples/overlays/prod
  kustomize build overlays/prod | lbo render -f -
  lbo render -f config/samples/shop-alb.yaml --gateway-class aws-alb
  lbo render -k config/samples --gateway-class L4=aws-nlb --gateway-class L7=aws-alb`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, err := gatewayOptions(gatewayClasses, implementation)
			if err != nil {
				return err
			}
			switch {
			case kustomization != "" && len(files) > 0:
				return fmt.Errorf("give either files with -f or a kustomization with -k, not both")
			case kustomization != "":
				return render.KustomizeDir(cmd.Context(), kustomization, cmd.OutOrStdout(), opts...)
			case len(files) == 0:
				return fmt.Errorf("no input: give one or more files with -f (or -f - for standard input), or a kustomization directory with -k")
			}
			return renderFiles(cmd.Context(), files, cmd.InOrStdin(), cmd.OutOrStdout(), opts...)
		},
	}
	cmd.Flags().StringArrayVarP(&files, "filename", "f", nil, "file with LoadBalancers to render; - reads standard input (repeatable)")
	cmd.Flags().StringVarP(&kustomization, "kustomize", "k", "", "directory of a kustomization to build and render, as kubectl apply -k")
	cmd.Flags().StringArrayVar(&gatewayClasses, "gateway-class", nil, "render LoadBalancers without spec.gateway as Gateways of this GatewayClass: CLASS, or L4=CLASS and L7=CLASS (repeatable)")
	cmd.Flags().StringVar(&implementation, "gateway-implementation", "", "with --gateway-class, the gateway.implementation: AWSLoadBalancerController (the default) or Standard")
	return cmd
}

// gatewayOptions are the render options of the --gateway-class and
// --gateway-implementation flags.
func gatewayOptions(classes []string, implementation string) ([]render.Option, error) {
	impl := lbov1.GatewayImplementation(implementation)
	switch impl {
	case "", lbov1.GatewayAWSLoadBalancerController, lbov1.GatewayStandard:
	default:
		return nil, fmt.Errorf("--gateway-implementation is %s or %s, not %q", lbov1.GatewayAWSLoadBalancerController, lbov1.GatewayStandard, implementation)
	}
	if impl != "" && len(classes) == 0 {
		return nil, fmt.Errorf("--gateway-implementation needs --gateway-class")
	}
	var opts []render.Option
	for _, c := range classes {
		layers := []lbov1.Layer{lbov1.LayerL4, lbov1.LayerL7}
		if layer, class, ok := strings.Cut(c, "="); ok {
			if layer != string(lbov1.LayerL4) && layer != string(lbov1.LayerL7) {
				return nil, fmt.Errorf("--gateway-class %s: the layer is L4 or L7", c)
			}
			layers, c = []lbov1.Layer{lbov1.Layer(layer)}, class
		}
		if c == "" {
			return nil, fmt.Errorf("--gateway-class needs a GatewayClass name")
		}
		for _, l := range layers {
			opts = append(opts, render.AsGateway(l, lbov1.GatewayBackend{ClassName: c, Implementation: impl}))
		}
	}
	return opts, nil
}

// renderFiles renders each file in turn, separating their outputs as one
// YAML stream.
func renderFiles(ctx context.Context, files []string, stdin io.Reader, out io.Writer, opts ...render.Option) error {
	for i, name := range files {
		in := stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			in = f
		}
		if i > 0 {
			if _, err := io.WriteString(out, "---\n"); err != nil {
				return err
			}
		}
		if err := render.File(ctx, in, out, opts...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}
