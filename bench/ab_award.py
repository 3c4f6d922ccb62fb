#!/usr/bin/env python3
"""A/B of award decisions against POST create between Release builds, on the same machine in
the same minutes: for each build in turn (two rounds), a fresh stack with 5000 organisations,
then `POST create` (64 connections, 10 s) and one award repetition as the full `make bench` runs
it (10,000 scored applications, envelope for a quarter, cap 2 per applicant, 10 s). Prints each run, and
per build award decisions / create, grants' CPU per decision and the over-commit. Use it for a
change to the award path: the full run's award ratio swings by 0.1 between runs of the same
binaries, an A/B does not.

  git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/build-bench \\
      -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/old/build-bench -j2 --target \\
      civitas-registry civitas-grants civitas-accreditation civitas-monitoring civitas-gateway \\
      civitas-token civitas-bench-loader civitas-bench-grants-loader
  python3 bench/ab_award.py /tmp/old/build-bench build-bench

Both builds start every service of this tree's services/services.list."""
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
    figures = {}
    for _ in range(2):
        for build in builds:
            b = bench_py.Bench(Args())
            b.build = os.path.abspath(build)
            b.stack = bench_py.Stack(b.build, b.work)
            b.token = bench_py.run([os.path.join(b.build, "libs/auth/civitas-token"),
                                    "--role=admin", f"--jwt_secret={bench_py.JWT_SECRET}"]
                                   ).stdout.strip()
            try:
                b.stack.start_redis()
                b.stack.start_services()
                b.stack.start_gateway()
                b.load_territories()
                b.load_organizations(0, Args.count)
                create = b.wrk("POST create", "civitas", "create.lua", b.gateway_url("gateway"),
                               ["gateway", "registry", "redis"], connections=64, settle=True)
                award = b.awards()
                ratio = award["rps"] / create["rps"]
                figures.setdefault(build, []).append(
                    (ratio, award["cpu_us"]["grants"], award["over_commit"]))
                print(f"{build}: create {create['rps']:.0f}/s, award decisions "
                      f"{award['rps']:.0f}/s ({ratio:.2f}x), CPU us per decision "
                      + ", ".join(f"{p} {v:.0f}" for p, v in award["cpu_us"].items())
                      + f"; over-commit {award['over_commit']}", flush=True)
            finally:
                b.stack.stop()
                shutil.rmtree(b.work, ignore_errors=True)
    for build, runs in figures.items():
        print(f"{build}: award decisions / create {statistics.mean(r[0] for r in runs):.2f}, "
              f"grants CPU per decision {statistics.mean(r[1] for r in runs):.0f} us, "
              f"over-commit {max(r[2] for r in runs)}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
