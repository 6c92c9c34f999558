#!/usr/bin/env bash
# Builds envtest's control-plane binaries (kube-apiserver, kube-controller-manager,
# etcd) from Go modules, for machines where setup-envtest cannot download them.
# Usage: hack/build-envtest-binaries.sh DIR
# The result is DIR/{kube-apiserver,kube-controller-manager,etcd}; DIR/.complete
# marks a finished build so an interrupted one is redone rather than trusted.
set -euo pipefail

BIN=$(mkdir -p "$1" && cd "$1" && pwd)
K8S_VERSION=${K8S_VERSION:-v1.37.2}
ETCD_VERSION=${ETCD_VERSION:-v3.7.3}
STAGING=${STAGING:-v0.${K8S_VERSION#v1.}}
MINOR=$(echo "$K8S_VERSION" | cut -d. -f2)

if [ -f "$BIN/.complete" ]; then
  exit 0
fi

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building kube-apiserver and kube-controller-manager $K8S_VERSION from Go modules (several minutes)" >&2
mkdir -p "$work/k8s" && cd "$work/k8s"
printf 'module envtestbins/k8s\n\ngo 1.26.0\n' > go.mod
KDIR=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
# k8s.io/kubernetes replaces its staging modules with local paths; pin each to its release instead.
for m in $(awk '$2=="=>" && $3 ~ /^\.\/staging\// {print $1}' "$KDIR/go.mod"); do
  go mod edit "-replace=$m=$m@$STAGING"
done
go mod edit "-require=k8s.io/kubernetes@$K8S_VERSION"
go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION"
LDF="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDF+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean"
done
go build -trimpath -ldflags "$LDF" -o "$BIN/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager

echo "building etcd $ETCD_VERSION from Go modules" >&2
mkdir -p "$work/etcd" && cd "$work/etcd"
printf 'module envtestbins/etcd\n\ngo 1.26.0\n' > go.mod
go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3

touch "$BIN/.complete"
echo "envtest binaries ready in $BIN" >&2
