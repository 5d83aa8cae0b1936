"""Attacks on the wastebasket's restore: a signed-off period, another förbund's copy, a role
without the right, links to rows gone since, and the audit log."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from samsyn.associations import trash
from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetLine
from samsyn.home.wastebasket import restore_removed
from samsyn.interventions.models import Intervention, TargetGroup
from samsyn.participants.models import MonthlyCount, ReducedParticipation
from samsyn.periods.models import SignedPeriod


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def sign_off(world, year=2022):
    return SignedPeriod.objects.create(association=world.association, kind="annual-report",
                                       start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                                       signed_by_name="kansli")


def remove_other_intervention(world, client):
    client.post(url(world, "intervention_delete", world.other_intervention.slug))
    assert not Intervention.objects.filter(pk=world.other_intervention.pk).exists()
    return RemovedRow.objects.get(association=world.association,
                                  model="interventions.Intervention")


def test_a_budget_line_does_not_come_back_into_a_year_signed_off_since(alfa, login):
    line = BudgetLine.objects.filter(association=alfa.association, year=2022).first()
    office = login(alfa.users["office"])
    office.post(url(alfa, "budget_line_delete", line.pk))
    removed = RemovedRow.objects.get(model="finance.BudgetLine")
    sign_off(alfa)
    response = office.post(url(alfa, "removed_row_restore", removed.pk), follow=True)
    assert "2022-01-01–2022-12-31" in response.content.decode()
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


def test_an_insats_s_counts_do_not_come_back_into_a_period_signed_off_since(alfa, login):
    # The counts are the figures of the signed report: restoring the insats would change
    # them without the refusal or the logged later change every other writer gets.
    office = login(alfa.users["office"])
    counts = MonthlyCount.objects.filter(intervention=alfa.other_intervention).count()
    assert counts
    removed = remove_other_intervention(alfa, office)
    sign_off(alfa)
    response = office.post(url(alfa, "removed_row_restore", removed.pk), follow=True)
    assert response.status_code == 200
    assert "2022-01-01–2022-12-31" in response.content.decode()
    assert not Intervention.objects.filter(pk=alfa.other_intervention.pk).exists()
    assert not MonthlyCount.objects.filter(intervention_id=alfa.other_intervention.pk).exists()
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


def test_an_insats_s_reduced_participations_do_not_come_back_into_a_signed_period(alfa, login):
    MonthlyCount.objects.filter(intervention=alfa.other_intervention).delete()
    ReducedParticipation.objects.create(
        intervention=alfa.other_intervention, start_date=dt.date(2022, 2, 1),
        end_date=dt.date(2022, 5, 31), gender="man", age_group="30-39",
        referrer_category="af", exit_reason="arbete", count=4)
    office = login(alfa.users["office"])
    removed = remove_other_intervention(alfa, office)
    sign_off(alfa)
    office.post(url(alfa, "removed_row_restore", removed.pk))
    assert not ReducedParticipation.objects.filter(
        intervention_id=alfa.other_intervention.pk).exists()
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


def test_an_insats_s_counts_come_back_where_no_period_is_signed(alfa, login):
    office = login(alfa.users["office"])
    counts = MonthlyCount.objects.filter(intervention=alfa.other_intervention).count()
    removed = remove_other_intervention(alfa, office)
    sign_off(alfa, year=2019)
    office.post(url(alfa, "removed_row_restore", removed.pk))
    assert MonthlyCount.objects.filter(intervention=alfa.other_intervention).count() == counts


def test_a_link_to_a_target_group_removed_since_refuses_the_restore_with_a_message(
        alfa, login):
    group = TargetGroup.objects.create(association=alfa.association, name="Snart borta")
    alfa.other_intervention.target_groups.set([group])
    office = login(alfa.users["office"])
    removed = remove_other_intervention(alfa, office)
    group.delete()
    response = office.post(url(alfa, "removed_row_restore", removed.pk), follow=True)
    assert response.status_code == 200
    assert "Återställ det först" in response.content.decode()
    assert not Intervention.objects.filter(pk=alfa.other_intervention.pk).exists()
    # No row left pointing at nothing (SQLite checks a link only when it commits).
    connection.check_constraints()


@pytest.mark.parametrize("role", ["board", "staff", "analyst"])
def test_only_the_kansli_and_admin_see_or_restore(alfa, login, role):
    removed = alfa.extra["removed_row"]
    client = login(alfa.users[role])
    assert client.get(url(alfa, "removed_rows")).status_code == 403
    assert client.post(url(alfa, "removed_row_restore", removed.pk)).status_code == 403
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


def test_another_förbund_s_copy_is_not_found_by_its_id(alfa, beta, login):
    removed = alfa.extra["removed_row"]
    office = login(beta.users["office"])
    assert office.post(url(beta, "removed_row_restore", removed.pk)).status_code == 404
    page = office.get(url(beta, "removed_rows")).content.decode()
    assert f"/papperskorg/{removed.pk}/" not in page
    with pytest.raises(trash.NotRestorable):
        restore_removed(Actor.system(beta.association), removed)
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


def test_a_restore_is_in_the_audit_log_with_who_removed_it(alfa, login):
    office = login(alfa.users["office"])
    removed = remove_other_intervention(alfa, office)
    office.post(url(alfa, "removed_row_restore", removed.pk))
    entry = AuditEntry.objects.get(action="restore")
    assert entry.user_id == alfa.users["office"].pk
    assert entry.object_id == str(alfa.other_intervention.pk)
    assert alfa.users["office"].username in entry.detail
