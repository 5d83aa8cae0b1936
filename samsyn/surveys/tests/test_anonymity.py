"""Answers stored apart from the links: nothing in a row, nor in PostgreSQL's system columns,
ties an answer to the link it came by or the person it was made for; concurrent submits of
one link answer cleanly."""

import datetime as dt
import threading

from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from samsyn.participants.models import Participant, Participation
from samsyn.surveys import services
from samsyn.surveys.models import Answer, Invitation, Invitee, Response
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


def _system_ids(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}::text FROM {table}")  # noqa: S608 - fixed names
        return {row[0] for row in cursor.fetchall()} - {"0"}


def test_no_column_and_no_transaction_ties_an_answer_to_its_link(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    tokens = services.invite(round, _participations(world, 3))
    services.submit(tokens[1], {"P1": 8}, {"P-FRI": "Bra stöd"}, TODAY)
    # Columns: an answer points at its round and question, never at a link or a person.
    assert not _linked_models(Response) & {Invitation, Invitee, Participation}
    assert not _linked_models(Answer) & {Invitation, Invitee, Participation}
    assert {f.name for f in Invitation._meta.concrete_fields} == {
        "id", "round", "token_hash", "created", "used"}
    # Dates: the link keeps the day it was made, the answer the day it came.
    used = Invitation.objects.get(used=True)
    assert used.created == dt.date.today()
    if connection.vendor == "postgresql":
        answer_xids = (_system_ids("surveys_response", "xmin")
                       | _system_ids("surveys_answer", "xmin"))
        link_xids = (_system_ids("surveys_invitation", "xmin")
                     | _system_ids("surveys_invitation", "xmax"))
        invitee_xids = _system_ids("surveys_invitee", "xmin")
        assert answer_xids and link_xids and invitee_xids
        assert not answer_xids & link_xids
        assert not answer_xids & invitee_xids
        assert not link_xids & invitee_xids


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
            statuses.append(Client().post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 4 and set(statuses) <= {200, 410}
    assert statuses.count(200) == 1
    assert Response.objects.filter(round=round).count() == 1
