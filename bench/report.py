"""The bench's figures: percentiles, the report file, the table, and the query pins CI checks.

Kept free of Django and of the network so that tests/perf/test_bench_report.py can test it on its own.
"""

import json
import math
from pathlib import Path

PINS_FILE = Path(__file__).with_name("pins.json")


def percentile(values, p):
    """The p-th percentile (0-100) by nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(name, timings_ms, queries=None, admin_timings_ms=None, **extra):
    """One object of report.json: name, p50_ms, p95_ms, queries, and admin_p50_ms (with the ratio) where the
    same list was measured in the Django admin."""
    case = {"name": name, "p50_ms": _round(percentile(timings_ms, 50)), "p95_ms": _round(percentile(timings_ms, 95)),
            "queries": queries, "n": len(timings_ms)}
    if admin_timings_ms:
        case["admin_p50_ms"] = _round(percentile(admin_timings_ms, 50))
        case["admin_ratio"] = (round(case["admin_p50_ms"] / case["p50_ms"], 2)
                               if case["p50_ms"] else None)
    case.update(extra)
    return case


def _round(value):
    return None if value is None else round(value, 1)


def write_report(cases, path, meta=None):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": meta or {}, "cases": cases}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


def load_pins(path=PINS_FILE):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def pin_for(name, pins):
    """The pin of a case: its own entry, else the first rule whose prefix the case name starts with."""
    if name in pins.get("cases", {}):
        return pins["cases"][name]
    for rule in pins.get("rules", []):
        if name.startswith(rule["prefix"]):
            return rule
    return None


def check_pins(cases, pins):
    """(failures, misses): a failure is a case over its `current` pin (CI fails); a miss is a case over its
    `target` (the fix branch's work: reported, not failing). A deep page that runs more queries than its page 1
    is a failure once `same_queries_deep_page` is true in the pins, else a miss."""
    failures, misses = [], []
    by_name = {c["name"]: c for c in cases}
    for case in cases:
        queries = case.get("queries")
        pin = pin_for(case["name"], pins)
        if queries is None or pin is None:
            continue
        current, target = pin.get("current"), pin.get("target")
        if current is not None and queries > current:
            failures.append(f"{case['name']}: {queries} queries, pinned at {current} (target {target})")
        elif target is not None and queries > target:
            misses.append(f"{case['name']}: {queries} queries, target {target}")
        if case["name"].endswith(" deep"):
            first = by_name.get(case["name"][: -len(" deep")] + " none")
            if first and first.get("queries") is not None and queries != first["queries"]:
                message = f"{case['name']}: {queries} queries, page 1 runs {first['queries']}"
                (failures if pins.get("same_queries_deep_page") else misses).append(message)
    return failures, misses


def pins_from_report(cases, pins):
    """The pins with `current` set to today's figure for every case over its target (`bench/run.py pins`): CI is
    green now and fails when a list gets worse; the fix branch lowers the figures towards the targets."""
    own = {}
    for case in cases:
        queries, pin = case.get("queries"), pin_for(case["name"], pins)
        if queries is None or pin is None or case.get("status") not in (None, 200):
            continue
        target = pin.get("target")
        if target is not None and queries > target:
            own[case["name"]] = {"current": queries, "target": target}
    return {**pins, "cases": dict(sorted(own.items()))}


def format_table(cases):
    """A fixed-width table of the cases, for the terminal."""
    header = f"{'case':<58} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'admin p50':>9} {'ratio':>6}"
    lines = [header, "-" * len(header)]
    def cell(c, key, width):
        value = c.get(key)
        return f"{'' if value is None else value:>{width}}"

    for c in cases:
        lines.append(f"{c['name'][:58]:<58} {cell(c, 'p50_ms', 8)} {cell(c, 'p95_ms', 8)} "
                     f"{cell(c, 'queries', 7)} {cell(c, 'admin_p50_ms', 9)} {cell(c, 'admin_ratio', 6)}")
        if c.get("note"):
            lines.append(f"    {c['note']}")
    return "\n".join(lines)
