"""The economy of the demo förbund, as the seed documents state it (samsyn/finance/demo/*.json).

Lines are [year, scenario, category, target, kronor] or, for an insats budgeted in named parts
(002 2.6.4's "Vuxteam Haninge" and "Vuxteam Tyresö"), [..., kronor, the part's text]; the target
is a member's name for a contribution, an insats' slug where the förbund has that insats, and
the line's text otherwise. `retired_lines`, in the same form, are lines an earlier demo held
that a finer split replaced; loading deletes them where they are.
Figures are stored as typed in the documents, so where those do not add up the pages say so.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from samsyn.associations.models import Association
from samsyn.associations.writes import Actor
from samsyn.finance import sie_import
from samsyn.finance.models import (
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    Contribution,
    ContributionYear,
    FinanceYear,
    ManagementGoal,
    ObjectRule,
    SieImport,
    TypedBudgetFigure,
)
from samsyn.finance.services import save_budget_history_figure

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        changed = _years(association, data.get("years", {}))
        changed += _retire(association, data.get("retired_lines", []))
        changed += _contributions(association, data.get("contributions", []))
        changed += _lines(association, data.get("lines", []))
        changed += _typed(association, data.get("typed_sums", []))
        changed += _rules(association, data.get("account_rules", []),
                          data.get("object_rules", []))
        changed += _bookkeeping(association, data.get("sie", []))
        changed += _goals(association, data.get("management_goals", []))
        changed += _history(association, data.get("budget_history", []))
    return [f"economy: {changed} changes" if changed else "economy: already up to date"]


def _goals(association: Association, goals: list[dict[str, Any]]) -> int:
    """The förbund's goals for sound financial management, in the order given."""
    changed = 0
    for order, item in enumerate(goals):
        values = {"measure": item["measure"], "target": Decimal(item["target"]),
                  "order": order, "first_year": item.get("first_year"),
                  "last_year": item.get("last_year")}
        current = ManagementGoal.objects.filter(association=association,
                                                goal=item["goal"]).first()
        if current and all(getattr(current, k) == v for k, v in values.items()):
            continue
        ManagementGoal.objects.update_or_create(association=association, goal=item["goal"],
                                                defaults=values)
        changed += 1
    return changed


def _history(association: Association, figures: list[dict[str, Any]]) -> int:
    """The budget's history as a plan states it, in the plan's order, and the lines'
    earlier budgets its table per insats states (with a category, and an insats's slug or
    the line's text)."""
    changed = 0
    actor = Actor.system(association)
    interventions = {i.slug: i for i in association.interventions.all()}
    for order, item in enumerate(figures):
        slug = item.get("intervention")
        key = {"association": association, "stated_in": item["stated_in"],
               "year": item["year"], "text": item["text"],
               "category": item.get("category", ""),
               "intervention": interventions[slug] if slug else None}
        values = {"amount": Decimal(item["amount"]), "order": order}
        current = BudgetHistoryFigure.objects.filter(**key).first()
        if current and all(getattr(current, k) == v for k, v in values.items()):
            continue
        figure = current or BudgetHistoryFigure(**key)
        for name, value in values.items():
            setattr(figure, name, value)
        # Through the one write path, as the kansli's page writes it: validated, checked
        # against the signed-off periods and logged.
        save_budget_history_figure(actor, figure)
        changed += 1
    return changed


def _years(association: Association, years: dict[str, Any]) -> int:
    changed = 0
    for year, values in years.items():
        defaults: dict[str, Any] = {k: v if k == "employees" else Decimal(v)
                                    for k, v in values.items()}
        current = FinanceYear.objects.filter(association=association, year=int(year)).first()
        if current and all(getattr(current, k) == v for k, v in defaults.items()):
            continue
        FinanceYear.objects.update_or_create(association=association, year=int(year),
                                             defaults=defaults)
        changed += 1
    return changed


def _contributions(association: Association, entries: list[dict[str, Any]]) -> int:
    members = {m.name: m for m in association.members.all()}
    changed = 0
    for entry in entries:
        decided = dt.date.fromisoformat(entry["decided"]) if entry.get("decided") else None
        year, created = ContributionYear.objects.get_or_create(
            association=association, year=entry["year"],
            defaults={"total": Decimal(entry["total"]), "decided": decided},
        )
        changed += created
        for name, amount in entry["members"].items():
            _row, made = Contribution.objects.get_or_create(
                contribution_year=year, member=members[name],
                defaults={"amount": Decimal(amount)},
            )
            changed += made
    return changed


def _retire(association: Association, rows: list[list[Any]]) -> int:
    """Lines an earlier demo held that a finer split replaced (000's plans per kind became
    per insats): loading never deletes otherwise, so without this a database loaded before
    would count the old line and its parts twice."""
    members = {m.name: m for m in association.members.all()}
    interventions = {i.slug: i for i in association.interventions.all()}
    changed = 0
    for year, scenario, category, target, amount, *part in rows:
        fields = _line_fields(association, members, interventions,
                              [year, scenario, category, target], part)
        found = BudgetLine.objects.filter(**fields, amount=Decimal(amount))
        if not part and "intervention" in fields:
            found = found.filter(label="")
        changed += found.delete()[0]
    return changed


def _line_fields(association: Association, members: dict[str, Any],
                 interventions: dict[str, Any], row: list[Any],
                 part: list[str]) -> dict[str, Any]:
    year, scenario, category, target = row
    fields: dict[str, Any] = {"association": association, "year": year,
                              "scenario": scenario, "category": category}
    if category == "contribution":
        fields["member"] = members[target]
    elif target in interventions:
        fields["intervention"] = interventions[target]
        if part:
            fields["label"] = part[0]
    else:
        fields["label"] = target
    return fields


def _lines(association: Association, rows: list[list[Any]]) -> int:
    members = {m.name: m for m in association.members.all()}
    interventions = {i.slug: i for i in association.interventions.all()}
    changed = 0
    for year, scenario, category, target, amount, *part in rows:
        fields = _line_fields(association, members, interventions,
                              [year, scenario, category, target], part)
        if part and "intervention" in fields:
            # A demo loaded before the line had its part gets the part, not a second line.
            changed += BudgetLine.objects.filter(**{**fields, "label": ""},
                                                 amount=Decimal(amount)).update(label=part[0])
        _line, created = BudgetLine.objects.get_or_create(
            **fields, amount=Decimal(amount),
        )
        changed += created
    return changed


def _typed(association: Association, rows: list[list[Any]]) -> int:
    """The sums as the document typed them: [year, scenario, measure, kronor, where], and
    for a figure on one line of a table [..., where, the line as printed]."""
    changed = 0
    for year, scenario, measure, amount, source, *line in rows:
        at = {"association": association, "year": year, "scenario": scenario,
              "measure": measure, "line": line[0] if line else ""}
        current = TypedBudgetFigure.objects.filter(**at).first()
        if current and current.amount == Decimal(amount) and current.source == source:
            continue
        TypedBudgetFigure.objects.update_or_create(
            **at, defaults={"amount": Decimal(amount), "source": source})
        changed += 1
    return changed


def _rules(association: Association, accounts: list[list[Any]],
           objects: list[list[str]]) -> int:
    members = {m.name: m for m in association.members.all()}
    interventions = {i.slug: i for i in association.interventions.all()}
    changed = 0
    for first, last, category, member in accounts:
        _rule, created = AccountRule.objects.get_or_create(
            association=association, first_account=first, last_account=last,
            category=category, member=members[member] if member else None,
        )
        changed += created
    for dimension, code, slug in objects:
        _object, created = ObjectRule.objects.get_or_create(
            association=association, dimension=dimension, code=code,
            defaults={"intervention": interventions[slug]},
        )
        changed += created
    return changed


def _bookkeeping(association: Association, files: list[str]) -> int:
    """The SIE files built from the årsredovisning, imported as a kansli would import them."""
    changed = 0
    for name in files:
        path = DEMO_DIR / name
        data = path.read_bytes()
        preview = sie_import.read(association, data, path.name)
        if SieImport.objects.filter(association=association, year=preview.year,
                                    sha256=preview.sha256).exists():
            continue
        sie_import.store(association, preview)
        changed += 1
    return changed
