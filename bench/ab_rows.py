#!/usr/bin/env python3
"""A/B of REST rows between Release builds, on the same machine in the same minutes: for each
build in turn (two rounds), a fresh stack with `--count` organisations (20,000), then the rows
asked for, each as the full `make bench` runs it (one 10 s repetition):

  get     GET by id (32 connections)
  list    LIST filtered, page of 50 (16 connections)
  create  POST create (64 connections)
  patch   PATCH If-Match (32 connections)
  award   award decisions (10,000 scored applications, envelope for a quarter, cap 2 per
          applicant, 64 connections), reported against create, which it then needs
  vote    votes on one prioritisation round (2,000 voters, 5 needs, 64 connections), reported
          against create, with the over-count read back (must be 0)
  stall   GET by id while Redis is SIGSTOPped for the whole run (32 connections): p50/p99 of
          the refusals (503 at once, not the 2 s command timeout) against GET by id just
          before, and the time to the first 200 once Redis continues

Prints each run, and per build the mean rate and CPU per request of each row (and award
decisions / create). Use it for a change to one path: a full run's ratios swing by 0.1-0.4
between runs of the same binaries an hour apart, an A/B in the same minutes much less.

  git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/build-bench \\
      -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/old/build-bench -j2 --target \\
      civitas-registry civitas-grants civitas-accreditation civitas-monitoring civitas-gateway \\
      civitas-token civitas-bench-loader civitas-bench-grants-loader
  python3 bench/ab_rows.py --rows list,create,award /tmp/old/build-bench build-bench

Both builds start every service of this tree's services/services.list."""
import argparse
import importlib.util
import os
import shutil
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench", os.path.join(HERE, "bench.py"))
bench_py = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_py)

REST = {  # row: (label, script, connections, settle, extra_env)
    "get": ("GET by id", "get.lua", 32, False, None),
    "list": ("LIST filtered, 50", "list.lua", 16, False, None),
    "create": ("POST create", "create.lua", 64, True, None),
    "patch": ("PATCH If-Match", "patch.lua", 32, True, {"ETAG_IN": "header"}),
}


class Args:
    quick = False
    volume = False
    count = 20000
    duration = 10
    repetitions = 1


def run_rows(b, rows):
    out = {}
    procs = ["gateway", "registry", "redis"]
    for row in rows:
        if row == "award":
            out[row] = b.awards()
            continue
        if row == "vote":
            out[row] = b.votes()
            continue
        if row == "stall":
            out[row] = b.stall()
            continue
        label, script, connections, settle, env = REST[row]
        out[row] = b.wrk(label, "civitas", script, b.gateway_url("gateway"), procs,
                         connections=connections, settle=settle, extra_env=env)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", default="create,award")
    ap.add_argument("--count", type=int, default=Args.count)
    ap.add_argument("builds", nargs="+")
    args = ap.parse_args()
    rows = args.rows.split(",")
    for contended in ("award", "vote"):
        if contended in rows and "create" not in rows:
            rows.insert(rows.index(contended), "create")
    unknown = [r for r in rows if r not in REST and r not in ("award", "vote", "stall")]
    if unknown:
        sys.exit(f"unknown rows: {unknown}")
    Args.count = args.count
    figures = {}
    for _ in range(2):
        for build in args.builds:
            b = bench_py.Bench.started(Args(), build)
            try:
                for row, fig in run_rows(b, rows).items():
                    figures.setdefault((build, row), []).append(fig)
                    cpu = ", ".join(f"{p} {v:.0f}" for p, v in fig["cpu_us"].items())
                    extra = (f"; over-commit {fig['over_commit']}"
                             if row in ("award", "vote") else "")
                    print(f"{build}: {row} {fig['rps']:.0f}/s, CPU us/req {cpu}{extra}",
                          flush=True)
            finally:
                b.stack.stop()
                shutil.rmtree(b.work, ignore_errors=True)
    for build in args.builds:
        for row in rows:
            runs = figures[(build, row)]
            cpu = {p: statistics.mean(r["cpu_us"][p] for r in runs) for p in runs[0]["cpu_us"]}
            line = (f"{build}: {row} {statistics.mean(r['rps'] for r in runs):.0f}/s, CPU us/req "
                    + ", ".join(f"{p} {v:.0f}" for p, v in cpu.items()))
            if row == "stall":
                line += (f"; stalled p50 {statistics.mean(r['p50_ms'] for r in runs):.2f} ms, "
                         f"p99 {max(r['p99_ms'] for r in runs):.2f} ms (x"
                         f"{max(r['ratio'] for r in runs):.2f} of answering), "
                         f"{min(r['non2xx'] for r in runs)}+ refused, recovery "
                         f"{max(r['recovery_ms'] for r in runs):.0f} ms")
            if row in ("award", "vote"):
                ratio = statistics.mean(a["rps"] / c["rps"] for a, c in
                                        zip(runs, figures[(build, "create")]))
                what = "award decisions" if row == "award" else "votes"
                line += (f"; {what} / create {ratio:.2f}, over-"
                         f"{'commit' if row == 'award' else 'count'} "
                         f"{max(r['over_commit'] for r in runs)}")
            print(line)


if __name__ == "__main__":
    main()
