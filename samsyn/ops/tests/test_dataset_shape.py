"""generate_dataset is shaped like the country: sizes from the population, rows in the order
they arrive, open participations across years, older years reduced, counts-only insatser."""

import datetime as dt
import itertools
import random

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum

from samsyn.associations.models import Association
from samsyn.ops.dataset import Plan, generate, shares, split
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReducedParticipation,
)


def test_split_gives_whole_numbers_in_proportion_that_sum_to_the_total():
    assert split(10, [1, 1, 2]) == [3, 2, 5] or split(10, [1, 1, 2]) == [2, 3, 5]
    assert sum(split(1001, [0.3, 0.3, 0.4])) == 1001
    assert split(5, []) == []


def test_shares_follow_the_inhabitants():
    found = shares([10_000, 100_000, 1_000_000], random.Random(1))
    assert sum(found) == pytest.approx(1)
    assert found[0] < found[1] < found[2]


class Undo(Exception):
    pass


@pytest.fixture(scope="module")
def country(django_db_setup, django_db_blocker):
    """One country for the module's tests, rolled back after them."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                yield generate(Plan(associations=76, participations=15_000, years=10, seed=14))
                raise Undo
        except Undo:
            pass


def per_association():
    kept = dict(Association.objects.filter(slug__startswith="gen-").annotate(
        n=Count("interventions__participations")).values_list("slug", "n"))
    reduced = dict(Association.objects.filter(slug__startswith="gen-").annotate(
        n=Sum("interventions__reduced_participations__count")).values_list("slug", "n"))
    return {slug: kept[slug] + (reduced[slug] or 0) for slug in kept}


@pytest.mark.django_db
def test_the_largest_forbund_holds_a_few_percent_and_size_follows_the_population(country):
    found = per_association()
    assert sum(found.values()) == 15_000
    largest = max(found.values()) / 15_000
    assert 1.5 / 76 < largest < 0.08
    people = dict(Association.objects.filter(slug__startswith="gen-").annotate(
        n=Sum("members__populations__count")).values_list("slug", "n"))
    big = sorted(people, key=people.get)[-10:]
    small = sorted(people, key=people.get)[:10]
    assert sum(found[s] for s in big) > 4 * sum(found[s] for s in small)


@pytest.mark.django_db
def test_rows_are_written_as_they_arrive_interleaved_across_forbund(country):
    rows = list(Participation.objects.filter(intervention__association__slug__startswith="gen-")
                .order_by("pk").values_list("start_date", "intervention__association_id"))
    starts = [start for start, _a in rows]
    # In order of arrival: a later row never starts in an earlier month.
    assert all((a.year, a.month) <= (b.year, b.month)
               for a, b in itertools.pairwise(starts))
    owners = [a for _s, a in rows]
    changes = sum(1 for a, b in itertools.pairwise(owners) if a != b)
    assert changes > 0.8 * len(owners)


@pytest.mark.django_db
def test_participations_stay_open_across_years_and_older_years_are_reduced(country):
    generated = Participation.objects.filter(intervention__association__slug__startswith="gen-")
    assert generated.filter(end_date__isnull=True, start_date__lt=dt.date(2023, 1, 1)).exists()
    assert generated.filter(start_date__year=2019, end_date__year__gte=2022).exists()
    # Retention (5 years): nothing closed before 2021 is kept as a record, only as counts.
    assert not generated.filter(end_date__lt=dt.date(2021, 1, 1)).exists()
    reduced = ReducedParticipation.objects.filter(
        intervention__association__slug__startswith="gen-")
    assert reduced.filter(end_date__lt=dt.date(2021, 1, 1)).aggregate(n=Sum("count"))["n"] > 1000
    assert not reduced.filter(end_date__gte=dt.date(2021, 1, 1)).exists()
    assert country.reduced == reduced.aggregate(n=Sum("count"))["n"]
    # A participant with nothing left was never written, as retention deletes them.
    assert not Participant.objects.filter(association__slug__startswith="gen-",
                                          participations__isnull=True).exists()


@pytest.mark.django_db
def test_some_insatser_keep_monthly_counts_only(country):
    counted = MonthlyCount.objects.filter(intervention__association__slug__startswith="gen-")
    assert counted.filter(kind="new").exists() and counted.filter(kind="exit").exists()
    assert not Participation.objects.filter(intervention__aggregate_only=True).exists()
    assert counted.filter(~Q(intervention__aggregate_only=True)).count() == 0
