// Peer gateway for the benchmark: grpc-gateway v1 (Debian's golang-grpc-gateway) generated from
// the same registry protos, in front of the same civitas-registry. Not part of Civitas.
package main

import (
	"context"
	"flag"
	"log"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"

	registryv1 "civitas/registry/v1"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8090", "HTTP listen address")
	backend := flag.String("backend", "127.0.0.1:7051", "registry gRPC address")
	flag.Parse()

	ctx := context.Background()
	// Same JSON shape as the Civitas gateway: lowerCamelCase names, default values omitted.
	mux := runtime.NewServeMux(runtime.WithMarshalerOption(runtime.MIMEWildcard,
		&runtime.JSONPb{OrigName: false, EmitDefaults: false}))
	opts := []grpc.DialOption{grpc.WithInsecure()}
	if err := registryv1.RegisterRegistryServiceHandlerFromEndpoint(ctx, mux, *backend, opts); err != nil {
		log.Fatalf("register: %v", err)
	}
	log.Printf("grpc-gateway peer on %s -> %s", *listen, *backend)
	log.Fatal(http.ListenAndServe(*listen, mux))
}
