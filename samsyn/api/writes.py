"""Write endpoints: a case system keeps an insats' register in Samsyn, the office its budget.

The same rules as the pages, because the same services: a participation is saved by
`samsyn.participants.services.save_participation`, a budget line by
`samsyn.finance.services.save_budget_line`, as the forms and the import save them (the
model's validation, the signed-off periods, the version read, the audit log), and nothing is
half-written. A change of a known row states the version it read (`version` in the body, or
`If-Match`); a stale one is refused with 409 `conflict`, naming the fields changed since.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
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
from samsyn.associations.writes import NEEDS_REASON, VIA_API, Actor, Conflict
from samsyn.finance import services as finance
from samsyn.finance.models import BudgetLine
from samsyn.interventions.models import Intervention
from samsyn.participants import services as participants
from samsyn.participants.models import Participant, Participation
from samsyn.periods.services import PeriodLocked

LOCKED = OpenApiResponse(
    response=ERROR,
    description="The change touches a signed-off period (period_locked: the message says "
                "whether an administrator's `reason` would let it through, or that an "
                "administrator must open the period first), or the row changed since the "
                "version sent (conflict: `version` now, `changed` fields and by whom)")
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=False,
    description="the row's ETag as read (its version, quoted); or send `version` in the body")
REASON = OpenApiParameter(
    "reason", str, OpenApiParameter.QUERY, required=False,
    description="an administrator's reason for removing a line of a signed-off year; logged "
                "with the removal and shown on the report as a later change")
FIELDS = ("gender", "birth_year", "start_date", "support_at_start", "support_time",
          "occupation_at_start", "consent_date", "end_date", "exit_reason",
          "occupation_at_exit", "support_at_exit", "followup_date", "followup_occupation",
          "followup_support")


class Locked(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "period_locked"


class Stale(APIException):
    """The row changed since the version the client read: nothing was written."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, conflict: Conflict) -> None:
        if conflict.current is None:
            super().__init__(_("The row was removed by someone else."))
        else:
            super().__init__(_("The row was changed by someone else since the version you "
                               "sent (%(seen)s; it is now %(now)s). Read it again, and send "
                               "your change anew if it still holds.")
                             % {"seen": conflict.seen, "now": conflict.version})
        self.extra = conflict.as_json()


def _invalid(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({k: [str(m) for e in v for m in e.messages]
                                for k, v in exc.error_dict.items()})
    return ValidationError({"non_field_errors": exc.messages})


def _guarded(write: Callable[[], Any], *, reason_sent: bool = False) -> Any:
    """Runs a write in one transaction; the services' refusals as API errors.

    `reason_sent`: whether the client gave a reason for a change in a signed-off period, so
    that a refusal says where the reason goes, or who alone may give one."""
    try:
        with transaction.atomic():
            return write()
    except PeriodLocked as locked:
        message = " ".join(locked.messages)
        if locked.code == NEEDS_REASON:
            message += " " + _("Send the reason as reason in the body (for DELETE: ?reason=).")
        elif reason_sent:
            message += " " + _("Only an administrator of the förbund may give a reason.")
        raise Locked(message) from None
    except Conflict as conflict:
        raise Stale(conflict) from None
    except DjangoValidationError as exc:
        raise _invalid(exc) from None


def version_sent(request: Request, data: dict[str, Any]) -> int | None:
    """The version the client read: `If-Match: "3"` (an ETag of ours), else `version` in
    the body; None when neither is sent (the write then saves over what is there)."""
    header = request.headers.get("If-Match", "").strip()
    if header and header != "*":
        tag = header.removeprefix("W/").strip('"')
        if not (tag.isascii() and tag.isdigit()):
            raise ValidationError({"If-Match": [_("Give the ETag the row was read with.")]})
        return int(tag)
    version = data.pop("version", None)
    return int(version) if version is not None else None


def tagged(response: Response, row: Any) -> Response:
    """The row's version as its ETag, to send back in If-Match."""
    response["ETag"] = f'"{row.version}"'
    return response


# Participations


class _RecordsMixin(TenantMixin):
    # The policy table decides first (samsyn/api/permissions.py); the checks below repeat it
    # where the object is known (an insats keeping counts only takes no records).
    policy_actions = (Action.VIEW, Action.RECORDS_READ)
    policy_write_actions = (Action.RECORDS_EDIT,)

    def intervention(self) -> Intervention:
        return get_object_or_404(self.access.interventions(),
                                 slug=self.kwargs["intervention_slug"])

    def actor(self) -> Actor:
        return Actor(self.access.scope(), self.request.user, self.request, VIA_API)

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
        return intervention

    def refuse_reason(self, request: Request) -> None:
        """A participation takes no reason for a change in a signed-off period, as its form
        asks none: the insats's staff keep it and are no administrators (a membership has one
        role). Said at once, rather than the field silently passed over."""
        if isinstance(request.data, dict) and "reason" in request.data:
            raise ValidationError({"reason": [_(
                "A participation takes no reason: its insats's staff keep it, and only an "
                "administrator may give the reason for a change in a signed-off period. An "
                "administrator opens the period for changes under Reported periods, with the "
                "reason; then send the change again.")]})

    def apply(self, participation: Participation, data: dict[str, Any]) -> None:
        """The body onto the row; the service checks and completes it (the referrer's
        national category among others)."""
        for name in FIELDS:
            if name in data:
                setattr(participation, name, data[name] if data[name] is not None else (
                    None if name.endswith("_date") else ""))
        if "referrer" in data:
            participation.referrer = data["referrer"]
        if "municipality" in data:
            name = (data["municipality"] or "").strip()
            member = self.access.association.members.filter(
                kind=MemberKind.MUNICIPALITY, name__iexact=name).first() if name else None
            if name and member is None:
                raise ValidationError({"municipality": [_("Not a member kommun of the "
                                                          "förbund.")]})
            participation.municipality = member


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
            participants.audit(self.access, request.user, self.intervention(), "api",
                               len(rows))
        return response

    @extend_schema(request=w.ParticipationWriteSerializer,
                   responses={200: s.ParticipationSerializer, 201: s.ParticipationSerializer,
                              409: LOCKED})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create, or update the participation of this participant starting that day.

        Sending the same body again changes nothing (200). `version`, when sent, must be
        the stored participation's. A change inside a signed-off period is refused (409
        period_locked) until an administrator opens the period for changes, with the reason
        the change is then logged with; a participation takes no `reason` of its own (400)."""
        intervention = self.writable_intervention()
        self.refuse_reason(request)
        incoming = w.ParticipationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = version_sent(request, data)
        person = data.pop("participant")
        actor = self.actor()

        def write() -> tuple[Participation, bool]:
            pseudonym = participants.pseudonym_of(self.access.association, person)
            found = (Participation.objects.select_related("municipality", "participant",
                                                          "intervention")
                     .filter(intervention=intervention, start_date=data["start_date"],
                             participant__in=Participant.objects.filter(
                                 association=self.access.association, pseudonym=pseudonym))
                     .first())
            participation = found or Participation(intervention=intervention)
            self.apply(participation, data)
            saved = participants.save_participation(
                actor, participation, version=version if found else None,
                pseudonym=None if found else pseudonym)
            return participation, saved.created

        participation, created = _guarded(write)
        return tagged(Response(s.ParticipationSerializer(participation).data,
                               status=status.HTTP_201_CREATED if created else status.HTTP_200_OK),
                      participation)


class InterventionParticipation(_RecordsMixin, generics.RetrieveAPIView):
    """One record; PATCH changes it (ending it: `end_date` and `exit_reason`). Inside a
    signed-off period, as the upsert: 409 period_locked until an administrator opens it."""

    serializer_class = s.ParticipationSerializer
    lookup_url_kwarg = "participation_id"

    def get_queryset(self) -> QuerySet[Any]:
        return self.readable()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        participation = self.get_object()
        participants.audit(self.access, request.user, self.intervention(), "api", 1)
        return tagged(Response(self.get_serializer(participation).data), participation)

    @extend_schema(request=w.ParticipationPatchSerializer, parameters=[IF_MATCH],
                   responses={200: s.ParticipationSerializer, 409: LOCKED})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        intervention = self.writable_intervention()
        participation = get_object_or_404(
            Participation.objects.select_related("participant", "intervention", "municipality"),
            intervention=intervention, pk=self.kwargs["participation_id"])
        self.refuse_reason(request)
        incoming = w.ParticipationPatchSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = version_sent(request, data)
        actor = self.actor()

        def write() -> None:
            self.apply(participation, data)
            participants.save_participation(actor, participation, version=version)

        _guarded(write)
        return tagged(Response(s.ParticipationSerializer(participation).data), participation)


# Budget lines


class _BudgetWriteMixin(FinanceMixin):
    policy_write_actions = (Action.FINANCE_EDIT,)

    def require_edit(self) -> None:
        if not self.access.can_edit:
            raise PermissionDenied()

    def actor(self) -> Actor:
        return Actor(self.access.scope(), self.request.user, self.request, VIA_API)

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
        data.pop("version", None)
        line = BudgetLine(association=self.access.association, amount=Decimal(0))
        self.apply(line, data)
        actor = self.actor()
        _guarded(lambda: finance.save_budget_line(actor, line, reason=data.get("reason")),
                 reason_sent=bool(data.get("reason")))
        return tagged(Response(s.BudgetLineSerializer(line).data,
                               status=status.HTTP_201_CREATED), line)


class BudgetLineRow(_BudgetWriteMixin, generics.RetrieveAPIView):
    serializer_class = s.BudgetLineSerializer
    lookup_url_kwarg = "line_id"

    def get_queryset(self) -> QuerySet[Any]:
        return BudgetLine.objects.filter(association=self.access.association)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        line = self.get_object()
        return tagged(Response(self.get_serializer(line).data), line)

    @extend_schema(request=w.BudgetLineWriteSerializer, parameters=[IF_MATCH],
                   responses={200: s.BudgetLineSerializer, 409: LOCKED})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_edit()
        line = self.get_object()
        incoming = w.BudgetLineWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = version_sent(request, data)
        self.apply(line, data)
        actor = self.actor()
        _guarded(lambda: finance.save_budget_line(actor, line, version=version,
                                                  reason=data.get("reason")),
                 reason_sent=bool(data.get("reason")))
        return tagged(Response(s.BudgetLineSerializer(line).data), line)

    @extend_schema(parameters=[IF_MATCH, REASON], responses={204: None, 409: LOCKED})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Remove a line; in a signed-off year an administrator gives `?reason=`."""
        self.require_edit()
        line = self.get_object()
        version = version_sent(request, {})
        actor = self.actor()
        reason = request.query_params.get("reason")
        _guarded(lambda: finance.delete_budget_line(actor, line, version=version, reason=reason),
                 reason_sent=bool(reason))
        return Response(status=status.HTTP_204_NO_CONTENT)
