#!/usr/bin/env bash
# make images: the images civitas-<service> (one per line of services/services.list),
# civitas-gateway and civitas-redis, from deploy/images/Containerfile, with podman.
#
# Their base is a Debian 12 root filesystem made here with mmdebstrap (no image registry is
# reachable from where Civitas is built; Debian's package mirror is), imported once as
# localhost/civitas-debian:12. Then each image is started read-only as user 10001 and must answer:
# a service prints its declared settings, Redis answers PING.
#
# Where crun is refused (a sandbox that forbids setrlimit or runs cgroups in hybrid mode), podman
# runs with runc and limits it need not raise instead (deploy/images/podman_flags.sh); the
# refusal is printed.
#
# Usage: deploy/images/build.sh [TAG]   (TAG defaults to dev)
set -euo pipefail
cd "$(dirname "$0")/../.."
tag=${1:-dev}
cache=${CIVITAS_IMAGE_CACHE:-build/images}
mkdir -p "$cache/ccache"
base=localhost/civitas-debian:12

source deploy/images/podman_flags.sh

if ! podman image exists "$base"; then
  if [ ! -s "$cache/debian-12.tar" ]; then
    echo "== images: Debian 12 root filesystem (mmdebstrap)"
    mmdebstrap --variant=minbase --quiet bookworm "$cache/debian-12.part.tar"
    mv "$cache/debian-12.part.tar" "$cache/debian-12.tar"
  fi
  podman import --quiet "$cache/debian-12.tar" "$base" >/dev/null
fi
civitas_podman_flags "$base"
flags=("${podman_flags[@]}")

build() {  # target image [build-arg]
  local target=$1 image=$2
  shift 2
  echo "== images: $image"
  podman build --quiet --network=host "${flags[@]}" \
    --volume "$PWD/$cache/ccache:/ccache" --file deploy/images/Containerfile \
    --target "$target" --tag "$image:$tag" "$@" . >/dev/null
}

names=$(awk '!/^#/ && NF {print $1}' services/services.list)
for name in $names gateway; do
  build service "civitas-$name" --build-arg "SERVICE=$name"
done
build redis civitas-redis

# Each image as Kubernetes runs it: read-only root, user 10001, nothing but /tmp writable.
run=(podman run --read-only --tmpfs /tmp --network=host "${flags[@]}")
check=("${run[@]}" --rm)
for name in $names gateway; do
  settings=$("${check[@]}" "civitas-$name:$tag" --help=json)
  case "$settings" in
    '['*) ;;
    *) echo "images: civitas-$name:$tag did not start: $settings" >&2; exit 1 ;;
  esac
  user=$(podman image inspect --format '{{.Config.User}}' "civitas-$name:$tag")
  [ "$user" = "10001:10001" ] || { echo "images: civitas-$name runs as '$user'" >&2; exit 1; }
  compilers=$("${check[@]}" --entrypoint /bin/sh "civitas-$name:$tag" -c \
    'for c in cc c++ gcc g++ clang; do command -v "$c"; done; true')
  if [ -n "$compilers" ]; then
    echo "images: civitas-$name:$tag holds a compiler: $compilers" >&2
    exit 1
  fi
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Its AOF in /tmp here (Kubernetes mounts a volume at /data).
redis=$("${run[@]}" --detach "civitas-redis:$tag" \
        /etc/civitas/redis.conf --dir /tmp --port "$port" --bind 127.0.0.1)
trap 'podman rm --force "$redis" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do
  if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; then break; fi
  sleep 0.1
done
[ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] || {
  echo "images: civitas-redis:$tag did not answer" >&2; exit 1; }
echo "== images: $(echo $names gateway redis | wc -w) images tagged $tag, each started read-only as 10001"
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep "civitas-.*:$tag" | sort
