#!/usr/bin/env bash
# Uses a running gateway's /openapi.json as partner systems do: lints it with Redocly's
# recommended rules, generates a TypeScript client (openapi-typescript + openapi-fetch),
# type-checks client_check.ts against it, runs it against the gateway, then runs it again through
# Prism's validating proxy, which refuses any request or response the document does not describe.
# Needs node and npm (packages pinned in package.json). `make openapi-check` runs it against
# `make run`'s gateway.
# Usage: tests/openapi/check.sh <gateway URL> <admin token>
# With CHECK_CITY_TOKEN and CHECK_PROVIDER_TOKEN (make openapi-check sets them) the client
# also issues and redeems a voucher of the demo's Tbilisi scheme; with CHECK_WAREHOUSE_KEY and
# CHECK_GORIS_TOKEN it pulls Goris's figures as the warehouse (a snapshot, then three incremental
# pulls around edits and a deletion) and compares its table with the service's; with
# CHECK_KAPAN_VOTER_TOKEN it votes in the demo's open round and follows the tally.
set -euo pipefail
cd "$(dirname "$0")"
url=${1:?gateway URL, e.g. http://localhost:8080}
token=${2:?admin bearer token (make token ROLE=admin)}
# Every service of services/services.list is behind this gateway and serving.
source ../../deploy/services.sh
readiness=$(curl -s "$url/readyz")
for name in "${civitas_services[@]}"; do
  for grpc_service in ${civitas_grpc_services[$name]//,/ }; do
    if [[ "$readiness" != *"\"$grpc_service\":\"SERVING\""* ]]; then
      echo "the gateway at $url does not serve $name ($grpc_service): /readyz says $readiness" >&2
      exit 1
    fi
  done
done
npm install --no-audit --no-fund --silent
curl -sf "$url/openapi.json" -o openapi.json
npx --no-install redocly lint openapi.json --format=stylish
npx --no-install openapi-typescript openapi.json --read-write-markers -o civitas-api.ts
npx --no-install tsc -p tsconfig.json
echo "== direct to the gateway"
CIVITAS_URL=$url CIVITAS_ADMIN_TOKEN=$token node out/client_check.js

echo "== through Prism's validating proxy (--errors: any violation fails the call)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# In a session of its own, so that the whole process group (the CLI and the node process it
# starts) is stopped on exit, not only the first process.
setsid node_modules/.bin/prism proxy openapi.json "$url" --host 127.0.0.1 --port "$port" --errors \
  >prism.log 2>&1 &
prism=$!
trap 'kill -- -$prism 2>/dev/null || true; wait $prism 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.1
done
CIVITAS_VIA_PROXY=1 CIVITAS_URL="http://127.0.0.1:$port" CIVITAS_ADMIN_TOKEN=$token \
  node out/client_check.js
paths=(/v1/organizations:export /v1/organizations:exportCsv "/v1/territories?pageSize=3"
  "/v1/programmes?pageSize=2" "/v1/calls?pageSize=2" "/v1/grants?pageSize=2"
  /v1/grants:export360Giving /v1/grants:export360GivingCsv /v1/grants:exportIati
  /v1/policies "/v1/standards?pageSize=2" "/v1/certificates?pageSize=2" /v1/certificates:expiring
  "/v1/certificates:check?provider=organizations/keystone-md&serviceType=day-care"
  "/v1/voucherSchemes?pageSize=2" "/v1/campaigns?pageSize=2" "/v1/activities?pageSize=2"
  "/v1/planningCycles?pageSize=2" "/v1/needs?pageSize=2" "/v1/prioritisationRounds?pageSize=2"
  "/v1/planActions?pageSize=2" "/v1/trainingProgrammes?pageSize=2" "/v1/trainingEvents?pageSize=2"
  /v1/advocacy:cursor)
# The demo's records, when make run loaded them. (Not the GET custom methods on a record, such as
# programmes/{id}:cascade: Prism matches them to the record's own GET, whose {id} also matches
# `id:cascade`, and validates the answer against the wrong schema.)
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/programmes/eu-md-social")" = 200 ]; then
  paths+=(/v1/programmes/eu-md-social /v1/calls/sfm-fstp-2026-1 /v1/grants/keystone-day-care)
fi
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/prioritisationRounds/kapan-round-1")" = 200 ]; then
  cursor=$(curl -s "$url/v1/advocacy:cursor" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cursor"])')
  paths+=(/v1/prioritisationRounds/kapan-round-1 /v1/planningCycles/goris-pssp
    /v1/trainingProgrammes/md-csos-capacity "/v1/campaigns:pull?untilCursor=$cursor"
    "/v1/planActions:pullCsv?untilCursor=$cursor")
fi
# Records only their staff read: vouchers name beneficiaries.
staff_paths=("/v1/vouchers?pageSize=2")
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/voucherSchemes/tbilisi-day-care")" = 200 ]; then
  paths+=(/v1/voucherSchemes/tbilisi-day-care)
  staff_paths+=(/v1/vouchers/tb-day-care-0001)
fi
for path in "${paths[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  echo "GET $path through the proxy: $status"
  [ "$status" = 200 ]
done
for path in "${staff_paths[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port$path")
  echo "GET $path through the proxy, as admin: $status"
  [ "$status" = 200 ]
done
if grep -q "VIOLATIONS" prism.log; then
  grep -B2 -A4 "VIOLATIONS" prism.log >&2
  exit 1
fi
echo "openapi check passed"
