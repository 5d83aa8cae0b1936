"""The age group the one statement works out (queries.age_group_sql: `width_bucket` over the
groups' bounds on PostgreSQL, a ladder of ranges on SQLite) is codes.age_group's at every age
around the groups' bounds, for the new and for the exits by age."""

import datetime as dt
from collections import Counter

from samsyn.participants import outcome_queries, queries
from samsyn.participants.codes import AGE_GROUPS, age_group
from samsyn.participants.models import Participant, Participation

YEAR = 2031  # after every row the test world holds, so the year's new and exits are these


def test_every_age_around_the_bounds_falls_in_its_group(alfa):
    ages = range(AGE_GROUPS[0][1] - 3, AGE_GROUPS[-1][2] + 4)
    for age in ages:
        person = Participant.objects.create(association=alfa.association,
                                            pseudonym=f"age-{age}")
        Participation.objects.create(
            intervention=alfa.intervention, participant=person, gender="man",
            birth_year=YEAR - age, referrer="af", referrer_category="af",
            start_date=dt.date(YEAR, 3, 1), end_date=dt.date(YEAR, 6, 30), exit_reason="arbete")
    expected = Counter(age_group(YEAR - age, YEAR) for age in ages)
    assert len(expected) == len(AGE_GROUPS) + 1  # every group and the other
    pairs = [(alfa.intervention.pk, alfa.intervention.slug)]

    found = queries.compute_from_rows(pairs, queries.year(YEAR))
    new: Counter[str] = Counter()
    for r in found.age_records:
        if r.counted == "new":
            new[r.age_group] += r.count
    assert new == expected

    labels = [label for label, _low, _high in AGE_GROUPS] + ["other"]
    by_age = outcome_queries.fold(found.exits, labels)[alfa.intervention.slug].by_age
    assert {a: s.exited for a, s in by_age.items() if s.exited} == expected
