#!/usr/bin/env python3
"""deploy/compose.yaml, made from services/services.list: Redis, every service and the gateway
from the images `make images` builds (localhost/civitas-<name>:dev), for podman-compose.

The containers share the project's network and find each other by name (redis:6379,
registry:7051...); only the gateway is published, on the host's 127.0.0.1:8080 (development mode's token secret is
public). Each runs read-only as
user 10001 with only /tmp writable, and Redis keeps its AOF in the volume `redis-data`.
deploy/compose-up.sh starts it and loads the demo data.

usage: compose_file.py --write | --check
"""
import json
import os
import sys

from service_list import services

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "deploy", "compose.yaml")
REDIS_PORT = 6379
HTTP_PORT = 8080
TAG = "dev"


def container(name, environment=None, command=None, depends_on=None):
    c = {"image": f"localhost/civitas-{name}:{TAG}", "read_only": True, "tmpfs": ["/tmp"],
         "restart": "on-failure"}
    if command:
        c["command"] = command
    if environment:
        c["environment"] = environment
    if depends_on:
        c["depends_on"] = depends_on
    return c


def render():
    listed = services()
    peers = ",".join(f"{s['name']}={s['name']}:{s['port']}" for s in listed)
    out = {"name": "civitas", "services": {}, "volumes": {"redis-data": {}}}
    redis = container("redis", command=["/etc/civitas/redis.conf", "--dir", "/data", "--port",
                                        str(REDIS_PORT), "--bind", "0.0.0.0",
                                        "--protected-mode", "no"])
    # :U gives the volume to the container's user (10001).
    redis["volumes"] = ["redis-data:/data:U"]
    out["services"]["redis"] = redis
    for s in listed:
        out["services"][s["name"]] = container(s["name"], {
            "CIVITAS_REDIS_ADDRESS": f"redis:{REDIS_PORT}",
            "CIVITAS_GRPC_ADDRESS": f"0.0.0.0:{s['port']}",
            "CIVITAS_METRICS_ADDRESS": f"0.0.0.0:{s['metrics']}",
            "CIVITAS_PEERS": peers,
            "CIVITAS_DEVELOPMENT_MODE": "true",
        }, depends_on=["redis"])
    gateway = container("gateway", {
        "CIVITAS_HTTP_ADDRESS": f"0.0.0.0:{HTTP_PORT}",
        "CIVITAS_BACKENDS": peers,
        "CIVITAS_DEVELOPMENT_MODE": "true",
    }, depends_on=[s["name"] for s in listed])
    # On loopback only: development mode's token secret is public.
    gateway["ports"] = [f"127.0.0.1:{HTTP_PORT}:{HTTP_PORT}"]
    out["services"]["gateway"] = gateway
    header = ("# Made by deploy/compose_file.py from services/services.list (make k8s-manifests);\n"
              "# started by deploy/compose-up.sh (make compose-up). Edit the generator, not this.\n")
    # JSON is YAML: one less dependency for the generator and the check.
    return header + json.dumps(out, indent=2) + "\n"


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("--write", "--check"):
        print(__doc__, file=sys.stderr)
        return 2
    text = render()
    current = open(TARGET).read() if os.path.exists(TARGET) else None
    if current == text:
        return 0
    if sys.argv[1] == "--check":
        print("deploy/compose.yaml is not what deploy/compose_file.py makes of "
              "services/services.list (make k8s-manifests)", file=sys.stderr)
        return 1
    with open(TARGET, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
