"""A change through the API inside a signed-off period, as the pages treat it: a budget line
takes an administrator's `reason` (in the body; `?reason=` for DELETE), logged with the change
in the audit row and the report's later changes; the kansli is refused, saying who may give
one. A participation asks no reason, as its form asks none (its staff are no administrators):
refused until an administrator opens the period, then saved with the opening's reason."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetLine
from samsyn.periods import services as periods
from samsyn.periods.models import LateChange

REASON = "Rättelse efter revisionen"
OPENED = "Försenad rapport från kommunen"


@pytest.fixture
def signed(alfa):
    """The world's participation (2022) and a budget line of 2022, the year signed off."""
    line = BudgetLine.objects.create(association=alfa.association, year=2022,
                                     scenario="budget", category="individual",
                                     intervention=alfa.intervention, amount=100000)
    period = periods.sign(alfa.association, alfa.users["office"], "annual-report",
                          dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    alfa.extra.update(line=line, period=period)
    return alfa


def keyed(user):
    _token, key = ApiToken.issue(user, "test", second_factor=True)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _saves(row, action="save"):
    return AuditEntry.objects.filter(object_type=row._meta.label, object_id=str(row.pk),
                                     action=action)


def _line_url(world):
    return reverse("api_budget_line", args=["alfa", world.extra["line"].pk])


def _record_url(world):
    return reverse("api_intervention_participation",
                   args=["alfa", world.intervention.slug, world.extra["participation"].pk])


# Budget lines


def test_an_administrator_changing_a_line_is_told_where_the_reason_goes(signed):
    answer = keyed(signed.users["admin"]).patch(_line_url(signed), {"amount": "90000"},
                                                content_type="application/json")
    assert answer.status_code == 409 and answer.json()["code"] == "period_locked"
    assert "Ange ett skäl" in answer.json()["message"]
    assert "reason" in answer.json()["message"]
    assert BudgetLine.objects.get(pk=signed.extra["line"].pk).amount == 100000
    assert not _saves(signed.extra["line"]).exists()


def test_an_administrator_changes_a_line_with_the_reason_logged_with_it(signed):
    line = signed.extra["line"]
    answer = keyed(signed.users["admin"]).patch(
        _line_url(signed), {"amount": "90000", "reason": REASON},
        content_type="application/json")
    assert answer.status_code == 200, answer.content
    line.refresh_from_db()
    assert line.amount == 90000
    detail = json.loads(_saves(line).get().detail)
    assert detail["reason"] == REASON and detail["via"] == "api"
    assert LateChange.objects.filter(period=signed.extra["period"], reason=REASON).exists()


def test_an_administrator_adds_and_removes_a_line_with_the_reason(signed):
    admin = keyed(signed.users["admin"])
    body = {"year": 2022, "scenario": "budget", "category": "individual", "amount": "5000"}
    url = reverse("api_budget_lines", args=["alfa"])
    assert admin.post(url, body, content_type="application/json").status_code == 409
    added = admin.post(url, {**body, "reason": REASON}, content_type="application/json")
    assert added.status_code == 201, added.content
    new = BudgetLine.objects.get(pk=added.json()["id"])
    assert json.loads(_saves(new).get().detail)["reason"] == REASON
    line = signed.extra["line"]
    assert admin.delete(_line_url(signed)).status_code == 409
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    assert admin.delete(_line_url(signed) + "?reason=Dubblett").status_code == 204
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert json.loads(_saves(line, "delete").get().detail)["reason"] == "Dubblett"


def test_the_office_giving_a_reason_is_told_only_an_administrator_may(signed):
    office = keyed(signed.users["office"])
    line = signed.extra["line"]
    answer = office.patch(_line_url(signed), {"amount": "90000", "reason": REASON},
                          content_type="application/json")
    assert answer.status_code == 409 and answer.json()["code"] == "period_locked"
    assert "Endast en administratör" in answer.json()["message"]
    assert office.delete(_line_url(signed) + f"?reason={REASON}").status_code == 409
    line.refresh_from_db()
    assert line.amount == 100000 and not _saves(line).exists()
    assert not LateChange.objects.exists()


# Participations


def test_a_participation_in_a_signed_off_period_is_refused_to_its_staff(signed):
    staff = keyed(signed.users["staff"])
    record = signed.extra["participation"]
    answer = staff.patch(_record_url(signed), {"birth_year": 1991},
                         content_type="application/json")
    assert answer.status_code == 409 and answer.json()["code"] == "period_locked"
    assert "Rapporterade perioder" in answer.json()["message"]
    ended = staff.patch(_record_url(signed), {"end_date": "2022-06-30", "exit_reason": "arbete"},
                        content_type="application/json")
    assert ended.status_code == 409
    record.refresh_from_db()
    assert (record.birth_year, record.end_date) == (1990, None)
    assert not _saves(record).exists()


def test_a_participation_takes_no_reason_and_says_how_to_get_the_change_through(signed):
    staff = keyed(signed.users["staff"])
    record = signed.extra["participation"]
    answer = staff.patch(_record_url(signed), {"birth_year": 1991, "reason": REASON},
                         content_type="application/json")
    assert answer.status_code == 400
    assert "Rapporterade perioder" in answer.json()["fields"]["reason"][0]
    upsert = reverse("api_intervention_participations", args=["alfa", signed.intervention.slug])
    body = {"participant": "19900101-0017", "gender": "kvinna", "birth_year": 1991,
            "referrer": "kaa", "start_date": "2022-02-01", "reason": REASON}
    assert staff.post(upsert, body, content_type="application/json").status_code == 400
    record.refresh_from_db()
    assert record.birth_year == 1990 and not _saves(record).exists()


def test_a_participation_changed_once_the_period_is_opened_carries_the_openings_reason(signed):
    periods.reopen(signed.extra["period"], signed.users["admin"], OPENED)
    record = signed.extra["participation"]
    answer = keyed(signed.users["staff"]).patch(
        _record_url(signed), {"end_date": "2022-06-30", "exit_reason": "arbete"},
        content_type="application/json")
    assert answer.status_code == 200, answer.content
    record.refresh_from_db()
    assert record.end_date == dt.date(2022, 6, 30)
    detail = json.loads(_saves(record).get().detail)
    assert detail["reason"] == OPENED and detail["via"] == "api"
    assert LateChange.objects.filter(period=signed.extra["period"], reason=OPENED,
                                     username=signed.users["staff"].username).exists()


def test_no_one_else_writes_a_participation_through_the_api_to_give_a_reason(signed):
    # The administrator, who may give reasons, keeps no records: the pages' rule too.
    for role in ("admin", "office"):
        answer = keyed(signed.users[role]).patch(
            _record_url(signed), {"birth_year": 1991, "reason": REASON},
            content_type="application/json")
        assert answer.status_code in (403, 404), role
    record = signed.extra["participation"]
    record.refresh_from_db()
    assert record.birth_year == 1990


def test_the_schema_names_the_reason_of_a_removal(db):
    paths = Client().get(reverse("api_schema"), {"format": "json"}).json()["paths"]
    delete = paths["/api/v1/f/{association_slug}/budget/rader/{line_id}/"]["delete"]
    assert "reason" in {p["name"] for p in delete["parameters"]}
