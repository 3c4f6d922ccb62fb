#!/usr/bin/env bash
# make compose-up: Redis, every service and the gateway as containers from the images `make
# images` built (deploy/compose.yaml, podman-compose), then the demo data, loaded through the
# gateway as `make run` loads it. `make compose-down` stops them (the Redis volume stays).
# Usage: deploy/compose-up.sh BUILD_DIR   (for civitas-token, which signs the loader's tokens)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:?build dir}" && pwd)
source deploy/services.sh
source deploy/images/podman_flags.sh
civitas_podman_flags localhost/civitas-debian:12
compose=(podman-compose -f deploy/compose.yaml)
if [ ${#podman_flags[@]} -gt 0 ]; then compose+=(--podman-run-args "${podman_flags[*]}"); fi
"${compose[@]}" up -d >/dev/null
for _ in $(seq 1 300); do
  if curl -sf http://127.0.0.1:8080/readyz >/dev/null; then break; fi
  sleep 0.1
done
curl -sf http://127.0.0.1:8080/readyz >/dev/null || {
  echo "the gateway did not become ready; podman-compose -f deploy/compose.yaml logs" >&2; exit 1; }
for name in "${civitas_services[@]}"; do
  for file in ${civitas_demo[$name]}; do
    bash deploy/demo/load.sh http://127.0.0.1:8080 "$build/libs/auth/civitas-token" \
      "deploy/demo/$file"
  done
done
echo "Civitas is running in containers: http://localhost:8080/v1/territories"
