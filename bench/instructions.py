#!/usr/bin/env python3
"""Instructions per request of the gateway, counted by Valgrind's callgrind: a figure that a noisy
or shared machine does not move (CPU time does: steal time, frequency, neighbours), for before /
after comparisons of a change to the request path. Not a speed: callgrind runs the process ~50x
slower and counts user-space instructions only (no syscalls, no cache misses).

  bench/instructions.py [--requests N] [--build DIR] [--path /v1/organizations/org-1]

Starts Redis, every service and the gateway from a Release build (build-bench/, as bench.py
builds it), the gateway under callgrind with instrumentation off; creates the organisations the
path reads; sends N GETs with h2load over HTTP/1.1 to warm up, then turns instrumentation on for N more
and prints instructions per request (Ir / N), with the top functions by inclusive cost.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


class CallgrindStack(bench.Stack):
    """A Stack whose gateway runs under callgrind, instrumented only when told."""

    def start(self, name, argv, log_name=None):
        if name == "gateway":
            argv = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                    f"--callgrind-out-file={self.work}/gateway.callgrind"] + argv
        return super().start(name, argv, log_name)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--build", default=os.path.join(bench.ROOT, "build-bench"))
    ap.add_argument("--path", default="/v1/organizations/org-1")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="civitas-instructions-")
    stack = CallgrindStack(args.build, work)
    try:
        stack.start_redis()
        stack.start_services()
        stack.start_gateway(timeout=180)
        token = bench.run([os.path.join(args.build, "libs/auth/civitas-token"), "--role=admin",
                           f"--jwt_secret={bench.JWT_SECRET}"]).stdout.strip()
        base = f"http://127.0.0.1:{stack.ports['gateway']}"
        for body in ('{"code":"BENCH","level":"COUNTRY","displayName":{"en":"Bench"}}',):
            bench.http("POST", f"{base}/v1/territories?territoryId=bench", body, token)
        org = json.dumps({"displayName": {"en": "Organisation 1"}, "type": "CSO",
                          "territories": ["territories/bench"]})
        status, out = bench.http("POST", f"{base}/v1/organizations?organizationId=org-1", org,
                                 token)
        if status not in (200, 409):
            raise RuntimeError(f"organisation: {status} {out}")
        pid = stack.pids("gateway")[-1]
        h2load = ["h2load", "--h1", "-n", str(args.requests), "-c", "4", "-H",
                  f"authorization: Bearer {token}", base + args.path]
        bench.run(h2load)  # warm-up: caches, pools, connections
        bench.run(["callgrind_control", "-i", "on", str(pid)])
        out = bench.run(h2load).stdout
        bench.run(["callgrind_control", "-i", "off", str(pid)])
        if f"{args.requests} succeeded" not in out.replace(",", ""):
            raise RuntimeError(f"not every request succeeded:\n{out}")
        bench.run(["callgrind_control", "-d", str(pid)])
        dumps = sorted(f for f in os.listdir(work) if f.startswith("gateway.callgrind"))
        dump = os.path.join(work, dumps[-1])
        total = 0
        with open(dump) as f:
            for line in f:
                if line.startswith(("summary:", "totals:")):
                    total = int(line.split()[1])
        print(f"gateway: {total / args.requests:,.0f} instructions per GET {args.path} "
              f"({args.requests} requests, {total:,} Ir)")
        top = bench.run(["callgrind_annotate", "--inclusive=yes", "--threshold=99", dump]).stdout
        print("\n".join(top.splitlines()[:60]))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
