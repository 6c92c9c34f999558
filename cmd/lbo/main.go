// Command lbo is lbo's command line for users: `lbo render` previews the
// children of LoadBalancers offline, with the same expansion the operator
// runs; `lbo import` and `lbo doctor` help move to lbo and check its
// prerequisites. Named kubectl-lbo and put on PATH, it is the kubectl plugin
// `kubectl lbo`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

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
	var files []string
	var kustomization string
	cmd := &cobra.Command{
		Use:   "render (-f FILE | -k DIR)",
		Short: "Print the Services and Ingresses the LoadBalancers in FILE or a kustomization become",
		Long: `render reads LoadBalancers from YAML files (other kinds are skipped), defaults
and validates them as the API server would, and prints the child objects the
operator would apply, as YAML. Nothing is sent to a cluster.

Use "-f -" to read standard input. With -k, render builds the kustomization in
DIR as "kustomize build DIR" does (kustomize is built in) and renders the
LoadBalancers it gives: what a pull request changing an overlay deploys.`,
		Example: `  lbo render -f config/samples/nginx-nlb.yaml
  lbo render -k examples/overlays/prod
  kustomize build overlays/prod | lbo render -f -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case kustomization != "" && len(files) > 0:
				return fmt.Errorf("give either files with -f or a kustomization with -k, not both")
			case kustomization != "":
				return render.KustomizeDir(cmd.Context(), kustomization, cmd.OutOrStdout())
			case len(files) == 0:
				return fmt.Errorf("no input: give one or more files with -f (or -f - for standard input), or a kustomization directory with -k")
			}
			return renderFiles(cmd.Context(), files, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringArrayVarP(&files, "filename", "f", nil, "file with LoadBalancers to render; - reads standard input (repeatable)")
	cmd.Flags().StringVarP(&kustomization, "kustomize", "k", "", "directory of a kustomization to build and render, as kubectl apply -k")
	return cmd
}

// renderFiles renders each file in turn, separating their outputs as one
// YAML stream.
func renderFiles(ctx context.Context, files []string, stdin io.Reader, out io.Writer) error {
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
		if err := render.File(ctx, in, out); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}
