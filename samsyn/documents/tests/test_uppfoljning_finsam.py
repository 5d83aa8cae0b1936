"""The Uppföljning Finsam report: what the national form asks, in its shape."""

import datetime as dt
import json
import re
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from samsyn.finance.models import BudgetLine, ContributionYear
from samsyn.participants.models import Participant, Participation

D = dt.date


def report(world, *extra, year="2023"):
    out = StringIO()
    call_command("report", "uppfoljning-finsam", "--association", world.association.slug,
                 "--year", year, *extra, stdout=out)
    return out.getvalue()


MARCH = D(2023, 3, 1)


def add(world, gender, n, start=MARCH):
    for i in range(n):
        participant = Participant.objects.create(association=world.association,
                                                 pseudonym=f"{gender}-{i}-{start}")
        Participation.objects.create(intervention=world.intervention, participant=participant,
                                     gender=gender, birth_year=1990, referrer="af",
                                     referrer_category="af", start_date=start)


def test_the_report_gives_funds_administration_and_new_participants_by_legal_gender(alfa):
    ContributionYear.objects.create(association=alfa.association, year=2023,
                                    total=Decimal(4000000))
    for scenario, amount in (("budget", 900000), ("outcome", 850500)):
        BudgetLine.objects.create(association=alfa.association, year=2023, scenario=scenario,
                                  category="office_staff", amount=Decimal(amount))
        BudgetLine.objects.create(association=alfa.association, year=2023, scenario=scenario,
                                  category="individual", intervention=alfa.intervention,
                                  amount=Decimal(amount * 2))
    alfa.intervention.budgeted_participants = 40
    alfa.intervention.followup_method = "personuppgifter"
    alfa.intervention.save()
    add(alfa, "kvinna", 6)
    add(alfa, "man", 7)
    add(alfa, "ej_angett", 2)
    add(alfa, "man", 3, start=D(2022, 12, 1))  # not new in 2023
    data = json.loads(report(alfa))
    assert data["association"] == "alfa" and data["year"] == 2023
    administration = data["administration"]
    assert (administration["allocated_funds"], administration["budget"],
            administration["outcome"]) == ("4000000", "900000.00", "850500.00")
    assert set(administration) == {"allocated_funds", "equity", "budget", "outcome"}
    entry = next(e for e in data["interventions"] if e["intervention"] == "vagen-vidare")
    assert entry["new_participants"] == {"kvinna": 6, "man": 7, "ej_angett": 2, "total": 15}
    assert entry["budget"] == "1800000.00" and entry["outcome"] == "1701000.00"
    assert entry["budgeted_participants"] == 40
    assert entry["followup_method"] == "personuppgifter"
    assert entry["kind"] == "individual" and entry["target_group"] == "Unga vuxna"
    structural = next(e for e in data["interventions"] if e["intervention"] == "samverkan")
    assert structural["kind"] == "structural" and data["structural_participants"] == 0
    # Individual insatser come first, as on the national form.
    kinds = [e["kind"] for e in data["interventions"]]
    assert kinds == sorted(kinds, key=lambda k: k != "individual")


def test_the_unrecorded_legal_gender_is_named_in_html_and_hidden_when_published(alfa):
    add(alfa, "kvinna", 6)
    add(alfa, "ej_angett", 2)
    html = report(alfa, "--format", "html")
    assert "juridiskt kön" in html.lower() or "legal gender" in html.lower()
    published = json.loads(report(alfa, "--publish"))
    entry = next(e for e in published["interventions"] if e["intervention"] == "vagen-vidare")
    assert entry["new_participants"]["ej_angett"] == "x"
    assert entry["new_participants"]["kvinna"] == "x"  # else 8 − 6 gives the 2 away


def test_the_report_is_a_page_and_an_xlsx(alfa, login, tmp_path):
    add(alfa, "man", 5)
    page = login(alfa.users["office"]).get(
        reverse("report_view", args=["alfa", "uppfoljning-finsam"]) + "?year=2023")
    assert page.status_code == 200
    assert "Uppföljning Finsam" in page.content.decode()
    target = tmp_path / "u.xlsx"
    call_command("report", "uppfoljning-finsam", "--association", "alfa", "--year", "2023",
                 "--format", "xlsx", "--output", str(target))
    assert target.read_bytes()[:2] == b"PK"


def classify(world):
    i = world.intervention
    i.followup_method, i.target_group_codes = "personuppgifter", ["alder_16_29"]
    i.target_group_text, i.esf_funded, i.esf_programme = "Unga utan gymnasieexamen", True, \
        "esf_plus_2021_2027"
    i.budgeted_participants = 40
    i.save()


def test_each_insats_is_laid_out_field_by_field_with_the_forms_labels(alfa):
    classify(alfa)
    add(alfa, "kvinna", 6)
    add(alfa, "man", 7)
    data = json.loads(report(alfa))
    entry = next(e for e in data["interventions"] if e["intervention"] == "vagen-vidare")
    form = {f["field"]: (f["label"], f["value"], f["note"]) for f in entry["form"]}
    assert [f["field"] for f in entry["form"]][:6] == [
        "kind", "precise_orientation", "name", "target_group", "followup_method", "esf"]
    assert form["kind"] == ("Inriktning", "Individinriktad", "")
    assert form["precise_orientation"] == (
        "Preciserad inriktning", None, "ingen lista i Samsyn: välj i formuläret")
    assert form["target_group"][1] == "Unga 16–29 år; Unga utan gymnasieexamen"
    assert form["followup_method"] == ("Uppföljningsmetod", "Med personuppgifter/anonym", "")
    assert form["esf"] == ("ESF finansiering", "Ja", "")
    assert entry["esf_programme"] == "esf_plus_2021_2027"
    assert form["budgeted"][1] == 40
    assert (form["new_kvinna"][1], form["new_man"][1], form["new_total"][1]) == (6, 7, 13)
    assert entry["to_classify"] == []
    other = next(e for e in data["interventions"] if e["intervention"] == "samverkan")
    assert other["to_classify"] == ["Uppföljningsmetod", "Målgrupp"]
    missing = {f["field"]: f["note"] for f in other["form"]}
    assert missing["followup_method"] == "inte besvarat i Samsyn: att klassificera"
    assert data["code_lists"]["preciserad_inriktning"]["verified"] is False
    assert data["code_lists"]["inriktning"]["read_on"] == "2026-12-06"


def test_the_page_and_the_pdf_show_the_fields_and_name_what_is_left_to_classify(alfa, tmp_path):
    classify(alfa)
    html = report(alfa, "--format", "html")
    assert "Insatserna, fält för fält" in html and "Insats: Vägen vidare" in html
    assert "Fält i formuläret" in html and "Med personuppgifter/anonym" in html
    assert "(ingen lista i Samsyn: välj i formuläret)" in html
    assert "kolumner, del" not in html  # each insats fits the page as one table
    assert "Insatser att klassificera" in html
    assert "Ännu inte klassificerade för det nationella formuläret: Samverkan i nätverk" in html
    assert "inte hämtade från Uppföljning Finsam självt" in html
    target = tmp_path / "u.pdf"
    call_command("report", "uppfoljning-finsam", "--association", "alfa", "--year", "2023",
                 "--format", "pdf", "--output", str(target))
    assert target.read_bytes()[:4] == b"%PDF"


def test_the_workbook_has_a_sheet_per_insats_to_type_from(alfa, tmp_path):
    from openpyxl import load_workbook

    classify(alfa)
    target = tmp_path / "u.xlsx"
    call_command("report", "uppfoljning-finsam", "--association", "alfa", "--year", "2023",
                 "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    sheet = next(book[n] for n in book.sheetnames if "Vägen vidare" in n)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(r[:2] == ["Inriktning", "Individinriktad"] for r in rows)
    assert any(r[0] == "Planerat antal deltagare under året" and r[2] == 40 for r in rows)


def test_a_frozen_version_keeps_the_insats_figures_under_stable_keys(alfa):
    from samsyn.reports.versions import figures_of

    classify(alfa)
    add(alfa, "man", 3)
    data = call_report_object(alfa)
    kept = figures_of(data)
    assert kept["insats/vagen-vidare/new_man/figure"] == "3"
    assert kept["insats/vagen-vidare/budgeted/figure"] == "40"
    assert "t2/#0/budgeted" in kept  # the summary keeps the keys versions were frozen under


def call_report_object(world):
    from samsyn.associations.access import Scope
    from samsyn.reports.registry import get_kind
    from samsyn.reports.services import build_report

    return build_report(get_kind("uppfoljning-finsam"), Scope.system(world.association), 2023)


def test_published_new_participants_hide_what_the_participants_year_hides(alfa, monkeypatch):
    """The same counts published in two reports with two patterns could be put together:
    Uppföljning Finsam hides every new count the participants report's audited year hides."""
    from samsyn.associations.access import Scope
    from samsyn.participants.tests.attack import worlds
    from samsyn.reports.registry import get_kind
    from samsyn.reports.services import build_report

    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))
    made = worlds.generate(alfa, seed=5, insatser=3)
    scope = Scope.system(alfa.association)
    people = build_report(get_kind("participants"), scope, 2022, publish=True).data
    finsam = build_report(get_kind("uppfoljning-finsam"), scope, 2022, publish=True).data
    compared = 0
    for entry in people["interventions"]:
        mine = next(e for e in finsam["interventions"]
                    if e["intervention"] == entry["intervention"])
        for gender in ("kvinna", "man", "ej_angett", "total"):
            compared += 1
            if entry["new"][gender] == "x":
                assert mine["new_participants"][gender] == "x", (entry["intervention"], gender)
            elif mine["new_participants"][gender] != "x":
                assert mine["new_participants"][gender] == entry["new"][gender]
    assert compared >= 4 * len([m for m in made if m.participations.exists()]) > 0


def test_an_insats_with_nothing_held_prints_why_not_zero_and_the_checks_come_after_it(alfa):
    # 2023: the insats keeps a participation open since 2022 (held, none new: a true 0); the
    # other insats has counts of 2022 only, so nothing of 2023 is held for it.
    page = report(alfa, "--format", "html")
    form = page[:page.index('id="s-checks"')]
    text = " ".join(re.sub(r"<[^>]+>", " ", form).split())
    other = alfa.other_intervention.name
    assert f"registrerade för {other}." in text
    mine = text[text.index(f"Insats: {alfa.intervention.name}"):]
    assert "Nya deltagare: totalt 0" in mine[:mine.index("Insats:", 10)]
    theirs = text[text.index(f"Insats: {other}"):]
    assert "Nya deltagare: totalt (inget registrerat)" in theirs
    # The kansli's checks (no outcome yet, what to classify) are the appendix, not the top.
    assert "Inget utfall för 2023 ännu" not in form
    assert "Inget utfall för 2023 ännu" in page[page.index('id="s-checks"'):]
