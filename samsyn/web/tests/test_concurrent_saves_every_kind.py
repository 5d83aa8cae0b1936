"""Two people saving the same row at the same moment, for every record kind with a version:
both read one version, both save from it in threads of their own (each its own database
connection, as two requests are), and exactly one is saved; the other is refused as a
Conflict (the pages answer 409 with what changed, web/tests/test_conflicts.py), never both,
never a database error. Run on PostgreSQL too (DATABASE_URL=postgres://...): there the
writers really overlap, and a lock that does not hold shows as two saves or an
IntegrityError."""

import datetime as dt
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections

from samsyn.associations import services as associations
from samsyn.associations.writes import Actor, Conflict
from samsyn.finance import services as finance
from samsyn.finance.models import FinanceSettings
from samsyn.interventions import services as interventions
from samsyn.participants import services as participants
from samsyn.participants.models import ReferrerCode
from samsyn.reports import writes as reports
from samsyn.reports.models import Decision, ReportText
from samsyn.surveys import services as surveys
from samsyn.testing import make_world

D = dt.date


def _race(save: Callable[[str], Any], values: tuple[str, str]) -> dict[str, str]:
    """Runs save(value) for both values at once; what each got."""
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def one(value: str) -> None:
        try:
            start.wait()
            # SQLite's shared in-memory test database refuses a second writer at once
            # ("table is locked") where a file database waits: try again, as a person would.
            for _attempt in range(40):
                try:
                    save(value)
                except Conflict:
                    outcomes[value] = "conflict"
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        outcomes[value] = f"error: {exc}"
                        break
                    time.sleep(0.05)
                    continue
                except ValidationError as exc:
                    outcomes[value] = f"refused: {' '.join(exc.messages)}"
                except Exception as exc:  # any other error is the finding
                    outcomes[value] = f"error: {type(exc).__name__}: {exc}"
                else:
                    outcomes[value] = "saved"
                break
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(v,)) for v in values]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


# Each kind: the row of the world, the service, the field, and two values to save.
def _kinds(world: Any) -> dict[str, tuple[Any, Callable[..., Any], str, tuple[Any, Any]]]:
    x = world.extra
    settings, _created = FinanceSettings.objects.get_or_create(association=world.association)
    return {
        "participation": (x["participation"], participants.save_participation, "birth_year",
                          (1992, 1993)),
        "intervention": (world.intervention, interventions.save_intervention, "name",
                         ("Vägen framåt", "Vägen fram")),
        "member": (world.members["kommun"], associations.save_member, "name",
                   ("Alfa stad", "Alfa tätort")),
        "population": (world.population, associations.save_population, "count",
                       (97000, 98000)),
        "membership": (world.memberships["board"], associations.save_membership, "role",
                       ("staff", "analyst")),
        "association": (world.association, associations.save_association, "name",
                        ("Finsam alfa", "Alfa finsam")),
        "target group": (world.target_group, interventions.save_target_group, "name",
                         ("Unga", "Vuxna")),
        "intervention group": (x["intervention_group"], interventions.save_intervention_group,
                               "name", ("Grupp ett", "Grupp två")),
        "goal": (world.goal, interventions.save_goal, "name", ("Andel i arbete", "I arbete")),
        "plan": (world.plan, interventions.save_plan_year, "title", ("Plan A", "Plan B")),
        "focus area": (world.focus_area, interventions.save_focus_area, "name",
                       ("Individen", "Strukturen")),
        "plan goal": (world.plan_goal, interventions.save_plan_goal, "name",
                      ("Fler i arbete", "Fler i studier")),
        "activity": (world.activity, interventions.save_activity, "name",
                     ("Finansiera", "Samverka")),
        "budget line": (x["budget_line"], finance.save_budget_line, "amount",
                        (Decimal(610000), Decimal(620000))),
        "contribution": (x["contributions"][0], finance.save_contribution, "invoiced",
                         (Decimal(500000), Decimal(510000))),
        "finance year": (world.association.finance_years.get(year=2022),
                         finance.save_finance_year, "opening_equity",
                         (Decimal(250000), Decimal(260000))),
        # Its two fields have two choices each: each writer changes another one.
        "finance settings": (settings, finance.save_finance_settings, "",
                             ({"account_plan": "kommun-bas"}, {"esf_presentation": "net"})),
        "referrer": (x["referrer"], participants.save_referrer_code, "label", ("KAA", "AF")),
        "stated figure": (x["stated"], participants.save_stated_figure, "value", (125, 130)),
    }


KINDS = ["participation", "intervention", "member", "population", "membership",
         "association", "target group", "intervention group", "goal", "plan", "focus area",
         "plan goal", "activity", "budget line", "contribution", "finance year",
         "finance settings", "referrer", "stated figure"]


@pytest.mark.parametrize("kind", KINDS)
def test_of_two_saves_from_one_version_at_once_exactly_one_is_kept(transactional_db, kind):
    world = make_world("alfa")
    row, service, field, values = _kinds(world)[kind]
    model, pk, version = type(row), row.pk, row.version
    actor = Actor.system(world.association)

    changes = {label: value if isinstance(value, dict) else {field: value}
               for label, value in zip("ab", values, strict=True)}

    def save(label: str) -> None:
        mine = model.objects.get(pk=pk)
        for name, value in changes[label].items():
            setattr(mine, name, value)
        service(actor, mine, version=version)

    outcomes = _race(save, ("a", "b"))
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    stored = model.objects.get(pk=pk)
    winner = changes[next(label for label, outcome in outcomes.items() if outcome == "saved")]
    assert {name: getattr(stored, name) for name in winner} == winner
    assert stored.version == version + 1


@pytest.mark.parametrize("model", [ReportText, Decision])
def test_two_people_writing_a_reports_first_text_at_once_get_one_row_and_one_conflict(
        transactional_db, model):
    """The row does not exist yet, so there is no row to lock: both may find the place free
    and insert, and the unique constraint refuses the second."""
    world = make_world("alfa")
    actor = Actor.system(world.association)
    field = "foreword" if model is ReportText else "statement"
    save = reports.save_report_text if model is ReportText else reports.save_decision

    def write(value: str) -> None:
        row = model(association=world.association, kind="annual-report", year=2022)
        if model is Decision:
            row.decided = D(2023, 3, 1)
        setattr(row, field, value)
        save(actor, row, version=None)

    outcomes = _race(write, ("Förord ett", "Förord två"))
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    assert model.objects.filter(association=world.association).count() == 1


def test_two_saves_of_a_rounds_published_results_at_once_keep_one(transactional_db):
    world = make_world("alfa")
    round = world.extra["survey_round"]
    code = round.template.questions.filter(kind="scale").order_by("order").first().code
    seen = surveys.published_as_shown(round)

    def save(value: str) -> None:
        surveys.save_published(round, int(value), 40, {code: {
            "negative": None, "neither": None, "positive": Decimal(90),
            "clearly_positive": None}}, seen=seen)

    outcomes = _race(save, ("31", "32"))
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    round.refresh_from_db()
    assert str(round.published_answers) == next(v for v, o in outcomes.items() if o == "saved")


def test_two_saves_of_a_months_counts_at_once_keep_one(transactional_db):
    world = make_world("alfa")
    insats = world.intervention
    insats.aggregate_only = True
    insats.save()
    actor = Actor.system(world.association)

    def save(value: str) -> None:
        participants.save_monthly_count(actor, insats, D(2023, 3, 1),
                                        {("new", "kvinna", "af"): int(value)}, seen={})

    outcomes = _race(save, ("4", "6"))
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    kept = participants.month_counts(insats, D(2023, 3, 1))
    assert kept == {("new", "kvinna", "af"): int(next(v for v, o in outcomes.items()
                                                      if o == "saved"))}


def test_two_people_adding_the_same_referrer_code_at_once_get_one_row_and_a_swedish_refusal(
        transactional_db):
    """A new row has nothing to lock: the unique constraint decides, and the second is told
    in the form's words, not given a database error."""
    world = make_world("alfa")
    actor = Actor.system(world.association)

    def add(label: str) -> None:
        participants.save_referrer_code(actor, ReferrerCode(
            association=world.association, code="kaa-ny", label=label, category="kommun"))

    outcomes = _race(add, ("KAA", "Aktivitetsansvaret"))
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["refused", "saved"], outcomes
    refused = next(o for o in outcomes.values() if o.startswith("refused"))
    assert "finns redan" in refused
    assert ReferrerCode.objects.filter(association=world.association, code="kaa-ny").count() == 1
