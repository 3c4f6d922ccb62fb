#!/usr/bin/env bash
# A gRPC client built from protos/ alone, the way a partner system would: protoc generates Python
# stubs for the accreditation, grants and advocacy APIs, then the client calls the running
# services (make run) directly, without the gateway.
# Usage: check.sh [ACCREDITATION_ADDRESS] [TOKEN_TOOL] [GRANTS_ADDRESS]; the addresses default to
# where make run has them (services/services.list, CIVITAS_<SERVICE>_PORT).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/services.sh
address=${1:-127.0.0.1:${civitas_grpc_port[accreditation]}}
token_tool=${2:-build/libs/auth/civitas-token}
grants_address=${3:-127.0.0.1:${civitas_grpc_port[grants]}}
advocacy_address=${4:-127.0.0.1:${civitas_grpc_port[advocacy]}}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
googleapis=/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis
(cd protos && protoc -I. -I"$googleapis" -I/usr/include --python_out="$out" --grpc_out="$out" \
  --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
  civitas/accreditation/v1/*.proto civitas/grants/v1/*.proto civitas/registry/v1/resources.proto \
  civitas/advocacy/v1/*.proto \
  civitas/common/v1/*.proto google/api/field_behavior.proto google/api/resource.proto \
  google/api/httpbody.proto "$googleapis/google/api/annotations.proto" \
  "$googleapis/google/api/http.proto")
provider_token=$("$token_tool" --development_mode --role=cso --org=keystone-md)
city_token=$("$token_tool" --development_mode --role=municipality --org=tbilisi-city-hall --subject=grpc-check@tbilisi)
daycare_token=$("$token_tool" --development_mode --role=cso --org=tbilisi-daycare-assoc --subject=grpc-check@daycare)
voter_token=$("$token_tool" --development_mode --role=cso --org=kapan-residents --subject=grpc-check@kapan-residents)
/usr/bin/python3 tests/grpc/client_check.py "$out" "$address" "$provider_token" "$grants_address" \
  "$city_token" "$daycare_token" "$advocacy_address" "$voter_token"
