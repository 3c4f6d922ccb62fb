# Sourced by deploy/images/build.sh and deploy/compose-up.sh: sets podman_flags to what `podman
# run` needs on this machine, given an image to try ($1): nothing, or, where crun is refused (a
# sandbox that forbids setrlimit or runs cgroups in hybrid mode), runc with limits it need not
# raise. Prints the refusal; exits when no way works.
podman_flags=()
civitas_podman_flags() {
  local image=$1 out nproc
  if out=$(podman run --rm "$image" true 2>&1); then return; fi
  echo "podman: the default runtime is refused here: $out"
  # "unlimited" is no number for --ulimit: -1 says the same.
  limit() { local v; v=$(ulimit "$1"); [ "$v" = unlimited ] && v=-1; echo "$v"; }
  for nproc in "$(limit -u):$(limit -Hu)" 4096:4096; do
    podman_flags=(--runtime runc --ulimit "nofile=$(limit -n):$(limit -Hn)"
                  --ulimit "nproc=$nproc")
    if out=$(podman run --rm "${podman_flags[@]}" "$image" true 2>&1); then
      echo "podman: running with ${podman_flags[*]}"
      return
    fi
  done
  echo "podman cannot run containers on this machine: $out" >&2
  exit 1
}
