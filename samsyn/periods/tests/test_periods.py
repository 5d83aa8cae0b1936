"""Signed-off periods refuse silent changes; an opening with a reason lets them through, logged."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samsyn.finance.models import BudgetLine
from samsyn.participants.models import Participation
from samsyn.periods import services
from samsyn.periods.models import LateChange, SignedPeriod

D = dt.date


@pytest.fixture
def signed(alfa):
    """alfa's record (started 2022-02-01, open) lies inside the signed-off year 2022."""
    return services.sign(alfa.association, alfa.users["office"], "uppfoljning-finsam",
                         D(2022, 1, 1), D(2022, 12, 31))


def edit_url(world):
    return reverse("participation_edit", args=[world.association.slug,
                                                world.intervention.slug,
                                                world.extra["participation"].pk])


def post_edit(world, client, **changes):
    p = world.extra["participation"]
    data = {"gender": p.gender, "birth_year": p.birth_year,
            "municipality": p.municipality_id or "", "referrer": p.referrer,
            "start_date": p.start_date.isoformat(), "support_at_start": p.support_at_start,
            "support_time": p.support_time, "consent_date": "", "end_date": "",
            "exit_reason": "", **changes}
    return client.post(edit_url(world), data)


def test_an_edit_inside_a_signed_off_period_is_refused_with_the_reason(alfa, login, signed):
    client = login(alfa.users["staff"])
    response = post_edit(alfa, client, gender="man")
    assert response.status_code == 200
    assert "rapporterad" in response.content.decode() or "signed off" in response.content.decode()
    assert Participation.objects.get(pk=alfa.extra["participation"].pk).gender == "kvinna"
    assert not LateChange.objects.exists()


def test_closing_an_open_participation_after_the_signed_period_is_no_late_change(
        alfa, login, signed):
    client = login(alfa.users["staff"])
    response = post_edit(alfa, client, end_date="2023-03-01", exit_reason="arbete",
                         occupation_at_exit="arbete")
    assert response.status_code == 302
    p = Participation.objects.get(pk=alfa.extra["participation"].pk)
    assert p.end_date == D(2023, 3, 1) and p.occupation_at_exit == "arbete"
    assert not LateChange.objects.exists()


def test_an_admin_opening_lets_the_edit_through_and_the_report_shows_it(alfa, login, signed):
    services.reopen(signed, alfa.users["admin"], "Fel kön registrerat")
    response = post_edit(alfa, login(alfa.users["staff"]), gender="man")
    assert response.status_code == 302
    change = LateChange.objects.get(username=alfa.users["staff"].username)
    assert change.what.startswith("vagen-vidare")
    assert change.reason == "Fel kön registrerat"
    out = StringIO()
    call_command("report", "uppfoljning-finsam", "--association", "alfa", "--year", "2022",
                 stdout=out)
    notes = json.loads(out.getvalue())["later_changes"]
    assert any("Fel kön registrerat" in n and alfa.users["staff"].username in n for n in notes)


def test_a_published_report_tells_when_and_why_a_period_changed_but_not_what(alfa, signed):
    """The board may read no record: a later change's line in a published report leaves out
    what was written (the insats, the participation) and says changes alike once, so neither
    a person nor how many rows changed is told."""
    services.reopen(signed, alfa.users["admin"], "Fel kön registrerat")
    for when in (D(2022, 3, 1), D(2022, 4, 1)):
        LateChange.objects.create(period=signed, username="kansli", reason="Efterregistrering",
                                  what=f"vagen-vidare: D-abcdef12 {when}")
    exact = services.late_change_notes(alfa.association, D(2022, 1, 1), D(2022, 12, 31))
    published = services.late_change_notes(alfa.association, D(2022, 1, 1), D(2022, 12, 31),
                                           published=True)
    assert len(exact) == 2 and all("D-abcdef12" in n for n in exact)
    assert len(published) == 1
    assert "D-abcdef12" not in published[0] and "vagen-vidare" not in published[0]
    assert "Efterregistrering" in published[0] and "kansli" in published[0]


def test_a_closed_opening_locks_again(alfa, signed):
    services.reopen(signed, alfa.users["admin"], "rättelse")
    services.close(signed)
    with pytest.raises(services.PeriodLocked):
        services.check_open(alfa.association, [(D(2022, 5, 1), D(2022, 5, 1))],
                            alfa.users["staff"])


def test_an_admin_with_a_reason_may_change_a_budget_line_of_a_signed_year(alfa, login, signed):
    line = BudgetLine.objects.create(association=alfa.association, year=2022,
                                     scenario="budget", category="office_staff",
                                     amount=Decimal(100))
    url = reverse("budget_line_edit", args=["alfa", line.pk])
    data = {"year": 2022, "scenario": "budget", "category": "office_staff", "amount": "200"}
    office = login(alfa.users["office"])
    assert office.post(url, data).status_code == 200
    assert BudgetLine.objects.get(pk=line.pk).amount == 100
    admin = login(alfa.users["admin"])
    assert admin.post(url, data).status_code == 200  # an admin must state a reason
    assert admin.post(url, {**data, "late_reason": "Rättat belopp"}).status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).amount == 200
    assert LateChange.objects.get().reason == "Rättat belopp"


def test_a_budget_line_of_an_unsigned_year_changes_freely(alfa, login, signed):
    line = BudgetLine.objects.create(association=alfa.association, year=2023,
                                     scenario="budget", category="office_staff",
                                     amount=Decimal(100))
    response = login(alfa.users["office"]).post(
        reverse("budget_line_edit", args=["alfa", line.pk]),
        {"year": 2023, "scenario": "budget", "category": "office_staff", "amount": "300"})
    assert response.status_code == 302 and not LateChange.objects.exists()


def test_an_import_touching_a_signed_period_is_refused_whole(alfa, signed, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "intervention,participant,gender,birth_year,municipality,referrer,start_date,"
        "support_at_start,end_date,exit_reason\n"
        "vagen-vidare,abc123,man,1990,,af,2022-04-01,,,\n", encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError, match="inget importerades"):
        call_command("import_participations", str(path), "--association", "alfa",
                     stdout=StringIO(), stderr=errors)
    assert "2022-01-01–2022-12-31" in errors.getvalue()
    assert Participation.objects.filter(start_date=D(2022, 4, 1)).count() == 0


def test_a_reported_orientation_cannot_be_changed(alfa, login, signed):
    from samsyn.interventions.forms import InterventionForm

    i = alfa.intervention
    data = {"name": i.name, "slug": i.slug, "kind": "structural", "start": "2021-01-01"}
    form = InterventionForm(data, instance=i, association=alfa.association)
    # Shown, not offered: the form keeps the reported orientation and says why.
    assert form.fields["kind"].disabled
    assert "Uppföljning Finsam" in str(form.fields["kind"].help_text)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kind"] == "individual"
    SignedPeriod.objects.all().delete()
    form = InterventionForm(data, instance=i, association=alfa.association)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kind"] == "structural"


def test_the_office_signs_off_and_an_admin_opens_through_the_pages(alfa, login):
    office = login(alfa.users["office"])
    response = office.post(reverse("period_sign", args=["alfa"]),
                           {"kind": "half-year", "year": 2023, "half": "h1"})
    assert response.status_code == 302
    period = SignedPeriod.objects.get(kind="half-year")
    assert (period.start, period.end, period.signed_by_name) == (
        D(2023, 1, 1), D(2023, 6, 30), alfa.users["office"].username)
    assert office.get(reverse("period_reopen", args=["alfa", period.pk])).status_code == 403
    admin = login(alfa.users["admin"])
    response = admin.post(reverse("period_reopen", args=["alfa", period.pk]),
                          {"reason": "Sen faktura"})
    assert response.status_code == 302
    page = admin.get(reverse("period_list", args=["alfa"])).content.decode()
    assert "Sen faktura" in page


def test_removing_a_budget_line_of_a_signed_year_is_refused_until_it_is_opened(alfa, login,
                                                                              signed):
    line = BudgetLine.objects.create(association=alfa.association, year=2022,
                                     scenario="budget", category="office_staff",
                                     amount=Decimal(100))
    url = reverse("budget_line_delete", args=["alfa", line.pk])
    office = login(alfa.users["office"])
    office.post(url)
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    services.reopen(signed, alfa.users["admin"], "Dubblerad rad")
    office.post(url)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert LateChange.objects.filter(what__startswith="removed",
                                     reason="Dubblerad rad").exists()
