#!/usr/bin/env python3
"""k8s/base, made from services/services.list and what each process declares (`--help=json`):
per service and the gateway a ServiceAccount, Deployment (native gRPC probes, resources, topology
spread, a non-root read-only container), Service, HorizontalPodAutoscaler, PodDisruptionBudget,
NetworkPolicy (a service accepts the gateway and the peers that call it: those declaring
`<service>_timeout_ms`), and a ConfigMap of its settings (only its own: a process refuses
CIVITAS_* variables it does not declare); Redis (AOF, fsync always) as a StatefulSet; and
k8s/components/redis-sentinel, which makes that Redis three pods with Redis Sentinel (the prod
overlay uses it).

usage: k8s_manifests.py BUILD_DIR --write | --check
"""
import json
import os
import subprocess
import sys

from service_list import services

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "k8s", "base")
HTTP_PORT = 8080
GATEWAY_METRICS_NOTE = "the gateway serves /metrics on its HTTP port"
# Settings a deployment gives through each process's Secret `<name>-secrets` (keys are the
# environment names, e.g. CIVITAS_JWT_SECRET; only the process's own: it refuses others).
SECRET_SETTINGS = {"jwt_secret", "api_keys", "redis_address"}
# Settings that name local files or are for tests only: not put in a ConfigMap.
LOCAL_SETTINGS = {"ready_file"}


def declared(binary):
    return json.loads(subprocess.check_output([binary, "--help=json"], text=True))


def settings_env(specs, overrides):
    lines = []
    for spec in specs:
        name = spec["name"]
        if spec.get("secret") or name in SECRET_SETTINGS or name in LOCAL_SETTINGS:
            continue
        value = overrides.get(name, spec["default"])
        lines.append(f"CIVITAS_{name.upper()}={value}")
    return "\n".join(lines) + "\n"


def labels(name):
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "civitas"}


def container_security():
    return {"runAsNonRoot": True, "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"}}


def deployment(name, port, probe, metrics_port, extra_env_from=None):
    container = {
        "name": name,
        "image": f"civitas-{name}",
        "ports": [{"name": "grpc" if probe == "grpc" else "http", "containerPort": port}],
        "envFrom": [{"configMapRef": {"name": f"{name}-settings"}},
                    {"secretRef": {"name": f"{name}-secrets"}}],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                      "limits": {"cpu": "1", "memory": "512Mi"}},
        "securityContext": container_security(),
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    if metrics_port:
        container["ports"].append({"name": "metrics", "containerPort": metrics_port})
    if probe == "grpc":
        check = {"grpc": {"port": port}}
    else:
        check = {"httpGet": {"path": "/readyz", "port": port}}
    live = {"grpc": {"port": port}} if probe == "grpc" else {"httpGet": {"path": "/healthz",
                                                                         "port": port}}
    container["startupProbe"] = dict(live, periodSeconds=1, failureThreshold=60)
    container["livenessProbe"] = dict(live, periodSeconds=10, failureThreshold=3)
    container["readinessProbe"] = dict(check, periodSeconds=2, failureThreshold=1)
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": labels(name)},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "strategy": {"type": "RollingUpdate",
                         "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {"labels": labels(name)},
                "spec": {
                    "serviceAccountName": name,
                    "automountServiceAccountToken": False,
                    # drain_delay_ms + drain_timeout_ms, and a margin.
                    "terminationGracePeriodSeconds": 20,
                    "securityContext": {"runAsNonRoot": True, "runAsUser": 10001,
                                        "runAsGroup": 10001, "fsGroup": 10001},
                    "topologySpreadConstraints": [
                        {"maxSkew": 1, "topologyKey": key,
                         "whenUnsatisfiable": "ScheduleAnyway",
                         "labelSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}
                        for key in ("kubernetes.io/hostname", "topology.kubernetes.io/zone")],
                    "containers": [container],
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
                },
            },
        },
    }


def service(name, port, metrics_port):
    ports = [{"name": "grpc" if metrics_port else "http", "port": port, "targetPort": port}]
    if metrics_port:
        ports.append({"name": "metrics", "port": metrics_port, "targetPort": metrics_port})
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "labels": labels(name)},
            "spec": {"selector": {"app.kubernetes.io/name": name}, "ports": ports}}


def autoscaler(name):
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": name, "labels": labels(name)},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                        "name": name},
                     "minReplicas": 2, "maxReplicas": 6,
                     "metrics": [{"type": "Resource", "resource": {
                         "name": "cpu", "target": {"type": "Utilization",
                                                   "averageUtilization": 70}}}]}}


def disruption_budget(name):
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "labels": labels(name)},
            "spec": {"minAvailable": 1,
                     "selector": {"matchLabels": {"app.kubernetes.io/name": name}}}}


def account(name):
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": name, "labels": labels(name)},
            "automountServiceAccountToken": False}


def policy(name, port, callers, metrics_port, egress_to):
    ingress_from = [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": c}}}
                    for c in callers]
    ingress = [{"from": ingress_from, "ports": [{"port": port}]}] if callers else [
        {"ports": [{"port": port}]}]  # the gateway: from anywhere
    if metrics_port:
        # Prometheus, wherever it runs, scrapes /metrics.
        ingress.append({"ports": [{"port": metrics_port}]})
    egress = [{"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": t}}}],
               "ports": [{"port": p}]} for t, p in egress_to]
    # DNS, and the identity provider's key set over HTTPS.
    egress.append({"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]})
    egress.append({"ports": [{"port": 443}]})
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": name, "labels": labels(name)},
            "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
                     "policyTypes": ["Ingress", "Egress"], "ingress": ingress,
                     "egress": egress}}


def redis_objects(clients):
    name = "redis"
    container = {
        "name": "redis", "image": "civitas-redis",
        "args": ["/etc/civitas/redis.conf", "--dir", "/data", "--port", "6379",
                 "--bind", "0.0.0.0", "--protected-mode", "no"],
        "ports": [{"name": "redis", "containerPort": 6379}],
        "resources": {"requests": {"cpu": "250m", "memory": "512Mi"},
                      "limits": {"cpu": "2", "memory": "4Gi"}},
        "securityContext": container_security(),
        "livenessProbe": {"tcpSocket": {"port": 6379}, "periodSeconds": 10},
        "readinessProbe": {"exec": {"command": ["redis-cli", "ping"]}, "periodSeconds": 2},
        "volumeMounts": [{"name": "data", "mountPath": "/data"}],
    }
    return [
        account(name),
        {"apiVersion": "apps/v1", "kind": "StatefulSet",
         "metadata": {"name": name, "labels": labels(name)},
         "spec": {"serviceName": name, "replicas": 1,
                  "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                  "template": {"metadata": {"labels": labels(name)},
                               "spec": {"serviceAccountName": name,
                                        "automountServiceAccountToken": False,
                                        "securityContext": {"runAsNonRoot": True,
                                                            "runAsUser": 10001,
                                                            "fsGroup": 10001},
                                        "containers": [container]}},
                  "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                            "spec": {"accessModes": ["ReadWriteOnce"],
                                                     "resources": {"requests": {
                                                         "storage": "10Gi"}}}}]}},
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": name, "labels": labels(name)},
         "spec": {"clusterIP": "None", "selector": {"app.kubernetes.io/name": name},
                  "ports": [{"name": "redis", "port": 6379}]}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
         "metadata": {"name": name, "labels": labels(name)},
         "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
                  "policyTypes": ["Ingress", "Egress"],
                  "ingress": [{"from": [{"podSelector": {"matchLabels": {
                      "app.kubernetes.io/name": c}}} for c in clients],
                      "ports": [{"port": 6379}]}],
                  "egress": []}},
    ]


SENTINEL_MASTER = "civitas"
REDIS_PODS = 3

# How a Redis pod finds the primary: the first sentinel that names one.
FIND_PRIMARY = r"""find_primary() {
  i=0
  while [ "$i" -lt "$REDIS_PODS" ]; do
    answer=$(timeout 2 redis-cli -h "redis-$i.redis" -p 26379 \
      SENTINEL get-master-addr-by-name "$MASTER" 2>/dev/null | head -n 1) || true
    if [ -n "$answer" ]; then echo "$answer"; return; fi
    i=$((i + 1))
  done
}
"""
START_REDIS = r"""#!/bin/sh
# This pod's Redis: the replica of the primary the sentinels name (a restarted old primary comes
# back as a replica, and its unreplicated writes, never acknowledged with WAIT, are dropped), or
# on the set's first start the primary if this is redis-0.
set -eu
self="$(hostname).redis"
""" + FIND_PRIMARY + r"""primary=$(find_primary)
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
"""
START_SENTINEL = r"""#!/bin/sh
# This pod's sentinel. Its config lives on the pod's volume, written once and then rewritten by
# Sentinel as it learns, so that after a restart of every pod the sentinels still know which
# primary they followed last (a fresh config would name redis-0, whatever its data). The first
# time it watches the primary the others name (redis-0 on the set's first start).
set -eu
self="$(hostname).redis"
conf=/data/sentinel.conf
""" + FIND_PRIMARY + r"""if [ ! -s "$conf" ]; then
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
"""


def redis_sentinel_component(clients):
    """k8s/components/redis-sentinel: the base's one Redis made three pods, each a Redis (one
    primary, two replicas, min-replicas-to-write 1) and a sentinel (quorum 2), with ACL users
    from the Secret `redis-acl` (users.acl) and the replication and sentinel users' passwords
    from `redis-secrets`."""
    env = [{"name": "MASTER", "value": SENTINEL_MASTER},
           {"name": "REDIS_PODS", "value": str(REDIS_PODS)}]
    secret = [{"secretRef": {"name": "redis-secrets"}}]
    ping = ["sh", "-c", "redis-cli --user replication --pass \"$REPLICATION_PASSWORD\" "
            "--no-auth-warning ping | grep -q PONG"]
    redis = {
        "name": "redis", "image": "civitas-redis",
        "command": ["/bin/sh", "/scripts/start-redis.sh"], "args": [], "env": env,
        "envFrom": secret, "ports": [{"name": "redis", "containerPort": 6379}],
        "resources": {"requests": {"cpu": "250m", "memory": "512Mi"},
                      "limits": {"cpu": "2", "memory": "4Gi"}},
        "securityContext": container_security(),
        "livenessProbe": {"tcpSocket": {"port": 6379}, "periodSeconds": 10},
        "readinessProbe": {"exec": {"command": ping}, "periodSeconds": 2},
        "volumeMounts": [{"name": "data", "mountPath": "/data"},
                         {"name": "scripts", "mountPath": "/scripts", "readOnly": True},
                         {"name": "acl", "mountPath": "/etc/civitas/acl", "readOnly": True}],
    }
    sentinel = {
        "name": "sentinel", "image": "civitas-redis",
        "command": ["/bin/sh", "/scripts/start-sentinel.sh"], "env": env, "envFrom": secret,
        "ports": [{"name": "sentinel", "containerPort": 26379}],
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"},
                      "limits": {"cpu": "500m", "memory": "256Mi"}},
        "securityContext": container_security(),
        "livenessProbe": {"tcpSocket": {"port": 26379}, "periodSeconds": 10},
        "readinessProbe": {"exec": {"command": ["sh", "-c",
                                                "redis-cli -p 26379 ping | grep -q PONG"]},
                           "periodSeconds": 5},
        "volumeMounts": [{"name": "data", "mountPath": "/data"},
                         {"name": "scripts", "mountPath": "/scripts", "readOnly": True}],
    }
    redis_pods = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "redis"}}}
    ports = [{"port": 6379}, {"port": 26379}]
    statefulset_patch = [
        {"op": "replace", "path": "/spec/replicas", "value": REDIS_PODS},
        {"op": "replace", "path": "/spec/template/spec/containers", "value": [redis, sentinel]},
        {"op": "add", "path": "/spec/template/spec/volumes", "value": [
            {"name": "scripts", "configMap": {"name": "redis-sentinel-scripts"}},
            {"name": "acl", "secret": {"secretName": "redis-acl"}}]},
        {"op": "add", "path": "/spec/template/spec/topologySpreadConstraints", "value": [
            {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
             "whenUnsatisfiable": "ScheduleAnyway",
             "labelSelector": {"matchLabels": {"app.kubernetes.io/name": "redis"}}}]},
    ]
    service_patch = [
        {"op": "add", "path": "/spec/ports/-", "value": {"name": "sentinel", "port": 26379}},
        # The pods find each other by name before any is ready (the set's first start).
        {"op": "add", "path": "/spec/publishNotReadyAddresses", "value": True},
    ]
    policy_patch = [
        {"op": "replace", "path": "/spec/ingress", "value": [
            {"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": c}}}
                      for c in clients] + [redis_pods], "ports": ports}]},
        {"op": "replace", "path": "/spec/egress", "value": [
            {"to": [redis_pods], "ports": ports},
            {"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]},
    ]
    budget = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
              "metadata": {"name": "redis", "labels": labels("redis")},
              "spec": {"maxUnavailable": 1,
                       "selector": {"matchLabels": {"app.kubernetes.io/name": "redis"}}}}
    component = {
        "apiVersion": "kustomize.config.k8s.io/v1alpha1", "kind": "Component",
        "resources": ["redis-budget.yaml"],
        "configMapGenerator": [{"name": "redis-sentinel-scripts",
                                "files": ["start-redis.sh", "start-sentinel.sh"]}],
        "patches": [
            {"target": {"kind": "StatefulSet", "name": "redis"},
             "patch": json.dumps(statefulset_patch)},
            {"target": {"kind": "Service", "name": "redis"}, "patch": json.dumps(service_patch)},
            {"target": {"kind": "NetworkPolicy", "name": "redis"},
             "patch": json.dumps(policy_patch)},
        ],
    }
    return component, budget


def render(build):
    out = {}
    listed = services()
    names = [s["name"] for s in listed]
    peers = ",".join(f"{s['name']}={s['name']}:{s['port']}" for s in listed)
    specs = {s["name"]: declared(f"{build}/services/{s['name']}/civitas-{s['name']}")
             for s in listed}
    calls = {n: [p for p in names if any(x["name"] == f"{p}_timeout_ms" for x in specs[n])]
             for n in names}
    resources = []
    env_files = {}
    for s in listed:
        n = s["name"]
        callers = ["gateway"] + sorted(c for c in names if n in calls[c])
        objects = [account(n), deployment(n, s["port"], "grpc", s["metrics"]),
                   service(n, s["port"], s["metrics"]), autoscaler(n), disruption_budget(n),
                   policy(n, s["port"], callers, s["metrics"],
                          [(p, next(x["port"] for x in listed if x["name"] == p))
                           for p in calls[n]] + [("redis", 6379), ("redis", 26379)])]
        out[f"{n}.yaml"] = objects
        env_files[f"settings/{n}.env"] = settings_env(specs[n], {
            "grpc_address": f"0.0.0.0:{s['port']}",
            "metrics_address": f"0.0.0.0:{s['metrics']}",
            "peers": peers, "drain_delay_ms": "5000", "drain_timeout_ms": "10000"})
        resources.append(f"{n}.yaml")
    gateway_specs = declared(f"{build}/services/gateway/civitas-gateway")
    out["gateway.yaml"] = [account("gateway"), deployment("gateway", HTTP_PORT, "http", 0),
                           service("gateway", HTTP_PORT, 0), autoscaler("gateway"),
                           disruption_budget("gateway"),
                           policy("gateway", HTTP_PORT, [], 0,
                                  [(s["name"], s["port"]) for s in listed])]
    env_files["settings/gateway.env"] = settings_env(gateway_specs, {
        "http_address": f"0.0.0.0:{HTTP_PORT}", "backends": peers, "drain_delay_ms": "5000",
        "drain_timeout_ms": "10000"})
    resources.append("gateway.yaml")
    out["redis.yaml"] = redis_objects(names)
    resources.append("redis.yaml")
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "labels": [{"pairs": {"app.kubernetes.io/part-of": "civitas"}}],
        "resources": resources,
        "configMapGenerator": [{"name": f"{n}-settings", "envs": [f"settings/{n}.env"]}
                               for n in names + ["gateway"]],
    }
    files = {name: "".join("---\n" + json.dumps(o, indent=2) + "\n" for o in objs)
             for name, objs in out.items()}
    # The dev overlay's Secrets, with development values (never used in production, where the
    # operator creates `<name>-secrets`: k8s/README.md).
    dev_secret = "dev-only-secret-of-k8s-overlay-0123456789"
    dev = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "namespace": "civitas-dev",
        "resources": ["../../base"],
        "secretGenerator": [
            {"name": f"{n}-secrets", "literals": [f"CIVITAS_JWT_SECRET={dev_secret}",
                                                   "CIVITAS_REDIS_ADDRESS=redis:6379"]}
            for n in names] + [
            {"name": "gateway-secrets", "literals": [f"CIVITAS_JWT_SECRET={dev_secret}",
                                                     "CIVITAS_API_KEYS="]}],
        "patches": [{"target": {"kind": "HorizontalPodAutoscaler"},
                     "patch": json.dumps([{"op": "replace", "path": "/spec/minReplicas",
                                           "value": 1}])},
                    {"target": {"kind": "Deployment"},
                     "patch": json.dumps([{"op": "replace", "path": "/spec/replicas",
                                           "value": 1}])}],
    }
    files["../overlays/dev/kustomization.yaml"] = json.dumps(dev, indent=2) + "\n"
    component, budget = redis_sentinel_component(names)
    sentinel_dir = "../components/redis-sentinel/"
    files[sentinel_dir + "kustomization.yaml"] = json.dumps(component, indent=2) + "\n"
    files[sentinel_dir + "redis-budget.yaml"] = json.dumps(budget, indent=2) + "\n"
    files[sentinel_dir + "start-redis.sh"] = START_REDIS
    files[sentinel_dir + "start-sentinel.sh"] = START_SENTINEL
    files["kustomization.yaml"] = json.dumps(kustomization, indent=2) + "\n"
    files.update(env_files)
    return files


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("--write", "--check"):
        print(__doc__, file=sys.stderr)
        return 2
    files = render(sys.argv[1])
    stale = []
    for rel, text in sorted(files.items()):
        path = os.path.join(BASE, rel)
        current = open(path).read() if os.path.exists(path) else None
        if current == text:
            continue
        if sys.argv[2] == "--check":
            stale.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
    if stale:
        print("k8s/base is not what deploy/k8s_manifests.py makes of the declared settings: "
              + ", ".join(stale) + " (make k8s-manifests)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
