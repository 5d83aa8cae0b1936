"""The published views as cells, and the equations a reader knows hold between them.

A cell is keyed by what it counts, not by where it was printed: the first half-year's new
women of an insats is one cell whether it was read from the report of the whole förbund or
from the report filtered to that insats. Whatever any view shows of a cell is known; a cell
hidden in every view is a variable.

Keys:
- ("m", period, row, measure, code): the main tables (new, active, exited by gender and
  "total"; "reason", "referrer" by code; "work", "steps" and "unique" with code "");
- ("o", period, row, measure, *codes): the outcome tables;
- ("g", period, grid, row, column): the tables by kommun and age group.
`row` is an insats' slug, or TOTAL for the förbund (in every view: a staff member's lists
their insatser under the förbund's total). Periods are named as the report page names them:
"2022", "2022H1", "2022T1", "2022T1-2" (January–August), "2022-03".

The equations are those that hold for every register whose insatser keep participations
(the attacker's worlds): they come from what the figures mean, not from the suppressor.
"""

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Key = Hashable
TOTAL = "*"
NO_FIGURE = "–"

GENDERS = ("kvinna", "man", "ej_angett")
REFERRERS = ("af", "fk", "kommun", "region", "egen", "annat")
EXIT_REASONS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun", "annan_insats",
                "fortsatt_rehab", "sjukdom", "ovrigt")
WORK = ("arbete", "studier")
STEPS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun")
# The grids whose total row is the main table's total row (by kommun: every new participant
# and every exit has a kommun row, "not given" included). The age table leaves out other ages.
GRID_TOTALS = {"kref": ("referrer", "new"), "kexit": ("reason", "exited")}


@dataclass
class View:
    """One report as a role downloaded it: its JSON, and the grids of its Excel file
    ({grid: {(row label, column code): raw cell}}, rows by label, TOTAL for the total row)."""

    period: str
    intervention: str | None
    data: Mapping[str, Any]
    grids: Mapping[str, Mapping[tuple[str, str], object]] = field(default_factory=dict)


class Hidden:
    """A cell printed as anything but a number: "<5", "x", an empty cell."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = Hidden()


def reading(raw: object) -> int | Hidden | None:
    """A printed cell: its count, HIDDEN, or None for "no figure" ("–")."""
    if isinstance(raw, bool):
        raise ValueError(f"a count cannot be {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if raw == NO_FIGURE:
        return None
    return HIDDEN


@dataclass
class Published:
    """What a reader knows: the visible cells, the hidden ones, and the equations
    (each {cell: coefficient}, summing to 0). A slack cell (("slack", part, whole)) stands for
    a count never printed (those who finished to anything but work: the whole less the part),
    so an inequality is an equation, and the count is attacked like the others."""

    known: dict[Key, int] = field(default_factory=dict)
    hidden: set[Key] = field(default_factory=set)
    equations: list[dict[Key, int]] = field(default_factory=list)
    conflicts: list[tuple[Key, int, int]] = field(default_factory=list)
    # Each slack cell: the (part, whole) it is the difference of.
    rests: dict[Key, tuple[Key, Key]] = field(default_factory=dict)

    def see(self, key: Key, raw: object) -> None:
        value = reading(raw)
        if value is None:
            return
        if isinstance(value, Hidden):
            if key not in self.known:
                self.hidden.add(key)
            return
        self.zero_or(key, value)

    def zero_or(self, key: Key, value: int) -> None:
        before = self.known.get(key)
        if before is not None and before != value:
            self.conflicts.append((key, before, value))
        self.known[key] = value
        self.hidden.discard(key)

    def has(self, key: Key) -> bool:
        return key in self.known or key in self.hidden

    def sums(self, parts: Iterable[Key], whole: Key) -> None:
        """parts add up to whole, where every one of them was printed somewhere."""
        parts = list(parts)
        if not parts or not all(self.has(k) for k in [*parts, whole]):
            return
        equation: dict[Key, int] = defaultdict(int)
        for k in parts:
            equation[k] += 1
        equation[whole] -= 1
        self.equations.append(dict(equation))

    def at_most(self, part: Key, whole: Key) -> None:
        """part <= whole: whole = part + a count never printed."""
        if not (self.has(part) and self.has(whole)):
            return
        slack = ("slack", part, whole)
        if slack in self.rests:
            return
        self.rests[slack] = (part, whole)
        self.hidden.add(slack)
        self.equations.append({part: 1, slack: 1, whole: -1})

    def variables(self) -> set[Key]:
        """The hidden cells and the unprinted counts (a slack: a whole less its part)."""
        return set(self.hidden)

    def truth(self, exact: Mapping[Key, int]) -> dict[Key, int]:
        """The true value of every cell and slack, from exact figures of the same views."""
        found = dict(exact)
        for slack, (part, whole) in self.rests.items():
            if part in exact and whole in exact:
                found[slack] = exact[whole] - exact[part]
        return found


# Reading the views


def _main(pub: Published, period: str, row: str, entry: Mapping[str, Any]) -> None:
    for measure in ("new", "active", "exited"):
        for code, raw in entry.get(measure, {}).items():
            pub.see(("m", period, row, measure, code), raw)
    for name, measure in (("exits_by_reason", "reason"), ("new_by_referrer", "referrer")):
        for code, raw in entry.get(name, {}).items():
            pub.see(("m", period, row, measure, code), raw)
    if "unique_participants" in entry:
        pub.see(("m", period, row, "unique", ""), entry["unique_participants"])
    for name, measure in (("work_or_studies", "work"), ("step_progression", "steps")):
        if isinstance(entry.get(name), dict):
            pub.see(("m", period, row, measure, ""), entry[name]["count"])


OUTCOME_SCALARS = (("exited", "exited"), ("followed_up", "followed"))


def _outcome_keys(entry: Mapping[str, Any]) -> list[tuple[tuple[str, ...], object]]:
    """Every count of one outcome entry, as (key tail, raw)."""
    found: list[tuple[tuple[str, ...], object]] = [
        (("exited",), entry["exited"]), (("followed",), entry["followed_up"]),
        (("ws_exit",), entry["work_or_studies_at_exit"]["count"]),
        (("ws_fu",), entry["work_or_studies_at_followup"]["count"])]
    for sp, line in entry["transitions"].items():
        for st, raw in line.items():
            found.append((("tr_row", sp) if st == "total" else ("tr", sp, st), raw))
    for st, raw in entry["transitions_by_state"].items():
        found.append((("tr_col", st), raw))
    for sp, part in entry["from_support_to_work_or_studies"].items():
        found += [(("tr_row", sp), part["exited"]), (("sw", sp), part["count"])]
    for band, raw in entry["time_in_intervention"]["bands"].items():
        found.append((("dur", band), raw))
    for prefix, name in (("g", "by_gender"), ("a", "by_age_group")):
        for group, part in entry[name].items():
            found += [((f"{prefix}_exited", group), part["exited"]),
                      ((f"{prefix}_ws", group), part["count"])]
    return found


def _outcomes(pub: Published, period: str, row: str, entry: Mapping[str, Any] | None,
              shape: Mapping[str, Any] | None) -> None:
    """One row's outcome cells; an entry without records is known zeros (its "–")."""
    if entry is not None and entry.get("records", True) and entry.get("exited") is not None:
        for tail, raw in _outcome_keys(entry):
            pub.see(("o", period, row, *tail), raw)
    elif shape is not None:
        for tail, _raw in _outcome_keys(shape):
            pub.zero_or(("o", period, row, *tail), 0)


def read(views: Iterable[View]) -> tuple[Published, dict[str, set[str]], dict[str, Any]]:
    """The cells of every view; the rows each period's unfiltered view lists; an outcome
    entry to take the shape of a row without records from."""
    pub = Published()
    rows: dict[str, set[str]] = {}
    views = list(views)
    shape: dict[str, Any] = {}
    for view in views:
        outcomes = view.data.get("outcomes") or {}
        if outcomes.get("total"):
            shape = outcomes["total"]
    for view in views:
        data, period = view.data, view.period
        filtered = view.intervention
        listed = [e["intervention"] for e in data.get("interventions", [])]
        if filtered is None and not data.get("partial"):
            # Every insats of the förbund is listed: its rows add up to the total. A staff
            # member's view lists their insatser only ("partial") under the förbund's total.
            rows[period] = set(listed)
        for e in data.get("interventions", []):
            _main(pub, period, e["intervention"], e)
        # The total row is the scope's, filtered or not (it is named "the förbund").
        _main(pub, period, TOTAL, data["total"])
        outcomes = data.get("outcomes") or {}
        entries = {e["intervention"]: e for e in outcomes.get("interventions", [])}
        if "outcomes" not in data:
            # A view without the outcome section (a month of the förbund's total row only,
            # stage 2) prints no outcome cell: its silence is not the "–" of a row without
            # records, so none of its outcome cells is a known zero.
            pass
        elif filtered is None:
            for slug in listed:
                _outcomes(pub, period, slug, entries.get(slug), shape or None)
            _outcomes(pub, period, TOTAL, outcomes.get("total"), shape or None)
        elif filtered in listed:
            # Filtered to one insats, the outcome total is that insats' own.
            _outcomes(pub, period, filtered, entries.get(filtered), shape or None)
            total = outcomes.get("total")
            if total is not None and outcomes.get("records", True):
                for tail, raw in _outcome_keys(total):
                    pub.see(("o", period, filtered, *tail), raw)
        for grid, cells in view.grids.items():
            for (row, column), raw in cells.items():
                pub.see(("g", period, grid, row, column), raw)
    return pub, rows, shape


# The equations


def _months(year: str, first: int, last: int) -> list[str]:
    return [f"{year}-{k:02d}" for k in range(first, last + 1)]


def parts_of(periods: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Every way the published periods make up a longer one: the year its halves, its
    tertials (January–April, May–August, September–December), January–August and the third
    tertial, and its months; January–August the first two tertials and its months; a half or
    a tertial its months."""
    periods = set(periods)
    found = []
    for p in periods:
        if re.fullmatch(r"\d{4}", p):
            ways = ([f"{p}H1", f"{p}H2"], [f"{p}T1", f"{p}T2", f"{p}T3"],
                    [f"{p}T1-2", f"{p}T3"], _months(p, 1, 12))
            found += [(p, ps) for ps in ways if set(ps) <= periods]
        elif m := re.fullmatch(r"(\d{4})T1-2", p):
            ways = ([f"{m.group(1)}T1", f"{m.group(1)}T2"], _months(m.group(1), 1, 8))
            found += [(p, ps) for ps in ways if set(ps) <= periods]
        elif m := re.fullmatch(r"(\d{4})([HT])([123])", p):
            length = 6 if m.group(2) == "H" else 4
            first = 1 + (int(m.group(3)) - 1) * length
            months = _months(m.group(1), first, first + length - 1)
            if set(months) <= periods:
                found.append((p, months))
    return sorted(found)


def equations(pub: Published, rows: Mapping[str, set[str]], shape: Mapping[str, Any],
              outcomes_are_main_exits: bool = True, time_links: bool = True) -> None:
    """Adds to `pub` every equation the figures' meaning gives.

    `outcomes_are_main_exits`: the insatser keep participations only (no counts), so the
    outcome tables' finished participations are the main table's. `time_links`: so are the
    periods' figures (an insats kept as counts of a whole year has nothing in its halves, and
    its year is not their sum)."""
    keys = set(pub.known) | pub.hidden
    periods = sorted({k[1] for k in keys if k[0] in ("m", "o", "g")})
    all_rows = sorted({k[2] for k in keys if k[0] in ("m", "o")})
    grids: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for k in keys:
        if k[0] == "g":
            grids[k[2]][0].add(k[3])
            grids[k[2]][1].add(k[4])
    for p in periods:
        for r in all_rows:
            _main_lines(pub, p, r)
            _outcome_lines(pub, p, r, shape)
            if outcomes_are_main_exits:
                pub.sums([("o", p, r, "exited")], ("m", p, r, "exited", "total"))
                for g in GENDERS:
                    pub.sums([("o", p, r, "g_exited", g)], ("m", p, r, "exited", g))
        listed = rows.get(p)
        if listed is not None:
            slugs = sorted(listed)
            for k in [k for k in keys if k[0] in ("m", "o") and k[1] == p and k[2] == TOTAL]:
                if k[0] == "m" and k[3] == "unique":
                    continue
                pub.sums([(k[0], p, s, *k[3:]) for s in slugs], k)
        for grid, (grid_rows, columns) in grids.items():
            body = sorted(grid_rows - {TOTAL})
            codes = sorted(columns - {"total"})
            for r in [*body, TOTAL]:
                pub.sums([("g", p, grid, r, c) for c in codes], ("g", p, grid, r, "total"))
            for c in [*codes, "total"]:
                pub.sums([("g", p, grid, r, c) for r in body], ("g", p, grid, TOTAL, c))
            if grid in GRID_TOTALS:
                measure, total = GRID_TOTALS[grid]
                for c in codes:
                    pub.sums([("g", p, grid, TOTAL, c)], ("m", p, TOTAL, measure, c))
                pub.sums([("g", p, grid, TOTAL, "total")], ("m", p, TOTAL, total, "total"))
    for whole, pieces in parts_of(periods) if time_links else []:
        for k in [k for k in keys if k[0] in ("m", "o", "g") and k[1] == whole]:
            if k[0] == "m" and k[3] in ("active", "unique"):
                continue
            pub.sums([(k[0], piece, *k[2:]) for piece in pieces], k)
        for r in all_rows:
            for code in (*GENDERS, "total"):
                for j, piece in enumerate(pieces):
                    members = ([("m", q, r, "exited", code) for q in pieces[:j]]
                               + [("m", piece, r, "active", code)]
                               + [("m", q, r, "new", code) for q in pieces[j + 1:]])
                    pub.sums(members, ("m", whole, r, "active", code))


def _main_lines(pub: Published, p: str, r: str) -> None:
    for measure in ("new", "active", "exited"):
        pub.sums([("m", p, r, measure, g) for g in GENDERS], ("m", p, r, measure, "total"))
    pub.sums([("m", p, r, "reason", c) for c in EXIT_REASONS], ("m", p, r, "exited", "total"))
    pub.sums([("m", p, r, "referrer", c) for c in REFERRERS], ("m", p, r, "new", "total"))
    pub.sums([("m", p, r, "reason", c) for c in WORK], ("m", p, r, "work", ""))
    pub.sums([("m", p, r, "reason", c) for c in STEPS], ("m", p, r, "steps", ""))


def _outcome_lines(pub: Published, p: str, r: str, shape: Mapping[str, Any]) -> None:
    if not shape or not pub.has(("o", p, r, "exited")):
        return
    supports = list(shape["transitions"])
    states = list(shape["transitions_by_state"])
    o = ("o", p, r)
    for sp in supports:
        pub.sums([(*o, "tr", sp, st) for st in states], (*o, "tr_row", sp))
        pub.sums([(*o, "tr", sp, st) for st in WORK if st in states], (*o, "sw", sp))
    for st in states:
        pub.sums([(*o, "tr", sp, st) for sp in supports], (*o, "tr_col", st))
    pub.sums([(*o, "tr_row", sp) for sp in supports], (*o, "exited"))
    pub.sums([(*o, "tr_col", st) for st in states], (*o, "exited"))
    pub.sums([(*o, "tr_col", st) for st in WORK if st in states], (*o, "ws_exit"))
    pub.sums([(*o, "dur", b) for b in shape["time_in_intervention"]["bands"]], (*o, "exited"))
    for prefix, name in (("g", "by_gender"), ("a", "by_age_group")):
        groups = list(shape[name])
        pub.sums([(*o, f"{prefix}_exited", g) for g in groups], (*o, "exited"))
        pub.sums([(*o, f"{prefix}_ws", g) for g in groups], (*o, "ws_exit"))
        for g in groups:
            pub.at_most((*o, f"{prefix}_ws", g), (*o, f"{prefix}_exited", g))
    pub.at_most((*o, "ws_exit"), (*o, "exited"))
    pub.at_most((*o, "followed"), (*o, "exited"))
    pub.at_most((*o, "ws_fu"), (*o, "followed"))


def published(views: Iterable[View], outcomes_are_main_exits: bool = True,
              time_links: bool = True) -> Published:
    pub, rows, shape = read(views)
    equations(pub, rows, shape, outcomes_are_main_exits, time_links)
    return pub
