"""The business plan, half-year and annual report of every demo förbund, in every format."""

import datetime as dt
import io
import json
import re
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
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
# The documents the four seed documents are: 000, 001, 003 (plans) and 002 (the year 2022).
SEED_DOCUMENTS = [("stockholms-stad", 2022, "business-plan"), ("samsund", 2024, "business-plan"),
                  ("ostra-sodertorn", 2017, "business-plan"),
                  ("ostra-sodertorn", 2022, "annual-report"),
                  ("ostra-sodertorn", 2022, "half-year")]
A4_POINTS = (595.3, 841.9)
KINDS = ["business-plan", "half-year", "annual-report"]
FORMATS = ["json", "html", "xlsx", "docx", "pdf"]

# Figures each document must carry, computed by hand from the seed documents.
KEY_FIGURES = {
    ("stockholms-stad", "business-plan"): ["44 875 000", "73,98 %", "16 000 000"],
    ("samsund", "business-plan"): ["3 040 000", "10 590 000"],
    ("ostra-sodertorn", "annual-report"): ["779", "53,9 %", "16 316 000", "2 222 774"],
    ("ostra-sodertorn", "business-plan"): ["Resursrådet"],
}



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


class _Headings(HTMLParser):
    """Every table caption, column heading and row label, and every heading, of a page."""

    TAGS = ("th", "caption", "h1", "h2", "h3", "figcaption")

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.TAGS:
            self.depth += 1
            self.parts = [] if self.depth == 1 else self.parts

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TAGS and self.depth:
            self.depth -= 1
            if not self.depth and "".join(self.parts).strip():
                self.found.append("".join(self.parts).strip())

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _squeezed(text: str) -> str:
    """Text without what line breaking adds or moves: spaces, hyphens, soft hyphens."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "year", "kind"), SEED_DOCUMENTS)
def test_no_heading_or_row_label_of_a_document_is_lost_in_its_pdf(demo, slug, year, kind,
                                                                   tmp_path):
    html = render(slug, year, kind, "html", tmp_path).read_text()
    pdf = render(slug, year, kind, "pdf", tmp_path)
    parser = _Headings()
    parser.feed(html)
    assert len(parser.found) > 40
    # -raw keeps the order the PDF's tags give: each cell's words together.
    text = _squeezed(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                                    capture_output=True, text=True).stdout)
    missing = [h for h in parser.found if _squeezed(h) not in text]
    assert missing == []
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True,
                          capture_output=True, text=True).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    assert sizes and all(float(w) <= A4_POINTS[0] and float(h) <= A4_POINTS[1]
                         for w, h in sizes)
    assert "Tagged:          yes" in info


@pytest.mark.django_db
def test_the_annual_report_warns_of_its_own_year_only(demo, tmp_path):
    html = render("ostra-sodertorn", 2022, "annual-report", "html", tmp_path).read_text()
    assert not re.search(r'class="warning"[^>]*>(2014|2015|2016|2017|2018|2019|2020|2021):',
                         html)


@pytest.mark.django_db
def test_the_annual_report_computes_each_periods_participants_once(demo, monkeypatch):
    from samsyn.associations.access import Scope
    from samsyn.associations.models import Association
    from samsyn.documents import builders as documents
    from samsyn.participants import reports as participants
    from samsyn.reports.registry import get_kind
    from samsyn.reports.services import build_report

    periods: list[tuple[dt.date, dt.date]] = []
    original = participants.participants_report

    def counted(params):
        periods.append((params.start, params.end))
        return original(params)

    monkeypatch.setattr(documents, "participants_report", counted)
    association = Association.objects.get(slug="ostra-sodertorn")
    build_report(get_kind("annual-report"), Scope.system(association), 2022)
    assert periods and len(periods) == len(set(periods))


@pytest.mark.django_db
def test_a_version_frozen_in_swedish_shows_no_differences_read_in_english(demo):
    from django.utils import translation

    from samsyn.associations.access import Scope
    from samsyn.associations.models import Association
    from samsyn.reports.registry import get_kind
    from samsyn.reports.services import build_report
    from samsyn.reports.versions import changes, figures_of

    scope = Scope.system(Association.objects.get(slug="ostra-sodertorn"))
    kind = get_kind("annual-report")
    with translation.override("sv"):
        frozen = figures_of(build_report(kind, scope, 2022))
    with translation.override("en"):
        english = build_report(kind, scope, 2022)
    assert len(frozen) > 100
    assert changes(frozen, english) == []


@pytest.mark.django_db
def test_downloads_get_swedish_file_names(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("report_view", args=["alfa", "annual-report"])
    response = client.get(url, {"year": 2022, "format": "pdf"})
    disposition = response["Content-Disposition"]
    assert "%C3%A5rsredovisning-2022-alfa.pdf" in disposition  # årsredovisning, RFC 5987
    plan = client.get(reverse("report_view", args=["alfa", "business-plan"]),
                      {"year": 2022, "format": "docx"})
    assert 'filename="verksamhetsplan-2022-alfa.docx"' in plan["Content-Disposition"]


@pytest.mark.django_db
def test_the_half_year_report_prints_no_full_year_outcome(demo, tmp_path):
    html = render("ostra-sodertorn", 2022, "half-year", "html", tmp_path).read_text()
    full_year_income = f"31{NBSP}379{NBSP}624"
    annual = render("ostra-sodertorn", 2022, "annual-report", "html", tmp_path).read_text()
    assert full_year_income in annual, re.findall(r"Intäkter[^\n]{0,80}", annual)
    assert full_year_income not in html
    assert "Halvåret i siffror" in html and "Året i siffror" not in html


@pytest.mark.django_db
def test_mia_vidare_östra_södertörns_goals_hang_on_mia_vidare(demo):
    from samsyn.interventions.models import Intervention

    mia = Intervention.objects.get(association__slug="ostra-sodertorn", slug="mia-vidare-os")
    samma = Intervention.objects.get(association__slug="ostra-sodertorn", slug="samma")
    assert mia.end == dt.date(2022, 12, 31)
    assert {g.name for g in mia.goals.all()} >= {
        "Minst 80 procent känner en ökad makt över sin situation",
        "50 procent upplever en bättre hälsa efter projekttiden"}
    assert not samma.goals.exists()


@pytest.mark.django_db
def test_the_annual_report_ends_with_the_boards_decision_and_signatures(demo, tmp_path):
    pdf = render("ostra-sodertorn", 2022, "annual-report", "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    last_page = text.split("\f")[-2]
    assert "Styrelsens beslut" in last_page and "Haninge den 22 mars 2023" in last_page
    assert "Ajda Asgari, ordförande" in last_page and "Antonella Pirrone" in last_page


def test_the_office_keeps_the_documents_texts_and_the_boards_decision(alfa, login):
    client = login(alfa.users["office"])
    texts = reverse("report_texts", args=["alfa", "annual-report"]) + "?year=2022"
    client.post(texts, {"foreword": "Ett år av samverkan.", "outlook": "Fler insatser 2023."})
    decision = reverse("report_decision", args=["alfa", "annual-report"]) + "?year=2022"
    assert client.post(decision, {"decided": "2023-03-22", "place": "Alfa", "statement": "",
                                  "signatories": "Kim Ek, ordförande\n\nAli Berg"}
                       ).status_code == 302
    html = client.get(reverse("report_view", args=["alfa", "annual-report"]),
                      {"year": 2022, "format": "html"}).content.decode()
    assert html.index("Ett år av samverkan.") < html.index("Fler insatser 2023.")
    assert html.index("Förväntad utveckling") < html.index("Styrelsens beslut")
    assert "Alfa den 22 mars 2023" in html and "Kim Ek, ordförande" in html
    bad = client.post(decision, {"decided": "2023-03-22", "signatories": ", ordförande"})
    assert bad.status_code == 200 and "Rad 1 har en roll men inget namn." in bad.content.decode()
