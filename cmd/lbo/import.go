package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/config"

	"github.com/lbo-dev/lbo/internal/importer"
	"github.com/lbo-dev/lbo/internal/render"
)

func newImportCommand() *cobra.Command {
	var (
		files          []string
		fromCluster    bool
		namespace      string
		allNamespaces  bool
		ingressClasses []string
	)
	cmd := &cobra.Command{
		Use:   "import (-f FILE | --from-cluster [-n NAMESPACE | -A])",
		Short: "Turn Ingresses and Services annotated for the AWS Load Balancer Controller into LoadBalancers",
		Long: `import reads Ingresses of class alb and Services the AWS Load Balancer
Controller provisions Network Load Balancers for (loadBalancerClass
service.k8s.aws/nlb, or the aws-load-balancer-type annotation external), from
files or from the cluster, and prints a LoadBalancer for each, as YAML.

Every annotation and field that no LoadBalancer carries is named on standard
error, with the reason: read those lines before applying the result. Include
the Services the Ingresses' backends name, so that named ports resolve and the
Services lbo made for selector target groups become those target groups again.

Nothing is changed in the cluster. Applying the LoadBalancers does not adopt
the existing objects: lbo reports a conflict for a Service or Ingress of the
same name it does not own (see docs/operations.md, "Migrating").`,
		Example: `  lbo import -f ingress.yaml -f services.yaml > loadbalancers.yaml
  kubectl get ingress,service -n shop -o yaml | lbo import -f -
  lbo import --from-cluster -n shop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var objs []client.Object
			var err error
			switch {
			case fromCluster && len(files) > 0:
				return fmt.Errorf("give either files with -f or --from-cluster, not both")
			case fromCluster:
				objs, err = listFromCluster(cmd, namespace, allNamespaces)
			case len(files) == 0:
				return fmt.Errorf("no input: give files with -f (- for standard input) or --from-cluster")
			default:
				objs, err = decodeFiles(files, cmd.InOrStdin())
			}
			if err != nil {
				return err
			}
			res := importer.Import(cmd.Context(), objs, importer.Options{IngressClasses: ingressClasses})
			for _, n := range res.Notes {
				fmt.Fprintln(cmd.ErrOrStderr(), n)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "imported %d LoadBalancers; %d notes\n", len(res.LoadBalancers), len(res.Notes))
			lbs := make([]client.Object, len(res.LoadBalancers))
			for i, lb := range res.LoadBalancers {
				lbs[i] = lb
			}
			return render.WriteYAML(cmd.OutOrStdout(), lbs)
		},
	}
	cmd.Flags().StringArrayVarP(&files, "filename", "f", nil, "file with Ingresses and Services (YAML or JSON, a List too); - reads standard input (repeatable)")
	cmd.Flags().BoolVar(&fromCluster, "from-cluster", false, "read the Ingresses and Services from the cluster of the kubeconfig ($KUBECONFIG, ~/.kube/config or in-cluster)")
	cmd.Flags().StringVarP(&namespace, "namespace", "n", "", "namespace to read with --from-cluster; the kubeconfig context's when left out")
	cmd.Flags().BoolVarP(&allNamespaces, "all-namespaces", "A", false, "read every namespace with --from-cluster")
	cmd.Flags().StringSliceVar(&ingressClasses, "ingress-class", []string{"alb"}, "IngressClass names of the AWS Load Balancer Controller")
	return cmd
}

func decodeFiles(files []string, stdin io.Reader) ([]client.Object, error) {
	var objs []client.Object
	for _, name := range files {
		in := stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			in = f
		}
		got, err := importer.Decode(in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		objs = append(objs, got...)
	}
	return objs, nil
}

func listFromCluster(cmd *cobra.Command, namespace string, all bool) ([]client.Object, error) {
	cfg, err := config.GetConfig()
	if err != nil {
		return nil, err
	}
	if all {
		namespace = ""
	} else if namespace == "" {
		namespace, _, err = clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
			clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).Namespace()
		if err != nil {
			return nil, err
		}
	}
	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return nil, err
	}
	return importer.List(cmd.Context(), c, namespace)
}
