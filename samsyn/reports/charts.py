"""Bar charts as inline SVG: drawn on the server, so pages and PDFs need no script or font."""

import zlib
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samsyn.reports.document import Chart
from samsyn.web.formatting import format_number, format_percent

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, VALUE_WIDTH = 640, 24, 8, 230, 110
LABEL_CHARS = 30


def _label(value: Decimal | None, unit: str) -> str:
    if value is None:
        return _("no figure")
    return format_percent(value, 1) if unit == "percent" else format_number(value, 0)


def bar_svg(chart: Chart) -> SafeString:
    """Horizontal bars; the figures are printed beside them, so colour carries no meaning."""
    top = 8
    height = top + len(chart.labels) * (BAR_HEIGHT + GAP)
    scale_max = Decimal(100) if chart.unit == "percent" else max(
        [v for v in chart.values if v is not None] or [Decimal(1)])
    scale_max = scale_max or Decimal(1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = top + i * (BAR_HEIGHT + GAP)
        length = int(span * (value or 0) / scale_max)
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        bars.append((y + BAR_HEIGHT * 0.7, short, LABEL_WIDTH, y, length,
                     LABEL_WIDTH + length + 6, _label(value, chart.unit)))
    body = format_html_join(
        "\n",
        '<text x="0" y="{}" fill="#1d2330">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="' + str(BAR_HEIGHT) + '" fill="#1f5f8b"/>'
        '<text x="{}" y="{}" fill="#1d2330">{}</text>',
        ((ty, label, x, y, w, vx, ty, text) for ty, label, x, y, w, vx, text in bars),
    )
    return format_html(
        '<figure class="chart"><svg role="img" aria-labelledby="{id}" viewBox="0 0 {w} {h}" '
        'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="{id}">{title}</title>{body}'
        '</svg><figcaption>{title}</figcaption></figure>',
        id=f"chart-{zlib.crc32(chart.title.encode()):08x}", w=WIDTH, h=height, title=chart.title,
        body=body,
    )


def grouped(title: str, groups: list[tuple[str, list[tuple[str, Decimal | None]]]],
            unit: str = "count") -> Chart:
    """Several bars a group (an insats by gender, a line's budget and outcome), one row each."""
    labels, values = [], []
    for group, bars in groups:
        for series, value in bars:
            labels.append(f"{group} · {series}")
            values.append(value)
    return Chart(title=title, labels=labels, values=values, unit=unit)  # type: ignore[arg-type]
