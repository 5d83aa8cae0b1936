"""The business plan, half-year and annual report of every demo förbund, in every format."""

import datetime as dt
import io
import json
import subprocess
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from samsyn.finance.models import BudgetLine
from samsyn.reports.versions import swedish_date

NBSP = "\u00a0"
DEMO = [("stockholms-stad", 2022), ("samsund", 2024), ("ostra-sodertorn", 2022)]
KINDS = ["business-plan", "half-year", "annual-report"]
FORMATS = ["json", "html", "xlsx", "docx", "pdf"]

# Figures each document must carry, computed by hand from the seed documents.
KEY_FIGURES = {
    ("stockholms-stad", "business-plan"): ["44 875 000", "73,98 %", "16 000 000"],
    ("samsund", "business-plan"): ["3 040 000", "10 590 000"],
    ("ostra-sodertorn", "annual-report"): ["69,1 %", "16 316 000", "2 222 774"],
    ("ostra-sodertorn", "business-plan"): ["Resursrådet"],
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module, outside the tests' transactions, so flushed afterwards.
    with django_db_blocker.unblock():
        call_command("load_demo", "--quiet-logins", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def render(slug, year, kind, fmt, tmp_path):
    path = tmp_path / f"{slug}-{kind}.{fmt}"
    call_command("report", kind, "--association", slug, "--year", str(year), "--format", fmt,
                 "--output", str(path), stdout=StringIO())
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("slug", "year"), DEMO)
def test_every_document_of_every_demo_förbund_renders_in_every_format(demo, slug, year, kind,
                                                                       tmp_path):
    wanted = [f.replace(" ", NBSP) for f in KEY_FIGURES.get((slug, kind), [])]
    for fmt in FORMATS:
        path = render(slug, year, kind, fmt, tmp_path)
        if fmt == "json":
            data = json.loads(path.read_text())
            assert data["association"] == slug and data["year"] == year
        elif fmt == "html":
            text = path.read_text()
            assert all(f in text for f in wanted), (slug, kind)
        elif fmt == "xlsx":
            book = load_workbook(path)
            numbers = [c.value for s in book for r in s.iter_rows() for c in r
                       if isinstance(c.value, int | float | Decimal)]
            assert numbers, "figures are numbers in Excel"
        elif fmt == "docx":
            text = "\n".join(p.text for p in Document(str(path)).paragraphs)
            cells = "\n".join(c.text for t in Document(str(path)).tables
                              for row in t.rows for c in row.cells)
            assert all(f in cells or f in text for f in wanted), (slug, kind)
        else:
            text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                                  capture_output=True, text=True).stdout
            flat = text.replace(NBSP, " ")
            assert all(f.replace(NBSP, " ") in flat for f in wanted), (slug, kind)
            assert "Sida 1 /" in text
            subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path),
                            str(tmp_path / "page")], check=True)
            (image,) = tmp_path.glob("page-*.png")
            assert image.stat().st_size > 1000


def test_the_half_year_covers_january_to_june(alfa):
    out = StringIO()
    call_command("report", "half-year", "--association", "alfa", "--year", "2022", stdout=out)
    assert json.loads(out.getvalue())["period"] == {"start": "2022-01-01", "end": "2022-06-30"}


def test_the_plan_shows_its_decision_as_swedish_prose_dates(alfa):
    assert swedish_date(dt.date(2023, 3, 22)) == "22 mars 2023"
    out = StringIO()
    call_command("report", "business-plan", "--association", "alfa", "--year", "2022",
                 "--format", "html", stdout=out)
    html = out.getvalue()
    assert "25 november 2021" in html and "Finansiera individinsatser" in html


def test_texts_are_kept_with_the_report_and_shown_in_it(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("report_texts", args=["alfa", "annual-report"]) + "?year=2022"
    client.post(url, {"foreword": "Ett år av samverkan.", "analysis": "Fler gick till arbete."})
    page = client.get(reverse("report_view", args=["alfa", "annual-report"]), {"year": 2022})
    text = page.content.decode()
    assert "Förord" in text and "Ett år av samverkan." in text and "Fler gick till arbete." in text


def test_a_frozen_report_shows_later_changes_instead_of_rewriting_them(alfa, login):
    client = login(alfa.users["office"])
    freeze = reverse("report_freeze", args=["alfa", "business-plan"]) + "?year=2022"
    client.post(freeze, {"decided": "2021-11-25", "published": ""})
    report_url = reverse("report_view", args=["alfa", "business-plan"])
    same = client.get(report_url, {"year": 2022}).content.decode()
    assert "Samma siffror som versionen fastställd 25 november 2021." in same
    line = BudgetLine.objects.get(association=alfa.association, year=2022,
                                  category="office_staff")
    line.amount = Decimal(350_000)
    line.save()
    changed = client.get(report_url, {"year": 2022}).content.decode()
    assert "skiljer sig från versionen fastställd 25 november 2021" in changed
    assert f"300{NBSP}000 → 350{NBSP}000" in changed


def test_the_board_gets_documents_published_and_cannot_freeze_them(alfa, login):
    client = login(alfa.users["board"])
    response = client.get(reverse("report_view", args=["alfa", "annual-report"]),
                          {"year": 2022, "format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Publicerad version" in text
    freeze = reverse("report_freeze", args=["alfa", "annual-report"]) + "?year=2022"
    assert client.post(freeze, {"decided": "2023-03-01"}).status_code == 403
