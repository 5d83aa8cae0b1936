"""The possible target groups' sizes a plan states from public statistics
(TargetGroupStatistic, 000 Tabell 1): a list under the plan and its edit pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.interventions import services
from samsyn.interventions.forms import TargetGroupStatisticForm
from samsyn.interventions.models import PlanYear, TargetGroupStatistic


def _plan(access: Access, year: int) -> PlanYear:
    return get_object_or_404(PlanYear, association=access.association, year=year)


def _back(access: Access, year: int) -> str:
    return reverse("target_group_statistics", args=[access.association.slug, year])


def _statistic(access: Access, year: int, statistic_id: int) -> TargetGroupStatistic:
    return get_object_or_404(TargetGroupStatistic.objects.select_related("plan"),
                             plan__association=access.association, plan__year=year,
                             pk=statistic_id)


@association_view()
def target_group_statistics(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    plan = _plan(access, year)
    return render(request, "interventions/target_group_statistics.html", {
        "access": access, "association": access.association, "plan": plan,
        "statistics": plan.target_group_statistics.all()})


def _form_view(request: HttpRequest, access: Access, statistic: TargetGroupStatistic,
               year: int, title: str) -> HttpResponse:
    form = TargetGroupStatisticForm(request.POST or None, instance=statistic)
    back = _back(access, year)
    return save_form(request, access, form, title=title, cancel_url=back, success_url=back,
                     another_url=reverse("target_group_statistic_create",
                                         args=[access.association.slug, year]),
                     save=services.save_target_group_statistic)


@association_view(edit=True)
def target_group_statistic_create(request: HttpRequest, access: Access,
                                  year: int) -> HttpResponse:
    plan = _plan(access, year)
    statistic = TargetGroupStatistic(plan=plan, order=plan.target_group_statistics.count())
    return _form_view(request, access, statistic, year, _("New target group statistic"))


@association_view(edit=True)
def target_group_statistic_edit(request: HttpRequest, access: Access, year: int,
                                statistic_id: int) -> HttpResponse:
    return _form_view(request, access, _statistic(access, year, statistic_id), year,
                      _("Edit target group statistic"))


@association_view(edit=True)
def target_group_statistic_delete(request: HttpRequest, access: Access, year: int,
                                  statistic_id: int) -> HttpResponse:
    back = _back(access, year)
    return confirm_delete(request, access, _statistic(access, year, statistic_id),
                          cancel_url=back, success_url=back,
                          remove=services.delete_target_group_statistic)
