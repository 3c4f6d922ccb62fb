#!/usr/bin/env python3
"""Monitoring's bench rows (issue 22), each a ratio against a baseline measured in the same run,
against a running stack with the demo data (the Release one: `bash deploy/run.sh build-release`;
Redis with `appendfsync always`, as deploy/redis.conf has it):

1. Import: figures per second of one `--values`-figure DHIS2 dataValueSets file POSTed through
   the gateway (a daily data set over the demo's territories, sex x age), from the POST to the
   operation's end; against POST :setValues of one figure per request (8 clients).
2. Warehouse export: figures per second of the full snapshot streamed through the gateway as
   NDJSON, DHIS2 JSON and CSV (curl to /dev/null; the median of three pulls; the figures counted
   once beforehand), with the gateway's RSS before, at its peak and after.
3. Analytics: a region x year over the imported figures, p50 and p99 from one connection, alone
   and while a second import (as large: new figures of a second daily form of the indicator)
   runs.
4. Incremental pull: after 1% of the figures changed (an import updating them), figures the pull
   returns / figures changed, and its time against the snapshot's.
5. Import of a form: as 1, a file of as many figures of a daily form of 10 indicators (each
   submission, an org unit x a day, holds 60 figures, as DHIS2 forms hold many data elements;
   row 1's file has one indicator, 6 figures a submission: the most submissions per figure).

  python3 bench/monitoring_rows.py --values 200000 [--out bench/results/<date>-monitoring.md]
"""
import argparse
import http.client
import json
import statistics
import subprocess
import threading
import time
import urllib.parse

from monitoring_import import create_form, make_file, make_form_file, run_import
from monitoring_volume import call, rss_kib, token

WAREHOUSE_KEY = "dev-warehouse-key-0123456789"


def stream(base, path, key, sample_rss=None, count_lines=False):
    """GETs `path` with curl, streamed to /dev/null (or, with `count_lines`, through `wc -l`: an
    untimed pass that counts the figures); samples a process's RSS meanwhile. curl, not Python:
    Python's http.client read 70 MB of chunked HTTP slower than the stack sent it (NDJSON 345k
    figures/s through Python, 611k through curl minutes later). Nothing but curl in the timed
    pass: on two cores, a `wc` reading 300 MB beside the stack took CPU from the stack it
    measured (NDJSON 294k figures/s through `wc -lc` in a 1M-figure run; a 600k-figure snapshot
    pulled to /dev/null read about 725k/s in each format, another hour)."""
    sink = "| wc -l" if count_lines else "-o /dev/null -w '%{size_download}'"
    cmd = "set -o pipefail; curl -sSf -H 'x-api-key: " + key + "' '" + base + path + "' " + sink
    p = subprocess.Popen(["bash", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    peak = 0
    # The pid once: pgrep each time is a process scan every 50 ms beside the measured stream.
    status = None
    if sample_rss:
        pid = subprocess.check_output(["pgrep", "-f", sample_rss], text=True).split()[0]
        status = f"/proc/{pid}/status"
    while p.poll() is None:
        if status:
            with open(status) as f:
                peak = max(peak, int(next(l.split()[1] for l in f if l.startswith("VmRSS:"))))
        time.sleep(0.05)
    out, err = p.communicate()
    assert p.returncode == 0, (p.returncode, err[:500])
    if count_lines:
        return None, int(out), peak
    return int(out), None, peak


class Latencies:
    """GETs `path` in a loop on one connection until stopped; keeps each answer's time."""

    def __init__(self, base, path, tok):
        u = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.path, self.tok, self.ms = path, tok, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop)

    def loop(self):
        while not self.stop.is_set():
            start = time.perf_counter()
            self.conn.request("GET", self.path, headers={"authorization": "Bearer " + self.tok})
            r = self.conn.getresponse()
            body = r.read()
            assert r.status == 200, (r.status, body[:300])
            self.ms.append((time.perf_counter() - start) * 1000)

    def run_while(self, work):
        self.thread.start()
        try:
            return work()
        finally:
            self.stop.set()
            self.thread.join()

    def quantiles(self):
        q = statistics.quantiles(self.ms, n=100)
        return statistics.median(self.ms), q[98], len(self.ms)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://localhost:8080")
    p.add_argument("--values", type=int, default=200000)
    p.add_argument("--baseline-seconds", type=float, default=10)
    p.add_argument("--analytics-seconds", type=float, default=10)
    p.add_argument("--out", default="")
    a = p.parse_args()
    rows, notes = [], []

    def row(name, value, target):
        rows.append((name, value, target))
        print(f"{name}: {value} (target {target})", flush=True)

    ministry, admin = token("ministry"), token("admin")
    status, body = call(a.base, "GET", "/v1/territories?pageSize=1000")
    territories = [t["name"] for t in json.loads(body)["territories"]]
    regions = [t["name"] for t in json.loads(body)["territories"] if t.get("level") == "REGION"]
    data_set = "dataSets/rows-daily"
    status, body = call(a.base, "POST", "/v1/dataSets?dataSetId=rows-daily", ministry, {
        "code": "ROWS_DAILY", "displayName": {"en": "Bench rows, daily"}, "periodType": "DAILY",
        "indicators": ["indicators/beneficiaries-served"], "orgUnits": territories})
    assert status == 200, f"a fresh stack is needed (the data set exists): {body[:200]}"

    # 1. The baseline, then the import.
    def enter(i):
        period = time.strftime("%Y%m%d", time.gmtime(time.mktime((2018, 1, 1, 12, 0, 0, 0, 0, 0))
                                                      + (i // len(territories)) * 86400))
        s, _ = call(a.base, "POST", "/v1/dataSets/rows-daily:setValues", admin, {
            "orgUnit": territories[i % len(territories)], "period": period,
            "values": [{"indicator": "indicators/beneficiaries-served",
                        "categoryOptions": ["FEMALE", "AGE_0_17"], "value": "1"}]})
        assert s == 200
    import concurrent.futures
    entered, start = 0, time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        while time.time() - start < a.baseline_seconds:
            list(pool.map(enter, range(entered, entered + 200)))
            entered += 200
    baseline = entered / (time.time() - start)
    notes.append(f"baseline: {baseline:.0f} figures/s, one per POST :setValues (8 clients)")
    print(notes[-1], flush=True)
    body = make_file(territories, a.values, data_set, seed=0)
    notes.append(f"file: {a.values} figures, {len(body) / 1e6:.1f} MB of dataValueSets JSON")
    print(notes[-1], flush=True)
    seconds, answered, op, peak = run_import(a.base, admin, body)
    s = op.get("response", {})
    # Every row landed (a file reaching back before 2018 meets the baseline's figures: updated).
    assert sum(int(s.get(k, 0)) for k in ("imported", "updated", "unchanged")) == a.values, op
    rate = a.values / seconds
    row("Import: figures/s through the gateway", f"{rate:.0f}", ">= 50,000")
    row("Import figures/s / POST :setValues figures/s", f"{rate / baseline:.1f}", "")
    notes.append(f"import: {seconds:.1f} s, answered in {answered:.1f} s; RSS peaks KiB {peak}")

    # 2. The warehouse's snapshot in each format.
    status, raw = call(a.base, "GET", "/v1/dataValues:cursor", key=WAREHOUSE_KEY)
    cursor = json.loads(raw)["cursor"]
    # The figures at that cursor, counted once (untimed): one NDJSON line each.
    _, figures, _ = stream(a.base, f"/v1/dataValues:pull?untilCursor={cursor}", WAREHOUSE_KEY,
                           count_lines=True)
    for what, path in (("NDJSON", "/v1/dataValues:pull"), ("DHIS2 JSON", "/v1/dataValueSets"),
                       ("CSV", "/v1/dataValueSets:csv")):
        # The median of three: this host's speed moves by tens of percent from second to second.
        before = rss_kib("civitas-gateway")
        runs, sizes = [], set()
        for _ in range(3):
            start = time.time()
            size, _, peak = stream(a.base, f"{path}?untilCursor={cursor}", WAREHOUSE_KEY,
                                   "civitas-gateway")
            runs.append(time.time() - start)
            sizes.add(size)
        # The same cursor, the same bytes: a pull cut short would look fast.
        assert len(sizes) == 1, (what, sizes)
        took = statistics.median(runs)
        after = rss_kib("civitas-gateway")
        row(f"Export {what}: figures/s streamed", f"{figures / took:.0f}", ">= 500,000")
        notes.append(f"export {what}: {figures} figures, {size / 1e6:.1f} MB in {took:.2f} s "
                     f"(runs: {', '.join(f'{t:.2f}' for t in runs)}); "
                     f"gateway RSS KiB {before} -> peak {peak} -> {after}")
        print(notes[-1], flush=True)

    # 3. Analytics: a region x year, alone, then while an import of new figures runs.
    year = "2020"
    path = ("/v1/analytics?indicators=indicators/beneficiaries-served&orgUnits=" + regions[0] +
            "&periods=" + year)
    alone = Latencies(a.base, path, ministry)
    alone.run_while(lambda: time.sleep(a.analytics_seconds))
    p50, p99, n = alone.quantiles()
    row("Analytics region x year p99, no import (ms)", f"{p99:.2f}", "")
    notes.append(f"analytics alone: p50 {p50:.2f} ms, p99 {p99:.2f} ms over {n} answers")
    # New figures (a second daily form of the same indicator, so every row is a new submission
    # counted in the totals asked), not updates of the first file's.
    status, _ = call(a.base, "POST", "/v1/dataSets?dataSetId=rows-daily-second", ministry, {
        "code": "ROWS_DAILY_SECOND", "displayName": {"en": "Bench rows, daily, second form"},
        "periodType": "DAILY", "indicators": ["indicators/beneficiaries-served"],
        "orgUnits": territories})
    assert status == 200, status
    second = make_file(territories, a.values, "dataSets/rows-daily-second", seed=1)
    busy = Latencies(a.base, path, ministry)
    seconds2, _, op2, _ = busy.run_while(lambda: run_import(a.base, admin, second))
    p50b, p99b, nb = busy.quantiles()
    row("Analytics region x year p99 while an import runs (ms)", f"{p99b:.2f}", "<= 20")
    row("Analytics p99 during an import / alone", f"{p99b / p99:.1f}", "")
    notes.append(f"analytics during an import ({a.values / seconds2:.0f} figures/s): p50 "
                 f"{p50b:.2f} ms, p99 {p99b:.2f} ms over {nb} answers")

    # 4. 1% of the first file's figures changed, then pulled incrementally.
    status, raw = call(a.base, "GET", "/v1/dataValues:cursor", key=WAREHOUSE_KEY)
    since = json.loads(raw)["cursor"]
    doc = json.loads(body)
    changed = doc["dataValues"][:: 100]
    for v in changed:
        v["value"] = str(int(v["value"]) + 1000)
    seconds3, _, op3, _ = run_import(a.base, admin,
                                     json.dumps({"dataSet": data_set,
                                                 "dataValues": changed}).encode())
    assert int(op3["response"].get("updated", 0)) == len(changed), op3
    status, raw = call(a.base, "GET", "/v1/dataValues:cursor", key=WAREHOUSE_KEY)
    until = json.loads(raw)["cursor"]
    start = time.time()
    _, lines, _ = stream(a.base, f"/v1/dataValues:pull?sinceCursor={since}&untilCursor={until}",
                         WAREHOUSE_KEY, count_lines=True)
    took = time.time() - start
    snapshot = figures + a.values  # the first snapshot's, then the second file's
    row("Incremental pull: figures returned / figures changed", f"{lines / len(changed):.2f}",
        "~1")
    notes.append(f"incremental pull after {len(changed)} of {snapshot} figures changed: {lines} "
                 f"figures in {took:.2f} s")
    print(notes[-1], flush=True)

    # 5. The same number of figures as a form's: fewer, larger submissions.
    indicators = create_form(a.base, ministry, territories, "rows-form")
    form = make_form_file(territories, indicators, a.values, "dataSets/rows-form")
    seconds5, answered5, op5, peak5 = run_import(a.base, admin, form)
    assert int(op5["response"].get("imported", 0)) == a.values, op5
    row("Import of a 10-indicator form: figures/s through the gateway", f"{a.values / seconds5:.0f}",
        ">= 50,000")
    notes.append(f"form import: {len(form) / 1e6:.1f} MB, {op5['metadata'].get('submissions')} "
                 f"submissions, {seconds5:.1f} s, answered in {answered5:.1f} s; RSS peaks KiB "
                 f"{peak5}")
    print(notes[-1], flush=True)

    out = ["| row | value | target |", "| --- | ---: | --- |"]
    out += [f"| {n} | {v} | {t} |" for n, v, t in rows]
    text = "\n".join(out) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
