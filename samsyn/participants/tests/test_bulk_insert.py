"""Participations inserted in bulk leave the summaries as inserting them row by row does.

bulk.inserting defers the participations' INSERT triggers on SQLite and adds the new rows'
marks in one grouped upsert per summary. A random history is written, then a random batch
inserted both ways (in turn, each rolled back), and both summary tables compared row for row,
zeros included. On PostgreSQL the block changes nothing, and the comparison still holds.
"""

import datetime as dt
import io

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.access import Scope
from samsyn.associations.models import Member
from samsyn.participants import bulk, importing, month_summary, summary
from samsyn.participants.metrics import EXIT_REASONS, GENDERS, REFERRERS
from samsyn.participants.models import (
    Participant,
    Participation,
    ParticipationMonth,
    ParticipationSummary,
)
from samsyn.participants.tests.test_counted_by_the_database import (
    Rollback,
    days,
    participations,
    write_and_expect,
)

# A batch's rows: (insats, person, gender, start, days to the end or None, reason, referrer,
# kommun, birth year). An end before the start is allowed: the month summary leaves such a
# row out, the daily one does not, and the grouped upsert must do the same.
batch_rows = st.lists(st.tuples(
    st.integers(0, 1), st.integers(0, 8), st.sampled_from(GENDERS), days,
    st.one_of(st.none(), st.integers(-40, 500)), st.sampled_from(EXIT_REASONS),
    st.sampled_from(REFERRERS), st.sampled_from([None, 0, 1]), st.integers(1940, 2008)),
    max_size=30)


def _tables() -> tuple[dict, dict]:
    daily = {(s.intervention_id, s.day, s.kind, s.source, s.gender, s.code): s.count
             for s in ParticipationSummary.objects.all()}
    months = {(m.intervention_id, m.span, m.kind, m.month, m.source, m.gender, m.code,
               m.kommun, m.age): m.count for m in ParticipationMonth.objects.all()}
    return daily, months


def _batch(alfa, kommuner: list[Member], rows: list[tuple]) -> list[Participation]:
    insatser = [alfa.intervention, alfa.other_intervention]
    found, seen = [], set()
    for insats, person, gender, start, length, reason, referrer, where, born in rows:
        participant, _new = Participant.objects.get_or_create(
            association=alfa.association, pseudonym=f"gen-{person}")
        key = (insats, participant.pk, start)
        if key in seen or Participation.objects.filter(
                intervention=insatser[insats], participant=participant,
                start_date=start).exists():
            continue
        seen.add(key)
        found.append(Participation(
            intervention=insatser[insats], participant=participant, gender=gender,
            birth_year=born, municipality=None if where is None else kommuner[where],
            referrer=referrer, referrer_category=referrer, start_date=start,
            end_date=None if length is None else start + dt.timedelta(length),
            exit_reason="" if length is None else reason))
    return found


def _inserted(alfa, kommuner: list[Member], rows: list[tuple], in_bulk: bool) -> tuple:
    try:
        with transaction.atomic():
            batch = _batch(alfa, kommuner, rows)
            with connection.cursor() as cursor:
                if in_bulk:
                    with bulk.inserting(cursor):
                        Participation.objects.bulk_create(batch)
                else:
                    Participation.objects.bulk_create(batch)
            found = _tables()
            raise Rollback
    except Rollback:
        pass
    return found


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(participations, max_size=15), batch_rows)
def test_a_batch_inserted_in_bulk_leaves_the_summaries_as_row_by_row(alfa, before, rows):
    kommuner = [alfa.members["kommun"], Member.objects.get_or_create(
        association=alfa.association, name="Andra kommun", kind="kommun")[0]]
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            write_and_expect(alfa, kommuner, before, [], [])
            one_by_one = _inserted(alfa, kommuner, rows, in_bulk=False)
            in_bulk = _inserted(alfa, kommuner, rows, in_bulk=True)
            raise Rollback
    except Rollback:
        pass
    assert in_bulk == one_by_one


def test_the_triggers_keep_the_summaries_again_after_the_block(alfa):
    """A participation saved after an import, in the same transaction or later, is marked by
    the triggers: the flag is gone."""
    news = _news()
    with transaction.atomic(), connection.cursor() as cursor:
        with bulk.inserting(cursor):
            Participation.objects.create(
                intervention=alfa.intervention, participant=Participant.objects.create(
                    association=alfa.association, pseudonym="a"),
                gender="kvinna", birth_year=1990, start_date=dt.date(2024, 3, 4))
        Participation.objects.create(
            intervention=alfa.intervention, participant=Participant.objects.create(
                association=alfa.association, pseudonym="b"),
            gender="man", birth_year=1991, start_date=dt.date(2024, 3, 5))
    kept = _tables()
    summary.rebuild()
    month_summary.rebuild()
    assert kept == _tables()
    assert _news() == news + 2


def test_a_failed_insert_in_the_block_leaves_the_rows_before_it_marked(alfa):
    """A statement failing in a savepoint inside the block: the rows inserted before it are
    marked as the block ends, and a row saved afterwards by the triggers."""
    person = Participant.objects.create(association=alfa.association, pseudonym="a")
    news = _news()
    with transaction.atomic(), connection.cursor() as cursor:
        with pytest.raises(DatabaseError), bulk.inserting(cursor):
            Participation.objects.create(intervention=alfa.intervention, participant=person,
                                         gender="kvinna", birth_year=1990,
                                         start_date=dt.date(2024, 3, 4))
            with transaction.atomic():
                cursor.execute(f"INSERT INTO {bulk.TABLE} (id) VALUES (NULL)")  # noqa: S608
        Participation.objects.create(intervention=alfa.intervention, participant=person,
                                     gender="kvinna", birth_year=1990,
                                     start_date=dt.date(2024, 5, 6))
    assert _news() == news + 2
    kept = _tables()
    summary.rebuild()
    month_summary.rebuild()
    assert kept == _tables()


def test_an_import_leaves_the_summaries_as_a_rebuild(alfa):
    """Through the importer: new rows, then the same file with other referrers (the
    UPDATE's row triggers), each time the summaries equal to ones made from the rows."""
    lines = ["intervention,participant,gender,birth_year,municipality,referrer,start_date,"
             "support_at_start,end_date,exit_reason"]
    for i in range(40):
        start = dt.date(2021, 1, 1) + dt.timedelta(days=37 * i)
        end = (start + dt.timedelta(days=60)).isoformat() if i % 3 == 0 else ""
        lines.append(f"vagen-vidare,LOK-{i},{GENDERS[i % 3]},{1960 + i},"
                     f"{'Alfa kommun' if i % 2 else ''},fk,{start},,{end},"
                     f"{'arbete' if end else ''}")
    scope = Scope.system(alfa.association)
    before = Participation.objects.count()
    for text in ("\n".join(lines), "\n".join(lines).replace(",fk,", ",kaa,")):
        got = importing.import_file(scope, io.BytesIO(text.encode()), "f.csv", apply=True,
                                    user=None)
        assert got.applied, got.errors
        kept = _tables()
        summary.rebuild()
        month_summary.rebuild()
        assert [_nonzero(t) for t in kept] == [_nonzero(t) for t in _tables()]
    assert Participation.objects.count() == before + 40
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {summary.DEFERRED}")  # noqa: S608
            assert cursor.fetchone()[0] == 0


def _news() -> int:
    return sum(ParticipationSummary.objects.filter(kind="new")
               .values_list("count", flat=True))


def _nonzero(table: dict) -> dict:
    return {key: n for key, n in table.items() if n}
