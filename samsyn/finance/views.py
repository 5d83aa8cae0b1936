
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import SaveService, confirm_delete, save_form
from samsyn.associations.models import MemberKind
from samsyn.associations.writes import Actor
from samsyn.finance import contribution_budget, pages, services
from samsyn.finance.categories import Scenario
from samsyn.finance.contributions import ContributionError, decide, split_for
from samsyn.finance.financial import ensure_statement_rules
from samsyn.finance.forms import (
    AccountRuleForm,
    BudgetLineForm,
    DecideForm,
    FinanceSettingsForm,
    FinanceYearForm,
    InvoicedForm,
    ManagementGoalForm,
    NationalModelForm,
    ObjectRuleForm,
    SplitForm,
    StatementRuleForm,
)
from samsyn.finance.models import (
    AccountRule,
    BudgetLine,
    Contribution,
    ContributionYear,
    FinanceSettings,
    FinanceYear,
    ManagementGoal,
    ObjectRule,
    SieImport,
    StatementRule,
)
from samsyn.finance.national import ModelParameters, allocate_nationally
from samsyn.finance.reports import discrepancy_warnings
from samsyn.web.years import is_year


def _ctx(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "association": access.association, **extra}


def _url(access: Access, name: str, *args: object) -> str:
    return reverse(name, args=[access.association.slug, *args])


@association_view(finance=True)
def finance_home(request: HttpRequest, access: Access) -> HttpResponse:
    for param, target in (("year", "budget_overview"), ("split", "contribution_year")):
        year = request.GET.get(param, "")
        if year.isascii() and year.isdigit() and is_year(int(year)):
            return redirect(_url(access, target, int(year)))
    return render(request, "finance/home.html",
                  _ctx(access, **pages.overview(access.association)))


# Contributions


@association_view(finance=True)
def contribution_history(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "finance/contribution_history.html",
                  _ctx(access, history=pages.contribution_history(access.association)))


@association_view(finance=True)
def contribution_year(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    association = access.association
    decided = ContributionYear.objects.filter(association=association, year=year).first()
    initial = {"total": int(decided.total)} if decided else {}
    form = SplitForm(request.GET if "total" in request.GET else None, initial=initial)
    split = error = None
    if form.is_bound and form.is_valid():
        try:
            split = split_for(association, year, form.cleaned_data["total"],
                              form.cleaned_data["what_if"])
        except ContributionError as exc:
            error = str(exc)
    return render(request, "finance/contribution_year.html", _ctx(
        access, year=year, decided=decided, form=form, split=split, error=error,
        kinds=dict(MemberKind.choices),
        decided_rows=pages.decided_rows(decided) if decided else None,
        warnings=discrepancy_warnings(association, year),
        decide_form=DecideForm(initial={"total": form.cleaned_data["total"]})
        if split and not any(m is None for m in split.members.values()) else None,
    ))


@association_view(edit=True, finance=True)
def contribution_decide(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    form = DecideForm(request.POST or None)
    back = _url(access, "contribution_year", year)
    if request.method == "POST" and form.is_valid():
        try:
            split = split_for(access.association, year, form.cleaned_data["total"])
            with transaction.atomic():
                decide(access.association, split, form.cleaned_data["decided"],
                       form.cleaned_data["note"], user=request.user, request=request)
        except ContributionError as exc:
            messages.error(request, str(exc))
            return redirect(back)
        messages.success(request, _("The contributions of %(year)s are decided.") % {"year": year})
        return redirect(back)
    return render(request, "form.html", _ctx(
        access, form=form, cancel_url=back,
        title=_("Decide the contributions of %(year)s") % {"year": year},
    ))


@association_view(edit=True, finance=True)
def contribution_edit(request: HttpRequest, access: Access, year: int,
                      contribution_id: int) -> HttpResponse:
    contribution = get_object_or_404(
        Contribution, contribution_year__association=access.association,
        contribution_year__year=year, pk=contribution_id,
    )
    back = _url(access, "contribution_year", year)
    form = InvoicedForm(request.POST or None, instance=contribution)
    return save_form(request, access, form, title=_("Invoiced amount"), cancel_url=back,
                     success_url=back, save=services.save_contribution)


# Budget


@association_view(finance=True)
def budget_overview(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    association = access.association
    found = contribution_budget.proposal(association, year)
    return render(request, "finance/budget_overview.html", _ctx(
        access, year=year, contributions_differ=contribution_budget.differs(association, year),
        can_propose=bool(found and found.changes),
        **pages.budget_overview(association, year)))


@association_view(edit=True, finance=True)
def budget_contributions(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """The decided contributions as the budget's income lines: a preview, then one step."""
    back = _url(access, "budget_overview", year)
    found = contribution_budget.proposal(access.association, year)
    if found is None:
        messages.error(request, _("No contributions are decided for %(year)s.") % {"year": year})
        return redirect(back)
    if request.method == "POST":
        try:
            written = contribution_budget.apply(Actor.of(access, request), year,
                                                request.POST.get("fingerprint", ""))
        except contribution_budget.Stale:
            messages.error(request, _("The budget or the decision changed since this page was "
                                      "opened: check the proposal again."))
            return redirect(request.path)
        except ValidationError as refused:  # a signed-off year
            for text in refused.messages:
                messages.error(request, text)
            return redirect(request.path)
        messages.success(request, _("%(count)s budget lines of member contributions were "
                                    "created or changed.") % {"count": written})
        return redirect(back)
    return render(request, "finance/budget_contributions.html",
                  _ctx(access, year=year, proposal=found, back=back))


@association_view(finance=True)
def budget_lines(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    lines = (BudgetLine.objects.filter(association=access.association, year=year)
             .select_related("intervention", "member").order_by("scenario", "category", "label"))
    return render(request, "finance/budget_lines.html",
                  _ctx(access, year=year, lines=lines, scenarios=Scenario))


def _line(access: Access, line_id: int) -> BudgetLine:
    return get_object_or_404(BudgetLine, association=access.association, pk=line_id)


@association_view(edit=True, finance=True)
def budget_line_create(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    scenario = request.GET.get("scenario", Scenario.BUDGET)
    line = BudgetLine(association=access.association, year=year,
                      scenario=scenario if scenario in Scenario.values else Scenario.BUDGET)
    form = BudgetLineForm(request.POST or None, instance=line, association=access.association,
                          user=request.user)
    back = _url(access, "budget_lines", year)
    return save_form(request, access, form, title=_("New budget line"), cancel_url=back,
                     success_url=lambda obj: _url(access, "budget_lines", obj.year),
                     another_url=request.get_full_path(), save=services.save_budget_line)


@association_view(edit=True, finance=True)
def budget_line_edit(request: HttpRequest, access: Access, line_id: int) -> HttpResponse:
    line = _line(access, line_id)
    form = BudgetLineForm(request.POST or None, instance=line, association=access.association,
                          user=request.user)
    return save_form(request, access, form, title=_("Edit budget line"),
                     cancel_url=_url(access, "budget_lines", line.year),
                     success_url=lambda obj: _url(access, "budget_lines", obj.year),
                     save=services.save_budget_line)


@association_view(edit=True, finance=True)
def budget_line_delete(request: HttpRequest, access: Access, line_id: int) -> HttpResponse:
    line = _line(access, line_id)
    back = _url(access, "budget_lines", line.year)
    # A signed-off year: refused unless an administrator opened it.
    return confirm_delete(request, access, line, cancel_url=back, success_url=back,
                          remove=services.delete_budget_line)


@association_view(finance=True)
def budget_outcome(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    return render(request, "finance/budget_outcome.html",
                  _ctx(access, year=year, **pages.budget_outcome(access.association, year)))


@association_view(finance=True)
def financial_statements(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    return render(request, "finance/financial_statements.html",
                  _ctx(access, year=year, **pages.financial_statements(access.association, year)))


@association_view(finance=True)
def financial_statements_latest(request: HttpRequest, access: Access) -> HttpResponse:
    latest = (SieImport.objects.filter(association=access.association)
              .order_by("-year").values_list("year", flat=True).first())
    if latest is None:
        return render(request, "finance/financial_statements.html",
                      _ctx(access, year=None, tables=[]))
    return render(request, "finance/financial_statements.html",
                  _ctx(access, year=latest,
                       **pages.financial_statements(access.association, latest)))


@association_view(edit=True, finance=True)
def finance_year_edit(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    instance = (FinanceYear.objects.filter(association=access.association, year=year).first()
                or FinanceYear(association=access.association, year=year))
    form = FinanceYearForm(request.POST or None, instance=instance)
    back = _url(access, "budget_overview", year)
    return save_form(request, access, form, title=_("Equity and decided figures %(year)s")
                     % {"year": year}, cancel_url=back, success_url=back,
                     save=services.save_finance_year)


@association_view(edit=True, finance=True)
def finance_settings_edit(request: HttpRequest, access: Access) -> HttpResponse:
    # Unsaved until the first save, which the service logs: opening the page writes nothing.
    instance = (FinanceSettings.objects.filter(association=access.association).first()
                or FinanceSettings(association=access.association))
    form = FinanceSettingsForm(request.POST or None, instance=instance)
    back = _url(access, "finance_home")
    return save_form(request, access, form, title=_("Finance settings"), cancel_url=back,
                     success_url=back, save=services.save_finance_settings)


# Goals for sound financial management


@association_view(finance=True)
def management_goals(request: HttpRequest, access: Access) -> HttpResponse:
    goals = ManagementGoal.objects.filter(association=access.association)
    return render(request, "finance/management_goals.html", _ctx(access, goals=goals))


def _goal_form_view(request: HttpRequest, access: Access, goal: ManagementGoal,
                    title: str) -> HttpResponse:
    back = _url(access, "management_goals")
    form = ManagementGoalForm(request.POST or None, instance=goal,
                              association=access.association)
    return save_form(request, access, form, title=title, cancel_url=back, success_url=back,
                     save=services.save_management_goal)


@association_view(edit=True, finance=True)
def management_goal_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _goal_form_view(request, access, ManagementGoal(association=access.association),
                           _("New goal for sound financial management"))


@association_view(edit=True, finance=True)
def management_goal_edit(request: HttpRequest, access: Access,
                         management_goal_id: int) -> HttpResponse:
    goal = get_object_or_404(ManagementGoal, association=access.association,
                             pk=management_goal_id)
    return _goal_form_view(request, access, goal, _("Edit goal for sound financial management"))


@association_view(edit=True, finance=True)
def management_goal_delete(request: HttpRequest, access: Access,
                           management_goal_id: int) -> HttpResponse:
    goal = get_object_or_404(ManagementGoal, association=access.association,
                             pk=management_goal_id)
    back = _url(access, "management_goals")
    return confirm_delete(request, access, goal, cancel_url=back, success_url=back,
                          remove=services.delete_management_goal)


# Mapping rules


@association_view(finance=True)
def rule_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "finance/rule_list.html",
                  _ctx(access, **pages.rules(access.association)))


_RULE_SERVICES: dict[type, SaveService] = {
    AccountRuleForm: services.save_account_rule, ObjectRuleForm: services.save_object_rule,
    StatementRuleForm: services.save_statement_rule,
}


def _rule_form_view(request: HttpRequest, access: Access, form_class: type, instance: object,
                    title: str) -> HttpResponse:
    back = _url(access, "rule_list")
    form = form_class(request.POST or None, instance=instance, association=access.association)
    return save_form(request, access, form, title=title, cancel_url=back, success_url=back,
                     save=_RULE_SERVICES[form_class])


@association_view(edit=True, finance=True)
def account_rule_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _rule_form_view(request, access, AccountRuleForm,
                           AccountRule(association=access.association), _("New account rule"))


@association_view(edit=True, finance=True)
def account_rule_edit(request: HttpRequest, access: Access, account_rule_id: int) -> HttpResponse:
    rule = get_object_or_404(AccountRule, association=access.association, pk=account_rule_id)
    return _rule_form_view(request, access, AccountRuleForm, rule, _("Edit account rule"))


@association_view(edit=True, finance=True)
def account_rule_delete(request: HttpRequest, access: Access,
                        account_rule_id: int) -> HttpResponse:
    rule = get_object_or_404(AccountRule, association=access.association, pk=account_rule_id)
    back = _url(access, "rule_list")
    return confirm_delete(request, access, rule, cancel_url=back, success_url=back,
                          remove=services.delete_rule)


@association_view(edit=True, finance=True)
def statement_rule_create(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        # The first own rule starts from a stored copy of the chart's mapping.
        ensure_statement_rules(access.association)
    return _rule_form_view(request, access, StatementRuleForm,
                           StatementRule(association=access.association),
                           _("New statement rule"))


@association_view(edit=True, finance=True)
def statement_rule_edit(request: HttpRequest, access: Access,
                        statement_rule_id: int) -> HttpResponse:
    rule = get_object_or_404(StatementRule, association=access.association,
                             pk=statement_rule_id)
    return _rule_form_view(request, access, StatementRuleForm, rule, _("Edit statement rule"))


@association_view(edit=True, finance=True)
def statement_rule_delete(request: HttpRequest, access: Access,
                          statement_rule_id: int) -> HttpResponse:
    rule = get_object_or_404(StatementRule, association=access.association,
                             pk=statement_rule_id)
    back = _url(access, "rule_list")
    return confirm_delete(request, access, rule, cancel_url=back, success_url=back,
                          remove=services.delete_rule)


@association_view(edit=True, finance=True)
def object_rule_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _rule_form_view(request, access, ObjectRuleForm,
                           ObjectRule(association=access.association), _("New object rule"))


@association_view(edit=True, finance=True)
def object_rule_edit(request: HttpRequest, access: Access, object_rule_id: int) -> HttpResponse:
    rule = get_object_or_404(ObjectRule, association=access.association, pk=object_rule_id)
    return _rule_form_view(request, access, ObjectRuleForm, rule, _("Edit object rule"))


@association_view(edit=True, finance=True)
def object_rule_delete(request: HttpRequest, access: Access, object_rule_id: int) -> HttpResponse:
    rule = get_object_or_404(ObjectRule, association=access.association, pk=object_rule_id)
    back = _url(access, "rule_list")
    return confirm_delete(request, access, rule, cancel_url=back, success_url=back,
                          remove=services.delete_rule)


# SIE imports


@association_view(finance=True)
def sie_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "finance/sie_list.html", _ctx(
        access, imports=SieImport.objects.filter(association=access.association)
        .select_related("imported_by"),
    ))


@association_view(edit=True, finance=True)
def sie_upload(request: HttpRequest, access: Access) -> HttpResponse:
    result = pages.sie_upload(request, access)
    if isinstance(result, HttpResponse):
        return result
    return render(request, "finance/sie_upload.html", _ctx(access, **result))


@association_view(finance=True)
def sie_detail(request: HttpRequest, access: Access, sie_import_id: int) -> HttpResponse:
    record = get_object_or_404(SieImport, association=access.association, pk=sie_import_id)
    return render(request, "finance/sie_detail.html", _ctx(access, **pages.sie_detail(record)))


@association_view(edit=True, finance=True)
def sie_delete(request: HttpRequest, access: Access, sie_import_id: int) -> HttpResponse:
    record = get_object_or_404(SieImport, association=access.association, pk=sie_import_id)
    back = _url(access, "sie_list")
    return confirm_delete(request, access, record, cancel_url=back, success_url=back,
                          remove=services.delete_sie_import)


# National allocation model


@association_view(finance=True)
def national_model(request: HttpRequest, access: Access) -> HttpResponse:
    form = NationalModelForm(request.POST or None, request.FILES or None)
    results = error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = ModelParameters(
            national_sum=data["national_sum"], base=data["base"],
            he_weight=data["he_weight"] / 100, population_weight=1 - data["he_weight"] / 100,
            max_decrease=data["max_decrease"] / 100 if data["max_decrease"] is not None else None,
        )
        try:
            results = allocate_nationally(params, data["areas"])
        except ValueError as exc:
            error = str(exc)
    return render(request, "finance/national_model.html",
                  _ctx(access, form=form, results=results, error=error,
                       today=timezone.localdate()))
