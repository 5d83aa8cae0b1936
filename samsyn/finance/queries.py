"""Reading a förbund's economy into the plain values of budget.py."""

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Value
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.finance.budget import Discrepancy, Line, check, net_esf, summarize
from samsyn.finance.categories import GROUP, PER_INTERVENTION, Category, Scenario
from samsyn.finance.models import (
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    ContributionYear,
    EsfPresentation,
    FinanceSettings,
    FinanceYear,
    ObjectRule,
    SieImport,
)
from samsyn.finance.outcome import (
    AccountRange,
    Booked,
    Mapped,
    decode_objects,
    line_key,
    map_outcome,
)

ZERO = Decimal(0)
# Which scenario best tells how a year ended, for carrying equity forward.
ENDING_ORDER = (Scenario.OUTCOME, Scenario.FORECAST, Scenario.BUDGET, Scenario.PLAN)
CATEGORY_ORDER = {c.value: i for i, c in enumerate(Category)}


_document: ContextVar[dict[Any, Any] | None] = ContextVar("finance_document", default=None)


@contextlib.contextmanager
def one_document() -> Iterator[None]:
    """Within it, a year's booked outcome and typed lines are read once: a document reads the
    same years for its statements, its five years and its equity chain. Entered again inside
    one, it shares the outer one's reads (the start page's year menu and its economy)."""
    if _document.get() is not None:
        yield
        return
    token = _document.set({})
    try:
        yield
    finally:
        _document.reset(token)


def _once(key: tuple[Any, ...], read: Callable[[], Any]) -> Any:
    memo = _document.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def in_document(key: tuple[Any, ...], read: Callable[[], Any]) -> Any:
    """`read()` once per document for `key` (every time outside one): for the economy's reads
    made beside this module (financial.py's statement rules). Never change what it gives."""
    return _once(key, read)


def esf_presentation(association: Association) -> str:
    if _document.get() is not None:
        return _settings_and_contributions(association)[0]
    found = FinanceSettings.objects.filter(association=association).first()
    return found.esf_presentation if found else EsfPresentation.GROSS


def _settings_and_contributions(association: Association) -> tuple[str, frozenset[int]]:
    """Within a document, the ESF presentation and the years of decided contributions, in
    one round trip: each is one small row or a few, and both are read after every write to
    the economy (the start page's economy and its year menu)."""
    def read() -> tuple[str, frozenset[int]]:
        # (is the settings' row, the contributions' year, the presentation)
        settings = (FinanceSettings.objects.filter(association=association).order_by()
                    .values_list(Value(True), Value(0), "esf_presentation"))
        decided = (ContributionYear.objects.filter(association=association).order_by()
                   .values_list(Value(False), "year", Value("", output_field=CharField())))
        esf, years = str(EsfPresentation.GROSS), set()
        for is_settings, year, presentation in settings.union(decided, all=True):
            if is_settings:
                esf = str(presentation)
            else:
                years.add(int(year))
        return esf, frozenset(years)
    found: tuple[str, frozenset[int]] = _once(("settings", association.pk), read)
    return found


@dataclass
class Labels:
    """Display names of line keys, gathered while reading lines."""

    names: dict[str, str] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)   # the name without its category

    def add(self, key: str, category: str, name: str | None) -> None:
        label = str(Category(category).label)
        self.names.setdefault(key, f"{label}: {name}" if name else label)
        self.plain.setdefault(key, name or label)

    def __getitem__(self, key: str) -> str:
        return self.names.get(key, key)


def typed_lines(association: Association, year: int, scenario: str,
                labels: Labels | None = None) -> list[Line]:
    if labels is None and _document.get() is not None:
        # A document reads many years and scenarios: all the förbund's typed rows at once.
        every = _once(("typed", association.pk), lambda: _every_typed_row(association))
        return _lines_of(every.get((year, scenario), []), None)
    rows = _typed_rows(BudgetLine.objects.filter(association=association, year=year,
                                                 scenario=scenario))
    return _lines_of(rows, labels)


@dataclass(frozen=True)
class _Typed:
    year: int
    scenario: str
    category: str
    amount: Decimal
    label: str
    slug: str | None            # the insats's
    name: str | None            # the insats's
    member: str | None          # the member's name


def _typed_rows(rows: Any) -> list[_Typed]:
    # Plain values, not model objects: a förbund's ten years are hundreds of lines.
    return [_Typed(*values) for values in rows.values_list(
        "year", "scenario", "category", "amount", "label", "intervention__slug",
        "intervention__name", "member__name")]


def _every_typed_row(association: Association) -> dict[tuple[int, str], list[_Typed]]:
    found: dict[tuple[int, str], list[_Typed]] = {}
    # The model's order, as one by one.
    for row in _typed_rows(BudgetLine.objects.filter(association=association)):
        found.setdefault((row.year, row.scenario), []).append(row)
    return found


def _lines_of(rows: Iterable[_Typed], labels: Labels | None) -> list[Line]:
    lines = []
    for row in rows:
        key = line_key(row.category,
                       row.slug or (None if row.member else _label_slug(row.label)), row.member)
        if labels is not None:
            labels.add(key, row.category, row.name or row.member or row.label or None)
        lines.append(Line(key, row.category, GROUP[row.category], row.amount, row.slug,
                          (row.label.strip() or None) if row.slug else None))
    return lines


def stated_line_budgets(association: Association, stated_in: int,
                        labels: Labels | None = None) -> dict[int, list[Line]]:
    """The lines' earlier budgets the plan of `stated_in` states (000 Tabell 6's "Budget
    2021"), by year, as lines keyed as the budget lines of the same insats or text are, so
    they stand in the same rows of the budget per insats."""
    found: dict[int, list[Line]] = {}
    held = (BudgetHistoryFigure.objects
            .filter(association=association, stated_in=stated_in).exclude(category="")
            .select_related("intervention").order_by("year", "order", "pk"))
    for figure in held:
        row = _Typed(figure.year, Scenario.BUDGET, figure.category, figure.amount, figure.text,
                     figure.intervention.slug if figure.intervention else None,
                     figure.intervention.name if figure.intervention else None, None)
        found.setdefault(figure.year, []).extend(_lines_of([row], labels))
    return found


def finance_year(association: Association, year: int) -> FinanceYear | None:
    """The year's adopted figures; within a document, every year's read at once."""
    if _document.get() is None:
        return FinanceYear.objects.filter(association=association, year=year).first()
    return _finance_years(association).get(year)


def _finance_years(association: Association) -> dict[int, FinanceYear]:
    return _once(("finance_years", association.pk), lambda: {
        f.year: f for f in FinanceYear.objects.filter(association=association)})


def contribution_year(association: Association, year: int) -> ContributionYear | None:
    """The year's decided contributions; within a document, read once."""
    return _once(("contribution_year", association.pk, year),
                 lambda: ContributionYear.objects.filter(association=association,
                                                         year=year).first())


def _label_slug(label: str) -> str | None:
    # Free-text lines of the same category stay apart by their text.
    return label.strip().lower() or None


def mapped_outcome(association: Association, year: int) -> Mapped | None:
    """The year's outcome from its SIE import through the mapping rules; None without one."""
    found = _once(("mapped", association.pk, year), lambda: _mapped_outcome(association, year))
    # A copy of the list: a caller may change its lines, never the document's.
    return None if found is None else Mapped(list(found.lines), list(found.unmapped),
                                             dict(found.names))


def _mapped_outcome(association: Association, year: int) -> Mapped | None:
    if _document.get() is None:
        imported = SieImport.objects.filter(association=association, year=year).first()
    else:
        imported = next((i for i in sie_imports(association) if i.year == year), None)
    if imported is None:
        return None
    booked = [Booked(a.account, decode_objects(a.object_list), a.amount, a.account_name)
              for a in imported.amounts.all()]
    rules = [
        AccountRange(int(r.first_account), int(r.last_account), r.category, GROUP[r.category],
                     r.member.name if r.member else None)
        for r in AccountRule.objects.filter(association=association).select_related("member")
    ]
    objects = {
        (r.dimension, r.code): r.intervention.slug
        for r in ObjectRule.objects.filter(association=association).select_related("intervention")
    }
    names: dict[tuple[str, str], str] = {}
    for code, name in (imported.object_names or {}).items():
        dimension, _sep, value = str(code).partition(":")
        names[(dimension, value)] = str(name)
    return map_outcome(booked, rules, objects, PER_INTERVENTION, names)


def lines_for(association: Association, year: int, scenario: str,
              labels: Labels | None = None, esf: str | None = None) -> list[Line]:
    lines: list[Line] = []
    mapped = mapped_outcome(association, year) if scenario == Scenario.OUTCOME else None
    if mapped is not None:
        lines = mapped.lines
        if labels is not None:
            for key, name in mapped.names.items():
                category = key.partition(":")[0]
                labels.add(key, category, name)
            _label_mapped(association, lines, labels)
    else:
        lines = typed_lines(association, year, scenario, labels)
    if (esf or esf_presentation(association)) == EsfPresentation.NET:
        lines = net_esf(lines)
    return lines


def _label_mapped(association: Association, lines: Sequence[Line], labels: Labels) -> None:
    names = dict(association.interventions.values_list("slug", "name"))
    for line in lines:
        _category, _sep, rest = line.key.partition(":")
        labels.add(line.key, line.category, names.get(rest, rest) or None)


def has_lines(association: Association, year: int, scenario: str) -> bool:
    if _document.get() is not None:
        # A document asks this of every year and scenario it shows: two queries for all.
        return (year, scenario) in _once(("held", association.pk), lambda: held(association))
    if scenario == Scenario.OUTCOME and SieImport.objects.filter(
        association=association, year=year
    ).exists():
        return True
    return BudgetLine.objects.filter(association=association, year=year,
                                     scenario=scenario).exists()


def held(association: Association) -> set[tuple[int, str]]:
    """Every (year, scenario) of the förbund that has lines: typed ones, or an SIE outcome."""
    if _document.get() is not None:
        # The typed rows and the imports a document reads anyway: no statement of its own.
        return set(_once(("typed", association.pk), lambda: _every_typed_row(association))) | {
            (i.year, Scenario.OUTCOME) for i in sie_imports(association)}
    found = set(BudgetLine.objects.filter(association=association).order_by()
                .values_list("year", "scenario").distinct())
    return found | {(y, Scenario.OUTCOME) for y in SieImport.objects.filter(
        association=association).order_by().values_list("year", flat=True)}


def sie_imports(association: Association) -> list[SieImport]:
    """The förbund's bookkeeping imports, the latest first; within a document, read once for
    its outcomes, the years that have one and the list of the latest."""
    def read() -> list[SieImport]:
        return list(SieImport.objects.filter(association=association)
                    .order_by("-imported_at", "-pk"))
    if _document.get() is None:
        return read()
    found: list[SieImport] = _once(("imports", association.pk), read)
    return found


def year_import(association: Association, year: int) -> SieImport | None:
    """The year's bookkeeping import with its balances and amounts (the first in SieImport's
    order), or None. Within a document read once per year, and not at all for a year none of
    the förbund's imports is of: the statements ask for every year of the five years' table,
    the notes and the balance requirement, and most years of most förbund have no import."""
    def read() -> SieImport | None:
        return (SieImport.objects.filter(association=association, year=year)
                .prefetch_related("balances", "amounts").first())
    if _document.get() is None:
        return read()
    if all(imported.year != year for imported in sie_imports(association)):
        return None
    found: SieImport | None = _once(("import", association.pk, year), read)
    return found


def years_with_data(association: Association) -> set[int]:
    """The years of the förbund's budget lines, bookkeeping imports and decided
    contributions, for the year menu (associations/years.py): kept until the economy is
    written. Within a document from what its economy reads anyway (the start page's)."""
    return set(versions.kept(association, "years:economy",
                             lambda: frozenset(_years_with_data(association)), ["economy"]))


def _years_with_data(association: Association) -> set[int]:
    if _document.get() is not None:
        return {year for year, _scenario in held(association)} | set(
            _settings_and_contributions(association)[1])
    yearly = [model.objects.filter(association=association).order_by()
              .values_list("year", flat=True)
              for model in (BudgetLine, SieImport, ContributionYear)]
    return set(yearly[0].union(*yearly[1:]))


@dataclass
class Equity:
    value: Decimal
    typed: Decimal | None
    carried: Decimal | None          # the previous year's closing equity, where known
    discrepancy: Discrepancy | None


EquityMemo = dict[int, Equity]


def opening_equity(association: Association, year: int,
                   memo: EquityMemo | None = None, _depth: int = 0) -> Equity:
    """The year's opening equity: typed, else carried from the year before.

    Pass one memo to calls over several years: each year's chain is then read once, not once
    for every later year that carries it forward.
    """
    if memo is None:
        # Within a document the chain is the same for every table that asks: walk it once.
        memo = _once(("equity", association.pk), dict)
    if year not in memo:
        history = _once(("history", association.pk), lambda: _History(association))
        memo[year] = _opening_equity(association, year, memo, _depth, history)
    return memo[year]


class _History:
    """What the chain back through the years reads of each year, in two queries for all of
    them rather than five a year (a förbund with ten years of books had fifty)."""

    def __init__(self, association: Association) -> None:
        self.typed = {year: adopted.opening_equity
                      for year, adopted in _finance_years(association).items()}
        self.held = _once(("held", association.pk), lambda: held(association))

    def ending_scenario(self, year: int) -> str | None:
        return next((s for s in ENDING_ORDER if (year, s) in self.held), None)


def _opening_equity(association: Association, year: int, memo: EquityMemo,
                    depth: int, history: _History) -> Equity:
    typed = history.typed.get(year)
    carried = None
    # Thirty years back is further than any förbund keeps books in Samsyn.
    previous = history.ending_scenario(year - 1) if depth < 30 else None
    if previous is not None:
        if year - 1 not in memo:
            memo[year - 1] = _opening_equity(association, year - 1, memo, depth + 1, history)
        before = memo[year - 1]
        if before.typed is not None or before.carried is not None:
            summary = summarize(lines_for(association, year - 1, previous), before.value)
            carried = summary.closing_equity
    value = typed if typed is not None else (carried if carried is not None else ZERO)
    discrepancy = check(_("Opening equity %(year)s") % {"year": year}, typed, carried) \
        if carried is not None else None
    return Equity(value, typed, carried, discrepancy)


def ending_scenario(association: Association, year: int) -> str | None:
    for scenario in ENDING_ORDER:
        if has_lines(association, year, scenario):
            return scenario
    return None


def sort_keys(keys: Sequence[str], categories: dict[str, str], labels: Labels) -> list[str]:
    return sorted(keys, key=lambda k: (CATEGORY_ORDER.get(categories.get(k, ""), 99), labels[k]))
