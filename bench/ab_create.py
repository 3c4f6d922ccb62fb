#!/usr/bin/env python3
"""A/B of the create workload between two Release builds, on the same machine in the same
minutes: for each build in turn (two rounds), a fresh Redis, registry and gateway with 5000
organisations, then `POST create` through Civitas's gateway and through the peer, 10 s each.
Prints each run and, per build, Civitas/peer. Use it when a full run's create ratio moves: the
ratio swings by tens of percent between runs of the same binaries, an A/B does not.

  git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/build-bench \
      -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/old/build-bench -j2 --target \
      civitas-registry civitas-grants civitas-accreditation civitas-gateway civitas-token \
      civitas-bench-loader
Both builds must start the same way: every service of services/services.list, told where the
others are with `--peers` (commits from the one list of services on; older builds need this
script as it was in their tree).
  python3 bench/ab_create.py /tmp/old/build-bench build-bench

The peer is this tree's (build-bench/peer, from `make bench`)."""
import importlib.util
import os
import shutil
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench", os.path.join(HERE, "bench.py"))
bench_py = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_py)


class Args:
    quick = False
    volume = False
    count = 5000
    duration = 10
    repetitions = 1


def main(builds):
    peer = os.path.join(HERE, "..", "build-bench", "peer", "civitas-peer-gateway")
    rps = {}
    for _ in range(2):
        for build in builds:
            b = bench_py.Bench.started(Args(), build)
            try:
                b.stack.start_peer(peer)
                for system, port, proc in (("civitas", "gateway", "gateway"),
                                           ("peer", "peer", "peer")):
                    r = b.wrk("POST create", system, "create.lua", b.gateway_url(port),
                              [proc, "registry", "redis"], connections=64, settle=True)
                    rps.setdefault((build, system), []).append(r["rps"])
                    cpu = ", ".join(f"{p} {v:.0f}" for p, v in r["cpu_us"].items())
                    print(f"{build}: {system} {r['rps']:.0f} creates/s, CPU us/req {cpu}",
                          flush=True)
            finally:
                b.stack.stop()
                shutil.rmtree(b.work, ignore_errors=True)
    for build in builds:
        ratio = (statistics.mean(rps[(build, "civitas")]) /
                 statistics.mean(rps[(build, "peer")]))
        print(f"{build}: creates Civitas / peer {ratio:.2f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
