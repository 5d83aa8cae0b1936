"""The participation summary gives the figures the rows give, whatever wrote the rows.

Random histories are written the ways Samsyn writes them (one at a time, in bulk as the
importer does, backdated and closed and reopened by `update()`, deleted, reduced to counts as
retention does, put back as the wastebasket does), and the summary's figures are compared
with queries.compute's count of the rows for every standard period of the years touched, a
running period ending on an ordinary day, and a random one; and the summary kept by the
triggers with one rebuilt from the rows. Runs on whichever database the tests use.
"""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.models import Member
from samsyn.participants import queries, summary
from samsyn.participants.metrics import EXIT_REASONS, Period
from samsyn.participants.models import (
    MonthlyCount,
    Participation,
    ParticipationSummary,
    ReducedParticipation,
)
from samsyn.participants.tests.test_counted_by_the_database import (
    Rollback,
    counts,
    participations,
    periods,
    reduced,
    write_and_expect,
)
from samsyn.publication.periods import KINDS, standard_periods
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

D = dt.date
# What happens to the written participations afterwards, each applied to the rows whose
# position (in primary key order) is a multiple of `every`, counted from `offset`.
changes = st.tuples(
    st.sampled_from(["backdate", "close", "reopen", "move", "delete", "reduce", "restore"]),
    st.integers(1, 4), st.integers(0, 3), st.integers(1, 400))


def _taken(intervention_id: int, participant_id: int, start: dt.date, pk: int) -> bool:
    return Participation.objects.filter(
        intervention_id=intervention_id, participant_id=participant_id,
        start_date=start).exclude(pk=pk).exists()


def apply(change: tuple[str, int, int, int], insatser: list) -> None:
    what, every, offset, days = change
    rows = list(Participation.objects.order_by("pk"))[offset::every]
    pks = [p.pk for p in rows]
    chosen = Participation.objects.filter(pk__in=pks)
    if what == "backdate":  # the start moved earlier, as a corrected import does
        for p in rows:
            p.start_date -= dt.timedelta(days)
            if _taken(p.intervention_id, p.participant_id, p.start_date, p.pk):
                continue  # the database refuses a second row of the same start: no history
            p.save(update_fields=["start_date"])
    elif what == "close":  # open ones closed in one statement, on their start + days
        for p in rows:
            if p.end_date is None:
                Participation.objects.filter(pk=p.pk).update(
                    end_date=p.start_date + dt.timedelta(days),
                    exit_reason=EXIT_REASONS[days % len(EXIT_REASONS)])
    elif what == "reopen":
        chosen.update(end_date=None, exit_reason="")
    elif what == "move":  # to the other insats, with another gender
        for p in rows:
            other = insatser[1] if p.intervention_id == insatser[0].pk else insatser[0]
            if _taken(other.pk, p.participant_id, p.start_date, p.pk):
                continue
            Participation.objects.filter(pk=p.pk).update(intervention=other, gender="man")
    elif what == "delete":
        chosen.delete()
    elif what == "reduce":  # retention: closed rows become a count per month and category
        closed = [p for p in rows if p.end_date is not None]
        ReducedParticipation.objects.bulk_create([ReducedParticipation(
            intervention_id=p.intervention_id, start_date=p.start_date.replace(day=1),
            end_date=p.end_date, gender=p.gender, age_group="30-64",
            referrer_category=p.referrer_category, exit_reason=p.exit_reason, count=1)
            for p in closed])
        Participation.objects.filter(pk__in=[p.pk for p in closed]).delete()
    elif what == "restore":  # the wastebasket: deleted, then written back as they were
        chosen.delete()
        for p in rows:
            p.pk = None
        Participation.objects.bulk_create(rows)


def kinds_of(years: set[int]) -> list[Period]:
    found = [Period(p.start, p.end) for y in sorted(years) for p in standard_periods(y, KINDS)]
    # "This year until today", as the participants page asks for the running year.
    found += [Period(D(y, 1, 1), D(y, 5, 17)) for y in sorted(years)]
    return found


def kept_as_rebuilt() -> tuple[dict, dict]:
    """The summary as the triggers left it and as a rebuild makes it (zeros left out)."""
    def rows() -> dict:
        return {(s.intervention_id, s.day, s.kind, s.source, s.gender, s.code): s.count
                for s in ParticipationSummary.objects.exclude(count=0)}

    kept = rows()
    summary.rebuild()
    return kept, rows()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(participations, max_size=25), st.lists(reduced, max_size=6),
       st.lists(counts, max_size=6), st.lists(changes, max_size=4), periods)
def test_the_summary_gives_what_counting_the_rows_gives(alfa, found_p, found_r, found_c,
                                                        found_changes, period):
    kommuner = [alfa.members["kommun"], Member.objects.get_or_create(
        association=alfa.association, name="Andra kommun", kind="kommun")[0]]
    compared = []
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, _expected = write_and_expect(alfa, kommuner, found_p, found_r, found_c)
            for change in found_changes:
                apply(change, insatser)
            pairs = [(i.pk, i.slug) for i in insatser]
            years = {d.year for p in Participation.objects.all()
                     for d in (p.start_date, p.end_date) if d} or {2021}
            for each in [*kinds_of(years), period]:
                counted = queries.compute(pairs, each)
                tiles = summary.tiles([i.pk for i in insatser], each)
                for pk, slug in pairs:
                    figures = counted.per.get(slug)
                    rows = ((figures.new["total"], figures.active["total"],
                             figures.exited["total"], figures.work_or_studies["count"] or 0)
                            if figures else (0, 0, 0, 0))
                    tile = tiles.get(pk, summary.Tile())
                    compared.append((each, slug, rows, (tile.new, tile.active, tile.exited,
                                                        tile.work_or_studies)))
            kept, rebuilt = kept_as_rebuilt()
            raise Rollback
    except Rollback:
        pass
    for each, slug, rows, tile in compared:
        assert tile == rows, (each, slug)
    assert kept == rebuilt


def test_the_rebuild_command_makes_the_summary_again_from_the_rows(alfa):
    ParticipationSummary.objects.all().delete()
    assert not ParticipationSummary.objects.exists()
    out = StringIO()
    call_command("rebuild_summary", stdout=out)
    assert "rebuilt" in out.getvalue()
    year = Period(D(2000, 1, 1), D(2100, 12, 31))
    tiles = summary.tiles([alfa.intervention.pk], year)
    assert tiles[alfa.intervention.pk].new == Participation.objects.filter(
        intervention=alfa.intervention).count()


def test_the_participants_page_shows_the_reports_exact_figures_from_the_summary(alfa, login):
    office = alfa.users["office"]
    client = login(office)
    for year in (2022, 2023):
        page = client.get(reverse("participants_home", args=["alfa"]), {"year": year})
        assert page.status_code == 200
        shown = {r["intervention"].slug: (r["new"], r["active"], r["exited"])
                 for r in page.context["rows"]}
        kind = get_kind("participants")
        report = build_report(kind, page.context["access"].scope(), year, publish=False,
                              start=D(year, 1, 1), end=D(year, 12, 31))
        counted = {e["intervention"]: (e["new"]["total"], e["active"]["total"],
                                       e["exited"]["total"])
                   for e in report.data["interventions"]}
        assert shown == {slug: counted.get(slug, (0, 0, 0)) for slug in shown}
        assert any(figures != (0, 0, 0) for figures in shown.values()) or year == 2023
