package render

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/openapi"
)

// Kustomize builds the kustomization in dir as `kustomize build` does, with
// its default options (files only from within the kustomization, no plugins),
// and returns the result as a YAML stream.
func Kustomize(fsys filesys.FileSystem, dir string) ([]byte, error) {
	// kustomize keeps the OpenAPI schema of a kustomization's `openapi:` field
	// in a global; start each build from the built-in one so that one build's
	// schema never applies to another.
	openapi.ResetOpenAPI()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build %s: %w", dir, err)
	}
	return m.AsYaml()
}

// KustomizeDir renders the LoadBalancers the kustomization in dir builds:
// their children as YAML to w. Other kinds in the build are skipped.
func KustomizeDir(ctx context.Context, dir string, w io.Writer, opts ...Option) error {
	built, err := Kustomize(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return err
	}
	return File(ctx, bytes.NewReader(built), w, opts...)
}
