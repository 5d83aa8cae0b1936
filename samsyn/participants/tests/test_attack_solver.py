"""The attacker's solver (attack/solve.py) on small systems worked out by hand: it must find
what the figures give away, and refuse figures that contradict each other rather than read
a count out of them (a publication that does not hold together is a fault of its own)."""

import pytest

from samsyn.participants.tests.attack.cells import Published
from samsyn.participants.tests.attack.solve import Interval, intervals


def _published(known: dict[str, int], hidden: set[str], *sums: tuple[list[str], str]) -> Published:
    pub = Published()
    for key, value in known.items():
        pub.zero_or(key, value)
    pub.hidden |= hidden
    for parts, whole in sums:
        pub.sums(parts, whole)
    return pub


def test_a_lone_hidden_part_is_given_away():
    pub = _published({"a": 3, "total": 7}, {"b"}, (["a", "b"], "total"))
    assert intervals(pub) == {"b": Interval(4, 4)}


def test_two_hidden_parts_keep_a_range():
    pub = _published({"total": 7}, {"a", "b"}, (["a", "b"], "total"))
    assert intervals(pub) == {"a": Interval(0, 7), "b": Interval(0, 7)}


def test_two_sums_that_disagree_on_a_cell_are_refused():
    # b = 7 − 3 by the first sum and b = 9 − 3 by the second: no register gives both.
    pub = _published({"a": 3, "t1": 7, "t2": 9}, {"b"}, (["a", "b"], "t1"), (["a", "b"], "t2"))
    with pytest.raises(RuntimeError, match="no solution"):
        intervals(pub)


def test_a_sum_that_would_make_a_count_negative_is_refused():
    pub = _published({"a": 9, "total": 7}, {"b"}, (["a", "b"], "total"))
    with pytest.raises(RuntimeError, match="no solution"):
        intervals(pub)


def test_a_count_counted_twice_must_be_even_to_exist():
    pub = _published({"total": 7}, {"b"}, (["b", "b"], "total"))
    with pytest.raises(RuntimeError, match="no solution"):
        intervals(pub)
