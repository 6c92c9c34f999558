# lbo's Makefile. `make help` lists the targets.

# Tools and binaries go in bin/ (gitignored).
LOCALBIN ?= $(CURDIR)/bin
GOOS ?= $(shell go env GOOS)
GOARCH ?= $(shell go env GOARCH)

CONTROLLER_TOOLS_VERSION ?= v0.23.0
CONTROLLER_GEN ?= $(LOCALBIN)/controller-gen

# envtest's control plane: setup-envtest downloads it where it can; otherwise
# hack/build-envtest-binaries.sh builds it from Go modules (several minutes,
# once; cached in bin/).
ENVTEST_K8S_VERSION ?= 1.37.2
SETUP_ENVTEST_VERSION ?= v0.25.1
ENVTEST_ASSETS ?= $(LOCALBIN)/k8s/$(ENVTEST_K8S_VERSION)-$(GOOS)-$(GOARCH)

IMG ?= ghcr.io/lbo-dev/lbo:latest
KUBECTL ?= kubectl

.PHONY: all
all: build

##@ General

.PHONY: help
help: ## Show the targets.
	@awk 'BEGIN {FS = ":.*##"} /^[a-zA-Z_-]+:.*?##/ { printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Development

# What hack/generate derives from the CRD: the OpenAPI document kustomize needs
# to patch LoadBalancers' lists by name (shipped in config/openapi and copied
# into the example base, which kustomize reads it from), the API reference,
# and the Helm chart's CRD and RBAC (from config/rbac); and from internal/lbc,
# the contract with the AWS Load Balancer Controller, the annotations page.
CRD_DERIVED ?= -openapi config/openapi/loadbalancer.json -openapi examples/base/loadbalancer.openapi.json -apidocs docs/api.md -chart charts/lbo -annotations docs/annotations.md

.PHONY: manifests
manifests: controller-gen ## Generate the CRD, the RBAC role, and what derives from them (kustomize OpenAPI, docs/api.md, the chart's CRD and RBAC, docs/annotations.md).
	$(CONTROLLER_GEN) rbac:roleName=manager-role crd paths="./..." output:crd:artifacts:config=config/crd/bases output:rbac:artifacts:config=config/rbac
	go run ./hack/generate $(CRD_DERIVED)

.PHONY: openapi
openapi: manifests ## Write config/openapi/loadbalancer.json, the schema kustomize merges LoadBalancers with (part of manifests).

.PHONY: docs
docs: manifests ## Write docs/api.md, the API reference, from the CRD (part of manifests).

.PHONY: generate
generate: controller-gen ## Generate the DeepCopy methods.
	$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./api/..."

.PHONY: fmt
fmt: ## Run go fmt.
	go fmt ./...

.PHONY: vet
vet: ## Run go vet.
	go vet ./...

GOLANGCI_LINT ?= $(LOCALBIN)/golangci-lint

# golangci-lint with the Kubernetes API linter and logcheck compiled in, built
# from hack/tools/golangci-lint (a module of its own) through the Go module proxy.
$(GOLANGCI_LINT): hack/tools/golangci-lint/go.mod hack/tools/golangci-lint/go.sum hack/tools/golangci-lint/main.go
	cd hack/tools/golangci-lint && go build -o $(GOLANGCI_LINT) .

.PHONY: lint
lint: vet $(GOLANGCI_LINT) ## Fail on unformatted Go files, vet findings and golangci-lint's (.golangci.yml: importas, godot, logcheck, the Kubernetes API linter on api/).
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GOLANGCI_LINT) run ./...

GENERATED_PATHS ?= api config examples docs charts

.PHONY: chart-lint
chart-lint: ## Lint the Helm chart (charts/lbo) with Helm's linter, strictly.
	go run ./hack/helmlint charts/lbo

.PHONY: verify
verify: manifests generate lint chart-lint ## Regenerate and fail if generated files drifted from the committed ones; lint the chart.
	@if [ -n "$$(git status --porcelain -- $(GENERATED_PATHS))" ]; then \
		echo "generated files differ from the committed ones; run 'make manifests generate' and commit:"; \
		git status --porcelain -- $(GENERATED_PATHS); git --no-pager diff -- $(GENERATED_PATHS); exit 1; fi

# The packages whose tests run with the race detector: the reconciler's, the
# integration suite (the manager runs in the test process) and the robustness
# suite (which then builds the manager binary with -race and fails on any race
# it reports). The others run without: the detector slows them for nothing.
RACE_PKGS ?= ./controllers/ ./test/integration/ ./test/gatewayintegration/ ./test/robustness/

.PHONY: test
test: manifests generate vet envtest ## Run the unit, golden and integration tests (a real kube-apiserver and etcd); the envtest suites with -race.
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go test $$(go list ./... | grep -v -x -F $$(go list $(RACE_PKGS) | sed 's/^/-e /')) -count=1
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go test -race $(RACE_PKGS) -count=1

FUZZTIME ?= 2m
.PHONY: fuzz
fuzz: envtest ## Fuzz the expansion against the API server for FUZZTIME (make test runs only the seeds).
	cd test/integration && KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go test -run '^$$' -fuzz FuzzExpansion -fuzztime $(FUZZTIME) -parallel 1 .

.PHONY: update-golden
update-golden: ## Rewrite the expansion's golden files from the current code.
	go test ./internal/expand -run TestGolden -update

##@ Build

.PHONY: build
build: manifests generate ## Build bin/manager, bin/lbo and bin/kubectl-lbo.
	go build -o $(LOCALBIN)/manager ./cmd/manager
	go build -o $(LOCALBIN)/lbo ./cmd/lbo
	cp $(LOCALBIN)/lbo $(LOCALBIN)/kubectl-lbo

.PHONY: plugin
plugin: ## Build bin/kubectl-lbo, lbo as a kubectl plugin: with bin/ on PATH, run kubectl lbo.
	go build -o $(LOCALBIN)/kubectl-lbo ./cmd/lbo

.PHONY: krew
krew: ## Build kubectl lbo's release archives and krew manifest into dist/krew (VERSION=vX.Y.Z; see krew/lbo.yaml).
	go run ./hack/krew -version "$(VERSION)" -out dist/krew

.PHONY: run
# The local control plane serves lbo's CRD, Gateway API's (standard channel, from
# the module lbo is built with) and the AWS Load Balancer Controller's Gateway
# CRDs, so that a LoadBalancer with spec.gateway shows its children there too.
LOCAL_CRD_DIRS = config/crd/bases,$(shell go list -m -f '{{.Dir}}' sigs.k8s.io/gateway-api)/config/crd/standard,test/crds/standins

run: manifests envtest ## Run the operator: on the kubeconfig's cluster, or on a local control plane when none answers.
	go run ./cmd/manager --local-control-plane=auto --local-bin-dir="$(ENVTEST_ASSETS)" --local-crd-dir="$(LOCAL_CRD_DIRS)" \
		--metrics-bind-address=:8080 --health-probe-bind-address=:8081 --zap-devel

.PHONY: docker-build
docker-build: ## Build the manager image.
	docker build -t $(IMG) .

.PHONY: build-installer
build-installer: manifests ## Write dist/install.yaml: the CRD, RBAC and the manager, for kubectl apply -f.
	mkdir -p dist
	$(KUBECTL) kustomize config/default | sed 's#image: ghcr.io/lbo-dev/lbo:latest#image: $(IMG)#' > dist/install.yaml

##@ Tools

.PHONY: controller-gen
controller-gen: $(CONTROLLER_GEN) ## Install controller-gen in bin/.
$(CONTROLLER_GEN):
	GOBIN=$(LOCALBIN) go install sigs.k8s.io/controller-tools/cmd/controller-gen@$(CONTROLLER_TOOLS_VERSION)

.PHONY: envtest
envtest: ## Provide kube-apiserver and etcd in bin/ (setup-envtest, or a build from Go modules).
	@hack/envtest-assets.sh "$(ENVTEST_ASSETS)" "$(ENVTEST_K8S_VERSION)" "$(SETUP_ENVTEST_VERSION)"

##@ Performance

# BENCH_FLAGS: go run ./test/bench -h lists them; -n 1000,5000 measures at
# 1,000 and 5,000 LoadBalancers.
BENCH_FLAGS ?=
.PHONY: bench
bench: manifests envtest ## Measure convergence, writes, idle writes and memory at N=100 and 1,000, or BENCH_FLAGS="-n 1000,5000" (docs/performance.md).
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go run ./test/bench $(BENCH_FLAGS)
