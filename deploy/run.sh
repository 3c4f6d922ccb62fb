#!/usr/bin/env bash
# Starts Civitas locally: Redis (deploy/redis.conf, data in var/), every service of
# services/services.list in its order, the gateway; loads each service's demo data; prints URLs
# and development tokens. Ctrl-C stops everything.
# Settings of this script (environment): CIVITAS_HTTP_PORT (8080), CIVITAS_REDIS_PORT (6390),
# CIVITAS_<SERVICE>_PORT and CIVITAS_<SERVICE>_METRICS_PORT (the list's ports, e.g.
# CIVITAS_GRANTS_PORT), CIVITAS_VAR_DIR (var), CIVITAS_WAREHOUSE_API_KEY, CIVITAS_API_KEYS. Other
# CIVITAS_* variables (CIVITAS_JWT_SECRET, CIVITAS_LOG_LEVEL, ...) reach every process, and a
# process stops at start-up on one it does not declare.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
source deploy/services.sh
mkdir -p "${CIVITAS_VAR_DIR:-var}"
var=$(cd "${CIVITAS_VAR_DIR:-var}" && pwd)  # absolute: Redis resolves --dir itself
http_port=${CIVITAS_HTTP_PORT:-8080}
redis_port=${CIVITAS_REDIS_PORT:-6390}
warehouse_key=${CIVITAS_WAREHOUSE_API_KEY:-dev-warehouse-key-0123456789}
api_keys=${CIVITAS_API_KEYS:-"$warehouse_key|warehouse|warehouse"}
# This script's own settings, and the gateway-only API keys, stay out of the processes'
# environment: a process refuses CIVITAS_* variables that are not its settings.
# (deploy/services.sh took out CIVITAS_<SERVICE>_PORT and _METRICS_PORT.)
for own in CIVITAS_HTTP_PORT CIVITAS_REDIS_PORT CIVITAS_VAR_DIR CIVITAS_WAREHOUSE_API_KEY \
  CIVITAS_API_KEYS; do
  export -n "$own" 2>/dev/null || true
done
mkdir -p "$var/redis" "$var/log" "$var/run"
rm -f "$var"/run/*.ready

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_for() {  # wait_for <description> <command...>: poll until the command succeeds (30 s)
  local what=$1
  shift
  for _ in $(seq 1 300); do
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "$what exited during start-up (port taken?); see $var/log" >&2
      exit 1
    fi
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "$what did not become ready; see $var/log" >&2
  exit 1
}

ports=("$redis_port" "$http_port")
for name in "${civitas_services[@]}"; do
  ports+=("${civitas_grpc_port[$name]}" "${civitas_metrics_port[$name]}")
done
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (another Civitas still running?); stop it or set CIVITAS_*_PORT" >&2
    exit 1
  fi
done

echo "== redis on :$redis_port (data in $var/redis)"
redis-server deploy/redis.conf --port "$redis_port" --dir "$var/redis" \
  --logfile "$var/log/redis.log" &
pids+=($!)
# PONG, not an error: a Redis still loading its data answers LOADING, which a service's first
# script load takes for a fatal fault.
wait_for "redis" bash -c "[ \"\$(redis-cli -p $redis_port ping)\" = PONG ]"

for name in "${civitas_services[@]}"; do
  echo "== $name on :${civitas_grpc_port[$name]}"
  "$build/services/$name/civitas-$name" --redis_address="127.0.0.1:$redis_port" \
    --grpc_address="127.0.0.1:${civitas_grpc_port[$name]}" \
    --metrics_address="127.0.0.1:${civitas_metrics_port[$name]}" --peers="$civitas_peers" \
    --development_mode --ready_file="$var/run/$name.ready" >>"$var/log/$name.log" 2>&1 &
  pids+=($!)
  wait_for "$name" test -f "$var/run/$name.ready"
done

echo "== gateway on :$http_port"
CIVITAS_API_KEYS="$api_keys" "$build/services/gateway/civitas-gateway" \
  --http_address="0.0.0.0:$http_port" --backends="$civitas_peers" \
  --development_mode --ready_file="$var/run/gateway.ready" >>"$var/log/gateway.log" 2>&1 &
pids+=($!)
wait_for "gateway" test -f "$var/run/gateway.ready"
wait_for "backends" curl -sf "http://127.0.0.1:$http_port/readyz"

echo "== demo data"
for name in "${civitas_services[@]}"; do
  for file in ${civitas_demo[$name]}; do
    bash deploy/demo/load.sh "http://127.0.0.1:$http_port" "$build/libs/auth/civitas-token" \
      "deploy/demo/$file"
  done
done

token() { "$build/libs/auth/civitas-token" --development_mode "$@"; }
cat <<INFO

Civitas is running.
  REST gateway     http://localhost:$http_port/v1/territories
  OpenAPI          http://localhost:$http_port/openapi.json
  health / ready   http://localhost:$http_port/healthz  http://localhost:$http_port/readyz
  metrics          http://localhost:$http_port/metrics  (gateway)
$(for name in "${civitas_services[@]}"; do
  printf '                   http://127.0.0.1:%s/metrics  (%s)\n' "${civitas_metrics_port[$name]}" "$name"
done)
$(for name in "${civitas_services[@]}"; do
  printf '  %-15s  127.0.0.1:%s  (gRPC %s, reflection on)\n' "$name" "${civitas_grpc_port[$name]}" \
    "${civitas_grpc_services[$name]}"
done)
  logs and data    $var/

Development tokens (12 h; make token ROLE=<role> [ORG=<organization id>] for more):
  admin         $(token --role=admin)
  ministry      $(token --role=ministry --org=am-mlsa)
  municipality  $(token --role=municipality --org=goris-municipality --territories=am-su-goris)
  cso           $(token --role=cso --org=keystone-md)
  reviewer      $(token --role=reviewer)
  assessor      $(token --role=assessor)
  warehouse     API key: $warehouse_key  (header X-API-Key)

Try:  curl -s localhost:$http_port/v1/territories?filter=ancestor%3D%22territories/am-su%22
      curl -s localhost:$http_port/v1/programmes/eu-md-social:cascade
      curl -s localhost:$http_port/v1/grants:exportIati
      curl -s "localhost:$http_port/v1/certificates:check?provider=organizations/keystone-md&serviceType=day-care"
      curl -s localhost:$http_port/v1/voucherSchemes/tbilisi-day-care
Ctrl-C stops everything; data stays in $var/redis.
INFO
wait -n "${pids[@]}" || true
echo "a process exited; see $var/log" >&2
