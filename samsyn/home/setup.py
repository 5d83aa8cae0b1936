"""Creating and updating a förbund from an association file, in one transaction."""

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from samsyn.associations import versions
from samsyn.associations.association_file import AssociationFileError, AssociationSpec
from samsyn.associations.models import Association, Member, Membership, Population, Role
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    Goal,
    Intervention,
    PlanGoal,
    PlanYear,
    TargetGroup,
)
from samsyn.interventions.services import locked_changes

M = TypeVar("M", bound=models.Model)


@dataclass
class ChangeSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
        }


class _Applier:
    def __init__(self) -> None:
        self.summary = ChangeSummary()
        self.errors: list[str] = []

    def sync(self, model: type[M], path: str, lookup: dict[str, Any],
             values: dict[str, Any]) -> M | None:
        kind = model._meta.model_name or model.__name__
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            counter = self.summary.created
        else:
            changed = [key for key, value in values.items() if getattr(obj, key) != value]
            if not changed:
                self.summary.unchanged[kind] += 1
                return obj
            for key in changed:
                setattr(obj, key, values[key])
            counter = self.summary.updated
        try:
            obj.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                where = path if name == "__all__" else f"{path}.{name}"
                self.errors.extend(f"{where}: {message}" for message in messages)
            return None
        obj.save()
        counter[kind] += 1
        return obj

    def sync_set(self, obj: models.Model, attr: str, wanted: set[int]) -> None:
        manager = getattr(obj, attr)
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            self.summary.updated[f"{obj._meta.model_name}.{attr}"] += 1


def apply_association(spec: AssociationSpec) -> tuple[Association, ChangeSummary]:
    """Create or update the förbund; on any fault raise and write nothing."""
    applier = _Applier()
    with transaction.atomic():
        association = applier.sync(
            Association, "file", {"slug": spec.slug},
            {"name": spec.name, "org_number": spec.org_number, **spec.settings},
        )
        if association is None:
            raise AssociationFileError(applier.errors)
        _apply_members(applier, association, spec)
        _apply_interventions(applier, association, spec)
        _apply_plans(applier, association, spec)
        if applier.errors:
            raise AssociationFileError(applier.errors)
        versions.changed(association)
    return association, applier.summary


def _apply_members(a: _Applier, association: Association, spec: AssociationSpec) -> None:
    for m in spec.members:
        # A code left out of the file keeps the one typed in Samsyn.
        code = {"municipality_code": m.code} if m.code else {}
        member = a.sync(Member, m.path, {"association": association, "name": m.name},
                        {"kind": m.kind, "pays": m.pays, **code})
        if member is None:
            continue
        for day, count in sorted(m.population.items()):
            a.sync(Population, f"{m.path}.population.{day.isoformat()}",
                   {"member": member, "date": day}, {"count": count})
    for t in spec.target_groups:
        a.sync(TargetGroup, t.path, {"association": association, "name": t.name},
               {"age_min": t.age_min, "age_max": t.age_max, "description": t.description})


def _apply_interventions(a: _Applier, association: Association, spec: AssociationSpec) -> None:
    members = {m.name: m for m in association.members.all()}
    groups = {t.name: t for t in association.target_groups.all()}
    for s in spec.interventions:
        run_by = members.get(s.run_by) if s.run_by else None
        values = {
            "name": s.name, "kind": s.kind, "start": s.start, "end": s.end,
            "run_by_id": run_by.pk if run_by else None,
            "esf_funded": s.esf_funded, "description": s.description, "aims": s.aims,
            "usual_duration_days": s.usual_duration_days, "public": s.public,
            **{f"catalog_{key}": value for key, value in s.catalog.items()},
            **s.classification, **s.external,
        }
        stored = association.interventions.filter(slug=s.slug).first()
        if stored is not None:
            # What Uppföljning Finsam locks once reported is locked in a file too.
            candidate = copy.copy(stored)
            for key, value in values.items():
                setattr(candidate, key, value)
            refused = locked_changes(stored, candidate)
            if refused:
                a.errors.extend(f"{s.path}.{name}: {message}"
                                for name, message in refused.items())
                continue
        intervention = a.sync(
            Intervention, s.path, {"association": association, "slug": s.slug}, values)
        if intervention is None:
            continue
        a.sync_set(intervention, "municipalities",
                   {members[name].pk for name in s.municipalities if name in members})
        a.sync_set(intervention, "target_groups",
                   {groups[name].pk for name in s.target_groups if name in groups})
        for g in s.goals:
            a.sync(Goal, g.path, {"intervention": intervention, "name": g.name},
                   {"metric": g.metric, "target": g.target, "unit": g.unit,
                    "comparison": g.comparison, "year": g.year})


def _apply_plans(a: _Applier, association: Association, spec: AssociationSpec) -> None:
    for p in spec.plans:
        values: dict[str, Any] = {"title": p.title, "decided": p.decided}
        if p.describes_interventions is not None:
            values["describes_interventions"] = p.describes_interventions
        plan = a.sync(PlanYear, p.path, {"association": association, "year": p.year}, values)
        if plan is None:
            continue
        for i, fa in enumerate(p.focus_areas):
            area = a.sync(FocusArea, fa.path, {"plan": plan, "name": fa.name},
                          {"description": fa.description, "order": i})
            if area is None:
                continue
            for j, g in enumerate(fa.goals):
                goal = a.sync(PlanGoal, g.path, {"focus_area": area, "name": g.name},
                              {"description": g.description, "order": j})
                if goal is None:
                    continue
                for k, act in enumerate(g.activities):
                    a.sync(Activity, act.path,
                           {"focus_area": area, "goal": goal, "name": act.name},
                           {"description": act.description, "order": k})
            for k, act in enumerate(fa.activities):
                a.sync(Activity, act.path, {"focus_area": area, "goal": None, "name": act.name},
                       {"description": act.description, "order": k})


DEMO_PASSWORD = "samsyn-demo"  # noqa: S105 - printed by make run; demo data only
DEMO_ROLES = (
    ("admin", Role.ADMIN),
    ("kansli", Role.OFFICE),
    ("analytiker", Role.ANALYST),
    ("personal", Role.STAFF),
    ("styrelse", Role.BOARD),
)


def ensure_demo_users(association: Association) -> list[tuple[str, str]]:
    """One demo login per role; staff keep the records of two individual insatser."""
    user_model = get_user_model()
    logins = []
    for suffix, role in DEMO_ROLES:
        username = f"{association.slug}.{suffix}"
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            user=user, association=association, defaults={"role": role}
        )
        if role == Role.STAFF and not membership.interventions.exists():
            membership.interventions.set(
                association.interventions.filter(kind="individual").order_by("slug")[:2]
            )
        logins.append((username, str(role.label)))
    return logins
