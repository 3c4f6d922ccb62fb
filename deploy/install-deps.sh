#!/usr/bin/env bash
# Installs every Debian 12 package Civitas needs to build, run and test. The only place system
# packages are listed. Idempotent: installs only what is missing; uses sudo when not root.
#   install-deps.sh          build, run and test
#   install-deps.sh bench    also the benchmark tools and the peer gateway's toolchain
#   install-deps.sh fuzz     also clang and libFuzzer (make fuzz)
#   install-deps.sh grpc     also Python's gRPC, for the client built from protos/ (grpc-check)
#   install-deps.sh images   also what make images needs (mmdebstrap, podman, runc, podman-compose)
#   install-deps.sh service-image only the CA certificates (inside a service's image)
#   install-deps.sh redis-image   only Redis and its tools (inside the civitas-redis image)
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git clang-format ccache
  # gRPC, protobuf, Abseil
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc libabsl-dev
  # google.api.http annotation protos (googleapis copy shipped with grpc-gateway)
  golang-github-grpc-ecosystem-grpc-gateway-dev
  # storage, metrics, HTTP, tests
  libhiredis-dev redis-server redis-tools prometheus-cpp-dev libboost-dev libboost-system-dev
  libnghttp2-dev libsimdjson-dev
  libssl-dev libgtest-dev libgmock-dev googletest
  # the openssl command makes the TLS tests' certificates
  openssl
  # the IATI export is written with libxml2's writer; xmllint checks it in the e2e test
  libxml2-dev libxml2-utils
  # DHIS2 data value CSV imports are read with libcsv (RFC 4180 quoting, strict mode)
  libcsv-dev
  # advocacy's iCalendar feeds are checked with libical's parser in a test (the writer is ours:
  # libical 3.0 writes ICS from its own component tree, which would be a second model of events)
  libical-dev
  # every process allocates through jemalloc (CMakeLists.txt says why)
  libjemalloc-dev
  # tools used by the run script; python3 makes the README's settings table (and its test)
  curl python3
)

if [ "${1:-}" = "bench" ]; then
  PACKAGES+=(
    # load generators and the static-file baseline
    wrk nghttp2-client nginx-light
    # grpc-gateway, the peer gateway, built offline in GOPATH mode
    golang-go golang-grpc-gateway golang-github-grpc-ecosystem-grpc-gateway-dev
    golang-google-grpc-dev golang-goprotobuf-dev golang-google-genproto-dev
    # profiles
    linux-perf valgrind util-linux python3
  )
fi

if [ "${1:-}" = "grpc" ]; then
  PACKAGES+=(
    # a client generated from protos/ alone (protoc --python_out, grpc_python_plugin)
    python3 python3-grpcio python3-protobuf
  )
fi

if [ "${1:-}" = "images" ]; then
  PACKAGES+=(
    # a Debian 12 root filesystem made here (no image registry is reachable), images built and
    # run with podman; runc where crun is refused (deploy/images/build.sh says when)
    mmdebstrap podman runc uidmap podman-compose
    # containers find each other by name on compose's network (CNI's dnsname plugin)
    golang-github-containernetworking-plugin-dnsname
  )
fi

if [ "${1:-}" = "service-image" ]; then
  # a service image, besides the libraries its binary links: the CAs that HTTPS (an identity
  # provider's key set) is verified against
  PACKAGES=(ca-certificates)
fi

if [ "${1:-}" = "redis-image" ]; then
  # the civitas-redis image: the server (and sentinel), redis-cli for probes and start scripts
  PACKAGES=(redis-server redis-tools)
fi

if [ "${1:-}" = "fuzz" ]; then
  PACKAGES+=(
    # libFuzzer and the sanitizer runtimes come with clang's compiler-rt
    clang-14 libclang-rt-14-dev
  )
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The packaged redis-server (and nginx, for the benchmark) may start system instances: they are
# left alone, whoever's they are. Civitas starts its own on ports of its own (Redis on 6390 for
# make run, free ports in tests and the benchmark), so the two never meet.
