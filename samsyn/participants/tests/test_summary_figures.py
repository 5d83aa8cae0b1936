"""The summary's figures per insats (summary.figures) are the report's, whatever wrote the rows.

Random histories, written and then changed the ways Samsyn changes them (test_summary.py's
`apply`), are counted from the summary and by queries.compute from the rows, for every standard
period of the years touched and a random one: every figure but unique participants (which the
summary cannot count) must be equal per insats and together, and the insatser shown (records
touching the period, a count of 0 included) the same. (home/tests/test_start_page_figures.py
compares the start page's figures and goals, read from it, with the report's.)
"""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.models import Member
from samsyn.participants import queries, summary
from samsyn.participants.metrics import Figures
from samsyn.participants.models import MonthlyCount, Participation
from samsyn.participants.tests.test_counted_by_the_database import (
    Rollback,
    counts,
    participations,
    periods,
    reduced,
    write_and_expect,
)
from samsyn.participants.tests.test_summary import apply, changes, kinds_of

EXAMPLES = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def without_unique(figures: Figures) -> dict:
    found = figures.as_json()
    found.pop("unique_participants")
    return found


def start_over(world, found_p, found_r, found_c, found_changes):
    kommuner = [world.members["kommun"], Member.objects.get_or_create(
        association=world.association, name="Andra kommun", kind="kommun")[0]]
    Participation.objects.all().delete()
    MonthlyCount.objects.all().delete()
    insatser, _expected = write_and_expect(world, kommuner, found_p, found_r, found_c)
    for change in found_changes:
        apply(change, insatser)
    queries.records_changed(world.association)
    return insatser


@EXAMPLES
@given(st.lists(participations, max_size=25), st.lists(reduced, max_size=6),
       st.lists(counts, max_size=6), st.lists(changes, max_size=4), periods)
def test_the_summarys_figures_are_what_counting_the_rows_gives(alfa, found_p, found_r, found_c,
                                                               found_changes, period):
    compared = []
    try:
        with transaction.atomic():
            insatser = start_over(alfa, found_p, found_r, found_c, found_changes)
            pairs = [(i.pk, i.slug) for i in insatser]
            years = {d.year for p in Participation.objects.all()
                     for d in (p.start_date, p.end_date) if d} or {2021}
            for each in [*kinds_of(years), period]:
                counted = queries.compute(pairs, each)
                kept = summary.figures([pk for pk, _slug in pairs], each)
                slug_of = dict(pairs)
                compared.append((each, "held", counted.slugs,
                                 {slug_of[pk] for pk in kept.held}))
                compared.append((each, "total", without_unique(counted.per[queries.ALL]),
                                 without_unique(kept.total)))
                for pk, slug in pairs:
                    if slug in counted.per:
                        compared.append((each, slug, without_unique(counted.per[slug]),
                                         without_unique(kept.per[pk])))
            raise Rollback
    except Rollback:
        pass
    for each, what, rows, kept in compared:
        assert kept == rows, (each, what)

