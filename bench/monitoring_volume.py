#!/usr/bin/env python3
"""Monitoring at volume against a running stack (`make run`): Redis bytes per data value with
its indexes, change log, totals and audit; a warehouse snapshot streamed through the gateway
(its RSS before and after); analytics latency for a region x year with wrk. Set-up goes through
the REST API as users do: a daily data set over the demo's territories, one submission per
territory and day (the demo's six sex x age figures each).

  python3 bench/monitoring_volume.py --days 365     # about 41k figures
"""
import argparse
import json
import os
import subprocess
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def token(role, **extra):
    args = ["make", "-s", "-C", ROOT, "token", f"ROLE={role}"]
    args += [f"{k}={v}" for k, v in extra.items()]
    return subprocess.check_output(args, text=True).strip()


def call(base, method, path, tok=None, body=None, key=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("content-type", "application/json")
    if tok:
        req.add_header("authorization", "Bearer " + tok)
    if key:
        req.add_header("x-api-key", key)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def redis_memory(port):
    info = subprocess.check_output(["redis-cli", "-p", str(port), "info", "memory"], text=True)
    return int(next(l.split(":")[1] for l in info.splitlines() if l.startswith("used_memory:")))


def rss_kib(pattern):
    pid = subprocess.check_output(["pgrep", "-f", pattern], text=True).split()[0]
    with open(f"/proc/{pid}/status") as f:
        return int(next(l.split()[1] for l in f if l.startswith("VmRSS:")))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://localhost:8080")
    p.add_argument("--redis-port", type=int, default=6379)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--key", default="dev-warehouse-key-0123456789")
    a = p.parse_args()
    ministry, admin = token("ministry"), token("admin")
    status, body = call(a.base, "GET", "/v1/territories?pageSize=1000")
    territories = [t["name"] for t in json.loads(body)["territories"]]
    status, body = call(a.base, "POST", "/v1/dataSets?dataSetId=volume-daily", ministry, {
        "code": "VOLUME_DAILY", "displayName": {"en": "Volume, daily"}, "periodType": "DAILY",
        "indicators": ["indicators/beneficiaries-served"], "orgUnits": territories})
    assert status in (200, 409), body
    before = redis_memory(a.redis_port)
    figures = 0
    start = time.time()
    first = time.mktime((2024, 1, 1, 12, 0, 0, 0, 0, 0))
    for d in range(a.days):
        day = time.strftime("%Y%m%d", time.gmtime(first + d * 86400))
        for t in territories:
            values = [{"indicator": "indicators/beneficiaries-served",
                       "categoryOptions": [sex, age], "value": str((d * 7 + len(t)) % 50 + i)}
                      for i, (sex, age) in enumerate(
                          [(s, g) for s in ("FEMALE", "MALE")
                           for g in ("AGE_0_17", "AGE_18_64", "AGE_65_PLUS")])]
            status, body = call(a.base, "POST", "/v1/dataSets/volume-daily:setValues", admin,
                                {"orgUnit": t, "period": day, "values": values})
            assert status == 200, body
            figures += len(values)
    load_s = time.time() - start
    after = redis_memory(a.redis_port)
    print(f"figures: {figures} in {load_s:.0f} s ({figures / load_s:.0f}/s through REST, "
          f"one submission of 6 per request)")
    print(f"redis used_memory: +{after - before} bytes, {(after - before) / figures:.0f} per figure")

    gateway_before = rss_kib("civitas-gateway")
    status, body = call(a.base, "GET", "/v1/dataValues:cursor", key=a.key)
    cursor = json.loads(body)["cursor"]
    start = time.time()
    req = urllib.request.Request(
        f"{a.base}/v1/dataValues:pull?untilCursor={cursor}&dataSet=dataSets/volume-daily",
        headers={"x-api-key": a.key})
    size = lines = 0
    peak = gateway_before
    with urllib.request.urlopen(req) as r:
        while chunk := r.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
            peak = max(peak, rss_kib("civitas-gateway"))
    pull_s = time.time() - start
    print(f"snapshot pull: {lines} figures, {size / 1e6:.1f} MB NDJSON in {pull_s:.1f} s "
          f"({lines / pull_s:.0f} figures/s); gateway RSS {gateway_before} KiB before, "
          f"{peak} KiB at most while streaming")

    path = ("/v1/analytics?indicators=indicators/beneficiaries-served&orgUnits=territories/am-su"
            "&periods=2024&periods=2024Q2&categoryOptions=FEMALE")
    status, body = call(a.base, "GET", path, ministry)
    print("analytics:", status, body.decode()[:300])
    out = subprocess.run(["wrk", "-t1", "-c4", "-d5s", "--latency", "-H",
                          f"Authorization: Bearer {ministry}", a.base + path],
                         capture_output=True, text=True).stdout
    print("\n".join(l for l in out.splitlines()
                    if "Latency" in l or "99%" in l or "50%" in l or "Requests/sec" in l))


if __name__ == "__main__":
    main()
