// Command generate writes the files lbo derives from its CRD and from its
// contract with the AWS Load Balancer Controller, so that they never drift
// from the Go code: the OpenAPI document kustomize needs to merge
// LoadBalancers' keyed lists, the API reference (docs/api.md), the Helm
// chart's CRD and RBAC (from config/rbac), and the annotations page
// (docs/annotations.md, from internal/lbc). `make manifests` runs it after
// controller-gen; tests fail when a committed copy differs.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lbo-dev/lbo/internal/apidocs"
	"github.com/lbo-dev/lbo/internal/helmchart"
	"github.com/lbo-dev/lbo/internal/kustomizeopenapi"
	"github.com/lbo-dev/lbo/internal/lbc"
)

func main() {
	crd := flag.String("crd", "config/crd/bases/networking.lbo.dev_loadbalancers.yaml", "the CRD to generate from")
	var openapi multiFlag
	flag.Var(&openapi, "openapi", "write the kustomize OpenAPI document here (repeatable)")
	apidocs := flag.String("apidocs", "", "write the API reference (Markdown) here")
	annotations := flag.String("annotations", "", "write the annotations page (Markdown) here")
	chart := flag.String("chart", "", "write the generated files of the Helm chart (its CRD and RBAC) into this chart folder")
	rbac := flag.String("rbac", "config/rbac", "the kustomization of the RBAC the chart's is generated from")
	flag.Parse()
	if err := run(*crd, openapi, *apidocs, *annotations); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
	if err := writeChart(*crd, *rbac, *chart); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(crdPath string, openapi []string, apidocsPath, annotationsPath string) error {
	if annotationsPath != "" {
		page, err := lbc.Markdown()
		if err != nil {
			return fmt.Errorf("annotations page: %w", err)
		}
		if err := write(annotationsPath, page); err != nil {
			return err
		}
	}
	crd, err := os.ReadFile(crdPath)
	if err != nil {
		return err
	}
	doc, err := kustomizeopenapi.FromCRD(crd)
	if err != nil {
		return fmt.Errorf("%s: %w", crdPath, err)
	}
	for _, p := range openapi {
		if err := write(p, doc); err != nil {
			return err
		}
	}
	if apidocsPath == "" {
		return nil
	}
	ref, err := apidocs.FromCRD(crd, apidocs.ExpansionChecks()...)
	if err != nil {
		return fmt.Errorf("%s: %w", crdPath, err)
	}
	return write(apidocsPath, ref)
}

// writeChart writes the chart's files derived from the CRD and config/rbac
// into the chart folder dir; an empty dir writes nothing.
func writeChart(crdPath, rbacDir, dir string) error {
	if dir == "" {
		return nil
	}
	crd, err := os.ReadFile(crdPath)
	if err != nil {
		return err
	}
	files, err := helmchart.Generate(crd, rbacDir)
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := write(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	return nil
}

func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
