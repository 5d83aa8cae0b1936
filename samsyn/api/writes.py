"""Write endpoints: a case system keeps an insats' register in Samsyn, the office its budget.

The same rules as the pages: only the staff of an insats write its participations, the office
and administrators budget lines; the model's validation, the signed-off periods and the audit
of every write apply, and nothing is half-written.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samsyn.api import serializers as s
from samsyn.api import write_serializers as w
from samsyn.api.schema import ERROR
from samsyn.api.views import FinanceMixin, TenantMixin
from samsyn.associations.access import Action
from samsyn.associations.models import MemberKind
from samsyn.finance.models import BudgetLine
from samsyn.interventions.models import Intervention
from samsyn.participants.models import Participant, Participation
from samsyn.participants.pseudonym import PLACEHOLDER_FAULT, PlaceholderIdentity, PseudonymError
from samsyn.participants.services import audit, pseudonymiser, referrer_map
from samsyn.periods.hooks import check_budget_line, check_participation
from samsyn.periods.services import PeriodLocked

LOCKED = OpenApiResponse(
    response=ERROR,
    description="The change touches a signed-off period (period_locked)")
FIELDS = ("gender", "birth_year", "start_date", "support_at_start", "support_time",
          "occupation_at_start", "consent_date", "end_date", "exit_reason",
          "occupation_at_exit", "support_at_exit", "followup_date", "followup_occupation",
          "followup_support")


class Locked(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "period_locked"


def _invalid(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({k: [str(m) for e in v for m in e.messages]
                                for k, v in exc.error_dict.items()})
    return ValidationError({"non_field_errors": exc.messages})


def _guarded(write: Callable[[], Any]) -> Any:
    """Runs a write in one transaction; the model's and the periods' refusals as API errors."""
    try:
        with transaction.atomic():
            return write()
    except PeriodLocked as locked:
        raise Locked(" ".join(locked.messages)) from None
    except DjangoValidationError as exc:
        raise _invalid(exc) from None


# Participations


class _RecordsMixin(TenantMixin):
    # The policy table decides first (samsyn/api/permissions.py); the checks below repeat it
    # where the object is known (an insats keeping counts only takes no records).
    policy_actions = (Action.VIEW, Action.RECORDS_READ)
    policy_write_actions = (Action.RECORDS_EDIT,)

    def intervention(self) -> Intervention:
        return get_object_or_404(self.access.interventions(),
                                 slug=self.kwargs["intervention_slug"])

    def readable(self) -> QuerySet[Any]:
        if not self.access.reads_records:
            raise PermissionDenied()
        return (Participation.objects.filter(intervention=self.intervention())
                .select_related("intervention", "participant", "municipality")
                .order_by("start_date", "pk"))

    def writable_intervention(self) -> Intervention:
        intervention = self.intervention()
        if not self.access.keeps_records:
            raise PermissionDenied()
        if intervention.aggregate_only:
            raise ValidationError({"intervention": [_("This intervention keeps counts only, "
                                                      "no participant records.")]})
        return intervention

    def apply(self, participation: Participation, data: dict[str, Any]) -> None:
        association = self.access.association
        for name in FIELDS:
            if name in data:
                setattr(participation, name, data[name] if data[name] is not None else (
                    None if name.endswith("_date") else ""))
        if "referrer" in data:
            found = referrer_map(association).get(data["referrer"].strip().lower())
            if found is None:
                raise ValidationError({"referrer": [_("Not a referrer code of the förbund.")]})
            participation.referrer, participation.referrer_category = found
        if "municipality" in data:
            name = (data["municipality"] or "").strip()
            member = association.members.filter(kind=MemberKind.MUNICIPALITY,
                                                name__iexact=name).first() if name else None
            if name and member is None:
                raise ValidationError({"municipality": [_("Not a member kommun of the "
                                                          "förbund.")]})
            participation.municipality = member

    def save(self, before: Participation | None, participation: Participation,
             action: str) -> None:
        participation.full_clean()
        check_participation(self.access.association, before, participation, self.request.user,
                            what=f"api {participation.intervention.slug}: {participation}")
        participation.save()
        audit(self.access, self.request.user, participation.intervention, action, 1)


class InterventionParticipations(_RecordsMixin, generics.ListAPIView):
    """The records of one insats (its staff and analysts; every read logged), and the
    idempotent upsert a case system pushes them with."""

    serializer_class = s.ParticipationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return self.readable()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        if rows:
            audit(self.access, request.user, self.intervention(), "api", len(rows))
        return response

    @extend_schema(request=w.ParticipationWriteSerializer,
                   responses={200: s.ParticipationSerializer, 201: s.ParticipationSerializer,
                              409: LOCKED})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create, or update the participation of this participant starting that day.

        Sending the same body again changes nothing (200)."""
        intervention = self.writable_intervention()
        incoming = w.ParticipationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        try:
            pseudonym = pseudonymiser(self.access.association)(data.pop("participant"))
        except PlaceholderIdentity:
            raise ValidationError({"participant": [_(PLACEHOLDER_FAULT)]}) from None
        except PseudonymError:
            # Said without repeating what was sent.
            raise ValidationError({"participant": [_(
                "Not a valid personnummer, nor a local code of letters and digits.")]}) from None

        def write() -> tuple[Participation, int]:
            participant, _created = Participant.objects.get_or_create(
                association=self.access.association, pseudonym=pseudonym)
            found = (Participation.objects.select_related("municipality", "participant",
                                                          "intervention")
                     .filter(intervention=intervention, participant=participant,
                             start_date=data["start_date"]).first())
            before = Participation.objects.get(pk=found.pk) if found else None
            participation = found or Participation(intervention=intervention,
                                                   participant=participant)
            self.apply(participation, data)
            if before is not None and _same(before, participation):
                return participation, status.HTTP_200_OK
            self.save(before, participation, "api-write")
            return participation, (status.HTTP_200_OK if before else status.HTTP_201_CREATED)

        participation, code = _guarded(write)
        return Response(s.ParticipationSerializer(participation).data, status=code)


def _same(a: Participation, b: Participation) -> bool:
    return all(getattr(a, n) == getattr(b, n) for n in (*FIELDS, "referrer",
                                                       "municipality_id"))


class InterventionParticipation(_RecordsMixin, generics.RetrieveAPIView):
    """One record; PATCH changes it (ending it: `end_date` and `exit_reason`)."""

    serializer_class = s.ParticipationSerializer
    lookup_url_kwarg = "participation_id"

    def get_queryset(self) -> QuerySet[Any]:
        return self.readable()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        audit(self.access, request.user, self.intervention(), "api", 1)
        return response

    @extend_schema(request=w.ParticipationPatchSerializer,
                   responses={200: s.ParticipationSerializer, 409: LOCKED})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        intervention = self.writable_intervention()
        participation = get_object_or_404(
            Participation.objects.select_related("participant", "intervention", "municipality"),
            intervention=intervention, pk=self.kwargs["participation_id"])
        incoming = w.ParticipationPatchSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        before = Participation.objects.get(pk=participation.pk)

        def write() -> None:
            self.apply(participation, dict(incoming.validated_data))
            if not _same(before, participation):
                self.save(before, participation, "api-write")

        _guarded(write)
        return Response(s.ParticipationSerializer(participation).data)


# Budget lines


def _log(user: Any, line: BudgetLine, flag: int, message: str) -> None:
    LogEntry.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(BudgetLine),
        object_id=str(line.pk), object_repr=str(line)[:200], action_flag=flag,
        change_message=message)


class _BudgetWriteMixin(FinanceMixin):
    policy_write_actions = (Action.FINANCE_EDIT,)

    def require_edit(self) -> None:
        if not self.access.can_edit:
            raise PermissionDenied()

    def apply(self, line: BudgetLine, data: dict[str, Any]) -> None:
        association = self.access.association
        for name in ("year", "scenario", "category", "label", "amount"):
            if name in data:
                setattr(line, name, data[name] if data[name] is not None else "")
        if "intervention" in data:
            slug = (data["intervention"] or "").strip()
            line.intervention = association.interventions.filter(slug=slug).first() \
                if slug else None
            if slug and line.intervention is None:
                raise ValidationError({"intervention": [_("No such intervention.")]})
        if "member" in data:
            name = (data["member"] or "").strip()
            line.member = association.members.filter(name__iexact=name).first() if name else None
            if name and line.member is None:
                raise ValidationError({"member": [_("No such member.")]})

    def write(self, line: BudgetLine, years: set[int], reason: str | None, flag: int) -> None:
        user = self.request.user
        line.full_clean()
        check_budget_line(self.access.association, years, user, what=f"api: {line}",
                          reason=reason)
        line.save()
        _log(user, line, flag, "api")


class BudgetLineRows(_BudgetWriteMixin, generics.ListAPIView):
    """Budget lines (as /budget/), and POST adds one (the office and administrators)."""

    serializer_class = s.BudgetLineSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return (BudgetLine.objects.filter(association=self.access.association)
                .select_related("intervention", "member").order_by("year", "scenario", "pk"))

    @extend_schema(request=w.BudgetLineWriteSerializer,
                   responses={201: s.BudgetLineSerializer, 409: LOCKED})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_edit()
        incoming = w.BudgetLineWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        line = BudgetLine(association=self.access.association, amount=Decimal(0))
        self.apply(line, data)
        _guarded(lambda: self.write(line, {line.year}, data.get("reason"), ADDITION))
        return Response(s.BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)


class BudgetLineRow(_BudgetWriteMixin, generics.RetrieveAPIView):
    serializer_class = s.BudgetLineSerializer
    lookup_url_kwarg = "line_id"

    def get_queryset(self) -> QuerySet[Any]:
        return BudgetLine.objects.filter(association=self.access.association)

    @extend_schema(request=w.BudgetLineWriteSerializer,
                   responses={200: s.BudgetLineSerializer, 409: LOCKED})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_edit()
        line = self.get_object()
        incoming = w.BudgetLineWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        old_year = line.year
        self.apply(line, data)
        _guarded(lambda: self.write(line, {old_year, line.year}, data.get("reason"), CHANGE))
        return Response(s.BudgetLineSerializer(line).data)

    @extend_schema(responses={204: None, 409: LOCKED})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Remove a line; in a signed-off year an administrator gives `?reason=`."""
        self.require_edit()
        line = self.get_object()

        def remove() -> None:
            check_budget_line(self.access.association, {line.year}, request.user,
                              what=f"api: removed {line}",
                              reason=request.query_params.get("reason"))
            _log(request.user, line, DELETION, "api")
            line.delete()

        _guarded(remove)
        return Response(status=status.HTTP_204_NO_CONTENT)
