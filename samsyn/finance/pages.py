"""What the economy pages show, gathered so the views stay thin."""

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, Scope
from samsyn.associations.models import Association
from samsyn.finance import reports as finance_reports
from samsyn.finance import sie_import
from samsyn.finance.categories import GROUP, Scenario, StatementLine
from samsyn.finance.checks import discrepancies
from samsyn.finance.financial import check_label, rules_for, statements_for
from samsyn.finance.forms import SieConfirmForm, SieUploadForm
from samsyn.finance.models import (
    AccountRule,
    BudgetLine,
    ContributionYear,
    FinanceYear,
    ObjectRule,
    SieImport,
    StatementRule,
)
from samsyn.finance.queries import EquityMemo, mapped_outcome, opening_equity
from samsyn.reports.document import ReportParams
from samsyn.reports.render import html_context, table_context

SESSION_KEY = "samsyn_sie_upload"


def overview(association: Association) -> dict[str, Any]:
    years: set[int] = set()
    years.update(BudgetLine.objects.filter(association=association)
                 .values_list("year", flat=True))
    years.update(ContributionYear.objects.filter(association=association)
                 .values_list("year", flat=True))
    years.update(SieImport.objects.filter(association=association)
                 .values_list("year", flat=True))
    years.update(FinanceYear.objects.filter(association=association)
                 .values_list("year", flat=True))
    scenarios: dict[int, set[str]] = {}
    for year, scenario in (BudgetLine.objects.filter(association=association)
                           .values_list("year", "scenario").distinct()):
        scenarios.setdefault(year, set()).add(scenario)
    imports = dict(SieImport.objects.filter(association=association)
                   .values_list("year", "filename"))
    decided = dict(ContributionYear.objects.filter(association=association)
                   .values_list("year", "total"))
    memo: EquityMemo = {}
    rows = [
        {"year": y, "sie": imports.get(y),
         "scenarios": [s.label for s in Scenario if s.value in scenarios.get(y, set())],
         "decided_total": decided.get(y),
         "discrepancies": discrepancies(association, y, memo),
         # "agree" only means something when there is a budget and an opening equity.
         "has_budget": Scenario.BUDGET.value in scenarios.get(y, set()),
         "equity_known": _equity_known(opening_equity(association, y, memo))}
        for y in sorted(years, reverse=True)
    ]
    return {"years": rows}


def _equity_known(equity: Any) -> bool:
    return equity.typed is not None or equity.carried is not None


def report_tables(kind_builder: Any, association: Association, year: int,
                  **kwargs: Any) -> dict[str, Any]:
    # The economy is the förbund's whole (the page's finance rule already let the reader in).
    report = kind_builder(ReportParams.for_year(Scope(association), year, **kwargs))
    return html_context(report)


def contribution_history(association: Association) -> dict[str, Any]:
    return table_context(finance_reports.history_table(association))


def decided_rows(decided: ContributionYear) -> dict[str, Any]:
    table, _members = finance_reports.split_table(decided)
    contributions = list(decided.contributions.select_related("member"))
    return {**table_context(table),
            "editable": [(c.pk, c.member.name) for c in contributions]}


def budget_overview(association: Association, year: int) -> dict[str, Any]:
    return report_tables(finance_reports.budget_report, association, year)


def budget_outcome(association: Association, year: int) -> dict[str, Any]:
    return report_tables(finance_reports.budget_outcome_report, association, year)


def financial_statements(association: Association, year: int) -> dict[str, Any]:
    context = report_tables(finance_reports.financial_statements_report, association, year)
    found = statements_for(association, year)
    context["found"] = found
    context["checks"] = [
        {"label": check_label(c.what), "adopted": c.adopted, "computed": c.computed,
         "agrees": c.agrees} for c in (found.checks if found else [])
    ]
    context["imported"] = SieImport.objects.filter(association=association, year=year).first()
    return context


def economy_sign(association: Association) -> Callable[[str], int]:
    """Income as every economy page shows it, positive: -1 for accounts the rules call income."""
    ranges = [(int(r.first_account), int(r.last_account), r.category)
              for r in AccountRule.objects.filter(association=association)
              if r.first_account.isdigit() and r.last_account.isdigit()]

    def sign(account: str) -> int:
        if not (account.isascii() and account.isdigit()):
            return 1
        number = int(account)
        covering = [r for r in ranges if r[0] <= number <= r[1]]
        if covering:
            category = min(covering, key=lambda r: (r[1] - r[0], r[0]))[2]
            return -1 if GROUP.get(category) == "income" else 1
        # Without a rule: class 3 (and financial income) is income in BAS and Kommun-Bas.
        return -1 if account.startswith("3") else 1

    return sign


def sie_detail(record: SieImport) -> dict[str, Any]:
    sign = economy_sign(record.association)
    names = record.object_names or {}
    return {
        "record": record,
        "amounts": [
            {"account": a.account, "account_name": a.account_name,
             "objects": [f"{code} {names.get(code, '')}".strip()
                         for code in a.object_list.split()],
             "amount": sign(a.account) * a.amount}
            for a in record.amounts.all()
        ],
    }


def rules(association: Association) -> dict[str, Any]:
    latest = SieImport.objects.filter(association=association).order_by("-year").first()
    mapped = mapped_outcome(association, latest.year) if latest else None
    found = statements_for(association, latest.year) if latest else None
    stored = list(StatementRule.objects.filter(association=association))
    return {
        "statement_rules": stored,
        "plan_rules": [] if stored else [
            {"first": r.first, "last": r.last, "label": StatementLine(r.line).label}
            for r in rules_for(association)],
        "statement_unmapped": found.unmapped if found else [],
        "account_rules": AccountRule.objects.filter(association=association)
        .select_related("member"),
        "object_rules": ObjectRule.objects.filter(association=association)
        .select_related("intervention"),
        "latest": latest,
        "unmapped": mapped.unmapped if mapped else [],
    }


def sie_upload(request: HttpRequest, access: Access) -> dict[str, Any] | HttpResponse:
    """Upload shows a preview; confirming stores it. The file waits in the session between."""
    association = access.association
    upload_form = SieUploadForm()
    if request.method == "POST" and "file" in request.FILES:
        upload_form = SieUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            data = upload.read()
            return _preview(request, association, data, upload.name or "", upload_form,
                            upload_form.cleaned_data.get("year"))
    elif request.method == "POST":
        return _confirm(request, access)
    return {"upload_form": upload_form}


def _preview(request: HttpRequest, association: Association, data: bytes, filename: str,
             upload_form: SieUploadForm, year: int | None) -> dict[str, Any]:
    try:
        preview = sie_import.read(association, data, filename, year)
    except sie_import.SieImportError as exc:
        return {"upload_form": upload_form, "error": str(exc)}
    request.session[SESSION_KEY] = {"name": preview.filename, "data": data.decode("latin-1"),
                                    "sha256": preview.sha256, "year": year}
    sign = economy_sign(association)
    as_json = preview.as_json()
    return {
        "upload_form": upload_form, "preview": preview, "json": as_json,
        "rows": [
            {"account": account, "name": preview.parsed.accounts.get(account, ""),
             "amount": sign(account) * Decimal(amount),
             "declared": sign(account) * Decimal(declared)
             if (declared := as_json["declared_result_by_account"].get(account)) else None}
            for account, amount in as_json["result_by_account"].items()
        ],
        "confirm_form": SieConfirmForm(initial={"sha256": preview.sha256},
                                       unbalanced=bool(preview.unbalanced),
                                       other=_other(association, preview)),
        "unbalanced_message": sie_import.unbalanced_message(preview)
        if preview.unbalanced else None,
        "locked_message": sie_import.locked_message(association, preview, request.user),
    }


def _other(association: Association, preview: sie_import.Preview) -> str:
    return sie_import.other_message(association, preview) if preview.identity else ""


def _confirm(request: HttpRequest, access: Access) -> HttpResponse | dict[str, Any]:
    stored = request.session.get(SESSION_KEY)
    back = reverse("sie_upload", args=[access.association.slug])
    data = stored["data"].encode("latin-1") if stored else b""
    if not stored or hashlib.sha256(data).hexdigest() != stored["sha256"] \
            or request.POST.get("sha256") != stored["sha256"]:
        messages.error(request, _("Upload the file again: the preview has expired."))
        return redirect(back)
    try:
        preview = sie_import.read(access.association, data, stored["name"], stored.get("year"))
    except sie_import.SieImportError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    form = SieConfirmForm(request.POST, unbalanced=bool(preview.unbalanced),
                          other=_other(access.association, preview))
    if not form.is_valid():
        # The preview again, with the box that was left empty marked.
        shown = _preview(request, access.association, data, stored["name"], SieUploadForm(),
                         stored.get("year"))
        return {**shown, "confirm_form": form}
    try:
        record = sie_import.store(
            access.association, preview, user=request.user, request=request,
            accept_unbalanced=form.cleaned_data.get("accept_unbalanced", False),
            accept_other=form.cleaned_data.get("accept_other", False))
    except sie_import.SieImportError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    del request.session[SESSION_KEY]
    messages.success(request, _("The outcome of %(year)s is imported from %(file)s.")
                     % {"year": record.year, "file": record.filename})
    return redirect(reverse("sie_detail", args=[access.association.slug, record.pk]))
