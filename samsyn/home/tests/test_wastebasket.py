"""Undo for a removal: the wastebasket keeps what a page removed, restores it as it was, and
never keeps participant records (issue 28)."""

import datetime as dt
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samsyn.associations import trash
from samsyn.associations.models import RemovedRow
from samsyn.audit.models import AuditEntry
from samsyn.finance.checks import discrepancies
from samsyn.finance.models import BudgetLine
from samsyn.interventions.models import Activity, FollowUp, Intervention
from samsyn.participants.models import Participation


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def budget_contributions(world, year=2022):
    return sum(line.amount for line in BudgetLine.objects.filter(
        association=world.association, year=year, scenario="budget", category="contribution"))


def test_a_removed_budget_line_leaves_every_figure_and_comes_back_with_its_version(
        alfa, login):
    line = BudgetLine.objects.get(association=alfa.association, year=2022, scenario="budget",
                                  category="contribution", member=alfa.members["fk"])
    line.version = 3
    line.save()
    office = login(alfa.users["office"])
    response = office.post(url(alfa, "budget_line_delete", line.pk), follow=True)
    assert "papperskorgen" in response.content.decode()
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert budget_contributions(alfa) == Decimal(500_000)
    # Gone from the reports' checks too: the budget now differs from the decided split.
    assert any(d.typed == Decimal(500_000) and d.computed == Decimal(1_000_000)
               for d in discrepancies(alfa.association, 2022))
    removed = RemovedRow.objects.get(association=alfa.association, model="finance.BudgetLine")
    page = office.get(url(alfa, "removed_rows")).content.decode()
    assert "Budgetrad" in page and alfa.users["office"].username in page
    office.post(url(alfa, "removed_row_restore", removed.pk))
    back = BudgetLine.objects.get(pk=line.pk)
    assert back.amount == Decimal(500_000) and back.version == 3
    assert budget_contributions(alfa) == Decimal(1_000_000)
    assert not RemovedRow.objects.filter(pk=removed.pk).exists()
    deleted = AuditEntry.objects.get(action="delete", object_type="finance.BudgetLine")
    assert f'"restorable": {removed.pk}' in deleted.detail
    restored = AuditEntry.objects.get(action="restore")
    assert restored.object_id == str(line.pk) and '"version": 3' in restored.detail


def test_an_activity_comes_back_with_its_follow_ups(alfa, login):
    activity = alfa.activity
    FollowUp.objects.create(activity=activity, half=1, status=FollowUp.Status.DONE)
    office = login(alfa.users["office"])
    office.post(url(alfa, "activity_delete", alfa.plan.year, activity.pk))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not FollowUp.objects.filter(activity_id=activity.pk).exists()
    removed = RemovedRow.objects.get(association=alfa.association, model="interventions.Activity")
    assert removed.rows == 2
    office.post(url(alfa, "removed_row_restore", removed.pk))
    assert Activity.objects.get(pk=activity.pk).name == activity.name
    assert FollowUp.objects.filter(activity_id=activity.pk).count() == 1


def test_an_insats_with_participant_records_is_removed_for_good(alfa, login):
    assert Participation.objects.filter(intervention=alfa.intervention).exists()
    BudgetLine.objects.filter(intervention=alfa.intervention).delete()  # PROTECT otherwise
    office = login(alfa.users["office"])
    office.post(url(alfa, "intervention_delete", alfa.intervention.slug))
    assert not Intervention.objects.filter(pk=alfa.intervention.pk).exists()
    assert not RemovedRow.objects.filter(model="interventions.Intervention").exists()
    assert not Participation.objects.filter(intervention_id=alfa.intervention.pk).exists()


def test_erasing_a_participation_is_never_kept(alfa, login):
    participation = Participation.objects.filter(intervention=alfa.intervention).first()
    staff = login(alfa.users["staff"])
    staff.post(url(alfa, "participation_delete", alfa.intervention.slug, participation.pk))
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert not RemovedRow.objects.filter(data__contains="participants.participation").exists()


def test_a_row_whose_parent_went_since_cannot_be_restored_and_says_why(alfa, login):
    office = login(alfa.users["office"])
    office.post(url(alfa, "activity_delete", alfa.plan.year, alfa.activity.pk))
    office.post(url(alfa, "plan_goal_delete", alfa.plan.year, alfa.plan_goal.pk))
    activity = RemovedRow.objects.get(model="interventions.Activity")
    response = office.post(url(alfa, "removed_row_restore", activity.pk), follow=True)
    assert "Återställ det först" in response.content.decode()
    assert RemovedRow.objects.filter(pk=activity.pk).exists()
    assert not Activity.objects.filter(pk=alfa.activity.pk).exists()


def test_the_board_and_another_förbund_cannot_restore(alfa, beta, login):
    removed = alfa.extra["removed_row"]
    assert login(alfa.users["board"]).post(
        url(alfa, "removed_row_restore", removed.pk)).status_code == 403
    assert login(beta.users["admin"]).post(
        reverse("removed_row_restore", args=[beta.association.slug, removed.pk])
    ).status_code == 404
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


def test_the_nightly_command_purges_copies_older_than_thirty_days(alfa):
    old = alfa.extra["removed_row"]
    RemovedRow.objects.filter(pk=old.pk).update(
        removed_at=timezone.now() - dt.timedelta(days=trash.KEEP_DAYS + 1))
    fresh = RemovedRow.objects.create(association=alfa.association, model="x.Y",
                                      object_id="1", label="ny", data="[]")
    out = StringIO()
    call_command("purge_removed", stdout=out)
    assert not RemovedRow.objects.filter(pk=old.pk).exists()
    assert RemovedRow.objects.filter(pk=fresh.pk).exists()
    assert out.getvalue().startswith("1 ")


def test_an_insats_without_records_comes_back_with_its_counts(alfa, login):
    from samsyn.participants.models import MonthlyCount

    other = alfa.other_intervention
    counts = MonthlyCount.objects.filter(intervention=other).count()
    assert counts and not Participation.objects.filter(intervention=other).exists()
    office = login(alfa.users["office"])
    office.post(url(alfa, "intervention_delete", other.slug))
    assert not Intervention.objects.filter(pk=other.pk).exists()
    removed = RemovedRow.objects.get(model="interventions.Intervention")
    office.post(url(alfa, "removed_row_restore", removed.pk))
    assert Intervention.objects.get(pk=other.pk).name == other.name
    assert MonthlyCount.objects.filter(intervention=other).count() == counts
