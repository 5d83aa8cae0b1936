"""An administrator's change in a signed-off year: every edit form and every removal of a row
checked against signed-off periods asks for the reason it needs, hands it to the record's
one write service, which refuses the change without it and logs it with the change; the
kansli is refused, with the reason why, and nothing is written."""

import pytest
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.finance.models import (
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    ManagementGoal,
    ObjectRule,
    SieImport,
    StatementRule,
)
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    FollowUp,
    Goal,
    PlanGoal,
    PlanYear,
    TargetGroupStatistic,
)
from samsyn.participants.models import ReferralCount, StatedCount, StatedFigure
from samsyn.periods import services as periods
from samsyn.periods.models import LateChange, SignedPeriod
from samsyn.web.tests.posting import changed, fields, signed_in, text
from samsyn.web.urlwalk import tenant_urls, url_for, world_values

ASK = "Ange ett skäl till ändringen"
REFUSED = "Ändringen nekas"
REASON = "Rättelse efter revisionen"

# Each edit form of a row of the signed-off years, the field changed and the value typed
# (None: the shown value with a mark added, or a number one more).
EDITS = [
    ("goal_edit", "name", None),
    ("plan_edit", "title", None),
    ("focus_area_edit", "name", None),
    ("plan_goal_edit", "name", None),
    ("activity_edit", "name", None),
    ("target_group_statistic_edit", "source", None),
    ("object_rule_edit", "code", "P2"),
    ("account_rule_edit", "last_account", None),
    ("statement_rule_edit", "last_account", None),
    ("budget_history_edit", "text", None),
    ("management_goal_edit", "goal", None),
    ("referral_edit", "count", None),
    ("stated_edit", "source", None),
    ("stated_count_edit", "title", None),
    ("contribution_edit", "invoiced", "500000"),
    ("finance_year_edit", "opening_equity", None),
    ("budget_line_edit", "amount", None),
]

# Each removal of such a row: the page and the row's model, found by the world's objects.
DELETES = [
    ("goal_delete", lambda w: Goal.objects.filter(pk=w.goal.pk)),
    ("plan_delete", lambda w: PlanYear.objects.filter(pk=w.plan.pk)),
    ("focus_area_delete", lambda w: FocusArea.objects.filter(pk=w.focus_area.pk)),
    ("plan_goal_delete", lambda w: PlanGoal.objects.filter(pk=w.plan_goal.pk)),
    ("activity_delete", lambda w: Activity.objects.filter(pk=w.activity.pk)),
    ("target_group_statistic_delete",
     lambda w: TargetGroupStatistic.objects.filter(pk=w.extra["statistic"].pk)),
    ("object_rule_delete",
     lambda w: ObjectRule.objects.filter(pk=w.url_values["object_rule_id"])),
    ("account_rule_delete",
     lambda w: AccountRule.objects.filter(pk=w.url_values["account_rule_id"])),
    ("statement_rule_delete",
     lambda w: StatementRule.objects.filter(pk=w.url_values["statement_rule_id"])),
    ("budget_history_delete",
     lambda w: BudgetHistoryFigure.objects.filter(pk=w.extra["budget_history"].pk)),
    ("management_goal_delete",
     lambda w: ManagementGoal.objects.filter(pk=w.url_values["management_goal_id"])),
    ("referral_delete", lambda w: ReferralCount.objects.filter(pk=w.extra["referral"].pk)),
    ("stated_delete", lambda w: StatedFigure.objects.filter(pk=w.extra["stated"].pk)),
    ("stated_count_delete",
     lambda w: StatedCount.objects.filter(pk=w.extra["stated_count"].pk)),
    ("budget_line_delete", lambda w: BudgetLine.objects.filter(pk=w.extra["budget_line"].pk)),
    ("sie_delete", lambda w: SieImport.objects.filter(pk=w.extra["sie_import"].pk)),
]

# Edit and delete pages of rows no signed-off period holds: the förbund's settings, people,
# the board, target groups, groups and codes are not figures of a reported year; an insats's
# reported classification is locked by its own rule (interventions.services); a participation
# is kept by staff, who are no administrators, and erased only as the law requires.
NOT_PERIOD_CHECKED = {
    "association_edit", "member_edit", "member_delete", "population_edit", "population_delete",
    "board_member_edit", "board_member_delete", "board_meetings_edit", "board_meetings_delete",
    "retention_decision_edit", "membership_edit", "membership_delete", "referrer_edit",
    "referrer_delete", "target_group_edit", "target_group_delete", "intervention_group_edit",
    "intervention_group_delete", "intervention_edit", "intervention_delete",
    "finance_settings_edit", "participation_edit", "participation_delete",
}


@pytest.fixture
def signed(alfa):
    """Every row of alfa's world lies in 2022, its stated count in 2019: both signed off."""
    for year in (2019, 2022):
        periods.sign(alfa.association, alfa.users["office"], "annual-report",
                     *periods.period_bounds(year, "year"))
    return alfa


def _url(world, name):
    by_name = {u.name: u for u in tenant_urls()}
    return url_for(by_name[name], world_values(world))


def _client(world, role):
    return signed_in(world.users[role])


def _saves(world):
    return AuditEntry.objects.filter(association_id=world.association.pk,
                                     action__in=["save", "delete"]).count()


def _edited(world, client, name, field, typed):
    url = _url(world, name)
    data = fields(client.get(url))
    data[field] = typed if typed is not None else changed(data[field])
    return url, data


@pytest.mark.parametrize(("name", "field", "typed"), EDITS, ids=[c[0] for c in EDITS])
def test_an_administrator_is_asked_for_the_reason_and_it_is_logged_with_the_change(
        signed, name, field, typed):
    admin = _client(signed, "admin")
    url = _url(signed, name)
    page = admin.get(url)
    assert "late_reason" in page.context["form"].fields
    assert 'name="late_reason"' in page.content.decode()
    shown = fields(page)[field]
    url, data = _edited(signed, admin, name, field, typed)
    logged = _saves(signed)

    refused = admin.post(url, {**data, "late_reason": "  "})

    assert refused.status_code == 200
    assert ASK in text(refused)
    assert fields(admin.get(url))[field] == shown
    assert _saves(signed) == logged and not LateChange.objects.exists()

    saved = admin.post(url, {**data, "late_reason": REASON})

    assert saved.status_code == 302, text(saved)
    assert fields(admin.get(url))[field] != shown
    assert {c.reason for c in LateChange.objects.all()} == {REASON}
    entry = AuditEntry.objects.filter(association_id=signed.association.pk,
                                      action="save").latest("pk")
    assert REASON in entry.detail and field in entry.detail


@pytest.mark.parametrize(("name", "field", "typed"), EDITS, ids=[c[0] for c in EDITS])
def test_the_office_is_refused_with_the_reason_why_and_nothing_is_saved(
        signed, name, field, typed):
    office = _client(signed, "office")
    url = _url(signed, name)
    page = office.get(url)
    assert "late_reason" not in page.context["form"].fields
    shown = fields(page)[field]
    url, data = _edited(signed, office, name, field, typed)
    logged = _saves(signed)

    refused = office.post(url, {**data, "late_reason": REASON})

    assert refused.status_code == 200
    assert REFUSED in text(refused)
    assert fields(office.get(url))[field] == shown
    assert _saves(signed) == logged and not LateChange.objects.exists()


@pytest.mark.parametrize(("name", "rows"), DELETES, ids=[c[0] for c in DELETES])
def test_an_administrator_removing_a_row_is_asked_for_the_reason_and_it_is_logged(
        signed, name, rows):
    admin = _client(signed, "admin")
    url = _url(signed, name)
    page = admin.get(url)
    assert 'name="late_reason"' in page.content.decode()
    logged = _saves(signed)

    refused = admin.post(url, {"late_reason": ""}, follow=True)

    assert ASK in text(refused)
    assert rows(signed).exists()
    assert 'name="late_reason"' in refused.content.decode()
    assert _saves(signed) == logged and not LateChange.objects.exists()

    removed = admin.post(url, {"late_reason": REASON})

    assert removed.status_code == 302
    assert not rows(signed).exists()
    assert {c.reason for c in LateChange.objects.all()} == {REASON}
    entry = AuditEntry.objects.filter(association_id=signed.association.pk,
                                      action="delete").latest("pk")
    assert REASON in entry.detail


@pytest.mark.parametrize(("name", "rows"), DELETES, ids=[c[0] for c in DELETES])
def test_the_office_removing_a_row_is_refused_with_the_reason_why(signed, name, rows):
    office = _client(signed, "office")
    url = _url(signed, name)
    assert 'name="late_reason"' not in office.get(url).content.decode()

    refused = office.post(url, {"late_reason": REASON}, follow=True)

    assert REFUSED in text(refused)
    assert rows(signed).exists() and not LateChange.objects.exists()


def test_without_a_signed_off_period_no_form_asks_for_a_reason(alfa):
    SignedPeriod.objects.filter(association=alfa.association).delete()
    admin = _client(alfa, "admin")
    for name, _field, _typed in EDITS:
        assert "late_reason" not in admin.get(_url(alfa, name)).context["form"].fields, name


def test_every_edit_and_delete_page_is_either_asked_here_or_holds_no_signed_off_figure():
    pages = {u.name for u in tenant_urls() if u.name.endswith(("_edit", "_delete"))}
    listed = {c[0] for c in EDITS} | {c[0] for c in DELETES}
    assert pages - listed - NOT_PERIOD_CHECKED == set()
    assert listed & NOT_PERIOD_CHECKED == set()


def _follow_up(world, client):
    url = reverse("plan_follow_up", args=["alfa", world.plan.year]) + "?half=2"
    page = client.get(url)
    data = fields(page)
    data[f"g{world.plan_goal.pk}_status"] = "met"
    return url, page, data


def test_the_follow_up_of_a_signed_off_year_asks_an_administrator_for_the_reason(signed):
    admin = _client(signed, "admin")
    url, page, data = _follow_up(signed, admin)
    assert 'name="late_reason"' in page.content.decode()

    refused = admin.post(url, {**data, "late_reason": ""})

    assert refused.status_code == 200 and ASK in text(refused)
    assert not FollowUp.objects.exists() and not LateChange.objects.exists()

    assert admin.post(url, {**data, "late_reason": REASON}).status_code == 302
    assert FollowUp.objects.get().status == "met"
    assert {c.reason for c in LateChange.objects.all()} == {REASON}


def test_the_follow_up_of_a_signed_off_year_is_refused_to_the_office(signed):
    office = _client(signed, "office")
    url, page, data = _follow_up(signed, office)
    assert 'name="late_reason"' not in page.content.decode()

    refused = office.post(url, {**data, "late_reason": REASON})

    assert REFUSED in text(refused)
    assert not FollowUp.objects.exists() and not LateChange.objects.exists()
