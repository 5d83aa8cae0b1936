"""A report as plain values: tables of cells, and the JSON a script reads.

Builders in each app's reports.py fill these; renderers turn them into HTML, XLSX or JSON
without knowing what the figures mean.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

ColumnKind = Literal["text", "int", "money", "percent", "decimal", "date"]
Cell = str | int | Decimal | dt.date | None
# A figure not known, the same in every language (a frozen version compares it as is): where
# the register holds nothing to count from, a table says so rather than print a 0.
NO_FIGURE = "–"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"
    decimals: int | None = None   # for percent and decimal columns; their default otherwise


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    total: dict[str, Cell] | None = None
    note: str = ""
    section: str = ""   # a heading above the table where a new part of a document begins
    # A stable name (the part's kind and place), so a frozen version compares across languages.
    key: str = ""


@dataclass
class Chart:
    """A bar chart: one bar per label, or one per label and series (`series`, with a legend).

    `values` runs label by label, series by series within a label; a None value is drawn as
    "no figure".
    """

    title: str
    labels: list[str]
    values: list[Decimal | None]
    unit: Literal["percent", "count"] = "count"
    series: list[str] = field(default_factory=list)
    section: str = ""   # the part of a document it belongs to; drawn after that part's tables

    @property
    def has_values(self) -> bool:
        """Something to draw: a chart of nothing but "no figure" would be empty axes, which a
        reader takes for zeros."""
        return any(v is not None for v in self.values)

    def rows(self) -> list[list[Decimal | None]]:
        width = max(len(self.series), 1)
        return [self.values[i * width:(i + 1) * width] for i in range(len(self.labels))]


@dataclass
class Report:
    kind: str
    title: str
    association: str
    association_name: str
    period_start: dt.date
    period_end: dt.date
    tables: list[Table] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    published: bool = False
    threshold: int = 5
    warnings: list[str] = field(default_factory=list)
    # Reports of money count no people: no publication notice, nothing to suppress.
    counts_people: bool = True
    charts: list[Chart] = field(default_factory=list)
    # Text only a person can write (the chair's foreword, the analysis): (heading, text),
    # printed before the tables, and `closing_texts` after them.
    texts: list[tuple[str, str]] = field(default_factory=list)
    closing_texts: list[tuple[str, str]] = field(default_factory=list)
    # The board's decision: {"decided": date, "place": str, "statement": str,
    # "signatories": [(name, role)]}; printed last, as the signature page.
    decision: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReportParams:
    """What a caller asks for; builders read the förbund's records through its scope.

    `scope` (samsyn.associations.access.Scope) bounds every read: builders take insatser from
    `interventions()`, never from the förbund directly.
    """

    scope: Any
    year: int
    start: dt.date
    end: dt.date
    intervention: Any = None
    publish: bool = False
    # Figures already computed within one build of a document, by builder and period, so a
    # document computes each period's figures once; shared by the copies replace() makes.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, build: Any) -> Any:
        """`build(self)`, computed once per builder and period within a document."""
        key = (build, self.start, self.end, getattr(self.intervention, "pk", None),
               self.publish)
        if key not in self.memo:
            self.memo[key] = build(self)
        return self.memo[key]

    @property
    def association(self) -> Any:
        return self.scope.association

    def interventions(self) -> Any:
        """The insatser in scope, narrowed to the one asked for where one was."""
        qs = self.scope.interventions()
        if self.intervention is not None:
            qs = qs.filter(pk=self.intervention.pk)
        return qs

    @classmethod
    def for_year(cls, scope: Any, year: int, **kwargs: Any) -> "ReportParams":
        return cls(scope=scope, year=year, start=dt.date(year, 1, 1),
                   end=dt.date(year, 12, 31), **kwargs)
