"""The closed periods of the running year are frozen too, and a changed setting is audited with
what was published before (issue 24).

In November the running year's first half has closed: every published view of it is read from
a stored, audited snapshot, so a participation backdated into it moves nothing published until
the office signs off a revision. When the year ends, the snapshot is carried forward: the first
half's views are kept byte for byte, and the second half and the year are audited with the
first half's shown cells as constants. The attacker is given every view of both moments, and
the views of a year before and after its förbund changed its published periods.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.associations.access import Scope
from samsyn.audit.models import AuditEntry
from samsyn.interventions.models import Intervention
from samsyn.national import services as national
from samsyn.participants import snapshots
from samsyn.participants.models import MonthlyCount, Participation, PublishedSnapshot
from samsyn.participants.reports import MAKER
from samsyn.participants.tests.attack import cells, worlds
from samsyn.participants.tests.truth import attacked, narrowed_by_attacker
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report
from samsyn.testing import log_in_verified

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def _plain(html: bytes) -> str:
    """A page as a reader sees it, without the per-request form token and script nonce."""
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'nonce="[^"]*"', "", text)


def _first_half_views(world, slugs: list[str]) -> dict[str, str]:
    """Every published view of 2022's first half in November 2022: the board's page and JSON
    (the year, which is shown as of its first half, and the half itself, unfiltered and
    filtered to each insats), a staff member's JSON, the API, the half-year report and the
    start page."""
    board = log_in_verified(Client(), world.users["board"])
    url = reverse("report_view", args=[world.association.slug, "participants"])
    found = {"page": _plain(board.get(url, {"year": 2022}).content)}
    for period in ("2022", "2022H1"):
        for slug in ["", *slugs]:
            query = {"year": 2022, "period": period, "format": "json"}
            if slug:
                query["intervention"] = slug
            response = board.get(url, query)
            assert response.status_code == 200, (period, slug, response.status_code)
            found[f"json {period} {slug}"] = response.content.decode()
    staff = log_in_verified(Client(), world.users["staff"])
    found["staff json"] = staff.get(url, {"year": 2022, "format": "json"}).content.decode()
    _token, key = ApiToken.issue(world.users["board"], "test", second_factor=True)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    found["api"] = api.get(reverse("api_report", args=[world.association.slug,
                                                       "participants"]),
                           {"year": 2022}).content.decode()
    found["half-year report"] = to_json(build_report(
        get_kind("half-year"), Scope.system(world.association), 2022, publish=True))
    found["start page"] = _plain(board.get(reverse("association_home",
                                                   args=[world.association.slug]),
                                           {"year": 2022}).content)
    return found


def _change_the_first_half(world, insats: Intervention) -> None:
    """A participation backdated into March, a moved end, an erased one and a monthly
    count of May: every one a change of the closed first half."""
    first = Participation.objects.filter(intervention__association=world.association).first()
    assert first is not None
    late = Participation.objects.create(
        intervention=insats, participant=first.participant, gender="man", birth_year=1985,
        municipality=first.municipality, referrer=first.referrer,
        referrer_category=first.referrer_category, start_date=dt.date(2022, 3, 14),
        support_at_start="forsorjningsstod", support_time="1-3",
        consent_date=dt.date(2022, 3, 14))
    moved = Participation.objects.filter(intervention__association=world.association,
                                         end_date__isnull=False).exclude(pk=late.pk).first()
    if moved is not None:
        moved.end_date = dt.date(2022, 4, 30)
        moved.save()
    Participation.objects.filter(intervention__association=world.association,
                                 start_date__lt=dt.date(2022, 6, 1)).exclude(
        pk__in=[late.pk, getattr(moved, "pk", 0)]).order_by("pk").last().delete()
    MonthlyCount.objects.create(intervention=world.other_intervention, month="2022-05-01",
                                kind="new", gender="kvinna", referrer_category="fk", count=2)


def test_the_running_years_closed_half_is_unchanged_by_a_backdated_change_until_a_revision(
        alfa, monkeypatch):
    _today(monkeypatch, dt.date(2022, 11, 20))
    made = worlds.generate(alfa, seed=21, insatser=2, most=15, backdated=False)
    alfa.memberships["staff"].interventions.set(made[:1])
    slugs = [m.slug for m in made]
    before = _first_half_views(alfa, slugs)
    assert "x" in before["json 2022H1 "]
    assert set(PublishedSnapshot.objects.filter(year=2022)
               .values_list("through", flat=True)) == {dt.date(2022, 6, 30)}
    _change_the_first_half(alfa, made[0])
    after = _first_half_views(alfa, slugs)
    assert [k for k in before if before[k] != after[k]] == []
    # The running year goes to the national view only once it has ended.
    with pytest.raises(ValueError):
        national.publish(alfa.association, 2022)
    assert snapshots.differences(alfa.association, 2022, MAKER)[snapshots.WHOLE] > 0
    revised = snapshots.revise(alfa.association, 2022, "Efterregistrering av mars",
                               alfa.users["office"], MAKER)
    assert {s.through for s in revised} == {dt.date(2022, 6, 30)}
    assert snapshots.differences(alfa.association, 2022, MAKER)[snapshots.WHOLE] == 0
    again = _first_half_views(alfa, slugs)
    assert again["json 2022H1 "] != before["json 2022H1 "]
    assert again["api"] != before["api"]


def test_when_the_year_ends_the_first_half_stays_as_published_and_the_rest_is_added(
        alfa, monkeypatch):
    _today(monkeypatch, dt.date(2022, 11, 20))
    made = worlds.generate(alfa, seed=22, insatser=2, most=15, backdated=False)
    slugs = [m.slug for m in made]
    half = {s: _json(alfa, "2022H1", s) for s in ["", *slugs]}
    _change_the_first_half(alfa, made[1])
    _today(monkeypatch, dt.date(2023, 1, 10))
    year = _json(alfa, "2022", "")
    assert {s: _json(alfa, "2022H1", s) for s in ["", *slugs]} == half
    kept = PublishedSnapshot.objects.get(scope_key=snapshots.WHOLE, revision=2)
    assert kept.through == dt.date(2022, 12, 31) and kept.reason == ""
    assert AuditEntry.objects.filter(action="snapshot_extended").count() == 1
    # The year counts the records as they are now; a count that disagrees with the first
    # half as published is not shown as a number beside it.
    assert '"total"' in year


def _json(world, period: str, slug: str) -> str:
    board = log_in_verified(Client(), world.users["board"])
    url = reverse("report_view", args=[world.association.slug, "participants"])
    query = {"year": 2022, "period": period, "format": "json"}
    if slug:
        query["intervention"] = slug
    response = board.get(url, query)
    assert response.status_code == 200, (period, slug, response.status_code)
    return response.content.decode()




def test_the_attacker_with_the_closed_half_and_then_the_whole_year_narrows_no_small_count(
        alfa, monkeypatch):
    _today(monkeypatch, dt.date(2022, 11, 20))
    made = worlds.generate(alfa, seed=23, insatser=3, most=20, backdated=False)
    slugs = [m.slug for m in made]
    # In November the year is published as of its first half: the same stored view.
    assert _json(alfa, "2022", "") == _json(alfa, "2022H1", "")
    running, running_exact = attacked(alfa, "board", slugs, ["2022H1"])
    _today(monkeypatch, dt.date(2023, 1, 10))
    ended, ended_exact = attacked(alfa, "board", slugs)
    assert {v.period for v in ended} == {"2022", "2022H1", "2022H2"}
    narrowed, published = narrowed_by_attacker(
        [*running, *ended], [*running_exact, *ended_exact], T)
    assert narrowed == []
    # The second half was published, not withheld whole.
    assert any(k[1] == "2022H2" and v > 0 for k, v in published.known.items())


def test_a_changed_setting_is_audited_with_what_the_year_published_before(alfa, monkeypatch):
    """2022 published by half-years, then the förbund follows up by tertials: the tertials'
    series is audited with the halves' shown cells as constants, and the attacker holding
    both narrows no small count (the halves less the tertials would otherwise be a
    May–June of their own)."""
    _today(monkeypatch, dt.date(2023, 2, 1))
    made = worlds.generate(alfa, seed=24, insatser=3, most=20, backdated=False)
    slugs = [m.slug for m in made]
    halves, halves_exact = attacked(alfa, "board", slugs)
    alfa.association.published_periods = "tertial"
    alfa.association.save()
    tertials, tertials_exact = attacked(alfa, "board", slugs)
    assert {v.period for v in tertials} == {"2022", "2022T1-2", "2022T1", "2022T2", "2022T3"}
    new = PublishedSnapshot.objects.get(scope_key=snapshots.WHOLE, setting="5:tertial")
    assert AuditEntry.objects.filter(action="snapshot", object_id=str(new.pk)).exists()
    narrowed, _published = narrowed_by_attacker(
        [*halves, *tertials], [*halves_exact, *tertials_exact], T)
    assert narrowed == []
    # The year shows in both series with the same counts (the attacker found no conflict).
    # In this world the tertials' audit needs a known year total (of 5 to 7, split three
    # ways) hidden, so the tertials show nothing the halves did not (docs: what is left).
    shown_by_tertials = cells.published(tertials).known
    halves_known = cells.published(halves).known
    assert all(halves_known.get(k) == v for k, v in shown_by_tertials.items() if v)
    assert any(k[1] == "2022" and v > 0 for k, v in shown_by_tertials.items())


def test_a_raised_threshold_shows_nothing_the_earlier_series_did_not(alfa, monkeypatch):
    """Counts of 3 and 4 published under a threshold of 3 cannot be taken back: the series
    under 5 shows no count that the first did not show, and none under 5."""
    _today(monkeypatch, dt.date(2023, 2, 1))
    alfa.association.suppression_threshold = 3
    alfa.association.save()
    made = worlds.generate(alfa, seed=25, insatser=2, most=15, backdated=False)
    slugs = [m.slug for m in made]
    low, _exact = attacked(alfa, "board", slugs)
    alfa.association.suppression_threshold = 5
    alfa.association.save()
    high, _exact = attacked(alfa, "board", slugs)
    before = cells.published(low).known
    after = cells.published(high).known
    assert all(v == 0 or v >= 5 for v in after.values())
    assert all(before.get(k) == v for k, v in after.items() if v)
