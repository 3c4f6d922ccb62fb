#!/usr/bin/env bash
# Starts Civitas locally: Redis (deploy/redis.conf, data in var/), every service, the gateway;
# loads the demo data; prints URLs and development tokens. Ctrl-C stops everything.
# Settings of this script (environment): CIVITAS_HTTP_PORT (8080), CIVITAS_REDIS_PORT (6390),
# CIVITAS_REGISTRY_PORT (50051), CIVITAS_REGISTRY_METRICS_PORT (9101), CIVITAS_GRANTS_PORT (50052),
# CIVITAS_GRANTS_METRICS_PORT (9102), CIVITAS_ACCREDITATION_PORT (50053),
# CIVITAS_ACCREDITATION_METRICS_PORT (9103), CIVITAS_VAR_DIR (var),
# CIVITAS_WAREHOUSE_API_KEY. Other CIVITAS_* variables (CIVITAS_JWT_SECRET, CIVITAS_LOG_LEVEL,
# ...) reach every process, and a process stops at start-up on one it does not declare.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
mkdir -p "${CIVITAS_VAR_DIR:-var}"
var=$(cd "${CIVITAS_VAR_DIR:-var}" && pwd)  # absolute: Redis resolves --dir itself
http_port=${CIVITAS_HTTP_PORT:-8080}
redis_port=${CIVITAS_REDIS_PORT:-6390}
registry_port=${CIVITAS_REGISTRY_PORT:-50051}
registry_metrics_port=${CIVITAS_REGISTRY_METRICS_PORT:-9101}
grants_port=${CIVITAS_GRANTS_PORT:-50052}
grants_metrics_port=${CIVITAS_GRANTS_METRICS_PORT:-9102}
accreditation_port=${CIVITAS_ACCREDITATION_PORT:-50053}
accreditation_metrics_port=${CIVITAS_ACCREDITATION_METRICS_PORT:-9103}
warehouse_key=${CIVITAS_WAREHOUSE_API_KEY:-dev-warehouse-key-0123456789}
api_keys=${CIVITAS_API_KEYS:-"$warehouse_key|warehouse|warehouse"}
# This script's own settings, and the gateway-only API keys, stay out of the processes'
# environment: a process refuses CIVITAS_* variables that are not its settings.
for own in CIVITAS_HTTP_PORT CIVITAS_REDIS_PORT CIVITAS_REGISTRY_PORT CIVITAS_REGISTRY_METRICS_PORT \
  CIVITAS_GRANTS_PORT CIVITAS_GRANTS_METRICS_PORT CIVITAS_ACCREDITATION_PORT \
  CIVITAS_ACCREDITATION_METRICS_PORT CIVITAS_VAR_DIR CIVITAS_WAREHOUSE_API_KEY CIVITAS_API_KEYS; do
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

for port in "$redis_port" "$registry_port" "$registry_metrics_port" "$grants_port" \
  "$grants_metrics_port" "$accreditation_port" "$accreditation_metrics_port" "$http_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (another Civitas still running?); stop it or set CIVITAS_*_PORT" >&2
    exit 1
  fi
done

echo "== redis on :$redis_port (data in $var/redis)"
redis-server deploy/redis.conf --port "$redis_port" --dir "$var/redis" \
  --logfile "$var/log/redis.log" &
pids+=($!)
wait_for "redis" redis-cli -p "$redis_port" ping

echo "== registry on :$registry_port"
"$build/services/registry/civitas-registry" --redis_address="127.0.0.1:$redis_port" \
  --grpc_address="127.0.0.1:$registry_port" --metrics_address="127.0.0.1:$registry_metrics_port" \
  --accreditation_address="127.0.0.1:$accreditation_port" \
  --development_mode --ready_file="$var/run/registry.ready" >>"$var/log/registry.log" 2>&1 &
pids+=($!)
wait_for "registry" test -f "$var/run/registry.ready"

echo "== grants on :$grants_port"
"$build/services/grants/civitas-grants" --redis_address="127.0.0.1:$redis_port" \
  --grpc_address="127.0.0.1:$grants_port" --metrics_address="127.0.0.1:$grants_metrics_port" \
  --registry_address="127.0.0.1:$registry_port" \
  --accreditation_address="127.0.0.1:$accreditation_port" \
  --development_mode --ready_file="$var/run/grants.ready" >>"$var/log/grants.log" 2>&1 &
pids+=($!)
wait_for "grants" test -f "$var/run/grants.ready"

echo "== accreditation on :$accreditation_port"
"$build/services/accreditation/civitas-accreditation" --redis_address="127.0.0.1:$redis_port" \
  --grpc_address="127.0.0.1:$accreditation_port" \
  --metrics_address="127.0.0.1:$accreditation_metrics_port" \
  --registry_address="127.0.0.1:$registry_port" \
  --development_mode --ready_file="$var/run/accreditation.ready" >>"$var/log/accreditation.log" 2>&1 &
pids+=($!)
wait_for "accreditation" test -f "$var/run/accreditation.ready"

echo "== gateway on :$http_port"
CIVITAS_API_KEYS="$api_keys" "$build/services/gateway/civitas-gateway" --http_address="0.0.0.0:$http_port" \
  --backends="civitas.registry.v1.RegistryService=127.0.0.1:$registry_port,civitas.grants.v1.GrantsService=127.0.0.1:$grants_port,civitas.accreditation.v1.AccreditationService=127.0.0.1:$accreditation_port" \
  --development_mode --ready_file="$var/run/gateway.ready" >>"$var/log/gateway.log" 2>&1 &
pids+=($!)
wait_for "gateway" test -f "$var/run/gateway.ready"
wait_for "backends" curl -sf "http://127.0.0.1:$http_port/readyz"

token() { "$build/libs/auth/civitas-token" --development_mode "$@"; }
admin=$(token --role=admin)
echo "== demo data"
bash deploy/demo/load.sh "http://127.0.0.1:$http_port" "$admin" deploy/demo/registry.demo
# Grants' custom methods cannot be replayed: the grants demo goes only into an empty store.
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/v1/programmes/eu-md-social")" = 404 ]; then
  bash deploy/demo/load.sh "http://127.0.0.1:$http_port" "$admin" deploy/demo/grants.demo \
    soros="$(token --role=cso --org=soros-md --subject=staff@soros-md)" \
    keystone="$(token --role=cso --org=keystone-md)" aopd="$(token --role=cso --org=aopd-md)" \
    apscf="$(token --role=cso --org=apscf-md)" ivc="$(token --role=cso --org=ivc-md)" \
    ana="$(token --role=reviewer --subject=reviewer-ana)" \
    ion="$(token --role=reviewer --subject=reviewer-ion)"
fi
# Accreditation's procedure steps cannot be replayed either: only into an empty store.
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/v1/policies/md")" = 404 ]; then
  bash deploy/demo/load.sh "http://127.0.0.1:$http_port" "$admin" deploy/demo/accreditation.demo \
    council="$(token --role=ministry --subject=council@md)" \
    keystone="$(token --role=cso --org=keystone-md --subject=staff@keystone-md)" \
    aopd="$(token --role=cso --org=aopd-md --subject=staff@aopd-md)" \
    apscf="$(token --role=cso --org=apscf-md --subject=staff@apscf-md)" \
    assessor="$(token --role=assessor --subject=assessor-ion)"
fi
# Georgia's voucher scheme (grants) with its accredited provider (accreditation): likewise.
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/v1/voucherSchemes/tbilisi-day-care")" = 404 ]; then
  bash deploy/demo/load.sh "http://127.0.0.1:$http_port" "$admin" deploy/demo/vouchers.demo \
    council="$(token --role=ministry --subject=council@ge)" \
    tbilisi="$(token --role=municipality --org=tbilisi-city-hall --subject=ssd@tbilisi)" \
    daycare="$(token --role=cso --org=tbilisi-daycare-assoc --subject=staff@tbilisi-daycare)" \
    assessor="$(token --role=assessor --subject=assessor-ion)"
fi

cat <<INFO

Civitas is running.
  REST gateway     http://localhost:$http_port/v1/territories
  OpenAPI          http://localhost:$http_port/openapi.json
  health / ready   http://localhost:$http_port/healthz  http://localhost:$http_port/readyz
  metrics          http://localhost:$http_port/metrics  (gateway)
                   http://127.0.0.1:$registry_metrics_port/metrics  (registry)
                   http://127.0.0.1:$grants_metrics_port/metrics  (grants)
                   http://127.0.0.1:$accreditation_metrics_port/metrics  (accreditation)
  registry gRPC    127.0.0.1:$registry_port  (reflection on)
  grants gRPC      127.0.0.1:$grants_port  (reflection on)
  accreditation    127.0.0.1:$accreditation_port  (gRPC, reflection on)
  logs and data    $var/

Development tokens (12 h; make token ROLE=<role> [ORG=<organization id>] for more):
  admin         $admin
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
