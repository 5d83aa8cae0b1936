"""A report's tables are rendered once per content: shown again unchanged, the markup comes
from the cache; changed in any figure, it is rendered anew."""

import dataclasses
import datetime as dt
from decimal import Decimal
from unittest import mock

from samsyn.reports import render
from samsyn.reports.document import Column, Report, Table


def report(budget: str) -> Report:
    table = Table(title="Budget 2022", columns=[Column("line", "Post"),
                                                Column("budget", "Budget", "money")],
                  rows=[{"line": "MIA Vidare", "budget": Decimal(budget)}])
    return Report(kind="test", title="Provrapport", association="alfa",
                  association_name="Samordningsförbundet Alfa",
                  period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                  tables=[table])


def test_the_same_report_shown_twice_is_rendered_once(db):
    with mock.patch.object(render, "render_to_string", wraps=render.render_to_string) as made:
        first = render.tables_html(report("16316000"))
        again = render.tables_html(report("16316000"))
    assert made.call_count == 1
    assert again == first
    assert "16" in first and "Budget 2022" in first


def test_a_changed_figure_is_rendered_anew(db):
    before = render.tables_html(report("16316000"))
    after = render.tables_html(report("17000000"))
    assert before != after
    assert "17\u00a0000\u00a0000" in after or "17 000 000" in after


def test_a_changed_title_is_rendered_anew(db):
    first = report("100")
    renamed = dataclasses.replace(first, tables=[dataclasses.replace(first.tables[0],
                                                                     title="Utfall 2022")])
    assert "Utfall 2022" in render.tables_html(renamed)
    assert "Utfall 2022" not in render.tables_html(first)
