"""Stage 2 of a month year: where the audit of every month view runs out of time, the months
of the förbund's total row are published, audited with the year's cells (issue 24).

Every audit of a bundle holding a month cell beyond the total row (an insats's month, a month
table by kommun or age, a month outcome) is given no time here, so it stops at its first
check and says it did not complete, as the audit of a large month world does. The next stage
keeps the months of the förbund's total row only; its audit runs as it would.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.participants import snapshots
from samsyn.participants.models import PublishedSnapshot
from samsyn.participants.tests.attack import worlds
from samsyn.participants.tests.truth import attacked, narrowed_by_attacker
from samsyn.publication import audit as audit_module
from samsyn.testing import log_in_verified

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5
LINE = ("Månadssiffrorna för 2022 publiceras bara för förbundet som helhet: per insats, "
        "kommun och åldersgrupp kunde de inte skyddas mot att små antal räknas fram.")
MONTH_DETAIL = re.compile(
    r"'\d{4}-\d{2}', \((?:'(?:o|age|age_row|kref|kref_row|kexit|kexit_row)'|'[a-z_]+', 'insats-)")
MONTH = re.compile(r"'\d{4}-\d{2}'")


@pytest.fixture
def detail_times_out(monkeypatch):
    """Every audit whose cells include a month's detail runs out of time at once; the others
    (the months of the total row with the year, the year alone) run as they would."""
    real = audit_module.audit
    runs = {"detail": 0, "totals": 0}

    def audit(values: Any, lines: Any, hidden: Any, threshold: int, **kwargs: Any) -> Any:
        if any(MONTH_DETAIL.search(repr(k)) for k in values):
            runs["detail"] += 1
            kwargs["seconds"] = 0
        elif any(MONTH.search(repr(k)) for k in values):
            runs["totals"] += 1
        return real(values, lines, hidden, threshold, **kwargs)

    for where in ("samsyn.participants.reports.audit", "samsyn.publication.known.audit"):
        monkeypatch.setattr(where, audit)
    return runs


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def _report(client, world, **query) -> Any:
    url = reverse("report_view", args=[world.association.slug, "participants"])
    return client.get(url, {"year": 2022, **query})


def test_a_year_whose_month_detail_runs_out_of_time_publishes_the_förbunds_months(
        alfa, monkeypatch, detail_times_out):
    _today(monkeypatch, dt.date(2023, 2, 1))
    alfa.association.published_periods = "month"
    alfa.association.save()
    made = worlds.generate(alfa, seed=35, insatser=3, most=15, backdated=False)
    slugs = [m.slug for m in made]
    alfa.memberships["staff"].interventions.set(made[:1])
    views, exact = attacked(alfa, "board", slugs)
    assert detail_times_out["detail"] >= 1 and detail_times_out["totals"] >= 1
    snapshot = PublishedSnapshot.objects.get(scope_key=snapshots.WHOLE)
    assert snapshot.withheld == ["month-detail"]
    months = [v for v in views if v.period.startswith("2022-")]
    # Every month is published, unfiltered only: its total row and nothing of any insats.
    assert {v.period for v in months} == {f"2022-{m:02d}" for m in range(1, 13)}
    assert {v.intervention for v in months} == {None}
    assert all(v.data["interventions"] == [] and not v.grids for v in months)
    assert all(v.data["withheld"]["reason"] == LINE for v in months)
    assert any(isinstance(v.data["total"]["active"]["total"], int)
               and v.data["total"]["active"]["total"] > 0 for v in months)
    # The year and its halves keep their insatser.
    year = next(v for v in views if v.period == "2022" and v.intervention is None).data
    assert {e["intervention"] for e in year["interventions"]} == set(slugs)
    narrowed, published = narrowed_by_attacker(views, exact, T)
    assert narrowed == []
    assert sum(1 for k, v in published.known.items() if MONTH.fullmatch(repr(k[1]))
               and v > 0) > 12


def test_each_month_view_of_stage_2_says_so_and_only_a_filtered_one_is_refused(
        alfa, monkeypatch, detail_times_out):
    _today(monkeypatch, dt.date(2023, 2, 1))
    alfa.association.published_periods = "month"
    alfa.association.save()
    made = worlds.generate(alfa, seed=36, insatser=2, most=12, backdated=False)
    alfa.memberships["staff"].interventions.set(made[:1])
    board = log_in_verified(Client(), alfa.users["board"])
    page = _report(board, alfa, period="2022-03")
    assert page.status_code == 200
    assert LINE in page.content.decode()
    assert made[0].name not in page.content.decode().split(LINE)[1]
    assert _report(board, alfa, period="2022-03", format="json").status_code == 200
    filtered = _report(board, alfa, period="2022-03", format="json",
                       intervention=made[0].slug)
    assert (filtered.status_code, filtered.content.decode()) == (409, LINE)
    _token, key = ApiToken.issue(alfa.users["board"], "test", second_factor=True)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api_report", args=[alfa.association.slug, "participants"])
    month = api.get(url, {"period": "2022-05"})
    assert month.status_code == 200
    assert month.json()["withheld"] == {"periods": ["month-detail"], "reason": LINE}
    # A staff member's view is their insatser's rows, which no month view has: refused with
    # the same line, as a month view filtered to an insats is.
    staff = log_in_verified(Client(), alfa.users["staff"])
    refused = _report(staff, alfa, period="2022-03", format="json")
    assert (refused.status_code, refused.content.decode()) == (409, LINE)
    assert _report(staff, alfa, format="json").status_code == 200
    assert sorted(PublishedSnapshot.objects.filter(year=2022).values_list(
        "scope_key", "withheld")) == [(snapshots.WHOLE, ["month-detail"])]
