"""What a change to the printed document's HTML or CSS is worth, and whether it changes a pixel
(docs/benchmarks.md, round 11).

    python benchmarks/pdf_calls.py cost FILE.html [FILE.html ...] [--rounds N]
    python benchmarks/pdf_calls.py pages BEFORE.pdf AFTER.pdf [--dpi 50]

`cost` renders each saved document (`render.to_html`'s output) with WeasyPrint as `to_pdf`
does and prints the Python function calls of one rendering (cProfile's count: the same on
every run, where CPU time on this shared machine moves ±20 % between identical runs) and the
least CPU time of N more. `pages` draws every page of both PDFs with `pdftoppm` and names
each page that differs in any pixel, with the box that holds the differences.
"""

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops
from weasyprint import HTML


def _pdf(html: str) -> bytes:
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


def cost(path: Path, rounds: int) -> str:
    html = path.read_text(encoding="utf-8")
    _pdf(html)  # warm-up: fonts, imports
    profiler = cProfile.Profile()
    profiler.runcall(_pdf, html)
    calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    times = []
    for _n in range(rounds):
        began = time.process_time()
        _pdf(html)
        times.append(time.process_time() - began)
    with open("/proc/loadavg") as load:
        average = " ".join(load.read().split()[:3])
    return (f"{path}: {calls / 1e6:.3f} M calls, CPU least {min(times):.3f} s "
            f"of {rounds} (load {average})")


def _drawn(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    # poppler's pdftoppm from the PATH, on files this script was given
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "p")],  # noqa: S603, S607
                   check=True)
    return sorted(folder.glob("p-*.png"))


def pages(before: Path, after: Path, dpi: int) -> list[str]:
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        old, new = _drawn(before, Path(one), dpi), _drawn(after, Path(two), dpi)
        found = [f"pages: {len(old)} before, {len(new)} after"]
        for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
            first, second = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
            if first.size != second.size:
                found.append(f"page {number}: another size")
            elif box := ImageChops.difference(first, second).getbbox():
                found.append(f"page {number}: differs within {box}")
        if len(found) == 1 and len(old) == len(new):
            found.append("every page identical")
        return found


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    costing = commands.add_parser("cost")
    costing.add_argument("files", nargs="+", type=Path)
    costing.add_argument("--rounds", type=int, default=3)
    comparing = commands.add_parser("pages")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    comparing.add_argument("--dpi", type=int, default=50)
    options = parser.parse_args()
    if options.command == "cost":
        for path in options.files:
            print(cost(path, options.rounds))
    else:
        print("\n".join(pages(options.before, options.after, options.dpi)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
