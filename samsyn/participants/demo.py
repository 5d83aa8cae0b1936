"""Demo participant figures for the förbund whose documents give them (002 1.1 and Bilaga 1).

The documents give counts, never people, so the demo holds counts: each insats's figures for
the year as aggregate counts (MonthlyCount over the whole year) and the förbund's own totals
as stated figures. Idempotent: a second load finds every row in place.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from samsyn.associations.models import Association
from samsyn.associations.writes import Actor
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    ReferralCount,
    ReferrerCode,
    StatedCount,
    StatedFigure,
)
from samsyn.participants.queries import records_changed
from samsyn.participants.services import pseudonymiser, save_stated_count

DEMO_DIR = Path(__file__).resolve().parent / "demo"
# Earlier demos made up people with these local codes; an upgraded demo database drops them.
_OLD_TEAMS = ("ungdomsteamet-haninge", "ung-i-tyreso", "ung-i-nynas")
_OLD_PEOPLE = 200


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    year = int(data["year"])
    with transaction.atomic():
        for referrer in data["referrers"]:
            ReferrerCode.objects.get_or_create(
                association=association, code=referrer["code"],
                defaults={"label": referrer["label"], "category": referrer["category"]})
        dropped = _drop_made_up_people(association)
        added = sum(_counts(association, slug, held, year)
                    for slug, held in data["counts"].items())
        added += _stated(association, data["stated"], year)
        added += _stated_other(association, data.get("stated_other", {}))
        added += _referrals(association, data.get("referrals"), year)
        added += _stated_counts(association, data.get("stated_counts", {}))
        if added or dropped:
            records_changed(association)
    if not (added or dropped):
        return ["participants: already up to date"]
    return [f"participants: {added} counts added" + (f", {dropped} made-up people removed"
                                                     if dropped else "")]


def _drop_made_up_people(association: Association) -> int:
    pseudonym = pseudonymiser(association)
    codes = [pseudonym(f"DEMO-{team}-{i}") for team in _OLD_TEAMS
             for i in range(1, _OLD_PEOPLE + 1)]
    found = Participant.objects.filter(association=association, pseudonym__in=codes)
    dropped = found.count()
    if dropped:
        found.delete()
    return dropped


def _counts(association: Association, slug: str, held: dict[str, Any], year: int) -> int:
    intervention = association.interventions.get(slug=slug)
    kommuner = {m.name: m for m in association.members.all()}
    added = 0
    for kind, gender, split, count in held["rows"]:
        kommun = split.get("kommun", held.get("kommun"))
        _row, made = MonthlyCount.objects.get_or_create(
            intervention=intervention, month=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31), kind=kind, gender=gender,
            referrer_category=split.get("referrer", ""), exit_reason=split.get("reason", ""),
            municipality=kommuner[kommun] if kommun else None, age_group="",
            defaults={"count": count})
        added += made
    return added


def _stated(association: Association, stated: dict[str, Any], year: int) -> int:
    added = 0
    for figure in stated["figures"]:
        _row, made = StatedFigure.objects.get_or_create(
            association=association, group=None, period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31), measure=figure["measure"],
            gender=figure["gender"],
            defaults={"value": figure["value"], "source": stated["source"]})
        added += made
    return added


def _stated_other(association: Association, stated: dict[str, Any]) -> int:
    """Figures stated for another year, or for a group of insatser only (1.1's 416 new in
    2021, the youth teams' 313 active)."""
    added = 0
    for figure in stated.get("figures", []):
        group = (association.intervention_groups.get(name=figure["group"])
                 if figure.get("group") else None)
        y = int(figure["year"])
        _row, made = StatedFigure.objects.get_or_create(
            association=association, group=group, period_start=dt.date(y, 1, 1),
            period_end=dt.date(y, 12, 31), measure=figure["measure"], gender=figure["gender"],
            defaults={"value": figure["value"], "source": figure["source"]})
        added += made
    return added


def _referrals(association: Association, held: dict[str, Any] | None, year: int) -> int:
    """Resursrådet's 141 referrals of the year by gender and kommun (not participants)."""
    if not held:
        return 0
    intervention = association.interventions.get(slug=held["intervention"])
    kommuner = {m.name: m for m in association.members.all()}
    added = 0
    for gender, kommun, count in held["rows"]:
        _row, made = ReferralCount.objects.get_or_create(
            intervention=intervention, period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31), municipality=kommuner[kommun], gender=gender,
            defaults={"count": count})
        added += made
    return added


def _stated_counts(association: Association, held: dict[str, Any]) -> int:
    """Tables an insats's document stated in a split or over a period the counts do not
    carry (002: the youth teams' own referrers, SamMA's project period, the regional MIA
    Vidare). Each row is [label, cells by column, the row's total]; a row labelled "" is the
    table's total row, a column [label, national category]."""
    added = 0
    actor = Actor.system(association)
    for table in held.get("tables", []):
        intervention = association.interventions.get(slug=table["intervention"])
        start, end = (dt.date.fromisoformat(d) for d in table["period"])
        for r, (row, cells, total) in enumerate(table["rows"]):
            placed = [(c, label, category, value) for c, ((label, category), value)
                      in enumerate(zip(table["columns"], cells, strict=True))]
            if total is not None:   # shares of a count stated in another row's total
                placed.append((len(cells), "", "", total))
            for c, column, category, value in placed:
                key = {"intervention": intervention, "period_start": start,
                       "period_end": end, "measure": table["measure"],
                       "scope": table.get("scope", ""), "title": table["title"], "row": row,
                       "column": column}
                if StatedCount.objects.filter(**key).exists():
                    continue
                # Through the one write path, as the kansli's page writes it: validated,
                # checked against the signed-off periods and logged.
                save_stated_count(actor, StatedCount(
                    **key, category=category, value=value, source=table["source"],
                    position=r * 100 + c))
                added += 1
    return added
