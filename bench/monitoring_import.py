#!/usr/bin/env python3
"""DHIS2 dataValueSets imports at volume against a running stack (`make run`, or the bench's
Release stack): one file of `--values` figures (a daily data set over the demo's territories,
sex x age disaggregated) POSTed to /v1/dataValueSets, the operation polled until done. Reports
values per second (the POST's start to the operation's end), the import's own phases from the
operation (create -> end), the RSS of the gateway and of monitoring, and, as the baseline
measured in the same run, figures per second entered one per request with POST :setValues.
A second run of the same file is the re-import (every row unchanged).

  python3 bench/monitoring_import.py --values 100000
"""
import argparse
import concurrent.futures
import json
import subprocess
import time
import urllib.request

from monitoring_volume import call, rss_kib, token

COMBOS = [(s, g) for s in ("FEMALE", "MALE") for g in ("AGE_0_17", "AGE_18_64", "AGE_65_PLUS")]


def make_file(territories, values, data_set, seed):
    # From 2020 on, or earlier when the file would otherwise reach days that have not come yet
    # (a daily data set refuses future periods): 1M figures over the demo's territories are
    # about 24 years of days.
    days = -(-values // (len(territories) * len(COMBOS)))
    first = min(time.mktime((2020, 1, 1, 12, 0, 0, 0, 0, 0)), time.time() - (days + 1) * 86400)
    first -= first % 86400 - 12 * 3600
    rows = []
    day = 0
    while len(rows) < values:
        period = time.strftime("%Y%m%d", time.gmtime(first + day * 86400))
        for t in territories:
            for sex, age in COMBOS:
                rows.append({"dataElement": "indicators/beneficiaries-served", "period": period,
                             "orgUnit": t, "categoryOptionCombo": f"{sex}.{age}",
                             "value": str((day * 7 + len(t) + seed) % 50)})
                if len(rows) == values:
                    break
            if len(rows) == values:
                break
        day += 1
    return json.dumps({"dataSet": data_set, "dataValues": rows}).encode()


def create_form(base, tok, territories, data_set_id, indicators=10):
    """A daily form of `indicators` new indicators, each by sex x age: one submission (an org
    unit x a day) holds 6 x `indicators` figures, as a DHIS2 form holds many data elements."""
    names = []
    for i in range(indicators):
        status, body = call(base, "POST", f"/v1/indicators?indicatorId={data_set_id}-{i}", tok, {
            "code": f"{data_set_id.upper().replace('-', '_')}_{i}",
            "displayName": {"en": f"Form indicator {i}"}, "unit": "persons",
            "valueType": "INTEGER", "aggregation": "SUM", "level": "OUTPUT",
            "direction": "HIGHER_IS_BETTER", "categories": ["categories/sex", "categories/age-group"]})
        assert status in (200, 409), body
        names.append(f"indicators/{data_set_id}-{i}")
    status, body = call(base, "POST", f"/v1/dataSets?dataSetId={data_set_id}", tok, {
        "code": data_set_id.upper().replace("-", "_"), "displayName": {"en": data_set_id},
        "periodType": "DAILY", "indicators": names, "orgUnits": territories})
    assert status in (200, 409), body
    return names


def make_form_file(territories, indicators, values, data_set):
    """`values` figures of the form, day after day from 2018 (1M figures over the demo's
    territories and 10 indicators: about 2.4 years)."""
    first = time.mktime((2018, 1, 1, 12, 0, 0, 0, 0, 0))
    rows, day = [], 0
    while len(rows) < values:
        period = time.strftime("%Y%m%d", time.gmtime(first + day * 86400))
        for t in territories:
            for indicator in indicators:
                for sex, age in COMBOS:
                    rows.append({"dataElement": indicator, "period": period, "orgUnit": t,
                                 "categoryOptionCombo": f"{sex}.{age}",
                                 "value": str((day * 7 + len(t) + len(rows)) % 50)})
        day += 1
    return json.dumps({"dataSet": data_set, "dataValues": rows[:values]}).encode()


def run_import(base, tok, body):
    start = time.time()
    req = urllib.request.Request(base + "/v1/dataValueSets", method="POST", data=body,
                                 headers={"content-type": "application/json",
                                          "authorization": "Bearer " + tok})
    with urllib.request.urlopen(req) as r:
        op = json.loads(r.read())
    answered = time.time() - start
    peak = {"civitas-gateway": 0, "civitas-monitoring": 0}
    while not op.get("done"):
        for p in peak:
            peak[p] = max(peak[p], rss_kib(p))
        time.sleep(0.2)
        status, raw = call(base, "GET", "/v1/" + op["name"], tok)
        op = json.loads(raw)
    return time.time() - start, answered, op, peak


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://localhost:8080")
    p.add_argument("--values", type=int, default=100000)
    p.add_argument("--baseline-seconds", type=float, default=5)
    a = p.parse_args()
    ministry, admin = token("ministry"), token("admin")
    status, body = call(a.base, "GET", "/v1/territories?pageSize=1000")
    territories = [t["name"] for t in json.loads(body)["territories"]]
    data_set = "dataSets/import-daily"
    status, body = call(a.base, "POST", "/v1/dataSets?dataSetId=import-daily", ministry, {
        "code": "IMPORT_DAILY", "displayName": {"en": "Imports, daily"}, "periodType": "DAILY",
        "indicators": ["indicators/beneficiaries-served"], "orgUnits": territories})
    assert status in (200, 409), body

    # The baseline: one figure per POST :setValues, 8 clients, for a few seconds.
    def enter(i):
        period = time.strftime("%Y%m%d", time.gmtime(time.mktime((2019, 1, 1, 12, 0, 0, 0, 0, 0))
                                                      + (i // len(territories)) * 86400))
        s, _ = call(a.base, "POST", "/v1/dataSets/import-daily:setValues", admin, {
            "orgUnit": territories[i % len(territories)], "period": period,
            "values": [{"indicator": "indicators/beneficiaries-served",
                        "categoryOptions": ["FEMALE", "AGE_0_17"], "value": "1"}]})
        assert s == 200
    done = 0
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        while time.time() - start < a.baseline_seconds:
            list(pool.map(enter, range(done, done + 200)))
            done += 200
    baseline = done / (time.time() - start)
    print(f"baseline: {baseline:.0f} figures/s, one per POST :setValues (8 clients)")

    body = make_file(territories, a.values, data_set, seed=0)
    print(f"file: {a.values} figures, {len(body) / 1e6:.1f} MB of dataValueSets JSON")
    before = {p: rss_kib(p) for p in ("civitas-gateway", "civitas-monitoring")}
    for what in ("import", "re-import"):
        seconds, answered, op, peak = run_import(a.base, admin, body)
        s = op.get("response", {})
        counts = {k: int(s.get(k, 0)) for k in ("imported", "updated", "unchanged", "ignored")}
        print(f"{what}: {a.values / seconds:.0f} figures/s ({seconds:.1f} s; answered in "
              f"{answered:.1f} s; {counts}); x{a.values / seconds / baseline:.1f} the baseline")
        print(f"  RSS KiB before -> peak while running: " + ", ".join(
            f"{p} {before[p]} -> {peak[p]}" for p in before))


if __name__ == "__main__":
    main()
