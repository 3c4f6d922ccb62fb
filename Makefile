# Thin wrapper over CMake. `make run` and `make test` are the two commands a new machine needs.
BUILD_DIR ?= build
BUILD_TYPE ?= Dev
# As many compiles as the machine has cores, and no more than one per 2.5 GB of available memory
# (a unity batch of gRPC-heavy files takes up to ~1.5 GB).
JOBS ?= $(shell cores=$$(nproc 2>/dev/null || echo 2); \
  mem=$$(awk '/MemAvailable/ {print int($$2 / 2500000)}' /proc/meminfo 2>/dev/null || echo 2); \
  jobs=$$(( cores < mem ? cores : mem )); echo $$(( jobs < 1 ? 1 : jobs )))
ROLE ?= admin
ORG ?=
TERRITORIES ?=

.PHONY: all deps configure build test run token bench bench-quick bench-volume format lint clean \
	openapi-check grpc-check fuzz settings-table scratch-service-check chaos k8s-check k8s-manifests \
	images compose-up compose-down

all: build

deps:
	@echo "== dependencies (deploy/install-deps.sh)"
	@bash deploy/install-deps.sh

configure: deps
	@echo "== configure ($(BUILD_DIR), $(BUILD_TYPE))"
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

# The sub-makes' "Entering directory" lines say nothing a person needs; progress lines stay.
build: configure
	@echo "== build ($(JOBS) jobs)"
	@cmake --build $(BUILD_DIR) -j$(JOBS) -- --no-print-directory

# Every binary's tests run shuffled; SEED=<n> repeats an order (the seed is printed first).
test: build
	@echo "== test"
	@bash tests/run.sh $(BUILD_DIR) $(JOBS)

run: build
	@bash deploy/run.sh $(BUILD_DIR)

# Adds a scratch service as services/README.md says, checks that make run serves it through the
# gateway, and removes it again (builds twice: minutes).
scratch-service-check:
	@BUILD_DIR=$(BUILD_DIR) bash tests/scratch_service/check.sh

# Rewrites README.md's settings table from what each process declares (a test checks it).
settings-table: build
	@python3 deploy/settings_table.py $(BUILD_DIR) --write

# Prints at once when the tool is built (it signs with the development secret; nothing to rebuild).
token:
	@test -x $(BUILD_DIR)/libs/auth/civitas-token || $(MAKE) -s build >/dev/null
	@$(BUILD_DIR)/libs/auth/civitas-token --development_mode --role=$(ROLE) --org=$(ORG) \
	  --territories=$(TERRITORIES)

# Against a running gateway (`make run` in another terminal): lint /openapi.json, generate a
# TypeScript client, use it directly and through Prism's validating proxy. Needs npm.
URL ?= http://localhost:8080
# A gRPC client generated from protos/ alone calls the accreditation and grants services (needs
# make run).
grpc-check:
	@bash deploy/install-deps.sh grpc
	@$(MAKE) -s build >/dev/null
	@bash tests/grpc/check.sh

openapi-check:
	@$(MAKE) -s build >/dev/null
	@CHECK_CITY_TOKEN="$$($(BUILD_DIR)/libs/auth/civitas-token --development_mode --role=municipality \
	  --org=tbilisi-city-hall)" \
	CHECK_PROVIDER_TOKEN="$$($(BUILD_DIR)/libs/auth/civitas-token --development_mode --role=cso \
	  --org=tbilisi-daycare-assoc)" \
	CHECK_GORIS_TOKEN="$$($(BUILD_DIR)/libs/auth/civitas-token --development_mode \
	  --role=municipality --territories=territories/am-su-goris)" \
	CHECK_KAPAN_VOTER_TOKEN="$$($(BUILD_DIR)/libs/auth/civitas-token --development_mode --role=cso \
	  --org=kapan-residents --subject=ts-client@kapan-residents)" \
	CHECK_WAREHOUSE_KEY="$${CIVITAS_WAREHOUSE_API_KEY:-dev-warehouse-key-0123456789}" \
	bash tests/openapi/check.sh $(URL) "$$($(BUILD_DIR)/libs/auth/civitas-token --development_mode --role=admin)"

# libFuzzer harnesses (clang, ASan + UBSan) in build-fuzz/, each for FUZZ_SECONDS (default 60).
# Kubernetes: k8s/base made from the declared settings (k8s-manifests rewrites it); every overlay
# rendered and validated offline against the API schemas and our rules (needs npm).
k8s-manifests:
	@$(MAKE) -s build >/dev/null
	@python3 deploy/k8s_manifests.py $(BUILD_DIR) --write
	@python3 deploy/compose_file.py --write

k8s-check:
	@$(MAKE) -s build >/dev/null
	@bash tests/k8s/check.sh $(BUILD_DIR)

# The reliability suite (not part of make test; loopback only): a rolling restart of every
# service and gateway replica under load (0 failed requests, 0 lost writes expected), and Redis
# failovers through Sentinel under load with WAIT (0 lost) against a control without it.
chaos:
	@$(MAKE) -s build >/dev/null
	@python3 tests/chaos/rolling_restart.py $(BUILD_DIR)
	@python3 tests/chaos/sentinel_failover.py $(BUILD_DIR)

# Container images (podman, from a Debian 12 root filesystem made with mmdebstrap), each started
# read-only as a non-root user before it counts: deploy/images/build.sh.
images:
	@bash deploy/install-deps.sh images
	@bash deploy/images/build.sh $(TAG)

# The images as containers (deploy/compose.yaml, podman-compose) with the demo data.
compose-up: build
	@bash deploy/compose-up.sh $(BUILD_DIR)

compose-down:
	@podman-compose -f deploy/compose.yaml down >/dev/null

fuzz:
	@bash tests/fuzz/run.sh

bench:
	@bash deploy/install-deps.sh bench
	@python3 bench/bench.py

bench-quick:
	@bash deploy/install-deps.sh bench
	@python3 bench/bench.py --quick

bench-volume:
	@bash deploy/install-deps.sh bench
	@python3 bench/bench.py --volume

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

lint:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

clean:
	@rm -rf $(BUILD_DIR)
