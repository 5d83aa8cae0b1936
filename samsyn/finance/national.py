"""The national allocation model of Nationella rådet (from 2016).

Every förbund gets a base; the rest of the state's Finsam sum is split by försörjningsmått
(helårsekvivalenter, "HE") and by population 16–64 of its area. The members match the state's
part, so a förbund can budget at most twice its state allocation. In transition years no
förbund lost more than a given share from one year to the next: the money that lifts them
comes from the others in proportion to what they get above the base.
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from samsyn.finance.allocation import largest_remainder


class NationalModelError(ValueError):
    pass


@dataclass(frozen=True)
class ModelParameters:
    national_sum: int
    base: int = 400_000
    he_weight: Decimal = Decimal("0.75")
    population_weight: Decimal = Decimal("0.25")
    max_decrease: Decimal | None = None


@dataclass(frozen=True)
class Area:
    name: str
    he: Decimal
    population_16_64: int
    previous_allocation: int | None = None
    requested_budget: int | None = None


@dataclass(frozen=True)
class AreaResult:
    name: str
    state_allocation: int
    max_total_budget: int
    capped: bool
    requested_budget: int | None
    gap: int | None


def allocate_nationally(params: ModelParameters, areas: Sequence[Area]) -> list[AreaResult]:
    _check(params, areas)
    exact = model_shares(params, areas)
    capped: set[int] = set()
    if params.max_decrease is not None:
        exact, capped = _cap(params, areas, exact)
    amounts = largest_remainder(params.national_sum, exact, [a.name for a in areas])
    return [
        AreaResult(
            a.name, amount, 2 * amount, i in capped, a.requested_budget,
            a.requested_budget - 2 * amount if a.requested_budget is not None else None,
        )
        for i, (a, amount) in enumerate(zip(areas, amounts, strict=True))
    ]


def model_shares(params: ModelParameters, areas: Sequence[Area]) -> list[Fraction]:
    rest = Fraction(params.national_sum - params.base * len(areas))
    he_sum = sum((Fraction(a.he) for a in areas), Fraction(0))
    pop_sum = sum(a.population_16_64 for a in areas)
    he_w, pop_w = Fraction(params.he_weight), Fraction(params.population_weight)
    if not he_sum:
        he_w, pop_w = Fraction(0), Fraction(1)
    if not pop_sum:
        he_w, pop_w = Fraction(1), Fraction(0)
    return [
        params.base + rest * (
            (he_w * Fraction(a.he) / he_sum if he_w else 0)
            + (pop_w * Fraction(a.population_16_64, pop_sum) if pop_w else 0)
        )
        for a in areas
    ]


def _cap(params: ModelParameters, areas: Sequence[Area],
         model: list[Fraction]) -> tuple[list[Fraction], set[int]]:
    keep = 1 - Fraction(params.max_decrease or 0)
    floors = {i: -(-a.previous_allocation * keep.numerator // keep.denominator)
              for i, a in enumerate(areas) if a.previous_allocation is not None}
    if sum(floors.values()) > params.national_sum:
        raise NationalModelError(
            "the national sum cannot keep every förbund within the cap on its decrease"
        )
    capped: set[int] = set()
    result = list(model)
    while True:
        breach = {i for i, f in floors.items() if i not in capped and result[i] < f}
        if not breach:
            return result, capped
        capped |= breach
        free = [i for i in range(len(areas)) if i not in capped]
        money = params.national_sum - sum(floors[i] for i in capped)
        above = sum((model[i] - params.base for i in free), Fraction(0))
        spare = money - params.base * len(free)
        if spare < 0:
            raise NationalModelError(
                "the national sum cannot keep every förbund within the cap on its decrease "
                "and still give the others their base"
            )
        for i in capped:
            result[i] = Fraction(floors[i])
        for i in free:
            result[i] = params.base + (spare * (model[i] - params.base) / above
                                       if above else Fraction(spare, len(free)))


def _check(params: ModelParameters, areas: Sequence[Area]) -> None:
    if not areas:
        raise NationalModelError("no förbund to allocate to")
    if params.he_weight + params.population_weight != 1:
        raise NationalModelError("the weights must add up to 1 (100 %)")
    if params.he_weight < 0 or params.population_weight < 0 or params.base < 0:
        raise NationalModelError("weights and base cannot be negative")
    if params.base * len(areas) > params.national_sum:
        raise NationalModelError(
            f"the bases of {len(areas)} förbund exceed the national sum"
        )
    if params.max_decrease is not None and not 0 <= params.max_decrease < 1:
        raise NationalModelError("the largest decrease must be at least 0 and below 100 %")
    seen: set[str] = set()
    for a in areas:
        if a.name in seen:
            raise NationalModelError(f"{a.name} is listed twice")
        seen.add(a.name)
        if a.he < 0 or a.population_16_64 < 0:
            raise NationalModelError(f"{a.name}: försörjningsmått and population cannot be "
                                     "negative")
        if a.previous_allocation is not None and a.previous_allocation < 0:
            raise NationalModelError(f"{a.name}: last year's allocation cannot be negative")
    if not any(a.he for a in areas) and not any(a.population_16_64 for a in areas):
        raise NationalModelError("every förbund has zero försörjningsmått and population")


# Reading the areas from a spreadsheet export

COLUMNS = {
    "name": ("name", "förbund", "forbund", "samordningsförbund"),
    "he": ("he", "försörjningsmått", "forsorjningsmatt"),
    "population_16_64": ("population_16_64", "befolkning 16-64", "befolkning 16–64",
                         "population 16-64"),
    "previous_allocation": ("previous_allocation", "fjolårets tilldelning",
                            "föregående tilldelning"),
    "requested_budget": ("requested_budget", "äskad budget", "askad budget"),
}
REQUIRED = ("name", "he", "population_16_64")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number(text: str) -> Decimal:
    """Swedish or plain: "1 234,5", "1234.5", "12 000"."""
    cleaned = _SPACES.sub("", text).replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def read_areas_csv(text: str) -> list[Area]:
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise NationalModelError("the file is empty")
    columns = _columns(rows[0])
    errors: list[str] = []
    areas = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        area = _area(row, columns, number, errors)
        if area is not None:
            areas.append(area)
    if errors:
        raise NationalModelError("; ".join(errors))
    return areas


def _columns(header: list[str]) -> dict[str, int]:
    labels = {label: key for key, names in COLUMNS.items() for label in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = labels.get(cell.strip().lower())
        if key is not None:
            found[key] = index
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise NationalModelError(f"row 1: missing column {', '.join(missing)}")
    return found


def _area(row: list[str], columns: dict[str, int], number: int,
          errors: list[str]) -> Area | None:
    values: dict[str, object] = {}
    for key, index in columns.items():
        raw = row[index].strip() if index < len(row) else ""
        if key == "name":
            if not raw:
                errors.append(f"row {number}, column name: empty")
            values[key] = raw
            continue
        if not raw:
            if key in REQUIRED:
                errors.append(f"row {number}, column {key}: empty")
            continue
        try:
            value = parse_number(raw)
        except ValueError:
            errors.append(f"row {number}, column {key}: {raw!r} is not a number")
            continue
        if key != "he" and value != value.to_integral_value():
            errors.append(f"row {number}, column {key}: {raw!r} is not a whole number")
            continue
        values[key] = value if key == "he" else int(value)
    if len(errors) and any(e.startswith(f"row {number},") for e in errors):
        return None
    return Area(**values)  # type: ignore[arg-type]
