"""The attacker (tests/attack/) against the published participant figures.

The attacker knows only what is published and what the figures mean; from every view a role
may download it works out, by integer programming, the least and greatest value of each hidden
cell. A count from 1 to threshold − 1 is protected when its interval holds both 0 and the
threshold (docs/participants.md, "Publication").
"""

import datetime as dt
import random

import pytest

from samsyn.participants.tests.attack import cells, solve
from samsyn.publication.periods import (
    DEFAULT_KINDS,
    HALF,
    MONTH,
    TERTIAL,
    TO_AUGUST,
    YEAR,
    linked_suppress,
    links,
    nested,
    standard_periods,
)

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

T = 5
MONTHS = frozenset({MONTH, HALF, YEAR})
TERTIALS = frozenset({TERTIAL, TO_AUGUST, YEAR})
GENDERS = ("kvinna", "man", "ej_angett")


def _plain_world(seed: int, insatser: int = 3) -> list[tuple[str, str, dt.date, dt.date | None]]:
    rng = random.Random(seed)
    found = []
    for i in range(insatser):
        for _n in range(rng.randint(0, 25)):
            start = dt.date(2021, 9, 1) + dt.timedelta(days=rng.randint(0, 485))
            end = (None if rng.random() < 0.4
                   else start + dt.timedelta(days=rng.randint(0, 250)))
            found.append((f"i{i}", rng.choice(GENDERS), start, end))
    return found


def _counts(world, start: dt.date, end: dt.date) -> dict[tuple[str, str, str], int]:
    """New, active and exited by insats and gender in a period, counted here from scratch."""
    rows = sorted({r for r, *_rest in world})
    counts = {(m, r, g): 0 for m in ("new", "active", "exited") for r in [*rows, "*"]
              for g in (*GENDERS, "total")}
    for row, gender, s, e in world:
        hits = {"new": start <= s <= end, "active": s <= end and (e is None or e >= start),
                "exited": e is not None and start <= e <= end}
        for measure, hit in hits.items():
            for r in (row, "*"):
                for g in (gender, "total"):
                    counts[(measure, r, g)] += hit
    return counts


def _per_line_views(world, kinds=DEFAULT_KINDS) -> tuple[list[cells.View], dict[object, int]]:
    """The year and its halves of the main tables as the per-line rules publish them
    (publication.linked_suppress: no line with one hidden cell or a small hidden sum, and
    no small difference of nested periods), and the true counts keyed as the attacker keys
    them."""
    periods = standard_periods(2022, kinds)
    rows = sorted({r for r, *_rest in world})
    values = {(p.key, k): v for p in periods for k, v in _counts(world, p.start, p.end).items()}
    constraints = []
    for p in periods:
        for m in ("new", "active", "exited"):
            for r in [*rows, "*"]:
                constraints.append([(p.key, (m, r, g)) for g in (*GENDERS, "total")])
            for g in (*GENDERS, "total"):
                constraints.append([*((p.key, (m, r, g)) for r in rows), (p.key, (m, "*", g))])
    additive = [(m, r, g) for m in ("new", "exited") for r in [*rows, "*"]
                for g in (*GENDERS, "total")]
    active = {("active", r, g): (("new", r, g), ("exited", r, g)) for r in [*rows, "*"]
              for g in (*GENDERS, "total")}
    constraints += links(periods, kinds, additive, active)
    totals = [k for k in values if k[1][1] == "*" or k[1][2] == "total"]
    pairs = nested(periods, [k for p, k in values if p == "2022"])
    hidden = linked_suppress(values, constraints, T, totals, pairs)
    views = []
    truth: dict[object, int] = {}
    for p in periods:
        def entry(r: str, key: str = p.key) -> dict[str, object]:
            return {m: {g: "x" if (m, r, g) in hidden[key] else values[(key, (m, r, g))]
                        for g in (*GENDERS, "total")} for m in ("new", "active", "exited")}
        views.append(cells.View(p.key, None, {
            "interventions": [{"intervention": r, **entry(r)} for r in rows],
            "total": entry("*")}))
        truth |= {("m", p.key, r, m, g): v for (key, (m, r, g)), v in values.items()
                  if key == p.key}
    return views, truth


def test_the_attacker_works_out_small_counts_that_the_per_line_rules_leave():
    """What the board could do before the audit, with months published: the per-line rules
    look at one equation at a time, and several together give small counts away exactly."""
    views, truth = _per_line_views(_plain_world(0), MONTHS)
    found = solve.intervals(cells.published(views, outcomes_are_main_exits=False))
    given_away = solve.exact(found, truth, T)
    assert given_away
    assert all(found[k].low == found[k].high == v for k, v in given_away)


def test_the_attacker_knows_how_tertials_make_up_the_year():
    published = ["2022", "2022T1-2", "2022T1", "2022T2", "2022T3"]
    assert cells.parts_of(published) == [
        ("2022", ["2022T1", "2022T2", "2022T3"]), ("2022", ["2022T1-2", "2022T3"]),
        ("2022T1-2", ["2022T1", "2022T2"])]
    months = cells.parts_of([*published, *(f"2022-{m:02d}" for m in range(1, 13))])
    assert ("2022T2", ["2022-05", "2022-06", "2022-07", "2022-08"]) in months
    assert ("2022T1-2", [f"2022-{m:02d}" for m in range(1, 9)]) in months


def test_the_attacker_works_out_small_counts_across_tertials_that_the_per_line_rules_leave():
    """Its tertial equations have power: against the per-line rules alone (no audit), with
    tertials, January–August and the year published, it finds small counts of them exactly."""
    views, truth = _per_line_views(_plain_world(1, insatser=4), TERTIALS)
    found = solve.intervals(cells.published(views, outcomes_are_main_exits=False))
    given_away = solve.exact(found, truth, T)
    assert given_away
    assert any(k[1] in ("2022T1", "2022T2", "2022T3", "2022T1-2") for k, _v in given_away)


def test_the_attackers_intervals_always_hold_the_true_count():
    for seed, kinds in [(1, DEFAULT_KINDS), (2, DEFAULT_KINDS), (3, DEFAULT_KINDS),
                        (1, MONTHS), (4, TERTIALS), (5, TERTIALS | {MONTH})]:
        views, truth = _per_line_views(_plain_world(seed), kinds)
        found = solve.intervals(cells.published(views, outcomes_are_main_exits=False))
        assert found
        assert all(i.low <= truth[k] <= i.high for k, i in found.items()), seed


def test_the_attacker_imports_nothing_of_the_suppressor():
    """Written apart, so that it cannot share the suppressor's blind spots."""
    import ast
    from pathlib import Path

    folder = Path(cells.__file__).parent
    imported = set()
    for source in folder.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    assert "scipy.optimize" in imported
    assert not [m for m in imported if "suppression" in m or "publication" in m
                or m.startswith(("samsyn.participants.reports", "samsyn.reports"))]
