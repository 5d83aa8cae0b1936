"""A förbund that publishes half-years, then tertials, then half-years again within one year
(issue 24): the board's views of every setting together narrow no small count.

Besides the cells printed, the attacker counts what the two settings' nested periods give
together and no table prints: May–June (the first half less January–April), July–August
(January–August less the first half) and September–December (the year less January–August),
each a count of its own, protected like any small count.
"""

import datetime as dt

import pytest

from samsyn.participants import snapshots
from samsyn.participants.tests.attack import cells, worlds
from samsyn.participants.tests.truth import attacked, narrowed_in

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


# Counts that add up over time: every cell but the active and unique participants.
def _adds_up(k) -> bool:
    return k[0] in ("g", "o") or (k[0] == "m" and k[3] not in ("active", "unique"))


def _with_stretches(pub: cells.Published, truth: dict, year: int = 2022) -> None:
    """May–June, July–August and September–December as cells never printed, with May–June +
    July–August = the second tertial and July–August + September–December = the second half."""
    def at(k, period):
        return (k[0], period, *k[2:])

    y, h1, h2 = str(year), f"{year}H1", f"{year}H2"
    t1, t2, t12 = f"{year}T1", f"{year}T2", f"{year}T1-2"
    for k in {k for k in set(pub.known) | pub.hidden if k[1] == t12 and _adds_up(k)}:
        stretches = {}
        for name, part, whole in (("MJ", at(k, t1), at(k, h1)), ("JA", at(k, h1), at(k, t12)),
                                  ("SD", at(k, t12), at(k, y))):
            if pub.has(part) and pub.has(whole) and part in truth and whole in truth:
                cell = ("stretch", name, k[0], *k[2:])
                pub.hidden.add(cell)
                pub.equations.append({part: 1, cell: 1, whole: -1})
                truth[cell] = truth[whole] - truth[part]
                stretches[name] = cell
        for a, b, whole in (("MJ", "JA", at(k, t2)), ("JA", "SD", at(k, h2))):
            if a in stretches and b in stretches and pub.has(whole):
                pub.equations.append({stretches[a]: 1, stretches[b]: 1, whole: -1})


def test_a_setting_changed_and_changed_back_narrows_no_small_count(alfa, monkeypatch):
    _today(monkeypatch, dt.date(2022, 11, 20))
    made = worlds.generate(alfa, seed=63, insatser=3, most=12, backdated=False)
    slugs = sorted(m.slug for m in made)
    views, exact = [], []

    def read(periods):
        v, e = attacked(alfa, "board", slugs, periods)
        views.extend(v)
        exact.extend(e)

    read(["2022H1"])
    alfa.association.published_periods = "tertial"
    alfa.association.save()
    read(["2022T1", "2022T2", "2022T1-2"])
    alfa.association.published_periods = "half"
    alfa.association.save()
    _today(monkeypatch, dt.date(2023, 1, 10))
    read(["2022", "2022H1", "2022H2"])
    assert {s.setting for s in snapshots.PublishedSnapshot.objects.all()} >= {
        "5:half", "5:tertial"}
    pub = cells.published(views)
    assert not pub.conflicts, pub.conflicts[:5]
    truth = pub.truth(cells.published(exact).known)
    _with_stretches(pub, truth)
    assert any(k[0] == "stretch" for k in pub.hidden)
    assert narrowed_in(pub, truth, T) == []
    # The year and its second half were published, not withheld whole.
    assert any(k[0] == "m" and k[1] in ("2022", "2022H2") and v > 0
               for k, v in pub.known.items())
