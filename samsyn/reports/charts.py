"""Bar charts drawn by matplotlib, as SVG for pages and PDFs and PNG for Word.

Drawn on the server with the Agg backend, so pages and PDFs need no script; text is drawn as
paths in DejaVu Sans (the documents' font), so the SVG looks the same wherever it is opened.
The figures are printed beside the bars, so colour carries no meaning of its own, and the
table with the same figures is always in the document beside the chart.
"""

import hashlib
import io
import re
import textwrap
import threading
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samsyn.reports.document import Chart
from samsyn.web.formatting import format_number, format_percent

# Wide enough for an A4 text column (180 mm) at 100 %, and legible printed at that size.
WIDTH_INCHES = 6.7
BAR_INCHES = 0.2
LINE_INCHES = 0.165
LABEL_WRAP = 40
# Colours told apart also in greyscale and by readers with colour-blindness (Okabe–Ito).
COLOURS = ("#1f5f8b", "#e69f00", "#5b8c3a", "#a11d1d", "#7d5ba6")

# Drawings are kept under this module's own text too: changed drawing code draws anew.
DRAWING_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
CHART_SECONDS = 7 * 24 * 3600
# matplotlib's pyplot state is global; documents may be rendered from several threads.
_LOCK = threading.Lock()


def value_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return _("no figure")
    return format_percent(value, 1) if unit == "percent" else format_number(value, 0)


def _swedish_tick(value: float, unit: str) -> str:
    number = format_number(Decimal(str(round(value))), 0)
    return f"{number}\u00a0%" if unit == "percent" else number


def _figure(chart: Chart, titled: bool) -> Any:
    import matplotlib  # noqa: PLC0415 - start-up cost: matplotlib only when a chart is drawn

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # noqa: PLC0415 - start-up cost: matplotlib only when a chart is drawn
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415 - start-up cost: matplotlib only when a chart is drawn

    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    # Text as text: WeasyPrint sets it in a third less time than glyph paths, and the PDF
    # keeps the labels as words (searchable, read out).
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "samsyn"
    series = chart.series or [""]
    rows = chart.rows()
    labels = ["\n".join(textwrap.wrap(label, LABEL_WRAP)) or label for label in chart.labels]
    # Labels sit at even steps, so every step gets the room of the tallest label (or of its
    # bars, whichever needs more).
    lines = max([label.count("\n") + 1 for label in labels] or [1])
    room = max(lines * LINE_INCHES, len(series) * BAR_INCHES) + 0.12
    height = (0.55 + len(labels) * room + (0.35 if titled else 0)
              + (0.35 if len(series) > 1 else 0))
    figure = Figure(figsize=(WIDTH_INCHES, height))
    axes = figure.add_subplot()
    bar = 0.8 / len(series)
    known: list[Decimal] = [v for row in rows for v in row if v is not None]
    top = 100.0 if chart.unit == "percent" else float(max(known or [Decimal(1)]) or 1)
    for s, name in enumerate(series):
        positions = [i + (s - (len(series) - 1) / 2) * bar for i in range(len(labels))]
        values = [float(v) if (v := row[s]) is not None else 0.0 for row in rows]
        bars = axes.barh(positions, values, height=bar * 0.9, color=COLOURS[s % len(COLOURS)],
                         label=name or None)
        for rect, row in zip(bars, rows, strict=True):
            axes.text(rect.get_width() + top * 0.01, rect.get_y() + rect.get_height() / 2,
                      value_text(row[s], chart.unit), va="center", fontsize=7.5,
                      color="#1d2330")
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.18)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _swedish_tick(v, chart.unit)))
    axes.tick_params(axis="x", labelsize=7.5)
    axes.spines[["top", "right"]].set_visible(False)
    if titled:
        axes.set_title(chart.title, loc="left", fontsize=10, fontweight="bold", wrap=True)
    if len(series) > 1:
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(series), 4),
                    fontsize=8, frameon=False)
    figure.tight_layout()
    return figure


def _drawn(chart: Chart, form: str, draw: Callable[[], Any]) -> Any:
    """A drawing is a function of its chart alone, so it is kept under the chart's content:
    matplotlib takes a tenth of a second a chart, and a document page has eight. It is kept in
    a cache of its own ("drawings" in settings.CACHES), not under the förbund's version with
    the pages: a write that leaves a chart's figures as they were (most do) and an emptied
    page cache find it drawn (docs/benchmarks.md, round 21)."""
    what = repr((form, chart.title, chart.labels, chart.values, chart.unit, chart.series,
                 translation.get_language(), DRAWING_VERSION))
    key = f"samsyn-chart:{hashlib.sha256(what.encode()).hexdigest()}"
    drawings = caches["drawings"]
    found = drawings.get(key)
    if found is None:
        found = draw()
        drawings.set(key, found, CHART_SECONDS)
    return found


# The pages' Content-Security-Policy (style-src 'self') blocks inline style attributes, which
# left every bar black in the browser: each of matplotlib's style declarations becomes the SVG
# presentation attribute of the same name, which the policy allows (and WeasyPrint reads).
_STYLE = re.compile(r' style="([^"]*)"')


def _as_attributes(found: re.Match[str]) -> str:
    pairs = (d.split(":", 1) for d in found.group(1).split(";") if ":" in d)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


# matplotlib's one style sheet, which the same policy blocks (a console error per chart): its
# two properties are inherited, so they go on the drawing's root as attributes instead.
_SHEET = re.compile(r'\s*<style type="text/css">\*\{stroke-linejoin: round; '
                    r'stroke-linecap: butt\}</style>')


def _without_style_sheet(text: str) -> str:
    text = _SHEET.sub("", text, count=1)
    return text.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)


# What WeasyPrint would read and throw away: the RDF block naming matplotlib, an empty <defs>,
# and the indentation between elements (each a text node it styles).
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>|\s*<defs>\s*</defs>", re.DOTALL)
_BETWEEN = re.compile(r">\s+<")
_GROUP = re.compile(r'<g id="[^"]*">|<g>|<g [^>]*>|</g>')


def _slim(text: str) -> str:
    """The drawing with the same look in about half the elements, for WeasyPrint (issue 29).

    matplotlib wraps every bar, tick and label in a group of its own that carries only an id;
    WeasyPrint matches the document's styles against each and draws each with a saved and
    restored graphics state, so a document's eight charts cost it as much as its tables. A
    group with nothing but an id changes nothing drawn, so it is unwrapped (its children
    kept in place); a group with attributes (a transform, a clip) stays.
    """
    text = _BETWEEN.sub("><", _METADATA.sub("", text))
    kept: list[bool] = []

    def group(found: re.Match[str]) -> str:
        tag = found.group(0)
        if tag == "</g>":
            return tag if kept.pop() else ""
        keep = not (tag == "<g>" or (tag.startswith('<g id="') and tag.count('"') == 2))
        kept.append(keep)
        return tag if keep else ""

    return _GROUP.sub(group, text)


def svg(chart: Chart) -> str:
    """The drawing without its title: the page sets the title above it as a caption."""
    def draw() -> str:
        with _LOCK:
            buffer = io.StringIO()
            _figure(chart, titled=False).savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        # The document gives the figure its accessible name; the file's own header is not
        # needed.
        return _slim(_STYLE.sub(_as_attributes, _without_style_sheet(text[text.index("<svg"):])))

    return str(_drawn(chart, "svg", draw))


def png(chart: Chart, dpi: int = 150) -> bytes:
    def draw() -> bytes:
        with _LOCK:
            buffer = io.BytesIO()
            _figure(chart, titled=True).savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    return bytes(_drawn(chart, f"png{dpi}", draw))


def alternative(chart: Chart) -> str:
    """The chart in words, for readers who cannot see it: every bar's label and figure."""
    series = chart.series or [""]
    parts = []
    for label, row in zip(chart.labels, chart.rows(), strict=True):
        figures = ", ".join(f"{name}: {value_text(v, chart.unit)}" if name
                            else value_text(v, chart.unit)
                            for name, v in zip(series, row, strict=True))
        parts.append(f"{label}: {figures}")
    return f"{chart.title}. " + "; ".join(parts) + "."


_ID = re.compile(r'id="([^"]+)"')


def _unique_ids(text: str, prefix: str) -> str:
    """matplotlib names glyphs and clip paths alike in every drawing; a page holds several."""
    for name in set(_ID.findall(text)):
        text = (text.replace(f'id="{name}"', f'id="{prefix}-{name}"')
                .replace(f'#{name}"', f'#{prefix}-{name}"')
                .replace(f'#{name})', f'#{prefix}-{name})'))
    return text


_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


def figure_html(chart: Chart) -> SafeString:
    """The chart as a figure with its title above it and a text alternative."""
    ident = f"chart-{zlib.crc32((chart.title + ''.join(chart.labels)).encode()):08x}"
    # Kept with the drawing: renaming a drawing's hundreds of ids takes as long as the rest.
    drawing = str(_drawn(chart, "figure", lambda: _unique_ids(
        _SIZE.sub(r'<svg\1 width="100%"', svg(chart), count=1), ident)))
    # The text alternative is the drawing's <title>: screen readers read it, and WeasyPrint
    # makes it the /Alt of the figure in the tagged PDF.
    opening = drawing.index(">", drawing.index("<svg")) + 1
    drawing = (drawing[:opening].replace(
        "<svg", f'<svg role="img" aria-labelledby="{ident}-alt" focusable="false"', 1)
        + format_html('<title id="{}-alt">{}</title>', ident, alternative(chart))
        + drawing[opening:])
    return format_html(
        '<figure class="chart" id="{id}"><figcaption>{title}</figcaption>{drawing}</figure>',
        id=ident, title=chart.title, drawing=mark_safe(drawing),  # noqa: S308 - our own SVG
    )


def grouped(title: str, groups: list[tuple[str, list[tuple[str, Decimal | None]]]],
            unit: str = "count") -> Chart:
    """Several bars a group (an insats by gender, a line's budget and outcome), with a legend."""
    series = list(dict.fromkeys(name for _group, bars in groups for name, _v in bars))
    labels = [group for group, _bars in groups]
    values: list[Decimal | None] = []
    for _group, bars in groups:
        found = dict(bars)
        values.extend(found.get(name) for name in series)
    return Chart(title=title, labels=labels, values=values, unit=unit,  # type: ignore[arg-type]
                 series=series)
