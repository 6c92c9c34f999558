// Command krew builds the release archives of `kubectl lbo` for krew, one
// per platform krew/lbo.yaml names, and writes the manifest with their URLs
// and checksums: `make krew VERSION=vX.Y.Z` runs it. See krew/lbo.yaml for
// what to do with them.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/lbo-dev/lbo/internal/krew"
)

func main() {
	version := flag.String("version", "", "the release, vMAJOR.MINOR.PATCH")
	tmpl := flag.String("template", "krew/lbo.yaml", "the manifest's template")
	out := flag.String("out", "dist/krew", "where to write the archives and the manifest")
	releaseURL := flag.String("release-url", "https://github.com/lbo-dev/lbo/releases/download", "URL the archives are downloaded from, followed by /VERSION/ARCHIVE")
	flag.Parse()
	if err := run(*version, *tmpl, *out, *releaseURL); err != nil {
		fmt.Fprintln(os.Stderr, "krew:", err)
		os.Exit(1)
	}
}

func run(version, tmplPath, out, releaseURL string) error {
	if version == "" {
		return fmt.Errorf("give the release with -version (make krew VERSION=vX.Y.Z)")
	}
	tmpl, err := os.ReadFile(tmplPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	build, err := os.MkdirTemp("", "lbo-krew-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(build)
	manifest, err := krew.Manifest(tmpl, version, releaseURL, func(p krew.Platform) (string, error) {
		return archive(version, p, build, out)
	})
	if err != nil {
		return err
	}
	path := filepath.Join(out, "lbo.yaml")
	if err := os.WriteFile(path, manifest, 0o644); err != nil {
		return err
	}
	fmt.Println("wrote", path)
	return nil
}

// archive builds lbo for p as kubectl-lbo, writes its release archive into
// out and returns the archive's SHA-256 checksum.
func archive(version string, p krew.Platform, build, out string) (string, error) {
	bin := filepath.Join(build, p.OS+"-"+p.Arch, p.Executable())
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./cmd/lbo")
	cmd.Env = append(os.Environ(), "GOOS="+p.OS, "GOARCH="+p.Arch, "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building kubectl-lbo for %s: %w", p, err)
	}
	path := filepath.Join(out, krew.ArchiveName(version, p))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if err := krew.WriteArchive(io.MultiWriter(f, h), p, bin, "LICENSE"); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	fmt.Println("wrote", path)
	return hex.EncodeToString(h.Sum(nil)), nil
}
