// Package krew makes what krew (https://krew.sigs.k8s.io), the kubectl
// plugin manager, installs `kubectl lbo` from: an archive per platform holding
// the kubectl-lbo binary and the license, and the plugin manifest that points
// to the archives by URL and checksum. krew/lbo.yaml in the repository is the
// manifest's template; `make krew` fills it in for a release (hack/krew).
package krew

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"
	"text/template"

	"sigs.k8s.io/yaml"
)

// Binary is the plugin's executable: kubectl runs kubectl-lbo for `kubectl lbo`.
const Binary = "kubectl-lbo"

// Platform is an operating system and architecture, as Go and krew name them.
type Platform struct{ OS, Arch string }

func (p Platform) String() string { return p.OS + "/" + p.Arch }

// Executable is the binary's name on p.
func (p Platform) Executable() string {
	if p.OS == "windows" {
		return Binary + ".exe"
	}
	return Binary
}

// ArchiveName is the name of the release archive for p.
func ArchiveName(version string, p Platform) string {
	return fmt.Sprintf("%s_%s_%s_%s.tar.gz", Binary, version, p.OS, p.Arch)
}

// Manifest executes the manifest's template for version: its uri and sha256
// functions give a platform's archive URL (under releaseURL/version) and the
// archive's SHA-256 checksum, which checksum computes (building the archive
// if need be). The result is checked with Validate.
func Manifest(tmpl []byte, version, releaseURL string, checksum func(Platform) (string, error)) ([]byte, error) {
	t, err := template.New("krew").Option("missingkey=error").Funcs(template.FuncMap{
		"uri": func(os, arch string) string {
			return strings.TrimSuffix(releaseURL, "/") + "/" + version + "/" + ArchiveName(version, Platform{os, arch})
		},
		"sha256": func(os, arch string) (string, error) { return checksum(Platform{os, arch}) },
	}).Parse(string(tmpl))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, struct{ Version string }{version}); err != nil {
		return nil, err
	}
	if err := Validate(out.Bytes()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// plugin is the part of krew's Plugin manifest lbo checks.
type plugin struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Version          string `json:"version"`
		ShortDescription string `json:"shortDescription"`
		Platforms        []struct {
			Selector struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
			URI    string `json:"uri"`
			SHA256 string `json:"sha256"`
			Bin    string `json:"bin"`
			Files  []struct {
				From string `json:"from"`
				To   string `json:"to"`
			} `json:"files"`
		} `json:"platforms"`
	} `json:"spec"`
}

var (
	semver    = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)
	sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Validate checks a filled-in manifest against the rules krew-index applies
// that lbo's could break: the plugin named lbo, a semantic version, and for
// each platform (once each) an https archive of that version and platform,
// its checksum, and the binary krew links as kubectl-lbo among the files it
// copies out of the archive.
func Validate(manifest []byte) error {
	var p plugin
	if err := yaml.Unmarshal(manifest, &p); err != nil {
		return err
	}
	var problems []string
	if p.APIVersion != "krew.googlecontainertools.github.com/v1alpha2" || p.Kind != "Plugin" {
		problems = append(problems, fmt.Sprintf("not a krew Plugin: %s %s", p.APIVersion, p.Kind))
	}
	if p.Metadata.Name != "lbo" {
		problems = append(problems, fmt.Sprintf("the plugin is named %q, not lbo", p.Metadata.Name))
	}
	if !semver.MatchString(p.Spec.Version) {
		problems = append(problems, fmt.Sprintf("version %q is not vMAJOR.MINOR.PATCH", p.Spec.Version))
	}
	if p.Spec.ShortDescription == "" {
		problems = append(problems, "no shortDescription")
	}
	if len(p.Spec.Platforms) == 0 {
		problems = append(problems, "no platforms")
	}
	seen := map[Platform]bool{}
	for i, pl := range p.Spec.Platforms {
		plat := Platform{pl.Selector.MatchLabels["os"], pl.Selector.MatchLabels["arch"]}
		where := fmt.Sprintf("platform %d (%s)", i, plat)
		if plat.OS == "" || plat.Arch == "" || seen[plat] {
			problems = append(problems, where+": the selector must name an os and an arch, once each")
		}
		seen[plat] = true
		if !strings.HasPrefix(pl.URI, "https://") || path.Base(pl.URI) != ArchiveName(p.Spec.Version, plat) {
			problems = append(problems, fmt.Sprintf("%s: uri %s is not the https URL of %s", where, pl.URI, ArchiveName(p.Spec.Version, plat)))
		}
		if !sha256Hex.MatchString(pl.SHA256) {
			problems = append(problems, fmt.Sprintf("%s: sha256 %q is not a SHA-256 checksum", where, pl.SHA256))
		}
		copied := false
		for _, f := range pl.Files {
			copied = copied || f.From == plat.Executable()
		}
		if pl.Bin != plat.Executable() || !copied {
			problems = append(problems, fmt.Sprintf("%s: bin %q must be %s, among the files copied from the archive", where, pl.Bin, plat.Executable()))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("krew manifest: %s", strings.Join(problems, "; "))
	}
	return nil
}

// WriteArchive writes the archive for p: the binary at binPath, named
// p.Executable(), and the file at licensePath, named LICENSE, gzipped tar.
func WriteArchive(w io.Writer, p Platform, binPath, licensePath string) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name, path string
		mode       int64
	}{{p.Executable(), binPath, 0o755}, {"LICENSE", licensePath, 0o644}} {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}
