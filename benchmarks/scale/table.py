"""Prints the benchmark table (Markdown) from measure.py's result files."""

import json
import platform
import sys
from pathlib import Path


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"


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
            who = f"{label} förbund ({f['association']}, {f['active_rows']} rows active)"
            print(f"| {n} | participants report {r['year']}, {who}, cold | "
                  f"{ms(f['report_cold'])} | {ms(f['hand_sql'])} | {f['ratio']:.2f} | ≤ 1.5 |")
            print(f"| {n} | the counting queries alone, {label} | {ms(f['counts_only'])} | "
                  f"{ms(f['hand_sql'])} | {f['ratio_counts']:.2f} | |")
            print(f"| {n} | participants report, {label}, cached | {ms(f['report_cached'])} | "
                  f"| | |")
        pdf = r["annual_pdf"]
        print(f"| {n} | annual report PDF, largest ({pdf['association']}) | "
              f"{pdf['seconds']:.2f} s | | | < 5 s |")
        load = r.get("load")
        if load:
            for page, p in load["pages"].items():
                print(f"| {n} | {page}, {load['clients']} clients, p50 / p95 "
                      f"({p['requests']} requests, {p['failures']} failed) | "
                      f"{ms(p['p50'])} / {ms(p['p95'])} | | | p95 < 300 ms |")
        print(f"| {n} | national roll-up of a year (helper `national`: to be filled) | | | | "
              f"< 1 s, ≤ 1.5 |")
        print(f"| {n} | import of 1 000 000 rows against COPY (helper `import`: to be filled) "
              f"| | | | ≥ 0.2x |")




if __name__ == "__main__":
    main()
