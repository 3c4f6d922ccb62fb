#!/usr/bin/env bash
# Builds the peer gateway (grpc-gateway v1.6.4 from Debian) for the registry protos, offline, in
# GOPATH mode. Output: <out>/civitas-peer-gateway. Nothing here is committed generated code.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build-bench/peer}
googleapis=/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis
gopath=$out/gopath
src=$gopath/src/civitas
rm -rf "$gopath"
mkdir -p "$src/peer"
# protoc-gen-go and protoc-gen-grpc-gateway come from golang-goprotobuf-dev / golang-grpc-gateway.
# This protoc-gen-go takes one Go package per run; well-known types map to the Go packages Debian
# ships for it.
wkt=Mgoogle/protobuf/timestamp.proto=github.com/golang/protobuf/ptypes/timestamp
wkt=$wkt,Mgoogle/protobuf/field_mask.proto=google.golang.org/genproto/protobuf/field_mask
wkt=$wkt,Mgoogle/protobuf/descriptor.proto=github.com/golang/protobuf/protoc-gen-go/descriptor
gen() { protoc -I"$root/protos" -I"$googleapis" -I/usr/include "$@"; }
# Every shared proto (one Go package): the registry's messages use them.
(cd "$root/protos" && gen --go_out=plugins=grpc,$wkt,paths=source_relative:"$gopath/src" \
  civitas/common/v1/*.proto)
gen --go_out=plugins=grpc,$wkt,paths=source_relative:"$gopath/src" civitas/registry/v1/resources.proto \
  civitas/registry/v1/registry_service.proto
gen --grpc-gateway_out=logtostderr=true,$wkt,paths=source_relative:"$gopath/src" \
  civitas/registry/v1/registry_service.proto
cp "$here/main.go" "$src/peer/main.go"
cd "$src/peer"
GO111MODULE=off GOPROXY=off GOFLAGS=-mod=vendor GOPATH="$gopath:/usr/share/gocode" \
  GOCACHE="$out/gocache" go build -o "$out/civitas-peer-gateway" . 2>&1 | grep -v "^#" || true
test -x "$out/civitas-peer-gateway"
echo "peer gateway: $out/civitas-peer-gateway"
