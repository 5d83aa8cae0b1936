"""The years a förbund's participations started in, for every page's year menu."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.associations import versions
from samsyn.participants import queries
from samsyn.participants.models import MonthlyCount, Participant, Participation


def _start(world, intervention, day, n):
    participant = Participant.objects.create(association=world.association, pseudonym=f"p{n}")
    Participation.objects.create(intervention=intervention, participant=participant,
                                 gender="man", birth_year=1990, referrer_category="af",
                                 start_date=day, end_date=day + dt.timedelta(days=400))


def test_every_year_a_participation_started_in_and_no_other(alfa):
    Participation.objects.filter(intervention__association=alfa.association).delete()
    days = [(alfa.intervention, dt.date(2019, 12, 31)), (alfa.intervention, dt.date(2021, 1, 1)),
            (alfa.intervention, dt.date(2021, 6, 1)), (alfa.other_intervention,
                                                       dt.date(2024, 3, 3)),
            (alfa.other_intervention, dt.date(2019, 1, 1))]
    for n, (intervention, day) in enumerate(days):
        _start(alfa, intervention, day, n)
    queries.records_changed(alfa.association)
    # 2020 and 2022, when participations ran on but none started, are not start years.
    assert queries.start_years(alfa.association) == {2019, 2021, 2024}


def test_a_new_year_shows_once_the_records_change(alfa, beta):
    before = queries.start_years(alfa.association)
    _start(alfa, alfa.intervention, dt.date(2030, 5, 5), 99)
    queries.records_changed(alfa.association)
    assert queries.start_years(alfa.association) == before | {2030}
    assert 2030 not in queries.start_years(beta.association)


def test_the_years_are_found_in_one_statement_however_many_there_are(alfa):
    for n, year in enumerate(range(2010, 2022, 2)):
        _start(alfa, alfa.other_intervention, dt.date(year, 7, 1), 200 + n)
    queries.records_changed(alfa.association)
    with versions.request_memo():
        queries.records_version(alfa.association)  # read once per request anyway
        with CaptureQueriesContext(connection) as statements:
            found = queries.start_years(alfa.association)
    assert set(range(2010, 2022, 2)) <= found
    assert len(statements) == 1


def test_the_year_menu_gets_the_start_years_and_the_count_years_in_one_statement(alfa, beta):
    _start(alfa, alfa.intervention, dt.date(2012, 3, 3), 300)
    MonthlyCount.objects.create(intervention=alfa.other_intervention, month=dt.date(2008, 11, 1),
                                period_end=dt.date(2008, 11, 30), kind="new", gender="kvinna",
                                referrer_category="af", count=3)
    queries.records_changed(alfa.association)
    with versions.request_memo():
        queries.records_version(alfa.association)
        with CaptureQueriesContext(connection) as statements:
            found = queries.record_years(alfa.association)
        assert queries.record_years(alfa.association) == found  # kept
    assert len(statements) == 1
    assert found == queries.start_years(alfa.association) | set(
        queries.count_years(alfa.association))
    assert {2008, 2012} <= found
    assert 2008 not in queries.record_years(beta.association)
