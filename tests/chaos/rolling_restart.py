#!/usr/bin/env python3
"""Rolling restart under load: two replicas of every service and two gateways on loopback, one
Redis. While client threads keep reading and creating through both gateways, every service
replica and then every gateway is stopped with SIGTERM (it drains) and started again, one at a
time. Clients retry only what the API says is safe (reads, and creates with an Idempotency-Key)
after a refused connection or a 503, on the other gateway. At the end every acknowledged create
is read back.

Prints one table row; exits 1 on any failed request or lost write.
usage: rolling_restart.py BUILD_DIR [--seconds-per-step S] [--clients N]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from chaos_lib import (ROOT, SECRET, Process, Stats, free_port, safe_call, services,
                       wait_for_port)


def client(n, gateways, token, stop, stats):
    i = 0
    while not stop.is_set():
        i += 1
        if i % 3 == 0:
            org = f"rr-{n}-{i}"
            status, text = safe_call(
                gateways, stats, "POST", f"/v1/organizations?organizationId={org}", token,
                json.dumps({"type": "CSO", "displayName": {"en": org},
                            "territories": ["territories/rr-md"]}),
                {"Idempotency-Key": f"key-{org}"})
            if status == 200:
                with stats.lock:
                    stats.created.append(org)
        else:
            status, text = safe_call(gateways, stats, "GET", "/v1/territories/rr-md", token)
        stats.add(requests=1)
        if status != 200:
            stats.add(failed=1)
            with stats.lock:
                stats.failures.append(f"{status} {text[:300]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seconds-per-step", type=float, default=0.5)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--drain-delay-ms", type=int, default=300)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    work = tempfile.mkdtemp(prefix="civitas-rolling-")
    procs = []
    work_kept = [False]
    try:
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", os.path.join(ROOT, "deploy", "redis.conf"), "--port",
             str(redis_port), "--dir", work, "--logfile", os.path.join(work, "redis.log"),
             "--daemonize", "no"], stdout=subprocess.DEVNULL)
        wait_for_port(redis_port)
        names = services()
        ports = {name: [free_port(), free_port()] for name in names}
        peers = ",".join(f"{name}=" + "|".join(f"127.0.0.1:{p}" for p in ports[name])
                         for name in names)
        replicas = []
        for name in names:
            for r, port in enumerate(ports[name]):
                replicas.append(Process(
                    f"{name}-{r}",
                    [f"{build}/services/{name}/civitas-{name}",
                     f"--redis_address=127.0.0.1:{redis_port}",
                     f"--grpc_address=127.0.0.1:{port}", "--metrics_address=127.0.0.1:0",
                     f"--peers={peers}", f"--jwt_secret={SECRET}",
                     f"--drain_delay_ms={args.drain_delay_ms}",
                     f"--ready_file={work}/{name}-{r}.ready"],
                    f"{work}/{name}-{r}.ready", f"{work}/{name}-{r}.log"))
        gateway_ports = [free_port(), free_port()]
        gateways = [Process(
            f"gateway-{g}",
            [f"{build}/services/gateway/civitas-gateway", f"--http_address=127.0.0.1:{port}",
             f"--backends={peers}", f"--jwt_secret={SECRET}", "--threads=2",
             f"--drain_delay_ms={args.drain_delay_ms}",
             f"--ready_file={work}/gateway-{g}.ready"],
            f"{work}/gateway-{g}.ready", f"{work}/gateway-{g}.log")
            for g, port in enumerate(gateway_ports)]
        for p in replicas + gateways:
            p.start()
            procs.append(p)
        token = subprocess.check_output(
            [f"{build}/libs/auth/civitas-token", f"--jwt_secret={SECRET}", "--role=admin"],
            text=True).strip()
        stats = Stats()
        status, text = safe_call(gateway_ports, stats, "POST", "/v1/territories?territoryId=rr-md",
                                 token, json.dumps({"displayName": {"en": "Moldova"},
                                                    "level": "COUNTRY", "code": "RRMD"}),
                                 {"Idempotency-Key": "rr-md"})
        if status != 200:
            raise RuntimeError(f"seed: {status} {text}")
        stop = threading.Event()
        threads = [threading.Thread(target=client, args=(n, gateway_ports, token, stop, stats))
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(args.seconds_per_step)
        drains = []
        started = time.time()
        for p in replicas + gateways:
            drains.append(p.terminate())
            p.start()
            time.sleep(args.seconds_per_step)
        restart_seconds = time.time() - started
        stop.set()
        for t in threads:
            t.join()
        lost = []
        for org in stats.created:
            status, _ = safe_call(gateway_ports, Stats(), "GET", f"/v1/organizations/{org}", token)
            if status != 200:
                lost.append(org)
        print("| restarts | requests | retried | failed | creates acknowledged | lost | "
              "longest drain | rolling restart |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        print(f"| {len(drains)} | {stats.requests} | {stats.retries} | {stats.failed} | "
              f"{len(stats.created)} | {len(lost)} | {max(drains):.2f} s | "
              f"{restart_seconds:.1f} s |")
        for f in stats.failures[:10]:
            print("failed:", f)
        slow = [f"{p.name} {d:.2f} s" for p, d in zip(replicas + gateways, drains) if d > 2]
        if slow:
            print("slow drains:", ", ".join(slow))
        if stats.failed or lost:
            print("logs kept in", work)
            work_kept[0] = True
            return 1
        return 0
    finally:
        for p in procs:
            if p.proc and p.proc.poll() is None:
                p.proc.kill()
        try:
            redis.kill()
        except Exception:
            pass
        if not work_kept[0]:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
