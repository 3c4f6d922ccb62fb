#!/usr/bin/env bash
# Adds a scratch service exactly as services/README.md says (its folder, its protos folder, one
# line in services/services.list), builds, starts everything with `make run` and asks the gateway
# for the scratch service's route; then removes the scratch service again (also on failure) and
# rebuilds what it touched. No other file is edited: if this passes, the recipe is complete.
# Usage: tests/scratch_service/check.sh (make scratch-service-check); needs a free port range
# around 18080 (its own HTTP, Redis and service ports).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
if [[ -e services/scratch || -e protos/civitas/scratch ]] || grep -q '^scratch ' services/services.list; then
  echo "services/scratch or protos/civitas/scratch exists already: remove it first" >&2
  exit 2
fi
list_backup=$(mktemp)
cp services/services.list "$list_backup"
var=$(mktemp -d)
run_pid=
cleanup() {
  if [[ -n "$run_pid" ]]; then kill -TERM "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; fi
  rm -rf services/scratch protos/civitas/scratch "$var"
  cp "$list_backup" services/services.list
  rm -f "$list_backup"
  echo "== scratch service removed; rebuilding what it touched"
  make -s build BUILD_DIR="$build" >/dev/null
}
trap cleanup EXIT

echo "== adding the scratch service (services/README.md: Adding a service)"
mkdir -p protos/civitas/scratch/v1 services/scratch/api
cat > protos/civitas/scratch/v1/scratch_service.proto <<'EOF'
syntax = "proto3";

// A scratch service: added and removed again by tests/scratch_service/check.sh.
package civitas.scratch.v1;

import "google/api/annotations.proto";
import "google/api/field_behavior.proto";
import "civitas/common/v1/access.proto";

service ScratchService {
  // Returns the echo of a name (public).
  rpc GetEcho(GetEchoRequest) returns (Echo) {
    option (google.api.http) = {get: "/v1/{name=echoes/*}"};
    option (civitas.common.v1.allow_anonymous) = true;
  }
}

message GetEchoRequest {
  // `echoes/{echo}`.
  string name = 1 [(google.api.field_behavior) = REQUIRED];
}

message Echo {
  // `echoes/{echo}`.
  string name = 1 [(google.api.field_behavior) = OUTPUT_ONLY];
  // Who served it.
  string served_by = 2 [(google.api.field_behavior) = OUTPUT_ONLY];
}
EOF
cat > services/scratch/CMakeLists.txt <<'EOF'
add_subdirectory(api)
add_executable(civitas-scratch main.cc)
target_link_libraries(civitas-scratch PRIVATE civitas_scratch_api civitas_server civitas_metrics)
EOF
cat > services/scratch/api/CMakeLists.txt <<'EOF'
add_library(civitas_scratch_api STATIC scratch_grpc_service.cc)
target_include_directories(civitas_scratch_api PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(civitas_scratch_api PUBLIC civitas_protos gRPC::grpc++)
EOF
cat > services/scratch/api/scratch_grpc_service.h <<'EOF'
#pragma once

#include "civitas/scratch/v1/scratch_service.grpc.pb.h"

namespace civitas::scratch {

class ScratchGrpcService final : public v1::ScratchService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetEcho(grpc::CallbackServerContext* context,
                                    const v1::GetEchoRequest* request, v1::Echo* response) override;
};

}  // namespace civitas::scratch
EOF
cat > services/scratch/api/scratch_grpc_service.cc <<'EOF'
#include "services/scratch/api/scratch_grpc_service.h"

namespace civitas::scratch {

grpc::ServerUnaryReactor* ScratchGrpcService::GetEcho(grpc::CallbackServerContext* context,
                                                      const v1::GetEchoRequest* request,
                                                      v1::Echo* response) {
  response->set_name(request->name());
  response->set_served_by("civitas-scratch");
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace civitas::scratch
EOF
cat > services/scratch/main.cc <<'EOF'
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/scratch/api/scratch_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("scratch");
  auto runtime = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (runtime == nullptr) return 2;
  civitas::scratch::ScratchGrpcService service;
  return runtime->Run(&service);
}
EOF
echo "scratch        civitas.scratch.v1.ScratchService              18059  18109  -" >> services/services.list

echo "== build"
make -s build BUILD_DIR="$build" >/dev/null
echo "== make run (ports 1808x, data in $var)"
CIVITAS_HTTP_PORT=18080 CIVITAS_REDIS_PORT=18090 CIVITAS_VAR_DIR="$var" \
  CIVITAS_REGISTRY_PORT=18051 CIVITAS_REGISTRY_METRICS_PORT=18101 \
  CIVITAS_GRANTS_PORT=18052 CIVITAS_GRANTS_METRICS_PORT=18102 \
  CIVITAS_ACCREDITATION_PORT=18053 CIVITAS_ACCREDITATION_METRICS_PORT=18103 \
  setsid bash deploy/run.sh "$build" >"$var/run.out" 2>&1 &
run_pid=$!
for _ in $(seq 1 600); do
  grep -q "Civitas is running" "$var/run.out" 2>/dev/null && break
  if ! kill -0 "$run_pid" 2>/dev/null; then cat "$var/run.out" >&2; exit 1; fi
  sleep 0.5
done
grep -q "Civitas is running" "$var/run.out" || { cat "$var/run.out" >&2; exit 1; }
echo_body=$(curl -sf http://127.0.0.1:18080/v1/echoes/hello)
ready=$(curl -sf http://127.0.0.1:18080/readyz)
openapi=$(curl -sf http://127.0.0.1:18080/openapi.json)
[[ "$echo_body" == *'"servedBy":"civitas-scratch"'* ]] || { echo "GET /v1/echoes/hello: $echo_body" >&2; exit 1; }
[[ "$ready" == *'"civitas.scratch.v1.ScratchService":"SERVING"'* ]] || { echo "/readyz: $ready" >&2; exit 1; }
if ! python3 -c 'import json, sys; sys.exit("/v1/echoes/{echoId}" not in json.load(sys.stdin)["paths"])' <<<"$openapi"; then
  echo "/openapi.json has no path /v1/echoes/{echoId}; its paths:" >&2
  python3 -c 'import json, sys; print(*json.load(sys.stdin)["paths"], sep="\n")' <<<"$openapi" >&2
  exit 1
fi
echo "ok: the scratch service builds, starts under make run and is served by the gateway"
echo "    GET /v1/echoes/hello -> $echo_body"
