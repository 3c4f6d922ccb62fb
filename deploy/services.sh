# Sourced by the scripts that start or check the services (deploy/run.sh, tests/grpc/check.sh):
# reads services/services.list, the one list of services, into
#   civitas_services               names, in the list's order
#   civitas_grpc_services[name]    its gRPC services, comma-separated
#   civitas_grpc_port[name]        its gRPC port: CIVITAS_<NAME>_PORT, else the list's
#   civitas_metrics_port[name]     its metrics port: CIVITAS_<NAME>_METRICS_PORT, else the list's
#                                  (both variables are then taken out of the environment)
#   civitas_demo[name]             its demo files (names in deploy/demo/), space-separated
# and defines civitas_peers: name=127.0.0.1:<port>,... for every service (the value of `peers`
# and of the gateway's `backends`).
civitas_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
civitas_services=()
declare -A civitas_grpc_services=() civitas_grpc_port=() civitas_metrics_port=() civitas_demo=()
while read -r name grpc port metrics demo; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  upper=${name^^}
  port_var=CIVITAS_${upper}_PORT
  metrics_var=CIVITAS_${upper}_METRICS_PORT
  civitas_services+=("$name")
  civitas_grpc_services[$name]=$grpc
  civitas_grpc_port[$name]=${!port_var:-$port}
  civitas_metrics_port[$name]=${!metrics_var:-$metrics}
  [[ "$demo" == - ]] && demo=
  civitas_demo[$name]=$demo
  # Read here; kept out of the environment of what the script starts (a process refuses
  # CIVITAS_* variables that are not its settings).
  export -n "$port_var" "$metrics_var" 2>/dev/null || true
done < "$civitas_root/services/services.list"
civitas_peers=$(for name in "${civitas_services[@]}"; do
  printf '%s=127.0.0.1:%s,' "$name" "${civitas_grpc_port[$name]}"; done)
civitas_peers=${civitas_peers%,}
