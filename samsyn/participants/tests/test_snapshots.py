"""Published figures of an ended year are a frozen, audited snapshot: a later change to the
records moves nothing published until the office signs off a revision (issue 24)."""

import datetime as dt
import html
import json
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.audit.models import AuditEntry
from samsyn.interventions.models import Intervention
from samsyn.national import services as national
from samsyn.participants import snapshots
from samsyn.participants.models import MonthlyCount, Participation, PublishedSnapshot
from samsyn.participants.reports import MAKER, suppressed_year
from samsyn.participants.tests.attack import cells, fetch, solve, worlds
from samsyn.participants.tests.truth import exact_views, with_staff
from samsyn.reports.document import ReportParams
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report
from samsyn.testing import log_in_verified, make_world

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5


@pytest.fixture
def after_the_year(monkeypatch):
    """Early 2023: 2022 has ended, so its published figures are a snapshot."""
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))


def _plain(html: bytes) -> str:
    """A page as a reader sees it, without the per-request form token and script nonce."""
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'nonce="[^"]*"', "", text)


def _every_view(world, slugs: list[str]) -> dict[str, str]:
    """Every published view of 2022: the board's page, JSON download (each period, unfiltered
    and filtered), the API, the national figures and API, and the start page's tiles."""
    board = log_in_verified(Client(), world.users["board"])
    url = reverse("report_view", args=[world.association.slug, "participants"])
    found = {"page": _plain(board.get(url, {"year": 2022}).content)}
    for period in ("2022", "2022H1", "2022H2"):
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
    national.publish(world.association, 2022)
    found["national api"] = re.sub(r'"published_at":\s*"[^"]*"', "", api.get(
        reverse("api_national", args=[2022])).content.decode())
    found["start page"] = _plain(board.get(reverse("association_home",
                                                   args=[world.association.slug]),
                                           {"year": 2022}).content)
    return found


def _change_the_ended_year(world, insats: Intervention) -> None:
    """A backdated participation, a changed end, an erased one and a monthly count, all in
    2022 after it has ended."""
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
        moved.end_date = dt.date(2022, 11, 30)
        moved.save()
    Participation.objects.filter(intervention__association=world.association).exclude(
        pk__in=[late.pk, getattr(moved, "pk", 0)]).order_by("pk").last().delete()
    MonthlyCount.objects.create(intervention=world.other_intervention, month="2022-05-01",
                                kind="new", gender="kvinna", referrer_category="fk", count=2)


def test_every_published_view_is_unchanged_by_a_later_change_until_a_revision(
        alfa, after_the_year):
    made = worlds.generate(alfa, seed=11, insatser=2, most=15, backdated=False)
    staff = alfa.memberships["staff"]
    staff.interventions.set(made[:1])
    slugs = [m.slug for m in made]
    before = _every_view(alfa, slugs)
    # One snapshot: the staff member's view is cut from the förbund's.
    assert "x" in before["json 2022 "] and PublishedSnapshot.objects.count() == 1
    _change_the_ended_year(alfa, made[0])
    after = _every_view(alfa, slugs)
    assert [k for k in before if before[k] != after[k]] == []
    differ = snapshots.differences(alfa.association, 2022, MAKER)
    assert differ[snapshots.WHOLE] > 0
    board = alfa.users["board"]
    revised = snapshots.revise(alfa.association, 2022, "Efterregistrering av mars", board,
                               MAKER)
    assert [s.revision for s in revised] == [2]
    assert snapshots.differences(alfa.association, 2022, MAKER)[snapshots.WHOLE] == 0
    again = _every_view(alfa, slugs)
    assert again["json 2022 "] != before["json 2022 "]
    assert again["api"] != before["api"] and again["national api"] != before["national api"]


def test_the_uppfoljning_finsam_document_never_prints_a_count_the_snapshot_did_not(
        alfa, after_the_year):
    worlds.generate(alfa, seed=14, insatser=2, most=12, backdated=False)
    kind = get_kind("uppfoljning-finsam")
    scope = Scope.system(alfa.association)
    build_report(get_kind("participants"), scope, 2022, publish=True)
    before = build_report(kind, scope, 2022, publish=True)
    insats = Intervention.objects.filter(association=alfa.association,
                                         slug__startswith="insats-14").first()
    _change_the_ended_year(alfa, insats)
    after = build_report(kind, scope, 2022, publish=True)
    withdrawn = 0
    for old, new in zip(before.tables, after.tables, strict=True):
        for a, b in zip([*old.rows, old.total or {}], [*new.rows, new.total or {}],
                        strict=True):
            for column in old.columns:
                if a.get(column.key) != b.get(column.key):
                    assert b.get(column.key) == "x", (old.title, column.key, a, b)
                    withdrawn += 1
    assert withdrawn > 0


def test_a_revision_needs_a_reason_and_is_in_the_audit_log(alfa, after_the_year):
    build_report(get_kind("participants"), Scope.system(alfa.association), 2022, publish=True)
    with pytest.raises(ValueError):
        snapshots.revise(alfa.association, 2022, "  ", alfa.users["office"], MAKER)
    snapshots.revise(alfa.association, 2022, "Rättelse", alfa.users["office"], MAKER)
    entry = AuditEntry.objects.filter(action="snapshot_revision").get()
    assert "Rättelse" in entry.detail and entry.username == alfa.users["office"].username


def test_a_stored_report_renders_as_it_was_built(alfa, after_the_year):
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    params = ReportParams.for_year(scope, 2022, publish=True)
    built = MAKER.build(params, outcomes=True, frozen=suppressed_year(params))
    assert to_json(snapshots.decode(snapshots.encode(built))) == to_json(built)
    assert to_json(build_report(kind, scope, 2022, publish=True)) == to_json(built)


def test_a_request_that_found_no_snapshot_reads_the_one_another_stored_meanwhile(
        alfa, after_the_year, monkeypatch):
    scope = Scope.system(alfa.association)
    one = snapshots.first(alfa.association, scope, 2022, MAKER)
    # The second request looked before the first stored, so it computes too: the unique
    # constraint refuses its row and it answers from the first one.
    two = snapshots.first(alfa.association, scope, 2022, MAKER)
    assert one.pk == two.pk
    assert PublishedSnapshot.objects.filter(association=alfa.association).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_first_requests_at_once_make_one_snapshot(after_the_year):
    """Two connections ask at once; both compute before either stores. On PostgreSQL they
    store at the same time. SQLite's in-memory test database is one shared cache, which locks
    a table for the length of each writer's transaction, and a reader or writer of another
    connection meeting that lock fails at once with "database table is locked" (the
    settings' `timeout` is a busy wait, which that error never gets). So on SQLite the two
    take turns to store, as a file database's busy wait would make them, and nothing else
    may write while both run: the förbund's data version, which a förbund's first page
    makes and both requests would otherwise make at once, is made before they start (under
    load the second thread read it while the first was writing it: a failure in a full run
    now and then, never alone)."""
    world = make_world("tva")
    worlds.generate(world, seed=12, insatser=2, most=10, backdated=False)
    versions.current(world.association)
    kind = get_kind("participants")
    # A guard against a thread that never arrives, not a time anything must take.
    computed = threading.Barrier(2, timeout=1800)
    turns = threading.Lock() if connection.vendor == "sqlite" else None
    answers: list[str] = []
    errors: list[BaseException] = []
    made = snapshots.make
    stored = threading.local()

    def slow_make(*args, **kwargs):
        found = made(*args, **kwargs)
        computed.wait()  # both have computed before either stores
        if turns is not None:
            turns.acquire()
            stored.turn = True
        return found

    def ask() -> None:
        try:
            answers.append(to_json(build_report(kind, Scope.system(world.association), 2022,
                                                publish=True)))
        except BaseException as error:  # a thread reports to the test, which asserts none
            errors.append(error)
            computed.abort()  # the other thread is not left waiting for this one
        finally:
            # Only the thread that holds the turn gives it back: one that failed before it
            # must not release the other's.
            if turns is not None and getattr(stored, "turn", False):
                turns.release()
            connection.close()

    snapshots.make = slow_make
    try:
        threads = [threading.Thread(target=ask) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        snapshots.make = made
    assert errors == []
    assert PublishedSnapshot.objects.filter(association=world.association).count() == 1
    assert len(answers) == 2 and answers[0] == answers[1]


def _both(one: cells.Published, two: cells.Published, truth_one, truth_two):
    """The two revisions as one system: each revision's cells under its own name, and every
    cell both hide tied equal where its count did not change (an attacker who knows exactly
    which counts the change touched, more than any reader does)."""
    pub = cells.Published()
    for name, p in (("r1", one), ("r2", two)):
        pub.known |= {(name, k): v for k, v in p.known.items()}
        pub.hidden |= {(name, k) for k in p.hidden}
        pub.equations += [{(name, k): c for k, c in e.items()} for e in p.equations]
    for k in one.hidden & two.hidden:
        if k in truth_one and truth_one.get(k) == truth_two.get(k):
            pub.equations.append({("r1", k): 1, ("r2", k): -1})
    truth = {("r1", k): v for k, v in truth_one.items()} | {
        ("r2", k): v for k, v in truth_two.items()}
    return pub, truth


def test_the_attacker_given_both_revisions_narrows_no_small_count(alfa, client,
                                                                   after_the_year):
    made = worlds.generate(alfa, seed=13, insatser=3, most=20, backdated=False)
    slugs = [m.slug for m in made]
    board = log_in_verified(client, alfa.users["board"])

    def attacked():
        views = fetch.views(board, alfa.association.slug, 2022, slugs)
        published = cells.published(views)
        truth = published.truth(cells.published(exact_views(alfa, "board", views)).known)
        return published, truth

    one, truth_one = attacked()
    _change_the_ended_year(alfa, made[1])
    snapshots.revise(alfa.association, 2022, "Efterregistrering", alfa.users["office"], MAKER)
    two, truth_two = attacked()
    assert one.known != two.known or one.hidden != two.hidden
    pub, truth = _both(one, two, truth_one, truth_two)
    small = {k for k in pub.variables() if 0 < truth.get(k, 0) < T}
    assert small
    found = solve.intervals(pub, only=small)
    assert all(i.low <= truth[k] <= i.high for k, i in found.items())
    assert solve.narrowed(found, truth, T) == []


def test_insats_staff_holding_what_the_förbund_publishes_narrow_no_small_count(
        alfa, after_the_year):
    """A staff member reads their own scope's views and whatever the förbund publishes (the
    board's report, its documents, the national view): the attacker takes both, each insats
    row of the staff scope the same count as the förbund's, and each total of the staff
    scope at most the förbund's (the rest a count of the other insatser's people)."""
    made = worlds.generate(alfa, seed=15, insatser=4, most=20, backdated=False)
    alfa.memberships["staff"].interventions.set(made[:2])
    mine = {m.slug for m in made[:2]}
    slugs = [m.slug for m in made]

    def seen(role, asked):
        client = log_in_verified(Client(), alfa.users[role])
        views = fetch.views(client, alfa.association.slug, 2022, asked)
        published = cells.published(views)
        return published, published.truth(cells.published(exact_views(alfa, role, views)).known)

    board, board_truth = seen("board", slugs)
    staff, staff_truth = seen("staff", sorted(mine))
    pub, truth = with_staff(staff, staff_truth, board, board_truth, mine)
    small = {k for k in pub.variables() if 0 < truth.get(k, 0) < T}
    assert any(k[0] == "s" for k in small)
    found = solve.intervals(pub, only=small)
    assert all(i.low <= truth[k] <= i.high for k, i in found.items())
    assert solve.narrowed(found, truth, T) == []


def test_the_office_sees_how_far_the_records_differ_and_signs_off_a_revision(
        alfa, after_the_year):
    build_report(get_kind("participants"), Scope.system(alfa.association), 2022, publish=True)
    office = log_in_verified(Client(), alfa.users["office"])
    url = reverse("published_snapshots", args=[alfa.association.slug])
    unchanged = office.get(url, {"year": 2022}).content.decode()
    assert "skiljer sig" not in unchanged
    # Nothing to revise: no form that would publish the same figures again.
    assert "Godkänn revisionen" not in unchanged
    MonthlyCount.objects.create(intervention=alfa.other_intervention, month="2022-05-01",
                                kind="new", gender="kvinna", referrer_category="fk", count=6)
    page = office.get(url, {"year": 2022}).content.decode()
    assert "Uppgifterna för 2022 skiljer sig från de publicerade siffrorna" in page
    assert "Godkänn revisionen" in page
    refused = office.post(f"{url}?year=2022", {"reason": "   "})
    assert refused.status_code == 200
    assert PublishedSnapshot.objects.filter(revision=2).count() == 0
    done = office.post(f"{url}?year=2022", {"reason": "Månadsräkning för maj"})
    assert done.status_code == 302
    assert PublishedSnapshot.objects.get(revision=2).reason == "Månadsräkning för maj"
    assert "skiljer sig" not in office.get(url, {"year": 2022}).content.decode()
    board = log_in_verified(Client(), alfa.users["board"])
    assert board.get(url, {"year": 2022}).status_code == 403


def test_a_staff_members_view_makes_no_snapshot_of_its_own(alfa, after_the_year):
    insats = alfa.other_intervention
    build_report(get_kind("participants"),
                 Scope(association=alfa.association, intervention_ids=frozenset({insats.pk})),
                 2022, publish=True)
    assert set(PublishedSnapshot.objects.values_list("scope_key", flat=True)) == {
        snapshots.WHOLE}


def test_the_office_sees_a_staff_scope_kept_from_before_by_its_insatsers_names(
        alfa, after_the_year):
    """A staff scope's row published before staff views were read from the förbund's
    snapshot stays as it was published, named by its insatser."""
    insats = alfa.other_intervention
    build_report(get_kind("participants"), Scope.system(alfa.association), 2022, publish=True)
    row = PublishedSnapshot.objects.get()
    row.pk = None
    row.scope_key = f"i:{insats.pk}"
    row.save()
    office = log_in_verified(Client(), alfa.users["office"])
    url = reverse("published_snapshots", args=[alfa.association.slug])
    page = office.get(url, {"year": 2022}).content.decode()
    assert f"Insatspersonal ({insats.name})" in page
    assert f"({insats.pk})" not in page


def test_the_boards_view_of_an_insats_added_after_the_snapshot_says_what_it_shows(
        alfa, after_the_year):
    board = log_in_verified(Client(), alfa.users["board"])
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    query = {"year": 2022, "format": "json"}
    whole = json.loads(board.get(url, query).content)  # the year's snapshot is made
    new = Intervention.objects.create(
        association=alfa.association, slug="ny-insats", name="Ny insats", kind="individual",
        start=dt.date(2023, 1, 16))
    said = ("Ny insats har inga egna publicerade siffror för 2022: årets siffror "
            "publicerades innan insatsen lades till")

    shown = json.loads(board.get(url, {**query, "intervention": new.slug}).content)
    page = board.get(url, {"year": 2022, "intervention": new.slug})
    own = board.get(url, {"year": 2022, "intervention": alfa.intervention.slug})

    assert shown.pop("unfiltered") is True and shown == whole
    assert said in html.unescape(page.content.decode())
    assert said[:20] not in html.unescape(own.content.decode())
