"""The database counting of outcomes equals the plain functions; the report's `outcomes`."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.participants import codes, outcome_queries, outcomes
from samsyn.participants.models import Participant, Participation, ReducedParticipation
from samsyn.publication.suppression import primary

D = dt.date
START, END = D(2023, 1, 1), D(2023, 12, 31)


@st.composite
def rows(draw):
    start = draw(st.dates(D(2021, 1, 1), D(2023, 12, 31)))
    end = draw(st.none() | st.dates(start, D(2024, 6, 30)))
    followup = draw(st.none() | st.dates(end, D(2025, 6, 30))) if end else None
    return {
        "gender": draw(st.sampled_from(outcomes.GENDERS)),
        "birth_year": draw(st.integers(1950, 2006)),
        "start_date": start, "end_date": end,
        "exit_reason": draw(st.sampled_from(["arbete", "studier", "sjukdom"])) if end else "",
        "support_at_start": draw(st.sampled_from(["", "forsorjningsstod", "a_kassa", "lon"])),
        "occupation_at_exit": draw(st.sampled_from(["", "arbete", "ingen", "ej_angett"]))
        if end else "",
        "followup_date": followup,
        "followup_occupation": draw(st.sampled_from(["", "studier", "ingen"])) if followup
        else "",
    }


def store(world, data):
    Participation.objects.filter(intervention__association=world.association).delete()
    Participant.objects.filter(association=world.association).delete()
    for i, (which, row) in enumerate(data):
        participant = Participant.objects.create(association=world.association,
                                                 pseudonym=f"p{i}-{row['start_date']}")
        Participation.objects.create(
            intervention=world.intervention if which else world.other_intervention,
            participant=participant, referrer="af", referrer_category="af", **row)


def plain(data, world):
    slugs = {True: world.intervention.slug, False: world.other_intervention.slug}
    return [outcomes.OutcomeRecord(
        intervention=slugs[which], gender=r["gender"], start=r["start_date"], end=r["end_date"],
        age_group=codes.age_group(r["birth_year"], r["start_date"].year),
        support_at_start=r["support_at_start"],
        occupation_at_exit=r["occupation_at_exit"], exit_reason=r["exit_reason"],
        followup_date=r["followup_date"], followup_occupation=r["followup_occupation"])
        for which, r in data]


AGES = ("16-18", "19-24", "25-29", "30-64", "65-66", "other")


@settings(max_examples=25, suppress_health_check=list(HealthCheck))
@given(data=st.lists(st.tuples(st.booleans(), rows()), max_size=25))
def test_the_database_counts_the_same_outcome_figures_as_the_plain_rules(alfa, data):
    store(alfa, data)
    expected = outcomes.exited_in(plain(data, alfa), START, END)
    counted = outcome_queries.summaries(alfa.association.interventions.all(), START, END, AGES)
    for slug in (alfa.intervention.slug, alfa.other_intervention.slug):
        mine = [r for r in expected if r.intervention == slug]
        if not mine:
            assert slug not in counted
            continue
        want, got = outcomes.summarise(mine, AGES), counted[slug]
        assert got.shares == want.shares
        assert got.transitions == want.transitions
        assert got.days == want.days
        assert got.durations == want.durations
        assert got.median_days == want.median_days
        assert got.by_gender == want.by_gender
        assert got.by_age == want.by_age
    together = outcomes.combine(counted.values(), AGES)
    assert together == outcomes.summarise(expected, AGES)


def test_the_age_group_is_counted_from_the_start_year_and_the_birth_year(alfa):
    store(alfa, [(True, {"gender": "kvinna", "birth_year": 2000, "start_date": D(2023, 2, 1),
                         "end_date": D(2023, 4, 1), "exit_reason": "arbete",
                         "support_at_start": "", "occupation_at_exit": "",
                         "followup_date": None, "followup_occupation": ""})])
    counted = outcome_queries.summaries(alfa.association.interventions.all(), START, END, AGES)
    by_age = counted[alfa.intervention.slug].by_age
    assert by_age["19-24"] == outcomes.Shares(exited=1, at_exit=1, followed_up=0,
                                              at_followup=0)
    assert sum(s.exited for s in by_age.values()) == 1
    assert counted[alfa.intervention.slug].days == {(D(2023, 4, 1) - D(2023, 2, 1)).days + 1: 1}


def test_reduced_participations_count_by_their_exit_reason(alfa):
    ReducedParticipation.objects.create(
        intervention=alfa.intervention, start_date=D(2023, 1, 1), end_date=D(2023, 5, 1),
        gender="man", age_group="30-64", referrer_category="af", exit_reason="arbete", count=4,
        followup_occupation="studier")
    counted = outcome_queries.summaries(alfa.association.interventions.all(), START, END, AGES)
    summary = counted[alfa.intervention.slug]
    assert summary.transitions["ej_angett"]["arbete"] == 4
    assert summary.shares == outcomes.Shares(exited=4, at_exit=4, followed_up=4, at_followup=4)
    assert summary.by_age["30-64"].exited == 4
    assert summary.days == {121: 4}


def report(world, *extra):
    out = StringIO()
    call_command("report", "participants", "--association", world.association.slug,
                 "--year", "2023", *extra, stdout=out)
    return json.loads(out.getvalue())


def some_exits(world):
    data = []
    for i in range(14):
        data.append((True, {
            "gender": "kvinna" if i % 2 else "man", "birth_year": 1990,
            "start_date": D(2023, 1, 10), "end_date": D(2023, 3 + i % 6, 1),
            "exit_reason": "arbete" if i < 9 else "sjukdom",
            "support_at_start": "forsorjningsstod" if i < 10 else "a_kassa",
            "occupation_at_exit": "arbete" if i < 8 else ("studier" if i == 8 else "ingen"),
            "followup_date": D(2024, 1, 1) if i < 6 else None,
            "followup_occupation": "arbete" if i < 4 else ("ingen" if i < 6 else ""),
        }))
    data.append((False, {**data[0][1], "start_date": D(2023, 2, 1)}))
    store(world, data)


def test_the_participants_report_gains_outcomes_with_shares_as_numbers(alfa):
    some_exits(alfa)
    data = report(alfa)
    assert {"association", "period", "interventions", "total"} <= set(data)
    total = data["outcomes"]["total"]
    assert total["exited"] == 15
    assert total["work_or_studies_at_exit"] == {"count": 10, "share": 0.6667}
    assert total["work_or_studies_at_followup"] == {"count": 5, "share": 0.7143}
    mine = next(e for e in data["outcomes"]["interventions"]
                if e["intervention"] == alfa.intervention.slug)
    assert mine["from_support_to_work_or_studies"]["forsorjningsstod"] == {
        "exited": 10, "count": 9, "share": 0.9}
    assert mine["transitions"]["a_kassa"]["ingen"] == 4
    assert isinstance(total["time_in_intervention"]["median_days"], float)


def test_published_outcomes_leave_no_small_count_and_no_margin_that_gives_one_away(alfa):
    some_exits(alfa)
    exact = report(alfa)["outcomes"]
    published = report(alfa, "--publish")["outcomes"]
    mine = next(e for e in published["interventions"]
                if e["intervention"] == alfa.intervention.slug)
    exact_mine = next(e for e in exact["interventions"]
                      if e["intervention"] == alfa.intervention.slug)
    assert exact_mine["transitions"]["forsorjningsstod"]["studier"] == 1
    assert mine["transitions"]["forsorjningsstod"]["studier"] == "x"
    for support, row in mine["transitions"].items():
        hidden = [k for k, v in row.items() if v == "x"]
        assert len(hidden) != 1, support
        for state, value in row.items():
            if state != "total" and isinstance(value, int):
                assert not primary({"x": value}, 5)
    # The other insats has one exit: every figure of it is hidden, and the total row cannot
    # give it back by subtraction.
    other = next(e for e in published["interventions"]
                 if e["intervention"] == alfa.other_intervention.slug)
    assert other["exited"] == "x" and other["work_or_studies_at_exit"]["share"] is None
    assert published["total"]["exited"] == "x" or mine["exited"] == "x"
