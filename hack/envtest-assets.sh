#!/usr/bin/env bash
# Provides envtest's control-plane binaries (kube-apiserver, etcd, and
# kube-controller-manager where we build them) in DIR, for `make test` and
# `make run`. First try setup-envtest, which downloads release binaries;
# where it cannot (no internet), build them from Go modules.
# Usage: hack/envtest-assets.sh DIR K8S_VERSION SETUP_ENVTEST_VERSION
set -euo pipefail

dir=$1 version=$2 setup_version=$3
mkdir -p "$dir"
bin=$(cd "$dir/../.." && pwd)   # DIR is BIN/k8s/<version>-<os>-<arch>
[ -f "$dir/.complete" ] && exit 0

if [ -z "${LBO_ENVTEST_BUILD:-}" ]; then
  echo "envtest: trying setup-envtest $setup_version for Kubernetes $version" >&2
  if GOBIN="$bin" timeout 120 go install "sigs.k8s.io/controller-runtime/tools/setup-envtest@$setup_version" &&
     path=$(timeout 120 "$bin/setup-envtest" use "$version" --bin-dir "$bin" -p path 2>/dev/null) &&
     [ -x "$path/kube-apiserver" ] && [ -x "$path/etcd" ]; then
    mkdir -p "$dir"
    [ "$(cd "$path" && pwd)" = "$(mkdir -p "$dir" && cd "$dir" && pwd)" ] || cp -f "$path"/* "$dir"/
    touch "$dir/.complete"
    echo "envtest: binaries from setup-envtest in $dir" >&2
    exit 0
  fi
  echo "envtest: setup-envtest could not provide them; building from Go modules instead" >&2
fi
K8S_VERSION="v$version" "$(dirname "$0")/build-envtest-binaries.sh" "$dir"
