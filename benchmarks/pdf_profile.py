"""Where the annual report's PDF spends its time, phase by phase (docs/benchmarks.md, rounds 8, 16).

    python benchmarks/pdf_profile.py ASSOCIATION YEAR [--rounds N] [--warm] [--profile FILE]
        [--output FILE.pdf] [--html FILE.html] [--redraw] [--freeze]

Uses the database of DATABASE_URL (the demo's SQLite without it). Each round empties Django's
cache first (as `make bench` does: the figures and tables are made again; the chart drawings,
kept in a cache of their own, only with --redraw) unless --warm, then times: building the
report (the data), writing its HTML (tables and charts), and WeasyPrint's steps as its
progress log names them (parsing, styles, boxes, layout, PDF). The medians of the rounds are
printed; --profile writes cProfile's statistics of one more round to FILE; --html writes the
document's HTML, for benchmarks/pdf_calls.py. --freeze: Django's start-up collected and frozen
first, as deploy/gunicorn.conf.py does in a server's master before it forks a worker.
"""

import argparse
import cProfile
import gc
import itertools
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")

import django  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

# --freeze: as a gunicorn worker runs (deploy/gunicorn.conf.py's pre_fork): what the master
# loaded (Django and the WSGI application, not WeasyPrint nor matplotlib, loaded on the first
# PDF) collected and frozen before the PDFs are made. Read before argparse: it must come
# before the imports below.
if "--freeze" in sys.argv:
    get_wsgi_application()
    gc.collect()
    gc.freeze()
else:
    django.setup()

from django.core.cache import cache, caches  # noqa: E402
from django.utils import translation  # noqa: E402
from weasyprint.logger import PROGRESS_LOGGER  # noqa: E402

from samsyn.associations.access import Scope  # noqa: E402
from samsyn.associations.models import Association  # noqa: E402
from samsyn.participants import queries  # noqa: E402
from samsyn.reports import printing, render  # noqa: E402
from samsyn.reports.registry import get_kind  # noqa: E402
from samsyn.reports.services import build_report  # noqa: E402


class Steps(logging.Handler):
    """The moment each of WeasyPrint's steps begins (its progress log says when), in this
    process's CPU time: on a shared machine the wall clock mostly measures the others."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        step = message.split(" - ")[1] if " - " in message else message
        if step.startswith("Creating layout - Page"):
            step = "Creating layout"
        if not self.marks or self.marks[-1][0] != step:
            self.marks.append((step, time.process_time()))


def one_round(association: Association, year: int, warm: bool, output: Path | None,
              html_output: Path | None = None, redraw: bool = False) -> dict[str, float]:
    if not warm:
        cache.clear()
    if redraw:
        caches["drawings"].clear()
    steps = Steps()
    PROGRESS_LOGGER.addHandler(steps)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False
    times: dict[str, float] = {}
    wall, began = time.perf_counter(), time.process_time()
    with queries.one_document():
        report = build_report(get_kind("annual-report"), Scope.system(association), year)
    built = time.process_time()
    # As printing.to_pdf makes it: the HTML and the PDF with the collector paused, the
    # collection of what they made (when it is back on) counted in the PDF's time.
    with printing.collector_paused():
        html = render.to_html(report)
        written = time.process_time()
        pdf = printing.html_to_pdf(html)
        made = time.process_time()
    done = time.process_time()
    PROGRESS_LOGGER.removeHandler(steps)
    times["data (build_report), CPU"] = built - began
    times["HTML (tables, charts), CPU"] = written - built
    marks = [*steps.marks, ("collecting what it made", made), ("end", done)]
    for (step, at), (_next, until) in itertools.pairwise(marks):
        times[f"  weasyprint: {step}"] = times.get(f"  weasyprint: {step}", 0) + until - at
    times["weasyprint in all, CPU"] = done - written
    times["total, CPU of this process"] = done - began
    times["total, wall clock"] = time.perf_counter() - wall
    if output is not None:
        output.write_bytes(pdf)
    if html_output is not None:
        html_output.write_text(html, encoding="utf-8")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("association")
    parser.add_argument("year", type=int)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--html", type=Path)
    parser.add_argument("--redraw", action="store_true",
                        help="empty the chart drawings' cache too: every chart drawn anew")
    parser.add_argument("--freeze", action="store_true",
                        help="start-up's objects frozen first, as in a gunicorn worker")
    options = parser.parse_args()
    translation.activate("sv")
    association = Association.objects.get(slug=options.association)
    one_round(association, options.year, options.warm, None)  # warm-up: imports, fonts
    rounds = [one_round(association, options.year, options.warm, options.output, options.html,
                        options.redraw)
              for _n in range(options.rounds)]
    with open("/proc/loadavg") as load:
        print(f"load {load.read().split()[:3]}, {options.rounds} rounds, "
              f"{'warm' if options.warm else 'cache emptied'} each round"
              f"{', drawings emptied' if options.redraw else ''}"
              f"{', start-up frozen' if options.freeze else ''}")
    for name in rounds[0]:
        values = [r.get(name, 0.0) for r in rounds]
        print(f"{name:<45} {statistics.median(values):7.3f} s  "
              f"(min {min(values):.3f}, max {max(values):.3f})")
    if options.profile:
        profiler = cProfile.Profile()
        profiler.runcall(one_round, association, options.year, options.warm, None, None,
                         options.redraw)
        profiler.dump_stats(options.profile)


if __name__ == "__main__":
    main()
