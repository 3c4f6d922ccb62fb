#!/usr/bin/env bash
# A gRPC client built from protos/ alone, the way a partner system would: protoc generates Python
# stubs for the accreditation API, then the client calls the running services (make run) directly,
# without the gateway. Usage: check.sh [ACCREDITATION_ADDRESS] [TOKEN_TOOL]
set -euo pipefail
cd "$(dirname "$0")/../.."
address=${1:-127.0.0.1:50053}
token_tool=${2:-build/libs/auth/civitas-token}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
googleapis=/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis
(cd protos && protoc -I. -I"$googleapis" -I/usr/include --python_out="$out" --grpc_out="$out" \
  --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
  civitas/accreditation/v1/*.proto civitas/common/v1/*.proto google/api/field_behavior.proto \
  google/api/httpbody.proto "$googleapis/google/api/annotations.proto" \
  "$googleapis/google/api/http.proto")
provider_token=$("$token_tool" --role=cso --org=keystone-md)
/usr/bin/python3 tests/grpc/client_check.py "$out" "$address" "$provider_token"
