#!/bin/sh
# This pod's Redis: the replica of the primary the sentinels name (a restarted old primary comes
# back as a replica, and its unreplicated writes, never acknowledged with WAIT, are dropped), or
# on the set's first start the primary if this is redis-0.
set -eu
self="$(hostname).redis"
find_primary() {
  i=0
  while [ "$i" -lt "$REDIS_PODS" ]; do
    answer=$(timeout 2 redis-cli -h "redis-$i.redis" -p 26379 \
      SENTINEL get-master-addr-by-name "$MASTER" 2>/dev/null | head -n 1) || true
    if [ -n "$answer" ]; then echo "$answer"; return; fi
    i=$((i + 1))
  done
}
primary=$(find_primary)
# A pod with data waits for the sentinels (they keep their state on the same volumes) rather than
# take a role from its name: after a restart of every pod, redis-0 may hold the oldest data.
tries=0
while [ -z "$primary" ] && [ -d /data/appendonlydir ] && [ "$tries" -lt 60 ]; do
  sleep 2
  primary=$(find_primary)
  tries=$((tries + 1))
done
if [ -z "$primary" ] && [ "$(hostname)" != "redis-0" ]; then primary="redis-0.redis"; fi
set -- /etc/civitas/redis.conf --dir /data --port 6379 --bind 0.0.0.0 --protected-mode no \
  --replica-announce-ip "$self" --min-replicas-to-write 1 --min-replicas-max-lag 2 \
  --aclfile /etc/civitas/acl/users.acl --masteruser replication \
  --masterauth "$REPLICATION_PASSWORD"
if [ -n "$primary" ] && [ "$primary" != "$self" ]; then
  set -- "$@" --replicaof "$primary" 6379
fi
exec redis-server "$@"
