"""Prints the benchmark table (Markdown) from measure.py's result files."""

import json
import platform
import sys
from pathlib import Path


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"


def ms1(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:]]
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"Machine: {cpu}, {len([1 for line in Path('/proc/cpuinfo').read_text().splitlines() if line.startswith('processor')])} cores, "  # noqa: E501
          f"Python {platform.python_version()}, PostgreSQL on loopback")
    print()
    print("| participations | what | ours | hand-written SQL | ratio | target |")
    print("|---:|---|---:|---:|---:|---|")
    for r in results:
        n = f"{r['participations']:,}".replace(",", " ")
        for key, label in (("report_largest", "largest"), ("report_median", "median")):
            f = r[key]
            hand = f["hand_sql"] + f.get("hand_outcome_sql", 0)
            who = f"{label} förbund ({f['association']}, {f['active_rows']} rows active)"
            print(f"| {n} | participants report {r['year']}, {who}, cold, against the counting "
                  f"and the outcome statements | {ms(f['report_cold'])} | {ms(hand)} | "
                  f"{f['ratio']:.2f} | ≤ 1.5 |")
            print(f"| {n} | the counting statement alone, {label} | {ms(f['counts_only'])} | "
                  f"{ms(f['hand_sql'])} | {f['ratio_counts']:.2f} | |")
            print(f"| {n} | participants report, {label}, cached | {ms(f['report_cached'])} | "
                  f"| | |")
            if "earlier" in f:
                print(f"| {n} | the one statement for {f['earlier_year']} against {r['year']}, "
                      f"{label} | {ms(f['earlier'])} | {ms(f['counts_only'])} (latest) | "
                      f"{f['earlier_ratio']:.2f} | ≤ 1 |")
        for key, label in (("page_cpu", "largest"), ("page_cpu_median", "median")):
            cpu = r.get(key)
            if not cpu:
                continue
            for page, p in cpu["pages"].items():
                print(f"| {n} | server CPU, {page}, {label} förbund ({cpu['association']}), "
                      f"repeated / first after a change | {ms1(p['repeated'])} / "
                      f"{ms1(p['first'])} ({p['statements']:.0f} / {p['first_statements']} "
                      f"statements) | | {p['first'] / p['repeated']:.1f} | ≤ 8 ms, ≤ 2× |")
            print(f"| {n} | server CPU per page, median of the pages, {label} | "
                  f"{ms1(cpu['median_repeated'])} | | | ≤ 8 ms |")
        pdf = r["annual_pdf"]
        print(f"| {n} | annual report PDF, largest ({pdf['association']}), cold cache | "
              f"{pdf['seconds']:.2f} s | | | < 5 s |")
        for key, how in (("load", "no pause"), ("load_users", "each pausing {think} s")):
            load = r.get(key)
            if not load:
                continue
            clients = f"{load['clients']} clients, " + how.format(think=load.get("think"))
            for page, p in load["pages"].items():
                print(f"| {n} | {page}, {clients}, p50 / p95 ({p['requests']} requests, "
                      f"{p['failures']} failed) | {ms(p['p50'])} / {ms(p['p95'])} | | | "
                      f"p95 < 300 ms |")
            if "throughput" in load:
                print(f"| {n} | pages served a second, {clients} | "
                      f"{load['throughput']:.1f} | | | |")
        nat = r.get("national")
        if nat:
            print(f"| {n} | national roll-up of {r['year']}, {nat['associations']} förbund | "
                  f"{ms(nat['rollup'])} | {ms(nat['hand_sql'])} | {nat['ratio']:.2f} | "
                  f"< 1 s, ≤ 1.5 |")
            if "page_tables" in nat:
                print(f"| {n} | the national page's tables (roll-up, snapshots read, "
                      f"formatted) | {ms(nat['page_tables'])} | | | |")


if __name__ == "__main__":
    main()
