"""No personnummer anywhere; unrelated pseudonyms between förbund; extract, erasure, the log."""

import datetime as dt
import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.participants.models import Participant, Participation
from samsyn.participants.pseudonym import (
    PseudonymError,
    association_key,
    normalise_personnummer,
    pseudonym,
)
from samsyn.participants.services import pseudonymiser

PNR = "19811218-9876"  # Skatteverket's test personnummer


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


@pytest.mark.parametrize("written", ["19811218-9876", "198112189876", "811218-9876",
                                     "8112189876", " 19811218 9876 "])
def test_every_way_of_writing_a_personnummer_gives_one_pseudonym(written):
    key = association_key("secret", "salt")
    assert pseudonym(key, written, dt.date(2026, 1, 1)) == pseudonym(key, PNR)


def test_a_samordningsnummer_and_a_hundred_year_old_are_understood():
    assert normalise_personnummer("811278-9873", dt.date(2026, 1, 1)) == "198112789873"
    assert normalise_personnummer("201218+9870", dt.date(2026, 1, 1))[:4] == "1920"


@pytest.mark.parametrize("bad", ["19811218-9875", "19811318-9877", "12345", "811218-987"])
def test_an_invalid_number_is_refused_without_repeating_it(bad):
    with pytest.raises(PseudonymError) as caught:
        pseudonym(association_key("s", "t"), bad)
    assert bad not in str(caught.value) and bad.replace("-", "") not in str(caught.value)


def test_the_same_person_in_two_förbund_gets_unrelated_pseudonyms(alfa, beta):
    a, b = pseudonymiser(alfa.association)(PNR), pseudonymiser(beta.association)(PNR)
    assert a != b and len(a) == len(b) == 64
    # Nothing shared: not even a common prefix longer than chance would give.
    assert sum(x == y for x, y in zip(a, b, strict=True)) < 20
    assert alfa.association.pseudonym_salt != beta.association.pseudonym_salt


def _every_text_in_the_database() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from Django
            parts.extend(str(row) for row in cursor.fetchall())
    return "\n".join(parts)


def test_no_personnummer_is_stored_logged_or_exported(alfa, login, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    client = login(alfa.users["staff"])
    response = client.post(url(alfa, "participation_create", "vagen-vidare"), {
        "participant_id": PNR, "gender": "man", "birth_year": "1981",
        "referrer": "fk", "start_date": "2022-03-01",
    })
    assert response.status_code == 302
    csv = tmp_path / "deltagare.csv"
    csv.write_text("insats;deltagare;kön;födelseår;anvisare;startdatum\n"
                   f"vagen-vidare;{PNR};Man;1981;FK;2022-03-01\n"
                   "vagen-vidare;811218-9875;Man;1981;FK;2022-03-01\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception):  # noqa: B017 - the second row is wrong, the file refused
        call_command("import_participations", str(csv), "--association", "alfa",
                     stdout=out, stderr=err)
    report = client.get(url(alfa, "report_view", "participants"),
                        {"year": 2022, "format": "json"}).content.decode()
    everything = "\n".join([_every_text_in_the_database(), caplog.text, out.getvalue(),
                            err.getvalue(), report, response.content.decode()])
    for form in ("198112189876", "8112189876", "19811218-9876", "811218-9876",
                 "811218-9875", "8112189875"):
        assert form not in everything
    assert "kontrollsiffra" in err.getvalue()


def test_staff_find_a_person_by_personnummer_and_erase_them(alfa, login):
    client = login(alfa.users["staff"])
    client.post(url(alfa, "participation_create", "vagen-vidare"), {
        "participant_id": PNR, "gender": "man", "birth_year": "1981",
        "referrer": "fk", "start_date": "2022-03-01",
    })
    page = client.post(url(alfa, "register_extract"), {"personnummer": "8112189876"})
    text = page.content.decode()
    assert "Vägen vidare" in text and "2022-03-01" in text and PNR not in text
    participation = Participation.objects.get(participant__pseudonym=pseudonymiser(
        alfa.association)(PNR))
    assert AuditEntry.objects.filter(action="extract", username=alfa.users["staff"].username)
    client.post(url(alfa, "participation_delete", "vagen-vidare", participation.pk))
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert not Participant.objects.filter(pk=participation.participant_id).exists()
    assert AuditEntry.objects.filter(action="erase").count() == 1


def test_an_extract_never_reaches_into_another_insats(alfa, login):
    # The world's participation is in staff's insats; move it to one they do not work in.
    participation = alfa.extra["participation"]
    participation.intervention = alfa.other_intervention
    participation.save()
    client = login(alfa.users["staff"])
    page = client.post(url(alfa, "register_extract"), {"personnummer": "19900101-0017"})
    assert "Inget finns om denna person i dina insatser." in page.content.decode()


def test_reading_records_is_logged_and_the_admin_sees_the_log(alfa, login):
    login(alfa.users["analyst"]).get(url(alfa, "participation_list", "vagen-vidare"))
    entry = AuditEntry.objects.get(action="list")
    assert (entry.username, entry.intervention, entry.rows) == (
        alfa.users["analyst"].username, alfa.intervention.name, 1)
    page = login(alfa.users["admin"]).get(url(alfa, "audit_log")).content.decode()
    assert alfa.users["analyst"].username in page and "Vägen vidare" in page


@pytest.mark.parametrize(("role", "status"), [("admin", 403), ("office", 403), ("board", 403),
                                              ("analyst", 200), ("staff", 200)])
def test_only_staff_and_analysts_read_records(alfa, login, role, status):
    response = login(alfa.users[role]).get(url(alfa, "participation_list", "vagen-vidare"))
    assert response.status_code == status


def test_staff_cannot_open_the_records_of_another_insats(alfa, login):
    client = login(alfa.users["staff"])
    assert client.get(url(alfa, "participation_list", "samverkan")).status_code == 404
