"""The demo holds 002's participant figures as the document gives them: counts, never people."""

import json
from io import StringIO

from django.core.management import call_command

from samsyn.participants.models import MonthlyCount, Participation, StatedFigure


def _participants_2022() -> dict:
    out = StringIO()
    call_command("report", "participants", "--association", "ostra-sodertorn", "--year",
                 "2022", stdout=out)
    return json.loads(out.getvalue())


def test_the_demo_holds_counts_and_no_made_up_people_and_loads_once(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    counts, stated = MonthlyCount.objects.count(), StatedFigure.objects.count()
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    assert Participation.objects.filter(
        intervention__association__slug="ostra-sodertorn").count() == 0
    assert (MonthlyCount.objects.count(), StatedFigure.objects.count()) == (counts, stated)
    assert counts > 0


def test_the_demo_gives_bilaga_1s_figures_per_insats(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    by_insats = {e["intervention"]: e for e in _participants_2022()["interventions"]}
    # Samverkansteam för unga vuxna: 60 / 63 / 59 new, 55 / 71 / 49 finished, 121 of 175
    # to work or studies (69 %).
    teams = [by_insats[s] for s in ("ungdomsteamet-haninge", "ung-i-tyreso", "ung-i-nynas")]
    assert [t["new"]["total"] for t in teams] == [60, 63, 59]
    assert [t["exited"]["total"] for t in teams] == [55, 71, 49]
    assert sum(t["work_or_studies"]["count"] for t in teams) == 121
    assert by_insats["ung-i-nynas"]["new_by_referrer"]["egen"] == 33
    assert by_insats["ung-i-tyreso"]["exits_by_reason"]["studier"] == 25
    # SamMA: 140 active (59 women, 81 men), 44 new, 70 finished of whom 35 to work or studies.
    samma = by_insats["samma"]
    assert samma["active"] == {"kvinna": 59, "man": 81, "ej_angett": 0, "total": 140}
    assert (samma["new"]["total"], samma["exited"]["total"]) == (44, 70)
    assert samma["work_or_studies"] == {"count": 35, "share": 0.5}
    # MIA Vidare Östra Södertörn: 81 new (50 women, 27 men, 4 not stated), 87 finished, 23 to
    # work or studies, 18 to work-oriented programmes at AF or in the kommun.
    mia = by_insats["mia-vidare-os"]
    assert mia["new"] == {"kvinna": 50, "man": 27, "ej_angett": 4, "total": 81}
    assert (mia["exited"]["total"], mia["work_or_studies"]["count"]) == (87, 23)
    assert mia["exits_by_reason"]["ordinarie_af"] + mia["exits_by_reason"][
        "ordinarie_kommun"] == 18
    # Vuxteamet: 152 active (82 women, 70 men), 89 new (49 women, 40 men).
    vux = by_insats["vuxteamen"]
    assert vux["active"] == {"kvinna": 82, "man": 70, "ej_angett": 0, "total": 152}
    assert vux["new"] == {"kvinna": 49, "man": 40, "ej_angett": 0, "total": 89}


def test_the_year_in_figures_shows_the_forbunds_own_totals_beside_the_records(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    out = StringIO()
    call_command("report", "annual-report", "--association", "ostra-sodertorn", "--year",
                 "2022", stdout=out)
    data = json.loads(out.getvalue())["key_figures"]
    # 002 1.1: 779 active, 396 new, 414 finished, 214 to work or studies, 52 %.
    assert data["stated"] == {"new": 396, "active": 779, "exited": 414, "work_share": "52 %"}
    records = data["participants"]
    # The new participants of every insats are in the document: the records agree with 1.1.
    assert records["new"]["total"] == 396
    # The document gives no 2022 active figure for MIA Vidare or for each youth team, and
    # Vuxteamet's finished only as a share: the records give less, and say so.
    assert records["active"]["total"] == 140 + 152
    assert records["exited"]["total"] == 175 + 70 + 87
    html = StringIO()
    call_command("report", "annual-report", "--association", "ostra-sodertorn", "--year",
                 "2022", "--format", "html", stdout=html)
    assert ("Förbundets uppgift efter kön: Aktiva deltagare 365 kvinnor, 405 män, "
            "9 ej angett kön; Nya deltagare 192 kvinnor, 199 män.") in html.getvalue()


def test_a_count_the_forbund_did_not_give_is_named_as_missing_not_left_as_zero(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    out = StringIO()
    call_command("report", "participants", "--association", "ostra-sodertorn", "--year",
                 "2022", "--format", "html", stdout=out)
    html = out.getvalue()
    # No 2022 active figure for MIA Vidare or the youth teams, no finished for Vuxteamet.
    assert "Uppgift saknas för MIA Vidare Östra Södertörn, Ung i Nynäs" in html
    assert "Uppgift saknas för Vuxteamen i Haninge och Tyresö" in html


def test_the_kansli_enters_a_stated_figure_and_the_year_in_figures_shows_it(alfa, login):
    from django.urls import reverse

    from samsyn.audit.models import AuditEntry

    client = login(alfa.users["office"])
    url = reverse("stated_create", args=[alfa.association.slug])
    bad = client.post(url, {"period_start": "2023-12-31", "period_end": "2023-01-01",
                            "measure": "active", "gender": "", "value": "55"})
    assert "Perioden slutar innan den börjar." in bad.content.decode()
    assert client.post(url, {"period_start": "2023-01-01", "period_end": "2023-12-31",
                             "measure": "active", "gender": "", "value": "55",
                             "source": "Årsredovisning 2023"}).status_code == 302
    stated = StatedFigure.objects.get(association=alfa.association, value=55)
    assert AuditEntry.objects.filter(object_id=str(stated.pk),
                                     object_type="participants.StatedFigure").exists()
    out = StringIO()
    call_command("report", "annual-report", "--association", alfa.association.slug, "--year",
                 "2023", stdout=out)
    assert json.loads(out.getvalue())["key_figures"]["stated"]["active"] == 55
