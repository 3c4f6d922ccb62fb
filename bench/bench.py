#!/usr/bin/env python3
"""Civitas benchmark: the REST path side by side with a peer gateway and the machine's limits.

One invocation builds in Release, starts Redis (deploy/redis.conf), the registry, the Civitas
gateway, the peer gateway (grpc-gateway, bench/peer) and nginx, all pinned to one core, loads a
data set through the API, and drives every workload from the other core with public tools (wrk,
h2load, redis-benchmark). Figures: throughput and p50/p99 at saturation and at fixed Poisson rates,
CPU microseconds per request for each process, ratios against the peer, nginx and direct gRPC.
Median of the repetitions. Results go to bench/results/ as Markdown and to the terminal.

  bench.py            full run: 100k organisations, 3 repetitions
  bench.py --quick    smoke run: 5k organisations, 1 short repetition
  bench.py --volume   data-volume run: 1M organisations, memory and LIST latency at that size,
                      and `make run`'s start-up time with that data
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
LUA = os.path.join(BENCH, "wrk")
SUT_CPU = "0"
LOAD_CPU = "1"
TICKS = os.sysconf("SC_CLK_TCK")
JWT_SECRET = "bench-secret-not-for-deployments-0123456789"


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def listed_services():
    """The names of services/services.list, in its order."""
    with open(os.path.join(ROOT, "services", "services.list")) as f:
        return [line.split()[0] for line in f if line.strip() and not line.startswith("#")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def wait_until(what, check, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not become ready")


def http(method, url, body=None, token=None, headers=None):
    req = urllib.request.Request(url, method=method, data=body.encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Stack:
    """The processes under test, each pinned to SUT_CPU."""

    def __init__(self, build, work):
        self.build = build
        self.work = work
        self.procs = {}
        self.ports = {}

    def start(self, name, argv, log_name=None):
        out = open(os.path.join(self.work, f"{log_name or name}.log"), "a")
        p = subprocess.Popen(["taskset", "-c", SUT_CPU] + argv, stdout=out, stderr=out,
                             cwd=self.work, start_new_session=True)
        self.procs[name] = p
        return p

    def start_redis(self, timeout=60):
        port = free_port()
        self.ports["redis"] = port
        os.makedirs(os.path.join(self.work, "redis"), exist_ok=True)
        self.start("redis", ["redis-server", os.path.join(ROOT, "deploy/redis.conf"), "--port",
                             str(port), "--dir", os.path.join(self.work, "redis"), "--save", ""])
        wait_until("redis", lambda: run(["redis-cli", "-p", str(port), "ping"]).stdout.strip()
                   == "PONG", timeout)

    def start_services(self):
        """Every service of services/services.list, in its order, each told where the others are."""
        names = listed_services()
        for name in names:
            self.ports[name] = free_port()
        peers = ",".join(f"{n}=127.0.0.1:{self.ports[n]}" for n in names)
        for name in names:
            ready = os.path.join(self.work, f"{name}.ready")
            if os.path.exists(ready):
                os.unlink(ready)
            self.start(name, [
                os.path.join(self.build, f"services/{name}/civitas-{name}"),
                f"--redis_address=127.0.0.1:{self.ports['redis']}",
                f"--grpc_address=127.0.0.1:{self.ports[name]}", "--metrics_address=127.0.0.1:0",
                f"--peers={peers}", f"--ready_file={ready}", f"--jwt_secret={JWT_SECRET}"])
            wait_until(name, lambda: os.path.exists(ready))
        self.peers = peers

    def start_gateway(self, timeout=60):
        ready = os.path.join(self.work, "gateway.ready")
        if os.path.exists(ready):
            os.unlink(ready)
        self.start("gateway", [
            os.path.join(self.build, "services/gateway/civitas-gateway"),
            "--http_address=127.0.0.1:0",
            f"--backends={self.peers}",
            f"--ready_file={ready}", f"--jwt_secret={JWT_SECRET}", "--threads=1"])
        wait_until("gateway", lambda: os.path.exists(ready))
        self.ports["gateway"] = json.load(open(ready))["http_port"]
        wait_until("gateway readiness", lambda: http(
            "GET", f"http://127.0.0.1:{self.ports['gateway']}/readyz")[0] == 200, timeout)

    def start_peer(self, binary):
        port = free_port()
        self.ports["peer"] = port
        self.start("peer", [binary, f"--listen=127.0.0.1:{port}",
                            f"--backend=127.0.0.1:{self.ports['registry']}"])
        wait_until("peer", lambda: http("GET", f"http://127.0.0.1:{port}/v1/serviceTypes")[0]
                   == 200)

    def start_nginx(self, static_dir):
        port = free_port()
        self.ports["nginx"] = port
        conf = os.path.join(self.work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {static_dir}; }}
}}
""")
        self.start("nginx", ["nginx", "-c", conf, "-p", self.work])
        wait_until("nginx", lambda: http("GET", f"http://127.0.0.1:{port}/org.json")[0] == 200)

    def pids(self, name):
        """The pid of a process and its children (nginx runs a master and a worker)."""
        p = self.procs[name]
        pids = [p.pid]
        try:
            children = run(["pgrep", "-P", str(p.pid)]).stdout.split()
            pids += [int(c) for c in children]
        except subprocess.CalledProcessError:
            pass
        return pids

    def cpu(self, name):
        total = 0.0
        for pid in self.pids(name):
            try:
                total += cpu_seconds(pid)
            except FileNotFoundError:
                pass
        return total

    def kill(self, name, sig=signal.SIGTERM):
        p = self.procs.pop(name, None)
        if p is None:
            return
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()

    def stop(self):
        for name in list(self.procs):
            self.kill(name)


def parse_wrk(out):
    """Requests/s, p50 and p99 in ms, completed requests, non-2xx responses from wrk --latency."""
    def ms(v):
        m = re.match(r"([\d.]+)(us|ms|s)", v)
        n, unit = float(m.group(1)), m.group(2)
        return n / 1000 if unit == "us" else n * 1000 if unit == "s" else n
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    done = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": done,
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else ""}


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.reps = 1 if args.quick else args.repetitions
        self.duration = 3 if args.quick else args.duration
        self.count = args.count or (5000 if args.quick else 100000)
        self.build = os.path.join(ROOT, "build-bench")
        self.work = tempfile.mkdtemp(prefix="civitas-bench-")
        # nginx workers drop root; they must be able to read the static file.
        os.chmod(self.work, 0o755)
        self.stack = Stack(self.build, self.work)
        self.results = []
        self.notes = []
        self.token = None
        # Set while the stall row holds Redis stopped (redis-cli would wait for it).
        self.redis_stopped = False

    # --- setup -----------------------------------------------------------------------------
    @classmethod
    def started(cls, args, build):
        """A Bench on Release binaries already built in `build`: Redis, every listed service and
        the gateway started, territories and `args.count` organisations loaded (the A/B
        scripts' set-up; the caller stops `stack` and removes `work`)."""
        b = cls(args)
        b.build = os.path.abspath(build)
        b.stack = Stack(b.build, b.work)
        b.token = run([os.path.join(b.build, "libs/auth/civitas-token"), "--role=admin",
                       f"--jwt_secret={JWT_SECRET}"]).stdout.strip()
        try:
            b.stack.start_redis()
            b.stack.start_services()
            b.stack.start_gateway()
            b.load_territories()
            b.load_organizations(0, args.count)
        except BaseException:
            b.stack.stop()
            shutil.rmtree(b.work, ignore_errors=True)
            raise
        return b

    def build_all(self):
        log("building in Release (build-bench/)")
        run(["cmake", "-S", ROOT, "-B", self.build, "-DCMAKE_BUILD_TYPE=Release"])
        run(["cmake", "--build", self.build, "-j2", "--target"] +
            [f"civitas-{name}" for name in listed_services()] +
            ["civitas-gateway", "civitas-token", "civitas-bench-loader",
             "civitas-bench-grants-loader", "civitas-bench-write-plans"])
        log("building the peer gateway (grpc-gateway) from Debian's Go packages")
        run(["bash", os.path.join(BENCH, "peer/build.sh"), os.path.join(self.build, "peer")])
        self.token = run([os.path.join(self.build, "libs/auth/civitas-token"), "--role=admin",
                          f"--jwt_secret={JWT_SECRET}"]).stdout.strip()

    def gateway_url(self, which):
        return f"http://127.0.0.1:{self.stack.ports[which]}"

    def load_territories(self):
        base = self.gateway_url("gateway")
        bodies = [("bench", '{"code":"BENCH","level":"COUNTRY","displayName":{"en":"Bench"}}')]
        for r in range(10):
            bodies.append((f"bench-region-{r}", json.dumps({
                "code": f"BENCH-R{r}", "level": "REGION", "parent": "territories/bench",
                "displayName": {"en": f"Region {r}"}})))
        for m in range(100):
            bodies.append((f"bench-muni-{m}", json.dumps({
                "code": f"BENCH-M{m}", "level": "MUNICIPALITY",
                "parent": f"territories/bench-region-{m % 10}",
                "displayName": {"en": f"Municipality {m}"}})))
        for tid, body in bodies:
            status, out = http("POST", f"{base}/v1/territories?territoryId={tid}", body, self.token)
            if status not in (200, 409):
                raise RuntimeError(f"territory {tid}: {status} {out}")

    def load_organizations(self, start, count):
        """Creates org-<start>..org-<start+count-1> through the registry's gRPC API."""
        log(f"loading {count} organisations")
        t0 = time.time()
        out = run(["taskset", "-c", LOAD_CPU, os.path.join(self.build, "bench/civitas-bench-loader"),
                   f"--target=127.0.0.1:{self.stack.ports['registry']}", f"--token={self.token}",
                   f"--start={start}", f"--count={count}", "--concurrency=64"]).stdout.strip()
        elapsed = time.time() - t0
        log(f"{out} in {elapsed:.0f}s ({count / elapsed:.0f}/s); "
            f"{self.redis_count('organizations')} organisations stored")
        return elapsed

    def redis_cli(self, *args):
        return run(["redis-cli", "-p", str(self.stack.ports["redis"])] + list(args)).stdout.strip()

    def redis_count(self, collection):
        return int(self.redis_cli("ZCARD", f"civitas:{{registry}}:idx:{collection}:_all"))

    def start_all(self):
        self.stack.start_redis()
        self.stack.start_services()
        self.stack.start_gateway()
        self.load_territories()
        self.load_organizations(0, self.count)
        self.stack.start_peer(os.path.join(self.build, "peer/civitas-peer-gateway"))
        static = os.path.join(self.work, "static")
        os.makedirs(static)
        status, body = http("GET", f"{self.gateway_url('gateway')}/v1/organizations/org-1")
        with open(os.path.join(static, "org.json"), "w") as f:
            f.write(body)
        self.org_json_bytes = len(body)
        self.stack.start_nginx(static)

    # --- measurement -------------------------------------------------------------------------
    def measure(self, label, system, cmd, parse, processes, env=None, requests_key="requests"):
        """Runs `cmd` on the load core, returns figures with CPU us/request per process."""
        before = {p: self.stack.cpu(p) for p in processes}
        forks_before = self.redis_forks()
        t0 = time.time()
        lg = subprocess.Popen(["taskset", "-c", LOAD_CPU] + cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=env)
        lg_pid = lg.pid
        lg_cpu = 0.0
        out_lines = []
        # Sample the load generator's CPU while it runs (its /proc entry goes away at exit).
        while lg.poll() is None:
            try:
                lg_cpu = cpu_seconds(lg_pid)
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        out = lg.stdout.read()
        wall = time.time() - t0
        after = {p: self.stack.cpu(p) for p in processes}
        forks = self.redis_forks() - forks_before
        if lg.returncode != 0:
            raise RuntimeError(f"{label}: load generator failed:\n{out}")
        fig = parse(out)
        n = max(fig[requests_key], 1)
        fig["cpu_us"] = {p: (after[p] - before[p]) * 1e6 / n for p in processes}
        fig["lg_cpu_share"] = lg_cpu / wall if wall > 0 else 0
        fig["redis_forks"] = forks
        fig["label"] = label
        fig["system"] = system
        return fig

    def redis_forks(self):
        """Redis's fork count: a fork during a run is an AOF rewrite (or snapshot) whose child
        competed for the pinned core and whose CPU no per-process figure shows."""
        if "redis" not in self.stack.procs or self.redis_stopped:
            return 0
        info = self.redis_cli("INFO", "stats")
        return int(info.split("total_forks:")[1].split()[0])

    def settle_redis(self):
        """Compacts the AOF and waits for it, outside any measured window, and keeps Redis from
        starting a rewrite by itself until the next settle. The shipped config rewrites once
        the AOF has doubled since the last rewrite; its base is a compact RDB preamble, so about
        20k creates double it: a rewrite (a forked child on the pinned core) would land in
        whichever write run crosses that line, which is the faster system's, and charge it for
        compacting both systems' writes. Both systems write the same records per request, so
        the rewrite's cost per write is the same for both; it is left out of both, and a fork
        inside a measured window is still reported."""
        self.redis_cli("CONFIG", "SET", "auto-aof-rewrite-percentage", "0")
        self.redis_cli("BGREWRITEAOF")

        def done():
            info = self.redis_cli("INFO", "persistence")
            return ("aof_rewrite_in_progress:0" in info and "aof_rewrite_scheduled:0" in info)
        wait_until("AOF rewrite", done, timeout=300)

    def wrk(self, label, system, script, url, processes, connections=32, rate=0, extra_env=None,
            settle=False, parse=parse_wrk):
        if settle:
            self.settle_redis()
        env = dict(os.environ, BENCH_LUA=LUA, COUNT=str(self.count), TOKEN=self.token,
                   CONNECTIONS=str(connections), RATE=str(rate), **(extra_env or {}))
        duration = self.duration
        cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--latency",
               "--timeout", "5s"]
        if script:
            cmd += ["-s", os.path.join(LUA, script)]
        cmd.append(url)
        return self.measure(label, system, cmd, parse, processes, env=env)

    def repeat(self, fn):
        return self.summarise([fn() for _ in range(self.reps)])

    def summarise(self, runs):
        """The median repetition of `runs` (by req/s; latencies and CPU as medians of their own),
        recorded as a result row and logged."""
        by_rps = sorted(runs, key=lambda r: r["rps"])
        med = dict(by_rps[len(by_rps) // 2])
        for key in ("p50_ms", "p99_ms"):
            med[key] = statistics.median(r[key] for r in runs)
        med["cpu_us"] = {p: statistics.median(r["cpu_us"][p] for r in runs)
                         for p in runs[0]["cpu_us"]}
        med["lg_cpu_share"] = max(r["lg_cpu_share"] for r in runs)
        med["non2xx"] = max(r["non2xx"] for r in runs)
        if "over_commit" in runs[0]:
            med["over_commit"] = max(r["over_commit"] for r in runs)
        med["runs_with_fork"] = sum(1 for r in runs if r["redis_forks"])
        med["runs"] = len(runs)
        self.results.append(med)
        lg = " LOAD-GENERATOR-BOUND" if med["lg_cpu_share"] > 0.9 else ""
        cpu = ", ".join(f"{p} {v:.1f}" for p, v in med["cpu_us"].items())
        log(f"{med['system']:>8} {med['label']:<22} {med['rps']:>9.0f} req/s  p50 "
            f"{med['p50_ms']:.2f} ms  p99 {med['p99_ms']:.2f} ms  cpu us/req: {cpu}"
            f"{'  non-2xx ' + str(med['non2xx']) if med['non2xx'] else ''}{lg}"
            f"{'  REDIS-FORKED' if med['runs_with_fork'] else ''}")
        return med

    def limits(self):
        log("limits: redis-benchmark, h2load gRPC direct (nginx static GET runs beside GET by id)")
        self.settle_redis()
        port = str(self.stack.ports["redis"])
        for test in ("GET", "SET"):
            def rb(test=test):
                n = 50000 if self.quick else 300000
                return self.measure(
                    f"redis {test}", "redis",
                    ["redis-benchmark", "-p", port, "-t", test.lower(), "-n", str(n), "-c", "50",
                     "-d", "400", "--csv"],
                    lambda out, n=n: self.parse_redis_benchmark(out, n), ["redis"])
            self.repeat(rb)
        self.repeat(self.h2load_grpc)

    def write_plans(self):
        """Redis CPU per write plan: a single-document create against an award (3 documents, 2
        bounded counters, 2 state-checked references), applied straight to Redis through
        RedisDocumentStore with 64 plans in flight (group commit, as the services write)."""
        log("write plans: Redis CPU per plan, single-document create vs 3 documents + 2 counters")
        tool = os.path.join(self.build, "bench/civitas-bench-write-plans")
        n = 5000 if self.quick else 20000
        common = [f"--redis_address=127.0.0.1:{self.stack.ports['redis']}", f"--count={n}"]

        def parse(out):
            m = re.search(r"plans=(\d+) failed=(\d+) seconds=([\d.]+)", out)
            plans, seconds = int(m.group(1)), float(m.group(3))
            return {"rps": plans / seconds, "p50_ms": float("nan"), "p99_ms": float("nan"),
                    "requests": plans, "non2xx": int(m.group(2))}
        figures = {}
        for shape, label in (("create", "plan: 1 document"),
                             ("award", "plan: 3 documents, 2 counters")):
            def one(shape=shape, label=label):
                run_id = f"{shape}-{time.time_ns()}"
                # The call and organisation both shapes refer to, and the applications awards
                # update; not measured.
                run([tool, "--shape=setup", f"--run={run_id}"] + common)
                self.settle_redis()
                self.redis_cli("CONFIG", "RESETSTAT")
                fig = self.measure(label, "redis", [tool, f"--shape={shape}", f"--run={run_id}"] +
                                   common, parse, ["redis"])
                # Time inside the script alone (no parsing, no fsync), from Redis's own stats.
                stats = self.redis_cli("INFO", "commandstats")
                m = re.search(r"cmdstat_evalsha:calls=(\d+),usec=(\d+)", stats)
                fig["script_us"] = int(m.group(2)) / max(int(m.group(1)), 1) if m else float("nan")
                return fig
            # The median run's figures (by throughput), its script time included.
            figures[shape] = self.repeat(one)
        return figures

    def parse_redis_benchmark(self, out, n):
        row = [l for l in out.splitlines() if l.startswith('"') and not l.startswith('"test"')][-1]
        cols = [c.strip('"') for c in row.split(",")]
        # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95","p99","max"
        return {"rps": float(cols[1]), "p50_ms": float(cols[4]), "p99_ms": float(cols[6]),
                "requests": n, "non2xx": 0}

    def h2load_grpc(self):
        # A gRPC frame: 0 (uncompressed), 4-byte length, GetOrganizationRequest{name}.
        name = b"organizations/org-1"
        msg = bytes([0x0A, len(name)]) + name
        frame = bytes([0]) + len(msg).to_bytes(4, "big") + msg
        path = os.path.join(self.work, "grpc-get.bin")
        with open(path, "wb") as f:
            f.write(frame)
        n = 20000 if self.quick else 200000
        url = (f"http://127.0.0.1:{self.stack.ports['registry']}"
               "/civitas.registry.v1.RegistryService/GetOrganization")
        cmd = ["h2load", "-n", str(n), "-c", "4", "-m", "16", "-d", path,
               "-H", "content-type: application/grpc", "-H", "te: trailers", url]

        def parse(out):
            m = re.search(r"finished in ([\d.]+)m?s, ([\d.]+) req/s", out)
            succeeded = int(re.search(r"(\d+) succeeded", out).group(1))
            # h2load prints request time as min max mean sd; no percentiles.
            return {"rps": float(m.group(2)), "p50_ms": float("nan"), "p99_ms": float("nan"),
                    "requests": succeeded, "non2xx": n - succeeded}
        return self.measure("gRPC GetOrganization", "direct", cmd, parse, ["registry", "redis"])

    def awards(self):
        """Award decisions under contention: 64 connections POST :award to random scored
        applications of one call, whose envelope holds a quarter of them and whose per-third-party
        cap holds two of each applicant's four. Every answer is a decision (200 awarded, 400
        refused naming the application's state, the envelope or the cap); afterwards the call's grants are read
        back and summed against its envelope and cap (over-commit: must be 0). Each repetition
        gets a fresh call; setting it up is not measured."""
        applications = 2000 if self.quick else 10000
        applicants = applications // 4
        award_minor = 1000000
        log(f"awards: {applications} scored applications per call, envelope {applications // 4} "
            "awards, cap 2 per applicant")
        tool = os.path.join(self.build, "bench/civitas-bench-grants-loader")
        target = f"--target=127.0.0.1:{self.stack.ports['grants']}"
        procs = ["gateway", "grants", "registry", "redis"]
        reps = iter(range(1 << 20))

        def parse(out):
            fig = parse_wrk(out)
            statuses = {int(code): int(n) for code, n in re.findall(r"status (\d+): (\d+)", out)}
            fig["statuses"] = statuses
            # Refusals (400 FAILED_PRECONDITION naming the state or the counter, 409) are
            # decisions; anything else (5xx, 404, 401) is not.
            fig["non2xx"] = sum(n for code, n in statuses.items() if code not in (200, 400, 409))
            return fig

        def one():
            call = f"bench-award-{next(reps)}"
            t0 = time.time()
            out = run(["taskset", "-c", LOAD_CPU, tool, target, "--mode=setup", f"--call={call}",
                       f"--applications={applications}", f"--applicants={applicants}",
                       f"--award_minor={award_minor}", f"--envelope_awards={applications // 4}",
                       "--cap_awards=2", f"--jwt_secret={JWT_SECRET}"]).stdout.strip()
            log(f"{call}: {out} in {time.time() - t0:.0f}s")
            fig = self.wrk("award decisions", "civitas", "award.lua", self.gateway_url("gateway"),
                           procs, connections=64, settle=True, parse=parse,
                           extra_env={"CALL": call, "APPLICATIONS": str(applications),
                                      "AWARD_MINOR": str(award_minor)})
            check = json.loads(run([tool, target, "--mode=verify", f"--call={call}",
                                    f"--jwt_secret={JWT_SECRET}"]).stdout)
            over = (check["over_envelope_minor"] + award_minor - 1) // award_minor
            fig["over_commit"] = over + check["recipients_over_cap"]
            refused = ", ".join(f"{n} x {code}" for code, n in sorted(fig["statuses"].items())
                                if code != 200)
            fig["detail"] = (f"{fig['statuses'].get(200, 0)} awarded, refused {refused}; "
                             f"read back: {check['awards']} grants, "
                             f"{check['awarded_minor'] // 100} of {check['envelope_minor'] // 100} "
                             f"EUR, over-commit {fig['over_commit']}")
            log(f"{call}: {fig['detail']}")
            return fig
        return self.repeat(one)

    def mint_token(self, subject, role, organization="", territories=()):
        """A bearer token as civitas-token signs it (HS256 over the bench secret), minted here so
        that thousands of voters' tokens cost no process each."""
        def b64(raw):
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        now = int(time.time())
        claims = {"iss": "civitas", "sub": subject, "iat": now, "exp": now + 3600,
                  "roles": [role]}
        if organization:
            claims["org"] = organization
        if territories:
            claims["territories"] = list(territories)
        head = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(json.dumps(claims).encode())
        sig = hmac.new(JWT_SECRET.encode(), head.encode(), hashlib.sha256).digest()
        return head + "." + b64(sig)

    def stall(self):
        """GET by id while the registry's Redis is stalled (SIGSTOP from the first request of the
        run to its end): every request should be answered at once with 503 and Retry-After (the
        registry refuses while its Redis does not answer its probe), not after the 2 s command
        timeout; the requests in flight when Redis stops wait for the probe's verdict
        (redis_stall_ms, 250). Then Redis continues; the time until the first 200 is the
        recovery. Ratio: the stalled p99 / the p99 of GET by id just before, Redis answering."""
        base = self.gateway_url("gateway")
        procs = ["gateway", "registry"]

        answering = self.wrk("GET by id, Redis answering", "civitas", "get.lua", base, procs,
                             connections=32)
        redis = self.stack.procs["redis"].pid
        os.kill(redis, signal.SIGSTOP)
        self.redis_stopped = True
        try:
            stalled = self.wrk("GET by id, Redis stalled", "civitas", "get.lua", base, procs,
                               connections=32)
        finally:
            os.kill(redis, signal.SIGCONT)
            self.redis_stopped = False
        resumed = time.time()
        while http("GET", f"{base}/v1/organizations/org-1")[0] != 200:
            if time.time() - resumed > 30:
                raise RuntimeError("the registry did not answer within 30 s of Redis continuing")
            time.sleep(0.005)
        stalled["recovery_ms"] = (time.time() - resumed) * 1000
        stalled["ratio"] = stalled["p99_ms"] / answering["p99_ms"]
        stalled["detail"] = (
            f"stalled: {stalled['requests']} requests, {stalled['non2xx']} not 2xx, p50 "
            f"{stalled['p50_ms']:.2f} ms, p99 {stalled['p99_ms']:.2f} ms (answering: p99 "
            f"{answering['p99_ms']:.2f} ms, {answering['rps']:.0f}/s); first 200 "
            f"{stalled['recovery_ms']:.0f} ms after Redis continued")
        log(stalled["detail"])
        return stalled

    def votes(self):
        """Votes under contention on one prioritisation round (advocacy): VOTERS people acting
        for 8 participant organisations cast and change their scores on 5 needs, 64 connections
        each sending a random voter's vote on a random need with a random score. Every answer
        should be 200. Afterwards the round's tallies are compared with the votes as stored
        (listed by an admin): the over-count (tallied votes and score beyond the stored cast
        votes, either way) must be 0. Each repetition gets a fresh cycle and round; setting them
        up is not measured. Ratio: votes / `POST create`."""
        voters = 500 if self.quick else 2000
        needs = 5
        base = self.gateway_url("gateway")
        admin = self.token
        orgs = [f"bench-pssp-org-{i}" for i in range(8)]

        def must(method, path, body=None, token=admin, ok=(200,)):
            status, out = http(method, base + path, json.dumps(body) if body else None, token)
            if status not in ok:
                raise RuntimeError(f"{method} {path}: {status} {out}")
            return json.loads(out) if out else {}

        must("POST", "/v1/organizations?organizationId=bench-pssp-town",
             {"type": "PUBLIC_AUTHORITY", "displayName": {"en": "Bench town"},
              "territories": ["territories/bench-muni-0"]}, ok=(200, 409))
        for org in orgs:
            must("POST", f"/v1/organizations?organizationId={org}",
                 {"type": "CSO", "displayName": {"en": org},
                  "territories": ["territories/bench-muni-0"]}, ok=(200, 409))
        mayor = self.mint_token("mayor@bench", "municipality", "organizations/bench-pssp-town",
                                ["territories/bench-muni-0"])
        tokens = os.path.join(self.work, "voters.txt")
        with open(tokens, "w") as f:
            for i in range(voters):
                f.write(self.mint_token(f"voter-{i}", "cso",
                                        f"organizations/{orgs[i % len(orgs)]}") + "\n")
        reps = iter(range(1 << 20))
        procs = ["gateway", "advocacy", "redis"]

        def parse(out):
            fig = parse_wrk(out)
            statuses = {int(code): int(n) for code, n in re.findall(r"status (\d+): (\d+)", out)}
            fig["statuses"] = statuses
            fig["non2xx"] = sum(n for code, n in statuses.items() if code != 200)
            return fig

        def one():
            rep = next(reps)
            cycle, round_id, prefix = f"bench-pssp-{rep}", f"bench-pssp-{rep}", f"bench-pssp-{rep}"
            must("POST", f"/v1/planningCycles?planningCycleId={cycle}",
                 {"displayName": {"en": "Bench plan"}, "territory": "territories/bench-muni-0",
                  "municipality": "organizations/bench-pssp-town",
                  "periodStartDate": "2027-01-01", "periodEndDate": "2029-12-31"}, token=mayor)
            for n in range(needs):
                must("POST", f"/v1/needs?needId={prefix}-{n}",
                     {"cycle": f"planningCycles/{cycle}", "targetGroup": "ELDERLY",
                      "title": {"en": f"Need {n}"}}, token=mayor)
            must("POST", f"/v1/planningCycles/{cycle}:advance", {"state": "CYCLE_PRIORITISATION"},
                 token=mayor)
            must("POST", f"/v1/prioritisationRounds?prioritisationRoundId={round_id}",
                 {"cycle": f"planningCycles/{cycle}", "displayName": {"en": "Round"},
                  "method": "SCORING", "needs": [f"needs/{prefix}-{n}" for n in range(needs)],
                  "participants": [{"organization": f"organizations/{o}", "group": "GROUP_CSO"}
                                   for o in orgs]}, token=mayor)
            fig = self.wrk("votes, one round", "civitas", "vote.lua", base, procs,
                           connections=64, settle=True, parse=parse,
                           extra_env={"ROUND": round_id, "NEEDS": str(needs),
                                      "NEEDS_PREFIX": prefix, "TOKENS": tokens})
            # Read back: the tallies against the votes as stored.
            tallies = must("GET", f"/v1/prioritisationRounds/{round_id}")["tallies"]
            stored = {}
            token = ""
            query = urllib.parse.quote(f'round="prioritisationRounds/{round_id}"')
            while True:
                page = must("GET", f"/v1/votes?filter={query}&pageSize=1000"
                                   + (f"&pageToken={token}" if token else ""))
                for v in page.get("votes", []):
                    if v.get("state") == "VOTE_CAST":
                        count, total = stored.get(v["need"], (0, 0))
                        stored[v["need"]] = (count + 1, total + int(v.get("score", 0)))
                token = page.get("nextPageToken", "")
                if not token:
                    break
            over = 0
            for t in tallies:
                count, total = stored.get(t["need"], (0, 0))
                over += abs(int(t.get("votes", 0)) - count) + abs(int(t.get("scoreTotal", 0)) - total)
            fig["over_commit"] = over
            cast = sum(c for c, _ in stored.values())
            fig["detail"] = (f"{fig['statuses'].get(200, 0)} votes answered 200 "
                             f"({fig['non2xx']} other); read back: {cast} votes cast by "
                             f"{voters} voters on {needs} needs, over-count {over}")
            log(f"{round_id}: {fig['detail']}")
            return fig
        return self.repeat(one)

    def stream_export(self, system, label="Export NDJSON, per message"):
        """Every organisation through the gateway's server-streaming export, read by curl as it
        arrives: messages per second and CPU per streamed message. The peer serves the same RPC
        as grpc-gateway v1 does (one {"result": ...} object per line)."""
        url = self.gateway_url("gateway" if system == "civitas" else "peer")
        procs = ["gateway" if system == "civitas" else "peer", "registry", "redis"]
        script = ('s=$(date +%s.%N); n=$(curl -sfN "$0/v1/organizations:export" | wc -l); '
                  'e=$(date +%s.%N); echo "$n $s $e"')
        expected = self.count

        def parse(out):
            n, start, end = out.split()[-3:]
            n = int(n)
            return {"rps": n / max(float(end) - float(start), 1e-9), "p50_ms": float("nan"),
                    "p99_ms": float("nan"), "requests": n, "non2xx": max(expected - n, 0)}
        return self.measure(label, system, ["sh", "-c", script, url], parse, procs)

    def workloads(self):
        """Every REST row for Civitas and the peer (and, beside GET by id, nginx's static GET),
        their repetitions interleaved: Civitas then the peer, then the peer then Civitas, and so
        on. This host's speed drifts by tens of percent over minutes (steal time, neighbours), so
        a ratio of two figures measured ten minutes apart measures the host as much as the code;
        the ratios are medians of ratios taken within one repetition, seconds apart. The rows
        behind a target ratio run at least 5 repetitions."""
        def url(system):
            return self.gateway_url("gateway" if system == "civitas" else "peer")

        def procs(system):
            return ["gateway" if system == "civitas" else "peer", "registry", "redis"]

        def etag_in(system):
            return {"ETAG_IN": "header" if system == "civitas" else "body"}

        def static_get():
            return self.wrk("static GET", "nginx", None, f"{self.gateway_url('nginx')}/org.json",
                            ["nginx"])

        def rate_row(rate):
            # Settled too: they follow the write runs, whose AOF growth would otherwise start a
            # rewrite (a forked child on the pinned core) in the middle of a latency run.
            return lambda s: self.wrk(f"GET @{rate}/s Poisson", s, "get.lua", url(s), procs(s),
                                      connections=64, rate=rate, settle=True)
        targeted = max(self.reps, 5) if not self.quick else self.reps
        rows = [
            ("get", targeted, lambda s: static_get() if s == "nginx" else self.wrk(
                "GET by id", s, "get.lua", url(s), procs(s)), ("civitas", "peer", "nginx")),
            ("list", self.reps, lambda s: self.wrk("LIST filtered, 50", s, "list.lua", url(s),
                                                   procs(s), connections=16), None),
            ("create", targeted, lambda s: self.wrk("POST create", s, "create.lua", url(s),
                                                    procs(s), connections=64, settle=True), None),
            ("patch", self.reps, lambda s: self.wrk("PATCH If-Match", s, "patch.lua", url(s),
                                                    procs(s), extra_env=etag_in(s), settle=True),
             None),
            ("get@2000", self.reps, rate_row(2000), None),
            ("get@5000", targeted, rate_row(5000), None),
            ("stream", self.reps, self.stream_export, None),
        ]
        out = {"civitas": {}, "peer": {}, "nginx": {}}
        self.runs = {}
        for key, reps, fn, systems in rows:
            systems = systems or ("civitas", "peer")
            runs = {s: [] for s in systems}
            for i in range(reps):
                for s in (systems if i % 2 == 0 else tuple(reversed(systems))):
                    runs[s].append(fn(s))
            for s in systems:
                out[s][key] = self.summarise(runs[s])
            self.runs[key] = runs
        return out["civitas"], out["peer"]

    def paired(self, key, a, b, figure):
        """Median and range of figure(a's run) / figure(b's run) over the repetitions of row
        `key`, each ratio taken within one repetition."""
        runs = self.runs[key]
        ratios = sorted(figure(x) / figure(y) for x, y in zip(runs[a], runs[b]))
        return statistics.median(ratios), ratios[0], ratios[-1]

    # --- volume --------------------------------------------------------------------------------
    def volume(self):
        count = self.args.count or 1000000
        self.count = count
        self.stack.start_redis()
        self.stack.start_services()
        self.stack.start_gateway()
        self.load_territories()
        base_mem = int(self.redis_cli("INFO", "memory").split("used_memory:")[1].split()[0])
        load_s = self.load_organizations(0, count)
        mem = int(self.redis_cli("INFO", "memory").split("used_memory:")[1].split()[0])
        orgs = self.redis_count("organizations")
        # Index entries and their memory, summed server-side in one script (a client-side loop
        # over a million keys would take longer than the load).
        summary = run(["redis-cli", "-p", str(self.stack.ports["redis"]), "EVAL", """
local cursor, entries, bytes, keys = '0', 0, 0, 0
repeat
  local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    keys = keys + 1
    entries = entries + redis.call('ZCARD', k)
    bytes = bytes + (redis.call('MEMORY', 'USAGE', k, 'SAMPLES', 0) or 0)
  end
until cursor == '0'
return {keys, entries, bytes}""", "0", "civitas:{registry}:idx:organizations:*"]).stdout.split()
        index_keys, entries, index_bytes = (int(x) for x in summary[:3])
        doc_sample = [int(self.redis_cli("MEMORY", "USAGE",
                                         f"civitas:{{registry}}:doc:organizations:org-{i}") or 0)
                      for i in range(0, count, max(1, count // 200))]
        fig = {"organizations": orgs, "used_memory_bytes": mem - base_mem,
               "bytes_per_organization": (mem - base_mem) / max(orgs, 1),
               "index_entries": entries, "index_keys": index_keys,
               "bytes_per_index_entry": index_bytes / max(entries, 1),
               "doc_bytes_mean": statistics.mean(doc_sample), "load_seconds": load_s}
        url = self.gateway_url("gateway")
        procs = ["gateway", "registry", "redis"]
        fig["list"] = self.repeat(lambda: self.wrk("LIST filtered @1M", "civitas", "list.lua", url,
                                                   procs, connections=16))
        fig["get"] = self.repeat(lambda: self.wrk("GET by id @1M", "civitas", "get.lua", url,
                                                  procs))
        fig.update(self.export_rss())
        self.volume_figures = fig
        log(f"volume figures so far: {json.dumps({k: v for k, v in fig.items() if not isinstance(v, dict)})}")
        # make run's start-up with this data: Redis loads the AOF, then the services start.
        self.stack.stop()
        t0 = time.time()
        try:
            self.stack.start_redis(timeout=600)
            redis_s = time.time() - t0
            self.stack.start_services()
            self.stack.start_gateway(timeout=300)
            fig["startup_seconds"] = time.time() - t0
            fig["startup_redis_seconds"] = redis_s
        except RuntimeError as e:
            self.keep_work = True
            self.notes.append(f"start-up with this data was not measured: {e} "
                              f"(logs kept in {self.work})")
        log(f"volume: {orgs} orgs, {fig['bytes_per_organization']:.0f} B/org in Redis, "
            f"{fig['bytes_per_index_entry']:.1f} B/index entry, start-up "
            f"{fig.get('startup_seconds', float('nan')):.1f}s")

    def export_rss(self):
        """Streams every organisation through the gateway (curl -N, as the warehouse would) and
        samples the gateway's resident memory while it runs: the export must not grow with the
        data."""
        def rss_kib():
            return sum(int(line.split()[1]) for pid in self.stack.pids("gateway")
                       for line in open(f"/proc/{pid}/status") if line.startswith("VmRSS:"))
        before = rss_kib()
        url = self.gateway_url("gateway") + "/v1/organizations:export"
        t0 = time.time()
        curl = subprocess.Popen(["taskset", "-c", LOAD_CPU, "sh", "-c",
                                 f"curl -sfN '{url}' | wc -l"], stdout=subprocess.PIPE, text=True)
        peak = before
        samples = []
        while curl.poll() is None:
            rss = rss_kib()
            peak = max(peak, rss)
            samples.append(rss)
            time.sleep(0.05)
        seconds = time.time() - t0
        messages = int(curl.stdout.read().split()[0])
        log(f"export: {messages} organisations in {seconds:.1f}s, gateway RSS {before} KiB "
            f"before, peak {peak} KiB")
        return {"export_messages": messages, "export_seconds": seconds,
                "export_rss_before_kib": before, "export_rss_peak_kib": peak,
                "export_rss_median_kib": statistics.median(samples) if samples else before}

    # --- report ----------------------------------------------------------------------------------
    def report(self, civitas=None, peer=None):
        now = datetime.datetime.now(datetime.timezone.utc)
        mode = "volume" if self.args.volume else "quick" if self.quick else "full"
        lines = [f"# Civitas benchmark ({mode}), {now:%Y-%m-%d %H:%M} UTC", ""]
        lines.append(f"Machine: {os.cpu_count()} cores, {self.cpu_model()}; system under test on "
                     f"core {SUT_CPU}, load generators on core {LOAD_CPU} (taskset). "
                     f"{self.count} organisations; median of {self.reps} repetition(s) of "
                     f"{self.duration}s (at least 5 for GET by id, POST create and GET @5000/s). "
                     f"Organisation JSON: {getattr(self, 'org_json_bytes', 0)} B.")
        lines.append("")
        lines.append("| system | workload | req/s | p50 ms | p99 ms | CPU us/req (per process) | "
                     "notes |")
        lines.append("|---|---|---:|---:|---:|---|---|")
        for r in self.results:
            cpu = ", ".join(f"{p} {v:.1f}" for p, v in r["cpu_us"].items())
            notes = []
            if r["lg_cpu_share"] > 0.9:
                notes.append("load generator CPU-bound")
            if r.get("detail"):
                notes.append(r["detail"])
            if r.get("non2xx"):
                notes.append(f"{r['non2xx']} " + ("answers neither 200 nor 400/409" if "detail" in r
                                                  else "non-2xx"))
            if r.get("runs_with_fork"):
                notes.append(f"Redis forked (AOF rewrite) in {r['runs_with_fork']} of {r['runs']} "
                             "runs")
            p50 = "" if r["p50_ms"] != r["p50_ms"] else f"{r['p50_ms']:.2f}"
            p99 = "" if r["p99_ms"] != r["p99_ms"] else f"{r['p99_ms']:.2f}"
            lines.append(f"| {r['system']} | {r['label']} | {r['rps']:.0f} | {p50} | {p99} | "
                         f"{cpu} | {'; '.join(notes)} |")
        if civitas and peer:
            lines += ["", "## Ratios", "", "| figure | value | target |", "|---|---:|---|"]
            nginx = next(r for r in self.results if r["system"] == "nginx")
            direct = next(r for r in self.results if r["system"] == "direct")
            g_cpu = civitas["get"]["cpu_us"]["gateway"]
            n_cpu = nginx["cpu_us"]["nginx"]

            def row(name, value, target):
                lines.append(f"| {name} | {value} | {target} |")

            def paired(key, a, b, figure):
                med, low, high = self.paired(key, a, b, figure)
                return f"{med:.2f} ({low:.2f}-{high:.2f})"

            def rps(r):
                return r["rps"]

            def p99_of(r):
                return r["p99_ms"]

            def front_cpu(r):  # the process that answers HTTP: gateway, peer or nginx
                return next(r["cpu_us"][p] for p in ("gateway", "peer", "nginx")
                            if p in r["cpu_us"])
            row("gateway CPU per GET / peer gateway CPU per GET, paired",
                paired("get", "civitas", "peer", front_cpu), "<= 0.5")
            row("gateway CPU per GET / nginx CPU per static GET, paired",
                paired("get", "civitas", "nginx", front_cpu), "<= 1.5")
            row("same, medians of each (not paired)", f"{g_cpu / n_cpu:.2f}", "")
            for w, label in (("get", "GET"), ("list", "LIST"), ("create", "POST create"),
                             ("patch", "PATCH")):
                row(f"{label} throughput Civitas / peer, paired",
                    paired(w, "civitas", "peer", rps), ">= 1.5" if w in ("get", "create") else "")
            row("GET throughput Civitas / nginx static", f"{civitas['get']['rps'] / nginx['rps']:.2f}",
                "")
            row("GET throughput Civitas / direct gRPC", f"{civitas['get']['rps'] / direct['rps']:.2f}",
                "")
            row("GET p99 at 5k req/s (ms)", f"{civitas['get@5000']['p99_ms']:.2f}", "<= 1.5")
            row("GET p99 at 5k req/s Civitas / peer, paired",
                paired("get@5000", "civitas", "peer", p99_of), "<= 0.25")
            row("Export: organisations streamed per second, Civitas / peer",
                f"{civitas['stream']['rps'] / peer['stream']['rps']:.2f}", "")
            row("Export: gateway CPU per streamed organisation / peer's",
                f"{civitas['stream']['cpu_us']['gateway'] / peer['stream']['cpu_us']['peer']:.2f}",
                "")
            if getattr(self, "award", None):
                row("Award decisions per second / POST create per second (Civitas)",
                    f"{self.award['rps'] / civitas['create']['rps']:.2f}", "")
                row("Award over-commit, worst repetition (awards beyond the envelope + "
                    "recipients beyond the cap)", f"{self.award['over_commit']}", "0")
            if getattr(self, "vote", None):
                row("Votes on one round per second / POST create per second (Civitas)",
                    f"{self.vote['rps'] / civitas['create']['rps']:.2f}", "")
                row("Vote over-count, worst repetition (tallies against the stored votes)",
                    f"{self.vote['over_commit']}", "0")
            if getattr(self, "plans", None):
                award, single = self.plans["award"], self.plans["create"]
                row("Write plan of 3 documents + 2 counters / single-document plan, Redis CPU",
                    f"{award['cpu_us']['redis'] / single['cpu_us']['redis']:.2f}", "<= 2")
                row("Same, time inside the script alone (Redis commandstats)",
                    f"{award['script_us'] / single['script_us']:.2f}", "")
            end_to_end = sum(civitas["get"]["cpu_us"].values())
            lines.append("")
            lines.append(f"End-to-end CPU per GET (gateway + registry + redis): {end_to_end:.1f} us "
                         f"-> at most {1e6 / end_to_end:.0f} req/s on one core.")
        if getattr(self, "volume_figures", None):
            v = self.volume_figures
            lines += ["", "## Data volume", "",
                      f"- organisations: {v['organizations']}",
                      f"- Redis memory per organisation (document, indexes, unique keys): "
                      f"{v['bytes_per_organization']:.0f} B; mean document key "
                      f"{v['doc_bytes_mean']:.0f} B",
                      f"- index entries: {v['index_entries']} in {v['index_keys']} sorted sets, "
                      f"{v['bytes_per_index_entry']:.1f} B each",
                      f"- load through the API: {v['load_seconds']:.0f} s "
                      f"({v['organizations'] / v['load_seconds']:.0f}/s)",
                      (f"- start-up with this data (Redis, registry, gateway ready): "
                       f"{v['startup_seconds']:.1f} s (Redis AOF load "
                       f"{v['startup_redis_seconds']:.1f} s)" if "startup_seconds" in v
                       else "- start-up with this data: not measured (see notes)")]
            if "export_messages" in v:
                lines.append(
                    f"- export of every organisation through the gateway (NDJSON, curl -N): "
                    f"{v['export_messages']} in {v['export_seconds']:.0f} s "
                    f"({v['export_messages'] / max(v['export_seconds'], 1e-9):.0f}/s); gateway "
                    f"RSS {v['export_rss_before_kib'] / 1024:.1f} MiB before, "
                    f"{v['export_rss_peak_kib'] / 1024:.1f} MiB peak")
        lines += ["", "## Method", "",
                  "- wrk (closed loop, 1 thread) for HTTP; fixed-rate rows use wrk's per-"
                  "connection delay() with exponential gaps over 64 connections, a superposition "
                  "of Poisson streams (open-loop only while responses are much shorter than the "
                  "gaps; the achieved rate is what the req/s column shows).",
                  "- h2load for direct gRPC (4 connections x 16 streams, one fixed id; h2load "
                  "reports no percentiles); redis-benchmark for Redis (50 clients, 400-byte "
                  "values).",
                  "- CPU us/req: user+system CPU of each process from /proc over the run, divided "
                  "by completed requests.",
                  "- Rows are interleaved: each repetition runs Civitas and the peer (and nginx "
                  "beside GET by id) one after the other, in alternating order; a ratio marked "
                  "paired is the median (range) of the ratios within each repetition. Rows "
                  "behind a target run at least 5 repetitions.",
                  "- The peer is grpc-gateway v1.6.4 (Debian) generated from the same protos, "
                  "in front of the same registry and Redis. PATCH sends If-Match to Civitas and "
                  "the etag in the body to the peer (it has no If-Match mapping)."]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        text = "\n".join(lines) + "\n"
        os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
        path = os.path.join(BENCH, "results", f"{now:%Y%m%d-%H%M}-{mode}.md")
        with open(path, "w") as f:
            f.write(text)
        with open(path.replace(".md", ".json"), "w") as f:
            json.dump({"results": self.results, "volume": getattr(self, "volume_figures", None)},
                      f, indent=1, default=str)
        print()
        print(text)
        log(f"results: {os.path.relpath(path, ROOT)}")

    def cpu_model(self):
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown CPU"

    def main(self):
        self.build_all()
        try:
            if self.args.volume:
                self.volume()
                self.report()
                return
            self.start_all()
            self.limits()
            civitas, peer = self.workloads()
            # After both systems' rows, for the reason write_plans comes last: setting up its
            # calls writes tens of thousands of fsynced plans.
            self.award = self.awards()
            self.vote = self.votes()
            # Last: its tens of thousands of fsynced plans slowed the writes measured right after
            # them (run 20261123-1708: Civitas creates at half the rate of a same-day A/B of the
            # same binaries), which charged the system measured first, Civitas, alone.
            self.plans = self.write_plans()
            self.report(civitas, peer)
        finally:
            self.stack.stop()
            if not getattr(self, "keep_work", False):
                shutil.rmtree(self.work, ignore_errors=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke run")
    ap.add_argument("--volume", action="store_true", help="data-volume run (1M organisations)")
    ap.add_argument("--count", type=int, default=0, help="organisations to load")
    ap.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    ap.add_argument("--repetitions", type=int, default=3)
    Bench(ap.parse_args()).main()
