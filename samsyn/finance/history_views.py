"""The förbund's budget history as its plans state it (BudgetHistoryFigure): a list and
its edit pages, under the economy."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.finance import services
from samsyn.finance.forms import BudgetHistoryFigureForm
from samsyn.finance.models import BudgetHistoryFigure


def _back(access: Access) -> str:
    return reverse("budget_history", args=[access.association.slug])


@association_view(finance=True)
def budget_history(request: HttpRequest, access: Access) -> HttpResponse:
    figures = (BudgetHistoryFigure.objects.filter(association=access.association)
               .select_related("intervention"))
    # The förbund's whole budget apart from the lines' earlier budgets, as the plan prints
    # them in two places (000 "Budget" and Tabell 6).
    return render(request, "finance/budget_history.html", {
        "access": access, "association": access.association,
        "figures": [f for f in figures if not f.category],
        "lines": [f for f in figures if f.category]})


def _form_view(request: HttpRequest, access: Access, figure: BudgetHistoryFigure,
               title: str) -> HttpResponse:
    form = BudgetHistoryFigureForm(request.POST or None, instance=figure,
                                   association=access.association)
    return save_form(request, access, form, title=title, cancel_url=_back(access),
                     success_url=_back(access), save=services.save_budget_history_figure)


@association_view(edit=True, finance=True)
def budget_history_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _form_view(request, access, BudgetHistoryFigure(association=access.association),
                      _("New figure of the budget history"))


@association_view(edit=True, finance=True)
def budget_history_edit(request: HttpRequest, access: Access,
                        budget_history_id: int) -> HttpResponse:
    figure = get_object_or_404(BudgetHistoryFigure, association=access.association,
                               pk=budget_history_id)
    return _form_view(request, access, figure, _("Edit figure of the budget history"))


@association_view(edit=True, finance=True)
def budget_history_delete(request: HttpRequest, access: Access,
                          budget_history_id: int) -> HttpResponse:
    figure = get_object_or_404(BudgetHistoryFigure, association=access.association,
                               pk=budget_history_id)
    return confirm_delete(request, access, figure, cancel_url=_back(access),
                          success_url=_back(access),
                          remove=services.delete_budget_history_figure)
