"""Gallring only under the board's recorded decision, and each run logged with it."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations.models import RecordKind, RetentionDecision
from samsyn.audit.models import AuditEntry
from samsyn.participants.models import Participant, Participation, ReducedParticipation
from samsyn.participants.services import NoRetentionDecision, months_before, reduce_expired

D = dt.date
MIDSUMMER_2018 = D(2018, 6, 30)


def old_participation(world, pseudonym="gammal", end=MIDSUMMER_2018):
    participant = Participant.objects.create(association=world.association, pseudonym=pseudonym)
    return Participation.objects.create(
        intervention=world.intervention, participant=participant, gender="kvinna",
        birth_year=1990, referrer="af", referrer_category="af", start_date=D(2018, 1, 10),
        end_date=end, exit_reason="arbete")


def test_without_a_decision_nothing_is_reduced_and_the_command_exits_1(alfa):
    RetentionDecision.objects.filter(association=alfa.association).delete()
    old_participation(alfa)
    err = StringIO()
    with pytest.raises(CommandError, match="har inget registrerat gallringsbeslut") as caught:
        call_command("reduce_participations", "--association", "alfa", "--today", "2025-01-01",
                     stdout=StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert "Samordningsförbundet alfa" in str(caught.value)
    assert Participation.objects.filter(participant__pseudonym="gammal").exists()
    assert not ReducedParticipation.objects.exists()
    assert not AuditEntry.objects.filter(action="reduce").exists()


def test_a_decision_on_other_records_does_not_allow_reducing_participations(alfa):
    decision = alfa.extra["retention_decision"]
    decision.record_kinds = [RecordKind.SURVEY_ANSWERS]
    decision.save()
    with pytest.raises(NoRetentionDecision):
        reduce_expired(alfa.association, D(2025, 1, 1))


def test_a_decision_taken_after_the_day_counted_from_does_not_apply(alfa):
    with pytest.raises(NoRetentionDecision):
        reduce_expired(alfa.association, D(2019, 12, 31))


def test_one_forbund_without_a_decision_does_not_stop_the_others(alfa, beta):
    RetentionDecision.objects.filter(association=beta.association).delete()
    old_participation(alfa)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("reduce_participations", "--today", "2025-01-01", stdout=out, stderr=err)
    assert "alfa: 1 participations older than 60 months were reduced" in out.getvalue()
    assert "Samordningsförbundet beta har inget registrerat gallringsbeslut" in err.getvalue()


def test_the_latest_decision_in_force_sets_the_period(alfa):
    old_participation(alfa, "tidig", end=D(2022, 6, 30))
    RetentionDecision.objects.create(
        association=alfa.association, decided_on=D(2024, 3, 1), reference="Dnr 2024/3",
        record_kinds=[RecordKind.PARTICIPATIONS, RecordKind.AUDIT_LOG], retention_months=24,
        adopted_by="Styrelsen")
    result = reduce_expired(alfa.association, D(2025, 1, 1))
    assert result.decision is not None and result.decision.reference == "Dnr 2024/3"
    assert result.participations == 1
    assert not Participant.objects.filter(pseudonym="tidig").exists()


def test_each_run_is_logged_with_the_decision_it_follows(alfa):
    old_participation(alfa)
    call_command("reduce_participations", "--association", "alfa", "--today", "2025-01-01",
                 "--dry-run", stdout=StringIO())
    call_command("reduce_participations", "--association", "alfa", "--today", "2025-01-01",
                 stdout=StringIO())
    decision = alfa.extra["retention_decision"]
    dry, real = AuditEntry.objects.filter(action__startswith="reduce").order_by("pk")
    assert (dry.action, dry.rows, real.action, real.rows) == ("reduce_dry_run", 1, "reduce", 1)
    assert real.object_id == str(decision.pk) and real.association_id == alfa.association.pk
    detail = json.loads(real.detail)
    assert detail["decision"] == "Dnr 2020/1 § 5" and detail["months"] == 60
    assert detail["closed_before"] == "2020-01-01"


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(1, 1200))
def test_months_before_goes_back_whole_months_and_never_past_a_months_end(day, months):
    earlier = months_before(day, months)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier.day == day.day or (
        earlier.day < day.day and (earlier + dt.timedelta(days=1)).day == 1)


def test_the_office_records_a_decision_and_everyone_sees_the_list(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("retention_decision_create", args=["alfa"]), {
        "decided_on": "2025-02-12", "reference": "Dnr 2025/7 § 4", "adopted_by": "Styrelsen",
        "record_kinds": ["participations"], "retention_months": "36"})
    assert response.status_code == 302
    saved = RetentionDecision.objects.get(reference="Dnr 2025/7 § 4")
    assert saved.association == alfa.association and saved.record_kinds == ["participations"]
    assert AuditEntry.objects.filter(action="save", object_id=str(saved.pk)).exists()
    page = login(alfa.users["board"]).get(reverse("retention_decision_list", args=["alfa"]))
    text = page.content.decode()
    assert "Dnr 2025/7 § 4" in text and "Deltagaruppgifter (deltaganden)" in text


def test_a_decision_must_name_the_records_it_covers(alfa, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("retention_decision_create", args=["alfa"]), {
        "decided_on": "2025-02-12", "reference": "Dnr 2025/8", "adopted_by": "Styrelsen",
        "retention_months": "36"})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not RetentionDecision.objects.filter(reference="Dnr 2025/8").exists()
