"""A month-publishing förbund whose audit cannot finish still publishes its year (issue 24).

The audit of a year with its months is made to run out of time here: every audit of a bundle
holding a month cell is given no time at all, so it stops at its first check and says it did
not complete, as the audit of a large month world does after AUDIT_SECONDS. The snapshot then
falls back to the year without its months, which is audited in full: the year's cells are
published, the month views say why they are not, and the attacker finds nothing.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samsyn.api.models import ApiToken
from samsyn.associations.access import Scope
from samsyn.national import services as national
from samsyn.participants import snapshots
from samsyn.participants.models import Participation, PublishedSnapshot
from samsyn.participants.reports import MAKER
from samsyn.participants.tests.attack import worlds
from samsyn.participants.tests.truth import attacked, narrowed_by_attacker
from samsyn.publication import audit as audit_module
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report
from samsyn.testing import log_in_verified

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5
WHY = ("Månadssiffrorna för 2022 publiceras inte: de kunde inte skyddas mot att små antal "
       "räknas fram. Årets och halvårens siffror gäller.")
MONTH_CELL = re.compile(r"'\d{4}-\d{2}'")


@pytest.fixture
def months_time_out(monkeypatch):
    """Every audit whose cells include a month's runs out of time at once; the others run as
    they would. Returns the number of audits run with and without months."""
    real = audit_module.audit
    runs = {"months": 0, "without": 0}

    def audit(values: Any, lines: Any, hidden: Any, threshold: int, **kwargs: Any) -> Any:
        if any(MONTH_CELL.search(repr(k)) for k in values):
            runs["months"] += 1
            kwargs["seconds"] = 0
        else:
            runs["without"] += 1
        return real(values, lines, hidden, threshold, **kwargs)

    for where in ("samsyn.participants.reports.audit", "samsyn.publication.known.audit"):
        monkeypatch.setattr(where, audit)
    return runs


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def _month_world(alfa, seed: int) -> list[str]:
    alfa.association.published_periods = "month"
    alfa.association.save()
    made = worlds.generate(alfa, seed=seed, insatser=3, most=15, backdated=False)
    return [m.slug for m in made]




def _report(client, world, **query) -> Any:
    url = reverse("report_view", args=[world.association.slug, "participants"])
    return client.get(url, {"year": 2022, **query})


def test_a_year_whose_month_audit_runs_out_of_time_is_published_without_its_months(
        alfa, monkeypatch, months_time_out):
    _today(monkeypatch, dt.date(2023, 2, 1))
    slugs = _month_world(alfa, seed=31)
    views, exact = attacked(alfa, "board", slugs)
    # The month views are refused; the year and its halves are published.
    assert {v.period for v in views} == {"2022", "2022H1", "2022H2"}
    assert months_time_out["months"] >= 1 and months_time_out["without"] >= 1
    snapshot = PublishedSnapshot.objects.get(scope_key=snapshots.WHOLE)
    assert snapshot.withheld == ["month"]
    assert not any(key.split("|")[1].startswith("2022-") for key in snapshot.reports)
    # The year's cells are published, not hidden whole as an audit out of time hides them.
    year = next(v for v in views if v.period == "2022" and v.intervention is None).data
    assert isinstance(year["total"]["new"]["total"], int)
    assert year["total"]["new"]["total"] > 0
    assert year["withheld"] == {"periods": ["month"], "reason": WHY}
    narrowed, published = narrowed_by_attacker(views, exact, T)
    assert narrowed == []
    assert sum(1 for k, v in published.known.items() if k[1] == "2022" and v > 0) > 10


def test_every_month_view_of_such_a_year_says_why_in_one_line(alfa, monkeypatch,
                                                              months_time_out):
    _today(monkeypatch, dt.date(2023, 2, 1))
    slugs = _month_world(alfa, seed=32)
    board = log_in_verified(Client(), alfa.users["board"])
    refused = _report(board, alfa, period="2022-03", format="json")
    assert refused.status_code == 409
    assert refused.content.decode() == WHY
    filtered = _report(board, alfa, period="2022-11", format="json", intervention=slugs[0])
    assert (filtered.status_code, filtered.content.decode()) == (409, WHY)
    page = _report(board, alfa, period="2022-03")
    assert page.status_code == 200
    text = page.content.decode()
    assert WHY in text
    # The page shows the year instead, with its figures.
    assert "2022-01-01" in text or "1 januari 2022" in text or "2022" in text
    _token, key = ApiToken.issue(alfa.users["board"], "test", second_factor=True)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api_report", args=[alfa.association.slug, "participants"])
    answer = api.get(url, {"period": "2022-05"})
    assert answer.status_code == 409
    assert answer.json() == {"detail": WHY}
    year = api.get(url, {"year": 2022})
    assert year.status_code == 200
    assert year.json()["withheld"]["reason"] == WHY
    # The documents are built of the year's tables, which say it under the first one.
    with translation.override("sv"):
        document = build_report(get_kind("half-year"), Scope.system(alfa.association), 2022,
                                publish=True)
    assert document.data["participants"]["withheld"]["reason"] == WHY
    assert any(WHY in table.note for table in document.tables)
    # The national view takes the year, which is published.
    published = national.publish(alfa.association, 2022)
    assert published.figures["participants"]["new"]["total"] == year.json()["total"]["new"][
        "total"]
    # A staff member reads the förbund's snapshot: the months are withheld for them too.
    alfa.memberships["staff"].interventions.set(alfa.association.interventions.filter(
        slug__in=slugs[:1]))
    staff = log_in_verified(Client(), alfa.users["staff"])
    assert _report(staff, alfa, period="2022-03", format="json").status_code == 409
    assert _report(staff, alfa, format="json").status_code == 200
    assert sorted(PublishedSnapshot.objects.filter(year=2022)
                  .values_list("scope_key", "withheld")) == [(snapshots.WHOLE, ["month"])]


def test_a_year_published_without_months_stays_so_when_the_audit_would_now_finish(
        alfa, monkeypatch, months_time_out):
    _today(monkeypatch, dt.date(2023, 2, 1))
    _month_world(alfa, seed=33)
    board = log_in_verified(Client(), alfa.users["board"])
    assert _report(board, alfa, period="2022-03", format="json").status_code == 409
    monkeypatch.undo()
    _today(monkeypatch, dt.date(2023, 6, 1))
    # No audit is run again: the stage is the snapshot's.
    assert _report(board, alfa, period="2022-03", format="json").status_code == 409
    assert PublishedSnapshot.objects.count() == 1
    # A revision keeps the stage (its months were never published).
    first = Participation.objects.filter(intervention__association=alfa.association).first()
    first.gender = "man" if first.gender != "man" else "kvinna"
    first.save()
    revised = snapshots.revise(alfa.association, 2022, "Rättat kön", alfa.users["office"],
                               MAKER)
    assert [s.withheld for s in revised] == [["month"]]
    assert _report(board, alfa, period="2022-03", format="json").status_code == 409
    assert _report(board, alfa, period="2022H2", format="json").status_code == 200


def test_the_running_year_withholds_the_months_closed_so_far_and_keeps_them_withheld(
        alfa, monkeypatch, months_time_out):
    _today(monkeypatch, dt.date(2022, 8, 10))
    slugs = _month_world(alfa, seed=34)
    # In August the year is shown as of its first half (the same view): the attacker takes
    # the half and the months January–July, which have closed.
    running, running_exact = attacked(alfa, "board", slugs,
                                     ["2022H1", *(f"2022-{m:02d}" for m in range(1, 8))])
    assert {v.period for v in running} == {"2022H1"}
    first = PublishedSnapshot.objects.get(scope_key=snapshots.WHOLE)
    assert first.withheld == ["month"] and first.through == dt.date(2022, 7, 31)
    half = next(v for v in running if v.period == "2022H1" and v.intervention is None).data
    assert isinstance(half["total"]["new"]["total"], int)
    # A further month closing adds no row: the months are withheld.
    _today(monkeypatch, dt.date(2022, 9, 10))
    board = log_in_verified(Client(), alfa.users["board"])
    assert _report(board, alfa, period="2022-08", format="json").status_code == 409
    assert PublishedSnapshot.objects.filter(scope_key=snapshots.WHOLE).count() == 1
    # When the year ends the rest is added, still without months.
    _today(monkeypatch, dt.date(2023, 1, 10))
    ended, ended_exact = attacked(alfa, "board", slugs)
    assert {v.period for v in ended} == {"2022", "2022H1", "2022H2"}
    last = PublishedSnapshot.objects.filter(scope_key=snapshots.WHOLE).order_by(
        "-revision").first()
    assert last.withheld == ["month"] and last.revision == 2
    narrowed, published = narrowed_by_attacker(
        [*running, *ended], [*running_exact, *ended_exact], T)
    assert narrowed == []
    assert any(k[1] == "2022H2" and v > 0 for k, v in published.known.items())
