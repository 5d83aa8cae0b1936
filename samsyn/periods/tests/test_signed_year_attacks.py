"""Every record kind whose figures a signed-off year reports, written after the sign-off.

docs/participants.md ("Signed-off periods"): nothing inside a reported period changes
silently. Each attack here writes one kind into the signed-off year 2022 through its service
(and, for the survey results, through the page a person uses) and expects the Swedish refusal
that names the period, with nothing written; an administrator's opening lets the same write
through and logs it as a later change."""

import datetime as dt
import html
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry, Category
from samsyn.finance import services as finance
from samsyn.finance.contributions import ContributionError, decide, split_for
from samsyn.finance.forms import AccountRuleForm, FinanceYearForm, ManagementGoalForm
from samsyn.finance.models import (
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    Contribution,
    ContributionYear,
    FinanceYear,
    ManagementGoal,
    ObjectRule,
    StatementRule,
)
from samsyn.home.wastebasket import restore_removed
from samsyn.interventions import services as interventions
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    FollowUp,
    Goal,
    Intervention,
    PlanComment,
    PlanGoal,
    PlanYear,
    TargetGroupStatistic,
)
from samsyn.participants import services as participants
from samsyn.participants.forms import StatedFigureForm
from samsyn.participants.models import (
    MonthlyCount,
    Participation,
    ReferralCount,
    StatedCount,
    StatedFigure,
)
from samsyn.periods import services as periods
from samsyn.periods.models import LateChange
from samsyn.surveys import services as surveys
from samsyn.surveys.forms import AnswerForm
from samsyn.surveys.models import Invitation, PendingResponse, PublishedShares, Response, Round

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

D = dt.date
REFUSED = "är avstämd som rapporterad"


@pytest.fixture
def signed(alfa):
    return periods.sign(alfa.association, alfa.users["office"], "annual-report",
                        D(2022, 1, 1), D(2022, 12, 31))


def _scale_code(round):
    return round.template.questions.filter(kind="scale").order_by("order").first().code


def _shares(round, positive):
    return {_scale_code(round): {"negative": None, "neither": None,
                                 "positive": Decimal(positive), "clearly_positive": None}}


def test_the_published_survey_results_of_a_signed_off_year_are_refused(alfa, signed):
    round = alfa.extra["survey_round"]
    assert round.year == 2022
    with pytest.raises(surveys.SurveyError) as refused:
        surveys.save_published(round, 31, 39, _shares(round, 97), user=alfa.users["office"])
    assert "2022-01-01–2022-12-31" in str(refused.value)
    assert not PublishedShares.objects.filter(round=round).exists()
    assert Round.objects.get(pk=round.pk).published_answers is None


def test_the_published_results_page_says_why_in_swedish_and_keeps_what_was_typed(
        alfa, login, signed):
    round = alfa.extra["survey_round"]
    url = reverse("round_published", args=["alfa", round.pk])
    client = login(alfa.users["office"])
    response = client.post(url, {"answered": "31", "asked": "39",
                                 f"{_scale_code(round)}__positive": "97"})
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert REFUSED in text and "2022-01-01–2022-12-31" in text
    assert not PublishedShares.objects.filter(round=round).exists()


def test_an_opened_year_takes_the_published_results_and_logs_them_as_a_later_change(
        alfa, signed):
    periods.reopen(signed, alfa.users["admin"], "Rättad enkätsammanställning")
    round = alfa.extra["survey_round"]
    surveys.save_published(round, 31, 39, _shares(round, 97), user=alfa.users["office"])
    assert PublishedShares.objects.get(round=round).positive == Decimal(97)
    late = LateChange.objects.get(user=alfa.users["office"])
    assert late.reason == "Rättad enkätsammanställning" and "2022" in late.what


def test_a_round_of_an_unsigned_year_takes_its_published_results(alfa):
    periods.sign(alfa.association, alfa.users["office"], "annual-report",
                 D(2023, 1, 1), D(2023, 12, 31))
    round = alfa.extra["survey_round"]
    surveys.save_published(round, 31, 39, _shares(round, 97), user=alfa.users["office"])
    assert PublishedShares.objects.filter(round=round).count() == 1
    assert not LateChange.objects.exists()


def test_answers_imported_into_a_round_of_a_signed_off_year_are_refused(alfa, login, signed):
    round = alfa.extra["survey_round"]
    code = _scale_code(round)
    with pytest.raises(surveys.SurveyError) as refused:
        surveys.import_answers(round, f"{code}\n8\n9\n".encode(), 10,
                               user=alfa.users["office"])
    assert "2022-01-01–2022-12-31" in str(refused.value)
    client = login(alfa.users["office"])
    upload = StringIO(f"{code}\n8\n9\n")
    upload.name = "svar.csv"
    page = client.post(reverse("round_import", args=["alfa", round.pk]),
                       {"file": upload, "asked": "10"})
    assert page.status_code == 200
    assert REFUSED in html.unescape(page.content.decode())
    assert not Response.objects.filter(round=round).exists()
    assert Round.objects.get(pk=round.pk).invited_elsewhere == round.invited_elsewhere != 10


def test_the_answer_import_command_is_refused_in_a_signed_off_year_too(alfa, signed, tmp_path):
    round = alfa.extra["survey_round"]
    path = tmp_path / "svar.csv"
    path.write_text(f"{_scale_code(round)}\n8\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_survey_answers", "--association", "alfa", "--round",
                     str(round.pk), str(path), stdout=StringIO())
    assert "2022-01-01–2022-12-31" in str(refused.value)
    assert not Response.objects.filter(round=round).exists()


def test_an_opened_year_takes_imported_answers_logged(alfa, signed):
    periods.reopen(signed, alfa.users["admin"], "Svar från pappersenkäten")
    round = alfa.extra["survey_round"]
    n = surveys.import_answers(round, BytesIO(f"{_scale_code(round)}\n8\n".encode()),
                               user=alfa.users["office"])
    assert n == 1 and Response.objects.filter(round=round).count() == 1
    assert LateChange.objects.get(user=alfa.users["office"]).reason == (
        "Svar från pappersenkäten")


# The kinds docs/participants.md names, each tried the same way: refused, nothing written.

def test_every_other_reported_kind_refuses_a_write_into_the_signed_off_year(alfa, signed):
    office = Actor(Scope(alfa.association), alfa.users["office"])
    participation = Participation.objects.get(pk=alfa.extra["participation"].pk)
    participation.gender = "man"
    with pytest.raises(periods.PeriodLocked) as one:
        participants.save_participation(office, participation, version=participation.version)
    aggregate = Intervention.objects.create(
        association=alfa.association, slug="rakning", name="Räkning", aggregate_only=True,
        start=D(2021, 1, 1))
    with pytest.raises(periods.PeriodLocked) as two:
        participants.save_monthly_count(office, aggregate, D(2022, 3, 1),
                                        {("new", "kvinna", "af"): 4}, seen={})
    line = BudgetLine.objects.filter(association=alfa.association, year=2022).first()
    line.amount += 1
    with pytest.raises(periods.PeriodLocked) as three:
        finance.save_budget_line(office, line, version=line.version)
    with pytest.raises(periods.PeriodLocked) as four:
        finance.delete_budget_line(office, line, version=line.version)
    for refused in (one, two, three, four):
        assert REFUSED in str(refused.value) and "2022-01-01–2022-12-31" in str(refused.value)
    assert Participation.objects.get(pk=participation.pk).gender == "kvinna"
    assert not MonthlyCount.objects.filter(intervention=aggregate).exists()
    assert BudgetLine.objects.get(pk=line.pk).amount == line.amount - 1
    assert not LateChange.objects.exists()


# The kinds the first round found unchecked (contributions, the finance year, stated figures,
# referral counts, goals, the plan and its follow-up, the reading rules): each written into
# the signed-off 2022 through its service, page by page, refused with nothing written.

def _office(world):
    return Actor(Scope(world.association), world.users["office"])


def _fresh(row):
    return type(row).objects.get(pk=row.pk)


def _changed(row, **values):
    row = _fresh(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def _writes(world, actor=None):
    """Each kind: a write into 2022 through its service (a save or a removal), by the
    office unless `actor` is given."""
    office = actor or _office(world)
    finance_rows = world.extra
    contribution = finance_rows["contributions"][0]
    year = FinanceYear.objects.get(association=world.association, year=2022)
    goal = ManagementGoal.objects.get(association=world.association)
    account_rule = AccountRule.objects.get(association=world.association)
    object_rule = ObjectRule.objects.get(association=world.association)
    statement_rule = StatementRule.objects.get(association=world.association)
    stated, referral = world.extra["stated"], world.extra["referral"]
    # The test förbund's goal holds for every year, 2010 too (signed off in every test
    # world): held from 2021, it touches 2022 only, so the opening of 2022 lets it through.
    ManagementGoal.objects.filter(pk=goal.pk).update(first_year=2021)

    def save(service, row, **values):
        changed = _changed(row, **values)
        return lambda **kw: service(office, changed, version=changed.version, **kw)

    def remove(service, row):
        return lambda **kw: service(office, _fresh(row), version=_fresh(row).version, **kw)

    return {
        "contribution invoiced": save(finance.save_contribution, contribution,
                                      invoiced=Decimal(499_000)),
        "finance year": save(finance.save_finance_year, year, adopted_result=Decimal(1)),
        "finance year employees": save(finance.save_finance_year, year, employees=9),
        "management goal target": save(finance.save_management_goal, goal,
                                       target=Decimal(10)),
        "management goal removed": remove(finance.delete_management_goal, goal),
        "account rule narrowed off a 2022 account": save(finance.save_account_rule,
                                                          account_rule, last_account="4005"),
        "account rule removed": remove(finance.delete_rule, account_rule),
        "object rule moved to another code": save(finance.save_object_rule, object_rule,
                                                  code="P2"),
        "statement rule on another line": save(finance.save_statement_rule, statement_rule,
                                               line="cost_other"),
        "statement rule removed": remove(finance.delete_rule, statement_rule),
        "stated figure": save(participants.save_stated_figure, stated, value=999),
        "stated figure moved out of 2022": save(participants.save_stated_figure, stated,
                                                period_start=D(2023, 1, 1),
                                                period_end=D(2023, 12, 31)),
        "stated figure removed": remove(participants.delete_stated_figure, stated),
        "referral count": save(participants.save_referral_count, referral, count=99),
        "referral count removed": remove(participants.delete_referral_count, referral),
        # The test förbund's stated count is of 2019: moved into 2022, it touches the year.
        "stated count moved into 2022": save(participants.save_stated_count,
                                             world.extra["stated_count"],
                                             period_start=D(2022, 1, 1),
                                             period_end=D(2022, 12, 31)),
        "insats goal target": save(interventions.save_goal, world.goal, target=Decimal(5)),
        "insats goal removed": remove(interventions.delete_goal, world.goal),
        "plan title": save(interventions.save_plan_year, world.plan, title="Annan plan"),
        "plan removed": remove(interventions.delete_plan_row, world.plan),
        "focus area": save(interventions.save_focus_area, world.focus_area, name="Nytt"),
        "focus area removed": remove(interventions.delete_plan_row, world.focus_area),
        "plan goal": save(interventions.save_plan_goal, world.plan_goal, description="Ny"),
        "plan goal removed": remove(interventions.delete_plan_row, world.plan_goal),
        "activity": save(interventions.save_activity, world.activity, name="Annan"),
        "activity removed": remove(interventions.delete_plan_row, world.activity),
        "new activity": lambda **kw: interventions.save_activity(
            office, Activity(goal=world.plan_goal, name="Tillagd efteråt"), **kw),
        "follow-up of the year": lambda **kw: interventions.record_follow_up(
            2, [(world.plan_goal, "met", "Klart", "", None)], actor=office, **kw),
        "follow-up of the first half": lambda **kw: interventions.record_follow_up(
            1, [(world.activity, "done", "", "", None)], actor=office, **kw),
        "budget history stated in the plan": save(finance.save_budget_history_figure,
                                                   world.extra["budget_history"],
                                                   amount=Decimal(1)),
        "budget history removed": remove(finance.delete_budget_history_figure,
                                         world.extra["budget_history"]),
        "target group statistic": save(interventions.save_target_group_statistic,
                                       world.extra["statistic"], count=7),
        "target group statistic removed": remove(interventions.delete_target_group_statistic,
                                                 world.extra["statistic"]),
    }


KINDS = [
    "contribution invoiced", "finance year",
    "finance year employees",
    "management goal target", "management goal removed",
    "account rule narrowed off a 2022 account", "account rule removed",
    "object rule moved to another code", "statement rule on another line",
    "statement rule removed", "stated figure", "stated figure moved out of 2022",
    "stated figure removed", "referral count", "referral count removed",
    "stated count moved into 2022",
    "insats goal target", "insats goal removed", "plan title", "plan removed", "focus area",
    "focus area removed", "plan goal", "plan goal removed", "activity", "activity removed",
    "new activity", "follow-up of the year", "follow-up of the first half",
    "budget history stated in the plan", "budget history removed", "target group statistic",
    "target group statistic removed",
]
TABLES = [Contribution, ContributionYear, FinanceYear, ManagementGoal, AccountRule, ObjectRule,
          StatementRule, StatedFigure, ReferralCount, StatedCount, Goal, PlanYear, FocusArea,
          PlanGoal, Activity, FollowUp, PlanComment, LateChange, BudgetHistoryFigure,
          TargetGroupStatistic]


def _everything():
    """Every row of the kinds, and the data writes the audit log holds (a login writes its
    own entries)."""
    rows = {model.__name__: sorted(map(repr, model.objects.values())) for model in TABLES}
    rows["audit"] = sorted(map(repr, AuditEntry.objects.filter(category=Category.DATA)
                               .values_list("pk", "action", "object_type", "object_id")))
    return rows


@pytest.mark.parametrize("kind", KINDS)
def test_a_write_of_every_printed_kind_into_the_signed_off_year_is_refused_and_writes_nothing(
        alfa, signed, kind):
    write = _writes(alfa)[kind]
    before = _everything()
    with pytest.raises(periods.PeriodLocked) as refused:
        write()
    message = str(refused.value)
    assert REFUSED in message and "2022-01-01–2022-12-31" in message
    assert "alfa-office" in message  # who signed it
    assert _everything() == before


@pytest.mark.parametrize("kind", KINDS)
def test_an_opened_year_takes_the_write_of_every_kind_logged_as_a_later_change(
        alfa, signed, kind):
    periods.reopen(signed, alfa.users["admin"], "Rättelse efter revisionen")
    _writes(alfa)[kind]()
    late = LateChange.objects.get(user=alfa.users["office"])
    assert late.reason == "Rättelse efter revisionen" and late.period == signed


@pytest.mark.parametrize("kind", ["finance year", "stated figure", "plan goal",
                                  "follow-up of the year", "account rule removed"])
def test_an_administrator_writes_into_the_signed_off_year_with_a_reason_logged(
        alfa, signed, kind):
    admin = Actor(Scope(alfa.association), alfa.users["admin"])
    with pytest.raises(periods.PeriodLocked) as no_reason:
        _writes(alfa, admin)[kind]()
    assert "Ange ett skäl" in str(no_reason.value)
    assert not LateChange.objects.exists()
    _writes(alfa, admin)[kind](reason="Fel belopp i årsredovisningen")
    assert LateChange.objects.get(user=alfa.users["admin"]).reason == (
        "Fel belopp i årsredovisningen")


def test_a_half_year_sign_off_leaves_the_year_end_follow_up_and_next_years_plan_free(alfa):
    periods.sign(alfa.association, alfa.users["office"], "half-year", D(2022, 1, 1),
                 D(2022, 6, 30))
    office = _office(alfa)
    interventions.record_follow_up(2, [(alfa.plan_goal, "met", "", "", None)], actor=office)
    with pytest.raises(periods.PeriodLocked):
        interventions.record_follow_up(1, [(alfa.plan_goal, "met", "", "", None)],
                                       actor=office)
    interventions.copy_plan(office, alfa.plan, 2023)
    assert FollowUp.objects.filter(half=2).count() == 1 and FollowUp.objects.filter(
        half=1).count() == 0
    assert PlanYear.objects.filter(association=alfa.association, year=2023).exists()
    assert not LateChange.objects.exists()


def test_a_goal_for_sound_financial_management_without_a_first_year_holds_for_2010_too(alfa):
    """Its 2010 report evaluates it: even narrowing it to later years changes that report."""
    goal = ManagementGoal.objects.get(association=alfa.association)
    goal.target, goal.first_year = Decimal(50), 2011
    with pytest.raises(periods.PeriodLocked) as refused:
        finance.save_management_goal(_office(alfa), goal, version=goal.version)
    assert "2010-01-01–2010-12-31" in str(refused.value)
    admin = Actor(Scope(alfa.association), alfa.users["admin"])
    finance.save_management_goal(admin, goal, version=goal.version, reason="Målet gäller 2011-")
    assert ManagementGoal.objects.get(pk=goal.pk).first_year == 2011
    assert LateChange.objects.get().reason == "Målet gäller 2011-"


def test_a_rule_on_accounts_no_signed_year_holds_is_free(alfa, signed):
    rule = AccountRule(association=alfa.association, first_account="7000",
                       last_account="7999", category="office_staff")
    finance.save_account_rule(_office(alfa), rule)
    assert AccountRule.objects.filter(first_account="7000").exists()
    assert not LateChange.objects.exists()


def test_deciding_the_contributions_of_a_signed_off_year_is_refused(alfa, signed):
    split = split_for(alfa.association, 2022, 1_200_000)
    with pytest.raises(ContributionError) as refused:
        decide(alfa.association, split, D(2022, 3, 1), user=alfa.users["office"])
    assert REFUSED in str(refused.value)
    assert ContributionYear.objects.get(association=alfa.association, year=2022).total == (
        Decimal(1_000_000))


def _form_data(form):
    return {name: ("" if value is None else value) for name, value in form.initial.items()
            if name in form.fields and name not in ("row_version", "row_seen")}


def _pages(world):
    """Each kind's edit page: its URL and what it posts (a changed value)."""
    slug = world.association.slug
    contribution = world.extra["contributions"][0]
    year = FinanceYear.objects.get(association=world.association, year=2022)
    goal = ManagementGoal.objects.get(association=world.association)
    rule = AccountRule.objects.get(association=world.association)
    stated, referral = world.extra["stated"], world.extra["referral"]
    return {
        "contribution": (reverse("contribution_edit", args=[slug, 2022, contribution.pk]),
                         {"invoiced": "499000"}, contribution, "invoiced"),
        "finance year": (reverse("finance_year_edit", args=[slug, 2022]),
                         {**_form_data(FinanceYearForm(instance=year)),
                          "adopted_result": "1"}, year, "adopted_result"),
        "management goal": (reverse("management_goal_edit", args=[slug, goal.pk]),
                            {**_form_data(ManagementGoalForm(
                                instance=goal, association=world.association)),
                             "target": "10"}, goal, "target"),
        "account rule": (reverse("account_rule_edit", args=[slug, rule.pk]),
                         {**_form_data(AccountRuleForm(instance=rule,
                                                       association=world.association)),
                          "last_account": "4005"}, rule, "last_account"),
        "stated figure": (reverse("stated_edit", args=[slug, stated.pk]),
                          {**_form_data(StatedFigureForm(instance=stated)), "value": "999"},
                          stated, "value"),
        "referral count": (reverse("referral_edit", args=[slug, referral.pk]),
                           {"intervention": referral.intervention_id,
                            "period_start": "2022-01-01", "period_end": "2022-12-31",
                            "municipality": referral.municipality_id, "gender": "kvinna",
                            "count": "99"}, referral, "count"),
        "plan goal": (reverse("plan_goal_edit", args=[slug, 2022, world.plan_goal.pk]),
                      {"name": "Nytt namn", "description": "", "order": "0"},
                      world.plan_goal, "name"),
        "follow-up": (reverse("plan_follow_up", args=[slug, 2022]) + "?half=2",
                      {f"g{world.plan_goal.pk}_status": "met",
                       f"g{world.plan_goal.pk}_comment": "Uppnått"}, None, None),
    }


@pytest.mark.parametrize("page", ["contribution", "finance year", "management goal",
                                  "account rule", "stated figure", "referral count",
                                  "plan goal", "follow-up"])
def test_every_edit_page_refuses_the_signed_off_year_in_swedish_and_keeps_the_row(
        alfa, login, signed, page):
    url, data, row, name = _pages(alfa)[page]
    before = _everything()
    response = login(alfa.users["office"]).post(url, data)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert REFUSED in text and "2022-01-01–2022-12-31" in text
    assert _everything() == before
    if row is not None:
        assert getattr(_fresh(row), name) == getattr(row, name)


@pytest.mark.parametrize("page", ["management goal", "stated figure", "referral count",
                                  "plan goal"])
def test_a_removal_on_a_page_is_refused_in_the_signed_off_year(alfa, login, signed, page):
    row = _pages(alfa)[page][2]
    names = {"management goal": ("management_goal_delete", [row.pk]),
             "stated figure": ("stated_delete", [row.pk]),
             "referral count": ("referral_delete", [row.pk]),
             "plan goal": ("plan_goal_delete", [2022, row.pk])}
    name, args = names[page]
    before = _everything()
    response = login(alfa.users["office"]).post(
        reverse(name, args=[alfa.association.slug, *args]), follow=True)
    assert REFUSED in html.unescape(response.content.decode())
    assert type(row).objects.filter(pk=row.pk).exists()
    assert _everything() == before


# A survey round still open after its year's sign-off: the public page is closed.

CLOSED = "Enkäten är stängd"


def _answers(round):
    """An answer to every question the page asks (the scale questions must be answered)."""
    form = AnswerForm(template=round.template)
    return {name: next(str(v) for v, _label in field.choices if v != "")
            for name, field in form.fields.items() if hasattr(field, "choices")}


def test_the_public_survey_page_of_a_signed_off_year_says_it_is_closed_and_stores_nothing(
        alfa, client, signed):
    round = alfa.extra["survey_round"]
    token = surveys.invite(round, count=1)[0]
    url = reverse("survey_answer", args=[token])
    page = client.get(url)
    assert CLOSED in html.unescape(page.content.decode())
    sent = client.post(url, _answers(round))
    assert CLOSED in html.unescape(sent.content.decode())
    assert not PendingResponse.objects.filter(round=round).exists()
    assert not Invitation.objects.filter(round=round, used=True).exists()


def test_answers_sent_before_the_sign_off_wait_until_the_year_is_opened(alfa, client):
    round = alfa.extra["survey_round"]
    token = surveys.invite(round, count=1)[0]
    page = client.post(reverse("survey_answer", args=[token]), _answers(round))
    assert page.status_code == 200 and PendingResponse.objects.filter(round=round).exists()
    period = periods.sign(alfa.association, alfa.users["office"], "annual-report",
                          D(2022, 1, 1), D(2022, 12, 31))
    surveys.flush_pending(D(2023, 1, 10), force=True)
    assert not Response.objects.filter(round=round).exists()
    assert PendingResponse.objects.filter(round=round).count() == 1
    periods.reopen(period, alfa.users["admin"], "Sena svar från december")
    surveys.flush_pending(D(2023, 1, 10), force=True)
    assert Response.objects.filter(round=round).count() == 1
    assert LateChange.objects.filter(reason="Sena svar från december", user=None).exists()


def test_a_survey_round_of_an_unsigned_year_still_takes_answers(alfa, client):
    periods.sign(alfa.association, alfa.users["office"], "annual-report",
                 D(2021, 1, 1), D(2021, 12, 31))
    round = alfa.extra["survey_round"]
    token = surveys.invite(round, count=1)[0]
    page = client.post(reverse("survey_answer", args=[token]), _answers(round))
    assert page.status_code == 200 and CLOSED not in html.unescape(page.content.decode())
    assert PendingResponse.objects.filter(round=round).count() == 1


@pytest.mark.parametrize("kind", ["stated figure removed", "referral count removed",
                                  "plan goal removed", "insats goal removed"])
def test_a_row_removed_before_the_sign_off_is_not_restored_into_the_signed_off_year(
        alfa, kind):
    page_actor = Actor(Scope(alfa.association), alfa.users["office"], restorable=True)
    removed = _writes(alfa, page_actor)[kind]()
    periods.sign(alfa.association, alfa.users["office"], "annual-report", D(2022, 1, 1),
                 D(2022, 12, 31))
    before = _everything()
    with pytest.raises(periods.PeriodLocked) as refused:
        restore_removed(_office(alfa), removed)
    assert "2022-01-01–2022-12-31" in str(refused.value)
    assert _everything() == before
