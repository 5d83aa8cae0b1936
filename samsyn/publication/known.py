"""The audit of a bundle of which some cells every reader already holds (issue 24).

When a further period of the running year closes, or a förbund changes its threshold or its
published periods, the figures published before stay published: a reader holds them beside
the new ones. Their shown cells are then **known**: constants of every equation, which the
new audit may neither hide (they cannot be taken back) nor lean on as if they could be.

`publication.audit.audit` knows only cells that it may hide. So the known cells are folded
out of the equations before it sees them: the known members of each line are summed into one
constant cell of that line alone (`("known", i)`), which it is told is a total (chosen as a
partner last). Where the audit would hide one of those constants, or where a known cell is
itself a count it must protect (a raised threshold), protecting the bundle needs something
already published hidden, every other cell of that constant's line is hidden instead and the
audit runs again (at most `ROUNDS` times); after that `audit_known` answers None and the
caller publishes nothing new (docs/participants.md, "The running year").

Plain values only; the solving is `audit`'s.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from samsyn.publication.audit import TIDY_WORK, Audit, audit

KNOWN = "known"
# How many times a constant the audit needed is answered by hiding its line's other cells
# before the new cells are hidden whole.
ROUNDS = 3


def fold(values: Mapping[Any, int], lines: Iterable[Sequence[Any]],
         known: set[Any]) -> tuple[dict[Any, int], list[list[Any]], set[Any]]:
    """The values and lines with every known cell folded into one constant cell per line
    (which holds the known members' share of the line), and those constant cells.

    A line is `parts…, sum`. With the sum unknown the known parts become one part; with the
    sum known, the unknown parts add up to the sum less the known parts, a constant that
    becomes the line's sum. A line with no unknown member left is dropped (it holds)."""
    folded: dict[Any, int] = {k: v for k, v in values.items() if k not in known}
    out: list[list[Any]] = []
    constants: set[Any] = set()
    for i, line in enumerate(lines):
        line = list(line)
        if not any(k in known for k in line):
            out.append(line)
            continue
        *parts, whole = line
        loose = [k for k in parts if k not in known]
        fixed = sum(values[k] for k in parts if k in known)
        constant = (KNOWN, i)
        if whole in known:
            if not loose:
                continue
            folded[constant] = values[whole] - fixed
            out.append([*loose, constant])
        else:
            folded[constant] = fixed
            out.append([*loose, constant, whole])
        constants.add(constant)
    return folded, out, constants


def audit_known(values: Mapping[Any, int], lines: Iterable[Sequence[Any]], known: set[Any],
                hidden: Iterable[Any], threshold: int, *, unpublished: Iterable[Any] = (),
                totals: Iterable[Any] = (), seconds: float = 60.0, tidy_work: int = TIDY_WORK,
                pairs: Iterable[tuple[Any, Any]] = ()) -> Audit[Any] | None:
    """`audit` with the `known` cells held as published: the cells to hide, none of them
    known; None where that cannot be done (a known count under the threshold, or a known
    count the audit would need hidden)."""
    if any(0 < values[k] < threshold for k in known if k in values):
        return None
    folded, out, constants = fold(values, lines, known)
    never = set(unpublished) - known
    kept_pairs: list[tuple[Hashable, Hashable]] = []
    for big, small in pairs:
        if big in known and small in known:
            continue
        if big in known or small in known:
            # A count shown beside a known count of a nested period must not differ from it
            # by 1 … threshold − 1: the other one stays hidden (and is never shown again).
            if 0 < values[big] - values[small] < threshold:
                never.add(small if big in known else big)
            continue
        kept_pairs.append((big, small))
    start = (set(hidden) - known) | never
    of_line = {line[-1] if line[-1] in constants else line[-2]: line for line in out
               if any(k in constants for k in line)}
    for _attempt in range(ROUNDS):
        checked = audit(folded, out, start, threshold, unpublished=never,
                        totals=[*(k for k in totals if k not in known), *constants],
                        seconds=seconds, tidy_work=tidy_work, pairs=kept_pairs)
        needed = checked.hidden & constants
        if not needed:
            return checked
        # A constant the audit chose as a partner cannot be hidden: every other cell of its
        # line is hidden instead, and the audit runs again.
        grown = start | {k for c in needed for k in of_line[c] if k not in constants}
        if grown == start:
            break
        start = grown
    return None
