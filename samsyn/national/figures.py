"""A förbund's published figures for a year, and how the national view adds them up.

Plain values only (no ORM): a snapshot is the JSON a förbund publishes, built from its
suppressed reports, so nothing here ever sees a record or an exact small count.

Adding up suppressed cells: a cell published hidden ("x", "<5" in older files) may hide a
count from 1 to 4 or, as a
complementary cell, a count of any size. So a sum that contains one is shown as a lower bound
("at least N"), N being the sum of the visible cells. The bound says nothing the published
cells do not already say, so it can never reveal a hidden count, and it is still true.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

FORMAT = 1
GENDERS = ("kvinna", "man", "ej_angett", "total")
EXIT_REASONS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun", "annan_insats",
                "fortsatt_rehab", "sjukdom", "ovrigt")
REFERRERS = ("af", "fk", "kommun", "region", "egen", "annat")
# Sections of the participants figures and the codes each holds, in the order shown.
SECTIONS: dict[str, tuple[str, ...]] = {
    "new": GENDERS, "active": GENDERS, "exited": GENDERS,
    "exits_by_reason": EXIT_REASONS, "new_by_referrer": REFERRERS,
}
# finance.categories.Category's codes (a test keeps them equal), kept here free of Django.
ECONOMY_CATEGORIES = ("contribution", "esf", "grant", "financial_income", "other_income",
                      "individual", "structural", "communication", "evaluation", "board",
                      "audit", "office_staff", "office_premises", "office_other",
                      "depreciation", "financial_cost")
MAX_COUNT = 10_000_000
MAX_CODE = 20

Cell = int | str


# A hidden cell as a published report marks it: "x"; files published before issue 24 wrote
# "<5" (the threshold), which means the same.
HIDDEN = "x"


def is_hidden(cell: Any) -> bool:
    return isinstance(cell, str) and (cell == HIDDEN or cell.startswith("<"))


@dataclass(frozen=True)
class Sum:
    """A sum of published cells: exact, or a lower bound when any went in hidden."""

    known: int = 0
    hidden: int = 0

    @property
    def exact(self) -> bool:
        return self.hidden == 0

    def __add__(self, other: "Sum") -> "Sum":
        return Sum(self.known + other.known, self.hidden + other.hidden)


def add(cells: Iterable[Cell]) -> Sum:
    total = Sum()
    for cell in cells:
        total += Sum(0, 1) if is_hidden(cell) else Sum(int(cell), 0)
    return total


# Building a snapshot from the suppressed reports' JSON


def _cell(value: Any) -> Cell:
    if is_hidden(value):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value is not None else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def from_reports(participants: Mapping[str, Any], budget_outcome: Mapping[str, Any],
                 indicators: Mapping[str, Any], threshold: int) -> dict[str, Any]:
    """The snapshot of one förbund and year, from `build_report(..., publish=True)` data."""
    total = participants.get("total") or {}
    people: dict[str, Any] = {
        section: {code: _cell((total.get(section) or {}).get(code)) for code in codes}
        for section, codes in SECTIONS.items()
    }
    people["work_or_studies"] = _cell((total.get("work_or_studies") or {}).get("count"))
    # Whether the register counted anything for the year: a förbund that keeps its year in
    # documents only publishes no figure, not 0 (its sums add nothing either way).
    held = (participants.get("outcomes") or {}).get("records", True)
    counted = bool(held) or any(
        value != 0 for section in SECTIONS for value in people[section].values())

    lines: dict[str, dict[str, Decimal]] = {}
    for line in budget_outcome.get("lines", []):
        category = str(line.get("line", "")).split(":", 1)[0]
        if category not in ECONOMY_CATEGORIES:
            continue
        sums = lines.setdefault(category, {"budget": Decimal(0), "outcome": Decimal(0)})
        sums["budget"] += _money(line.get("budget"))
        sums["outcome"] += _money(line.get("outcome"))
    result = budget_outcome.get("result") or {}

    answers: dict[str, dict[str, int]] = {}
    for round_ in indicators.get("rounds", []):
        for question in round_.get("questions", []):
            current = question.get("current")
            # Local questions are the förbund's own; rounds with too few answers are not shown.
            if question.get("local") or not current or round_.get("too_few"):
                continue
            count = int(current.get("answers") or 0)
            positive = int((_money(current.get("positive")) * count).to_integral_value())
            sums_i = answers.setdefault(str(question.get("code")), {"answers": 0, "positive": 0})
            sums_i["answers"] += count
            sums_i["positive"] += positive

    return {
        "format": FORMAT,
        "threshold": threshold,
        "counted": counted,
        "participants": people,
        "economy": {
            "lines": {k: {"budget": str(v["budget"]), "outcome": str(v["outcome"])}
                      for k, v in lines.items()},
            "result": {"budget": str(_money(result.get("budget"))),
                       "outcome": str(_money(result.get("outcome")))},
        },
        "indicators": answers,
    }


# Checking a snapshot that came from elsewhere (a signed file)


def check(figures: Any, where: str) -> list[str]:
    """Every fault of a snapshot's shape, each naming where it is; [] when it is sound."""
    faults: list[str] = []

    def fail(path: str, what: str) -> None:
        faults.append(f"{where}.{path}: {what}")

    if not isinstance(figures, dict):
        return [f"{where}: must be an object"]
    if figures.get("format") != FORMAT:
        fail("format", f"must be {FORMAT}")
    threshold = figures.get("threshold")
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 3:
        fail("threshold", "must be a whole number of at least 3")
    if not isinstance(figures.get("counted", True), bool):
        fail("counted", "must be true or false")
    people = figures.get("participants")
    if not isinstance(people, dict):
        fail("participants", "must be an object")
        people = {}
    for section, codes in SECTIONS.items():
        cells = people.get(section)
        if not isinstance(cells, dict) or set(cells) != set(codes):
            fail(f"participants.{section}", "must hold exactly " + ", ".join(codes))
            continue
        for code, value in cells.items():
            if not _sound_cell(value):
                fail(f"participants.{section}.{code}", f"{json.dumps(value)} is not a count")
    if not _sound_cell(people.get("work_or_studies")):
        fail("participants.work_or_studies", "is not a count")
    economy = figures.get("economy")
    if not isinstance(economy, dict):
        fail("economy", "must be an object")
    else:
        lines = economy.get("lines")
        if not isinstance(lines, dict):
            fail("economy.lines", "must be an object")
            lines = {}
        for category, sums in lines.items():
            if category not in ECONOMY_CATEGORIES:
                fail(f"economy.lines.{category}", "is not a known category")
            _check_money(sums, f"economy.lines.{category}", fail)
        _check_money(economy.get("result"), "economy.result", fail)
    indicators = figures.get("indicators")
    if not isinstance(indicators, dict):
        fail("indicators", "must be an object")
    else:
        for code, sums in indicators.items():
            # A question's code is at most 20 characters (surveys.Question.code).
            if not 0 < len(code) <= MAX_CODE:
                fail(f"indicators.{code[:MAX_CODE]}…", f"a code is 1 to {MAX_CODE} characters")
                continue
            if (not isinstance(sums, dict) or set(sums) != {"answers", "positive"}
                    or not all(_whole(sums[k]) for k in sums)
                    or sums["positive"] > sums["answers"]):
                fail(f"indicators.{code}", "must be whole answers and positive answers")
    return faults


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _sound_cell(value: Any) -> bool:
    if isinstance(value, str):
        return value == HIDDEN or (value[:1] == "<" and value[1:].isascii()
                                   and value[1:].isdigit())
    return _whole(value)


def _check_money(sums: Any, path: str, fail: Any) -> None:
    if not isinstance(sums, dict) or set(sums) != {"budget", "outcome"}:
        fail(path, "must hold budget and outcome")
        return
    for key, value in sums.items():
        try:
            amount = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            amount = None
        # Kronor and öre: the roll-up adds amounts up as whole öre (rows, below).
        if (amount is None or not amount.is_finite() or abs(amount) >= Decimal(10) ** 12
                or _exponent(amount) < -2):
            fail(f"{path}.{key}", f"{json.dumps(value)} is not an amount")


def _exponent(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


# Adding up


@dataclass
class Rollup:
    """The figures of several förbund added up (one förbund, a län or the nation)."""

    members: int = 0
    people: dict[str, dict[str, Sum]] = field(default_factory=dict)
    work_or_studies: Sum = field(default_factory=Sum)
    economy: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    result: dict[str, Decimal] = field(default_factory=dict)
    indicators: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def work_or_studies_share(self) -> Decimal | None:
        """Work or studies over exited; only where both are exact and something exited."""
        exited = self.people.get("exited", {}).get("total", Sum())
        if not (self.work_or_studies.exact and exited.exact) or exited.known == 0:
            return None
        return (Decimal(self.work_or_studies.known) / exited.known).quantize(Decimal("0.0001"))

    def positive_share(self, code: str) -> Decimal | None:
        sums = self.indicators.get(code)
        if not sums or sums["answers"] == 0:
            return None
        return (Decimal(sums["positive"]) / sums["answers"]).quantize(Decimal("0.0001"))


def roll_up(snapshots: Iterable[Mapping[str, Any]]) -> Rollup:
    """Add up snapshots' figures (each already checked or built by `from_reports`)."""
    # Plain integers in the loop, Sums once at the end: 76 förbund × 40 cells stay cheap.
    known = {s: dict.fromkeys(codes, 0) for s, codes in SECTIONS.items()}
    hidden = {s: dict.fromkeys(codes, 0) for s, codes in SECTIONS.items()}
    work_known = work_hidden = 0
    economy = {c: {"budget": Decimal(0), "outcome": Decimal(0)} for c in ECONOMY_CATEGORIES}
    result = {"budget": Decimal(0), "outcome": Decimal(0)}
    indicators: dict[str, dict[str, int]] = {}
    members = 0
    for figures in snapshots:
        members += 1
        people = figures["participants"]
        for section, codes in SECTIONS.items():
            cells, k, h = people[section], known[section], hidden[section]
            for code in codes:
                value = cells[code]
                if isinstance(value, str):
                    h[code] += 1
                else:
                    k[code] += value
        value = people["work_or_studies"]
        if isinstance(value, str):
            work_hidden += 1
        else:
            work_known += value
        for category, sums in figures["economy"]["lines"].items():
            for key in ("budget", "outcome"):
                economy[category][key] += Decimal(sums[key])
        for key in ("budget", "outcome"):
            result[key] += Decimal(figures["economy"]["result"][key])
        for code, sums in figures["indicators"].items():
            target = indicators.setdefault(code, {"answers": 0, "positive": 0})
            target["answers"] += sums["answers"]
            target["positive"] += sums["positive"]
    return Rollup(
        members=members,
        people={s: {c: Sum(known[s][c], hidden[s][c]) for c in codes}
                for s, codes in SECTIONS.items()},
        work_or_studies=Sum(work_known, work_hidden),
        economy=economy, result=result, indicators=indicators,
    )


def combine(parts: Iterable[Rollup]) -> Rollup:
    """Roll-ups of disjoint groups (the län) added into one (the nation)."""
    whole = roll_up([])
    for part in parts:
        whole.members += part.members
        for section, cells in part.people.items():
            for code, total in cells.items():
                whole.people[section][code] += total
        whole.work_or_studies += part.work_or_studies
        for category, sums in part.economy.items():
            for key, amount in sums.items():
                whole.economy[category][key] += amount
        for key, amount in part.result.items():
            whole.result[key] += amount
        for code, counts in part.indicators.items():
            target = whole.indicators.setdefault(code, {"answers": 0, "positive": 0})
            target["answers"] += counts["answers"]
            target["positive"] += counts["positive"]
    return whole


def share_of(figures: Mapping[str, Any]) -> Decimal | None:
    """One förbund's share to work or studies, where both its cells are published."""
    people = figures["participants"]
    count, exited = people["work_or_studies"], people["exited"]["total"]
    if isinstance(count, str) or isinstance(exited, str) or not exited:
        return None
    return (Decimal(count) / exited).quantize(Decimal("0.0001"))


def by_county(snapshots: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[dict[str, Rollup],
                                                                         Rollup]:
    """(county, figures) pairs rolled up per län (sorted by code) and for the nation."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for county, figures in snapshots:
        grouped.setdefault(county, []).append(figures)
    counties = {c: roll_up(grouped[c]) for c in sorted(grouped)}
    return counties, combine(counties.values())


# The figures as rows, so that the database adds them up (queries.py)

# Sections of the rows beside SECTIONS: work_or_studies (code ""), the economy's lines (budget
# and outcome per category, amounts in öre), its result (code budget or outcome) and the
# indicators (answers and positive answers per question).
WORK = "work_or_studies"
BUDGET, OUTCOME, RESULT = "budget", "outcome", "result"
ANSWERS, POSITIVE = "answers", "positive"

# A row: (section, code, number, hidden, places). number is a count (0 for a hidden cell) or an
# amount in öre; places is how many decimals the published amount was written with, so the
# sums read back exactly as Decimal adds the published strings up ("180.00", not "180").
Row = tuple[str, str, int, bool, int]
# A sum of rows, as the database gives it: (section, code, sum of number, hidden rows, places).
Total = tuple[str, str, int, int, int]


def _ore(text: str) -> tuple[int, int]:
    amount = Decimal(text)
    places = max(0, -_exponent(amount))
    if places > 2:
        raise ValueError(f"{text!r} is not kronor and öre")
    return int(amount.scaleb(2)), places


def rows(figures: Mapping[str, Any]) -> list[Row]:
    """A snapshot's figures (checked, or built by `from_reports`) as rows to add up."""
    people = figures["participants"]
    found: list[Row] = []
    for section, codes in SECTIONS.items():
        cells = people[section]
        for code in codes:
            value = cells[code]
            found.append((section, code, 0, True, 0) if is_hidden(value)
                         else (section, code, int(value), False, 0))
    value = people[WORK]
    found.append((WORK, "", 0, True, 0) if is_hidden(value) else (WORK, "", int(value), False, 0))
    economy = figures["economy"]
    for category, sums in economy["lines"].items():
        for key in (BUDGET, OUTCOME):
            ore, places = _ore(sums[key])
            found.append((key, category, ore, False, places))
    for key in (BUDGET, OUTCOME):
        ore, places = _ore(economy["result"][key])
        found.append((RESULT, key, ore, False, places))
    for code, sums in figures["indicators"].items():
        found.append((ANSWERS, code, int(sums["answers"]), False, 0))
        found.append((POSITIVE, code, int(sums["positive"]), False, 0))
    return found


_QUANTUM = {0: Decimal(1), 1: Decimal("0.1"), 2: Decimal("0.01")}


def _kronor(ore: int, places: int) -> Decimal:
    return Decimal(ore).scaleb(-2).quantize(_QUANTUM[places])


def from_totals(members: int, totals: Iterable[Total]) -> Rollup:
    """The roll-up of a group of snapshots from the sums of their rows (one per section and
    code, as `GROUP BY section, code` gives them): the same as `roll_up` of their figures."""
    people = {s: dict.fromkeys(codes, Sum()) for s, codes in SECTIONS.items()}
    work = Sum()
    economy = {c: {BUDGET: Decimal(0), OUTCOME: Decimal(0)} for c in ECONOMY_CATEGORIES}
    result = {BUDGET: Decimal(0), OUTCOME: Decimal(0)}
    indicators: dict[str, dict[str, int]] = {}
    for section, code, number, hidden, places in totals:
        cells = people.get(section)
        if cells is not None:
            cells[code] = Sum(number, hidden)
        elif section == WORK:
            work = Sum(number, hidden)
        elif section in (BUDGET, OUTCOME):
            economy[code][section] = _kronor(number, places)
        elif section == RESULT:
            result[code] = _kronor(number, places)
        else:
            counts = indicators.get(code)
            if counts is None:
                counts = indicators[code] = {ANSWERS: 0, POSITIVE: 0}
            counts[section] = number
    return Rollup(members=members, people=people, work_or_studies=work, economy=economy,
                  result=result, indicators=indicators)
