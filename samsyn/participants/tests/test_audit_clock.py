"""The audit's answer does not depend on the machine's load (issue 24).

Every limit that decides a check is solver work (simplex iterations, branch-and-bound nodes,
the showing-again pass's budget), so a machine fifty times as slow hides the same cells. The
wall-clock deadline is the safety net only: reached, the audit says it did not complete.
"""

import datetime as dt
import logging
import time
from types import SimpleNamespace

import pytest

from samsyn.associations.access import Scope
from samsyn.participants import reports, snapshots
from samsyn.participants.tests.attack import worlds
from samsyn.reports.services import published_kinds

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SLOWER = 50
DEADLINE = 3600.0


def _slow_clock(monkeypatch) -> None:
    """The audit's and its solver's clock runs SLOWER times as fast as the real one: every
    solve seems to take SLOWER times as long, as on a machine that busy."""
    real = time.monotonic
    started = real()
    clock = SimpleNamespace(monotonic=lambda: started + SLOWER * (real() - started))
    monkeypatch.setattr("samsyn.publication.audit.time", clock)
    monkeypatch.setattr("samsyn.publication.solver.time", clock)


def _bundle(world):
    kinds = published_kinds(world.association)
    periods = snapshots.covered(2022, kinds, dt.date(2022, 12, 31))
    bundle = reports.year_bundle(Scope.system(world.association), periods, kinds)
    return bundle, reports.initial_pattern(bundle, world.association.suppression_threshold)


def test_a_generated_year_hides_the_same_cells_when_the_clock_runs_fifty_times_as_fast(
        alfa, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2023, 2, 1))
    worlds.generate(alfa, seed=23, insatser=3, most=20, backdated=False)
    bundle, pattern = _bundle(alfa)
    threshold = alfa.association.suppression_threshold
    untidy = reports.audit(bundle.values, bundle.constraints, pattern, threshold,
                           unpublished=bundle.unpublished, totals=bundle.totals,
                           pairs=bundle.pairs, seconds=DEADLINE, tidy_work=0)
    # The safety net's deadline an hour of real time away in both runs: on a busy machine
    # (load 11 on two cores) this world's audit took 122 s of wall time for 21 s of CPU and
    # met the usual 120 s, which is the safety net's business, not this test's.
    monkeypatch.setattr(reports, "AUDIT_SECONDS", DEADLINE)
    real = reports.audit_bundle(bundle, pattern, threshold)
    monkeypatch.setattr(reports, "AUDIT_SECONDS", DEADLINE * SLOWER)
    _slow_clock(monkeypatch)
    slow = reports.audit_bundle(bundle, pattern, threshold)
    assert real.complete and slow.complete
    assert slow.hidden == real.hidden
    # The showing-again pass ran in both (what a wall-clock budget for it cut short).
    assert len(real.hidden) < len(untidy.hidden)


def test_the_deadline_reached_is_logged_and_the_audit_says_it_did_not_complete(
        alfa, monkeypatch, caplog):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2023, 2, 1))
    worlds.generate(alfa, seed=23, insatser=3, most=20, backdated=False)
    bundle, pattern = _bundle(alfa)
    monkeypatch.setattr(reports, "AUDIT_SECONDS", 0.0)
    with caplog.at_level(logging.WARNING, logger="samsyn.publication.audit"):
        checked = reports.audit_bundle(bundle, pattern, alfa.association.suppression_threshold)
    assert not checked.complete
    assert checked.hidden > pattern
    assert any("out of time" in r.getMessage() for r in caplog.records)
