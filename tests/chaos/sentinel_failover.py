#!/usr/bin/env python3
"""Redis failover through Sentinel under load, without losing an acknowledged write.

On loopback: a Redis primary and one replica (both refuse writes while no replica is in reach:
min-replicas-to-write 1), three sentinels (quorum 2), the registry service reaching Redis only
through the sentinels, and the gateway. Client threads keep creating organizations over REST with
server-chosen ids and an Idempotency-Key each, retrying (same key) on a refused connection, a 503
or a 504. Each round the replica lags (SIGSTOP for a moment, as a slow disk or network would make
it), the primary is killed with SIGKILL, the replica resumes; the sentinels promote it; the old
primary comes back as the new primary's replica (what a restarted pod does: it asks the sentinels
where the primary is). After the rounds every acknowledged create is read back.

Run once with redis_wait_replicas=1 (a write is acknowledged only once the replica has it) and
once without WAIT, the control, which acknowledges writes the failover then drops: that the
control shows loss is what shows the check can see it.

Prints one table row per mode; exits 1 when a request failed, a write was duplicated or appeared
from nowhere, or the WAIT run lost one.
usage: sentinel_failover.py BUILD_DIR [--failovers N] [--clients N] [--modes wait,nowait]
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from chaos_lib import (ROOT, SECRET, Process, Stats, call, free_port, safe_call, wait_for_port)

MASTER = "civitas"
REPLICATION = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "2",
               "--repl-ping-replica-period", "1", "--repl-diskless-sync-delay", "0"]


def redis_cli(port, *args, timeout=2):
    try:
        out = subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True,
                             text=True, timeout=timeout)
        return out.stdout.strip()
    except subprocess.TimeoutExpired:
        return ""


def wait_until(predicate, timeout, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class RedisNode:
    def __init__(self, work, name):
        self.port = free_port()
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir)
        self.proc = None
        # Its own copy: Sentinel has the servers it reconfigures rewrite their config file.
        self.conf = os.path.join(self.dir, "redis.conf")
        shutil.copy(os.path.join(ROOT, "deploy", "redis.conf"), self.conf)

    def start(self, replica_of=None):
        argv = ["redis-server", self.conf, "--port",
                str(self.port), "--dir", self.dir, "--logfile",
                os.path.join(self.dir, "redis.log"), "--daemonize", "no", *REPLICATION]
        if replica_of:
            argv += ["--replicaof", "127.0.0.1", str(replica_of)]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        if not wait_for_port(self.port):
            raise RuntimeError(f"redis on {self.port} did not start")

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def in_sync(self):
        return "master_link_status:up" in redis_cli(self.port, "INFO", "replication")


def cut_replication(primary):
    """A network partition between the primary and its replica: the replication connection is
    destroyed at both ends (ss -K), with whatever of the stream it still held, as a broken
    network path drops what is in flight. Needs CAP_NET_ADMIN; without it the lag stays in the
    kernel's buffers and reaches the replica (the control then loses nothing)."""
    links = [line.split("addr=")[1].split()[0]
             for line in redis_cli(primary.port, "CLIENT", "LIST", "TYPE", "replica").splitlines()
             if "addr=" in line]
    closed = 0
    for link in links:
        port = link.rsplit(":", 1)[1]
        for expr in (f"sport = :{port} and dport = :{primary.port}",
                     f"sport = :{primary.port} and dport = :{port}"):
            out = subprocess.run(["ss", "-K", expr], capture_output=True, text=True)
            # ss lists what it closed under its header line.
            closed += max(0, len(out.stdout.strip().splitlines()) - 1) if out.returncode == 0 else 0
    return closed


class Sentinel:
    def __init__(self, work, name, primary, replica):
        self.port = free_port()
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir)
        conf = os.path.join(self.dir, "sentinel.conf")
        with open(conf, "w") as f:
            f.write(f"port {self.port}\nbind 127.0.0.1\ndaemonize no\ndir {self.dir}\n"
                    f"logfile {self.dir}/sentinel.log\n"
                    f"sentinel monitor {MASTER} 127.0.0.1 {primary.port} 2\n"
                    f"sentinel down-after-milliseconds {MASTER} 2000\n"
                    f"sentinel failover-timeout {MASTER} 2000\n"
                    f"sentinel known-replica {MASTER} 127.0.0.1 {replica.port}\n")
        self.proc = subprocess.Popen(["redis-server", conf, "--sentinel"],
                                     stdout=subprocess.DEVNULL)
        if not wait_for_port(self.port):
            raise RuntimeError(f"sentinel on {self.port} did not start")

    def primary_port(self):
        out = redis_cli(self.port, "SENTINEL", "get-master-addr-by-name", MASTER).split()
        return int(out[1]) if len(out) == 2 and out[1].isdigit() else None


class Load:
    """Client threads creating organizations; each acknowledged create is kept with its time."""

    def __init__(self, gateway, token, clients, tag):
        self.gateway, self.token, self.tag = gateway, token, tag
        self.stats = Stats()
        self.acked = []  # (sent, acknowledged, name, displayName)
        self.attempted = set()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n,)) for n in range(clients)]

    def client(self, n):
        i = 0
        while not self.stop.is_set():
            i += 1
            label = f"{self.tag}-{n}-{i}"
            with self.stats.lock:
                self.attempted.add(label)
            started = time.time()
            status, text = safe_call(
                [self.gateway], self.stats, "POST", "/v1/organizations", self.token,
                json.dumps({"type": "CSO", "displayName": {"en": label}}),
                {"Idempotency-Key": f"key-{label}"}, retry_statuses=(503, 504),
                give_up_after=90)
            self.stats.add(requests=1)
            if status == 200:
                with self.stats.lock:
                    self.acked.append((started, time.time(), json.loads(text)["name"], label))
            else:
                self.stats.add(failed=1)
                with self.stats.lock:
                    self.stats.failures.append(f"{status} {text[:300]}")

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


def list_organizations(gateway, token):
    out, page = [], ""
    while True:
        target = "/v1/organizations?pageSize=1000" + (f"&pageToken={page}" if page else "")
        status, text = safe_call([gateway], Stats(), "GET", target, token)
        if status != 200:
            raise RuntimeError(f"list: {status} {text[:300]}")
        body = json.loads(text)
        out.extend(body.get("organizations", []))
        page = body.get("nextPageToken", "")
        if not page:
            return out


def run(build, mode, failovers, clients, work):
    procs = []
    nodes = [RedisNode(work, "redis-a"), RedisNode(work, "redis-b")]
    try:
        primary, replica = nodes
        primary.start()
        replica.start(replica_of=primary.port)
        if not wait_until(replica.in_sync, 15):
            raise RuntimeError("the replica did not sync")
        sentinels = [Sentinel(work, f"sentinel-{i}", primary, replica) for i in range(3)]
        address = "redis+sentinel://" + ",".join(f"127.0.0.1:{s.port}" for s in sentinels) + \
            f"/{MASTER}"
        grpc_port, gateway_port = free_port(), free_port()
        wait = ["--redis_wait_replicas=1", "--redis_wait_timeout_ms=500"] if mode == "wait" \
            else ["--redis_wait_replicas=0"]
        registry = Process(
            "registry",
            [f"{build}/services/registry/civitas-registry", f"--redis_address={address}",
             f"--grpc_address=127.0.0.1:{grpc_port}", "--metrics_address=127.0.0.1:0",
             f"--peers=registry=127.0.0.1:{grpc_port}", f"--jwt_secret={SECRET}",
             f"--ready_file={work}/registry.ready", *wait],
            f"{work}/registry.ready", f"{work}/registry.log")
        gateway = Process(
            "gateway",
            [f"{build}/services/gateway/civitas-gateway", f"--http_address=127.0.0.1:{gateway_port}",
             f"--backends=registry=127.0.0.1:{grpc_port}", f"--jwt_secret={SECRET}",
             "--threads=2", f"--ready_file={work}/gateway.ready"],
            f"{work}/gateway.ready", f"{work}/gateway.log")
        for p in (registry, gateway):
            p.start()
            procs.append(p)
        token = subprocess.check_output(
            [f"{build}/libs/auth/civitas-token", f"--jwt_secret={SECRET}", "--role=admin"],
            text=True).strip()
        failover_seconds = []
        uncut = [0]  # rounds whose replication link ss -K could not close
        with Load(gateway_port, token, clients, mode) as load:
            for round_ in range(failovers):
                # Steady state first: the sentinels agree on the primary (a loaded machine can
                # make them fail over on their own), the replica is in sync with it, writes are
                # acknowledged.
                def settled():
                    named = [s.primary_port() for s in sentinels]
                    ports = [n.port for n in nodes]
                    agreed = [p for p in ports if named.count(p) >= 2]
                    if not agreed:
                        return False
                    current = nodes[ports.index(agreed[0])]
                    other = nodes[1 - ports.index(agreed[0])]
                    return other.proc.poll() is None and other.in_sync() and \
                        f"master_port:{current.port}" in redis_cli(other.port, "INFO",
                                                                   "replication")
                if not wait_until(settled, 60, step=0.2):
                    raise RuntimeError(f"round {round_}: no primary with a replica in sync")
                named = [s.primary_port() for s in sentinels]
                primary = next(n for n in nodes if named.count(n.port) >= 2)
                replica = next(n for n in nodes if n is not primary)
                time.sleep(1.0)
                # The replica lags; the primary dies with writes the replica has not seen.
                # Well under the sentinels' down-after (2 s): the replica must stay a candidate.
                os.kill(replica.proc.pid, signal.SIGSTOP)
                time.sleep(0.2)
                if cut_replication(primary) == 0:
                    uncut[0] += 1
                primary.kill()
                killed_at = time.time()
                os.kill(replica.proc.pid, signal.SIGCONT)
                promoted = wait_until(
                    lambda: sum(s.primary_port() == replica.port for s in sentinels) >= 2, 30)
                if not promoted:
                    raise RuntimeError(f"round {round_}: the sentinels did not promote "
                                       f"{replica.port}")
                # The old primary comes back as the new one's replica, as a restarted pod asks
                # the sentinels where the primary is.
                primary.start(replica_of=replica.port)
                # Failover time: until the first create sent after the kill is acknowledged.
                if not wait_until(lambda: any(t > killed_at for t, _, _, _ in list(load.acked)),
                                  60):
                    raise RuntimeError(f"round {round_}: no write acknowledged after failover")
                failover_seconds.append(
                    min(a for t, a, _, _ in list(load.acked) if t > killed_at) - killed_at)
                # Sentinel does not fail the same group over again within 2 x failover-timeout.
                time.sleep(max(0.0, killed_at + 4.2 - time.time()))
        stats = load.stats
        listed = list_organizations(gateway_port, token)
        names = {o["name"] for o in listed}
        labels = [o.get("displayName", {}).get("en", "") for o in listed]
        mine = [label for label in labels if label.startswith(f"{mode}-")]
        lost = [name for _, _, name, _ in load.acked if name not in names]
        duplicated = len(mine) - len(set(mine))
        phantom = [label for label in set(mine) if label not in load.attempted]
        return {
            "mode": "WAIT 1 replica" if mode == "wait" else "no WAIT (control)",
            "failovers": len(failover_seconds), "requests": stats.requests,
            "retried": stats.retries, "failed": stats.failed, "acked": len(load.acked),
            "lost": len(lost), "duplicated": duplicated, "phantom": len(phantom),
            "failover_p50": statistics.median(failover_seconds),
            "failover_max": max(failover_seconds), "failures": stats.failures[:5],
            "uncut": uncut[0],
        }
    finally:
        for p in procs:
            if p.proc and p.proc.poll() is None:
                p.proc.kill()
        for s in locals().get("sentinels", []):
            s.proc.kill()
        for n in nodes:
            if n.proc and n.proc.poll() is None:
                n.proc.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--failovers", type=int, default=20)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--modes", default="wait,nowait")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    rows, ok = [], True
    for mode in args.modes.split(","):
        work = tempfile.mkdtemp(prefix=f"civitas-failover-{mode}-")
        try:
            row = run(build, mode, args.failovers, args.clients, work)
        except Exception:
            print("logs kept in", work)
            raise
        rows.append(row)
        bad = row["failed"] or row["phantom"] or row["duplicated"] or \
            (mode == "wait" and row["lost"])
        if row["uncut"]:
            print(f"{mode}: ss -K closed no replication connection in {row['uncut']} of "
                  f"{row['failovers']} rounds (it needs CAP_NET_ADMIN): those rounds had no lag")
        if bad:
            print("logs kept in", work)
            ok = False
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("| Redis failover | failovers | requests | retried | failed | creates acknowledged | "
          "lost | duplicated | phantom | first write after the kill (p50 / max) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['mode']} | {r['failovers']} | {r['requests']} | {r['retried']} | "
              f"{r['failed']} | {r['acked']} | {r['lost']} | {r['duplicated']} | {r['phantom']} "
              f"| {r['failover_p50']:.2f} s / {r['failover_max']:.2f} s |")
    for r in rows:
        for f in r["failures"]:
            print(f"{r['mode']} failed:", f)
    control = [r for r in rows if r["mode"].startswith("no WAIT")]
    if control and control[0]["lost"] == 0:
        print("note: the control lost nothing this time, so this run does not show that loss "
              "would be seen")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
