"""The REST API: the same accessors and role rules as the pages, never more than they show."""

import json
import re
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samsyn.api import serializers as s
from samsyn.api.permissions import Policy
from samsyn.associations.access import Access, Action, resolve_access
from samsyn.catalog.views import filtered, public_interventions
from samsyn.finance.categories import Scenario
from samsyn.finance.models import BudgetLine, SieImport
from samsyn.interventions.models import PlanYear, running_in
from samsyn.participants.models import Participation
from samsyn.participants.services import audit
from samsyn.publication.periods import KINDS, NonStandardPeriod, OpenPeriod, period_of_key
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report
from samsyn.web.years import FIRST_YEAR, LAST_YEAR

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
YEAR = OpenApiParameter("year", {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                        description=f"a year from {FIRST_YEAR} to {LAST_YEAR}")


class TenantMixin:
    """Resolves the förbund from the URL and the caller's membership, as every page does."""

    request: Request
    kwargs: dict[str, Any]
    permission_classes = [IsAuthenticated, Policy]
    # The rights of POLICY this view needs (read by the Policy permission).
    policy_actions: tuple[Action, ...] = (Action.VIEW,)

    @property
    def access(self) -> Access:
        if not hasattr(self, "_access"):
            self._access = resolve_access(self.request.user, self.kwargs["association_slug"])
        return self._access

    def year(self) -> int | None:
        raw = self.request.query_params.get("year")
        if raw is None:
            return None
        if not (raw.isascii() and raw.isdigit()) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
            raise ValidationError({"year": [f"a year from {FIRST_YEAR} to {LAST_YEAR}"]})
        return int(raw)


class MemberList(TenantMixin, generics.ListAPIView):
    serializer_class = s.MemberSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return self.access.association.members.prefetch_related("populations").order_by("pk")


@extend_schema(parameters=[YEAR])
class InterventionList(TenantMixin, generics.ListAPIView):
    serializer_class = s.InterventionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (self.access.interventions().select_related("run_by")
              .prefetch_related("municipalities", "target_groups", "goals").order_by("name"))
        year = self.year()
        return running_in(qs, year) if year else qs


class InterventionDetail(TenantMixin, generics.RetrieveAPIView):
    serializer_class = s.InterventionSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "intervention_slug"

    def get_queryset(self) -> QuerySet[Any]:
        return self.access.interventions().prefetch_related("municipalities", "target_groups",
                                                            "goals")


class PlanDetail(TenantMixin, generics.RetrieveAPIView):
    serializer_class = s.PlanSerializer

    def get_object(self) -> PlanYear:
        return get_object_or_404(
            PlanYear.objects.prefetch_related("focus_areas__goals__activities",
                                              "focus_areas__activities"),
            association=self.access.association, year=self.kwargs["year"])


class FinanceMixin(TenantMixin):
    policy_actions = (Action.VIEW, Action.FINANCE_READ)


@extend_schema(parameters=[YEAR, OpenApiParameter("scenario", OpenApiTypes.STR,
                                                  enum=["budget", "plan", "forecast",
                                                        "outcome"])])
class BudgetLineList(FinanceMixin, generics.ListAPIView):
    serializer_class = s.BudgetLineSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (BudgetLine.objects.filter(association=self.access.association)
              .select_related("intervention", "member").order_by("year", "scenario", "pk"))
        year = self.year()
        if year:
            qs = qs.filter(year=year)
        scenario = self.request.query_params.get("scenario")
        if scenario is not None:
            if scenario not in Scenario.values:
                raise ValidationError({"scenario": [f"one of {', '.join(Scenario.values)}"]})
            qs = qs.filter(scenario=scenario)
        return qs


class OutcomeList(FinanceMixin, generics.ListAPIView):
    serializer_class = s.SieImportSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return SieImport.objects.filter(association=self.access.association).order_by("-year")


@extend_schema(parameters=[OpenApiParameter(
    "intervention", {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
    description="an insats' short name")])
class ParticipationList(TenantMixin, generics.ListAPIView):
    """Participant records: the insats' staff and analysts only, every read logged."""

    serializer_class = s.ParticipationSerializer
    policy_actions = (Action.VIEW, Action.RECORDS_READ)

    def get_queryset(self) -> QuerySet[Any]:
        access = self.access
        qs = (Participation.objects.filter(intervention__in=access.interventions())
              .select_related("intervention", "participant", "municipality")
              .order_by("intervention__slug", "start_date", "pk"))
        slug = self.request.query_params.get("intervention")
        if slug is not None:
            if not SLUG.fullmatch(slug):
                raise ValidationError({"intervention": ["an insats' short name"]})
            qs = qs.filter(intervention__slug=slug)
        return qs

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["intervention"]] = counts.get(row["intervention"], 0) + 1
        interventions = {i.slug: i for i in self.access.interventions()}
        for slug, n in counts.items():
            audit(self.access, request.user, interventions.get(slug), "api", n)
        if not counts:
            # A search that finds no one is a read too: it tells that no one is there.
            audit(self.access, request.user, None, "api", 0)
        return response


PERIOD = OpenApiParameter(
    "period", {"type": "string", "pattern": r"^[0-9]{4}(H[12]|T[123]|T1-2|-[0-9]{2})?$"},
    description="a standard period of the year: 2025, 2025H1, 2025T2, 2025T1-2 (January–August) "
                "or 2025-03; the year when left out")


class ReportJson(TenantMixin, APIView):
    """A report's JSON, exactly as `manage.py report KIND --format json` gives it."""

    @extend_schema(parameters=[YEAR, PERIOD], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, association_slug: str, kind_slug: str) -> Response:
        kind = get_kind(kind_slug)
        if kind is None:
            raise NotFound()
        if not kind.readable_by(self.access):
            raise PermissionDenied()
        year = self.year()
        publish = self.access.must_publish or request.query_params.get("publish") == "1"
        dates: dict[str, Any] = {}
        raw = request.query_params.get("period")
        if raw is not None:
            # Any standard period parses; whether the förbund publishes it is build_report's.
            period = period_of_key(raw, KINDS)
            if period is None or year not in (None, period.start.year):
                raise ValidationError({"period": [
                    "a standard period of the year asked for: 2025, 2025H1, 2025T2, "
                    "2025T1-2 or 2025-03"]})
            year, dates = period.start.year, {"start": period.start, "end": period.end}
        year = year or timezone.localdate().year
        try:
            report = build_report(kind, self.access.scope(), year, publish=publish, **dates)
        except (OpenPeriod, NonStandardPeriod) as not_yet:
            return Response({"detail": str(not_yet)}, status=409)

        return Response(json.loads(to_json(report)))


class SearchText(serializers.CharField):
    """Free text from a query string: a NUL byte means nothing in a search, so it goes."""

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(str(data).replace("\x00", "")))


class CatalogQuery(serializers.Serializer):
    q = SearchText(required=False, allow_blank=True, max_length=200)
    kommun = SearchText(required=False, allow_blank=True, max_length=200)
    age = serializers.IntegerField(required=False, min_value=0, max_value=120)
    group = SearchText(required=False, allow_blank=True, max_length=200)
    kind = serializers.ChoiceField(required=False, allow_blank=True,
                                   choices=["individual", "structural"])


@extend_schema(parameters=[CatalogQuery])
class CatalogList(generics.ListAPIView):
    """The public catalogue: no key needed, public insatser and fields only."""

    serializer_class = s.CatalogEntrySerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> QuerySet[Any]:
        query = CatalogQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return (filtered(public_interventions(None), dict(query.validated_data))
                .select_related("association").prefetch_related("municipalities",
                                                                "target_groups")
                .order_by("association__slug", "slug"))
