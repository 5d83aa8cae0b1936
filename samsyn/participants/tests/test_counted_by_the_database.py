"""The database counts what metrics.py says: the same figures from SQL as from the rules.

Generated participations, reduced participations and aggregate counts are written, counted by
queries.compute and compared with metrics.py's plain functions over the same records. Runs on
whichever database the tests use (SQLite by default, PostgreSQL with DATABASE_URL).
"""

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.models import Member
from samsyn.participants import metrics, queries
from samsyn.participants.codes import AGE_GROUPS, age_group
from samsyn.participants.metrics import EXIT_REASONS, GENDERS, REFERRERS, Period, Record
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReducedParticipation,
)

D = dt.date
BASE = D(2020, 1, 1)
days = st.integers(0, 1500).map(lambda n: BASE + dt.timedelta(n))
lengths = st.integers(0, 500)
kommun = st.sampled_from([None, 0, 1])
age_labels = st.sampled_from([label for label, _low, _high in AGE_GROUPS] + ["other"])

participations = st.builds(
    lambda insats, person, gender, start, length, closed, reason, referrer, where, born: {
        "insats": insats, "person": person, "gender": gender, "start": start,
        "end": start + dt.timedelta(length) if closed else None,
        "reason": reason if closed else "", "referrer": referrer, "kommun": where,
        "born": born},
    st.integers(0, 1), st.integers(0, 6), st.sampled_from(GENDERS), days, lengths,
    st.booleans(), st.sampled_from(EXIT_REASONS), st.sampled_from(REFERRERS), kommun,
    st.integers(1940, 2008),
)
reduced = st.builds(
    lambda insats, gender, start, length, reason, referrer, where, age, n: {
        "insats": insats, "gender": gender, "start": start,
        "end": start + dt.timedelta(length), "reason": reason, "referrer": referrer,
        "kommun": where, "age": age, "count": n},
    st.integers(0, 1), st.sampled_from(GENDERS), days, lengths, st.sampled_from(EXIT_REASONS),
    st.sampled_from(REFERRERS), kommun, age_labels, st.integers(1, 30),
)
counts = st.builds(
    lambda insats, kind, gender, start, length, code, where, age, n: {
        "insats": insats, "kind": kind, "gender": gender, "start": start,
        "end": start + dt.timedelta(length),
        "referrer": code[0] if kind == "new" else "",
        "reason": code[1] if kind == "exit" else "", "kommun": where,
        "age": age, "count": n},
    st.integers(0, 1), st.sampled_from(["new", "active", "exit"]), st.sampled_from(GENDERS),
    days, st.integers(0, 400),
    st.tuples(st.sampled_from([*REFERRERS, ""]), st.sampled_from([*EXIT_REASONS, ""])),
    kommun, st.sampled_from(["", "19-24", "30-64"]), st.integers(0, 40),
)
periods = st.tuples(days, st.integers(0, 450)).map(
    lambda t: Period(t[0], t[0] + dt.timedelta(t[1])))


class Rollback(Exception):
    pass


def write_and_expect(world, kommuner, found_p, found_r, found_c):
    """Writes the generated rows; gives the plain records they stand for."""
    insatser = [world.intervention, world.other_intervention]
    names = [k.name for k in kommuner]
    expected: list[Record] = []
    people: dict[int, Participant] = {}
    seen = set()
    for p in found_p:
        key = (p["insats"], p["person"], p["start"])
        if key in seen:
            continue
        seen.add(key)
        if p["person"] not in people:
            people[p["person"]] = Participant.objects.create(
                association=world.association, pseudonym=f"gen-{p['person']}")
        Participation.objects.create(
            intervention=insatser[p["insats"]], participant=people[p["person"]],
            gender=p["gender"], birth_year=p["born"],
            municipality=None if p["kommun"] is None else kommuner[p["kommun"]],
            referrer=p["referrer"], referrer_category=p["referrer"], start_date=p["start"],
            end_date=p["end"], exit_reason=p["reason"])
        expected.append(Record(
            insatser[p["insats"]].slug, p["gender"], p["start"], p["end"], p["reason"],
            p["referrer"], "" if p["kommun"] is None else names[p["kommun"]],
            age_group(p["born"], p["start"].year), participant=f"gen-{p['person']}"))
    for r in found_r:
        ReducedParticipation.objects.create(
            intervention=insatser[r["insats"]], start_date=r["start"], end_date=r["end"],
            gender=r["gender"], age_group=r["age"],
            municipality=None if r["kommun"] is None else kommuner[r["kommun"]],
            referrer_category=r["referrer"], exit_reason=r["reason"], count=r["count"])
        expected.append(Record(
            insatser[r["insats"]].slug, r["gender"], r["start"], r["end"], r["reason"],
            r["referrer"], "" if r["kommun"] is None else names[r["kommun"]], r["age"],
            count=r["count"]))
    seen = set()
    for c in found_c:
        # The kommun as the row stores it: a caller may list one kommun twice, and the
        # unique constraint sees the member, not its place in the list.
        kommun = None if c["kommun"] is None else kommuner[c["kommun"]].pk
        key = (c["insats"], c["kind"], c["gender"], c["start"], c["end"], c["referrer"],
               c["reason"], kommun, c["age"])
        if key in seen:
            continue
        seen.add(key)
        MonthlyCount.objects.create(
            intervention=insatser[c["insats"]], month=c["start"], period_end=c["end"],
            kind=c["kind"], gender=c["gender"], referrer_category=c["referrer"],
            exit_reason=c["reason"], age_group=c["age"], count=c["count"],
            municipality=None if c["kommun"] is None else kommuner[c["kommun"]])
        expected.append(Record(
            insatser[c["insats"]].slug, c["gender"], None, None, c["reason"], c["referrer"],
            "" if c["kommun"] is None else names[c["kommun"]], c["age"], count=c["count"],
            counts_as_active=False, counted=c["kind"],
            counted_period=Period(c["start"], c["end"])))
    return insatser, expected


def touches(r: Record, period: Period) -> bool:
    """What the database reads: active records, and counts of periods the period holds."""
    if r.counted:
        own = r.counted_period
        return own is not None and period.start <= own.start and own.end <= period.end
    return metrics.is_active(r, period)


def by_kommun(records, period, attribute, codes, measure):
    return metrics.cross(records, period, lambda r: r.municipality, attribute, codes, measure)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(participations, max_size=25), st.lists(reduced, max_size=6),
       st.lists(counts, max_size=6), periods)
def test_the_database_counts_what_the_rules_say(alfa, found_p, found_r, found_c, period):
    kommuner = [alfa.members["kommun"], Member.objects.get_or_create(
        association=alfa.association, name="Andra kommun", kind="kommun")[0]]
    try:
        with transaction.atomic():
            # Only the generated records: the test förbund's own go for this example.
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, expected = write_and_expect(alfa, kommuner, found_p, found_r, found_c)
            found = queries.compute([(i.pk, i.slug) for i in insatser], period)
            raise Rollback
    except Rollback:
        pass
    assert_as_the_rules_say(found, expected, insatser, period)


def assert_as_the_rules_say(found, expected, insatser, period):
    touching = [r for r in expected if touches(r, period)]
    assert found.slugs == {r.intervention for r in touching}
    for insats in insatser:
        own = [r for r in expected if r.intervention == insats.slug]
        if insats.slug in found.slugs:
            assert found.per[insats.slug] == metrics.figures(own, period)
            assert (found.work_share_by_gender(insats.slug)
                    == metrics.work_share_by_gender(own, period))
    assert found.per[queries.ALL] == metrics.figures(expected, period)
    assert (found.work_share_by_gender(queries.ALL)
            == metrics.work_share_by_gender(expected, period))
    assert ({r.municipality for r in found.kommun_records}
            == {r.municipality for r in touching})
    for attribute, codes, measure in (("referrer", REFERRERS, metrics.is_new),
                                      ("exit_reason", EXIT_REASONS, metrics.is_exited)):
        assert (by_kommun(found.kommun_records, period, attribute, codes, measure)
                == by_kommun(expected, period, attribute, codes, measure))
    assert (metrics.breakdown(found.age_records, period, lambda r: r.age_group, metrics.is_new)
            == metrics.breakdown(expected, period, lambda r: r.age_group, metrics.is_new))


def test_a_participation_saved_makes_the_cached_figures_stale(alfa):
    from samsyn.associations.access import Scope

    scope = Scope.system(alfa.association)
    year = queries.year(2022)
    before = queries.figures_for(scope, year).per[queries.ALL].new["total"]
    participant = Participant.objects.create(association=alfa.association, pseudonym="ny")
    Participation.objects.create(intervention=alfa.intervention, participant=participant,
                                 gender="man", birth_year=1990, referrer="af",
                                 referrer_category="af", start_date=D(2022, 6, 1))
    assert queries.figures_for(scope, year).per[queries.ALL].new["total"] == before + 1


def test_within_one_document_a_period_is_counted_once(alfa, django_assert_num_queries):
    from samsyn.associations.access import Scope

    scope = Scope.system(alfa.association)
    with queries.one_document():
        queries.figures_for(scope, queries.year(2022))
        with django_assert_num_queries(0):
            queries.figures_for(scope, queries.year(2022))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(participations, max_size=20), st.lists(reduced, max_size=5),
       st.lists(counts, max_size=6))
def test_the_new_of_each_year_in_one_statement_are_each_years_own_count(alfa, found_p, found_r,
                                                                        found_c):
    from samsyn.associations.access import Scope

    kommuner = [alfa.members["kommun"], alfa.members["kommun"]]
    years = [2019, 2020, 2021, 2022, 2023, 2024]
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, _expected = write_and_expect(alfa, kommuner, found_p, found_r, found_c)
            at_once = queries.new_per_year(Scope.system(alfa.association), years)
            by_insats = queries.new_per_intervention(Scope.system(alfa.association), years)
            computed = {y: queries.compute([(i.pk, i.slug) for i in insatser], queries.year(y))
                        for y in years}
            one_by_one = {y: computed[y].per[queries.ALL].new["total"] for y in years}
            each = {y: {i.pk: n for i in insatser
                        if i.slug in computed[y].per
                        and (n := computed[y].per[i.slug].new["total"])}
                    for y in years}
            raise Rollback
    except Rollback:
        pass
    assert at_once == one_by_one
    assert by_insats == each


def test_the_new_of_each_year_are_counted_afresh_once_a_participation_is_saved(alfa):
    from samsyn.associations.access import Scope

    scope = Scope.system(alfa.association)
    before = queries.new_per_year(scope, [2021, 2022])
    participant = Participant.objects.create(association=alfa.association, pseudonym="ny-år")
    Participation.objects.create(intervention=alfa.intervention, participant=participant,
                                 gender="man", birth_year=1990, referrer="af",
                                 referrer_category="af", start_date=D(2022, 6, 1))
    assert queries.new_per_year(scope, [2021, 2022]) == {2021: before[2021],
                                                          2022: before[2022] + 1}


def test_a_count_of_nothing_makes_no_kommun_or_age_row_in_the_rules_or_the_database(alfa):
    # Found by the property test above: a count of 0 new made a row of zeros in the rules'
    # kommun and age tables but none in the database's.
    nothing = {"insats": 0, "kind": "new", "gender": "kvinna", "start": D(2020, 1, 1),
               "end": D(2020, 1, 1), "referrer": "", "reason": "", "kommun": None, "age": "",
               "count": 0}
    one = {"insats": 0, "gender": "kvinna", "start": D(2020, 1, 1), "end": D(2020, 1, 1),
           "reason": "arbete", "referrer": "af", "kommun": None, "age": "16-18", "count": 1}
    period = Period(D(2020, 1, 1), D(2020, 1, 1))
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, expected = write_and_expect(alfa, [alfa.members["kommun"]], [], [one],
                                                  [nothing])
            found = queries.compute([(i.pk, i.slug) for i in insatser], period)
            raise Rollback
    except Rollback:
        pass
    ages = metrics.breakdown(expected, period, lambda r: r.age_group, metrics.is_new)
    assert ages == metrics.breakdown(found.age_records, period, lambda r: r.age_group,
                                     metrics.is_new)
    assert list(ages) == ["16-18"]
    assert (by_kommun(found.kommun_records, period, "referrer", REFERRERS, metrics.is_new)
            == by_kommun(expected, period, "referrer", REFERRERS, metrics.is_new))


def test_a_middle_year_counts_what_began_long_before_it_and_nothing_that_began_after(alfa):
    """On PostgreSQL a period's participations are read by the years that can touch it
    (queries._years_bound): one open since years before the period, one that began after it
    and one whose end is recorded before its start are each counted as the rules say."""
    def row(person, start, end, reason=""):
        return {"insats": 0, "person": person, "gender": "kvinna", "start": start, "end": end,
                "reason": reason, "referrer": REFERRERS[0], "kommun": None, "born": 1980}

    rows = [row(1, D(2012, 3, 1), None), row(2, D(2019, 5, 1), D(2021, 3, 1), "arbete"),
            row(3, D(2022, 5, 1), None), row(4, D(2021, 2, 1), D(2021, 9, 30), "studier"),
            row(5, D(2023, 1, 1), D(2024, 1, 1), "arbete")]
    backwards = row(6, D(2022, 2, 1), D(2021, 11, 30), "arbete")
    period = queries.year(2021)
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, expected = write_and_expect(alfa, [alfa.members["kommun"]], rows, [], [])
            write_and_expect(alfa, [alfa.members["kommun"]], [backwards], [], [])
            found = queries.compute([(i.pk, i.slug) for i in insatser], period)
            raise Rollback
    except Rollback:
        pass
    assert found.per[queries.ALL] == metrics.figures(expected, period)
    assert found.per[queries.ALL].active["total"] == 3
    assert found.per[queries.ALL].exited["total"] == 2
    # The exit recorded before its start counts for the outcomes, as outcome_queries says.
    assert sum(int(n) for way, *_rest, n, _f, _w in found.exits if way == "tr") == 3
