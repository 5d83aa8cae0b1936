"""Prints the benchmark table (Markdown) from measure.py's result files.

Each figure stands beside issue 29's target for it (issue 14's where issue 29 set none) and
whether this run met it. The national roll-up shows issue 14's target and round 5's figures
(3 ms, 1.33× the hand-written sums at 5 M): whether it is "no slower than in round 5" (issue
29) takes round 5's code run beside this one (benchmarks/rollup_side.py), not this table.
"""

import json
import os
import platform
import sys
from pathlib import Path

# Round 5 (docs/benchmarks.md, a243b9c, quiet machine): the roll-up's time and its ratio to
# the hand-written sums, shown beside this run's.
ROUND5_ROLLUP_SECONDS = 0.003
ROUND5_ROLLUP_RATIO = 1.33


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"


def ms1(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def met(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "**no**")


def main() -> None:
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:]]
    info = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in info
                if line.startswith("model name")), platform.processor())
    cores = sum(1 for line in info if line.startswith("processor"))
    print(f"Machine: {cpu}, {cores} cores, Python {platform.python_version()}, PostgreSQL on "
          f"loopback; load average now {os.getloadavg()[0]:.1f}")
    print()
    print("| participations | what | ours | hand-written SQL | ratio | target | met? |")
    print("|---:|---|---:|---:|---:|---|---|")
    for r in results:
        n = f"{r['participations']:,}".replace(",", " ")
        for key, label, bar in (("report_largest", "largest", 1.2),
                                ("report_median", "median", 1.5)):
            f = r[key]
            hand = f["hand_sql"] + f.get("hand_outcome_sql", 0)
            who = f"{label} förbund ({f['association']}, {f['active_rows']} rows active)"
            if "ratio_full" in f:
                # Issue 29's floor: one hand-written statement giving every figure the report
                # gives (benchmarks/report_sql.py), checked equal before it is timed.
                print(f"| {n} | participants report {r['year']}, {who}, cold, against the "
                      f"hand-written statement giving every figure | {ms(f['report_cold'])} | "
                      f"{ms(f['hand_full'])} | {f['ratio_full']:.2f} | ≤ {bar} | "
                      f"{met(f['ratio_full'] <= bar)} |")
                print(f"| {n} | the same, against the partial pair (counting and outcome "
                      f"statements, fewer figures; for comparison) | {ms(f['report_cold'])} | "
                      f"{ms(hand)} | {f['ratio']:.2f} | | |")
                print(f"| {n} | the one statement alone, {label}, against the full "
                      f"hand-written statement | {ms(f['counts_only'])} | "
                      f"{ms(f['hand_full'])} | {f['ratio_counts_full']:.2f} | | |")
            else:  # a result file from before round 26: the partial pair only
                print(f"| {n} | participants report {r['year']}, {who}, cold, against the "
                      f"counting and the outcome statements | {ms(f['report_cold'])} | "
                      f"{ms(hand)} | {f['ratio']:.2f} | ≤ {bar} | {met(f['ratio'] <= bar)} |")
            print(f"| {n} | the counting statement alone, {label}, against the partial "
                  f"pair's | {ms(f['counts_only'])} | {ms(f['hand_sql'])} | "
                  f"{f['ratio_counts']:.2f} | | |")
            print(f"| {n} | participants report, {label}, cached | {ms(f['report_cached'])} | "
                  f"| | | |")
            if "earlier" in f:
                print(f"| {n} | the one statement for {f['earlier_year']} against {r['year']}, "
                      f"{label} | {ms(f['earlier'])} | {ms(f['counts_only'])} (latest) | "
                      f"{f['earlier_ratio']:.2f} | ≤ 1 | {met(f['earlier_ratio'] <= 1)} |")
        for key, label in (("page_cpu", "largest"), ("page_cpu_median", "median")):
            page_cpu = r.get(key)
            if not page_cpu:
                continue
            for page, p in page_cpu["pages"].items():
                first = p["first"] / p["repeated"]
                print(f"| {n} | server CPU, {page}, {label} förbund "
                      f"({page_cpu['association']}), repeated / first after a change | "
                      f"{ms1(p['repeated'])} / {ms1(p['first'])} ({p['statements']:.0f} / "
                      f"{p['first_statements']} statements) | | {first:.1f} | ≤ 2× | "
                      f"{met(first <= 2)} |")
            median = page_cpu["median_repeated"]
            print(f"| {n} | server CPU per page, median of the pages, {label} | "
                  f"{ms1(median)} | | | ≤ 8 ms | {met(median <= 0.008)} |")
        pdf = r["annual_pdf"]
        print(f"| {n} | annual report PDF, largest ({pdf['association']}), cold cache | "
              f"{pdf['seconds']:.2f} s | | | < 1.5 s | {met(pdf['seconds'] < 1.5)} |")
        # Issue 29: p95 under 150 ms with 20 clients asking without a pause; issue 14's
        # 300 ms for clients pausing as readers do.
        for key, how, bar in (("load", "no pause", 0.150),
                              ("load_users", "each pausing {think} s", 0.300)):
            load = r.get(key)
            if not load:
                continue
            clients = f"{load['clients']} clients, " + how.format(think=load.get("think"))
            for page, p in load["pages"].items():
                ok = None if p["p95"] is None else p["p95"] < bar and not p["failures"]
                print(f"| {n} | {page}, {clients}, p50 / p95 ({p['requests']} requests, "
                      f"{p['failures']} failed) | {ms(p['p50'])} / {ms(p['p95'])} | | | "
                      f"p95 < {bar * 1000:.0f} ms | {met(ok)} |")
            if "throughput" in load:
                print(f"| {n} | pages served a second, {clients} | "
                      f"{load['throughput']:.1f} | | | | |")
            cpu = load.get("cpu")  # since round 29: where the cores went
            if cpu and cpu.get("total_ms_per_page") is not None:
                split = " / ".join(f"{cpu[g]['ms_per_page']:.2f}"
                                   for g in ("generator", "server", "database"))
                print(f"| {n} | CPU a page, generator / server / PostgreSQL, {clients} | "
                      f"{split} ms ({cpu['total_ms_per_page']:.1f} ms all told) | | | | |")
        nat = r.get("national")
        if nat:
            ok = nat["ratio"] <= 1.5 and nat["rollup"] < 1
            print(f"| {n} | national roll-up of {r['year']}, {nat['associations']} förbund | "
                  f"{ms1(nat['rollup'])} | {ms1(nat['hand_sql'])} | {nat['ratio']:.2f} | "
                  f"< 1 s, ≤ 1.5 (round 5: {ms1(ROUND5_ROLLUP_SECONDS)}, "
                  f"{ROUND5_ROLLUP_RATIO:.2f}) | {met(ok)} |")
            if "page_tables" in nat:
                print(f"| {n} | the national page's tables (roll-up, snapshots read, "
                      f"formatted) | {ms(nat['page_tables'])} | | | | |")
            if "publishing_seconds" in nat:
                print(f"| {n} | publishing the year, {nat['published_now']} förbund (once) | "
                      f"{nat['publishing_seconds']:.0f} s | | | | |")
    print()
    for r in results:
        if r.get("loadavg"):
            steps = ", ".join(f"{key} {a} / {b}" for key, (a, b) in r["loadavg"].items())
            print(f"Load average before / after each step at {r['size']:,}: {steps}.")
    print("The import is measured apart: benchmarks/import_scale.py (docs/benchmarks.md).")


if __name__ == "__main__":
    main()
