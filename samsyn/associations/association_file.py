"""Reading an association file (docs/association-file.md) into plain values.

This checks shape, types and references and reports every fault with its path, e.g.
``interventions[2] (mia-os).goals[0].target``. Rules that the models own (lengths, share
sums, age order) are checked when the file is applied, with the same paths.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from samsyn.web.tabular import TabularError, load_json

MEMBER_KINDS = ("state", "region", "kommun")
INTERVENTION_KINDS = ("individual", "structural")
GOAL_METRICS = (
    "participants_new",
    "participants_active",
    "participants_exited",
    "exit_work_or_studies_share",
    "step_progression_share",
    "share_women_new",
    "other",
)
GOAL_UNITS = ("count", "percent")
COMPARISONS = ("at_least", "at_most")


MAX_INTEGER = 2**31 - 1
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class AssociationFileError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class MemberSpec:
    path: str
    name: str
    kind: str
    pays: bool
    population: dict[dt.date, int]
    code: str = ""  # SCB's kommunkod, for fetching the population from Kolada


@dataclass
class TargetGroupSpec:
    path: str
    name: str
    age_min: int | None
    age_max: int | None
    description: str


@dataclass
class GoalSpec:
    path: str
    name: str
    metric: str
    target: Decimal
    unit: str
    comparison: str
    year: int | None


@dataclass
class InterventionSpec:
    path: str
    slug: str
    name: str
    kind: str
    start: dt.date
    end: dt.date | None
    run_by: str | None
    municipalities: list[str]
    target_groups: list[str]
    esf_funded: bool
    description: str
    usual_duration_days: int | None
    public: bool
    catalog: dict[str, str]
    goals: list[GoalSpec]
    # Uppföljning Finsam's classification, by the code lists' codes (checked against the lists
    # when the file is applied); only the fields the file names: what it leaves out keeps what
    # was typed in Samsyn.
    classification: dict[str, Any] = field(default_factory=dict)
    # The goals in words ("Insatsens mål"), one a line.
    aims: str = ""
    # The financing of a project from outside the förbund (000 9: ESF, its sum and period),
    # as the model's external_* fields; only those the file names, as the classification.
    external: dict[str, Any] = field(default_factory=dict)


# The classification fields of an insats in the file, as text (the list of codes apart).
CLASSIFICATION_TEXTS = ("precise_orientation", "followup_method", "esf_programme",
                        "target_group_text")


@dataclass
class ActivitySpec:
    path: str
    name: str
    description: str


@dataclass
class PlanGoalSpec:
    path: str
    name: str
    description: str
    activities: list[ActivitySpec]


@dataclass
class FocusAreaSpec:
    path: str
    name: str
    description: str
    goals: list[PlanGoalSpec]
    # The area's activities under none of its goals ("activities" beside "goals"; a file
    # written before they could stand alone has none).
    activities: list[ActivitySpec] = field(default_factory=list)


@dataclass
class PlanSpec:
    path: str
    year: int
    title: str
    decided: dt.date | None
    focus_areas: list[FocusAreaSpec]
    # Whether the plan describes its insatser in words; None where the file does not say,
    # so what was chosen in Samsyn stays.
    describes_interventions: bool | None = None


@dataclass
class AssociationSpec:
    slug: str
    name: str
    org_number: str
    settings: dict[str, Any]
    members: list[MemberSpec] = field(default_factory=list)
    target_groups: list[TargetGroupSpec] = field(default_factory=list)
    interventions: list[InterventionSpec] = field(default_factory=list)
    plans: list[PlanSpec] = field(default_factory=list)


SETTINGS_DECIMALS = ("state_share", "region_share", "municipal_share")
SETTINGS_INTEGERS = ("suppression_threshold", "retention_years", "survey_min_answers")
# The län codes of models.County (a test keeps the two equal); this module stays free of the ORM.
COUNTY_CODES = ("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17",
                "18", "19", "20", "21", "22", "23", "24", "25")
CATALOG_FIELDS = ("offers", "audience", "referral", "contact")


class _Reader:
    """Collects every fault rather than stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, _("must be an object"))
            return {}
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(f"{path}{key}", _("must be a list"))
            return []
        return value

    def text(
        self, data: dict[str, Any], key: str, path: str, *, required: bool = False
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"{path}{key}", _("is required"))
            return ""
        if not isinstance(value, str):
            self.fail(f"{path}{key}", _("must be text, not %(value)s") % {"value": _json(value)})
            return ""
        if "\x00" in value:
            self.fail(f"{path}{key}", _("must not hold a NUL character"))
            return ""
        return value.strip()

    def choice(self, data: dict[str, Any], key: str, path: str, choices: tuple[str, ...],
               default: str | None = None) -> str:
        value = self.text(data, key, path, required=default is None)
        if not value:
            return default or ""
        if value not in choices:
            self.fail(f"{path}{key}", _("%(value)s is not one of %(choices)s")
                      % {"value": _json(value), "choices": ", ".join(choices)})
        return value

    def boolean(self, data: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}{key}", _("must be true or false"))
            return default
        return value

    def integer(self, data: dict[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INTEGER:
            self.fail(f"{path}{key}", _("%(value)s is not a whole number up to %(max)s")
                      % {"value": _json(value), "max": MAX_INTEGER})
            return None
        return value

    def decimal(self, data: dict[str, Any], key: str, path: str, *,
                required: bool = False) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"{path}{key}", _("is required"))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int) or len(str(value)) > 30:
            self.fail(f"{path}{key}",
                      _("must be a number written as text, e.g. \"65\" or \"0.25\""))
            return None
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            self.fail(f"{path}{key}", _("%(value)s is not a number") % {"value": _json(value)})
            return None
        if not number.is_finite() or abs(number.adjusted()) > 15:
            self.fail(f"{path}{key}", _("%(value)s is not a number") % {"value": _json(value)})
            return None
        return number

    def date(self, value: Any, path: str, *, required: bool = False) -> dt.date | None:
        if value is None or value == "":
            if required:
                self.fail(path, _("is required"))
            return None
        if not isinstance(value, str):
            self.fail(path, _("must be a date written as YYYY-MM-DD"))
            return None
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(path, _("%(value)s is not a date written as YYYY-MM-DD")
                      % {"value": _json(value)})
            return None
        if not 1900 <= day.year <= 2100:
            self.fail(path, _("%(value)s is not a date between 1900 and 2100")
                      % {"value": _json(value)})
            return None
        return day

    def unique(self, names: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for name in names:
            if name in seen:
                self.fail(path, _("%(name)s appears twice") % {"name": _json(name)})
            seen.add(name)


def _json(value: Any) -> str:
    """A value as a message repeats it: as JSON, and short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:60] + "…"


def _label(path: str, index: int, name: str) -> str:
    return f"{path}[{index}] ({name})" if name else f"{path}[{index}]"


def parse_association(data: Any) -> AssociationSpec:
    r = _Reader()
    root = r.obj(data, "file")
    if r.errors:
        raise AssociationFileError(r.errors)
    spec = AssociationSpec(
        slug=r.text(root, "slug", "", required=True),
        name=r.text(root, "name", "", required=True),
        org_number=r.text(root, "org_number", ""),
        settings={},
    )
    if "county" in root:
        spec.settings["county"] = r.choice(root, "county", "", COUNTY_CODES)
    settings = r.obj(root.get("settings", {}), "settings")
    for key in settings:
        if key not in SETTINGS_DECIMALS + SETTINGS_INTEGERS:
            r.fail(f"settings.{key}", _("is not a known setting"))
    for key in SETTINGS_DECIMALS:
        number = r.decimal(settings, key, "settings.")
        if number is not None:
            spec.settings[key] = number
    for key in SETTINGS_INTEGERS:
        whole = r.integer(settings, key, "settings.")
        if whole is not None:
            spec.settings[key] = whole

    for i, raw in enumerate(r.items(root, "members", "")):
        item = r.obj(raw, f"members[{i}]")
        name = r.text(item, "name", f"members[{i}].", required=True)
        path = _label("members", i, name)
        population: dict[dt.date, int] = {}
        for when, count in r.obj(item.get("population", {}), f"{path}.population").items():
            day = r.date(when, f"{path}.population.{when}")
            if isinstance(count, bool) or not isinstance(count, int) \
                    or not 0 <= count <= MAX_INTEGER:
                r.fail(f"{path}.population.{when}", _("%(value)s is not a population count")
                       % {"value": _json(count)})
            elif day is not None:
                population[day] = count
        code = r.text(item, "code", f"{path}.")
        if code and not (len(code) == 4 and code.isascii() and code.isdigit()):
            r.fail(f"{path}.code", _("%(value)s is not a kommunkod of four digits")
                   % {"value": _json(code)})
        spec.members.append(MemberSpec(
            path=path, name=name,
            kind=r.choice(item, "kind", f"{path}.", MEMBER_KINDS),
            pays=r.boolean(item, "pays", f"{path}.", True),
            population=population, code=code,
        ))
    r.unique([m.name for m in spec.members], "members", "member")
    member_kinds = {m.name: m.kind for m in spec.members}

    for i, raw in enumerate(r.items(root, "target_groups", "")):
        item = r.obj(raw, f"target_groups[{i}]")
        name = r.text(item, "name", f"target_groups[{i}].", required=True)
        path = _label("target_groups", i, name)
        spec.target_groups.append(TargetGroupSpec(
            path=path, name=name,
            age_min=r.integer(item, "age_min", f"{path}."),
            age_max=r.integer(item, "age_max", f"{path}."),
            description=r.text(item, "description", f"{path}."),
        ))
    r.unique([t.name for t in spec.target_groups], "target_groups", "target group")
    group_names = {t.name for t in spec.target_groups}

    for i, raw in enumerate(r.items(root, "interventions", "")):
        spec.interventions.append(_intervention(r, raw, i, member_kinds, group_names))
    r.unique([s.slug for s in spec.interventions], "interventions", "slug")

    for i, raw in enumerate(r.items(root, "plans", "")):
        spec.plans.append(_plan(r, raw, i))
    r.unique([str(p.year) for p in spec.plans], "plans", "year")

    for key in root:
        if key not in {"slug", "name", "org_number", "county", "settings", "members",
                       "target_groups", "interventions", "plans"}:
            r.fail(key[:60], _("is not a known field"))
    if r.errors:
        raise AssociationFileError(r.errors)
    return spec


def _intervention(r: _Reader, raw: Any, i: int, member_kinds: dict[str, str],
                  group_names: set[str]) -> InterventionSpec:
    item = r.obj(raw, f"interventions[{i}]")
    slug = r.text(item, "slug", f"interventions[{i}].", required=True)
    path = _label("interventions", i, slug)
    p = f"{path}."
    run_by = r.text(item, "run_by", p) or None
    if run_by is not None and run_by not in member_kinds:
        r.fail(f"{p}run_by", _("%(value)s is not a member in this file")
               % {"value": _json(run_by)})
    municipalities = r.items(item, "municipalities", p)
    for name in municipalities:
        if not isinstance(name, str) or member_kinds.get(name) != "kommun":
            r.fail(f"{p}municipalities", _("%(value)s is not a kommun member in this file")
                   % {"value": _json(name)})
    groups = r.items(item, "target_groups", p)
    for name in groups:
        if not isinstance(name, str) or name not in group_names:
            r.fail(f"{p}target_groups", _("%(value)s is not a target group in this file")
                   % {"value": _json(name)})
    catalog = r.obj(item.get("catalog", {}), f"{p}catalog")
    for key in catalog:
        if key not in CATALOG_FIELDS:
            r.fail(f"{p}catalog.{key[:60]}", _("is not one of %(choices)s")
                   % {"choices": ", ".join(CATALOG_FIELDS)})
    goals = []
    for j, raw_goal in enumerate(r.items(item, "goals", p)):
        goal = r.obj(raw_goal, f"{p}goals[{j}]")
        name = r.text(goal, "name", f"{p}goals[{j}].", required=True)
        gp = f"{_label(f'{p}goals', j, name)}."
        goals.append(GoalSpec(
            path=gp[:-1], name=name,
            metric=r.choice(goal, "metric", gp, GOAL_METRICS),
            target=r.decimal(goal, "target", gp, required=True) or Decimal(0),
            unit=r.choice(goal, "unit", gp, GOAL_UNITS),
            comparison=r.choice(goal, "comparison", gp, COMPARISONS, default="at_least"),
            year=r.integer(goal, "year", gp),
        ))
    r.unique([g.name for g in goals], f"{p}goals", "goal")
    classification: dict[str, Any] = {
        key: r.text(item, key, p) for key in CLASSIFICATION_TEXTS if key in item}
    if "target_group_codes" in item:
        codes = r.items(item, "target_group_codes", p)
        for code in codes:
            if not isinstance(code, str) or not code.strip():
                r.fail(f"{p}target_group_codes", _("%(value)s is not a code (text)")
                       % {"value": _json(code)})
        classification["target_group_codes"] = [c.strip() for c in codes
                                                 if isinstance(c, str) and c.strip()]
    aims = [line.strip() for line in r.items(item, "aims", p)
            if isinstance(line, str) and line.strip()]
    for n, line in enumerate(r.items(item, "aims", p)):
        if not isinstance(line, str):
            r.fail(f"{p}aims[{n}]", _("%(value)s is not a text") % {"value": _json(line)})
    external: dict[str, Any] = {}
    if "external_financier" in item:
        external["external_financier"] = r.text(item, "external_financier", p)
    if "external_amount" in item:
        external["external_amount"] = r.decimal(item, "external_amount", p)
    for key in ("external_start", "external_end"):
        if key in item:
            external[key] = r.date(item.get(key), f"{p}{key}")
    return InterventionSpec(
        path=path, slug=slug,
        name=r.text(item, "name", p, required=True),
        kind=r.choice(item, "kind", p, INTERVENTION_KINDS),
        start=r.date(item.get("start"), f"{p}start", required=True) or dt.date.min,
        end=r.date(item.get("end"), f"{p}end"),
        run_by=run_by,
        municipalities=[m for m in municipalities if isinstance(m, str)],
        target_groups=[g for g in groups if isinstance(g, str)],
        esf_funded=r.boolean(item, "esf_funded", p, False),
        description=r.text(item, "description", p),
        usual_duration_days=r.integer(item, "usual_duration_days", p),
        public=r.boolean(item, "public", p, False),
        catalog={key: r.text(catalog, key, f"{p}catalog.") for key in CATALOG_FIELDS},
        goals=goals, classification=classification,
        aims="\n".join(aims), external=external,
    )


def _activities(r: _Reader, parent: dict[str, Any], path: str) -> list[ActivitySpec]:
    """The "activities" of a goal or of a focus area (those under none of its goals)."""
    activities = []
    for m, raw_act in enumerate(r.items(parent, "activities", f"{path}.")):
        act = r.obj(raw_act, f"{path}.activities[{m}]")
        aname = r.text(act, "name", f"{path}.activities[{m}].", required=True)
        actp = _label(f"{path}.activities", m, aname)
        activities.append(ActivitySpec(
            path=actp, name=aname, description=r.text(act, "description", f"{actp}.")
        ))
    r.unique([a.name for a in activities], f"{path}.activities", "activity")
    return activities


def _plan(r: _Reader, raw: Any, i: int) -> PlanSpec:
    item = r.obj(raw, f"plans[{i}]")
    year = r.integer(item, "year", f"plans[{i}].")
    if year is None:
        r.fail(f"plans[{i}].year", _("is required"))
    path = _label("plans", i, str(year or ""))
    areas = []
    for j, raw_area in enumerate(r.items(item, "focus_areas", f"{path}.")):
        area = r.obj(raw_area, f"{path}.focus_areas[{j}]")
        name = r.text(area, "name", f"{path}.focus_areas[{j}].", required=True)
        ap = _label(f"{path}.focus_areas", j, name)
        goals = []
        for k, raw_goal in enumerate(r.items(area, "goals", f"{ap}.")):
            goal = r.obj(raw_goal, f"{ap}.goals[{k}]")
            gname = r.text(goal, "name", f"{ap}.goals[{k}].", required=True)
            gp = _label(f"{ap}.goals", k, gname)
            goals.append(PlanGoalSpec(
                path=gp, name=gname, description=r.text(goal, "description", f"{gp}."),
                activities=_activities(r, goal, gp),
            ))
        r.unique([g.name for g in goals], f"{ap}.goals", "goal")
        areas.append(FocusAreaSpec(
            path=ap, name=name, description=r.text(area, "description", f"{ap}."), goals=goals,
            activities=_activities(r, area, ap),
        ))
    r.unique([a.name for a in areas], f"{path}.focus_areas", "focus area")
    return PlanSpec(
        path=path, year=year or 0, title=r.text(item, "title", f"{path}."),
        decided=r.date(item.get("decided"), f"{path}.decided"),
        focus_areas=areas,
        describes_interventions=(r.boolean(item, "describes_interventions", f"{path}.", False)
                                 if "describes_interventions" in item else None),
    )


def read_association_file(path: Path) -> AssociationSpec:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AssociationFileError([f"{path}: " + _("cannot be read (%(reason)s)")
                                    % {"reason": exc.strerror}]) from exc
    try:
        loaded = load_json(data)
    except TabularError as exc:
        raise AssociationFileError([f"{path}: {exc}"]) from None
    return parse_association(loaded)
