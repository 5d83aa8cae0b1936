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


class Rounding(str):
    """A warning whose two figures differ only by rounding (samsyn.finance.rounding).

    It reads as any warning where a report lists its warnings; a document keeps it apart
    from the kansli's checks, as no error.
    """

    __slots__ = ()


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
    # Rows printed after the total: 002's "Ansvarsförbindelser" under the balance sheet's sum.
    footer: list[dict[str, Cell]] = field(default_factory=list)


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
class Section:
    """A numbered part of a document (002's "2.6.4 Sammanställning av budget och utfall").

    `number` is "2.6.4", "" for an unnumbered part (the foreword), or an appendix's label
    ("Bilaga 1"); `level` 1 is a chapter. `text` is what a person wrote; `tables` and `charts`
    are the document's own (the same objects as in Report.tables). `missing` says in one line
    what the part lacks and why, where it has nothing else to show.
    """

    number: str
    title: str
    level: int = 1
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    missing: str = ""
    signatures: bool = False   # the board's decision and its signatures go here

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def anchor(self) -> str:
        return "s-" + "".join(c if c.isalnum() else "-" for c in
                              (self.number or self.title).lower())

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.tables or self.charts or self.missing
                    or self.signatures)


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
    # A document in numbered sections (the annual report): when set, the renderers print these
    # in order, with a table of contents, instead of texts, tables and closing texts.
    outline: list[Section] = field(default_factory=list)
    # The kansli's checks: typed figures the records contradict and the like. A document
    # prints them in an appendix of its office version only (never in a published or adopted
    # one); `rounding` holds the differences that come from rounding alone, which are no error.
    checks: list[str] = field(default_factory=list)
    rounding: list[str] = field(default_factory=list)
    adopted: bool = False   # a version of it is frozen as the board decided it


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
        key = self._once_key(build)
        if key not in self.memo:
            self.memo[key] = build(self)
        return self.memo[key]

    def remember(self, build: Any, value: Any) -> None:
        """What `once(build)` gives from now on (the same figures, kept elsewhere)."""
        self.memo.setdefault(self._once_key(build), value)

    def _once_key(self, build: Any) -> Any:
        return (build, self.start, self.end, getattr(self.intervention, "pk", None),
                self.publish)

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


def lay_out(report: Report, outline: list[Section]) -> None:
    """The report as its numbered outline gives it: every table, chart and text in the
    outline's order, each part's first table carrying the part's heading."""
    for section in outline:
        for i, table in enumerate(section.tables):
            table.section = section.heading if i == 0 else ""
    report.outline = outline
    report.tables = [t for s in outline for t in s.tables]
    report.charts = [c for s in outline for c in s.charts]
    report.texts = [(s.heading, s.text) for s in outline if s.text]
    report.closing_texts = []
