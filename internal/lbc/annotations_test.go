package lbc

import (
	"bytes"
	"os"
	"testing"
)

// docs/annotations.md is what Annotations give today (make manifests
// rewrites it).
func TestCommittedAnnotationsPageIsCurrent(t *testing.T) {
	want, err := Markdown()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../docs/annotations.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("docs/annotations.md differs from what internal/lbc gives; run make manifests")
	}
}
