package krew

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func repositoryTemplate(t *testing.T) []byte {
	t.Helper()
	tmpl, err := os.ReadFile("../../krew/lbo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

// fakeChecksum stands for an archive's checksum: a SHA-256 of its platform.
func fakeChecksum(p Platform) (string, error) {
	sum := sha256.Sum256([]byte(p.String()))
	return hex.EncodeToString(sum[:]), nil
}

// The repository's template makes a valid manifest for the platforms EKS
// users run kubectl on, asking for each archive's checksum once.
func TestRepositoryTemplate(t *testing.T) {
	var asked []string
	manifest, err := Manifest(repositoryTemplate(t), "v1.2.3", "https://github.com/lbo-dev/lbo/releases/download/", func(p Platform) (string, error) {
		asked = append(asked, p.String())
		return fakeChecksum(p)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64"}
	if !slices.Equal(asked, want) {
		t.Errorf("checksums asked for %v, want %v", asked, want)
	}
	for _, w := range []string{
		"version: 'v1.2.3'",
		"uri: 'https://github.com/lbo-dev/lbo/releases/download/v1.2.3/kubectl-lbo_v1.2.3_windows_amd64.tar.gz'",
		"bin: kubectl-lbo.exe",
	} {
		if !strings.Contains(string(manifest), w) {
			t.Errorf("the manifest lacks %q:\n%s", w, manifest)
		}
	}
}

// Validate refuses manifests krew could not install lbo from.
func TestValidateRefuses(t *testing.T) {
	good, err := Manifest(repositoryTemplate(t), "v1.2.3", "https://example.com/releases", fakeChecksum)
	if err != nil {
		t.Fatal(err)
	}
	linuxSum, _ := fakeChecksum(Platform{"linux", "amd64"})
	cases := map[string]struct{ old, new, want string }{
		"another name":       {"name: lbo", "name: lb", `named "lb"`},
		"no v in version":    {"version: 'v1.2.3'", "version: '1.2.3'", "is not vMAJOR.MINOR.PATCH"},
		"plain http":         {"uri: 'https://example.com", "uri: 'http://example.com", "is not the https URL"},
		"another version":    {"v1.2.3/kubectl-lbo_v1.2.3_linux_amd64", "v1.2.3/kubectl-lbo_v1.2.2_linux_amd64", "is not the https URL"},
		"short checksum":     {linuxSum, linuxSum[:10], "is not a SHA-256 checksum"},
		"no .exe on windows": {"bin: kubectl-lbo.exe", "bin: kubectl-lbo", "must be kubectl-lbo.exe"},
		"binary not copied":  {"- from: kubectl-lbo\n      to: .\n    - from: LICENSE\n      to: .\n    bin: kubectl-lbo\n", "- from: LICENSE\n      to: .\n    bin: kubectl-lbo\n", "among the files copied"},
		"a platform twice":   {"arch: arm64", "arch: amd64", "once each"},
	}
	for name, c := range cases {
		bad := strings.Replace(string(good), c.old, c.new, 1)
		if bad == string(good) {
			t.Fatalf("%s: %q is not in the manifest", name, c.old)
		}
		if err := Validate([]byte(bad)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, c.want)
		}
	}
}

// Each platform's archive holds exactly the files its manifest entry copies
// out of it, the binary executable.
func TestArchiveHoldsWhatTheManifestCopies(t *testing.T) {
	manifest, err := Manifest(repositoryTemplate(t), "v1.2.3", "https://example.com/releases", fakeChecksum)
	if err != nil {
		t.Fatal(err)
	}
	var p plugin
	if err := yaml.Unmarshal(manifest, &p); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin, license := filepath.Join(dir, "bin"), filepath.Join(dir, "LICENSE")
	for _, f := range []string{bin, license} {
		if err := os.WriteFile(f, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, pl := range p.Spec.Platforms {
		plat := Platform{pl.Selector.MatchLabels["os"], pl.Selector.MatchLabels["arch"]}
		var archive bytes.Buffer
		if err := WriteArchive(&archive, plat, bin, license); err != nil {
			t.Fatal(err)
		}
		entries := tarEntries(t, &archive)
		var want []string
		for _, f := range pl.Files {
			want = append(want, f.From)
		}
		var got []string
		for name := range entries {
			got = append(got, name)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the archive holds %v, the manifest copies %v", plat, got, want)
		}
		if entries[pl.Bin]&0o111 == 0 {
			t.Errorf("%s: %s is not executable in the archive", plat, pl.Bin)
		}
	}
}

// tarEntries are the names and modes of a .tar.gz's files.
func tarEntries(t *testing.T, r io.Reader) map[string]int64 {
	t.Helper()
	gz, err := gzip.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	entries := map[string]int64{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return entries
		} else if err != nil {
			t.Fatal(err)
		}
		entries[h.Name] = h.Mode
	}
}
