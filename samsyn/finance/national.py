"""The national allocation model of Nationella rådet (from 2016).

Every förbund gets a base; the rest of the state's Finsam sum is split by försörjningsmått
(helårsekvivalenter, "HE") and by population 16–64 of its area. The members match the state's
part, so a förbund can budget at most twice its state allocation. In transition years no
förbund lost more than a given share from one year to the next. The money that lifts them
comes from the others in proportion to what they get above the base.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _

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
    """Each area's state allocation in whole kronor, adding up to the national sum exactly."""
    _check(params, areas)
    exact = model_shares(params, areas)
    capped: set[int] = set()
    if params.max_decrease is not None:
        exact, capped = _cap(params, areas, exact)
    amounts = largest_remainder(params.national_sum, exact, [a.name for a in areas])
    return [_result(a, amount, i in capped)
            for i, (a, amount) in enumerate(zip(areas, amounts, strict=True))]


def _result(area: Area, amount: int, capped: bool) -> AreaResult:
    # The members match the state krona for krona.
    largest = 2 * amount
    gap = area.requested_budget - largest if area.requested_budget is not None else None
    return AreaResult(area.name, amount, largest, capped, area.requested_budget, gap)


def model_shares(params: ModelParameters, areas: Sequence[Area]) -> list[Fraction]:
    """The unrounded allocation of each area before any cap."""
    rest = Fraction(params.national_sum - params.base * len(areas))
    he_sum = sum((Fraction(a.he) for a in areas), Fraction(0))
    pop_sum = sum(a.population_16_64 for a in areas)
    he_w, pop_w = Fraction(params.he_weight), Fraction(params.population_weight)
    # With no HE (or no population) anywhere that weight cannot be split by it; rather than
    # leave money unallocated, the other measure carries the whole rest.
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


def cap_floor(previous_allocation: int, max_decrease: Decimal) -> int:
    """The least an area may get: last year's less the largest decrease, up to a whole krona."""
    keep = 1 - Fraction(max_decrease)
    return -(-previous_allocation * keep.numerator // keep.denominator)


def _cap(params: ModelParameters, areas: Sequence[Area],
         model: list[Fraction]) -> tuple[list[Fraction], set[int]]:
    floors = {i: cap_floor(a.previous_allocation, params.max_decrease or Decimal(0))
              for i, a in enumerate(areas) if a.previous_allocation is not None}
    if sum(floors.values()) > params.national_sum:
        raise NationalModelError(
            f"the national sum {params.national_sum} cannot keep every förbund within the cap "
            f"on its decrease: that needs {sum(floors.values())}"
        )
    capped: set[int] = set()
    result = list(model)
    # Taking from the others can push one of them under its own floor, hence the loop; it
    # ends because each round caps at least one more area.
    while True:
        breach = {i for i, f in floors.items() if i not in capped and result[i] < f}
        if not breach:
            return result, capped
        capped |= breach
        free = [i for i in range(len(areas)) if i not in capped]
        spare = params.national_sum - sum(floors[i] for i in capped) - params.base * len(free)
        if spare < 0:
            raise NationalModelError(
                "the national sum cannot keep every förbund within the cap on its decrease "
                "and still give the others their base"
            )
        for i in capped:
            result[i] = Fraction(floors[i])
        _spread(spare, free, model, params.base, result)


def _spread(spare: int, free: list[int], model: list[Fraction], base: int,
            result: list[Fraction]) -> None:
    # Scaling what each gets above the base is the same as taking the shortfall from each in
    # proportion to that part of its model allocation.
    above = sum((model[i] - base for i in free), Fraction(0))
    for i in free:
        share = (model[i] - base) / above if above else Fraction(1, len(free))
        result[i] = base + spare * share


def _check(params: ModelParameters, areas: Sequence[Area]) -> None:
    _check_params(params, len(areas))
    seen: set[str] = set()
    for a in areas:
        if a.name in seen:
            raise NationalModelError(f"{a.name} is listed twice")
        seen.add(a.name)
        _check_area(a)
    if not any(a.he for a in areas) and not any(a.population_16_64 for a in areas):
        raise NationalModelError("every förbund has zero försörjningsmått and population")


def _check_params(params: ModelParameters, count: int) -> None:
    if not count:
        raise NationalModelError("no förbund to allocate to")
    _whole(params.national_sum, "the national sum")
    _whole(params.base, "the base")
    _decimal(params.he_weight, "the HE weight")
    _decimal(params.population_weight, "the population weight")
    if params.national_sum < 0 or params.base < 0:
        raise NationalModelError("the national sum and the base cannot be negative")
    if params.he_weight < 0 or params.population_weight < 0:
        raise NationalModelError("the weights cannot be negative")
    added = params.he_weight + params.population_weight
    if added != 1:
        raise NationalModelError(f"the weights add up to {added}, not 1 (100 %)")
    if params.base * count > params.national_sum:
        raise NationalModelError(
            f"the bases of {count} förbund ({params.base * count}) exceed the national sum "
            f"({params.national_sum})"
        )
    if params.max_decrease is not None:
        _decimal(params.max_decrease, "the largest decrease")
        if not 0 <= params.max_decrease < 1:
            raise NationalModelError("the largest decrease must be at least 0 and below 100 %")


def _check_area(a: Area) -> None:
    _decimal(a.he, f"{a.name}: försörjningsmått")
    _whole(a.population_16_64, f"{a.name}: population 16–64")
    if a.he < 0 or a.population_16_64 < 0:
        raise NationalModelError(
            f"{a.name}: försörjningsmått and population cannot be negative"
        )
    for value, what in ((a.previous_allocation, "last year's allocation"),
                        (a.requested_budget, "the requested budget")):
        if value is not None:
            _whole(value, f"{a.name}: {what}")
            if value < 0:
                raise NationalModelError(f"{a.name}: {what} cannot be negative")


def _decimal(value: object, what: str) -> None:
    # A float would bring binary rounding into the kronor; bool is an int but never meant.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise NationalModelError(f"{what} must be a Decimal or a whole number, not {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise NationalModelError(f"{what} must be a finite number, not {value}")


def _whole(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NationalModelError(f"{what} must be a whole number, not {value!r}")


# Reading the areas from a spreadsheet export

COLUMNS = {
    "name": ("name", "förbund", "forbund", "samordningsförbund"),
    "he": ("he", "försörjningsmått", "forsorjningsmatt", "helårsekvivalenter"),
    "population_16_64": ("population_16_64", "befolkning 16-64", "population 16-64",
                         "befolkning 16-64 år"),
    "previous_allocation": ("previous_allocation", "fjolårets tilldelning",
                            "föregående tilldelning"),
    "requested_budget": ("requested_budget", "äskad budget", "askad budget"),
}
REQUIRED = ("name", "he", "population_16_64")
WHOLE = ("population_16_64", "previous_allocation", "requested_budget")

_SPACE = "[ \u00a0\u202f]"
# Spreadsheets write "1 234,5" (space, no-break or narrow no-break space between thousands)
# or the plain "1234.5"; anything else, like "1.234" or "1e3", is too easy to misread.
_NUMBER = re.compile(rf"[-−]?(\d{{1,3}}({_SPACE}\d{{3}})+|\d+)([.,]\d+)?")
_DASHES = str.maketrans({"–": "-", "—": "-", "\u00a0": " "})


def parse_number(text: str) -> Decimal:
    """Swedish or plain: "1 234,5", "1234.5", "12 000", "−5"."""
    cleaned = text.strip()
    # No förbund has a figure of more than 18 digits; longer text is a mistake, not a number.
    if len(cleaned) > 30 or not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    try:
        return Decimal(re.sub(_SPACE, "", cleaned).replace(",", ".").replace("−", "-"))
    except InvalidOperation:
        raise ValueError(text) from None


def read_areas_csv(text: str) -> list[Area]:
    """The areas of a CSV export given as text (any line ending)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise NationalModelError(_("the file cannot be read as CSV (%(reason)s)")
                                 % {"reason": exc}) from None
    return read_areas(enumerate(rows, start=1))


def read_areas(rows: Iterable[tuple[int, list[str]]]) -> list[Area]:
    """The areas of a table's rows (number, cells), the header first; every fault at once."""
    table = iter(rows)
    header = next(table, (1, []))[1]
    if not any(cell.strip() for cell in header):
        raise NationalModelError(_("the file is empty"))
    columns, names = _columns(header)
    errors: list[str] = []
    areas: list[Area] = []
    first_row: dict[str, int] = {}
    for number, row in table:
        if not any(cell.strip() for cell in row):
            continue
        name, row_errors, area = _area(row, columns, names, number)
        if name in first_row:
            row_errors.append(_("row %(row)s, column %(column)s: %(name)s is also on row "
                                "%(first)s") % {"row": number, "column": names["name"],
                                                 "name": repr(name[:60]),
                                                 "first": first_row[name]})
        elif name:
            first_row[name] = number
        errors += row_errors
        if area is not None and not row_errors:
            areas.append(area)
    if errors:
        raise NationalModelError("; ".join(errors[:100]))
    if not areas:
        raise NationalModelError(_("the file has no förbund below its header"))
    return areas


def _columns(header: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    labels = {_label(label): key for key, names in COLUMNS.items() for label in names}
    found: dict[str, int] = {}
    names: dict[str, str] = {}
    for index, cell in enumerate(header):
        key = labels.get(_label(cell))
        if key is None:
            continue
        if key in found:
            raise NationalModelError(_("row 1: the column %(column)s appears twice")
                                     % {"column": cell.strip()})
        found[key] = index
        names[key] = cell.strip()
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise NationalModelError(_("row 1: missing column %(columns)s")
                                 % {"columns": ", ".join(missing)})
    return found, names


def _label(cell: str) -> str:
    return " ".join(cell.translate(_DASHES).lower().split())


def _area(row: list[str], columns: dict[str, int], names: dict[str, str],
          number: int) -> tuple[str, list[str], Area | None]:
    """The row's name, its faults, and its area when it has none."""
    cells = {key: row[index].strip() if index < len(row) else ""
             for key, index in columns.items()}
    errors = [] if cells["name"] else [
        _("row %(row)s, column %(column)s: empty") % {"row": number, "column": names["name"]}]
    if len(cells["name"]) > 200:
        errors.append(_("row %(row)s, column %(column)s: longer than 200 characters")
                      % {"row": number, "column": names["name"]})
    # In the order of COLUMNS, so the faults read left to right whatever the file's order.
    numbers = {key: _cell_number(cells[key], key, names[key], number, errors)
               for key in COLUMNS if key in columns and key != "name"}
    he, population = numbers["he"], numbers["population_16_64"]
    if errors or he is None or population is None:
        return cells["name"], errors, None
    previous, requested = numbers.get("previous_allocation"), numbers.get("requested_budget")
    return cells["name"], errors, Area(
        cells["name"], he, int(population),
        int(previous) if previous is not None else None,
        int(requested) if requested is not None else None,
    )


def _cell_number(raw: str, key: str, column: str, number: int,
                 errors: list[str]) -> Decimal | None:
    def fail(message: str) -> None:
        errors.append(_("row %(row)s, column %(column)s: %(message)s")
                      % {"row": number, "column": column, "message": message})

    shown = repr(raw[:40])
    if not raw:
        if key in REQUIRED:
            fail(_("empty"))
        return None
    try:
        value = parse_number(raw)
    except ValueError:
        fail(_("%(value)s is not a number") % {"value": shown})
        return None
    if value < 0:
        fail(_("%(value)s cannot be negative") % {"value": shown})
        return None
    if key in WHOLE and value != value.to_integral_value():
        fail(_("%(value)s is not a whole number") % {"value": shown})
        return None
    return value
