#!/bin/sh
# This pod's sentinel. Its config lives on the pod's volume, written once and then rewritten by
# Sentinel as it learns, so that after a restart of every pod the sentinels still know which
# primary they followed last (a fresh config would name redis-0, whatever its data). The first
# time it watches the primary the others name (redis-0 on the set's first start).
set -eu
self="$(hostname).redis"
conf=/data/sentinel.conf
find_primary() {
  i=0
  while [ "$i" -lt "$REDIS_PODS" ]; do
    answer=$(timeout 2 redis-cli -h "redis-$i.redis" -p 26379 \
      SENTINEL get-master-addr-by-name "$MASTER" 2>/dev/null | head -n 1) || true
    if [ -n "$answer" ]; then echo "$answer"; return; fi
    i=$((i + 1))
  done
}
if [ ! -s "$conf" ]; then
primary=$(find_primary)
[ -n "$primary" ] || primary="redis-0.redis"
cat > "$conf.new" <<CONF
port 26379
bind 0.0.0.0
protected-mode no
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $self
sentinel monitor $MASTER $primary 6379 2
sentinel auth-user $MASTER sentinel
sentinel auth-pass $MASTER $SENTINEL_PASSWORD
sentinel down-after-milliseconds $MASTER 5000
sentinel failover-timeout $MASTER 60000
sentinel parallel-syncs $MASTER 1
CONF
mv "$conf.new" "$conf"
fi
exec redis-server "$conf" --sentinel
