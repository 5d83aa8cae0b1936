"""The public insatskatalog: no login, only public insatser and their public fields."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from samsyn.associations.models import Association, Member, MemberKind
from samsyn.catalog import search
from samsyn.catalog.forms import SearchForm
from samsyn.interventions.models import Intervention, TargetGroup

PAGE = 50


def public_interventions(association: Association | None) -> QuerySet[Any]:
    qs = Intervention.objects.filter(public=True).select_related("association")
    if association is not None:
        qs = qs.filter(association=association)
    # A catalogue lists what is on offer: ended insatser are left out.
    return qs.filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate()))


def filtered(qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
    if data.get("kommun"):
        qs = qs.filter(municipalities__name=data["kommun"])
    if data.get("age") is not None:
        age = data["age"]
        qs = qs.filter(
            Q(target_groups__isnull=True)
            | (Q(target_groups__age_min__isnull=True) | Q(target_groups__age_min__lte=age))
            & (Q(target_groups__age_max__isnull=True) | Q(target_groups__age_max__gte=age))
        )
    if data.get("group"):
        qs = qs.filter(target_groups__name=data["group"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("q"):
        qs = search.matching(qs, data["q"])
    return qs.distinct()


def catalog(request: HttpRequest, association_slug: str | None = None) -> HttpResponse:
    association = (get_object_or_404(Association, slug=association_slug)
                   if association_slug else None)
    base = public_interventions(association)
    kommuner = (Member.objects.filter(kind=MemberKind.MUNICIPALITY, served_by__in=base)
                .values_list("name", flat=True).distinct().order_by("name"))
    groups = (TargetGroup.objects.filter(interventions__in=base)
              .values_list("name", flat=True).distinct().order_by("name"))
    form = SearchForm(request.GET or None, kommuner=kommuner, groups=groups)
    data = form.cleaned_data if form.is_valid() else {}
    found = (filtered(base, data).prefetch_related("municipalities", "target_groups")
             .order_by("association__name", "name"))
    results = list(found[: PAGE + 1])
    return render(request, "catalog/catalog.html", {
        "catalog_association": association, "form": form, "results": results[:PAGE],
        "more": len(results) > PAGE, "searched": bool(data and any(data.values())),
    })


def entry(request: HttpRequest, association_slug: str, intervention_slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=association_slug)
    intervention = get_object_or_404(
        public_interventions(association).prefetch_related("municipalities", "target_groups"),
        slug=intervention_slug)
    return render(request, "catalog/entry.html",
                  {"catalog_association": association, "i": intervention})
