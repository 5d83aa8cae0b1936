"""The start page's exact participant figures and goals are the participants report's.

For readers of exact figures the start page reads them from the participation summary
(dashboard.exact_people), not from the report: random histories, written and changed the ways
Samsyn changes them, and random goals of the insatser are read both ways, for an office reader
(the whole förbund) and a staff member (their own insats).
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.access import Access
from samsyn.home.dashboard import exact_people
from samsyn.interventions.models import Goal, GoalMetric
from samsyn.participants.models import MonthlyCount, Participation, ReducedParticipation
from samsyn.participants.tests.test_counted_by_the_database import (
    Rollback,
    counts,
    participations,
    reduced,
)
from samsyn.participants.tests.test_summary import changes
from samsyn.participants.tests.test_summary_figures import start_over
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

goals = st.lists(st.tuples(st.integers(0, 1), st.sampled_from(GoalMetric.values),
                           st.integers(0, 60), st.sampled_from(["at_least", "at_most"]),
                           st.sampled_from([None, 2021, 2022])), max_size=6)


def goals_in_the_report(report) -> dict[str, int]:
    """What the start page counted from the report before: each row of a table with "met"."""
    found = {"met": 0, "missed": 0, "unknown": 0}
    for table in report.tables:
        if any(c.key == "met" for c in table.columns):
            for row in table.rows:
                met = row["met"]
                found["met" if met == _("yes") else "missed" if met == _("no")
                      else "unknown"] += 1
    return found


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(participations, max_size=20), st.lists(reduced, max_size=5),
       st.lists(counts, max_size=5), st.lists(changes, max_size=3), goals,
       st.sampled_from([2021, 2022, 2023]), st.sampled_from(["office", "staff"]))
def test_the_start_pages_exact_figures_and_goals_are_the_participants_reports(
        alfa, found_p, found_r, found_c, found_changes, found_goals, year, role):
    membership = alfa.users[role].memberships.get(association=alfa.association)
    compared = []
    try:
        with transaction.atomic():
            insatser = start_over(alfa, found_p, found_r, found_c, found_changes)
            Goal.objects.filter(intervention__in=insatser).delete()
            for n, (insats, metric, target, comparison, goal_year) in enumerate(found_goals):
                Goal.objects.create(intervention=insatser[insats], name=f"Mål {n}",
                                    metric=metric, target=Decimal(target),
                                    unit="percent" if "share" in metric else "count",
                                    comparison=comparison, year=goal_year)
            access = Access(alfa.association, membership)
            assert get_kind("participants") is not None
            report = build_report(get_kind("participants"), access.scope(), year)
            expected = dict(report.data["total"])
            expected.pop("unique_participants")
            people, counted_goals = exact_people(access, year)
            compared.append((people, expected, counted_goals, goals_in_the_report(report)))
            raise Rollback
    except Rollback:
        pass
    for people, expected, counted_goals, in_report in compared:
        assert people == expected
        assert counted_goals == in_report


def test_an_insats_with_goals_but_no_records_in_the_year_has_no_goal_on_the_start_page(alfa):
    """As the report's goal table: an insats nothing touches in the year is not shown."""
    access = Access(alfa.association, alfa.users["office"].memberships.get(
        association=alfa.association))
    for rows in (Participation, ReducedParticipation, MonthlyCount):
        rows.objects.filter(intervention__association=alfa.association).delete()
    # A goal of every year, met by nobody at all: counted if its insats were shown.
    Goal.objects.create(intervention=alfa.intervention, name="Högst tio nya", target=10,
                        metric=GoalMetric.PARTICIPANTS_NEW, unit="count",
                        comparison="at_most", year=None)
    report = build_report(get_kind("participants"), access.scope(), 2031)
    assert goals_in_the_report(report) == {"met": 0, "missed": 0, "unknown": 0}
    assert exact_people(access, 2031)[1] == {"met": 0, "missed": 0, "unknown": 0}
    assert exact_people(access, 2031)[0]["new"]["total"] == 0


def test_goals_of_the_year_are_counted_on_the_start_page_as_in_the_report(alfa, login):
    board = login(alfa.users["office"]).get(reverse("association_home", args=["alfa"]),
                                                    {"year": 2022}).context["board"]
    report = build_report(get_kind("participants"), Access(
        alfa.association, alfa.users["office"].memberships.get(association=alfa.association)
    ).scope(), 2022)
    assert board.goals == goals_in_the_report(report)
    assert sum(board.goals.values()) > 0
