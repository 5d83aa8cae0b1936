"""Answers stored apart from the links: nothing in a row, nor in PostgreSQL's system columns,
ties an answer to the link it came by or the person it was made for; concurrent submits of
one link answer cleanly."""

import datetime as dt
import threading
from io import StringIO

from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.participants.models import Participant, Participation
from samsyn.surveys import services
from samsyn.surveys.models import Answer, Invitation, Invitee, PendingResponse, Response
from samsyn.testing import make_world

TODAY = dt.date(2022, 6, 1)


def _participations(world, n):
    found = []
    for i in range(n):
        participant = Participant.objects.create(association=world.association,
                                                 pseudonym=f"{i:064d}")
        found.append(Participation.objects.create(
            intervention=world.intervention, participant=participant, gender="kvinna",
            birth_year=1990, referrer="fk", referrer_category="fk",
            start_date=dt.date(2022, 1, 1)))
    return found


def _linked_models(model):
    return {f.related_model for f in model._meta.get_fields() if f.is_relation}


def _xids(table, column="xmin"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}::text::bigint FROM {table}")  # noqa: S608 - fixed names
        return {row[0] for row in cursor.fetchall()} - {0}


def test_no_column_and_no_transaction_ties_an_answer_to_its_link(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    tokens = services.invite(round, _participations(world, 8))
    # Answers that differ, so their order can be followed through the batch.
    for i, token in enumerate(tokens[:6]):
        services.submit(token, {"P1": i + 1}, {"P-FRI": f"svar {i}"}, TODAY)
    # Waiting: results count nothing yet, and the waiting rows name no link.
    assert not Response.objects.exists() and PendingResponse.objects.count() == 6
    assert not _linked_models(PendingResponse) & {Invitation, Invitee, Participation}
    later = TODAY + dt.timedelta(days=3)
    (flushed,) = services.flush_pending(later)  # 6 waiting >= the fewest reported (5)
    assert flushed.stored == 6 and not PendingResponse.objects.exists()
    # Columns: an answer points at its round and question, never at a link or a person.
    assert not _linked_models(Response) & {Invitation, Invitee, Participation}
    assert not _linked_models(Answer) & {Invitation, Invitee, Participation}
    assert {f.name for f in Invitation._meta.concrete_fields} == {
        "id", "round", "token_hash", "created", "used"}
    # Dates: every response has the batch's day, not the day it was given.
    assert set(Response.objects.values_list("submitted", flat=True)) == {later}
    if connection.vendor == "postgresql":
        answer_xids = _xids("surveys_response") | _xids("surveys_answer")
        link_xids = _xids("surveys_invitation") | _xids("surveys_invitation", "xmax")
        invitee_xids = _xids("surveys_invitee")
        assert len(answer_xids) == 1  # one batch, one transaction
        assert link_xids and invitee_xids
        # Neither a link's transaction nor the one right after it wrote an answer.
        assert not answer_xids & (link_xids | {x + 1 for x in link_xids})
        assert not answer_xids & invitee_xids
        assert not link_xids & invitee_xids


def test_a_batch_stores_the_answers_in_an_order_drawn_at_random(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    tokens = services.invite(round, count=24)
    given = list(range(24))
    for i, token in zip(given, tokens, strict=True):
        services.submit(token, {}, {"P-FRI": f"svar {i:02d}"}, TODAY)
    services.flush_pending(TODAY)
    stored = [int(text.split()[1]) for text in Answer.objects.filter(question__code="P-FRI")
              .order_by("response__pk").values_list("text", flat=True)]
    assert sorted(stored) == given
    # 24! orders: the order of answering survives the shuffle once in 6e23 runs.
    assert stored != given


def test_a_round_waits_for_enough_answers_or_its_close(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    tokens = services.invite(round, count=3)
    for token in tokens:
        services.submit(token, {"P1": 8}, {}, TODAY)
    # Three waiting, five reported at the fewest: a batch of three now would be telling.
    assert services.flush_pending(TODAY) == []
    assert PendingResponse.objects.count() == 3 and not Response.objects.exists()
    closed = round.closes + dt.timedelta(days=1)
    (flushed,) = services.flush_pending(closed)
    assert flushed.stored == 3 and Response.objects.count() == 3
    logged = AuditEntry.objects.filter(action="survey_answers_stored")
    assert [(e.rows, e.object_id) for e in logged] == [(3, str(round.pk))]


def test_the_nightly_command_stores_what_waits(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    (token,) = services.invite(round, count=1)
    services.submit(token, {"P1": 8}, {}, TODAY)
    out = StringIO()
    call_command("flush_survey_answers", "--association", "alfa", stdout=out)
    assert "Inga svar" in out.getvalue() or "No answers" in out.getvalue()
    call_command("flush_survey_answers", "--association", "alfa", "--force", stdout=out)
    assert Response.objects.filter(round=round).count() == 1
    assert not PendingResponse.objects.exists()


def test_concurrent_submits_of_one_link_store_one_answer_and_no_500(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    (token,) = services.invite(round, _participations(world, 1))
    url = reverse("survey_answer", args=[token])
    data = {q.code: "8" for q in round.template.questions.filter(kind="scale")}
    statuses = []
    start = threading.Barrier(4)

    def submit():
        try:
            start.wait()
            # A busy database asks the person to send again (SQLite's shared in-memory test
            # database locks whole tables); so does this one, a few times, as people would.
            for _attempt in range(10):
                page = Client().post(url, data)
                if "Många svarar" not in page.content.decode():
                    break
            statuses.append(page.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 4 and set(statuses) <= {200, 410}
    assert statuses.count(200) == 1
    assert PendingResponse.objects.filter(round=round).count() == 1
